"""Every named database constraint, and the partial-date column format check.

For each rule: the database refuses the bad row even when Python validation is bypassed,
`full_clean()` refuses the same row with a readable message on the field a form would show it
against, and the nearest good value is accepted by both, so a rule that is too strict fails too.

The suite runs on SQLite and on PostgreSQL: each renders the checks in its own SQL.
"""

import dataclasses
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.utils import translation
from django.utils.text import capfirst

from initiatives import models as registry
from initiatives.models import Event, Position
from initiatives.models.base import Published, Record
from initiatives.models.choices import EventRole, OrganisationRole
from initiatives.partial_dates import PartialDate, PartialDateField
from tests import factories as f
from tests.conftest import registry_models

pytestmark = pytest.mark.django_db

pd = PartialDate.parse

# Django's own message: a field that may not be blank fails its field check before any
# constraint runs, so full_clean() never reaches the not-blank constraint's message.
FIELD_BLANK = "This field cannot be blank."
NOT_BLANK = "This field must not be blank."
NOT_SELF = "A record cannot refer to itself here."
NEGATIVE = "This value must not be negative."
NAME_IN_SOME_LANGUAGE = "Fill in “Name” in at least one language."
CITATION_COMPLETE = "Give the source and the quote together, or neither."

Changes = dict[str, Any] | Callable[[models.Model], dict[str, Any]]


@pytest.fixture(autouse=True)
def _english():
    # Messages are compared as text, and the project's default language is Russian.
    with translation.override("en"):
        yield


@dataclasses.dataclass(frozen=True)
class Case:
    """One rule seen from one bad row and its good neighbour.

    `setup` saves a valid record; `bad` and `good` are the changes applied to it (a dict, or a
    function of the record for values that depend on it). `field` is the key `full_clean()`
    reports under and `message` what it says there.
    """

    constraint: str
    setup: Callable[[], models.Model]
    bad: Changes
    good: Changes
    field: str
    message: str
    label: str = ""

    @property
    def id(self):
        name = self.constraint.removeprefix("initiatives_")
        return f"{name}-{self.label}" if self.label else name


def resolve(changes, record):
    return changes(record) if callable(changes) else dict(changes)


def apply(record, changes):
    for name, value in changes.items():
        setattr(record, name, value)


def other(record):
    """The one other row of the record's model that the case's setup saved."""
    return type(record).objects.exclude(pk=record.pk).get()


def name(model, rule):
    return f"{model._meta.app_label}_{model._meta.model_name}_{rule}"


# --- Cases ---------------------------------------------------------------------------------


def membership_after_another():
    first = f.TerritoryMembershipFactory(joined=pd("2019"), left=pd("2020"))
    return f.TerritoryMembershipFactory(
        initiative=first.initiative, territory=first.territory, joined=pd("2021")
    )


def membership_before_an_open_one():
    first = f.TerritoryMembershipFactory(joined=pd("2019"))
    return f.TerritoryMembershipFactory(
        initiative=first.initiative, territory=first.territory, joined=pd("2018"), left=pd("2019")
    )


PUBLISHED = [m for m in registry_models() if issubclass(m, Published)]
RECORDS = [m for m in registry_models() if issubclass(m, Record)]
CITATIONS = list(f.CITATION_FACTORIES)
CITED_FACTS = [
    registry.OrganizationName,
    registry.OrganizationSuccession,
    registry.Position,
    registry.EventPerson,
    registry.EventCount,
    registry.TerritoryMembership,
    registry.InitiativeParticipation,
    registry.DonorProjectParticipation,
    registry.EventParticipation,
]


def slug_not_blank(model):
    return Case(
        name(model, "slug_not_blank"),
        setup=f.FACTORIES[model],
        bad={"slug": ""},
        good={"slug": "x"},
        field="slug",
        message=FIELD_BLANK,
    )


def name_in_some_language(model):
    # English alone is enough: the rule asks for one language, not for Russian.
    blank = {"name_ru": "", "name_ky": "", "name_en": ""}
    return Case(
        name(model, "name_in_some_language"),
        setup=f.FACTORIES[model],
        bad=blank,
        good={**blank, "name_en": "Forum"},
        field="name_ru",
        message=NAME_IN_SOME_LANGUAGE,
    )


