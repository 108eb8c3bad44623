"""Each record's page describes its record to search engines as schema.org JSON-LD: what the
page shows, in the page's language, at the page's canonical address, with the dates the API
gives, and never a personal contact detail."""

import json
import re
from html import unescape

import pytest

from initiatives import models
from initiatives.partial_dates import EDTF_MARKS, PartialDate
from initiatives.prefetches import SHOWN
from tests import factories as f
from tests.test_privacy import private_values
from tests.test_seed_data import load_fixtures

LANGUAGES = ("ru", "ky", "en")
TAG = "tag:lsg-registry.kg,2026:"
# The record kinds with JSON-LD, as each kind's API calls it.
API = {
    models.Organization: "organizations",
    models.Event: "events",
    models.Initiative: "initiatives",
    models.DonorProject: "donor-projects",
    models.Person: "people",
}
# Properties a person's contact detail would take in schema.org.
CONTACT_PROPERTIES = {"email", "telephone", "faxNumber", "contactPoint", "address"}


@pytest.fixture
def seeded(db):
    load_fixtures()


def fetch(client, address):
    response = client.get(address)
    assert response.status_code == 200, address
    return response.content.decode()


def scripts(html):
    return re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)


def linked_data(html):
    """The page's one JSON-LD object."""
    (text,) = scripts(html)
    return json.loads(text)


def heading(html):
    """The record's name as the page's <h1> shows it: without an organization's acronym and
    the marks of the registry's translation and statement, which stand beside the name."""
    (inner,) = re.findall(r"<h1>(.*?)</h1>", html, re.S)
    inner = re.sub(r' <span class="acronym">\(.*?\)</span>', "", inner)
    inner = re.sub(r'<small class="(translation|statement)-mark".*?</small>', "", inner)
    return " ".join(unescape(re.sub(r"<[^>]+>", "", inner)).split())


def canonical(html):
    (href,) = re.findall(r'<link rel="canonical" href="([^"]+)">', html)
    return unescape(href)


def in_language(record, field, language):
    """The API's texts of a field as the page of `language` shows them: its own, else the
    first filled in the registry's order of languages."""
    order = [language, *(code for code in LANGUAGES if code != language)]
    return next((record[f"{field}_{code}"] for code in order if record[f"{field}_{code}"]), "")


def api(client, model, slug):
    return json.loads(fetch(client, f"/api/v1/{API[model]}/{slug}/"))


def pages(client, model):
    """(language, the API's record, the page's HTML) for every published record of `model`."""
    for slug in model.objects.filter(is_published=True).values_list("slug", flat=True):
        record = api(client, model, slug)
        for language in LANGUAGES:
            address = record["page"].replace("/ru/", f"/{language}/", 1)
            yield language, record, fetch(client, address.removeprefix("http://testserver"))


@pytest.mark.parametrize("model", list(API), ids=lambda model: model._meta.model_name)
def test_every_record_page_names_its_record_as_the_page_and_the_api_do(seeded, client, model):
    seen = 0
    for language, record, html in pages(client, model):
        data = linked_data(html)
        assert data["@context"] == "https://schema.org"
        assert data["@id"] == f"{TAG}{model._meta.model_name}/{record['slug']}"
        assert data["name"] == heading(html) == in_language(record, "name", language)
        assert data.get("description", "") == in_language(record, "description", language)
        assert data["url"] == canonical(html) == data["mainEntityOfPage"]["@id"]
        assert data["url"].startswith(f"http://testserver/{language}/")
        assert data["mainEntityOfPage"]["inLanguage"] == language
        decoded = json.dumps(data, ensure_ascii=False).lower()
        assert not [value for value in private_values() if value.lower() in decoded]
        seen += 1
    assert seen >= 3 * 3


def test_each_kind_has_its_schema_org_type(seeded, client):
    types = {
        "/ru/organizations/gamsumo/": "GovernmentOrganization",
        "/ru/organizations/osh-mayoralty/": "GovernmentOrganization",
        "/ru/organizations/dpi/": "NGO",
        "/ru/organizations/kabar/": "NewsMediaOrganization",
        "/ru/organizations/caalg/": "ResearchOrganization",
        "/ru/organizations/union-lsg-kg/": "Organization",
        "/ru/organizations/usaid/": "Organization",
        "/ky/events/national-dialogue-forum-2020/": "Event",
        "/en/initiatives/sanarip-aimak/": "Project",
        "/en/projects/better-local-services/": "Project",
        "/ky/people/bakhtiyar-saliev/": "Person",
    }
    assert {address: linked_data(fetch(client, address))["@type"] for address in types} == types


