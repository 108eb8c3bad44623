"""What no source states is shown plainly as the registry's own statement, at every door: a
fact with no source (a role, a succession…) and a record's field listed in its
registry_statements (an acronym, a parent, a name no article gives)."""

import csv
import io
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from initiatives import models, statements
from tests import factories as f
from tests.test_admin import admin_url, form_data
from tests.test_api import as_read, token_client
from tests.test_exports import export_command
from tests.test_seed_data import load_fixtures

pytestmark = pytest.mark.django_db

MARK = {
    "ru": (
        ' <small class="statement-mark" lang="ru" title="Этого не сообщает ни один источник в '
        'реестре: это утверждение самого реестра.">без источника: утверждение реестра</small>'
    ),
    "ky": (
        ' <small class="statement-mark" lang="ky" title="Муну реестрдеги эч бир булак '
        'билдирбейт: бул реестрдин өз билдирүүсү.">булагы жок: реестрдин билдирүүсү</small>'
    ),
    "en": (
        ' <small class="statement-mark" lang="en" title="No source in the registry states this: '
        'it is the registry&#x27;s own statement.">no source: the registry&#x27;s statement</small>'
    ),
}


@pytest.fixture
def seeded(db):
    load_fixtures()


def heading(response):
    return re.search(r"<h1>(.*?)</h1>", response.content.decode(), re.S).group(1)


def item_with(response, text):
    """The list item of the page that contains `text`."""
    items = re.findall(r"<li>(.*?)</li>", response.content.decode(), re.S)
    return next(item for item in items if text in item)


# Pages


@pytest.mark.parametrize("language", ["ru", "ky", "en"])
def test_an_acronym_no_article_gives_is_marked(seeded, client, language):
    acronym = {"ru": "ИПР", "ky": "ИПР", "en": "DPI"}[language]
    name = {
        "ru": "Институт политики развития",
        "ky": "Өнүктүрүү саясат институту",
        "en": "Development Policy Institute",
    }[language]
    response = client.get(f"/{language}/organizations/dpi/")
    lang = ' lang="ru"' if language == "ky" else ""  # no Kyrgyz acronym: the Russian one
    shown = f"<span{lang}>{acronym}</span>" if lang else acronym
    # The name is sourced: only the acronym carries the mark.
    assert heading(response) == f'{name} <span class="acronym">({shown}{MARK[language]})</span>'


def test_a_parent_no_article_gives_is_marked_and_a_sourced_one_is_not(seeded, client):
    ministry = client.get("/ru/organizations/ministry-of-finance-kg/").content.decode()
    assert re.search(r"</a>" + re.escape(MARK["ru"]) + r"</dd>", ministry)
    # ГАМСУМО is «при Правительстве» in its own name: its parent is sourced.
    gamsumo = client.get("/ru/organizations/gamsumo/").content.decode()
    assert "Правительство Кыргызской Республики</a></dd>" in gamsumo


@pytest.mark.parametrize("language", ["ru", "ky", "en"])
def test_a_succession_no_source_states_is_marked(seeded, client, language):
    response = client.get(f"/{language}/organizations/gamsumo/")
    item = item_with(response, "/organizations/civil-service-lsg-agency/")
    assert item.endswith(MARK[language])
    assert "<blockquote" not in item


def test_a_role_inferred_by_the_registry_is_marked_with_its_note_and_a_sourced_one_is_not(
    seeded, client
):
    response = client.get("/ru/projects/jigerduu-jarandar/")
    usaid = item_with(response, "/organizations/usaid/")
    assert "Утверждение реестра: USAID назван финансирующим по словам" in usaid
    assert usaid.endswith(MARK["ru"])
    # A sourced role: its quote, no mark.
    page = client.get("/ru/initiatives/sanarip-aimak/").content.decode()
    assert "<blockquote" in page and "statement-mark" not in page


def test_a_territory_cites_its_code_from_iso_3166_2(seeded, client):
    page = client.get("/ru/territories/issyk-kul-oblast/").content.decode()
    assert "<code>KG-Y</code></dd>" in page
    assert "<p>«KG-Y Ysyk-Köl (region)»</p>" in page
    assert "справочный стандарт" in page
    assert "statement-mark" not in page


# API


