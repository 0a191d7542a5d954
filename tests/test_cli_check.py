"""``crossflight check`` / ``export`` through the real entry point (exit codes, JSON, help)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crossflight.cli import main

REPO = Path(__file__).resolve().parents[1]
MINIMAL = REPO / "examples" / "minimal.toml"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run ``crossflight ARGS`` in-process through ``main()``: (exit code, stdout, stderr)."""
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


def test_builtin_history_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["check", "--builtin", "iss-2022-2025"], capsys)
    assert code == 0  # real findings are warnings against thresholds (docs/rules.md)
    assert "ISS integrated crews 2022-2025" in out
    assert "soyuz-ms-27" in out and "R4" in out
    flat = " ".join(out.split())  # the table wraps long cells
    assert "limit (warning threshold)" in flat and "limit (planning rule)" in flat


def test_builtin_history_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["check", "--builtin", "iss-2022-2025", "--json"], capsys)
    assert code == 0
    doc = json.loads(out)
    assert set(doc) == {"manifest", "period", "ok", "violations", "warnings", "summary"}
    assert doc["ok"] is True
    for key, severity in (("violations", "violation"), ("warnings", "warning")):
        for v in doc[key]:
            assert set(v) == {"rule", "severity", "start_utc", "end_utc", "subject", "message",
                              "limit_kind", "limit_source"}  # fmt: skip
            assert v["start_utc"].endswith("Z") and v["end_utc"].endswith("Z")
            assert v["limit_kind"] in {"certified limit", "planning rule", "warning threshold"}
            assert v["limit_source"]
            assert v["severity"] == severity
    assert len(doc["violations"]) == 0 and len(doc["warnings"]) == 9
    assert doc["summary"]["violations"] == 0 and doc["summary"]["warnings"] == 9


def test_clean_manifest_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["check", str(MINIMAL)], capsys)
    assert code == 0 and "clean" in out
    code, out, _ = run(["check", str(MINIMAL), "--json"], capsys)
    assert code == 0 and json.loads(out)["violations"] == []


def test_export_round_trip_gives_the_same_result(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, text, _ = run(["export", "--builtin", "iss-2022-2025"], capsys)
    assert code == 0 and "[[flights]]" in text and "[[crew]]" in text
    path = tmp_path / "iss.toml"
    path.write_text(text, encoding="utf-8")
    _, direct, _ = run(["check", "--builtin", "iss-2022-2025", "--json"], capsys)
    code, again, _ = run(["check", str(path), "--json"], capsys)
    assert code == 0  # warnings only
    assert json.loads(again)["violations"] == json.loads(direct)["violations"]
    code, _, _ = run(["export", str(path), "--out", str(tmp_path / "copy.toml")], capsys)
    assert code == 0 and (tmp_path / "copy.toml").read_text(encoding="utf-8") == text


BAD = {
    "malformed": 'format = "crossflight-manifest/1\n',
    "naive": MINIMAL.read_text(encoding="utf-8").replace(
        "dock_utc = 2030-01-01T09:10:00Z", "dock_utc = 2030-01-01T09:10:00"
    ),
    "unknown-port": MINIMAL.read_text(encoding="utf-8").replace("prichal-nadir", "nowhere"),
    "binary": "\x00\x01[[[",
}


@pytest.mark.parametrize("kind", sorted(BAD))
def test_bad_input_exits_2_with_one_line(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / f"{kind}.toml"
    path.write_text(BAD[kind], encoding="utf-8")
    code, out, err = run(["check", str(path)], capsys)
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"crossflight: error: {path}")
    assert "fix:" in lines[0] and "Traceback" not in err


def test_neither_or_both_sources_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["check"], capsys)
    assert code == 2 and "--builtin" in err
    code, _, err = run(["check", str(MINIMAL), "--builtin", "iss-2022-2025"], capsys)
    assert code == 2
    code, _, err = run(["check", "--builtin", "mir-1990"], capsys)
    assert code == 2 and "iss-2022-2025" in err and len(err.strip().splitlines()) == 1


def test_help_reads_well(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["check", "--help"], capsys)
    assert code == 0
    for word in ("R1-R7", "--builtin", "--json", "Exit code", "lifeboat"):
        assert word in out
    code, out, _ = run(["--help"], capsys)
    assert code == 0 and "check" in out and "export" in out and "doctor" in out


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=200))
def test_random_files_exit_2_with_one_line(
    text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "random.toml"
    path.write_text(text, encoding="utf-8")
    code, out, err = run(["check", str(path), "--json"], capsys)
    assert code == 2 and json.loads(out)["error"]["exit_code"] == 2  # --json: a JSON error
    assert json.loads(out)["error"]["line"] in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
