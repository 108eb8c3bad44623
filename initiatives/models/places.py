"""Territories (the administrative tree of Kyrgyzstan) and topics."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Count, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from initiatives.constraints import FieldCheckConstraint, not_self
from initiatives.localized import join_or
from initiatives.models.base import (
    RECORD_STATEMENTS,
    Record,
    RecordManager,
    RecordQuerySet,
    RegistryStatementsField,
    TreeNode,
    columns_of,
    name_in_language,
    parent_link,
    registry_statements_known,
    without_known,
)
from initiatives.models.sources import Citation
from initiatives.partial_dates import chronological
from initiatives.prefetches import Relation


def children_rows(reader, page):
    """The territories within one, as its page lists them: by name, each with what lies within
    it in turn."""
    return (
        Territory.objects.visible_to(reader)
        .with_children_by_kind(reader)
        .order_by(name_in_language(), "slug")
    )


class TerritoryQuerySet(RecordQuerySet):
    page_sections = (
        Relation("children", rows=children_rows),
        Relation("initiatives"),
        Relation("events", order=(chronological("-start"), "slug")),
    )

    def for_page(self, reader):
        # The territories it lies within, up to the root, in the page's own query (its trail).
        return (
            super()
            .for_page(reader)
            .with_children_by_kind(reader)
            .select_related("__".join(["parent"] * ANCESTORS_READ))
        )

    def with_children_by_kind(self, reader):
        """How many territories of each kind lie directly within each, as the reader sees them:
        a subquery per kind (`children_<kind>`), so a list's rows cost no query of their own."""
        return self.annotate(
            **{f"children_{kind}": children_of_kind(reader, kind) for kind in Territory.Kind}
        )

    def at_top(self):
        """The top of the tree: the country, its oblasts and cities of republican significance."""
        return self.filter(kind__in=TOP_KINDS)

    def in_tree_order(self):
        """The country first, then oblasts, then cities of republican significance..., each
        kind by name."""
        rank = Case(
            *(When(kind=kind, then=Value(number)) for number, kind in enumerate(Territory.Kind))
        )
        return self.order_by(rank, name_in_language(), "slug")


def children_of_kind(reader, kind):
    """How many territories of `kind` the reader may see lie directly within the outer row."""
    counted = (
        reader.visible(Territory)
        .filter(parent=OuterRef("pk"), kind=kind)
        .order_by()
        .values("parent")
        .annotate(rows=Count("pk"))
        .values("rows")
    )
    return Coalesce(Subquery(counted), 0)


class ChildrenNotCounted(AttributeError):
    """A territory's parts asked of a record read without counting them."""


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
        errors = {}
        if self.kind not in Kind.values:
            return  # no kind, or one that is no choice: its field says so
        # A record as its own parent is the constraint's to name (not_self), not a wrong kind.
        if self.parent is not None and (self.pk is None or self.parent_id != self.pk):
            message = placement_error(self.kind, self.parent.kind)
            if message:
                errors["parent"] = message
        if getattr(self, "stored_kind", None) not in (None, self.kind):
            message = self.children_misfit()
            if message:
                errors["kind"] = message
        if errors:
            raise ValidationError(errors, code="placement")

    def children_misfit(self):
        """Why territories already within it could no longer be, after a change of its kind."""
        kinds = set(self.children.values_list("kind", flat=True).distinct())
        for child_kind in sorted(kinds):
            if placement_error(child_kind, self.kind):
                return gettext(
                    "Territories of the kind “%(child)s” lie within this one, and "
                    "they cannot lie within a territory of the kind “%(kind)s”."
                ) % {"child": kind_label(child_kind), "kind": kind_label(self.kind)}
        return None

    @property
    def children_by_kind(self):
        """[(kind, how many)] of the territories directly within it, as the read model counted
        them for its reader (with_children_by_kind); never a query on the side."""
        try:
            counts = [(kind, getattr(self, f"children_{kind}")) for kind in Territory.Kind]
        except AttributeError:
            raise ChildrenNotCounted(
                f"The territories within territory {self.pk} were not counted: read it through "
                "Territory.objects.with_children_by_kind(reader) (or for_page)."
            ) from None
        return [(kind, count) for kind, count in counts if count]

    def trail(self, reader):
        """The territories it lies within, the root first, as far as its page read them
        (for_page joins ANCESTORS_READ levels) and the reader may see them; and whether more
        lie above those (only a tree deeper than its kinds allow has that)."""
        parent_field = Territory._meta.get_field("parent")
        trail, node = [], self
        while parent_field.is_cached(node) and len(trail) < ANCESTORS_READ:
            parent = node.parent
            if parent is None or (parent.is_published is False and not reader.sees_drafts):
                return trail[::-1], False
            trail.append(parent)
            node = parent
        return trail[::-1], node.parent_id is not None

    @classmethod
    def from_db(cls, db, field_names, values):
        record = super().from_db(db, field_names, values)
        # The kind as stored, to see a change of kind (a record read with its kind deferred
        # has none here, nor has one built by an import, which checks the whole file).
        record.stored_kind = record.__dict__.get("kind")
        return record


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


def levels_above(kind):
    """How many territories a territory of `kind` can lie within, one in another."""
    return max((1 + levels_above(parent) for parent in PARENT_KINDS[kind]), default=0)


# The most territories one can lie within (a village in a city in a district in an oblast in
# the country: 4): a territory's page reads that many in its own query.
ANCESTORS_READ = max(levels_above(kind) for kind in Kind)


def kind_label(kind):
    # A kind that is no choice (a typo sent to the API) is refused by its field; named as sent.
    return Kind(kind).label if kind in Kind.values else kind


def quoted_kinds(kinds):
    """«Район» или «Город республиканского значения»: kinds named in quotes, so that no case
    ending is needed inside a sentence."""
    quoted = [pgettext("quoted kind", "“%(kind)s”") % {"kind": kind_label(k)} for k in kinds]
    return quoted[0] if len(quoted) == 1 else join_or(quoted)


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
