"""IATI 2.03 activity XML (initiatives/iati.py), checked against the official IATI schema and
code lists as the pyIATI 0.4.1 package ships them (installed by `make`, never downloaded by a
test): the seed export, a generated registry, and exact content where the registry has it."""

import functools
import importlib.util
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import override_settings
from lxml import etree

from initiatives import models
from initiatives.models.choices import ActivityStatus, OrganisationRole
from initiatives.models.registry_version import RegistryVersion
from initiatives.throttling import DownloadRateThrottle
from tests import factories as f
from tests.test_seed_data import load_fixtures

pytestmark = pytest.mark.django_db

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SEED_PROJECT = "/data/iati/donorproject/better-local-services.xml"


def standard():
    """The IATI 2.03 files inside the pyIATI package, found without importing it (its own
    dependencies are not installed)."""
    spec = importlib.util.find_spec("iati")
    assert spec is not None, "pyIATI is not installed: run `make venv`"
    return Path(spec.submodule_search_locations[0]) / "resources" / "standard" / "2-03"


@functools.cache
def schema():
    return etree.XMLSchema(etree.parse(str(standard() / "schemas" / "iati-activities-schema.xsd")))


@functools.cache
def codelist(name):
    tree = etree.parse(str(standard() / "codelists" / f"{name}.xml"))
    return {code.text for code in tree.iter("code")}


# Every coded attribute the export writes, with the IATI code list its value must be in.
CODED = {
    "activity-status/@code": "ActivityStatus",
    "activity-date/@type": "ActivityDateType",
    "description/@type": "DescriptionType",
    "participating-org/@role": "OrganisationRole",
    "participating-org/@type": "OrganisationType",
    "recipient-country/@code": "Country",
    "budget/value/@currency": "Currency",
    "document-link/@format": "FileFormat",
    "document-link/category/@code": "DocumentCategory",
    "document-link/language/@code": "Language",
    "related-activity/@type": "RelatedActivityType",
    "result/@type": "ResultType",
    "result/indicator/@measure": "IndicatorMeasure",
}


def valid(content):
    """The document, once the schema, the code lists and the standard ruleset's date rules
    accept it."""
    document = etree.fromstring(content)
    assert schema().validate(document), [str(error) for error in schema().error_log]
    for path, name in CODED.items():
        for value in document.xpath(f"//iati-activity/{path}"):
            assert value in codelist(name), f"{path}={value} is not in {name}"
    for lang in document.xpath("//@xml:lang"):
        assert lang in codelist("Language")
    for activity in document.iter("iati-activity"):
        # The IATI ruleset: a planned or actual start; a start before its end.
        dates = {date.get("type"): date.get("iso-date") for date in activity.iter("activity-date")}
        assert dates.keys() & {"1", "2"}
        assert dates.get("1", "") <= dates.get("3", "9999")
        assert dates.get("2", "") <= dates.get("4", "9999")
    for period in document.xpath("//period | //budget"):
        assert period.find("period-start").get("iso-date") <= period.find("period-end").get(
            "iso-date"
        )
    return document


def activity(document, identifier):
    (found,) = document.xpath(f"iati-activity[iati-identifier='{identifier}']")
    return found


def identifiers(document):
    return [element.text for element in document.iter("iati-identifier")]


BETTER_LOCAL_SERVICES = [
    ("ru", "Улучшение услуг на местном уровне"),
    ("ky", "Жергиликтүү деңгээлде кызмат көрсөтүүлөрдү жакшыртуу"),
    ("en", "Improving Services at the Local Level"),
]


def narratives(element):
    return [(narrative.get(XML_LANG), narrative.text) for narrative in element.iter("narrative")]


def comments(document):
    return [node.text.strip() for node in document.xpath("comment()")]


@pytest.fixture(autouse=True)
def fresh_throttle():
    """The download limit counts in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


def test_the_seed_export_is_valid_iati_with_every_published_donor_project(client):
    load_fixtures()
    response = client.get("/data/iati/activities.xml")
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="iati-activities.xml"'
    document = valid(response.getvalue())
    assert document.get("version") == "2.03"
    assert identifiers(document) == [
        "donorproject-better-local-services",
        "donorproject-jigerduu-jarandar",
        "donorproject-voice-of-citizens-budget-process",
    ]
    # No seed initiative has an organisation in an IATI role (only "lead"): IATI needs one.
    assert comments(document)[1:] == [
        "The registry has no IATI organisation identifier yet: reporting-org/@ref is empty and "
        "iati-identifiers are the registry's own, without the prefix IATI requires (setting "
        "IATI_REPORTING_ORG_REF).",
        "reporting-org/@type is empty: the registry's organisation type is not set (setting "
        "IATI_REPORTING_ORG_TYPE).",
        "document-link addresses are relative to the registry's site (setting SITE_URL).",
        "No participating organisation has a ref: the registry holds no IATI organisation "
        "identifiers. Organisations in roles IATI has no code for (lead, partner) are not "
        "listed. No activity has a sector, a transaction or a contact.",
        "Left out: 0 published donor projects and 13 published initiatives without what IATI "
        "requires of an activity (a status from a source, an organisation in an IATI role, a "
        "date).",
    ]


def test_the_sdc_helvetas_project_as_its_sources_give_it(client):
    load_fixtures()
    response = client.get(SEED_PROJECT)
    assert response["Content-Disposition"] == (
        'attachment; filename="iati-donorproject-better-local-services.xml"'
    )
    project = activity(valid(response.content), "donorproject-better-local-services")
    assert project.get(XML_LANG) == "ru"
    reporting = project.find("reporting-org")
    assert dict(reporting.attrib) == {"ref": "", "type": "", "secondary-reporter": "1"}
    assert narratives(reporting) == [
        ("ru", "Реестр реформы МСУ"),
        ("ky", "ЖӨБ реформасынын реестри"),
        ("en", "LSG reform registry"),
    ]
    # Every language the registry has the name in.
    assert narratives(project.find("title")) == BETTER_LOCAL_SERVICES
    assert narratives(project.find("description")) == [
        ("ru", "В реестре нет описания этой деятельности."),
        ("ky", "Реестрде бул иштин сыпаттамасы жок."),
        ("en", "The registry has no description of this activity."),
    ]
    assert [
        (org.get("role"), org.get("type"), narratives(org)[-1])
        for org in project.iter("participating-org")
    ] == [
        ("1", None, ("en", "Government of Switzerland")),
        ("3", None, ("en", "Swiss Agency for Development and Cooperation")),
        ("4", None, ("en", "Development Policy Institute")),
        ("4", None, ("en", "HELVETAS Swiss Intercooperation")),
    ]
    assert project.find("activity-status").get("code") == "2"  # implementation
    # No start date is recorded: the source of 19 December 2019 bounds it, and says so.
    (date,) = project.iter("activity-date")
    assert dict(date.attrib) == {"type": "2", "iso-date": "2019-12-19"}
    assert narratives(date) == [
        (
            "ru",
            "Дата начала неизвестна. По сообщению источника, 2019-12-19 работа уже шла: она "
            "началась в этот день или раньше.",
        ),
        (
            "ky",
            "Башталган күнү белгисиз. Булактын маалыматы боюнча, 2019-12-19 күнү иш жүрүп "
            "жаткан: ал ошол күнү же андан мурун башталган.",
        ),
        (
            "en",
            "The start date is not known. A source reports the activity under way on "
            "2019-12-19: it started that day or earlier.",
        ),
    ]
    assert project.find("recipient-country").get("code") == "KG"
    assert project.find("budget") is None  # the registry has none
    assert [
        (
            link.get("url"),
            link.find("category").get("code"),
            link.find("language").get("code"),
            narratives(link.find("title")),
        )
        for link in project.iter("document-link")
    ] == [
        (
            "/ru/projects/better-local-services/",
            "A12",
            "ru",
            BETTER_LOCAL_SERVICES,
        ),
        (
            "/ru/sources/dpi-gamsumo-seminar-2019-12-19/",
            "A12",
            "ru",
            [
                (
                    "ru",
                    "ГАМСУМО проводит семинар для глав исполнительных органов местного "
                    "самоуправления",
                )
            ],
        ),
    ]
    assert project.find("related-activity") is None and project.find("result") is None


def registry_with_results():
    """A donor project supporting an initiative with an indicator, dates known to the day, the
    month and the year, a budget, a place, a document, a child initiative; and drafts."""
    report = f.SourceFactory(slug="a-report", title="Отчёт проекта", published_on="2020-06")
    project = f.DonorProjectFactory(
        slug="roads",
        name_ru="Дороги",
        name_en="Roads",
        description_en="Roads for villages.",
        start="2019-02",
        end="2021",
        budget=Decimal("1000000.50"),
        currency="CHF",
        iati_identifier="CH-4-2019001",
        status=ActivityStatus.IMPLEMENTATION,
        status__source=report,
    )
    for slug, kind, role in (
        ("ngo", models.Organization.Kind.NGO, OrganisationRole.IMPLEMENTING),
        ("ministry", models.Organization.Kind.STATE_BODY, OrganisationRole.EXTENDING),
        ("donor", models.Organization.Kind.DONOR, OrganisationRole.FUNDING),
        ("mayoralty", models.Organization.Kind.LSG_BODY, OrganisationRole.LEAD),
    ):
        organization = f.OrganizationFactory(slug=slug, name_en=slug.title(), kind=kind)
        f.DonorProjectParticipationFactory(
            donor_project=project, organization=organization, role=role
        )
    pilot = f.InitiativeFactory(
        slug="pilot",
        name_ru="Пилот",
        name_ky="Пилот",
        planned_start="2019-03-05",
        actual_start="2019-04",
        planned_end="2020",
        status=ActivityStatus.IMPLEMENTATION,
    )
    f.InitiativeParticipationFactory(initiative=pilot, role=OrganisationRole.IMPLEMENTING)
    pilot.donor_projects.add(project)
    pilot.territories.add(
        f.TerritoryFactory(
            slug="chui", name_ru="Чуйская область", name_en="Chüy Region", kind="oblast"
        ),
        f.TerritoryFactory(slug="kg", kind=models.Territory.Kind.COUNTRY),
    )
    pilot.documents.add(
        f.DocumentFactory(slug="guide", name_ru="Руководство", issued_on="2020-03-01"),
        f.DocumentFactory(slug="draft-guide", is_published=False),
    )
    indicator = f.IndicatorFactory(
        initiative=pilot,
        slug="aimaks",
        name_ru="Айыл окмоту с системой",
        name_en="Aiyl okmotus with the system",
        unit_ru="айыл окмоту",
        unit_en="aiyl okmotus",
        baseline_value=Decimal(2),
        baseline_date="2019",
        target_value=Decimal(484),
        target_date="2020-12-31",
    )
    f.MeasurementFactory(indicator=indicator, value=Decimal(8), as_of="2020-02-25")
    f.MeasurementFactory(
        indicator=indicator, value=Decimal("100.5"), as_of="2020-06", source=report
    )
    draft_source = f.SourceFactory(slug="draft-source", is_published=False)
    f.MeasurementFactory(
        indicator=indicator, value=Decimal(50), as_of="2020-04", source=draft_source
    )
    child = f.InitiativeFactory(
        slug="pilot-osh", parent=pilot, actual_start="2020", status=ActivityStatus.PIPELINE
    )
    f.InitiativeParticipationFactory(initiative=child, role=OrganisationRole.ACCOUNTABLE)
    f.InitiativeFactory(slug="pilot-talas", parent=pilot)  # no status: not an activity
    return project, pilot


def test_dates_budget_links_and_results_at_the_precision_the_registry_has(client):
    registry_with_results()
    document = valid(client.get("/data/iati/activities.xml").getvalue())
    assert identifiers(document) == [
        "donorproject-roads",
        "initiative-pilot",
        "initiative-pilot-osh",
    ]

    project = activity(document, "donorproject-roads")
    assert narratives(project.find("description")) == [("en", "Roads for villages.")]
    # By IATI role code; the lead has none and is left out; a donor's type is not one.
    assert [(org.get("role"), org.get("type")) for org in project.iter("participating-org")] == [
        ("1", None),
        ("3", "10"),
        ("4", None),
    ]
    # A project's term is what its sources announce: planned, to the precision known.
    assert [
        (date.get("type"), date.get("iso-date"), narratives(date)[-1])
        for date in project.iter("activity-date")
    ] == [
        ("1", "2019-02-01", ("en", "Only the month is known (2019-02): its first day is given.")),
        ("3", "2021-12-31", ("en", "Only the year is known (2021): its last day is given.")),
    ]
    assert narratives(project.find("activity-date"))[0] == (
        "ru",
        "Известен только месяц (2019-02): указан его первый день.",
    )
    budget = project.find("budget")
    assert [
        (element.tag, dict(element.attrib), element.text and element.text.strip())
        for element in budget
    ] == [
        ("period-start", {"iso-date": "2019-02-01"}, None),
        ("period-end", {"iso-date": "2021-12-31"}, None),
        ("value", {"currency": "CHF", "value-date": "2019-02-01"}, "1000000.5"),
    ]
    assert [
        (related.get("ref"), related.get("type")) for related in project.iter("related-activity")
    ] == [("initiative-pilot", "2"), ("CH-4-2019001", "5")]

    pilot = activity(document, "initiative-pilot")
    assert narratives(pilot.find("title")) == [("ru", "Пилот"), ("ky", "Пилот")]
    assert [
        (date.get("type"), date.get("iso-date"), len(narratives(date)))
        for date in pilot.iter("activity-date")
    ] == [("1", "2019-03-05", 0), ("2", "2019-04-01", 3), ("3", "2020-12-31", 3)]
    (location,) = pilot.iter("location")  # the oblast; the country is recipient-country
    assert narratives(location) == [("ru", "Чуйская область"), ("en", "Chüy Region")]
    links = [link.get("url") for link in pilot.iter("document-link")]
    assert links[0] == "/ru/initiatives/pilot/" and links[-1] == "/ru/documents/guide/"
    assert "/ru/sources/a-report/" in links and "/ru/sources/draft-source/" not in links
    assert pilot.find("document-link[@url='/ru/documents/guide/']/document-date").get(
        "iso-date"
    ) == ("2020-03-01")
    assert [
        (related.get("ref"), related.get("type")) for related in pilot.iter("related-activity")
    ] == [("donorproject-roads", "1"), ("initiative-pilot-osh", "2")]
    assert activity(document, "initiative-pilot-osh").find("related-activity").attrib == {
        "ref": "initiative-pilot",
        "type": "1",
    }

    (result,) = pilot.iter("result")
    indicator = result.find("indicator")
    assert dict(indicator.attrib) == {"measure": "1", "ascending": "1"}
    assert narratives(indicator.find("title")) == [
        ("ru", "Айыл окмоту с системой"),
        ("en", "Aiyl okmotus with the system"),
    ]
    assert narratives(indicator.find("description")) == [
        ("ru", "Единица измерения: айыл окмоту"),
        ("en", "Unit: aiyl okmotus"),
    ]
    # A baseline known to the year has the year alone; each value and the target have the
    # period their date spans; the value resting on a draft source is not there.
    assert dict(indicator.find("baseline").attrib) == {"year": "2019", "value": "2"}
    assert [
        (
            period.find("period-start").get("iso-date"),
            period.find("period-end").get("iso-date"),
            [(value.tag, value.get("value")) for value in period.iterfind("*[@value]")],
        )
        for period in indicator.iter("period")
    ] == [
        ("2020-02-25", "2020-02-25", [("actual", "8")]),
        ("2020-06-01", "2020-06-30", [("actual", "100.5")]),
        ("2020-12-31", "2020-12-31", [("target", "484")]),
    ]


def test_drafts_and_what_rests_on_them_are_not_in_the_file(client, viewer_client):
    project, pilot = registry_with_results()
    # Complete, but a draft.
    draft = f.DonorProjectFactory(
        slug="draft-project", is_published=False, start="2020", status=ActivityStatus.CLOSED
    )
    f.DonorProjectParticipationFactory(donor_project=draft)
    draft.initiatives.add(pilot)
    # Published, but its only IATI role and its status rest on draft sources.
    hidden = f.SourceFactory(slug="hidden", is_published=False)
    unsourced = f.DonorProjectFactory(
        slug="unsourced", start="2020", status=ActivityStatus.CLOSED, status__source=hidden
    )
    f.DonorProjectParticipationFactory(donor_project=unsourced, source=hidden, quote="цитата")
    f.InitiativeFactory(slug="draft-initiative", is_published=False).donor_projects.add(project)

    content = client.get("/data/iati/activities.xml").getvalue().decode()
    document = valid(content.encode())
    assert identifiers(document) == [
        "donorproject-roads",
        "initiative-pilot",
        "initiative-pilot-osh",
    ]
    for hidden_text in ("draft-project", "unsourced", "draft-initiative", "draft-guide", "hidden"):
        assert hidden_text not in content
    # Staff get the same publication, and no file of a draft.
    assert viewer_client.get(SEED_PROJECT.replace("better-local-services", "roads")).content
    for url in (
        "/data/iati/donorproject/draft-project.xml",
        "/data/iati/donorproject/unsourced.xml",
        "/data/iati/initiative/pilot-talas.xml",
        "/data/iati/event/roads.xml",
        "/data/iati/donorproject/no-such.xml",
    ):
        assert client.get(url).status_code == 404, url
        assert viewer_client.get(url).status_code == 404, url
    staff_file = viewer_client.get("/data/iati/activities.xml").getvalue().decode()
    assert staff_file.split("\n", 2)[2] == content.split("\n", 2)[2]  # but generated-datetime


def test_a_generated_registry_exports_valid_iati(tmp_path):
    call_command("generate_registry", "--scale", "0.005", verbosity=0)
    # Generated initiatives have a lead and partners only; give those a donor project supports
    # an implementer, so the file has initiatives with their indicators, places and documents.
    supported = models.Initiative.objects.filter(donor_projects__isnull=False).distinct()
    implementer = models.Organization.objects.first()
    models.InitiativeParticipation.objects.bulk_create(
        models.InitiativeParticipation(
            initiative=initiative, organization=implementer, role=OrganisationRole.IMPLEMENTING
        )
        for initiative in supported
    )
    output = tmp_path / "activities.xml"
    call_command("export_registry", "--format", "iati", "--output", str(output), verbosity=0)
    document = valid(output.read_bytes())
    projects = models.DonorProject.objects.count()
    assert len(identifiers(document)) == projects + supported.count()
    assert document.xpath("count(//result/indicator/period/actual)") > 0
    assert document.xpath("count(//related-activity[@type='1'])") == supported.count()


def test_the_export_command_writes_what_the_door_serves(client, tmp_path):
    load_fixtures()
    out = io.StringIO()
    call_command("export_registry", "--format", "iati", stdout=out)
    served = client.get("/data/iati/activities.xml").getvalue().decode()
    assert out.getvalue().split("\n", 2)[2] == served.split("\n", 2)[2]
    out = io.StringIO()
    call_command(
        "export_registry",
        "--format",
        "iati",
        "--select",
        "donorproject:jigerduu-jarandar",
        stdout=out,
    )
    assert identifiers(valid(out.getvalue().encode())) == ["donorproject-jigerduu-jarandar"]
    with pytest.raises(Exception, match="initiative:sanarip-aimak: not an IATI activity"):
        call_command("export_registry", "--format", "iati", "--select", "initiative:sanarip-aimak")


@override_settings(
    IATI_REPORTING_ORG_REF="ZZ-TEST",
    IATI_REPORTING_ORG_TYPE="90",
    SITE_URL="https://registry.example.org",
)
def test_once_the_registry_has_an_iati_identifier_every_activity_carries_it(client):
    load_fixtures()
    document = valid(client.get(SEED_PROJECT).content)
    project = activity(document, "ZZ-TEST-donorproject-better-local-services")
    assert project.find("reporting-org").get("ref") == "ZZ-TEST"
    assert project.find("reporting-org").get("type") == "90"
    assert project.find("document-link").get("url") == (
        "https://registry.example.org/ru/projects/better-local-services/"
    )
    assert not any(
        "IATI_REPORTING_ORG" in text or "SITE_URL" in text for text in comments(document)
    )


@pytest.mark.parametrize(
    ("language", "label"),
    [
        ("ru", "Скачать в формате IATI (XML)"),
        ("ky", "IATI форматында жүктөп алуу (XML)"),
        ("en", "Download in IATI format (XML)"),
    ],
)
def test_a_donor_project_page_links_its_iati_file(client, language, label):
    load_fixtures()
    page = client.get(f"/{language}/projects/better-local-services/").content.decode()
    assert f'<a href="{SEED_PROJECT}" download>{label}</a>' in page
    # A project IATI cannot take (no status from a source) links none.
    f.DonorProjectFactory(slug="unreported")
    page = client.get(f"/{language}/projects/unreported/").content.decode()
    assert "/data/iati/" not in page and label not in page


def grow(extra):
    """More of what an activity shows: the file's queries must not grow with it."""
    for number in range(extra):
        project = f.DonorProjectFactory(
            slug=f"grown-{number}", start="2020", status=ActivityStatus.IMPLEMENTATION
        )
        f.DonorProjectParticipationFactory(donor_project=project)
        f.DonorProjectParticipationFactory(donor_project=models.DonorProject.objects.first())
        initiative = f.InitiativeFactory(status=ActivityStatus.IMPLEMENTATION, planned_start="2020")
        f.InitiativeParticipationFactory(initiative=initiative, role=OrganisationRole.FUNDING)
        initiative.donor_projects.add(project)
        f.MeasurementFactory(indicator=f.IndicatorFactory(initiative=initiative))


