"""The seed fixtures: the five articles turned into cited records.

The suite runs on SQLite and on PostgreSQL, so every test here loads the fixtures into an
empty database of both kinds.
"""

import io
import json
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection

from initiatives import models
from initiatives.models.base import CitedFact, Published
from initiatives.models.sources import Citation
from initiatives.visibility import PUBLIC, STAFF
from tests.conftest import registry_models

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = sorted((ROOT / "fixtures").glob("*.json"))
ARTICLES = ROOT / "fixtures" / "articles"
PRIVATE = {models.ContactDetail}

CITATION_MODELS = [model for model in registry_models() if issubclass(model, Citation)]
CITED_FACT_MODELS = [model for model in registry_models() if issubclass(model, CitedFact)]
# Records the public sees; a Source is what the others cite, so it cites nothing itself.
CITING_MODELS = [
    model
    for model in registry_models()
    if issubclass(model, Published) and model is not models.Source
]


def words(text):
    """The same text whatever its line breaks and runs of spaces.

    Written here, not imported from the model, so the check does not trust the code it checks.
    """
    return " ".join(text.split())


def load_fixtures():
    call_command("loaddata", *FIXTURES, stdout=io.StringIO())


def dump():
    out = io.StringIO()
    call_command(
        "dumpdata",
        "initiatives",
        exclude=["initiatives.RegistryVersion"],  # a count of writes, not registry data
        natural_foreign=True,
        natural_primary=True,
        indent=2,
        stdout=out,
    )
    return out.getvalue()


@pytest.fixture
def seeded(db):
    load_fixtures()


def every_quote():
    """(record, source, quote) for every citation and every fact that carries its own."""
    for model in CITATION_MODELS:
        for citation in model.objects.select_related("source", "record"):
            yield citation.record, citation.source, citation.quote
    for model in CITED_FACT_MODELS:
        for fact in model.objects.select_related("source").exclude(source=None):
            yield fact, fact.source, fact.quote


# --- Loading -----------------------------------------------------------------------------


def test_the_fixtures_are_the_registry_and_the_private_contacts():
    assert [path.name for path in FIXTURES] == ["10-registry.json", "20-private-contacts.json"]
    public = json.loads(FIXTURES[0].read_text(encoding="utf-8"))
    private = json.loads(FIXTURES[1].read_text(encoding="utf-8"))
    assert "initiatives.contactdetail" not in {row["model"] for row in public}
    assert {row["model"] for row in private} == {"initiatives.contactdetail"}
    # Natural keys only: the files load into a database whose ids differ.
    assert all("pk" not in row for row in public + private)


@pytest.mark.django_db
def test_fixtures_load_into_an_empty_database_with_every_reference_resolved(seeded):
    counts = {model.__name__: model.objects.count() for model in registry_models()}
    assert counts["Source"] == 6  # five articles and the ISO 3166-2:KG code list
    assert counts["Organization"] >= 25
    assert counts["Event"] >= 10
    assert counts["Initiative"] >= 10
    assert counts["ContactDetail"] == 3
    # What people and organizations said, from four of the five articles; no later article
    # reports whether the two commitments were kept.
    assert counts["Statement"] == 15
    assert models.Statement.objects.filter(is_commitment=True).count() == 2
    assert counts["CommitmentReport"] == 0
    # Every foreign key points at a row (SQLite checks only when asked).
    connection.check_constraints()
    # Every natural key in the files names a record that is now in the database.
    for path in FIXTURES:
        for obj in serializers.deserialize(
            "json", path.read_text(encoding="utf-8"), handle_forward_references=False
        ):
            assert not obj.deferred_fields, (path.name, obj.object)


@pytest.mark.django_db
def test_loading_again_changes_nothing(seeded):
    before = dump()
    counts = Counter({model: model.objects.count() for model in registry_models()})

    load_fixtures()

    assert Counter({model: model.objects.count() for model in registry_models()}) == counts
    assert dump() == before


