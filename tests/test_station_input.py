"""Stale and impossible input to ``windows`` and ``rendezvous``: warned, refused, or exit 2
with one line naming what would work (never a traceback, never an empty result)."""

from __future__ import annotations

import json
import subprocess

import pytest

from cli_runner import run_cli
from crossflight.io.orbit_archive import archive_dir

FEB_2025 = str(archive_dir("iss") / "iss-2025-02-26.tle")  # epochs 2025-02-23 and 02-26
MS27 = ("--liftoff", "2025-04-08T05:47:15Z", "--profile", "2-orbit")


def _one_line_exit_2(proc: subprocess.CompletedProcess[str], *words: str) -> None:
    assert proc.returncode == 2, proc.stderr
    err = proc.stderr
    lines = [ln for ln in err.strip().splitlines() if "error:" in ln]
    assert len(lines) == 1 and "Traceback" not in err, err
    for w in words:
        assert w in lines[0], (w, lines[0])


@pytest.mark.slow
def test_rendezvous_with_a_58_day_old_set_warns_and_strict_refuses() -> None:
    """Liftoff 2025-04-25T22:41:51Z is the 2-day window predicted from the 2025-02-26 set,
    58.3 days old at liftoff: the simulation runs with a warning; --strict refuses it."""
    args = ("rendezvous", "--station", FEB_2025, "--site", "baikonur-31", "--vehicle",
            "progress-ms", "--liftoff", "2025-04-25T22:41:51Z", "--profile", "2-day")  # fmt: skip
    ok = run_cli(*args, "--json")
    assert ok.returncode == 0, ok.stderr
    assert "warning:" in ok.stderr and "days from the requested time" in ok.stderr
    assert "58.3 days before 2025-04-25T22:41:51Z" in ok.stderr
    assert json.loads(ok.stdout)["profile"] == "2-day"
    strict = run_cli(*args, "--strict")
    _one_line_exit_2(strict, "EPOCH", "limit 14 days", "orbit fetch")
    assert strict.stdout == ""


def test_windows_with_a_58_day_old_set_warns_and_strict_refuses() -> None:
    args = ("windows", "--station", FEB_2025, "--site", "baikonur-31", "--start", "2025-04-25")
    ok = run_cli(*args, "--json")
    assert ok.returncode == 0 and "warning:" in ok.stderr and "58.3 days" in ok.stderr
    _one_line_exit_2(run_cli(*args, "--strict"), "limit 14 days")


@pytest.mark.parametrize("command", ["windows", "rendezvous"])
def test_beyond_90_days_is_refused_unless_allow_stale(command: str) -> None:
    when = ["--start", "2025-08-01"] if command == "windows" else [
        "--liftoff", "2025-08-01T00:00:00Z", "--profile", "2-orbit"]  # fmt: skip
    proc = run_cli(command, "--station", FEB_2025, "--site", "baikonur-31", *when)
    _one_line_exit_2(proc, "refused beyond 90 days", "--allow-stale")


def test_decay_is_exit_2_with_the_reason() -> None:
    """Five years after its epoch SGP4 gives up on the ISS set (decayed: error 1 or 6)."""
    for args in (
        ["windows", "--start", "2030-06-01"],
        ["rendezvous", "--liftoff", "2030-06-01T00:00:00Z", "--profile", "2-orbit"],
    ):
        proc = run_cli(*args, "--station", FEB_2025, "--site", "baikonur-31", "--allow-stale")
        _one_line_exit_2(proc, "SGP4 error", "decayed", "2030-0")


@pytest.mark.parametrize("command", ["windows", "rendezvous"])
def test_soyuz_from_kennedy_names_baikonur(command: str) -> None:
    when = ["--start", "2025-04-08"] if command == "windows" else list(MS27)
    proc = run_cli(command, "--station", "iss", "--site", "ksc-39a", "--vehicle", "soyuz-ms", *when)
    _one_line_exit_2(proc, "soyuz-ms does not launch from ksc-39a", "baikonur-31")


def test_soyuz_at_a_us_port_names_the_compatible_ports() -> None:
    proc = run_cli("rendezvous", "--station", "iss", "--site", "baikonur-31",
                   "--port", "harmony-forward", *MS27)  # fmt: skip
    _one_line_exit_2(proc, "cannot dock at harmony-forward", "prichal-nadir", "rassvet-nadir",
                     "poisk-zenith")  # fmt: skip
    assert "zvezda-aft" not in proc.stderr  # Progress only


def test_a_pad_the_plane_never_passes_over_names_pads_that_work() -> None:
    proc = run_cli("windows", "--station", "iss", "--site", "vostochny-1s", "--vehicle",
                   "progress-ms", "--start", "2025-04-08")  # fmt: skip
    _one_line_exit_2(proc, "beyond the station's inclination 51.6", "baikonur-31")
    custom = run_cli("windows", "--station", "iss", "--lat", "60", "--lon", "30",
                     "--start", "2025-04-08")  # fmt: skip
    _one_line_exit_2(custom, "beyond the station's inclination")


def test_readme_examples_run_offline_with_the_built_in_archive() -> None:
    win = run_cli("windows", "--station", "iss", "--site", "baikonur-31", "--start",
                  "2025-04-08", "--days", "1", "--json")  # fmt: skip
    assert win.returncode == 0, win.stderr
    assert "built-in archive iss-2025-04-07.tle" in win.stderr and "0.5 days" in win.stderr
    flown = [p for o in json.loads(win.stdout) for p in o["profiles"] if p["name"] == "2-orbit"]
    assert flown and flown[0]["liftoff_utc"].startswith("2025-04-08T05:47")
