"""A parent initiative's roll-up: its parts' progress combined where they count the same thing,
and how many of its parts have which status. The public page, the admin's change form and the
API's initiative all show `rollup_of(initiative)`, so they cannot disagree.

- **What counts.** Only what the public may see, whoever reads (initiatives/visibility.py,
  PUBLIC): published parts, and values and status reports whose sources are published. A draft
  part never counts, for staff either: the parent shows one roll-up to everyone. The parts are
  the initiatives directly under the parent (its children); a part's own parts are its roll-up.
- **What adds up.** A part's progress is its indicators' (Indicator.progress: the latest value
  against the target). Indicators are added up only when they count the same thing the same
  way: the same unit in every language it is written in, the same direction (higher or lower is
  better), and whole things (villages, people). A share, a rate or an average does not add up
  (40 % and 50 % are not 90 %), and the registry knows a count only by "counts whole things";
  so such indicators, when several share a unit, are counted but not summed. Values are added
  to values and targets to targets; a percent is given only when every indicator added has both
  (one without a value yet is not a zero). Unlike units are never summed: each has its own row.
- **As of when.** Each value is as of its own date, so a sum is as of the oldest to the newest
  of them, never as of the newest alone; a status count likewise, by its reports' dates.
- **Bounded.** Two queries whatever the number of parts (a third counts the units when there
  are more than SHOWN of them, of which the first SHOWN are shown); none when the read model
  annotated `published_parts` (`published_parts()`) and it is 0.
"""

from dataclasses import dataclass, replace
from decimal import Decimal

from django.db.models import CharField, Count, F, Max, Min, Subquery, Sum, Value
from django.db.models.functions import Concat, NullIf
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from initiatives.localized import format_number
from initiatives.models import Indicator, Initiative
from initiatives.models.base import LANGUAGE_CODES, translated
from initiatives.models.initiatives import latest_measurement
from initiatives.overview import statuses
from initiatives.partial_dates import Earliest, parse_date
from initiatives.prefetches import SHOWN, count_of
from initiatives.progress import Progress
from initiatives.visibility import PUBLIC

# What makes indicators alike enough to add up (see the module's rules).
ALIKE = (*translated("unit"), "ascending", "counts_whole_things")


def published_parts():
    """How many parts of the initiative in the outer query the public may see: an annotation
    (no query of its own) that spares `rollup_of` its queries for an initiative without any."""
    return count_of(PUBLIC, Initiative, "children")


@dataclass(frozen=True)
class DateRange:
    """The dates of the facts combined: the oldest and the newest (the same when one)."""

    oldest: object
    newest: object

    @classmethod
    def from_keys(cls, oldest, newest):
        """From two `date_key` values (None when no fact has a date)."""
        if oldest is None:
            return None
        return cls(*(parse_date(key.split(" ", 1)[1]) for key in (oldest, newest)))

    def display(self):
        if self.oldest == self.newest:
            return _("as of %(date)s") % {"date": self.oldest.display()}
        return _("as of dates from %(oldest)s to %(newest)s") % {
            "oldest": self.oldest.display_governed(),
            "newest": self.newest.display(),
        }


def date_key(field):
    """A date as text that orders by time and keeps the date: its earliest reading, a space
    (before "-", so 2020 sorts before 2020-02 as in Python), then the date as stored. Min and
    Max of it give the oldest and the newest date, an open date ("[2019-11-23,2020-11-23]")
    by its earliest reading, as partial_dates.DateValue orders them. None for no date (Concat
    would read it as empty text)."""
    key = Concat(Earliest(F(field)), Value(" "), F(field), output_field=CharField())
    return NullIf(key, Value(" "))


@dataclass(frozen=True)
class UnitRow:
    """The parts' indicators that count in one unit, one way: their latest values and targets
    added up where they add up."""

    unit_ru: str
    unit_ky: str
    unit_en: str
    ascending: bool
    counts_whole_things: bool
    indicators: int
    parts: int
    measured: int
    targeted: int
    baselines: int
    value: Decimal | None
    target: Decimal | None
    baseline: Decimal | None
    dates: DateRange | None

    @property
    def unit(self):
        """In the reader's language, else the first written (as translated fields read)."""
        language = translation.get_language()
        for code in (language, *LANGUAGE_CODES):
            text = getattr(self, f"unit_{code}", "")
            if text:
                return text
        return ""

    @property
    def added_up(self):
        """Whether the values add up: counts of whole things, or one indicator alone."""
        return self.counts_whole_things or self.indicators == 1

    @property
    def unmeasured(self):
        return self.indicators - self.measured

    @property
    def untargeted(self):
        return self.indicators - self.targeted

    @property
    def percent(self):
        progress = self.progress
        return None if progress is None else progress.percent

    @property
    def progress(self):
        """The sums against each other, as one indicator's progress reads (initiatives/
        progress.py), when every indicator added has a value and a target; None otherwise.
        Missing baselines count from zero going up; going down, every one is needed."""
        if not self.added_up or self.unmeasured or self.untargeted:
            return None
        baseline = self.baseline
        if not self.ascending and self.baselines < self.indicators:
            baseline = None
        return Progress(
            value=self.value,
            as_of=self.dates,
            target=self.target,
            baseline=baseline,
            ascending=self.ascending,
        )


