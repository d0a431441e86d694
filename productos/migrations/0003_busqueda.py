"""Catalogue search that forgives accents and typos (issue 14.3), PostgreSQL only.

- `productos_normalizar(text)`: lower case without accents, IMMUTABLE so it can be indexed
  (`unaccent()` itself is only STABLE: its dictionary could change). Schema-qualified calls, so
  the index does not depend on the search_path.
- Text search configuration `productos_es`: Spanish stemming after unaccent.
- Two GIN expression indexes on products: the weighted tsvector (name A, description B) and the
  trigrams of the normalised "name description" (substring LIKE and word similarity).

The SQL of both expressions must stay identical to productos/filters.py (VECTOR_SQL, TEXTO_SQL):
productos/tests/test_busqueda.py checks that the planner uses these indexes. On SQLite every step
is a no-op (productos/apps.py registers a Python `productos_normalizar` instead).
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

CREAR = """
CREATE OR REPLACE FUNCTION productos_normalizar(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT {esquema}.unaccent('{esquema}.unaccent'::regdictionary, lower($1)) $$;
DROP TEXT SEARCH CONFIGURATION IF EXISTS productos_es;
CREATE TEXT SEARCH CONFIGURATION productos_es (COPY = pg_catalog.spanish);
ALTER TEXT SEARCH CONFIGURATION productos_es
    ALTER MAPPING FOR hword, hword_part, word WITH {esquema}.unaccent, spanish_stem;
CREATE INDEX producto_busqueda_fts_idx ON productos_producto USING gin ((
    setweight(to_tsvector('productos_es'::regconfig, nombre), 'A')
    || setweight(to_tsvector('productos_es'::regconfig, descripcion), 'B')
));
CREATE INDEX producto_busqueda_trgm_idx ON productos_producto
    USING gin ((productos_normalizar(nombre || ' ' || descripcion)) gin_trgm_ops);
"""

BORRAR = """
DROP INDEX IF EXISTS producto_busqueda_trgm_idx;
DROP INDEX IF EXISTS producto_busqueda_fts_idx;
DROP TEXT SEARCH CONFIGURATION IF EXISTS productos_es;
DROP FUNCTION IF EXISTS productos_normalizar(text);
"""


def crear(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
            "WHERE e.extname = 'unaccent'"
        )
        (esquema,) = cursor.fetchone()
        cursor.execute(CREAR.format(esquema=schema_editor.quote_name(esquema)))


def borrar(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(BORRAR)


class Migration(migrations.Migration):
    dependencies = [
        ("productos", "0002_imagenproducto"),
    ]

    operations = [
        # Both are trusted extensions (PostgreSQL 13+): the database owner may create them.
        UnaccentExtension(),
        TrigramExtension(),
        migrations.RunPython(crear, borrar),
    ]
