"""One FilterSet per resource, shared by the public pages and the REST API.

Filters live in the query string (`?status=implementation&topic=digitalisation`), so a filtered
view is a link that can be shared. Related records are chosen by slug, as in every URL of the
registry, among those the reader may see; a filter that goes through rows (roles, positions,
measurements) counts only the rows the reader may see (initiatives/visibility.py), so a list
never finds a record by a fact its page does not show. `q` searches the names in ru, ky and en,
and `ordering` sorts; both behave the same on every page and API endpoint.
"""

import django_filters as filters
from django import forms
from django.contrib.admin.utils import lookup_spawns_duplicates
from django.core.exceptions import ValidationError
from django.core.validators import slug_re
from django.db.models import F, Q
from django.db.models.functions import Length
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_filters.fields import BaseCSVField
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from initiatives import models, years
from initiatives.caching import per_version
from initiatives.models.base import name_in_language, translated
from initiatives.models.choices import EventRole, OrganisationRole
from initiatives.partial_dates import (
    Earliest,
    PartialDateField,
    PartialDateFormField,
    chronological,
)
from initiatives.search import matching
from initiatives.visibility import reader_for


class RecordField(forms.ModelChoiceField):
    """A related record named by its slug, or by its name in any language and any case.

    A text box, not a list of every record: the form stays the same size however large the
    registry grows. A name shared by several records, or found in several, is an error that
    names a few of them. Text PostgreSQL would refuse outright (a NUL character) or that is
    too long to be a name never reaches a query.
    """

    widget = forms.TextInput
    CANDIDATES = 5
    default_error_messages = {
        "not_found": _("Nothing by the name or address «%(value)s» is in the registry."),
        "ambiguous": _(
            "Several match «%(value)s»: %(names)s. Give more of the name, or its address."
        ),
    }

    def __init__(self, *args, search_fields=("name",), **kwargs):
        self.search_fields = translated(*search_fields)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip()
        if not text or len(text) > 300 or any(ord(char) < 32 for char in text):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        if slug_re.fullmatch(text):
            record = self.queryset.filter(slug=text).first()
            if record is not None:
                return record
        return self.named(text)

    def named(self, text):
        """The one record whose name is the text, or the only one whose name contains it."""
        candidates = list(
            self.queryset.filter(matching(self.search_fields, text)).order_by(
                Length(name_in_language()), "slug"
            )[: self.CANDIDATES + 1]
        )
        folded = text.casefold()
        exact = [
            record
            for record in candidates
            if any(getattr(record, field).casefold() == folded for field in self.search_fields)
        ]
        if len(exact) == 1 or (not exact and len(candidates) == 1):
            return (exact or candidates)[0]
        if not candidates:
            raise ValidationError(
                self.error_messages["not_found"], code="not_found", params={"value": text}
            )
        names = ", ".join(f"{record} ({record.slug})" for record in candidates[: self.CANDIDATES])
        raise ValidationError(
            self.error_messages["ambiguous"],
            code="ambiguous",
            params={"value": text, "names": names},
        )


@extend_schema_field(OpenApiTypes.STR)
class RecordFilter(filters.ModelChoiceFilter):
    """A related record by its slug or its name (so the API schema says: a string)."""

    field_class = RecordField


def record_filter(model, search_fields=("name",)):
    """A filter on a related record the reader may see, typed by slug or name."""
    return RecordFilter(
        queryset=lambda request: reader_for(request).visible(model),
        to_field_name="slug",
        label=capfirst(model._meta.verbose_name),
        help_text=_("Its name or its address (slug)."),
        method="filter_related",
        search_fields=search_fields,
    )


ORGANIZATION_NAMES = ("name", "acronym")


def descending_label(label):
    return gettext("%s (descending)") % label


descending = lazy(descending_label, str)


class OrderingField(BaseCSVField):
    """The sort fields, each at most once: `-name,name` asks for two orders at once."""

    def clean(self, value):
        value = super().clean(value)
        named = [param.lstrip("-") for param in value or () if param]
        for name in named:
            if named.count(name) > 1:
                raise ValidationError(
                    _("Sort by each field once: “%(name)s” is named more than once."),
                    code="repeated",
                    params={"name": name},
                )
        return value


