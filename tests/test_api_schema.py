"""Schemathesis against the API's own OpenAPI schema: no 5xx, and every response as declared.

Hypothesis generates requests for every operation, as an anonymous reader and as an Editor
with a token, against the app in-process (WSGI), on SQLite and on PostgreSQL. The number of
examples is bounded to keep the run short; derandomized so a failure reproduces.

Then the schema as a JavaScript client reads it: every `pattern` compiled by an ECMA-262 engine
(Node, where the machine has it) and meaning what the server checks; paging limits stated.
"""

import json
import re
import shutil
import subprocess

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import ValidationError
from schemathesis.config import SchemathesisConfig

from initiatives.api.fields import PartialDateField
from initiatives.partial_dates import PATTERN
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


def test_an_initiative_with_its_parts_rolled_up_conforms_to_its_schema(editor_token):
    """Generated slugs seldom name a record: this one has parts, a sum, a row that does not add
    up and a status count without a status (initiatives/rollup.py), each field as declared."""
    parent = f.InitiativeFactory(slug="parent")
    f.MeasurementFactory(
        indicator__initiative__parent=parent,
        indicator__initiative__status="implementation",
        indicator__counts_whole_things=True,
    )
    for _ in range(2):
        f.IndicatorFactory(initiative__parent=parent, unit_ru="%", target_value=None)
    operation = schema["/api/v1/initiatives/{slug}/"]["GET"]
    response = operation.Case(path_parameters={"slug": "parent"}).call_and_validate()
    rollup = response.json()["rollup"]
    assert [row["status"] for row in rollup["statuses"]] == ["implementation", None]
    assert [row["added_up"] for row in rollup["progress"]] == [False, True]


# Portability: a JavaScript client or validator reads each `pattern` as ECMA-262, as OpenAPI
# says it is; Python-only syntax such as `(?P<year>…)` throws there ("Invalid group").

NODE = shutil.which("node")
# Python-only syntax, refused where no JavaScript engine is at hand to say so: named groups
# and their back-references, \A \Z anchors, atomic groups, possessive quantifiers and inline
# flags. (ECMA-262 names a group `(?<name>…)`, which Python does not read either.)
PYTHON_ONLY = re.compile(r"\(\?P[<=]|\\[AZ]|\(\?>|[*+?}]\+|\(\?[aiLmsux]+[):-]")
DATES_VALID = [
    "2019",
    "2019-02",
    "2019-02-25",
    *(f"2019-01-{day:02}" for day in range(1, 32)),
    # Open dates in EDTF (initiatives/partial_dates.py, issue 19).
    "2019-11-23?",
    "2019-11~",
    "2019%",
    "[2019-11-23,2020-11-23]",
    "[2018,2019-06,2020-11-23]",
    "2019-10-23/2019-11-23",
    "2019-10/2020",
]
DATES_INVALID = [
    "2019-13",
    "2019-2",
    "19",
    "2019-00",
    "2019-01-00",
    "2019-01-32",
    "0000",
    "2019-02-",
    "2019/02",
    "٢٠١٩",
    "2019-1-05",
    "20190",
    "2019-11-23??",
    "2019?-11",
    "2019-11-23~?",
    "[2019-11-23]",
    "[2019-11-23,2020-11-23",
    "[2019?,2020]",
    "[2019, 2020]",
    "{2019,2020}",
    "2019-10-23/",
    "/2019",
    "2019/..",
    "2019/2020/2021",
    "2019-10-23?/2019-11-23",
    "[2019..2020]",
    "201X",
]


def served_schema(client, language):
    response = client.get("/api/v1/schema/", {"lang": language, "format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)


def walk(node, path=""):
    """(path, schema object) for every object of the document."""
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from walk(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk(value, f"{path}/{index}")


def patterns(document):
    """{pattern: [paths where it is declared]}"""
    found = {}
    for path, node in walk(document):
        if isinstance(node.get("pattern"), str):
            found.setdefault(node["pattern"], []).append(path)
    return found


def in_javascript(pattern_samples):
    """For each (pattern, samples): None if the pattern compiles as ECMA-262 (with and without
    the `u` flag validators use) and then whether each sample matches; else the engine's error."""
    script = """
    const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
    const out = input.map(([pattern, samples]) => {
      try {
        const plain = new RegExp(pattern), unicode = new RegExp(pattern, "u");
        return [null, samples.map((s) => plain.test(s) && unicode.test(s))];
      } catch (error) { return [String(error), []]; }
    });
    process.stdout.write(JSON.stringify(out));
    """
    result = subprocess.run(
        [NODE, "-e", script],
        input=json.dumps(pattern_samples),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(result.stdout)


@pytest.mark.parametrize("language", ["ru", "ky", "en"])
def test_every_pattern_is_free_of_python_only_syntax(db, client, language):
    found = patterns(served_schema(client, language))
    assert PATTERN.pattern in found
    assert {
        pattern: paths[0] for pattern, paths in found.items() if PYTHON_ONLY.search(pattern)
    } == {}


@pytest.mark.skipif(NODE is None, reason="no Node on this machine to compile ECMA-262")
@pytest.mark.parametrize("language", ["ru", "ky", "en"])
def test_every_pattern_compiles_as_ecma_262(db, client, language):
    found = patterns(served_schema(client, language))
    results = in_javascript([[pattern, []] for pattern in found])
    errors = {pattern: error for pattern, (error, _) in zip(found, results, strict=True) if error}
    assert errors == {}


@pytest.mark.skipif(NODE is None, reason="no Node on this machine to compile ECMA-262")
def test_the_date_pattern_accepts_what_the_server_accepts(db, client):
    samples = DATES_VALID + DATES_INVALID
    field = PartialDateField()

    def server_accepts(text):
        try:
            field.run_validation(text)
        except ValidationError:
            return False
        return True

    [(error, matches)] = in_javascript([[PATTERN.pattern, samples]])
    assert error is None
    assert dict(zip(samples, matches, strict=True)) == {
        text: server_accepts(text) for text in samples
    }
    assert [text for text in samples if server_accepts(text)] == DATES_VALID


def test_paging_parameters_state_their_limits(db, client):
    document = served_schema(client, "en")
    limits = {
        (path, parameter["name"]): {k: parameter["schema"].get(k) for k in ("minimum", "maximum")}
        for path, item in document["paths"].items()
        for parameter in item.get("get", {}).get("parameters", [])
        if parameter["name"] in ("page", "page_size")
    }
    assert limits[("/api/v1/initiatives/", "page")] == {"minimum": 1, "maximum": None}
    assert limits[("/api/v1/initiatives/", "page_size")] == {"minimum": 1, "maximum": 200}
    assert {
        name: {tuple(limit.values()) for (_, n), limit in limits.items() if n == name}
        for name in ("page", "page_size")
    } == {"page": {(1, None)}, "page_size": {(1, 200)}}
