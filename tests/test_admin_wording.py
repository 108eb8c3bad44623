"""The admin reads as a Russian or Kyrgyz speaker writes: each kind of record named in the
case its sentence needs, counts in the number's own form, messages that agree with what they
name, field labels in the reader's language, history pages translated."""

import html
import json
import re

import pytest
from django.contrib.messages import get_messages
from django.utils import translation

from initiatives.grammar import noun_of
from initiatives.models import Initiative, Organization, Topic
from tests.factories import FACTORIES, InitiativeFactory, TopicFactory
from tests.test_admin import REGISTERED, admin_url, every_admin, form_data
from tests.test_history import submit_change_form

RU, KY = {"accept-language": "ru"}, {"accept-language": "ky"}

# Each kind as the object of a verb, and its "add" phrase: (ru accusative, ru add, ky
# accusative, ky add). Kyrgyz marks the object it means («демилгени») but not a new one
# («Демилге кошуу»). A model registered in the admin and missing here fails.
STATUS_REPORT = (
    "отчёт о статусе",
    "Добавить отчёт о статусе",
    "абал тууралуу маалыматты",
    "Абал тууралуу маалымат кошуу",
)
FORMS = {
    "Source": ("источник", "Добавить источник", "булакты", "Булак кошуу"),
    "Document": ("документ", "Добавить документ", "документти", "Документ кошуу"),
    "DocumentCitation": (
        "цитату документа",
        "Добавить цитату документа",
        "документтин цитатасын",
        "Документтин цитатасын кошуу",
    ),
    "InitiativeStatusReport": STATUS_REPORT,
    "DonorProjectStatusReport": STATUS_REPORT,
    "EventStatusReport": STATUS_REPORT,
    "EventSeries": (
        "серию мероприятий",
        "Добавить серию мероприятий",
        "иш-чаралар сериясын",
        "Иш-чаралар сериясын кошуу",
    ),
    "Event": ("мероприятие", "Добавить мероприятие", "иш-чараны", "Иш-чара кошуу"),
    "EventParticipation": (
        "организацию на мероприятии",
        "Добавить организацию на мероприятии",
        "иш-чарадагы уюмду",
        "Иш-чарадагы уюм кошуу",
    ),
    "EventPerson": (
        "участника мероприятия",
        "Добавить участника мероприятия",
        "иш-чаранын катышуучусун",
        "Иш-чаранын катышуучусун кошуу",
    ),
    "EventCount": (
        "число о мероприятии",
        "Добавить число о мероприятии",
        "иш-чара тууралуу санды",
        "Иш-чара тууралуу сан кошуу",
    ),
    "TerritoryMembership": (
        "территорию в инициативе",
        "Добавить территорию в инициативе",
        "демилгедеги аймакты",
        "Демилгеге аймак кошуу",
    ),
    "Statement": ("заявление", "Добавить заявление", "билдирүүнү", "Билдирүү кошуу"),
    "CommitmentReport": (
        "отчёт о выполнении обязательства",
        "Добавить отчёт о выполнении обязательства",
        "милдеттенменин аткарылышы тууралуу маалыматты",
        "Милдеттенменин аткарылышы тууралуу маалымат кошуу",
    ),
    "EventSeriesCitation": (
        "цитату серии мероприятий",
        "Добавить цитату серии мероприятий",
        "иш-чаралар сериясынын цитатасын",
        "Иш-чаралар сериясынын цитатасын кошуу",
    ),
    "EventCitation": (
        "цитату мероприятия",
        "Добавить цитату мероприятия",
        "иш-чаранын цитатасын",
        "Иш-чаранын цитатасын кошуу",
    ),
    "Initiative": ("инициативу", "Добавить инициативу", "демилгени", "Демилге кошуу"),
    "InitiativeParticipation": (
        "организацию в инициативе",
        "Добавить организацию в инициативе",
        "демилгедеги уюмду",
        "Демилгедеги уюм кошуу",
    ),
    "Indicator": ("показатель", "Добавить показатель", "көрсөткүчтү", "Көрсөткүч кошуу"),
    "Measurement": ("измерение", "Добавить измерение", "өлчөөнү", "Өлчөө кошуу"),
    "InitiativeCitation": (
        "цитату инициативы",
        "Добавить цитату инициативы",
        "демилгенин цитатасын",
        "Демилгенин цитатасын кошуу",
    ),
    "IndicatorCitation": (
        "цитату показателя",
        "Добавить цитату показателя",
        "көрсөткүчтүн цитатасын",
        "Көрсөткүчтүн цитатасын кошуу",
    ),
    "Organization": ("организацию", "Добавить организацию", "уюмду", "Уюм кошуу"),
    "OrganizationName": (
        "другое название",
        "Добавить другое название",
        "башка аталышты",
        "Башка аталыш кошуу",
    ),
    "OrganizationSuccession": (
        "правопреемство",
        "Добавить правопреемство",
        "укук улантуучулукту",
        "Укук улантуучулук кошуу",
    ),
    "OrganizationCitation": (
        "цитату организации",
        "Добавить цитату организации",
        "уюмдун цитатасын",
        "Уюмдун цитатасын кошуу",
    ),
    "Person": ("человека", "Добавить человека", "адамды", "Адам кошуу"),
    "Position": ("должность", "Добавить должность", "кызмат ордун", "Кызмат ордун кошуу"),
    "ContactDetail": (
        "контакт (не для публикации)",
        "Добавить контакт (не для публикации)",
        "байланыш маалыматын (жабык)",
        "Байланыш маалыматын кошуу (жабык)",
    ),
    "PersonCitation": (
        "цитату о человеке",
        "Добавить цитату о человеке",
        "адам тууралуу цитатаны",
        "Адам тууралуу цитата кошуу",
    ),
    "Territory": ("территорию", "Добавить территорию", "аймакты", "Аймак кошуу"),
    "Topic": ("тему", "Добавить тему", "теманы", "Тема кошуу"),
    "TerritoryCitation": (
        "цитату территории",
        "Добавить цитату территории",
        "аймактын цитатасын",
        "Аймактын цитатасын кошуу",
    ),
    "TopicCitation": (
        "цитату темы",
        "Добавить цитату темы",
        "теманын цитатасын",
        "Теманын цитатасын кошуу",
    ),
    "DonorProject": (
        "донорский проект",
        "Добавить донорский проект",
        "донордук долбоорду",
        "Донордук долбоор кошуу",
    ),
    "DonorProjectParticipation": (
        "организацию в донорском проекте",
        "Добавить организацию в донорском проекте",
        "донордук долбоордогу уюмду",
        "Донордук долбоордогу уюм кошуу",
    ),
    "DonorProjectCitation": (
        "цитату донорского проекта",
        "Добавить цитату донорского проекта",
        "донордук долбоордун цитатасын",
        "Донордук долбоордун цитатасын кошуу",
    ),
}


