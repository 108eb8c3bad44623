"""Answers cached by registry version (initiatives/caching.py), in the database's cache table
and in a real Redis server: built once per version, never stale after an edit, 304 when the
reader has them, never shared with staff."""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client, RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from initiatives import caching, models
from initiatives.models import RegistryVersion
from initiatives.partial_dates import PartialDate
from tests import factories as f

DATABASE_CACHE = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "registry_cache_test",
}


@pytest.fixture(params=["database", "redis"])
def cached(request, db):
    """The answer cache on, in the database or in Redis."""
    if request.param == "redis":
        backend = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": request.getfixturevalue("redis_server"),
        }
    else:
        backend = DATABASE_CACHE
    with override_settings(REGISTRY_CACHE=True, CACHES={"default": backend}):
        if request.param == "database":
            call_command("createcachetable", verbosity=0)
        from django.core.cache import cache

        cache.clear()
        yield request.param
        cache.clear()


@pytest.fixture
def registry(db):
    initiative = f.InitiativeFactory(slug="pilot", name_ru="Пилот", status="implementation")
    f.MeasurementFactory(indicator__initiative=initiative)
    f.EventFactory(slug="seminar", name_ru="Семинар по бюджету")
    return initiative


DOORS = [
    "/ru/",
    "/ru/initiatives/",
    "/ru/initiatives/pilot/",
    "/api/v1/initiatives/",
    "/api/v1/initiatives/pilot/",
    "/api/v1/schema/",
    "/ru/feed.atom",
    "/sitemap-initiative.xml",
    "/data/initiative/pilot.json",
    "/data/csv/initiative.csv",
    "/data/registry.json",
    "/data/registry.zip",
    "/api/v1/export/",
]


def text(content):
    return content.decode("utf-8", errors="replace")


def registry_tables_read(queries):
    """The registry's tables a request read, besides its version."""
    return {
        table
        for query in queries
        for table in re.findall(r'"(initiatives_\w+)"', query["sql"])
        if table != "initiatives_registryversion"
    }


@pytest.mark.parametrize("url", DOORS)
def test_an_answer_is_built_once_and_an_edit_shows_on_the_next_request(url, cached, registry):
    client = Client()
    first = client.get(url)
    assert first.status_code == 200
    first_content = first.getvalue()
    # Again: from the answer cache, or a snapshot file in storage. Nothing is built again.
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url)
        again_content = again.getvalue()
    assert registry_tables_read(queries.captured_queries) == set()
    assert again_content == first_content
    assert again["Content-Type"] == first["Content-Type"]

    registry.name_ru = "Пилот переименован"
    registry.save()
    f.InitiativeFactory(slug="second-pilot")
    after = client.get(url).getvalue()
    if url == "/api/v1/schema/":
        return  # names no record; that it is kept is what counts
    assert after != first_content
    if url != "/data/registry.zip":  # compressed: the new name is not readable in the bytes
        assert "Пилот переименован" in text(after) or "second-pilot" in text(after)


def test_an_answer_is_kept_compressed_and_served_as_built(cached, registry):
    """The cache holds an answer in a fraction of its size, and serves its exact bytes."""
    from django.core.cache import cache

    for number in range(40):
        f.InitiativeFactory(slug=f"pilot-{number}", name_ru=f"Пилот {number}")
    client = Client()
    built = client.get("/ru/initiatives/")
    with translation.override("ru"):
        key, _digest = caching.key(
            RequestFactory().get("/ru/initiatives/"), RegistryVersion.current()[0]
        )
    _status, _headers, content = cache.get(key)
    assert len(content) < len(built.content) / 3
    assert client.get("/ru/initiatives/").content == built.content


@pytest.mark.parametrize("url", ["/sitemap-initiative.xml", "/data/csv/initiative.csv"])
def test_a_file_in_storage_is_served_on_the_version_read_once(url, cached, registry):
    """A sitemap file or a download already built: the answer cache reads the registry's
    version, and the file is served on that version, not on one read again."""
    client = Client()
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    versions = [q for q in queries.captured_queries if "initiatives_registryversion" in q["sql"]]
    assert len(versions) == 1


def test_the_sitemap_index_counts_the_registry_once_per_version(cached, registry, monkeypatch):
    """Its figures (each kind's number of records and latest change) are counted once per
    registry version: built again, the index reads no table; after an edit it lists the file
    the new record needs."""
    monkeypatch.setattr("initiatives.caching.cacheable", lambda request: False)  # built each time
    monkeypatch.setattr("initiatives.sitemaps.RecordSitemap.limit", 3)  # a record's 3 languages
    client = Client()
    first = client.get("/sitemap.xml").content.decode()
    assert "/sitemap-initiative.xml<" in first and "/sitemap-initiative.xml?p=2" not in first
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/sitemap.xml").content.decode()
    assert registry_tables_read(queries.captured_queries) == set()
    assert again == first

    f.InitiativeFactory(slug="second-pilot")
    assert "/sitemap-initiative.xml?p=2<" in client.get("/sitemap.xml").content.decode()


