"""A status is a dated, cited fact: what a source said, as of when. Pages, lists, the admin and
the API show the latest report the reader may see, with its date and source, and never a 2020
fact as if it were true today."""

import datetime
import re

import pytest
from django.test import Client

from initiatives import models
from initiatives.partial_dates import PartialDate
from tests import factories as f
from tests.test_admin import admin_url
from tests.test_seed_data import load_fixtures

TODAY = datetime.date(2026, 12, 2)


@pytest.fixture
def seeded(db):
    load_fixtures()


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr("initiatives.clock.today", lambda: TODAY)
    return TODAY


def section(page, heading_id):
    """The HTML of the page's <section> labelled by `heading_id`."""
    match = re.search(rf'<section aria-labelledby="{heading_id}">(.*?)</section>', page, re.DOTALL)
    assert match, heading_id
    return match.group(1)


def test_the_seed_initiative_shows_its_status_as_of_its_source_and_is_overdue(seeded, client):
    page = client.get("/ru/initiatives/sanarip-aimak/").text

    status = re.search(r"<dt>Статус</dt><dd>(.*?)</dd>", page, re.DOTALL).group(1)
    assert "Реализация" in status
    assert "по состоянию на 25 февраля 2020" in status
    assert "Жээнбеков вызвал главу Госагентства" in status  # the source's title
    assert "в восьми айыл окмоту в пилотном режиме начата реализация" in status  # its quote
    # Target 484 by the end of 2020, latest value 8: the date has passed without the target.
    assert "срок 31 декабря 2020" in page


def test_a_planned_event_whose_date_passed_is_not_listed_as_upcoming(seeded, client):
    home = client.get("/ru/").text
    assert "national-dialogue-forum-2020" not in section(home, "upcoming-heading")

    page = client.get("/ru/events/national-dialogue-forum-2020/").text
    status = re.search(r"<dt>Статус</dt><dd>(.*?)</dd>", page, re.DOTALL).group(1)
    assert "планировалось на март 2020" in status
    assert "нет сообщений о том, что оно состоялось" in status
    assert "по состоянию на 25 февраля 2020" in status


def test_a_planned_event_still_to_come_is_listed_as_upcoming(db, client):
    source = f.SourceFactory(published_on=PartialDate(2026, 11, 1))
    f.EventFactory(
        slug="forum-2027", start=PartialDate(2027, 3), status="planned", status__source=source
    )
    f.EventFactory(slug="forum-this-month", start=PartialDate(2026, 12), status="planned")

    upcoming = section(client.get("/ru/").text, "upcoming-heading")

    assert "/ru/events/forum-2027/" in upcoming
    assert "/ru/events/forum-this-month/" in upcoming  # December 2026 is not over


def test_a_date_left_open_has_passed_when_its_latest_reading_has(db, client):
    """The home page's upcoming events and an event's page read one rule: a planned date has
    passed when the last day it may be is. «23 ноября 2019 или 2020 г.» has; a span to 2027
    has not, though it began in 2025."""
    f.EventFactory(slug="either-year", start="[2019-11-23,2020-11-23]", status="planned")
    f.EventFactory(slug="until-2027", start="2025/2027", status="planned")

    upcoming = section(client.get("/ru/").text, "upcoming-heading")
    assert "/ru/events/either-year/" not in upcoming
    assert "/ru/events/until-2027/" in upcoming

    passed = "нет сообщений о том, что оно состоялось"
    assert passed in client.get("/ru/events/either-year/").text
    assert passed not in client.get("/ru/events/until-2027/").text


def test_the_home_page_figures_describe_the_registry_not_the_servers_year(seeded, client):
    home = client.get("/ru/").text
    assert "2026" not in home
    # The Union of LSG reports are of 23 November 2019 or 2020: a date sorts by its earliest
    # reading, so the newest report is the Kabar item's of 27 August 2020.
    assert "Самый новый отчёт о статусе в реестре — по состоянию на 27 августа 2020\u202fг." in home
    figures = section(home, "figures-heading")
    unreported = models.Initiative.objects.filter(status_reports__isnull=True).count()
    assert unreported == 3  # the two Osh presentations and 2019's themed year
    assert f"источники не сообщают статус: {unreported}" in figures


