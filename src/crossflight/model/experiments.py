"""The experiment catalog: experiments, their sessions, and the equipment they share.

Plain validated data (what a catalog TOML file holds, format ``crossflight-catalog/1``, see
``docs/experiments.md``).  Dates are calendar days in UTC; durations are minutes and must be
whole multiples of the scheduler's 15-minute resolution.  References to people and vehicles
are checked when the catalog is paired with an increment (``crossflight.io.increment``).
"""

from __future__ import annotations

from datetime import date
from typing import Final, Literal

from pydantic import Field, model_validator

from crossflight.model.common import Id, Record

__all__ = [
    "CATALOG_FORMAT",
    "SLOT_MIN",
    "Cargo",
    "Catalog",
    "Equipment",
    "Experiment",
    "Precedence",
    "Sessions",
]

CATALOG_FORMAT: Final = "crossflight-catalog/1"
SLOT_MIN: Final = 15
"""Scheduling resolution in minutes: every duration is a whole number of slots."""


class Equipment(Record):
    """A shared item (rack, glovebox, freezer…) that ``capacity`` sessions may use at once."""

    id: Id
    name: str = ""
    module: str = ""
    capacity: int = Field(default=1, ge=1, le=100)
    source: str = ""


class Sessions(Record):
    """``count`` sessions of ``duration_min`` each, started ``min_spacing_days`` ..
    ``max_spacing_days`` apart (start to start; ``max`` omitted: no upper limit)."""

    count: int = Field(default=1, ge=1, le=200)
    duration_min: int = Field(ge=SLOT_MIN, le=24 * 60)
    min_spacing_days: float = Field(default=0.0, ge=0.0, le=365.0)
    max_spacing_days: float | None = Field(default=None, gt=0.0, le=365.0)

    @model_validator(mode="after")
    def _consistent(self) -> Sessions:
        if self.duration_min % SLOT_MIN:
            raise ValueError(
                f"duration {self.duration_min} min is not a multiple of {SLOT_MIN} min "
                f"(fix: round it to a multiple of {SLOT_MIN})"
            )
        if self.max_spacing_days is not None and self.max_spacing_days < self.min_spacing_days:
            raise ValueError(
                "max_spacing_days is below min_spacing_days (fix: swap or correct them)"
            )
        return self


class Precedence(Record):
    """Start only after experiment ``after_experiment`` is complete, and/or after the vehicle
    ``after_arrival`` (a flight id of the manifest or the increment's cargo list) has docked."""

    after_experiment: Id | None = None
    after_arrival: Id | None = None


class Cargo(Record):
    """Hardware or samples that fly: ``arrives_on`` must dock before the first session;
    samples must be stowed in ``returns_on`` (at least ``stow_hours`` before it undocks)."""

    arrives_on: Id | None = None
    returns_on: Id | None = None
    stow_hours: float = Field(default=24.0, ge=0.0, le=24.0 * 30)


class Experiment(Record):
    """One experiment: who may run it, when, with what, and how much it is worth."""

    id: Id
    title: str = ""
    agency: Id
    segment: Id
    module: str = ""
    sessions: Sessions
    crew_count: int = Field(default=1, ge=1, le=7)
    qualification: Id | None = None
    crew: list[Id] = Field(default_factory=list)
    earliest: date | None = None
    latest: date | None = None
    precedence: Precedence = Field(default_factory=Precedence)
    equipment: list[Id] = Field(default_factory=list)
    cargo: Cargo = Field(default_factory=Cargo)
    priority: int = Field(default=1, ge=1, le=100)
    family: str = ""
    source: str = ""

    @model_validator(mode="after")
    def _consistent(self) -> Experiment:
        if self.earliest and self.latest and self.latest < self.earliest:
            raise ValueError("latest is before earliest (fix: swap or correct the dates)")
        if len(set(self.crew)) != len(self.crew):
            raise ValueError("crew lists a person twice (fix: list each person once)")
        if self.crew and len(self.crew) < self.crew_count:
            raise ValueError(
                f"crew names {len(self.crew)} people but crew_count is {self.crew_count} "
                "(fix: name more people or lower crew_count)"
            )
        if len(set(self.equipment)) != len(self.equipment):
            raise ValueError("equipment lists an item twice (fix: list each item once)")
        if self.precedence.after_experiment == self.id:
            raise ValueError("an experiment cannot follow itself (fix: name another one)")
        return self


class Catalog(Record):
    """An experiment catalog: equipment items and experiments (TOML, see docs/experiments.md)."""

    format: Literal["crossflight-catalog/1"] = CATALOG_FORMAT
    name: str = ""
    description: str = ""
    illustrative: bool = False
    source: str = ""
    equipment: list[Equipment] = Field(default_factory=list)
    experiments: list[Experiment] = Field(default_factory=list)

    def experiment(self, experiment_id: str) -> Experiment:
        """The experiment ``experiment_id`` (``KeyError`` if absent)."""
        for e in self.experiments:
            if e.id == experiment_id:
                return e
        raise KeyError(experiment_id)
