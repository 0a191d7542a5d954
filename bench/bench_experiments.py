"""Experiment scheduler: 50, 200 and 1,000 generated experiments over the MS-27 increment.

The increment (crew, vehicles, spacewalks, crew day) is ``examples/ms27-increment``; the
catalogs are generated from a seed (sessions, windows, qualifications, equipment, cargo and
precedence drawn like the illustrative catalog's).  Each size is solved by the CP-SAT scheduler
(2 workers, seed 0, 60 s limit) and by the greedy list scheduler on the same catalog in the
same run; every CP-SAT schedule is re-proven by the independent verifier.  Rows give the median
wall time of 3 runs; the note gives the objective against the greedy one, the proven gap and
the verifier's verdict.
"""

from __future__ import annotations

import random
import statistics
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench.row import Row
from crossflight.experiments.greedy import greedy_sessions
from crossflight.experiments.scheduler import ScheduleOptions, schedule_increment
from crossflight.experiments.timeline import build_grid
from crossflight.io.increment import load_increment
from crossflight.model.experiments import Catalog
from crossflight.model.increment import IncrementSetup

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "ms27-increment" / "increment.toml"
SKILLS = ("plasma", "biotech", "medical-ops", "earth-obs", "materials")


def generate_catalog(n: int, seed: int, base: Catalog, *, contended: bool = False) -> Catalog:
    """``n`` random experiments using ``base``'s equipment, reproducible from ``seed``.

    ``contended``: short windows (2-8 days) inside six weeks and every session on one of three
    unit-capacity items, so experiments compete for the same hours (where list scheduling
    loses).
    """
    rng = random.Random(seed)
    start, end = date(2025, 4, 8), date(2025, 12, 9)
    span = (end - start).days
    items = [e.id for e in base.equipment]
    exps: list[dict[str, Any]] = []
    for i in range(n):
        nasa = rng.random() < 0.15
        count = rng.choice([1, 2, 3] if contended else [1, 1, 2, 3, 4, 6])
        if contended:  # everything inside six weeks from mid-May
            lo, length = rng.randrange(40, 80), rng.randrange(2, 9)
        else:
            lo = rng.randrange(0, span - 30)
            length = rng.randrange(20, span - lo + 1)
        e: dict[str, Any] = {
            "id": f"x{i:04d}",
            "title": f"generated experiment {i}",
            "agency": "NASA" if nasa else "ROSCOSMOS",
            "segment": "us" if nasa else "russian",
            "sessions": {
                "count": count,
                "duration_min": rng.choice([30, 45, 60, 90, 120]),
                "min_spacing_days": rng.choice([0, 1] if contended else [0, 1, 3, 7]),
            },
            "crew_count": 2 if rng.random() < 0.08 else 1,
            "earliest": start + timedelta(days=lo),
            "latest": start + timedelta(days=lo + length - 1),
            "priority": rng.randint(1, 5),
            "equipment": (
                [rng.choice(["glovebox-s", "pk-4", "msg"])]
                if contended
                else rng.sample(items, k=rng.choice([0, 0, 1, 1, 2]))
            ),
        }
        if nasa:
            e["crew"] = ["kim"]
            e["crew_count"] = 1
        elif rng.random() < 0.5:
            e["qualification"] = rng.choice(SKILLS)
        if count > 1 and rng.random() < 0.5:
            e["sessions"]["max_spacing_days"] = e["sessions"]["min_spacing_days"] + 14
        if rng.random() < 0.1:
            e["cargo"] = {"arrives_on": rng.choice(["progress-ms-31", "progress-ms-32"])}
        if rng.random() < 0.1:
            e["cargo"] = {**e.get("cargo", {}), "returns_on": "soyuz-ms-27"}
        if i and rng.random() < 0.1:
            e["precedence"] = {"after_experiment": f"x{i - 1:04d}"}
        exps.append(e)
    return Catalog.model_validate(
        {"name": f"generated {n} (seed {seed})", "equipment": base.equipment, "experiments": exps}
    )


def setup_for(n: int, seed: int = 0, *, contended: bool = False) -> IncrementSetup:
    """The MS-27 increment with a generated catalog of ``n`` experiments."""
    base = load_increment(EXAMPLE)
    cat = generate_catalog(n, seed, base.catalog, contended=contended)
    return replace(base, catalog=cat)


def _objective(setup: IncrementSetup, placed: list[Any]) -> float:
    return float(sum(setup.catalog.experiment(s.experiment).priority for s in placed))


def _measure(setup: IncrementSetup, limit_s: float, repeat: int, label: str) -> Row:
    cp_times, gr_times = [], []
    note = ""
    for _ in range(repeat):
        t0 = time.perf_counter()
        sched = schedule_increment(setup, ScheduleOptions(time_limit_s=limit_s, workers=2))
        cp_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        greedy = greedy_sessions(build_grid(setup))
        gr_times.append(time.perf_counter() - t0)
        g_obj = _objective(setup, greedy)
        note = (
            f"objective {sched.objective:g} vs greedy {g_obj:g} "
            f"({sched.objective / max(g_obj, 1):.3f}x), bound {sched.bound:g}, "
            f"gap {100 * sched.gap:.2f} %, {sched.status}, "
            f"{len(sched.unscheduled)} not fully scheduled, verified"
        )
    return Row(
        name=f"experiments: {label} (limit {limit_s:g} s, 2 workers)",
        value=statistics.median(cp_times),
        unit="s",
        baseline=statistics.median(gr_times),
        note=f"{note}; baseline = greedy list scheduler; median of {repeat}",
    )


def rows(quick: bool) -> list[Row]:
    sizes = [50, 200] if quick else [50, 200, 1000]
    limit_s = 10.0 if quick else 60.0
    repeat = 1 if quick else 3
    out = [_measure(load_increment(EXAMPLE), 30.0, repeat, "MS-27 example, 50 experiments")]
    for n in sizes:
        out.append(_measure(setup_for(n), limit_s, repeat, f"{n} generated, CP-SAT"))
    n = 200
    label = f"{n} generated, contended (six weeks, 3 items), CP-SAT"
    out.append(_measure(setup_for(n, contended=True), limit_s, repeat, label))
    return out
