"""Atom feed of new and updated events and measurements, for readers who follow the registry.

A feed is a public document: it shows what the public may see, whoever fetches it.

Each entry is dated by when it entered the registry (record time), so a value entered today
about 2020 is news today; the fact's own date (valid time) is in the entry's text.
"""

from django.contrib.syndication.views import Feed
from django.db.models import DateTimeField, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from initiatives.localized import format_number
from initiatives.models import Event, Measurement
from initiatives.visibility import PUBLIC

ITEMS = 30


def entered(measurements):
    """Annotate `entered`: when each value entered the registry, by its history; a value loaded
    with its record (a fixture keeps no history) entered with the initiative."""
    added = Measurement.history.filter(id=OuterRef("pk"), history_type="+")
    return measurements.annotate(
        entered=Coalesce(
            Subquery(added.order_by("-history_date").values("history_date")[:1]),
            F("indicator__initiative__created_at"),
            output_field=DateTimeField(),
        )
    )


class UpdatesFeed(Feed):
    feed_type = Atom1Feed
    title = _("LSG reform registry: events and measurements")
    subtitle = _("New and updated events, and new values of initiatives' indicators.")

    def link(self):
        return reverse("initiatives:home")

    def items(self):
        events = Event.objects.for_list(PUBLIC).order_by("-updated_at")
        # The latest entered: ids grow as rows are added.
        measurements = entered(
            PUBLIC.visible(Measurement)
            .select_related("indicator__initiative", "source")
            .order_by("-pk")
        )
        entries = [*events[:ITEMS], *measurements[:ITEMS]]
        entries.sort(key=self.item_updateddate, reverse=True)
        return entries[:ITEMS]

    def item_title(self, item):
        if isinstance(item, Measurement):
            indicator = item.indicator
            return f"{indicator.initiative}: {indicator.name} — {format_number(item.value)}"
        return str(item)

    def item_description(self, item):
        if isinstance(item, Measurement):
            return f"{item.as_of.display()}: «{item.quote}» — {item.source}"
        when = item.start.display() if item.start else ""
        return f"{item.get_kind_display()}, {item.get_status_display()} {when}".strip()

    def item_link(self, item):
        if isinstance(item, Measurement):
            initiative = item.indicator.initiative
            return f"{initiative.get_absolute_url()}#indicator-{item.indicator.slug}"
        return item.get_absolute_url()

    def item_guid(self, item):
        # Stable across edits, unlike the link of a measurement, whose anchor may be renamed.
        kind = "measurement" if isinstance(item, Measurement) else "event"
        return f"{kind}:{'/'.join(str(part) for part in item.natural_key())}"

    item_guid_is_permalink = False

    def item_updateddate(self, item):
        return item.entered if isinstance(item, Measurement) else item.updated_at

    def item_pubdate(self, item):
        return item.entered if isinstance(item, Measurement) else item.created_at
