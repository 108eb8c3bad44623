"""The public pages as a reader sees them: content from the seed data, filters, languages, drafts.

Query counts are pinned in tests/test_page_queries.py; the pages in a real browser are checked
in tests/browser/.
"""

import re
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator

from initiatives import models
from initiatives.models.choices import ActivityStatus, OrganisationRole
from initiatives.visibility import PUBLIC
from tests import factories as f
from tests.test_admin import admin_url
from tests.test_seed_data import load_fixtures

ATOM = "{http://www.w3.org/2005/Atom}"


def text_of(response):
    """The page's text, as a reader sees it: tags as spaces, runs of whitespace as one."""
    return " ".join(re.sub(r"<[^>]*>", " ", response.content.decode()).split())


def result_slugs(response):
    return [record.slug for record in response.context["object_list"]]


@pytest.fixture
def seeded(db):
    load_fixtures()


# Content from the seed articles


def test_sanarip_aimak_shows_8_of_484_with_its_bar_and_source(seeded, client):
    response = client.get("/ru/initiatives/sanarip-aimak/")
    html = response.content.decode()
    page = text_of(response)
    assert "<h1>Санарип аймак</h1>" in html
    assert "8 из 484 айыл окмоту (2 %), 25 февраля 2020 г." in page
    assert re.search(r'<progress max="100" value="2"', html)
    assert "Целевое значение: 484 айыл окмоту, срок — 31 декабря 2020 г." in page
    # The figure and the target each stand next to the sentence they come from.
    assert "«в восьми айыл окмоту в пилотном режиме начата реализация проекта" in page
    assert "«До конца текущего года «Санарип аймак» планируется полноценно внедрить в 484" in page
    assert 'href="/ru/sources/president-receives-saliev-2020-02-25/"' in html
    # The chart is drawn on the server, with its figures in words for those who cannot see it.
    chart = re.search(r'<svg [^>]*role="img".*?</svg>', html, re.S).group(0)
    assert "<desc" in chart and "8 из 484 айыл окмоту" in chart
    assert 'class="chart-target-line"' in chart


def test_forum_series_shows_both_editions_to_the_month(seeded, client):
    response = client.get("/ru/series/national-dialogue-on-regional-development/")
    editions = text_of(response).split("Мероприятия серии", 1)[1].split("Что говорят источники")[0]
    assert re.search(
        r"^ 1-й форум февраль 2019 г\. Первый форум .* Проведено ?, по состоянию", editions
    )
    # Planned for March 2020, as an article of February 2020 said; nothing says it took place.
    assert re.search(
        r"2-й форум март 2020 г\. Второй форум .* планировалось на март 2020 г\.; "
        r"нет сообщений о том, что оно состоялось",
        editions,
    )
    # Known to the month only: no day is invented.
    assert not re.search(r"\d-й форум \d+ (февраля|марта)", editions)


def test_source_page_lists_every_fact_taken_from_it(seeded, client):
    response = client.get("/ru/sources/dpi-gamsumo-seminar-2019-12-19/")
    page = text_of(response)
    assert "Институт политики развития" in page
    groups = {model._meta.model_name: facts for model, facts, _total in response.context["facts"]}
    subjects = {fact.subject.slug for facts in groups.values() for fact in facts}
    assert {
        "gamsumo-seminar-2019-12-19",
        "voice-of-citizens-budget-process",
        "better-local-services",
    } <= subjects
    total = sum(
        model.objects.filter(source__slug="dpi-gamsumo-seminar-2019-12-19").count()
        for model, _facts, _total in response.context["facts"]
    )
    assert sum(len(facts) for facts in groups.values()) == total > 20
    for facts in groups.values():
        for fact in facts:
            assert " ".join(fact.quote.split()) in page


def test_osh_conference_has_no_invented_date_and_lists_its_countries(seeded, client):
    page = text_of(client.get("/ru/events/osh-conference-lsg-accountability/"))
    assert "Дата не указана в источниках" in page
    assert "Швейцария" in page


def test_organization_page_shows_its_people_roles_and_successor(seeded, client):
    page = text_of(client.get("/ru/organizations/gamsumo/"))
    assert "Бахтияр Салиев" in page
    assert "Преемник:" in page
    assert "организатор" in page


