"""Texts in three languages, honestly marked: a name, description or title that no source
gives in a language and the registry translated is shown as the registry's translation, in
every door (pages, admin, API, exports); the registry's own editorial notes are written in
every language and shown in the reader's."""

import csv
import io
import json
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.forms import MultipleChoiceField
from django.utils import translation

from initiatives import models
from initiatives.imports import import_fixture
from tests import factories as f
from tests.test_admin import admin_url, form_data
from tests.test_api import as_read, token_client
from tests.test_exports import export_command, wipe
from tests.test_seed_data import load_fixtures

pytestmark = pytest.mark.django_db

MARK = {
    "ru": (
        ' <small class="translation-mark" lang="ru" title="Ни один источник не даёт этот текст '
        'на этом языке: его перевёл реестр.">перевод реестра</small>'
    ),
    "ky": (
        ' <small class="translation-mark" lang="ky" title="Бул текст бул тилде эч бир булакта '
        'жок: аны реестр которгон.">реестрдин котормосу</small>'
    ),
    "en": (
        ' <small class="translation-mark" lang="en" title="No source gives this text in this '
        'language: the registry translated it.">registry&#x27;s translation</small>'
    ),
}


def heading(response):
    return re.search(r"<h1>(.*?)</h1>", response.content.decode(), re.S).group(1)


def note_of(response):
    """The body of a source's note (its heading is interface text)."""
    html = response.content.decode()
    return re.search(r'<div class="note"><h2>[^<]*</h2>(.*?)</div></div>', html, re.S).group(1)


def description(response):
    return re.search(r'<div class="description"[^>]*>(.*?)</div>', response.content.decode(), re.S)


@pytest.fixture
def topic():
    """The source names it in Russian; the registry translated the name into Kyrgyz and the
    description into English."""
    return f.TopicFactory(
        slug="digitalisation",
        name_ru="Цифровизация",
        name_ky="Санариптештирүү",
        description_ru="Перевод услуг в цифровой вид.",
        description_en="Services made digital.",
        registry_translations=["name_ky", "description_en"],
    )


# Pages


def test_a_registry_translated_name_is_marked_on_the_page_that_shows_it(client, topic):
    assert heading(client.get("/ky/topics/digitalisation/")) == "Санариптештирүү" + MARK["ky"]
    # The Russian page shows the source's own name: no mark.
    assert heading(client.get("/ru/topics/digitalisation/")) == "Цифровизация"


def test_a_registry_translated_description_is_marked_and_a_sourced_one_is_not(client, topic):
    english = description(client.get("/en/topics/digitalisation/"))
    assert english.group(0) == (
        f'<div class="description" lang="en">{MARK["en"]}<p>Services made digital.</p></div>'
    )
    russian = description(client.get("/ru/topics/digitalisation/"))
    assert (
        russian.group(0)
        == '<div class="description" lang="ru"><p>Перевод услуг в цифровой вид.</p></div>'
    )


def test_a_sourced_name_has_no_mark(client):
    f.TopicFactory(slug="budget", name_ru="Бюджет", name_ky="Бюджет", name_en="Budget")
    for language in ("ru", "ky", "en"):
        assert "translation-mark" not in client.get(f"/{language}/topics/budget/").text


def test_a_fallback_to_another_language_is_no_translation(client, topic):
    # No English name: the English page shows the source's Russian one, marked as Russian.
    assert (
        heading(client.get("/en/topics/digitalisation/")) == '<span lang="ru">Цифровизация</span>'
    )


def test_the_mark_is_about_the_column_shown_even_on_a_fallback(client):
    # A Kyrgyz source; the registry's Russian name is what the English page falls back to.
    f.TopicFactory(
        slug="ayil", name_ru="Айыл", name_ky="Айыл аймак", registry_translations=["name_ru"]
    )
    assert heading(client.get("/en/topics/ayil/")) == '<span lang="ru">Айыл</span>' + MARK["en"]
    assert heading(client.get("/ky/topics/ayil/")) == "Айыл аймак"


def test_a_registry_translated_title_is_marked_on_the_person_page(client):
    position = f.PositionFactory(
        person__slug="saliev",
        title_ru="директор",
        title_en="director",
        registry_translations=["title_en"],
    )
    english = client.get("/en/people/saliev/").text
    assert f"director{MARK['en']}, " in english
    assert "директор, " in client.get("/ru/people/saliev/").text
    assert "translation-mark" not in client.get("/ru/people/saliev/").text
    organization = client.get(f"/en/organizations/{position.organization.slug}/").text
    assert f"director{MARK['en']}" in organization


# Admin


