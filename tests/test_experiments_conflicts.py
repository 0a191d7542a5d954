"""Planted conflicts: each unscheduled experiment is reported with the constraint that blocks it."""

from __future__ import annotations

from crossflight.experiments.scheduler import ScheduleOptions, schedule_increment
from crossflight.experiments.verifier import verify_schedule
from crossflight.model.schedule import Schedule
from experiment_setups import experiment, june_setup

FAST = ScheduleOptions(time_limit_s=5.0, workers=2)


def _solve(exps: list[dict[str, object]]) -> Schedule:
    setup = june_setup(exps)
    sched = schedule_increment(setup, FAST)
    assert verify_schedule(setup, sched) == []
    return sched


def test_two_experiments_need_the_only_glovebox_at_the_same_fixed_time() -> None:
    # Both fit only in the 08:00-12:00 block of Wednesday 2025-06-04 and both need Glovebox-S.
    fixed = {"earliest": "2025-06-04", "latest": "2025-06-04", "equipment": ["glovebox-s"]}
    sched = _solve(
        [
            experiment(
                "struktura-a",
                crew=["ryzhikov"],
                sessions={"count": 1, "duration_min": 240},
                **fixed,
            ),
            experiment(
                "struktura-b",
                crew=["zubritsky"],
                sessions={"count": 1, "duration_min": 240},
                **fixed,
            ),
        ]
    )
    assert len(sched.scheduled_experiments()) == 1
    (left,) = sched.unscheduled
    (held,) = sched.scheduled_experiments()
    assert left.constraint == "equipment"
    assert "Glovebox-S" in left.reason and f"held by {held}" in left.reason
    assert "2025-06-04" in left.reason and "days 3-3" in left.reason
    assert sched.optimal


def test_sample_deadline_before_the_earliest_start() -> None:
    # Samples ride home on Soyuz MS-26, which undocked 2025-04-19 21:57 UTC (built-in history).
    sched = _solve(
        [experiment("biorisk-late", earliest="2025-06-05", cargo={"returns_on": "soyuz-ms-26"})]
    )
    (u,) = sched.unscheduled
    assert u.constraint == "cargo"
    assert "sample deadline (Soyuz MS-26 undock 2025-04-19)" in u.reason
    assert "before its earliest start" in u.reason


def test_hardware_arrives_after_the_latest_date() -> None:
    sched = _solve(
        [experiment("kaskad-kit", latest="2025-06-10", cargo={"arrives_on": "progress-ms-31"})]
    )
    (u,) = sched.unscheduled
    assert u.constraint == "cargo"
    assert "progress-ms-31 docking 2025-07-05" in u.reason


def test_qualified_crew_member_not_aboard_in_the_window() -> None:
    # Only Vagner holds "plasma"; he left on Soyuz MS-26 on 2025-04-19.
    sched = _solve([experiment("coulomb", qualification="plasma")])
    (u,) = sched.unscheduled
    assert u.constraint == "crew"
    assert "vagner" in u.reason and "not aboard in its window" in u.reason


def test_named_crew_fully_booked_is_reported_with_the_holders() -> None:
    # Peskov alone, one 4-hour morning block on 2025-06-04, two 4-hour experiments.
    fixed = {"earliest": "2025-06-04", "latest": "2025-06-04", "crew": ["peskov"]}
    sched = _solve(
        [
            experiment("pilot-a", sessions={"count": 1, "duration_min": 240}, priority=3, **fixed),
            experiment("pilot-b", sessions={"count": 1, "duration_min": 240}, priority=1, **fixed),
        ]
    )
    (u,) = sched.unscheduled
    assert u.experiment == "pilot-b"  # the lower priority one gives way
    assert u.constraint == "crew" and "pilot-a" in u.reason


def test_precedence_on_an_impossible_predecessor() -> None:
    sched = _solve(
        [
            experiment("first", qualification="plasma"),
            experiment("second", precedence={"after_experiment": "first"}),
        ]
    )
    reasons = {u.experiment: u for u in sched.unscheduled}
    assert reasons["second"].constraint == "precedence"
    assert "waits for first" in reasons["second"].reason


def test_sessions_that_cannot_fit_their_spacing() -> None:
    sched = _solve(
        [experiment("uragan", sessions={"count": 4, "duration_min": 45, "min_spacing_days": 7})]
    )
    (u,) = sched.unscheduled
    assert u.constraint == "spacing" and "4 sessions 7 d apart" in u.reason


def test_crew_time_share_limits_the_integrated_crew_member() -> None:
    # Kim (NASA) may spend 10 % of his time on Roscosmos work: 5 sessions of 4 h exceed it.
    setup = june_setup(
        [
            experiment(f"r{i}", crew=["kim"], sessions={"count": 1, "duration_min": 240})
            for i in range(5)
        ],
        crew_time=[{"person": "kim", "shares": {"NASA": 0.9, "ROSCOSMOS": 0.1}}],
    )
    sched = schedule_increment(setup, FAST)
    assert verify_schedule(setup, sched) == []
    assert sched.unscheduled and all(u.constraint == "crew-time" for u in sched.unscheduled)
