"""A parent initiative rolls up its parts (issue 16): their progress added up where their
indicators count the same whole things in the same unit, never across unlike units, as of the
oldest to the newest of the values added; and how many parts have which status. Drafts never
count. The page (ru, ky, en), the admin's change form and the API show the same roll-up, in a
number of queries that does not grow with the parts (initiatives/rollup.py).
"""

import re
from decimal import Decimal

import pytest

from initiatives import models
from initiatives.prefetches import SHOWN
from tests import factories as f
from tests.test_admin import admin_url
from tests.test_seed_data import load_fixtures

AIYL_OKMOTU = {"unit_ru": "айыл окмоту", "unit_ky": "айыл өкмөтү", "unit_en": "aiyl okmotus"}
PEOPLE = {"unit_ru": "человек", "unit_ky": "адам", "unit_en": "people"}
# Russian years end in «г.» after a narrow no-break space, as CLDR writes them.
G = "\u202fг."
# The `parent` fixture's parts added up, in Russian.
RU_SUM = f"28 из 584 айыл окмоту (5\xa0%), на даты с 25 февраля 2020{G} по март 2021{G}"


def part(parent, *, status=None, as_of=None, **fields):
    """A published part of `parent`; with `status`, a report of it as of `as_of`."""
    extra = {"status": status}
    if as_of is not None:
        extra["status__as_of"] = as_of
    return f.InitiativeFactory(parent=parent, **extra, **fields)


def counted(initiative, *values, unit=AIYL_OKMOTU, target=484, whole=True, source=None):
    """An indicator of `initiative` with its values, each (value, as of)."""
    indicator = f.IndicatorFactory(
        initiative=initiative, counts_whole_things=whole, target_value=target, **unit
    )
    for value, as_of in values:
        extra = {"source": source} if source is not None else {}
        f.MeasurementFactory(indicator=indicator, value=Decimal(value), as_of=as_of, **extra)
    return indicator


def rollup_section(response):
    """The HTML of the page's roll-up section, or None when the page has none."""
    match = re.search(
        r'<section aria-labelledby="rollup-heading">(.*?)</section>', response.text, re.DOTALL
    )
    return match.group(1) if match else None


def text(fragment):
    """What a reader sees: tags dropped (a progress bar's fallback text with its element),
    runs of spaces as one; a no-break space stays, as the language writes it."""
    fragment = re.sub(r"<progress[^>]*>.*?</progress>", "", fragment, flags=re.DOTALL)
    fragment = re.sub(r"<[^>]+>", "", fragment).replace("&nbsp;", "\xa0")
    return re.sub(r"[ \t\r\n]+", " ", fragment).strip()


def unit_rows(response):
    """Each unit's line in the roll-up, as a reader sees it."""
    section = rollup_section(response)
    assert section is not None, "no roll-up on the page"
    return [
        text(row)
        for row in re.findall(r'<li class="indicator-progress">(.*?)</li>', section, re.DOTALL)
    ]


def status_lines(response):
    section = rollup_section(response)
    listed = re.search(r'<ul class="by-status">(.*?)</ul>', section, re.DOTALL).group(1)
    return [text(line) for line in re.findall(r"<li>(.*?)</li>", listed, re.DOTALL)]


@pytest.fixture
def parent(db):
    """Two published parts counting айыл окмоту: 8 of 484 as of 25 February 2020 (an older 3
    before it), 20 of 100 as of March 2021."""
    parent = f.InitiativeFactory(slug="parent")
    first = part(parent, slug="first")
    counted(first, (3, "2019-12"), (8, "2020-02-25"))
    second = part(parent, slug="second")
    counted(second, (20, "2021-03"), target=100)
    return parent


# Same unit: added up, as of the oldest to the newest value.


@pytest.mark.parametrize(
    ("language", "row"),
    [
        (
            "ru",
            f"{RU_SUM} · по данным 2 частей",
        ),
        (
            "ky",
            "584 ичинен 28 айыл өкмөтү (5%), күндөрү: 2020-ж., 25-февраль – 2021-ж., март · "
            "2 бөлүктүн маалыматы боюнча",
        ),
        (
            "en",
            "28 of 584 aiyl okmotus (5%), as of dates from February 25, 2020 to March 2021 · "
            "from 2 parts",
        ),
    ],
)
def test_parts_counting_the_same_unit_are_added_up_as_of_their_dates(parent, client, language, row):
    response = client.get(f"/{language}/initiatives/parent/")
    assert unit_rows(response) == [row]


