"""Pages of a list that cost about the same however long the list is and however deep the page.

Two costs grow with a list, and each is bounded here:

- **The count.** "1 021 инициатива" and "page 3 of 52" read every row that matches, on every
  request: a broad filter of a national registry reads tens of thousands. A list counts up to
  COUNT_UP_TO; past it, it says «более 1 000 инициатив» and pages on, without a last page
  number, for as long as there are rows (each page reads one row more than it shows, to know
  whether a next page exists).
- **The depth.** A page is an OFFSET: the database sorts the rows before it and skips them. With
  every column of every row in the sort (and its joins), a deep page spills to disk: page 2,400
  of the initiatives sorted 50,000 whole rows (150 ms at scale 10). A deep page is therefore
  read in two steps, a "deferred join": the keys of its rows, sorting only what the order needs,
  then those rows in full, with their joins and prefetches (45 ms). Shallow pages, which most
  readers see, keep the single query (and their pinned query counts). Still, the keys before
  the page are walked: a list of the whole registry therefore pages through the rows it counts
  and no further (FirstRowsPaginator), and the rest is a search, a filter or the reverse
  order away.
"""

from django.core.paginator import EmptyPage, Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

# Rows counted at most: below it a list gives its exact count and last page.
COUNT_UP_TO = 1000

# Rows skipped before a page is read keys first: below this, the second query costs more than
# the wider sort saves.
DEEP = 1000


class BoundedPaginator(Paginator):
    count_up_to = COUNT_UP_TO
    # Whether a reader can page on past the rows the list counts (FirstRowsPaginator cannot).
    pages_past_count = True

    @cached_property
    def last_reachable(self):
        """The number of the last page a reader can open, or None for no such limit."""
        if self.pages_past_count or not self.open_ended:
            return None
        return max(self.count_up_to // self.per_page, 1)

    @cached_property
    def count(self):
        """The rows, up to one more than `count_up_to`: the one more says the list goes on."""
        # Unordered: the order would make the database sort every match to count a thousand.
        return self.object_list.order_by()[: self.count_up_to + 1].count()

    @cached_property
    def open_ended(self):
        """Whether the list has more rows than it counts."""
        return self.count > self.count_up_to

    def validate_number(self, number):
        if self.open_ended and str(number).isdigit() and int(number) >= 1:
            if self.last_reachable is not None and int(number) > self.last_reachable:
                raise EmptyPage(self.error_messages["no_results"])
            # No last page to hold it to: a page past the last row is found empty when read.
            return int(number)
        return super().validate_number(number)

    def page(self, number):
        if self.open_ended:
            number = self.validate_number(number)
            bottom = (number - 1) * self.per_page
            page = OpenEndedPage(
                self.object_list[bottom : bottom + self.per_page + 1], number, self
            )
        else:
            page = super().page(number)
        if is_deep(page.object_list):
            page.object_list = read_by_keys(self.object_list, page.object_list)
        if isinstance(page, OpenEndedPage):
            page.read()
            if page.number == self.last_reachable and page.more:
                page.more, page.cut_short = False, True
        return page


class FirstRowsPaginator(BoundedPaginator):
    """For a list of the whole registry (initiatives, events, ...): pages through the rows it
    counts and no further. A page is an OFFSET, and however it is read the database walks
    every row before it: the 2,500th page of 50,000 initiatives cost 1.7 times the 25th of
    500. The last page says so (`cut_short`); the search, the filters and the reverse order
    reach the rest, and the API's cursor and the downloads hold every row."""

    pages_past_count = False


class OpenEndedPage(Page):
    """A page of a list longer than its count: it reads one row more than it shows, to know
    whether a next page exists, and is empty (a 404) past the last row."""

    # Whether the list goes on past this page but no further page may be opened.
    cut_short = False

    def read(self):
        rows = list(self.object_list)
        if not rows and self.number > 1:
            raise EmptyPage(self.paginator.error_messages["no_results"])
        self.object_list = rows[: self.paginator.per_page]
        self.more = len(rows) > self.paginator.per_page

    def has_next(self):
        return self.more

    def end_index(self):
        return self.start_index() + len(self.object_list) - 1


class KeptOrder:
    """A list whose order is worked out over every row however shallow the page (an
    initiative's member territories, each under the oblast found up its tree, by name): the
    keys in that order are kept per registry version (caching.per_version), and a page reads
    its rows by key. Every page then costs the same, and the count is the keys' (exact)."""

    def __init__(self, rows, name, request=None):
        # Imported here: the cache's version is a model, and the models import this module.
        from initiatives import caching

        self.rows = rows
        self.keys = caching.per_version(
            name, lambda: list(rows.values_list("pk", flat=True)), request
        )

    def __len__(self):
        return len(self.keys)

    def count(self):
        return len(self.keys)

    def __getitem__(self, page):
        """The rows of a slice of the list (a page), in order."""
        return in_key_order(self.rows, self.keys[page])


def is_deep(rows):
    return (
        isinstance(rows, QuerySet)
        and rows.query.low_mark >= DEEP
        and rows.query.combinator is None  # a UNION cannot be filtered by key
    )


def read_by_keys(whole, page_rows):
    """The rows of `page_rows` (a slice of `whole`), in its order: their keys first, then
    the rows themselves from `whole`, unsliced."""
    return in_key_order(whole, list(page_rows.values_list("pk", flat=True)))


def in_key_order(rows, keys):
    """The rows of `rows` with these keys, in the keys' order, read in one query."""
    found = {row.pk: row for row in rows.order_by().filter(pk__in=keys)}
    return [found[key] for key in keys if key in found]
