"""Values that cannot be so, or are unusual, are refused the same way by every door: the model,
the admin (the indicator's values inline and a value's own page) and the importer.

The API has no writes of values (an indicator's values are read-only there), so it has no
door to test; it shows whether a value was confirmed.

Each case starts from a plausible value (8 айыл окмоту as of 2020-02-25, from an article of
that day) and makes one change, which must be refused on the named field with the model's
message, and nothing saved.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from initiatives import clock
from initiatives.models import Indicator, Measurement
from initiatives.partial_dates import PartialDate
from tests.factories import IndicatorFactory, MeasurementFactory, SourceFactory
from tests.test_admin import admin_url, form_data
from tests.test_imports import failing_import, seed_records, write

TODAY = datetime.date(2020, 6, 30)
ARTICLE_DATE = PartialDate(2020, 2, 25)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: TODAY)


@dataclass
class Case:
    id: str
    change: dict  # the value's fields as the editor changes them
    field: str  # where the refusal is shown
    messages: list  # what it says, in English
    indicator: dict = field(default_factory=dict)
    published_on: PartialDate | None = ARTICLE_DATE
    earlier: list = field(default_factory=list)  # (as_of, value) of the values before it


CONFIRM = "If the source does say so, tick “confirmed unusual value”."

REFUSED = [
    Case(
        "later-than-its-source",
        {"as_of": "2020-03"},
        "as_of",
        ["The source was published February 25, 2020: it cannot give a value as of a later date."],
    ),
    Case(
        "in-the-future",
        {"as_of": "2020-07"},
        "as_of",
        ["This date is in the future."],
        published_on=None,
    ),
    Case(
        "before-the-baseline",
        {"as_of": "2019-12"},
        "as_of",
        ["This date is before the indicator's baseline date, January 2020."],
        indicator={"baseline_date": PartialDate(2020, 1)},
    ),
    Case(
        "a-fraction-of-whole-things",
        {"value": "7.5"},
        "value",
        ["This indicator counts whole айыл окмоту: the number cannot have a fraction."],
        indicator={"counts_whole_things": True},
    ),
    Case(
        "above-the-target",
        {"value": "500"},
        "value",
        ["The value is higher than the target, 484 айыл окмоту.", CONFIRM],
    ),
    Case(
        "below-the-target-of-a-falling-indicator",
        {"value": "1"},
        "value",
        ["The value is lower than the target, 2 айыл окмоту.", CONFIRM],
        indicator={"ascending": False, "target_value": Decimal(2)},
    ),
    Case(
        "lower-than-the-previous-value",
        {"value": "4"},
        "value",
        [
            "The value is lower than the previous one, 5 айыл окмоту as of February 2020, "
            "though higher is better.",
            CONFIRM,
        ],
        earlier=[(PartialDate(2020, 2), Decimal(5))],
    ),
    Case(
        "higher-than-the-previous-value-of-a-falling-indicator",
        {"value": "10"},
        "value",
        [
            "The value is higher than the previous one, 9 айыл окмоту as of February 2020, "
            "though lower is better.",
            CONFIRM,
        ],
        indicator={"ascending": False, "target_value": Decimal(2)},
        earlier=[(PartialDate(2020, 2), Decimal(9))],
    ),
]

ACCEPTED = [
    Case("a-year-that-holds-the-source-date", {"as_of": "2020"}, "", []),
    Case("today", {"as_of": "2020-06-30"}, "", [], published_on=None),
    Case(
        "the-year-of-a-baseline-month",
        {"as_of": "2020"},
        "",
        [],
        indicator={"baseline_date": PartialDate(2020, 2)},
    ),
    Case("a-fraction-of-a-measure", {"value": "7.5"}, "", []),
    Case("above-the-target-confirmed", {"value": "500", "confirmed": True}, "", []),
    Case(
        "lower-than-the-previous-value-confirmed",
        {"value": "4", "confirmed": True},
        "",
        [],
        earlier=[(PartialDate(2020, 2), Decimal(5))],
    ),
]

by_case = pytest.mark.parametrize("case", REFUSED, ids=[case.id for case in REFUSED])
by_accepted = pytest.mark.parametrize("case", ACCEPTED, ids=[case.id for case in ACCEPTED])


def plausible_value(case):
    """The value before the editor's change, stored as it is (a factory saves unchecked)."""
    source = SourceFactory(published_on=case.published_on)
    indicator = IndicatorFactory(
        **{"unit_ru": "айыл окмоту", "target_value": Decimal(484), **case.indicator}
    )
    for as_of, value in case.earlier:
        MeasurementFactory(indicator=indicator, source=source, as_of=as_of, value=value)
    return MeasurementFactory(
        indicator=indicator, source=source, as_of=PartialDate(2020, 2, 25), value=Decimal(8)
    )


def changed(measurement, change):
    for name, value in change.items():
        model_field = Measurement._meta.get_field(name)
        setattr(measurement, name, model_field.to_python(value))
    return measurement


def model_messages(case, measurement, language="en"):
    """The model's refusal of the change, by field, in `language`."""
    record = changed(Measurement.objects.get(pk=measurement.pk), case.change)
    with translation.override(language):
        try:
            record.full_clean()
        except ValidationError as error:
            return error.message_dict
    return {}


def stored(measurement):
    row = Measurement.objects.get(pk=measurement.pk)
    return row.value, row.as_of, row.confirmed


# --- The model --------------------------------------------------------------------------


@by_case
@pytest.mark.django_db
def test_the_model_refuses_on_the_field(case):
    measurement = plausible_value(case)

    assert model_messages(case, measurement) == {case.field: case.messages}


@by_accepted
@pytest.mark.django_db
def test_the_model_accepts(case):
    measurement = plausible_value(case)

    assert model_messages(case, measurement) == {}


