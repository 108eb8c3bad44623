"""Staff bring back what was lost: a past version of a record with its links and the rows that
belonged to it (citations, indicators and their values), or a deleted record with the rows
deleted with it. Every write is kept in the history with its author, whichever door it came
through."""

import re
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages

from initiatives.models import Initiative, InitiativeCitation, Measurement
from initiatives.partial_dates import PartialDate
from tests.factories import (
    IndicatorFactory,
    InitiativeFactory,
    MeasurementFactory,
    SourceFactory,
    TopicFactory,
)
from tests.test_admin import admin_url
from tests.test_api import as_read, token_client
from tests.test_history import latest, submit_change_form

QUOTE = "в восьми айыл окмоту в пилотном режиме"


def version_url(record_pk, version):
    return admin_url(Initiative, "simple_history", record_pk, version.history_id)


def shown_messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def pilot_with_rows():
    """An initiative with a topic, a citation, an indicator and one value of it."""
    initiative = InitiativeFactory(name_en="Digital region")
    initiative.topics.set([TopicFactory(slug="digital")])
    source = SourceFactory()
    InitiativeCitation.objects.create(record=initiative, source=source, quote=QUOTE)
    indicator = IndicatorFactory(initiative=initiative, slug="ayil-okmotu")
    MeasurementFactory(indicator=indicator, value=Decimal(8), source=source, quote=QUOTE)
    return initiative


@pytest.mark.django_db
def test_restoring_a_version_brings_back_its_fields_links_and_rows(editor_client, editor):
    initiative = pilot_with_rows()
    version = latest(initiative.history)
    # Later edits: a new name, another topic, the citation gone, the value changed, one added.
    initiative.name_en = "Sanarip aimak"
    initiative.save()
    initiative.topics.set([TopicFactory(slug="finance")])
    InitiativeCitation.objects.filter(record=initiative).delete()
    measurement = Measurement.objects.get(indicator__initiative=initiative)
    measurement.value = Decimal(3)
    measurement.save()
    MeasurementFactory(
        indicator=measurement.indicator, value=Decimal(484), as_of=PartialDate(2020, 12, 31)
    )

    page = editor_client.get(version_url(initiative.pk, version))
    assert page.status_code == 200
    assert 'name="_restore"' in page.text

    response = editor_client.post(version_url(initiative.pk, version), {"_restore": "1"})

    assert response.status_code == 302
    assert response["Location"] == admin_url(Initiative, "change", initiative.pk)
    [message] = shown_messages(response)
    assert "восстановлена версия от" in message  # the staff's language
    initiative.refresh_from_db()
    assert initiative.name_en == "Digital region"
    assert [topic.slug for topic in initiative.topics.all()] == ["digital"]
    assert [c.quote for c in InitiativeCitation.objects.filter(record=initiative)] == [QUOTE]
    values = Measurement.objects.filter(indicator__initiative=initiative)
    assert [(m.pk, m.value) for m in values] == [(measurement.pk, Decimal(8))]
    restored = latest(initiative.history)
    assert restored.history_user == editor
    assert restored.history_change_reason.startswith("Восстановлена версия от")


