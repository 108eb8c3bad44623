"""Partial dates sort, filter and display at the precision the source gives."""

import datetime
import pickle

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from initiatives.models import Event
from initiatives.partial_dates import PartialDate, PartialDateFormField, parse_date
from tests.factories import EventFactory


@pytest.mark.parametrize(
    ("text", "precision"),
    [("2019", "year"), ("2019-02", "month"), ("2019-02-25", "day")],
)
def test_parse_keeps_the_precision(text, precision):
    value = PartialDate.parse(text)
    assert value.precision == precision
    assert value.isoformat() == text


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("2019-13", "not a date in the calendar"),
        ("2019-02-30", "not a date in the calendar"),
        ("19-02", "not a partial date"),
        ("февраль 2019", "not a partial date"),
        ("2019/02/25", "not a partial date"),
    ],
)
def test_parse_names_the_bad_text(text, complaint):
    with pytest.raises(ValueError, match=complaint) as error:
        PartialDate.parse(text)
    assert repr(text) in str(error.value)


def test_coarser_value_sorts_before_the_finer_values_inside_it():
    values = [PartialDate.parse(t) for t in ["2020-03", "2019-02-25", "2020", "2019-02", "2019"]]
    assert [v.isoformat() for v in sorted(values)] == [
        "2019",
        "2019-02",
        "2019-02-25",
        "2020",
        "2020-03",
    ]


def test_first_and_last_day_span_the_precision():
    assert PartialDate.parse("2020-02").first_day() == datetime.date(2020, 2, 1)
    assert PartialDate.parse("2020-02").last_day() == datetime.date(2020, 2, 29)
    assert PartialDate.parse("2019").last_day() == datetime.date(2019, 12, 31)


@pytest.mark.parametrize(
    ("language", "text", "shown"),
    [
        ("ru", "2020", "2020"),
        ("ru", "2020-03", "март 2020\u202fг."),
        ("ru", "2020-02-25", "25 февраля 2020\u202fг."),
        ("en", "2020-03", "March 2020"),
        ("en", "2020-02-25", "February 25, 2020"),
        ("ky", "2019-02", "2019-ж., февраль"),
    ],
)
def test_display_is_no_more_precise_than_the_value(language, text, shown):
    with translation.override(language):
        assert PartialDate.parse(text).display() == shown


@pytest.mark.parametrize(
    ("language", "text", "shown"),
    [
        ("ru", "2020-03", "марта 2020\u202fг."),
        ("ru", "2020-02-25", "25 февраля 2020\u202fг."),
        ("ru", "2020", "2020"),
        ("en", "2020-03", "March 2020"),
        ("ky", "2020-03", "2020-ж., март"),
    ],
)
def test_after_a_preposition_the_russian_month_takes_the_genitive(language, text, shown):
    """«с марта 2020 г.», «до марта 2020 г.»: the month-year of a span is not the nominative."""
    with translation.override(language):
        assert PartialDate.parse(text).display_governed() == shown


def test_form_field_shows_iso_text_and_reports_bad_input():
    field = PartialDateFormField(required=False)
    assert field.prepare_value(PartialDate(2020, 3)) == "2020-03"
    assert field.clean("2020-03") == PartialDate(2020, 3)
    assert field.clean("") is None
    with pytest.raises(ValidationError, match="not a date in the calendar"):
        field.clean("2020-02-30")


@pytest.mark.django_db
class TestInTheDatabase:
    @pytest.fixture
    def events(self):
        return {
            text: EventFactory(slug=f"event-{text}", start=PartialDate.parse(text))
            for text in ["2020-03", "2019-02", "2019-12-19", "2020", "2020-08-27"]
        }

    def test_round_trips_as_partial_date(self, events):
        event = Event.objects.get(slug="event-2019-02")
        assert event.start == PartialDate(2019, 2)
        assert event.start.precision == "month"

    def test_orders_chronologically_with_coarse_first(self, events):
        starts = list(Event.objects.order_by("start").values_list("start", flat=True))
        assert [s.isoformat() for s in starts] == [
            "2019-02",
            "2019-12-19",
            "2020",
            "2020-03",
            "2020-08-27",
        ]

    def test_filters_by_year_at_any_precision(self, events):
        slugs = set(Event.objects.filter(start__year=2020).values_list("slug", flat=True))
        assert slugs == {"event-2020", "event-2020-03", "event-2020-08-27"}
        assert Event.objects.filter(start__year__lt=2020).count() == 2

    @pytest.mark.parametrize(
        ("lookup", "years"),
        [
            ("exact", {2020}),
            ("gte", {2020}),
            ("gt", set()),
            ("lte", {2019, 2020}),
            ("lt", {2019}),
        ],
    )
    def test_year_comparisons_are_ranges_of_the_stored_text(self, events, lookup, years):
        """`__year` compiles, for plain dates, to a range on the column (an index serves it),
        not a function of it; only a value with EDTF marks is read by its bounds."""
        matched = Event.objects.filter(**{f"start__year__{lookup}": 2020})
        assert {event.start.year for event in matched} == years
        where = str(matched.order_by("slug").query).split(" WHERE ")[1]
        assert where.startswith("""(("initiatives_event"."start" < '[' AND "initiatives_event".""")
        assert "SUBSTR" not in where.split(" OR ")[0]

    def test_filters_by_range_and_prefix(self, events):
        assert set(
            Event.objects.filter(start__gte=PartialDate(2020, 3)).values_list("slug", flat=True)
        ) == {"event-2020-03", "event-2020-08-27"}
        assert set(
            Event.objects.filter(start__startswith="2019").values_list("slug", flat=True)
        ) == {
            "event-2019-02",
            "event-2019-12-19",
        }

    def test_full_clean_rejects_an_impossible_date_naming_the_field(self):
        event = EventFactory.build(start="2019-02-30")
        with pytest.raises(ValidationError) as error:
            event.full_clean()
        assert "start" in error.value.message_dict
        assert "not a date in the calendar" in error.value.message_dict["start"][0]


@pytest.mark.parametrize(
    "text", ["2020", "2020-03", "2020-03-12", "2019-11~", "[2019-11-23,2020-11-23]"]
)
def test_a_date_survives_a_trip_through_the_cache(text):
    """The registry's cache pickles records with their dates: an immutable value must come
    back equal, not refuse to be rebuilt."""
    date = parse_date(text)
    assert pickle.loads(pickle.dumps(date)) == date
