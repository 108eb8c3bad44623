"""A page shows at most SHOWN rows of any relation, says how many there are, and links to the
rest: its size does not grow with the registry (initiatives/prefetches.py)."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from initiatives import models
from initiatives.models.initiatives import CHART_POINTS
from initiatives.partial_dates import PartialDate
from initiatives.prefetches import SHOWN
from tests import factories as f
from tests.factories import CITATION_FACTORIES
from tests.test_pages import result_slugs, text_of

pytestmark = pytest.mark.django_db


def test_a_topics_page_shows_the_first_initiatives_and_links_to_all(client):
    topic = f.TopicFactory(slug="budget")
    for number in range(SHOWN + 5):
        f.InitiativeFactory(slug=f"pilot-{number:02}").topics.add(topic)
    response = client.get(topic.get_absolute_url())
    html = response.content.decode()
    section = re.search(r'<section aria-labelledby="initiatives-heading">.*?</section>', html, re.S)
    assert section.group(0).count("<li>") == SHOWN
    assert f"Показано: {SHOWN} из {SHOWN + 5}." in text_of(response)
    link = re.search(r'<p class="more">[^<]*<a href="([^"]+)">Показать все</a>', html).group(1)
    assert link == "/ru/initiatives/?topic=budget"
    everything = client.get(link, {"page": 2})
    assert len(result_slugs(everything)) == 5  # 20 on the first page of the list, 5 on the second


def test_a_record_s_page_reads_the_first_rows_of_a_section_and_no_more(client):
    """The newest SHOWN of a speaker's statements, read with a LIMIT that an index in their
    order answers; not every statement numbered (ROW_NUMBER), as a prefetch for many records
    would."""
    person = f.PersonFactory(slug="speaker")
    for number in range(SHOWN + 5):
        f.StatementFactory(
            slug=f"said-{number:02}", said_on=PartialDate(2000 + number), person=person
        )
    with CaptureQueriesContext(connection) as queries:
        html = client.get(person.get_absolute_url()).content.decode()
    newest_first = [f"said-{number:02}" for number in range(SHOWN + 4, 4, -1)]
    assert re.findall(r'href="/ru/statements/(said-\d+)/"', html) == newest_first
    [statements] = [
        q["sql"] for q in queries if q["sql"].startswith('SELECT "initiatives_statement"')
    ]
    assert f"LIMIT {SHOWN}" in statements
    assert not [q for q in queries if "ROW_NUMBER()" in q["sql"]]


def test_a_page_with_few_rows_says_nothing_about_more(client):
    topic = f.TopicFactory()
    f.InitiativeFactory().topics.add(topic)
    assert '<p class="more">' not in client.get(topic.get_absolute_url()).content.decode()


def test_an_indicator_with_many_values_keeps_its_chart_and_pages_its_table(client):
    indicator = f.IndicatorFactory(target_value=2000)
    total = CHART_POINTS * 3 + 7
    days = [datetime.date(2015, 1, 1) + datetime.timedelta(days=n) for n in range(total)]
    for value, day in enumerate(days):
        f.MeasurementFactory(indicator=indicator, value=value, as_of=PartialDate.from_value(day))
    page = client.get(indicator.initiative.get_absolute_url())
    html = page.content.decode()
    # Each of the chart's two drawings (a wide screen's, a phone's) has a bounded number of
    # points, the latest always drawn and labelled.
    drawings = re.findall(r"<svg .*?</svg>", html, re.S)
    assert len(drawings) == 2
    for drawing in drawings:
        points = re.findall(r'<circle class="chart-point"', drawing)
        assert CHART_POINTS // 2 < len(points) <= CHART_POINTS
        assert re.search(rf'<text class="chart-point-label"[^>]*>{total - 1}</text>', drawing)
    assert html.count("<li><strong>") == SHOWN  # the latest values, newest first
    assert f"Последние {SHOWN} из {total} значений." in text_of(page)
    table = client.get(f"/ru/initiatives/{indicator.initiative.slug}/indicators/{indicator.slug}/")
    assert len(table.context["object_list"]) == 50
    assert table.context["paginator"].count == total
    assert table.context["object_list"][0].as_of == PartialDate.from_value(days[-1])


def test_a_source_cited_many_times_shows_the_first_facts_of_each_kind(client):
    source = f.SourceFactory(slug="much-cited")
    for _ in range(SHOWN + 3):
        f.MeasurementFactory(source=source)
    response = client.get(source.get_absolute_url())
    ((_model, facts, total),) = response.context["facts"]
    assert (len(facts), total) == (SHOWN, SHOWN + 3)
    html = response.content.decode()
    assert 'href="/ru/sources/much-cited/facts/measurement/"' in html
    all_facts = client.get("/ru/sources/much-cited/facts/measurement/")
    assert all_facts.context["paginator"].count == SHOWN + 3
    assert client.get("/ru/sources/much-cited/facts/no-such-kind/").status_code == 404


def test_a_source_cited_many_times_counts_its_facts_apart_from_listing_them(
    client, django_assert_num_queries
):
    source = f.SourceFactory(slug="much-cited")
    for _ in range(SHOWN + 3):
        f.MeasurementFactory(source=source)
    for _ in range(SHOWN + 1):
        CITATION_FACTORIES[models.EventCitation](source=source)
    CITATION_FACTORIES[models.InitiativeCitation](source=source)
    # Each kind's first facts (one query each, as for any source), then how many there are of
    # the two kinds with more than are shown: one query, not a count over every fact joined
    # to its subject in the query that lists the first ones.
    with CaptureQueriesContext(connection) as queries:
        page = client.get(source.get_absolute_url())
    assert not [query for query in queries if " OVER (" in query["sql"]]
    text = text_of(page)
    assert f"Показано: {SHOWN} из {SHOWN + 3}." in text
    assert f"Показано: {SHOWN} из {SHOWN + 1}." in text
    assert text.count("Показано:") == 2
    answer = client.get("/api/v1/sources/much-cited/").json()
    assert answer["fact_counts"] == {
        "measurement": SHOWN + 3,
        "eventcitation": SHOWN + 1,
        "initiativecitation": 1,
    }
    assert len(answer["facts"]) == SHOWN * 2 + 1


def test_a_source_s_counts_are_kept_per_registry_version(client):
    source = f.SourceFactory(slug="much-cited")
    for _ in range(SHOWN + 1):
        f.MeasurementFactory(source=source)
    with override_settings(REGISTRY_CACHE=True):
        cache.clear()
        assert f"Показано: {SHOWN} из {SHOWN + 1}." in text_of(
            client.get("/ru/sources/much-cited/")
        )
        f.MeasurementFactory(source=source)
        # Another address, built again after the change: the count is the new version's.
        page = client.get("/ru/sources/much-cited/?again")
        assert f"Показано: {SHOWN} из {SHOWN + 2}." in text_of(page)
        cache.clear()


@pytest.mark.parametrize(
    "url",
    [
        "/ru/initiatives/pilot/",
        "/ru/initiatives/pilot/indicators/people/",
        "/ru/people/speaker/",
        "/ru/statements/",
        "/api/v1/initiatives/pilot/",
        "/api/v1/measurements/?initiative=pilot",
        "/ru/feed.atom",
    ],
)
def test_a_fact_cites_its_source_without_reading_the_article(client, url):
    """A source's text is a whole article, kept to check quotes against: the pages and answers
    that cite it read its title and address, and only its own page reads the text."""
    article = "Проект запущен в восьми айыл окмоту в пилотном режиме. Слова 1."
    source = f.SourceFactory(slug="article", text=article)
    initiative = f.InitiativeFactory(slug="pilot")
    indicator = f.IndicatorFactory(initiative=initiative, slug="people")
    f.MeasurementFactory(indicator=indicator, source=source)
    f.StatementFactory(person=f.PersonFactory(slug="speaker"), source=source, quote="Слова 1.")
    text_column = '"initiatives_source"."text"'

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert "Article" in response.content.decode() or "article" in response.content.decode()
    assert not [query["sql"] for query in queries if text_column in query["sql"]]

    with CaptureQueriesContext(connection) as queries:
        own_page = client.get("/ru/sources/article/")
    assert "Проект запущен" in own_page.content.decode()
    assert [query["sql"] for query in queries if text_column in query["sql"]]


def test_an_indicator_s_latest_values_are_read_without_numbering_every_value(client):
    """The API's record of an initiative gives each indicator's latest SHOWN values the reader
    may see, newest first, read from the date of the SHOWN-th newest on: no ROW_NUMBER over
    a daily series."""
    indicator = f.IndicatorFactory(initiative=f.InitiativeFactory(slug="pilot"))
    for day in range(1, SHOWN + 6):
        f.MeasurementFactory(indicator=indicator, as_of=PartialDate(2020, 1, day), value=day)
    draft = f.SourceFactory(is_published=False)
    f.MeasurementFactory(indicator=indicator, as_of=PartialDate(2020, 2, 1), source=draft)

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/initiatives/pilot/")
    [shown] = response.json()["indicators"]
    expected = [f"2020-01-{day:02}" for day in range(SHOWN + 5, 5, -1)]
    assert [value["as_of"] for value in shown["measurements"]] == expected
    assert shown["measurements_count"] == SHOWN + 5
    numbered = [query["sql"] for query in queries if "ROW_NUMBER" in query["sql"]]
    assert not [sql for sql in numbered if '"initiatives_measurement"' in sql]
