"""Rendezvous benchmarks on real flights (Soyuz MS-27 2-orbit, Progress MS-31 2-day).

* ``rendezvous 2-orbit / 2-day (one)``: median wall time of one full simulation (window check,
  ascent, held-gain Lambert/Nelder-Mead far-range search, nonlinear targeting, closed-loop
  approach, ephemeris).  Targets < 2 s and < 5 s.  Baseline, measured in the same run: the
  same simulation with the vectorised NumPy right-hand side for every batch size (what the
  code did before the plain-float small-batch path; results agree to round-off).
* ``dispersed rendezvous 2-day (N)``: N dispersed ships integrated as ONE vectorised system
  per segment; baseline = the same ships flown one by one (per-ship loop on a few ships,
  median per ship, times N).
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench.row import Row
from crossflight.flight.rendezvous import dispersion_model, plan_for, prepare, simulate_rendezvous
from crossflight.model.sites import get_site
from crossflight.physics import dynamics
from crossflight.physics.dispersions import run_dispersions

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from real_flights import RealFlight, by_name


def median_of(fn: Callable[[], object], repeat: int = 3) -> float:
    """Median wall time (s) of ``repeat`` calls."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _one(f: RealFlight) -> Callable[[], object]:
    station, site = f.station(), get_site(f.site)
    return lambda: simulate_rendezvous(station, site, f.vehicle, f.liftoff_utc, f.profile)


def _numpy_rhs(fn: Callable[[], object]) -> Callable[[], object]:
    def run() -> object:
        saved = dynamics.SMALL_BATCH
        dynamics.SMALL_BATCH = 0
        try:
            return fn()
        finally:
            dynamics.SMALL_BATCH = saved

    return run


def _single_rows(quick: bool) -> list[Row]:
    rep = 1 if quick else 3
    out = []
    for name, label, target in (
        ("Soyuz MS-27", "2-orbit Soyuz MS-27", "target < 2 s"),
        ("Progress MS-31", "2-day Progress MS-31", "target < 5 s"),
    ):
        run = _one(by_name(name))
        t = median_of(run, rep)
        base = median_of(_numpy_rhs(run), rep)
        out.append(
            Row(f"rendezvous {label} (one)", t, "s", baseline=base,
                note=f"{target}; baseline: NumPy right-hand side for every batch")
        )  # fmt: skip
    return out


def _dispersed_row(quick: bool) -> Row:
    f = by_name("Progress MS-31")
    p = prepare(f.station(), get_site(f.site), f.vehicle, f.liftoff_utc, f.profile, None)
    plan = plan_for(p, f.vehicle)
    model = dispersion_model()
    n = 50 if quick else 1000
    n_loop = 3

    def fleet(count: int, chunk: int) -> float:
        t0 = time.perf_counter()
        run_dispersions(
            p.insertion_utc_s, p.ship_km, p.station_km, p.scheme, p.approach,
            p.ballistic_ship_m2_kg, p.ballistic_station_m2_kg, count, 1, model,
            plan=plan, nominal_docking_utc_s=0.0, chunk=chunk,
        )  # fmt: skip
        return time.perf_counter() - t0

    t_vec = fleet(n, 500)
    per_ship = statistics.median(fleet(1, 1) for _ in range(n_loop))
    return Row(
        f"dispersed rendezvous 2-day (N={n})",
        t_vec,
        "s",
        baseline=per_ship * n,
        note=f"baseline: one ship at a time (median of {n_loop}) x N",
    )


def rows(quick: bool) -> list[Row]:
    return [*_single_rows(quick), _dispersed_row(quick)]
