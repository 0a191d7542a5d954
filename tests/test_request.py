"""The planning-request format: examples load, bad input gives one line naming file/field/fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli_runner import run_cli
from crossflight.errors import RequestError
from crossflight.io.request import load_request, loads_request
from crossflight.model.request import PlanningRequest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
ISS = EXAMPLES / "plan-iss-2026-2030.toml"
REQUESTS = sorted(EXAMPLES.glob("plan-*.toml"))


@pytest.mark.parametrize("path", REQUESTS, ids=lambda p: p.name)
def test_every_example_request_loads(path: Path) -> None:
    req = load_request(path)
    assert isinstance(req, PlanningRequest)
    assert req.start < req.end
    assert req.stations[0].id == "iss"


def test_iss_example_keeps_the_real_booked_flights() -> None:
    """MS-28 and Crew-11 as flown (flights.csv): MS-28 docked 2025-11-27 12:34:35 UTC at Rassvet
    nadir with Kud-Sverchkov, Mikayev and NASA's Christopher Williams; Crew-11 undocked
    2026-01-14 22:20 UTC."""
    req = load_request(ISS)
    ms28 = next(f for f in req.fixed_flights if f.id == "Soyuz MS-28")
    assert ms28.dock.isoformat() == "2025-11-27T12:34:35+00:00"
    assert ms28.port == "rassvet-nadir"
    assert ms28.in_progress  # return still to be planned (UNCONFIRMED in the reference)
    assert sorted(p.agency for p in ms28.crew) == ["NASA", "ROSCOSMOS", "ROSCOSMOS"]
    crew11 = next(f for f in req.fixed_flights if f.id == "Crew-11")
    assert crew11.undock is not None
    assert crew11.undock.isoformat() == "2026-01-14T22:20:00+00:00"


def _mutated(old: str, new: str) -> str:
    text = ISS.read_text(encoding="utf-8")
    assert old in text, old
    return text.replace(old, new, 1)


@pytest.mark.parametrize(
    ("old", "new", "field", "fix_word"),
    [
        ("start = 2026-01-01T00:00:00Z", "start = 2026-01-01T00:00:00", "start", "Z"),
        ("max_flights_per_year = 2", "max_flights_per_year = -1", "max_flights_per_year", "larger"),
        ('segment = "russian", vehicles', 'segment = "rusian", vehicles', "stations[0]", ""),
        ("nominal_crew = 7", "nominal_crew = 7\nbogus = 1", "rules.bogus", "remove"),
        ("target_days = 190", "target_days = 290", "vehicles[0].mission", ""),
        ('[plan]\nname = "', '[plan\nname = "', "", "TOML"),
        # Found by the reader fuzz: a pool of 1.7e9 people ran the planner out of memory.
        ("count = 14", "count = 1700000000", "crew_pools[0].count", "1000"),
        ("end = 2030-12-31T00:00:00Z", "end = 2050-12-31T00:00:00Z", "plan", "shorter"),
    ],
)
def test_bad_request_gives_one_line_with_file_field_and_fix(
    old: str, new: str, field: str, fix_word: str
) -> None:
    with pytest.raises(RequestError) as info:
        loads_request(_mutated(old, new), source="bad.toml")
    line = info.value.one_line()
    assert "\n" not in line
    assert line.startswith("bad.toml")
    assert field in line
    assert "(fix:" in line
    assert fix_word in line


def test_missing_file_is_a_request_error(tmp_path: Path) -> None:
    with pytest.raises(RequestError, match="file not found"):
        load_request(tmp_path / "nope.toml")


def test_cli_bad_request_exits_2_with_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(_mutated("max_flights_per_year = 2", 'max_flights_per_year = "two"'))
    out = tmp_path / "plan.toml"
    r = run_cli("plan-crew", str(bad), "--out", str(out))
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert str(bad) in lines[0] and "max_flights_per_year" in lines[0]
    assert not out.exists()  # nothing half-written


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200))
def test_fuzz_random_text_never_crashes(text: str) -> None:
    try:
        loads_request(text, source="fuzz.toml")
    except RequestError as exc:
        assert "\n" not in exc.one_line()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_fuzz_mutated_example_never_crashes(data: st.DataObject) -> None:
    text = ISS.read_text(encoding="utf-8")
    i = data.draw(st.integers(0, len(text) - 1))
    n = data.draw(st.integers(0, 12))
    ins = data.draw(st.text(alphabet='0123456789-:TZ"=[]{},. abcxyz\n', max_size=8))
    try:
        loads_request(text[:i] + ins + text[i + n :], source="fuzz.toml")
    except RequestError as exc:
        line = exc.one_line()
        assert "\n" not in line and line.startswith("fuzz.toml")


def test_unknown_launch_site_is_refused_before_solving() -> None:
    from crossflight.errors import UnknownIdError
    from crossflight.planning.plan import make_plan

    req = loads_request(_mutated('launch_site = "baikonur-31"', 'launch_site = "plesetsk"'))
    with pytest.raises(UnknownIdError) as info:
        make_plan(req)
    assert "vehicles[0].launch_site" in info.value.one_line()
    assert "baikonur-31" in info.value.one_line()  # the fix lists the known sites


def test_mission_beyond_certified_docked_life_is_refused() -> None:
    """The vehicle catalog gives Soyuz MS a certified docked life of 210 d (docs/rules.md)."""
    from crossflight.planning.plan import make_plan

    req = loads_request(
        _mutated("target_days = 190, max_days = 200", "target_days = 190, max_days = 245")
    )
    with pytest.raises(RequestError, match="docked life"):
        make_plan(req)


def test_person_ids_must_be_manifest_ids() -> None:
    with pytest.raises(RequestError) as info:
        loads_request(_mutated('id = "mikayev"', 'id = "Sergei Mikayev"'), source="r.toml")
    assert "fixed_flights[0].crew[1].id" in info.value.one_line()


def test_a_twenty_year_horizon_loads() -> None:
    """The longest horizon the planner is benchmarked on (the bench's 20-year row) is allowed."""
    req = loads_request(
        _mutated("end = 2030-12-31T00:00:00Z", "end = 2045-12-31T00:00:00Z"), source="x.toml"
    )
    assert (req.end - req.start).days == 7304
