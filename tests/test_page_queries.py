"""Every public page costs a fixed number of queries, however many rows it shows.

Each page is built twice, with one and with three of every related row, and must run the
same pinned number of queries both times: a missing select_related or prefetch shows up here
as a count that grows with the rows.
"""

import pytest
from django.urls import reverse

from initiatives import models
from initiatives.prefetches import SHOWN
from initiatives.urls import urlpatterns
from tests import factories as f
from tests.factories import CITATION_FACTORIES
from tests.test_seed_data import load_fixtures


def cite(record, citation_model):
    CITATION_FACTORIES[citation_model](record=record, source=f.SourceFactory())


def initiative_page(n):
    initiative = f.InitiativeFactory(parent=f.InitiativeFactory())
    for i in range(n):
        indicator = f.IndicatorFactory(initiative=initiative)
        f.MeasurementFactory(indicator=indicator, as_of=f"2020-0{i + 1}")
        f.MeasurementFactory(indicator=indicator, as_of=f"2021-0{i + 1}")
        cite(indicator, models.IndicatorCitation)
        f.InitiativeParticipationFactory(initiative=initiative, source=f.SourceFactory(), quote="q")
        f.InitiativeFactory(parent=initiative)
        initiative.territories.add(f.TerritoryFactory())
        initiative.topics.add(f.TopicFactory())
        initiative.donor_projects.add(f.DonorProjectFactory())
        initiative.documents.add(f.DocumentFactory(issuer=f.OrganizationFactory()))
        f.EventFactory(territory=f.TerritoryFactory()).initiatives.add(initiative)
        f.StatementFactory().initiatives.add(initiative)
        cite(initiative, models.InitiativeCitation)
    return initiative.get_absolute_url()


def organization_page(n):
    organization = f.OrganizationFactory(parent=f.OrganizationFactory())
    for _ in range(n):
        f.OrganizationNameFactory(organization=organization)
        f.OrganizationSuccessionFactory(predecessor=organization)
        f.OrganizationSuccessionFactory(successor=organization)
        f.OrganizationFactory(parent=organization)
        f.PositionFactory(organization=organization)
        f.InitiativeParticipationFactory(organization=organization)
        f.DonorProjectParticipationFactory(organization=organization)
        f.EventParticipationFactory(organization=organization)
        f.DocumentFactory(issuer=organization)
        f.StatementFactory(person=None, organization=organization)
        cite(organization, models.OrganizationCitation)
    return organization.get_absolute_url()


def event_page(n):
    event = f.EventFactory(series=f.EventSeriesFactory(), edition=1, territory=f.TerritoryFactory())
    for _ in range(n):
        f.EventParticipationFactory(event=event)
        f.EventPersonFactory(event=event)
        event.topics.add(f.TopicFactory())
        event.documents.add(f.DocumentFactory(issuer=f.OrganizationFactory()))
        event.initiatives.add(f.InitiativeFactory())
        event.donor_projects.add(f.DonorProjectFactory())
        f.StatementFactory().events.add(event)
        cite(event, models.EventCitation)
    return event.get_absolute_url()


def series_page(n):
    series = f.EventSeriesFactory()
    for i in range(n):
        f.EventFactory(series=series, edition=i + 1, territory=f.TerritoryFactory())
        cite(series, models.EventSeriesCitation)
    return series.get_absolute_url()


def donor_project_page(n):
    project = f.DonorProjectFactory()
    for _ in range(n):
        f.DonorProjectParticipationFactory(donor_project=project)
        f.InitiativeFactory().donor_projects.add(project)
        f.EventFactory().donor_projects.add(project)
        cite(project, models.DonorProjectCitation)
    return project.get_absolute_url()


def person_page(n):
    person = f.PersonFactory()
    for _ in range(n):
        f.PositionFactory(person=person)
        f.EventPersonFactory(person=person)
        f.ContactDetailFactory(person=person)
        f.StatementFactory(person=person)
        cite(person, models.PersonCitation)
    return person.get_absolute_url()


