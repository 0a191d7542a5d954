"""Time handling: timezone-aware UTC in, UTC out, never a naive datetime.

Conventions used across crossflight:

* user-facing times are :class:`datetime.datetime` objects with ``tzinfo`` set (converted to UTC);
* the numeric core (``crossflight.physics``) uses POSIX seconds in UTC (``t_utc_s``, float64,
  leap seconds ignored as POSIX does) so that it stays plain floats and arrays;
* text is ISO 8601 with a ``Z`` suffix, e.g. ``2025-04-08T05:47:15Z``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from crossflight.errors import InputError, NaiveDatetimeError

__all__ = [
    "UNIX_EPOCH_JD",
    "format_utc",
    "from_unix_s",
    "parse_utc",
    "require_utc",
    "to_unix_s",
]

UNIX_EPOCH_JD = 2440587.5  # Julian date of 1970-01-01T00:00:00 UTC


def require_utc(value: datetime, *, where: str = "datetime") -> datetime:
    """Return ``value`` converted to UTC; refuse a naive datetime with the fix in the message."""
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        raise NaiveDatetimeError(
            f"naive datetime {value.isoformat()} has no timezone",
            field=where,
            fix="give a timezone-aware UTC time, e.g. 2025-04-08T05:47:15Z or "
            "datetime(2025, 4, 8, 5, 47, 15, tzinfo=timezone.utc)",
        )
    return value.astimezone(UTC)


def parse_utc(
    text: str | datetime | date, *, where: str = "time", source: str | None = None
) -> datetime:
    """Parse an ISO 8601 time with an explicit offset (``Z`` or ``+00:00``) into UTC.

    A bare date (``2025-04-08``) means midnight UTC.  A time without offset is refused.
    """
    if isinstance(text, datetime):
        try:
            return require_utc(text, where=where)
        except NaiveDatetimeError as exc:
            exc.source = source
            raise NaiveDatetimeError(exc.message, source=source, field=where, fix=exc.fix) from None
    if isinstance(text, date):
        return datetime(text.year, text.month, text.day, tzinfo=UTC)
    if not isinstance(text, str):
        raise InputError(
            f"expected an ISO 8601 UTC time, got {type(text).__name__} {text!r}",
            source=source,
            field=where,
            fix="write it as 2025-04-08T05:47:15Z",
        )
    s = text.strip()
    if len(s) == 10:
        try:
            d = date.fromisoformat(s)
        except ValueError:
            pass
        else:
            return datetime(d.year, d.month, d.day, tzinfo=UTC)
    try:
        dt = datetime.fromisoformat(s.replace("z", "Z"))
    except ValueError:
        raise InputError(
            f"{text!r} is not an ISO 8601 time",
            source=source,
            field=where,
            fix="write it as 2025-04-08T05:47:15Z",
        ) from None
    if dt.tzinfo is None:
        raise NaiveDatetimeError(
            f"time {text!r} has no timezone",
            source=source,
            field=where,
            fix=f"append Z for UTC: {s}Z",
        )
    return dt.astimezone(UTC)


def format_utc(value: datetime, *, seconds: bool = True) -> str:
    """ISO 8601 UTC text with a ``Z`` suffix (whole seconds unless sub-second is present)."""
    v = require_utc(value)
    if not seconds:
        return v.strftime("%Y-%m-%dT%H:%MZ")
    if v.microsecond:
        return v.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    return v.strftime("%Y-%m-%dT%H:%M:%SZ")


def to_unix_s(value: datetime) -> float:
    """POSIX seconds (UTC) of an aware datetime."""
    return require_utc(value).timestamp()


def from_unix_s(t_utc_s: float) -> datetime:
    """Aware UTC datetime from POSIX seconds."""
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=float(t_utc_s))
