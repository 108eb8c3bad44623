"""Two editors of one record: the second save from a stale form is refused, saying what
changed, and nothing of the first is lost (initiatives/concurrency.py)."""

import pytest
from django.test import Client

from initiatives.models import Initiative, InitiativeCitation, TerritoryMembership
from initiatives.partial_dates import PartialDate
from tests.conftest import EDITORS, _staff_user
from tests.factories import InitiativeFactory, SourceFactory, TerritoryMembershipFactory
from tests.test_admin import admin_url, form_data


@pytest.fixture
def second_editor(db, django_user_model):
    client = Client()
    client.force_login(_staff_user(django_user_model, "second-editor", EDITORS))
    return client


def opened(client, record):
    """The change form's data as a browser would send it back, and its address."""
    url = admin_url(type(record), "change", record.pk)
    return url, form_data(client.get(url))


def refusal(response):
    assert response.status_code == 200, "the stale save was not refused"
    (message,) = response.context["adminform"].form.non_field_errors()
    return message


@pytest.mark.django_db
def test_a_save_from_a_stale_form_is_refused_and_names_what_changed(editor_client, second_editor):
    initiative = InitiativeFactory(name_en="Digital Aimak", description_en="")
    url, first = opened(editor_client, initiative)
    _, second = opened(second_editor, initiative)

    first["description_en"] = "Digital services in every aiyl okmotu."
    assert editor_client.post(url, first).status_code == 302
    second["name_en"] = "Sanarip Aimak"
    message = refusal(second_editor.post(url, second))

    initiative.refresh_from_db()
    assert initiative.description_en == "Digital services in every aiyl okmotu."
    assert initiative.name_en == "Digital Aimak"
    assert "editor" in message  # who saved in between
    assert "не сохранены" in message  # in the admin's language
    # The field named in words, its language too, as the rest of the message.
    assert "Описание (английский)" in message
    assert "[en]" not in message and "Название" not in message


@pytest.mark.django_db
def test_the_refused_form_keeps_what_the_editor_typed(editor_client, second_editor):
    initiative = InitiativeFactory()
    url, first = opened(editor_client, initiative)
    _, second = opened(second_editor, initiative)
    assert editor_client.post(url, {**first, "name_en": "First"}).status_code == 302

    response = second_editor.post(url, {**second, "name_en": "Second"})

    refusal(response)
    assert 'value="Second"' in response.text


@pytest.mark.django_db
def test_an_inline_row_changed_since_counts_as_a_change_of_the_record(editor_client, second_editor):
    initiative = InitiativeFactory()
    url, stale = opened(second_editor, initiative)
    # Meanwhile a citation is added to the initiative (in its own admin, or through an inline).
    source = SourceFactory(text="")
    InitiativeCitation.objects.create(record=initiative, source=source, quote="Пилот в 8 АО")

    message = refusal(second_editor.post(url, {**stale, "name_en": "Renamed"}))

    assert str(InitiativeCitation._meta.verbose_name_plural) in message
    assert Initiative.objects.get(pk=initiative.pk).name_en != "Renamed"


@pytest.mark.django_db
def test_an_inline_row_edited_in_place_since_counts_as_a_change_of_the_record(
    editor_client, second_editor
):
    membership = TerritoryMembershipFactory(joined=PartialDate(2020))
    initiative = membership.initiative
    url, stale = opened(second_editor, initiative)
    # Meanwhile the territory's date of joining is corrected: as many rows as before.
    TerritoryMembership.objects.filter(pk=membership.pk).update(joined=PartialDate(2021))

    message = refusal(second_editor.post(url, {**stale, "name_en": "Renamed"}))

    assert str(TerritoryMembership._meta.verbose_name_plural) in message
    assert Initiative.objects.get(pk=initiative.pk).name_en != "Renamed"


@pytest.mark.django_db
def test_a_save_that_changed_nothing_in_between_is_no_conflict(editor_client, second_editor):
    initiative = InitiativeFactory()
    url, first = opened(editor_client, initiative)
    _, second = opened(second_editor, initiative)
    assert editor_client.post(url, first).status_code == 302  # saved untouched

    assert second_editor.post(url, {**second, "name_en": "Renamed"}).status_code == 302
    assert Initiative.objects.get(pk=initiative.pk).name_en == "Renamed"


@pytest.mark.django_db
def test_a_form_without_its_opening_state_is_refused(editor_client):
    initiative = InitiativeFactory(name_en="Kept")
    url, data = opened(editor_client, initiative)
    del data["edited_from"]

    refusal(editor_client.post(url, {**data, "name_en": "Overwritten"}))
    assert Initiative.objects.get(pk=initiative.pk).name_en == "Kept"
