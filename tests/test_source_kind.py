"""What kind of text a quote comes from (a press release, a news report...) stands next to it,
and the API shows and takes it."""

import pytest
from rest_framework.test import APIClient

from initiatives.models import Source
from tests.test_api import as_read, editor_api  # noqa: F401  (a fixture)
from tests.test_pages import seeded, text_of  # noqa: F401  (a fixture)

PRESS_RELEASE = "Жээнбеков вызвал главу Госагентства по делам межэтнических отношений"
NEWS_REPORT = "Госорганы и органы МСУ обсудили вопросы, возникшие в работе во время пандемии"


def page_text(client, path):
    """The page's text, a comma right after the word before it (as the eye reads it)."""
    return text_of(client.get(path)).replace(" ,", ",")


@pytest.mark.parametrize(
    ("language", "press_release", "news_report"),
    [
        ("en", "press release, February 25, 2020", "news report, August 27, 2020"),
        ("ru", "пресс-релиз, 25 февраля 2020 г.", "новостное сообщение, 27 августа 2020 г."),
    ],
)
def test_a_quote_names_the_kind_of_its_source(
    seeded,  # noqa: F811
    client,
    language,
    press_release,
    news_report,
):
    initiative = page_text(client, f"/{language}/initiatives/sanarip-aimak/")
    event = page_text(client, f"/{language}/events/lsg-pandemic-online-meeting-2020/")

    assert f"— {PRESS_RELEASE}, {press_release}" in initiative
    assert f"— {NEWS_REPORT}, {news_report}" in event


def test_a_source_of_no_known_kind_is_cited_by_its_title_alone(seeded, client):  # noqa: F811
    """The Osh conference text names no publisher and no date: nothing is said of its kind."""
    title = Source.objects.get(slug="djantaev-osh-conference").title

    page = text_of(client.get("/en/events/osh-conference-lsg-accountability/"))

    assert f"— {title} " in page
    assert f"— {title}," not in page


def test_the_api_shows_a_sources_kind_and_an_editor_sets_it(seeded, editor_api):  # noqa: F811
    url = "/api/v1/sources/kabar-pandemic-online-meeting-2020-08-27/"
    assert APIClient().get(url).json()["kind"] == "news_report"

    refused = editor_api.patch(url, {"kind": "blog"}, **as_read(editor_api, url))
    assert refused.status_code == 400
    assert list(refused.json()) == ["kind"]

    changed = editor_api.patch(url, {"kind": "statistics"}, **as_read(editor_api, url))
    assert changed.status_code == 200, changed.json()
    assert Source.objects.get(slug="kabar-pandemic-online-meeting-2020-08-27").kind == "statistics"
