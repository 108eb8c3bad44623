"""The reading policy as every door applies it (initiatives/visibility.py).

One table: each kind of fact, resting on a draft source or pointing at a draft record. Through
every door (pages, API lists, details and progress, feed, sitemap, CSV, fixture downloads, the
ZIP, the API export) the public sees none of it and no figure counts it; staff see all of it.
"""

import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.test import Client

from initiatives import models
from initiatives.partial_dates import PartialDate
from tests import factories as f
from tests.test_pages import sitemap_files


@dataclass
class World:
    """Published records for the facts to attach to, and a source still in draft."""

    initiative: models.Initiative
    indicator: models.Indicator
    organization: models.Organization
    partner: models.Organization
    person: models.Person
    source: models.Source
    draft_source: models.Source


def published_world():
    source = f.SourceFactory(slug="open-source", title="Open article")
    initiative = f.InitiativeFactory(slug="open-initiative")
    indicator = f.IndicatorFactory(initiative=initiative, slug="share", target_value=Decimal(100))
    f.MeasurementFactory(
        indicator=indicator, value=Decimal(10), as_of=PartialDate(2020, 1), source=source
    )
    return World(
        initiative=initiative,
        indicator=indicator,
        organization=f.OrganizationFactory(slug="open-org"),
        partner=f.OrganizationFactory(slug="open-partner"),
        person=f.PersonFactory(slug="open-person"),
        source=source,
        draft_source=f.SourceFactory(
            slug="draft-source", title="DRAFT_SOURCE_TITLE", is_published=False
        ),
    )


def draft_organization(marker):
    return f.OrganizationFactory(
        slug=marker.lower().replace("_", "-"), name_ru=marker, is_published=False
    )


@dataclass
class Case:
    """A fact that must not reach the public: `build(world)` makes it and returns its markers,
    texts that appear nowhere else, the fact's own first (its quote, note or name). `csv` names
    the CSV files that hold it; `counted` is an API list that finds one more record by it, for
    staff only."""

    build: object
    csv: list = field(default_factory=list)
    counted: str = ""


def citation_on_draft_source(world):
    models.InitiativeCitation.objects.create(
        record=world.initiative, source=world.draft_source, quote="QUOTE_CITATION"
    )
    return ["QUOTE_CITATION", "DRAFT_SOURCE_TITLE"]


def citation_of_draft_record(world):
    draft = f.InitiativeFactory(
        slug="draft-initiative", name_ru="DRAFT_INITIATIVE", is_published=False
    )
    models.InitiativeCitation.objects.create(
        record=draft, source=world.source, quote="QUOTE_CITATION_OF_DRAFT"
    )
    return ["QUOTE_CITATION_OF_DRAFT", "DRAFT_INITIATIVE"]


def role_on_draft_source(world):
    f.InitiativeParticipationFactory(
        initiative=world.initiative,
        organization=world.partner,
        source=world.draft_source,
        quote="QUOTE_ROLE",
        note_ru="NOTE_ROLE",
    )
    return ["QUOTE_ROLE", "NOTE_ROLE"]


def role_of_draft_organization(world):
    f.InitiativeParticipationFactory(
        initiative=world.initiative,
        organization=draft_organization("DRAFT_ROLE_ORG"),
        source=world.source,
        quote="QUOTE_ROLE_OF_DRAFT",
    )
    return ["QUOTE_ROLE_OF_DRAFT", "DRAFT_ROLE_ORG"]


def measurement_on_draft_source(world):
    f.MeasurementFactory(
        indicator=world.indicator,
        value=Decimal(42),
        as_of=PartialDate(2020, 6),
        source=world.draft_source,
        quote="QUOTE_MEASUREMENT",
        note_ru="NOTE_MEASUREMENT",
    )
    return ["QUOTE_MEASUREMENT", "NOTE_MEASUREMENT"]


def measurement_of_draft_initiative(world):
    draft = f.InitiativeFactory(slug="draft-measured", name_ru="DRAFT_MEASURED", is_published=False)
    f.MeasurementFactory(
        indicator__initiative=draft, source=world.source, quote="QUOTE_MEASUREMENT_OF_DRAFT"
    )
    return ["QUOTE_MEASUREMENT_OF_DRAFT", "DRAFT_MEASURED"]


def position_on_draft_source(world):
    f.PositionFactory(
        person=world.person,
        organization=world.organization,
        title_ru="TITLE_POSITION",
        source=world.draft_source,
        quote="QUOTE_POSITION",
    )
    return ["QUOTE_POSITION", "TITLE_POSITION"]


def position_at_draft_organization(world):
    f.PositionFactory(
        person=world.person,
        organization=draft_organization("DRAFT_POSITION_ORG"),
        title_ru="TITLE_POSITION_AT_DRAFT",
        source=world.source,
        quote="QUOTE_POSITION_AT_DRAFT",
    )
    return ["QUOTE_POSITION_AT_DRAFT", "TITLE_POSITION_AT_DRAFT", "DRAFT_POSITION_ORG"]


