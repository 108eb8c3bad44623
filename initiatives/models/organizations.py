"""Organizations, their names over time and their lineage through reorganisations."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from initiatives.constraints import FieldCheckConstraint, date_order, not_self
from initiatives.models.base import (
    CitedFact,
    OwnedRowManager,
    Record,
    RecordManager,
    RecordQuerySet,
    RegistryStatementsField,
    TreeNode,
    citation_complete,
    columns_of,
    key_fields_via,
    parent_link,
    registry_statements_known,
    translated_char,
    translated_text,
    without_known,
)
from initiatives.models.remarks import STATEMENTS_SECTION
from initiatives.models.sources import Citation
from initiatives.partial_dates import PartialDateField, chronological
from initiatives.prefetches import Relation


class OrganizationQuerySet(RecordQuerySet):
    details = (*RecordQuerySet.details, Relation("other_names", ("source",)))
    page_sections = (
        Relation("successions", ("successor", "source")),
        Relation("precessions", ("predecessor", "source")),
        Relation("children"),
        Relation(
            "positions",
            ("person", "source"),
            order=(chronological("-start"), chronological("-in_office_on"), "pk"),
        ),
        Relation("initiativeparticipation_set", ("initiative", "source"), order=("-pk",)),
        Relation("donorprojectparticipation_set", ("donor_project", "source"), order=("-pk",)),
        Relation("eventparticipation_set", ("event", "source"), order=("-event__start", "pk")),
        Relation("documents", order=("-issued_on", "slug")),
        STATEMENTS_SECTION,
    )


ORGANIZATION_STATEMENTS = ("name", "acronym")
ORGANIZATION_STATED_FIELDS = ("kind", "country", "parent", "website")
ORGANIZATION_STATEMENT_COLUMNS = columns_of(ORGANIZATION_STATEMENTS, ORGANIZATION_STATED_FIELDS)


class Organization(TreeNode, Record):
    class Kind(models.TextChoices):
        STATE_BODY = "state_body", _("State body")
        STATE_ENTERPRISE = "state_enterprise", _("State enterprise")
        LSG_BODY = "lsg_body", _("Local self-government body")
        LSG_ASSOCIATION = "lsg_association", _("Association of local self-governments")
        DONOR = "donor", _("Donor")
        NGO = "ngo", _("NGO / implementer")
        ACADEMY = "academy", _("Academy / research institute")
        INTERNATIONAL = "international", _("International body")
        MEDIA = "media", _("Media")
        OTHER = "other", _("Other")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    acronym = translated_char(_("acronym"), max_length=40)
    country = CountryField(_("country"), blank=True)
    parent = parent_link(_("parent organization"))
    website = models.URLField(_("website"), blank=True)
    # An acronym, a parent or a name no article gives (DPI's «ИПР», a ministry under the
    # Government) is the registry's own statement.
    registry_statements = RegistryStatementsField(
        texts=ORGANIZATION_STATEMENTS, fields=ORGANIZATION_STATED_FIELDS
    )

    history = HistoricalRecords()
    objects = RecordManager.from_queryset(OrganizationQuerySet)()

    class Meta(Record.Meta):
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            *without_known(Record.Meta.constraints, "registry_statements"),
            registry_statements_known(
                texts=ORGANIZATION_STATEMENTS, fields=ORGANIZATION_STATED_FIELDS
            ),
            not_self("parent"),
        ]


class OrganizationName(CitedFact):
    """Another name an organization had or has: a former official name, a short form."""

    class Kind(models.TextChoices):
        FORMER = "former", _("Former official name")
        SHORT = "short", _("Short name")
        OTHER = "other", _("Other name")

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="other_names",
    )
    owner_field = "organization"

    slug = models.SlugField(_("slug"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.FORMER)
    name = translated_char(_("name"))
    acronym = translated_char(_("acronym"), max_length=40)
    valid_from = PartialDateField(_("used from"))
    valid_to = PartialDateField(_("used until"))

    objects = OwnedRowManager()

    class Meta:
        verbose_name = _("other name")
        verbose_name_plural = _("other names")
        ordering = ["organization", "valid_from", "slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "slug"], name="%(app_label)s_%(class)s_unique_slug"
            ),
            date_order("valid_from", "valid_to"),
            citation_complete(),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (*self.organization.natural_key(), self.slug)

    @classmethod
    def natural_key_fields(cls):
        return (*key_fields_via("organization", Organization), "slug")

    natural_key.dependencies = ["initiatives.organization"]


class SuccessionManager(models.Manager):
    def get_by_natural_key(self, predecessor_slug, successor_slug):
        return self.get(predecessor__slug=predecessor_slug, successor__slug=successor_slug)


class OrganizationSuccession(CitedFact):
    """The successor took over from the predecessor: renamed, reorganised, merged or split."""

    subject_path = "successor"

    class Kind(models.TextChoices):
        RENAMED = "renamed", _("Renamed")
        REORGANISED = "reorganised", _("Reorganised")
        MERGED = "merged", _("Merged into")
        SPLIT = "split", _("Split off")

    predecessor = models.ForeignKey(
        Organization,
        verbose_name=_("predecessor"),
        on_delete=models.CASCADE,
        related_name="successions",
    )
    successor = models.ForeignKey(
        Organization,
        verbose_name=_("successor"),
        on_delete=models.CASCADE,
        related_name="precessions",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    date = PartialDateField(_("date"))
    note = translated_text(_("note"))

    objects = SuccessionManager()

    class Meta:
        verbose_name = _("succession")
        verbose_name_plural = _("successions")
        ordering = ["date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="%(app_label)s_%(class)s_unique_pair"
            ),
            FieldCheckConstraint(
                field="successor",
                condition=~models.Q(predecessor=models.F("successor")),
                name="%(app_label)s_%(class)s_not_self",
                violation_error_message=_("An organization cannot succeed itself."),
            ),
            citation_complete(),
        ]

    def __str__(self):
        return f"{self.predecessor} → {self.successor}"

    def natural_key(self):
        return (self.predecessor.slug, self.successor.slug)

    @classmethod
    def natural_key_fields(cls):
        return ("predecessor__slug", "successor__slug")

    natural_key.dependencies = ["initiatives.organization"]


class OrganizationCitation(Citation):
    record = models.ForeignKey(
        Organization, verbose_name=_("record"), on_delete=models.CASCADE, related_name="citations"
    )

    class Meta(Citation.Meta):
        verbose_name = _("citation of an organization")
        verbose_name_plural = _("citations of organizations")
