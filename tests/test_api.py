"""The REST API as a data re-user and a staff member meet it."""

import json

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db.models import PROTECT, RESTRICT
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle

from initiatives import models
from initiatives.api import views as api_views
from initiatives.visibility import PUBLIC
from tests import factories as f
from tests.test_seed_data import load_fixtures

RESOURCES = {
    "initiatives": models.Initiative,
    "organizations": models.Organization,
    "people": models.Person,
    "events": models.Event,
    "event-series": models.EventSeries,
    "donor-projects": models.DonorProject,
    "documents": models.Document,
    "territories": models.Territory,
    "topics": models.Topic,
    "sources": models.Source,
    "statements": models.Statement,
}


@pytest.fixture(autouse=True)
def fresh_throttle():
    """Throttle counts live in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    return APIClient()


def token_client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def as_read(client, url):
    """The If-Match of an editor's read of `url`: a write made from the version it read."""
    return {"HTTP_IF_MATCH": client.get(url)["ETag"]}


@pytest.fixture
def editor_api(editor):
    return token_client(editor)


@pytest.fixture
def viewer_api(viewer):
    return token_client(viewer)


def slugs(response):
    return [record["slug"] for record in response.json()["results"]]


# Reading


def test_sanarip_aimak_progress_is_derived(db, api):
    load_fixtures()
    record = api.get("/api/v1/initiatives/sanarip-aimak/").json()
    (indicator,) = record["indicators"]
    assert indicator["progress"] == {
        "value": "8.0000",
        "as_of": "2020-02-25",
        "target": "484.0000",
        "percent": 2,
    }
    assert indicator["target_date"] == "2020-12-31"
    assert indicator["measurements"][0]["source"] == "president-receives-saliev-2020-02-25"
    assert record["page"] == "http://testserver/ru/initiatives/sanarip-aimak/"


def test_filters_search_ordering_are_the_pages_own(db, api):
    load_fixtures()
    assert slugs(api.get("/api/v1/initiatives/", {"status": "pipeline"})) == [
        "reform-of-republican-city-mayoralties"
    ]
    # Search reads the names in every language, each word anywhere: «санарип» and «аймак» are
    # also in Kyrgyz names of digitalisation and regions, hence a filter beside the search.
    found = api.get("/api/v1/initiatives/", {"q": "САНАРИП АЙМАК", "kind": "pilot"})
    assert slugs(found) == ["sanarip-aimak"]
    events = api.get("/api/v1/events/", {"year": "2019", "ordering": "date"})
    # With the events of the Union of LSG article, 2019 or 2020: the Ton district's known to
    # the year sort first, the Bishkek-Osh meeting by its earliest reading, 23 November 2019.
    assert slugs(events) == [
        "ton-district-exchange-meeting-2020",
        "ton-district-municipal-services-seminar-2020",
        "national-dialogue-forum-2019",
        "bishkek-osh-mayoralties-exchange-2020-11-23",
        "gamsumo-seminar-2019-12-19",
    ]
    bad = api.get("/api/v1/initiatives/", {"topic": "no-such-topic"})
    assert bad.status_code == 400
    assert "topic" in bad.json()


