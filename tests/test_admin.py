"""Staff work in the admin: every record can be listed, found, added, changed and traced;
Viewers only look; the initiative pages show progress without a query per row."""

import re
from decimal import Decimal

import pytest
from django.contrib import admin
from django.db import connection
from django.forms import CheckboxInput, ModelMultipleChoiceField, MultipleChoiceField
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from pytest_django.asserts import assertRedirects

from initiatives.models import Initiative, Territory
from tests.conftest import registry_models
from tests.factories import (
    FACTORIES,
    IndicatorFactory,
    InitiativeFactory,
    MeasurementFactory,
    TerritoryFactory,
    TopicFactory,
)

REGISTERED = sorted(
    (
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label == "initiatives"
    ),
    key=lambda item: item[0].__name__,
)
every_admin = pytest.mark.parametrize(
    ("model", "model_admin"), REGISTERED, ids=[model.__name__ for model, _ in REGISTERED]
)

SEARCH_WORD = "quokka"


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def form_data(response):
    """What a browser sends back when staff submit the admin form in `response` untouched."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms.append(inline.formset.management_form)
        forms.extend(inline.formset.forms)
    data = {}
    for form in forms:
        for bound in form:
            value = bound.field.prepare_value(bound.value())
            if isinstance(bound.field.widget, CheckboxInput):
                if value:
                    data[bound.html_name] = "on"
            elif isinstance(bound.field, ModelMultipleChoiceField | MultipleChoiceField):
                data[bound.html_name] = [str(item) for item in value or ()]
            else:
                data[bound.html_name] = "" if value is None else str(value)
    return data


def search_field(model_admin):
    """A column of the model itself that the admin searches, preferring a name or a title."""
    own = [field for field in model_admin.search_fields if "__" not in field]
    for prefix in ("name_", "title", "slug", ""):
        for field in own:
            if field.startswith(prefix):
                return field
    raise AssertionError(f"{model_admin} searches no column of its own model")


def find_row(html, model, pk):
    """The changelist table row that links to the record's change page."""
    link = re.escape(admin_url(model, "change", pk))
    match = re.search(rf"<tr>(?:(?!</tr>).)*?{link}.*?</tr>", html, re.DOTALL)
    assert match, f"no changelist row links to {admin_url(model, 'change', pk)}"
    return match.group(0)


# --- Editors ------------------------------------------------------------------------------


@pytest.mark.django_db
@every_admin
def test_editor_lists_and_finds_a_record_by_a_word_of_it(editor_client, model, model_admin):
    field = search_field(model_admin)
    word = f"{SEARCH_WORD}-burrow" if field == "slug" else f"Quokka burrow {model.__name__}"
    wanted = FACTORIES[model](**{field: word})
    unrelated = FACTORIES[model]()

    listing = editor_client.get(admin_url(model, "changelist"))
    assert listing.status_code == 200
    assert {wanted, unrelated} <= set(listing.context["cl"].result_list)

    found = editor_client.get(admin_url(model, "changelist"), {"q": SEARCH_WORD})
    assert found.status_code == 200
    assert list(found.context["cl"].result_list) == [wanted]


@pytest.mark.django_db
@every_admin
def test_editor_opens_the_add_page(editor_client, model, model_admin):
    response = editor_client.get(admin_url(model, "add"))
    assert response.status_code == 200
    assert response.context["add"] is True
    assert 'name="_save"' in response.text


@pytest.mark.django_db
@every_admin
def test_editor_opens_the_change_page_and_its_history(editor_client, model, model_admin):
    record = FACTORIES[model]()

    change = editor_client.get(admin_url(model, "change", record.pk))
    assert change.status_code == 200
    assert change.context["original"] == record
    assert change.context["has_change_permission"] is True
    assert 'name="_save"' in change.text

    history = editor_client.get(admin_url(model, "history", record.pk))
    assert history.status_code == 200
    assert history.context["object"] == record
    # The factory's insert is the first entry of the record's log.
    assert [entry.history_type for entry in history.context["page_obj"]] == ["+"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "initiatives", "citations"),
    [
        ("ru", "Инициативы", "Цитаты инициатив"),
        ("ky", "Демилгелер", "Демилгелердин цитаталары"),
        ("en", "Initiatives", "Citations of initiatives"),
    ],
)
def test_admin_index_speaks_the_staff_members_language(
    editor_client, language, initiatives, citations
):
    response = editor_client.get(reverse("admin:index"), headers={"accept-language": language})

    assert response.status_code == 200
    assert f'<html lang="{language}"' in response.text
    assert f">{initiatives}</a>" in response.text
    assert f">{citations}</a>" in response.text


