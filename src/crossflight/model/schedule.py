"""A produced experiment schedule: sessions placed in time, experiments left out and why.

Shared by the scheduler (which writes it), the independent verifier (which checks it) and the
writers (JSON, CSV, ICS, charts).  Times are aware UTC datetimes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from crossflight.times import format_utc

__all__ = ["Schedule", "ScheduledSession", "Unscheduled"]


@dataclass(frozen=True)
class ScheduledSession:
    """Session ``index`` (0-based) of ``experiment``, run by ``crew`` with ``equipment``."""

    experiment: str
    index: int
    crew: tuple[str, ...]
    start_utc: datetime
    end_utc: datetime
    equipment: tuple[str, ...] = ()

    @property
    def hours(self) -> float:
        """Duration in hours."""
        return (self.end_utc - self.start_utc).total_seconds() / 3600.0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready record."""
        return {
            "experiment": self.experiment,
            "session": self.index + 1,
            "crew": list(self.crew),
            "start_utc": format_utc(self.start_utc),
            "end_utc": format_utc(self.end_utc),
            "equipment": list(self.equipment),
        }


@dataclass(frozen=True)
class Unscheduled:
    """An experiment not (fully) scheduled: ``constraint`` names the blocking rule's kind
    (``window``, ``cargo``, ``crew``, ``equipment``, ``crew-time``, ``precedence``,
    ``spacing``, ``time-limit``) and ``reason`` says it in a sentence."""

    experiment: str
    sessions_done: int
    sessions: int
    constraint: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready record."""
        return {
            "experiment": self.experiment,
            "sessions_done": self.sessions_done,
            "sessions": self.sessions,
            "constraint": self.constraint,
            "reason": self.reason,
        }


@dataclass
class Schedule:
    """The sessions placed, the experiments left out, and the solver's proof of quality.

    ``objective`` is the weighted number of completed sessions (priority per session),
    ``bound`` the best upper bound the solver proved, ``gap`` = (bound - objective) / bound.
    """

    sessions: list[ScheduledSession]
    unscheduled: list[Unscheduled]
    objective: float
    bound: float
    status: str
    wall_s: float
    crew_hours_available: dict[str, float] = field(default_factory=dict)
    equipment_hours_available: dict[str, float] = field(default_factory=dict)
    stats: dict[str, float] = field(default_factory=dict)

    @property
    def gap(self) -> float:
        """Relative gap to the proven bound (0 when proven optimal)."""
        return max(0.0, self.bound - self.objective) / max(1.0, abs(self.bound))

    @property
    def optimal(self) -> bool:
        """True when the solver proved the schedule optimal."""
        return self.status == "OPTIMAL"

    def scheduled_experiments(self) -> list[str]:
        """Experiments with every session placed, in id order."""
        partial = {u.experiment for u in self.unscheduled}
        return sorted({s.experiment for s in self.sessions} - partial)

    def crew_hours(self) -> dict[str, float]:
        """Scheduled science hours per crew member (every person considered, maybe 0)."""
        out = dict.fromkeys(self.crew_hours_available, 0.0)
        for s in self.sessions:
            for p in s.crew:
                out[p] = out.get(p, 0.0) + s.hours
        return out

    def equipment_hours(self) -> dict[str, float]:
        """Hours each equipment item is in use (sessions overlapping count separately)."""
        out = dict.fromkeys(self.equipment_hours_available, 0.0)
        for s in self.sessions:
            for e in s.equipment:
                out[e] = out.get(e, 0.0) + s.hours
        return out

    def utilisation(self) -> dict[str, dict[str, dict[str, float]]]:
        """Per crew member and equipment item: hours used, hours available, fraction."""

        def frac(used: float, avail: float) -> float:
            return used / avail if avail > 0 else 0.0

        crew = {
            p: {"hours": h, "available_h": self.crew_hours_available.get(p, 0.0)}
            for p, h in self.crew_hours().items()
        }
        equipment = {
            e: {"hours": h, "available_h": self.equipment_hours_available.get(e, 0.0)}
            for e, h in self.equipment_hours().items()
        }
        for d in (*crew.values(), *equipment.values()):
            d["fraction"] = frac(d["hours"], d["available_h"])
        return {"crew": crew, "equipment": equipment}

    def to_dict(self) -> dict[str, Any]:
        """The JSON report: scheduled, unscheduled (each with a reason), bound, gap, usage."""
        return {
            "status": self.status,
            "optimal": self.optimal,
            "objective": self.objective,
            "bound": self.bound,
            "gap": self.gap,
            "wall_s": self.wall_s,
            "scheduled": self.scheduled_experiments(),
            "unscheduled": [u.to_dict() for u in self.unscheduled],
            "sessions": [s.to_dict() for s in self.sessions],
            "utilisation": self.utilisation(),
            "stats": self.stats,
        }