@pytest.mark.django_db
def test_loading_writes_no_change_history(seeded):
    assert not models.Initiative.history.exists()
    assert not models.OrganizationCitation.history.exists()


@pytest.mark.django_db
def test_every_record_passes_the_admins_validation(seeded):
    failures = []
    for model in registry_models():
        for obj in model._default_manager.all():
            try:
                obj.full_clean()
            except ValidationError as error:
                failures.append(f"{model.__name__} {obj.natural_key()}: {error}")
    assert failures == []


# --- Citations ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_published_record_cites_a_source(seeded):
    uncited = [
        f"{model.__name__} {slug}"
        for model in CITING_MODELS
        for slug in model.objects.visible_to(PUBLIC)
        .filter(citations=None)
        .values_list("slug", flat=True)
    ]
    assert uncited == []
    assert all(model.objects.visible_to(PUBLIC).exists() for model in CITING_MODELS)


@pytest.mark.django_db
def test_every_role_position_and_measurement_carries_its_quote(seeded):
    for model in CITED_FACT_MODELS:
        unsourced = model.objects.filter(source=None)
        if model in (models.OrganizationSuccession, models.DonorProjectParticipation):
            # The registry's own statements (the agency's reorganisation, USAID as funder
            # inferred from «Проект USAID»): the note says why no source is given.
            assert all(fact.note for fact in unsourced)
        else:
            assert list(unsourced) == [], model.__name__


@pytest.mark.django_db
def test_every_quote_occurs_in_its_articles_text(seeded):
    quotes = list(every_quote())
    missing = [
        (str(record), source.slug, quote)
        for record, source, quote in quotes
        if words(quote) not in words(source.text)
    ]
    assert missing == []
    quoting = {type(record).__name__ for record, _source, _quote in quotes}
    assert {"Organization", "Event", "Measurement", "Position", "EventParticipation"} <= quoting


@pytest.mark.django_db
def test_each_sources_text_is_its_archived_article_without_the_site_around_it(seeded):
    # A reference standard's text is its code list, not a downloaded article.
    for source in models.Source.objects.exclude(kind=models.Source.Kind.REFERENCE_STANDARD):
        original = words((ARTICLES / f"{source.slug}.txt").read_text(encoding="utf-8"))
        paragraphs = source.text.split("\n\n")
        assert len(paragraphs) >= 5, source.slug
        for paragraph in paragraphs:
            assert words(paragraph) in original, (source.slug, paragraph[:60])


@pytest.mark.django_db
def test_every_article_is_cited_and_every_source_is_explained(seeded):
    for source in models.Source.objects.all():
        cited = sum(model.objects.filter(source=source).count() for model in CITATION_MODELS)
        assert cited >= 10, source.slug
        assert source.note, source.slug
        assert source.is_published


@pytest.mark.django_db
def test_private_contact_details_stay_out_of_public_text(seeded):
    contacts = list(models.ContactDetail.objects.values_list("value", flat=True))
    assert "njamankulova@dpi.kg" in contacts
    public_text = json.dumps(
        [list(model.objects.values()) for model in registry_models() if model not in PRIVATE],
        default=str,
        ensure_ascii=False,
    )
    for value in contacts:
        assert value not in public_text


# --- What each article gave --------------------------------------------------------------


def cited_from(source_slug):
    """Model name -> natural keys of the records citing this source (citation or own quote)."""
    found = {}
    for model in CITATION_MODELS:
        owner = model._meta.get_field("record").related_model.__name__
        for citation in model.objects.filter(source__slug=source_slug).select_related("record"):
            found.setdefault(owner, set()).add(citation.record.natural_key()[-1])
    for model in CITED_FACT_MODELS:
        for fact in model.objects.filter(source__slug=source_slug):
            found.setdefault(model.__name__, set()).add(fact.natural_key())
    return found