class NameOrderingFilter(filters.OrderingFilter):
    """Ordering where "name" means the name as the reader sees it, in their language.

    Without arguments it sorts by name only, the choice on most lists. `default` is the order
    the list has when none is asked for (the view's); it is the first choice, and there is no
    empty one, so the form names the order the reader is looking at.
    """

    base_field_class = OrderingField

    def __init__(self, fields=(("name", "name"),), field_labels=None, default="name", **kwargs):
        kwargs.setdefault("label", _("Sort by"))
        labels = field_labels or {"name": _("name")}
        # django-filter would format "<label> (descending)" once, in the language active when
        # the FilterSet class is built; these stay lazy and follow each reader's language.
        reversed_labels = {f"-{param}": descending(labels[f]) for f, param in dict(fields).items()}
        self.default = default
        super().__init__(
            fields=fields,
            field_labels={**labels, **reversed_labels},
            empty_label=None,
            **kwargs,
        )

    def build_choices(self, fields, labels):
        choices = super().build_choices(fields, labels)
        return sorted(choices, key=lambda choice: choice[0] != self.default)

    def filter(self, qs, value):
        if value and any(v.lstrip("-") == "name" for v in value):
            qs = qs.annotate(sort_name=name_in_language())
            value = [v.replace("name", "sort_name") for v in value]
        if value:
            # Ties (one status, one name) in one order on every page: without it a record
            # could show on two pages and another on none.
            value = [*value, "slug"]
        return super().filter(qs, value)

    def get_ordering_value(self, param):
        if param.lstrip("-") == "sort_name":
            return param
        value = super().get_ordering_value(param)
        # A date in time: a set of dates ("[2019-11-23,2020-11-23]") by its first date.
        fields = {field.name: field for field in self.model._meta.get_fields()}
        if isinstance(fields.get(value.lstrip("-")), PartialDateField):
            return chronological(value)
        return value


class RecordFilterSet(filters.FilterSet):
    """What every resource's filters share: the search box and the sort order.

    Subclasses list in `related_lookups` how each related-record filter reaches its rows, e.g.
    {"topic": "topics"}; `filter_related` applies it, with `distinct()` where a join may repeat
    rows.
    """

    q = filters.CharFilter(label=_("Search"), method="filter_search")
    search_fields = ("name",)
    related_lookups = {}

    @property
    def reader(self):
        return reader_for(self.request)

    def visible_rows(self, model, **conditions):
        """The rows of `model` the reader may see that meet `conditions`."""
        return self.reader.visible(model).filter(**conditions)

    def filter_search(self, queryset, name, value):
        return queryset.filter(matching(translated(*self.search_fields), value))

    def filter_related(self, queryset, name, value):
        if value is None:
            return queryset
        lookup = self.related_lookups[name]
        rows = queryset.filter(**{lookup: value})
        # Only a join to many rows can repeat a record. DISTINCT where none can would sort every
        # match, whole rows wide, before a page is cut: 10,000 statements of one person.
        return rows.distinct() if lookup_spawns_duplicates(queryset.model._meta, lookup) else rows

    @property
    def form(self):
        form = super().form
        year = form.fields.get("year")
        if year is not None and not isinstance(year.widget, YearSelect):
            year.widget = YearSelect(self.years_with_data)
        return form

    def year_dates(self):
        """The dates the year filter reads, as `years.spans()`/`years.dates()` querysets of
        (first, last) year pairs: a FilterSet with a year filter names them."""
        raise NotImplementedError

    def years_with_data(self):
        """The years in which the year filter finds a record the reader may see."""
        return per_version(
            f"years:{type(self).__name__}:{self.reader.name}",
            lambda: years.covered_years(years.read_pairs(self.year_dates())),
            self.request,
        )


class YearSelect(forms.Select):
    """The years that have data, newest first: a list, not a box to guess years in.

    A year asked for that has no data (a link shared before an edit) is kept as a choice, so
    the form still says what the list is filtered by; text that is no year is not.
    """

    def __init__(self, years_with_data, attrs=None):
        super().__init__(attrs)
        self.years_with_data = years_with_data

    def get_context(self, name, value, attrs):
        offered = [str(year) for year in self.years_with_data()]
        if str(value).isdigit() and str(value) not in offered:
            offered.insert(0, str(value))
        self.choices = [("", _("any year")), *((year, year) for year in offered)]
        return super().get_context(name, value, attrs)


