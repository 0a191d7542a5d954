"""Properties of the planner (hypothesis): small random requests either give a plan that the
independent checker accepts, or an explanation; never a crash.  Solver time limits are short."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crossflight.errors import InfeasibleRequestError
from crossflight.io.manifest import dumps_manifest, loads_manifest
from crossflight.model.request import PlanningRequest
from crossflight.planning.plan import make_plan
from crossflight.planning.solver import SolveOptions
from crossflight.rules import check_manifest

PORTS = [
    {"id": "rassvet-nadir", "segment": "russian", "vehicles": ["soyuz-ms"]},
    {"id": "prichal-nadir", "segment": "russian", "vehicles": ["soyuz-ms"]},
    {"id": "harmony-forward", "segment": "us", "vehicles": ["crew-dragon"]},
    {"id": "harmony-zenith", "segment": "us", "vehicles": ["crew-dragon"]},
]


def _request(
    *,
    soyuz_per_year: int,
    dragon_per_year: int,
    soyuz_max: int,
    dragon_max: int,
    hmin: int,
    hmax: int,
    pool: int,
    rep_offset_days: int,
    grounded_all_year: bool = False,
) -> PlanningRequest:
    soyuz: dict[str, Any] = {
        "type": "soyuz-ms",
        "seats": 3,
        "max_flights_per_year": soyuz_per_year,
        "launch_site": "baikonur-31",
        "launch_to_dock_h": 3.2,
        "undock_to_landing_h": 3.4,
        "mission": {"min_days": 100, "target_days": soyuz_max, "max_days": soyuz_max},
        "seats_by_agency": {"ROSCOSMOS": {"min": 2, "max": 2}, "NASA": {"min": 1, "max": 1}},
    }
    if grounded_all_year:
        soyuz["grounded"] = [{"start": "2027-01-01T00:00:00Z", "end": "2028-01-01T00:00:00Z"}]
    data: dict[str, Any] = {
        "start": "2027-01-01T00:00:00Z",
        "end": "2027-12-31T00:00:00Z",
        "stations": [
            {
                "id": "iss",
                "segments": [
                    {
                        "id": "russian",
                        "agency": "ROSCOSMOS",
                        "represented_from": f"2027-{1 + rep_offset_days // 31:02d}-15T00:00:00Z",
                    },
                    {
                        "id": "us",
                        "agency": "NASA",
                        "represented_from": f"2027-{1 + rep_offset_days // 31:02d}-15T00:00:00Z",
                    },
                ],
                "ports": PORTS,
            }
        ],
        "vehicles": [
            soyuz,
            {
                "type": "crew-dragon",
                "seats": 4,
                "max_flights_per_year": dragon_per_year,
                "launch_site": "ksc-39a",
                "launch_to_dock_h": 28.0,
                "undock_to_landing_h": 17.0,
                "mission": {"min_days": 100, "target_days": dragon_max, "max_days": dragon_max},
                "seats_by_agency": {
                    "NASA": {"min": 1, "max": 3},
                    "ROSCOSMOS": {"min": 1, "max": 1},
                },
            },
        ],
        "crew_pools": [
            {"agency": "NASA", "count": pool, "rest_days": 200},
            {"agency": "ROSCOSMOS", "count": pool, "rest_days": 200},
        ],
        "agreement": {"balance_period": "horizon", "max_imbalance_seats": 2},
        "rules": {"handover_overlap_min_days": hmin, "handover_overlap_max_days": hmax},
    }
    return PlanningRequest.model_validate(data)


def _check_outcome(req: PlanningRequest) -> None:
    try:
        plan = make_plan(req, SolveOptions(time_limit_s=3.0, seed=3))
    except InfeasibleRequestError as exc:
        assert exc.explanation and all(isinstance(x, str) and x for x in exc.explanation)
        return
    assert plan.report.ok
    # the checker, run again on the written text, agrees
    again = check_manifest(loads_manifest(dumps_manifest(plan.manifest)))
    assert again.ok


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    soyuz_per_year=st.integers(2, 3),
    dragon_per_year=st.integers(2, 3),
    soyuz_max=st.integers(150, 200),
    dragon_max=st.integers(150, 200),
    hmin=st.integers(1, 4),
    extra=st.integers(0, 10),
    pool=st.integers(6, 10),
    rep_offset_days=st.integers(0, 60),
)
def test_small_feasible_requests_give_checker_accepted_plans(
    soyuz_per_year: int,
    dragon_per_year: int,
    soyuz_max: int,
    dragon_max: int,
    hmin: int,
    extra: int,
    pool: int,
    rep_offset_days: int,
) -> None:
    req = _request(
        soyuz_per_year=soyuz_per_year,
        dragon_per_year=dragon_per_year,
        soyuz_max=soyuz_max,
        dragon_max=dragon_max,
        hmin=hmin,
        hmax=min(hmin + extra, 45),
        pool=pool,
        rep_offset_days=rep_offset_days,
    )
    _check_outcome(req)


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    soyuz_per_year=st.integers(0, 1),
    dragon_per_year=st.integers(0, 1),
    pool=st.integers(0, 2),
    grounded=st.booleans(),
)
def test_infeasible_requests_give_an_explanation_never_a_crash(
    soyuz_per_year: int, dragon_per_year: int, pool: int, grounded: bool
) -> None:
    # At most one flight of each vehicle a year of <= 150 days cannot keep both segments
    # represented from mid-January to the end of the year.
    req = _request(
        soyuz_per_year=soyuz_per_year,
        dragon_per_year=dragon_per_year,
        soyuz_max=150,
        dragon_max=150,
        hmin=2,
        hmax=10,
        pool=pool,
        rep_offset_days=0,
        grounded_all_year=grounded,
    )
    try:
        make_plan(req, SolveOptions(time_limit_s=3.0))
    except InfeasibleRequestError as exc:
        assert exc.explanation
        assert any(
            "representation" in line or "time limit" in line or "infeasible" in line
            for line in exc.explanation
        ), exc.explanation
    else:
        raise AssertionError("an impossible request produced a plan")
