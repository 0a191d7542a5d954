"""Scenario requests: Soyuz grounded, Russian segment ending 2028 with ROS, an impossible one."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cli_runner import run_cli
from crossflight.errors import InfeasibleRequestError
from crossflight.io.request import load_request
from crossflight.model.flights import Flight
from crossflight.model.manifest import Manifest
from crossflight.planning.explanation import conflicting_groups
from crossflight.planning.plan import Plan, make_plan
from crossflight.planning.solver import SolveOptions

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _aboard(m: Manifest, t: datetime) -> list[tuple[Flight, str]]:
    agency = {p.id: p.agency for p in m.crew}
    return [
        (f, agency[p])
        for f in m.flights
        if f.dock_utc <= t < (f.undock_utc or datetime.max.replace(tzinfo=UTC))
        for p in f.crew_up
    ]


@pytest.fixture(scope="module")
def grounded() -> Plan:
    return make_plan(
        load_request(EXAMPLES / "plan-soyuz-grounded.toml"), SolveOptions(time_limit_s=8.0)
    )


def test_grounded_soyuz_roscosmos_stays_aboard_on_dragon(grounded: Plan) -> None:
    m = grounded.manifest
    assert grounded.report.ok
    g0, g1 = datetime(2026, 6, 1, tzinfo=UTC), datetime(2027, 3, 1, tzinfo=UTC)
    for f in m.flights:
        if f.vehicle == "soyuz-ms" and f.planned and f.name != "Soyuz MS-28":
            assert not g0 <= f.launch_utc <= g1, f.id
    # A Soyuz launched before 2026-06-01 is home within its 210-day docked life (by
    # mid-December), months before the grounding ends: then Roscosmos is aboard on a Dragon.
    t = datetime(2027, 2, 1, tzinfo=UTC)
    here = _aboard(m, t)
    assert not any(f.vehicle == "soyuz-ms" for f, _ in here)
    assert any(f.vehicle == "crew-dragon" and a == "ROSCOSMOS" for f, a in here)


@pytest.fixture(scope="module")
def ros() -> Plan:
    return make_plan(
        load_request(EXAMPLES / "plan-rs-ends-2028-ros.toml"), SolveOptions(time_limit_s=12.0)
    )


def test_russian_segment_rule_ends_2028_and_ros_takes_over(ros: Plan) -> None:
    iss = ros.manifest
    end_rs = datetime(2028, 12, 31, tzinfo=UTC)
    reps = iss.rules.representation or []
    rs = next(r for r in reps if r.segment == "russian")
    assert rs.until_utc == end_rs
    assert not any(f.vehicle == "soyuz-ms" and f.dock_utc > end_rs for f in iss.flights)
    # the agreement ends with it: no cross seats after 2028
    agency = {p.id: p.agency for p in iss.crew}
    for f in iss.flights:
        if f.launch_utc > end_rs:
            assert "ROSCOSMOS" not in {agency[p] for p in f.crew_up}, f.id
    ros_m, ros_report = ros.other_stations["ros"]
    assert ros_report.ok
    assert ros_m.flights and all(f.vehicle == "soyuz-ms" for f in ros_m.flights)
    assert min(f.dock_utc for f in ros_m.flights) >= datetime(2028, 6, 1, tzinfo=UTC)
    ros_agency = {p.id: p.agency for p in ros_m.crew}
    assert {ros_agency[p] for f in ros_m.flights for p in f.crew_up} == {"ROSCOSMOS"}
    t = datetime(2029, 6, 1, tzinfo=UTC)
    assert any(a == "ROSCOSMOS" for _, a in _aboard(ros_m, t))


def test_impossible_request_names_the_conflicting_groups() -> None:
    req = load_request(EXAMPLES / "plan-impossible.toml")
    with pytest.raises(InfeasibleRequestError) as info:
        make_plan(req, SolveOptions(time_limit_s=10.0))
    text = "\n".join(info.value.explanation)
    # either segment's representation is a correct witness (both fail without Soyuz and Dragon)
    assert re.search(r"(russian|us) segment representation 202[67]-\d\d-\d\d\.\.", text)
    assert "soyuz-ms is grounded 2026-06-01..2027-03-01" in text
    assert "crew-dragon flies at most 1 crew rotation(s) in 2026" in text


def test_explanation_is_minimal() -> None:
    """Dropping any one named group makes the rest feasible (deletion filter)."""
    req = load_request(EXAMPLES / "plan-impossible.toml")
    status, groups = conflicting_groups(req, time_limit_s=10.0)
    assert status == "INFEASIBLE"
    kinds = {g.kind for g in groups}
    assert {"representation", "grounding", "vehicle-limit"} <= kinds
    assert len(groups) <= 6


def test_cli_infeasible_exits_1_with_explanation(tmp_path: Path) -> None:
    out = tmp_path / "plan.toml"
    r = run_cli(
        "plan-crew",
        str(EXAMPLES / "plan-impossible.toml"),
        "--out",
        str(out),
        "--time-limit",
        "8",
        "--json",
    )
    assert r.returncode == 1, r.stderr
    payload = json.loads(r.stdout)
    assert payload["ok"] is False
    assert any("grounded" in line for line in payload["explanation"])
    assert not out.exists()
