"""The real ISS flights of the project's validation data set, as the tests and calibration use them.

The flights, their times, precisions and sources live in ONE place: the packaged data set
``crossflight/data/validation/flights.toml`` (loaded by :mod:`crossflight.io.validation`), with
the ISS element sets of the built-in archive that were published around each launch.  This
module only adapts them: a :class:`RealFlight` per flight that has a docking time, with its
station orbit built from its element sets.

``profile`` is what the flight flew (2-orbit / 2-day Soyuz and Progress; 1-day Dragon).
Nothing in the package is fitted to one of these flights: calibrations are fitted per profile
across all of them and judged by leave-one-out (``tests/calibration.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from crossflight.flight.orbits import StationOrbit
from crossflight.io.validation import ValidationFlight, load_validation_flights


@dataclass(frozen=True)
class RealFlight:
    """One real flight: what flew, from where, when it lifted off and docked."""

    flight: ValidationFlight

    @property
    def name(self) -> str:
        return self.flight.name

    @property
    def vehicle(self) -> str:
        return self.flight.vehicle

    @property
    def site(self) -> str:
        return self.flight.site

    @property
    def profile(self) -> str:
        return self.flight.profile

    @property
    def liftoff_utc(self) -> datetime:
        return self.flight.liftoff_utc

    @property
    def docking_utc(self) -> datetime:
        assert self.flight.docking_utc is not None  # FLIGHTS holds only flights with one
        return self.flight.docking_utc

    @property
    def liftoff_precision_s(self) -> float:
        return self.flight.time_precision_s

    def station(self) -> StationOrbit:
        """The station orbit from the flight's element sets (nearest epoch at each instant)."""
        return StationOrbit(self.flight.load_element_sets(), allow_stale=True)


FLIGHTS: tuple[RealFlight, ...] = tuple(
    RealFlight(f) for f in load_validation_flights() if f.docking_utc is not None
)


def by_profile(profile: str) -> tuple[RealFlight, ...]:
    return tuple(f for f in FLIGHTS if f.profile == profile)


def by_name(name: str) -> RealFlight:
    return next(f for f in FLIGHTS if f.name == name)
