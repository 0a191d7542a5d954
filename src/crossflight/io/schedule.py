"""Write experiment schedules: JSON, CSV (one row per session) and iCalendar (one event per
session, via ``icalendar``).  Every write is atomic."""

from __future__ import annotations

import csv
import io
import json
import os
from datetime import UTC, datetime

import icalendar

from crossflight.io.files import write_text_atomic
from crossflight.model.schedule import Schedule
from crossflight.times import format_utc

__all__ = [
    "schedule_csv",
    "schedule_ics",
    "write_schedule_csv",
    "write_schedule_ics",
    "write_schedule_json",
]

_CSV_FIELDS = ("experiment", "session", "crew", "start_utc", "end_utc", "hours", "equipment")


def schedule_csv(schedule: Schedule) -> str:
    """CSV text: one row per scheduled session, crew and equipment ``;``-separated."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(_CSV_FIELDS)
    for s in schedule.sessions:
        w.writerow(
            (
                s.experiment,
                s.index + 1,
                ";".join(s.crew),
                format_utc(s.start_utc),
                format_utc(s.end_utc),
                f"{s.hours:.2f}",
                ";".join(s.equipment),
            )
        )
    return buf.getvalue()


def schedule_ics(schedule: Schedule, *, name: str = "crossflight experiments") -> str:
    """iCalendar text: one ``VEVENT`` per session, attendees as crew ids in the description."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//crossflight//experiment schedule//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    stamp = datetime.now(UTC)
    for s in schedule.sessions:
        ev = icalendar.Event()
        ev.add("uid", f"{s.experiment}-{s.index + 1}-{s.start_utc:%Y%m%dT%H%M}@crossflight")
        ev.add("dtstamp", stamp)
        ev.add("dtstart", s.start_utc)
        ev.add("dtend", s.end_utc)
        ev.add("summary", f"{s.experiment} session {s.index + 1} ({', '.join(s.crew)})")
        ev.add(
            "description",
            f"crew: {', '.join(s.crew)}\nequipment: {', '.join(s.equipment) or 'none'}",
        )
        cal.add_component(ev)
    data: bytes = cal.to_ical()
    return data.decode("utf-8")


def write_schedule_csv(schedule: Schedule, path: str | os.PathLike[str]) -> None:
    """Write :func:`schedule_csv` atomically."""
    write_text_atomic(path, schedule_csv(schedule), field="--csv")


def write_schedule_ics(schedule: Schedule, path: str | os.PathLike[str], **kw: str) -> None:
    """Write :func:`schedule_ics` atomically (CRLF line ends kept)."""
    write_text_atomic(path, schedule_ics(schedule, **kw), field="--ics", newline="")


def write_schedule_json(schedule: Schedule, path: str | os.PathLike[str]) -> None:
    """Write the JSON report (:meth:`Schedule.to_dict`) atomically."""
    write_text_atomic(path, json.dumps(schedule.to_dict(), indent=2) + "\n", field="--out")