def test_ordering_names_each_field_once(db, api):
    f.InitiativeFactory(slug="pilot")
    repeated = api.get(
        "/api/v1/initiatives/", {"ordering": "-name,name"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert repeated.status_code == 400
    assert repeated.json() == {
        "ordering": ["Sort by each field once: “name” is named more than once."]
    }
    assert api.get("/api/v1/initiatives/", {"ordering": "status,status"}).status_code == 400
    assert api.get("/api/v1/initiatives/", {"ordering": "status,-name"}).status_code == 200
    # The public list, which shares the filter, says so in the reader's language.
    page = api.get("/ru/initiatives/", {"ordering": "name,-name"}).content.decode()
    assert "«name» указано несколько раз" in page


def test_a_page_size_outside_what_the_schema_declares_is_refused(db, api):
    schema = api.get("/api/v1/schema/", {"format": "json"}).json()
    parameters = schema["paths"]["/api/v1/topics/"]["get"]["parameters"]
    page_size = next(p for p in parameters if p["name"] == "page_size")
    assert page_size["schema"] == {"type": "integer", "minimum": 1, "maximum": 200}
    for params in ({"page_size": 0}, {"page_size": 201}, {"cursor": "", "page_size": 201}):
        refused = api.get("/api/v1/topics/", params)
        assert refused.status_code == 400
        assert refused.json() == {"page_size": ["A whole number from 1 to 200."]}
    assert api.get("/api/v1/topics/", {"page_size": 200}).status_code == 200
    # A cursor pages by position: a page number beside it is not quietly ignored.
    both = api.get("/api/v1/topics/", {"cursor": "", "page": "null"})
    assert both.status_code == 400
    assert both.json() == {"page": ["Page by number or by cursor."]}


def test_an_empty_filter_filters_nothing_as_the_schema_says(db, api):
    """A page's form sends a filter left unchosen as `?role=`; the API reads it the same."""
    f.DonorProjectFactory(slug="project")
    answer = api.get("/api/v1/donor-projects/", {"role": "", "status": "", "year": "", "page": ""})
    assert slugs(answer) == ["project"]
    schema = api.get("/api/v1/schema/", {"format": "json"}).json()
    parameters = schema["paths"]["/api/v1/donor-projects/"]["get"]["parameters"]
    empty_allowed = {p["name"] for p in parameters if p.get("allowEmptyValue")}
    assert {"role", "status", "year", "page", "ordering", "q"} <= empty_allowed
    assert "page_size" not in empty_allowed  # `?page_size=` is a 400


def test_pagination(db, api):
    for number in range(7):
        f.TopicFactory(slug=f"topic-{number}")
    first = api.get("/api/v1/topics/", {"page_size": 5}).json()
    assert first["count"] == 7 and len(first["results"]) == 5
    second = api.get(first["next"]).json()
    assert [topic["slug"] for topic in second["results"]] == ["topic-5", "topic-6"]
    assert second["next"] is None


def test_a_cursor_pages_at_any_depth_without_a_count(db, api, django_assert_num_queries):
    for number in range(7):
        f.TopicFactory(slug=f"topic-{number}")
    seen, url, params = [], "/api/v1/topics/", {"cursor": "", "page_size": 3}
    while url:
        # Each page: the savepoint pair, its rows and their citations, however deep it is.
        with django_assert_num_queries(4):
            page = api.get(url, params).json()
        assert "count" not in page
        seen.append([topic["slug"] for topic in page["results"]])
        url, params = page["next"], None
    assert seen == [
        ["topic-0", "topic-1", "topic-2"],
        ["topic-3", "topic-4", "topic-5"],
        ["topic-6"],
    ]
    assert api.get("/api/v1/topics/", {"cursor": "not-a-cursor"}).status_code == 404


def test_unknown_and_draft_records_are_404_to_the_public(db, api, viewer_api):
    f.InitiativeFactory(slug="draft", is_published=False)
    assert api.get("/api/v1/initiatives/no-such/").status_code == 404
    assert api.get("/api/v1/initiatives/draft/").status_code == 404
    assert "draft" not in [r["slug"] for r in api.get("/api/v1/initiatives/").json()["results"]]
    assert viewer_api.get("/api/v1/initiatives/draft/").status_code == 200  # staff see drafts


def test_references_to_drafts_are_hidden_from_the_public(db, api, viewer_api):
    parent = f.InitiativeFactory(slug="draft-parent", is_published=False)
    initiative = f.InitiativeFactory(slug="child", parent=parent)
    initiative.topics.add(
        f.TopicFactory(slug="open"), f.TopicFactory(slug="hidden", is_published=False)
    )
    f.InitiativeParticipationFactory(
        initiative=initiative, organization=f.OrganizationFactory(is_published=False)
    )
    # A published partner whose role rests on a draft source: the role waits for its source.
    f.InitiativeParticipationFactory(
        initiative=initiative,
        organization=f.OrganizationFactory(slug="partner"),
        source=f.SourceFactory(slug="draft-source", is_published=False),
        quote="Цитата из черновика",
    )
    public = api.get("/api/v1/initiatives/child/").json()
    assert public["parent"] is None
    assert public["topics"] == ["open"]
    assert public["organizations"] == []
    staff = viewer_api.get("/api/v1/initiatives/child/").json()
    assert staff["parent"] == "draft-parent" and len(staff["topics"]) == 2
    assert {"source": "draft-source", "quote": "Цитата из черновика"}.items() <= next(
        row for row in staff["organizations"] if row["organization"] == "partner"
    ).items()


def test_private_contact_details_are_never_served(db, api, viewer_api):
    load_fixtures()
    values = list(models.ContactDetail.objects.values_list("value", flat=True))
    assert len(values) == 3
    for client in (api, viewer_api):
        for resource, model in RESOURCES.items():
            bodies = [client.get(f"/api/v1/{resource}/", {"page_size": 200}).content]
            bodies += [
                client.get(f"/api/v1/{resource}/{record.slug}/").content
                for record in model.objects.all()
            ]
            bodies.append(client.get("/api/v1/export/").getvalue())
            for body in bodies:
                text = body.decode()
                assert not any(value in text for value in values), resource


def test_the_self_link_is_api_url_and_url_is_the_articles_address(db, api, editor_api):
    f.SourceFactory(slug="kabar", url="https://kabar.kg/news/1")
    source = api.get("/api/v1/sources/kabar/").json()
    assert source["url"] == "https://kabar.kg/news/1"
    assert source["api_url"] == "http://testserver/api/v1/sources/kabar/"
    changed = editor_api.patch(
        "/api/v1/sources/kabar/",
        {"url": "https://kabar.kg/news/2"},
        **as_read(editor_api, "/api/v1/sources/kabar/"),
    )
    assert changed.status_code == 200, changed.json()
    assert changed.json()["url"] == "https://kabar.kg/news/2"
    assert api.get("/api/v1/sources/kabar/").json()["url"] == "https://kabar.kg/news/2"
    assert models.Source.objects.get(slug="kabar").url == "https://kabar.kg/news/2"
    document = f.DocumentFactory(slug="guide", url="https://example.org/guide.pdf")
    shown = api.get(f"/api/v1/documents/{document.slug}/").json()
    assert (shown["url"], shown["api_url"]) == (
        "https://example.org/guide.pdf",
        "http://testserver/api/v1/documents/guide/",
    )


def test_a_write_answers_with_the_record_as_a_read_shows_it(db, editor_api):
    """Progress is computed by the read model: after a write it is there, not an error."""
    measurement = f.MeasurementFactory(value=8)
    slug = measurement.indicator.initiative.slug
    url = f"/api/v1/initiatives/{slug}/"
    changed = editor_api.patch(url, {"name_en": "Pilot"}, **as_read(editor_api, url))
    assert changed.status_code == 200
    assert changed.json()["indicators"][0]["progress"]["value"] == "8.0000"
    assert changed.json() == editor_api.get(f"/api/v1/initiatives/{slug}/").json()


def test_an_indicator_nests_its_latest_values_and_the_measurements_resource_has_them_all(
    db, api, django_assert_num_queries
):
    indicator = f.IndicatorFactory(slug="share", initiative__slug="pilot")
    for month in range(1, 13):
        for year in (2020, 2021):
            f.MeasurementFactory(indicator=indicator, value=month, as_of=f"{year}-{month:02}")
    record = api.get("/api/v1/initiatives/pilot/").json()
    (nested,) = record["indicators"]
    assert nested["measurements_count"] == 24
    assert len(nested["measurements"]) == 20
    assert nested["measurements"][0]["as_of"] == "2021-12"  # newest first
    # The request's savepoint and its release, the initiative named, its indicators, the
    # count, the page.
    with django_assert_num_queries(6):
        page = api.get(
            "/api/v1/measurements/", {"initiative": "pilot", "indicator": "share", "page_size": 10}
        ).json()
    assert page["count"] == 24
    assert [row["as_of"] for row in page["results"][:2]] == ["2021-12", "2021-11"]
    assert {(row["initiative"], row["indicator"]) for row in page["results"]} == {
        ("pilot", "share")
    }
    by_year = api.get("/api/v1/measurements/", {"initiative": "pilot", "year": 2020}).json()
    assert by_year["count"] == 12


def test_an_initiatives_values_come_indicator_by_indicator_each_newest_first(db, api):
    """The order an index gives (api/views.py): a page of values never sorts them all."""
    first = f.IndicatorFactory(slug="first", initiative__slug="pilot")
    second = f.IndicatorFactory(slug="second", initiative=first.initiative)
    for indicator, years in ((second, (2019, 2023)), (first, (2020, 2021, 2022))):
        for year in years:
            f.MeasurementFactory(indicator=indicator, as_of=str(year))
    f.MeasurementFactory(as_of="2024")  # another initiative's: not on its pages
    page = api.get("/api/v1/measurements/", {"initiative": "pilot"}).json()
    assert [(row["indicator"], row["as_of"]) for row in page["results"]] == [
        ("first", "2022"),
        ("first", "2021"),
        ("first", "2020"),
        ("second", "2023"),
        ("second", "2019"),
    ]


# Writing


NEW_TOPIC = {"slug": "budget-hearings", "name_ru": "Бюджетные слушания", "is_published": True}


def test_anonymous_cannot_write(db, api):
    response = api.post("/api/v1/topics/", NEW_TOPIC)
    assert response.status_code == 401
    assert not models.Topic.objects.exists()


def test_viewer_cannot_write(db, viewer_api):
    assert viewer_api.post("/api/v1/topics/", NEW_TOPIC).status_code == 403
    topic = f.TopicFactory()
    assert viewer_api.delete(f"/api/v1/topics/{topic.slug}/").status_code == 403
    assert models.Topic.objects.filter(pk=topic.pk).exists()


def test_editor_creates_updates_and_deletes(db, editor_api):
    f.TopicFactory(slug="digital")
    created = editor_api.post(
        "/api/v1/initiatives/",
        {
            "slug": "e-archive",
            "name_ru": "Электронный архив",
            "kind": "platform",
            "planned_start": "2021-03",
            "topics": ["digital"],
        },
    )
    assert created.status_code == 201, created.json()
    initiative = models.Initiative.objects.get(slug="e-archive")
    assert str(initiative.planned_start) == "2021-03"
    assert list(initiative.topics.values_list("slug", flat=True)) == ["digital"]
    url = "/api/v1/initiatives/e-archive/"
    changed = editor_api.patch(url, {"planned_end": "2022"}, **as_read(editor_api, url))
    assert changed.status_code == 200
    initiative.refresh_from_db()
    assert str(initiative.planned_end) == "2022"
    assert editor_api.delete(url, **as_read(editor_api, url)).status_code == 204
    assert not models.Initiative.objects.filter(slug="e-archive").exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"planned_start": "2021", "planned_end": "2020"}, "planned_end", None),
        ({"planned_start": "2020-13"}, "planned_start", "is not a date in the calendar"),
        ({"slug": "taken"}, "slug", None),
        ({"name_ru": "", "name_ky": "", "name_en": ""}, "name_ru", "хотя бы на одном языке"),
        ({"kind": "spaceship"}, "kind", None),
        ({"topics": ["no-such-topic"]}, "topics", "no-such-topic"),
        # Text is a string: a JSON number is not quietly stored as its digits.
        ({"name_en": 5}, "name_en", "Not a valid string"),
        ({"description_ru": 1.5}, "description_ru", "Not a valid string"),
        ({"slug": 7}, "slug", None),
    ],
)
def test_invalid_writes_are_400_naming_the_field(db, editor_api, data, field, message):
    f.InitiativeFactory(slug="taken")
    payload = {"slug": "new", "name_ru": "Новая", "kind": "pilot", **data}
    response = editor_api.post("/api/v1/initiatives/", payload)
    assert response.status_code == 400
    errors = response.json()
    assert field in errors, errors
    if message:
        assert message in " ".join(errors[field])
    assert not models.Initiative.objects.filter(slug="new").exists()