def other_name_on_draft_source(world):
    f.OrganizationNameFactory(
        organization=world.organization,
        name_ru="OTHER_NAME",
        source=world.draft_source,
        quote="QUOTE_OTHER_NAME",
    )
    return ["QUOTE_OTHER_NAME", "OTHER_NAME"]


def other_name_of_draft_organization(world):
    f.OrganizationNameFactory(
        organization=draft_organization("DRAFT_NAMED_ORG"),
        name_ru="OTHER_NAME_OF_DRAFT",
        source=world.source,
        quote="QUOTE_OTHER_NAME_OF_DRAFT",
    )
    return ["QUOTE_OTHER_NAME_OF_DRAFT", "OTHER_NAME_OF_DRAFT"]


def succession_on_draft_source(world):
    f.OrganizationSuccessionFactory(
        predecessor=world.organization,
        successor=world.partner,
        note_ru="NOTE_SUCCESSION",
        source=world.draft_source,
        quote="QUOTE_SUCCESSION",
    )
    return ["QUOTE_SUCCESSION", "NOTE_SUCCESSION"]


def succession_to_draft_organization(world):
    f.OrganizationSuccessionFactory(
        predecessor=world.organization,
        successor=draft_organization("DRAFT_SUCCESSOR"),
        note_ru="NOTE_SUCCESSION_TO_DRAFT",
        source=world.source,
        quote="QUOTE_SUCCESSION_TO_DRAFT",
    )
    return ["QUOTE_SUCCESSION_TO_DRAFT", "DRAFT_SUCCESSOR"]


def link_to_draft_document(world):
    document = f.DocumentFactory(
        slug="draft-document", name_ru="DRAFT_DOCUMENT", is_published=False
    )
    world.initiative.documents.add(document)
    return ["DRAFT_DOCUMENT", "draft-document"]


def document_issued_by_draft_organization(world):
    document = f.DocumentFactory(slug="open-document", issuer=draft_organization("DRAFT_ISSUER"))
    world.initiative.documents.add(document)
    return ["DRAFT_ISSUER", "draft-issuer"]


CASES = {
    "citation on a draft source": Case(citation_on_draft_source, csv=["initiativecitation"]),
    "citation of a draft record": Case(citation_of_draft_record, csv=["initiativecitation"]),
    "role on a draft source": Case(
        role_on_draft_source,
        csv=["initiativeparticipation"],
        counted="/api/v1/initiatives/?organization=open-partner",
    ),
    "role of a draft organization": Case(
        role_of_draft_organization, csv=["initiativeparticipation", "organization"]
    ),
    "measurement on a draft source": Case(measurement_on_draft_source, csv=["measurement"]),
    "measurement of a draft initiative": Case(
        measurement_of_draft_initiative, csv=["measurement", "initiative"]
    ),
    "position on a draft source": Case(
        position_on_draft_source,
        csv=["position"],
        counted="/api/v1/people/?organization=open-org",
    ),
    "position at a draft organization": Case(position_at_draft_organization, csv=["position"]),
    "other name on a draft source": Case(other_name_on_draft_source, csv=["organizationname"]),
    "other name of a draft organization": Case(
        other_name_of_draft_organization, csv=["organizationname"]
    ),
    "succession on a draft source": Case(
        succession_on_draft_source, csv=["organizationsuccession"]
    ),
    "succession to a draft organization": Case(
        succession_to_draft_organization, csv=["organizationsuccession"]
    ),
    "link to a draft document": Case(link_to_draft_document, csv=["initiative", "document"]),
    "document issued by a draft organization": Case(
        document_issued_by_draft_organization, csv=["document", "organization"]
    ),
}

PAGES = [
    "/ru/",
    "/ru/initiatives/",
    "/ru/initiatives/open-initiative/",
    "/ru/organizations/open-org/",
    "/ru/organizations/open-partner/",
    "/ru/people/open-person/",
    "/ru/documents/",
    "/ru/sources/open-source/",
    "/ru/sources/draft-source/",
]
API = [
    "/api/v1/initiatives/",
    "/api/v1/initiatives/open-initiative/",
    "/api/v1/organizations/",
    "/api/v1/organizations/open-org/",
    "/api/v1/people/open-person/",
    "/api/v1/documents/",
    "/api/v1/sources/open-source/",
    "/api/v1/sources/draft-source/",
]
FIXTURES = [
    "/data/registry.json",
    "/data/initiative/open-initiative.json",
    "/data/organization/open-org.json",
    "/api/v1/export/",
]


def unzipped(content):
    with zipfile.ZipFile(io.BytesIO(content)) as bundle:
        return "\n".join(bundle.read(name).decode("utf-8-sig") for name in bundle.namelist())


