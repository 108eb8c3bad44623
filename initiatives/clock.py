"""Today's date, from one place: what "in the future" means for a fact, what has passed, and
what tests freeze."""

from django.db.models import Q
from django.utils import timezone


def today():
    """The date in the registry's time zone."""
    return timezone.localdate()


def passed(field):
    """Q: the partial date in `field` is over: the last day of its latest reading is before
    today, as PartialDate.last_day() says in Python. "2026-12" and "2026" are not over on
    2 December 2026, nor is "2025/2027"; "[2019-11-23,2020-11-23]" is; an empty date never is.
    (ISO text sorts as dates.)"""
    iso = today().isoformat()
    latest = f"{field}__latest"
    not_over = Q(**{f"{latest}__gte": iso}) | Q(**{latest: iso[:7]}) | Q(**{latest: iso[:4]})
    return Q(**{f"{field}__isnull": False}) & ~not_over


def years_ago(years):
    """Today's date that many years back, as ISO text to compare partial dates with."""
    day = today()
    return f"{day.year - years:04d}{day.isoformat()[4:]}"
