"""Coverage as membership: which territories joined an initiative, when, and when they left.

`Initiative.territories` says where an initiative operates; a membership says when a place
joined a rollout (a pilot's eight айыл аймак, then the rest), with the sentence that says so.
The counts derived from memberships are initiatives/coverage.py's.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from initiatives.constraints import date_order
from initiatives.models.base import CitedFact, citation_complete, key_fields_via
from initiatives.models.initiatives import Initiative
from initiatives.models.places import Territory
from initiatives.partial_dates import PartialDateField, chronological


class TerritoryMembershipManager(models.Manager):
    def get_by_natural_key(self, initiative_slug, territory_slug, joined):
        return self.get(
            initiative__slug=initiative_slug, territory__slug=territory_slug, joined=joined
        )


class TerritoryMembership(CitedFact):
    """A territory's part in an initiative from the date it joined until it left (if it did).

    A period runs from `joined` up to, not including, `left`: a place that left on a date and
    joined again on it is counted once.
    """

    owner_field = "initiative"
    subject_path = "initiative"

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    territory = models.ForeignKey(
        Territory,
        verbose_name=_("territory"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    joined = PartialDateField(_("joined"), null=False, blank=False)
    left = PartialDateField(_("left"))

    objects = TerritoryMembershipManager()

    class Meta:
        verbose_name = _("territory in an initiative")
        verbose_name_plural = _("territories in initiatives")
        ordering = ["initiative", "territory", chronological("joined")]
        indexes = [models.Index(fields=["initiative", "joined"], name="membership_by_date")]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "territory", "joined"],
                name="%(app_label)s_%(class)s_unique_joined",
                violation_error_message=_(
                    "This territory already joined this initiative on this date."
                ),
            ),
            # Reported on the form as a whole: it concerns the pair, not one field.
            models.UniqueConstraint(
                fields=["initiative", "territory"],
                condition=Q(left__isnull=True),
                name="%(app_label)s_%(class)s_one_open",
                violation_error_message=_(
                    "This territory is already a member of this initiative with no date it "
                    "left: give that membership its date first."
                ),
            ),
            date_order("joined", "left"),
            citation_complete(),
        ]

    def __str__(self):
        return f"{self.initiative}: {self.territory} ({self.period()})"

    def natural_key(self):
        return (self.initiative.slug, self.territory.slug, self.joined.isoformat())

    @classmethod
    def natural_key_fields(cls):
        return (
            *key_fields_via("initiative", Initiative),
            *key_fields_via("territory", Territory),
            "joined",
        )

    natural_key.dependencies = ["initiatives.initiative", "initiatives.territory"]

    def period(self):
        """«март 2020 г. – 2021», «с марта 2020 г.»: the membership's dates in words."""
        if self.joined is None:
            return ""
        if self.left is None:
            return gettext("from %(start)s") % {"start": self.joined.display_governed()}
        return f"{self.joined.display()} – {self.left.display()}"

    def overlapping(self):
        """The same territory's other memberships of the same initiative whose periods share a
        date with this one's (compared by earliest readings, as the counts are)."""
        others = TerritoryMembership.objects.filter(
            initiative_id=self.initiative_id, territory_id=self.territory_id
        ).exclude(pk=self.pk)
        joined = self.joined.sort_key()[0]
        others = others.filter(Q(left__isnull=True) | Q(left__earliest__gt=joined))
        if self.left is not None:
            others = others.filter(joined__earliest__lt=self.left.sort_key()[0])
        return others.order_by(chronological("joined"))

    def clean(self):
        super().clean()
        if self.initiative_id is None or self.territory_id is None or self.joined is None:
            return
        if not all(hasattr(date, "sort_key") for date in (self.joined, self.left or self.joined)):
            return  # a date field that failed its own check (it holds the text it was given)
        # The same date joined is the unique_joined constraint's to report.
        other = self.overlapping().exclude(joined=self.joined).first()
        # Two open memberships are the one_open constraint's to report, in its own words.
        if other is not None and not (other.left is None and self.left is None):
            raise ValidationError(
                _(
                    "This territory is already a member of this initiative at that time "
                    "(%(period)s)."
                ),
                code="overlap",
                params={"period": other.period()},
            )