def counted_in_some_language():
    blank = {"counted_ru": "", "counted_ky": "", "counted_en": ""}
    return Case(
        "initiatives_eventcount_counted_in_some_language",
        setup=f.EventCountFactory,
        bad=blank,
        good={**blank, "counted_ky": "сурамжылоо жүргүзүлгөн айыл өкмөттөрү"},
        field="counted_ru",
        message="Fill in “What is counted” in at least one language.",
    )


def registry_statements_known(model):
    field = model._meta.get_field("registry_statements")
    known = list(field.columns)
    message = "“ITEM” is not a field of this record a source could state: use COLUMNS."
    return [
        Case(
            name(model, "registry_statements_known"),
            setup=f.FACTORIES[model],
            bad={"registry_statements": [known[0], bad]},
            good={"registry_statements": [known[0], known[-1]]},
            field="registry_statements",
            message=message.replace("ITEM", str(bad)).replace("COLUMNS", ", ".join(known)),
            label=label,
        )
        for label, bad in [("unknown", "slug"), ("number", 5), ("nested", [known[0]])]
    ]


def registry_translations_known(model, texts=("name", "description")):
    # The database sees only the stored list, so it refuses an unknown column, a nested list
    # or a number as well; full_clean() names the item.
    known = [f"{text}_{code}" for text in texts for code in ("ru", "ky", "en")]
    return [
        Case(
            name(model, "registry_translations_known"),
            setup=f.FACTORIES[model],
            bad={"registry_translations": [known[1], bad]},
            good={"registry_translations": [known[1], known[-1]]},
            field="registry_translations",
            message=message.replace("ITEM", str(bad)).replace("COLUMNS", ", ".join(known)),
            label=label,
        )
        for label, bad, message in [
            ("unknown", "slug_ky", "“ITEM” is not a translated text of this record: use COLUMNS."),
            ("number", 5, "“ITEM” is not a translated text of this record: use COLUMNS."),
            ("nested", [known[0]], "“ITEM” is not a translated text of this record: use COLUMNS."),
        ]
    ]


def parent_not_self(model, parent_factory=None):
    """`parent_factory` makes a parent the record may have, where not every record may be
    (a district lies within an oblast, not within another district)."""
    factory = f.FACTORIES[model]
    return Case(
        name(model, "parent_not_self"),
        setup=factory,
        bad=lambda record: {"parent": record},
        good=lambda record: {"parent": (parent_factory or factory)()},
        field="parent",
        message=NOT_SELF,
    )


def citation_cases(model):
    factory = f.CITATION_FACTORIES[model]

    def setup():
        first = factory()
        return factory(record=first.record, source=first.source)

    return [
        Case(
            name(model, "quote_not_blank"),
            setup=setup,
            bad={"quote": ""},
            good={"quote": "«"},
            field="quote",
            message=FIELD_BLANK,
        ),
        # The same words from another source are another citation.
        Case(
            name(model, "unique_quote"),
            setup=setup,
            bad=lambda record: {"quote": other(record).quote},
            good=lambda record: {"quote": other(record).quote, "source": f.SourceFactory()},
            field=NON_FIELD_ERRORS,
            message="This record already cites this quote.",
        ),
    ]


def citation_complete_cases(model):
    return [
        Case(
            name(model, "citation_complete"),
            setup=f.FACTORIES[model],
            bad=lambda record: {"source": f.SourceFactory(), "quote": ""},
            good=lambda record: {"source": f.SourceFactory(), "quote": "так сказано"},
            field="quote",
            message=CITATION_COMPLETE,
            label="source-without-quote",
        ),
        Case(
            name(model, "citation_complete"),
            setup=f.FACTORIES[model],
            bad={"source": None, "quote": "так сказано"},
            good={"source": None, "quote": ""},
            field="quote",
            message=CITATION_COMPLETE,
            label="quote-without-source",
        ),
    ]


