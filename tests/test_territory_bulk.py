"""Staff add many territories at once from a CSV list in the admin: every line is checked
first, every problem named by line and column, and nothing is written unless all are right."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from initiatives.models import RegistryVersion, Territory
from initiatives.territory_bulk import MAX_ROWS
from tests.factories import TerritoryFactory

ADD_MANY = "admin:initiatives_territory_add_many"


@pytest.fixture
def oblast(db):
    country = TerritoryFactory(slug="kyrgyzstan", kind=Territory.Kind.COUNTRY, iso_code="KG")
    return TerritoryFactory(
        slug="issyk-kul-oblast", kind=Territory.Kind.OBLAST, parent=country, iso_code="KG-Y"
    )


def add_many(client, text, **data):
    return client.post(reverse(ADD_MANY), {"text": text, **data}, follow=True)


def errors_of(response):
    """The problems the form lists, as staff read them."""
    errors = re.search(r'<ul class="errorlist nonfield">(.*?)</ul>', response.text, re.S)
    assert errors, "no list of problems on the page"
    return [
        re.sub(r"<[^>]+>", "", item).strip()
        for item in re.findall(r"<li>(.*?)</li>", errors.group(1), re.S)
    ]


# A district under an existing oblast (by its ISO code) and two aiyl aimaks under the district,
# the first of them given before the district it lies within (by its slug).
GOOD_LIST = """name_ru,name_ky,name_en,kind,parent,slug
Первый айыл аймак,Биринчи айыл аймак,,aiyl_aimak,test-district,
Тестовый район,Тест району,Test District,district,KG-Y,test-district
Второй айыл аймак,,,Айыл аймак,test-district,second-aimak
"""


def test_a_good_list_adds_every_territory_with_its_history_and_a_message(editor_client, oblast):
    version = RegistryVersion.current()[0]

    response = add_many(editor_client, GOOD_LIST)

    assert response.redirect_chain[-1][0] == reverse("admin:initiatives_territory_changelist")
    assert "Добавлено 3 территории." in [str(m) for m in response.context["messages"]]
    district = Territory.objects.get(slug="test-district")
    assert (district.kind, district.parent, district.name_en) == (
        Territory.Kind.DISTRICT,
        oblast,
        "Test District",
    )
    # The address is made of the Russian name when no English one is given.
    first = Territory.objects.get(name_ru="Первый айыл аймак")
    assert (first.slug, first.parent, first.kind) == (
        "pervyi-aiyl-aimak",
        district,
        Territory.Kind.AIYL_AIMAK,
    )
    assert Territory.objects.get(slug="second-aimak").parent == district
    # Drafts unless staff ask to publish them.
    new = Territory.objects.filter(slug__in=["test-district", "pervyi-aiyl-aimak", "second-aimak"])
    assert not new.filter(is_published=True).exists()
    # Each has its history row, naming who added it and how.
    history = Territory.history.filter(slug__in=new.values("slug"))
    assert sorted((h.slug, h.history_type, h.history_user.username) for h in history) == [
        ("pervyi-aiyl-aimak", "+", "editor"),
        ("second-aimak", "+", "editor"),
        ("test-district", "+", "editor"),
    ]
    assert {h.history_change_reason for h in history} == {"Добавлено списком"}
    assert RegistryVersion.current()[0] > version


def test_one_territory_is_added_in_the_singular(editor_client, oblast):
    response = add_many(editor_client, "name_ru,kind,parent\nТестовый район,district,KG-Y")
    assert "Добавлена 1 территория." in [str(m) for m in response.context["messages"]]


def test_publish_ticked_adds_them_published(editor_client, oblast):
    add_many(editor_client, "name_ru,kind,parent\nТестовый район,district,KG-Y", publish="on")
    assert Territory.objects.get(slug="testovyi-raion").is_published


def test_cells_pasted_from_a_spreadsheet_are_separated_by_tabs(editor_client, oblast):
    add_many(editor_client, "name_ru\tkind\tparent\nТестовый район\tРайон\tissyk-kul-oblast")
    assert Territory.objects.get(slug="testovyi-raion").parent == oblast


def test_a_list_with_two_bad_lines_adds_nothing_and_names_both(editor_client, oblast):
    text = GOOD_LIST.replace(
        "Тестовый район,Тест району,Test District,district,KG-Y", "x,,,district,KG-Q"
    )
    text += "Третий,,,oblst,test-district,\n"
    count = Territory.objects.count()

    response = add_many(editor_client, text)

    assert response.status_code == 200
    assert Territory.objects.count() == count
    assert "Ничего не добавлено. Исправьте ошибки и отправьте список снова:" in response.text
    assert errors_of(response) == [
        escape(
            "Строка 3, столбец «parent»: Территории с адресом или кодом ISO «KG-Q» нет ни в "
            "реестре, ни в этом списке."
        ),
        escape(
            "Строка 5, столбец «kind»: Вида «oblst» нет: используйте country, oblast, "
            "republican_city, district, city, aiyl_aimak, village или их названия."
        ),
    ]


def test_a_slug_taken_or_given_twice_is_refused(editor_client, oblast):
    text = (
        "name_ru,kind,parent,slug\n"
        "Район,district,KG-Y,issyk-kul-oblast\n"
        "Ещё район,district,KG-Y,new-district\n"
        "Третий район,district,KG-Y,new-district\n"
    )
    response = add_many(editor_client, text)
    assert errors_of(response) == [
        escape(
            "Строка 2, столбец «slug»: Значение «issyk-kul-oblast» уже занято территорией в "
            "реестре."
        ),
        escape("Строка 4, столбец «slug»: Значение «new-district» уже указано в строке 3."),
    ]
    assert not Territory.objects.filter(slug="new-district").exists()


def test_a_kind_where_it_cannot_lie_is_refused_in_the_list(editor_client, oblast):
    response = add_many(editor_client, "name_ru,kind,parent\nАймак,aiyl_aimak,KG-Y")
    assert errors_of(response) == [
        escape(
            "Строка 2, столбец «parent»: Территория вида «Айыл аймак» входит в территорию вида "
            "«Район», а не «Область»."
        )
    ]
    assert not Territory.objects.filter(name_ru="Аймак").exists()


def test_a_kind_where_it_cannot_lie_is_refused_by_the_admin_form(editor_client, oblast):
    url = reverse("admin:initiatives_territory_add")
    data = {
        "name_ru": "Аймак",
        "slug": "aimak",
        "kind": Territory.Kind.AIYL_AIMAK,
        "parent": str(oblast.pk),
        "territorycitation_set-TOTAL_FORMS": "0",
        "territorycitation_set-INITIAL_FORMS": "0",
        "citations-TOTAL_FORMS": "0",
        "citations-INITIAL_FORMS": "0",
    }
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["parent"] == [
        "Территория вида «Айыл аймак» входит в территорию вида «Район», а не «Область»."
    ]
    assert not Territory.objects.filter(slug="aimak").exists()


def test_a_kind_its_territories_no_longer_fit_is_refused(oblast):
    TerritoryFactory(parent=oblast)  # a district
    oblast = Territory.objects.get(pk=oblast.pk)
    oblast.kind = Territory.Kind.CITY
    with pytest.raises(ValidationError) as refused:
        oblast.full_clean()
    # Its own place is wrong too now: a city lies within an oblast or a district.
    assert refused.value.message_dict["parent"] == [
        "Территория вида «Город» входит в территорию вида «Область» или «Район», а не «Страна»."
    ]
    assert refused.value.message_dict["kind"] == [
        "В состав этой территории входят территории вида «Район», а они не могут входить в "
        "территорию вида «Город»."
    ]


def test_a_list_over_the_cap_is_refused_whole(editor_client, oblast):
    lines = [f"Район {n},district,KG-Y,district-{n}" for n in range(MAX_ROWS + 1)]
    response = add_many(editor_client, "name_ru,kind,parent,slug\n" + "\n".join(lines))
    assert errors_of(response) == [
        "В списке 1\xa0001 территория, а за один раз можно добавить не больше 1\xa0000: "
        "разделите список."
    ]
    assert not Territory.objects.filter(slug="district-0").exists()


def test_problems_are_named_in_kyrgyz_for_a_kyrgyz_reader(editor_client, oblast):
    editor_client.cookies["django_language"] = "ky"
    response = add_many(editor_client, "name_ru,kind,parent\nАймак,aiyl_aimak,KG-Y")
    assert errors_of(response) == [
        escape(
            "2-сап, «parent» мамычасы: «Айыл аймак» түрүндөгү аймак «Район» түрүндөгү "
            "аймактын курамына кирет, «Облус» түрүндөгү аймактын курамына эмес."
        )
    ]


def test_a_csv_file_is_read_like_a_pasted_list(editor_client, oblast):
    upload = SimpleUploadedFile(
        "territories.csv", "\ufeffname_ru;kind;parent\nТестовый район;district;KG-Y\n".encode()
    )
    response = editor_client.post(reverse(ADD_MANY), {"upload": upload}, follow=True)
    assert "Добавлена 1 территория." in [str(m) for m in response.context["messages"]]
    assert Territory.objects.get(slug="testovyi-raion").parent == oblast


def test_a_file_not_in_utf8_is_refused(editor_client, oblast):
    upload = SimpleUploadedFile(
        "territories.csv", "name_ru,kind,parent\nРайон,district,KG-Y\n".encode("cp1251")
    )
    response = editor_client.post(reverse(ADD_MANY), {"upload": upload})
    assert errors_of(response) == [
        escape("Файл не в кодировке UTF-8: сохраните его как «CSV UTF-8».")
    ]


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_only_staff_who_may_add_territories_see_and_use_the_list(editor, viewer, django_user_model):
    changelist = reverse("admin:initiatives_territory_changelist")
    assert reverse(ADD_MANY) in signed_in(editor).get(changelist).text
    viewer_client = signed_in(viewer)
    assert reverse(ADD_MANY) not in viewer_client.get(changelist).text
    # Viewers may look at territories but not add them.
    assert viewer_client.get(reverse(ADD_MANY)).status_code == 403
    text = "name_ru,kind,parent\nРайон,district,"
    assert viewer_client.post(reverse(ADD_MANY), {"text": text}).status_code == 403
    assert not Territory.objects.exists()
    # Signed out, or signed in but not staff: the admin's sign-in page.
    response = Client().get(reverse(ADD_MANY))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    member = django_user_model.objects.create_user("member", password="pw")
    member.user_permissions.add(Permission.objects.get(codename="add_territory"))
    response = signed_in(member).post(reverse(ADD_MANY), {"text": text})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert not Territory.objects.exists()


def test_a_kind_that_is_no_choice_is_refused_on_its_field_not_with_an_error(oblast):
    territory = Territory(slug="x", name_ru="X", kind="bogus", parent=oblast)
    with pytest.raises(ValidationError) as refused:
        territory.full_clean()
    assert list(refused.value.message_dict) == ["kind"]
