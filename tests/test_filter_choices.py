"""The filter forms' dropdowns: each names what choosing nothing shows, and the year is a list
of the years in which the list finds something, not a box to guess years in."""

import datetime
import re
from html import unescape

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from initiatives.partial_dates import PartialDate
from tests import factories as f
from tests.test_seed_data import load_fixtures

TODAY = datetime.date(2026, 12, 2)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr("initiatives.clock.today", lambda: TODAY)


def selects(client, url, **params):
    """Each dropdown of the page's filter form: name → [(value, text), ...]."""
    html = client.get(url, params).content.decode()
    return {
        name: [
            (value, unescape(text))
            for value, text in re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', body)
        ]
        for name, body in re.findall(r'<select name="(\w+)"[^>]*>(.*?)</select>', html, re.S)
    }


def first_options(client, url):
    return {name: options[0][1] for name, options in selects(client, url).items()}


def offered_years(client, url, **params):
    return [int(value) for value, _text in selects(client, url, **params)["year"] if value]


def found(client, url, **params):
    html = client.get(url, params).content.decode()
    return int(re.search(r'class="results-count">\D*(\d+)', html).group(1))


# What choosing nothing shows.

LISTS = ["initiatives", "events", "projects", "documents", "sources", "organizations"]


@pytest.mark.parametrize("language", ["ru", "ky", "en"])
def test_no_dropdown_shows_a_row_of_dashes(db, client, language):
    for path in [*LISTS, "people", "territories", "topics"]:
        html = client.get(f"/{language}/{path}/").content.decode()
        assert "<select" in html
        assert "---------" not in html, path


def test_initiative_filters_name_what_they_leave_open_in_russian_and_kyrgyz(db, client):
    assert first_options(client, "/ru/initiatives/") == {
        "kind": "любой вид",
        "status": "любой статус",
        "overdue": "все инициативы",
        "role": "любая роль",
        "year": "любой год",
        "ordering": "название",
    }
    assert first_options(client, "/ky/initiatives/") == {
        "kind": "каалаган түр",
        "status": "каалаган абал",
        "overdue": "бардык демилгелер",
        "role": "каалаган роль",
        "year": "каалаган жыл",
        "ordering": "аталышы",
    }


def test_event_filters_name_what_they_leave_open_and_the_newest_first_order(db, client):
    assert first_options(client, "/ru/events/") == {
        "kind": "любой вид",
        "status": "любой статус",
        "plan_passed": "все мероприятия",
        "role": "любая роль",
        "year": "любой год",
        "ordering": "дата (по убыванию)",
    }
    assert first_options(client, "/ky/events/") == {
        "kind": "каалаган түр",
        "status": "каалаган абал",
        "plan_passed": "бардык иш-чаралар",
        "role": "каалаган роль",
        "year": "каалаган жыл",
        "ordering": "датасы (кемүү тартибинде)",
    }
    assert first_options(client, "/en/sources/") == {
        "language": "any language",
        "year": "any year",
        "ordering": "date (descending)",
    }


def test_the_sort_order_shown_is_the_order_of_the_list(db, client):
    """No choice is the list's own order, so the form names it: newest events first."""
    f.EventFactory(slug="older", start=PartialDate(2018))
    f.EventFactory(slug="newer", start=PartialDate(2021))
    html = client.get("/en/events/").content.decode()
    assert html.index("/en/events/newer/") < html.index("/en/events/older/")
    ordering = selects(client, "/en/events/")["ordering"]
    assert ordering[0] == ("-date", "date (descending)")


def test_a_yes_no_filter_left_open_says_all_and_filters_nothing(db, client):
    f.InitiativeFactory()
    overdue = selects(client, "/ru/initiatives/")["overdue"]
    assert overdue == [("unknown", "все инициативы"), ("true", "Да"), ("false", "Нет")]
    assert found(client, "/ru/initiatives/", overdue="unknown") == 1
    assert found(client, "/ru/initiatives/", overdue="true") == 0


# The years offered.


def test_initiative_years_are_those_the_year_filter_finds_something_in(db, viewer_client):
    client = Client()  # the public; viewer_client is signed in
    f.InitiativeFactory(planned_start=PartialDate(2015), planned_end=PartialDate(2017, 6))
    measured = f.InitiativeFactory()
    indicator = f.IndicatorFactory(initiative=measured, target_date=PartialDate(2022))
    f.MeasurementFactory(indicator=indicator, as_of=PartialDate(2021, 3))
    # A value from an article still in draft is not the public's.
    f.MeasurementFactory(
        indicator=indicator, as_of=PartialDate(2023), source=f.SourceFactory(is_published=False)
    )
    f.EventFactory(start=PartialDate(2012, 5)).initiatives.add(f.InitiativeFactory())
    f.EventFactory(start=PartialDate(2010))  # at no initiative
    f.InitiativeFactory(
        is_published=False, planned_start=PartialDate(2030), planned_end=PartialDate(2031)
    )

    offered = offered_years(client, "/ru/initiatives/")
    assert offered == [2022, 2021, 2017, 2016, 2015, 2012]
    for year in range(2005, TODAY.year + 1):
        assert (found(client, "/ru/initiatives/", year=year) > 0) == (year in offered), year
    # Staff see drafts, and the years only drafts have.
    assert offered_years(viewer_client, "/ru/initiatives/") == [
        2031,
        2030,
        2023,
        2022,
        2021,
        2017,
        2016,
        2015,
        2012,
    ]