def test_model_clean_runs_on_api_writes(db, editor_api):
    """The admin's clean() rule: an organization cannot sit under its own subordinate."""
    f.OrganizationFactory(slug="a")
    child = f.OrganizationFactory(slug="b", parent=models.Organization.objects.get(slug="a"))
    url = "/api/v1/organizations/a/"
    response = editor_api.patch(url, {"parent": child.slug}, **as_read(editor_api, url))
    assert response.status_code == 400
    assert "parent" in response.json()


# Limits, schema, docs, export


def test_anonymous_readers_are_throttled(db, api, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "rate", "3/minute", raising=False)
    statuses = [api.get("/api/v1/topics/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_schema_is_valid_openapi_without_warnings(db, capsys):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")
    schema = APIClient().get("/api/v1/schema/", {"format": "json"}).json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/initiatives/{slug}/" in schema["paths"]


def schema_in(language=None, **headers):
    query = {"format": "json", **({"lang": language} if language else {})}
    response = APIClient().get("/api/v1/schema/", query, **headers)
    assert response.status_code == 200
    return response["Content-Language"], response.json()


def titles(schema):
    """Every title in the schema's components: what client generators name classes after."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("title"), str):
                found.append(node["title"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema["components"])
    return found


def part_of(schema):
    return schema["components"]["schemas"]["Initiative"]["properties"]["parent"]["title"]


def test_schema_is_in_english_unless_a_language_is_asked_for(db):
    """Generated clients name their classes after the schema: not in Cyrillic by default."""
    # A Russian browser's or desktop's Accept-Language does not change it.
    for headers in ({}, {"HTTP_ACCEPT_LANGUAGE": "ru"}):
        language, schema = schema_in(**headers)
        assert language == "en"
        assert all(title.isascii() for title in titles(schema))
        assert all(name.isascii() for name in schema["components"]["schemas"])
        assert part_of(schema) == "Part of"
    language, schema = schema_in("ru")
    assert language == "ru"
    assert part_of(schema) == "Входит в"
    assert all(name.isascii() for name in schema["components"]["schemas"])
    language, schema = schema_in("ky")
    assert (language, part_of(schema)) == ("ky", "Курамына кирет")


def test_schema_is_generated_once_a_process_not_once_a_registry_version(db, monkeypatch):
    """Generating the schema takes seconds and no data changes it: a write must not rebuild it."""
    generated = []
    generate = SchemaGenerator.get_schema

    def counted(self, *args, **kwargs):
        generated.append(translation.get_language())
        return generate(self, *args, **kwargs)

    monkeypatch.setattr(SchemaGenerator, "get_schema", counted)
    monkeypatch.setattr(api_views, "BUILT_SCHEMAS", {})  # as a process that has just started
    first = APIClient().get("/api/v1/schema/", {"format": "json"})
    f.TopicFactory()  # a new registry version: the answer cache misses
    again = APIClient().get("/api/v1/schema/", {"format": "json"})
    yaml = APIClient().get("/api/v1/schema/", {"lang": "ky"})
    assert (again.content, again["Content-Type"]) == (first.content, first["Content-Type"])
    assert again["Content-Disposition"] == 'inline; filename="LSG reform registry API.json"'
    assert yaml["Content-Type"] == "application/vnd.oai.openapi; charset=utf-8"
    assert generated == ["en", "ky"]


def test_schema_in_an_unknown_language_is_a_400_naming_the_languages(db):
    response = APIClient().get("/api/v1/schema/", {"format": "json", "lang": "xx"})
    assert response.status_code == 400
    assert response.json() == {"detail": "lang: one of ru, ky, en, or none for English."}


def test_the_pages_link_the_docs_in_their_language_and_the_docs_pass_it_on(db, api):
    assert '<a href="/api/v1/docs/?lang=ky">API</a>' in api.get("/ky/").content.decode()
    script = api.get("/api/v1/docs/", {"lang": "ru", "script": ""}).content.decode()
    assert '"/api/v1/schema/?lang\\u003Dru"' in script


def test_docs_page_loads_nothing_from_outside(db, api):
    page = api.get("/api/v1/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower() and "https://" not in page


def test_export_door_is_the_same_export(db, api):
    load_fixtures()
    f.InitiativeFactory(slug="draft", is_published=False)
    content = api.get("/api/v1/export/").getvalue()  # streamed: read once
    records = json.loads(content)
    assert all(record["fields"].get("slug") != "draft" for record in records)
    assert content == APIClient().get("/data/registry.json").getvalue()
    one = api.get("/api/v1/initiatives/sanarip-aimak/export/")
    assert '"slug": "sanarip-aimak"' in one.content.decode()
    assert api.get("/api/v1/initiatives/draft/export/").status_code == 404


# Query counts


def grow(n):
    for _ in range(n):
        measurement = f.MeasurementFactory()
        initiative = measurement.indicator.initiative
        initiative.topics.add(f.TopicFactory())
        initiative.territories.add(f.TerritoryFactory())
        f.InitiativeParticipationFactory(initiative=initiative)
        f.CITATION_FACTORIES[models.InitiativeCitation](record=initiative)
        event = f.EventFactory(territory=f.TerritoryFactory(), series=f.EventSeriesFactory())
        f.EventParticipationFactory(event=event)
        f.EventPersonFactory(event=event)
        event.initiatives.add(initiative)
        f.PositionFactory()
        f.OrganizationNameFactory()
        f.DonorProjectParticipationFactory()
        f.DocumentFactory(issuer=f.OrganizationFactory())
        f.SourceFactory(publisher=f.OrganizationFactory())
        statement = f.StatementFactory()
        statement.initiatives.add(initiative)
        statement.events.add(event)
        f.CommitmentReportFactory(statement=statement)


# resource → (list queries, detail queries), for an anonymous reader. Each request opens and
# releases a savepoint (ATOMIC_REQUESTS); lists add a count; then the records and one query
# per related list they show. A source's detail lists every fact it supports: one per kind.
# A record's indicators each have their latest values: two queries, the date of each one's
# SHOWN-th newest value, then the values since. A list of initiatives summarises indicators
# (no values, no citations): three queries fewer. An initiative's member territories today
# and its indicators' values are counted in a query each, kept per registry version in
# service (coverage.members_today, prefetches.counts_kept).
QUERIES = {
    "initiatives": (15, 17),
    "organizations": (6, 5),
    "people": (6, 5),
    "events": (14, 13),
    "event-series": (5, 4),
    "donor-projects": (8, 7),
    "documents": (5, 4),
    "territories": (5, 4),
    "topics": (5, 4),
    "sources": (4, 28),
    "statements": (8, 7),
}


@pytest.mark.parametrize("rows", [1, 3])
@pytest.mark.parametrize("resource", RESOURCES)
def test_query_count_per_endpoint_is_pinned(resource, rows, db, api, django_assert_num_queries):
    grow(rows)
    list_queries, detail_queries = QUERIES[resource]
    with django_assert_num_queries(list_queries):
        assert api.get(f"/api/v1/{resource}/").status_code == 200
    record = RESOURCES[resource].objects.visible_to(PUBLIC).order_by("pk").last()
    with django_assert_num_queries(detail_queries):
        assert api.get(f"/api/v1/{resource}/{record.slug}/").status_code == 200


def test_a_list_of_initiatives_summarises_indicators_and_the_record_has_the_values(db, api):
    measurement = f.MeasurementFactory(value=8)
    slug = measurement.indicator.initiative.slug

    (listed,) = api.get("/api/v1/initiatives/").json()["results"][0]["indicators"]
    (detailed,) = api.get(f"/api/v1/initiatives/{slug}/").json()["indicators"]

    assert listed["progress"]["value"] == detailed["progress"]["value"] == "8.0000"
    assert listed["measurements_count"] == detailed["measurements_count"] == 1
    assert "measurements" not in listed and "citations" not in listed
    assert [value["value"] for value in detailed["measurements"]] == ["8.0000"]


def test_text_postgresql_would_refuse_is_a_clear_answer_not_a_server_error(db, api, editor_api):
    """Schemathesis found these: a NUL character in a slug reached PostgreSQL, which refused it."""
    assert api.get("/api/v1/topics/a%00b/").status_code == 404
    assert api.get("/api/v1/initiatives/", {"topic": "a\x00b"}).status_code == 400
    response = editor_api.post(
        "/api/v1/initiatives/",
        {"slug": "n", "name_ru": "Н", "kind": "pilot", "topics": ["a\x00b"]},
    )
    assert response.status_code == 400 and "topics" in response.json()
    assert api.get("/api/v1/topics/", {"page_size": "null"}).status_code == 400


# --- Writes from the version read: If-Match, 412, 428; deletes that others rely on: 409 ----


@pytest.mark.django_db
def test_a_write_from_a_stale_read_is_refused_with_the_current_version(editor_api):
    f.InitiativeFactory(slug="e-archive", name_en="E-archive", description_en="")
    url = "/api/v1/initiatives/e-archive/"
    first, second = as_read(editor_api, url), as_read(editor_api, url)
    assert first == second

    assert editor_api.patch(url, {"description_en": "Scanned records"}, **first).status_code == 200
    refused = editor_api.patch(url, {"name_en": "Electronic archive"}, **second)

    assert refused.status_code == 412
    assert refused["ETag"] == refused.json()["etag"] == editor_api.get(url)["ETag"]
    assert refused["ETag"] != second["HTTP_IF_MATCH"]
    record = models.Initiative.objects.get(slug="e-archive")
    assert (record.name_en, record.description_en) == ("E-archive", "Scanned records")


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_a_write_without_if_match_is_refused(editor_api, method):
    f.TopicFactory(slug="water", name_en="Water")
    url = "/api/v1/topics/water/"
    data = editor_api.get(url).json()

    response = getattr(editor_api, method)(url, {**data, "name_en": "Drinking water"})

    assert response.status_code == 428
    assert "If-Match" in response.json()["detail"]
    assert models.Topic.objects.get(slug="water").name_en == "Water"


@pytest.mark.django_db
def test_the_etag_changes_when_an_owned_row_changes(editor_api):
    indicator = f.IndicatorFactory()
    url = f"/api/v1/initiatives/{indicator.initiative.slug}/"
    before = editor_api.get(url)["ETag"]
    f.IndicatorFactory(initiative=indicator.initiative)
    assert editor_api.get(url)["ETag"] != before


# Records other records may keep from deletion (a PROTECT reference); an event, a project, a
# document or a topic can always go: its rows go with it and links to it are dropped.
PROTECTABLE = sorted(
    name
    for name, model in RESOURCES.items()
    if any(relation.on_delete in (PROTECT, RESTRICT) for relation in model._meta.related_objects)
)


@pytest.mark.django_db
@pytest.mark.parametrize("resource", PROTECTABLE)
def test_deleting_a_record_others_rely_on_is_409_listing_them(editor_api, resource):
    load_fixtures()
    # No initiative of the seed has a part: give «Санарип аймак» one.
    f.InitiativeFactory(parent=models.Initiative.objects.get(slug="sanarip-aimak"))
    model = RESOURCES[resource]
    relied_on = next(record for record in model.objects.order_by("slug") if not deletable(record))
    url = f"/api/v1/{resource}/{relied_on.slug}/"

    response = editor_api.delete(url, **as_read(editor_api, url))

    assert response.status_code == 409, response.content
    assert response.json()["referred_by"]
    assert model.objects.filter(pk=relied_on.pk).exists()


def deletable(record):
    try:
        Collector(using="default").collect([record])
    except (ProtectedError, RestrictedError):
        return False
    return True
