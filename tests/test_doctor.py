"""``crossflight doctor``: versions and the provenance of every built-in data file."""

from __future__ import annotations

import json
import sys

import pytest

from crossflight.cli import main
from crossflight.cli.doctor import versions


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    old = sys.argv
    sys.argv = ["crossflight", *args]
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    finally:
        sys.argv = old
    return code, capsys.readouterr().out


def test_versions_name_the_libraries() -> None:
    v = versions()
    for name in ("python", "crossflight", "numpy", "sgp4", "skyfield", "ortools", "pydantic"):
        assert v[name] and v[name] != "not installed", name


def test_doctor_json_lists_every_data_file_with_sources(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _run(["doctor", "--json"], capsys)
    assert code == 0
    doc = json.loads(out)
    paths = {f["path"]: f for f in doc["data_files"]}
    for p in (
        "agencies.csv",
        "crew.csv",
        "vehicles.toml",
        "sites.csv",
        "stations/iss.toml",
        "manifests/iss-2022-2025.toml",
    ):
        assert paths[p]["entries"] > 0 and paths[p]["sources"], p
        assert paths[p]["entries_without_source"] == 0, p
    assert paths["manifests/iss-2022-2025.toml"]["entries"] >= 20


def test_doctor_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _run(["doctor"], capsys)
    assert code == 0 and "skyfield" in out and "vehicles.toml" in out


def test_doctor_covers_every_file_under_data(capsys: pytest.CaptureFixture[str]) -> None:
    """Once: launchers, profiles and rendezvous data were left out."""
    from importlib import resources

    root = resources.files("crossflight.data")
    on_disk = {
        f"{d.name}/{f.name}" if d.is_dir() else d.name
        for d in root.iterdir()
        if not d.name.startswith(("_", "."))
        for f in (d.iterdir() if d.is_dir() else [d])
        if f.name.endswith((".csv", ".toml"))
    }
    _, out = _run(["doctor", "--json"], capsys)
    listed = {f["path"]: f for f in json.loads(out)["data_files"]}
    assert on_disk <= set(listed), on_disk - set(listed)
    for name in ("launchers.toml", "profiles.toml", "rendezvous.toml"):
        assert listed[name]["entries"] > 0 and listed[name]["entries_without_source"] == 0
