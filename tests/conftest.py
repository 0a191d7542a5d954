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


@pytest.fixture(scope="session")
def demo_report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """``crossflight demo --out DIR`` run once per test session (shared by xdist workers).

    Returns ``{"dir": Path, "returncode": int, "stderr": str, "stdout": str, "wall_s": float}``.
    """
    import json
    import time

    from filelock import FileLock

    from cli_runner import run_cli

    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    record = shared / "demo-run.json"
    out = shared / "crossflight-demo"
    with FileLock(str(shared / "demo-run.lock")):
        if not record.exists():
            t0 = time.perf_counter()
            proc = run_cli("demo", "--out", str(out), timeout_s=600.0)
            wall = time.perf_counter() - t0
            record.write_text(
                json.dumps(
                    {"returncode": proc.returncode, "stderr": proc.stderr,
                     "stdout": proc.stdout, "wall_s": wall}
                ),
                encoding="utf-8",
            )  # fmt: skip
    data: dict[str, object] = json.loads(record.read_text(encoding="utf-8"))
    data["dir"] = out
    return data
