"""Deep pages of a list are read keys first (initiatives/paging.py): the same rows, in the same
order, for one query more, whatever their depth."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

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
