"""CCSDS OEM writer: the maintained ``oem`` package reads our KVN back, state for state."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from astropy import units as u
from hypothesis import given, settings
from hypothesis import strategies as st
from oem import OrbitEphemerisMessage

from crossflight.io.oem import OemSegment, format_oem, split_at_burns, write_oem

T0 = 1744091764.0  # 2025-04-08T05:56:04Z


def _ephemeris(n: int, burn_at: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    t = T0 + 60.0 * np.arange(n, dtype=float)
    ang = 1.1e-3 * (t - T0)
    s = np.column_stack(
        [6780 * np.cos(ang), 6780 * np.sin(ang), 10 * np.ones(n),
         -7.67 * np.sin(ang), 7.67 * np.cos(ang), np.zeros(n)]
    )  # fmt: skip
    if burn_at is not None:  # duplicate epoch: pre- and post-burn states
        t = np.insert(t, burn_at, t[burn_at - 1])
        post = s[burn_at - 1].copy()
        post[4] += 0.01
        s = np.insert(s, burn_at, post, axis=0)
    return t, s


def test_oem_package_reads_our_file_back(tmp_path: Path) -> None:
    t, s = _ephemeris(30, burn_at=12)
    path = write_oem(tmp_path / "ship.oem", [OemSegment("SOYUZ-MS", "soyuz-ms", t, s)])
    oem = OrbitEphemerisMessage.open(str(path))
    assert len(oem.segments) == 2  # split at the burn
    states = list(oem.states)
    assert len(states) == len(t)
    got = np.array([np.concatenate([x.position, x.velocity]) for x in states])
    assert np.allclose(got[:, :3], s[:, :3], atol=1e-6)
    assert np.allclose(got[:, 3:], s[:, 3:], atol=1e-9)
    assert oem.segments[0].metadata["REF_FRAME"] == "TEME"


def test_one_object_per_file() -> None:
    t, s = _ephemeris(5)
    with pytest.raises(ValueError, match="one object"):
        format_oem([OemSegment("A", "a", t, s), OemSegment("B", "b", t, s)])


@settings(max_examples=15, deadline=None)
@given(st.integers(3, 40), st.integers(2, 30))
def test_property_split_covers_every_sample(n: int, burn: int) -> None:
    t, s = _ephemeris(n, burn_at=min(burn, n - 1))
    arcs = split_at_burns(t, s)
    assert sum(len(a[0]) for a in arcs) == len(t)
    for arc_t, _ in arcs:
        assert np.all(np.diff(arc_t) > 0)


@pytest.mark.parametrize("n_short", [2, 3, 5])
def test_oem_package_interpolates_every_arc_even_short_ones(tmp_path: Path, n_short: int) -> None:
    """Short coast arcs between close burns (fly-around) must still interpolate in a reader."""
    t, s = _ephemeris(20 + n_short, burn_at=20)
    path = write_oem(tmp_path / "ship.oem", [OemSegment("SOYUZ-MS", "soyuz-ms", t, s)])
    oem = OrbitEphemerisMessage.open(str(path))
    assert [len(list(seg.states)) for seg in oem.segments] == [20, n_short + 1]
    for seg in oem.segments:
        assert int(seg.metadata["INTERPOLATION_DEGREE"]) <= len(list(seg.states)) - 1
    # Interpolate half-way between two samples of the long arc: the circular truth within 1 m.
    mid = oem.segments[0].useable_start_time + (90.0 * u.s)
    position_km = oem(mid).position
    ang = 1.1e-3 * 90.0
    truth = np.array([6780 * np.cos(ang), 6780 * np.sin(ang), 10.0])
    assert np.linalg.norm(position_km - truth) < 1e-3
    states = list(oem.steps(30))  # raised "argmin of an empty sequence" before the fix
    assert len(states) >= len(t) - 1
