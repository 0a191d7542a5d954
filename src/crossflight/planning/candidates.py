"""The decision variables of one candidate flight and the day-index form of a booked flight."""

from __future__ import annotations

from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from crossflight.model.request import FixedFlight, StationSpec, VehicleSpec

__all__ = ["CandidateFlight", "FixedEntry"]


@dataclass
class CandidateFlight:
    """Decision variables of one optional planned flight ``key = (vehicle, station, k)``."""

    key: tuple[str, str, int]
    vehicle: VehicleSpec
    station: StationSpec
    present: cp_model.IntVar
    dock: cp_model.IntVar
    undock: cp_model.IntVar
    stay: cp_model.IntVar
    launch_day: cp_model.LinearExpr | int
    landing_day: cp_model.LinearExpr | int
    seats: dict[str, cp_model.IntVar]
    carry: dict[str, cp_model.IntVar]
    crew: cp_model.IntVar
    ports: dict[str, cp_model.IntVar] = field(default_factory=dict)
    years: dict[int, cp_model.IntVar] = field(default_factory=dict)
    crew_days: cp_model.IntVar | None = None
    deviation: cp_model.IntVar | None = None
    in_progress: FixedFlight | None = None

    @property
    def id(self) -> str:
        """Stable model id, e.g. ``soyuz-ms@iss#3``."""
        return f"{self.key[0]}@{self.key[1]}#{self.key[2]}"


@dataclass(frozen=True)
class FixedEntry:
    """A fixed flight in day-index form (conservative, see :mod:`timegrid`)."""

    flight: FixedFlight
    covered_dock: int
    covered_undock: int
    occupied_first: int
    occupied_last: int
    launch_day: int

    def seats(self, agency: str) -> int:
        """How many of its crew belong to ``agency``."""
        return sum(1 for p in self.flight.crew if p.agency == agency)
