"""Deep pages of a list are read keys first (initiatives/paging.py): the same rows, in the same
order, for one query more, whatever their depth."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from initiatives.paging import BoundedPaginator
from tests import factories as f

KEYS_ONLY = 'SELECT "initiatives_initiative"."id" AS "pk" FROM'


@pytest.fixture
def initiatives(db):
    # Named out of slug order, some alike, so that the order is by name, then slug.
    for number in range(45):
        f.InitiativeFactory(slug=f"pilot-{number:02}", name_ru=f"Пилот {(number * 7) % 15:02}")
    by_name_then_slug = sorted((f"Пилот {(n * 7) % 15:02}", f"pilot-{n:02}") for n in range(45))
    return [slug for _name, slug in by_name_then_slug]


def read_page(client, monkeypatch, deep_from, number, **query):
    """The slugs a list page shows, and its queries, with pages deep from `deep_from` rows."""
    monkeypatch.setattr("initiatives.paging.DEEP", deep_from)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/ru/initiatives/", {"page": number, **query})
    assert response.status_code == 200
    slugs = [record.slug for record in response.context["object_list"]]
    return slugs, [query["sql"] for query in queries]


@pytest.mark.parametrize("ordering", ["name", "-name", "-updated", "status"])
def test_a_deep_page_shows_the_rows_a_single_query_would_in_their_order(
    initiatives, client, monkeypatch, ordering
):
    one_query, one_query_sql = read_page(client, monkeypatch, 10_000, 2, ordering=ordering)
    keys_first, keys_first_sql = read_page(client, monkeypatch, 20, 2, ordering=ordering)

    assert keys_first == one_query and len(keys_first) == 20
    assert len(keys_first_sql) == len(one_query_sql) + 1
    [keys] = [sql for sql in keys_first_sql if sql.startswith(KEYS_ONLY)]
    assert "LIMIT 20 OFFSET 20" in keys


def test_the_first_pages_are_read_in_one_query(initiatives, client, monkeypatch):
    slugs, sql = read_page(client, monkeypatch, 40, 2)
    assert slugs == initiatives[20:40]
    assert not [query for query in sql if query.startswith(KEYS_ONLY)]
    last, _sql = read_page(client, monkeypatch, 40, 3)
    assert last == initiatives[40:]


def list_page(client, monkeypatch, count_up_to, number, language="ru"):
    """A list page with lists counted up to `count_up_to` rows, and its queries."""
    monkeypatch.setattr("initiatives.paging.BoundedPaginator.count_up_to", count_up_to)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/{language}/initiatives/", {"page": number})
    return response, [query["sql"] for query in queries]


def heading(response):
    return re.search(r'<h2 id="results-heading"[^>]*>([^<]*)</h2>', response.text)[1]


def pager(response):
    return re.sub(
        r"\s+", " ", re.search(r'<nav class="pagination".*?</nav>', response.text, re.S)[0]
    )


def test_a_list_longer_than_it_counts_says_so_and_pages_on_to_its_last_row(
    initiatives, client, monkeypatch
):
    # As a list of one record's rows does (an indicator's values, a source's facts): a list of
    # the whole registry stops at its count (the next test).
    monkeypatch.setattr("initiatives.views.RecordListView.paginator_class", BoundedPaginator)
    first, sql = list_page(client, monkeypatch, 30, 1)
    assert heading(first) == "более 30 инициатив"
    assert "Страница 1</span>" in pager(first) and "из" not in pager(first)
    # The count reads no more than one row past what it counts, and sorts none of them.
    [count] = [query for query in sql if "COUNT(*)" in query]
    assert "LIMIT 31" in count and "ORDER BY" not in count

    second, _sql = list_page(client, monkeypatch, 30, 2)
    assert [row.slug for row in second.context["object_list"]] == initiatives[20:40]
    assert 'rel="next" href="?page=3"' in pager(second)

    last, _sql = list_page(client, monkeypatch, 30, 3)
    assert [row.slug for row in last.context["object_list"]] == initiatives[40:]
    assert 'rel="prev" href="?page=2"' in pager(last) and 'rel="next"' not in pager(last)

    assert list_page(client, monkeypatch, 30, 4)[0].status_code == 404
    assert list_page(client, monkeypatch, 30, 0)[0].status_code == 404


CUT_SHORT = {
    "ru": "Пролистать можно только первые 40 записей этого списка. Чтобы увидеть остальные, "
    "уточните поиск или фильтры либо отсортируйте список в обратном порядке.",
    "ky": "Бул тизменин алгачкы 40 жазуусун гана барактап көрүүгө болот. Калгандарын көрүү "
    "үчүн издөөнү же чыпкаларды тактаңыз, же тизмени тескери тартипте иреттеңиз.",
    "en": "Only the first 40 records of this list can be paged through. To see the others, "
    "narrow it with the search or the filters, or sort it the other way.",
}


def note(response):
    found = re.search(r'</nav>\s*<p class="more">(.*?)</p>', response.text, re.S)
    return found and re.sub(r"\s+", " ", found[1])


@pytest.mark.parametrize("language", ["ru", "ky", "en"])
def test_a_list_of_the_registry_pages_through_what_it_counts_and_says_how_to_find_the_rest(
    initiatives, client, monkeypatch, language
):
    """However deep, a page is an OFFSET the database walks: a list of the whole registry
    stops at the page of the last row it counts, and says how to reach the others."""
    first, _sql = list_page(client, monkeypatch, 40, 1, language)
    assert 'rel="next" href="?page=2"' in pager(first) and note(first) is None

    last, _sql = list_page(client, monkeypatch, 40, 2, language)
    assert [row.slug for row in last.context["object_list"]] == initiatives[20:40]
    assert 'rel="next"' not in pager(last)
    assert note(last) == CUT_SHORT[language]
    # The 41st to 45th rows are a filter or the other order away, not a page.
    assert list_page(client, monkeypatch, 40, 3, language)[0].status_code == 404
    reversed_order = client.get(f"/{language}/initiatives/", {"ordering": "-name"})
    assert set(initiatives[40:]) <= {row.slug for row in reversed_order.context["object_list"]}


def test_a_list_it_can_count_gives_its_count_and_last_page(initiatives, client, monkeypatch):
    response, _sql = list_page(client, monkeypatch, 45, 1)
    assert heading(response) == "45 инициатив"
    assert "Страница 1 из 3" in pager(response)
    assert list_page(client, monkeypatch, 45, 4)[0].status_code == 404


@pytest.mark.parametrize(
    "language, count", [("ky", "30 ашуун демилге"), ("en", "more than 30 initiatives")]
)
def test_more_than_a_count_is_said_as_each_language_says_it(
    initiatives, client, monkeypatch, language, count
):
    response, _sql = list_page(client, monkeypatch, 30, 1, language)
    assert heading(response) == count


def test_a_deep_page_of_a_list_longer_than_it_counts_shows_its_rows(
    initiatives, client, monkeypatch
):
    monkeypatch.setattr("initiatives.paging.BoundedPaginator.count_up_to", 40)
    slugs, sql = read_page(client, monkeypatch, 20, 2)
    assert slugs == initiatives[20:40]
    [keys] = [query for query in sql if query.startswith(KEYS_ONLY)]
    assert "LIMIT 21 OFFSET 20" in keys  # one row more than it shows: is there a next page?


def person_page(client, language="ru"):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/{language}/people/speaker/")
    assert response.status_code == 200
    return response.content.decode(), [query["sql"] for query in queries]


@pytest.mark.parametrize(
    "language, open_ended, counted",
    [
        ("ru", "Показано: 2 из более чем 3.", "Показано: 2 из 3."),
        ("ky", "Көрсөтүлдү: 2, бардыгы 3 ашуун.", "Көрсөтүлдү: 3 ичинен 2."),
        ("en", "Shown: 2 of more than 3.", "Shown: 2 of 3."),
    ],
)
def test_a_record_s_section_counts_as_far_as_a_list_does(
    client, db, monkeypatch, language, open_ended, counted
):
    """A person's 10,000 statements are not all counted to say how many the page leaves out:
    the section counts one row past what a list counts, in the page's own query."""
    monkeypatch.setattr("initiatives.paging.COUNT_UP_TO", 3)
    monkeypatch.setattr("initiatives.prefetches.SHOWN", 2)
    person = f.PersonFactory(slug="speaker")
    statements = [f.StatementFactory(person=person) for _ in range(5)]

    page, sql = person_page(client, language)
    assert open_ended in page
    [count] = [query for query in sql if "SELECT COUNT(*) FROM (SELECT" in query]
    assert "LIMIT 4" in count

    for statement in statements[:2]:
        statement.delete()
    page, _sql = person_page(client, language)
    assert counted in page
    assert open_ended not in page