def test_the_admin_ticks_the_registrys_translations_in_boxes(editor_client, topic):
    url = admin_url(models.Topic, "change", topic.pk)
    response = editor_client.get(url)
    field = response.context["adminform"].form.fields["registry_translations"]
    assert isinstance(field, MultipleChoiceField)
    with translation.override("en"):
        labels = [str(label) for _column, label in field.choices]
    assert labels == [
        "Name [ru]",
        "Name [ky]",
        "Name [en]",
        "Description [ru]",
        "Description [ky]",
        "Description [en]",
    ]
    assert 'type="checkbox" name="registry_translations" value="name_ky"' in response.text
    data = form_data(response)
    data["registry_translations"] = ["name_ky"]

    assert editor_client.post(url, data).status_code == 302
    topic.refresh_from_db()
    assert topic.registry_translations == ["name_ky"]


def test_the_admin_refuses_an_item_that_is_not_a_translated_text_naming_it(editor_client, topic):
    url = admin_url(models.Topic, "change", topic.pk)
    data = form_data(editor_client.get(url))
    data["registry_translations"] = ["name_ky", "slug_ky"]

    response = editor_client.post(url, data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["registry_translations"]
    assert errors == ["Выберите корректный вариант. slug_ky нет среди допустимых значений."]
    topic.refresh_from_db()
    assert topic.registry_translations == ["name_ky", "description_en"]


def test_full_clean_names_the_wrong_item(topic):
    topic.registry_translations = ["name_ky", "title_ky"]
    with translation.override("ru"):
        with pytest.raises(ValidationError) as error:
            topic.full_clean()
        assert error.value.message_dict == {
            "registry_translations": [
                "«title_ky» — не переводимый текст этой записи: выберите из name_ru, name_ky, "
                "name_en, description_ru, description_ky, description_en."
            ]
        }


# API


def test_the_api_shows_the_list_and_refuses_an_unknown_column(client, editor, topic):
    position = f.PositionFactory(person__slug="saliev", registry_translations=["title_en"])
    record = client.get("/api/v1/topics/digitalisation/").json()
    assert record["registry_translations"] == ["name_ky", "description_en"]
    person = client.get(f"/api/v1/people/{position.person.slug}/").json()
    assert person["registry_translations"] == []
    assert person["positions"][0]["registry_translations"] == ["title_en"]

    editor_api = token_client(editor)
    url = "/api/v1/topics/digitalisation/"
    refused = editor_api.patch(
        url,
        {"registry_translations": ["name_ky", "slug_ky"]},
        format="json",
        **as_read(editor_api, url),
    )
    assert refused.status_code == 400
    assert refused.json() == {
        "registry_translations": {"1": ["Значения slug_ky нет среди допустимых вариантов."]}
    }
    changed = editor_api.patch(
        url, {"registry_translations": ["name_ky"]}, format="json", **as_read(editor_api, url)
    )
    assert changed.status_code == 200
    assert changed.json()["registry_translations"] == ["name_ky"]


# Exports


def test_export_and_import_keep_the_list(tmp_path, topic):
    f.PositionFactory(slug="director", registry_translations=["title_en", "title_ky"])
    first = export_command()
    records = {record["fields"].get("slug"): record["fields"] for record in json.loads(first)}
    assert records["digitalisation"]["registry_translations"] == ["name_ky", "description_en"]
    assert records["director"]["registry_translations"] == ["title_en", "title_ky"]
    (tmp_path / "registry.json").write_text(first, encoding="utf-8")
    wipe()

    import_fixture(tmp_path / "registry.json")

    assert models.Topic.objects.get().registry_translations == ["name_ky", "description_en"]
    assert export_command() == first


def test_the_csv_lists_the_columns_and_the_readme_describes_them(tmp_path, topic):
    path = tmp_path / "registry.zip"
    export_command("--format", "zip", "--output", str(path))
    with zipfile.ZipFile(path) as bundle:
        rows = csv.DictReader(io.StringIO(bundle.read("csv/topic.csv").decode("utf-8-sig")))
        assert next(rows)["registry_translations"] == "name_ky; description_en"
        readme = bundle.read("README.md").decode()
        package = json.loads(bundle.read("datapackage.json"))
    # The README is in English; datapackage.json says it in every language.
    assert (
        "| registry_translations | Registry's translations. The texts that no source gives in "
        "their language: the registry translated them, and its pages mark them so. A list: its "
        "items are separated by “; ”. |"
    ) in readme
    topics = next(item for item in package["resources"] if item["name"] == "topic")
    column = next(
        item for item in topics["schema"]["fields"] if item["name"] == "registry_translations"
    )
    assert column["description"].splitlines()[0] == (
        "ru: Переводы реестра. Тексты, которых ни один источник не даёт на их языке: их перевёл "
        "реестр, и на его страницах они отмечены как перевод. Список, разделитель «; »."
    )


# Editorial notes: the registry's own text, written in every language


def test_a_source_note_is_shown_in_the_readers_language(client):
    load_fixtures()
    url = "sources/president-receives-saliev-2020-02-25/"
    russian = note_of(client.get(f"/ru/{url}"))
    assert russian.startswith(
        '<div class="note-text" lang="ru"><p>В тексте указан день, 25 февраля, но не год.'
    )
    kyrgyz = note_of(client.get(f"/ky/{url}"))
    assert kyrgyz.startswith(
        '<div class="note-text" lang="ky"><p>Текстте күнү, 25-февраль, көрсөтүлгөн, бирок'
    )
    english = note_of(client.get(f"/en/{url}"))
    assert english.startswith(
        '<div class="note-text" lang="en"><p>The text gives the day, 25 February, but not'
    )


def test_a_succession_note_is_shown_in_the_readers_language(client):
    load_fixtures()
    russian = client.get("/ru/organizations/gamsumo/").text
    assert (
        '<span class="muted succession-note">В статьях 2019–2020 годов агентство по делам местного '
        "самоуправления действует при Правительстве"
    ) in russian
    kyrgyz = client.get("/ky/organizations/gamsumo/").text
    assert (
        '<span class="muted succession-note">'
        "2019–2020-жылдардагы макалаларда Өкмөткө караштуу жергиликтүү "
        "өз алдынча башкаруу иштери боюнча агенттик"
    ) in kyrgyz
    assert "The articles show" not in kyrgyz


def test_a_note_missing_in_the_readers_language_falls_back_marked_with_its_own(client):
    f.InitiativeParticipationFactory(
        initiative__slug="pilot", note_ru="В консорциуме с институтом."
    )
    assert "(В консорциуме с институтом.)" in client.get("/ru/initiatives/pilot/").text
    kyrgyz = client.get("/ky/initiatives/pilot/").text
    assert '(<span lang="ru">В консорциуме с институтом.</span>)' in kyrgyz


def test_every_note_of_the_seed_is_written_in_three_languages():
    load_fixtures()
    noted = [
        *models.Source.objects.all(),
        *models.OrganizationSuccession.objects.all(),
        *models.Measurement.objects.all(),
        *models.InitiativeParticipation.objects.all(),
        *models.DonorProjectParticipation.objects.all(),
        *models.EventParticipation.objects.all(),
        *models.EventPerson.objects.all(),
    ]
    with_notes = [row for row in noted if row.note_ru or row.note_ky or row.note_en]
    assert len(with_notes) == 13  # the ISO 3166-2:KG code list explains its text
    assert all(row.note_ru and row.note_ky and row.note_en for row in with_notes)


def test_the_api_gives_a_note_in_each_language(client):
    measurement = f.MeasurementFactory(
        indicator__initiative__slug="pilot",
        note_ru="Пилот; дата — день сообщения.",
        note_ky="Пилоттук долбоор; дата — кабар жарыяланган күн.",
        note_en="Pilot; the date is the day of the report.",
    )
    value = client.get("/api/v1/measurements/").json()["results"][0]
    assert {code: value[f"note_{code}"] for code in ("ru", "ky", "en")} == {
        "ru": measurement.note_ru,
        "ky": measurement.note_ky,
        "en": measurement.note_en,
    }
    assert "note" not in value


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_each_note_to_the_column_of_its_language_and_back():
    before = ("initiatives", "0012_registry_translations")
    after = ("initiatives", "0013_translated_notes")
    english = "The text gives the day «Сегодня, 23 ноября», but not the year."
    russian = "Финансирование правительства Швейцарии идёт через SDC в «айыл өкмөтү»."
    kyrgyz = "Булак аны USAID долбоору деп атайт; аткаруучусу аталган эмес."
    for slug, columns in {
        "english": {"note_en": english},
        "both": {"note_ru": russian, "note_en": english},
        "kyrgyz": {"note_ky": kyrgyz},
    }.items():
        models.Source.objects.create(
            slug=slug, title=slug, language="ru", published_on="2020", **columns
        )

    def migrate(target):
        executor = MigrationExecutor(connection)
        executor.migrate([target])
        return executor.loader.project_state(target).apps.get_model("initiatives", "Source")

    try:
        # Back to one note: the first language filled, in the order of the languages.
        old = migrate(before)
        assert dict(old.objects.values_list("slug", "note")) == {
            "english": english,
            "both": russian,
            "kyrgyz": kyrgyz,
        }
        for slug, text in {"english": english, "both": russian, "kyrgyz": kyrgyz}.items():
            old.objects.filter(slug=slug).update(note=text)

        # Forward: each note to the column of the language it is written in.
        new = migrate(after)
        columns = new.objects.values_list("slug", "note_ru", "note_ky", "note_en")
        assert {slug: rest for slug, *rest in columns} == {
            "english": ["", "", english],
            "both": [russian, "", ""],
            "kyrgyz": ["", kyrgyz, ""],
        }
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
