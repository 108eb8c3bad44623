"""Donor projects: who funds them, who implements them, their budget and IATI identifier."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from initiatives.constraints import FieldCheckConstraint, date_order, non_negative
from initiatives.models.base import Record, RecordManager, RecordQuerySet
from initiatives.models.choices import OrganisationRole
from initiatives.models.participation import Participation, participation_constraints
from initiatives.models.sources import Citation
from initiatives.models.status import ReportedStatus, ReportedStatusQuerySet, status_rows
from initiatives.partial_dates import PartialDateField, chronological
from initiatives.prefetches import Relation


class DonorProjectQuerySet(ReportedStatusQuerySet, RecordQuerySet):
    details = (
        *RecordQuerySet.details,
        Relation("status_reports", ("source",)),
        Relation("participations", ("organization", "source")),
    )
    page_sections = (
        Relation("initiatives"),
        Relation(
            "events", order=(chronological("-start"), "slug"), rows=status_rows("initiatives.Event")
        ),
    )


class DonorProject(ReportedStatus, Record):
    start = PartialDateField(_("start"))
    end = PartialDateField(_("end"))
    budget = models.DecimalField(
        _("budget"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(
        _("currency"), max_length=3, blank=True, help_text=_("ISO 4217 code, e.g. CHF, USD, KGS.")
    )
    iati_identifier = models.CharField(
        _("IATI identifier"),
        max_length=150,
        blank=True,
        help_text=_("The activity's identifier in the IATI registry, if it is published there."),
    )
    organizations = models.ManyToManyField(
        "initiatives.Organization",
        through="DonorProjectParticipation",
        related_name="donor_projects",
        verbose_name=_("organizations"),
        blank=True,
    )

    history = HistoricalRecords()
    objects = RecordManager.from_queryset(DonorProjectQuerySet)()

    class Meta(Record.Meta):
        verbose_name = _("donor project")
        verbose_name_plural = _("donor projects")
        constraints = [
            *Record.Meta.constraints,
            date_order("start", "end"),
            non_negative("budget"),
            FieldCheckConstraint(
                field="currency",
                condition=Q(currency="") | Q(currency__regex=r"^[A-Z]{3}\Z"),
                name="%(app_label)s_%(class)s_currency_format",
                violation_error_message=_("Use a three-letter ISO 4217 code, e.g. CHF."),
            ),
            FieldCheckConstraint(
                field="currency",
                condition=Q(budget__isnull=True) | ~Q(currency=""),
                name="%(app_label)s_%(class)s_budget_has_currency",
                violation_error_message=_("A budget needs its currency."),
            ),
            models.UniqueConstraint(
                fields=["iati_identifier"],
                condition=~Q(iati_identifier=""),
                name="%(app_label)s_%(class)s_unique_iati_identifier",
                violation_error_code="unique",  # reported on the field, not the form
                violation_error_message=_("Another donor project has this IATI identifier."),
            ),
        ]


class DonorProjectParticipation(Participation):
    owner_field = "donor_project"

    donor_project = models.ForeignKey(
        DonorProject,
        verbose_name=_("donor project"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    role = models.CharField(_("role"), max_length=20, choices=OrganisationRole.choices)

    class Meta(Participation.Meta):
        verbose_name = _("organization in a donor project")
        verbose_name_plural = _("organizations in donor projects")
        constraints = participation_constraints("donor_project")


class DonorProjectCitation(Citation):
    record = models.ForeignKey(
        DonorProject, verbose_name=_("record"), on_delete=models.CASCADE, related_name="citations"
    )

    class Meta(Citation.Meta):
        verbose_name = _("citation of a donor project")
        verbose_name_plural = _("citations of donor projects")
