import pytest

from tests.conftest import registry_models
from tests.factories import FACTORIES


def test_every_registry_model_has_a_factory():
    assert set(registry_models()) == set(FACTORIES)


@pytest.mark.django_db
@pytest.mark.parametrize("model", FACTORIES, ids=lambda m: m.__name__)
def test_factory_builds_a_valid_saved_record(model):
    record = FACTORIES[model]()
    record.full_clean()
    assert model.objects.filter(pk=record.pk).exists()