@pytest.mark.parametrize("extra", [1, 3])
def test_the_iati_downloads_cost_a_fixed_number_of_queries(
    client, django_assert_num_queries, extra
):
    load_fixtures()
    grow(extra)
    # A savepoint pair; the project, its latest status, and one query for each thing it
    # shows: roles, citations, status reports, the initiatives it supports.
    with django_assert_num_queries(8):
        assert client.get(SEED_PROJECT).status_code == 200
    # The whole file, built: a savepoint pair, the version, the two left-out counts; the
    # projects as above (6); the initiatives, their latest status, roles, citations, reports,
    # donor projects, children, indicators, their citations and values, documents, places (12).
    with django_assert_num_queries(23):
        assert client.get("/data/iati/activities.xml").status_code == 200
    with django_assert_num_queries(3):
        assert client.get("/data/iati/activities.xml").getvalue()


def test_the_iati_file_is_a_public_snapshot_built_ahead_like_the_others():
    load_fixtures()
    call_command("build_snapshots", "--staff", verbosity=0)
    version = RegistryVersion.current()[0]
    assert default_storage.exists(f"snapshots/public/{version}/iati/activities.xml")
    assert not default_storage.exists(f"snapshots/staff/{version}/iati/activities.xml")


def test_the_iati_doors_count_against_the_download_limit(client, monkeypatch):
    load_fixtures()
    monkeypatch.setattr(DownloadRateThrottle, "rate", "2/minute", raising=False)
    assert client.get("/data/iati/activities.xml").status_code == 200
    assert client.get(SEED_PROJECT).status_code == 200
    assert client.get("/data/registry.json").status_code == 429
    assert client.get(SEED_PROJECT).status_code == 429
