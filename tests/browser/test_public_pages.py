"""A reader's path through the registry in a real browser, with keyboard and language switch."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_home_to_list_to_filter_to_initiative_to_source(seeded_server, page, artifacts):
    page.goto(seeded_server.url + "/")
    expect(page).to_have_url(re.compile(r"/ru/$"))  # the browser asks for Russian
    expect(page.locator("html")).to_have_attribute("lang", "ru")

    page.get_by_role("navigation", name="Разделы").get_by_role("link", name="Инициативы").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Инициативы")
    expect(page.get_by_role("heading", name="13 инициатив", exact=True)).to_be_visible()

    # Filter by status and search in capitals: the address carries the filters.
    page.get_by_label(re.compile(r"^Статус:?$")).select_option("implementation")
    page.get_by_label("Поиск").fill("САНАРИП АЙМАК")  # «САНАРИП» alone finds «санариптештирүү» too
    page.get_by_role("button", name="Показать").click()
    expect(page).to_have_url(re.compile(r"[?&]status=implementation(&|$)"))
    expect(page).to_have_url(re.compile(r"[?&]q=%D0%A1%D0%90%D0%9D%D0%90%D0%A0%D0%98%D0%9F"))
    expect(page.get_by_role("heading", name="1 инициатива", exact=True)).to_be_visible()
    expect(page.get_by_label(re.compile(r"^Статус:?$"))).to_have_value("implementation")

    page.get_by_role("link", name="Санарип аймак").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Санарип аймак")
    expect(page.get_by_text("8 из 484 айыл окмоту (2 %), 25 февраля 2020 г.")).to_be_visible()
    expect(page.locator("progress")).to_have_attribute("value", "2")
    chart = page.get_by_role("img", name="Айыл окмоту, в которых реализуется «Санарип аймак»")
    expect(chart).to_be_visible()
    assert chart.bounding_box()["width"] > 300  # drawn at a readable size, not collapsed
    page.screenshot(
        path=artifacts / "initiative-sanarip-aimak.png", full_page=True, caret="initial"
    )

    page.get_by_role("link", name="Жээнбеков вызвал главу Госагентства").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Жээнбеков вызвал главу")
    facts = page.get_by_role("heading", name="Факты, которые реестр берёт из этого источника")
    expect(facts).to_be_visible()
    expect(page.get_by_role("link", name="Санарип аймак").first).to_be_visible()
    expect(page.get_by_text("в восьми айыл окмоту в пилотном режиме").first).to_be_visible()


def test_language_switch_to_kyrgyz_keeps_the_page(seeded_server, page):
    page.goto(seeded_server.url + "/ru/initiatives/sanarip-aimak/")
    page.get_by_role("navigation", name="Язык").get_by_role("link", name="Кыргызча").click()
    expect(page).to_have_url(re.compile(r"/ky/initiatives/sanarip-aimak/$"))
    expect(page.locator("html")).to_have_attribute("lang", "ky")
    nav = page.get_by_role("navigation", name="Бөлүмдөр")
    expect(nav.get_by_role("link", name="Демилгелер")).to_be_visible()
    expect(page.get_by_role("heading", name="Аткарылышы")).to_be_visible()
    expect(page.get_by_role("link", name="Кыргызча")).to_have_attribute("aria-current", "true")


def test_keyboard_reaches_the_content_and_shows_focus(seeded_server, page):
    page.goto(seeded_server.url + "/ru/initiatives/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Перейти к содержанию")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()  # hidden until focused
    outline = skip.evaluate("element => getComputedStyle(element).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))


def test_pages_fit_a_phone_screen(seeded_server, chromium, artifacts):
    context = chromium.new_context(locale="ru-RU", viewport={"width": 360, "height": 740})
    phone = context.new_page()
    for path in ("/ru/", "/ru/initiatives/", "/ru/initiatives/sanarip-aimak/"):
        phone.goto(seeded_server.url + path)
        overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px on a phone"
    phone.screenshot(
        path=artifacts / "initiative-sanarip-aimak-phone.png", full_page=True, caret="initial"
    )
    context.close()
