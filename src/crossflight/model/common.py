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

__all__ = ["Id", "Record", "UtcDatetime"]


def _to_utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


def _no_numbers(value: Any) -> Any:
    """Refuse numbers (pydantic would read them as POSIX seconds); a bare date is 00:00 UTC."""
    if isinstance(value, int | float):
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
    """Base of every input model: unknown fields are errors (a typo must not pass silently)."""

    model_config = ConfigDict(extra="forbid", validate_assignment=False)