def document_page(n):
    document = f.DocumentFactory(issuer=f.OrganizationFactory())
    for _ in range(n):
        f.EventFactory().documents.add(document)
        f.InitiativeFactory().documents.add(document)
        f.StatementFactory().documents.add(document)
        cite(document, models.DocumentCitation)
    return document.get_absolute_url()


def territory_page(n):
    territory = f.TerritoryFactory(parent=f.TerritoryFactory())
    for _ in range(n):
        f.TerritoryFactory(parent=territory)
        f.InitiativeFactory().territories.add(territory)
        f.EventFactory(territory=territory)
        cite(territory, models.TerritoryCitation)
    return territory.get_absolute_url()


def topic_page(n):
    topic = f.TopicFactory()
    for _ in range(n):
        f.InitiativeFactory().topics.add(topic)
        f.EventFactory().topics.add(topic)
        cite(topic, models.TopicCitation)
    return topic.get_absolute_url()


def source_page(n):
    source = f.SourceFactory(publisher=f.OrganizationFactory())
    for citation_factory in CITATION_FACTORIES.values():
        for _ in range(n):
            citation_factory(source=source)
    for _ in range(n):
        f.MeasurementFactory(source=source)
        f.PositionFactory(source=source, quote="q")
        f.EventPersonFactory(source=source, quote="q")
        f.StatementFactory(source=source)
        f.StatementFactory(person=None, organization=f.OrganizationFactory(), source=source)
        f.CommitmentReportFactory(source=source)
    return source.get_absolute_url()


def statement_page(n):
    statement = f.StatementFactory(due="2020")
    for _ in range(n):
        statement.initiatives.add(f.InitiativeFactory())
        statement.events.add(f.EventFactory())
        statement.documents.add(f.DocumentFactory(issuer=f.OrganizationFactory()))
        f.CommitmentReportFactory(statement=statement)
    return statement.get_absolute_url()


def statement_list(n):
    for _ in range(n):
        f.StatementFactory()
        f.StatementFactory(person=None, organization=f.OrganizationFactory())
    return reverse("initiatives:statement-list")


def indicator_page(n):
    indicator = f.IndicatorFactory()
    for i in range(n):
        f.MeasurementFactory(indicator=indicator, as_of=f"2020-0{i + 1}")
    return reverse("initiatives:indicator", args=[indicator.initiative.slug, indicator.slug])


def members_page(n):
    initiative = f.InitiativeFactory()
    oblast = f.TerritoryFactory(kind=models.Territory.Kind.OBLAST)
    for i in range(n):
        f.TerritoryMembershipFactory(
            initiative=initiative, territory__parent=oblast, joined=f"2020-0{i + 1}"
        )
    return reverse("initiatives:initiative-members", args=[initiative.slug])


def source_facts_page(n):
    source = f.SourceFactory()
    for _ in range(n):
        f.MeasurementFactory(source=source)
    return reverse("initiatives:source-facts", args=[source.slug, "measurement"])


def listing(factory, url_name, **extra):
    def build(n):
        for _ in range(n):
            factory(**extra)
        return reverse(url_name)

    return build


def initiative_list(n):
    for _ in range(n):
        f.MeasurementFactory(indicator=f.IndicatorFactory())
    return reverse("initiatives:initiative-list")


def home(n):
    for i in range(n):
        f.MeasurementFactory(indicator=f.IndicatorFactory())
        f.EventFactory(territory=f.TerritoryFactory())
        f.EventFactory(status=models.Event.Status.PLANNED, start=f"2030-0{i + 1}")
    return reverse("initiatives:home")


