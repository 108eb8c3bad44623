"""Fixtures refer to records by natural key, so a dump loads into any database, and loading
it again updates rather than duplicates."""

import datetime
import json
from decimal import Decimal
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from initiatives import models
from initiatives.partial_dates import PartialDate
from initiatives.staff_groups import EDITORS, VIEWERS
from tests.conftest import registry_models
from tests.factories import (
    CITATION_FACTORIES,
    FACTORIES,
    DocumentFactory,
    DonorProjectFactory,
    EventFactory,
    EventSeriesFactory,
    InitiativeFactory,
    OrganizationFactory,
    OrganizationSuccessionFactory,
    SourceFactory,
    TerritoryFactory,
    TopicFactory,
)

MODELS = registry_models()
by_name = pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)


@pytest.mark.django_db
@by_name
def test_natural_key_finds_the_record(model):
    record, other = FACTORIES[model](), FACTORIES[model]()

    key = record.natural_key()

    assert all(isinstance(part, str) for part in key), key
    assert model._default_manager.get_by_natural_key(*key) == record
    assert other.natural_key() != key
    assert model._default_manager.get_by_natural_key(*other.natural_key()) == other


def build_graph():
    """One of every model, linked as real data is: trees, lineage, m2m links, citations."""
    for factory in FACTORIES.values():
        factory()

    # A save at a moment finer than the millisecond a fixture keeps: the dump must still
    # load back to the same bytes.
    moment = datetime.datetime(2020, 2, 25, 9, 30, 0, 450, tzinfo=datetime.UTC)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        publisher = OrganizationFactory(
            slug="ailyk-press", name_ru="Айыл пресс", name_ky="Айыл пресс", name_en="Ailyk Press"
        )
    ministry = OrganizationFactory(slug="ministry", acronym_en="MoF", website="https://gov.kg/")
    department = OrganizationFactory(slug="department", parent=ministry)
    OrganizationSuccessionFactory(
        predecessor=department,
        successor=OrganizationFactory(slug="agency", parent=ministry),
        source=SourceFactory(slug="decree-news", publisher=publisher),
        quote="преобразовано в агентство",
    )

    country = TerritoryFactory(slug="kg", kind=models.Territory.Kind.COUNTRY, iso_code="KG")
    oblast = TerritoryFactory(slug="chui", parent=country, iso_code="KG-C")
    topics = [TopicFactory(slug="digital"), TopicFactory(slug="budget")]
    project = DonorProjectFactory(
        slug="swiss-project",
        budget=Decimal("1250000.50"),
        currency="CHF",
        start=PartialDate(2019),
        end=PartialDate(2023, 6),
        status="implementation",
    )
    documents = [DocumentFactory(slug="model-regulation", issuer=ministry), DocumentFactory()]

    programme = InitiativeFactory(slug="programme", planned_start=PartialDate(2019, 2))
    pilot = InitiativeFactory(
        slug="pilot", parent=programme, planned_end=PartialDate(2021), status="pipeline"
    )
    pilot.territories.set([country, oblast])
    pilot.topics.set(topics)
    pilot.donor_projects.set([project])
    pilot.documents.set(documents)
    CITATION_FACTORIES[models.InitiativeCitation](record=pilot)

    series = EventSeriesFactory(slug="lsg-forum")
    forum = EventFactory(
        slug="forum-2020",
        series=series,
        edition=3,
        territory=oblast,
        participating_countries=["KG", "KZ", "CH"],
        venue_ru="Бишкек",
        status="planned",
    )
    forum.topics.set(topics)
    forum.documents.set(documents[:1])
    forum.initiatives.set([programme, pilot])
    forum.donor_projects.set([project])


def dump(path):
    labels = [f"initiatives.{model.__name__}" for model in MODELS]
    call_command(
        "dumpdata",
        *labels,
        natural_foreign=True,
        natural_primary=True,
        format="json",
        indent=1,
        output=str(path),
    )
    return path.read_bytes()


def natural_keys():
    return {
        model.__name__: {record.natural_key() for record in model._default_manager.all()}
        for model in MODELS
    }


def counts():
    return {model.__name__: model._default_manager.count() for model in MODELS}


# `flush` needs real transactions. Its post_migrate signal re-creates the staff groups, so
# tests that run after this one still find Editors and Viewers.
@pytest.mark.django_db(transaction=True)
def test_dump_flush_load_gives_back_the_same_registry(tmp_path):
    build_graph()
    keys_before = natural_keys()
    dumped = dump(tmp_path / "registry.json")

    entries = json.loads(dumped)
    assert {entry["model"] for entry in entries} == {m._meta.label_lower for m in MODELS}
    assert not any(entry["model"].split(".")[1].startswith("historical") for entry in entries)
    # No primary keys: a fixture must not depend on the ids of the database it came from.
    assert not [entry for entry in entries if "pk" in entry]

    call_command("flush", interactive=False)
    assert sum(counts().values()) == 0
    call_command("loaddata", str(tmp_path / "registry.json"), verbosity=0)

    assert natural_keys() == keys_before
    assert dump(tmp_path / "reloaded.json") == dumped

    forum = models.Event.objects.get(slug="forum-2020")
    assert {c.code for c in forum.participating_countries} == {"KG", "KZ", "CH"}
    assert forum.initiatives.get(slug="pilot").parent.slug == "programme"
    assert models.Organization.objects.get(slug="department").successions.get().successor.slug == (
        "agency"
    )

    loaded_counts = counts()
    call_command("loaddata", str(tmp_path / "registry.json"), verbosity=0)
    assert counts() == loaded_counts
    assert dump(tmp_path / "loaded-twice.json") == dumped


# `flush` sends post_migrate without the `apps` argument `migrate` passes; the staff groups'
# handler must cope, or `manage.py flush` and every transactional test's teardown crash and
# leave a database without Editors and Viewers.
@pytest.mark.django_db(transaction=True)
def test_flush_puts_the_staff_groups_back():
    call_command("flush", interactive=False)

    editors = Group.objects.get(name=EDITORS)
    viewers = Group.objects.get(name=VIEWERS)
    assert editors.permissions.filter(codename="change_initiative").exists()
    assert set(viewers.permissions.values_list("codename", flat=True)) == {
        f"view_{model._meta.model_name}" for model in MODELS
    }