def assert_cites(source_slug, expected):
    found = cited_from(source_slug)
    for model_name, keys in expected.items():
        missing = set(keys) - found.get(model_name, set())
        assert not missing, f"{source_slug}: {model_name} {sorted(missing)}"


def progress_of(initiative_slug):
    indicator = models.Indicator.objects.with_progress(PUBLIC).get(initiative__slug=initiative_slug)
    return indicator.progress


@pytest.mark.django_db
def test_article_000_president_receives_the_agency_director(seeded):
    assert_cites(
        "president-receives-saliev-2020-02-25",
        {
            "Organization": {"president-kg", "president-press-service", "gamsumo"},
            "Person": {"sooronbai-jeenbekov", "bakhtiyar-saliev"},
            "EventSeries": {"national-dialogue-on-regional-development"},
            "Event": {"national-dialogue-forum-2020", "president-receives-saliev-2020-02-25"},
            "Initiative": {
                "sanarip-aimak",
                "municipal-property-e-trading",
                "year-of-regions-2020",
                "digitalisation-of-lsg",
            },
            "Document": {"decree-year-of-regions-2020"},
            "Topic": {
                "economic-development-of-regions",
                "powers-of-local-self-government",
                "infrastructure-development",
                "quality-of-public-services",
                "digitalisation-of-local-authorities",
                "social-support-of-children",
            },
        },
    )
    source = models.Source.objects.get(slug="president-receives-saliev-2020-02-25")
    assert source.published_on.isoformat() == "2020-02-25"
    assert "2020" in source.note

    # «Санарип аймак»: 8 айыл окмоту in the pilot, all 484 due by the end of 2020.
    progress = progress_of("sanarip-aimak")
    assert (progress.value, progress.target) == (Decimal(8), Decimal(484))
    assert progress.as_of.isoformat() == "2020-02-25"
    assert models.Indicator.objects.get().target_date.isoformat() == "2020-12-31"
    measurement = models.Measurement.objects.get()
    assert "восьми айыл окмоту" in measurement.quote

    # The forum: the first edition held in February 2019, the second planned for March 2020.
    events = models.Event.objects.with_status(STAFF)
    first, second = events.filter(series__isnull=False).order_by("edition")
    assert (first.edition, first.start.isoformat(), first.status) == (1, "2019-02", "held")
    assert (second.edition, second.start.isoformat(), second.status) == (2, "2020-03", "planned")
    assert second.topics.count() >= 6

    position = models.Position.objects.get(person__slug="bakhtiyar-saliev")
    assert (position.organization.slug, position.in_office_on.isoformat()) == (
        "gamsumo",
        "2020-02-25",
    )


@pytest.mark.django_db
def test_article_001_seminar_for_heads_of_local_executive_bodies(seeded):
    assert_cites(
        "dpi-gamsumo-seminar-2019-12-19",
        {
            "Organization": {"gamsumo", "dpi", "helvetas", "sdc", "swiss-government", "tunduk"},
            "Person": {"murat-baidyldaev", "nurgul-djamankulova"},
            "Event": {"gamsumo-seminar-2019-12-19"},
            "DonorProject": {"voice-of-citizens-budget-process", "better-local-services"},
            "Document": {
                "model-regulation-local-initiatives",
                "model-regulation-joint-monitoring",
                "guide-service-improvement-plans",
                "national-voluntary-review-sdg-2030",
                "code-on-offences",
            },
            "Topic": {"intermunicipal-cooperation", "service-improvement-plans"},
        },
    )
    seminar = models.Event.objects.with_status(STAFF).get(slug="gamsumo-seminar-2019-12-19")
    assert (seminar.kind, seminar.status, seminar.start.isoformat()) == (
        "seminar",
        "held",
        "2019-12-19",
    )
    assert seminar.documents.filter(kind="model_regulation").count() == 2
    assert set(seminar.donor_projects.values_list("slug", flat=True)) == {
        "voice-of-citizens-budget-process",
        "better-local-services",
    }
    roles = set(
        models.DonorProjectParticipation.objects.filter(
            donor_project__slug="better-local-services"
        ).values_list("organization__slug", "role")
    )
    assert roles == {
        ("swiss-government", "funding"),
        ("sdc", "extending"),
        ("helvetas", "implementing"),
        ("dpi", "implementing"),
    }
    assert models.Organization.objects.get(slug="tunduk").parent.slug == "gkits"
    assert models.ContactDetail.objects.filter(person__slug="nurgul-djamankulova").count() == 3


