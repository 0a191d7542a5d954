"""The ISS 2026-2030 example plan, proven by the independent rules checker.

Real-practice anchors (flights.csv, station-facts.md): one NASA astronaut on every Soyuz MS, one
cosmonaut on every Crew Dragon rotation, direct handovers of a few days, stays within the
certified docked life of the vehicle catalog (210 d for Soyuz MS and Crew Dragon).
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crossflight.io.manifest import load_manifest
from crossflight.io.request import load_request
from crossflight.model.catalog import load_vehicle_types
from crossflight.planning.plan import Plan, make_plan, write_plan
from crossflight.planning.solver import SolveOptions
from crossflight.planning.summary import summarize
from crossflight.rules import check_manifest

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "plan-iss-2026-2030.toml"
DAY_S = 86400.0


@pytest.fixture(scope="module")
def plan() -> Plan:
    # The acceptance run (60 s) is measured outside the tests; 20 s fits the test budget.
    return make_plan(load_request(EXAMPLE), SolveOptions(time_limit_s=20.0, seed=1))


def test_plan_is_accepted_by_the_checker_without_any_finding(plan: Plan) -> None:
    assert plan.report.ok
    assert plan.report.violations == []


def test_written_plan_reads_back_and_checks_clean(plan: Plan, tmp_path: Path) -> None:
    out = tmp_path / "plan.toml"
    write_plan(plan, out)
    report = check_manifest(load_manifest(out))
    assert report.ok and report.violations == []
    assert not list(tmp_path.glob(".*.tmp"))  # atomic write leaves no temp file


def test_crew_days_within_one_percent_of_the_bound(plan: Plan) -> None:
    stage = plan.solution.stages[0]
    assert stage.name == "crew-days"
    assert stage.gap <= 0.01, stage


def test_every_objective_stage_is_proven_optimal(plan: Plan) -> None:
    """The implied sequence bound closes the crew-days gap: ~2 s on 2 cores (bench)."""
    assert [s.status for s in plan.solution.stages] == ["OPTIMAL"] * 4


def test_integrated_crews_as_today(plan: Plan) -> None:
    agency = {p.id: p.agency for p in plan.manifest.crew}
    soyuz = [f for f in plan.manifest.flights if f.vehicle == "soyuz-ms"]
    dragon = [f for f in plan.manifest.flights if f.vehicle == "crew-dragon"]
    assert len(soyuz) >= 8 and len(dragon) >= 8
    for f in soyuz:
        assert [agency[p] for p in f.crew_up].count("NASA") == 1, f.id
    for f in dragon:
        assert [agency[p] for p in f.crew_up].count("ROSCOSMOS") == 1, f.id
        assert len(f.crew_up) <= 4


def test_yearly_limits_and_docked_life(plan: Plan) -> None:
    life = load_vehicle_types()
    summary = summarize(plan)
    for vehicle, per_year in summary.flights_per_vehicle_year.items():
        assert max(per_year.values()) <= 2, (vehicle, per_year)
    for f in plan.manifest.flights:
        assert f.undock_utc is not None
        days = (f.undock_utc - f.dock_utc).total_seconds() / DAY_S
        limit = life[f.vehicle].docked_life_days
        assert limit is not None and days <= limit - 10.0 + 1e-9, (f.id, days)


def test_handovers_are_direct_and_a_few_days(plan: Plan) -> None:
    for vehicle in ("soyuz-ms", "crew-dragon"):
        chain = sorted(
            (f for f in plan.manifest.flights if f.vehicle == vehicle), key=lambda f: f.dock_utc
        )
        for a, b in itertools.pairwise(chain):
            assert a.undock_utc is not None
            overlap_d = (a.undock_utc - b.dock_utc).total_seconds() / DAY_S
            assert 3.0 <= overlap_d <= 14.0, (a.id, b.id, overlap_d)


def test_booked_flights_are_kept(plan: Plan) -> None:
    by_name = {f.name: f for f in plan.manifest.flights}
    crew11 = by_name["Crew-11"]
    assert crew11.undock_utc == datetime(2026, 1, 14, 22, 20, tzinfo=UTC)
    ms28 = by_name["Soyuz MS-28"]
    assert ms28.dock_utc == datetime(2025, 11, 27, 12, 34, 35, tzinfo=UTC)
    assert ms28.crew_up == ["kud-sverchkov", "mikayev", "c-williams"]
    assert ms28.undock_utc is not None and ms28.undock_utc > datetime(2026, 1, 1, tzinfo=UTC)


def test_summary_counts_crew_days_from_the_manifest(plan: Plan) -> None:
    s = summarize(plan)
    # 5 years x 7 nominal crew = 12 775 crew-days; handovers add some, gaps remove some.
    assert 12000 < s.crew_days < 14500
    assert sum(s.crew_days_by_agency.values()) == pytest.approx(s.crew_days)
    for row in s.seat_swaps:
        a, b = (v for k, v in row.items() if k != "period")
        assert abs(a - b) <= 1