@dataclass(frozen=True)
class StatusRow:
    """How many parts have one status (None: no source gives theirs), and as of when."""

    status: str | None
    label: str
    parts: int
    dates: DateRange | None


@dataclass(frozen=True)
class Rollup:
    initiative: Initiative
    parts: int
    statuses: list
    units: list  # the first SHOWN
    units_total: int

    @property
    def more(self):
        return self.units_total > len(self.units)

    @property
    def units_total_text(self):
        return format_number(self.units_total)


def rollup_of(initiative):
    """The roll-up of `initiative`'s published parts, or None when it has none."""
    if getattr(initiative, "published_parts", None) == 0:
        return None
    status_rows = status_summary(initiative)
    parts = sum(row.parts for row in status_rows)
    if not parts:
        return None
    units = unit_groups(initiative)
    shown = [unit_row(group) for group in units[:SHOWN]]
    total = units.count() if len(shown) == SHOWN else len(shown)
    return Rollup(initiative, parts, status_rows, shown, total)


def parts_of(initiative):
    return Initiative.objects.visible_to(PUBLIC).filter(parent=initiative)


def status_summary(initiative):
    """Each status the parts have (their latest report's, as the public may see it), in the
    order of the choices, then the parts no source gives a status: one query."""
    latest = Initiative.objects.latest_report(PUBLIC)
    rows = (
        parts_of(initiative)
        .annotate(
            part_status=Subquery(latest.values("status")[:1]),
            part_status_key=Subquery(latest.values(key=date_key("as_of"))[:1]),
        )
        .order_by()
        .values("part_status")
        .annotate(parts=Count("pk"), oldest=Min("part_status_key"), newest=Max("part_status_key"))
    )
    found = {row["part_status"]: row for row in rows}
    # In the order and with the labels of the home page's count by status.
    ordered = statuses({status: row["parts"] for status, row in found.items()})
    if None in found:
        ordered.append((None, _("no source gives the status"), found[None]["parts"]))
    return [
        StatusRow(
            status,
            label,
            parts,
            DateRange.from_keys(found[status]["oldest"], found[status]["newest"]),
        )
        for status, label, parts in ordered
    ]


def unit_groups(initiative):
    """The parts' indicators grouped by what makes them alike, the most widely counted first,
    with their latest values and targets summed in SQL: a lazy QuerySet of dicts."""
    latest = latest_measurement(PUBLIC)
    return (
        Indicator.objects.for_list(PUBLIC)
        .filter(initiative__in=parts_of(initiative))
        .annotate(latest_key=Subquery(latest.values(key=date_key("as_of"))[:1]))
        .order_by()
        .values(*ALIKE)
        .annotate(
            indicators=Count("pk"),
            parts=Count("initiative", distinct=True),
            measured=Count("latest_value"),
            targeted=Count("target_value"),
            baselines=Count("baseline_value"),
            value=Sum("latest_value"),
            target=Sum("target_value"),
            baseline=Sum("baseline_value"),
            oldest=Min("latest_key"),
            newest=Max("latest_key"),
        )
        .order_by("-parts", "-indicators", *ALIKE)
    )


def unit_row(group):
    """A group's row: a sum that does not add up is not given, nor a target some lack."""
    oldest, newest = group.pop("oldest"), group.pop("newest")
    row = UnitRow(**group, dates=DateRange.from_keys(oldest, newest))
    if not row.added_up:
        return replace(row, value=None, target=None, baseline=None)
    if row.untargeted:
        return replace(row, target=None)
    return row


def render_rollup(rollup):
    """The roll-up as staff and the public see it (nothing when there is none)."""
    if rollup is None:
        return ""
    return render_to_string("initiatives/includes/rollup.html", {"rollup": rollup})
