"""Coverage as membership (issue 16): which territories joined an initiative, and when.

«Санарип аймак» was piloted in 8 айыл окмоту and is due in all 484; no article names the
places, so the seed holds no membership and these tests build their own.
"""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from initiatives import coverage
from initiatives.models import Territory, TerritoryMembership
from initiatives.partial_dates import PartialDate
from initiatives.visibility import PUBLIC, STAFF
from tests import factories as f
from tests.test_admin import admin_url, form_data
from tests.test_caching import DATABASE_CACHE

AIYL_AIMAK = Territory.Kind.AIYL_AIMAK


def errors_of(membership):
    with translation.override("ru"), pytest.raises(ValidationError) as raised:
        membership.full_clean()
    return {
        name: [str(message) for message in messages]
        for name, messages in raised.value.message_dict.items()
    }


@pytest.fixture
def place(db):
    return f.TerritoryFactory(kind=AIYL_AIMAK, name_ru="Кок-Жар")


@pytest.fixture
def initiative(db):
    return f.InitiativeFactory(
        slug="sanarip-aimak", name_ru="Санарип аймак", name_ky="Санарип аймак"
    )


def member(initiative, territory, joined, left=None, **fields):
    return f.TerritoryMembershipFactory(
        initiative=initiative, territory=territory, joined=joined, left=left, **fields
    )


# The rules, each with its message as a Russian-speaking editor reads it.


def test_a_territory_cannot_leave_before_it_joined(initiative, place):
    membership = TerritoryMembership(
        initiative=initiative, territory=place, joined="2020-03", left="2020-02"
    )
    assert errors_of(membership) == {
        "left": ["«Дата выхода» не может быть раньше, чем «Дата присоединения»."]
    }


def test_a_territory_has_one_open_membership_of_an_initiative(initiative, place):
    member(initiative, place, "2020-03")
    again = TerritoryMembership(initiative=initiative, territory=place, joined="2021")
    assert errors_of(again) == {
        "__all__": [
            "Эта территория уже участвует в инициативе без даты выхода: сначала укажите дату "
            "выхода в той записи."
        ]
    }


def test_periods_of_the_same_territory_do_not_overlap(initiative, place):
    member(initiative, place, "2020-03", left="2021")
    overlapping = TerritoryMembership(
        initiative=initiative, territory=place, joined="2020-06-01", left="2022"
    )
    assert errors_of(overlapping) == {
        "__all__": ["В это время территория уже участвует в инициативе (март 2020\u202fг. – 2021)."]
    }
    open_after = TerritoryMembership(initiative=initiative, territory=place, joined="2020-12")
    assert errors_of(open_after) == {
        "__all__": ["В это время территория уже участвует в инициативе (март 2020\u202fг. – 2021)."]
    }


def test_an_open_membership_is_named_from_its_date(initiative, place):
    member(initiative, place, "2020-03")
    earlier = TerritoryMembership(
        initiative=initiative, territory=place, joined="2019", left="2021"
    )
    assert errors_of(earlier) == {
        "__all__": ["В это время территория уже участвует в инициативе (с марта 2020\u202fг.)."]
    }


def test_a_territory_joins_once_on_a_date(initiative, place):
    member(initiative, place, "2020-03", left="2021")
    same_day = TerritoryMembership(
        initiative=initiative, territory=place, joined="2020-03", left="2020-04"
    )
    assert (
        "Эта территория уже присоединилась к инициативе в эту дату."
        in errors_of(same_day)["__all__"]
    )


def test_a_territory_may_join_again_on_the_date_it_left(initiative, place):
    member(initiative, place, "2020-03", left="2021")
    again = TerritoryMembership(initiative=initiative, territory=place, joined="2021")
    again.full_clean()
    another = TerritoryMembership(
        initiative=initiative, territory=f.TerritoryFactory(kind=AIYL_AIMAK), joined="2020-03"
    )
    another.full_clean()


def test_the_quote_must_be_in_the_source(initiative, place):
    source = f.SourceFactory(text="Система внедрена в айыл окмоту Кок-Жар в марте 2020 года.")
    membership = TerritoryMembership(
        initiative=initiative, territory=place, joined="2020-03", source=source, quote="в Таласе"
    )
    assert errors_of(membership) == {"quote": [f"Этой цитаты нет в тексте «{source}»."]}


