"""Rendezvous benchmarks: one 2-orbit rendezvous (Soyuz MS-27 case) and N dispersed ones.

* ``rendezvous 2-orbit MS-27``: wall time of one full simulation (window check, ascent,
  Lambert/Nelder-Mead far-range search, nonlinear targeting, closed-loop approach, ephemeris).
  Target < 2 s.  No baseline (nothing comparable to run in the same process).
* ``dispersed rendezvous``: N ships integrated as ONE vectorised system per segment
  (state (6N,)), baseline = the same dispersed ships flown one by one (a per-ship loop,
  measured on a few ships and scaled to N).  Target: 1,000 in < 120 s on 2 cores.
"""

from __future__ import annotations

import time

from bench.row import Row, best_of
from crossflight.flight.orbits import StationOrbit
from crossflight.flight.rendezvous import _plan, _prepare, dispersion_model, simulate_rendezvous
from crossflight.io.validation import get_validation_flight
from crossflight.model.sites import get_site
from crossflight.physics.dispersions import run_dispersions

MS27 = get_validation_flight("soyuz-ms-27")  # the project's validation data set
LIFTOFF = MS27.liftoff_utc


def rows(quick: bool) -> list[Row]:
    station = StationOrbit(MS27.load_element_sets())
    site = get_site("baikonur-31")
    one = best_of(
        lambda: simulate_rendezvous(station, site, "soyuz-ms", LIFTOFF, "2-orbit"),
        repeat=2 if quick else 3,
    )
    t_ins, ship, st, scheme, _, approach, _, b_ship, b_st, _ = _prepare(
        station, site, "soyuz-ms", LIFTOFF, "2-orbit", None
    )
    plan = _plan(t_ins, ship, st, scheme, b_ship, b_st, "2-orbit", "soyuz-ms")
    model = dispersion_model()
    n = 100 if quick else 1000
    n_loop = 3 if quick else 10

    def fleet(count: int, chunk: int) -> float:
        t0 = time.perf_counter()
        run_dispersions(
            t_ins, ship, st, scheme, approach, b_ship, b_st, count, 1, model,
            plan=plan, nominal_docking_utc_s=0.0, chunk=chunk,
        )  # fmt: skip
        return time.perf_counter() - t0

    t_vec = fleet(n, 500)
    t_loop = fleet(n_loop, 1) / n_loop * n
    extra: list[Row] = []
    if not quick:
        ms31 = get_validation_flight("progress-ms-31")
        iss_july = StationOrbit(ms31.load_element_sets())
        lift = ms31.liftoff_utc
        two_day = best_of(
            lambda: simulate_rendezvous(iss_july, site, "progress-ms", lift, "2-day"), repeat=1
        )
        extra.append(Row("rendezvous 2-day Progress MS-31 (one)", two_day, "s", note="34 orbits"))
    return [
        Row("rendezvous 2-orbit MS-27 (one)", one, "s", note="target < 2 s"),
        Row(
            f"dispersed rendezvous 2-orbit (N={n})",
            t_vec,
            "s",
            baseline=t_loop,
            note=f"baseline: per-ship loop ({n_loop} ships, scaled to N); target 1,000 < 120 s",
        ),
        *extra,
    ]
