"""The indicator chart: measurements over time against the target, drawn on the server.

The output is read back as XML, the way a browser or a screen reader would meet it: where the
points sit, which lines and labels are there, what the description and table say.
"""

import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal

import pytest
from django.db.models import Prefetch
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from initiatives.charts import (
    BOTTOM,
    LABEL_GAP,
    LEFT,
    RIGHT,
    TOP,
    Scale,
    date_position,
    place_labels,
    render_indicator_chart,
    time_scale,
    value_scale,
)
from initiatives.models import Indicator, Initiative
from initiatives.partial_dates import PartialDate
from initiatives.visibility import PUBLIC
from tests.factories import IndicatorFactory, MeasurementFactory, SourceFactory

SVG = "{http://www.w3.org/2000/svg}"


def render(indicator, language="en", **kwargs):
    with translation.override(language):
        return ET.fromstring(render_indicator_chart(indicator, **kwargs))


def svg_of(figure):
    return figure.find(f"{SVG}svg")


def find(figure, tag, css):
    return [el for el in svg_of(figure).iter(f"{SVG}{tag}") if el.get("class") == css]


def one(figure, tag, css):
    (element,) = find(figure, tag, css)
    return element


def points(figure):
    return [(float(p.get("cx")), float(p.get("cy"))) for p in find(figure, "circle", "chart-point")]


def texts(figure):
    return [el.text for el in svg_of(figure).iter(f"{SVG}text")]


def table_rows(figure):
    return [[cell_text(td) for td in tr.findall("td")] for tr in figure.iter("tr")][1:]


def cell_text(element):
    return "".join(element.itertext())


@pytest.fixture
def seed_case(db):
    """«Санарип аймак»: 8 of 484 айыл окмоту on 25 February 2020, target by the end of 2020."""
    indicator = IndicatorFactory(
        unit_ru="айыл окмоту",
        target_value=Decimal(484),
        target_date=PartialDate(2020, 12, 31),
    )
    source = SourceFactory(
        slug="source-seed", title="Санарип аймак: итоги", url="https://example.org/a?x=1&y=2"
    )
    MeasurementFactory(
        indicator=indicator, value=Decimal(8), as_of=PartialDate(2020, 2, 25), source=source
    )
    return indicator


# Geometry: small pure functions.


def test_partial_date_sits_at_the_middle_of_its_span():
    assert date_position(PartialDate(2020, 2, 25)) == date(2020, 2, 25).toordinal()
    assert date_position(PartialDate(2021, 2)) == date(2021, 2, 14).toordinal() + 0.5
    assert date_position(PartialDate(2021)) == date(2021, 7, 2).toordinal()


def test_time_runs_left_to_right_inside_the_plot():
    scale = time_scale([PartialDate(2020, 12, 31), PartialDate(2020, 2, 25)])
    start, end = scale(date_position(PartialDate(2020, 2, 25))), scale(scale.high)
    assert LEFT < start < end < RIGHT
    # 25 February and 31 December 2020 are days 56 and 366 of the year: 29 July is halfway.
    assert scale(date_position(PartialDate(2020, 7, 29))) == pytest.approx((start + end) / 2)


def test_value_axis_starts_at_zero_and_reaches_the_largest_value():
    scale = value_scale([Decimal(8), Decimal(484)])
    assert (scale(0), scale(Decimal(484))) == (BOTTOM, TOP)
    assert scale(Decimal(8)) == pytest.approx(BOTTOM - (BOTTOM - TOP) * 8 / 484)


def test_a_single_date_or_all_zero_values_sit_in_the_middle():
    assert Scale(5, 5, 0, 100)(5) == 50
    assert value_scale([Decimal(0)])(0) == (BOTTOM + TOP) / 2


def test_date_labels_that_would_overprint_go_to_a_second_row_or_are_left_out():
    labels = place_labels([(500, "target", "t"), (520, "latest", "d"), (510, "first", "d")])
    assert [(label.text, label.y) for label in labels] == [
        ("target", f"{BOTTOM + 18:.1f}"),
        ("latest", f"{BOTTOM + 34:.1f}"),
    ]
    far = place_labels([(100, "a", "d"), (100 + LABEL_GAP, "b", "d"), (100, "a", "d")])
    assert [label.text for label in far] == ["a", "b"]


