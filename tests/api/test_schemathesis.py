"""Schemathesis against the live app: requests generated from /api/hsds/openapi.json, sent over
HTTP to a real server; no server error, and every answer as the document says (status code,
content type, JSON schema). Bounded: a few examples per operation, well under a minute."""

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.specs.openapi.checks import content_type_conformance

from tests.api.factories import small_directory

EXAMPLES_PER_OPERATION = 10
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def live_api(live_server, transactional_db, settings):  # type: ignore[no-untyped-def]
    settings.API_REQUESTS_PER_MINUTE = 100_000
    directory = small_directory()
    known = {
        "/services/{id}": directory.open_service.uuid,
        "/service_at_locations/{id}": directory.open_sal.uuid,
        "/organizations/{id}": directory.unverified.uuid,
        "/taxonomies/{id}": directory.child.taxonomy.uuid,
        "/taxonomy_terms/{id}": directory.child.uuid,
    }
    return f"{live_server.url}/api/hsds", known


def test_every_operation_keeps_to_the_openapi_document(live_api):
    base_url, known = live_api
    document = requests.get(f"{base_url}/openapi.json", timeout=10).json()
    schema = schemathesis.openapi.from_dict(document)
    session = requests.Session()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 11
    calls = 0
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):  # type: ignore[no-untyped-def]
            nonlocal calls
            calls += 1
            case.call_and_validate(base_url=base_url, session=session, checks=CHECKS)

        check()
        if operation.path in known:
            # Generated ids are almost never real: each detail is also asked for a record.
            case = operation.Case(path_parameters={"id": str(known[operation.path])})
            response = case.call_and_validate(base_url=base_url, session=session, checks=CHECKS)
            assert response.status_code == 200
    assert calls >= len(operations)