@pytest.mark.django_db
def test_article_002_conference_in_osh(seeded):
    assert_cites(
        "djantaev-osh-conference",
        {
            "Organization": {
                "civil-service-lsg-agency",
                "cabinet-of-ministers-kg",
                "union-lsg-kg",
                "dpi",
                "caalg",
                "council-of-europe",
                "congress-of-local-and-regional-authorities",
            },
            "Person": {"elchibek-djantaev"},
            "Event": {"osh-conference-lsg-accountability", "djantaev-working-visit-to-the-regions"},
            "Initiative": {"citizens-online-budget"},
            "Topic": {"participatory-budgeting", "citizen-participation"},
        },
    )
    source = models.Source.objects.get(slug="djantaev-osh-conference")
    assert (source.language, source.published_on, source.publisher) == ("ky", None, None)

    conference = models.Event.objects.get(slug="osh-conference-lsg-accountability")
    assert conference.start is None  # the article says "yesterday" and gives no date
    assert conference.territory.slug == "osh"
    assert {country.code for country in conference.participating_countries} == {
        "KG", "KZ", "UZ", "LV", "CH", "NL", "RU", "TR", "MN",
    }  # fmt: skip
    organizers = conference.participations.filter(role="organizer")
    assert set(organizers.values_list("organization__slug", flat=True)) == {
        "civil-service-lsg-agency",
        "union-lsg-kg",
        "dpi",
        "caalg",
    }
    # The article gives the title in Kyrgyz only: the Russian and English names are translations.
    assert conference.name_ky and {"name_ru", "name_en"} <= set(conference.registry_translations)

    succession = models.OrganizationSuccession.objects.get()
    assert (succession.predecessor.slug, succession.successor.slug) == (
        "gamsumo",
        "civil-service-lsg-agency",
    )


@pytest.mark.django_db
def test_article_003_exchange_of_mayoralties_in_osh(seeded):
    assert_cites(
        "union-bishkek-osh-exchange-2020-11-23",
        {
            "Organization": {
                "union-lsg-kg",
                "bishkek-mayoralty",
                "osh-mayoralty",
                "antimonopoly-service",
                "local-keneshes",
            },
            "Person": {"omurbek-almanbetov"},
            "Territory": {"bishkek", "osh", "ton-district", "issyk-kul-oblast"},
            "Event": {
                "bishkek-osh-mayoralties-exchange-2020-11-23",
                "ton-district-exchange-meeting-2020",
                "ton-district-municipal-services-seminar-2020",
            },
            "Initiative": {
                "electronic-mayoralty-bishkek",
                "municipal-territorial-administrations-bishkek",
                "municipal-private-partnership-osh",
                "e-ticketing-osh",
                "reform-of-republican-city-mayoralties",
            },
        },
    )
    source = models.Source.objects.get(slug="union-bishkek-osh-exchange-2020-11-23")
    # «Сегодня, 23 ноября»: no year, and 2019 and 2020 were both years of regional development.
    assert source.published_on.isoformat() == "[2019-11-23,2020-11-23]"
    assert "2019" in source.note and "2020" in source.note

    ton = models.Territory.objects.get(slug="ton-district")
    assert [t.slug for t in ton.ancestors()] == ["issyk-kul-oblast", "kyrgyzstan"]
    meeting = models.Event.objects.get(slug="bishkek-osh-mayoralties-exchange-2020-11-23")
    assert (meeting.start.isoformat(), meeting.territory.slug) == ("[2019-11-23,2020-11-23]", "osh")
    presenter = meeting.participations.get(organization__slug="osh-mayoralty")
    assert presenter.role == "presenter"


