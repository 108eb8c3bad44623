"""Today's date, from one place: what "in the future" means for a fact, and what tests freeze."""

from django.utils import timezone


def today():
    """The date in the registry's time zone."""
    return timezone.localdate()
