"""The main job end to end: ``crossflight demo`` writes a report whose artefacts all re-read.

The demo runs once per session (fixture ``demo_report``).  Every artefact is read back by an
independent reader: the manifests by ``crossflight check`` (same findings as the report),
the calendar by ``icalendar``, the ephemeris by the ``oem`` package, the tables by pyarrow.
The story is checked against the real Soyuz MS-27 flight it reproduces.
"""

from __future__ import annotations

import itertools
import json
from datetime import UTC, datetime
from html import escape as html_escape
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from icalendar import Calendar

from cli_runner import run_cli

pytestmark = pytest.mark.slow

STAGES = ("history", "plan", "orbit", "windows", "rendezvous", "increment", "whatif", "report")
TWO_MINUTES_S = 120.0
NINETY_SECONDS_S = 90.0  # MS-27 liftoff: the window model's accuracy on real Soyuz flights
TEN_MINUTES_S = 600.0  # MS-27 docking: the simulated rendezvous against the real docking
MS27_LIFTOFF = datetime(2025, 4, 8, 5, 47, 15, tzinfo=UTC)  # russianspaceweb.com/soyuz-ms-27
MS27_DOCKING = datetime(2025, 4, 8, 8, 57, 45, tzinfo=UTC)


@pytest.fixture(scope="module")
def report(demo_report: dict[str, Any]) -> Path:
    assert demo_report["returncode"] == 0, demo_report["stderr"]
    out: Path = demo_report["dir"]
    return out


@pytest.fixture(scope="module")
def summary(report: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((report / "summary.json").read_text(encoding="utf-8"))
    return data


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_demo_exits_0_with_progress_and_the_report_path(demo_report: dict[str, Any]) -> None:
    assert demo_report["returncode"] == 0, demo_report["stderr"]
    stderr = str(demo_report["stderr"])
    for title in ("checking the flown history", "planning crews", "simulating the next"):
        assert title in stderr
    assert "index.html" in str(demo_report["stdout"])
    assert "Traceback" not in stderr


def test_each_stage_is_timed_and_the_whole_job_fits_the_budget(
    demo_report: dict[str, Any], summary: dict[str, Any]
) -> None:
    assert set(STAGES) <= set(summary["timings_s"])
    assert all(t >= 0.0 for t in summary["timings_s"].values())
    assert summary["total_s"] == pytest.approx(sum(summary["timings_s"].values()), abs=0.01)
    assert float(demo_report["wall_s"]) < TWO_MINUTES_S


def test_the_report_answers_with_the_real_ms27_flight(summary: dict[str, Any]) -> None:
    rdv = summary["rendezvous"]
    assert rdv["flight"] == "soyuz-ms-27" and rdv["profile"] == "2-orbit"
    assert abs((_utc(rdv["liftoff_utc"]) - MS27_LIFTOFF).total_seconds()) < NINETY_SECONDS_S
    assert abs((_utc(rdv["docking_utc"]) - MS27_DOCKING).total_seconds()) < TEN_MINUTES_S
    assert {p["name"] for p in rdv["crew"]} == {
        "Sergey Ryzhikov", "Alexey Zubritsky", "Jonny Kim"
    }  # fmt: skip
    first = summary["answers"][0]
    assert first.startswith("The next Soyuz MS from Baikonur") and "2-orbit" in first
    assert "Jonny Kim (NASA)" in first
    windows = {w["flight"]: w for w in summary["flight_windows"]}
    ms27 = windows["soyuz-ms-27"]
    assert abs(ms27["liftoff_error_s"]) < NINETY_SECONDS_S
    assert ms27["opportunity"]["best_profile"] == "2-orbit"


def test_page_shows_the_same_ms27_window_as_the_summary(
    report: Path, summary: dict[str, Any]
) -> None:
    html = (report / "index.html").read_text(encoding="utf-8")
    (ms27,) = [w for w in summary["flight_windows"] if w["flight"] == "soyuz-ms-27"]
    lift = _utc(ms27["opportunity"]["liftoff_utc"]).replace(microsecond=0)
    row = html[html.index("<td>Soyuz MS-27</td>") :].split("</tr>")[0]
    assert lift.strftime("%Y-%m-%dT%H:%M:%SZ") in row and "<td>2-orbit</td>" in row


@pytest.mark.parametrize("which", ["history", "plan"])
def test_manifests_pass_check_with_the_reports_findings(
    report: Path, summary: dict[str, Any], which: str
) -> None:
    proc = run_cli("check", str(report / f"{which}.toml"), "--json")
    assert proc.returncode in (0, 1), proc.stderr
    again = json.loads(proc.stdout)
    assert again["violations"] == summary[which]["check"]["violations"]
    html = (report / "index.html").read_text(encoding="utf-8")
    for v in again["violations"]:
        assert html_escape(v["message"], quote=False) in html


def test_plan_is_accepted_and_flies_integrated_crews(summary: dict[str, Any]) -> None:
    assert summary["plan"]["check"]["ok"] is True
    assert any("Integrated crews" in a for a in summary["answers"])


def test_calendar_parses_with_launches_and_dockings(report: Path, summary: dict[str, Any]) -> None:
    cal = Calendar.from_ical((report / "flights.ics").read_bytes())
    events = list(cal.walk("VEVENT"))
    ms27 = [e for e in events if str(e["SUMMARY"]).startswith("Soyuz MS-27:")]
    assert len(ms27) == 1
    assert ms27[0].decoded("DTSTART") == MS27_LIFTOFF
    assert ms27[0].decoded("DTEND") == MS27_DOCKING
    assert any(str(e["SUMMARY"]).startswith("simulated soyuz-ms 2-orbit") for e in events)
    windows = Calendar.from_ical((report / "windows.ics").read_bytes())
    assert len(list(windows.walk("VEVENT"))) == len(summary["windows"])


def test_oem_reads_back_with_the_burns_as_segments(report: Path, summary: dict[str, Any]) -> None:
    from oem import OrbitEphemerisMessage

    ephem = OrbitEphemerisMessage.open(str(report / "rendezvous.oem"))
    segments = list(ephem)
    assert len(segments) >= 2  # coast arcs split at the impulsive burns
    last = list(segments[-1].states)[-1]
    docking = _utc(summary["rendezvous"]["docking_utc"])
    assert abs((last.epoch.datetime.replace(tzinfo=UTC) - docking).total_seconds()) < 120.0
    czml = json.loads((report / "rendezvous.czml").read_text(encoding="utf-8"))
    assert {p["id"] for p in czml} >= {"document", "ship", "station"}


def test_tables_read_back_as_parquet_and_csv(report: Path, summary: dict[str, Any]) -> None:
    windows = pq.read_table(report / "windows.parquet")
    n_options = sum(max(1, len(w["profiles"])) for w in summary["windows"])
    assert windows.num_rows == n_options
    assert str(windows.schema.field("liftoff_utc").type) == "timestamp[ms, tz=UTC]"
    occ = pq.read_table(report / "occupancy.parquet").to_pylist()
    rubio = [r["lifeboat"] for r in occ if r["person"] == "rubio" and r["manifest"] == "history"]
    # Frank Rubio's seat liner: Soyuz MS-22 (leak), Crew-5 (January 2023), then MS-23.
    assert rubio == ["soyuz-ms-22", "crew-5", "soyuz-ms-23"]
    header = (report / "windows.csv").read_text(encoding="utf-8").splitlines()[0]
    assert '"liftoff_utc"' in header


def test_page_is_self_contained(report: Path) -> None:
    html = (report / "index.html").read_text(encoding="utf-8")
    from plotly.offline import get_plotlyjs

    # the only URLs are the ones inside the inlined plotly.js bundle (defaults it never loads)
    assert html.count("cdn.plot.ly") == get_plotlyjs().count("cdn.plot.ly")
    assert "<script src=" not in html and '<link rel="stylesheet"' not in html
    assert html.count("plotly.js v") <= 2  # the one inlined bundle (its banner)
    assert "Content-Security-Policy" in html
    for png in ("occupancy-plan", "findings", "windows", "rendezvous", "ground-track"):
        data = (report / "png" / f"{png}.png").read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000


def test_rerun_replaces_a_report_but_refuses_a_foreign_directory(tmp_path: Path) -> None:
    foreign = tmp_path / "notes"
    foreign.mkdir()
    (foreign / "thesis.txt").write_text("keep me", encoding="utf-8")
    proc = run_cli("demo", "--out", str(foreign))
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "--out" in proc.stderr and "fix:" in proc.stderr
    assert [p.name for p in foreign.iterdir()] == ["thesis.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes"]


def test_experiment_sessions_re_read_and_respect_the_crew(
    report: Path, summary: dict[str, Any]
) -> None:
    """A plain check from the artefacts alone: no one does two sessions at once, and everyone
    in a session is aboard the station then (occupancy from the checker's timeline)."""
    rows = pq.read_table(report / "experiments.parquet").to_pylist()
    inc = summary["increment"]
    assert len(rows) == sum(len(s["crew"]) for s in inc["sessions"])
    assert inc["optimal"] is True and len(inc["scheduled"]) >= 45
    by_person: dict[str, list[tuple[datetime, datetime]]] = {}
    for r in rows:
        by_person.setdefault(r["person"], []).append((r["start_utc"], r["end_utc"]))
    for spans in by_person.values():
        spans.sort()
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
    occ = [
        o
        for o in pq.read_table(report / "occupancy.parquet").to_pylist()
        if o["manifest"] == "history"
    ]
    for r in rows:
        assert any(
            o["person"] == r["person"]
            and o["start_utc"] <= r["start_utc"]
            and r["end_utc"] <= o["end_utc"]
            for o in occ
        ), r
    for u in inc["unscheduled"]:
        assert u["reason"] and u["constraint"]
    assert any(a.startswith("The first increment") for a in summary["answers"])


def test_whatif_scenarios_re_read_to_the_summary(report: Path, summary: dict[str, Any]) -> None:
    table = pq.read_table(report / "scenarios.parquet")
    w = summary["whatif"]
    assert table.num_rows == w["scenarios"] == 2000
    for rule, d in w["p_violation"].items():
        violated = table.column(f"{rule}_violated").to_pylist()
        assert sum(violated) == d["scenarios"]
        assert d["ci95"][0] <= d["p"] <= d["ci95"][1]
    assert any(a.startswith("Over 2000 what-if scenarios") for a in summary["answers"])
