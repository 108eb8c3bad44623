"""The public pages read as a native speaker of Russian and Kyrgyz writes them.

Counts agree with their number (Russian: 1 инициатива, 2 инициативы, 5 инициатив, 21 инициатива;
Kyrgyz: the singular after a numeral, 21 демилге), the country is the Kyrgyz Republic by its
official name, an event's place in its series is an ordinal of its kind, and a source page's
headings say what a reader finds under them. Every assertion is on the rendered page.
"""

import re

import pytest
from django.utils import translation

from initiatives import models
from initiatives.citations import FACT_HEADINGS, fact_models
from initiatives.counts import count_of
from tests import factories as f
from tests.test_pages import text_of
from tests.test_seed_data import load_fixtures

COUNTS = [1, 2, 5, 11, 21]

# What each count reads as, by language and kind of record.
EXPECTED = {
    "ru": {
        "initiative": {
            1: "1 инициатива",
            2: "2 инициативы",
            5: "5 инициатив",
            11: "11 инициатив",
            21: "21 инициатива",
        },
        "event": {
            1: "1 мероприятие",
            2: "2 мероприятия",
            5: "5 мероприятий",
            11: "11 мероприятий",
            21: "21 мероприятие",
        },
        "organization": {
            1: "1 организация",
            2: "2 организации",
            5: "5 организаций",
            11: "11 организаций",
            21: "21 организация",
        },
        "person": {
            1: "1 человек",
            2: "2 человека",
            5: "5 человек",
            11: "11 человек",
            21: "21 человек",
        },
    },
    "ky": {
        "initiative": {n: f"{n} демилге" for n in COUNTS},
        "event": {n: f"{n} иш-чара" for n in COUNTS},
        "organization": {n: f"{n} уюм" for n in COUNTS},
        "person": {n: f"{n} адам" for n in COUNTS},
    },
    "en": {
        "initiative": {n: f"{n} initiative" + ("s" if n != 1 else "") for n in COUNTS},
        "event": {n: f"{n} event" + ("s" if n != 1 else "") for n in COUNTS},
        "organization": {n: f"{n} organization" + ("s" if n != 1 else "") for n in COUNTS},
        "person": {n: f"{n} " + ("people" if n != 1 else "person") for n in COUNTS},
    },
}

LISTS = {
    "initiative": "initiatives",
    "event": "events",
    "organization": "organizations",
    "person": "people",
}


def results_heading(html):
    return re.search(r'<h2 id="results-heading"[^>]*>(.*?)</h2>', html, re.S).group(1).strip()


def home_figures(html):
    """The headline figures as read: «21 инициатива», the number in bold."""
    figures = re.search(r'<ul class="figures">(.*?)</section>', html, re.S).group(1)
    return re.findall(r"<strong>(\d+)</strong> ([^<]+)</a>", figures)


@pytest.mark.parametrize("count", COUNTS)
def test_every_count_agrees_with_its_number(count, db, client):
    f.InitiativeFactory.create_batch(count)
    f.EventFactory.create_batch(count)
    f.OrganizationFactory.create_batch(count)
    f.PersonFactory.create_batch(count)
    for language, kinds in EXPECTED.items():
        home = client.get(f"/{language}/").text
        assert home_figures(home) == [
            tuple(kinds[kind][count].split(" ", 1))
            for kind in ("initiative", "event", "organization")
        ], language
        for kind, phrases in kinds.items():
            listing = client.get(f"/{language}/{LISTS[kind]}/").text
            assert results_heading(listing) == phrases[count], (language, kind)


def test_a_count_of_thousands_is_grouped_and_agrees():
    """The number is grouped as the page's language writes it; the noun follows the number."""
    with translation.override("ru"):
        assert count_of("initiative", 1021) == "1\xa0021 инициатива"
        assert count_of("source", 1234) == "1\xa0234 источника"
    with translation.override("ky"):
        assert count_of("initiative", 1021) == "1\xa0021 демилге"


def test_a_status_no_source_gives_reads_in_each_language(db, client):
    initiative = f.InitiativeFactory(name_ru="Электронная мэрия")
    page = client.get(f"/ru/initiatives/{initiative.slug}/").text
    assert re.search(
        r"<dt>Статус</dt><dd><span class=\"status status-none\">не указан в источниках</span>", page
    )
    assert "статус в источниках не указан" in client.get("/ru/initiatives/").text
    page = client.get(f"/ky/initiatives/{initiative.slug}/").text
    # Kyrgyz says «абал» for a status, everywhere.
    assert re.search(
        r"<dt>Абалы</dt><dd><span class=\"status status-none\">булактарда көрсөтүлгөн эмес</span>",
        page,
    )
    listing = client.get("/ky/initiatives/").text
    assert "абалы булактарда көрсөтүлгөн эмес" in listing
    assert "Абалы:" in listing and "каалаган абал" in listing
    assert "татус" not in text_of(client.get("/ky/initiatives/"))


