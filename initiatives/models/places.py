"""Territories (the administrative tree of Kyrgyzstan) and topics."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from initiatives.constraints import FieldCheckConstraint, not_self
from initiatives.models.base import (
    RECORD_STATEMENTS,
    Record,
    RecordManager,
    RecordQuerySet,
    RegistryStatementsField,
    TreeNode,
    columns_of,
    parent_link,
    registry_statements_known,
    without_known,
)
from initiatives.models.sources import Citation
from initiatives.partial_dates import chronological
from initiatives.prefetches import Relation


class TerritoryQuerySet(RecordQuerySet):
    page_sections = (
        Relation("children"),
        Relation("initiatives"),
        Relation("events", order=(chronological("-start"), "slug")),
    )


class TopicQuerySet(RecordQuerySet):
    page_sections = (
        Relation("initiatives"),
        Relation("events", order=(chronological("-start"), "slug")),
    )


TERRITORY_STATED_FIELDS = ("kind", "parent", "iso_code")
TERRITORY_STATEMENT_COLUMNS = columns_of(RECORD_STATEMENTS, TERRITORY_STATED_FIELDS)


class Territory(TreeNode, Record):
    class Kind(models.TextChoices):
        COUNTRY = "country", _("Country")
        OBLAST = "oblast", _("Oblast")
        CITY_OF_REPUBLICAN_SIGNIFICANCE = "republican_city", _("City of republican significance")
        DISTRICT = "district", _("District")
        CITY = "city", _("City")
        AIYL_AIMAK = "aiyl_aimak", _("Aiyl aimak")
        VILLAGE = "village", _("Village")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = parent_link(_("part of"))
    iso_code = models.CharField(
        _("ISO 3166 code"),
        max_length=6,
        blank=True,
        help_text=_("KG for the country, KG-X or KG-XX (ISO 3166-2:KG) for oblasts and cities."),
    )

    # A code or a placement no source states is the registry's own statement.
    registry_statements = RegistryStatementsField(
        texts=RECORD_STATEMENTS, fields=TERRITORY_STATED_FIELDS
    )

    history = HistoricalRecords()
    objects = RecordManager.from_queryset(TerritoryQuerySet)()

    class Meta(Record.Meta):
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        constraints = [
            *without_known(Record.Meta.constraints, "registry_statements"),
            registry_statements_known(texts=RECORD_STATEMENTS, fields=TERRITORY_STATED_FIELDS),
            not_self("parent"),
            models.UniqueConstraint(
                fields=["iso_code"],
                condition=~Q(iso_code=""),
                name="%(app_label)s_%(class)s_unique_iso_code",
                violation_error_code="unique",  # reported on the field, not the form
                violation_error_message=_("Another territory has this ISO code."),
            ),
            FieldCheckConstraint(
                field="iso_code",
                condition=Q(iso_code="") | Q(iso_code__regex=r"^KG(-[A-Z]{1,2})?\Z"),
                name="%(app_label)s_%(class)s_iso_code_format",
                violation_error_message=_("Use KG, or KG- and one or two capital letters."),
            ),
        ]


class Topic(Record):
    """A theme: the forum's twelve, digitalisation, budgeting, ..."""

    history = HistoricalRecords()
    objects = RecordManager.from_queryset(TopicQuerySet)()

    class Meta(Record.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")


class TerritoryCitation(Citation):
    record = models.ForeignKey(
        Territory, verbose_name=_("record"), on_delete=models.CASCADE, related_name="citations"
    )

    class Meta(Citation.Meta):
        verbose_name = _("citation of a territory")
        verbose_name_plural = _("citations of territories")


class TopicCitation(Citation):
    record = models.ForeignKey(
        Topic, verbose_name=_("record"), on_delete=models.CASCADE, related_name="citations"
    )

    class Meta(Citation.Meta):
        verbose_name = _("citation of a topic")
        verbose_name_plural = _("citations of topics")
