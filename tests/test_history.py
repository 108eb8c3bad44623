"""Every change staff make in the admin is kept with its author: field edits, m2m links and
rows added in inlines. Loading a fixture is not a change anybody made, so it leaves none."""

import json
import re

import pytest
from django.core.management import call_command

from initiatives.models import Initiative, InitiativeCitation, Organization
from tests.conftest import registry_models
from tests.factories import InitiativeFactory, OrganizationFactory, SourceFactory, TopicFactory
from tests.test_admin import admin_url, form_data


def latest(history):
    return history.order_by("-history_date", "-history_id").first()


def submit_change_form(client, record, **changes):
    """Open the record's change page and save it with `changes`, as staff do."""
    url = admin_url(type(record), "change", record.pk)
    data = form_data(client.get(url))
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


@pytest.mark.django_db
def test_admin_edit_is_recorded_with_its_author_and_the_changed_field(editor_client, editor):
    organization = OrganizationFactory(name_en="Ministry of Finance")
    before = latest(organization.history)

    submit_change_form(editor_client, organization, name_en="Ministry of Economy and Finance")

    after = latest(organization.history)
    assert after.history_id != before.history_id
    assert after.history_user == editor
    assert after.history_type == "~"
    delta = after.diff_against(before)
    # Only what the editor typed: an untouched form must not show up as changes.
    assert delta.changed_fields == ["name_en"]
    [change] = delta.changes
    assert (change.old, change.new) == ("Ministry of Finance", "Ministry of Economy and Finance")

    page = editor_client.get(admin_url(Organization, "history", organization.pk))
    assert page.status_code == 200
    # The username also sits in the page header; the log table itself must name the editor.
    table = re.search(r'<table id="change-history".*?</table>', page.text, re.DOTALL).group(0)
    assert re.search(rf">\s*{editor.get_username()}\s*<", table)
    assert "Ministry of Economy and Finance" in table


@pytest.mark.django_db
def test_topic_added_in_the_admin_is_recorded(editor_client, editor):
    initiative = InitiativeFactory()
    topic = TopicFactory()
    before = latest(initiative.history)

    submit_change_form(editor_client, initiative, topics=[str(topic.pk)])

    after = latest(initiative.history)
    assert after.history_user == editor
    assert [row.topic for row in after.topics.all()] == [topic]
    assert [row.topic for row in before.topics.all()] == []
    assert "topics" in after.diff_against(before).changed_fields


@pytest.mark.django_db
def test_topic_removed_in_code_is_recorded():
    topic, kept = TopicFactory(), TopicFactory()
    initiative = InitiativeFactory()
    initiative.topics.set([topic, kept])
    before = latest(initiative.history)

    initiative.topics.remove(topic)

    after = latest(initiative.history)
    assert after.history_id != before.history_id
    assert [row.topic for row in after.topics.all()] == [kept]
    assert after.diff_against(before).changed_fields == ["topics"]


@pytest.mark.django_db
def test_citation_added_in_an_inline_is_recorded(editor_client, editor):
    initiative = InitiativeFactory()
    source = SourceFactory()
    url = admin_url(Initiative, "change", initiative.pk)
    page = editor_client.get(url)
    [citations] = [
        inline.formset
        for inline in page.context["inline_admin_formsets"]
        if inline.formset.model is InitiativeCitation
    ]
    data = form_data(page)
    prefix = citations.prefix
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-0-id": "",
            f"{prefix}-0-record": str(initiative.pk),
            f"{prefix}-0-source": str(source.pk),
            f"{prefix}-0-quote": "в восьми айыл окмоту в пилотном режиме",
        }
    )

    response = editor_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    citation = InitiativeCitation.objects.get(record=initiative)
    [entry] = citation.history.all()
    assert entry.history_type == "+"
    assert entry.history_user == editor
    assert entry.quote == "в восьми айыл окмоту в пилотном режиме"
    assert entry.source_id == source.pk


def history_counts():
    """Rows in every history table, including the m2m snapshots of initiatives and events."""
    counts = {}
    for model in registry_models():
        if not hasattr(model._meta, "simple_history_manager_attribute"):
            continue
        history_model = model.history.model
        counts[history_model.__name__] = history_model.objects.count()
        # m2m snapshots are tables pointing at the history table.
        for relation in history_model._meta.related_objects:
            counts[relation.related_model.__name__] = relation.related_model.objects.count()
    return counts


# Raw saves fill no auto_now fields, so a fixture carries its records' timestamps.
STAMPS = {"created_at": "2020-02-25T00:00:00Z", "updated_at": "2020-02-25T00:00:00Z"}
FIXTURE = [
    {
        "model": "initiatives.source",
        "fields": {"slug": "kabar-2020", "title": "Санарип аймак", "language": "ru", **STAMPS},
    },
    {
        "model": "initiatives.topic",
        "fields": {"slug": "digital", "name_ru": "Цифровизация", **STAMPS},
    },
    {
        "model": "initiatives.initiative",
        "fields": {
            "slug": "sanarip-aimak",
            "name_ru": "Санарип аймак",
            "kind": "pilot",
            "topics": [["digital"]],
            **STAMPS,
        },
    },
    {
        "model": "initiatives.initiativecitation",
        "fields": {
            "record": ["sanarip-aimak"],
            "source": ["kabar-2020"],
            "quote": "в восьми айыл окмоту в пилотном режиме",
        },
    },
]


# simple-history skips raw saves (loaddata): a fixture is a copy of data whose history lives
# where it was written, not a change made here. The m2m links in it are no change either.
@pytest.mark.django_db
def test_loaddata_records_no_history(tmp_path):
    path = tmp_path / "fixture.json"
    path.write_text(json.dumps(FIXTURE, ensure_ascii=False), encoding="utf-8")
    before = history_counts()
    assert set(before) >= {"HistoricalInitiative", "HistoricalInitiative_topics"}

    call_command("loaddata", str(path), verbosity=0)

    initiative = Initiative.objects.get(slug="sanarip-aimak")
    assert [topic.slug for topic in initiative.topics.all()] == ["digital"]
    assert initiative.citations.count() == 1
    assert history_counts() == before