def test_an_initiative_under_way_offers_every_year_up_to_this_one(db, client):
    f.InitiativeFactory(actual_start=PartialDate(2024, 9))
    assert offered_years(client, "/ru/initiatives/") == [2026, 2025, 2024]


def test_an_event_without_an_end_took_place_in_its_start_year_only(db, client):
    f.EventFactory(slug="one-day", start=PartialDate(2019, 2))
    f.EventFactory(slug="long", start=PartialDate(2020, 3, 1), end=PartialDate(2021, 1))
    f.EventFactory(slug="draft", start=PartialDate(2015), is_published=False)
    assert offered_years(client, "/ru/events/") == [2021, 2020, 2019]
    assert found(client, "/ru/events/", year=2019) == 1
    assert found(client, "/ru/events/", year=2020) == 1  # not the one-day event of 2019
    assert found(client, "/ru/events/", year=2025) == 0


def listed_events(client, **params):
    html = client.get("/ru/events/", params).content.decode()
    return set(re.findall(r'href="/ru/events/([\w-]+)/"', html))


def test_an_event_is_found_in_every_year_it_was_under_way_with_or_without_a_start(db, client):
    # The year filter reads index ranges (filters.occurs_in): those that start in the year,
    # and those that run past their first year or have no start, by their end.
    f.EventFactory(slug="no-start", start=None, end=PartialDate(2020, 5))
    f.EventFactory(slug="long", start=PartialDate(2018, 11), end=PartialDate(2021, 2))
    f.EventFactory(slug="one-day", start=PartialDate(2019, 6))
    f.EventFactory(slug="in-2020", start=PartialDate(2020, 9, 1), end=PartialDate(2020, 9, 3))
    f.EventFactory(slug="later", start=PartialDate(2022))
    assert listed_events(client, year=2018) == {"long"}
    assert listed_events(client, year=2019) == {"long", "one-day"}
    assert listed_events(client, year=2020) == {"no-start", "long", "in-2020"}
    assert listed_events(client, year=2021) == {"long"}
    assert listed_events(client, year=2022) == {"later"}
    assert found(client, "/ru/events/", year=2020) == 3


def test_documents_sources_and_projects_offer_the_years_of_their_dates(db, client):
    f.DocumentFactory(issued_on=PartialDate(2018, 4))
    f.DocumentFactory(issued_on=None)
    f.SourceFactory(published_on=PartialDate(2019))
    f.DonorProjectFactory(start=PartialDate(2016), end=PartialDate(2018))
    assert offered_years(client, "/ru/documents/") == [2018]
    assert offered_years(client, "/ru/sources/") == [2019]
    assert offered_years(client, "/ru/projects/") == [2018, 2017, 2016]


def test_seed_registry_years(db, client):
    load_fixtures()
    assert offered_years(client, "/ru/initiatives/") == [2020, 2019]
    assert offered_years(client, "/ru/events/") == [2020, 2019]
    assert offered_years(client, "/ru/sources/") == [2020, 2019]


def test_a_year_asked_for_without_data_stays_chosen(db, client):
    f.SourceFactory(published_on=PartialDate(2019))
    options = selects(client, "/ru/sources/", year="2005")["year"]
    assert options == [("", "любой год"), ("2005", "2005"), ("2019", "2019")]
    html = client.get("/ru/sources/", {"year": "2005"}).content.decode()
    assert '<option value="2005" selected>' in html
    assert found(client, "/ru/sources/", year="2005") == 0
    # Text that is no year is an error next to the field, not a choice.
    response = client.get("/ru/sources/", {"year": "<b>abc"})
    assert response.status_code == 200
    assert selects(client, "/ru/sources/", year="<b>abc")["year"] == [
        ("", "любой год"),
        ("2019", "2019"),
    ]
    assert "Введите число." in response.content.decode()


@override_settings(REGISTRY_CACHE=True)
def test_years_are_read_once_per_registry_version(db, client):
    from django.core.cache import cache

    cache.clear()
    f.MeasurementFactory(as_of=PartialDate(2021))

    def years_queries(**params):
        with CaptureQueriesContext(connection) as queries:
            years = offered_years(client, "/ru/initiatives/", **params)
        return years, sum("UNION" in query["sql"] for query in queries)

    assert years_queries() == ([2021, 2020], 1)  # 2020: the indicator's target date
    # Another address (the page cache does not have it), the same registry: no query.
    assert years_queries(kind="pilot") == ([2021, 2020], 0)
    # An edit is a new version: its year is offered at once.
    f.MeasurementFactory(as_of=PartialDate(2023))
    assert years_queries(kind="pilot") == ([2023, 2021, 2020], 1)
    cache.clear()