# Derived counts: joined on or before the date, not left by it.


def test_members_as_of_a_date_at_the_joined_and_left_boundaries(initiative, place):
    member(initiative, place, "2020-02-15", left="2020-06-01")
    member(initiative, f.TerritoryFactory(kind=AIYL_AIMAK), "2020")
    member(initiative, f.TerritoryFactory(kind=Territory.Kind.CITY), "2020-01")
    counts = {
        date: coverage.members_as_of(PUBLIC, initiative, date, AIYL_AIMAK)
        for date in ["2019-12-31", "2020-02-14", "2020-02-15", "2020-05-31", "2020-06-01"]
    }
    assert counts == {
        "2019-12-31": 0,
        "2020-02-14": 1,
        "2020-02-15": 2,
        "2020-05-31": 2,
        "2020-06-01": 1,
    }
    assert coverage.members_as_of(PUBLIC, initiative, PartialDate(2020, 3)) == 3


def test_a_draft_never_counts_for_the_public(initiative, place):
    member(initiative, place, "2020")
    member(initiative, f.TerritoryFactory(kind=AIYL_AIMAK, is_published=False), "2020")
    member(
        initiative,
        f.TerritoryFactory(kind=AIYL_AIMAK),
        "2020",
        source=f.SourceFactory(is_published=False),
        quote="в пилотном режиме",
    )
    assert coverage.members_as_of(PUBLIC, initiative, "2021") == 1
    assert coverage.members_as_of(STAFF, initiative, "2021") == 3


def test_the_count_over_time_steps_on_each_change(initiative, place):
    member(initiative, place, "2020-01", left="2021")
    member(initiative, f.TerritoryFactory(kind=AIYL_AIMAK), "2020-03")
    points = coverage.series(PUBLIC, initiative)
    assert [(point.as_of.isoformat(), point.value) for point in points] == [
        ("2020-01", 1),
        ("2020-03", 2),
        ("2021", 1),
    ]


@pytest.mark.parametrize("memberships", [3, 30])
def test_the_count_over_time_has_a_bounded_number_of_points_and_queries(initiative, memberships):
    for day in range(memberships):
        member(initiative, f.TerritoryFactory(kind=AIYL_AIMAK), f"2020-01-{day + 1:02d}")
    with CaptureQueriesContext(connection) as queries:
        points = coverage.series(PUBLIC, initiative, points=5)
    assert len(points) == min(memberships, 5)
    assert points[-1].value == memberships
    assert len(queries) == (2 if memberships <= 5 else 3)


# A coverage indicator: derived beside typed; staff see where the two disagree.


@pytest.fixture
def coverage_indicator(initiative, place):
    indicator = f.IndicatorFactory(
        initiative=initiative,
        slug="rollout",
        name_ru="Айыл окмоту в системе",
        counts_members=AIYL_AIMAK,
    )
    member(initiative, place, "2020-01")
    member(initiative, f.TerritoryFactory(kind=AIYL_AIMAK), "2020-02")
    f.MeasurementFactory(indicator=indicator, as_of="2020-01-31", value=1)
    f.MeasurementFactory(indicator=indicator, as_of="2020-02-25", value=8)
    return indicator


def test_a_typed_value_that_differs_from_the_members_is_a_conflict(coverage_indicator):
    shown, total = coverage.conflicts(STAFF, coverage_indicator.initiative)
    assert total == 1
    assert [(m.as_of.isoformat(), m.value, m.derived) for m in shown] == [("2020-02-25", 8, 2)]


def test_staff_see_the_conflict_on_the_initiative_form(editor_client, coverage_indicator):
    initiative = coverage_indicator.initiative
    page = editor_client.get(admin_url(type(initiative), "change", initiative.pk)).text
    assert "На сегодня участвуют 2 территории." in page
    assert "<li>Айыл аймак: 2</li>" in page
    assert "1 введённое значение расходится с числом территорий-участников:" in page
    assert (
        "<li>Айыл окмоту в системе, 25 февраля 2020\u202fг.: введено 8, "
        "территорий-участников 2</li>" in page
    )


