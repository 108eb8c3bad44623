"""Synthetic registry data at national scale, for the benchmark and for trying the registry full.

`generate(scale)` writes published, valid records shaped like the real registry into the
configured database: at scale 1, 5,000 initiatives with 10,000 indicators and 100,000
measurements, 20,000 events, 2,000 organizations, 500 sources, the territory tree down to
айыл аймак. It keeps the skew a national registry has: one organization leads a fifth of the
initiatives (1,000 at scale 1), one source is cited 10,000 times, one indicator has 1,000
measurements, one initiative has every айыл аймак as a member territory, one person has made
1,000 of the 3,000 statements. Scale 10 is ten times all of it.

Everything it writes is marked as synthetic: slugs start with `gen-`, names say «тестовая»
(test) in their language, and no record names a real person, number or event. It is never
part of the fixtures. Rows are written with `bulk_create` in batches, like `loaddata` without
history; the same seed writes the same data.
"""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from initiatives import models, public_status
from initiatives.models import RegistryVersion
from initiatives.models.choices import ActivityStatus, EventRole, OrganisationRole
from initiatives.partial_dates import PartialDate

BATCH = 2000


@dataclass(frozen=True)
class Sizes:
    """How many of each kind at a scale; skew shares are of the whole."""

    scale: float

    def of(self, base, least=1):
        return max(least, round(base * self.scale))

    @property
    def districts(self):
        return self.of(40, least=2)

    @property
    def aiyl_aimaks(self):
        return self.of(450, least=4)

    @property
    def organizations(self):
        return self.of(2000, least=10)

    @property
    def people(self):
        return self.of(1500, least=5)

    @property
    def topics(self):
        return self.of(100, least=5)

    @property
    def sources(self):
        return self.of(500, least=5)

    @property
    def donor_projects(self):
        return self.of(300, least=3)

    @property
    def documents(self):
        return self.of(1000, least=5)

    @property
    def event_series(self):
        return self.of(100, least=2)

    @property
    def events(self):
        return self.of(20000, least=20)

    @property
    def initiatives(self):
        return self.of(5000, least=10)

    @property
    def measurements(self):
        """Besides the skewed indicator's: 9 per indicator on average, 2 indicators each."""
        return self.of(99000, least=40)

    @property
    def skewed_measurements(self):
        return self.of(1000, least=5)

    @property
    def statements(self):
        """Besides the skewed person's."""
        return self.of(2000, least=10)

    @property
    def skewed_statements(self):
        return self.of(1000, least=5)

    @property
    def skewed_citations(self):
        return self.of(10000, least=10)


def text_in_three(kind_ru, kind_ky, kind_en, number):
    return {
        "name_ru": f"{kind_ru} № {number} (тестовая запись)",
        "name_ky": f"{kind_ky} № {number} (сыноо жазуусу)",
        "name_en": f"{kind_en} No. {number} (test record)",
    }


