"""Synthetic large manifests: ``k`` copies of a real history, each shifted later in time.

Copy ``i`` has every time moved by ``i`` x the history's span (plus 30 days), and every flight,
person, agreement and lifeboat event renamed with the suffix ``-c{i}``, so the copies never
share a port, a person or a lifeboat.  A vehicle still docked at the end of a copy's period
(no undocking given) undocks at that period's end in every copy but the last, so copy ``i``
does not block its ports for copy ``i+1``.  ``shifted_copies(m, 1)`` is ``m`` itself (the same
flights, the same findings).  Used by the checker benchmark and the checker's equality tests.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from crossflight.model.catalog import load_crew_catalog
from crossflight.model.manifest import Manifest, Period

__all__ = ["shifted_copies"]


def _span(m: Manifest) -> tuple[datetime, datetime]:
    times = [t for f in m.flights for t in (f.launch_utc, f.dock_utc, f.undock_utc, f.landing_utc)]
    known = [t for t in times if t is not None]
    if m.period is not None:
        known += [m.period.start_utc, m.period.end_utc]
    return min(known), max(known)


def _shift(obj: Any, dt: timedelta, suffix: str, keys: tuple[str, ...]) -> Any:
    """A copy of the dumped record ``obj`` with datetimes moved by ``dt`` and ids suffixed."""
    if isinstance(obj, dict):
        out: dict[str, Any] = {}
        for k, v in obj.items():
            if k in keys and isinstance(v, str):
                out[k] = v + suffix
            elif k in keys and isinstance(v, list):
                out[k] = [x + suffix for x in v]
            else:
                out[k] = _shift(v, dt, suffix, keys)
        return out
    if isinstance(obj, list):
        return [_shift(x, dt, suffix, keys) for x in obj]
    if isinstance(obj, datetime):
        return obj + dt
    return obj


_FLIGHT_KEYS = ("id", "crew_up", "crew_down")
_EVENT_KEYS = ("person", "from_flight", "to_flight", "flight")


def shifted_copies(m: Manifest, k: int) -> Manifest:
    """``k`` time-shifted, renamed copies of ``m`` in one manifest (``k = 1`` returns ``m``)."""
    if k == 1:
        return m
    lo, hi = _span(m)
    step = (hi - lo) + timedelta(days=30)
    period = m.period or Period(start_utc=lo, end_utc=hi)
    catalog = load_crew_catalog()
    used = sorted({p for f in m.flights for p in [*f.crew_up, *(f.crew_down or [])]})
    inline = {c.id: c for c in m.crew}
    people = [inline.get(p) or catalog[p] for p in used]
    data: dict[str, list[Any]] = {
        "flights": [], "seat_moves": [], "vehicle_status": [], "extra_seats": [], "crew": []
    }  # fmt: skip
    swaps: list[Any] = []
    for i in range(k):
        dt, sfx = step * i, f"-c{i}"
        end_i = period.end_utc + dt
        for f in m.flights:
            d = _shift(f.model_dump(), dt, sfx, _FLIGHT_KEYS)
            if d["undock_utc"] is None and i < k - 1:
                d["undock_utc"] = end_i
            data["flights"].append(d)
        for name in ("seat_moves", "vehicle_status", "extra_seats"):
            data[name] += [_shift(x.model_dump(), dt, sfx, _EVENT_KEYS) for x in getattr(m, name)]
        data["crew"] += [{**p.model_dump(), "id": p.id + sfx} for p in people]
        swaps += [_shift(s.model_dump(), dt, sfx, ("id",)) for s in m.rules.seat_swap]
    base = m.model_dump()
    base.update(data)
    base["period"] = {"start_utc": period.start_utc, "end_utc": period.end_utc + step * (k - 1)}
    base["rules"]["seat_swap"] = swaps
    base["name"] = f"{m.name} x{k}"
    return Manifest.model_validate(base)