def test_the_public_sees_the_derived_count_and_no_conflict(client, coverage_indicator):
    page = client.get(f"/ru/initiatives/{coverage_indicator.initiative.slug}/").text
    assert '<p class="derived-value">По списку территорий-участников сейчас: 2</p>' in page
    assert "расход" not in page


# The initiative's page: members by oblast, with their dates, bounded.


@pytest.fixture
def rollout(initiative, place):
    chui = f.TerritoryFactory(
        kind=Territory.Kind.OBLAST, name_ru="Чуйская область", name_ky="Чүй облусу"
    )
    talas = f.TerritoryFactory(
        kind=Territory.Kind.OBLAST, name_ru="Таласская область", name_ky="Талас облусу"
    )
    place.parent = f.TerritoryFactory(parent=chui, name_ru="Аламудунский район")
    place.name_ky = "Көк-Жар"
    place.save()
    member(initiative, place, "2020-03", left="2021-06-30")
    member(
        initiative,
        f.TerritoryFactory(kind=AIYL_AIMAK, parent=talas, name_ru="Кара-Суу", name_ky="Кара-Суу"),
        "2020-03-12",
    )
    member(
        initiative,
        f.TerritoryFactory(
            kind=Territory.Kind.CITY_OF_REPUBLICAN_SIGNIFICANCE, name_ru="Бишкек", name_ky="Бишкек"
        ),
        "2021",
    )
    return initiative


def members_section(page, heading):
    return page.split(f'<h2 id="members-heading">{heading}</h2>', 1)[1].split("</section>", 1)[0]


def test_the_page_lists_members_by_oblast_with_their_dates_in_russian(client, rollout):
    section = members_section(
        client.get(f"/ru/initiatives/{rollout.slug}/").text, "Территории-участники"
    )
    assert "Сейчас участвуют 2 территории." in section
    oblasts = [part.split("</a>", 1)[0].rsplit(">", 1)[1] for part in section.split("<h3>")[1:]]
    assert oblasts == ["Бишкек", "Таласская область", "Чуйская область"]
    assert ">Кара-Суу</a>: с 12 марта 2020\u202fг." in section
    assert ">Кок-Жар</a>: март 2020\u202fг. – 30 июня 2021\u202fг." in section
    assert ">Бишкек</a>: с 2021" in section


def test_the_page_lists_members_by_oblast_with_their_dates_in_kyrgyz(client, rollout):
    section = members_section(
        client.get(f"/ky/initiatives/{rollout.slug}/").text, "Катышкан аймактар"
    )
    assert "Азыр 2 аймак катышат." in section
    oblasts = [part.split("</a>", 1)[0].rsplit(">", 1)[1] for part in section.split("<h3>")[1:]]
    assert oblasts == ["Бишкек", "Талас облусу", "Чүй облусу"]
    assert ">Кара-Суу</a>: 2020-ж., 12-март баштап" in section
    assert ">Көк-Жар</a>: 2020-ж., март – 2021-ж., 30-июнь" in section


def test_the_member_figures_are_worked_out_once_per_version_and_follow_an_edit(
    client, rollout, monkeypatch
):
    """They read every membership, so they are kept per registry version (and day, and
    language: the oblasts are in the reader's alphabetical order); an edit shows at once."""
    with override_settings(REGISTRY_CACHE=True, CACHES={"default": DATABASE_CACHE}):
        call_command("createcachetable", verbosity=0)
        monkeypatch.setattr("initiatives.caching.cacheable", lambda request: False)  # built
        page = f"/ru/initiatives/{rollout.slug}/"
        first = members_section(client.get(page).text, "Территории-участники")
        with CaptureQueriesContext(connection) as queries:
            again = members_section(client.get(page).text, "Территории-участники")
        assert again == first
        # Only the page's own count of members reads the memberships now: not the figures
        # (four queries, built), nor the coverage indicators' derived values (their section is
        # kept too).
        assert sum("initiatives_territorymembership" in q["sql"] for q in queries) == 1

        kyrgyz = members_section(
            client.get(f"/ky/initiatives/{rollout.slug}/").text, "Катышкан аймактар"
        )
        assert "Азыр 2 аймак катышат." in kyrgyz and "Талас облусу" in kyrgyz

        member(rollout, f.TerritoryFactory(kind=AIYL_AIMAK, name_ru="Ак-Суу"), "2022")
        after = members_section(client.get(page).text, "Территории-участники")
        assert "Сейчас участвуют 3 территории." in after and ">Ак-Суу</a>" in after


