"""Shared building blocks of the input models: ids, aware UTC datetimes, the record base."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, StringConstraints

__all__ = ["Id", "Record", "UtcDatetime"]


def _to_utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


UtcDatetime = Annotated[AwareDatetime, AfterValidator(_to_utc)]
"""A timezone-aware datetime, converted to UTC; a naive one is refused."""

Id = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._+-]*$", min_length=1, max_length=64)
]
"""An identifier: letters, digits and ``. _ + -``, e.g. ``soyuz-ms-27`` or ``roscosmos-03``."""


class Record(BaseModel):
    """Base of every input model: unknown fields are errors (a typo must not pass silently)."""

    model_config = ConfigDict(extra="forbid", validate_assignment=False)
