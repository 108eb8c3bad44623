"""Status as a dated, cited fact: what an article said of an initiative, a donor project or an
event, as of a date. A record's status is its latest report's, as the reader may see it
(initiatives/visibility.py), always shown with its date and source; where no source gives one,
the record has none.
"""

from django.apps import apps
from django.db import models
from django.db.models import F, OuterRef, Prefetch, Subquery
from django.utils.translation import gettext_lazy as _

from initiatives.models.base import CitedFact, not_blank
from initiatives.models.choices import ActivityStatus
from initiatives.partial_dates import PartialDateField, chronological
from initiatives.prefetches import joined


class StatusReportManager(models.Manager):
    def get_by_natural_key(self, owner_slug, source_slug, status):
        return self.get(
            **{f"{self.model.owner_field}__slug": owner_slug},
            source__slug=source_slug,
            status=status,
        )


class StatusReport(CitedFact):
    """One source's word on the owner's status; the concrete class names `owner_field`."""

    owner_field = None

    as_of = PartialDateField(
        _("as of"),
        help_text=_(
            "When the source says the status held, usually its date: 2020, 2020-02 or "
            "2020-02-25. Empty when the source gives no date."
        ),
    )
    # A status report always cites its source.
    source = models.ForeignKey(
        "initiatives.Source", verbose_name=_("source"), on_delete=models.PROTECT
    )
    quote = models.CharField(
        _("quote"),
        max_length=1000,
        help_text=_("The sentence of the source that states the status."),
    )

    objects = StatusReportManager()

    class Meta:
        abstract = True
        # The latest first: an undated report after every dated one.
        ordering = [chronological("-as_of", nulls_last=True), "-id"]
        # The home page's newest report of each kind (overview.latest_report), in time (a set
        # by its first date), without reading the whole table.
        indexes = [models.Index(chronological("-as_of"), name="%(class)s_as_of")]
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")

    def __str__(self):
        return f"{self.get_status_display()} ({self.as_of or '—'})"

    def natural_key(self):
        return (getattr(self, self.owner_field).slug, self.source.slug, self.status)

    @classmethod
    def natural_key_fields(cls):
        return (f"{cls.owner_field}__slug", "source__slug", "status")

    natural_key.dependencies = ["initiatives.source"]


def report_constraints(owner_field):
    return [
        models.UniqueConstraint(
            fields=[owner_field, "source", "status"],
            name="%(app_label)s_%(class)s_one_per_source",
            violation_error_message=_("This source already reports this status here."),
        ),
        not_blank("quote"),
    ]


class InitiativeStatusReport(StatusReport):
    owner_field = "initiative"

    initiative = models.ForeignKey(
        "initiatives.Initiative",
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="status_reports",
    )
    status = models.CharField(_("status"), max_length=20, choices=ActivityStatus.choices)

    class Meta(StatusReport.Meta):
        constraints = report_constraints("initiative")

    natural_key = StatusReport.natural_key
    natural_key.dependencies = ["initiatives.initiative", "initiatives.source"]


class DonorProjectStatusReport(StatusReport):
    owner_field = "donor_project"

    donor_project = models.ForeignKey(
        "initiatives.DonorProject",
        verbose_name=_("donor project"),
        on_delete=models.CASCADE,
        related_name="status_reports",
    )
    status = models.CharField(_("status"), max_length=20, choices=ActivityStatus.choices)

    class Meta(StatusReport.Meta):
        constraints = report_constraints("donor_project")


class EventStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", _("Cancelled")


class EventStatusReport(StatusReport):
    owner_field = "event"

    event = models.ForeignKey(
        "initiatives.Event",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="status_reports",
    )
    status = models.CharField(_("status"), max_length=10, choices=EventStatus.choices)

    class Meta(StatusReport.Meta):
        constraints = report_constraints("event")


class PublicStatus(models.Model):
    """The status the public reads for a record, kept: its latest report the public may see
    (ReportedStatusQuerySet.computed_status), so that a public list filters, counts and sorts
    by status down an index instead of finding every record's latest report
    (initiatives/public_status.py keeps it up to date). Derived, not registry data: never
    edited, exported or imported; a record no published report gives a status has no row."""

    registry_data = False

    status = models.CharField(_("status"), max_length=20, db_index=True)
    as_of = PartialDateField(_("as of"))

    class Meta:
        abstract = True
        default_permissions = ()  # written by the registry itself, never by staff

    def __str__(self):
        return f"{self.status} ({self.as_of or '—'})"