def test_a_record_no_source_gives_a_status_for_says_so(seeded, client):
    page = client.get("/ru/initiatives/e-ticketing-osh/").text
    status = re.search(r"<dt>Статус</dt><dd>(.*?)</dd>", page, re.DOTALL).group(1)
    # Beside its label the line does not name the status again, and agrees with «статус».
    assert status.strip() == '<span class="status status-none">не указан в источниках</span>'
    listing = client.get("/ru/initiatives/?q=билетирования").text
    assert "статус в источниках не указан" in listing


def test_the_latest_report_wins_and_a_report_on_a_draft_source_waits(db, editor_client):
    initiative = f.InitiativeFactory(slug="pilot", status="pipeline")
    draft = f.SourceFactory(is_published=False, published_on=PartialDate(2021, 6))
    f.reported_status(initiative, True, "implementation", source=draft)

    public = Client().get("/ru/initiatives/pilot/").text
    staff = editor_client.get("/ru/initiatives/pilot/").text

    assert "Идентификация" in public and "Реализация" not in public
    assert "Реализация" in staff and "по состоянию на июнь 2021" in staff
    hidden = Client().get("/ru/initiatives/", {"status": "implementation"})
    assert list(hidden.context["object_list"]) == []
    listed = editor_client.get("/ru/initiatives/", {"status": "implementation"})
    assert [record.slug for record in listed.context["object_list"]] == ["pilot"]


def test_the_api_gives_the_status_with_its_date_and_source_and_every_report(seeded, client):
    record = client.get("/api/v1/initiatives/sanarip-aimak/").json()
    assert record["status"] == {
        "status": "implementation",
        "as_of": "2020-02-25",
        "source": "president-receives-saliev-2020-02-25",
        "quote": "в восьми айыл окмоту в пилотном режиме начата реализация проекта «Санарип аймак»",
    }
    assert record["status_reports"] == [record["status"]]
    unreported = client.get("/api/v1/initiatives/e-ticketing-osh/").json()
    assert (unreported["status"], unreported["status_reports"]) == (None, [])


def test_staff_see_the_status_with_its_date_in_the_list_and_edit_the_reports(seeded, editor_client):
    listing = editor_client.get(admin_url(models.Initiative, "changelist")).text
    assert "по состоянию на 25 февраля 2020" in listing
    filtered = editor_client.get(admin_url(models.Initiative, "changelist"), {"status": "pipeline"})
    assert [record.slug for record in filtered.context["cl"].result_list] == [
        "reform-of-republican-city-mayoralties"
    ]
    initiative = models.Initiative.objects.get(slug="sanarip-aimak")
    form = editor_client.get(admin_url(models.Initiative, "change", initiative.pk))
    inlines = [inline.formset.model for inline in form.context["inline_admin_formsets"]]
    assert models.InitiativeStatusReport in inlines
    assert "по состоянию на 25 февраля 2020" in form.text


def list_slugs(response):
    return sorted(record.slug for record in response.context["object_list"])


def test_lists_filter_what_needs_a_newer_source(seeded, client):
    overdue = client.get("/ru/initiatives/", {"overdue": "true"})
    assert list_slugs(overdue) == ["sanarip-aimak"]
    unreported = client.get("/ru/events/", {"plan_passed": "true"})
    assert list_slugs(unreported) == ["national-dialogue-forum-2020"]
    before = client.get("/ru/projects/", {"reported_before": "2020"})
    assert list_slugs(before) == ["better-local-services", "voice-of-citizens-budget-process"]
    api = client.get("/api/v1/initiatives/", {"reported_before": "2020-03", "overdue": "true"})
    assert [record["slug"] for record in api.json()["results"]] == ["sanarip-aimak"]