def test_the_country_is_the_kyrgyz_republic_in_every_language(db, client):
    organization = f.OrganizationFactory(country="KG")
    names = {"ru": "Кыргызская Республика", "ky": "Кыргыз Республикасы", "en": "Kyrgyz Republic"}
    labels = {"ru": "Страна", "ky": "Өлкө", "en": "Country"}
    for language, name in names.items():
        page = client.get(f"/{language}/organizations/{organization.slug}/").text
        assert f"<dt>{labels[language]}</dt><dd>{name}</dd>" in page
        assert "Киргизия" not in page


def test_other_countries_have_their_kyrgyz_names_on_kyrgyz_pages(db, client):
    """django-countries has no Kyrgyz catalogue: without CLDR, the Kyrgyz page spoke Russian."""
    event = f.EventFactory(participating_countries=["CH", "KG", "KZ", "TR"])
    expected = {
        "ru": "Швейцария, Кыргызская Республика, Казахстан, Турция",
        "ky": "Швейцария, Кыргыз Республикасы, Казакстан, Түркия",
    }
    for language, countries in expected.items():
        page = client.get(f"/{language}/events/{event.slug}/").text
        assert re.search(rf"<dd>{countries}</dd>", page), language


def test_an_edition_is_an_ordinal_of_the_event_kind(db, client):
    series = f.EventSeriesFactory(name_ru="Национальный диалог")
    first = f.EventFactory(series=series, edition=1, kind=models.Event.Kind.FORUM)
    second = f.EventFactory(series=series, edition=2, kind=models.Event.Kind.CONFERENCE)
    third = f.EventFactory(series=series, edition=3, kind=models.Event.Kind.MEETING)
    expected = {
        "ru": ("1-й форум", "2-я конференция", "3-е совещание"),
        "ky": ("1-форум", "2-конференция", "3-жыйын"),
    }
    for language, (forum, conference, meeting) in expected.items():
        page = client.get(f"/{language}/series/{series.slug}/").text
        editions = re.findall(r'<span class="edition">([^<]*)</span>', page)
        assert editions == [forum, conference, meeting], language
        assert "Выпуск" not in page and "чыгарылыш" not in page
        page = text_of(client.get(f"/{language}/events/{second.slug}/"))
        assert f"Национальный диалог — {conference}" in page
    assert "Мероприятия серии" in client.get(f"/ru/series/{series.slug}/").text
    assert first.edition == 1 and third.edition == 3


def test_source_page_headings_say_what_a_reader_finds(db, client):
    source = f.SourceFactory()
    f.CITATION_FACTORIES[models.IndicatorCitation](source=source)
    f.MeasurementFactory(source=source)
    f.InitiativeFactory(status="implementation", status__source=source)
    expected = {
        "ru": [
            "Статус инициатив по данным источника",
            "Значения показателей из этого источника",
            "Показатели, подтверждённые этим источником",
        ],
        "ky": [
            "Булак боюнча демилгелердин абалы",
            "Көрсөткүчтөрдүн бул булактагы маанилери",
            "Бул булак тастыктаган көрсөткүчтөр",
        ],
    }
    for language, headings in expected.items():
        page = client.get(f"/{language}/sources/{source.slug}/").text
        assert re.findall(r"<h3>([^<]*)</h3>", page) == headings
        assert "Цитаты" not in page and "цитаталары" not in page
    # Each fact says what it is in words, not as the admin's «Реализация (2020-02-25)».
    page = text_of(client.get(f"/ru/sources/{source.slug}/"))
    assert "— реализация, по состоянию на 25 февраля 2020 г." in page
    assert "айыл окмоту, внедрившие систему: 8 айыл окмоту, 25 февраля 2020 г." in page
    # The page of all facts of one kind has the same heading.
    page = client.get(f"/ky/sources/{source.slug}/facts/indicatorcitation/").text
    assert "<h1>Бул булак тастыктаган көрсөткүчтөр</h1>" in page


def test_every_kind_of_fact_has_a_reader_heading():
    """A new kind of fact must be given a heading, not fall back to the staff's model name."""
    assert {model._meta.model_name for model in fact_models()} == set(FACT_HEADINGS)


def test_the_newest_report_sentence_has_one_full_stop(db, client):
    f.InitiativeFactory(status="implementation")
    home = text_of(client.get("/ru/"))
    assert "Самый новый отчёт о статусе в реестре — по состоянию на 25 февраля 2020 г. " in home
    assert "г.." not in home


def test_kyrgyz_dates_stand_after_a_colon_not_before_a_postposition(db, client):
    """CLDR writes a Kyrgyz date in the nominative («2020-ж., 25-февраль»); «… карата» would
    need the month declined («25-февралына»), so the date follows «күнү:»."""
    load_fixtures()
    page = text_of(client.get("/ky/initiatives/sanarip-aimak/"))
    assert "Ишке ашыруу , күнү: 2020-ж., 25-февраль, «Жээнбеков" in page
    assert "25-февраль карата" not in page