def test_home_shows_figures_initiatives_in_progress_and_events(seeded, client):
    response = client.get("/ru/")
    page = text_of(response)
    published = models.Initiative.objects.visible_to(PUBLIC)
    assert response.context["initiative_count"] == published.count() == 13
    implemented = published.annotate_status(PUBLIC).reported("implementation").count()
    assert f"Реализация: {implemented}" in page
    assert "Санарип аймак" in page
    assert "8 из 484" in page
    assert "Второй форум" not in page  # planned for March 2020: not upcoming in any later year


def test_no_private_contact_appears_on_any_public_page(seeded, client):
    values = list(models.ContactDetail.objects.values_list("value", flat=True))
    assert values
    urls = ["/ru/", "/ru/feed.atom", *sitemap_files(client)]
    for model in (models.Person, models.Source, models.Organization, models.Event):
        urls.append(reverse(f"initiatives:{model._meta.model_name}-list"))
        urls += [record.get_absolute_url() for record in model.objects.visible_to(PUBLIC)]
    for url in urls:
        body = client.get(url).getvalue().decode()
        for value in values:
            assert value not in body, url


# Drafts and unknown addresses


@pytest.mark.parametrize("factory", [f.InitiativeFactory, f.OrganizationFactory, f.SourceFactory])
def test_drafts_and_unknown_slugs_are_404(factory, db, client):
    draft = factory(is_published=False)
    assert client.get(draft.get_absolute_url()).status_code == 404
    unknown = draft.get_absolute_url().replace(draft.slug, "no-such-slug")
    assert client.get(unknown).status_code == 404


def test_a_draft_never_shows_through_a_published_page(db, client):
    initiative = f.InitiativeFactory()
    hidden_partner = f.InitiativeParticipationFactory(
        initiative=initiative, organization=f.OrganizationFactory(is_published=False)
    ).organization
    hidden_topic = f.TopicFactory(is_published=False)
    initiative.topics.add(hidden_topic)
    draft_source = f.SourceFactory(is_published=False, title="Черновик статьи")
    models.InitiativeCitation.objects.create(record=initiative, source=draft_source, quote="Ц.")
    # A published partner whose role rests on a draft source: the role waits for its source.
    waiting = f.InitiativeParticipationFactory(
        initiative=initiative, source=draft_source, quote="Цитата из черновика"
    ).organization
    measurement = f.MeasurementFactory(
        indicator=f.IndicatorFactory(initiative=initiative), source=draft_source
    )
    page = client.get(initiative.get_absolute_url()).content.decode()
    for hidden in (
        hidden_partner.name,
        hidden_topic.name,
        waiting.name,
        draft_source.title,
        draft_source.slug,
        "Цитата из черновика",
    ):
        assert hidden not in page
    assert "Черновик" not in text_of(client.get(reverse("initiatives:source-list")))
    # Nor does the feed announce a value from a draft.
    feed = client.get(reverse("initiatives:feed")).content.decode()
    assert "Черновик" not in feed and measurement.quote not in feed


