"""Catalogue filters: price range, stock, and a product search that forgives accents and typos.

`BusquedaCatalogo` (issue 14.3) keeps the bounds of backend.filters.BusquedaAcotada and, like it,
requires every word. A product matches a word when:

- on PostgreSQL: its name or description holds the word ignoring case and accents (a substring, as
  before), or a word with the same Spanish stem starts the same way (`cafeteras` finds `Cafetera`).
  A word of 4+ characters that is nowhere in the catalogue is taken as a typo: a product matches
  when one of its words is close enough (trigram `strict_word_similarity` >=
  pg_trgm.strict_word_similarity_threshold, 0.4 from settings: `labtop` finds `Laptop`). Two GIN
  indexes on stored generated columns (migrations 0003 and 0004) serve all of it; without
  `?ordering=` the results come by relevance (full-text rank, the name weighing more than the
  description, plus word similarity), then id.
- on SQLite: the name or description holds the word ignoring case and accents (a Python
  `productos_normalizar` registered on each connection, productos/apps.py), in id order.
"""

import re
import unicodedata

import django_filters
from django.db import connections
from django.db.models import BooleanField, FloatField
from django.db.models.expressions import RawSQL

from backend.filters import BusquedaAcotada
from productos.models import Producto

# Stored generated columns of productos_producto on PostgreSQL, GIN-indexed (migration 0004; not model
# fields). {t} is the table's name or alias.
VECTOR_SQL = '{t}."busqueda_vector"'
TEXTO_SQL = '{t}."busqueda_texto"'
TABLA = '"productos_producto"'
# SQLite has no such columns: the same normalised text, computed per row.
TEXTO_SQLITE = 'productos_normalizar("productos_producto"."nombre" || \' \' || "productos_producto"."descripcion")'
# Shorter words would find too many near-misses (and cost the trigram index the most).
MIN_LONGITUD_ERRATA = 4


def normalizar(texto: str | None) -> str | None:
    """Lower case without accents or other combining marks: `Café` -> `cafe` (SQLite's productos_normalizar)."""
    if texto is None:
        return None
    return "".join(c for c in unicodedata.normalize("NFKD", texto.lower()) if not unicodedata.combining(c))


def _patron_like(termino: str) -> str:
    """The term with LIKE's wildcards and escape character taken literally."""
    return termino.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _prefijo(termino: str) -> str:
    """A to_tsquery text for a term that is one word of letters and digits (`cafe` -> `cafe:*`), else ''.

    Terms with punctuation (`50%`, `o_m`) are left to the substring match: to_tsquery would split
    them into looser words. Only letters and digits reach to_tsquery, so no input can make it fail.
    """
    return f"{termino}:*" if re.fullmatch(r"[^\W_]+", termino) else ""


class BusquedaCatalogo(BusquedaAcotada):
    search_description = (
        f"Palabras a buscar (todas deben aparecer, sin importar mayúsculas ni acentos): hasta "
        f"{BusquedaAcotada.MAX_TERMINOS} palabras de hasta {BusquedaAcotada.MAX_LONGITUD_TERMINO} caracteres, "
        f"{BusquedaAcotada.MAX_CARACTERES} caracteres en total. En PostgreSQL también encuentra plurales y "
        f"erratas, y sin `ordering` ordena por relevancia."
    )

    # Every RawSQL below is built from the constant SQL of this module; the search terms only ever travel
    # as query parameters (%s).
    def filter_queryset(self, request, queryset, view):
        terminos = self.get_search_terms(request)
        if not terminos:
            return queryset
        if connections[queryset.db].vendor == "postgresql":
            return self._buscar_postgresql(queryset, terminos)
        for termino in terminos:
            patron = f"%{_patron_like(normalizar(termino))}%"
            queryset = queryset.filter(RawSQL(f"{TEXTO_SQLITE} LIKE %s ESCAPE '\\'", [patron], BooleanField()))  # noqa: S611
        return queryset

    def _buscar_postgresql(self, queryset, terminos):
        # A typo only for a word that, as written, is nowhere in the catalogue: `cafetera` must not also
        # bring `café` (as near as `laptop` is to `labtop`). One query asks it for every long word at once.
        largos = [t for t in terminos if len(t) >= MIN_LONGITUD_ERRATA]
        ausentes = set()
        if largos:
            pruebas = [_coincidencia_exacta(t, "otro") for t in largos]
            sql = ", ".join(f"EXISTS (SELECT 1 FROM {TABLA} otro WHERE {sql})" for sql, _ in pruebas)  # noqa: S608
            with connections[queryset.db].cursor() as cursor:
                cursor.execute(f"SELECT {sql}", [p for _, parametros in pruebas for p in parametros])
                ausentes = {t for t, existe in zip(largos, cursor.fetchone(), strict=True) if not existe}
        for termino in terminos:
            # The word as written: a substring without accents, or a word with the same stem and start.
            sql, parametros = _coincidencia_exacta(termino, TABLA)
            if termino in ausentes:
                sql, parametros = f"productos_normalizar(%s) <<%% {TEXTO_SQL.format(t=TABLA)}", [termino]
            queryset = queryset.filter(RawSQL(f"({sql})", parametros, BooleanField()))  # noqa: S611
        # Relevance: the full-text rank of any of the words (the name weighs more than the description),
        # plus how well the whole search matches a run of the text.
        palabras = " | ".join(p for p in map(_prefijo, terminos) if p)
        rango, parametros = "0", []
        if palabras:
            rango = f"10 * ts_rank({VECTOR_SQL.format(t=TABLA)}, to_tsquery('productos_es', %s))"
            parametros = [palabras]
        relevancia = RawSQL(  # noqa: S611
            f"({rango} + word_similarity(productos_normalizar(%s), {TEXTO_SQL.format(t=TABLA)}))",
            [*parametros, " ".join(terminos)],
            FloatField(),
        )
        return queryset.alias(relevancia=relevancia).order_by("-relevancia", "id")


def _coincidencia_exacta(termino: str, tabla: str) -> tuple[str, list[str]]:
    """SQL and parameters: the row of `tabla` holds the term without accents, or a word that starts like it."""
    sql = f"{TEXTO_SQL.format(t=tabla)} LIKE ('%%' || productos_normalizar(%s) || '%%')"
    parametros = [_patron_like(termino)]
    if prefijo := _prefijo(termino):
        sql += f" OR {VECTOR_SQL.format(t=tabla)} @@ to_tsquery('productos_es', %s)"
        parametros.append(prefijo)
    return sql, parametros


class ProductoFilter(django_filters.FilterSet):
    precio_min = django_filters.NumberFilter(field_name="precio", lookup_expr="gte")
    precio_max = django_filters.NumberFilter(field_name="precio", lookup_expr="lte")
    en_stock = django_filters.BooleanFilter(method="filtrar_en_stock")

    class Meta:
        model = Producto
        fields = ["categoria", "proveedor"]

    def filtrar_en_stock(self, queryset, name, value):
        return queryset.filter(stock__gt=0) if value else queryset.filter(stock=0)
