"""What the API shows and accepts for each resource. Fields are listed explicitly.

Writes go through the model's own validation (`full_clean()`: clean(), constraints,
uniqueness), the same as the admin, so the API cannot store what the admin would refuse;
errors come back as 400 keyed by field.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.text import capfirst
from django_countries.serializers import CountryFieldMixin
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from initiatives import models
from initiatives.api.fields import (
    ColumnListField,
    PartialDateField,
    RecordSlugField,
    SourcedField,
    strict_text,
)
from initiatives.citations import cited_facts
from initiatives.models.base import ColumnListField as ColumnListModelField
from initiatives.models.base import translated
from initiatives.models.choices import ActivityStatus
from initiatives.partial_dates import PartialDateField as PartialDateModelField
from initiatives.prefetches import SHOWN
from initiatives.rollup import rollup_of
from initiatives.visibility import reader_for

# `api_url` is the record's own address in the API; `url`, where a model has it (a source, a
# document), is the address of the article or document itself.
RECORD_FIELDS = ("slug", "api_url", "page", "is_published", "created_at", "updated_at")


class RegistrySerializer(CountryFieldMixin, serializers.ModelSerializer):
    # Every text field (names, descriptions, slugs, addresses) takes strings only: a number
    # is a 400 naming the field, not quietly stored as its digits.
    serializer_field_mapping = {
        **{
            model_field: strict_text(field)
            for model_field, field in serializers.ModelSerializer.serializer_field_mapping.items()
        },
        PartialDateModelField: PartialDateField,
    }
    serializer_related_field = RecordSlugField

    def build_standard_field(self, field_name, model_field):
        # A list of the record's own columns, not any JSON.
        if isinstance(model_field, ColumnListModelField):
            return ColumnListField, {
                "columns": model_field.columns,
                "required": False,
                "label": capfirst(model_field.verbose_name),
                "help_text": model_field.help_text,
            }
        return super().build_standard_field(field_name, model_field)


class CitationSerializer(RegistrySerializer):
    source = RecordSlugField(read_only=True)

    class Meta:
        model = models.InitiativeCitation
        fields = ("source", "quote")


class RecordSerializer(RegistrySerializer):
    """A public record: its API address, its page, and the admin's validation on writes."""

    api_url = serializers.HyperlinkedIdentityField(view_name="api:%s-detail", lookup_field="slug")
    page = serializers.SerializerMethodField()
    citations = CitationSerializer(many=True, read_only=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        api_url = self.fields.get("api_url")
        if api_url is not None:
            api_url.view_name = f"api:{self.Meta.model._meta.model_name}-detail"

    @extend_schema_field(OpenApiTypes.URI)
    def get_page(self, record):
        request = self.context.get("request")
        path = record.get_absolute_url()
        return request.build_absolute_uri(path) if request else path

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        many = {model_field.name for model_field in model._meta.many_to_many}
        if self.instance is None:
            record = model()
        else:
            record = model(
                **{
                    model_field.attname: getattr(self.instance, model_field.attname)
                    for model_field in model._meta.concrete_fields
                }
            )
            record._state.adding = False
        for name, value in attrs.items():
            if name not in many:
                setattr(record, name, value)
        try:
            record.full_clean(exclude=many)
        except DjangoValidationError as error:
            raise serializers.ValidationError(serializers.as_serializer_error(error)) from None
        return attrs


class ParticipationSerializer(RegistrySerializer):
    organization = RecordSlugField(read_only=True)
    source = RecordSlugField(read_only=True)
    sourced = SourcedField()

    class Meta:
        model = models.InitiativeParticipation
        fields = ("organization", "role", *translated("note"), "source", "quote", "sourced")


class MeasurementSerializer(RegistrySerializer):
    source = RecordSlugField(read_only=True)

    class Meta:
        model = models.Measurement
        fields = ("as_of", "value", "confirmed", *translated("note"), "source", "quote")


class MeasurementListSerializer(MeasurementSerializer):
    """A value in /api/v1/measurements/: with the initiative and indicator it belongs to."""

    initiative = serializers.SlugRelatedField(
        source="indicator.initiative", slug_field="slug", read_only=True
    )
    indicator = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta(MeasurementSerializer.Meta):
        fields = ("initiative", "indicator", *MeasurementSerializer.Meta.fields)


class TerritoryMembershipSerializer(RegistrySerializer):
    """A territory's membership of an initiative: /api/v1/memberships/."""

    initiative = RecordSlugField(read_only=True)
    territory = RecordSlugField(read_only=True)
    source = RecordSlugField(read_only=True)
    sourced = SourcedField()

    class Meta:
        model = models.TerritoryMembership
        fields = ("initiative", "territory", "joined", "left", "source", "quote", "sourced")


class ProgressSerializer(serializers.Serializer):
    """Derived from the latest measurement against the target; never stored."""

    value = serializers.DecimalField(max_digits=18, decimal_places=4, allow_null=True)
    as_of = PartialDateField(allow_null=True)
    target = serializers.DecimalField(max_digits=18, decimal_places=4, allow_null=True)
    percent = serializers.IntegerField(allow_null=True)


class IndicatorSerializer(RegistrySerializer):
    """An indicator with its progress and its latest values, newest first: the first 20 of
    `measurements_count`; /api/v1/measurements/?initiative=…&indicator=… pages through all."""

    progress = ProgressSerializer(read_only=True)
    measurements = MeasurementSerializer(many=True, read_only=True, source="measurements_shown")
    measurements_count = serializers.IntegerField(read_only=True)
    # A coverage indicator's count of member territories of its kind today; null for others.
    derived_value = serializers.IntegerField(read_only=True, allow_null=True)
    citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = models.Indicator
        fields = (
            "slug",
            *translated("name", "unit"),
            "ascending",
            "baseline_value",
            "baseline_date",
            "target_value",
            "target_date",
            "counts_members",
            "progress",
            "derived_value",
            "measurements",
            "measurements_count",
            "citations",
        )


class InitiativeStatusReportSerializer(RegistrySerializer):
    """A status as one source gave it, as of a date."""

    source = RecordSlugField(read_only=True)

    class Meta:
        model = models.InitiativeStatusReport
        fields = ("status", "as_of", "source", "quote")


class DonorProjectStatusReportSerializer(InitiativeStatusReportSerializer):
    class Meta(InitiativeStatusReportSerializer.Meta):
        model = models.DonorProjectStatusReport


class EventStatusReportSerializer(InitiativeStatusReportSerializer):
    class Meta(InitiativeStatusReportSerializer.Meta):
        model = models.EventStatusReport


def status_fields(serializer):
    """`status`: the latest report (null when no source gives one); `status_reports`: all."""
    return (
        serializer(source="status_report", read_only=True, allow_null=True),
        serializer(many=True, read_only=True),
    )


class IndicatorSummarySerializer(IndicatorSerializer):
    """An indicator in a list of initiatives: its progress and how many values it has."""

    class Meta(IndicatorSerializer.Meta):
        fields = tuple(
            name
            for name in IndicatorSerializer.Meta.fields
            if name not in ("measurements", "citations")
        )


class RollupUnitSerializer(serializers.Serializer):
    """The parts' indicators that count in one unit, one way (the same unit in every language,
    the same direction, whole things or not): their latest values and targets added up where
    they add up (initiatives/rollup.py)."""

    unit_ru = serializers.CharField()
    unit_ky = serializers.CharField()
    unit_en = serializers.CharField()
    ascending = serializers.BooleanField()
    counts_whole_things = serializers.BooleanField()
    added_up = serializers.BooleanField(
        help_text="false: several indicators that do not count whole things (a share, a rate, "
        "an average), which do not add up; value and target are then null."
    )
    indicators = serializers.IntegerField(help_text="How many indicators of the parts.")
    parts = serializers.IntegerField(help_text="How many parts they belong to.")
    measured = serializers.IntegerField(help_text="How many of the indicators have a value.")
    targeted = serializers.IntegerField(help_text="How many of the indicators have a target.")
    value = serializers.DecimalField(
        max_digits=None,
        decimal_places=4,
        allow_null=True,
        help_text="The sum of the latest values of the indicators that have one.",
    )
    target = serializers.DecimalField(
        max_digits=None,
        decimal_places=4,
        allow_null=True,
        help_text="The sum of the targets, when every indicator has one.",
    )
    percent = serializers.IntegerField(
        allow_null=True,
        help_text="Of the way to the target, when every indicator has a value and a target.",
    )
    as_of_from = PartialDateField(
        source="dates.oldest", allow_null=True, help_text="The oldest of the values' dates."
    )
    as_of_to = PartialDateField(
        source="dates.newest", allow_null=True, help_text="The newest of the values' dates."
    )


class RollupStatusSerializer(serializers.Serializer):
    """How many parts have one status: their latest reports', as of their dates."""

    status = serializers.ChoiceField(
        choices=ActivityStatus.choices,
        allow_null=True,
        help_text="null: the parts no source gives a status.",
    )
    parts = serializers.IntegerField()
    as_of_from = PartialDateField(
        source="dates.oldest", allow_null=True, help_text="The oldest of the reports' dates."
    )
    as_of_to = PartialDateField(
        source="dates.newest", allow_null=True, help_text="The newest of the reports' dates."
    )


class RollupSerializer(serializers.Serializer):
    """A parent initiative's published parts: how many, their statuses and their progress by
    unit; never a sum of unlike units. Only what the public may see counts."""

    parts = serializers.IntegerField()
    statuses = RollupStatusSerializer(many=True)
    progress = RollupUnitSerializer(
        many=True, source="units", help_text="The first 20 units, the most widely counted first."
    )
    progress_count = serializers.IntegerField(source="units_total")


class InitiativeSerializer(RecordSerializer):
    status, status_reports = status_fields(InitiativeStatusReportSerializer)
    organizations = ParticipationSerializer(many=True, read_only=True, source="participations")
    indicators = IndicatorSerializer(many=True, read_only=True)
    rollup = serializers.SerializerMethodField(
        help_text="Its parts rolled up (null when it has no published parts)."
    )
    # How many territories are members today (/api/v1/memberships/ lists them with dates).
    members_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = models.Initiative
        fields = (
            *RECORD_FIELDS,
            *translated("name", "description"),
            "registry_translations",
            "registry_statements",
            "kind",
            "status",
            "status_reports",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "parent",
            "organizations",
            "territories",
            "topics",
            "donor_projects",
            "documents",
            "indicators",
            "rollup",
            "members_count",
            "citations",
        )

    @extend_schema_field(RollupSerializer(allow_null=True))
    def get_rollup(self, initiative):
        found = rollup_of(initiative)
        return None if found is None else RollupSerializer(found, context=self.context).data


class OtherNameSerializer(RegistrySerializer):
    source = RecordSlugField(read_only=True)
    sourced = SourcedField()

    class Meta:
        model = models.OrganizationName
        fields = (
            "slug",
            "kind",
            *translated("name", "acronym"),
            "valid_from",
            "valid_to",
            "source",
            "quote",
            "sourced",
        )


class OrganizationSerializer(RecordSerializer):
    other_names = OtherNameSerializer(many=True, read_only=True)

    class Meta:
        model = models.Organization
        fields = (
            *RECORD_FIELDS,
            *translated("name", "description", "acronym"),
            "registry_translations",
            "registry_statements",
            "kind",
            "country",
            "parent",
            "website",
            "other_names",
            "citations",
        )


class PositionSerializer(RegistrySerializer):
    organization = RecordSlugField(read_only=True)
    source = RecordSlugField(read_only=True)
    sourced = SourcedField()

    class Meta:
        model = models.Position
        fields = (
            "slug",
            "organization",
            *translated("title"),
            "registry_translations",
            "start",
            "end",
            "in_office_on",
            "source",
            "quote",
            "sourced",
        )


class PersonSerializer(RecordSerializer):
    """A person's public record. Contact details are private and never served here."""

    positions = PositionSerializer(many=True, read_only=True)

    class Meta:
        model = models.Person
        fields = (
            *RECORD_FIELDS,
            *translated("name", "description"),
            "registry_translations",
            "registry_statements",
            "positions",
            "citations",
        )


class EventParticipationSerializer(ParticipationSerializer):
    class Meta(ParticipationSerializer.Meta):
        model = models.EventParticipation


class EventPersonSerializer(RegistrySerializer):
    person = RecordSlugField(read_only=True)
    source = RecordSlugField(read_only=True)
    sourced = SourcedField()

    class Meta:
        model = models.EventPerson
        fields = ("person", "role", *translated("note"), "source", "quote", "sourced")


class EventCountSerializer(RegistrySerializer):
    source = RecordSlugField(read_only=True)
    sourced = SourcedField()

    class Meta:
        model = models.EventCount
        fields = ("slug", *translated("counted"), "number", "source", "quote", "sourced")


class EventSerializer(RecordSerializer):
    status, status_reports = status_fields(EventStatusReportSerializer)
    organizations = EventParticipationSerializer(many=True, read_only=True, source="participations")
    people = EventPersonSerializer(many=True, read_only=True, source="attendances")
    counts = EventCountSerializer(many=True, read_only=True)

    class Meta:
        model = models.Event
        fields = (
            *RECORD_FIELDS,
            *translated("name", "description"),
            "registry_translations",
            "registry_statements",
            "kind",
            "status",
            "status_reports",
            "series",
            "edition",
            "parent",
            "start",
            "end",
            "territory",
            *translated("venue"),
            "is_online",
            *translated("participants_description"),
            "participating_countries",
            "organizations",
            "people",
            "counts",
            "topics",
            "documents",
            "initiatives",
            "donor_projects",
            "citations",
        )


class EventSeriesSerializer(RecordSerializer):
    class Meta:
        model = models.EventSeries
        fields = (
            *RECORD_FIELDS,
            *translated("name", "description"),
            "registry_translations",
            "registry_statements",
            "citations",
        )


class DonorProjectParticipationSerializer(ParticipationSerializer):
    class Meta(ParticipationSerializer.Meta):
        model = models.DonorProjectParticipation


class DonorProjectSerializer(RecordSerializer):
    status, status_reports = status_fields(DonorProjectStatusReportSerializer)
    organizations = DonorProjectParticipationSerializer(
        many=True, read_only=True, source="participations"
    )

    class Meta:
        model = models.DonorProject
        fields = (
            *RECORD_FIELDS,
            *translated("name", "description"),
            "registry_translations",
            "registry_statements",
            "status",
            "status_reports",
            "start",
            "end",
            "budget",
            "currency",
            "iati_identifier",
            "organizations",
            "citations",
        )


class DocumentSerializer(RecordSerializer):
    class Meta:
        model = models.Document
        fields = (
            *RECORD_FIELDS,
            *translated("name", "description"),
            "registry_translations",
            "registry_statements",
            "kind",
            "issuer",
            "issued_on",
            "url",
            "citations",
        )


class CommitmentReportSerializer(RegistrySerializer):
    source = RecordSlugField(read_only=True)

    class Meta:
        model = models.CommitmentReport
        fields = ("outcome", "as_of", "source", "quote")


class StatementSerializer(RecordSerializer):
    """What a person or an organization said (models/remarks.py), with its own source and
    quote: a cited fact, so no citations list and no published flag of its own."""

    citations = None
    fulfilment_reports = CommitmentReportSerializer(many=True, read_only=True)

    class Meta:
        model = models.Statement
        fields = (
            "slug",
            "api_url",
            "page",
            "said_on",
            "person",
            "organization",
            "kind",
            *translated("summary"),
            "registry_translations",
            "source",
            "quote",
            "is_commitment",
            "due",
            "fulfilment_reports",
            "initiatives",
            "events",
            "documents",
        )


class TerritorySerializer(RecordSerializer):
    class Meta:
        model = models.Territory
        fields = (
            *RECORD_FIELDS,
            *translated("name", "description"),
            "registry_translations",
            "registry_statements",
            "kind",
            "iso_code",
            "parent",
            "citations",
        )


class TopicSerializer(RecordSerializer):
    class Meta:
        model = models.Topic
        fields = (
            *RECORD_FIELDS,
            *translated("name", "description"),
            "registry_translations",
            "registry_statements",
            "citations",
        )


class SourceSerializer(RecordSerializer):
    citations = None  # a source is what others cite

    class Meta:
        model = models.Source
        fields = (
            *RECORD_FIELDS,
            "title",
            "kind",
            "publisher",
            "language",
            "published_on",
            "url",
            *translated("note"),
            "text",
        )


class FactSerializer(serializers.Serializer):
    """A fact the registry takes from a source: whose it is, and the quote that states it."""

    kind = serializers.CharField()
    subject_kind = serializers.CharField()
    subject = serializers.CharField()
    quote = serializers.CharField()


class SourceDetailSerializer(SourceSerializer):
    """A source with what the registry takes from it: the first facts of each kind (a source
    may back thousands) and how many facts of each kind there are."""

    facts = serializers.SerializerMethodField()
    fact_counts = serializers.SerializerMethodField()

    class Meta(SourceSerializer.Meta):
        fields = (*SourceSerializer.Meta.fields, "facts", "fact_counts")

    def groups(self, source):
        if not hasattr(self, "_groups"):
            request = self.context.get("request")
            self._groups = cited_facts(source, reader_for(request), shown=SHOWN, request=request)
        return self._groups

    @extend_schema_field(FactSerializer(many=True))
    def get_facts(self, source):
        return [
            {
                "kind": model._meta.model_name,
                "subject_kind": fact.subject._meta.model_name,
                "subject": fact.subject.slug,
                "quote": fact.quote,
            }
            for model, facts, _total in self.groups(source)
            for fact in facts
        ]

    @extend_schema_field({"type": "object", "additionalProperties": {"type": "integer"}})
    def get_fact_counts(self, source):
        return {model._meta.model_name: total for model, _facts, total in self.groups(source)}


class InitiativeSummarySerializer(InitiativeSerializer):
    """An initiative in a list: its indicators summarised (IndicatorSummarySerializer)."""

    indicators = IndicatorSummarySerializer(many=True, read_only=True)
    rollup = None  # an initiative's own address has it: a list would pay for each row

    class Meta(InitiativeSerializer.Meta):
        fields = tuple(name for name in InitiativeSerializer.Meta.fields if name != "rollup")