def choice(model, model_field_name, empty_label, **options):
    """A filter on a field with choices, labelled (lazily) as the model's field is.

    django-filter would work the label out on first use and keep that text, so every later
    reader would see it in the first reader's language.
    """
    model_field = model._meta.get_field(model_field_name)
    return filters.ChoiceFilter(
        choices=model_field.choices,
        label=capfirst(model_field.verbose_name),
        empty_label=empty_label,
        **options,
    )


@extend_schema_field(OpenApiTypes.STR)
class ReportedBeforeFilter(filters.Filter):
    """Records last reported before a date: their latest status report is as of earlier."""

    field_class = PartialDateFormField

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Last reported before"))
        kwargs.setdefault("help_text", _("A date: 2021, 2021-06 or 2021-06-30."))
        super().__init__(**kwargs)

    def filter(self, qs, value):
        return qs if value in (None, "") else qs.reported_before(value.isoformat())


class AnswerSelect(forms.NullBooleanSelect):
    """Yes, no, or not asked: the last named for what the list then shows ("all initiatives"),
    not Django's "Unknown"."""

    def __init__(self, unasked, attrs=None):
        super().__init__(attrs)
        self.choices = [("unknown", unasked), *self.choices[1:]]


def staleness_filter(label, method, unasked):
    """A yes/no question about what needs a newer source (overdue, planned but unreported)."""
    return filters.BooleanFilter(label=label, method=method, widget=AnswerSelect(unasked))


def status_choice(model):
    """The status the record's latest report gives (the read model's `reported_status`)."""
    reports = model._meta.get_field("status_reports").related_model
    return choice(reports, "status", _("any status"), field_name="reported_status")


def role_filter(choices):
    return filters.ChoiceFilter(
        label=_("Role"), choices=choices, method="filter_role", empty_label=_("any role")
    )


class ParticipationFilterSet(RecordFilterSet):
    """A resource with organizations in roles: `organization` and `role` filter one row together.

    `?organization=gamsumo&role=lead` finds records GAMSUMO leads, not records where GAMSUMO
    takes some part and some organization leads.
    """

    def filter_related(self, queryset, name, value):
        if name == "organization":
            return queryset  # applied with the role in filter_queryset
        return super().filter_related(queryset, name, value)

    def filter_role(self, queryset, name, value):
        return queryset  # applied with the organization in filter_queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        organization = self.form.cleaned_data.get("organization")
        role = self.form.cleaned_data.get("role")
        conditions = {}
        if organization is not None:
            conditions["organization"] = organization
        if role:
            conditions["role"] = role
        if not conditions:
            return queryset
        model = queryset.model._meta.get_field("participations").related_model
        roles = self.visible_rows(model, **conditions)
        return queryset.filter(pk__in=roles.values(model.owner_field))


class YearFilter(filters.NumberFilter):
    """The year of one date field (`YearFilter("issued_on")`), or of the FilterSet's own
    `filter_year` method when a record has more dates than one."""

    def __init__(self, field_name=None, **kwargs):
        kwargs.setdefault("label", _("Year"))
        if field_name is None:
            kwargs.setdefault("method", "filter_year")
        super().__init__(field_name=field_name, lookup_expr="year", **kwargs)

    def filter(self, qs, value):
        # A NumberFilter gives a Decimal; years are whole numbers.
        return super().filter(qs, None if value is None else int(value))


def active_in(year, start, end):
    """The span start..end (either may be open or missing, not both) includes the year."""
    return (
        (Q(**{f"{start}__isnull": False}) | Q(**{f"{end}__isnull": False}))
        & (Q(**{f"{start}__isnull": True}) | Q(**{f"{start}__year__lte": year}))
        & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__year__gte": year}))
    )


def occurs_in(year, start, end):
    """An occasion (an event) from start to end takes place in the year: without an end it
    lasted its start's day, not every year since; without a start, its end's.

    Each part reads a range of an index, not every event before or after the year: those that
    start in it (`event_by_date`), and, of the few that run past their first year or have no
    start (`years.beyond_first_year`, indexed by end), those that end in it or later.
    """
    return Q(**{f"{start}__year": year}) | (
        years.beyond_first_year(start, end)
        & (
            Q(**{f"{start}__isnull": True, f"{end}__year": year})
            | Q(**{f"{start}__year__lt": year, f"{end}__year__gte": year})
        )
    )


