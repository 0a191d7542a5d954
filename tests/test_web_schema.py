"""Property-based tests of the whole API from its own OpenAPI document (schemathesis).

Every operation gets generated requests (valid and invalid bodies, parameters, ids); every
answer must be no 5xx, a documented status code, the documented content type and headers, and
a body that validates against the documented response schema.  Requests carry the token, so the
work endpoints run their real code (jobs are queued; no worker runs them, which bounds the time).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from crossflight.web import Settings, create_app
from service_helpers import AUTH, TOKEN

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
MAX_EXAMPLES = 25
SEEN: Counter[tuple[str, int]] = Counter()


@pytest.fixture
def api_schema(tmp_path: Path) -> Iterator[Any]:
    app = create_app(
        Settings(
            token=TOKEN,
            db_url=f"sqlite:///{tmp_path / 'runs.db'}",
            workers=0,
            max_active_jobs=10_000,
        )
    )
    with TestClient(app):  # runs the lifespan: store open, queue ready
        yield schemathesis.openapi.from_asgi("/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case: Any) -> None:
    response = case.call_and_validate(headers=AUTH, checks=CHECKS)
    SEEN[(case.operation.label, response.status_code)] += 1


@pytest.fixture(scope="module", autouse=True)
def _report_counts() -> Iterator[None]:
    """After the module: how many generated requests each operation answered, by status."""
    yield
    total = sum(SEEN.values())
    by_status = Counter(code for (_, code), n in SEEN.items() for _ in range(n))
    print(
        f"\nschemathesis: {total} requests over {len({op for op, _ in SEEN})} operations; "
        f"status codes {dict(sorted(by_status.items()))}"
    )
