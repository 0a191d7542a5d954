"""The main job's scenario: what one ``crossflight run`` computes and reports.

A scenario names its inputs; it holds no results.  File paths are as written in the TOML
(relative to the scenario file); :mod:`crossflight.io.scenario` resolves and checks them.
The format is documented in ``docs/scenario.md``; the built-in ISS scenario is
``crossflight/data/scenarios/iss.toml``.
"""

from __future__ import annotations

from typing import Final, Literal

from pydantic import Field, model_validator

from crossflight.model.common import Id, Record, UtcDatetime

__all__ = [
    "SCENARIO_FORMAT",
    "HistorySpec",
    "IncrementSpec",
    "OrbitSpec",
    "PlanSpec",
    "RendezvousSpec",
    "Scenario",
    "WhatIfSpec",
    "WindowSpec",
    "WindowsSpec",
]

SCENARIO_FORMAT: Final = "crossflight-scenario/1"


def _exactly_one(spec: Record, names: tuple[str, ...], what: str) -> None:
    given = [n for n in names if getattr(spec, n) is not None]
    if len(given) != 1:
        raise ValueError(
            f"give exactly one of {' or '.join(names)} for the {what}, got "
            f"{', '.join(given) if given else 'none'}"
        )


class HistorySpec(Record):
    """The flown history to check: a built-in manifest id or a manifest file."""

    builtin: Id | None = None
    manifest: str | None = None

    @model_validator(mode="after")
    def _one(self) -> HistorySpec:
        _exactly_one(self, ("builtin", "manifest"), "history")
        return self


class PlanSpec(Record):
    """Crews and traffic ahead: a planning request to solve, or an existing plan manifest."""

    request: str | None = None
    manifest: str | None = None
    time_limit_s: float = Field(default=20.0, gt=0.0, le=3600.0)
    seed: int = Field(default=0, ge=0)
    workers: int = Field(default=2, ge=1, le=64)
    deterministic: bool = False

    @model_validator(mode="after")
    def _one(self) -> PlanSpec:
        _exactly_one(self, ("request", "manifest"), "plan")
        return self


class OrbitSpec(Record):
    """The station's orbit: ``station`` (``iss``: the built-in archive of real element sets
    together with any set ``crossflight orbit fetch`` downloaded, or another cached name) or a
    TLE/OMM ``file``.  The element set nearest in epoch is used at each instant."""

    station: str | None = None
    file: str | None = None
    strict: bool = False

    @model_validator(mode="after")
    def _one(self) -> OrbitSpec:
        _exactly_one(self, ("station", "file"), "orbit")
        return self


class WindowSpec(Record):
    """One launch site and vehicle to compute launch windows for."""

    site: Id
    vehicle: Id


class WindowsSpec(Record):
    """Launch-window calendar: sites/vehicles, from ``start`` (default: the orbit's first
    epoch, midnight UTC) for ``days`` days (kept within the orbit data's validity)."""

    start: UtcDatetime | None = None
    days: float = Field(default=3.0, gt=0.0, le=28.0)
    sites: list[WindowSpec] = Field(min_length=1)


class RendezvousSpec(Record):
    """The next flight to simulate: the first ``profile`` window of ``vehicle`` from ``site``
    at or after ``after`` (default: the windows' start)."""

    site: Id
    vehicle: Id = "soyuz-ms"
    profile: str = "2-orbit"
    after: UtcDatetime | None = None
    port: Id | None = None


class IncrementSpec(Record):
    """The increment whose experiments to schedule: an increment directory or file as
    ``crossflight experiments`` reads it."""

    path: str
    time_limit_s: float = Field(default=20.0, gt=0.0, le=3600.0)
    seed: int = Field(default=0, ge=0)
    workers: int = Field(default=2, ge=1, le=64)


class WhatIfSpec(Record):
    """A small Monte Carlo campaign over the plan: size, seed and response policy."""

    scenarios: int = Field(default=2000, ge=1, le=1_000_000)
    seed: int = Field(default=0, ge=0)
    policy: str | None = None
    workers: int = Field(default=2, ge=1, le=64)


class Scenario(Record):
    """One main-job run: history, plan, orbit, windows, rendezvous, increment, what-if."""

    format: Literal["crossflight-scenario/1"] = SCENARIO_FORMAT
    name: str = Field(min_length=1)
    description: str = ""
    source: str = Field(default="", description="where the scenario's choices come from")
    history: HistorySpec | None = None
    plan: PlanSpec | None = None
    orbit: OrbitSpec
    windows: WindowsSpec
    rendezvous: RendezvousSpec | None = None
    increment: IncrementSpec | None = None
    whatif: WhatIfSpec | None = None