class InitiativeFilterSet(ParticipationFilterSet):
    kind = choice(models.Initiative, "kind", _("any kind"))
    status = status_choice(models.Initiative)
    reported_before = ReportedBeforeFilter()
    overdue = staleness_filter(
        _("Overdue: a target date passed without the target reached"),
        "filter_overdue",
        _("all initiatives"),
    )
    organization = record_filter(models.Organization, ORGANIZATION_NAMES)
    role = role_filter(OrganisationRole.choices)
    donor_project = record_filter(models.DonorProject)
    territory = record_filter(models.Territory)
    topic = record_filter(models.Topic)
    parent = record_filter(models.Initiative)
    document = record_filter(models.Document)
    event = record_filter(models.Event)
    year = YearFilter(help_text=_("Under way, measured or at an event in this year."))
    ordering = NameOrderingFilter(
        fields=(("name", "name"), ("reported_status", "status"), ("updated_at", "updated")),
        field_labels={
            "name": _("name"),
            "reported_status": _("status"),
            "updated_at": _("last updated"),
        },
    )

    related_lookups = {
        "donor_project": "donor_projects",
        "topic": "topics",
        "parent": "parent",
        "document": "documents",
        "event": "events",
    }

    class Meta:
        model = models.Initiative
        fields = [
            "q",
            "kind",
            "status",
            "reported_before",
            "overdue",
            "organization",
            "role",
            "donor_project",
            "territory",
            "topic",
            "parent",
            "document",
            "event",
            "year",
        ]

    def filter_related(self, queryset, name, value):
        if name == "territory" and value is not None:
            # An initiative in a district is also in its oblast and in the country.
            return queryset.filter(territories__in=self.within(value)).distinct()
        return super().filter_related(queryset, name, value)

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = queryset.overdue(self.reader)
        return overdue if value else queryset.exclude(pk__in=overdue.values("pk"))

    def within(self, territory):
        return self.visible_rows(models.Territory, pk__in=territory.with_descendants())

    def year_dates(self):
        """What filter_year reads, each part of it a set of year pairs."""
        initiatives = self.reader.visible(models.Initiative)
        return [
            years.spans(initiatives, "planned_start", "planned_end"),
            years.spans(initiatives, "actual_start", "actual_end"),
            years.dates(self.visible_rows(models.Measurement), "as_of"),
            years.dates(initiatives, "indicators__target_date"),
            years.dates(self.visible_rows(models.Event, initiatives__in=initiatives), "start"),
        ]

    def filter_year(self, queryset, name, year):
        planned = active_in(year, "planned_start", "planned_end")
        actual = active_in(year, "actual_start", "actual_end")
        measured = self.visible_rows(models.Measurement, as_of__year=year)
        at_event = self.visible_rows(models.Event, start__year=year)
        return queryset.filter(
            planned
            | actual
            | Q(pk__in=measured.values("indicator__initiative"))
            | Q(indicators__target_date__year=year)
            | Q(pk__in=at_event.values("initiatives"))
        ).distinct()


