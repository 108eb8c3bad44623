"""The public browses the territory tree: the list starts at its top, every territory says
what lies within it kind by kind, and a territory's page shows where it lies and its parts,
bounded however many there are."""

import re

import pytest
from django.test import Client

from initiatives.models import Territory
from tests.factories import TerritoryFactory

Kind = Territory.Kind


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def rows(response):
    """The list's rows as a reader reads them."""
    results = re.search(r'<ul class="result-list">(.*?)</ul>', response.text, re.S)
    return [text_of(row) for row in re.findall(r"<li>(.*?)</li>", results.group(1), re.S)]


def section(response, id):
    found = re.search(rf'<ul class="links" id="{id}">(.*?)</ul>', response.text, re.S)
    return [text_of(row) for row in re.findall(r"<li>(.*?)</li>", found.group(1), re.S)]


def trail(response):
    found = re.search(r'<nav class="trail"[^>]*>(.*?)</nav>', response.text, re.S)
    return [text_of(item) for item in re.findall(r"<li>(.*?)</li>", found.group(1), re.S)]


def territory(slug, kind, parent=None, **names):
    return TerritoryFactory(
        slug=slug,
        kind=kind,
        parent=parent,
        name_ru=names.get("ru", slug),
        name_ky=names.get("ky", ""),
        iso_code=names.get("iso", ""),
    )


@pytest.fixture
def tree(db):
    """A country with two oblasts and a city of republican significance; a district of one
    oblast with three aiyl aimaks, one of them with two villages."""
    country = territory("country", Kind.COUNTRY, ru="Страна", ky="Өлкө", iso="KG")
    issyk_kul = territory(
        "issyk-kul",
        Kind.OBLAST,
        country,
        ru="Иссык-Кульская область",
        ky="Ысык-Көл облусу",
        iso="KG-Y",
    )
    territory("naryn", Kind.OBLAST, country, ru="Нарынская область", ky="Нарын облусу")
    territory("bishkek", Kind.CITY_OF_REPUBLICAN_SIGNIFICANCE, country, ru="Бишкек", ky="Бишкек")
    district = territory("ton", Kind.DISTRICT, issyk_kul, ru="Тонский район", ky="Тоң району")
    aimaks = [
        territory(f"aimak-{n}", Kind.AIYL_AIMAK, district, ru=f"Аймак {n}", ky=f"Аймак {n}")
        for n in (1, 2, 3)
    ]
    for n in (1, 2):
        territory(f"village-{n}", Kind.VILLAGE, aimaks[0], ru=f"Село {n}", ky=f"Айыл {n}")
    return district


def test_the_list_starts_at_the_top_of_the_tree_with_what_lies_within(tree, client):
    response = client.get("/ru/territories/")
    assert rows(response) == [
        "Страна Страна · KG · в составе: 2 области, 1 город республиканского значения",
        "Иссык-Кульская область Область · KG-Y · в составе: 1 район",
        "Нарынская область Область",
        "Бишкек Город республиканского значения",
    ]
    assert (
        "Верхний уровень: страна, её области и города республиканского значения." in response.text
    )
    # A search finds any territory, at any level.
    assert rows(client.get("/ru/territories/", {"q": "Тонский"})) == [
        "Тонский район Район · в составе: 3 айыл аймака"
    ]


def test_the_list_says_what_lies_within_in_kyrgyz(tree, client):
    assert rows(client.get("/ky/territories/")) == [
        "Өлкө Өлкө · KG · курамында: 2 облус, 1 республикалык маанидеги шаар",
        "Нарын облусу Облус",
        "Ысык-Көл облусу Облус · KG-Y · курамында: 1 район",
        "Бишкек Республикалык маанидеги шаар",
    ]


def test_a_territory_page_shows_where_it_lies_and_what_lies_within(tree, client):
    response = client.get("/ru/territories/ton/")
    assert trail(response) == ["Территории", "Страна", "Иссык-Кульская область"]
    assert "<dt>В составе</dt><dd>3 айыл аймака</dd>" in response.text
    assert section(response, "children") == [
        "Аймак 1 Айыл аймак · в составе: 2 села",
        "Аймак 2 Айыл аймак",
        "Аймак 3 Айыл аймак",
    ]
    kyrgyz = client.get("/ky/territories/ton/")
    assert trail(kyrgyz) == ["Аймактар", "Өлкө", "Ысык-Көл облусу"]
    assert "<dt>Курамында</dt><dd>3 айыл аймак</dd>" in kyrgyz.text
    assert section(kyrgyz, "children")[0] == "Аймак 1 Айыл аймак · курамында: 2 айыл"


def test_a_draft_in_the_trail_is_left_out_for_the_public_and_marked_for_staff(tree, admin_user):
    Territory.objects.filter(slug="issyk-kul").update(is_published=False)
    assert trail(Client().get("/ru/territories/ton/")) == ["Территории"]
    staff = Client()
    staff.force_login(admin_user)
    assert trail(staff.get("/ru/territories/ton/")) == [
        "Территории",
        "Страна",
        "Иссык-Кульская область черновик",
    ]


def district_with(aimaks):
    country = TerritoryFactory(kind=Kind.COUNTRY)
    oblast = TerritoryFactory(kind=Kind.OBLAST, parent=country)
    district = TerritoryFactory(slug="district", kind=Kind.DISTRICT, parent=oblast)
    for n in range(aimaks):
        aimak = TerritoryFactory(
            slug=f"aimak-{n:02}", name_ru=f"Аймак {n:02}", kind=Kind.AIYL_AIMAK, parent=district
        )
        TerritoryFactory(kind=Kind.VILLAGE, parent=aimak)
    return district


def test_a_territory_with_many_parts_shows_the_first_20_and_links_the_rest(db, client):
    district_with(50)
    response = client.get("/ru/territories/district/")
    shown = section(response, "children")
    assert len(shown) == 20
    assert shown[0] == "Аймак 00 Айыл аймак · в составе: 1 село"
    assert "Показано: 20 из 50." in response.text
    assert 'href="/ru/territories/?parent=district"' in response.text
    everything = client.get("/ru/territories/", {"parent": "district"})
    assert len(rows(everything)) == 20
    assert "50 территорий" in everything.text
    assert rows(everything)[0] == "Аймак 00 Айыл аймак · в составе: 1 село"


# The page: the record, its trail and counts in the same query, then one query per section
# (children with their own counts, initiatives, events, citations); the list: count and page,
# and the parent its filter names.
@pytest.mark.parametrize("parts", [5, 50])
def test_the_tree_pages_cost_the_same_however_many_parts(
    parts, db, client, django_assert_num_queries
):
    district_with(parts)
    with django_assert_num_queries(7):
        page = client.get("/ru/territories/district/")
    with django_assert_num_queries(5):
        parts_list = client.get("/ru/territories/", {"parent": "district"})
    with django_assert_num_queries(4):
        top = client.get("/ru/territories/")
    # Each row says what lies within it, at no query of its own.
    assert section(page, "children")[-1].endswith("Айыл аймак · в составе: 1 село")
    assert rows(parts_list)[-1].endswith("Айыл аймак · в составе: 1 село")
    assert rows(top)[-1].endswith("Область · в составе: 1 район")
