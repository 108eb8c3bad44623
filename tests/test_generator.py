"""manage.py generate_registry: valid, published, skewed data for the benchmark."""

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from initiatives import models
from initiatives.exports import registry_models
from initiatives.generator import Sizes


@pytest.fixture
def generated(db):
    call_command("generate_registry", "--scale", "0.01", verbosity=0)
    return Sizes(0.01)


def test_every_generated_record_passes_the_admins_validation(generated):
    checked = 0
    for model in registry_models():
        for record in model._default_manager.all():
            record.full_clean()
            checked += 1
    assert checked > 2000


def test_generated_registry_has_the_sizes_and_the_skew_of_a_national_one(generated):
    assert models.Initiative.objects.count() == generated.initiatives == 50
    assert models.Event.objects.count() == generated.events == 200
    assert not models.Initiative.objects.filter(is_published=False).exists()
    lead = (
        models.Organization.objects.annotate(led=Count("initiativeparticipation_set"))
        .order_by("-led")
        .first()
    )
    assert lead.led >= generated.initiatives // 5
    busiest = models.Indicator.objects.annotate(n=Count("measurements")).order_by("-n").first()
    assert busiest.n == generated.skewed_measurements
    most_cited = max(
        models.Source.objects.all(),
        key=lambda source: sum(
            model.objects.filter(source=source).count()
            for model in registry_models()
            if model.__name__.endswith("Citation")
        ),
    )
    assert most_cited.slug == "gen-source-1"
    assert models.Territory.objects.filter(kind=models.Territory.Kind.AIYL_AIMAK).count() == 4
    rollout = models.Initiative.objects.get(slug="gen-initiative-1")
    assert rollout.memberships.count() == generated.aiyl_aimaks == 4
    speaker = models.Person.objects.annotate(said=Count("statements")).order_by("-said").first()
    assert speaker.said >= generated.skewed_statements == 10
    assert models.Statement.objects.count() == generated.skewed_statements + generated.statements


def test_generating_twice_is_refused_with_a_message(generated):
    with pytest.raises(CommandError, match="already holds generated records"):
        call_command("generate_registry", "--scale", "0.01", verbosity=0)
