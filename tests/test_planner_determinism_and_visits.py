"""Repeatability with a seed, and private visits (Axiom-style) that reserve a port and crew
capacity for their dates."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from crossflight.io.request import load_request
from crossflight.model.request import CrewMember as RequestCrew
from crossflight.model.request import FixedFlight, PlanningRequest
from crossflight.planning.plan import make_plan
from crossflight.planning.solver import SolveOptions, solve

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "plan-iss-2026-2030.toml"


def _one_year() -> PlanningRequest:
    base = load_request(EXAMPLE)
    end = datetime(2027, 1, 1, tzinfo=UTC)
    stations = [s.model_copy(update={"crewed_until": end}) for s in base.stations]
    return base.model_copy(update={"end": end, "stations": stations})


def test_same_seed_same_plan_in_deterministic_mode() -> None:
    req = _one_year()
    opts = SolveOptions(time_limit_s=4.0, seed=7, deterministic=True)
    a, _ = solve(req, opts)
    b, _ = solve(req, opts)
    assert a is not None and b is not None
    key_a = [(f.id, f.port, f.dock, f.undock, sorted(f.seats.items())) for f in a.flights]
    key_b = [(f.id, f.port, f.dock, f.undock, sorted(f.seats.items())) for f in b.flights]
    assert key_a == key_b


def test_private_visit_reserves_its_port_and_crew_capacity() -> None:
    """A 4-person private mission docked 16 days (Ax-4 flew 2025-06-26 .. 2025-07-14 at
    Harmony zenith) keeps its port and raises the crew only up to the handover limit."""
    base = _one_year()
    visit = FixedFlight(
        id="private visit (scenario)",
        vehicle="crew-dragon",
        station="iss",
        port="harmony-zenith",
        launch_site="ksc-39a",
        launch=datetime(2026, 9, 1, 6, 0, tzinfo=UTC),
        dock=datetime(2026, 9, 2, 10, 0, tzinfo=UTC),
        undock=datetime(2026, 9, 18, 11, 0, tzinfo=UTC),
        landing=datetime(2026, 9, 19, 9, 0, tzinfo=UTC),
        crew=[
            RequestCrew(id=f"visitor-{i}", agency=a)
            for i, a in enumerate(["AXIOM", "PRIVATE", "PRIVATE", "PRIVATE"])
        ],
        kind="visit",
        source="scenario modelled on Ax-4 (flights.csv)",
    )
    req = base.model_copy(update={"fixed_flights": [*base.fixed_flights, visit]})
    plan = make_plan(req, SolveOptions(time_limit_s=6.0))
    assert plan.report.ok
    m = plan.manifest
    v = next(f for f in m.flights if f.mission == "private")
    assert v.undock_utc is not None
    for f in m.flights:
        if f is v or f.port != "harmony-zenith" or f.undock_utc is None:
            continue
        assert f.undock_utc <= v.dock_utc or f.dock_utc >= v.undock_utc, f.id
    assert not [x for x in plan.report.violations if x.rule == "R5" and x.severity == "violation"]
