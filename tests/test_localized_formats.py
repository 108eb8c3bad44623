"""Dates, figures and times as each language writes them (CLDR through Babel,
initiatives/localized.py), at every door: public pages, the admin, the feed and the chart.

CLDR's spaces are part of the text: a no-break space groups thousands in Russian and Kyrgyz
("12 345,5") and stands before "%" in Russian; a narrow no-break space keeps "г." with its year.
"""

import datetime
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.urls import reverse

from initiatives.models import Indicator
from initiatives.partial_dates import PartialDate
from tests.factories import (
    EventFactory,
    IndicatorFactory,
    InitiativeFactory,
    MeasurementFactory,
    PersonFactory,
    PositionFactory,
    SourceFactory,
)

NBSP = "\xa0"
NNBSP = "\u202f"
ATOM = "{http://www.w3.org/2005/Atom}"


def first(pattern, html):
    match = re.search(pattern, html, re.S)
    assert match, pattern
    return match.group(1)


# --- Partial dates ------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "date", "shown"),
    [
        ("ru", PartialDate(2020, 2, 25), f"25 февраля 2020{NNBSP}г."),
        ("ru", PartialDate(2020, 6), f"июнь 2020{NNBSP}г."),
        ("ru", PartialDate(2020), "2020"),
        ("ky", PartialDate(2020, 2, 25), "2020-ж., 25-февраль"),
        ("ky", PartialDate(2020, 6), "2020-ж., июнь"),
        ("ky", PartialDate(2020), "2020"),
        ("en", PartialDate(2020, 2, 25), "February 25, 2020"),
        ("en", PartialDate(2020, 6), "June 2020"),
        ("en", PartialDate(2020), "2020"),
    ],
)
def test_an_event_date_reads_as_the_language_writes_it_at_its_precision(
    client, language, date, shown
):
    EventFactory(slug="the-seminar", start=date)

    listed = client.get(f"/{language}/events/").text
    page = client.get(f"/{language}/events/the-seminar/").text

    row = rf'<span class="when">([^<]*)</span>\s*<a href="/{language}/events/the-seminar/"'
    assert first(row, listed) == shown
    assert f"<dd>{shown}</dd>" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "since"),
    [
        ("ru", f"с июня 2020{NNBSP}г."),
        ("en", "from June 2020"),
    ],
)
def test_a_position_held_since_a_month_names_it_as_the_preposition_needs(client, language, since):
    """Russian «с» takes the genitive: «с июня», never «с июнь»."""
    position = PositionFactory(start=PartialDate(2020, 6), in_office_on=None)

    page = client.get(f"/{language}/people/{position.person.slug}/").text

    assert f", {since}" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "as_of"),
    [
        ("ru", f"по состоянию на июнь 2020{NNBSP}г., по данным «"),
        ("en", "as of June 2020, according to «"),
    ],
)
def test_a_status_line_keeps_the_months_own_case(client, language, as_of):
    """No lower-casing of a whole date: English months keep their capital."""
    InitiativeFactory(slug="pilot", status="implementation", status__as_of=PartialDate(2020, 6))

    assert as_of in client.get(f"/{language}/initiatives/pilot/").text


# --- Figures ------------------------------------------------------------------------------


@pytest.fixture
def measured(db):
    """Two indicators stored at four decimal places: 7.5 of 484 and 12 345.5 of 20 000.
    Pages list the budget first (its slug comes first)."""
    initiative = InitiativeFactory(slug="pilot", name_ru="Пилот", name_en="Pilot")
    villages = IndicatorFactory(
        initiative=initiative,
        slug="villages",
        unit_ru="айыл окмоту",
        unit_ky="айыл өкмөтү",
        unit_en="aiyl okmotus",
        target_value=Decimal("484.0000"),
        target_date=None,
    )
    budget = IndicatorFactory(
        initiative=initiative,
        slug="budget",
        name_ru="бюджет",
        unit_ru="сом",
        unit_ky="сом",
        unit_en="som",
        target_value=Decimal("20000.0000"),
        target_date=None,
    )
    source = SourceFactory(published_on=PartialDate(2020, 3))
    MeasurementFactory(
        indicator=villages, value=Decimal("7.5000"), as_of=PartialDate(2020, 1), source=source
    )
    MeasurementFactory(
        indicator=budget, value=Decimal("12345.5000"), as_of=PartialDate(2020, 2), source=source
    )
    return villages, budget