def test_the_page_charts_the_member_count(client, rollout):
    page = client.get(f"/ru/initiatives/{rollout.slug}/").text
    section = members_section(page, "Территории-участники")
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-wide"' in section
    assert "<tr><td>март 2020\u202fг.</td><td>1</td></tr>" in section
    assert "<tr><td>12 марта 2020\u202fг.</td><td>2</td></tr>" in section
    assert "<tr><td>2021</td><td>3</td></tr>" in section


def test_the_source_page_lists_the_memberships_it_supports(client, initiative, place):
    source = f.SourceFactory(slug="kabar-sanarip", text="Кок-Жар присоединился в марте 2020 года.")
    member(initiative, place, "2020-03", source=source, quote="Кок-Жар присоединился")
    page = client.get(f"/ru/sources/{source.slug}/").text
    section = page.split("<h3>Присоединение территорий к инициативам</h3>", 1)[1]
    assert (
        '<li><a href="/ru/initiatives/sanarip-aimak/">Санарип аймак</a> '
        '<span class="muted">— Кок-Жар, с марта 2020\u202fг.</span>'
    ) in section


def test_a_page_without_members_has_no_section(client, initiative):
    assert 'id="members-heading"' not in client.get(f"/ru/initiatives/{initiative.slug}/").text


def many_members(initiative, count):
    oblast = f.TerritoryFactory(kind=Territory.Kind.OBLAST)
    for n in range(count):
        place = f.TerritoryFactory(kind=AIYL_AIMAK, parent=oblast)
        member(initiative, place, f"2020-{n % 12 + 1:02d}-{n % 28 + 1:02d}")


@pytest.mark.parametrize("count", [3, 30])
def test_the_page_costs_the_same_however_many_members(
    client, initiative, count, django_assert_num_queries
):
    many_members(initiative, count)
    # The page's own 15 and the section's 6: the members now, the dates of change, the counts
    # on those dates, the members by oblast and their oblasts, and how many there are (kept
    # per registry version in service, as the rest of the section is).
    with django_assert_num_queries(15 + 6):
        page = client.get(f"/ru/initiatives/{initiative.slug}/").text
    section = members_section(page, "Территории-участники")
    shown = min(count, coverage.SHOWN_PER_OBLAST)
    assert section.count('<li><a href="/ru/territories/') == shown
    if count > shown:
        assert f"Показано: {shown} из {count}." in section


@pytest.mark.parametrize("count", [3, 30])
def test_the_full_list_is_paged_at_a_constant_cost(
    client, initiative, count, django_assert_num_queries
):
    many_members(initiative, count)
    url = reverse("initiatives:initiative-members", args=[initiative.slug])
    # Each membership's oblast is worked out up the tree to order them: the database sorts
    # the members' keys (kept per registry version in service), and then the page's rows are
    # read whole by key.
    with django_assert_num_queries(6) as queries:
        page = client.get(url).text
    assert page.count("<tr><td>") == count
    memberships = [
        q["sql"] for q in queries if 'FROM "initiatives_territorymembership"' in q["sql"]
    ]
    keys, rows = memberships
    assert keys.startswith('SELECT "initiatives_territorymembership"."id" AS "pk" FROM')
    assert "ORDER BY" in keys and "ORDER BY" not in rows


# The API.