@pytest.mark.django_db
def test_article_004_online_meeting_on_the_pandemic(seeded):
    assert_cites(
        "kabar-pandemic-online-meeting-2020-08-27",
        {
            "Organization": {
                "kabar",
                "usaid",
                "union-lsg-kg",
                "government-office-kg",
                "ministry-of-finance-kg",
                "ministry-of-health-kg",
                "ministry-of-economy-kg",
                "government-representatives-in-oblasts",
            },
            "Event": {"lsg-pandemic-online-meeting-2020", "lsg-pandemic-survey-2020"},
            "DonorProject": {"jigerduu-jarandar"},
            "Document": {"survey-lsg-pandemic-2020"},
            "Topic": {"pandemic-response", "emergency-procurement"},
        },
    )
    source = models.Source.objects.get(slug="kabar-pandemic-online-meeting-2020-08-27")
    assert source.title.startswith("Госорганы и органы МСУ")  # not the rates above it
    assert "89.51" not in source.text and "Оставить комментарий" not in source.text

    meeting = models.Event.objects.get(slug="lsg-pandemic-online-meeting-2020")
    assert meeting.is_online and meeting.kind == "online_meeting"
    assert list(meeting.donor_projects.values_list("slug", flat=True)) == ["jigerduu-jarandar"]
    survey = models.Document.objects.get(slug="survey-lsg-pandemic-2020")
    assert "25 мэрий городов и 17 айыл окмоту" in survey.description
    assert set(survey.presented_at.values_list("slug", flat=True)) == {
        "lsg-pandemic-online-meeting-2020",
        "lsg-pandemic-survey-2020",
    }


@pytest.mark.django_db
def test_the_country_its_seven_oblasts_and_two_cities_of_republican_significance(seeded):
    country = models.Territory.objects.get(iso_code="KG")
    children = {t.iso_code: t.kind for t in country.children.all()}
    assert children == {
        **{f"KG-{code}": "oblast" for code in "BCJNOTY"},
        "KG-GB": "republican_city",
        "KG-GO": "republican_city",
    }
    # Names in ru, ky and en: «Иссык-Кульская область» is «Ысык-Көл облусу» in Kyrgyz.
    issyk_kul = models.Territory.objects.get(iso_code="KG-Y")
    assert (issyk_kul.name_ru, issyk_kul.name_ky, issyk_kul.name_en) == (
        "Иссык-Кульская область",
        "Ысык-Көл облусу",
        "Issyk-Kul Region",
    )


# --- Corrections from an independent reading (issue 19) ---------------------------------


def in_article(source_slug, quote):
    """The quote is in the archived article itself, not only in the registry's copy of it."""
    article = (ARTICLES / f"{source_slug}.txt").read_text(encoding="utf-8")
    return words(quote) in words(article)


@pytest.mark.django_db
def test_the_2019_seminar_belongs_to_2019s_themed_year_not_to_2020s(seeded):
    quote = "В рамках года развития регионов и цифровизации страны"
    assert in_article("dpi-gamsumo-seminar-2019-12-19", quote)
    seminar = models.Event.objects.get(slug="gamsumo-seminar-2019-12-19")
    year = seminar.initiatives.get()
    assert (year.slug, year.kind, year.name_ru) == (
        "year-of-regions-and-digitalisation-2019",
        "policy",
        "Год развития регионов и цифровизации страны",
    )
    # The article gives no dates or status for the year: the registry gives none either.
    assert (year.planned_start, year.planned_end, year.actual_start, year.actual_end) == (
        None,
        None,
        None,
        None,
    )
    assert not year.status_reports.exists()
    assert {"name_ky", "name_en"} <= set(year.registry_translations)
    assert "name_ru" not in year.registry_translations
    assert list(year.citations.values_list("source__slug", "quote")) == [
        ("dpi-gamsumo-seminar-2019-12-19", quote)
    ]
    # 2020's year («…и поддержки детей») no longer cites the 2019 release.
    assert not models.InitiativeCitation.objects.filter(
        record__slug="year-of-regions-2020", source__slug="dpi-gamsumo-seminar-2019-12-19"
    ).exists()


