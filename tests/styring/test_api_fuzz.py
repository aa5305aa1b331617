"""API fuzzing: schemathesis generates requests from the OpenAPI schema drf-spectacular
serves, for every operation, as an agency user and as a department user.

Each operation gets three runs of generated cases: valid requests with generated path
parameters (mostly objects that do not exist), valid requests for the objects the user
may see (so writes reach the domain), and invalid requests. Every response must be no
server error (no 5xx); valid requests must also get a documented status code and
content type and a body that matches the documented schema. Unsafe methods are included:
the database is rolled back after the test. The run is derandomized, so it tries the
same cases every time, and prints a summary of what it tried, also when it passes.
"""

import collections
import sys
import traceback

import hypothesis
import pytest
import schemathesis
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.signals import got_request_exception, request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings
from django.urls import reverse
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.errors import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from styring.models import Bruker

pytestmark = pytest.mark.django_db

# Generated cases per run (three runs per operation that takes an object, else two): enough
# to reach each view's error paths and writes, and the whole test stays near a minute.
EXAMPLES = 10
CONFORMANCE = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
# Invalid input (wrong types, missing fields) must be refused, never crash.
NEGATIVE = [not_a_server_error, status_code_conformance, content_type_conformance]
# How many real objects per list the cases choose from.
SAMPLES = 4
# The operations are fuzzed in this many tests per user, so parallel workers share them.
PARTS = 4


@pytest.fixture(scope="module")
def demodata(modul_db, tmp_path_factory):
    """The real letters with the demo data of every app (users, submissions, budgets),
    made once for the module."""
    with override_settings(
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "localhost"],
    ):
        call_command("lag_demodata", "--tillat-uten-debug", verbosity=0)
        yield


