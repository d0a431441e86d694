"""Search with bounded work: one request cannot make the database scan the catalogue thousands of times.

DRF's SearchFilter turns every word of `?search=` into one `ILIKE '%word%'` per search field, all
AND-ed: 1,900 words on 20,000 products took 17 s and held a worker the whole time. `BusquedaAcotada`
(the default filter backend, so every view with `search_fields` uses it) refuses a search longer than
`MAX_CARACTERES`, with more than `MAX_TERMINOS` words or a word longer than `MAX_LONGITUD_TERMINO`,
with a 400 before any query runs; repeated words are searched once. What a bounded search still
costs is capped by PostgreSQL's statement_timeout (DB_STATEMENT_TIMEOUT_MS, backend/settings.py).
"""

from rest_framework import serializers
from rest_framework.filters import SearchFilter, search_smart_split


class BusquedaAcotada(SearchFilter):
    MAX_CARACTERES = 200
    MAX_TERMINOS = 10
    MAX_LONGITUD_TERMINO = 50

    search_description = (
        f"Palabras a buscar (todas deben aparecer): hasta {MAX_TERMINOS} palabras de hasta "
        f"{MAX_LONGITUD_TERMINO} caracteres, {MAX_CARACTERES} caracteres en total."
    )

    def get_search_terms(self, request):
        valor = request.query_params.get(self.search_param, "")
        if "\x00" in valor:
            self._rechazar("La búsqueda no puede contener caracteres nulos.")
        if len(valor) > self.MAX_CARACTERES:
            self._rechazar(f"La búsqueda admite como máximo {self.MAX_CARACTERES} caracteres.")
        terminos = search_smart_split(valor)
        if len(terminos) > self.MAX_TERMINOS:
            self._rechazar(f"La búsqueda admite como máximo {self.MAX_TERMINOS} palabras.")
        if any(len(termino) > self.MAX_LONGITUD_TERMINO for termino in terminos):
            self._rechazar(f"Cada palabra de la búsqueda admite como máximo {self.MAX_LONGITUD_TERMINO} caracteres.")
        # "a A a" finds what "a" finds (the lookups ignore case): one condition per distinct word.
        distintos = {}
        for termino in terminos:
            distintos.setdefault(termino.lower(), termino)
        return list(distintos.values())

    def _rechazar(self, mensaje: str):
        raise serializers.ValidationError({self.search_param: [mensaje]})
