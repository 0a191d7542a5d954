"""The report directory appears whole or not at all (in-process, a small scenario)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_runner import run_cli
from crossflight import api
from crossflight.io.scenario import load_scenario
from crossflight.report import artefacts
from crossflight.report.mainjob import run_main_job

SMALL = """\
[scenario]
name = "small: history and one day of windows"

[history]
builtin = "iss-2022-2025"

[orbit]
station = "iss"

[windows]
start = 2025-04-08T00:00:00Z
days = 1
sites = [{ site = "baikonur-31", vehicle = "soyuz-ms" }]
"""


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "small.toml"
    path.write_text(SMALL, encoding="utf-8")
    return path


def _siblings(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir())


def test_a_failure_while_writing_leaves_the_previous_report(
    small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "report"
    res, index = run_main_job(load_scenario(small), out)
    assert index == out / "index.html" and index.is_file()
    before = (out / "summary.json").read_text(encoding="utf-8")
    check = json.loads(before)["history"]["check"]
    assert check["violations"] + check["warnings"]  # real findings, still exit 0
    assert res.rendezvous is None and "rendezvous" not in json.loads(before)

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(artefacts, "write_page", broken)
    with pytest.raises(OSError, match="disk full"):
        run_main_job(load_scenario(small), out)
    assert (out / "summary.json").read_text(encoding="utf-8") == before
    assert _siblings(out) == ["report", "small.toml"]  # no .report.*.tmp left behind


def test_a_failure_in_a_stage_writes_nothing(small: Path, tmp_path: Path) -> None:
    bad = small.read_text(encoding="utf-8").replace(
        'builtin = "iss-2022-2025"', 'manifest = "history.toml"'
    )
    (tmp_path / "history.toml").write_text('format = "crossflight-manifest/1"\nflights = 3\n')
    small.write_text(bad, encoding="utf-8")
    out = tmp_path / "report"
    proc = run_cli("run", str(small), "--out", str(out))
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.strip().count("\n") == 0 and "history.toml" in proc.stderr
    assert not out.exists()
    assert _siblings(out) == ["history.toml", "small.toml"]


def test_crossflight_check_agrees_on_the_small_report(small: Path, tmp_path: Path) -> None:
    out = tmp_path / "report"
    run_main_job(load_scenario(small), out)
    again = api.check_manifest(api.load_manifest(out / "history.toml"))
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert again.to_dict()["violations"] == summary["history"]["check"]["violations"]
    assert again.to_dict()["warnings"] == summary["history"]["check"]["warnings"]
    assert summary["history"]["check"]["warnings"]  # the real history's findings are there
