"""``crossflight windows``: output formats, custom sites, staleness, bad input (exit 2)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path

import pytest

from cli_runner import run_cli

KEYS = {"site", "liftoff_utc", "in_plane_utc", "insertion_utc", "phase_deg", "profiles",
        "best_profile"}  # fmt: skip


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return run_cli("windows", *args)


@pytest.fixture(scope="module")
def tle(reference_dir: Path) -> str:
    return str(reference_dir / "iss-2025-04-07.tle")


def test_json_schema(tle: str) -> None:
    proc = _run("--station", tle, "--site", "baikonur-31", "--start", "2025-04-07",
                "--days", "2", "--vehicle", "soyuz-ms", "--json")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert isinstance(data, list) and len(data) == 2
    for opp in data:
        assert set(opp) >= KEYS and opp["site"] == "baikonur-31"
        assert opp["liftoff_utc"].endswith("Z") and opp["in_plane_utc"].endswith("Z")
        for p in opp["profiles"]:
            assert {"name", "liftoff_utc", "docking_utc"} <= set(p)
        if opp["profiles"]:
            best = opp["profiles"][0]
            assert opp["best_profile"] == best["name"]
            assert opp["liftoff_utc"] == best["liftoff_utc"]
    assert data[1]["best_profile"] == "2-orbit"
    # stderr carries only the one line saying which element set was used and its age
    assert proc.stderr.startswith("crossflight: station ") and proc.stderr.count("\n") == 1


def test_csv_ics_and_table(tle: str, tmp_path: Path) -> None:
    ics = tmp_path / "windows.ics"
    proc = _run("--station", tle, "--site", "baikonur-31", "--start", "2025-04-06",
                "--days", "3", "--csv", "--ics", str(ics))  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert len({r["liftoff_utc"] for r in rows}) == 3
    text = ics.read_bytes().decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.count("BEGIN:VEVENT") == 3
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert not list(tmp_path.glob(".*.tmp"))
    table = _run("--station", tle, "--site", "baikonur-31", "--start", "2025-04-08")
    assert table.returncode == 0 and "2-orbit" in table.stdout


def test_custom_site_both_directions(tle: str) -> None:
    proc = _run("--station", tle, "--lat", "28.6", "--lon", "-80.6", "--vehicle",
                "crew-dragon", "--start", "2025-04-07", "--json")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert {o["direction"] for o in json.loads(proc.stdout)} == {"ascending", "descending"}


def test_stale_warning_and_strict_error(tle: str) -> None:
    proc = _run("--station", tle, "--site", "baikonur-31", "--start", "2025-06-01", "--json")
    assert proc.returncode == 0 and "warning" in proc.stderr and "days from" in proc.stderr
    json.loads(proc.stdout)
    strict = _run("--station", tle, "--site", "baikonur-31", "--start", "2025-06-01", "--strict")
    assert strict.returncode == 2 and "fix:" in strict.stderr and strict.stdout == ""


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--site", "baikonur-99"), "unknown launch site"),
        (("--site", "baikonur-31", "--vehicle", "soyuz-tma"), "no ascent data"),
        (("--lat", "45"), "--lat and --lon"),
        (("--site", "baikonur-31", "--start", "2025-04-08T05:00"), "no timezone"),
        (("--site", "baikonur-31", "--json", "--csv"), "exclude each other"),
    ],
)
def test_bad_requests_exit_2(tle: str, args: tuple[str, ...], words: str) -> None:
    full = ["--station", tle, *args]
    if "--start" not in args:
        full += ["--start", "2025-04-08"]
    proc = _run(*full)
    assert proc.returncode == 2 and words in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr
