"""The CLI on malformed input: exit code 2 and exactly one line on stderr, for every command.

Runs ``crossflight.cli.main`` in-process (as the console script does) over generated bad
files, bad option values and bad output paths; never a traceback, never typer's boxed error,
never a long computation before the refusal.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crossflight.cli import main

REPO = Path(__file__).resolve().parents[1]
MINIMAL = (REPO / "examples" / "minimal.toml").read_text(encoding="utf-8")
REQUEST = REPO / "examples" / "plan-iss-2026-2030.toml"
TLE = (
    "ISS (ZARYA)\n"
    "1 25544U 98067A   25097.52056586  .00011719  00000-0  21806-3 0  9999\n"
    "2 25544  51.6365 297.0255 0004979  19.0825 341.0349 15.49320680504205\n"
)
SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    old = sys.argv
    sys.argv = ["crossflight", *args]
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        sys.argv = old
    out, err = capsys.readouterr()
    return code, out, err


def assert_refused(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    code, _, err = run(args, capsys)
    lines = err.strip().splitlines()
    assert code == 2, (args, err)
    assert len(lines) == 1, (args, err)
    assert lines[0].startswith("crossflight: error: ") and "(fix: " in lines[0], lines[0]
    assert "Traceback" not in err and "╭" not in err and "Input should be" not in err
    return lines[0]


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    (tmp_path / "iss.tle").write_text(TLE, encoding="utf-8")
    (tmp_path / "dir").mkdir()
    return {"tle": tmp_path / "iss.tle", "dir": tmp_path / "dir", "tmp": tmp_path}


BAD_NUMBERS = st.sampled_from(["abc", "", "nan", "inf", "-inf", "0", "-1", "1e400", "1,5"])


@SETTINGS
@given(days=BAD_NUMBERS)
def test_windows_bad_days_is_one_line(
    days: str, files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Once: ``--days abc`` gave typer's boxed error."""
    line = assert_refused(
        ["windows", "--station", str(files["tle"]), "--site", "baikonur-31",
         "--start", "2025-04-08", "--days", days], capsys,
    )  # fmt: skip
    assert "--days" in line or "days" in line


@SETTINGS
@given(start=st.sampled_from(["0001-01-01", "9999-12-31", "1900-01-01", "2025-13-01", "x",
                              "2025-04-08T05:00:00", "2101-01-01"]))  # fmt: skip
