"""Pages of a list that cost about the same however deep they are.

A page is an OFFSET: the database sorts the rows before it and skips them. With every column of
every row in the sort (and its joins), a deep page of a national registry spills to disk: page
2,400 of the initiatives sorted 50,000 whole rows (150 ms at scale 10). A deep page is therefore
read in two steps, a "deferred join": the keys of its rows, sorting only what the order needs,
then those rows in full, with their joins and prefetches (45 ms). Shallow pages, which most
readers see, keep the single query (and their pinned query counts).
"""

from django.core.paginator import Paginator
from django.db.models import QuerySet

# Rows skipped before a page is read keys first: below this, the second query costs more than
# the wider sort saves.
DEEP = 1000


class KeysFirstPaginator(Paginator):
    def page(self, number):
        page = super().page(number)
        if is_deep(page.object_list):
            page.object_list = read_by_keys(self.object_list, page.object_list)
        return page


def is_deep(rows):
    return (
        isinstance(rows, QuerySet)
        and rows.query.low_mark >= DEEP
        and rows.query.combinator is None  # a UNION cannot be filtered by key
    )


def read_by_keys(whole, page_rows):
    """The rows of `page_rows` (a slice of `whole`), in its order: their keys first, then
    the rows themselves from `whole`, unsliced."""
    keys = list(page_rows.values_list("pk", flat=True))
    found = {row.pk: row for row in whole.filter(pk__in=keys)}
    return [found[key] for key in keys]
