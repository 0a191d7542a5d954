"""R2 and uncrewed vehicle types: extra seats never turn a cargo ship into a lifeboat.

R2 counts lifeboat and return seats only in crewed vehicle types.  ``[[extra_seats]]`` given
to an uncrewed one (a Cargo Dragon, a Progress) are ignored by the seat counts (see
``rules/timeline.py`` and ``rules/crew.py``) and reported here as a violation, so the manifest
is never judged clean on seats that do not exist.
"""

from __future__ import annotations

from crossflight.model.resolve import ResolvedManifest
from crossflight.rules.findings import Findings
from crossflight.rules.timeline import END, Timeline, secs

__all__ = ["check_uncrewed_seats"]


def check_uncrewed_seats(rm: ResolvedManifest, tl: Timeline, out: Findings) -> None:
    """R2: one violation per ``[[extra_seats]]`` entry on a flight of an uncrewed type."""
    for es in rm.manifest.extra_seats:
        vtype = rm.vehicle_of(es.flight)
        if vtype.crewed:
            continue
        t0 = secs(es.from_utc)
        t1 = secs(es.until_utc) if es.until_utc is not None else tl.docked[es.flight][1]
        t1 = min(t1, tl.end) if t1 != END else tl.end
        out.add(
            "R2",
            "violation",
            es.flight,
            f"{es.seats} extra seat(s) in {es.flight} count for nothing: "
            f"{vtype.name or vtype.id} is an uncrewed vehicle type, never a lifeboat or a "
            "return vehicle",
            t0,
            max(t0, t1),
        )
