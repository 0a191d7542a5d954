"""Shared building blocks of the input models: ids, aware UTC datetimes, the record base."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    StringConstraints,
)

from crossflight.times import FIRST_YEAR, LAST_YEAR, YEAR_RANGE_FIX

__all__ = ["Id", "Record", "UtcDatetime"]


def _to_utc(value: datetime) -> datetime:
    """UTC, and inside the years the project handles (an offset can push year 1 or 9999 out)."""
    try:
        utc = value.astimezone(UTC)
    except (OverflowError, ValueError):
        utc = None
    if utc is None or not FIRST_YEAR <= utc.year <= LAST_YEAR:
        raise ValueError(
            f"time {value.isoformat()} is outside the years {FIRST_YEAR}..{LAST_YEAR} "
            f"(fix: {YEAR_RANGE_FIX})"
        )
    return utc


def _no_numbers(value: Any) -> Any:
    """Refuse numbers (pydantic would read them as POSIX seconds); a bare date is 00:00 UTC."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError(
            "expected an ISO 8601 UTC time, got a number "
            "(fix: write a time like 2025-04-08T05:47:15Z)"
        )
    if isinstance(value, str) and len(value.strip()) == 10:
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            return value
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    return value


UtcDatetime = Annotated[AwareDatetime, BeforeValidator(_no_numbers), AfterValidator(_to_utc)]
"""A timezone-aware datetime, converted to UTC; a naive one or a number is refused; a bare
date means midnight UTC."""

Id = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._+-]*$", min_length=1, max_length=64)
]
"""An identifier: letters, digits and ``. _ + -``, e.g. ``soyuz-ms-27`` or ``roscosmos-03``."""


class Record(BaseModel):
    """Base of every input model: unknown fields are errors (a typo must not pass silently),
    and so are infinite or NaN numbers (``docked_life_days = inf`` would switch a rule off)."""

    model_config = ConfigDict(extra="forbid", validate_assignment=False, allow_inf_nan=False)
