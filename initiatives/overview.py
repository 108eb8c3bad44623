"""The registry at a glance, as the home page shows it: how many initiatives (by status),
events and organizations, the newest status report, and which few records head its lists.

Each of these reads every row of a table (a count, by status or not; the first under way of
thousands), so its cost grows with the registry. They are worked out once per
registry version and reader (initiatives/caching.py); a page then reads only the few records
it lists, by primary key. The planned events also depend on today's date, which moves without
the registry changing: they are kept per day as well.
"""

from django.db.models import Count

from initiatives import clock, models
from initiatives.caching import per_version
from initiatives.models.choices import ActivityStatus
from initiatives.partial_dates import chronological, parse_date

# The home page is a summary: each of its lists links to the full, filtered list.
LIST_LENGTH = 10
EVENTS_SHOWN = 5


def figures(reader, request=None):
    """{"by_status": {status or None: count}, "events": n, "organizations": n,
    "latest_report": ISO text or None, "in_progress": [pk], "recent_events": [pk]}."""
    return per_version(f"overview:{reader.name}", lambda: build_figures(reader), request)


def upcoming_event_ids(reader, request=None):
    """The first planned events whose date has not passed, as of today."""
    today = clock.today().isoformat()
    return per_version(
        f"overview:upcoming:{reader.name}:{today}",
        lambda: list(
            events(reader)
            .reported(models.Event.Status.PLANNED)
            .not_passed()
            .order_by(chronological("start"), "pk")
            .values_list("pk", flat=True)[:EVENTS_SHOWN]
        ),
        request,
    )


def events(reader):
    return models.Event.objects.visible_to(reader).annotate_status(reader)


def build_figures(reader):
    initiatives = models.Initiative.objects.visible_to(reader).annotate_status(reader)
    by_status = initiatives.order_by().values_list("reported_status").annotate(n=Count("pk"))
    latest = latest_report(reader)
    return {
        "by_status": dict(by_status),
        "events": models.Event.objects.visible_to(reader).count(),
        "organizations": models.Organization.objects.visible_to(reader).count(),
        "latest_report": latest.isoformat() if latest else None,
        "in_progress": list(
            initiatives.reported(ActivityStatus.IMPLEMENTATION)
            .by_progress()
            .values_list("pk", flat=True)[:LIST_LENGTH]
        ),
        "recent_events": list(
            events(reader)
            .reported(models.Event.Status.HELD)
            .order_by(chronological("-start"), "pk")
            .values_list("pk", flat=True)[:EVENTS_SHOWN]
        ),
    }


def latest_report(reader):
    """The date of the newest status report the reader may see: how recent the registry is."""
    dates = [
        model.objects.reports(reader)
        .exclude(as_of=None)
        .order_by(chronological("-as_of"))
        .values_list("as_of", flat=True)
        .first()
        for model in (models.Initiative, models.DonorProject, models.Event)
    ]
    return max((date for date in dates if date is not None), default=None)


def statuses(by_status):
    """(status, label, count) for each status some initiative has, in the choices' order."""
    return [
        (status, label, by_status[status])
        for status, label in ActivityStatus.choices
        if status in by_status
    ]


def in_order(queryset, pks):
    """The records of `queryset` with these primary keys, in the order of `pks`."""
    records = {record.pk: record for record in queryset.filter(pk__in=pks)}
    return [records[pk] for pk in pks if pk in records]


def as_date(text):
    return parse_date(text) if text else None
