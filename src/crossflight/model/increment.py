"""An increment: the period, the crew day, the people and events an experiment schedule
lives in (format ``crossflight-increment/1``, see ``docs/experiments.md``).

Who is aboard on which day comes from a manifest (a built-in one such as ``iss-2022-2025``, or
a manifest file); the increment adds what the crew-vehicle manifest does not hold: cargo
vehicles, spacewalks and other blocked time, qualifications and the per-agency crew-time split.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Final, Literal

from pydantic import Field, model_validator

from crossflight.model.common import Id, Record, UtcDatetime
from crossflight.model.experiments import Catalog
from crossflight.model.resolve import ResolvedManifest

__all__ = [
    "INCREMENT_FORMAT",
    "Block",
    "BlockedTime",
    "CargoVisit",
    "CrewDay",
    "CrewTime",
    "Increment",
    "IncrementSetup",
    "ManifestRef",
    "Qualification",
]

INCREMENT_FORMAT: Final = "crossflight-increment/1"


class Block(Record):
    """A daily block of scheduled work, ``start`` .. ``end`` (UTC time of day, same day)."""

    start: time
    end: time

    @model_validator(mode="after")
    def _ordered(self) -> Block:
        if self.end <= self.start:
            raise ValueError("end is not after start (fix: a block lies within one UTC day)")
        if self.start.minute % 15 or self.end.minute % 15 or self.start.second or self.end.second:
            raise ValueError("times must be on the quarter hour (fix: e.g. 08:15, 12:30)")
        return self

    @property
    def minutes(self) -> int:
        """Length of the block in minutes."""
        return (self.end.hour * 60 + self.end.minute) - (self.start.hour * 60 + self.start.minute)


def _weekday() -> list[Block]:
    return [Block(start=time(8, 0), end=time(12, 0)), Block(start=time(14, 0), end=time(16, 30))]


def _saturday() -> list[Block]:
    return [Block(start=time(9, 0), end=time(11, 0))]


class CrewDay(Record):
    """The ISS crew day in UTC (station time is GMT): blocks of scheduled work per weekday.

    Defaults: 6.5 h of scheduled work Monday-Friday (08:00-12:00, 14:00-16:30), a lighter
    Saturday (2 h, 09:00-11:00) and Sunday off.  ``sleep_h``, ``exercise_h`` and ``meals_h``
    document the rest of the day (8.5 h sleep, 2.5 h exercise, 1.5 h meals per NASA's
    description of a crew day); they are checked to fit in 24 h with the work blocks but are
    not scheduled themselves.  ``days_off`` adds holidays.
    """

    weekday: list[Block] = Field(default_factory=_weekday)
    saturday: list[Block] = Field(default_factory=_saturday)
    sunday: list[Block] = Field(default_factory=list)
    sleep_h: float = Field(default=8.5, ge=0.0, le=24.0)
    exercise_h: float = Field(default=2.5, ge=0.0, le=24.0)
    meals_h: float = Field(default=1.5, ge=0.0, le=24.0)
    days_off: list[date] = Field(default_factory=list)
    source: str = ""

    @model_validator(mode="after")
    def _fits(self) -> CrewDay:
        for name in ("weekday", "saturday", "sunday"):
            blocks: list[Block] = getattr(self, name)
            for a, b in itertools.pairwise(blocks):
                if b.start < a.end:
                    raise ValueError(
                        f"{name} blocks overlap or are out of order (fix: list them in time order)"
                    )
            work_h = sum(b.minutes for b in blocks) / 60.0
            if work_h + self.sleep_h + self.exercise_h + self.meals_h > 24.0:
                raise ValueError(
                    f"{name}: work {work_h:g} h + sleep + exercise + meals exceed 24 h "
                    "(fix: shorten the blocks or the other activities)"
                )
        return self

    def blocks_on(self, day: date) -> list[Block]:
        """The work blocks of ``day`` (none on a day off)."""
        if day in self.days_off:
            return []
        wd = day.weekday()
        return self.sunday if wd == 6 else self.saturday if wd == 5 else self.weekday


class CrewTime(Record):
    """The share of a person's scheduled work time available to each agency's experiments.

    Without an entry, a person works only their own agency's experiments (share 1.0).
    """

    person: Id
    shares: dict[Id, float]
    source: str = ""

    @model_validator(mode="after")
    def _shares(self) -> CrewTime:
        for agency, share in self.shares.items():
            if not 0.0 <= share <= 1.0:
                raise ValueError(f"share of {agency} is {share:g} (fix: give 0 .. 1)")
        if sum(self.shares.values()) > 1.0 + 1e-9:
            raise ValueError("shares add up to more than 1 (fix: make them sum to at most 1)")
        return self


class Qualification(Record):
    """Skills a person is trained for (experiments ask for one by ``qualification``)."""

    person: Id
    skills: list[Id]
    source: str = ""


class CargoVisit(Record):
    """An uncrewed vehicle's stay (the crew-vehicle manifest does not list cargo flights)."""

    id: Id
    name: str = ""
    dock_utc: UtcDatetime
    undock_utc: UtcDatetime | None = None
    source: str = ""

    @model_validator(mode="after")
    def _ordered(self) -> CargoVisit:
        if self.undock_utc is not None and self.undock_utc <= self.dock_utc:
            raise ValueError("undock_utc is not after dock_utc (fix: correct the times)")
        return self