def test_windows_bad_start_is_one_line(
    start: str, files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert "--start" in assert_refused(
        ["windows", "--station", str(files["tle"]), "--site", "baikonur-31", "--start", start],
        capsys,
    )


@SETTINGS
@given(limit=BAD_NUMBERS)
def test_plan_crew_bad_time_limit_is_one_line(
    limit: str, files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Once: ``--time-limit 0`` gave typer's boxed error."""
    if limit in ("1e400",):  # a huge limit is a valid (long) limit
        return
    out = str(files["tmp"] / "plan.toml")
    line = assert_refused(["plan-crew", str(REQUEST), "--out", out, "--time-limit", limit], capsys)
    assert "--time-limit" in line


@SETTINGS
@given(
    text=st.one_of(
        st.text(max_size=300),
        st.sampled_from(["x = " + "[" * 500 + "]" * 500, "x = 1\n" * 3, "\x00\x01", "[plan"]),
        st.builds(lambda i, c: MINIMAL[:i] + c + MINIMAL[i + 1 :],
                  st.integers(0, len(MINIMAL) - 1), st.sampled_from("[]{}=\"'é\x00")),
    ),
)  # fmt: skip
def test_malformed_files_are_one_line_for_check_and_plan_crew(
    text: str, files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = files["tmp"] / "bad.toml"
    path.write_text(text, encoding="utf-8")
    code, _, _ = run(["check", str(path)], capsys)
    if code == 2:
        assert_refused(["check", str(path)], capsys)
    else:
        assert code in (0, 1)  # the damage left a valid manifest
    out = str(files["tmp"] / "plan.toml")
    assert_refused(["plan-crew", str(path), "--out", out, "--time-limit", "1"], capsys)


@SETTINGS
@given(
    target=st.sampled_from(["dir", "missing", "slash"]),
    command=st.sampled_from(["windows-ics", "rendezvous-oem", "rendezvous-czml",
                             "rendezvous-plot", "export", "plan-crew"]),
)  # fmt: skip
def test_output_paths_that_cannot_be_written_are_refused_at_once(
    target: str, command: str, files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Once: a directory as output gave a 45-line traceback, ``--oem`` only after 14 s."""
    suffix = {"rendezvous-plot": ".png"}.get(command, ".out")
    path = {
        "dir": str(files["dir"]),
        "missing": str(files["tmp"] / "missing" / f"x{suffix}"),
        "slash": str(files["dir"]) + "/",
    }[target]
    if target != "missing" and command == "rendezvous-plot":  # a directory named like a plot
        (files["tmp"] / "plot.png").mkdir(exist_ok=True)
        path = str(files["tmp"] / "plot.png") + ("/" if target == "slash" else "")
    station = ["--station", str(files["tle"]), "--site", "baikonur-31"]
    args = {
        "windows-ics": ["windows", *station, "--start", "2025-04-08", "--ics", path],
        "rendezvous-oem": ["rendezvous", *station, "--liftoff", "2025-04-08T05:47:15Z",
                           "--profile", "2-orbit", "--oem", path],
        "rendezvous-czml": ["rendezvous", *station, "--liftoff", "2025-04-08T05:47:15Z",
                            "--profile", "2-orbit", "--czml", path],
        "rendezvous-plot": ["rendezvous", *station, "--liftoff", "2025-04-08T05:47:15Z",
                            "--profile", "2-orbit", "--plot", path],
        "export": ["export", "--builtin", "iss-2022-2025", "-o", path],
        "plan-crew": ["plan-crew", str(REQUEST), "--out", path],
    }[command]  # fmt: skip
    line = assert_refused(args, capsys)
    assert "is a directory" in line or "does not exist" in line


def test_usage_errors_are_one_line(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    for args in (["check", "--bogus"], ["windows", "--station", str(files["tle"])],
                 ["plan-crew", str(REQUEST), "--out", "x.toml", "--workers", "0"],
                 ["list", "planets"], ["rendezvous", "--dispersions", "x"]):  # fmt: skip
        assert_refused(args, capsys)


def test_check_json_on_bad_input_prints_a_json_error(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = files["tmp"] / "bad.toml"
    path.write_text(MINIMAL.replace("launch_utc", "lanch_utc", 1), encoding="utf-8")
    code, out, err = run(["check", str(path), "--json"], capsys)
    doc = json.loads(out)
    assert code == 2 and doc["ok"] is False
    assert doc["error"]["exit_code"] == 2 and doc["error"]["source"] == str(path)
    assert "did you mean 'launch_utc'?" in doc["error"]["message"]
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("kind", ["sites", "vehicles", "ports", "profiles", "stations", "builtins"])
def test_list_tables_and_json(kind: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["list", kind, "--json"], capsys)
    rows = json.loads(out)
    assert code == 0 and rows and all("id" in r and r.get("source", "x") for r in rows)
    expected = {
        "sites": "baikonur-31",
        "vehicles": "soyuz-ms",
        "ports": "prichal-nadir",
        "profiles": "2-orbit",
        "stations": "iss",
        "builtins": "iss-2022-2025",
    }[kind]
    assert expected in {r["id"] for r in rows}
    code, out, _ = run(["list", kind], capsys)
    assert code == 0 and expected in out


def test_every_command_help_has_examples(capsys: pytest.CaptureFixture[str]) -> None:
    for command in (["check"], ["export"], ["windows"], ["rendezvous"], ["plan-crew"],
                    ["doctor"], ["list"], ["list", "sites"], ["list", "ports"]):  # fmt: skip
        code, out, _ = run([*command, "--help"], capsys)
        assert code == 0 and "Example" in out, command
        assert "crossflight " + command[0] in out
