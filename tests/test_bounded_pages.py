"""A page shows at most SHOWN rows of any relation, says how many there are, and links to the
rest: its size does not grow with the registry (initiatives/prefetches.py)."""

import datetime
import re

import pytest

from initiatives.models.initiatives import CHART_POINTS
from initiatives.partial_dates import PartialDate
from initiatives.prefetches import SHOWN
from tests import factories as f
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
