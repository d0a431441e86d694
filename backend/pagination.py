"""Page-number pagination with a client-chosen page size, capped as API.md says."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination


class _Paginador(Paginator):
    """Django's paginator, taking its exact `count` from the view when the view can give it cheaper."""

    def __init__(self, *args, contar=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._contar = contar

    @cached_property
    def count(self):
        if self._contar is not None:
            return self._contar(self.object_list)
        return super().count


class Paginacion(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    invalid_page_message = "Página no válida."

    def paginate_queryset(self, queryset, request, view=None):
        # A view may offer `contar_pagina(request, queryset)` -> a callable giving the same exact count,
        # cheaper (e.g. cached), or None to count normally.
        contar = getattr(view, "contar_pagina", None)
        contar = contar(request, queryset) if contar else None
        self.django_paginator_class = lambda *a, **kw: _Paginador(*a, contar=contar, **kw)
        return super().paginate_queryset(queryset, request, view)

    def get_page_size(self, request):
        valor = request.query_params.get(self.page_size_query_param)
        if valor is None:
            return self.page_size
        try:
            tamanio = int(valor)
        except ValueError:
            tamanio = 0
        if tamanio < 1:
            raise ValidationError({"page_size": ["Debe ser un entero mayor que cero."]})
        return min(tamanio, self.max_page_size)