def test_a_malformed_date_in_the_filter_is_named(seeded, client):
    response = client.get("/ru/initiatives/", {"reported_before": "2020-13"})
    assert response.status_code == 200
    [error] = response.context["filter"].form.errors["reported_before"]
    assert error == "'2020-13' is not a date in the calendar"
    assert list(response.context["object_list"]) == []
    assert client.get("/api/v1/initiatives/", {"reported_before": "soon"}).status_code == 400


def test_staff_have_a_queue_of_records_that_need_a_newer_source(seeded, editor_client):
    def queue(model, needs):
        response = editor_client.get(admin_url(model, "changelist"), {"needs": needs})
        assert response.status_code == 200
        return sorted(record.slug for record in response.context["cl"].result_list)

    assert queue(models.Initiative, "unreported") == [
        "e-ticketing-osh",
        "municipal-private-partnership-osh",
        "year-of-regions-and-digitalisation-2019",
    ]
    assert queue(models.Initiative, "overdue") == ["sanarip-aimak"]
    assert queue(models.Event, "plan_passed") == ["national-dialogue-forum-2020"]
    # Two years before 2 December 2026: every seed report is older.
    assert len(queue(models.DonorProject, "old")) == 3


def test_the_timeline_tells_the_story_in_date_order(seeded, client):
    response = client.get("/ru/initiatives/sanarip-aimak/")
    entries = [
        (kind, date.isoformat() if date else None)
        for kind, date, _entry in response.context["timeline"]
    ]
    assert ("status", "2020-02-25") in entries
    assert ("measurement", "2020-02-25") in entries
    dates = [date for _kind, date in entries if date]
    assert dates == sorted(dates)
    timeline = section(response.text, "timeline-heading")
    assert "Статус по данным источника: реализация" in timeline
    assert "/ru/sources/president-receives-saliev-2020-02-25/" in timeline


ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_feed_dates_a_value_by_when_it_entered_and_says_when_it_held(seeded, client):
    from xml.etree import ElementTree

    from django.utils import timezone

    indicator = models.Indicator.objects.get(slug="aiyl-okmotu")
    source = models.Source.objects.get(slug="president-receives-saliev-2020-02-25")
    before = timezone.now().replace(microsecond=0)
    # Entered today (with its history, as the admin and the API do), about January 2020.
    models.Measurement(
        indicator=indicator,
        value=5,
        as_of=PartialDate(2020, 1),
        source=source,
        quote="в восьми айыл окмоту в пилотном режиме",
    ).save()

    feed = ElementTree.fromstring(client.get("/ru/feed.atom").content)
    [entry] = [
        entry
        for entry in feed.iter(f"{ATOM}entry")
        if entry.findtext(f"{ATOM}title").endswith("— 5")
    ]
    updated = datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
    assert updated >= before
    assert entry.findtext(f"{ATOM}summary").startswith("январь 2020\u202fг.")
    # The first entry is the newest entered, whatever date its fact holds for.
    assert next(feed.iter(f"{ATOM}entry")) is entry


def test_a_percent_sign_in_a_date_filter_is_a_400_not_a_500(db, client):
    response = client.get("/api/v1/initiatives/", {"reported_before": "%s%d"})
    assert response.status_code == 400
    assert response.json() == {
        "reported_before": [
            "'%s%d' is not a date: YYYY, YYYY-MM or YYYY-MM-DD, or in EDTF 2019-11-23?, "
            "2019-11~, 2019-11%, [2019-11-23,2020-11-23] or 2019-10-23/2019-11-23"
        ]
    }


def test_every_list_row_says_when_the_status_was_last_reported(seeded, client):
    for url, slug in [
        ("/ru/initiatives/", "sanarip-aimak"),
        ("/ru/projects/", "jigerduu-jarandar"),
        ("/ru/events/", "lsg-pandemic-online-meeting-2020"),
    ]:
        page = client.get(url).text
        row = re.search(rf'<li>(?:(?!</li>).)*/{slug}/".*?</li>', page, re.DOTALL)
        assert row, (url, slug)
        assert "по состоянию на" in row.group(0), url
