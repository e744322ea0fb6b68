"""Property-based run of every API operation against its own OpenAPI document (schemathesis):
no 500, no undocumented status code, no response that breaks its schema."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from composer.accounts.tokens import create_token
from composer.extensions import db
from composer.issues import editing
from composer.models import User
from tests.factories import make_article, make_issue


@pytest.fixture
def api_setup(app, admin) -> SimpleNamespace:
    """Some real data for the generated requests to find (ids 1 and 2 exist), and an admin's token."""
    with app.app_context():
        first = make_article("Mali : l’armée", canonical_url="https://example.org/a")
        make_article("Tribune", kind="opinion")
        issue = make_issue()
        editing.add_item(issue, first.id, "lead", issue.version, None)
        make_issue("Deuxième numéro")
        token = create_token(db.session.get(User, admin.id), "schemathesis")[1]
    return SimpleNamespace(schema=schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app), token=token)


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def test_every_operation_matches_its_documentation(api_setup) -> None:
    # Driven directly with hypothesis (not schemathesis' pytest plugin) so it runs on any pytest version.
    labels = []
    for result in api_setup.schema.get_all_operations():
        operation = result.ok()
        labels.append(operation.label)
        if operation.label == "POST /api/v1/articles/from-url":
            continue  # it fetches the page at a generated address: tests never reach the network (test_page.py)

        @settings(max_examples=12, deadline=None, derandomize=True, database=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
        @given(case=operation.as_strategy())
        def check(case) -> None:
            case.call_and_validate(headers={"Authorization": f"Bearer {api_setup.token}"}, checks=CHECKS)

        check()
    assert len(labels) == 25, labels
