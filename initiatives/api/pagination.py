from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """`?page=2`, and `?page_size=` up to 200 for re-users who take the data in bulk."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request):
        # DRF quietly ignores a page size it cannot read; a re-user should hear about it.
        value = request.query_params.get(self.page_size_query_param)
        if value is not None and not (value.isdigit() and int(value) > 0):
            raise ValidationError({self.page_size_query_param: ["A whole number from 1."]})
        return super().get_page_size(request)