def test_the_api_says_which_facts_no_source_states(seeded, client):
    project = client.get("/api/v1/donor-projects/jigerduu-jarandar/").json()
    (usaid,) = project["organizations"]
    assert (usaid["organization"], usaid["source"], usaid["quote"], usaid["sourced"]) == (
        "usaid",
        None,
        "",
        False,
    )
    projects = client.get("/api/v1/donor-projects/").json()["results"]
    others = [role for project in projects for role in project["organizations"]]
    assert {role["sourced"] for role in others if role["organization"] != "usaid"} == {True}
    dpi = client.get("/api/v1/organizations/dpi/").json()
    assert dpi["registry_statements"] == ["acronym_ru", "acronym_en"]
    assert client.get("/api/v1/organizations/gamsumo/").json()["registry_statements"] == []


def test_the_schema_documents_sourced(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    sourced = schema["components"]["schemas"]["Participation"]["properties"]["sourced"]
    assert sourced["type"] == "boolean"
    assert sourced["readOnly"] is True
    assert "the registry's own statement" in sourced["description"]


def test_an_editor_sets_the_statements_and_an_unknown_column_is_refused(db, editor):
    f.OrganizationFactory(slug="dpi")
    api = token_client(editor)
    url = "/api/v1/organizations/dpi/"
    refused = api.patch(url, {"registry_statements": ["slug"]}, format="json", **as_read(api, url))
    assert refused.status_code == 400
    assert refused.json() == {
        "registry_statements": {"0": ["Значения slug нет среди допустимых вариантов."]}
    }
    changed = api.patch(
        url, {"registry_statements": ["acronym_en"]}, format="json", **as_read(api, url)
    )
    assert changed.status_code == 200
    assert changed.json()["registry_statements"] == ["acronym_en"]


# Exports


def test_the_csv_has_the_sourced_column_and_the_statements(seeded, tmp_path):
    path = tmp_path / "registry.zip"
    export_command("--format", "zip", "--output", str(path))
    with zipfile.ZipFile(path) as bundle:

        def rows(name):
            text = bundle.read(f"csv/{name}.csv").decode("utf-8-sig")
            return {row["natural_key"]: row for row in csv.DictReader(io.StringIO(text))}

        roles = rows("donorprojectparticipation")
        organizations = rows("organization")
        readme = bundle.read("README.md").decode()
    assert roles["jigerduu-jarandar / usaid / funding"]["sourced"] == "false"
    assert {row["sourced"] for key, row in roles.items() if "usaid" not in key} == {"true"}
    assert organizations["dpi"]["registry_statements"] == "acronym_ru; acronym_en"
    assert organizations["gamsumo"]["registry_statements"] == ""
    assert "| sourced | Sourced. True when a source in the registry states the fact" in readme


# Admin


def test_the_admin_ticks_the_statements_in_boxes(editor_client):
    organization = f.OrganizationFactory()
    url = admin_url(models.Organization, "change", organization.pk)
    response = editor_client.get(url)
    field = response.context["adminform"].form.fields["registry_statements"]
    with translation.override("en"):
        labels = [str(label) for _column, label in field.choices]
    assert labels == [
        "Name [ru]",
        "Name [ky]",
        "Name [en]",
        "Acronym [ru]",
        "Acronym [ky]",
        "Acronym [en]",
        "Kind",
        "Country",
        "Parent organization",
        "Website",
    ]
    data = form_data(response)
    data["registry_statements"] = ["parent"]
    assert editor_client.post(url, data).status_code == 302
    organization.refresh_from_db()
    assert organization.registry_statements == ["parent"]


def test_the_admin_lists_the_registrys_statements(seeded, viewer_client):
    response = viewer_client.get("/admin/registry-statements/")
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'<li><a href="\?kind=donorprojectparticipation">[^<]*: 1</a></li>', html)
    kinds = {kind["name"]: kind["count"] for kind in response.context["kinds"]}
    assert kinds["organizationsuccession"] == 1
    assert kinds["donorprojectparticipation"] == 1
    assert kinds["organization"] == 6
    assert kinds["position"] == 0
    organizations = viewer_client.get("/admin/registry-statements/?kind=organization")
    rows = [(row["label"], row["what"]) for row in organizations.context["rows"]]
    assert ("Институт политики развития", "Аббревиатура [ru], Аббревиатура [en]") in rows


