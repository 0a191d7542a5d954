"""Who is aboard, and in whose lifeboat seat, as the checker sees it.

:func:`occupancy` returns one :class:`LifeboatSpan` per person and lifeboat seat: the same
intervals rule R2 evaluates (seat moves and implicit handovers to the return vehicle
included), so a picture drawn from them shows exactly what the checker judged.  Each person is
placed on the segment whose operating agency (R1 representation) is theirs; partners of no
operating agency get ``segment = None``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from crossflight.model.manifest import Manifest
from crossflight.model.resolve import ResolvedManifest, resolve_manifest
from crossflight.rules.timeline import build_timeline
from crossflight.times import format_utc, from_unix_s

__all__ = ["LifeboatSpan", "occupancy"]


@dataclass(frozen=True)
class LifeboatSpan:
    """``person`` is aboard from ``start_utc`` to ``end_utc`` with a seat in ``lifeboat``."""

    person: str
    name: str
    agency: str
    segment: str | None
    lifeboat: str
    lifeboat_vehicle: str
    start_utc: datetime
    end_utc: datetime

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready record."""
        return {
            "person": self.person,
            "name": self.name,
            "agency": self.agency,
            "segment": self.segment,
            "lifeboat": self.lifeboat,
            "lifeboat_vehicle": self.lifeboat_vehicle,
            "start_utc": format_utc(self.start_utc),
            "end_utc": format_utc(self.end_utc),
        }


def occupancy(manifest: Manifest | ResolvedManifest) -> list[LifeboatSpan]:
    """Every person's lifeboat-seat spans inside the evaluation period, by start time."""
    rm = manifest if isinstance(manifest, ResolvedManifest) else resolve_manifest(manifest)
    tl = build_timeline(rm)
    segment_of = {rep.agency: rep.segment for rep in reversed(rm.representation)}
    out: list[LifeboatSpan] = []
    for person, t0, t1, flight in tl.seats:
        lo, hi = max(t0, tl.start), min(t1, tl.end)
        if hi <= lo:
            continue
        member = rm.person(person)
        out.append(
            LifeboatSpan(
                person=person,
                name=member.name or person,
                agency=member.agency,
                segment=segment_of.get(member.agency),
                lifeboat=flight,
                lifeboat_vehicle=rm.flights[flight].vehicle,
                start_utc=from_unix_s(lo),
                end_utc=from_unix_s(hi),
            )
        )
    out.sort(key=lambda s: (s.start_utc, s.person))
    return out