def unique_slug(model, parent, message):
    """A child's slug is unique under its parent; another parent may reuse it."""
    factory = f.FACTORIES[model]
    parent_factory = f.FACTORIES[model._meta.get_field(parent).related_model]

    def setup():
        first = factory()
        return factory(**{parent: getattr(first, parent)})

    return Case(
        name(model, "unique_slug"),
        setup=setup,
        bad=lambda record: {"slug": other(record).slug},
        good=lambda record: {parent: parent_factory(), "slug": other(record).slug},
        field=NON_FIELD_ERRORS,
        message=message,
    )


def status_report_cases(model):
    """A source gives a record's status once; another status from it is another report."""
    factory = f.STATUS_REPORT_FACTORIES[model]
    owner = model.owner_field
    statuses = [value for value, _label in model._meta.get_field("status").choices]

    def setup():
        first = factory()
        return factory(**{owner: getattr(first, owner)}, status=statuses[1])

    return [
        Case(
            name(model, "one_per_source"),
            setup=setup,
            bad=lambda record: {"source": other(record).source, "status": statuses[0]},
            good=lambda record: {"source": other(record).source},
            field=NON_FIELD_ERRORS,
            message="This source already reports this status here.",
        ),
        Case(
            name(model, "quote_not_blank"),
            setup=factory,
            bad={"quote": ""},
            good={"quote": "«"},
            field="quote",
            message=FIELD_BLANK,
        ),
    ]


def statement_cases():
    """A statement has one speaker, a person or an organization; only a commitment is due."""
    model = registry.Statement
    blank = {"summary_ru": "", "summary_ky": "", "summary_en": ""}
    return [
        slug_not_blank(model),
        Case(
            name(model, "quote_not_blank"),
            setup=f.StatementFactory,
            bad={"quote": ""},
            good={"quote": "«"},
            field="quote",
            message=FIELD_BLANK,
        ),
        Case(
            name(model, "summary_in_some_language"),
            setup=f.StatementFactory,
            bad=blank,
            good={**blank, "summary_en": "Said so"},
            field="summary_ru",
            message="Fill in “Summary” in at least one language.",
        ),
        *registry_translations_known(model, texts=("summary",)),
        Case(
            name(model, "one_speaker"),
            setup=f.StatementFactory,
            bad=lambda record: {"organization": f.OrganizationFactory()},
            good=lambda record: {"person": None, "organization": f.OrganizationFactory()},
            field="person",
            message="Name the person or the organization who spoke: one.",
            label="both",
        ),
        Case(
            name(model, "one_speaker"),
            setup=f.StatementFactory,
            bad={"person": None},
            good=lambda record: {"person": None, "organization": f.OrganizationFactory()},
            field="person",
            message="Name the person or the organization who spoke: one.",
            label="none",
        ),
        Case(
            name(model, "due_of_commitment"),
            setup=f.StatementFactory,
            bad={"due": PartialDate(2020), "is_commitment": False},
            good={"due": PartialDate(2020), "is_commitment": True},
            field="due",
            message="Only a commitment has a due date.",
        ),
    ]


def commitment_report_cases():
    model = registry.CommitmentReport
    factory = f.CommitmentReportFactory

    def setup():
        first = factory()
        return factory(statement=first.statement, outcome=model.Outcome.PARTLY)

    return [
        Case(
            name(model, "one_per_source"),
            setup=setup,
            bad=lambda record: {
                "source": other(record).source,
                "outcome": model.Outcome.FULFILLED,
            },
            good=lambda record: {"source": other(record).source},
            field=NON_FIELD_ERRORS,
            message="This source already reports this outcome here.",
        ),
        Case(
            name(model, "quote_not_blank"),
            setup=factory,
            bad={"quote": ""},
            good={"quote": "«"},
            field="quote",
            message=FIELD_BLANK,
        ),
    ]


def unique_role(model, parent, member, other_role, message):
    """A member has a role once per parent; the same member may hold another role."""
    factory = f.FACTORIES[model]

    def setup():
        first = factory()
        return factory(**{parent: getattr(first, parent)}, role=first.role)

    return Case(
        name(model, "unique_role"),
        setup=setup,
        bad=lambda record: {member: getattr(other(record), member)},
        good=lambda record: {member: getattr(other(record), member), "role": other_role},
        field=NON_FIELD_ERRORS,
        message=message,
    )