def test_the_admin_list_is_paginated(viewer_client):
    person = f.PersonFactory()
    for number in range(51):
        f.PositionFactory(person=person, slug=f"post-{number}", source=None, quote="")
    first = viewer_client.get("/admin/registry-statements/?kind=position")
    assert len(first.context["rows"]) == 50
    assert "Страница 1 из 2" in first.content.decode()
    assert '<a href="?kind=position&amp;p=2">&rsaquo;</a>' in first.content.decode()
    second = viewer_client.get("/admin/registry-statements/?kind=position&p=2")
    assert len(second.context["rows"]) == 1


def test_the_admin_list_is_for_staff_only(client):
    response = client.get("/admin/registry-statements/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


# The rule


def test_the_database_refuses_an_unknown_column(db):
    organization = f.OrganizationFactory()
    topic = f.TopicFactory()
    for queryset, columns in [
        (models.Organization.objects.filter(pk=organization.pk), ["slug"]),
        (models.Organization.objects.filter(pk=organization.pk), ["iso_code"]),
        (models.Topic.objects.filter(pk=topic.pk), ["acronym_ru"]),
    ]:
        with pytest.raises(IntegrityError), transaction.atomic():
            queryset.update(registry_statements=columns)
    models.Organization.objects.filter(pk=organization.pk).update(
        registry_statements=["acronym_ru", "parent"]
    )


def test_full_clean_names_the_wrong_column(db):
    territory = f.TerritoryFactory.build(registry_statements=["iso_code", "acronym_ru"])
    with pytest.raises(ValidationError) as error:
        territory.full_clean()
    assert error.value.message_dict["registry_statements"] == [
        "«acronym_ru» — не поле этой записи, которое мог бы сообщить источник: выберите из "
        "name_ru, name_ky, name_en, kind, parent, iso_code."
    ]


def test_every_fact_without_a_source_is_marked_by_construction(db):
    """The `cite` tag every page shows a fact with marks it when it has no source, whatever
    its kind: no fact can be shown unsourced and unmarked."""
    template = Template("{% load registry %}{% cite fact %}")
    for model in statements.cited_fact_models():
        fact = model(source=None, quote="")
        with translation.override("en"):
            assert template.render(Context({"fact": fact})) == MARK["en"], model


def test_every_fact_of_the_seed_without_a_source_says_why(seeded):
    """The registry's statements of the seed: each explains itself in three languages."""
    unsourced = [
        fact
        for model in statements.cited_fact_models()
        for fact in model._default_manager.filter(source__isnull=True)
    ]
    assert sorted(type(fact).__name__ for fact in unsourced) == [
        "DonorProjectParticipation",
        "OrganizationSuccession",
    ]
    for fact in unsourced:
        assert fact.note_ru and fact.note_ky and fact.note_en, fact


def test_the_seed_lists_what_no_article_states(seeded):
    listed = {
        record.slug: record.registry_statements
        for model in statements.stating_models()
        for record in model._default_manager.exclude(registry_statements=[])
    }
    assert listed == {
        "dpi": ["acronym_ru", "acronym_en"],
        "gkits": ["name_ru", "name_ky", "name_en", "parent"],
        "ministry-of-economy-kg": ["parent"],
        "ministry-of-finance-kg": ["parent"],
        "ministry-of-health-kg": ["parent"],
        "usaid": ["name_ru", "name_ky", "name_en"],
    }


def test_every_territory_code_of_the_seed_is_cited_from_iso_3166_2(seeded):
    coded = models.Territory.objects.exclude(iso_code="")
    for territory in coded:
        citation = territory.citations.get(source__slug="iso-3166-2-kg")
        assert citation.quote.startswith(f"{territory.iso_code} ") or citation.quote == (
            f"Kyrgyzstan ({territory.iso_code})"
        )
    assert coded.count() == 10


def test_the_admin_list_costs_the_same_however_many_rows_it_shows(viewer_client):
    def cost():
        with CaptureQueriesContext(connection) as queries:
            assert viewer_client.get("/admin/registry-statements/?kind=position").status_code == 200
        return len(queries)

    person = f.PersonFactory()
    f.PositionFactory(person=person, slug="post-a", source=None, quote="")
    one = cost()
    for number in range(10):
        f.PositionFactory(slug=f"post-{number}", source=None, quote="")
    assert cost() == one
