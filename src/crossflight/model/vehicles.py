"""Vehicle types: seats, crewed or cargo, certified docked life."""

from __future__ import annotations

from pydantic import Field, model_validator

from crossflight.model.common import Id, Record
from crossflight.model.limits import LimitKind

__all__ = ["VehicleType"]


class VehicleType(Record):
    """A kind of visiting vehicle (``soyuz-ms``, ``crew-dragon``…).

    ``seats`` is the number of crew seats (0 for cargo vehicles); ``docked_life_days`` the
    published time the vehicle may stay docked, in days, with ``docked_life_kind`` (certified
    limit, planning rule or warning threshold, see :mod:`crossflight.model.limits`) and
    ``docked_life_source``; ``agency`` the agency whose vehicle it is for crew-exchange
    accounting (Crew Dragon and Starliner fly for NASA).
    """

    id: Id
    name: str = ""
    agency: Id
    crewed: bool
    seats: int = Field(ge=0, le=20)
    docked_life_days: float | None = Field(default=None, gt=0)
    docked_life_kind: LimitKind = "certified limit"
    docked_life_source: str = ""
    source: str = ""

    @model_validator(mode="after")
    def _seats_need_a_crew(self) -> VehicleType:
        if not self.crewed and self.seats:
            raise ValueError(
                f"an uncrewed vehicle type has no crew seats, got seats = {self.seats} "
                "(fix: seats = 0, or crewed = true for a crew vehicle)"
            )
        return self