# page → queries. Every request opens and releases a savepoint (ATOMIC_REQUESTS). Detail pages:
# the record, then one query per related list shown. Lists: the count and the page (filters
# that pick a record are text boxes, not a list of every record); a list with a year filter
# adds the years that have data, one query (cached per registry version when the answer cache
# is on, as it is off here); initiatives add their
# indicators with the latest measurement. A record with a status (initiative, donor project,
# event) adds its latest status report, and its page every report, and the events it shows
# theirs; the home page its figures (the initiatives counted by status, and the first few under
# way: two queries), the newest report of each kind, and the few records it lists by key (the
# figures are kept per registry version when the cache is on: test_overview.py).
# The pages of a person, an organization, an initiative, an event and a document show the
# statements about them (one prefetch); a source's page lists statements and reports on
# commitments among its facts (a query per kind); a statement's page its links and the reports
# on it, a prefetch each.
PAGES = {
    "home": (home, 13),
    # Its parts rolled up: their statuses, their units. Its indicators' latest values: two.
    "initiative": (initiative_page, 22),
    "organization": (organization_page, 14),
    "event": (event_page, 15),  # its parts, its counts and its statements: a prefetch each
    "eventseries": (series_page, 6),
    "donorproject": (donor_project_page, 10),
    "person": (person_page, 7),
    "document": (document_page, 7),
    "territory": (territory_page, 7),
    "topic": (topic_page, 6),
    "source": (source_page, 28),  # each kind of fact a query: territories joining, too
    "indicator": (indicator_page, 5),
    # The initiative, the keys in order (kept per registry version in service; they count the
    # list too), the page's members, their oblasts.
    "initiative-members": (members_page, 6),
    "source-facts": (source_facts_page, 5),
    "initiative-list": (initiative_list, 7),
    "event-list": (listing(f.EventFactory, "initiatives:event-list"), 6),
    "organization-list": (listing(f.OrganizationFactory, "initiatives:organization-list"), 4),
    "donorproject-list": (listing(f.DonorProjectFactory, "initiatives:donorproject-list"), 6),
    "person-list": (listing(f.PersonFactory, "initiatives:person-list"), 4),
    "document-list": (listing(f.DocumentFactory, "initiatives:document-list"), 5),
    # Unfiltered, the territory list is the top of the tree: oblasts are on it.
    "territory-list": (
        listing(
            f.TerritoryFactory, "initiatives:territory-list", kind=models.Territory.Kind.OBLAST
        ),
        4,
    ),
    "topic-list": (listing(f.TopicFactory, "initiatives:topic-list"), 4),
    "source-list": (listing(f.SourceFactory, "initiatives:source-list"), 5),
    "statement": (statement_page, 7),
    "statement-list": (statement_list, 5),
}


@pytest.mark.parametrize("rows", [1, 3])
@pytest.mark.parametrize("page", PAGES)
def test_page_query_count_is_pinned_and_does_not_grow(
    page, rows, db, client, django_assert_num_queries
):
    build, queries = PAGES[page]
    url = build(rows)
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200


def test_every_public_page_has_its_query_count_pinned():
    names = {pattern.name for pattern in urlpatterns}
    assert names - {"feed"} == set(PAGES)


# A source with more facts of some kind than its page shows adds how many there are of those
# kinds: one query (kept per registry version when the answer cache is on, as it is off here).
def test_a_much_cited_source_page_query_count(db, client, django_assert_num_queries):
    url = source_page(1)
    source = models.Source.objects.get(slug=url.split("/")[-2])
    for _ in range(SHOWN):
        f.MeasurementFactory(source=source)
    with django_assert_num_queries(PAGES["source"][1] + 1):
        response = client.get(url)
    assert response.status_code == 200


# Filtered by year, the event list first asks whether an event without a start ends in the
# year (one indexed query): when none does, the year bounds the walk of the list's index.
@pytest.mark.parametrize("rows", [1, 3])
def test_event_list_by_year_query_count(rows, db, client, django_assert_num_queries):
    url = listing(f.EventFactory, "initiatives:event-list")(rows)
    with django_assert_num_queries(7):
        response = client.get(url, {"year": "2019"})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/ru/initiatives/sanarip-aimak/",
        "/ru/organizations/gamsumo/",
        "/ru/sources/dpi-gamsumo-seminar-2019-12-19/",
        "/ru/series/national-dialogue-on-regional-development/",
    ],
)
def test_seeded_pages_cost_what_the_pinned_pages_cost(url, db, client, django_assert_num_queries):
    load_fixtures()
    page = url.split("/")[2]
    expected = {"initiatives": 20, "organizations": 14, "sources": 28, "series": 6}[page]
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