# --- Viewers and anonymous visitors -------------------------------------------------------


@pytest.mark.django_db
@every_admin
def test_viewer_sees_list_and_record_but_cannot_save(viewer_client, model, model_admin):
    record = FACTORIES[model]()

    listing = viewer_client.get(admin_url(model, "changelist"))
    assert listing.status_code == 200
    assert record in listing.context["cl"].result_list

    change = viewer_client.get(admin_url(model, "change", record.pk))
    assert change.status_code == 200
    assert change.context["has_change_permission"] is False
    assert 'name="_save"' not in change.text
    assert 'name="_continue"' not in change.text


@pytest.mark.django_db
@every_admin
def test_viewer_cannot_add(viewer_client, model, model_admin):
    assert viewer_client.get(admin_url(model, "add")).status_code == 403
    before = model.objects.count()
    assert viewer_client.post(admin_url(model, "add"), {}).status_code == 403
    assert model.objects.count() == before


@pytest.mark.django_db
@every_admin
def test_viewer_post_to_change_page_is_refused(viewer_client, model, model_admin):
    record = FACTORIES[model]()
    row_before = model.objects.filter(pk=record.pk).values().get()

    response = viewer_client.post(
        admin_url(model, "change", record.pk), {search_field(model_admin): "changed-by-viewer"}
    )

    assert response.status_code == 403
    assert model.objects.filter(pk=record.pk).values().get() == row_before


@pytest.mark.django_db
@every_admin
def test_anonymous_visitor_is_sent_to_login(client, model, model_admin):
    url = admin_url(model, "changelist")
    assertRedirects(client.get(url), f"{reverse('admin:login')}?next={url}")


def test_every_registry_model_has_its_own_admin():
    assert sorted(m.__name__ for m in registry_models() if m not in admin.site._registry) == []


# --- Adding an initiative -----------------------------------------------------------------


@pytest.fixture
def initiative_add_form(editor_client):
    response = editor_client.get(admin_url(Initiative, "add"))
    assert response.status_code == 200
    data = form_data(response)
    prefixes = [inline.formset.prefix for inline in response.context["inline_admin_formsets"]]
    # Every inline posts its management form, even when staff add no rows to it.
    assert prefixes
    for prefix in prefixes:
        assert data[f"{prefix}-TOTAL_FORMS"] == "0"
        assert data[f"{prefix}-INITIAL_FORMS"] == "0"
    topic = TopicFactory()
    data.update(
        slug="sanarip-aimak",
        name_ru="Санарип аймак",
        kind=Initiative.Kind.PILOT,
        status="implementation",
        topics=[str(topic.pk)],
        planned_start="2020-03",
        planned_end="2021",
    )
    return data, topic


