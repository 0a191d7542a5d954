"""The built-in ISS history 2022-2025 checked against the world.

* Its flights agree with the reference table of real flights (``flights.csv``, public sources):
  times within one minute, crews by surname.
* The checker reports exactly the real findings documented in ``docs/rules.md``.
* Planted faults (the acceptance list of issue 2) are each caught by the right rule.
"""

from __future__ import annotations

import csv
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crossflight.io.manifest import load_builtin_manifest
from crossflight.model.flights import Flight
from crossflight.model.manifest import Manifest
from crossflight.model.resolve import resolve_manifest
from crossflight.rules import CheckReport, Violation, check_manifest

ONE_MINUTE = timedelta(minutes=1)  # the reference gives most times to the minute
HISTORY = "iss-2022-2025"


@pytest.fixture(scope="module")
def history() -> Manifest:
    return load_builtin_manifest(HISTORY)


@pytest.fixture(scope="module")
def report(history: Manifest) -> CheckReport:
    return check_manifest(history)


def _flight(m: Manifest, fid: str) -> Flight:
    return next(f for f in m.flights if f.id == fid)


def _with_flight(m: Manifest, fid: str, **update: object) -> Manifest:
    flights = [f.model_copy(update=update) if f.id == fid else f for f in m.flights]
    return m.model_copy(update={"flights": flights})


def _rules(report: CheckReport, severity: str = "violation") -> set[str]:
    return {v.rule for v in report.violations if v.severity == severity}


def _utc(text: str) -> datetime | None:
    text = text.strip()
    if not text or text.startswith("UNCONFIRMED"):
        return None
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


# ------------------------------------------------------------------ against flights.csv


def _reference_rows(csv_path: Path) -> list[dict[str, str]]:
    text = csv_path.read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    return list(csv.DictReader(lines))


def _flight_by_name(m: Manifest, name: str) -> Flight:
    """Reference name 'Soyuz MS-22' / 'Crew-5' / 'Ax-2' / 'Starliner CFT' -> our flight."""
    for f in m.flights:
        if f.name == name or f.name.split(" (")[0] == name:
            return f
        if name == "Starliner CFT" and f.id == "starliner-cft":
            return f
    raise AssertionError(f"flight {name!r} of the reference is missing from the history")


def test_every_reference_flight_is_in_the_history(
    history_reference_csv: Path, history: Manifest
) -> None:
    rows = _reference_rows(history_reference_csv)
    assert len(rows) == 20
    for row in rows:
        _flight_by_name(history, row["flight"])
    assert len(history.flights) == len(rows)


def test_times_match_the_reference_within_a_minute(
    history_reference_csv: Path, history: Manifest
) -> None:
    for row in _reference_rows(history_reference_csv):
        f = _flight_by_name(history, row["flight"])
        for col, ours in (
            ("launch_utc", f.launch_utc),
            ("docking_utc", f.dock_utc),
            ("undocking_utc", f.undock_utc),
            ("landing_utc", f.landing_utc),
        ):
            ref = _utc(row[col])
            if ref is None:  # MS-28: undocking not confirmed -> not given in the history
                assert ours is None, (row["flight"], col)
                continue
            assert ours is not None, (row["flight"], col)
            assert abs(ours - ref) <= ONE_MINUTE, (row["flight"], col, ours, ref)


CREW_ENTRY = re.compile(r"([^;()]+?)\s*\(([A-Z]+)\)")  # "Rubio (NASA)"


def _reference_crew(row: dict[str, str]) -> list[tuple[str, str]]:
    """(surname, agency) pairs of a reference row's crew_up ("uncrewed (...)" gives none)."""
    return [(n.strip().split()[-1].lower(), a) for n, a in CREW_ENTRY.findall(row["crew_up"])]


def test_crews_up_match_the_reference(history_reference_csv: Path, history: Manifest) -> None:
    rm = resolve_manifest(history)
    for row in _reference_rows(history_reference_csv):
        f = _flight_by_name(history, row["flight"])
        ours = sorted((rm.crew[p].name.split()[-1].lower(), rm.crew[p].agency) for p in f.crew_up)
        assert ours == sorted(_reference_crew(row)), row["flight"]


