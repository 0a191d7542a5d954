"""``crossflight plan-crew`` end to end: a written plan that ``crossflight check`` accepts."""

from __future__ import annotations

import itertools
import json
from datetime import datetime
from pathlib import Path

import pytest

from cli_runner import run_cli
from crossflight.errors import InfeasibleRequestError
from crossflight.io.request import loads_request
from crossflight.planning.plan import make_plan
from crossflight.planning.solver import SolveOptions

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "plan-iss-2026-2030.toml"


def _one_year_text() -> str:
    text = EXAMPLE.read_text(encoding="utf-8")
    return text.replace("end = 2030-12-31T00:00:00Z", "end = 2027-01-01T00:00:00Z").replace(
        "crewed_until = 2030-12-31T00:00:00Z", "crewed_until = 2027-01-01T00:00:00Z"
    )


def test_plan_crew_json_then_check_accepts_the_plan(tmp_path: Path) -> None:
    req = tmp_path / "req.toml"
    req.write_text(_one_year_text(), encoding="utf-8")
    out = tmp_path / "plan.toml"
    r = run_cli("plan-crew", str(req), "--out", str(out), "--json", "--time-limit", "10")
    assert r.returncode == 0, r.stderr
    payload = json.loads(r.stdout)  # stdout is pure JSON: progress went to stderr
    assert payload["ok"] is True
    assert payload["summary"]["flights_per_vehicle_year"]["soyuz-ms"]["2026"] <= 2
    assert all(f["launch_utc"].endswith("Z") for f in payload["flights"])
    assert out.exists()
    check = run_cli("check", str(out), "--json")
    assert check.returncode == 0, check.stdout + check.stderr
    assert json.loads(check.stdout)["ok"] is True


def test_plan_crew_human_output_names_the_plan_and_objective(tmp_path: Path) -> None:
    req = tmp_path / "req.toml"
    req.write_text(_one_year_text(), encoding="utf-8")
    out = tmp_path / "plan.toml"
    r = run_cli("plan-crew", str(req), "--out", str(out), "--time-limit", "10", "--seed", "3")
    assert r.returncode == 0, r.stderr
    assert "accepted by the rules checker" in r.stdout
    assert "crew-days" in r.stdout


def test_too_small_crew_pool_is_named_in_the_explanation() -> None:
    """One NASA astronaut cannot fly on the Soyuz and the Dragon that overlap in a handover."""
    text = _one_year_text().replace('agency = "NASA"\ncount = 14', 'agency = "NASA"\ncount = 1')
    with pytest.raises(InfeasibleRequestError) as info:
        make_plan(loads_request(text), SolveOptions(time_limit_s=6.0))
    assert any("NASA has 1 people to fly" in line for line in info.value.explanation)


def test_history_table_books_the_flights_docked_at_the_start() -> None:
    """``[history] builtin = "iss-2022-2025"`` instead of inline fixed flights: MS-28 (still
    docked, return unconfirmed) and Crew-11 (undocked 2026-01-14 22:20 UTC) are booked."""
    from crossflight.planning.history import with_history

    text = _one_year_text()
    text = text[: text.index("[[fixed_flights]]")] + '[history]\nbuiltin = "iss-2022-2025"\n'
    req = with_history(loads_request(text))
    by_id = {f.id: f for f in req.fixed_flights}
    assert set(by_id) == {"Soyuz MS-28", "Crew-11"}
    assert by_id["Soyuz MS-28"].in_progress
    assert by_id["Soyuz MS-28"].port == "rassvet-nadir"
    assert {p.agency for p in by_id["Crew-11"].crew} == {"NASA", "JAXA", "ROSCOSMOS"}
    plan = make_plan(loads_request(text), SolveOptions(time_limit_s=6.0))
    assert plan.report.ok
    assert {"Soyuz MS-28", "Crew-11"} <= {f.name for f in plan.manifest.flights}


def test_named_crew_pool_people_fly_and_rest() -> None:
    """A pool of named people: only they fly, and nobody flies again within the rest period."""
    names = [f"cosmonaut-{i}" for i in range(1, 9)]
    people = ", ".join(f'{{ id = "{n}", agency = "ROSCOSMOS" }}' for n in names)
    text = _one_year_text().replace(
        'agency = "ROSCOSMOS"\ncount = 14', f'agency = "ROSCOSMOS"\npeople = [{people}]'
    )
    plan = make_plan(loads_request(text), SolveOptions(time_limit_s=6.0))
    assert plan.report.ok
    agency = {p.id: p.agency for p in plan.manifest.crew}
    flown: dict[str, list[tuple[datetime, datetime]]] = {}
    for f in plan.manifest.flights:
        if not f.planned or f.name in ("Soyuz MS-28",):
            continue
        for p in f.crew_up:
            if agency[p] == "ROSCOSMOS":
                assert p in names
                assert f.landing_utc is not None
                flown.setdefault(p, []).append((f.launch_utc, f.landing_utc))
    for trips in flown.values():
        trips.sort()
        for (_, land), (launch, _) in itertools.pairwise(trips):
            assert (launch - land).days >= 365  # rest_days of the pool
