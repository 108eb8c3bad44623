"""Atom feed of new and updated events and measurements, for readers who follow the registry.

A feed is a public document: it shows what the public may see, whoever fetches it.

Each entry is dated by when it entered the registry (record time), so a value entered today
about 2020 is news today; the fact's own date (valid time) is in the entry's text. Its `updated`
is when it last changed there.

Ids are `tag:` URIs (RFC 4151) under settings.FEED_TAG_AUTHORITY, not the address the feed was
fetched at: a reader keeps its entries when the site moves or is reached by another name.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import DateTimeField, F, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from initiatives import prefetches
from initiatives.localized import format_number
from initiatives.models import Event, EventStatusReport, Measurement
from initiatives.templatetags.registry import shown_language
from initiatives.visibility import PUBLIC

ITEMS = 30

# The date in every tag: the year the registry took the authority name for its ids. It never
# changes, or every id would (RFC 4151 ties a name to whoever held it on that date).
TAG_DATE = "2026"


def tag(specific):
    return f"tag:{settings.FEED_TAG_AUTHORITY},{TAG_DATE}:{specific}"


def latest(history):
    return Subquery(history.order_by("-history_date").values("history_date")[:1])


def entered(measurements):
    """Annotate `entered`: when each value entered the registry, by its history, and `changed`:
    when it was last added, edited or corrected. A value loaded with its record (a fixture keeps
    no history) entered with the initiative and has not changed since."""
    history = Measurement.history.filter(id=OuterRef("pk"))
    return measurements.annotate(
        entered=Coalesce(
            latest(history.filter(history_type="+")),
            F("indicator__initiative__created_at"),
            output_field=DateTimeField(),
        ),
        changed=Coalesce(latest(history), F("entered"), output_field=DateTimeField()),
    )


def changed(events):
    """Annotate `changed`: when the event's entry last changed, its record or the status
    reports its text shows (saved, edited or removed on their own, not with the event)."""
    reports = EventStatusReport.history.filter(event_id=OuterRef("pk"))
    return events.annotate(
        changed=Greatest(
            "updated_at",
            Coalesce(latest(reports), "updated_at", output_field=DateTimeField()),
        )
    )


def last_changed(events):
    """The ITEMS events of `events` whose entries changed last, newest first.

    An entry's change is the later of its record's update and its status reports' last
    change, so the ITEMS last changed are among the ITEMS last updated and the ITEMS whose
    reports changed last: two reads down an index (updated_at, history_date), where sorting
    every event by the later of the two would read the whole table."""
    by_record = list(events.order_by("-updated_at").values_list("pk", flat=True)[:ITEMS])
    candidates = {*by_record, *last_reported(events)}
    return changed(events.filter(pk__in=candidates)).order_by("-changed")[:ITEMS]


def last_reported(events, chunk=4 * ITEMS):
    """The ITEMS events of `events` whose status reports changed last: their history's newest
    rows, a chunk at a time, until ITEMS events are named (an event may have many rows)."""
    rows = (
        EventStatusReport.history.filter(event_id__in=events.values("pk"))
        .order_by("-history_date", "-history_id")
        .values_list("event_id", flat=True)
    )
    found = {}
    start = 0
    while len(found) < ITEMS:
        page = list(rows[start : start + chunk])
        found.update(dict.fromkeys(page))
        if len(page) < chunk:
            break
        start += chunk
    return list(found)[:ITEMS]


class LanguageMarkedAtom(Atom1Feed):
    """Atom with `xml:lang` on an entry whose texts are in another language than the feed's."""

    def item_attributes(self, item):
        attributes = super().item_attributes(item)
        if item.get("language"):
            attributes["xml:lang"] = item["language"]
        return attributes


class UpdatesFeed(Feed):
    feed_type = LanguageMarkedAtom
    title = _("LSG reform registry: events and measurements")
    subtitle = _("New and updated events, and new values of initiatives' indicators.")
    # RFC 4287 wants an author on each entry of a feed that names none: the registry, which
    # writes the entries (the organisations the sources name are in the entries' pages).
    item_author_name = _("LSG reform registry")

    def link(self):
        return reverse("initiatives:home")

    def feed_guid(self):
        # One feed per language, each its own document.
        return tag(f"feed/{get_language()}")

    def items(self):
        events = last_changed(Event.objects.for_list(PUBLIC))
        # The latest entered: ids grow as rows are added.
        measurements = entered(
            prefetches.rows(PUBLIC, Measurement, "indicator__initiative", "source").order_by("-pk")
        )
        entries = [*events, *measurements[:ITEMS]]
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
        return tag(f"{kind}/{'/'.join(str(part) for part in item.natural_key())}")

    item_guid_is_permalink = False

    def item_updateddate(self, item):
        return item.changed

    def item_extra_kwargs(self, item):
        """The language of the entry's title where a name falls back to another language.
        A title mixing two languages keeps the feed's: Atom marks a whole text, not a part."""
        if isinstance(item, Measurement):
            named = [(item.indicator.initiative, "name"), (item.indicator, "name")]
        else:
            named = [(item, "name")]
        languages = {shown_language(record, field) for record, field in named}
        if len(languages) == 1 and languages != {get_language()}:
            return {"language": languages.pop()}
        return {}

    def item_pubdate(self, item):
        return item.entered if isinstance(item, Measurement) else item.created_at