def form_label(model, field):
    """The field's label as its form shows it, in English like the messages compared (the
    cases are built before the tests switch to English): the messages name fields so."""
    with translation.override("en"):
        return str(capfirst(model._meta.get_field(field).verbose_name))


def date_order(model, end, start, bad, good, label="", setup=None):
    return Case(
        name(model, f"{end}_not_before_{start}"),
        setup=setup or f.FACTORIES[model],
        bad=bad,
        good=good,
        field=end,
        message=f"“{form_label(model, end)}” must not be before “{form_label(model, start)}”.",
        label=label,
    )


def non_negative(model, field, setup=None, **together):
    # Zero is the boundary and is allowed.
    return Case(
        name(model, f"{field}_non_negative"),
        setup=setup or f.FACTORIES[model],
        bad={field: Decimal("-0.01"), **together},
        good={field: Decimal(0), **together},
        field=field,
        message=NEGATIVE,
    )


def event_in_series():
    return f.EventFactory(series=f.EventSeriesFactory())


def second_edition():
    series = f.EventSeriesFactory()
    f.EventFactory(series=series, edition=1)
    return f.EventFactory(series=series, edition=2)


def territory_among_codes():
    f.TerritoryFactory(iso_code="")
    f.TerritoryFactory(iso_code="KG-C")
    return f.TerritoryFactory(iso_code="KG-Y")


def project_among_identifiers():
    f.DonorProjectFactory(iati_identifier="")
    f.DonorProjectFactory(iati_identifier="CH-4-2016001234")
    return f.DonorProjectFactory(iati_identifier="XM-DAC-41114-1")


def second_measurement():
    first = f.MeasurementFactory(as_of=pd("2020-02-25"))
    return f.MeasurementFactory(indicator=first.indicator, as_of=pd("2020-06"))


def second_contact():
    first = f.ContactDetailFactory()
    return f.ContactDetailFactory(person=first.person)


def second_succession():
    first = f.OrganizationSuccessionFactory()
    return f.OrganizationSuccessionFactory(predecessor=first.predecessor)


def position_in_office():
    return f.PositionFactory(in_office_on=pd("2020-02-25"))


def iso_code_format(bad, good, label):
    return Case(
        "initiatives_territory_iso_code_format",
        setup=f.TerritoryFactory,
        bad={"iso_code": bad},
        good={"iso_code": good},
        field="iso_code",
        message="Use KG, or KG- and one or two capital letters.",
        label=label,
    )


def currency_format(bad, good, label):
    return Case(
        "initiatives_donorproject_currency_format",
        setup=f.DonorProjectFactory,
        bad={"currency": bad},
        good={"currency": good},
        field="currency",
        message="Use a three-letter ISO 4217 code, e.g. CHF.",
        label=label,
    )


