"""Shared test fixtures, and the rule that real-flight tests may not be skipped in CI."""

from __future__ import annotations

import os
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

from crossflight.io.orbit_archive import archive_dir

pytest_plugins = ["store_fixtures"]

REPO_ROOT = Path(__file__).resolve().parents[1]
TEST_DATA = REPO_ROOT / "tests" / "data"

#: Test modules that check the models against real flights and real history.
REAL_FLIGHT_MODULES = ("test_against_real_", "test_validation_data")


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    """The project's own archive of real ISS element sets (``crossflight/data/orbits/iss``)."""
    return archive_dir("iss")


@pytest.fixture(scope="session")
def history_reference_csv() -> Path:
    """Reference list of the 2022-2025 crew flights (times, ports, crews, sources)."""
    return TEST_DATA / "flights.csv"


def _is_real_flight_test(item: pytest.Item) -> bool:
    return Path(str(item.fspath)).name.startswith(REAL_FLIGHT_MODULES)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, Any, None]:
    """In CI (``CI`` set), a skipped real-flight test is a failure: the data must be there."""
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    in_ci = bool(os.environ.get("CI"))
    if report.skipped and in_ci and _is_real_flight_test(item) and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"real-flight test skipped in CI: {report.longrepr}"
