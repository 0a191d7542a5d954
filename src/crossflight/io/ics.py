"""iCalendar (RFC 5545) export, built with the ``icalendar`` package and written atomically.

Two calendars: launch opportunities (:func:`ics_text`: one ``VEVENT`` per opportunity from
liftoff to the predicted docking of the best profile, or insertion when no profile is
feasible; the description lists every feasible profile) and any list of
:class:`CalendarEvent` (:func:`events_ics_text`, e.g. the main job's launches and dockings).
``icalendar`` escapes text, folds lines at 75 octets and ends them with CRLF.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from icalendar import Calendar, Event

from crossflight.io.files import write_text_atomic

__all__ = ["CalendarEvent", "events_ics_text", "ics_text", "write_events_ics", "write_ics"]


@dataclass(frozen=True)
class CalendarEvent:
    """One calendar entry: a unique id, a title, aware UTC start/end and a description."""

    uid: str
    summary: str
    start_utc: datetime
    end_utc: datetime
    description: str = ""


def _utc(iso_z: str) -> datetime:
    return datetime.fromisoformat(iso_z.replace("Z", "+00:00")).astimezone(UTC)


def _stamp(t: datetime) -> str:
    return t.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def events_ics_text(events: Iterable[CalendarEvent], *, title: str = "crossflight") -> str:
    """Calendar text (CRLF, folded) of ``events``; times are written in UTC (``...Z``)."""
    cal = Calendar()
    cal.add("prodid", "-//crossflight//launch windows//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", title)
    now = datetime.now(UTC).replace(microsecond=0)
    for e in events:
        ev = Event()
        ev.add("uid", e.uid)
        ev.add("dtstamp", now)
        ev.add("dtstart", e.start_utc.astimezone(UTC).replace(microsecond=0))
        ev.add("dtend", e.end_utc.astimezone(UTC).replace(microsecond=0))
        ev.add("summary", e.summary)
        if e.description:
            ev.add("description", e.description)
        cal.add_component(ev)
    text: str = cal.to_ical().decode("utf-8")
    return text


def _opportunity_event(opp: Mapping[str, Any]) -> CalendarEvent:
    profiles = opp.get("profiles", [])
    best = profiles[0] if profiles else None
    end = best["docking_utc"] if best else opp["insertion_utc"]
    summary = f"{opp['vehicle']} from {opp['site']}: " + (
        f"{best['name']} profile" if best else "in-plane, no feasible profile"
    )
    desc = [
        f"in-plane {opp['in_plane_utc']}; phase {opp['phase_deg']:.1f} deg",
        *(f"{p['name']}: liftoff {p['liftoff_utc']}, docking {p['docking_utc']}" for p in profiles),
    ]
    start = _utc(opp["liftoff_utc"])
    return CalendarEvent(
        uid=f"{opp['site']}-{opp['vehicle']}-{_stamp(start)}@crossflight",
        summary=summary,
        start_utc=start,
        end_utc=_utc(end),
        description="\n".join(desc),
    )


def ics_text(opportunities: Iterable[Mapping[str, Any]], *, title: str = "crossflight") -> str:
    """Calendar text for opportunity records (the ``Opportunity.to_dict()`` schema)."""
    return events_ics_text((_opportunity_event(o) for o in opportunities), title=title)


def write_ics(path: str | Path, opportunities: Iterable[Mapping[str, Any]], **kw: str) -> Path:
    """Write the opportunities' calendar atomically (temp file, then ``os.replace``)."""
    return write_text_atomic(path, ics_text(opportunities, **kw), field="--ics", newline="")


def write_events_ics(
    path: str | Path, events: Iterable[CalendarEvent], *, title: str = "crossflight"
) -> Path:
    """Write a calendar of ``events`` atomically."""
    return write_text_atomic(path, events_ics_text(events, title=title), field="ics", newline="")
