"""CZML (Cesium) writer for a rendezvous: ship and station paths, built with ``czml3``.

Positions are written Earth-fixed (``referenceFrame = FIXED``, metres): the TEME ephemeris is
rotated to ITRS with :func:`crossflight.physics.propagation.teme_to_itrs` (GMST 1982, polar
motion neglected), which is what Cesium draws without an ICRF transform.  Samples are
time-tagged seconds from the document epoch, Lagrange-interpolated.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from czml3 import Document, Packet
from czml3.properties import (
    Clock,
    Color,
    PolylineMaterial,
    Position,
    SolidColorMaterial,
)
from czml3.properties import Path as CzmlPath
from czml3.types import TimeInterval
from numpy.typing import NDArray

from crossflight.io.files import write_text_atomic
from crossflight.physics.propagation import teme_to_itrs
from crossflight.times import from_unix_s

__all__ = ["CzmlTrack", "format_czml", "write_czml"]

F64 = NDArray[np.float64]


@dataclass(frozen=True)
class CzmlTrack:
    """One object's track: id, name, RGBA colour, POSIX UTC seconds (T,), TEME (T, 6)."""

    id: str
    name: str
    rgba: tuple[int, int, int, int]
    t_utc_s: F64
    state_km: F64


def _unique(t: F64, s: F64) -> tuple[F64, F64]:
    keep = np.append(np.diff(t) > 1e-6, True)
    return t[keep], s[keep]


def format_czml(tracks: Sequence[CzmlTrack]) -> str:
    """The CZML JSON text of ``tracks``."""
    t0 = min(float(tr.t_utc_s[0]) for tr in tracks)
    packets = [
        Packet(
            id="document",
            name="crossflight rendezvous",
            version="1.0",
            clock=Clock(currentTime=from_unix_s(t0), multiplier=60),
        )
    ]
    for tr in tracks:
        t, s = _unique(np.asarray(tr.t_utc_s), np.asarray(tr.state_km))
        r_itrs, _ = teme_to_itrs(t, s[:, :3], s[:, 3:])
        samples = np.column_stack([t - t0, r_itrs * 1e3]).ravel().tolist()
        packets.append(
            Packet(
                id=tr.id,
                name=tr.name,
                availability=TimeInterval(
                    start=from_unix_s(float(t[0])), end=from_unix_s(float(t[-1]))
                ),
                position=Position(  # type: ignore[call-arg]  # interpolatable fields
                    epoch=from_unix_s(t0),
                    referenceFrame="FIXED",
                    interpolationAlgorithm="LAGRANGE",
                    interpolationDegree=5,
                    cartesian=samples,
                ),
                path=CzmlPath(
                    show=True,
                    width=2,
                    leadTime=0,
                    trailTime=5400,
                    resolution=60,
                    material=PolylineMaterial(
                        solidColor=SolidColorMaterial(color=Color(rgba=list(tr.rgba)))
                    ),
                ),
            )
        )
    return Document(packets=packets).dumps()


def write_czml(path: str | Path, tracks: Sequence[CzmlTrack]) -> Path:
    """Write the CZML document atomically to ``path``; returns the path."""
    return write_text_atomic(path, format_czml(tracks), field="--czml")