def test_one_date_reads_as_of_that_date(client, db):
    parent = f.InitiativeFactory(slug="parent")
    counted(part(parent), (8, "2020-02-25"))
    counted(part(parent), (12, "2020-02-25"))
    (row,) = unit_rows(client.get("/ru/initiatives/parent/"))
    assert row == (
        f"20 из 968 айыл окмоту (2\xa0%), по состоянию на 25 февраля 2020{G} · по данным 2 частей"
    )


def test_the_page_labels_its_own_progress_apart_from_its_parts(parent, client):
    counted(parent, (100, "2020-06"), unit=PEOPLE, target=1000)
    page = client.get("/ru/initiatives/parent/")
    own = re.search(
        r'<section aria-labelledby="progress-heading">(.*?)</section>', page.text, re.DOTALL
    ).group(1)
    assert '<h2 id="progress-heading">Ход выполнения самой инициативы</h2>' in own
    assert "100 из 1\xa0000 человек (10\xa0%)," in text(own)
    assert '<h2 id="rollup-heading">Ход выполнения её частей</h2>' in rollup_section(page)
    # The parent's own value is not one of its parts'.
    assert [row.split(" · ")[0] for row in unit_rows(page)] == [RU_SUM]


def test_without_published_parts_there_is_no_roll_up(client, db, django_assert_num_queries):
    lone = f.InitiativeFactory(slug="lone")
    f.InitiativeFactory(parent=lone, is_published=False)
    # As `family`'s parent, but for its parts: the roll-up's two queries are spared.
    with django_assert_num_queries(PAGE_QUERIES - 2):
        assert rollup_section(client.get("/ru/initiatives/lone/")) is None
    with django_assert_num_queries(API_QUERIES - 2):
        assert client.get("/api/v1/initiatives/lone/").json()["rollup"] is None
    counted(lone, (8, "2020-02-25"))
    page = client.get("/ru/initiatives/lone/")
    assert '<h2 id="progress-heading">Ход выполнения</h2>' in page.text
    assert rollup_section(page) is None


# Unlike units: never one sum.


def test_roll_up_refuses_unlike_units(parent, client):
    counted(part(parent), (40, "2020-05"), unit=PEOPLE, target=50)
    # Written alike in Russian but not in Kyrgyz: not the same unit either.
    counted(part(parent), (5, "2020-05"), unit={**AIYL_OKMOTU, "unit_ky": "айыл"}, target=10)
    rows = unit_rows(client.get("/ru/initiatives/parent/"))
    assert rows == [
        f"{RU_SUM} · по данным 2 частей",
        "5 из 10 айыл окмоту (50\xa0%), по состоянию на май 2020\u202fг. · по данным 1 части",
        "40 из 50 человек (80\xa0%), по состоянию на май 2020\u202fг. · по данным 1 части",
    ]
    assert not any(number in " ".join(rows) for number in ("68", "73", "33 из"))


def test_indicators_going_opposite_ways_are_not_added_up(parent, client):
    going_down = counted(part(parent), (30, "2020-05"), target=10)
    going_down.ascending = False
    going_down.baseline_value = Decimal(50)
    going_down.save()
    rows = unit_rows(client.get("/en/initiatives/parent/"))
    assert [row.split(",")[0] for row in rows] == [
        "28 of 584 aiyl okmotus (5%)",
        "30 of 10 aiyl okmotus (50%)",
    ]


def test_shares_in_one_unit_are_counted_but_not_summed(client, db):
    parent = f.InitiativeFactory(slug="parent")
    share = {"unit_ru": "%", "unit_ky": "%", "unit_en": "%"}
    counted(part(parent), (40, "2020-05"), unit=share, target=100, whole=False)
    counted(part(parent), (50, "2020-05"), unit=share, target=100, whole=False)
    (row,) = unit_rows(client.get("/ru/initiatives/parent/"))
    assert row == (
        "%: 2 показателя в этой единице измерения не суммируются: они не считают целые единицы "
        "(доли, коэффициенты и средние не складываются) · по данным 2 частей"
    )
    (api_row,) = client.get("/api/v1/initiatives/parent/").json()["rollup"]["progress"]
    assert (api_row["added_up"], api_row["value"], api_row["target"]) == (False, None, None)