@pytest.mark.django_db
def test_the_union_articles_year_is_said_to_be_inferred_and_uncertain(seeded):
    assert in_article(
        "union-bishkek-osh-exchange-2020-11-23", "объявленного Года развития регионов"
    )
    assert in_article("dpi-gamsumo-seminar-2019-12-19", "года развития регионов и цифровизации")
    source = models.Source.objects.get(slug="union-bishkek-osh-exchange-2020-11-23")
    assert "Год — 2020-й:" not in source.note_ru
    assert "Ничто в текстах не отличает один год от другого" in source.note_ru
    assert "в реестре дата сообщения — 23 ноября 2019 или 2020 г." in source.note_ru
    assert "реестрде билдирүүнүн датасы — 2019 же 2020-ж., 23-ноябрь" in source.note_ky
    assert "the registry dates the text November 23, 2019 or 2020" in source.note_en
    assert str(source.published_on) == "[2019-11-23,2020-11-23]"


@pytest.mark.django_db
def test_the_presidents_press_release_has_no_publisher_the_site_that_carried_it_unnamed(seeded):
    # The press service wrote the report; the unnamed news site that carried it published it.
    assert in_article("president-receives-saliev-2020-02-25", "сообщает пресс-служба президента КР")
    source = models.Source.objects.get(slug="president-receives-saliev-2020-02-25")
    assert source.publisher is None
    assert "сайт не назван" in source.note_ru
    assert models.OrganizationCitation.objects.filter(
        record__slug="president-press-service", source=source
    ).exists()


@pytest.mark.django_db
def test_the_osh_conference_note_does_not_put_the_pandemic_in_the_past(seeded):
    # «…пандемия учурунда … биле алышат»: participants can learn, the verb is not past.
    assert in_article("djantaev-osh-conference", "Кыргызстанда пандемия учурунда Жарандык")
    assert in_article("djantaev-osh-conference", "кантип уюштурулганын биле алышат")
    source = models.Source.objects.get(slug="djantaev-osh-conference")
    assert "прошедшем времени" not in source.note_ru
    assert "өткөн чакта" not in source.note_ky
    assert "in the past" not in source.note_en
    assert "без слов о том, закончилась ли она." in source.note_ru
    assert "ал бүткөнү же уланып жатканы айтылбайт." in source.note_ky
    assert "without saying whether it is over." in source.note_en


@pytest.mark.django_db
def test_the_osh_conferences_countries_are_those_whose_representatives_gave_reports(seeded):
    # The sentence naming the countries says local bodies study their experience; only the
    # programme's reports («…өлкөлөрдүн өкүлдөрүнүн баяндамалары каралган») bring them in.
    reports = "жогоруда аталган өлкөлөрдүн өкүлдөрүнүн баяндамалары каралган"
    assert in_article("djantaev-osh-conference", reports)
    conference = models.Event.objects.get(slug="osh-conference-lsg-accountability")
    assert "башка өлкөлөрдүн өкүлдөрүнүн баяндамалары каралган." in (
        conference.participants_description_ky
    )
    assert "Монголиянын жана башка өлкөлөрдүн өкүлдөрү." not in (
        conference.participants_description_ky
    )
    assert "В программе конференции — доклады" in conference.participants_description_ru
    assert "The conference programme included reports by" in (
        conference.participants_description_en
    )
    assert {"participants_description_ru", "participants_description_en"} <= set(
        conference.registry_translations
    )
    assert "participants_description_ky" not in conference.registry_translations


