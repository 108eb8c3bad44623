"""Staff in a real browser: the admin and the API docs under the Content-Security-Policy, and
two editors saving one record."""

import re

import pytest
from playwright.sync_api import expect

from initiatives.models import Initiative
from tests.browser.conftest import watched_page
from tests.conftest import EDITORS, _staff_user

pytestmark = pytest.mark.browser


@pytest.fixture
def editors(seeded_server, django_user_model):
    for name in ("first-editor", "second-editor"):
        user = _staff_user(django_user_model, name, EDITORS)
        user.set_password("a long enough password")
        user.save()
    return seeded_server


def signed_in(chromium, server, username):
    context = chromium.new_context(locale="ru-RU", viewport={"width": 1200, "height": 900})
    page = watched_page(context)
    page.goto(server.url + "/admin/login/")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill("a long enough password")
    page.get_by_role("button", name="Войти").click()
    expect(page.get_by_role("heading", name="Администрирование сайта")).to_be_visible()
    return page


def test_the_second_of_two_editors_is_told_and_nothing_is_overwritten(editors, chromium):
    first = signed_in(chromium, editors, "first-editor")
    second = signed_in(chromium, editors, "second-editor")
    sanarip = Initiative.objects.get(slug="sanarip-aimak")
    url = f"{editors.url}/admin/initiatives/initiative/{sanarip.pk}/change/"
    first.goto(url)
    second.goto(url)

    # The text box, not the "registry's translation" tick box of the same column.
    description = first.get_by_role("textbox", name="Описание [en]")
    description.fill("Digital services in every aiyl okmotu.")
    first.get_by_role("button", name="Сохранить", exact=True).click()
    expect(first.locator(".messagelist")).to_contain_text("Запись «Санарип аймак» изменена.")

    second.get_by_role("textbox", name="Название [en]").fill("Digital Region")
    second.get_by_role("button", name="Сохранить", exact=True).click()

    refusal = second.locator(".errorlist.nonfield")
    expect(refusal).to_contain_text("first-editor")
    expect(refusal).to_contain_text("Описание (английский)")
    expect(refusal).to_contain_text("Ваши изменения не сохранены")
    expect(second.get_by_role("textbox", name="Название [en]")).to_have_value("Digital Region")
    sanarip.refresh_from_db()
    assert sanarip.description_en == "Digital services in every aiyl okmotu."
    assert sanarip.name_en != "Digital Region"
    for page in (first, second):
        assert not page.problems, page.problems
        page.context.close()


def test_the_admin_and_the_api_docs_run_under_the_policy(editors, chromium):
    page = signed_in(chromium, editors, "first-editor")
    page.goto(editors.url + "/admin/initiatives/initiative/")
    expect(page.get_by_role("link", name="Санарип аймак")).to_be_visible()
    page.get_by_role("link", name="Санарип аймак").click()
    # The admin's own scripts ran: the collapsed "Record" section opens.
    expect(page.locator("details, fieldset.collapse").first).to_be_attached()

    response = page.goto(editors.url + "/api/v1/docs/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self';" in policy + ";"  # no inline script, not even here
    # SwaggerUI is drawn by scripts: under the policy it still lists the operations.
    expect(page.get_by_text(re.compile(r"/api/v1/initiatives/")).first).to_be_visible()
    page.goto(editors.url + "/ru/initiatives/sanarip-aimak/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Санарип аймак")
    assert not page.problems, page.problems
    page.context.close()
