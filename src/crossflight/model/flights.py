"""Flights and the lifeboat events that happen while vehicles are docked.

Times are aware UTC datetimes.  A flight's crew is listed by person id (see
:class:`~crossflight.model.crew.CrewMember`).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from crossflight.model.common import Id, Record, UtcDatetime

__all__ = [
    "ExtraSeats",
    "Flight",
    "MissionKind",
    "Relocation",
    "SeatMove",
    "VehicleCondition",
    "VehicleStatus",
]

MissionKind = Literal["rotation", "private", "test", "cargo"]
VehicleCondition = Literal["fit", "emergency-only", "unfit"]


class Relocation(Record):
    """The docked vehicle moves, with its crew aboard, to ``to_port``, docking there at
    ``time_utc``.

    ``undock_utc`` (optional): when it left the old port; the old port is free from then on
    (a real relocation takes 30-50 min).  Without it the move is instantaneous at ``time_utc``.
    The vehicle counts as docked throughout (its crew is in their own lifeboat).
    """

    time_utc: UtcDatetime
    to_port: Id
    undock_utc: UtcDatetime | None = None
    source: str = ""

    @model_validator(mode="after")
    def _undock_first(self) -> Relocation:
        if self.undock_utc is not None and not self.undock_utc < self.time_utc:
            raise ValueError("undock_utc is not before time_utc (fix: undock, then redock)")
        return self


class Flight(Record):
    """One visit of one vehicle: launch, docking, relocations, undocking, landing.

    ``crew_up``: who launched on it.  ``crew_down``: who came home on it; omitted means "the
    same people as ``crew_up``", ``[]`` means it returned uncrewed.  ``undock_utc`` and
    ``landing_utc`` may be omitted for a vehicle still docked at the end of the evaluation
    period.  ``planned`` marks times that are plans, not flown facts.
    """

    id: Id
    name: str = ""
    vehicle: Id
    mission: MissionKind = "rotation"
    site: Id | None = None
    launch_utc: UtcDatetime
    dock_utc: UtcDatetime
    port: Id
    undock_utc: UtcDatetime | None = None
    landing_utc: UtcDatetime | None = None
    crew_up: list[Id] = Field(default_factory=list)
    crew_down: list[Id] | None = None
    relocations: list[Relocation] = Field(default_factory=list)
    planned: bool = False
    notes: str = ""
    source: str = ""

    @model_validator(mode="after")
    def _times_in_order(self) -> Flight:
        if self.dock_utc < self.launch_utc:
            raise ValueError("dock_utc is before launch_utc (fix: a vehicle docks after launch)")
        if self.undock_utc is not None and self.undock_utc <= self.dock_utc:
            raise ValueError("undock_utc is not after dock_utc (fix: undock after docking)")
        if self.landing_utc is not None:
            if self.undock_utc is None:
                raise ValueError("landing_utc given without undock_utc (fix: give undock_utc)")
            if self.landing_utc < self.undock_utc:
                raise ValueError("landing_utc is before undock_utc (fix: land after undocking)")
        last = self.dock_utc
        for i, r in enumerate(self.relocations):
            if r.time_utc <= last:
                raise ValueError(
                    f"relocations[{i}].time_utc is not after docking or the previous relocation "
                    "(fix: list relocations in time order, after dock_utc)"
                )
            last = r.time_utc
        if self.undock_utc is not None and last >= self.undock_utc:
            raise ValueError("a relocation is at or after undock_utc (fix: relocate while docked)")
        for name, people in (("crew_up", self.crew_up), ("crew_down", self.crew_down or [])):
            if len(set(people)) != len(people):
                raise ValueError(f"{name} lists a person twice (fix: list each person once)")
        return self

    @property
    def returning_crew(self) -> list[str]:
        """Who comes home on this flight (``crew_down``, or ``crew_up`` when omitted)."""
        return list(self.crew_up if self.crew_down is None else self.crew_down)


class SeatMove(Record):
    """A lifeboat seat (seat liner) reassignment between two docked crew vehicles."""

    time_utc: UtcDatetime
    person: Id
    from_flight: Id
    to_flight: Id
    source: str = ""


class VehicleStatus(Record):
    """From ``from_utc`` on, a docked vehicle is ``fit``, ``emergency-only`` or ``unfit``.

    ``seats`` optionally limits how many people it may carry home from then on (e.g. a
    damaged vehicle judged safe for two instead of three).
    """

    flight: Id
    from_utc: UtcDatetime
    status: VehicleCondition
    seats: int | None = Field(default=None, ge=0)
    source: str = ""


class ExtraSeats(Record):
    """Temporary extra lifeboat seats in a docked vehicle, ``from_utc`` until ``until_utc``."""

    flight: Id
    seats: int = Field(ge=1, le=10)
    from_utc: UtcDatetime
    until_utc: UtcDatetime | None = None
    source: str = ""

    @model_validator(mode="after")
    def _ordered(self) -> ExtraSeats:
        if self.until_utc is not None and self.until_utc <= self.from_utc:
            raise ValueError("until_utc is not after from_utc (fix: swap or correct the times)")
        return self
