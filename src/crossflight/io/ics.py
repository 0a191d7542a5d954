"""iCalendar (RFC 5545) export of launch opportunities, written atomically.

One ``VEVENT`` per opportunity: the event starts at liftoff and ends at the predicted docking of
the best profile (or insertion when no profile is feasible); the description lists every
feasible profile.  Lines are CRLF-terminated and folded at 75 octets as RFC 5545 requires.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crossflight.io.files import write_text_atomic

__all__ = ["ics_text", "write_ics"]


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts: list[str] = []
    cur = b""
    for ch in line:
        b = ch.encode("utf-8")
        if len(cur) + len(b) > (75 if not parts else 74):
            parts.append(cur.decode("utf-8"))
            cur = b""
        cur += b
    parts.append(cur.decode("utf-8"))
    return "\r\n ".join(parts)


def _stamp(iso_z: str) -> str:
    dt = datetime.fromisoformat(iso_z.replace("Z", "+00:00")).astimezone(UTC)
    return dt.strftime("%Y%m%dT%H%M%SZ")


def ics_text(opportunities: Iterable[Mapping[str, Any]], *, title: str = "crossflight") -> str:
    """Calendar text for opportunity records (the ``Opportunity.to_dict()`` schema)."""
    now = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//crossflight//launch windows//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_escape(title)}",
    ]
    for opp in opportunities:
        profiles = opp.get("profiles", [])
        best = profiles[0] if profiles else None
        end = best["docking_utc"] if best else opp["insertion_utc"]
        summary = f"{opp['vehicle']} from {opp['site']}: " + (
            f"{best['name']} profile" if best else "in-plane, no feasible profile"
        )
        desc = [
            f"in-plane {opp['in_plane_utc']}; phase {opp['phase_deg']:.1f} deg",
            *(
                f"{p['name']}: liftoff {p['liftoff_utc']}, docking {p['docking_utc']}"
                for p in profiles
            ),
        ]
        uid = f"{opp['site']}-{opp['vehicle']}-{_stamp(opp['liftoff_utc'])}@crossflight"
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}",
            f"DTSTAMP:{now}",
            f"DTSTART:{_stamp(opp['liftoff_utc'])}",
            f"DTEND:{_stamp(end)}",
            f"SUMMARY:{_escape(summary)}",
            f"DESCRIPTION:{_escape(chr(10).join(desc))}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def write_ics(path: str | Path, opportunities: Iterable[Mapping[str, Any]], **kw: str) -> Path:
    """Write the calendar atomically (temp file in the same directory, then ``os.replace``)."""
    text = ics_text(opportunities, **kw)
    return write_text_atomic(path, text, field="--ics", newline="")
