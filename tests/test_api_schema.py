"""Schemathesis against the API's own OpenAPI schema: no 5xx, and every response as declared.

Hypothesis generates requests for every operation, as an anonymous reader and as an Editor
with a token, against the app in-process (WSGI), on SQLite and on PostgreSQL. The number of
examples is bounded to keep the run short; derandomized so a failure reproduces.
"""

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.config import SchemathesisConfig

from tests import factories as f

EXAMPLES = 5


# The schema as /api/v1/schema/ serves it, generated without a request (and so without the
# database, which tests may only touch inside a test); requests then go to the WSGI app.
# The coverage phase would add hundreds of boundary cases per operation on top of EXAMPLES.
CONFIG = SchemathesisConfig.from_dict({"phases": {"coverage": {"enabled": False}}})
schema = schemathesis.openapi.from_dict(
    SchemaGenerator().get_schema(request=None, public=True), config=CONFIG
)
schema.app = get_wsgi_application()


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Requests through the WSGI app would close the test's database connection after each
    response (and with it the test's transaction); Django's own test client avoids that the
    same way."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def editor_token(db, editor):
    """An Editor's token, and a few records of each kind for the requests to find."""
    cache.clear()  # throttle counters
    measurement = f.MeasurementFactory(indicator__initiative__slug="sanarip-aimak")
    f.InitiativeParticipationFactory(initiative=measurement.indicator.initiative)
    f.EventPersonFactory(event__series=f.EventSeriesFactory(), event__edition=1)
    f.PositionFactory()
    f.DocumentFactory(issuer=f.OrganizationFactory())
    f.DonorProjectParticipationFactory()
    return Token.objects.create(user=editor).key


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case, editor_token):
    # A schema-valid body may still break a rule OpenAPI cannot state (a name in at least one
    # language, an end not before its start): a 400 naming the field is the right answer.
    excluded = [schemathesis.checks.positive_data_acceptance]
    case.call_and_validate(excluded_checks=excluded)
    case.call_and_validate(
        headers={"Authorization": f"Token {editor_token}"}, excluded_checks=excluded
    )
