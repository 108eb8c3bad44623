"""Today's date, from one place: what "in the future" means for a fact, what has passed, and
what tests freeze."""

from django.db.models import Q
from django.utils import timezone


def today():
    """The date in the registry's time zone."""
    return timezone.localdate()


def passed(field):
    """Q: the partial date in `field` is over: its last day is before today. "2026-12" and
    "2026" are not over on 2 December 2026; an empty date never is. (ISO text sorts as dates.)"""
    iso = today().isoformat()
    not_over = Q(**{f"{field}__gte": iso}) | Q(**{field: iso[:7]}) | Q(**{field: iso[:4]})
    return Q(**{f"{field}__isnull": False}) & ~not_over


def years_ago(years):
    """Today's date that many years back, as ISO text to compare partial dates with."""
    day = today()
    return f"{day.year - years:04d}{day.isoformat()[4:]}"
