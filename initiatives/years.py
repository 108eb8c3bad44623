"""The years a list's year filter offers: those in which it finds something.

A year filter (`filter_year` in initiatives/filters.py) reads dates of two shapes: spans (an
initiative under way from its start to its end) and single dates (a measurement, a document
issued). Each FilterSet gives its dates as (first year, last year) pairs, read in one query
(a UNION of small DISTINCT sets), and `covered_years` turns them into the years to offer. The
list is built once per registry version (initiatives/caching.py), not once per page, and holds
at most YEARS_SHOWN years: the latest.
"""

from django.db.models import F, Q
from django.db.models.functions import Coalesce

from initiatives import clock
from initiatives.partial_dates import PartialDateLastYear, PartialDateYear

YEARS_SHOWN = 60


def year_of(field):
    """The earliest year a date may be in."""
    return PartialDateYear(F(field))


def beyond_first_year(start, end):
    """A span that runs past the year it starts in, or has no start: few of an occasion's rows
    (an event lasts days), so an index of them alone is small (the Event model's
    `event_beyond_first_year`), and a year filter finds the events under way in a year without
    reading every event since (`occurs_in` in initiatives/filters.py)."""
    return Q(**{f"{start}__isnull": True}) | Q(**{f"{end}__year__gt": year_of(start)})


def open_date(field):
    """A date the source leaves open (a set "[…]" or an interval "…/…"): few of a table's, so
    an index of them alone is small. A year filter (PartialDateYearLookup) reads the plain
    dates as a range of an index on the column, and these through this one."""
    return Q(**{f"{field}__gte": "["}) | Q(**{f"{field}__contains": "/"})


def last_year_of(field):
    """The latest year a date may be in: "[2019-11-23,2020-11-23]" may be 2020."""
    return PartialDateLastYear(F(field))


def spans(queryset, start, end):
    """(first, last) year of each row's span; None where the span is open at that end."""
    return (
        queryset.order_by()
        .annotate(first_year=year_of(start), last_year=last_year_of(end))
        .values_list("first_year", "last_year")
    )


def dates(queryset, field):
    """The year of a single date, as a span of one year."""
    return spans(queryset, field, field)


def occasions(queryset, start, end):
    """A span whose missing end means it ended the day it started (an event)."""
    return (
        queryset.order_by()
        .annotate(
            first_year=Coalesce(year_of(start), year_of(end)),
            last_year=Coalesce(last_year_of(end), last_year_of(start)),
        )
        .values_list("first_year", "last_year")
    )


def read_pairs(parts):
    """The distinct (first, last) pairs of all the parts, in one query."""
    first, *rest = (part.distinct() for part in parts)
    return list(first.union(*rest) if rest else first)


def covered_years(pairs):
    """Every year some pair covers, newest first, at most YEARS_SHOWN of them.

    An open end runs to the latest year known, or this year if that is later (under way
    still); an open start from the earliest year known. A pair open at both ends is no date.
    """
    pairs = [(first, last) for first, last in pairs if first is not None or last is not None]
    if not pairs:
        return []
    known = {year for pair in pairs for year in pair if year is not None}
    earliest, latest = min(known), max(known)
    if any(last is None for _first, last in pairs):
        latest = max(latest, clock.today().year)
    floor = latest - YEARS_SHOWN + 1
    years = set()
    for first, last in pairs:
        first = earliest if first is None else first
        last = latest if last is None else last
        years.update(range(max(first, floor), last + 1))
    return sorted(years, reverse=True)
