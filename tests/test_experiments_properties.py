"""Properties: random small catalogs give schedules the independent verifier accepts, with a
reason for everything left out; the greedy baseline is accepted too; a schedule the verifier
rejects is never written (exit 3)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import crossflight.experiments.scheduler as scheduler_module
from crossflight.cli import main
from crossflight.experiments.greedy import greedy_sessions
from crossflight.experiments.scheduler import ScheduleOptions, schedule_increment, solve_schedule
from crossflight.experiments.timeline import build_grid
from crossflight.experiments.verifier import verify_schedule
from crossflight.model.schedule import Schedule, ScheduledSession
from experiment_setups import experiment, june_setup

INCREMENT = Path(__file__).resolve().parents[1] / "examples" / "ms27-increment" / "increment.toml"
PEOPLE = ["ryzhikov", "zubritsky", "kim", "peskov", "vagner"]


@st.composite
def experiments(draw: st.DrawFn, i: int) -> dict[str, Any]:
    first = draw(st.integers(2, 13))
    last = draw(st.integers(first, 14))
    e: dict[str, Any] = {
        "sessions": {
            "count": draw(st.integers(1, 4)),
            "duration_min": draw(st.sampled_from([15, 60, 120, 240])),
            "min_spacing_days": draw(st.sampled_from([0, 1, 3])),
        },
        "earliest": f"2025-06-{first:02d}",
        "latest": f"2025-06-{last:02d}",
        "priority": draw(st.integers(1, 5)),
        "equipment": draw(st.sampled_from([[], ["glovebox-s"], ["kriogem"]])),
        "crew_count": draw(st.sampled_from([1, 1, 2])),
    }
    who = draw(st.sampled_from(["any", "named", "qualified"]))
    if who == "named":
        e["crew"] = draw(st.lists(st.sampled_from(PEOPLE), min_size=2, max_size=3, unique=True))
    elif who == "qualified":
        e["qualification"] = draw(st.sampled_from(["biotech", "materials", "plasma"]))
    if draw(st.booleans()):
        e["cargo"] = {"returns_on": draw(st.sampled_from(["soyuz-ms-26", "crew-10"]))}
    if i and draw(st.booleans()):
        e["precedence"] = {"after_experiment": f"e{i - 1}"}
    return experiment(f"e{i}", **e)


@st.composite
def catalogs(draw: st.DrawFn) -> list[dict[str, Any]]:
    n = draw(st.integers(1, 5))
    return [draw(experiments(i)) for i in range(n)]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogs())
def test_random_catalogs_give_verified_schedules_or_reasons(exps: list[dict[str, Any]]) -> None:
    setup = june_setup(exps)
    sched = schedule_increment(setup, ScheduleOptions(time_limit_s=2.0, workers=1))
    assert verify_schedule(setup, sched) == []
    complete = set(sched.scheduled_experiments())
    left = {u.experiment for u in sched.unscheduled}
    assert complete | left == {e["id"] for e in exps} and not complete & left
    assert all(u.reason and u.constraint for u in sched.unscheduled)
    # The greedy baseline (the solver's hint) is a valid schedule too, never better.
    grid = build_grid(setup)
    base = greedy_sessions(grid)
    objective = sum(setup.catalog.experiment(s.experiment).priority for s in base)
    assert objective <= sched.objective + 1e-9
    as_schedule = Schedule(base, [], float(objective), sched.bound, "FEASIBLE", 0.0)
    errs = verify_schedule(setup, as_schedule)
    assert all("no reason" in e for e in errs)


def _corrupt(real: Any) -> Any:
    def solve(setup: Any, opts: Any = None) -> Schedule:
        sched: Schedule = real(setup, opts)
        s = sched.sessions[0]
        twin = ScheduledSession("not-in-catalog", 0, s.crew, s.start_utc, s.end_utc)
        sched.sessions.append(twin)
        return sched

    return solve


def test_a_schedule_the_verifier_rejects_is_never_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(scheduler_module, "solve_schedule", _corrupt(solve_schedule))
    out = tmp_path / "s.csv"
    argv = ["crossflight", "experiments", str(INCREMENT), "--csv", str(out), "--time-limit", "10"]
    monkeypatch.setattr(sys, "argv", argv)
    with pytest.raises(SystemExit) as info:
        main()
    assert info.value.code == 3
    err = capsys.readouterr().err.strip()
    assert "failed verification" in err and "not-in-catalog" in err and "\n" not in err
    assert not out.exists() and list(tmp_path.iterdir()) == []
