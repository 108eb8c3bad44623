"""The status the public reads is kept per record (initiatives/public_status.py): public lists
filter and count by it, and every write it rests on keeps it right."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from initiatives import models
from initiatives.partial_dates import PartialDate
from initiatives.visibility import PUBLIC
from tests import factories as f
from tests.test_exports import SEED
from tests.test_seed_data import load_fixtures

OWNERS = (models.Initiative, models.DonorProject, models.Event)


def listed(status, path="/ru/initiatives/"):
    response = Client().get(path, {"status": status})
    assert response.status_code == 200
    return sorted(record.slug for record in response.context["object_list"])


def kept_and_computed(owner):
    """{slug: (status, as of)} as public lists read it, and as the reports give it now."""
    kept = owner.objects.annotate_status(PUBLIC)
    computed = owner.objects.computed_status(PUBLIC)
    return [
        {row[0]: row[1:] for row in rows.values_list("slug", "reported_status", "reported_as_of")}
        for rows in (kept, computed)
    ]


def assert_kept_as_computed():
    """The kept statuses, checked against the reports: {model: {slug: (status, as of)}}."""
    found = {}
    for owner in OWNERS:
        kept, computed = kept_and_computed(owner)
        assert kept == computed, owner
        found[owner] = kept
    return found


@pytest.fixture
def pilot(db):
    return f.InitiativeFactory(slug="pilot", status="pipeline", status__as_of=PartialDate(2019))


def test_a_published_source_brings_its_report_to_the_list_and_a_withdrawn_one_takes_it_away(
    pilot,
):
    source = f.SourceFactory(is_published=False, published_on=PartialDate(2021, 6))
    f.reported_status(pilot, True, "implementation", source=source)
    assert (listed("implementation"), listed("pipeline")) == ([], ["pilot"])

    source.is_published = True
    source.save()
    assert (listed("implementation"), listed("pipeline")) == (["pilot"], [])

    source.is_published = False
    source.save()
    assert (listed("implementation"), listed("pipeline")) == ([], ["pilot"])


def test_a_deleted_report_gives_the_status_back_to_the_one_before(pilot):
    newer = f.SourceFactory(published_on=PartialDate(2022))
    f.reported_status(pilot, True, "closed", source=newer)
    assert listed("closed") == ["pilot"]

    pilot.status_reports.get(source=newer).delete()
    assert (listed("closed"), listed("pipeline")) == ([], ["pilot"])


def test_a_draft_record_is_listed_by_its_status_once_published(pilot):
    pilot.is_published = False
    pilot.save()
    assert listed("pipeline") == []

    pilot.is_published = True
    pilot.save()
    assert listed("pipeline") == ["pilot"]


def test_events_and_projects_are_listed_by_their_kept_status_too(db):
    f.EventFactory(slug="forum", status="held")
    f.DonorProjectFactory(slug="project", status="closed")
    assert listed("held", "/ru/events/") == ["forum"]
    assert listed("closed", "/ru/projects/") == ["project"]


def test_the_public_list_counts_by_status_without_reading_every_records_reports(pilot):
    with CaptureQueriesContext(connection) as queries:
        assert listed("pipeline") == ["pilot"]
    counted = [query["sql"] for query in queries if "COUNT(" in query["sql"].upper()]
    assert counted, "the pager counts the filtered list"
    assert all("statusreport" not in sql for sql in counted)


def test_the_seed_fixtures_keep_each_records_status_as_its_reports_give_it(db):
    load_fixtures()
    kept = assert_kept_as_computed()[models.Initiative]
    assert kept["sanarip-aimak"] == ("implementation", PartialDate(2020, 2, 25))


def test_an_import_keeps_the_status_of_what_it_writes(db):
    call_command("import_registry", str(SEED), verbosity=0)
    kept = assert_kept_as_computed()[models.Initiative]
    assert kept["sanarip-aimak"] == ("implementation", PartialDate(2020, 2, 25))
    assert listed("implementation") == sorted(
        slug for slug, (status, _as_of) in kept.items() if status == "implementation"
    )


def test_a_generated_registry_keeps_every_records_status(db):
    call_command("generate_registry", "--scale", "0.01", verbosity=0)
    kept = assert_kept_as_computed()
    for owner in OWNERS:
        assert any(status for status, _as_of in kept[owner].values()), owner
