"""Territories (the administrative tree of Kyrgyzstan) and topics."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext
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
# KG for the country, KG-X or KG-XX for an oblast or a city of republican significance.
ISO_CODE_PATTERN = r"^KG(-[A-Z]{1,2})?\Z"
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
                condition=Q(iso_code="") | Q(iso_code__regex=ISO_CODE_PATTERN),
                name="%(app_label)s_%(class)s_iso_code_format",
                violation_error_message=_("Use KG, or KG- and one or two capital letters."),
            ),
        ]

    def clean(self):
        super().clean()
        # The parent's kind is another row's: no database constraint can state this rule.
        # `parent` may be a territory not yet saved (a line of a bulk add, territory_bulk.py).
        if self.kind and self.parent is not None:
            message = placement_error(self.kind, self.parent.kind)
            if message:
                raise ValidationError({"parent": message}, code="placement")
        if self.kind and getattr(self, "stored_kind", None) not in (None, self.kind):
            self.check_children_fit()

    @classmethod
    def from_db(cls, db, field_names, values):
        record = super().from_db(db, field_names, values)
        # The kind as stored, to see a change of kind (a record read with its kind deferred
        # has none here, nor has one built by an import, which checks the whole file).
        record.stored_kind = record.__dict__.get("kind")
        return record

    def check_children_fit(self):
        """A kind changed under territories already within it must still hold them."""
        kinds = set(self.children.values_list("kind", flat=True).distinct())
        for child_kind in sorted(kinds):
            if placement_error(child_kind, self.kind):
                raise ValidationError(
                    {
                        "kind": gettext(
                            "Territories of the kind “%(child)s” lie within this one, and "
                            "they cannot lie within a territory of the kind “%(kind)s”."
                        )
                        % {"child": kind_label(child_kind), "kind": kind_label(self.kind)}
                    },
                    code="placement",
                )


Kind = Territory.Kind

# Where each kind of territory lies: the kinds its parent may have. The one rule, asked by
# Territory.clean() (the admin form, the API, the importer) and by the bulk add
# (initiatives/territory_bulk.py), and shown on the bulk add's form. A country is the root.
# A territory may also have no parent yet (placed later); a country must have none.
PARENT_KINDS = {
    Kind.COUNTRY: (),
    Kind.OBLAST: (Kind.COUNTRY,),
    Kind.CITY_OF_REPUBLICAN_SIGNIFICANCE: (Kind.COUNTRY,),
    # Also the districts of a city of republican significance (Bishkek's).
    Kind.DISTRICT: (Kind.OBLAST, Kind.CITY_OF_REPUBLICAN_SIGNIFICANCE),
    # A city of oblast or of district significance.
    Kind.CITY: (Kind.OBLAST, Kind.DISTRICT),
    Kind.AIYL_AIMAK: (Kind.DISTRICT,),
    Kind.VILLAGE: (
        Kind.AIYL_AIMAK,
        Kind.CITY,
        Kind.DISTRICT,
        Kind.CITY_OF_REPUBLICAN_SIGNIFICANCE,
    ),
}

# The top of the tree, where the public list of territories starts.
TOP_KINDS = (Kind.COUNTRY, Kind.OBLAST, Kind.CITY_OF_REPUBLICAN_SIGNIFICANCE)


def kind_label(kind):
    return Kind(kind).label


def quoted_kinds(kinds):
    """«Район» или «Город республиканского значения»: kinds named in quotes, so that no case
    ending is needed inside a sentence."""
    quoted = [pgettext("quoted kind", "“%(kind)s”") % {"kind": kind_label(k)} for k in kinds]
    if len(quoted) == 1:
        return quoted[0]
    # Translators: the last two of a list of alternatives, "A or B".
    return gettext("%(list)s or %(last)s") % {"list": ", ".join(quoted[:-1]), "last": quoted[-1]}


def placement_error(kind, parent_kind):
    """Why a territory of `kind` cannot lie within one of `parent_kind`, or None if it can."""
    allowed = PARENT_KINDS.get(kind, ())
    if parent_kind in allowed:
        return None
    if not allowed:
        return gettext("A country lies within no other territory.")
    return gettext(
        "A territory of the kind “%(kind)s” lies within a territory of the kind %(allowed)s, "
        "not “%(parent)s”."
    ) % {
        "kind": kind_label(kind),
        "allowed": quoted_kinds(allowed),
        "parent": kind_label(parent_kind),
    }


def placements():
    """Each kind with where it may lie, for the bulk add's form: [(kind label, text)]."""
    return [
        (kind.label, quoted_kinds(parents) if parents else gettext("the root: within nothing"))
        for kind, parents in PARENT_KINDS.items()
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