CASES = [
    *(case for model in f.STATUS_REPORT_FACTORIES for case in status_report_cases(model)),
    *(slug_not_blank(model) for model in [*PUBLISHED, registry.Indicator, registry.EventCount]),
    *(name_in_some_language(model) for model in RECORDS),
    counted_in_some_language(),
    *statement_cases(),
    *commitment_report_cases(),
    *(
        case
        for model in RECORDS
        for case in registry_translations_known(
            model, texts=model._meta.get_field("registry_translations").texts
        )
    ),
    *registry_translations_known(registry.Position, texts=("title",)),
    *(case for model in RECORDS for case in registry_statements_known(model)),
    *(
        parent_not_self(model)
        for model in [
            registry.Organization,
            registry.Initiative,
            registry.Event,
        ]
    ),
    # The factory's territory is a district.
    parent_not_self(
        registry.Territory,
        lambda: f.TerritoryFactory(kind=registry.Territory.Kind.OBLAST),
    ),
    *(case for model in CITATIONS for case in citation_cases(model)),
    *(case for model in CITED_FACTS for case in citation_complete_cases(model)),
    Case(
        "initiatives_source_title_not_blank",
        setup=f.SourceFactory,
        bad={"title": ""},
        good={"title": "О"},
        field="title",
        message=FIELD_BLANK,
    ),
    # Partial dates compare at the coarser precision of the two.
    date_order(
        Event,
        "end",
        "start",
        bad={"start": pd("2020"), "end": pd("2019-12")},
        good={"start": pd("2020"), "end": pd("2020-01")},
        label="month-end-before-year-start",
    ),
    date_order(
        Event,
        "end",
        "start",
        bad={"start": pd("2020-03"), "end": pd("2020-02")},
        good={"start": pd("2020-03"), "end": pd("2020")},
        label="month-end-before-month-start",
    ),
    date_order(
        Event,
        "end",
        "start",
        bad={"start": pd("2020-03"), "end": pd("2020-02-29")},
        good={"start": pd("2020-03"), "end": pd("2020-03-01")},
        label="day-end-before-month-start",
    ),
    date_order(
        Event,
        "end",
        "start",
        bad={"start": pd("2020-03-15"), "end": pd("2020-03-14")},
        good={"start": pd("2020-03-15"), "end": pd("2020-03")},
        label="day-end-before-day-start",
    ),
    date_order(
        Event,
        "end",
        "start",
        bad={"start": pd("2020-01-01"), "end": pd("2019")},
        good={"start": pd("2020-01-01"), "end": pd("2020")},
        label="year-end-before-day-start",
    ),
    date_order(
        registry.Initiative,
        "planned_end",
        "planned_start",
        bad={"planned_start": pd("2021-06"), "planned_end": pd("2021-05")},
        good={"planned_start": pd("2021-06"), "planned_end": pd("2021")},
    ),
    date_order(
        registry.Initiative,
        "actual_end",
        "actual_start",
        bad={"actual_start": pd("2020"), "actual_end": pd("2019-12-31")},
        good={"actual_start": pd("2020"), "actual_end": pd("2020-01-01")},
    ),
    date_order(
        registry.Indicator,
        "target_date",
        "baseline_date",
        bad={"baseline_date": pd("2021"), "target_date": pd("2020-12")},
        good={"baseline_date": pd("2020-12-01"), "target_date": pd("2020-12")},
    ),
    date_order(
        registry.OrganizationName,
        "valid_to",
        "valid_from",
        bad={"valid_from": pd("2016-04"), "valid_to": pd("2015")},
        good={"valid_from": pd("2016-04"), "valid_to": pd("2016")},
    ),
    date_order(
        registry.DonorProject,
        "end",
        "start",
        bad={"start": pd("2021-01"), "end": pd("2020")},
        good={"start": pd("2021-01"), "end": pd("2021")},
    ),
    date_order(
        Position,
        "end",
        "start",
        bad={"in_office_on": None, "start": pd("2020-03"), "end": pd("2020-02")},
        good={"in_office_on": None, "start": pd("2020-03"), "end": pd("2020")},
    ),
    date_order(
        Position,
        "in_office_on",
        "start",
        bad={"start": pd("2020-03")},
        good={"start": pd("2020-02")},
        setup=position_in_office,
    ),
    date_order(
        Position,
        "end",
        "in_office_on",
        bad={"end": pd("2020-02-24")},
        good={"end": pd("2020-02")},
        setup=position_in_office,
    ),
    non_negative(registry.Indicator, "baseline_value"),
    non_negative(registry.Indicator, "target_value"),
    non_negative(registry.Measurement, "value"),
    # A budget needs a currency, so give one: only the sign is wrong here.
    non_negative(registry.DonorProject, "budget", currency="USD"),
    Case(
        "initiatives_event_edition_in_series",
        setup=f.EventFactory,
        bad={"edition": 1},
        good=lambda record: {"series": f.EventSeriesFactory(), "edition": 1},
        field="edition",
        message="An edition number needs a series and starts at 1.",
        label="edition-without-series",
    ),
    Case(
        "initiatives_event_edition_in_series",
        setup=event_in_series,
        bad={"edition": 0},
        good={"edition": 1},
        field="edition",
        message="An edition number needs a series and starts at 1.",
        label="edition-zero",
    ),
    Case(
        "initiatives_event_unique_edition",
        setup=second_edition,
        bad={"edition": 1},
        good=lambda record: {"series": f.EventSeriesFactory(), "edition": 1},
        field=NON_FIELD_ERRORS,
        message="This series already has an event with this edition.",
    ),
    unique_role(
        registry.EventParticipation,
        "event",
        "organization",
        EventRole.SUPPORTER,
        "This organization already has this role here.",
    ),
    unique_role(
        registry.InitiativeParticipation,
        "initiative",
        "organization",
        OrganisationRole.FUNDING,
        "This organization already has this role here.",
    ),
    unique_role(
        registry.DonorProjectParticipation,
        "donor_project",
        "organization",
        OrganisationRole.IMPLEMENTING,
        "This organization already has this role here.",
    ),
    unique_role(
        registry.EventPerson,
        "event",
        "person",
        EventRole.HOST,
        "Person at the event with this Event, Person and Role already exists.",
    ),
    unique_slug(
        registry.Indicator, "initiative", "Indicator with this Initiative and Slug already exists."
    ),
    unique_slug(Position, "person", "Position with this Person and Slug already exists."),
    unique_slug(
        registry.EventCount, "event", "Count at an event with this Event and Slug already exists."
    ),
    unique_slug(
        registry.OrganizationName,
        "organization",
        "Other name with this Organization and Slug already exists.",
    ),
    # A territory joins an initiative once on a date; the next day is another membership.
    Case(
        "initiatives_territorymembership_unique_joined",
        setup=membership_after_another,
        bad=lambda record: {"joined": other(record).joined},
        good={"joined": pd("2021-01-02")},
        field=NON_FIELD_ERRORS,
        message="This territory already joined this initiative on this date.",
    ),
    # One open membership of a pair: the earlier one closed, the later one may stay open.
    Case(
        "initiatives_territorymembership_one_open",
        setup=membership_before_an_open_one,
        bad={"left": None},
        good={"left": pd("2019")},
        field=NON_FIELD_ERRORS,
        message=(
            "This territory is already a member of this initiative with no date it left: "
            "give that membership its date first."
        ),
    ),
    date_order(
        registry.TerritoryMembership,
        "left",
        "joined",
        bad={"left": pd("2018")},
        good={"left": pd("2019")},
    ),
    # A coarser date is another date: "2020-02" is not "2020-02-25".
    Case(
        "initiatives_measurement_one_per_date",
        setup=second_measurement,
        bad={"as_of": pd("2020-02-25")},
        good={"as_of": pd("2020-02")},
        field=NON_FIELD_ERRORS,
        message="This indicator already has a value for this date.",
    ),
    Case(
        "initiatives_measurement_quote_not_blank",
        setup=f.MeasurementFactory,
        bad={"quote": ""},
        good={"quote": "8"},
        field="quote",
        message=FIELD_BLANK,
    ),
    Case(
        "initiatives_organizationsuccession_not_self",
        setup=f.OrganizationSuccessionFactory,
        bad=lambda record: {"successor": record.predecessor},
        good=lambda record: {"successor": f.OrganizationFactory()},
        field="successor",
        message="An organization cannot succeed itself.",
    ),
    # The reverse pair is another succession (a split undone by a merger).
    Case(
        "initiatives_organizationsuccession_unique_pair",
        setup=second_succession,
        bad=lambda record: {"successor": other(record).successor},
        good=lambda record: {
            "predecessor": other(record).successor,
            "successor": other(record).predecessor,
        },
        field=NON_FIELD_ERRORS,
        message="Succession with this Predecessor and Successor already exists.",
    ),
    Case(
        "initiatives_contactdetail_value_not_blank",
        setup=f.ContactDetailFactory,
        bad={"value": ""},
        good={"value": "+996 312 000000"},
        field="value",
        message=FIELD_BLANK,
    ),
    # Two people may share an office address or phone.
    Case(
        "initiatives_contactdetail_unique",
        setup=second_contact,
        bad=lambda record: {"value": other(record).value},
        good=lambda record: {"person": f.PersonFactory(), "value": other(record).value},
        field=NON_FIELD_ERRORS,
        message="Contact detail (private) with this Person, Kind and Value already exists.",
    ),
    # Territories without a code do not collide with each other.
    Case(
        "initiatives_territory_unique_iso_code",
        setup=territory_among_codes,
        bad={"iso_code": "KG-C"},
        good={"iso_code": ""},
        field="iso_code",
        message="Another territory has this ISO code.",
    ),
    iso_code_format("kg", "KG", "lower-case"),
    iso_code_format("KG-ABC", "KG-AB", "three-letter-region"),
    iso_code_format("KG-", "KG-C", "dangling-dash"),
    iso_code_format("KZ-AST", "KG-GB", "other-country"),
    # A regular expression's `$` also matches before a final newline in some dialects.
    iso_code_format("KG\n", "KG", "trailing-newline"),
    currency_format("chf", "CHF", "lower-case"),
    currency_format("CH", "CHF", "two-letters"),
    currency_format("US$", "USD", "symbol"),
    Case(
        "initiatives_donorproject_budget_has_currency",
        setup=f.DonorProjectFactory,
        bad={"budget": Decimal(1_000_000), "currency": ""},
        good={"budget": Decimal(1_000_000), "currency": "CHF"},
        field="currency",
        message="A budget needs its currency.",
    ),
    # Projects not published in IATI have no identifier, and there may be many.
    Case(
        "initiatives_donorproject_unique_iati_identifier",
        setup=project_among_identifiers,
        bad={"iati_identifier": "CH-4-2016001234"},
        good={"iati_identifier": ""},
        field="iati_identifier",
        message="Another donor project has this IATI identifier.",
    ),
]

