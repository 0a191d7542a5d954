"""Output sets appear whole or not at all: a failure at any point leaves no partial set.

For each command that writes several files (``plan-crew --out`` with a plan per station,
``rendezvous --oem/--czml/--plot``, ``--dispersions`` with its extra plot) and for the helper
they share (``io.files.atomic_paths``/``write_texts_atomic``): an output that cannot be
written is refused before any work, and a failure while writing or renaming leaves the earlier
files as they were.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from crossflight.cli import main
from crossflight.errors import InputError
from crossflight.io import files
from crossflight.io.files import atomic_paths, write_texts_atomic
from crossflight.io.manifest import load_manifest
from crossflight.planning.plan import Plan, write_plan

REPO = Path(__file__).resolve().parents[1]
TWO_STATIONS = REPO / "examples" / "plan-rs-ends-2028-ros.toml"
TLE = (
    "ISS (ZARYA)\n"
    "1 25544U 98067A   25097.52056586  .00011719  00000-0  21806-3 0  9999\n"
    "2 25544  51.6365 297.0255 0004979  19.0825 341.0349 15.49320680504205\n"
)


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    old = sys.argv
    sys.argv = ["crossflight", *args]
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    finally:
        sys.argv = old
    return code, capsys.readouterr().err


def _listing(d: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(d.iterdir()) if p.is_file()}


# ---------------------------------------------------------------- the helper


def test_a_set_is_written_whole(tmp_path: Path) -> None:
    write_texts_atomic({tmp_path / "a.toml": "A", tmp_path / "b.toml": "B"})
    assert _listing(tmp_path) == {"a.toml": "A", "b.toml": "B"}
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no staging left


def test_a_failure_inside_the_block_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text("old A", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_paths([tmp_path / "a.toml", tmp_path / "b.toml"]) as t:
        t[0].write_text("new A", encoding="utf-8")
        raise RuntimeError("the second file could not be produced")
    assert _listing(tmp_path) == {"a.toml": "old A"}
    assert list(tmp_path.iterdir()) == [tmp_path / "a.toml"]


def test_a_failed_rename_restores_the_files_already_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.toml").write_text("old A", encoding="utf-8")
    (tmp_path / "b.toml").write_text("old B", encoding="utf-8")
    real = os.replace
    calls = {"n": 0}

    def flaky(src: Any, dst: Any) -> None:
        calls["n"] += 1
        if Path(dst).name == "b.toml" and not Path(src).name.startswith("backup"):
            raise PermissionError(13, "Permission denied")
        real(src, dst)

    monkeypatch.setattr(files.os, "replace", flaky)
    with pytest.raises(InputError) as info:
        write_texts_atomic({tmp_path / "a.toml": "new A", tmp_path / "b.toml": "new B"})
    assert "permission denied" in info.value.one_line()
    monkeypatch.setattr(files.os, "replace", real)
    assert _listing(tmp_path) == {"a.toml": "old A", "b.toml": "old B"}
    assert calls["n"] >= 3


def test_a_directory_or_a_duplicate_in_the_set_is_refused_before_writing(tmp_path: Path) -> None:
    (tmp_path / "b.toml").mkdir()
    with pytest.raises(InputError, match="is a directory"):
        write_texts_atomic({tmp_path / "a.toml": "A", tmp_path / "b.toml": "B"})
    (tmp_path / "sub").mkdir()
    with pytest.raises(InputError, match="same file"):
        write_texts_atomic({tmp_path / "a.toml": "A", tmp_path / "sub" / ".." / "a.toml": "B"})
    assert not (tmp_path / "a.toml").exists()


# ---------------------------------------------------------------- plan-crew


def test_plan_crew_refuses_a_blocked_station_plan_before_solving(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Once: ``out.ros.toml`` was overwritten, then the main plan crashed (a half-written set)."""
    (tmp_path / "plan.ros.toml").mkdir()  # the second station's plan cannot be written
    code, err = run(["plan-crew", str(TWO_STATIONS), "--out", str(tmp_path / "plan.toml")], capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1 and "plan.ros.toml" in err
    assert not (tmp_path / "plan.toml").exists()


def test_write_plan_writes_every_station_or_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    iss = load_manifest(REPO / "examples" / "minimal.toml")
    ros = load_manifest(REPO / "examples" / "ros-inline-station.toml")
    plan = Plan(solution=None, manifest=iss, report=None, crew_by_flight={},  # type: ignore[arg-type]
                other_stations={"ros": (ros, None)})  # type: ignore[dict-item]  # fmt: skip
    out = tmp_path / "plan.toml"
    write_plan(plan, out)
    assert sorted(_listing(tmp_path)) == ["plan.ros.toml", "plan.toml"]
    before = _listing(tmp_path)
    real = os.replace

    def fail_second(src: Any, dst: Any) -> None:
        if Path(dst).name == "plan.ros.toml" and not Path(src).name.startswith("backup"):
            raise OSError(28, "No space left on device")
        real(src, dst)

    monkeypatch.setattr(files.os, "replace", fail_second)
    changed = Plan(solution=None, manifest=ros, report=None, crew_by_flight={},  # type: ignore[arg-type]
                   other_stations={"ros": (iss, None)})  # type: ignore[dict-item]  # fmt: skip
    with pytest.raises(InputError, match="no space left"):
        write_plan(changed, out)
    monkeypatch.setattr(files.os, "replace", real)
    assert _listing(tmp_path) == before  # the old set, not a mix of old and new


# ---------------------------------------------------------------- rendezvous


def _fake_result() -> Any:
    t = 1744091235.0 + np.arange(5) * 60.0
    states = np.tile([6778.0, 0.0, 0.0, 0.0, 7.67, 0.0], (5, 1))
    eph = SimpleNamespace(t_utc_s=t, ship_km=states, station_km=states + 1.0)
    return SimpleNamespace(ephemeris=eph, vehicle="soyuz-ms", profile="2-orbit", burns=[])


def test_rendezvous_files_are_one_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from crossflight.cli import rendezvous as cli_rendezvous
    from crossflight.plots import rendezvous_chart

    targets = {
        "oem": tmp_path / "ms.oem",
        "czml": tmp_path / "ms.czml",
        "plot": tmp_path / "ms.png",
    }

    def broken_plot(*args: Any, **kw: Any) -> Path:
        raise InputError("the plot could not be drawn", field="--plot", fix="-")

    monkeypatch.setattr(rendezvous_chart, "write_rendezvous_plot", broken_plot)
    with pytest.raises(InputError):
        cli_rendezvous._write_outputs(_fake_result(), targets, "2025-04-08T05:47:15Z", None)
    assert list(tmp_path.iterdir()) == []  # OEM and CZML were written, but never appeared
    monkeypatch.undo()
    targets["plot"] = tmp_path / "ms.html"
    cli_rendezvous._write_outputs(_fake_result(), targets, "2025-04-08T05:47:15Z", None)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ms.czml", "ms.html", "ms.oem"]
    html = (tmp_path / "ms.html").read_text(encoding="utf-8")
    assert '<script src="https://cdn.plot.ly' not in html  # plotly.js inlined: works offline
    assert len(html) > 1_000_000


def test_rendezvous_refuses_a_blocked_output_before_simulating(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "iss.tle").write_text(TLE, encoding="utf-8")
    (tmp_path / "ms.czml").mkdir()
    code, err = run(["rendezvous", "--station", str(tmp_path / "iss.tle"), "--site", "baikonur-31",
                     "--liftoff", "2025-04-08T05:47:15Z", "--profile", "2-orbit",
                     "--oem", str(tmp_path / "ms.oem"), "--czml", str(tmp_path / "ms.czml")],
                    capsys)  # fmt: skip
    assert code == 2 and "--czml" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "ms.oem").exists()


