"""Page-number pagination with a client-chosen page size, capped as API.md says."""

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination


class Paginacion(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    invalid_page_message = "Página no válida."

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