CONSTRAINTS = {
    constraint.name: (model, constraint)
    for model in registry_models()
    for constraint in model._meta.constraints
}


def case_id(case):
    return case.id


def database_complaint(constraint_name):
    """What the database's error names, so a test sees the rule it meant to break."""
    model, constraint = CONSTRAINTS[constraint_name]
    if connection.vendor == "sqlite" and isinstance(constraint, models.UniqueConstraint):
        # SQLite names the columns of a violated unique index rather than the index.
        table = model._meta.db_table
        columns = [model._meta.get_field(field).column for field in constraint.fields]
        return "UNIQUE constraint failed: " + ", ".join(f"{table}.{c}" for c in columns)
    return constraint_name


# --- Constraint tests ----------------------------------------------------------------------


def test_every_constraint_has_a_case():
    declared = set(CONSTRAINTS)
    covered = {case.constraint for case in CASES}
    assert declared - covered == set(), "constraints without a test"
    assert covered - declared == set(), "tests for constraints that are not declared"


def test_case_ids_are_unique():
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_database_rejects_the_bad_row(case):
    record = case.setup()
    changes = resolve(case.bad, record)
    # A queryset update skips full_clean(): only the database stands in the way.
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        type(record).objects.filter(pk=record.pk).update(**changes)
    assert database_complaint(case.constraint) in str(error.value)


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_full_clean_rejects_the_bad_row(case):
    record = case.setup()
    apply(record, resolve(case.bad, record))
    with pytest.raises(ValidationError) as error:
        record.full_clean()
    assert error.value.message_dict == {case.field: [case.message]}


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_good_neighbour_is_accepted(case):
    record = case.setup()
    changes = resolve(case.good, record)
    apply(record, changes)
    record.full_clean()
    type(record).objects.filter(pk=record.pk).update(**changes)
    record.refresh_from_db()
    assert {field: getattr(record, field) for field in changes} == changes