class Generator:
    def __init__(self, scale, seed=1, progress=None):
        self.sizes = Sizes(scale)
        self.random = random.Random(seed)
        self.progress = progress or (lambda model, count: None)

    def save(self, model, records):
        """bulk_create in batches; the records come back with their primary keys."""
        created = []
        for start in range(0, len(records), BATCH):
            created += model.objects.bulk_create(records[start : start + BATCH])
        self.progress(model, len(created))
        return created

    def link(self, field, pairs):
        """Many-to-many links as (owner, target) pairs, through the field's own table."""
        through = field.remote_field.through
        owner_column, target_column = field.m2m_column_name(), field.m2m_reverse_name()
        rows = [
            through(**{owner_column: owner.pk, target_column: target.pk})
            for owner, target in dict.fromkeys(pairs)
        ]
        self.save(through, rows)

    def date(self, start_year=2015, end_year=2025, precision=None):
        year = self.random.randint(start_year, end_year)
        precision = precision or self.random.choice(["year", "month", "day", "day"])
        if precision == "year":
            return PartialDate(year)
        month = self.random.randint(1, 12)
        if precision == "month":
            return PartialDate(year, month)
        return PartialDate(year, month, self.random.randint(1, 28))

    def quote(self, source):
        """A sentence of the source's text, as a citation quotes it."""
        return f"Предложение {self.random.randint(1, source.sentences)} статьи {source.number}."

    def run(self):
        with transaction.atomic():
            self.territories()
            self.organizations()
            self.sources()
            self.people()
            self.topics()
            self.donor_projects()
            self.documents()
            self.initiatives()
            self.memberships()
            self.events()
            self.statements()
            self.citations()

    def territories(self):
        country = self.save(
            models.Territory,
            [
                models.Territory(
                    slug="gen-country",
                    kind=models.Territory.Kind.COUNTRY,
                    is_published=True,
                    **text_in_three("Страна", "Өлкө", "Country", 1),
                )
            ],
        )[0]
        oblasts = self.save(
            models.Territory,
            [
                models.Territory(
                    slug=f"gen-oblast-{number}",
                    kind=models.Territory.Kind.OBLAST,
                    parent=country,
                    is_published=True,
                    **text_in_three("Область", "Облус", "Oblast", number),
                )
                for number in range(1, 10)
            ],
        )
        districts = self.save(
            models.Territory,
            [
                models.Territory(
                    slug=f"gen-district-{number}",
                    kind=models.Territory.Kind.DISTRICT,
                    parent=self.random.choice(oblasts),
                    is_published=True,
                    **text_in_three("Район", "Район", "District", number),
                )
                for number in range(1, self.sizes.districts + 1)
            ],
        )
        self.aimaks = self.save(
            models.Territory,
            [
                models.Territory(
                    slug=f"gen-aiyl-aimak-{number}",
                    kind=models.Territory.Kind.AIYL_AIMAK,
                    parent=self.random.choice(districts),
                    is_published=True,
                    **text_in_three("Айыл аймак", "Айыл аймак", "Aiyl aimak", number),
                )
                for number in range(1, self.sizes.aiyl_aimaks + 1)
            ],
        )
        self.places = [*oblasts, *districts, *self.aimaks]

    def organizations(self):
        kinds = list(models.Organization.Kind)
        organizations = self.save(
            models.Organization,
            [
                models.Organization(
                    slug=f"gen-organization-{number}",
                    kind=self.random.choice(kinds),
                    country="KG",
                    is_published=True,
                    **text_in_three("Организация", "Уюм", "Organization", number),
                )
                for number in range(1, self.sizes.organizations + 1)
            ],
        )
        # A tenth sit under another organization, an earlier one, so there is no loop.
        children = []
        for index, organization in enumerate(organizations[1:], start=1):
            if self.random.random() < 0.1:
                organization.parent = organizations[self.random.randrange(index)]
                children.append(organization)
        models.Organization.objects.bulk_update(children, ["parent"], batch_size=BATCH)
        self.lead = organizations[0]  # leads a fifth of the initiatives
        self.organizations_ = organizations

    def sources(self):
        sources = []
        for number in range(1, self.sizes.sources + 1):
            sentences = 30
            text = " ".join(f"Предложение {n} статьи {number}." for n in range(1, sentences + 1))
            sources.append(
                models.Source(
                    slug=f"gen-source-{number}",
                    title=f"Тестовая статья № {number}",
                    language="ru",
                    published_on=self.date(2018, 2025),
                    publisher=self.random.choice(self.organizations_),
                    url=f"https://example.org/generated/{number}",
                    text=text,
                    is_published=True,
                )
            )
        self.sources_ = self.save(models.Source, sources)
        for number, source in enumerate(self.sources_, start=1):
            source.number, source.sentences = number, 30
        self.cited_most = self.sources_[0]  # cited 10,000 times at scale 1

    def cited(self, **kwargs):
        """A source and quote for a fact: mostly spread, some from the most cited source."""
        source = self.random.choice(self.sources_)
        return {"source": source, "quote": self.quote(source), **kwargs}

    def people(self):
        self.people_ = self.save(
            models.Person,
            [
                models.Person(
                    slug=f"gen-person-{number}",
                    is_published=True,
                    **text_in_three("Тестовый человек", "Сыноо адам", "Test person", number),
                )
                for number in range(1, self.sizes.people + 1)
            ],
        )
        positions = []
        for number in range(1, round(self.sizes.people * 1.3) + 1):
            start = self.date(2010, 2022, precision="year")
            positions.append(
                models.Position(
                    person=self.random.choice(self.people_),
                    organization=self.random.choice(self.organizations_),
                    slug=f"gen-position-{number}",
                    title_ru="руководитель",
                    title_ky="жетекчи",
                    title_en="head",
                    start=start,
                    **self.cited(),
                )
            )
        self.save(models.Position, positions)

    def topics(self):
        self.topics_ = self.save(
            models.Topic,
            [
                models.Topic(
                    slug=f"gen-topic-{number}",
                    is_published=True,
                    **text_in_three("Тема", "Тема", "Topic", number),
                )
                for number in range(1, self.sizes.topics + 1)
            ],
        )

    def span(self):
        start = self.date(2015, 2024)
        end = self.date(start.year + 1, start.year + 4, precision="year")
        return start, end

    def donor_projects(self):
        projects = []
        for number in range(1, self.sizes.donor_projects + 1):
            start, end = self.span()
            projects.append(
                models.DonorProject(
                    slug=f"gen-project-{number}",
                    start=start,
                    end=end,
                    budget=Decimal(self.random.randint(50, 5000) * 1000),
                    currency=self.random.choice(["CHF", "USD", "KGS"]),
                    is_published=True,
                    **text_in_three(
                        "Донорский проект", "Донордук долбоор", "Donor project", number
                    ),
                )
            )
        self.projects = self.save(models.DonorProject, projects)
        self.status_reports(models.DonorProjectStatusReport, self.projects, list(ActivityStatus))
        roles = []
        for project in self.projects:
            for role in (OrganisationRole.FUNDING, OrganisationRole.IMPLEMENTING):
                roles.append(
                    models.DonorProjectParticipation(
                        donor_project=project,
                        organization=self.random.choice(self.organizations_),
                        role=role,
                        **self.cited(),
                    )
                )
        self.save(models.DonorProjectParticipation, roles)

    def documents(self):
        kinds = list(models.Document.Kind)
        self.documents_ = self.save(
            models.Document,
            [
                models.Document(
                    slug=f"gen-document-{number}",
                    kind=self.random.choice(kinds),
                    issuer=self.random.choice(self.organizations_),
                    issued_on=self.date(),
                    is_published=True,
                    **text_in_three("Документ", "Документ", "Document", number),
                )
                for number in range(1, self.sizes.documents + 1)
            ],
        )

    def status_reports(self, model, records, statuses):
        """Each record's status as one source gave it, as of a date."""
        owner = model.owner_field
        self.save(
            model,
            [
                model(
                    **{owner: record},
                    status=self.random.choice(statuses),
                    as_of=self.date(2015, 2024),
                    **self.cited(),
                )
                for record in records
            ],
        )

    def initiatives(self):
        kinds = list(models.Initiative.Kind)
        records = []
        for number in range(1, self.sizes.initiatives + 1):
            start, end = self.span()
            records.append(
                models.Initiative(
                    slug=f"gen-initiative-{number}",
                    kind=self.random.choice(kinds),
                    planned_start=start,
                    planned_end=end,
                    is_published=True,
                    **text_in_three("Тестовая инициатива", "Сыноо демилге", "Initiative", number),
                )
            )
        self.initiatives_ = self.save(models.Initiative, records)
        self.status_reports(models.InitiativeStatusReport, self.initiatives_, list(ActivityStatus))
        roles = []
        for index, initiative in enumerate(self.initiatives_):
            lead = self.lead if index % 5 == 0 else self.random.choice(self.organizations_)
            partner = self.random.choice(self.organizations_)
            roles.append(
                models.InitiativeParticipation(
                    initiative=initiative, organization=lead, role=OrganisationRole.LEAD
                )
            )
            if partner != lead:
                roles.append(
                    models.InitiativeParticipation(
                        initiative=initiative,
                        organization=partner,
                        role=OrganisationRole.PARTNER,
                        **self.cited(),
                    )
                )
        self.save(models.InitiativeParticipation, roles)
        fields = models.Initiative._meta
        self.link(
            fields.get_field("territories"),
            [(i, self.random.choice(self.aimaks)) for i in self.initiatives_ for _ in range(2)],
        )
        self.link(
            fields.get_field("topics"),
            [(i, self.random.choice(self.topics_)) for i in self.initiatives_],
        )
        self.link(
            fields.get_field("documents"),
            [(i, self.random.choice(self.documents_)) for i in self.initiatives_[::3]],
        )
        self.link(
            fields.get_field("donor_projects"),
            [(i, self.random.choice(self.projects)) for i in self.initiatives_[::4]],
        )
        self.indicators()

    def indicators(self):
        indicators = self.save(
            models.Indicator,
            [
                models.Indicator(
                    initiative=initiative,
                    slug=f"gen-indicator-{number}",
                    name_ru="айыл окмоту, внедрившие систему",
                    name_ky="системаны киргизген айыл өкмөттөрү",
                    name_en="aiyl okmotu using the system",
                    unit_ru="айыл окмоту",
                    target_value=Decimal(self.random.choice([100, 250, 484])),
                    target_date=PartialDate(2025, 12, 31),
                )
                for initiative in self.initiatives_
                for number in (1, 2)
            ],
        )
        measurements = []
        # The skewed indicator: one value a day for as many days as the scale asks, up to the
        # end of 2017 (every source is later: no value is dated after the article giving it).
        skewed = indicators[0]
        last = datetime.date(2017, 12, 31).toordinal()
        value = 0
        for day in range(self.sizes.skewed_measurements, 0, -1):
            date = PartialDate.from_value(datetime.date.fromordinal(last - day + 1))
            value = self.next_value(skewed, value)
            measurements.append(self.measurement(skewed, date, value))
        # The rest: about nine monthly values each, spread over the other indicators.
        others = indicators[1:]
        per_indicator, extra = divmod(self.sizes.measurements, len(others))
        for index, indicator in enumerate(others):
            count = per_indicator + (1 if index < extra else 0)
            value = 0
            for month in range(count):
                date = PartialDate(2016 + month // 12, month % 12 + 1)
                value = self.next_value(indicator, value)
                measurements.append(self.measurement(indicator, date, value))
        self.save(models.Measurement, measurements)

    def memberships(self):
        """The rollout of a national programme: every айыл аймак joins the first initiative
        (484 at scale 1, like «Санарип аймак»'s target), a tenth of them since left; every tenth
        other initiative has one member."""
        first, others = self.initiatives_[0], self.initiatives_[1::10]
        rows = [
            models.TerritoryMembership(
                initiative=first,
                territory=aimak,
                joined=self.date(2018, 2020),
                left=PartialDate(2021) if number % 10 == 0 else None,
                **self.cited(),
            )
            for number, aimak in enumerate(self.aimaks)
        ]
        rows += [
            models.TerritoryMembership(
                initiative=initiative,
                territory=self.random.choice(self.aimaks),
                joined=self.date(2018, 2020),
                **self.cited(),
            )
            for initiative in others
        ]
        self.save(models.TerritoryMembership, rows)

    def statements(self):
        """What people said, one of them a great deal (a person's page and the statements
        list filtered by them are the skewed answers)."""
        kinds = list(models.Statement.Kind)
        speakers = [self.people_[0]] * self.sizes.skewed_statements + [
            self.random.choice(self.people_) for _ in range(self.sizes.statements)
        ]
        records = [
            models.Statement(
                slug=f"gen-statement-{number}",
                said_on=self.date(2016, 2017),  # before every source that reports it
                person=speaker,
                kind=self.random.choice(kinds),
                summary_ru=f"Тестовое заявление № {number} (тестовая запись)",
                summary_ky=f"Сыноо билдирүү № {number} (сыноо жазуусу)",
                summary_en=f"Test statement No. {number} (test record)",
                **self.cited(),
            )
            for number, speaker in enumerate(speakers, start=1)
        ]
        statements = self.save(models.Statement, records)
        self.link(
            models.Statement._meta.get_field("initiatives"),
            [(statement, self.random.choice(self.initiatives_)) for statement in statements],
        )

    def next_value(self, indicator, previous):
        """A plausible next value: never down (the indicators count upwards), never past the
        target (initiatives/models/initiatives.py Measurement.clean)."""
        return min(int(indicator.target_value), previous + self.random.randint(0, 5))

    def measurement(self, indicator, as_of, value):
        return models.Measurement(
            indicator=indicator, value=Decimal(value), as_of=as_of, **self.cited()
        )

    def events(self):
        series = self.save(
            models.EventSeries,
            [
                models.EventSeries(
                    slug=f"gen-series-{number}",
                    is_published=True,
                    **text_in_three("Тестовый форум", "Сыноо форуму", "Test forum", number),
                )
                for number in range(1, self.sizes.event_series + 1)
            ],
        )
        kinds = list(models.Event.Kind)
        editions = dict.fromkeys(series, 0)
        events = []
        for number in range(1, self.sizes.events + 1):
            start = self.date(2015, 2026)
            in_series = self.random.choice(series) if number % 4 == 0 else None
            edition = None
            if in_series is not None:
                editions[in_series] += 1
                edition = editions[in_series]
            events.append(
                models.Event(
                    slug=f"gen-event-{number}",
                    kind=self.random.choice(kinds),
                    series=in_series,
                    edition=edition,
                    start=start,
                    territory=self.random.choice(self.places),
                    is_published=True,
                    **text_in_three("Тестовый семинар", "Сыноо семинары", "Test seminar", number),
                )
            )
        self.events_ = self.save(models.Event, events)
        held, planned = models.Event.Status.HELD, models.Event.Status.PLANNED
        self.save(
            models.EventStatusReport,
            [
                models.EventStatusReport(
                    event=event,
                    status=held if event.start.year < 2026 else planned,
                    as_of=event.start,
                    **self.cited(),
                )
                for event in self.events_
            ],
        )
        roles, people = [], []
        for event in self.events_:
            roles.append(
                models.EventParticipation(
                    event=event,
                    organization=self.random.choice(self.organizations_),
                    role=EventRole.ORGANIZER,
                    **self.cited(),
                )
            )
            people.append(
                models.EventPerson(
                    event=event,
                    person=self.random.choice(self.people_),
                    role=EventRole.PRESENTER,
                    **self.cited(),
                )
            )
        self.save(models.EventParticipation, roles)
        self.save(models.EventPerson, people)
        fields = models.Event._meta
        self.link(
            fields.get_field("topics"),
            [(e, self.random.choice(self.topics_)) for e in self.events_],
        )
        self.link(
            fields.get_field("initiatives"),
            [(e, self.random.choice(self.initiatives_)) for e in self.events_[::2]],
        )
        self.link(
            fields.get_field("documents"),
            [(e, self.random.choice(self.documents_)) for e in self.events_[::10]],
        )

    def citations(self):
        """Every record cites a source; the most cited source backs a share of them all."""
        owners = {
            models.InitiativeCitation: self.initiatives_,
            models.OrganizationCitation: self.organizations_,
            models.EventCitation: self.events_,
            models.PersonCitation: self.people_,
            models.DocumentCitation: self.documents_,
            models.DonorProjectCitation: self.projects,
            models.TopicCitation: self.topics_,
            models.TerritoryCitation: self.aimaks,
        }
        total = sum(len(records) for records in owners.values())
        share = min(1.0, self.sizes.skewed_citations / total)
        for model, records in owners.items():
            citations = []
            for record in records:
                source = (
                    self.cited_most
                    if self.random.random() < share
                    else self.random.choice(self.sources_)
                )
                citations.append(model(record=record, source=source, quote=self.quote(source)))
            self.save(model, citations)


class AlreadyGenerated(Exception):
    """Generated records are already in the database: their slugs would clash."""


def generate(scale, seed=1, progress=None):
    """Write a registry of this scale into the database; see the module's docstring."""
    if models.Initiative.objects.filter(slug__startswith="gen-").exists():
        raise AlreadyGenerated(
            "This database already holds generated records (slugs gen-…); use an empty one."
        )
    Generator(scale, seed, progress).run()
    # bulk_create sends no signals: rebuild what is kept from the reports, and say the
    # registry changed.
    public_status.refresh_all()
    RegistryVersion.advance()