class EventFilterSet(ParticipationFilterSet):
    kind = choice(models.Event, "kind", _("any kind"))
    status = status_choice(models.Event)
    reported_before = ReportedBeforeFilter()
    plan_passed = staleness_filter(
        _("Planned for a date that has passed, with no report that it took place"),
        "filter_plan_passed",
        _("all events"),
    )
    organization = record_filter(models.Organization, ORGANIZATION_NAMES)
    role = role_filter(EventRole.choices)
    series = record_filter(models.EventSeries)
    parent = record_filter(models.Event)
    initiative = record_filter(models.Initiative)
    donor_project = record_filter(models.DonorProject)
    territory = record_filter(models.Territory)
    topic = record_filter(models.Topic)
    person = record_filter(models.Person)
    document = record_filter(models.Document)
    year = YearFilter()
    ordering = NameOrderingFilter(
        fields=(("start", "date"), ("name", "name")),
        field_labels={"start": _("date"), "name": _("name")},
        default="-date",
    )

    related_lookups = {
        "series": "series",
        "parent": "parent",
        "initiative": "initiatives",
        "donor_project": "donor_projects",
        "topic": "topics",
        "document": "documents",
    }

    class Meta:
        model = models.Event
        fields = [
            "q",
            "kind",
            "status",
            "reported_before",
            "plan_passed",
            "organization",
            "role",
            "series",
            "parent",
            "initiative",
            "donor_project",
            "territory",
            "topic",
            "person",
            "document",
            "year",
        ]

    def filter_related(self, queryset, name, value):
        if name == "territory" and value is not None:
            within = self.visible_rows(models.Territory, pk__in=value.with_descendants())
            return queryset.filter(territory__in=within)
        if name == "person" and value is not None:
            attended = self.visible_rows(models.EventPerson, person=value)
            return queryset.filter(pk__in=attended.values("event"))
        return super().filter_related(queryset, name, value)

    def filter_year(self, queryset, name, year):
        found = queryset.filter(occurs_in(year, "start", "end"))
        # The list is newest first: told that no event it finds starts after the year, the
        # database walks `event_by_date` from the year down and stops at a page, rather than
        # passing every later event. An event without a start, found by its end, would be lost
        # to that bound: there are few, and it holds only when none ends in the year.
        # The bound is on the index's own expression (the earliest reading of the start), so
        # it is where the walk begins, not a filter on every row passed on the way.
        if not queryset.filter(start__isnull=True, end__year=year).exists():
            found = found.alias(first_start=Earliest(F("start"))).filter(
                first_start__lt=f"{int(year) + 1:04d}"
            )
        return found

    def year_dates(self):
        return [years.occasions(self.reader.visible(models.Event), "start", "end")]

    def filter_plan_passed(self, queryset, name, value):
        if value is None:
            return queryset
        passed = queryset.plan_passed()
        return passed if value else queryset.exclude(pk__in=passed.values("pk"))


class DonorProjectFilterSet(ParticipationFilterSet):
    status = status_choice(models.DonorProject)
    reported_before = ReportedBeforeFilter()
    organization = record_filter(models.Organization, ORGANIZATION_NAMES)
    role = role_filter(OrganisationRole.choices)
    year = YearFilter()
    ordering = NameOrderingFilter()

    class Meta:
        model = models.DonorProject
        fields = ["q", "status", "reported_before", "organization", "role", "year"]

    def filter_year(self, queryset, name, year):
        return queryset.filter(active_in(year, "start", "end"))

    def year_dates(self):
        return [years.spans(self.reader.visible(models.DonorProject), "start", "end")]


class OrganizationFilterSet(RecordFilterSet):
    kind = choice(models.Organization, "kind", _("any kind"))
    country = filters.CharFilter(label=_("Country"), help_text=_("ISO 3166-1 code, e.g. KG"))
    parent = record_filter(models.Organization, ORGANIZATION_NAMES)
    ordering = NameOrderingFilter()

    search_fields = ("name", "acronym")
    related_lookups = {"parent": "parent"}

    class Meta:
        model = models.Organization
        fields = ["q", "kind", "country", "parent"]


class PersonFilterSet(RecordFilterSet):
    organization = record_filter(models.Organization, ORGANIZATION_NAMES)
    ordering = NameOrderingFilter()

    class Meta:
        model = models.Person
        fields = ["q", "organization"]

    def filter_related(self, queryset, name, value):
        if value is None:
            return queryset
        positions = self.visible_rows(models.Position, organization=value)
        return queryset.filter(pk__in=positions.values("person"))


class DocumentFilterSet(RecordFilterSet):
    kind = choice(models.Document, "kind", _("any kind"))
    issuer = record_filter(models.Organization, ORGANIZATION_NAMES)
    initiative = record_filter(models.Initiative)
    event = record_filter(models.Event)
    year = YearFilter("issued_on")
    ordering = NameOrderingFilter(
        fields=(("issued_on", "date"), ("name", "name")),
        field_labels={"issued_on": _("date"), "name": _("name")},
        default="-date",
    )

    related_lookups = {"issuer": "issuer", "initiative": "initiatives", "event": "presented_at"}

    class Meta:
        model = models.Document
        fields = ["q", "kind", "issuer", "initiative", "event", "year"]

    def year_dates(self):
        return [years.dates(self.reader.visible(models.Document), "issued_on")]


