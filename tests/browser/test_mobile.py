"""On a phone (390 × 844 px) and on a wide screen, as a reader sees the pages in Chromium:
results in view without scrolling past the filters, chart labels of a readable size, and a
progress bar that shows a small share."""

import base64
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
ACCENT = (0x0B, 0x5C, 0x8A)  # site.css --accent, the filled part of a progress bar


@pytest.fixture
def phone(chromium):
    context = chromium.new_context(locale="ru-RU", viewport=PHONE)
    yield context.new_page()
    context.close()


@pytest.fixture
def wide(chromium):
    context = chromium.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def test_on_a_phone_the_first_result_is_in_view_and_the_filters_open_on_demand(
    seeded_server, phone
):
    phone.goto(seeded_server.url + "/ru/initiatives/")
    first = phone.locator(".result-list > li").first
    box = first.bounding_box()
    assert 0 < box["y"] < PHONE["height"], f"the first result starts {box['y']} px down"
    assert phone.evaluate("window.scrollY") == 0

    kind = phone.get_by_label(re.compile(r"^Вид:?$"))
    expect(kind).to_be_hidden()
    phone.get_by_text("Фильтры", exact=True).click()
    expect(kind).to_be_visible()
    kind.select_option("pilot")
    phone.get_by_role("button", name="Показать").click()
    expect(phone).to_have_url(re.compile(r"[?&]kind=pilot(&|$)"))
    # Folded again, saying a filter is set; the results in view.
    expect(phone.get_by_text("Фильтры (1)", exact=True)).to_be_visible()
    expect(kind).to_be_hidden()
    assert phone.locator(".result-list > li").first.bounding_box()["y"] < PHONE["height"]


def test_on_a_wide_screen_the_filters_are_open_beside_the_results(seeded_server, wide):
    wide.goto(seeded_server.url + "/ru/initiatives/")
    expect(wide.get_by_text("Фильтры", exact=True)).to_be_hidden()  # nothing to unfold
    year = wide.get_by_label(re.compile(r"^Год:?$"))
    expect(year).to_be_visible()
    assert [o.strip() for o in year.locator("option").all_text_contents()] == [
        "любой год",
        "2020",
        "2019",
    ]
    year.select_option("2019")
    wide.get_by_role("button", name="Показать").click()
    expect(wide).to_have_url(re.compile(r"[?&]year=2019(&|$)"))
    expect(wide.get_by_label(re.compile(r"^Год:?$"))).to_have_value("2019")


RENDERED_TEXT_SIZES = """
svg => [...svg.querySelectorAll("text")].map(text => [
    text.textContent,
    parseFloat(getComputedStyle(text).fontSize) * svg.getScreenCTM().a,
])
"""


@pytest.mark.parametrize(
    ("viewport", "shown"), [(PHONE, "narrow"), ({"width": 1280, "height": 900}, "wide")]
)
def test_chart_labels_are_at_least_12_px_as_drawn(seeded_server, chromium, viewport, shown):
    context = chromium.new_context(locale="ru-RU", viewport=viewport)
    page = context.new_page()
    page.goto(seeded_server.url + "/ru/initiatives/sanarip-aimak/")
    chart = page.get_by_role("img", name="Айыл окмоту, в которых реализуется «Санарип аймак»")
    expect(chart).to_be_visible()
    expect(chart).to_have_class(f"chart chart-{shown}")
    sizes = chart.evaluate(RENDERED_TEXT_SIZES)
    assert [text for text, _size in sizes] == [
        "0",
        "31 декабря 2020\u202fг.",  # CLDR: a narrow no-break space before «г.»
        "25 февраля 2020\u202fг.",
        "цель 484",
        "8 айыл окмоту",
    ]
    small = [(text, round(size, 1)) for text, size in sizes if size < 12]
    assert not small, f"labels drawn smaller than 12 px: {small}"
    context.close()


def filled_width(page, element):
    """How many pixels across the middle of the element are the bar's fill colour, read from
    a screenshot (the fill is drawn by the browser, not an element to measure)."""
    png = base64.b64encode(element.screenshot()).decode()
    blank = page.context.new_page()
    row = blank.evaluate(
        """async png => {
            const image = new Image();
            image.src = "data:image/png;base64," + png;
            await image.decode();
            const canvas = document.createElement("canvas");
            canvas.width = image.width;
            canvas.height = image.height;
            const drawing = canvas.getContext("2d");
            drawing.drawImage(image, 0, 0);
            return Array.from(drawing.getImageData(0, image.height >> 1, image.width, 1).data);
        }""",
        png,
    )
    blank.close()
    pixels = [row[i : i + 3] for i in range(0, len(row), 4)]
    return sum(
        all(abs(a - b) <= 24 for a, b in zip(pixel, ACCENT, strict=True)) for pixel in pixels
    )


def test_a_progress_bar_at_2_percent_shows_a_visible_stub(seeded_server, phone):
    phone.goto(seeded_server.url + "/ru/initiatives/sanarip-aimak/")
    bar = phone.locator(".indicator progress")
    expect(bar).to_have_attribute("value", "2")
    expect(bar).to_have_attribute("aria-label", "2\xa0% от целевого значения")
    # The figures come first, then the bar.
    figures = phone.locator(".indicator .progress-figures")
    expect(figures).to_have_text("8 из 484 айыл окмоту (2 %),")  # then the date
    assert figures.bounding_box()["y"] < bar.bounding_box()["y"]
    width = bar.bounding_box()["width"]
    assert width >= 150
    # 2 % of the bar would be 3 px; the stub is at least 7.
    assert filled_width(phone, bar) >= 7
