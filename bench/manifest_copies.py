"""Synthetic large manifests: ``k`` copies of a real history, each shifted later in time.

Copy ``i`` has every time moved by ``i`` x the history's span (plus 30 days), and every flight,
person, agreement and lifeboat event renamed with the suffix ``-c{i}``, so the copies never
share a port, a person or a lifeboat.  Manifests hold years 1957..2100 only: when the copies
would run past 2100 (100 copies of 2022-2025), the step shrinks so that they end in 2099, the
copies overlap in time, and each copy gets its own, renamed set of the station's ports (so a
bounded number of copies is aboard at once).  The checker benchmark gives every size the step
of its largest (``step_for``), so all sizes have the same density and the cost per flight is
comparable.  A vehicle still docked at the end of a copy's period (no undocking given)
undocks at that period's end in every copy but the last, so copy ``i``
does not block its ports for copy ``i+1``.  ``shifted_copies(m, 1)`` is ``m`` itself (the same
flights, the same findings).  Used by the checker benchmark and the checker's equality tests.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from crossflight.model.catalog import load_crew_catalog, load_station
from crossflight.model.manifest import Manifest, Period

__all__ = ["shifted_copies", "step_for"]


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


def step_for(m: Manifest, k: int) -> timedelta:
    """The shift between copies: the history's span plus 30 days, or less so that ``k`` copies
    end by 2099 (manifests hold years 1957..2100)."""
    lo, hi = _span(m)
    end = m.period.end_utc if m.period is not None else hi
    last = end.replace(year=2099, month=1, day=1)
    return min((hi - lo) + timedelta(days=30), (last - end) / max(k - 1, 1))


def shifted_copies(m: Manifest, k: int, step: timedelta | None = None) -> Manifest:
    """``k`` time-shifted, renamed copies of ``m`` in one manifest (``k = 1`` returns ``m``);
    ``step`` between copies (default :func:`step_for`)."""
    if k == 1:
        return m
    lo, hi = _span(m)
    period = m.period or Period(start_utc=lo, end_utc=hi)
    step = step or step_for(m, k)
    overlap = step < (hi - lo)
    keys = (*_FLIGHT_KEYS, "port", "to_port") if overlap else _FLIGHT_KEYS
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
            d = _shift(f.model_dump(), dt, sfx, keys)
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
    if overlap:
        base["station"] = _station_per_copy(m, k)
    return Manifest.model_validate(base)


def _station_per_copy(m: Manifest, k: int) -> dict[str, Any]:
    """The manifest's station inline, with its ports repeated once per copy (``-c{i}``)."""
    station = load_station(m.station.builtin or "iss") if m.station else load_station("iss")
    ports = [
        {
            **p.model_dump(),
            "id": p.id + f"-c{i}",
            "neighbours": [n + f"-c{i}" for n in p.neighbours],
        }
        for i in range(k)
        for p in station.ports
    ]
    return {
        "id": station.id,
        "name": station.name,
        "segments": [s.model_dump() for s in station.segments],
        "ports": ports,
    }
