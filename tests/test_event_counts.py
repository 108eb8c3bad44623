"""Counts as structured facts (issue 16): what the articles count, each a number with its quote.

Before, these numbers were words in a description or nowhere: the survey of 25 city halls and
17 айыл окмоту, the forum's 12 themes, the nine heads who asked for the Ton seminar, the seven
oblasts the 2019 seminar was for.
"""

import pytest

from tests.factories import EventCountFactory
from tests.test_admin import admin_url, form_data
from tests.test_admin_wording import inline_add_links
from tests.test_seed_data import in_article, load_fixtures

SURVEY = "lsg-pandemic-survey-2020"
SURVEY_QUOTE = "итоги проведенного анкетирования среди 25 мэрий городов и 17 айыл окмоту"

SEED_COUNTS = {
    # event: [(what is counted, in Russian; number; source; quote)]
    SURVEY: [
        ("айыл окмоту, среди которых проведено анкетирование", 17),
        ("мэрии городов, среди которых проведено анкетирование", 25),
    ],
    "national-dialogue-forum-2020": [("темы, обсуждение которых ожидается", 12)],
    "ton-district-municipal-services-seminar-2020": [
        ("главы айыл окмоту, по просьбе которых проведён семинар", 9)
    ],
    "gamsumo-seminar-2019-12-19": [
        ("области Кыргызстана, для глав исполнительных органов МСУ из которых проведён семинар", 7)
    ],
}


@pytest.fixture
def seeded(db):
    load_fixtures()


@pytest.mark.django_db
@pytest.mark.parametrize("event", SEED_COUNTS)
def test_each_seed_count_is_a_number_in_the_api_with_its_quote(seeded, client, event):
    counts = client.get(f"/api/v1/events/{event}/").json()["counts"]
    assert [(c["counted_ru"], c["number"]) for c in counts] == SEED_COUNTS[event]
    for count in counts:
        assert isinstance(count["number"], int)
        assert in_article(count["source"], count["quote"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading", "lines"),
    [
        (
            "ru",
            "В цифрах",
            [
                "Айыл окмоту, среди которых проведено анкетирование</span>: 17",
                "Мэрии городов, среди которых проведено анкетирование</span>: 25",
            ],
        ),
        (
            "ky",
            "Сандар менен",
            [
                "Сурамжылоо жүргүзүлгөн айыл өкмөттөрү</span>: 17",
                "Сурамжылоо жүргүзүлгөн шаар мэриялары</span>: 25",
            ],
        ),
        (
            "en",
            "In figures",
            ["Aiyl okmotus surveyed</span>: 17", "City halls surveyed</span>: 25"],
        ),
    ],
)
def test_the_survey_page_shows_its_counts_with_the_quote(seeded, client, language, heading, lines):
    page = client.get(f"/{language}/events/{SURVEY}/").content.decode()
    section = page.split(f">{heading}</h2>", 1)[1].split("</section>", 1)[0]
    for line in lines:
        assert line in section
    assert f"«{SURVEY_QUOTE}»" in section


@pytest.mark.django_db
def test_the_source_page_lists_the_counts_it_supports(seeded, client):
    page = client.get("/ru/sources/kabar-pandemic-online-meeting-2020-08-27/").content.decode()
    section = page.split(">Числа о мероприятиях</h", 1)
    assert len(section) == 2
    assert f'href="/ru/events/{SURVEY}/"' in section[1]


@pytest.mark.django_db
def test_a_large_count_is_written_by_the_languages_rules(client):
    count = EventCountFactory(number=12345, counted_ru="участники")
    ru = client.get(f"/ru/events/{count.event.slug}/").content.decode()
    assert "Участники</span>: 12\xa0345" in ru
    en = client.get(f"/en/events/{count.event.slug}/").content.decode()
    assert "участники</span>: 12,345" in en.lower()


@pytest.mark.django_db
def test_staff_add_a_count_on_the_events_form(editor_client):
    count = EventCountFactory()
    event = count.event
    url = admin_url(type(event), "change", event.pk)
    response = editor_client.get(url)
    assert "Добавить число о мероприятии" in inline_add_links(response)
    data = form_data(response)
    data["counts-0-number"] = "-1"
    refused = editor_client.post(url, data)
    assert refused.status_code == 200
    assert "Убедитесь, что это значение больше либо равно 0." in refused.text
    count.refresh_from_db()
    assert count.number == 17
