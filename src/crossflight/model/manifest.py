"""The manifest: a station's flights, crews and lifeboat events over an evaluation period.

A :class:`Manifest` is plain validated data (what a TOML file holds, see
``docs/manifest-format.md``).  :meth:`Manifest.resolve` checks every cross-reference (agency,
vehicle, port, person, flight) against the built-in catalog and the inline definitions and
returns a :class:`ResolvedManifest` that the rules checker works on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final, Literal

from pydantic import Field, model_validator

from crossflight.errors import UnknownIdError
from crossflight.model.agencies import Agency
from crossflight.model.common import Id, Record, UtcDatetime
from crossflight.model.crew import CrewMember
from crossflight.model.flights import ExtraSeats, Flight, SeatMove, VehicleStatus
from crossflight.model.rulesconfig import Representation, RulesConfig
from crossflight.model.stations import Port, Segment, Station
from crossflight.model.vehicles import VehicleType

__all__ = [
    "MANIFEST_FORMAT",
    "Manifest",
    "Period",
    "ResolvedManifest",
    "StationSpec",
    "Stay",
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

    def resolve(self, *, source: str | None = None) -> ResolvedManifest:
        """Check every reference and return the resolved manifest (raises ``InputError``)."""
        from crossflight.model.resolve import resolve_manifest

        return resolve_manifest(self, source=source)


@dataclass(frozen=True)
class Stay:
    """One person's stay aboard: arrived on ``up_flight``, leaves on ``down_flight``.

    ``down_flight`` is ``None`` when the person is still aboard at the end of the period.
    """

    person: str
    up_flight: str
    down_flight: str | None


@dataclass(frozen=True)
class ResolvedManifest:
    """A manifest with every id resolved: what the rules checker evaluates."""

    manifest: Manifest
    station: Station
    agencies: dict[str, Agency]
    vehicles: dict[str, VehicleType]
    crew: dict[str, CrewMember]
    flights: dict[str, Flight]
    stays: tuple[Stay, ...]
    representation: tuple[Representation, ...]
    start_utc: datetime
    end_utc: datetime
    source: str | None = None

    def vehicle_of(self, flight_id: str) -> VehicleType:
        """The vehicle type flying ``flight_id``."""
        return self.vehicles[self.flights[flight_id].vehicle]

    def person(self, person_id: str) -> CrewMember:
        """The crew member ``person_id``."""
        try:
            return self.crew[person_id]
        except KeyError:
            raise UnknownIdError(f"unknown person {person_id!r}", source=self.source) from None
