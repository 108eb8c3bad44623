"""Events within events: the Ton seminar was held within the Ton exchange meeting (issue 16).

«…подобные встречи по обмену опытом проведены и в Тонском районе… В рамках которой по просьбе
глав девяти айыл окмоту был проведен семинар…»: the seminar's page names the meeting, the
meeting's page lists the seminar, the API and the list filter say the same.
"""

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext

from initiatives.models import Event
from tests.factories import EventFactory
from tests.test_admin import admin_url, form_data
from tests.test_seed_data import load_fixtures

MEETING = "ton-district-exchange-meeting-2020"
SEMINAR = "ton-district-municipal-services-seminar-2020"


@pytest.fixture
def seeded(db):
    load_fixtures()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "label", "meeting"),
    [
        (
            "ru",
            "В рамках мероприятия",
            "Встреча по обмену опытом в Тонском районе Иссык-Кульской области",
        ),
        (
            "ky",
            "Иш-чаранын алкагында",
            "Ысык-Көл облусунун Тоң районундагы тажрыйба алмашуу жолугушуусу",
        ),
        ("en", "Held within", "Experience-sharing meeting in Ton District, Issyk-Kul Region"),
    ],
)
def test_the_seminars_page_names_the_meeting_it_was_held_within(
    seeded, client, language, label, meeting
):
    page = client.get(f"/{language}/events/{SEMINAR}/").content.decode()
    assert f'<dt>{label}</dt><dd><a href="/{language}/events/{MEETING}/">{meeting}</a></dd>' in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("ru", "В рамках этого мероприятия прошли"),
        ("ky", "Бул иш-чаранын алкагында өткөн иш-чаралар"),
        ("en", "Held within this event"),
    ],
)
def test_the_meetings_page_lists_the_seminar_held_within_it(seeded, client, language, heading):
    page = client.get(f"/{language}/events/{MEETING}/").content.decode()
    section = page.split(f">{heading}</h2>", 1)
    assert len(section) == 2, f"no section {heading!r}"
    assert f'href="/{language}/events/{SEMINAR}/"' in section[1].split("</section>", 1)[0]


@pytest.mark.django_db
def test_the_api_names_the_parent_and_lists_the_parts(seeded, client):
    seminar = client.get(f"/api/v1/events/{SEMINAR}/").json()
    assert seminar["parent"] == MEETING
    meeting = client.get(f"/api/v1/events/{MEETING}/").json()
    assert meeting["parent"] is None
    parts = client.get("/api/v1/events/", {"parent": MEETING}).json()
    assert [event["slug"] for event in parts["results"]] == [SEMINAR]


@pytest.mark.django_db
def test_a_draft_parent_is_not_shown_to_the_public(client, admin_client):
    meeting = EventFactory(is_published=False, name_ru="Черновик встречи")
    seminar = EventFactory(parent=meeting)
    public = client.get(f"/ru/events/{seminar.slug}/").content.decode()
    assert "Черновик встречи" not in public
    assert "В рамках мероприятия" not in public
    assert client.get(f"/api/v1/events/{seminar.slug}/").json()["parent"] is None
    staff = admin_client.get(f"/ru/events/{seminar.slug}/").content.decode()
    assert "Черновик встречи" in staff


@pytest.mark.django_db
def test_the_database_refuses_an_event_within_itself():
    event = EventFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(parent=event)


@pytest.mark.django_db
def test_a_loop_of_events_is_refused_on_the_held_within_field(editor_client):
    meeting = EventFactory()
    seminar = EventFactory(parent=meeting)
    url = admin_url(Event, "change", meeting.pk)
    data = form_data(editor_client.get(url))
    data["parent"] = str(seminar.pk)  # the meeting within its own seminar

    response = editor_client.post(url, data)

    assert response.status_code == 200
    with translation.override(response.context["LANGUAGE_CODE"]):
        message = gettext("This would make the record a part of itself.")
    assert response.context["adminform"].form.errors["parent"] == [message]
    meeting.refresh_from_db()
    assert meeting.parent is None