def test_an_initiative_s_indicators_are_read_once_per_version(cached, registry, monkeypatch):
    """Each charts every value of its series, so the section is kept per registry version:
    built again, the page reads no value; a new value shows on the next request."""
    monkeypatch.setattr("initiatives.caching.cacheable", lambda request: False)  # built each time
    client = Client()
    first = client.get("/ru/initiatives/pilot/").content.decode()
    assert "25 февраля 2020" in first
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/ru/initiatives/pilot/").content.decode()
    assert again == first
    assert "initiatives_measurement" not in registry_tables_read(queries.captured_queries)

    indicator = registry.indicators.get()
    f.MeasurementFactory(indicator=indicator, as_of=PartialDate(2021, 3, 1), value=40)
    assert "1 марта 2021" in client.get("/ru/initiatives/pilot/").content.decode()


def test_a_reader_who_has_the_answer_gets_304_until_it_changes(cached, registry):
    client = Client()
    first = client.get("/ru/initiatives/pilot/")
    etag = first["ETag"]
    assert first["Cache-Control"] == "public, no-cache"
    assert first["Last-Modified"]
    unchanged = client.get("/ru/initiatives/pilot/", headers={"if-none-match": etag})
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    f.TopicFactory()  # any write gives the registry a new version
    changed = client.get("/ru/initiatives/pilot/", headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_staff_are_never_given_the_public_answer(cached, registry, editor_client):
    draft = f.TopicFactory(slug="draft-topic", name_ru="Тема в работе", is_published=False)
    registry.topics.add(draft)
    public = Client().get("/ru/initiatives/pilot/")
    assert "Тема в работе" not in text(public.getvalue())
    staff = editor_client.get("/ru/initiatives/pilot/")
    assert "Тема в работе" in text(staff.getvalue())
    assert "ETag" not in staff
    assert "Тема в работе" not in text(Client().get("/ru/initiatives/pilot/").getvalue())


def test_every_kind_of_write_advances_the_version(db):
    version = RegistryVersion.current()[0]
    initiative = f.InitiativeFactory()  # save
    initiative.topics.add(f.TopicFactory())  # a many-to-many link
    models.Topic.objects.first().delete()  # delete
    call_command("generate_registry", "--scale", "0.001", verbosity=0)  # bulk, no signals
    assert RegistryVersion.current()[0] >= version + 5


def test_an_import_advances_the_version_once(db, tmp_path):
    from tests.test_seed_data import FIXTURES

    version = RegistryVersion.current()[0]
    call_command("import_registry", str(FIXTURES[0]), verbosity=0)
    assert models.Initiative.objects.exists()
    assert RegistryVersion.current()[0] == version + 1


def test_the_schema_is_served_from_memory_with_its_own_etag(cached, db):
    """A function of the code, it is kept in each process's memory: asked again, it reads
    nothing from the database (not even the cache's table); a reader who has it gets a 304."""
    client = Client()
    first = client.get("/api/v1/schema/")
    assert first.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/api/v1/schema/")
    reads = [query["sql"] for query in queries.captured_queries if "SELECT" in query["sql"]]
    assert reads == []
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert again["Cache-Control"] == "public, no-cache"
    unchanged = client.get("/api/v1/schema/", headers={"if-none-match": first["ETag"]})
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    russian = client.get("/api/v1/schema/?lang=ru", headers={"if-none-match": first["ETag"]})
    assert russian.status_code == 200
    assert russian["ETag"] != first["ETag"]


def test_an_api_list_is_counted_once_per_version(cached, registry, monkeypatch):
    """Every page of a list has the same `count`: the second page does not count the rows
    again, and after a write the count is the new one."""
    monkeypatch.setattr("initiatives.caching.cacheable", lambda request: False)  # built each time
    f.InitiativeFactory(slug="second-pilot")
    client = Client()
    first = client.get("/api/v1/initiatives/", {"page_size": 1}).json()
    assert first["count"] == 2
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/api/v1/initiatives/", {"page_size": 1, "page": 2}).json()
    assert second["count"] == 2
    assert [row["slug"] for row in second["results"]] == ["second-pilot"]
    counts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT COUNT(")]
    assert not [sql for sql in counts if "initiatives_initiative" in sql]

    f.InitiativeFactory(slug="third-pilot")
    assert client.get("/api/v1/initiatives/", {"page_size": 1}).json()["count"] == 3


def test_an_initiative_s_member_territories_are_counted_once_per_version(
    cached, registry, monkeypatch
):
    """The API's `members_count` is kept per registry version and day: built again, the
    record does not count them again; after a write it shows the new count."""
    monkeypatch.setattr("initiatives.caching.cacheable", lambda request: False)  # built each time
    f.TerritoryMembershipFactory(initiative=registry)
    unsignalled = f.TerritoryMembershipFactory.build(
        initiative=registry, territory=f.TerritoryFactory(), source=f.SourceFactory()
    )
    client = Client()
    assert client.get("/api/v1/initiatives/pilot/").json()["members_count"] == 1
    # A row added behind the registry's back (no signal, no new version) is not counted:
    # the count was kept, not made again.
    version = RegistryVersion.current()[0]
    models.TerritoryMembership.objects.bulk_create([unsignalled])
    assert RegistryVersion.current()[0] == version
    assert client.get("/api/v1/initiatives/pilot/").json()["members_count"] == 1

    f.TerritoryMembershipFactory(initiative=registry)
    assert client.get("/api/v1/initiatives/pilot/").json()["members_count"] == 3
    listed = client.get("/api/v1/initiatives/").json()["results"]
    assert [row["members_count"] for row in listed] == [3]


def test_an_indicator_s_values_are_counted_once_per_version_for_every_answer(
    cached, registry, monkeypatch
):
    """The API's `measurements_count` is kept per registry version and indicator: what the
    record counted, the list reads (and the other way round); after a write, both show the new
    count."""
    monkeypatch.setattr("initiatives.caching.cacheable", lambda request: False)  # built each time
    indicator = registry.indicators.get()
    unsignalled = f.MeasurementFactory.build(
        indicator=indicator, as_of=PartialDate(2021), source=f.SourceFactory()
    )
    client = Client()

    def counts():
        record = client.get("/api/v1/initiatives/pilot/").json()
        (listed,) = client.get("/api/v1/initiatives/").json()["results"]
        return [row["indicators"][0]["measurements_count"] for row in (record, listed)]

    assert counts() == [1, 1]
    # A value added behind the registry's back (no signal, no new version) is not counted by
    # either answer: the count was kept, not made again.
    version = RegistryVersion.current()[0]
    models.Measurement.objects.bulk_create([unsignalled])
    assert RegistryVersion.current()[0] == version
    assert counts() == [1, 1]

    f.MeasurementFactory(indicator=indicator, as_of=PartialDate(2022))
    assert counts() == [3, 3]


def test_an_initiative_s_member_list_is_ordered_once_per_version(cached, registry, monkeypatch):
    """The full list of member territories keeps its order per registry version: built again,
    the page reads the kept keys; after a write it lists the new member."""
    monkeypatch.setattr("initiatives.caching.cacheable", lambda request: False)  # built each time
    f.TerritoryMembershipFactory(initiative=registry, territory__name_ru="Ак-Суу")
    territory = f.TerritoryFactory(name_ru="Бакай-Ата")
    unsignalled = f.TerritoryMembershipFactory.build(
        initiative=registry, territory=territory, source=f.SourceFactory()
    )
    client = Client()

    def listed():
        page = client.get("/ru/initiatives/pilot/territories/").text
        return re.findall(r'<a href="/ru/territories/[^"]+">([^<]+)</a>', page)

    assert listed() == ["Ак-Суу"]
    version = RegistryVersion.current()[0]
    models.TerritoryMembership.objects.bulk_create([unsignalled])
    assert RegistryVersion.current()[0] == version
    assert listed() == ["Ак-Суу"]  # the order kept, not worked out again

    f.TerritoryMembershipFactory(initiative=registry, territory__name_ru="Ат-Башы")
    assert listed() == ["Ак-Суу", "Ат-Башы", "Бакай-Ата"]


def test_an_indicator_s_values_page_is_ordered_once_per_version(cached, registry, monkeypatch):
    """An indicator's values page keeps its order per registry version: built again, the page
    reads the kept keys; after a write it lists the new value, in its place."""
    monkeypatch.setattr("initiatives.caching.cacheable", lambda request: False)  # built each time
    indicator = registry.indicators.get()
    unsignalled = f.MeasurementFactory.build(
        indicator=indicator, as_of=PartialDate(2021), source=f.SourceFactory()
    )
    client = Client()
    url = f"/ru/initiatives/pilot/indicators/{indicator.slug}/"

    def dates():
        return re.findall(r"<tr><td>([^<]+)</td>", client.get(url).text)

    assert dates() == ["25 февраля 2020\u202fг."]
    version = RegistryVersion.current()[0]
    models.Measurement.objects.bulk_create([unsignalled])
    assert RegistryVersion.current()[0] == version
    assert dates() == ["25 февраля 2020\u202fг."]  # the order kept, not worked out again

    f.MeasurementFactory(indicator=indicator, as_of=PartialDate(2022))
    assert dates() == ["2022", "2021", "25 февраля 2020\u202fг."]
