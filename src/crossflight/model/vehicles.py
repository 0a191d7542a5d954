"""Vehicle types: seats, crewed or cargo, certified docked life."""

from __future__ import annotations

from pydantic import Field

from crossflight.model.common import Id, Record

__all__ = ["VehicleType"]


class VehicleType(Record):
    """A kind of visiting vehicle (``soyuz-ms``, ``crew-dragon``…).

    ``seats`` is the number of crew seats (0 for cargo vehicles); ``docked_life_days`` the
    certified (published) time the vehicle may stay docked, in days; ``agency`` the agency whose
    vehicle it is for crew-exchange accounting (Crew Dragon and Starliner fly for NASA).
    """

    id: Id
    name: str = ""
    agency: Id
    crewed: bool
    seats: int = Field(ge=0, le=20)
    docked_life_days: float | None = Field(default=None, gt=0)
    source: str = ""