# What a reader sees.


def test_the_point_for_8_sits_at_8_of_484_of_the_way_up_to_the_target_line(seed_case):
    figure = render(seed_case)
    ((x, y),) = points(figure)
    target_y = float(one(figure, "line", "chart-target-line").get("y1"))
    axis_y = float(one(figure, "line", "chart-axis chart-axis-x").get("y1"))
    assert (axis_y - y) / (axis_y - target_y) == pytest.approx(8 / 484, abs=0.001)
    marker_x = float(one(figure, "line", "chart-target-marker").get("x1"))
    assert x < marker_x


def test_target_line_and_date_marker_carry_their_labels(seed_case):
    figure = render(seed_case)
    line = one(figure, "line", "chart-target-line")
    assert line.get("stroke-dasharray")
    assert one(figure, "text", "chart-target-label").text == "target 484"
    assert one(figure, "text", "chart-target-date").text == "December 31, 2020"
    assert "February 25, 2020" in texts(figure)


def test_svg_is_an_image_named_by_its_title_and_described_in_words(seed_case):
    figure = render(seed_case)
    svg = svg_of(figure)
    assert svg.get("role") == "img"
    assert svg.get("viewBox") == "0 0 640 300"
    title_id, desc_id = svg.get("aria-labelledby").split()
    assert svg.find(f"{SVG}title").get("id") == title_id
    assert svg.find(f"{SVG}title").text == "айыл окмоту, внедрившие систему"
    desc = svg.find(f"{SVG}desc")
    assert desc.get("id") == desc_id
    assert desc.text == (
        "8 of 484 айыл окмоту as of February 25, 2020; target 484 by December 31, 2020."
    )
    (tooltip,) = [point.find(f"{SVG}title").text for point in find(figure, "circle", "chart-point")]
    assert tooltip == "8 айыл окмоту as of February 25, 2020"


def test_table_lists_each_measurement_at_its_precision_with_its_source(seed_case):
    MeasurementFactory(
        indicator=seed_case,
        value=Decimal("120.5"),
        as_of=PartialDate(2020, 11),
        source=SourceFactory(slug="source-report", title="Отчёт"),
    )
    MeasurementFactory(
        indicator=seed_case,
        value=Decimal(300),
        as_of=PartialDate(2021),
        source=SourceFactory(slug="source-annual", title="Годовой отчёт", url=""),
    )
    figure = render(seed_case)
    assert table_rows(figure) == [
        ["February 25, 2020", "8", "Санарип аймак: итоги"],
        ["November 2020", "120.5", "Отчёт"],
        ["2021", "300", "Годовой отчёт"],
    ]
    # Each source links to its page in the registry, which lists what it supports.
    links = [link.get("href") for link in figure.iter("a")]
    with translation.override("en"):
        assert links == [
            reverse("initiatives:source", args=[slug])
            for slug in ("source-seed", "source-report", "source-annual")
        ]
    assert [th.text for th in figure.iter("th")] == ["As of", "Value, айыл окмоту", "Source"]


def test_several_measurements_are_joined_in_date_order(seed_case):
    # Entered out of order: the line still runs left to right.
    MeasurementFactory(indicator=seed_case, value=Decimal(300), as_of=PartialDate(2020, 10))
    MeasurementFactory(indicator=seed_case, value=Decimal(100), as_of=PartialDate(2020, 6))
    figure = render(seed_case)
    drawn = points(figure)
    assert [x for x, _ in drawn] == sorted(x for x, _ in drawn)
    assert [y for _, y in drawn] == sorted((y for _, y in drawn), reverse=True)  # rising
    line = one(figure, "polyline", "chart-line").get("points")
    assert line == " ".join(f"{x:.1f},{y:.1f}" for x, y in drawn)
    desc = svg_of(figure).find(f"{SVG}desc").text
    assert desc.startswith("300 of 484 айыл окмоту as of October 2020; first measured 8 as of")


