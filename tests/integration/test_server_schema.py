"""Property-based fuzzing of API v1 over its own OpenAPI schema (schemathesis, in-process).

Bounded examples per operation; the checks: no 500s, every status code documented,
content types and response bodies conform to the schema.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from server_harness import ADMIN_PASSWORD, PASSWORD, write_meeting

from server import admin, auth
from server.app import create_app
from server.context import ServerContext
from server.publish import publish_folder
from sync import protocol as p

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


#: cases per operation: PostgreSQL gets fewer (CI time), enough to send it NULs,
#: lone surrogates and huge numbers its driver used to turn into 500s
EXAMPLES = {"sqlite": 25, "postgres": 6}


@pytest.fixture(scope="module", params=sorted(EXAMPLES))
def app_and_token(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Any, str, int]]:
    data = tmp_path_factory.mktemp("schema")
    if request.param == "postgres":
        db_url = request.getfixturevalue("pg_cluster").create_database()
    else:
        db_url = f"sqlite:///{Path(data) / 's.db'}"
    ctx = ServerContext.open(data, db_url)
    admin.init(ctx, "admin", ADMIN_PASSWORD)
    admin.add_user(ctx, "fuzz", PASSWORD)
    admin.add_committee(ctx, "Fuzz committee")
    admin.add_member(ctx, "Fuzz committee", "fuzz")
    folder = write_meeting(
        data / "m",
        "Fuzz committee",
        [
            {"number": "1", "docs": {"a.pdf": "open"}},
            {"number": "2", "closed": True, "needs_decision": True, "docs": {"b.pdf": "closed"}},
        ],
    )
    publish_folder(ctx, folder)
    app = create_app(ctx)
    req = p.EnrollRequest(device_name="fuzz", username="fuzz", password=PASSWORD)
    token = auth.enroll(ctx, req, "127.0.0.1").tokens.access_token
    yield app, token, EXAMPLES[request.param]
    ctx.close()


def test_api_conforms_to_its_schema(app_and_token: tuple[Any, str, int]) -> None:
    app, token, examples = app_and_token
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    headers = {"Authorization": f"Bearer {token}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    seen: set[tuple[str, int]] = set()
    assert len(operations) == 20  # 13, and 7 for private notes' keys (server/notes_api.py)
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=examples,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def check(case: Any) -> None:
            response = case.call_and_validate(headers=headers, checks=CHECKS)
            seen.add((case.operation.label, response.status_code))

        check()
    # the token worked and valid data got through, so the checks saw real answers
    for label in ("GET /v1/health", "GET /v1/feed", "GET /v1/checkin", "POST /v1/ops"):
        assert (label, 200) in seen, sorted(seen)


def test_schema_documents_every_v1_endpoint(app_and_token: tuple[Any, str, int]) -> None:
    paths = set(app_and_token[0].openapi()["paths"])
    assert paths == {
        "/v1/health",
        "/v1/enroll",
        "/v1/token/refresh",
        "/v1/feed",
        "/v1/checkin",
        "/v1/meetings/{meeting_id}/manifest",
        "/v1/documents/{sha256}",
        "/v1/ops",
        "/v1/device/wiped",
        "/v1/device/keys",
        "/v1/device/challenge",
        "/v1/device/reauth",
        "/v1/release",
        "/v1/notes/keys",
        "/v1/notes/recovery",
        "/v1/notes/approvals",
        "/v1/notes/approvals/{approval_id}/answer",
        "/v1/notes/approvals/{approval_id}/reveal",
    }