@pytest.mark.django_db
def test_the_surveys_description_speaks_of_the_survey_not_of_the_meeting(seeded):
    assert in_article(
        "kabar-pandemic-online-meeting-2020-08-27",
        "итоги проведенного анкетирования среди 25 мэрий городов и 17 айыл окмоту",
    )
    survey = models.Event.objects.get(slug="lsg-pandemic-survey-2020")
    assert (survey.description_ru, survey.description_ky, survey.description_en) == (
        "Дата анкетирования в источнике не указана; сообщение опубликовано 27 августа 2020 года.",
        "Анкеталык сурамжылоонун датасы булакта көрсөтүлгөн эмес; билдирүү 2020-жылдын "
        "27-августунда жарыяланган.",
        "The date of the survey is not given in the source; the report was published on "
        "August 27, 2020.",
    )


@pytest.mark.django_db
def test_dpis_kyrgyz_name_is_the_bare_name_like_its_russian_and_english_ones(seeded):
    assert in_article("djantaev-osh-conference", "“Өнүктүрүү саясат институту” коомдук бирикмеси")
    dpi = models.Organization.objects.get(slug="dpi")
    assert (dpi.name_ru, dpi.name_ky, dpi.name_en) == (
        "Институт политики развития",
        "Өнүктүрүү саясат институту",
        "Development Policy Institute",
    )
    # The name is the Kyrgyz article's, without its quote marks and legal form.
    assert "name_ky" not in dpi.registry_translations


@pytest.mark.django_db
def test_kyrgyz_names_of_the_agency_and_the_usaid_project_in_their_standard_forms(seeded):
    agency = models.Organization.objects.get(slug="gamsumo")
    assert agency.name_ky == (
        "Кыргыз Республикасынын Өкмөтүнө караштуу Жергиликтүү өз алдынча башкаруу иштери жана "
        "этностор аралык мамилелер боюнча мамлекеттик агенттиги"
    )
    # No article names the agency under the Government in Kyrgyz: the name is the registry's.
    assert "name_ky" in agency.registry_translations

    # The Russian article writes the project's Kyrgyz name as «Жигердуу жарандар»; a Russian
    # page shows it as the article does, a Kyrgyz page in standard spelling.
    assert in_article(
        "kabar-pandemic-online-meeting-2020-08-27", 'Проекта USAID "Жигердуу жарандар"'
    )
    project = models.DonorProject.objects.get(slug="jigerduu-jarandar")
    assert (project.name_ru, project.name_ky) == ("Жигердуу жарандар", "Жигердүү жарандар")
    assert "name_ky" in project.registry_translations


@pytest.mark.django_db
def test_the_osh_mayoralty_presented_its_two_initiatives_and_is_not_said_to_lead_them(seeded):
    # «…сотрудники мэрии города Ош провели презентации по муниципально-частному партнерству и
    # созданию автоматизированной системы электронного билетирования»: a presentation at the
    # meeting, not a lead role or a status.
    source = "union-bishkek-osh-exchange-2020-11-23"
    presented = "сотрудники мэрии города Ош провели презентации"
    assert in_article(source, presented)
    meeting = models.Event.objects.get(slug="bishkek-osh-mayoralties-exchange-2020-11-23")
    presenter = meeting.participations.get(organization__slug="osh-mayoralty")
    assert (presenter.role, presenter.quote) == ("presenter", presented)
    osh = ["e-ticketing-osh", "municipal-private-partnership-osh"]
    assert set(meeting.initiatives.filter(slug__in=osh).values_list("slug", flat=True)) == set(osh)
    assert not models.InitiativeParticipation.objects.filter(initiative__slug__in=osh).exists()
    assert not models.InitiativeStatusReport.objects.filter(initiative__slug__in=osh).exists()
    for slug, quote in [
        ("e-ticketing-osh", "созданию автоматизированной системы электронного билетирования"),
        ("municipal-private-partnership-osh", "по муниципально-частному партнерству"),
    ]:
        assert in_article(source, quote)
        assert models.InitiativeCitation.objects.filter(
            record__slug=slug, source__slug=source, quote=quote
        ).exists()


