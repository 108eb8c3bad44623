"""How far an indicator has got: the latest measurement against the target.

Progress is always derived, never typed in, so the admin list, the admin form and the public
page can never disagree: they all read `Indicator.progress`, which returns a `Progress`.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.template.loader import render_to_string

from initiatives import clock
from initiatives.localized import format_number, format_percent


def render_progress(indicator):
    """The progress bar with its figures, as staff and the public see it."""
    return render_to_string(
        "initiatives/includes/progress.html",
        {"progress": indicator.progress, "unit": indicator.unit},
    )


@dataclass(frozen=True)
class Progress:
    value: Decimal | None
    as_of: object  # PartialDate of the latest measurement; a roll-up's DateRange (rollup.py)
    target: Decimal | None
    baseline: Decimal | None
    ascending: bool = True
    target_date: object = None  # PartialDate by which the target is to be reached

    @property
    def overdue(self):
        """The target date has passed and no value the reader may see reached the target."""
        return (
            self.target_date is not None
            and self.target is not None
            and self.target_date.last_day() < clock.today()
            and not self.reached
        )

    @property
    def share(self):
        """Share of the way from baseline to target, 0..1 (None when it cannot be known).

        An ascending indicator with no baseline counts from zero ("8 of 484"); a descending
        one needs its baseline, since "down to 10" says nothing without a starting point.
        """
        if self.value is None or self.target is None:
            return None
        start = self.baseline
        if start is None:
            if not self.ascending:
                return None
            start = Decimal(0)
        span = self.target - start
        if span == 0:
            return 1.0 if self.value == self.target else 0.0
        done = (self.value - start) / span
        return float(min(max(done, Decimal(0)), Decimal(1)))

    @property
    def percent(self):
        """Rounded percent for display: 8 of 484 is 2 %."""
        share = self.share
        return None if share is None else round(share * 100)

    @property
    def percent_text(self):
        return format_percent(self.percent)

    @property
    def value_text(self):
        return format_number(self.value)

    @property
    def target_text(self):
        return format_number(self.target)

    @property
    def reached(self):
        share = self.share
        return share is not None and share >= 1