def test_user_text_is_escaped(db):
    indicator = IndicatorFactory(unit_ru="<script>alert(1)</script>", name_ru="A & <b>B</b>")
    MeasurementFactory(indicator=indicator, source=SourceFactory(title="<i>T</i>"))
    with translation.override("en"):
        html = render_indicator_chart(indicator)
    assert "<script>" not in html and "<b>" not in html and "<i>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    figure = ET.fromstring(html)  # still well-formed
    assert svg_of(figure).find(f"{SVG}title").text == "A & <b>B</b>"


def test_coordinates_keep_a_decimal_point_in_russian(seed_case):
    figure = render(seed_case, language="ru")
    for x, y in points(figure):
        assert 0 <= x <= 640 and 0 <= y <= 300
    assert "," not in one(figure, "line", "chart-target-line").get("y1")


# Edge cases.


def test_no_measurements_gives_a_sentence_instead_of_a_chart(db):
    indicator = IndicatorFactory(target_value=Decimal(484), target_date=PartialDate(2020, 12))
    element = render(indicator)
    assert element.tag == "p"
    assert element.text == "No measurements yet; target 484 by December 2020."


def test_a_lone_value_with_nothing_to_set_it_against_is_its_figure_not_a_chart(db):
    """A dot in an empty box says less than "8 айыл окмоту as of February 25, 2020"."""
    indicator = IndicatorFactory(target_value=None, target_date=None)
    MeasurementFactory(indicator=indicator, value=Decimal(8))
    figure = render(indicator)
    assert svg_of(figure) is None
    (sentence,) = [p for p in figure.iter("p") if p.get("class") == "chart-figure"]
    assert cell_text(sentence) == "8 айыл окмоту as of February 25, 2020"
    assert sentence.find("strong").text == "8 айыл окмоту"
    # Its source is still a click away, in the table.
    assert [row[:2] for row in table_rows(figure)] == [["February 25, 2020", "8"]]


def test_no_target_draws_the_values_alone(db):
    indicator = IndicatorFactory(target_value=None, target_date=None)
    MeasurementFactory(indicator=indicator, value=Decimal(8))
    MeasurementFactory(indicator=indicator, value=Decimal(8), as_of=PartialDate(2020, 6))
    figure = render(indicator)
    assert not find(figure, "line", "chart-target-line")
    assert not find(figure, "line", "chart-target-marker")
    # Equal values sit at the top of their own axis.
    assert [y for _x, y in points(figure)] == [TOP, TOP]
    assert "8" in texts(figure) and "February 25, 2020" in texts(figure)
    assert svg_of(figure).find(f"{SVG}desc").text.endswith("; no target set.")


def test_a_lone_value_against_its_target_is_labelled_with_its_unit(seed_case):
    figure = render(seed_case)
    assert one(figure, "text", "chart-point-label").text == "8 айыл окмоту"


def test_each_chart_is_drawn_for_a_wide_screen_and_for_a_phone(seed_case):
    """Text in a viewBox scales with it: the phone's drawing is narrower, its text larger."""
    figure = render(seed_case)
    wide, narrow = figure.findall(f"{SVG}svg")
    assert (wide.get("class"), wide.get("viewBox"), wide.get("font-size")) == (
        "chart chart-wide",
        "0 0 640 300",
        "12",
    )
    assert (narrow.get("class"), narrow.get("viewBox"), narrow.get("font-size")) == (
        "chart chart-narrow",
        "0 0 320 236",
        "13",
    )
    # The same chart: the same title, description and labels, with ids of its own.
    for tag in ("title", "desc"):
        assert wide.find(f"{SVG}{tag}").text == narrow.find(f"{SVG}{tag}").text
    assert [t.text for t in wide.iter(f"{SVG}text")] == [t.text for t in narrow.iter(f"{SVG}text")]
    ids = [el.get("id") for el in figure.iter() if el.get("id")]
    assert len(ids) == len(set(ids)) == 4
    # Every point and label stays inside the phone's drawing.
    for element in narrow.iter():
        for attribute in ("x", "cx"):
            if element.get(attribute):
                assert 0 <= float(element.get(attribute)) <= 320