@pytest.mark.django_db
def test_sanarip_aimaks_indicator_reads_true_of_the_pilot_and_of_the_target(seeded, client):
    # The pilot has *started* in eight («в пилотном режиме начата реализация»), full introduction
    # in 484 is planned («полноценно внедрить»): "introduced in 8" was true of neither.
    source = "president-receives-saliev-2020-02-25"
    assert in_article(source, "в восьми айыл окмоту в пилотном режиме начата реализация")
    assert in_article(source, "планируется полноценно внедрить в 484 айыл окмоту")
    indicator = models.Indicator.objects.get(initiative__slug="sanarip-aimak")
    assert (indicator.name_ru, indicator.name_ky, indicator.name_en) == (
        "Айыл окмоту, в которых реализуется «Санарип аймак»",
        "«Санарип аймак» ишке ашырылып жаткан айыл өкмөттөрү",
        "Aiyl okmotus where Sanarip Aimak is being implemented",
    )
    page = client.get("/ru/initiatives/sanarip-aimak/").content.decode()
    assert "Айыл окмоту, в которых реализуется «Санарип аймак»" in page
    assert "где внедрён" not in page
    assert "Пилотный режим: в восьми айыл окмоту реализация начата" in page


@pytest.mark.django_db
def test_the_working_visit_went_to_the_regions_not_to_osh_alone(seeded, client):
    # «…аймактарга болгон иш сапары»: to the regions; Osh is where the conference was.
    assert in_article("djantaev-osh-conference", "аймактарга болгон иш сапары")
    visit = models.Event.objects.get(slug="djantaev-working-visit-to-the-regions")
    assert visit.territory is None
    conference = models.Event.objects.get(slug="osh-conference-lsg-accountability")
    assert conference.territory.slug == "osh"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("event", "person", "quote"),
    [
        (
            "gamsumo-seminar-2019-12-19",
            "murat-baidyldaev",
            "сказал Мурат Байдылдаев, заместитель директора ГАМСУМО",
        ),
        (
            "bishkek-osh-mayoralties-exchange-2020-11-23",
            "omurbek-almanbetov",
            "отметил Омурбек Алманбетов",
        ),
        (
            "ton-district-exchange-meeting-2020",
            "omurbek-almanbetov",
            "Омурбек Алманбетов также информировал, что за последний месяц подобные встречи по "
            "обмену опытом проведены и в Тонском районе Иссык-Кульской области",
        ),
        (
            "ton-district-municipal-services-seminar-2020",
            "omurbek-almanbetov",
            "В рамках которой по просьбе глав девяти айыл окмоту был проведен семинар по "
            "оптимизации системы предоставления муниципальных услуг",
        ),
    ],
)
def test_people_who_gave_an_account_of_an_event_are_linked_to_it(
    seeded, client, event, person, quote
):
    # They told of the event in the article; the article does not say they were there, so the
    # role says what it does say.
    record = models.EventPerson.objects.get(event__slug=event, person__slug=person)
    assert (record.role, record.quote) == ("informant", quote)
    assert in_article(record.source.slug, quote)
    name = models.Person.objects.get(slug=person).name_ru
    page = client.get(f"/ru/events/{event}/").content.decode()
    assert name in page
    assert f"{name}</a> — источник сведений о мероприятии" in page
    ky_page = client.get(f"/ky/events/{event}/").content.decode()
    assert "— иш-чара тууралуу маалымат берген" in ky_page
