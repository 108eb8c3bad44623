"""The home page's figures and lists (initiatives/overview.py), worked out once per registry
version: right after every change, and a page that reads them costs the same however many
records there are."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.test import override_settings

from initiatives import clock
from initiatives.models import Event
from tests import factories as f
from tests.test_pages import text_of

IMPLEMENTATION, PIPELINE = "implementation", "pipeline"


@pytest.fixture
def cached(db):
    with override_settings(REGISTRY_CACHE=True):
        cache.clear()
        yield
        cache.clear()


def figures(client, url="/ru/"):
    """The page's 'in figures' section, as a reader sees it."""
    page = text_of(client.get(url))
    return re.search(r"В цифрах (.*?) Инициативы в работе", page).group(1)


def test_the_figures_and_lists_change_with_the_registry(cached, client):
    f.InitiativeFactory(name_ru="Пилот в Оше", status=IMPLEMENTATION)
    f.EventFactory(name_ru="Семинар в Нарыне", status=Event.Status.HELD)
    f.OrganizationFactory()
    assert figures(client) == (
        "1 инициатива Реализация: 1 Каждая — по последнему отчёту о её статусе. "
        "1 мероприятие 1 организация "
        "Самый новый отчёт о статусе в реестре — по состоянию на 25 февраля 2020 г."
    )

    f.InitiativeFactory(name_ru="Пилот в Таласе", status=IMPLEMENTATION)
    f.InitiativeFactory(status=PIPELINE, status__as_of="2021-03")
    f.InitiativeFactory()
    f.EventFactory(name_ru="Форум в Бишкеке", status=Event.Status.HELD, start="2020-05")

    assert figures(client) == (
        "4 инициативы Идентификация: 1 Реализация: 2 "
        "источники не сообщают статус: 1 Каждая — по последнему отчёту о её статусе. "
        "2 мероприятия 1 организация "
        "Самый новый отчёт о статусе в реестре — по состоянию на март 2021 г."
    )
    page = text_of(client.get("/ru/"))
    assert "Пилот в Оше" in page and "Пилот в Таласе" in page
    recent = page.split("Недавние мероприятия")[1]
    assert recent.index("Форум в Бишкеке") < recent.index("Семинар в Нарыне")


def test_a_planned_event_leaves_the_list_the_day_after_its_date(cached, client, monkeypatch):
    f.EventFactory(name_ru="Форум в Оше", status=Event.Status.PLANNED, start="2030-06-01")
    monkeypatch.setattr(clock, "today", lambda: datetime.date(2030, 6, 1))
    assert "Форум в Оше" in text_of(client.get("/ru/"))
    # No change to the registry, only to the date: the answer cache still holds the page of
    # this version, a new address is built with the day's list.
    monkeypatch.setattr(clock, "today", lambda: datetime.date(2030, 6, 2))
    assert "Форум в Оше" not in text_of(client.get("/ru/?day=2"))


def some_of_everything(n):
    for i in range(n):
        f.MeasurementFactory(indicator=f.IndicatorFactory(initiative__status=IMPLEMENTATION))
        f.EventFactory(status=Event.Status.HELD, territory=f.TerritoryFactory())
        f.EventFactory(status=Event.Status.PLANNED, start=f"2030-0{i + 1}")
        f.OrganizationFactory()


@pytest.mark.parametrize("rows", [1, 3])
def test_once_worked_out_the_home_page_reads_only_what_it_lists(
    rows, cached, client, django_assert_num_queries
):
    some_of_everything(rows)
    client.get("/ru/")  # works the figures out for this version
    # Another address is another answer, built again: the figures are read from the cache.
    # The registry version, the savepoint (2), the initiatives under way and their
    # indicators, the recent and the planned events and the latest report of each (2 each).
    with django_assert_num_queries(9):
        response = client.get("/ru/?again")
    assert f"{rows * 2} мероприят" in text_of(response)
