"""Crew-rotation planner: solve time for 1, 3, 5 and 10-year horizons.

The request is ``examples/plan-iss-2026-2030.toml`` with its horizon (and the station's crewed
period) cut or stretched to N years from 2026-01-01 (the 10-year case keeps the ISS flying to
2035: a sizing case, not a forecast).  Each solve has the same total time limit; the table
gives the wall time, the ratio against the 1-year solve of the same run, and in the note the
crew-days gap to the bound and whether every lexicographic stage was proven optimal.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

from bench.row import Row
from crossflight.io.request import load_request
from crossflight.model.request import PlanningRequest
from crossflight.planning.plan import make_plan
from crossflight.planning.solver import SolveOptions

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "plan-iss-2026-2030.toml"


def request_for_years(years: int) -> PlanningRequest:
    """The example request with an ``years``-year horizon from 2026-01-01."""
    base = load_request(EXAMPLE)
    end = datetime(2026 + years, 1, 1, tzinfo=UTC)
    stations = [s.model_copy(update={"crewed_until": end}) for s in base.stations]
    return base.model_copy(update={"end": end, "stations": stations})


def _solve(years: int, limit_s: float) -> tuple[float, str]:
    t0 = time.perf_counter()
    plan = make_plan(request_for_years(years), SolveOptions(time_limit_s=limit_s, seed=0))
    wall = time.perf_counter() - t0
    first = plan.solution.stages[0]
    proven = "all stages optimal" if plan.solution.optimal else "time limit reached"
    return wall, f"crew-days gap {100 * first.gap:.2f} %, {proven}, checker ok"


def rows(quick: bool) -> list[Row]:
    horizons = [1, 3] if quick else [1, 3, 5, 10]
    limit_s = 10.0 if quick else 60.0
    out: list[Row] = []
    base: float | None = None
    for years in horizons:
        wall, note = _solve(years, limit_s)
        if base is None:
            base = wall
        out.append(
            Row(
                name=f"planner: {years}-year horizon (limit {limit_s:g} s, 2 workers)",
                value=wall,
                unit="s",
                baseline=base,
                note=note + ("" if years > 1 else " (baseline)"),
            )
        )
    return out