@pytest.mark.django_db
def test_a_record_deleted_in_the_admin_is_listed_and_restored_with_its_rows(editor_client):
    initiative = pilot_with_rows()
    kept = InitiativeCitation.objects.get(record=initiative)
    removed_before = InitiativeCitation.objects.create(
        record=initiative, source=kept.source, quote="в пилотном режиме"
    )
    removed_before.delete()  # deleted on its own: stays deleted
    pk, name = initiative.pk, str(initiative)

    deleted = editor_client.post(admin_url(Initiative, "delete", pk), {"post": "yes"})
    assert deleted.status_code == 302
    assert not Initiative.objects.filter(pk=pk).exists()

    editor_client.get(admin_url(Initiative, "changelist"))  # shows the deletion's message
    changelist = editor_client.get(admin_url(Initiative, "changelist"))
    assert admin_url(Initiative, "deleted") in changelist.text
    listing = editor_client.get(admin_url(Initiative, "deleted"))
    [link] = re.findall(r'<td><a href="([^"]+)">' + re.escape(name), listing.text)
    assert editor_client.get(link).status_code == 200

    response = editor_client.post(link, {"_restore": "1"})

    assert response["Location"] == admin_url(Initiative, "change", pk)
    initiative = Initiative.objects.get(pk=pk)
    assert [topic.slug for topic in initiative.topics.all()] == ["digital"]
    assert [c.pk for c in InitiativeCitation.objects.filter(record=initiative)] == [kept.pk]
    assert Measurement.objects.filter(indicator__initiative=initiative).count() == 1
    listing = editor_client.get(admin_url(Initiative, "deleted"))
    assert 'id="deleted-records"' not in listing.text


@pytest.mark.django_db
def test_a_record_deleted_through_the_api_comes_back_with_its_rows(editor, editor_client):
    initiative = pilot_with_rows()
    api = token_client(editor)
    url = f"/api/v1/initiatives/{initiative.slug}/"
    assert api.delete(url, **as_read(api, url)).status_code == 204
    [version] = initiative.history.filter(history_type="-")
    assert version.history_user == editor

    editor_client.post(version_url(initiative.pk, version), {"_restore": "1"})

    assert Measurement.objects.filter(indicator__initiative_id=initiative.pk).count() == 1
    assert InitiativeCitation.objects.filter(record_id=initiative.pk).count() == 1


@pytest.mark.django_db
def test_a_restore_that_would_clash_is_refused_with_the_reason_and_writes_nothing(
    editor_client,
):
    initiative = pilot_with_rows()
    slug = initiative.slug
    editor_client.post(admin_url(Initiative, "delete", initiative.pk), {"post": "yes"})
    InitiativeFactory(slug=slug)  # the address was given to a new record since
    [version] = initiative.history.filter(history_type="-")

    response = editor_client.post(version_url(initiative.pk, version), {"_restore": "1"})

    assert response.status_code == 302
    *_, message = shown_messages(response)  # after the deletion's own
    assert str(Initiative._meta.get_field("slug").verbose_name).lower() in message.lower()
    assert not Initiative.objects.filter(pk=initiative.pk).exists()
    assert not InitiativeCitation.objects.filter(record_id=initiative.pk).exists()


@pytest.mark.django_db
def test_restoring_needs_the_right_to_change(viewer_client):
    initiative = pilot_with_rows()
    version = latest(initiative.history)
    initiative.name_en = "Sanarip aimak"
    initiative.save()

    response = viewer_client.post(version_url(initiative.pk, version), {"_restore": "1"})

    assert response.status_code == 403
    initiative.refresh_from_db()
    assert initiative.name_en == "Sanarip aimak"


@pytest.mark.django_db
def test_an_api_write_is_kept_with_its_author(editor):
    initiative = InitiativeFactory(name_en="Digital region")
    api = token_client(editor)
    url = f"/api/v1/initiatives/{initiative.slug}/"

    response = api.patch(url, {"name_en": "Sanarip aimak"}, format="json", **as_read(api, url))

    assert response.status_code == 200
    change = latest(initiative.history)
    assert change.history_user == editor
    assert change.diff_against(change.prev_record).changed_fields == ["name_en"]


@pytest.mark.django_db
def test_the_history_names_each_changed_field_with_its_language(editor_client):
    initiative = InitiativeFactory(name_en="Digital region")

    submit_change_form(editor_client, initiative, name_en="Sanarip aimak")

    page = editor_client.get(admin_url(Initiative, "history", initiative.pk))
    change = re.search(r"<strong>([^<]*):</strong>\s*Digital region", page.text)
    assert change is not None, page.text
    assert change.group(1) == "Название (английский)"
