"""What the main job computed: the records every writer and figure of the report reads."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from crossflight import api

__all__ = [
    "STAGES",
    "FlightWindow",
    "IncrementResult",
    "MainJobResult",
    "Progress",
    "StageEvent",
    "WhatIfResult",
]


@dataclass(frozen=True)
class StageEvent:
    """A stage starting (``seconds`` None), reporting a detail, or done (``seconds`` set)."""

    stage: str
    title: str
    detail: str = ""
    seconds: float | None = None


Progress = Callable[[StageEvent], None]

STAGES: dict[str, str] = {
    "history": "checking the flown history",
    "plan": "planning crews and traffic",
    "orbit": "reading the station orbit",
    "windows": "computing launch windows",
    "rendezvous": "simulating the next rendezvous",
    "increment": "scheduling the first increment",
    "whatif": "running the what-if campaign",
    "report": "writing the report",
}


@dataclass(frozen=True)
class FlightWindow:
    """A manifest flight inside the orbit data's validity, and the model's nearest window."""

    flight: str
    name: str
    manifest: str
    vehicle: str
    site: str
    launch_utc: datetime
    opportunity: api.Opportunity | None

    @property
    def liftoff_error_s(self) -> float | None:
        """Modelled minus manifest liftoff [s] (None without an opportunity)."""
        if self.opportunity is None:
            return None
        return (self.opportunity.liftoff_utc - self.launch_utc).total_seconds()


@dataclass(frozen=True)
class IncrementResult:
    """The first increment: its setup (crew, catalog, manifest) and the verified schedule."""

    setup: api.IncrementSetup
    schedule: api.Schedule


@dataclass(frozen=True)
class WhatIfResult:
    """The what-if campaign over the plan: per-scenario columns, summary, plan period."""

    campaign: api.CampaignResult
    start_utc: datetime
    end_utc: datetime


@dataclass
class MainJobResult:
    """Everything the main job computed, before it is written."""

    scenario: api.Scenario
    source: str
    history: api.Manifest | None = None
    history_report: api.CheckReport | None = None
    plan_manifest: api.Manifest | None = None
    plan_report: api.CheckReport | None = None
    plan_summary: api.PlanSummary | None = None
    plan_optimal: bool | None = None
    orbit: api.StationOrbit | None = None
    orbit_kind: str = ""
    coverage: list[tuple[datetime, datetime]] = field(default_factory=list)
    windows: list[api.Opportunity] = field(default_factory=list)
    flight_windows: list[FlightWindow] = field(default_factory=list)
    flights_beyond_orbit: int = 0
    rendezvous: api.RendezvousResult | None = None
    rendezvous_flight: api.Flight | None = None
    rendezvous_crew: list[api.CrewMember] = field(default_factory=list)
    increment: IncrementResult | None = None
    whatif: WhatIfResult | None = None
    notes: list[str] = field(default_factory=list)
    timings_s: dict[str, float] = field(default_factory=dict)