@pytest.fixture
def application():
    """Django's WSGI application, in the test's transaction: the handler must not close
    the connection at the end of each request, as Django's own test client ensures."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def server_errors():
    """The exceptions the views raised (answered 500), with where they were raised."""
    found = []

    def record(sender, request=None, **kwargs):
        error = sys.exception()
        ours = [
            frame
            for frame in traceback.extract_tb(error.__traceback__)
            if "site-packages" not in frame.filename
        ]
        where = f" at {ours[-1].filename}:{ours[-1].lineno}" if ours else ""
        found.append(
            f"{request.method} {request.get_full_path()}: {type(error).__name__}: {error}{where}"
        )

    got_request_exception.connect(record)
    yield found
    got_request_exception.disconnect(record)


def token_headers(username):
    token, _created = Token.objects.get_or_create(user=Bruker.objects.get(username=username))
    return {"Authorization": f"Token {token.key}"}


def real_identifiers(schema, application, headers):
    """{list path: [id or kode, ...]}: objects the user may see, read from the lists."""
    from werkzeug import Client

    client = Client(application)
    found = {}
    for path in schema.raw_schema["paths"]:
        if "{" in path or "get" not in schema.raw_schema["paths"][path]:
            continue
        response = client.get(path, headers=headers, query_string={"limit": SAMPLES})
        if response.status_code != 200:
            continue
        body = response.get_json()
        rows = body.get("results", []) if isinstance(body, dict) else body
        found[path] = [row.get("id", row.get("kode")) for row in rows if isinstance(row, dict)]
    return found


def strategies(operation, identifiers):
    """Cases of ``operation``: generated, and, when it takes an object, with real ids."""
    generated = operation.as_strategy()
    names = [p.name for p in operation.path_parameters]
    if not names:
        return generated, None
    (name,) = names
    listing = operation.path.split("{", 1)[0]
    values = [value for value in identifiers.get(listing, []) if value is not None]
    if not values:
        return generated, None
    real = st.sampled_from(values).flatmap(
        lambda value: operation.as_strategy(path_parameters={name: value})
    )
    return generated, real


def fuzz(schema, application, headers, identifiers, *, part):
    """Run the cases of every ``PARTS``th operation from the ``part``th; return (summary,
    failures)."""
    summary = collections.Counter()
    failures = collections.defaultdict(list)
    statuses = collections.Counter()
    settings = hypothesis.settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
        suppress_health_check=list(hypothesis.HealthCheck),
    )

    def check(case, checks):
        response = case.call(headers=headers)
        summary["cases"] += 1
        statuses[response.status_code // 100] += 1
        if case.method.upper() not in ("GET", "HEAD", "OPTIONS") and response.status_code < 300:
            summary["writes"] += 1
        try:
            case.validate_response(response, checks=checks, headers=headers)
        except FailureGroup as group:
            for failure in group.exceptions:
                label = f"{case.operation.label}: {failure.title} ({response.status_code})"
                failures[label].append(str(group))

    for result in list(schema.get_all_operations())[part::PARTS]:
        operation = result.ok()
        summary["operations"] += 1
        positive, real = strategies(operation, identifiers)
        negative = operation.as_strategy(generation_mode=schemathesis.GenerationMode.NEGATIVE)
        runs = [(positive, CONFORMANCE), (real, CONFORMANCE), (negative, NEGATIVE)]

        for strategy, checks in runs:
            if strategy is not None:
                settings(hypothesis.given(case=strategy)(check))(checks=checks)
    summary.update({f"{key}xx": count for key, count in statuses.items()})
    return summary, failures


def report(role, summary, failures, server_errors, *, part):
    lines = [
        f"schemathesis as {role}, part {part + 1} of {PARTS}: {summary['operations']} "
        f"operations, {summary['cases']} cases; responses 2xx {summary['2xx']} (writes "
        f"{summary['writes']}), 4xx {summary['4xx']}, 5xx {summary['5xx']}; "
        f"{len(failures)} kinds of failure"
    ]
    for label, found in sorted(failures.items()):
        lines.append(f"- {label} ({len(found)}×)\n{found[0]}")
    lines.extend(sorted(set(server_errors)))
    return "\n".join(lines)


@pytest.mark.parametrize("part", range(PARTS))
@pytest.mark.parametrize("username", ["demo-bfe-rapportor", "demo-set-styrer"])
def test_every_operation_answers_generated_requests_without_errors_and_as_documented(
    demodata, application, server_errors, username, part, oppsummering
):
    headers = token_headers(username)
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application, headers=headers)
    identifiers = real_identifiers(schema, application, headers)
    assert identifiers["/api/innsendinger/"], "the demo data has submissions"

    summary, failures = fuzz(schema, application, headers, identifiers, part=part)

    text = report(username, summary, failures, server_errors, part=part)
    oppsummering(text.splitlines()[0])
    assert len(list(schema.get_all_operations())) >= 80
    assert summary["cases"] >= summary["operations"] * 4
    assert summary["5xx"] == 0, text
    assert not server_errors, text
    assert not failures, text


# What the fuzzing found, kept as plain tests.


@pytest.mark.parametrize(
    ("route", "query"),
    [
        ("api:indikatorer:innsending-list", {"aar": "0"}),  # year 0: the date lookup failed (500)
        ("api:indikatorer:innsending-list", {"aar": "2.5"}),
        ("api:styring:brev-list", {"aar": "1e300"}),
        ("api:oppdrag:statusendring-list", {"oppdrag": "-533896453633859452928"}),  # overflow (500)
        ("api:styring:maal-list", {"brev": "99999999999999999999"}),
        ("api:indikatorer:indikator-list", {"sett": "0"}),
        ("api:budsjett:regnskap-list", {"maaned": "13"}),
    ],
)
def test_numbers_in_filters_are_whole_and_in_range_or_answer_400(users, api_for, route, query):
    response = api_for(users["bfe_rapportor"]).get(reverse(route), query)
    assert response.status_code == 400
    assert list(response.json()) == list(query)


def test_an_unknown_api_address_answers_json_and_a_page_address_a_page(users, client_for):
    client = client_for(users["bfe_rapportor"])
    response = client.get("/api/brev/ikke-et-tall/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"detail"}
    page = client.get("/finnes-ikke/")
    assert page.status_code == 404
    assert page["Content-Type"].startswith("text/html")


def test_the_schema_documents_errors_nullable_values_and_local_times(users, client_for):
    schema = client_for(users["bfe_leser"]).get(reverse("api:schema"), {"format": "json"}).json()
    detail = schema["paths"]["/api/brev/{id}/"]
    assert {"200", "403", "404"} <= set(detail["get"]["responses"])
    assert {"200", "400", "403", "404", "409"} <= set(detail["patch"]["responses"])
    assert "400" in schema["paths"]["/api/brev/"]["get"]["responses"]  # filters
    assert "403" not in schema["paths"]["/api/token/"]["post"]["responses"]
    components = schema["components"]["schemas"]
    assert components["Virksomhet"]["properties"]["styres_av"]["nullable"] is True
    assert components["Resultat"]["properties"]["virksomhet"]["nullable"] is True
    start = components["Styringsmote"]["properties"]["start"]
    assert "format" not in start
    assert start["pattern"].startswith("^")
    years = [p for p in schema["paths"]["/api/brev/"]["get"]["parameters"] if p["name"] == "aar"]
    assert years[0]["schema"] == {"type": "integer", "minimum": 1, "maximum": 9999}
