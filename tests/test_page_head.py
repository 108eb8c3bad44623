"""What each page says about itself in <head>: a description of its own, its canonical address
and its address in each language; and the icon browsers ask for at /favicon.ico."""

import re
from html import unescape

import pytest

from tests.test_seed_data import load_fixtures

LANGUAGES = ["ru", "ky", "en"]


@pytest.fixture
def seeded(db):
    load_fixtures()


def head(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index("<head>") : html.index("</head>")]


def description(client, url):
    (content,) = re.findall(r'<meta name="description" content="([^"]*)">', head(client, url))
    return unescape(content)


def links(client, url):
    """canonical → its address; each alternate language → its address."""
    found = re.findall(
        r'<link rel="(canonical|alternate)"(?: hreflang="([^"]+)")? href="([^"]+)">',
        head(client, url),
    )
    return {
        hreflang or rel: unescape(href)
        for rel, hreflang, href in found
        if rel == "canonical" or hreflang
    }


SANARIP_RU = (
    "Проект в целях повышения эффективности работы органов местного самоуправления и "
    "автоматизации процесса предоставления государственных услуг населению. Начат в…"
)


def test_a_record_page_is_described_by_its_own_description_shortened(seeded, client):
    assert description(client, "/ru/initiatives/sanarip-aimak/") == SANARIP_RU
    assert len(SANARIP_RU) <= 160
    # Each language's page is described by its own text (here the registry's translations).
    assert description(client, "/ky/initiatives/sanarip-aimak/") == (
        "Жергиликтүү өз алдынча башкаруу органдарынын ишинин натыйжалуулугун жогорулатуу жана "
        "калкка мамлекеттик кызматтарды көрсөтүү процессин автоматташтыруу…"
    )
    assert description(client, "/en/initiatives/sanarip-aimak/") == (
        "A project to make local self-government bodies work more effectively and to automate "
        "the delivery of public services to the population. It was launched on a…"
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "ru",
            "Цифровизация страны: тема в реестре реформы местного самоуправления в Кыргызской "
            "Республике; у каждого факта указан опубликованный источник.",
        ),
        (
            "ky",
            "Өлкөнү санариптештирүү: Кыргыз Республикасындагы жергиликтүү өз алдынча башкаруу "
            "реформасынын реестриндеги тема; ар бир фактынын жарыяланган булагы көрсөтүлгөн.",
        ),
        (
            "en",
            "Digitalisation of the country: topic in the registry of local self-government "
            "reform in the Kyrgyz Republic; every fact with its published source.",
        ),
    ],
)
def test_a_record_without_a_description_says_what_it_is(seeded, client, language, expected):
    assert description(client, f"/{language}/topics/digitalisation-of-the-country/") == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "ru",
            "Все инициативы в реестре реформы местного самоуправления в Кыргызской Республике, "
            "с фильтрами и сортировкой; у каждого факта указан опубликованный источник.",
        ),
        (
            "ky",
            "Кыргыз Республикасындагы жергиликтүү өз алдынча башкаруу реформасынын реестриндеги "
            "бардык демилгелер, чыпкалар жана иреттөө менен; ар бир фактынын жарыяланган "
            "булагы көрсөтүлгөн.",
        ),
        (
            "en",
            "All initiatives in the registry of local self-government reform in the Kyrgyz "
            "Republic, to filter and sort; every fact with its published source.",
        ),
    ],
)
def test_a_list_is_described_by_its_purpose(seeded, client, language, expected):
    assert description(client, f"/{language}/initiatives/") == expected


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_record_page_names_its_canonical_address_and_each_language(seeded, client, language):
    assert links(client, f"/{language}/initiatives/sanarip-aimak/?utm_source=feed") == {
        "canonical": f"http://testserver/{language}/initiatives/sanarip-aimak/",
        "ru": "http://testserver/ru/initiatives/sanarip-aimak/",
        "ky": "http://testserver/ky/initiatives/sanarip-aimak/",
        "en": "http://testserver/en/initiatives/sanarip-aimak/",
        # Without a language: sends each reader to their browser's.
        "x-default": "http://testserver/initiatives/sanarip-aimak/",
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_list_page_keeps_its_page_number_and_drops_filters_and_order(seeded, client, language):
    assert links(client, f"/{language}/topics/?ordering=-name&q=&page=2") == {
        "canonical": f"http://testserver/{language}/topics/?page=2",
        "ru": "http://testserver/ru/topics/?page=2",
        "ky": "http://testserver/ky/topics/?page=2",
        "en": "http://testserver/en/topics/?page=2",
        "x-default": "http://testserver/topics/?page=2",
    }
    # The first page is the list's own address.
    assert links(client, f"/{language}/topics/?page=1&kind=x")["canonical"] == (
        f"http://testserver/{language}/topics/"
    )


def test_x_default_sends_a_reader_to_their_language(seeded, client):
    x_default = links(client, "/ru/topics/?page=2")["x-default"]
    response = client.get(x_default, HTTP_ACCEPT_LANGUAGE="ky")
    assert (response.status_code, response["Location"]) == (302, "/ky/topics/?page=2")


def test_the_home_page_has_the_registrys_description_and_its_languages(db, client):
    assert description(client, "/en/") == (
        "Local self-government reform in Kyrgyzstan: initiatives, events, organizations, "
        "donor projects and documents, each fact with its published source."
    )
    assert links(client, "/en/") == {
        "canonical": "http://testserver/en/",
        "ru": "http://testserver/ru/",
        "ky": "http://testserver/ky/",
        "en": "http://testserver/en/",
        "x-default": "http://testserver/",
    }


# The icon.


def test_favicon_is_an_icon_at_the_sites_root(db, client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    icon = b"".join(response.streaming_content)
    assert icon[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert int.from_bytes(icon[4:6], "little") == 3  # 16, 32 and 48 px


def test_pages_link_their_icon(db, client):
    page_head = head(client, "/ky/")
    svg = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', page_head).group(1)
    assert '<link rel="icon" href="/favicon.ico" sizes="16x16 32x32 48x48">' in page_head
    response = client.get(svg)
    assert (response.status_code, response["Content-Type"]) == (200, "image/svg+xml")
    assert b"<svg" in b"".join(response.streaming_content)
