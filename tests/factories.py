"""factory-boy factories: one per registry model, valid by default."""

from decimal import Decimal

import factory

from initiatives import models
from initiatives.partial_dates import PartialDate


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Source

    slug = factory.Sequence(lambda n: f"source-{n}")
    title = factory.Sequence(lambda n: f"Article {n}")
    language = "ru"
    published_on = PartialDate(2020, 2, 25)
    is_published = True


def reported_status(record, create, status, **fields):
    """`status=...` gives the record a status report: a source says so, as of its date."""
    if not create or not status:
        return
    relation = type(record)._meta.get_field("status_reports")
    source = fields.pop("source", None) or SourceFactory()
    relation.related_model.objects.create(
        **{relation.field.name: record},
        status=status,
        source=source,
        as_of=fields.pop("as_of", source.published_on),
        quote=fields.pop("quote", "сообщает источник"),
    )


class RecordFactory(factory.django.DjangoModelFactory):
    """Base for records: a slug and a Russian name."""

    is_published = True


class OrganizationFactory(RecordFactory):
    class Meta:
        model = models.Organization

    slug = factory.Sequence(lambda n: f"organization-{n}")
    name_ru = factory.Sequence(lambda n: f"Организация {n}")
    kind = models.Organization.Kind.STATE_BODY
    country = "KG"


class OrganizationNameFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.OrganizationName

    organization = factory.SubFactory(OrganizationFactory)
    slug = factory.Sequence(lambda n: f"name-{n}")
    name_ru = factory.Sequence(lambda n: f"Прежнее название {n}")


class OrganizationSuccessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.OrganizationSuccession

    predecessor = factory.SubFactory(OrganizationFactory)
    successor = factory.SubFactory(OrganizationFactory)
    kind = models.OrganizationSuccession.Kind.REORGANISED
    date = PartialDate(2021)


class PersonFactory(RecordFactory):
    class Meta:
        model = models.Person

    slug = factory.Sequence(lambda n: f"person-{n}")
    name_ru = factory.Sequence(lambda n: f"Человек {n}")


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Position

    person = factory.SubFactory(PersonFactory)
    organization = factory.SubFactory(OrganizationFactory)
    slug = factory.Sequence(lambda n: f"position-{n}")
    title_ru = "директор"
    in_office_on = PartialDate(2020, 2, 25)


class ContactDetailFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ContactDetail

    person = factory.SubFactory(PersonFactory)
    kind = models.ContactDetail.Kind.EMAIL
    value = factory.Sequence(lambda n: f"person{n}@example.org")


class TerritoryFactory(RecordFactory):
    class Meta:
        model = models.Territory

    slug = factory.Sequence(lambda n: f"territory-{n}")
    name_ru = factory.Sequence(lambda n: f"Территория {n}")
    kind = models.Territory.Kind.DISTRICT


class TopicFactory(RecordFactory):
    class Meta:
        model = models.Topic

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name_ru = factory.Sequence(lambda n: f"Тема {n}")


class DonorProjectFactory(RecordFactory):
    class Meta:
        model = models.DonorProject
        skip_postgeneration_save = True  # the status report is saved on its own

    slug = factory.Sequence(lambda n: f"project-{n}")
    name_ru = factory.Sequence(lambda n: f"Проект {n}")
    status = factory.PostGeneration(reported_status)


class DocumentFactory(RecordFactory):
    class Meta:
        model = models.Document

    slug = factory.Sequence(lambda n: f"document-{n}")
    name_ru = factory.Sequence(lambda n: f"Документ {n}")
    kind = models.Document.Kind.MODEL_REGULATION


class InitiativeFactory(RecordFactory):
    class Meta:
        model = models.Initiative
        skip_postgeneration_save = True  # the status report is saved on its own

    slug = factory.Sequence(lambda n: f"initiative-{n}")
    name_ru = factory.Sequence(lambda n: f"Инициатива {n}")
    kind = models.Initiative.Kind.PILOT
    status = factory.PostGeneration(reported_status)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Indicator

    initiative = factory.SubFactory(InitiativeFactory)
    slug = factory.Sequence(lambda n: f"indicator-{n}")
    name_ru = "айыл окмоту, внедрившие систему"
    unit_ru = "айыл окмоту"
    target_value = Decimal(484)
    target_date = PartialDate(2020, 12)


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Measurement

    indicator = factory.SubFactory(IndicatorFactory)
    value = Decimal(8)
    as_of = PartialDate(2020, 2, 25)
    source = factory.SubFactory(SourceFactory)
    quote = "в восьми айыл окмоту в пилотном режиме"


class InitiativeParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.InitiativeParticipation

    initiative = factory.SubFactory(InitiativeFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = models.choices.OrganisationRole.LEAD


class DonorProjectParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.DonorProjectParticipation

    donor_project = factory.SubFactory(DonorProjectFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = models.choices.OrganisationRole.FUNDING


class EventSeriesFactory(RecordFactory):
    class Meta:
        model = models.EventSeries

    slug = factory.Sequence(lambda n: f"series-{n}")
    name_ru = factory.Sequence(lambda n: f"Форум {n}")


class EventFactory(RecordFactory):
    class Meta:
        model = models.Event
        skip_postgeneration_save = True  # the status report is saved on its own

    slug = factory.Sequence(lambda n: f"event-{n}")
    name_ru = factory.Sequence(lambda n: f"Семинар {n}")
    kind = models.Event.Kind.SEMINAR
    status = factory.PostGeneration(reported_status)
    start = PartialDate(2019, 12, 19)


class EventParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.EventParticipation

    event = factory.SubFactory(EventFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = models.choices.EventRole.ORGANIZER


class EventPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.EventPerson

    event = factory.SubFactory(EventFactory)
    person = factory.SubFactory(PersonFactory)
    role = models.choices.EventRole.PRESENTER


class EventCountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.EventCount

    event = factory.SubFactory(EventFactory)
    slug = factory.Sequence(lambda n: f"count-{n}")
    counted_ru = "опрошенные айыл окмоту"
    number = 17


class StatementFactory(factory.django.DjangoModelFactory):
    """A commitment by default, so that every field of a statement may be filled."""

    class Meta:
        model = models.Statement

    slug = factory.Sequence(lambda n: f"statement-{n}")
    said_on = PartialDate(2020, 2, 25)
    person = factory.SubFactory(PersonFactory)
    kind = models.Statement.Kind.SAID
    summary_ru = factory.Sequence(lambda n: f"Заявление {n}")
    source = factory.SubFactory(SourceFactory)
    quote = factory.Sequence(lambda n: f"Слова {n}.")
    is_commitment = True


class CommitmentReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CommitmentReport

    statement = factory.SubFactory(StatementFactory, due=PartialDate(2020))
    as_of = PartialDate(2021)
    outcome = models.CommitmentReport.Outcome.FULFILLED
    source = factory.SubFactory(SourceFactory)
    quote = factory.Sequence(lambda n: f"Выполнено {n}.")


def citation_factory(citation_model, record_factory):
    """A factory for one of the per-model citation tables."""
    return type(
        f"{citation_model.__name__}Factory",
        (factory.django.DjangoModelFactory,),
        {
            "Meta": type("Meta", (), {"model": citation_model}),
            "record": factory.SubFactory(record_factory),
            "source": factory.SubFactory(SourceFactory),
            "quote": factory.Sequence(lambda n: f"Цитата {n}."),
        },
    )


CITATION_FACTORIES = {
    models.OrganizationCitation: citation_factory(models.OrganizationCitation, OrganizationFactory),
    models.PersonCitation: citation_factory(models.PersonCitation, PersonFactory),
    models.TerritoryCitation: citation_factory(models.TerritoryCitation, TerritoryFactory),
    models.TopicCitation: citation_factory(models.TopicCitation, TopicFactory),
    models.InitiativeCitation: citation_factory(models.InitiativeCitation, InitiativeFactory),
    models.IndicatorCitation: citation_factory(models.IndicatorCitation, IndicatorFactory),
    models.EventSeriesCitation: citation_factory(models.EventSeriesCitation, EventSeriesFactory),
    models.EventCitation: citation_factory(models.EventCitation, EventFactory),
    models.DonorProjectCitation: citation_factory(models.DonorProjectCitation, DonorProjectFactory),
    models.DocumentCitation: citation_factory(models.DocumentCitation, DocumentFactory),
}


def status_report_factory(report_model, record_factory):
    """A factory for one of the per-model status report tables."""
    status = report_model._meta.get_field("status").choices[0][0]
    return type(
        f"{report_model.__name__}Factory",
        (factory.django.DjangoModelFactory,),
        {
            "Meta": type("Meta", (), {"model": report_model}),
            report_model.owner_field: factory.SubFactory(record_factory),
            "status": status,
            "as_of": PartialDate(2020, 2, 25),
            "source": factory.SubFactory(SourceFactory),
            "quote": factory.Sequence(lambda n: f"Сообщение {n}."),
        },
    )


STATUS_REPORT_FACTORIES = {
    models.InitiativeStatusReport: status_report_factory(
        models.InitiativeStatusReport, InitiativeFactory
    ),
    models.DonorProjectStatusReport: status_report_factory(
        models.DonorProjectStatusReport, DonorProjectFactory
    ),
    models.EventStatusReport: status_report_factory(models.EventStatusReport, EventFactory),
}


class TerritoryMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.TerritoryMembership

    initiative = factory.SubFactory(InitiativeFactory)
    territory = factory.SubFactory(TerritoryFactory, kind=models.Territory.Kind.AIYL_AIMAK)
    # Before the factories' source of 25 February 2020, as the other dated facts are.
    joined = PartialDate(2019)
    source = factory.SubFactory(SourceFactory)
    quote = "в пилотном режиме"


# The factory for every registry model, so tests that must cover all models can find one.
FACTORIES = {
    models.Source: SourceFactory,
    models.Organization: OrganizationFactory,
    models.OrganizationName: OrganizationNameFactory,
    models.OrganizationSuccession: OrganizationSuccessionFactory,
    models.Person: PersonFactory,
    models.Position: PositionFactory,
    models.ContactDetail: ContactDetailFactory,
    models.Territory: TerritoryFactory,
    models.Topic: TopicFactory,
    models.DonorProject: DonorProjectFactory,
    models.DonorProjectParticipation: DonorProjectParticipationFactory,
    models.Document: DocumentFactory,
    models.Initiative: InitiativeFactory,
    models.InitiativeParticipation: InitiativeParticipationFactory,
    models.Indicator: IndicatorFactory,
    models.Measurement: MeasurementFactory,
    models.EventSeries: EventSeriesFactory,
    models.Event: EventFactory,
    models.EventParticipation: EventParticipationFactory,
    models.EventPerson: EventPersonFactory,
    models.EventCount: EventCountFactory,
    models.TerritoryMembership: TerritoryMembershipFactory,
    models.Statement: StatementFactory,
    models.CommitmentReport: CommitmentReportFactory,
    **CITATION_FACTORIES,
    **STATUS_REPORT_FACTORIES,
}