def text_of(fragment):
    """What a reader sees of an HTML fragment: tags dropped, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def heading(response):
    return text_of(re.search(r"<h1>(.*?)</h1>", response.text, re.DOTALL).group(1))


def add_button(response):
    tools = re.search(r'<ul class="object-tools">(.*?)</ul>', response.text, re.DOTALL).group(1)
    return text_of(re.search(r'class="addlink">(.*?)</a>', tools, re.DOTALL).group(1))


def inline_add_links(response):
    return [
        json.loads(html.unescape(data))["options"]["addText"]
        for data in re.findall(r'data-inline-formset="([^"]*)"', response.text)
    ]


def paginator(response):
    return text_of(re.search(r'<p class="paginator">(.*?)</p>', response.text, re.DOTALL).group(1))


def shown_messages(response):
    return [text_of(str(message)) for message in get_messages(response.wsgi_request)]


def errors_of(response, field):
    errors = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', response.text)
    return text_of(errors.group(1))


# --- Titles and the add button, every kind ----------------------------------------------


def test_every_registered_kind_has_its_forms():
    assert sorted(m.__name__ for m, _ in REGISTERED if m.__name__ not in FORMS) == []


@pytest.mark.django_db
@every_admin
def test_titles_and_add_button_name_the_kind_in_its_case(admin_client, model, model_admin):
    ru_accusative, ru_add, ky_accusative, ky_add = FORMS[model.__name__]
    record = FACTORIES[model]()
    pages = {
        "changelist": admin_url(model, "changelist"),
        "add": admin_url(model, "add"),
        "change": admin_url(model, "change", record.pk),
    }

    ru = {name: admin_client.get(url, headers=RU) for name, url in pages.items()}
    ky = {name: admin_client.get(url, headers=KY) for name, url in pages.items()}

    assert heading(ru["changelist"]) == f"Выберите {ru_accusative} для изменения"
    assert add_button(ru["changelist"]) == ru_add
    assert heading(ru["add"]) == ru_add
    assert heading(ru["change"]) == f"Изменить {ru_accusative}"
    assert heading(ky["changelist"]) == f"Өзгөртүү үчүн {ky_accusative} тандаңыз"
    assert add_button(ky["changelist"]) == ky_add
    assert heading(ky["add"]) == ky_add
    assert heading(ky["change"]) == f"{ky_accusative[0].upper()}{ky_accusative[1:]} өзгөртүү"


@pytest.mark.django_db
def test_a_viewer_is_asked_to_select_the_kind_to_view(viewer_client):
    response = viewer_client.get(admin_url(Initiative, "changelist"), headers=RU)

    assert heading(response) == "Выберите инициативу для просмотра"


@pytest.mark.django_db
def test_the_add_page_crumb_is_its_title(admin_client):
    response = admin_client.get(admin_url(Initiative, "add"), headers=RU)

    crumbs = re.search(r'<div class="breadcrumbs">(.*?)</div>', response.text, re.DOTALL)
    assert text_of(crumbs.group(1)).endswith("› Инициативы › Добавить инициативу")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "headers", "links"),
    [
        (
            Initiative,
            RU,
            [
                "Добавить отчёт о статусе",
                "Добавить показатель",
                "Добавить организацию в инициативе",
                "Добавить цитату",
            ],
        ),
        (
            Initiative,
            KY,
            [
                "Абал тууралуу маалымат кошуу",
                "Көрсөткүч кошуу",
                "Демилгедеги уюм кошуу",
                "Цитата кошуу",
            ],
        ),
        (
            Organization,
            RU,
            [
                "Добавить другое название",
                "Добавить предшественника",
                "Добавить преемника",
                "Добавить должность",
                "Добавить цитату",
            ],
        ),
        (
            Organization,
            KY,
            [
                "Башка аталыш кошуу",
                "Мурдагы уюм кошуу",
                "Укук улантуучу уюм кошуу",
                "Кызмат ордун кошуу",
                "Цитата кошуу",
            ],
        ),
    ],
    ids=["initiative-ru", "initiative-ky", "organization-ru", "organization-ky"],
)
def test_inline_add_links_say_what_they_add(admin_client, model, headers, links):
    response = admin_client.get(admin_url(model, "add"), headers=headers)

    assert inline_add_links(response) == links


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "model_admin"),
    [(model, model_admin) for model, model_admin in REGISTERED if model_admin.inlines],
    ids=[model.__name__ for model, model_admin in REGISTERED if model_admin.inlines],
)
def test_no_inline_falls_back_to_djangos_add_another(admin_client, model, model_admin):
    response = admin_client.get(admin_url(model, "add"), headers=RU)

    links = inline_add_links(response)
    assert len(links) == len(model_admin.inlines)
    assert [link for link in links if not link.startswith("Добавить ") or "еще" in link] == []


# --- Counts -------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("number", "ru", "ky"),
    [
        (1, "1 инициатива", "1 демилге"),
        (2, "2 инициативы", "2 демилге"),
        (5, "5 инициатив", "5 демилге"),
        (11, "11 инициатив", "11 демилге"),
        (21, "21 инициатива", "21 демилге"),
    ],
)
def test_the_list_counts_its_records_in_the_numbers_form(admin_client, number, ru, ky):
    InitiativeFactory.create_batch(number)
    url = admin_url(Initiative, "changelist")

    assert paginator(admin_client.get(url, headers=RU)) == ru
    assert paginator(admin_client.get(url, headers=KY)) == ky


@pytest.mark.django_db
def test_a_search_counts_what_it_found_and_the_total(admin_client):
    InitiativeFactory(name_ru="Санарип аймак")
    InitiativeFactory.create_batch(2)
    url = admin_url(Initiative, "changelist")

    ru = admin_client.get(url, {"q": "Санарип"}, headers=RU)
    ky = admin_client.get(url, {"q": "Санарип"}, headers=KY)

    found = r'<span class="small quiet">(.*?)</span>'
    assert text_of(re.search(found, ru.text, re.DOTALL).group(1)) == "1 инициатива (всего 3)"
    assert text_of(re.search(found, ky.text, re.DOTALL).group(1)) == "1 демилге (жалпысынан 3)"


# --- Messages -----------------------------------------------------------------------------


def add_topic(client, headers, **extra):
    data = form_data(client.get(admin_url(Topic, "add"), headers=headers))
    data.update(slug="tsifrovizatsiya", name_ru="Цифровизация", **extra)
    response = client.post(admin_url(Topic, "add"), data, headers=headers)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("headers", "added", "added_to_edit", "changed"),
    [
        (
            RU,
            "Запись «Цифровизация» добавлена.",
            "Запись «Цифровизация» добавлена. Ниже её можно изменить.",
            "Запись «Цифровизация» изменена.",
        ),
        (
            KY,
            "«Цифровизация» жазуусу кошулду.",
            "«Цифровизация» жазуусу кошулду. Аны төмөндө өзгөртө аласыз.",
            "«Цифровизация» жазуусу өзгөртүлдү.",
        ),
    ],
    ids=["ru", "ky"],
)
def test_messages_after_a_save_agree_with_what_they_name(
    admin_client, headers, added, added_to_edit, changed
):
    assert shown_messages(add_topic(admin_client, headers)) == [added]
    Topic.objects.all().delete()
    assert shown_messages(add_topic(admin_client, headers, _continue="1")) == [added_to_edit]
    topic = Topic.objects.get()

    url = admin_url(Topic, "change", topic.pk)
    data = form_data(admin_client.get(url, headers=headers))
    data["name_en"] = "Digitalisation"
    response = admin_client.post(url, data, headers=headers)

    assert shown_messages(response) == [changed]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("headers", "title", "question", "deleted"),
    [
        (
            RU,
            "Удалить тему",
            "Вы уверены, что хотите удалить тему «Цифровизация»? "
            "Будут удалены и все следующие связанные объекты:",
            "Запись «Цифровизация» удалена.",
        ),
        (
            KY,
            "Теманы өчүрүү",
            "«Цифровизация» деген теманы чын эле өчүрөсүзбү? "
            "Аны менен бирге төмөнкү байланышкан объекттердин баары өчүрүлөт:",
            "«Цифровизация» жазуусу өчүрүлдү.",
        ),
    ],
    ids=["ru", "ky"],
)
def test_the_delete_page_and_message_name_the_record(
    admin_client, headers, title, question, deleted
):
    topic = TopicFactory(name_ru="Цифровизация")
    url = admin_url(Topic, "delete", topic.pk)

    page = admin_client.get(url, headers=headers)
    response = admin_client.post(url, {"post": "yes"}, headers=headers)

    assert heading(page) == title
    assert question in text_of(page.text)
    assert shown_messages(response) == [deleted]


# --- Validation ---------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("headers", "order", "any_language"),
    [
        (
            RU,
            "«Плановое окончание» не может быть раньше, чем «Плановое начало».",
            "Заполните поле «Название» хотя бы на одном языке.",
        ),
        (
            KY,
            "«Пландалган аякталышы» талаасындагы күн «Пландалган башталышы» талаасындагы "
            "күндөн мурун боло албайт.",
            "«Аталышы» талаасын жок дегенде бир тилде толтуруңуз.",
        ),
    ],
    ids=["ru", "ky"],
)
def test_validation_messages_name_fields_by_their_labels(
    admin_client, headers, order, any_language
):
    data = form_data(admin_client.get(admin_url(Initiative, "add"), headers=headers))
    data.update(slug="sanarip-aimak", kind="pilot", planned_start="2020-03", planned_end="2019")

    response = admin_client.post(admin_url(Initiative, "add"), data, headers=headers)

    assert response.status_code == 200
    assert errors_of(response, "planned_end") == order
    assert errors_of(response, "name_ru") == any_language


# --- History ------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("headers", "title", "columns", "change", "action", "restore"),
    [
        (
            RU,
            "История изменений: Санарип аймак",
            ["Версия", "Дата и время", "Действие", "Автор изменения", "Причина", "Изменения"],
            "Описание (русский): Пилот → Пилот в восьми айыл окмоту",
            "Изменение",
            "Восстановить инициативу",
        ),
        (
            KY,
            "Өзгөртүүлөрдүн тарыхы: Санарип аймак",
            ["Версия", "Күнү жана убактысы", "Аракет", "Өзгөрткөн", "Себеби", "Өзгөртүүлөр"],
            "Сүрөттөмө (орусча): Пилот → Пилот в восьми айыл окмоту",
            "Өзгөртүү",
            "Демилгени калыбына келтирүү",
        ),
    ],
    ids=["ru", "ky"],
)
def test_history_pages_speak_the_readers_language(
    admin_client, headers, title, columns, change, action, restore
):
    initiative = InitiativeFactory(name_ru="Санарип аймак", description_ru="Пилот")
    submit_change_form(admin_client, initiative, description_ru="Пилот в восьми айыл окмоту")

    page = admin_client.get(admin_url(Initiative, "history", initiative.pk), headers=headers)

    assert heading(page) == title
    table = re.search(r'<table id="change-history".*?</table>', page.text, re.DOTALL).group(0)
    assert [text_of(th) for th in re.findall(r"<th[^>]*>(.*?)</th>", table)] == columns
    newest = re.search(r"<tbody>\s*<tr>(.*?)</tr>", table, re.DOTALL).group(1)
    cells = [text_of(td) for td in re.findall(r"<td>(.*?)</td>", newest, re.DOTALL)]
    version, _when, shown_action, author, reason, changes = cells
    assert (version, shown_action, author, reason, changes) == (
        "Санарип аймак",
        action,
        "admin",
        "—",
        change,
    )
    assert "None" not in table

    version = initiative.history.earliest("history_date")
    form = admin_client.get(
        admin_url(Initiative, "simple_history", initiative.pk, version.history_id),
        headers=headers,
    )
    assert heading(form) == restore


# --- Menu ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_menu_says_people_as_the_public_site_does(admin_client):
    response = admin_client.get("/admin/", headers=RU)

    assert ">Люди</a>" in response.text
    assert "Персоны" not in response.text
    assert ">Серии мероприятий</a>" in response.text


def test_every_kind_has_its_forms_translated():
    """A kind added later with forms but no translation would show English in the admin, or
    Russian in the Kyrgyz one (a missing Kyrgyz text falls back to the default language)."""
    for model, _model_admin in REGISTERED:
        noun = noun_of(model)
        forms = {}
        for language in ("en", "ru", "ky"):
            with translation.override(language):
                forms[language] = (str(noun.accusative), str(noun.add), noun.counted(5))
        assert len(set(zip(*forms.values(), strict=True))) == 3, (model.__name__, forms)