FIGURES = [
    # language, 484.0000, 7.5, 12345.5, 20000.0000
    ("ru", "484", "7,5", f"12{NBSP}345,5", f"20{NBSP}000"),
    ("ky", "484", "7,5", f"12{NBSP}345,5", f"20{NBSP}000"),
    ("en", "484", "7.5", "12,345.5", "20,000"),
]


@pytest.mark.parametrize(
    ("language", "progress_texts"),
    [
        (
            "ru",
            [
                f"12{NBSP}345,5 из 20{NBSP}000 сом (62{NBSP}%), февраль 2020{NNBSP}г.",
                f"7,5 из 484 айыл окмоту (2{NBSP}%), январь 2020{NNBSP}г.",
            ],
        ),
        (
            "ky",
            [
                f"20{NBSP}000 ичинен 12{NBSP}345,5 сом (62%), 2020-ж., февраль",
                "484 ичинен 7,5 айыл өкмөтү (2%), 2020-ж., январь",
            ],
        ),
        (
            "en",
            [
                "12,345.5 of 20,000 som (62%), February 2020",
                "7.5 of 484 aiyl okmotus (2%), January 2020",
            ],
        ),
    ],
)
def test_the_initiative_page_states_progress_in_the_languages_figures(
    measured, client, language, progress_texts
):
    html = client.get(f"/{language}/initiatives/pilot/").text

    shown = re.findall(
        r'<span class="progress-text">(<span class="progress-figures">.*?</span>[^<]*)</span>', html
    )
    assert [re.sub(r"<[^>]+>", "", text) for text in shown] == progress_texts


@pytest.mark.parametrize(("language", "target", "value", "large", "large_target"), FIGURES)
def test_the_public_pages_show_figures_without_stored_zeros(
    measured, client, language, target, value, large, large_target
):
    initiative = client.get(f"/{language}/initiatives/pilot/").text
    villages = client.get(f"/{language}/initiatives/pilot/indicators/villages/").text
    budget = client.get(f"/{language}/initiatives/pilot/indicators/budget/").text

    assert re.findall(r'<p class="target">[^:]*: ([^ ]*) ', initiative) == [large_target, target]
    assert re.findall(r"</strong>: ([^ ]*) ", initiative) == [large, value]
    assert first(r"<tbody>\s*<tr><td>[^<]*</td><td>([^<]*)</td>", villages) == value
    assert first(r"<tbody>\s*<tr><td>[^<]*</td><td>([^<]*)</td>", budget) == large
    assert "0000" not in initiative + villages + budget


@pytest.mark.parametrize(("language", "target", "value", "large", "large_target"), FIGURES)
def test_the_chart_labels_its_figures_in_the_language(
    measured, client, language, target, value, large, large_target
):
    html = client.get(f"/{language}/initiatives/pilot/").text

    point_labels = re.findall(r'<text class="chart-point-label"[^>]*>([^<]*)</text>', html)
    target_labels = re.findall(r'<text class="chart-target-label"[^>]*>([^<]*)</text>', html)
    table_values = re.findall(r"<tr><td>[^<]*</td><td>([^<]*)</td><td><a ", html)
    # Each chart is drawn for a wide screen and for a phone; a lone point is labelled with its
    # unit, after the figure and an ordinary space (the figure's own spaces are no-break).
    assert [label.split(" ")[0] for label in point_labels] == [large, large, value, value]
    assert [label.rsplit(" ", 1)[-1] for label in target_labels] == [
        large_target,
        large_target,
        target,
        target,
    ]
    assert table_values == [large, value]


@pytest.mark.parametrize(("language", "target", "value", "large", "large_target"), FIGURES)
def test_the_feed_gives_each_value_in_the_language(
    measured, client, language, target, value, large, large_target
):
    feed = ET.fromstring(client.get(f"/{language}/feed.atom").content)

    titles = [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]
    values = [title.rsplit(" — ", 1)[1] for title in titles if " — " in title]
    assert sorted(values) == sorted([value, large])