def test_ms22_crew_came_home_on_ms23_and_cft_crew_on_crew9(history: Manifest) -> None:
    assert _flight(history, "soyuz-ms-22").returning_crew == []
    assert set(_flight(history, "soyuz-ms-23").returning_crew) == {"prokopyev", "petelin", "rubio"}
    assert _flight(history, "starliner-cft").returning_crew == []
    assert {"wilmore", "s-williams"} <= set(_flight(history, "crew-9").returning_crew)


# ------------------------------------------------------------------ the real findings


def test_history_findings_are_exactly_the_documented_real_ones(report: CheckReport) -> None:
    """Each of these is explained with its source in docs/rules.md ("Real findings").

    Changes from the first version (issue 9, published sources): the 210-day docked lives of
    Soyuz MS and Crew Dragon are warning thresholds (Crew Dragon: NASA requires *at least* 210
    days; Soyuz: Roscosmos planned 215-245 d stays), so MS-23, Crew-8, MS-26 and MS-27 are
    warnings, and MS-24's 203 d (below the threshold) is no finding; the crew-size limit is the
    13 aboard of July 2009 (NASA announced 12 for September 2024), so 12 aboard is no finding.
    """
    found = {(v.rule, v.severity, v.subject) for v in report.violations}
    assert found == {
        ("R2", "warning", "prokopyev"),  # MS-22 emergency-only after the leak
        ("R2", "warning", "petelin"),
        ("R2", "warning", "rubio"),
        ("R4", "warning", "soyuz-ms-23"),  # 213.3 d docked > 210 d threshold
        ("R4", "warning", "crew-8"),  # 232.6 d
        ("R4", "warning", "soyuz-ms-26"),  # 220.1 d
        ("R4", "warning", "soyuz-ms-27"),  # 244.7 d
        ("R5", "warning", "station crew"),  # 9-12 aboard for 139 d (Starliner CFT)
        ("R7", "warning", "crew-9 -> crew-10"),  # 2.0 d handover
    }
    assert report.ok


def test_every_finding_cites_the_kind_and_source_of_its_limit(report: CheckReport) -> None:
    kinds = {"certified limit", "planning rule", "warning threshold"}
    for v in report.violations:
        assert v.limit_kind in kinds, v
        assert len(v.limit_source) > 20, v
    r4 = {v.subject: v for v in report.by_rule("R4")}
    assert "at least 210 days" in r4["crew-8"].limit_source
    assert "215 d" in r4["soyuz-ms-23"].limit_source


def test_both_agencies_always_aboard_and_everyone_always_had_a_seat(report: CheckReport) -> None:
    assert not report.by_rule("R1")
    assert not [v for v in report.by_rule("R2") if v.severity == "violation"]
    assert not report.by_rule("R3")
    assert not report.by_rule("R6")


def test_ms22_emergency_only_interval_is_the_leak_to_ms23_docking(report: CheckReport) -> None:
    rubio = next(v for v in report.by_rule("R2") if v.subject == "rubio")
    assert rubio.start_utc == datetime(2022, 12, 15, 0, 45, tzinfo=UTC)
    assert rubio.end_utc == datetime(2023, 1, 18, tzinfo=UTC)  # his liner moved to Crew-5
    pro = next(v for v in report.by_rule("R2") if v.subject == "prokopyev")
    assert pro.end_utc == datetime(2023, 2, 26, 0, 58, tzinfo=UTC)  # MS-23 docked


def test_twelve_aboard_when_ms26_joined_is_the_announced_plan_not_a_finding(
    history: Manifest, report: CheckReport
) -> None:
    """12 aboard 2024-09-11..23 (MS-26 docked before MS-25 left, with Crew-8 and the CFT crew):
    NASA planned and announced this handover, and 13 were aboard in July 2009, so it is within
    the planning rule; a 14th person would break it."""
    assert not [v for v in report.by_rule("R5") if v.severity == "violation"]
    tighter = history.model_copy(
        update={"rules": history.rules.model_copy(
            update={"crew_size": history.rules.crew_size.model_copy(update={"handover_max": 11})}
        )}
    )  # fmt: skip
    v = next(v for v in check_manifest(tighter).by_rule("R5") if v.severity == "violation")
    assert "12 aboard" in v.message and v.limit_kind == "planning rule"
    assert v.start_utc == datetime(2024, 9, 11, 19, 32, tzinfo=UTC)
    assert v.end_utc == datetime(2024, 9, 23, 8, 36, tzinfo=UTC)


def test_crew9_relocation_and_cft_seat_move_at_their_published_times(history: Manifest) -> None:
    """Crew-9 undocked 11:35Z and redocked 12:25Z on 2024-11-03; Crew-6 redocked 12:01Z on
    2023-05-06; Wilmore's and Williams' seats moved to Crew-9 after the seat-fit checks of
    2024-10-01 (NASA), not at Crew-9's docking."""
    (r9,) = _flight(history, "crew-9").relocations
    assert r9.undock_utc == datetime(2024, 11, 3, 11, 35, tzinfo=UTC)
    assert r9.time_utc == datetime(2024, 11, 3, 12, 25, tzinfo=UTC)
    (r6,) = _flight(history, "crew-6").relocations
    assert r6.time_utc == datetime(2023, 5, 6, 12, 1, tzinfo=UTC)
    moves = [m for m in history.seat_moves if m.to_flight == "crew-9"]
    assert {m.person for m in moves} == {"wilmore", "s-williams"}
    assert all(m.time_utc.date() == datetime(2024, 10, 1).date() for m in moves)


def test_ms27_docked_life_finding(report: CheckReport) -> None:
    v = next(v for v in report.by_rule("R4") if v.subject == "soyuz-ms-27")
    assert "244.7 d" in v.message
    assert v.end_utc == datetime(2025, 12, 9, 1, 41, tzinfo=UTC)


def test_ms28_is_still_docked_at_the_end_and_not_flagged(
    history: Manifest, report: CheckReport
) -> None:
    ms28 = _flight(history, "soyuz-ms-28")
    assert ms28.undock_utc is None
    assert not [v for v in report.violations if v.subject == "soyuz-ms-28"]


# ------------------------------------------------------------------ seat moves removed


def test_without_the_seat_moves_rubio_and_the_cft_crew_lose_their_lifeboat(
    history: Manifest,
) -> None:
    bare = history.model_copy(update={"seat_moves": []})
    r = check_manifest(bare)
    bad = [v for v in r.by_rule("R2") if v.severity == "violation"]
    subjects = {v.subject for v in bad}
    # MS-22, limited to two emergency seats from 2023-01-18, still holds three liners:
    ms22 = next(v for v in bad if v.subject == "soyuz-ms-22")
    assert ms22.start_utc == datetime(2023, 1, 18, tzinfo=UTC)
    assert ms22.end_utc == datetime(2023, 2, 26, 0, 58, tzinfo=UTC)
    # Starliner left with Wilmore's and Williams' seats: no lifeboat until Crew-9 docked.
    assert {"wilmore", "s-williams"} <= subjects
    w = next(v for v in bad if v.subject == "wilmore")
    assert w.start_utc == datetime(2024, 9, 6, 22, 4, tzinfo=UTC)
    assert w.end_utc == datetime(2024, 9, 29, 21, 30, tzinfo=UTC)  # implicit move at docking
    assert not r.ok


# ------------------------------------------------------------------ planted faults


def test_planted_no_nasa_astronaut_on_a_soyuz_is_caught_by_r6(history: Manifest) -> None:
    f = _flight(history, "soyuz-ms-27")
    m = _with_flight(history, "soyuz-ms-27", crew_up=[p for p in f.crew_up if p != "kim"])
    r = check_manifest(m)
    r6 = r.by_rule("R6")
    assert {v.subject for v in r6} == {"soyuz-ms-27", "agreement integrated-crew-2022"}
    assert "6 NASA seats" in next(v.message for v in r6 if v.subject.startswith("agreement"))


def test_planted_dragon_at_an_occupied_port_is_caught_by_r3(history: Manifest) -> None:
    m = _with_flight(history, "ax-4", port="harmony-forward")  # Crew-10 is docked there
    r = check_manifest(m)
    v = next(v for v in r.by_rule("R3"))
    assert v.subject == "harmony-forward: crew-10 + ax-4"
    assert v.start_utc == datetime(2025, 6, 26, 10, 31, tzinfo=UTC)
    assert v.end_utc == datetime(2025, 7, 14, 11, 15, tzinfo=UTC)


def test_planted_soyuz_past_its_docked_life_is_caught_by_r4(history: Manifest) -> None:
    f = _flight(history, "soyuz-ms-25")  # 181.7 d docked in reality
    late = f.dock_utc + timedelta(days=215)  # MS-27 docks at Prichal only in 2025
    m = _with_flight(history, "soyuz-ms-25", undock_utc=late, landing_utc=late + timedelta(hours=3))
    r = check_manifest(m)
    # 215 d is beyond the 210 d Soyuz threshold: a warning citing it (not a certified limit)
    v = next(v for v in r.by_rule("R4") if v.subject == "soyuz-ms-25")
    assert v.severity == "warning" and v.limit_kind == "warning threshold"


def test_planted_four_people_in_a_soyuz_are_caught_by_r2(history: Manifest) -> None:
    f = _flight(history, "soyuz-ms-26")
    m = history.model_copy(update={"crew": [*history.crew, *[]]})
    m = _with_flight(m, "soyuz-ms-26", crew_up=[*f.crew_up, "kikina"])
    r = check_manifest(m)
    subjects = {v.subject for v in r.by_rule("R2") if v.severity == "violation"}
    assert "soyuz-ms-26" in subjects
    msgs = [v.message for v in r.by_rule("R2") if v.subject == "soyuz-ms-26"]
    assert any("launches with 4 people in 3 seats" in s for s in msgs)
    assert any("4 lifeboat seats assigned" in s for s in msgs)


def test_planted_landing_while_crew_still_needed_is_caught_by_r2(history: Manifest) -> None:
    """Crew-8 leaves before Crew-9 arrives: Wilmore and Williams' contingency seats go with it."""
    early = datetime(2024, 9, 15, tzinfo=UTC)
    m = _with_flight(history, "crew-8", undock_utc=early, landing_utc=early + timedelta(hours=9))
    r = check_manifest(m)
    lost = {v.subject for v in r.by_rule("R2") if v.severity == "violation"}
    assert {"wilmore", "s-williams"} <= lost


def test_planted_last_cosmonauts_leaving_is_caught_by_r1(history: Manifest) -> None:
    """MS-27 leaves before MS-28 arrives and Crew-11's cosmonaut is swapped for a NASA flyer."""
    f11 = _flight(history, "crew-11")
    m = _with_flight(
        history, "crew-11", crew_up=[p if p != "platonov" else "kim" for p in f11.crew_up]
    )
    m = _with_flight(
        m,
        "soyuz-ms-27",
        crew_up=["ryzhikov", "zubritsky"],
        undock_utc=datetime(2025, 11, 20, tzinfo=UTC),
        landing_utc=datetime(2025, 11, 20, 4, tzinfo=UTC),
    )
    # Kim now flies on Crew-11 instead; keep the Soyuz NASA seat issue out of this test.
    m = m.model_copy(update={"rules": m.rules.model_copy(update={"disabled": ["R6"]})})
    r = check_manifest(m)
    r1 = r.by_rule("R1")
    assert [v.subject for v in r1] == ["russian segment: ROSCOSMOS"]
    assert r1[0].start_utc == datetime(2025, 11, 20, tzinfo=UTC)
    assert r1[0].end_utc == datetime(2025, 11, 27, 12, 34, 35, tzinfo=UTC)


def test_findings_are_sorted_by_time(report: CheckReport) -> None:
    keys: list[Violation] = list(report.violations)
    assert keys == sorted(keys)


def test_seven_aboard_when_the_history_starts(history: Manifest) -> None:
    """After Crew-3 left (2022-05-05 05:20 UTC) Expedition 67 had seven people: MS-21 + Crew-4."""
    from crossflight.rules.timeline import build_timeline, secs

    rm = resolve_manifest(history)
    tl = build_timeline(rm)
    t = secs(rm.start_utc)
    aboard = {p for p, t0, t1 in tl.aboard if t0 <= t < t1}
    assert aboard == {
        "artemyev",
        "matveev",
        "korsakov",
        "lindgren",
        "hines",
        "watkins",
        "cristoforetti",
    }
