"""The manifest: a station's flights, crews and lifeboat events over an evaluation period.

A :class:`Manifest` is plain validated data (what a TOML file holds, see
``docs/manifest-format.md``).  :func:`crossflight.model.resolve.resolve_manifest` checks every
cross-reference (agency, vehicle, port, person, flight) against the built-in catalog and the
inline definitions and returns the :class:`~crossflight.model.resolve.ResolvedManifest` that the
rules checker works on.
"""

from __future__ import annotations

from typing import Final, Literal

from pydantic import Field, model_validator

from crossflight.model.agencies import Agency
from crossflight.model.common import Id, Record, UtcDatetime
from crossflight.model.crew import CrewMember
from crossflight.model.flights import ExtraSeats, Flight, SeatMove, VehicleStatus
from crossflight.model.rulesconfig import RulesConfig
from crossflight.model.stations import Port, Segment
from crossflight.model.vehicles import VehicleType

__all__ = [
    "MANIFEST_FORMAT",
    "Manifest",
    "Period",
    "StationSpec",
]

MANIFEST_FORMAT: Final = "crossflight-manifest/1"


class Period(Record):
    """The evaluation period [``start_utc``, ``end_utc``): rules are checked inside it."""

    start_utc: UtcDatetime
    end_utc: UtcDatetime

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end_utc <= self.start_utc:
            raise ValueError("end_utc is not after start_utc (fix: correct the period)")
        return self


class StationSpec(Record):
    """Which station: a built-in one (``builtin = "iss"``) with optional overrides, or inline.

    With ``builtin``, listed ``segments``/``ports`` replace the built-in ones of the same id or
    are added, and ``remove_ports`` drops ports.  Without ``builtin``: if ``segments`` and
    ``ports`` are given they define the whole station (``id`` required); if neither is given
    the station is the built-in ISS.
    """

    builtin: Id | None = None
    id: Id | None = None
    name: str = ""
    segments: list[Segment] = Field(default_factory=list)
    ports: list[Port] = Field(default_factory=list)
    remove_ports: list[Id] = Field(default_factory=list)


class Manifest(Record):
    """A station's flights and crews, lifeboat events and rule settings (TOML, see docs)."""

    format: Literal["crossflight-manifest/1"] = MANIFEST_FORMAT
    name: str = ""
    description: str = ""
    source: str = ""
    period: Period | None = None
    station: StationSpec = Field(default_factory=StationSpec)
    agencies: list[Agency] = Field(default_factory=list)
    vehicles: list[VehicleType] = Field(default_factory=list)
    crew: list[CrewMember] = Field(default_factory=list)
    flights: list[Flight] = Field(default_factory=list)
    seat_moves: list[SeatMove] = Field(default_factory=list)
    vehicle_status: list[VehicleStatus] = Field(default_factory=list)
    extra_seats: list[ExtraSeats] = Field(default_factory=list)
    rules: RulesConfig = Field(default_factory=RulesConfig)