@pytest.mark.parametrize(
    "case", [case for case in CASES if case.message == FIELD_BLANK], ids=case_id
)
def test_not_blank_constraint_reports_its_own_message_on_the_field(case):
    # full_clean() stops at the field's blank check; code that validates constraints alone
    # must still see the rule against the same field.
    record = case.setup()
    apply(record, resolve(case.bad, record))
    with pytest.raises(ValidationError) as error:
        record.validate_constraints()
    assert error.value.message_dict == {case.field: [NOT_BLANK]}


# --- Partial-date column format ------------------------------------------------------------

PARTIAL_DATE_FIELDS = [
    pytest.param(model, field.name, id=f"{model._meta.model_name}.{field.name}")
    for model in registry_models()
    for field in model._meta.concrete_fields
    if isinstance(field, PartialDateField)
]

MALFORMED = [
    pytest.param("2020-13", "is not a date in the calendar", id="month-13"),
    pytest.param("2020-00", "is not a date in the calendar", id="month-00"),
    pytest.param("2020-02-32", "is not a date in the calendar", id="day-32"),
    pytest.param("2020-02-00", "is not a date in the calendar", id="day-00"),
    pytest.param("20-01", "is not a partial date (YYYY, YYYY-MM or YYYY-MM-DD)", id="short-year"),
    pytest.param("2020-1", "is not a partial date (YYYY, YYYY-MM or YYYY-MM-DD)", id="short-month"),
    pytest.param(
        "2020-02-3", "is not a partial date (YYYY, YYYY-MM or YYYY-MM-DD)", id="short-day"
    ),
    # A slash is EDTF's interval: the message lists the open forms too.
    pytest.param(
        "2020/02",
        "is not a date: YYYY, YYYY-MM or YYYY-MM-DD, or in EDTF 2019-11-23?, 2019-11~, "
        "2019-11%, [2019-11-23,2020-11-23] or 2019-10-23/2019-11-23",
        id="slash",
    ),
    pytest.param(
        "2020-", "is not a partial date (YYYY, YYYY-MM or YYYY-MM-DD)", id="dangling-dash"
    ),
]


