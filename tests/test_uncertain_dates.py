"""Dates a source leaves open, in EDTF: read strictly, shown honestly in ru/ky/en, sorted and
found by year in the database, carried unchanged by the API and the fixture (issue 19).

CLDR writes a narrow no-break space (U+202F) before the Russian «г.»."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from initiatives.models import Event, Source
from initiatives.partial_dates import PartialDate, UncertainDate, chronological, parse_date
from tests.factories import EventFactory
from tests.test_admin import admin_url
from tests.test_imports import corrupted, failing_import, find, write
from tests.test_pages import seeded, text_of  # noqa: F401 (a fixture)

UNION = "union-bishkek-osh-exchange-2020-11-23"
MEETING = "bishkek-osh-mayoralties-exchange-2020-11-23"


@pytest.mark.parametrize(
    ("text", "ru", "ky", "en"),
    [
        (
            "2019-11-23?",
            "23 ноября 2019\u202fг. (дата не точна)",
            "2019-ж., 23-ноябрь (дата так эмес)",
            "November 23, 2019 (uncertain)",
        ),
        (
            "2019-11~",
            "около ноября 2019\u202fг.",
            "болжол менен 2019-ж., ноябрь",
            "about November 2019",
        ),
        (
            "2019-11%",
            "около ноября 2019\u202fг. (дата не точна)",
            "болжол менен 2019-ж., ноябрь (дата так эмес)",
            "about November 2019 (uncertain)",
        ),
        (
            "[2019-11-23,2020-11-23]",
            "23 ноября 2019 или 2020\u202fг.",
            "2019 же 2020-ж., 23-ноябрь",
            "November 23, 2019 or 2020",
        ),
        ("[2018,2019,2020]", "2018, 2019 или 2020", "2018, 2019 же 2020", "2018, 2019 or 2020"),
        (
            "[2019-10-23,2019-11-23]",
            "23 октября 2019\u202fг. или 23 ноября 2019\u202fг.",
            "2019-ж., 23-октябрь же 2019-ж., 23-ноябрь",
            "October 23, 2019 or November 23, 2019",
        ),
        (
            "2019-10-23/2019-11-23",
            "не ранее 23 октября 2019\u202fг. и не позднее 23 ноября 2019\u202fг.",
            "2019-ж., 23-октябрь жана 2019-ж., 23-ноябрь аралыгында",
            "between October 23, 2019 and November 23, 2019",
        ),
        (
            "2019-10/2019-11",
            "не ранее октября 2019\u202fг. и не позднее ноября 2019\u202fг.",
            "2019-ж., октябрь жана 2019-ж., ноябрь аралыгында",
            "between October 2019 and November 2019",
        ),
    ],
)
def test_each_form_reads_back_unchanged_and_says_how_it_is_open(text, ru, ky, en):
    value = parse_date(text)
    assert isinstance(value, UncertainDate)
    assert value.isoformat() == text
    shown = {}
    for language in ("ru", "ky", "en"):
        with translation.override(language):
            shown[language] = value.display()
    assert shown == {"ru": ru, "ky": ky, "en": en}


def test_a_set_of_months_after_a_preposition_takes_the_genitive():
    value = parse_date("[2019-11,2020-11]")
    with translation.override("ru"):
        assert value.display() == "ноябрь 2019 или 2020\u202fг."
        assert value.display_governed() == "ноября 2019 или 2020\u202fг."


def test_bounds_are_the_earliest_and_latest_day_it_may_be():
    value = parse_date("[2019-11,2020-11-23]")
    assert (value.first_day(), value.last_day()) == (
        datetime.date(2019, 11, 1),
        datetime.date(2020, 11, 23),
    )
    assert parse_date("2019~").last_day() == datetime.date(2019, 12, 31)
    assert parse_date("2020-02") == PartialDate(2020, 2)  # a plain date stays a PartialDate


def test_open_dates_sort_by_their_earliest_reading():
    texts = ["2020-03", "[2019-11-23,2020-11-23]", "2019-12~", "2019-11-23", "2019"]
    assert [str(value) for value in sorted(map(parse_date, texts))] == [
        "2019",
        "2019-11-23",
        "[2019-11-23,2020-11-23]",
        "2019-12~",
        "2020-03",
    ]


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("[2020-11-23,2019-11-23]", "write the dates of a set once each, earliest first"),
        ("[2019,2019]", "write the dates of a set once each, earliest first"),
        ("2019-11-23/2019-10-23", "an interval's start must come before its end"),
        ("[2019-02-30,2020-02-28]", "'2019-02-30' is not a date in the calendar"),
        ("2019-11-23??", "is not a date: YYYY, YYYY-MM or YYYY-MM-DD, or in EDTF"),
        ("[2019-11-23]", "is not a date: YYYY, YYYY-MM or YYYY-MM-DD, or in EDTF"),
        ("2019/..", "is not a date: YYYY, YYYY-MM or YYYY-MM-DD, or in EDTF"),
        ("201X", "is not a partial date"),
    ],
)
def test_a_value_outside_the_forms_is_refused_saying_why(text, complaint):
    with pytest.raises(ValueError, match=complaint.replace("?", r"\?").replace("[", r"\[")):
        parse_date(text)


@pytest.mark.django_db
def test_the_model_form_check_names_the_field():
    event = EventFactory.build(start="[2020-11-23,2019-11-23]")
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert error.value.message_dict["start"] == [
        "'[2020-11-23,2019-11-23]': write the dates of a set once each, earliest first"
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "end", "allowed"),
    [
        ("[2019-11-23,2020-11-23]", "2021", True),
        ("2020-03", "[2019,2020]", True),  # it may have ended some time in 2020
        ("2019-10/2019-12", "2019-11", True),
        ("2021", "[2019,2020]", False),
        ("2020-03~", "2020-02", False),
    ],
)
def test_an_end_is_refused_only_when_it_cannot_come_after_the_start(start, end, allowed):
    event = EventFactory.build(start=start, end=end)
    if allowed:
        event.full_clean()
        event.save()  # the database's check agrees
    else:
        with pytest.raises(ValidationError) as error:
            event.full_clean()
        assert list(error.value.message_dict) == ["end"]


@pytest.mark.django_db
class TestInTheDatabase:
    @pytest.fixture
    def events(self):
        texts = [
            "2018",
            "[2019-11-23,2020-11-23]",
            "2019-12-20/2020-01-10",
            "2019-11~",
            "2020-03?",
            "[2016,2017]",
            "2021",
        ]
        return [
            EventFactory(slug=f"event-{number}", start=text) for number, text in enumerate(texts)
        ]

    def starts(self, queryset):
        return {str(event.start) for event in queryset}

    def test_reads_back_what_was_written(self, events):
        assert str(Event.objects.get(slug="event-1").start) == "[2019-11-23,2020-11-23]"
        assert Event.objects.get(slug="event-1").start.kind == UncertainDate.ONE_OF

    def test_sorts_by_the_earliest_reading(self, events):
        ordered = Event.objects.filter(slug__in=[e.slug for e in events])
        assert [str(start) for start in ordered.values_list("start", flat=True)] == [
            "2021",
            "2020-03?",
            "2019-12-20/2020-01-10",
            "[2019-11-23,2020-11-23]",
            "2019-11~",
            "2018",
            "[2016,2017]",
        ]
        ascending = ordered.order_by(chronological("start"))
        assert [str(event.start) for event in ascending][:3] == ["[2016,2017]", "2018", "2019-11~"]

    @pytest.mark.parametrize(
        ("lookup", "year", "found"),
        [
            ("exact", 2019, {"[2019-11-23,2020-11-23]", "2019-12-20/2020-01-10", "2019-11~"}),
            ("exact", 2020, {"[2019-11-23,2020-11-23]", "2019-12-20/2020-01-10", "2020-03?"}),
            ("exact", 2017, {"[2016,2017]"}),
            ("exact", 2018, {"2018"}),
            ("gte", 2020, {"[2019-11-23,2020-11-23]", "2019-12-20/2020-01-10", "2020-03?", "2021"}),
            ("gt", 2020, {"2021"}),
            ("lte", 2018, {"2018", "[2016,2017]"}),
            ("lt", 2018, {"[2016,2017]"}),
        ],
    )
    def test_a_year_finds_every_value_that_may_fall_in_it(self, events, lookup, year, found):
        assert self.starts(Event.objects.filter(**{f"start__year__{lookup}": year})) == found

    def test_the_lists_sort_by_date_in_time(self, events, client):
        response = client.get("/api/v1/events/", {"ordering": "date", "page_size": 3})
        starts = [event["start"] for event in json.loads(response.content)["results"]]
        assert starts == ["[2016,2017]", "2018", "2019-11~"]

    def test_the_database_refuses_what_is_no_date(self, events):
        from django.db import IntegrityError, transaction

        with pytest.raises(IntegrityError), transaction.atomic():
            Event.objects.filter(slug="event-0").update(start="23 ноября")


# The seed: the Union of LSG article gives «Сегодня, 23 ноября» and no year.


def test_the_union_meeting_is_shown_in_either_year(seeded, client):  # noqa: F811
    page = {
        language: text_of(client.get(f"/{language}/events/{MEETING}/"))
        for language in ("ru", "ky", "en")
    }
    assert "Дата 23 ноября 2019 или 2020 г." in page["ru"]
    assert "2019 же 2020-ж., 23-ноябрь" in page["ky"]
    assert "Date November 23, 2019 or 2020" in page["en"]


def test_the_union_meeting_is_listed_under_2019_and_2020(seeded, client):  # noqa: F811
    for year in ("2019", "2020"):
        response = client.get("/ru/events/", {"year": year})
        assert MEETING in [event.slug for event in response.context["object_list"]]
    response = client.get("/ru/events/", {"year": "2021"})
    assert MEETING not in [event.slug for event in response.context["object_list"]]


def test_the_api_carries_the_edtf_text_unchanged(seeded, client):  # noqa: F811
    event = json.loads(client.get(f"/api/v1/events/{MEETING}/").content)
    source = json.loads(client.get(f"/api/v1/sources/{UNION}/").content)
    assert event["start"] == "[2019-11-23,2020-11-23]"
    assert source["published_on"] == "[2019-11-23,2020-11-23]"
    assert Source.objects.get(slug=UNION).published_on.kind == UncertainDate.ONE_OF


def test_an_import_refuses_a_bad_open_date_naming_the_field(db, tmp_path):
    def bad_date(records):
        records[find(records, "source", UNION)]["fields"]["published_on"] = "[2020,2019]"

    message = failing_import(write(tmp_path, corrupted(bad_date)))
    assert (
        f"(initiatives.source «{UNION}»), field 'published_on': "
        "'[2020,2019]': write the dates of a set once each, earliest first"
    ) in message


def test_the_feed_and_the_admin_say_both_years(seeded, client, editor_client):  # noqa: F811
    assert "23 ноября 2019 или 2020\u202fг." in client.get("/ru/feed.atom").content.decode()
    with translation.override("ky"):
        admin_list = editor_client.get(admin_url(Event, "changelist"), HTTP_ACCEPT_LANGUAGE="ky")
    assert "2019 же 2020-ж., 23-ноябрь" in admin_list.content.decode()
