"""The manifest examples in ``examples/`` give the results their comments promise."""

from __future__ import annotations

from pathlib import Path

from crossflight.io.manifest import load_manifest
from crossflight.model.resolve import resolve_manifest
from crossflight.rules import check_manifest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_minimal_is_clean() -> None:
    assert check_manifest(load_manifest(EXAMPLES / "minimal.toml")).violations == []


def test_ros_inline_station_is_clean() -> None:
    m = load_manifest(EXAMPLES / "ros-inline-station.toml")
    rm = resolve_manifest(m)
    assert rm.station.id == "ros" and [p.id for p in rm.station.ports] == [
        "node-forward",
        "node-aft",
    ]
    assert check_manifest(m).violations == []


def test_ms22_leak_warns_and_fails_without_seat_moves() -> None:
    m = load_manifest(EXAMPLES / "ms22-leak.toml")
    r = check_manifest(m)
    assert r.ok and {(v.rule, v.severity) for v in r.violations} == {("R2", "warning")}
    bare = check_manifest(m.model_copy(update={"seat_moves": []}))
    assert not bare.ok
    (v,) = [v for v in bare.violations if v.severity == "violation"]
    assert v.subject == "soyuz-ms-22" and "can carry 2" in v.message
