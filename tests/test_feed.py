"""The Atom feed as a feed reader and the W3C feed validator read it (RFC 4287, RFC 4151):
an author on every entry, ids that do not follow the host, `updated` when the entry changed,
and the language of a text that falls back to another one."""

import datetime
from xml.etree import ElementTree

import pytest

from initiatives import models
from initiatives.feeds import ITEMS
from initiatives.partial_dates import PartialDate
from tests.factories import EventFactory, MeasurementFactory, SourceFactory

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LANGUAGES = ["ru", "ky", "en"]
REGISTRY = {
    "ru": "Реестр реформы МСУ",
    "ky": "ЖӨБ реформасынын реестри",
    "en": "LSG reform registry",
}


@pytest.fixture
def other_host(settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver", "other.example"]


@pytest.fixture
def registry(db):
    event = EventFactory(
        slug="forum-2019", name_ru="Форум", name_ky="Форум", name_en="Forum", status="held"
    )
    # A name only in Kyrgyz: the Russian and English feeds show it in Kyrgyz.
    kyrgyz = EventFactory(slug="jyiyn", name_ru="", name_ky="Жыйын", name_en="", status="held")
    measurement = MeasurementFactory(
        indicator__initiative__slug="sanarip-aimak",
        indicator__initiative__name_ru="Санарип аймак",
        indicator__initiative__name_ky="Санарип аймак",
        indicator__initiative__name_en="Sanarip Aimak",
        indicator__slug="aiyl-okmotu",
        indicator__name_ky="айыл өкмөтү",
        indicator__name_en="aiyl okmotu",
    )
    return {"event": event, "kyrgyz": kyrgyz, "measurement": measurement}


def feed(client, language, **headers):
    response = client.get(f"/{language}/feed.atom", **headers)
    assert response.status_code == 200
    return ElementTree.fromstring(response.content)


def entries(document):
    """{entry id: entry}"""
    return {entry.findtext(f"{ATOM}id"): entry for entry in document.iter(f"{ATOM}entry")}


def updated(entry):
    return datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_has_the_registry_as_its_author(registry, client, language):
    document = feed(client, language)
    assert document.find(f"{ATOM}author") is None
    authors = [
        entry.findtext(f"{ATOM}author/{ATOM}name") for entry in document.iter(f"{ATOM}entry")
    ]
    assert authors == [REGISTRY[language]] * 3


@pytest.mark.parametrize("language", LANGUAGES)
def test_ids_are_tags_that_do_not_follow_the_host(registry, client, other_host, language):
    here = feed(client, language)
    elsewhere = feed(client, language, HTTP_HOST="other.example")

    assert here.findtext(f"{ATOM}id") == f"tag:lsg-registry.kg,2026:feed/{language}"
    assert elsewhere.findtext(f"{ATOM}id") == here.findtext(f"{ATOM}id")
    assert sorted(entries(here)) == [
        "tag:lsg-registry.kg,2026:event/forum-2019",
        "tag:lsg-registry.kg,2026:event/jyiyn",
        "tag:lsg-registry.kg,2026:measurement/sanarip-aimak/aiyl-okmotu/2020-02-25",
    ]
    assert sorted(entries(elsewhere)) == sorted(entries(here))
    # The links do follow the host: they are where the reader goes.
    link = elsewhere.find(f"{ATOM}entry/{ATOM}link").get("href")
    assert link.startswith("http://other.example/")


def test_the_tag_authority_is_a_setting(registry, client, settings):
    settings.FEED_TAG_AUTHORITY = "registry.example.kg"
    assert feed(client, "ru").findtext(f"{ATOM}id") == "tag:registry.example.kg,2026:feed/ru"


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_entry_is_updated_when_its_record_changed(registry, client, language):
    event = registry["event"]
    changed = datetime.datetime(2026, 3, 4, 5, 6, 7, tzinfo=datetime.UTC)
    models.Event.objects.filter(pk=event.pk).update(updated_at=changed)
    # Its status was reported before.
    models.EventStatusReport.history.filter(event_id=event.pk).update(
        history_date=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    )
    event.refresh_from_db()
    measurement = registry["measurement"]
    edited = measurement.history.latest("history_date").history_date

    by_id = entries(feed(client, language))
    assert updated(by_id["tag:lsg-registry.kg,2026:event/forum-2019"]) == event.updated_at
    key = "tag:lsg-registry.kg,2026:measurement/sanarip-aimak/aiyl-okmotu/2020-02-25"
    assert updated(by_id[key]) == edited
    assert updated(by_id["tag:lsg-registry.kg,2026:event/jyiyn"]) != event.updated_at


def test_a_new_status_report_updates_its_event(registry, client):
    event = registry["event"]
    models.Event.objects.filter(pk=event.pk).update(
        updated_at=datetime.datetime(2026, 3, 4, tzinfo=datetime.UTC)
    )
    report = models.EventStatusReport.objects.create(
        event=event,
        status="cancelled",
        source=SourceFactory(),
        as_of=PartialDate(2020, 3),
        quote="форум отменён",
    )
    reported = report.history.latest("history_date").history_date

    entry = entries(feed(client, "ru"))["tag:lsg-registry.kg,2026:event/forum-2019"]
    assert updated(entry) == reported
    assert entry.findtext(f"{ATOM}summary") == "Семинар, Отменено 19 декабря 2019\u202fг."


def test_the_feed_holds_the_events_changed_last_by_record_or_by_report(db, client):
    """More events than the feed holds: it keeps the ones changed last, whether their record
    or a status report changed, and drafts' reports do not crowd them out."""
    base = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    events = [EventFactory(slug=f"event-{n}", status="held") for n in range(ITEMS + 10)]
    for n, event in enumerate(events):
        models.Event.objects.filter(pk=event.pk).update(
            updated_at=base + datetime.timedelta(days=n)
        )
        models.EventStatusReport.history.filter(event_id=event.pk).update(history_date=base)
    # The oldest record, with the newest status report; a draft's reports newer still.
    oldest = events[0]
    models.EventStatusReport.history.filter(event_id=oldest.pk).update(
        history_date=base + datetime.timedelta(days=100)
    )
    draft = EventFactory(slug="draft", status="held", is_published=False)
    for _ in range(5 * ITEMS):
        models.EventStatusReport.objects.create(
            event=draft, status="held", source=SourceFactory(), as_of=PartialDate(2020), quote="."
        )

    slugs = [
        entry.findtext(f"{ATOM}id").rsplit("/", 1)[1]
        for entry in feed(client, "ru").iter(f"{ATOM}entry")
    ]
    assert slugs[0] == "event-0"
    newest_records = [f"event-{n}" for n in range(ITEMS + 9, 10, -1)]
    assert slugs[1:ITEMS] == newest_records[: ITEMS - 1]
    assert "draft" not in slugs


@pytest.mark.parametrize(("language", "marked"), [("ru", "ky"), ("ky", None), ("en", "ky")])
def test_an_entry_in_another_language_says_which(registry, client, language, marked):
    document = feed(client, language)
    by_id = entries(document)
    assert document.get(XML_LANG) == language
    kyrgyz = by_id["tag:lsg-registry.kg,2026:event/jyiyn"]
    assert kyrgyz.findtext(f"{ATOM}title") == "Жыйын"
    assert kyrgyz.get(XML_LANG) == marked
    assert by_id["tag:lsg-registry.kg,2026:event/forum-2019"].get(XML_LANG) is None
