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
    "FIRST_YEAR",
    "LAST_YEAR",
    "UNIX_EPOCH_JD",
    "YEAR_RANGE_FIX",
    "check_year_range",
    "format_utc",
    "from_unix_s",
    "parse_utc",
    "require_utc",
    "to_unix_s",
]

UNIX_EPOCH_JD = 2440587.5  # Julian date of 1970-01-01T00:00:00 UTC

FIRST_YEAR = 1957  # Sputnik 1: no element set, flight or plan is older
LAST_YEAR = 2100  # far beyond any plan; keeps every offset of days or years inside datetime
YEAR_RANGE_FIX = f"give a time between {FIRST_YEAR} and {LAST_YEAR}, e.g. 2025-04-08T05:47:15Z"


def check_year_range(
    value: datetime, *, where: str = "time", source: str | None = None
) -> datetime:
    """``value`` (aware) converted to UTC if its year is in 1957..2100, else an ``InputError``."""
    try:
        utc = value.astimezone(UTC)
    except (OverflowError, ValueError):
        utc = None
    if utc is None or not FIRST_YEAR <= utc.year <= LAST_YEAR:
        raise InputError(
            f"time {value.isoformat()} is outside the years {FIRST_YEAR}..{LAST_YEAR}",
            source=source,
            field=where,
            fix=YEAR_RANGE_FIX,
        )
    return utc


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
            aware = require_utc(text, where=where)
        except NaiveDatetimeError as exc:
            exc.source = source
            raise NaiveDatetimeError(exc.message, source=source, field=where, fix=exc.fix) from None
        except (OverflowError, ValueError):
            aware = text
        return check_year_range(aware, where=where, source=source)
    if isinstance(text, date):
        return check_year_range(
            datetime(text.year, text.month, text.day, tzinfo=UTC), where=where, source=source
        )
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
            return check_year_range(
                datetime(d.year, d.month, d.day, tzinfo=UTC), where=where, source=source
            )
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
    return check_year_range(dt, where=where, source=source)


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