def test_a_part_without_a_value_yet_is_no_zero(parent, client):
    counted(part(parent), target=16)
    rows = unit_rows(client.get("/ru/initiatives/parent/"))
    assert rows == [
        f"28 айыл окмоту, на даты с 25 февраля 2020{G} по март 2021{G}; цель 600 айыл окмоту · "
        "по данным 3 частей; 1 показатель пока без значения"
    ]


def test_a_sum_of_targets_needs_every_target(parent, client):
    counted(part(parent), (4, "2020-05"), target=None)
    rows = unit_rows(client.get("/ky/initiatives/parent/"))
    assert rows == [
        "32 айыл өкмөтү, күндөрү: 2020-ж., 25-февраль – 2021-ж., март · "
        "3 бөлүктүн маалыматы боюнча; 1 көрсөткүчтүн максаттуу мааниси жок"
    ]


# Drafts never count, for staff either.


def test_drafts_never_count(parent, client, editor_client):
    draft = f.InitiativeFactory(parent=parent, is_published=False, status="implementation")
    counted(draft, (100, "2021-06"))
    # A newer value of a published part, from an article not yet published.
    first = models.Initiative.objects.get(slug="first")
    unpublished = f.SourceFactory(is_published=False, published_on="2021-06")
    f.MeasurementFactory(
        indicator=first.indicators.get(), value=400, as_of="2021-06", source=unpublished
    )
    expected = f"{RU_SUM} · по данным 2 частей"
    for reader in (client, editor_client):
        page = reader.get("/ru/initiatives/parent/")
        assert unit_rows(page) == [expected]
        assert "Части: 2 инициативы" in text(rollup_section(page))
    for reader in (client, editor_client):
        rollup = reader.get("/api/v1/initiatives/parent/").json()["rollup"]
        assert rollup["parts"] == 2
        assert rollup["progress"][0]["value"] == "28.0000"


# Statuses


@pytest.mark.parametrize(
    ("language", "parts", "lines"),
    [
        (
            "ru",
            "Части: 4 инициативы",
            [
                "Реализация: 2 (на даты с 2019 по 25 февраля 2020\u202fг.)",
                "Закрыто: 1 (по состоянию на май 2021\u202fг.)",
                "Источники не сообщают статус: 1",
            ],
        ),
        (
            "ky",
            "Бөлүктөрү: 4 демилге",
            [
                "Ишке ашыруу: 2 (күндөрү: 2019 – 2020-ж., 25-февраль)",
                "Жабылган: 1 (күнү: 2021-ж., май)",
                "Булактарда абалы көрсөтүлгөн эмес: 1",
            ],
        ),
        (
            "en",
            "Parts: 4 initiatives",
            [
                "Implementation: 2 (as of dates from 2019 to February 25, 2020)",
                "Closed: 1 (as of May 2021)",
                "No source gives the status: 1",
            ],
        ),
    ],
)
def test_the_parts_statuses_are_counted_as_of_their_reports(client, db, language, parts, lines):
    parent = f.InitiativeFactory(slug="parent")
    part(parent, status="closed", as_of="2021-05")
    part(parent, status="implementation", as_of="2020-02-25")
    part(parent, status="implementation", as_of="2019")
    part(parent)
    f.InitiativeFactory(parent=parent, status="cancelled", is_published=False)
    page = client.get(f"/{language}/initiatives/parent/")
    section = rollup_section(page)
    assert text(re.search(r'<p class="rollup-parts">(.*?)</p>', section).group(1)) == parts
    assert status_lines(page) == lines
    assert (
        f'href="/{language}/initiatives/?parent=parent&amp;status=implementation"'
        in rollup_section(page)
    )


# API