@pytest.mark.django_db
def test_editor_adds_an_initiative(editor_client, initiative_add_form):
    data, topic = initiative_add_form

    response = editor_client.post(admin_url(Initiative, "add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    initiative = Initiative.objects.get(slug="sanarip-aimak")
    assert response["Location"] == admin_url(Initiative, "changelist")
    assert initiative.name == "Санарип аймак"
    assert initiative.planned_start.isoformat() == "2020-03"
    assert initiative.planned_end.isoformat() == "2021"
    assert list(initiative.topics.all()) == [topic]


@pytest.mark.django_db
def test_end_before_start_is_shown_at_the_end_field_and_nothing_is_saved(
    editor_client, initiative_add_form
):
    data, _topic = initiative_add_form
    data.update(planned_start="2020-03", planned_end="2019")

    response = editor_client.post(admin_url(Initiative, "add"), data)

    assert response.status_code == 200
    assert not Initiative.objects.exists()
    # The staff member's language (the default, Russian), the fields named by their labels.
    message = "«Плановое окончание» не может быть раньше, чем «Плановое начало»."
    assert response.context["adminform"].form.errors["planned_end"] == [message]
    # The message sits in the error list the end field's input points to, not at the top.
    errors = re.search(r'<ul class="errorlist" id="id_planned_end_error">(.*?)</ul>', response.text)
    assert errors, "no error list for planned_end"
    assert escape(message) in errors.group(1)
    end_input = re.search(r'<input[^>]*name="planned_end"[^>]*>', response.text).group(0)
    assert 'aria-invalid="true"' in end_input
    assert "id_planned_end_error" in end_input


@pytest.mark.django_db
def test_a_loop_of_parents_is_refused_on_the_parent_field(editor_client):
    oblast = TerritoryFactory(kind=Territory.Kind.OBLAST)
    district = TerritoryFactory(parent=oblast)
    url = admin_url(Territory, "change", oblast.pk)
    data = form_data(editor_client.get(url))
    data["parent"] = str(district.pk)  # the oblast inside its own district

    response = editor_client.post(url, data)

    assert response.status_code == 200
    with translation.override(response.context["LANGUAGE_CODE"]):
        message = gettext("This would make the record a part of itself.")
    assert response.context["adminform"].form.errors["parent"] == [message]
    oblast.refresh_from_db()
    assert oblast.parent is None


# --- Progress on the initiative pages -----------------------------------------------------


def initiative_with_progress(**kwargs):
    """«Санарип аймак»: 8 of 484 айыл окмоту, which is 2 % of the target."""
    initiative = InitiativeFactory(**kwargs)
    indicator = IndicatorFactory(initiative=initiative, target_value=Decimal(484))
    MeasurementFactory(indicator=indicator, value=Decimal(8))
    return initiative


@pytest.mark.django_db
def test_initiative_changelist_row_shows_progress(editor_client):
    initiative = initiative_with_progress()
    InitiativeFactory()  # without indicators: its row must not borrow the other's bar

    response = editor_client.get(admin_url(Initiative, "changelist"))

    row = find_row(response.text, Initiative, initiative.pk)
    assert '<progress max="100" value="2"' in row
    assert re.search(r"\b8\b[^<]*\b484\b", row), row
    assert response.text.count("<progress") == 1


@pytest.mark.django_db
def test_initiative_change_page_shows_progress(editor_client):
    initiative = initiative_with_progress()

    response = editor_client.get(admin_url(Initiative, "change", initiative.pk))

    assert response.status_code == 200
    assert '<progress max="100" value="2"' in response.text
    assert re.search(r"\b8\b[^<]*\b484\b", response.text)


@pytest.mark.django_db
def test_admin_pages_load_the_progress_stylesheet(editor_client):
    page = editor_client.get(admin_url(Initiative, "changelist"))
    [href] = re.findall(r'<link rel="stylesheet" href="([^"]*initiatives/admin\.css)">', page.text)

    stylesheet = editor_client.get(href)

    assert stylesheet.status_code == 200
    assert b".indicator-progress" in b"".join(stylesheet.streaming_content)


# Measured on SQLite and PostgreSQL: the request's savepoint and its release, session, user,
# two permission lookups, the topics filter, two counts, the page of initiatives, and one
# for all their indicators with the latest measurement, one for their latest status reports.
# A per-row query would add ten.
CHANGELIST_QUERIES = 12


@pytest.mark.django_db
def test_initiative_changelist_queries_do_not_grow_with_rows(
    editor_client, django_assert_max_num_queries
):
    def load_changelist():
        with CaptureQueriesContext(connection) as queries:
            response = editor_client.get(admin_url(Initiative, "changelist"))
        assert response.status_code == 200
        return response, len(queries)

    parent = InitiativeFactory()
    for _ in range(3):
        initiative_with_progress(parent=parent)
    few_response, few = load_changelist()
    for _ in range(7):
        initiative_with_progress(parent=parent)
    with django_assert_max_num_queries(CHANGELIST_QUERIES):
        many_response, many = load_changelist()

    assert few_response.text.count("<progress") == 3
    assert many_response.text.count("<progress") == 10
    assert many == few