def test_pages_of_other_kinds_have_none(seeded, client):
    for address in ("/ru/", "/ru/initiatives/", "/ru/topics/anti-corruption/", "/ru/sources/"):
        assert scripts(fetch(client, address)) == []


def test_event_dates_are_the_apis_at_their_own_precision(seeded, client):
    starts = set()
    for _language, record, html in pages(client, models.Event):
        data = linked_data(html)
        for api_field, property_ in (("start", "startDate"), ("end", "endDate")):
            value = record[api_field]
            if value and not EDTF_MARKS.search(value):
                assert data[property_] == value
            else:  # no date, or one the source leaves open: schema.org has no form for it
                assert property_ not in data
        starts.add(record["start"])
    # A year, a month and a day, none made more precise than the source gives it; and the
    # Union's meeting, «23 ноября» of 2019 or 2020, not narrowed to either.
    assert {"2020", "2019-02", "2019-12-19", "[2019-11-23,2020-11-23]"} <= starts


def test_an_event_names_its_place_series_status_and_organizers(seeded, client):
    html = fetch(client, "/ru/events/osh-conference-lsg-accountability/")
    data = linked_data(html)
    record = api(client, models.Event, "osh-conference-lsg-accountability")
    organizers = {
        f"{TAG}organization/{role['organization']}"
        for role in record["organizations"]
        if role["role"] == "organizer"
    }
    assert len(organizers) == 4
    assert {organizer["@id"] for organizer in data["organizer"]} == organizers
    (place,) = data["location"]
    assert place["@type"] == "Place"
    assert place["url"] == "http://testserver/ru/territories/osh/"
    assert place["name"] in html
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert "startDate" not in data  # the sources give no date

    forum = linked_data(fetch(client, "/en/events/national-dialogue-forum-2019/"))
    assert forum["superEvent"] == {
        "@type": "EventSeries",
        "@id": f"{TAG}eventseries/national-dialogue-on-regional-development",
        "name": json.loads(
            fetch(client, "/api/v1/event-series/national-dialogue-on-regional-development/")
        )["name_en"],
        "url": "http://testserver/en/series/national-dialogue-on-regional-development/",
    }

    online = linked_data(fetch(client, "/en/events/lsg-pandemic-online-meeting-2020/"))
    assert online["location"] == [{"@type": "VirtualLocation"}]
    assert online["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert online["eventStatus"] == "https://schema.org/EventScheduled"


def test_an_event_held_within_another_names_it_and_is_named_by_it(seeded, client):
    meeting, seminar = (
        "ton-district-exchange-meeting-2020",
        "ton-district-municipal-services-seminar-2020",
    )
    part = linked_data(fetch(client, f"/ru/events/{seminar}/"))
    assert part["superEvent"]["@id"] == f"{TAG}event/{meeting}"
    assert part["superEvent"]["url"] == f"http://testserver/ru/events/{meeting}/"
    whole = linked_data(fetch(client, f"/ru/events/{meeting}/"))
    assert [event["@id"] for event in whole["subEvent"]] == [f"{TAG}event/{seminar}"]
    assert "superEvent" not in whole


def test_a_donor_projects_funders_are_its_funding_roles(seeded, client):
    for slug in models.DonorProject.objects.values_list("slug", flat=True):
        data = linked_data(fetch(client, f"/en/projects/{slug}/"))
        record = api(client, models.DonorProject, slug)
        funders = {
            f"{TAG}organization/{role['organization']}"
            for role in record["organizations"]
            if role["role"] == "funding"
        }
        assert funders
        assert {funder["@id"] for funder in data["funder"]} == funders


def test_a_person_works_for_the_organizations_of_their_posts(seeded, client):
    data = linked_data(fetch(client, "/ru/people/bakhtiyar-saliev/"))
    record = api(client, models.Person, "bakhtiyar-saliev")
    (position,) = record["positions"]
    assert data["jobTitle"] == [position["title_ru"]] == ["директор"]
    (role,) = data["worksFor"]
    assert role["@type"] == "EmployeeRole"
    assert role["roleName"] == "директор"
    assert role["worksFor"]["@id"] == f"{TAG}organization/{position['organization']}"
    assert role["worksFor"]["url"] == "http://testserver/ru/organizations/gamsumo/"
    # The source shows him in office on a day: no start or end is made of it.
    assert "startDate" not in role and "endDate" not in role


def test_no_contact_detail_of_a_person_reaches_their_json_ld(seeded, client):
    people = models.Person.objects.exclude(contacts=None)
    assert people.exists()
    for person in people:
        for language in LANGUAGES:
            address = person.get_absolute_url().replace("/ru/", f"/{language}/", 1)
            (text,) = scripts(fetch(client, address))
            decoded = json.dumps(json.loads(text), ensure_ascii=False).lower()
            assert not any(value.lower() in decoded for value in private_values())
            assert not CONTACT_PROPERTIES & set(json.loads(text))


def test_initiative_dates_are_the_apis_at_their_own_precision(db, client):
    initiative = f.InitiativeFactory(
        actual_start=PartialDate(2019, 2), actual_end=PartialDate(2021), planned_end="2020"
    )
    data = linked_data(fetch(client, initiative.get_absolute_url()))
    record = api(client, models.Initiative, initiative.slug)
    assert data["foundingDate"] == record["actual_start"] == "2019-02"
    assert data["dissolutionDate"] == record["actual_end"] == "2021"


def test_a_position_with_dates_gives_them_as_stored(db, client):
    position = f.PositionFactory(
        start=PartialDate(2018, 5), end=PartialDate(2020), in_office_on=None
    )
    data = linked_data(fetch(client, position.person.get_absolute_url()))
    record = api(client, models.Person, position.person.slug)
    (role,) = data["worksFor"]
    assert role["startDate"] == record["positions"][0]["start"] == "2018-05"
    assert role["endDate"] == record["positions"][0]["end"] == "2020"
    assert "jobTitle" not in data  # the post ended


def test_related_lists_are_capped_as_on_the_page(db, client):
    organization = f.OrganizationFactory()
    f.OrganizationFactory.create_batch(SHOWN + 5, parent=organization)
    event = f.EventFactory()
    f.EventParticipationFactory.create_batch(SHOWN + 5, event=event)
    assert len(linked_data(fetch(client, organization.get_absolute_url()))["subOrganization"]) == (
        SHOWN
    )
    assert len(linked_data(fetch(client, event.get_absolute_url()))["organizer"]) == SHOWN


def test_drafts_are_not_named_to_the_public(db, client):
    parent = f.OrganizationFactory(is_published=False)
    organization = f.OrganizationFactory(parent=parent)
    f.OrganizationFactory(parent=organization, is_published=False)
    shown = f.OrganizationFactory(parent=organization)
    project = f.DonorProjectFactory()
    f.DonorProjectParticipationFactory(
        donor_project=project, organization=f.OrganizationFactory(is_published=False)
    )
    data = linked_data(fetch(client, organization.get_absolute_url()))
    assert "parentOrganization" not in data
    assert [child["@id"] for child in data["subOrganization"]] == [
        f"{TAG}organization/{shown.slug}"
    ]
    assert "funder" not in linked_data(fetch(client, project.get_absolute_url()))


@pytest.mark.parametrize(
    "name",
    ['Союз «МСУ» "и" </script><script>alert(1)</script>', "<!--<script>", "a & b </SCRIPT >"],
)
def test_a_name_cannot_break_out_of_the_script(db, client, name):
    # An acronym holds at most 40 characters; PostgreSQL enforces it, SQLite does not.
    organization = f.OrganizationFactory(
        name_ru=name, description_ru=name, acronym_ru="</script><!--"
    )
    event = f.EventFactory(name_ru=name)
    f.EventParticipationFactory(event=event, organization=organization)
    for record in (organization, event):
        html = fetch(client, record.get_absolute_url())
        (text,) = scripts(html)
        assert "<" not in text and ">" not in text
        data = json.loads(text)
        assert data["name"] == name
        if record is organization:
            assert data["alternateName"] == "</script><!--"
    assert data["organizer"][0]["name"] == name