def test_user_text_is_escaped(db, client):
    initiative = f.InitiativeFactory(name_ru="<script>alert('x')</script>", description_ru="<b>x")
    html = client.get(initiative.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "&lt;b&gt;x" in html


# Filters, search, sorting and pagination


def test_status_filter_narrows_the_list(seeded, client):
    response = client.get("/ru/initiatives/", {"status": "pipeline"})
    assert result_slugs(response) == ["reform-of-republican-city-mayoralties"]


def test_search_ignores_case_in_cyrillic_and_kyrgyz_letters(db, client):
    f.InitiativeFactory(slug="sanarip", name_ru="Санарип аймак")
    f.InitiativeFactory(slug="budget", name_ru="Бюджет", name_ky="Жарандардын онлайн-бюджети")
    f.InitiativeFactory(slug="kyrgyz", name_ru="Развитие", name_ky="Өнүгүү үчүн аң-сезим")
    url = "/ru/initiatives/"
    assert result_slugs(client.get(url, {"q": "САНАРИП"})) == ["sanarip"]
    assert result_slugs(client.get(url, {"q": "ӨНҮГҮҮ"})) == ["kyrgyz"]
    assert result_slugs(client.get(url, {"q": "АҢ-СЕЗИМ"})) == ["kyrgyz"]
    assert result_slugs(client.get(url, {"q": "онлайн бюджет"})) == ["budget"]
    assert result_slugs(client.get(url, {"q": "100%"})) == []


def test_organization_and_role_filter_the_same_role(db, client):
    lead, partner = f.OrganizationFactory(slug="lead-org"), f.OrganizationFactory()
    led = f.InitiativeFactory(slug="led")
    f.InitiativeParticipationFactory(initiative=led, organization=lead, role=OrganisationRole.LEAD)
    helped = f.InitiativeFactory(slug="helped")
    f.InitiativeParticipationFactory(
        initiative=helped, organization=lead, role=OrganisationRole.PARTNER
    )
    f.InitiativeParticipationFactory(
        initiative=helped, organization=partner, role=OrganisationRole.LEAD
    )
    response = client.get("/ru/initiatives/", {"organization": "lead-org", "role": "lead"})
    assert result_slugs(response) == ["led"]
    response = client.get("/ru/initiatives/", {"organization": "lead-org"})
    assert sorted(result_slugs(response)) == ["helped", "led"]


def test_territory_filter_includes_what_lies_within(db, client):
    oblast = f.TerritoryFactory(slug="oblast", kind=models.Territory.Kind.OBLAST)
    district = f.TerritoryFactory(parent=oblast)
    f.InitiativeFactory(slug="in-district").territories.add(district)
    f.InitiativeFactory(slug="elsewhere").territories.add(f.TerritoryFactory())
    assert result_slugs(client.get("/ru/initiatives/", {"territory": "oblast"})) == ["in-district"]


def test_year_filter_finds_initiatives_measured_or_under_way_that_year(seeded, client):
    slugs = result_slugs(client.get("/ru/initiatives/", {"year": "2020"}))
    assert "sanarip-aimak" in slugs  # measured in 2020, due by the end of 2020
    assert "year-of-regions-2020" in slugs  # planned for 2020
    assert "sanarip-aimak" not in result_slugs(client.get("/ru/initiatives/", {"year": "2018"}))


def test_event_filters_by_year_and_kind(seeded, client):
    response = client.get("/ru/events/", {"year": "2019", "kind": "forum"})
    assert result_slugs(response) == ["national-dialogue-forum-2019"]


def test_documents_and_sources_filter_by_the_year_of_their_date(seeded, client):
    assert result_slugs(client.get("/ru/documents/", {"year": "2020"})) == [
        "survey-lsg-pandemic-2020"  # dated to the year only
    ]
    # The Union of LSG article is of 23 November 2019 or 2020: under both years.
    assert result_slugs(client.get("/ru/sources/", {"year": "2019"})) == [
        "dpi-gamsumo-seminar-2019-12-19",
        "union-bishkek-osh-exchange-2020-11-23",
    ]
    assert result_slugs(client.get("/ru/sources/", {"year": "2021"})) == []


def sort_choices(client, url):
    html = client.get(url).content.decode()
    select = re.search(r'<select name="ordering".*?</select>', html, re.S).group(0)
    return re.findall(r"<option [^>]*>([^<]+)</option>", select)


def test_sort_choices_are_named_in_the_readers_language(seeded, client):
    # The first choice is the order the list has when none is asked for: no "---------".
    assert sort_choices(client, "/ru/topics/") == ["название", "название (по убыванию)"]
    assert sort_choices(client, "/ky/topics/") == ["аталышы", "аталышы (кемүү тартибинде)"]
    assert sort_choices(client, "/en/sources/") == [
        "date (descending)",
        "date",
        "title",
        "title (descending)",
    ]


def test_an_unknown_filter_value_is_named_and_shows_nothing(seeded, client):
    response = client.get("/ru/initiatives/", {"topic": "no-such-topic"})
    assert response.status_code == 200
    assert result_slugs(response) == []
    assert "В реестре нет записи с названием или адресом «no-such-topic»." in text_of(response)


def test_a_related_record_is_found_by_its_name_or_acronym_in_any_case(seeded, client):
    by_slug = result_slugs(client.get("/ru/events/", {"organization": "gamsumo"}))
    assert "gamsumo-seminar-2019-12-19" in by_slug
    for typed in ("ГАМСУМО", "гамсумо", "  Гамсумо "):
        assert result_slugs(client.get("/ru/events/", {"organization": typed})) == by_slug
    kyrgyz = client.get("/ky/events/", {"territory": "ОШ"})
    assert result_slugs(kyrgyz) == result_slugs(client.get("/ky/events/", {"territory": "osh"}))


def test_a_name_several_records_share_is_an_error_naming_them(db, client):
    f.TopicFactory(slug="budget-local", name_ru="Местный бюджет")
    f.TopicFactory(slug="budget-open", name_ru="Открытый бюджет")
    page = text_of(client.get("/ru/initiatives/", {"topic": "бюджет"}))
    assert "Под «бюджет» подходят несколько записей: " in page
    assert "Местный бюджет (budget-local)" in page and "Открытый бюджет (budget-open)" in page


def test_filters_never_list_every_record_of_a_kind(db, client):
    """However many organizations the registry holds, the form offers a text box for them."""
    for number in range(30):
        f.OrganizationFactory(slug=f"org-{number}")
    html = client.get("/ru/initiatives/").content.decode()
    assert '<input type="text" name="organization"' in html
    assert 'value="org-' not in html


def test_sorting_by_name_follows_the_readers_language(db, client):
    f.InitiativeFactory(slug="a", name_ru="Альфа", name_en="Zulu")
    f.InitiativeFactory(slug="b", name_ru="Бета", name_en="Alpha")
    assert result_slugs(client.get("/ru/initiatives/", {"ordering": "name"})) == ["a", "b"]
    assert result_slugs(client.get("/en/initiatives/", {"ordering": "name"})) == ["b", "a"]
    assert result_slugs(client.get("/en/initiatives/", {"ordering": "-name"})) == ["a", "b"]


def test_pagination_keeps_the_filters(db, client):
    for number in range(25):
        f.InitiativeFactory(slug=f"pilot-{number:02}", status=ActivityStatus.IMPLEMENTATION)
    f.InitiativeFactory(status=ActivityStatus.CLOSED)
    first = client.get("/ru/initiatives/", {"status": "implementation"})
    assert len(first.context["object_list"]) == 20
    assert "Страница 1 из 2" in text_of(first)
    next_link = re.search(r'<a rel="next" href="([^"]+)"', first.content.decode()).group(1)
    assert next_link == "?status=implementation&amp;page=2"
    second = client.get("/ru/initiatives/", {"status": "implementation", "page": "2"})
    assert len(second.context["object_list"]) == 5
    assert all(slug.startswith("pilot-") for slug in result_slugs(second))


def test_a_filtered_address_round_trips_through_the_form(seeded, client):
    topic = "digitalisation-of-local-authorities"
    response = client.get("/ru/initiatives/", {"status": "implementation", "topic": topic})
    form = response.context["filter"].form
    assert form["status"].value() == "implementation"
    assert form["topic"].value() == topic
    assert "sanarip-aimak" in result_slugs(response)
    html = response.content.decode()
    assert re.search(r'<option value="implementation" selected>', html)
    assert re.search(f'<input type="text" name="topic" value="{topic}"', html)


# Languages


def test_root_sends_readers_to_their_language(db, client):
    assert client.get("/").url == "/ru/"
    assert client.get("/", headers={"accept-language": "ky"}).url == "/ky/"


def test_kyrgyz_interface_with_language_switcher_and_marked_fallbacks(db, client):
    initiative = f.InitiativeFactory(name_ru="Санарип аймак", name_ky="")
    response = client.get(f"/ky/initiatives/{initiative.slug}/")
    html = response.content.decode()
    assert '<html lang="ky">' in html
    assert "Демилгелер" in text_of(response)  # the nav: "Initiatives"
    # No Kyrgyz name yet: the Russian one is shown, marked as Russian.
    assert '<h1><span lang="ru">Санарип аймак</span></h1>' in html
    assert f'href="/ru/initiatives/{initiative.slug}/" hreflang="ru"' in html
    assert f'href="/en/initiatives/{initiative.slug}/" hreflang="en"' in html
    assert re.search(r'hreflang="ky" lang="ky" aria-current="true"', html)


def test_english_interface(seeded, client):
    page = text_of(client.get("/en/initiatives/sanarip-aimak/"))
    assert "8 of 484" in page
    assert "Progress" in page


# Staff


def test_staff_get_an_edit_link_and_the_admin_a_view_on_site_link(seeded, editor_client):
    initiative = models.Initiative.objects.get(slug="sanarip-aimak")
    edit = admin_url(models.Initiative, "change", initiative.pk)
    assert edit not in Client().get("/ru/initiatives/sanarip-aimak/").content.decode()
    assert edit in editor_client.get("/ru/initiatives/sanarip-aimak/").content.decode()
    admin_page = editor_client.get(edit).content.decode()
    view_on_site = re.search(r'href="(/admin/r/[^"]+)"', admin_page).group(1)
    assert editor_client.get(view_on_site).url.endswith("/initiatives/sanarip-aimak/")


# Feed, sitemap, robots


def test_atom_feed_has_events_and_measurements(seeded, client):
    response = client.get("/ru/feed.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    titles = [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]
    assert any(title.startswith("Санарип аймак") and title.endswith("— 8") for title in titles)
    assert any("форум" in title.lower() for title in titles)
    links = [entry.find(f"{ATOM}link").get("href") for entry in feed.iter(f"{ATOM}entry")]
    assert "http://testserver/ru/initiatives/sanarip-aimak/#indicator-aiyl-okmotu" in links


SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap_files(client):
    """The sitemap index, then the text of every file it lists: {address: text}."""
    index = client.get("/sitemap.xml")
    files = {"/sitemap.xml": index.content.decode()}
    for loc in ET.fromstring(index.content).iter(f"{SITEMAP}loc"):
        address = loc.text.removeprefix("http://testserver")
        files[address] = client.get(address).getvalue().decode()
    return files


def test_sitemap_lists_published_pages_in_every_language(seeded, client):
    f.InitiativeFactory(slug="draft-initiative", is_published=False)
    files = sitemap_files(client)
    assert "/sitemap-initiative.xml" in files and "/sitemap-pages.xml" in files
    xml = files["/sitemap-initiative.xml"]
    for language in ("ru", "ky", "en"):
        assert f"http://testserver/{language}/initiatives/sanarip-aimak/" in xml
    assert 'hreflang="ky"' in xml
    assert all("draft-initiative" not in text for text in files.values())


def test_sitemap_files_are_split_to_stay_under_the_protocols_limit(db, client, monkeypatch):
    """6,000 addresses a file (the protocol allows 50,000): here, as if it were six."""
    monkeypatch.setattr("initiatives.sitemaps.RecordSitemap.limit", 6)
    for number in range(5):
        f.TopicFactory(slug=f"topic-{number}")
    files = sitemap_files(client)
    parts = sorted(address for address in files if address.startswith("/sitemap-topic.xml"))
    assert parts == ["/sitemap-topic.xml", "/sitemap-topic.xml?p=2", "/sitemap-topic.xml?p=3"]
    for address in parts:
        urls = ET.fromstring(files[address].encode()).findall(f"{SITEMAP}url")
        assert 0 < len(urls) <= 6


def test_robots_txt_points_at_the_sitemap(db, client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
    assert "Disallow: /admin/" in response.content.decode()


def test_a_filter_value_that_cannot_be_a_slug_is_an_invalid_choice(db, client):
    response = client.get("/ru/initiatives/", {"organization": "a\x00b"})
    assert response.status_code == 200
    assert "Выберите корректный вариант" in text_of(response)


def test_filter_labels_follow_each_readers_language(db, client):
    """django-filter keeps a label it works out itself on the shared filter: the API schema,
    generated for an English reader, left the Russian list page with English labels."""
    with translation.override("en"):
        SchemaGenerator().get_schema(request=None, public=True)
    page = client.get("/ru/initiatives/").content.decode()
    assert '<label for="id_status">Статус:</label>' in page
    assert '<label for="id_kind">Вид:</label>' in page
    english = client.get("/en/events/").content.decode()
    assert '<label for="id_status">Status:</label>' in english
