"""Property-based tests of the whole API from its own OpenAPI document (schemathesis).

For each operation, schemathesis sends examples built from the document, valid and not, to the real WSGI
application on the test database with the reference data loaded, and checks that no answer is a server error
and that every answer matches what the document declares (status, body). Reads go anonymously; writes go
as the national coordinator with a personal token, so that they reach the code that saves.
"""

from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application
from jazari.api.tests.conftest import bearer, token_for

pytestmark = pytest.mark.django_db

CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance]
EXAMPLES = settings(
    max_examples=25,
    deadline=None,
    # The database fixture is shared by the examples of one operation, on purpose: writes accumulate.
    suppress_health_check=list(HealthCheck),
    derandomize=True,  # the same examples on every run: a failure here is a bug, never a flaky test
)


def api_schema() -> Any:
    """The document, read from the WSGI application while a test runs: it lists the codes in the test
    database (regions, themes, institutes) as the values of the filters and fields that take them, so it
    cannot be read when the tests are collected."""
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


def check_every_operation(operations: Any, headers: dict[str, str] | None = None) -> None:
    """Examples of each operation, each one called and its answer checked; the first failure stops."""
    tried = 0
    for result in operations.get_all_operations():
        operation = result.ok()

        @EXAMPLES
        @given(case=operation.as_strategy())
        def check(case: Any) -> None:
            case.call_and_validate(headers=headers, checks=CHECKS)

        check()
        tried += 1
    assert tried


@pytest.fixture(autouse=True)
def _keep_the_test_database_connection():
    # Django closes the database connection after each request it serves, which would end the test's own
    # transaction; its test client avoids that the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def coordinator_token(coordinator) -> str:
    return token_for(coordinator)


def test_it_answers_any_read_without_a_server_error(reference):
    check_every_operation(api_schema().include(method="GET"))


def test_it_answers_any_write_without_a_server_error(coordinator_token):
    check_every_operation(api_schema().exclude(method="GET"), headers=bearer(coordinator_token))
