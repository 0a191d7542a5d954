"""CCSDS Orbit Ephemeris Message (OEM, CCSDS 502.0-B-3) writer, KVN text form.

One object per file (an OEM describes one object), ``REF_FRAME = TEME``, ``TIME_SYSTEM =
UTC``, positions km and velocities km/s, as SGP4 and the rendezvous integrator use them.  The
ephemeris is split into one segment per coast arc at every impulsive burn (the pre-burn state
ends a segment, the post-burn state at the same instant starts the next), so interpolation
never smooths across a burn.

The file is written atomically (temp file in the same directory + ``os.replace``) and is
readable by the ``oem`` package (``oem.OrbitEphemerisMessage.open``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from crossflight.io.files import write_text_atomic
from crossflight.times import from_unix_s

__all__ = ["OemSegment", "format_oem", "split_at_burns", "write_oem"]

F64 = NDArray[np.float64]
# Lagrange degree declared per segment; a short coast arc (n states) gets degree n - 1 so a
# reader can interpolate every arc (CCSDS 502.0-B-3 section 5.2.3, INTERPOLATION_DEGREE).
_LAGRANGE_DEGREE = 5


@dataclass(frozen=True)
class OemSegment:
    """One object's ephemeris: POSIX UTC seconds (T,), TEME states (T, 6) [km, km/s]."""

    object_name: str
    object_id: str
    t_utc_s: F64
    state_km: F64


def _epoch(t_utc_s: float) -> str:
    return from_unix_s(t_utc_s).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3]


def split_at_burns(t_utc_s: F64, state_km: F64) -> list[tuple[F64, F64]]:
    """Split a sampled ephemeris into coast arcs at repeated epochs (impulsive burns)."""
    t = np.asarray(t_utc_s, dtype=np.float64)
    cut = np.flatnonzero(np.diff(t) <= 1e-6) + 1
    arcs = []
    for a, b in zip(np.r_[0, cut], np.r_[cut, t.size], strict=True):
        if b - a >= 2:
            arcs.append((t[a:b], np.asarray(state_km)[a:b]))
    return arcs


def format_oem(
    segments: Sequence[OemSegment],
    *,
    originator: str = "crossflight",
    creation: datetime | None = None,
) -> str:
    """The OEM KVN text of ``segments`` (all of one object; each split at burns)."""
    if len({(seg.object_name, seg.object_id) for seg in segments}) > 1:
        raise ValueError("an OEM holds one object: write one file per object")
    created = (creation or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%S")
    lines = [
        "CCSDS_OEM_VERS = 2.0",
        f"CREATION_DATE = {created}",
        f"ORIGINATOR = {originator}",
    ]
    arcs = [(seg, t, s) for seg in segments for t, s in split_at_burns(seg.t_utc_s, seg.state_km)]
    for seg, t, s in arcs:
        lines += [
            "",
            "META_START",
            f"OBJECT_NAME = {seg.object_name}",
            f"OBJECT_ID = {seg.object_id}",
            "CENTER_NAME = EARTH",
            "REF_FRAME = TEME",
            "TIME_SYSTEM = UTC",
            f"START_TIME = {_epoch(float(t[0]))}",
            f"STOP_TIME = {_epoch(float(t[-1]))}",
            "INTERPOLATION = LAGRANGE",
            f"INTERPOLATION_DEGREE = {min(_LAGRANGE_DEGREE, t.size - 1)}",
            "META_STOP",
            "",
        ]
        lines += [
            f"{_epoch(float(ti))} "
            + " ".join(f"{x:.6f}" for x in si[:3])
            + " "
            + " ".join(f"{x:.9f}" for x in si[3:])
            for ti, si in zip(t, s, strict=True)
        ]
    return "\n".join(lines) + "\n"


def write_oem(path: str | Path, segments: Sequence[OemSegment]) -> Path:
    """Write the OEM atomically to ``path``; returns the path."""
    return write_text_atomic(path, format_oem(segments), field="--oem")