def doors(client, case):
    """{(kind, address): what the client gets there, as text}."""
    texts = {("page", url): client.get(url).content.decode() for url in PAGES}
    texts |= {("api", url): client.get(url).content.decode() for url in API}
    texts[("feed", "/ru/feed.atom")] = client.get("/ru/feed.atom").content.decode()
    texts |= {("sitemap", url): text for url, text in sitemap_files(client).items()}
    for name in case.csv:
        url = f"/data/csv/{name}.csv"
        texts[("csv", url)] = client.get(url).getvalue().decode("utf-8-sig")
    texts |= {("fixture", url): client.get(url).getvalue().decode() for url in FIXTURES}
    texts[("zip", "/data/registry.zip")] = unzipped(client.get("/data/registry.zip").getvalue())
    return texts


@pytest.fixture
def staff_client(viewer):
    client = Client()
    client.force_login(viewer)
    return client


def count(client, url):
    return client.get(url).json()["count"]


@pytest.mark.parametrize("name", CASES)
def test_no_door_shows_the_public_a_fact_resting_on_a_draft(name, db, staff_client):
    case = CASES[name]
    world = published_world()
    counted_before = count(Client(), case.counted) if case.counted else None
    markers = case.build(world)

    for (kind, url), text in doors(Client(), case).items():
        for marker in markers:
            assert marker not in text, f"the public sees {marker} in {kind} {url}"
    if case.counted:
        assert count(Client(), case.counted) == counted_before, "a hidden fact counts"

    # Staff see the fact itself (its first marker) through every kind of door, and each of its
    # markers somewhere; the feed and the sitemap are public documents, the same for anyone.
    staff = doors(staff_client, case)
    fact = markers[0]
    for kind in ("page", "api", "csv", "fixture", "zip"):
        shown = " ".join(text for (door, _url), text in staff.items() if door == kind)
        assert fact in shown, f"staff do not see {fact} in any {kind}"
    everything = " ".join(staff.values())
    for marker in markers:
        assert marker in everything, f"staff do not see {marker}"
    if case.counted:
        assert count(staff_client, case.counted) == counted_before + 1


def progress_shown(client):
    api = client.get("/api/v1/initiatives/open-initiative/").json()
    (indicator,) = api["indicators"]
    page = client.get("/ru/initiatives/open-initiative/").content.decode()
    listing = client.get("/api/v1/initiatives/").json()["results"][0]["indicators"][0]
    return indicator["progress"], listing["progress"], page


def test_progress_never_rests_on_a_value_the_reader_may_not_see(db, staff_client):
    """42 of 100 from an article still in draft: the public figure is 10 of 100, everywhere."""
    world = published_world()
    measurement_on_draft_source(world)

    detail, listing, page = progress_shown(Client())
    assert (
        detail
        == listing
        == {"value": "10.0000", "as_of": "2020-01", "target": "100.0000", "percent": 10}
    )
    assert '<progress max="100" value="10"' in page

    detail, listing, page = progress_shown(staff_client)
    assert detail["percent"] == listing["percent"] == 42
    assert '<progress max="100" value="42"' in page


# Staff preview


PREVIEWS = {
    "initiative": (f.InitiativeFactory, "initiatives"),
    "organization": (f.OrganizationFactory, "organizations"),
    "event": (f.EventFactory, "events"),
    "source": (f.SourceFactory, "sources"),
}


@pytest.mark.parametrize("kind", PREVIEWS)
def test_staff_preview_a_draft_marked_as_such_the_public_gets_404(kind, db, staff_client):
    factory, resource = PREVIEWS[kind]
    draft = factory(slug="not-yet", is_published=False)
    addresses = [
        draft.get_absolute_url(),
        f"/api/v1/{resource}/not-yet/",
        f"/data/{kind}/not-yet.json",
    ]
    for url in addresses:
        assert Client().get(url).status_code == 404, url
        assert staff_client.get(url).status_code == 200, url
    page = staff_client.get(draft.get_absolute_url()).content.decode()
    assert (
        '<p class="draft-banner" role="status"><strong>Черновик: не опубликовано.</strong>' in page
    )


def test_a_published_page_has_no_banner_and_marks_the_drafts_it_links_to(db, staff_client):
    initiative = f.InitiativeFactory()
    initiative.topics.add(f.TopicFactory(name_ru="Открытая тема"))
    initiative.topics.add(f.TopicFactory(name_ru="Тема в работе", is_published=False))
    page = staff_client.get(initiative.get_absolute_url()).content.decode()
    assert "draft-banner" not in page
    assert 'Тема в работе</a> <span class="draft-mark">черновик</span>' in page
    assert 'Открытая тема</a> <span class="draft-mark">' not in page
    assert "Тема в работе" not in Client().get(initiative.get_absolute_url()).content.decode()
