"""Exports: the registry or a selection, as a fixture, CSV or ZIP, byte-stable and loadable.

The suite runs on SQLite and PostgreSQL, so each round trip is checked on both.
"""

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from initiatives import models
from initiatives.imports import import_fixture
from initiatives.visibility import PUBLIC
from tests import factories as f
from tests.test_privacy import leaks
from tests.test_seed_data import FIXTURES, load_fixtures

SEED = Path(FIXTURES[0])


def export_command(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("export_registry", *args, stdout=out, stderr=err)
    return out.getvalue()


def wipe():
    """Empty the database, as a new instance would be (rolled back with the test)."""
    if connection.vendor == "postgresql":
        # Rows written in this test leave deferred foreign-key checks that block TRUNCATE.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)


def test_the_seed_fixture_is_exactly_what_the_exporter_writes(db):
    load_fixtures()
    assert export_command() == SEED.read_text(encoding="utf-8")


def rich_registry():
    """Records of every kind, drafts, a forward parent reference and private contacts."""
    oblast = f.TerritoryFactory(slug="z-oblast", kind=models.Territory.Kind.OBLAST)
    district = f.TerritoryFactory(slug="a-district", parent=oblast)  # its parent sorts after it
    measurement = f.MeasurementFactory(value="8.5000", as_of="2020-02")
    initiative = measurement.indicator.initiative
    initiative.territories.add(oblast)
    # A place that joined, left and joined again, with its source.
    place = f.TerritoryFactory(slug="b-aiyl-aimak", parent=district, kind="aiyl_aimak")
    f.TerritoryMembershipFactory(initiative=initiative, territory=place, joined="2020", left="2021")
    f.TerritoryMembershipFactory(
        initiative=initiative,
        territory=place,
        joined="2021-03",
        source=f.SourceFactory(),
        quote="в пилотном режиме",
    )
    initiative.topics.add(f.TopicFactory(), f.TopicFactory(is_published=False))
    f.InitiativeParticipationFactory(initiative=initiative)
    f.InitiativeFactory(parent=initiative, planned_start="2019", planned_end="2021-03")
    f.DonorProjectParticipationFactory(
        donor_project__budget="1000.50", donor_project__currency="CHF"
    )
    event = f.EventFactory(series=f.EventSeriesFactory(), edition=1, participating_countries=["KG"])
    f.EventPersonFactory(event=event)
    f.ContactDetailFactory(value="+996 555 000 000")
    f.PositionFactory()
    f.OrganizationSuccessionFactory()
    document = f.DocumentFactory(issuer=f.OrganizationFactory(is_published=False))
    # A statement by an organization, linked to what it concerns, and one kept commitment.
    said = f.StatementFactory(person=None, organization=f.OrganizationFactory(), said_on="2019-11~")
    said.initiatives.add(initiative)
    said.events.add(event)
    said.documents.add(document)
    f.CommitmentReportFactory(statement__due="2020-12", as_of="2021")
    return initiative


def test_export_import_export_round_trip_of_every_kind_of_record(db, tmp_path):
    rich_registry()
    first = export_command("--include-private")
    (tmp_path / "round-trip.json").write_text(first, encoding="utf-8")
    wipe()
    report = import_fixture(tmp_path / "round-trip.json")
    assert sum(report.created.values()) == len(json.loads(first))
    assert export_command("--include-private") == first
    exported = {row["model"] for row in json.loads(first)}
    assert {"initiatives.statement", "initiatives.commitmentreport"} <= exported


def test_two_exports_of_the_same_data_are_byte_identical(db):
    rich_registry()
    assert export_command() == export_command()


def test_private_contacts_only_when_asked(db):
    rich_registry()
    public = export_command()
    assert "contactdetail" not in public and "+996" not in public
    assert "+996 555 000 000" in export_command("--include-private")


def test_selection_brings_what_it_references_and_loads_alone(db, tmp_path):
    load_fixtures()
    selected = export_command("--select", "initiative:sanarip-aimak")
    records = json.loads(selected)
    kinds = {record["model"] for record in records}
    assert {
        "initiatives.initiative",
        "initiatives.indicator",
        "initiatives.measurement",
        "initiatives.source",
        "initiatives.territory",
        "initiatives.topic",
        "initiatives.initiativecitation",
    } <= kinds
    assert "initiatives.event" not in kinds  # events point at it, not it at them
    path = tmp_path / "sanarip.json"
    path.write_text(selected, encoding="utf-8")
    wipe()
    import_fixture(path)
    indicator = models.Indicator.objects.with_progress(PUBLIC).get(initiative__slug="sanarip-aimak")
    assert (indicator.progress.value_text, indicator.progress.target_text) == ("8", "484")
    assert export_command() == selected


def test_published_only_leaves_no_draft_and_no_dangling_reference(db, tmp_path):
    initiative = rich_registry()
    hidden = f.InitiativeParticipationFactory(
        initiative=initiative, organization=f.OrganizationFactory(is_published=False)
    )
    # A published partner whose role rests on a draft source: the role waits for its source.
    waiting = f.InitiativeParticipationFactory(
        initiative=initiative,
        source=f.SourceFactory(slug="draft-source", is_published=False),
        quote="Цитата из черновика",
        note_ru="Роль из черновика",
    )
    text = export_command("--published-only")
    records = json.loads(text)
    assert all(record["fields"].get("is_published", True) for record in records)
    assert hidden.organization.slug not in text
    roles = [r["fields"] for r in records if r["model"] == "initiatives.initiativeparticipation"]
    assert roles and all(role["note_ru"] != waiting.note_ru for role in roles)
    assert "draft-source" not in text and "черновика" not in text
    document = next(r for r in records if r["model"] == "initiatives.document")
    assert document["fields"]["issuer"] is None  # its issuer is a draft: the reference is emptied
    topics = next(r for r in records if r["fields"].get("slug") == initiative.slug)["fields"]
    assert len(topics["topics"]) == 1
    path = tmp_path / "public.json"
    path.write_text(text, encoding="utf-8")
    wipe()
    import_fixture(path)  # loads on its own
    assert export_command() == text


def test_csv_per_model_opens_with_a_header_and_utf8(db, tmp_path):
    load_fixtures()
    export_command("--format", "csv", "--output", str(tmp_path))
    content = (tmp_path / "initiative.csv").read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")  # the BOM spreadsheets look for
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert len(rows) == models.Initiative.objects.count()
    sanarip = next(row for row in rows if row["slug"] == "sanarip-aimak")
    assert sanarip["name_ru"] == "Санарип аймак"
    assert sanarip["natural_key"] == "sanarip-aimak"
    assert "digitalisation-of-local-authorities" in sanarip["topics"].split("; ")
    measurement = next(
        csv.DictReader(io.StringIO((tmp_path / "measurement.csv").read_text("utf-8-sig")))
    )
    assert (measurement["value"], measurement["as_of"]) == ("8.0000", "2020-02-25")
    assert measurement["indicator"] == "sanarip-aimak / aiyl-okmotu"
    assert not (tmp_path / "contactdetail.csv").exists()


def test_bundle_has_fixture_csv_readme_and_licence(db, tmp_path):
    load_fixtures()
    path = tmp_path / "registry.zip"
    export_command("--format", "zip", "--published-only", "--output", str(path))
    with zipfile.ZipFile(path) as bundle:
        names = set(bundle.namelist())
        assert {"README.md", "LICENSE.txt", "registry.json", "csv/initiative.csv"} <= names
        readme = bundle.read("README.md").decode()
        assert "| planned_start |" in readme and "| target_value |" in readme
        assert "CC BY 4.0" in bundle.read("LICENSE.txt").decode()
        everything = b"".join(bundle.read(name) for name in names).decode("utf-8-sig")
        assert leaks([("registry.zip", everything)]) == {}
    second = tmp_path / "again.zip"
    export_command("--format", "zip", "--published-only", "--output", str(second))
    assert path.read_bytes() == second.read_bytes()


def test_unknown_selection_is_named(db):
    with pytest.raises(Exception, match="no initiative with the slug 'nope'"):
        export_command("--select", "initiative:nope")
    with pytest.raises(Exception, match="there is no model 'widget'"):
        export_command("--select", "widget:x")


def test_long_exports_show_progress(db):
    load_fixtures()
    err = io.StringIO()
    call_command("export_registry", "--output", "/dev/null", verbosity=2, stderr=err)
    assert "initiatives.initiative: 13" in err.getvalue()
    assert "Exported 369 records" in err.getvalue()


def test_admin_action_exports_the_selection(db, viewer_client):
    load_fixtures()
    sanarip = models.Initiative.objects.get(slug="sanarip-aimak")
    response = viewer_client.post(
        reverse("admin:initiatives_initiative_changelist"),
        {"action": "export_fixture", "_selected_action": [sanarip.pk]},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="initiative-selection.json"'
    assert response.content.decode() == export_command("--select", "initiative:sanarip-aimak")


def test_public_downloads_hold_published_records_only(db, client):
    load_fixtures()
    draft = f.InitiativeFactory(slug="draft-initiative", is_published=False)
    fixture = client.get("/data/registry.json")
    assert fixture["Content-Type"] == "application/json; charset=utf-8"
    fixture_content = fixture.getvalue()  # streamed: read once
    assert fixture_content.decode() == export_command("--published-only")
    assert draft.slug not in fixture_content.decode()
    csv_file = client.get("/data/csv/initiative.csv")
    rows = list(csv.DictReader(io.StringIO(csv_file.getvalue().decode("utf-8-sig"))))
    assert len(rows) == 13 and draft.slug not in {row["slug"] for row in rows}
    bundle = zipfile.ZipFile(io.BytesIO(client.get("/data/registry.zip").getvalue()))
    assert bundle.read("registry.json") == fixture_content
    record = client.get("/data/initiative/sanarip-aimak.json")
    assert '"slug": "sanarip-aimak"' in record.content.decode()
    for missing in (
        "/data/initiative/draft-initiative.json",
        "/data/initiative/no-such.json",
        "/data/contactdetail/x.json",
        "/data/csv/contactdetail.csv",
        "/data/csv/historicalinitiative.csv",
    ):
        assert client.get(missing).status_code == 404, missing


def test_pages_link_their_downloads(db, client):
    load_fixtures()
    page = client.get("/ru/initiatives/sanarip-aimak/").content.decode()
    assert 'href="/data/initiative/sanarip-aimak.json" download' in page
    listing = client.get("/ru/events/").content.decode()
    assert 'href="/data/csv/event.csv" download' in listing
    assert 'href="/data/registry.zip" download' in listing