def test_the_api_initiative_carries_its_roll_up(parent, client):
    record = client.get("/api/v1/initiatives/parent/").json()
    assert record["rollup"] == {
        "parts": 2,
        "statuses": [
            {"status": None, "parts": 2, "as_of_from": None, "as_of_to": None},
        ],
        "progress": [
            {
                **AIYL_OKMOTU,
                "ascending": True,
                "counts_whole_things": True,
                "added_up": True,
                "indicators": 2,
                "parts": 2,
                "measured": 2,
                "targeted": 2,
                "value": "28.0000",
                "target": "584.0000",
                "percent": 5,
                "as_of_from": "2020-02-25",
                "as_of_to": "2021-03",
            }
        ],
        "progress_count": 1,
    }
    listed = client.get("/api/v1/initiatives/").json()["results"]
    assert all("rollup" not in row for row in listed)


def test_the_schema_documents_the_roll_up(client, db):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    components = schema["components"]["schemas"]
    rollup = components["Initiative"]["properties"]["rollup"]
    assert rollup["readOnly"] is True
    assert "Rollup" in components
    assert set(components["Rollup"]["properties"]) == {
        "parts",
        "statuses",
        "progress",
        "progress_count",
    }
    assert "rollup" not in components["InitiativeSummary"]["properties"]


# Admin


def test_the_admin_shows_the_roll_up_read_only_on_the_parents_form(parent, editor_client):
    response = editor_client.get(admin_url(models.Initiative, "change", parent.pk))
    assert response.status_code == 200
    assert "field-rollup" in response.text
    shown = text(response.text.split("field-rollup", 1)[1].split("</fieldset>", 1)[0])
    assert "Ход выполнения её частей:" in shown
    assert RU_SUM in shown
    assert "Учитываются только опубликованные части" in shown
    assert 'name="rollup"' not in response.text


# Bounded


def family(children):
    parent = f.InitiativeFactory(slug="parent")
    for i in range(children):
        child = part(parent, status="implementation")
        counted(child, (i + 1, f"2020-0{i % 9 + 1}"))
    return parent


# The parent's page and API record as for any initiative (tests/test_page_queries.py,
# tests/test_api.py), and two for the roll-up: the parts' statuses, then their indicators
# by unit. Without parts, a subquery in the record's own query says so and the two are spared.
# The API record counts its member territories today in a query of its own (the parent has no
# indicators of its own, so no values to count).
PAGE_QUERIES = 17
API_QUERIES = 15


@pytest.mark.parametrize("children", [3, 30])
def test_the_roll_up_costs_the_same_queries_for_3_or_30_parts(
    children, client, db, django_assert_num_queries
):
    family(children)
    with django_assert_num_queries(PAGE_QUERIES):
        page = client.get("/ru/initiatives/parent/")
    assert f"по данным {children} частей" in unit_rows(page)[0]
    with django_assert_num_queries(API_QUERIES):
        record = client.get("/api/v1/initiatives/parent/").json()
    assert record["rollup"]["parts"] == children


def test_many_units_show_the_first_and_count_the_rest(client, db, django_assert_num_queries):
    parent = f.InitiativeFactory(slug="parent")
    for i in range(SHOWN + 5):
        counted(part(parent), (1, "2020-02"), unit={"unit_ru": f"вещь {i:02d}"})
    # One query more: how many units there are, past the first SHOWN.
    with django_assert_num_queries(PAGE_QUERIES + 1):
        page = client.get("/ru/initiatives/parent/")
    assert len(unit_rows(page)) == SHOWN
    assert f"Показано: {SHOWN} из {SHOWN + 5}." in text(rollup_section(page))
    rollup = client.get("/api/v1/initiatives/parent/").json()["rollup"]
    assert (len(rollup["progress"]), rollup["progress_count"]) == (SHOWN, SHOWN + 5)


# The seed


def test_no_seed_initiative_has_parts_so_none_rolls_up(client, db):
    """No article says one of its initiatives is part of another: the seed's roll-ups are
    empty, and no page shows one."""
    load_fixtures()
    assert not models.Initiative.objects.exclude(parent=None).exists()
    page = client.get("/ru/initiatives/sanarip-aimak/")
    assert rollup_section(page) is None
    assert client.get("/api/v1/initiatives/sanarip-aimak/").json()["rollup"] is None