def kept_for(owner):
    """The one-to-one link of a kept status to its record, which it is deleted with."""
    return models.OneToOneField(
        owner, on_delete=models.CASCADE, primary_key=True, related_name="public_status"
    )


class InitiativePublicStatus(PublicStatus):
    initiative = kept_for("initiatives.Initiative")


class DonorProjectPublicStatus(PublicStatus):
    donor_project = kept_for("initiatives.DonorProject")


class EventPublicStatus(PublicStatus):
    event = kept_for("initiatives.Event")


def status_rows(label):
    """A page section's records of `label` (e.g. "initiatives.Event") with their status."""

    def rows(reader, page):
        return apps.get_model(label).objects.visible_to(reader).with_status(reader)

    return rows


def latest_first(queryset):
    return queryset.order_by(chronological("-as_of", nulls_last=True), "-id")


class ReportedStatusQuerySet(models.QuerySet):
    """Records with a status: each read with its latest report the reader may see (one query
    more), and `reported_status` to filter and count by in SQL."""

    def reports(self, reader):
        return reader.visible(self.model._meta.get_field("status_reports").related_model)

    def latest_report(self, reader):
        """The reports of the record in the outer query that `reader` may see, the latest
        first: the record's status is the first's (here and in initiatives/rollup.py)."""
        owner = self.model._meta.get_field("status_reports").field.name
        return latest_first(self.reports(reader).filter(**{owner: OuterRef("pk")}))

    def computed_status(self, reader):
        """`reported_status` and `reported_as_of`: the latest report's that `reader` may see,
        found in SQL for each record."""
        latest = self.latest_report(reader)
        return self.annotate(
            reported_status=Subquery(latest.values("status")[:1]),
            reported_as_of=Subquery(latest.values("as_of")[:1]),
        )

    def annotate_status(self, reader):
        """`reported_status` and `reported_as_of`, to filter, count and sort by: for the public
        the kept status (PublicStatus, one join), for staff, who see draft reports, computed."""
        if reader.sees_drafts:
            return self.computed_status(reader)
        return self.annotate(
            reported_status=F("public_status__status"),
            reported_as_of=F("public_status__as_of"),
        )

    def with_status(self, reader):
        """`reported_status`, and the latest report with its source to show."""
        shown = latest_first(joined(self.reports(reader), "source"))[:1]
        return self.annotate_status(reader).prefetch_related(
            Prefetch("status_reports", queryset=shown, to_attr="latest_reports")
        )

    def for_list(self, reader):
        return super().for_list(reader).with_status(reader)

    def for_detail(self, reader):
        return super().for_detail(reader).with_status(reader)

    def for_page(self, reader):
        return super().for_page(reader).with_status(reader)

    def unreported(self):
        """Records no report (the reader may see) gives a status (needs `with_status`)."""
        return self.filter(reported_status__isnull=True)

    def reported_before(self, date_text):
        """Records whose latest report is as of before `date_text` (ISO, partial or whole)."""
        return self.filter(reported_as_of__lt=date_text)

    def reported(self, status):
        """Records whose latest report says `status` (needs `with_status`)."""
        return self.filter(reported_status=status)


class StatusNotRead(Exception):
    pass


class ReportedStatus(models.Model):
    """A record whose status comes from its reports (models above)."""

    class Meta:
        abstract = True

    @property
    def status_report(self):
        """The latest report the reader may see, or None."""
        try:
            return next(iter(self.latest_reports), None)
        except AttributeError:
            # Read without a reader, a report on a draft source could show: refuse.
            raise StatusNotRead(
                f"The status of {self._meta.label} {self.pk} was not read: read the record "
                "through with_status(reader) (or for_list/for_detail/for_page)."
            ) from None

    @property
    def status(self):
        report = self.status_report
        return report.status if report else ""

    def get_status_display(self):
        report = self.status_report
        return report.get_status_display() if report else ""