def test_dispersion_plot_goes_beside_the_nominal_plot(tmp_path: Path) -> None:
    from crossflight.cli.rendezvous import _dispersion_plot_path
    from crossflight.plots.dispersion_chart import write_dispersion_plot

    path = _dispersion_plot_path(tmp_path / "ms27.png")
    assert path == tmp_path / "ms27-dispersions.png"
    rng = np.random.default_rng(1)
    write_dispersion_plot(path, rng.normal(0, 60, 50), rng.normal(160, 5, 50), rng.normal(0, 1, 50))
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.slow
def test_dispersions_write_the_nominal_files_and_a_dispersion_plot(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Once: ``--dispersions`` silently dropped ``--oem/--czml/--plot`` (exit 0)."""
    (tmp_path / "iss.tle").write_text(TLE, encoding="utf-8")
    code, err = run(["rendezvous", "--station", str(tmp_path / "iss.tle"), "--site", "baikonur-31",
                     "--liftoff", "2025-04-08T05:47:15Z", "--profile", "2-orbit",
                     "--dispersions", "2", "--seed", "1", "--oem", str(tmp_path / "ms27.oem"),
                     "--plot", str(tmp_path / "ms27.png")], capsys)  # fmt: skip
    assert code == 0, err
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["iss.tle", "ms27-dispersions.png", "ms27.oem", "ms27.png"]
    assert "CCSDS_OEM_VERS" in (tmp_path / "ms27.oem").read_text(encoding="utf-8")