class BlockedTime(Record):
    """Time the listed crew (all aboard if ``crew`` is empty) cannot do science: a spacewalk,
    a relocation, a medical day.  ``whole_days`` blocks the full UTC days touched."""

    kind: Literal["eva", "docking", "undocking", "relocation", "other"] = "other"
    name: str = ""
    crew: list[Id] = Field(default_factory=list)
    start_utc: UtcDatetime
    end_utc: UtcDatetime
    whole_days: bool = True
    source: str = ""

    @model_validator(mode="after")
    def _ordered(self) -> BlockedTime:
        if self.end_utc <= self.start_utc:
            raise ValueError("end_utc is not after start_utc (fix: correct the times)")
        return self


class ManifestRef(Record):
    """Where the crew comes from: ``builtin = "iss-2022-2025"`` or ``path = "manifest.toml"``."""

    builtin: Id | None = None
    path: str | None = None

    @model_validator(mode="after")
    def _one(self) -> ManifestRef:
        if (self.builtin is None) == (self.path is None):
            raise ValueError("give exactly one of builtin or path (fix: e.g. builtin = ...)")
        return self


class Increment(Record):
    """An increment file: period, manifest, catalog, crew day and the events within."""

    format: Literal["crossflight-increment/1"] = INCREMENT_FORMAT
    name: str = ""
    description: str = ""
    source: str = ""
    start: date
    end: date
    manifest: ManifestRef
    catalog: str
    crew: list[Id] = Field(default_factory=list)
    crew_day: CrewDay = Field(default_factory=CrewDay)
    crew_time: list[CrewTime] = Field(default_factory=list)
    qualifications: list[Qualification] = Field(default_factory=list)
    cargo: list[CargoVisit] = Field(default_factory=list)
    blocked: list[BlockedTime] = Field(default_factory=list)
    block_docking_days: bool = True

    @model_validator(mode="after")
    def _ordered(self) -> Increment:
        if self.end <= self.start:
            raise ValueError("end is not after start (fix: correct the dates)")
        if (self.end - self.start).days > 800:
            raise ValueError("an increment longer than 800 days (fix: split it)")
        return self


@dataclass(frozen=True)
class IncrementSetup:
    """An increment with its catalog and resolved manifest: what the scheduler works on.

    ``crew`` lists the people considered (everyone aboard at some time in the increment, or
    the increment's ``crew`` list).
    """

    increment: Increment
    catalog: Catalog
    manifest: ResolvedManifest
    crew: tuple[str, ...]
    source: str = "<increment>"
    catalog_source: str = "<catalog>"

    def vehicle(self, flight_id: str) -> tuple[str, datetime, datetime | None]:
        """(name, dock, undock) of a crew flight of the manifest or a cargo visit."""
        for c in self.increment.cargo:
            if c.id == flight_id:
                return c.name or c.id, c.dock_utc, c.undock_utc
        f = self.manifest.flights[flight_id]
        return f.name or f.id, f.dock_utc, f.undock_utc

    def vehicle_ids(self) -> list[str]:
        """Every flight id an experiment may refer to (crew flights and cargo visits)."""
        return sorted({*self.manifest.flights, *(c.id for c in self.increment.cargo)})

    def agency_of(self, person: str) -> str:
        """The agency of ``person``."""
        return self.manifest.crew[person].agency

    def skills_of(self, person: str) -> frozenset[str]:
        """The qualifications of ``person``."""
        out: set[str] = set()
        for q in self.increment.qualifications:
            if q.person == person:
                out.update(q.skills)
        return frozenset(out)

    def share(self, person: str, agency: str) -> float:
        """The share of ``person``'s work time available to ``agency``'s experiments."""
        for ct in self.increment.crew_time:
            if ct.person == person:
                return ct.shares.get(agency, 0.0)
        return 1.0 if self.agency_of(person) == agency else 0.0