@pytest.mark.parametrize(("language", "target", "value", "large", "large_target"), FIGURES)
def test_the_admin_lists_figures_and_dates_in_the_staff_members_language(
    measured, editor_client, language, target, value, large, large_target
):
    headers = {"accept-language": language}
    measurements = editor_client.get(
        reverse("admin:initiatives_measurement_changelist"), headers=headers
    ).text
    indicators = editor_client.get(
        reverse("admin:initiatives_indicator_changelist"), headers=headers
    ).text

    listed = re.findall(r'<td class="field-value">([^<]*)</td>', measurements)
    assert sorted(listed) == sorted([value, large])
    months = re.findall(r'<td class="field-as_of">([^<]*)</td>', measurements)
    expected_months = {
        "ru": [f"январь 2020{NNBSP}г.", f"февраль 2020{NNBSP}г."],
        "ky": ["2020-ж., январь", "2020-ж., февраль"],
        "en": ["January 2020", "February 2020"],
    }[language]
    assert sorted(months) == sorted(expected_months)
    targets = re.findall(r'<td class="field-target_value">([^<]*)</td>', indicators)
    assert sorted(targets) == sorted([target, large_target])


def test_the_admin_change_form_shows_a_figure_as_typed(measured, editor_client):
    villages, _budget = measured
    measurement = villages.measurements.get()

    indicator_form = editor_client.get(
        reverse("admin:initiatives_indicator_change", args=[villages.pk]),
        headers={"accept-language": "ru"},
    ).text
    measurement_form = editor_client.get(
        reverse("admin:initiatives_measurement_change", args=[measurement.pk]),
        headers={"accept-language": "ru"},
    ).text

    # A number input takes a dot in every language; only the stored zeros go.
    assert first(r'<input type="number" name="target_value" value="([^"]*)"', indicator_form) == (
        "484"
    )
    assert first(r'name="measurements-0-value" value="([^"]*)"', indicator_form) == "7.5"
    assert first(r'<input type="number" name="value" value="([^"]*)"', measurement_form) == "7.5"
    # The progress shown read-only beside the inputs is text, in the staff member's language.
    shown = re.sub(r"<[^>]+>", "", indicator_form)
    assert f"7,5 из 484 айыл окмоту (2{NBSP}%), январь 2020{NNBSP}г." in shown


# --- Record time --------------------------------------------------------------------------

MOMENT = datetime.datetime(2020, 2, 25, 13, 5, tzinfo=datetime.UTC)  # 19:05 in Bishkek


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("ru", f"25 февр. 2020{NNBSP}г., 19:05:00"),
        ("ky", "2020-ж., 25-фев. 19:05:00"),
        ("en", f"Feb 25, 2020, 7:05:00{NNBSP}PM"),
    ],
)
def test_the_admin_gives_record_times_in_the_staff_members_language(editor_client, language, shown):
    person, initiative = PersonFactory(), InitiativeFactory()
    for record in (person, initiative):
        type(record).objects.filter(pk=record.pk).update(created_at=MOMENT, updated_at=MOMENT)
        record.history.update(history_date=MOMENT)
    headers = {"accept-language": language}

    def admin_page(name, *args):
        return editor_client.get(reverse(f"admin:initiatives_{name}", args=args), headers=headers)

    listed = admin_page("person_changelist").text
    forms = [
        admin_page("person_change", person.pk).text,  # the record times after the form's fields
        admin_page("initiative_change", initiative.pk).text,  # in the form's "Record" fieldset
    ]
    history = admin_page("person_history", person.pk).text

    assert first(r'<td class="field-updated_at">([^<]*)</td>', listed) == shown
    for form in forms:
        for field in ("created", "updated"):
            assert first(rf'field-{field}">.*?<div class="readonly">([^<]*)</div>', form) == shown
    assert f"<td>{shown}</td>" in history


@pytest.mark.django_db
def test_the_history_shows_a_changed_figure_without_stored_zeros(editor_client):
    indicator = IndicatorFactory(target_value=Decimal("484.0000"))
    indicator.target_value = Decimal("500.5000")
    indicator.save()
    assert Indicator.objects.get(pk=indicator.pk).target_value == Decimal("500.5")

    history = editor_client.get(
        reverse("admin:initiatives_indicator_history", args=[indicator.pk]),
        headers={"accept-language": "ru"},
    ).text

    change = first(r"<li>\s*<strong>[^<]*</strong>(.*?)</li>", history)
    assert change.split() == ["484", "&nbsp;&rarr;&nbsp;&nbsp;500,5"]
