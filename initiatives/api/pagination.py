"""Paging through API lists: by page number, or by cursor for reading at any depth.

`?page=2` and `?page_size=` (1 to 200; any other is a 400) suit a reader; a deep page number
costs the database a growing OFFSET. `?cursor=` (empty to start) pages in slug order by
position instead, so the thousandth page costs what the first does: follow each answer's
`next` until it is null.
"""

import hashlib

from django.core.paginator import Paginator
from django.utils.functional import cached_property
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination, PageNumberPagination

from initiatives.caching import per_version

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


def checked_page_size(pagination, request):
    """DRF quietly ignores a page size it cannot read, and cuts one too large down to the
    maximum; a re-user should hear about either, as the schema says."""
    value = request.query_params.get(pagination.page_size_query_param)
    if value is not None and not (value.isdigit() and 1 <= int(value) <= MAX_PAGE_SIZE):
        raise ValidationError(
            {pagination.page_size_query_param: [f"A whole number from 1 to {MAX_PAGE_SIZE}."]}
        )


class CountedOncePerVersion(Paginator):
    """Django's paginator, with its rows counted once per registry version.

    A list's `count` is exact, as re-users expect of it, and the same on every page, in every
    page size and format: a re-user reading the 10,000 values of one initiative page by page
    would otherwise have them all counted for each page."""

    def __init__(self, object_list, per_page, request=None):
        super().__init__(object_list, per_page)
        self.request = request

    @cached_property
    def count(self):
        rows = self.object_list.order_by()
        sql, params = rows.query.sql_with_params()
        digest = hashlib.sha256(repr((sql, params)).encode()).hexdigest()
        return per_version(f"api-count:{digest}", rows.count, self.request)


class Cursor(CursorPagination):
    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    ordering = ("slug",)

    def get_page_size(self, request):
        checked_page_size(self, request)
        return super().get_page_size(request)

    def decode_cursor(self, request):
        if not request.query_params.get(self.cursor_query_param):
            return None  # `?cursor=` starts from the beginning
        return super().decode_cursor(request)


class Pagination(PageNumberPagination):
    """Page numbers by default; a cursor when the request names one (`?cursor=`)."""

    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    cursor_query_param = "cursor"

    def django_paginator_class(self, object_list, per_page):
        return CountedOncePerVersion(object_list, per_page, request=self.request)

    def paginate_queryset(self, queryset, request, view=None):
        self.cursor = None
        if self.cursor_query_param in request.query_params:
            if request.query_params.get(self.page_query_param):
                # A cursor pages by position: a page number beside it would be ignored.
                raise ValidationError({self.page_query_param: ["Page by number or by cursor."]})
            self.cursor = Cursor()
            self.cursor.ordering = getattr(view, "cursor_ordering", Cursor.ordering)
            return self.cursor.paginate_queryset(queryset, request, view)
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        if self.cursor is not None:
            return self.cursor.get_paginated_response(data)
        return super().get_paginated_response(data)

    def get_page_size(self, request):
        checked_page_size(self, request)
        return super().get_page_size(request)

    def get_schema_operation_parameters(self, view):
        cursor = {
            "name": self.cursor_query_param,
            "required": False,
            "in": "query",
            "description": (
                "Page by position instead of number: empty to start, then follow `next`. "
                "Every page costs the same however deep; `count` is left out."
            ),
            "schema": {"type": "string"},
            "allowEmptyValue": True,
        }
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                # What checked_page_size and max_page_size hold a request to.
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
            if parameter["name"] == self.page_query_param:
                parameter["allowEmptyValue"] = True  # `?page=` is the first page
                parameter["schema"].update(minimum=1)  # page 0 is a 404, as a page past the last
        return [*parameters, cursor]

    def get_paginated_response_schema(self, schema):
        paged = super().get_paginated_response_schema(schema)
        paged["required"] = ["results"]  # a cursor page has no count
        return paged