def test_target_without_a_date_has_its_line_but_no_marker(db):
    indicator = IndicatorFactory(target_value=Decimal(484), target_date=None)
    MeasurementFactory(indicator=indicator)
    figure = render(indicator)
    assert one(figure, "text", "chart-target-label").text == "target 484"
    assert not find(figure, "line", "chart-target-marker")
    assert "target 484, no date set" in svg_of(figure).find(f"{SVG}desc").text


def test_measurements_beyond_the_target_stretch_both_axes(db):
    indicator = IndicatorFactory(target_value=Decimal(484), target_date=PartialDate(2020, 12))
    MeasurementFactory(indicator=indicator, value=Decimal(8), as_of=PartialDate(2020, 2, 25))
    MeasurementFactory(indicator=indicator, value=Decimal(500), as_of=PartialDate(2021, 6, 1))
    figure = render(indicator)
    _, (last_x, last_y) = points(figure)
    target_y = float(one(figure, "line", "chart-target-line").get("y1"))
    marker_x = float(one(figure, "line", "chart-target-marker").get("x1"))
    assert last_y == TOP < target_y  # above the target line, at the top of the axis
    assert marker_x < last_x  # after the target date
    assert "500" in texts(figure)  # the top of the value axis is named
    assert one(figure, "text", "chart-target-date").text == "December 2020"
    assert "June 1, 2021" in texts(figure)


def test_descending_indicator_falls_from_its_baseline_towards_the_target(db):
    indicator = IndicatorFactory(
        unit_ru="дней",
        ascending=False,
        baseline_value=Decimal(30),
        baseline_date=PartialDate(2019),
        target_value=Decimal(10),
        target_date=PartialDate(2022),
    )
    MeasurementFactory(indicator=indicator, value=Decimal(20), as_of=PartialDate(2021, 3))
    figure = render(indicator)
    baseline = one(figure, "circle", "chart-baseline")
    ((x, y),) = points(figure)
    target_y = float(one(figure, "line", "chart-target-line").get("y1"))
    assert float(baseline.get("cy")) == TOP  # the baseline is the top of the axis
    assert float(baseline.get("cx")) < x
    assert float(baseline.get("cy")) < y < target_y
    assert baseline.find(f"{SVG}title").text == "baseline 30 дней as of 2019"
    line = one(figure, "polyline", "chart-line").get("points")
    assert line == f"{baseline.get('cx')},{baseline.get('cy')} {x:.1f},{y:.1f}"
    assert svg_of(figure).find(f"{SVG}desc").text == (
        "20 дней as of March 2021; baseline 30 as of 2019; target 10 by 2022; lower is better."
    )


# Queries.


@pytest.mark.django_db
def test_prefetched_measurements_cost_no_query(django_assert_num_queries, seed_case):
    MeasurementFactory(indicator=seed_case, value=Decimal(100), as_of=PartialDate(2020, 6))
    initiative = Initiative.objects.prefetch_related(
        Prefetch(
            "indicators", queryset=Indicator.objects.with_progress(PUBLIC).with_measurements(PUBLIC)
        )
    ).get(pk=seed_case.initiative_id)
    with django_assert_num_queries(0), translation.override("en"):
        html = [render_indicator_chart(indicator) for indicator in initiative.indicators.all()]
    assert "Санарип аймак: итоги" in html[0]


@pytest.mark.django_db
def test_template_tag_renders_the_chart(django_assert_num_queries, seed_case):
    indicator = Indicator.objects.with_measurements(PUBLIC).get(pk=seed_case.pk)
    template = Template("{% load charts %}{% indicator_chart indicator %}")
    with django_assert_num_queries(0), translation.override("en"):
        html = template.render(Context({"indicator": indicator}))
    assert svg_of(ET.fromstring(html)).get("role") == "img"