def record_with_one_date(model, field_name):
    """A saved record whose other partial dates are empty, so no date-order rule can fire."""
    record = f.FACTORIES[model]()
    others = {
        field.name: None
        for field in model._meta.concrete_fields
        if isinstance(field, PartialDateField) and field.null and field.name != field_name
    }
    if others:
        model.objects.filter(pk=record.pk).update(**others)
        record.refresh_from_db()
    return record


def format_complaint(model, field_name):
    column = model._meta.get_field(field_name).column
    if connection.vendor == "sqlite":
        # SQLite quotes the failed unnamed column check itself.
        return f'"{column}" GLOB'
    return f"{model._meta.db_table}_{column}_check"


def assert_database_rejects_date(model, field_name, text):
    record = record_with_one_date(model, field_name)
    # Text reaches the column unparsed, as it would from a bulk import or raw SQL.
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        model.objects.filter(pk=record.pk).update(**{field_name: text})
    assert format_complaint(model, field_name) in str(error.value)


def assert_full_clean_rejects_date(model, field_name, text, complaint):
    record = record_with_one_date(model, field_name)
    setattr(record, field_name, text)
    with pytest.raises(ValidationError) as error:
        record.full_clean()
    assert error.value.message_dict == {field_name: [f"{text!r} {complaint}"]}


@pytest.mark.parametrize(("model", "field_name"), PARTIAL_DATE_FIELDS)
def test_database_rejects_malformed_partial_date_in_every_column(model, field_name):
    assert_database_rejects_date(model, field_name, "2020-13")


@pytest.mark.parametrize(("model", "field_name"), PARTIAL_DATE_FIELDS)
def test_full_clean_rejects_malformed_partial_date_in_every_column(model, field_name):
    assert_full_clean_rejects_date(model, field_name, "2020-13", "is not a date in the calendar")


@pytest.mark.parametrize(("model", "field_name"), PARTIAL_DATE_FIELDS)
def test_well_formed_partial_date_is_stored_in_every_column(model, field_name):
    # Before the factories' source of 25 February 2020: a value cannot postdate its source.
    record = record_with_one_date(model, field_name)
    setattr(record, field_name, "2019-12")
    record.full_clean()
    model.objects.filter(pk=record.pk).update(**{field_name: "2019-12"})
    record.refresh_from_db()
    assert getattr(record, field_name) == PartialDate(2019, 12)


@pytest.mark.parametrize(("text", "complaint"), MALFORMED)
def test_database_rejects_malformed_partial_date(text, complaint):
    assert_database_rejects_date(Event, "start", text)


@pytest.mark.parametrize(("text", "complaint"), MALFORMED)
def test_full_clean_rejects_malformed_partial_date(text, complaint):
    assert_full_clean_rejects_date(Event, "start", text, complaint)


@pytest.mark.parametrize("text", ["2020", "2020-01", "2020-12-31", "2020-02-29"])
def test_database_accepts_each_precision(text):
    record = record_with_one_date(Event, "start")
    Event.objects.filter(pk=record.pk).update(start=text)
    record.refresh_from_db()
    assert record.start.isoformat() == text
