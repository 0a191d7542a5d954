"""Real flights the models are validated on (``data/validation/flights.toml``).

>>> flights = load_validation_flights()                 # doctest: +SKIP
>>> ms27 = get_validation_flight("soyuz-ms-27")         # doctest: +SKIP
>>> ms27.liftoff_utc, ms27.profile, ms27.port           # doctest: +SKIP
(datetime(2025, 4, 8, 5, 47, 15, tzinfo=UTC), '2-orbit', 'prichal-nadir')
>>> sets = ms27.load_element_sets()                     # doctest: +SKIP

Each flight names its vehicle, pad, rendezvous profile, port, liftoff and docking UTC (with their
precision and sources) and the ISS element sets of the built-in archive that were published
around its launch.  ``time_precision_s`` is how exactly the liftoff is known and
``docking_precision_s`` how exactly the docking is (the liftoff's precision unless given).  Every
id is checked against the built-in data when the file is loaded.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError, model_validator

from crossflight.errors import ManifestError, UnknownIdError
from crossflight.io.orbit_archive import archive_dir, read_element_set_file
from crossflight.io.tle import ElementSet
from crossflight.model.catalog import load_station
from crossflight.model.launchers import load_launchers, load_profiles
from crossflight.model.sites import load_sites
from crossflight.times import to_unix_s

__all__ = ["ValidationFlight", "get_validation_flight", "load_validation_flights"]

_FILE = "validation/flights.toml"


class ValidationFlight(BaseModel):
    """One real ISS arrival: what flew, from where, when, to which port, and the station orbit."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    vehicle: str
    site: str
    profile: str
    liftoff_utc: AwareDatetime
    docking_utc: AwareDatetime | None = None
    docking_planned: bool = False
    #: How exactly the liftoff time is known (s): 1 = to the second, 60 = to the minute.
    time_precision_s: float = Field(gt=0.0)
    #: How exactly the docking time is known (s); the liftoff's precision when not given.
    docking_precision_s: float = Field(gt=0.0)
    port: str | None = None
    station: str = "iss"
    element_sets: tuple[str, ...] = Field(min_length=1)
    sources: tuple[str, ...] = Field(min_length=1)
    notes: str = ""

    @model_validator(mode="before")
    @classmethod
    def _docking_precision_defaults_to_liftoff(cls, data: Any) -> Any:
        if isinstance(data, dict) and "docking_precision_s" not in data:
            return {**data, "docking_precision_s": data.get("time_precision_s")}
        return data

    @property
    def transit_s(self) -> float | None:
        """Liftoff to docking, seconds (None without a docking time)."""
        if self.docking_utc is None:
            return None
        return (self.docking_utc - self.liftoff_utc).total_seconds()

    def load_element_sets(self) -> list[ElementSet]:
        """The station element sets named by the flight, sorted by epoch."""
        folder = archive_dir(self.station)
        sets = [e for name in self.element_sets for e in read_element_set_file(folder / name)]
        return sorted(sets, key=lambda e: e.epoch_utc_s)

    def element_sets_before_liftoff(self) -> list[ElementSet]:
        """The flight's element sets whose epoch precedes liftoff (public before launch)."""
        t0 = to_unix_s(self.liftoff_utc)
        return [e for e in self.load_element_sets() if e.epoch_utc_s < t0]

    def element_set_age_days(self) -> float:
        """Days between liftoff and the nearest element set's epoch (either side)."""
        t0 = to_unix_s(self.liftoff_utc)
        return min(abs(t0 - e.epoch_utc_s) for e in self.load_element_sets()) / 86400.0


def _check_ids(flight: ValidationFlight) -> None:
    checks: list[tuple[str, str | None, set[str]]] = [
        ("vehicle", flight.vehicle, set(load_launchers())),
        ("site", flight.site, set(load_sites())),
        ("profile", flight.profile, set(load_profiles())),
        ("port", flight.port, {p.id for p in load_station(flight.station).ports}),
    ]
    for field, value, known in checks:
        if value is not None and value not in known:
            raise UnknownIdError(
                f"unknown {field} {value!r}",
                source=_FILE,
                field=f"{flight.id}.{field}",
                fix=f"use one of {', '.join(sorted(known))}",
            )
    if flight.vehicle not in load_profiles()[flight.profile].vehicles:
        raise ManifestError(
            f"{flight.vehicle} does not fly the {flight.profile} profile",
            source=_FILE,
            field=f"{flight.id}.profile",
            fix="use a profile of data/profiles.toml listing the vehicle",
        )
    folder = archive_dir(flight.station)
    for name in flight.element_sets:
        if not (folder / name).is_file():
            raise ManifestError(
                f"element-set file {name!r} is not in the built-in archive",
                source=_FILE,
                field=f"{flight.id}.element_sets",
                fix=f"add it to data/orbits/{flight.station}/ and its index",
            )


@cache
def load_validation_flights() -> tuple[ValidationFlight, ...]:
    """All validation flights, in liftoff order, every id checked."""
    text = resources.files("crossflight.data").joinpath(_FILE).read_text(encoding="utf-8")
    flights = []
    for i, raw in enumerate(tomllib.loads(text).get("flight", [])):
        try:
            flight = ValidationFlight(**raw)
        except ValidationError as exc:
            err = exc.errors()[0]
            raise ManifestError(
                str(err["msg"]),
                source=_FILE,
                field=f"flight[{i}].{'.'.join(str(x) for x in err['loc'])}",
                fix="fix the data set entry",
            ) from None
        _check_ids(flight)
        flights.append(flight)
    ids = [f.id for f in flights]
    if len(set(ids)) != len(ids):
        raise ManifestError("duplicate flight id", source=_FILE, fix="give each flight its own id")
    return tuple(sorted(flights, key=lambda f: f.liftoff_utc))


def get_validation_flight(flight_id: str) -> ValidationFlight:
    """The validation flight ``flight_id``; an unknown id names the known ones."""
    flights = {f.id: f for f in load_validation_flights()}
    try:
        return flights[flight_id]
    except KeyError:
        raise UnknownIdError(
            f"unknown validation flight {flight_id!r}",
            field="flight",
            fix=f"use one of {', '.join(flights)}",
        ) from None