class TerritoryFilterSet(RecordFilterSet):
    kind = choice(models.Territory, "kind", _("any kind"))
    parent = record_filter(models.Territory)
    initiative = record_filter(models.Initiative)
    ordering = NameOrderingFilter()

    related_lookups = {"parent": "parent", "initiative": "initiatives"}

    class Meta:
        model = models.Territory
        fields = ["q", "kind", "parent", "initiative"]


class TopicFilterSet(RecordFilterSet):
    ordering = NameOrderingFilter()

    class Meta:
        model = models.Topic
        fields = ["q"]


class EventSeriesFilterSet(TopicFilterSet):
    class Meta:
        model = models.EventSeries
        fields = ["q"]


class SourceFilterSet(RecordFilterSet):
    language = choice(models.Source, "language", _("any language"))
    publisher = record_filter(models.Organization, ORGANIZATION_NAMES)
    year = YearFilter("published_on")
    ordering = NameOrderingFilter(
        fields=(("published_on", "date"), ("title", "title")),
        field_labels={"published_on": _("date"), "title": _("title")},
        default="-date",
    )

    related_lookups = {"publisher": "publisher"}

    class Meta:
        model = models.Source
        fields = ["q", "language", "publisher", "year"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(matching(["title"], value))

    def year_dates(self):
        return [years.dates(self.reader.visible(models.Source), "published_on")]


class MeasurementFilterSet(filters.FilterSet):
    """/api/v1/measurements/: the values of one initiative, one indicator, from one source."""

    initiative = record_filter(models.Initiative)
    indicator = filters.CharFilter(
        field_name="indicator__slug", label=_("Indicator"), help_text=_("Its slug.")
    )
    source = filters.CharFilter(
        field_name="source__slug", label=_("Source"), help_text=_("Its slug.")
    )
    year = YearFilter("as_of")

    class Meta:
        model = models.Measurement
        fields = ["initiative", "indicator", "source", "year"]

    def filter_related(self, queryset, name, value):
        if value is None:
            return queryset
        # Its indicators named, not joined: PostgreSQL then reads each one's values in the
        # list's order from their index, where a join would fetch them all to sort them.
        indicators = list(value.indicators.values_list("pk", flat=True))
        return queryset.filter(indicator__in=indicators)


class TerritoryMembershipFilterSet(filters.FilterSet):
    """/api/v1/memberships/: the member territories of one initiative, one territory's
    memberships, those of one kind of territory."""

    initiative = record_filter(models.Initiative)
    territory = filters.CharFilter(
        field_name="territory__slug", label=_("Territory"), help_text=_("Its slug.")
    )
    kind = filters.ChoiceFilter(
        field_name="territory__kind",
        choices=models.Territory.Kind.choices,
        label=_("Kind of territory"),
    )

    class Meta:
        model = models.TerritoryMembership
        fields = ["initiative", "territory", "kind"]

    def filter_related(self, queryset, name, value):
        return queryset if value is None else queryset.filter(initiative=value)


class StatementFilterSet(RecordFilterSet):
    """What people and organizations said (models/remarks.py): by speaker, by what it
    concerns, by year; `q` searches the summaries and the quotes."""

    kind = choice(models.Statement, "kind", _("any kind"))
    commitment = filters.BooleanFilter(
        field_name="is_commitment",
        label=_("Commitment"),
        widget=AnswerSelect(_("all statements")),
    )
    person = record_filter(models.Person)
    organization = record_filter(models.Organization, ORGANIZATION_NAMES)
    initiative = record_filter(models.Initiative)
    event = record_filter(models.Event)
    document = record_filter(models.Document)
    year = YearFilter("said_on")
    ordering = NameOrderingFilter(
        fields=(("said_on", "date"),), field_labels={"said_on": _("date")}, default="-date"
    )

    search_fields = ("summary",)
    related_lookups = {
        "person": "person",
        "organization": "organization",
        "initiative": "initiatives",
        "event": "events",
        "document": "documents",
    }

    class Meta:
        model = models.Statement
        fields = [
            "q",
            "kind",
            "commitment",
            "person",
            "organization",
            "initiative",
            "event",
            "document",
            "year",
        ]

    def filter_search(self, queryset, name, value):
        # Each word in a summary, in any language, or in the source's own words.
        return queryset.filter(matching((*translated(*self.search_fields), "quote"), value))

    def year_dates(self):
        return [years.dates(self.reader.visible(models.Statement), "said_on")]
