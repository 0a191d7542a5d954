"""The MS-27 increment example: every feasible experiment scheduled, proven, verified, explained;
the schedule respects the real crew, vehicle and spacewalk timeline of the built-in history."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import icalendar
import pytest

from cli_runner import run_cli
from crossflight.experiments.scheduler import ScheduleOptions, schedule_increment
from crossflight.experiments.verifier import verify_schedule
from crossflight.io.increment import load_increment
from crossflight.model.increment import IncrementSetup
from crossflight.model.schedule import Schedule, ScheduledSession

INCREMENT = Path(__file__).resolve().parents[1] / "examples" / "ms27-increment" / "increment.toml"
ONE_PERCENT = 0.01
# The two entries the catalog plants as impossible, and why (see its header).
PLANTED = {"kaskad-ms26-return": "cargo", "virtual-vagner": "crew"}
# Real events of the built-in history and the increment file (UTC days with no science).
MS26_UNDOCK = datetime(2025, 4, 19, 21, 57, tzinfo=UTC)  # Ovchinin, Vagner, Pettit leave
CREW10_UNDOCK = datetime(2025, 8, 8, 22, 15, tzinfo=UTC)  # McClain, Ayers, Onishi, Peskov leave
CREW11_DOCK = datetime(2025, 8, 2, 6, 27, tzinfo=UTC)  # Cardman, Fincke, Yui, Platonov arrive
DOCKING_DAYS = [
    "2025-04-08",
    "2025-04-19",
    "2025-06-26",
    "2025-07-14",
    "2025-08-02",
    "2025-08-08",
    "2025-11-27",
]  # MS-27, MS-26, Ax-4 (2), Crew-11, Crew-10, MS-28
RUSSIAN_EVA_DAYS = ["2025-10-16", "2025-10-28"]  # Ryzhikov and Zubritsky (TASS, NASA)


@pytest.fixture(scope="module")
def setup() -> IncrementSetup:
    return load_increment(INCREMENT)


@pytest.fixture(scope="module")
def schedule(setup: IncrementSetup) -> Schedule:
    return schedule_increment(setup, ScheduleOptions(time_limit_s=30.0, workers=2, seed=0))


def test_every_feasible_experiment_is_scheduled_within_one_percent(
    setup: IncrementSetup, schedule: Schedule
) -> None:
    assert len(setup.catalog.experiments) == 50
    assert setup.catalog.illustrative
    assert {u.experiment: u.constraint for u in schedule.unscheduled} == PLANTED
    assert len(schedule.scheduled_experiments()) == 48
    assert schedule.optimal or schedule.gap <= ONE_PERCENT
    assert schedule.bound >= schedule.objective
    assert verify_schedule(setup, schedule) == []


def test_schedule_follows_the_real_timeline(schedule: Schedule) -> None:
    by_person: dict[str, list[ScheduledSession]] = {}
    for s in schedule.sessions:
        for p in s.crew:
            by_person.setdefault(p, []).append(s)
    for p in ("ovchinin", "vagner", "pettit"):
        assert all(s.end_utc <= MS26_UNDOCK for s in by_person.get(p, []))
    assert by_person["peskov"] and all(s.end_utc <= CREW10_UNDOCK for s in by_person["peskov"])
    assert by_person["platonov"] and all(s.start_utc >= CREW11_DOCK for s in by_person["platonov"])
    days = {f"{s.start_utc:%Y-%m-%d}" for s in schedule.sessions}
    assert not days & set(DOCKING_DAYS)
    eva_crew_days = {
        f"{s.start_utc:%Y-%m-%d}" for p in ("ryzhikov", "zubritsky") for s in by_person[p]
    }
    assert not eva_crew_days & set(RUSSIAN_EVA_DAYS)
    assert all(s.start_utc.weekday() != 6 for s in schedule.sessions)  # Sunday off


def test_same_seed_and_workers_give_the_same_schedule(
    setup: IncrementSetup, schedule: Schedule
) -> None:
    again = schedule_increment(setup, ScheduleOptions(time_limit_s=30.0, workers=2, seed=0))
    assert again.sessions == schedule.sessions


def test_verifier_catches_planted_violations(setup: IncrementSetup, schedule: Schedule) -> None:
    sessions = list(schedule.sessions)
    may = datetime(2025, 5, 1, tzinfo=UTC)
    ryz = [i for i, s in enumerate(sessions) if s.crew == ("ryzhikov",) and s.start_utc > may]
    a, b = sessions[ryz[0]], sessions[ryz[1]]
    moved = replace(b, start_utc=a.start_utc, end_utc=a.start_utc + (b.end_utc - b.start_utc))

    def broken(i: int, new: ScheduledSession) -> list[str]:
        out = list(sessions)
        out[i] = new
        return verify_schedule(setup, replace(schedule, sessions=out))

    assert any("double-booked" in e for e in broken(ryz[1], moved))
    gb = [i for i, s in enumerate(sessions) if "glovebox-s" in s.equipment]
    x, y = sessions[gb[0]], sessions[gb[1]]
    clash = replace(y, start_utc=x.start_utc, end_utc=x.start_utc + (y.end_utc - y.start_utc))
    assert any("glovebox-s over capacity" in e for e in broken(gb[1], clash))
    gone = replace(a, crew=("pettit",))  # Pettit left on MS-26
    errs = broken(ryz[0], gone)
    assert any("pettit is not aboard" in e for e in errs)
    eva = datetime(2025, 10, 16, 8, tzinfo=UTC)
    on_eva = replace(a, start_utc=eva, end_utc=eva + (a.end_utc - a.start_utc))
    assert any("blocked on 2025-10-16" in e for e in broken(ryz[0], on_eva))
    night = replace(
        a, start_utc=a.start_utc + timedelta(hours=12), end_utc=a.end_utc + timedelta(hours=12)
    )
    assert any("work block" in e for e in broken(ryz[0], night))
    dropped = verify_schedule(setup, replace(schedule, unscheduled=schedule.unscheduled[:1]))
    assert any("has no reason" in e for e in dropped)


@pytest.mark.slow
def test_cli_json_csv_ics_and_gantt(tmp_path: Path) -> None:
    csv_path, ics_path = tmp_path / "s.csv", tmp_path / "s.ics"
    html, png = tmp_path / "g.html", tmp_path / "g.png"
    r = run_cli(
        "experiments",
        str(INCREMENT),
        "--json",
        "--csv",
        str(csv_path),
        "--ics",
        str(ics_path),
        "--plot",
        str(html),
        "--time-limit",
        "30",
    )
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    for key in ("scheduled", "unscheduled", "bound", "gap", "utilisation"):
        assert key in out
    assert all(u["reason"] for u in out["unscheduled"])
    assert out["utilisation"]["crew"]["ryzhikov"]["hours"] > 0
    assert "glovebox-s" in out["utilisation"]["equipment"]
    lines = csv_path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(out["sessions"]) + 1
    cal = icalendar.Calendar.from_ical(ics_path.read_bytes())
    assert len(cal.walk("VEVENT")) == len(out["sessions"])
    text = html.read_text(encoding="utf-8")
    assert '<script src="https://cdn' not in text and len(text) > 1_000_000  # plotly.js inlined
    r = run_cli("experiments", str(INCREMENT), "--plot", str(png), "--time-limit", "30")
    assert r.returncode == 0, r.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "not fully scheduled" in r.stdout and "utilisation per crew member" in r.stdout