@pytest.mark.django_db
def test_a_usual_value_is_not_kept_as_confirmed():
    """The public page marks a confirmed value as unusual: only an unusual one may be."""
    measurement = plausible_value(ACCEPTED[0])
    measurement.confirmed = True

    measurement.full_clean()

    assert measurement.confirmed is False


@pytest.mark.django_db
def test_an_indicator_counting_whole_things_refuses_a_fractional_target_and_baseline():
    indicator = IndicatorFactory(
        unit_ru="айыл окмоту",
        counts_whole_things=True,
        baseline_value=Decimal("0.5"),
        target_value=Decimal("484.5"),
    )
    message = "This indicator counts whole айыл окмоту: the number cannot have a fraction."

    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            indicator.full_clean()
        shown = refused.value.message_dict

    assert shown == {"baseline_value": [message], "target_value": [message]}


# --- The admin ----------------------------------------------------------------------------


def post_change(client, url, measurement, change):
    """Change the value on an admin page (its own, or its indicator's inline) and save."""
    response = client.get(url)
    data = form_data(response)
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms.extend(inline.formset.forms)
    form = next(f for f in forms if f._meta.model is Measurement and f.instance == measurement)
    for name, value in change.items():
        key = form.add_prefix(name)
        if name == "confirmed":
            data[key] = "on"
        else:
            data[key] = value
    response = client.post(url, data)
    forms = [response.context["adminform"].form] if response.status_code == 200 else []
    for inline in response.context["inline_admin_formsets"] if forms else ():
        forms.extend(inline.formset.forms)
    form = next(
        (f for f in forms if f._meta.model is Measurement and f.instance.pk == measurement.pk),
        None,
    )
    return response, form


def admin_page(door, measurement):
    if door == "indicator":
        return admin_url(Indicator, "change", measurement.indicator_id)
    return admin_url(Measurement, "change", measurement.pk)


doors = pytest.mark.parametrize("door", ["indicator", "measurement"])


@doors
@by_case
@pytest.mark.django_db
def test_the_admin_shows_the_refusal_at_the_field_and_saves_nothing(editor_client, door, case):
    measurement = plausible_value(case)
    before = stored(measurement)

    response, form = post_change(
        editor_client, admin_page(door, measurement), measurement, case.change
    )

    assert response.status_code == 200
    language = response.context["LANGUAGE_CODE"]
    expected = model_messages(case, measurement, language)[case.field]
    assert form.errors[case.field] == expected
    for message in expected:
        assert escape(message) in response.text
    assert stored(measurement) == before


@doors
@by_accepted
@pytest.mark.django_db
def test_the_admin_saves_a_plausible_or_confirmed_value(editor_client, door, case):
    measurement = plausible_value(case)

    response, _form = post_change(
        editor_client, admin_page(door, measurement), measurement, case.change
    )

    assert response.status_code == 302
    row = Measurement.objects.get(
        indicator=measurement.indicator,
        source=measurement.source,
        as_of=case.change.get("as_of", measurement.as_of),
    )
    assert row.confirmed == case.change.get("confirmed", False)


# --- The importer -------------------------------------------------------------------------


def value_record(measurement, change):
    """The value as an export writes it, with the editor's change."""
    fields = {
        "indicator": [measurement.indicator.initiative.slug, measurement.indicator.slug],
        "value": f"{measurement.value}",
        "as_of": measurement.as_of.isoformat(),
        "source": [measurement.source.slug],
        "quote": measurement.quote,
        "note_ru": "",
        "note_ky": "",
        "note_en": "",
        "confirmed": False,
        **change,
    }
    return {"model": "initiatives.measurement", "fields": fields}


@by_case
@pytest.mark.django_db
def test_the_importer_names_file_record_and_field_and_imports_nothing(tmp_path, case):
    measurement = plausible_value(case)
    before = stored(measurement)
    path = write(tmp_path, [value_record(measurement, case.change)])

    with translation.override("en"):
        report = failing_import(path)

    assert f"{path}: record 1 (initiatives.measurement" in report
    for message in case.messages:
        assert f"field '{case.field}': {message}" in report
    assert stored(measurement) == before


@pytest.mark.django_db
def test_the_seed_value_cannot_be_imported_as_a_fraction_of_an_aiyl_okmotu(tmp_path):
    """«айыл окмоту» are counted whole: 7.5 of them is a typing error, not a value."""
    records = seed_records()
    value = next(record for record in records if record["model"] == "initiatives.measurement")
    value["fields"]["value"] = "7.5000"

    with translation.override("en"):
        report = failing_import(write(tmp_path, records))

    assert (
        f"record {records.index(value) + 1} (initiatives.measurement «sanarip-aimak/"
        "aiyl-okmotu / president-receives-saliev-2020-02-25»), field 'value': "
        "This indicator counts whole aiyl okmotus: the number cannot have a fraction."
    ) in report


# --- The public pages ---------------------------------------------------------------------

UNUSUAL = "unusual value, confirmed by the editors"


@pytest.mark.django_db
@pytest.mark.parametrize("confirmed", [True, False])
def test_the_pages_mark_a_confirmed_unusual_value(client, confirmed):
    """A reader sees that a surprising value is not a typing error: the editors checked it."""
    measurement = plausible_value(ACCEPTED[0])
    Measurement.objects.filter(pk=measurement.pk).update(value=Decimal(500), confirmed=confirmed)
    indicator = measurement.indicator

    with translation.override("en"):
        pages = [
            indicator.initiative.get_absolute_url(),
            reverse("initiatives:indicator", args=[indicator.initiative.slug, indicator.slug]),
        ]
    texts = [client.get(page).content.decode() for page in pages]

    for text in texts:
        assert (UNUSUAL in text) is confirmed