def test_the_api_lists_memberships_by_initiative_territory_and_kind(
    client, rollout, django_assert_num_queries
):
    # The request's savepoint, opened and released; the initiative filter's record; the
    # count and the page.
    with django_assert_num_queries(5):
        data = client.get(f"/api/v1/memberships/?initiative={rollout.slug}").json()
    assert data["count"] == 3
    rows = sorted(data["results"], key=lambda row: row["joined"])
    assert rows[0] == {
        "initiative": "sanarip-aimak",
        "territory": rows[0]["territory"],
        "joined": "2020-03",
        "left": "2021-06-30",
        "source": rows[0]["source"],
        "quote": "в пилотном режиме",
        "sourced": True,
    }
    assert rows[0]["source"].startswith("source-")
    cities = client.get("/api/v1/memberships/?kind=republican_city").json()
    assert [row["joined"] for row in cities["results"]] == ["2021"]
    place = rows[1]["territory"]
    by_place = client.get(f"/api/v1/memberships/?territory={place}").json()
    assert [row["joined"] for row in by_place["results"]] == ["2020-03-12"]


def test_the_api_lists_an_initiatives_territories_in_the_order_they_were_entered(db, client):
    """The order of the index that finds them (api/views.py), not their slugs': a page of
    10,000 members reads 50 of them."""
    initiative = f.InitiativeFactory()
    for slug in ("zhany-zhol", "ak-tala", "min-bulak"):
        f.TerritoryMembershipFactory(initiative=initiative, territory__slug=slug)
    rows = client.get(f"/api/v1/memberships/?initiative={initiative.slug}").json()["results"]
    assert [row["territory"] for row in rows] == ["zhany-zhol", "ak-tala", "min-bulak"]


def test_the_api_gives_the_derived_counts(client, coverage_indicator):
    initiative = coverage_indicator.initiative
    record = client.get(f"/api/v1/initiatives/{initiative.slug}/").json()
    assert record["members_count"] == 2
    [indicator] = record["indicators"]
    assert indicator["counts_members"] == "aiyl_aimak"
    assert indicator["derived_value"] == 2
    listed = client.get("/api/v1/initiatives/").json()["results"]
    assert [row["members_count"] for row in listed if row["slug"] == initiative.slug] == [2]


# The admin: a rollout entered place by place.


def test_staff_add_a_member_territory_place_by_place(editor_client, initiative, place):
    url = admin_url(TerritoryMembership, "add")
    response = editor_client.get(f"{url}?initiative={initiative.pk}")
    assert response.status_code == 200
    assert 'class="admin-autocomplete' in response.text
    data = form_data(response)
    data.update(territory=str(place.pk), joined="2020-03", left="")
    created = editor_client.post(url, data)
    assert created.status_code == 302
    membership = TerritoryMembership.objects.get()
    assert (membership.initiative, membership.territory, membership.joined.isoformat()) == (
        initiative,
        place,
        "2020-03",
    )
    assert membership.history.count() == 1


def test_the_admin_list_filters_by_initiative_kind_and_year(editor_client, rollout):
    url = admin_url(TerritoryMembership, "changelist")
    f.TerritoryMembershipFactory(territory__name_ru="Ак-Суу", joined="2020")
    page = editor_client.get(f"{url}?initiative__id__exact={rollout.pk}").text
    assert "Кара-Суу" in page and "Бишкек" in page and "Ак-Суу" not in page
    # The chosen initiative stays in the autocomplete box.
    assert f'<option value="{rollout.pk}" selected>Санарип аймак</option>' in page
    by_year = editor_client.get(f"{url}?joined_year=2020").text
    assert "Кара-Суу" in by_year and "Ак-Суу" in by_year and "Бишкек" not in by_year
    cities = editor_client.get(f"{url}?territory__kind__exact=republican_city").text
    assert "Бишкек" in cities and "Кара-Суу" not in cities
    # A hand-typed filter value is a list with nothing in it, not an error.
    for query in ("initiative__id__exact=abc", "joined_year=abc"):
        response = editor_client.get(f"{url}?{query}")
        assert response.status_code == 200
        assert "Кара-Суу" not in response.text


def test_bad_input_is_answered_without_a_server_error(client, rollout):
    assert client.get("/api/v1/memberships/?kind=province").status_code == 400
    assert client.get("/api/v1/memberships/?initiative=no-such").status_code == 400
    assert client.get("/ru/initiatives/no-such/territories/").status_code == 404
    draft = f.InitiativeFactory(is_published=False)
    assert client.get(f"/ru/initiatives/{draft.slug}/territories/").status_code == 404
