"""Launch-window benchmarks: one year of windows against a fair hand-written search.

* ``windows: 1 year``: ``find_opportunities`` (in-plane roots, the pad's plane crossing, every
  profile's phasing and shifted-plane liftoff, azimuth and yaw, typed records) from Baikonur
  for Soyuz MS.  Baseline: what a competent user would write for the in-plane liftoff times
  alone -- raw ``sgp4.api.SatrecArray`` (both element sets, nearest epoch per instant) on the
  same 15-minute grid, sign changes, vectorised regula falsi to 1 ms, ascending passes only --
  whose roots are checked equal to ours (to 1 ms) in this run.  Target: ratio >= 1/1.5.
* ``propagation``: ``StationOrbit.state_teme`` (nearest-epoch selection, NaN masking) against
  raw ``SatrecArray.sgp4`` of one element set on the same instants (the overhead ratio).

Medians of 3 runs, all in this run.  (The pad-position row of earlier versions compared our
GMST-1982 pad state with skyfield's heavier IAU-2000A TEME path -- a different computation,
not a speed-up -- and is gone.)
"""

from __future__ import annotations

import math
import warnings
from datetime import UTC, datetime
from functools import partial

import numpy as np
from numpy.typing import NDArray
from sgp4.api import SatrecArray

from bench.row import Row, median_of
from crossflight.errors import StaleElementSetWarning
from crossflight.flight.orbits import StationOrbit
from crossflight.flight.windows import find_opportunities
from crossflight.model.launchers import get_launcher, profiles_for
from crossflight.model.sites import get_site
from crossflight.physics.launch_windows import GRID_STEP_S, find_windows
from crossflight.physics.propagation import jd_utc_split, site_state_teme

TLE = (
    "ISS (ZARYA)\n"
    "1 25544U 98067A   25096.03700594  .00015269  00000+0  28194-3 0  9999\n"
    "2 25544  51.6369 304.3678 0004922  13.5339 346.5781 15.49280872503978\n"
    "ISS (ZARYA)\n"
    "1 25544U 98067A   25097.52056586  .00011719  00000-0  21806-3 0  9999\n"
    "2 25544  51.6365 297.0255 0004979  19.0825 341.0349 15.49320680504205\n"
)
START = datetime(2025, 1, 1, tzinfo=UTC)
SITE, VEHICLE = "baikonur-31", "soyuz-ms"
ONE_MS = 1e-3

FloatArray = NDArray[np.float64]


class _HandWritten:
    """The fair baseline: raw SGP4 + the pad's TEME state, F(tL) on a grid, regula falsi."""

    def __init__(self, orbit: StationOrbit) -> None:
        site = get_site(SITE)
        asc = get_launcher(VEHICLE).ascent()
        self.lat, self.lon = math.radians(site.latitude_deg), math.radians(site.longitude_deg)
        self.elev_km = site.elevation_m / 1000.0
        self.lead_s, self.dur_s = asc.lead_s, asc.duration_s
        self.sats = SatrecArray([e.satrec for e in orbit.element_sets])
        epochs = orbit.epochs_utc_s
        self.mids = 0.5 * (epochs[1:] + epochs[:-1])

    def station(self, t: FloatArray) -> tuple[FloatArray, FloatArray]:
        jd, fr = jd_utc_split(t)
        _, r, v = self.sats.sgp4(jd, fr)  # every set at every instant, then the nearest one
        pick = np.searchsorted(self.mids, t)
        cols = np.arange(t.size)
        return r[pick, cols], v[pick, cols]

    def liftoff(self, t: FloatArray) -> FloatArray:
        r_p, v_p = site_state_teme(t, self.lat, self.lon, self.elev_km)
        r, v = self.station(t + self.dur_s)
        h = np.cross(r, v)
        h /= np.linalg.norm(h, axis=1, keepdims=True)
        return np.asarray(np.einsum("ij,ij->i", h, r_p + self.lead_s * v_p), dtype=float)

    def roots(self, t0: float, t1: float) -> FloatArray:
        grid = np.arange(t0 - GRID_STEP_S, t1 + GRID_STEP_S, GRID_STEP_S)
        f = self.liftoff(grid)
        k = np.flatnonzero(np.sign(f[:-1]) != np.sign(f[1:]))
        a, b, fa, fb = grid[k], grid[k + 1], f[k], f[k + 1]
        x = b.copy()
        for _ in range(60):  # regula falsi, Illinois-damped, all brackets at once
            c = b - fb * (b - a) / (fb - fa)
            fc = self.liftoff(c)
            flip = np.sign(fc) != np.sign(fb)
            a, fa = np.where(flip, b, a), np.where(flip, fb, 0.5 * fa)
            done = np.abs(c - x) < ONE_MS
            b, fb, x = c, fc, c
            if np.all(done):
                break
        r_p, _ = site_state_teme(x, self.lat, self.lon, self.elev_km)
        r, v = self.station(x + self.dur_s)
        ascending = np.cross(np.cross(r, v), r_p)[:, 2] > 0.0
        keep = ascending & (x >= t0) & (x < t1)
        return np.asarray(x[keep], dtype=float)


def _our_roots(orbit: StationOrbit, t0: float, t1: float) -> FloatArray:
    site = get_site(SITE)
    raw = find_windows(
        orbit.state_teme,
        math.radians(site.latitude_deg),
        math.radians(site.longitude_deg),
        site.elevation_m / 1000.0,
        get_launcher(VEHICLE).ascent(),
        [p.profile() for p in profiles_for(VEHICLE)],
        t0,
        t1,
        directions=site.directions,
    )
    return np.array([w.liftoff_utc_s for w in raw])


def rows(quick: bool) -> list[Row]:
    warnings.simplefilter("ignore", StaleElementSetWarning)
    # a speed benchmark over a year from one pair of sets: stale on purpose
    orbit = StationOrbit.from_tle(TLE, allow_stale=True)
    site = get_site(SITE)
    days = 60.0 if quick else 365.0
    t0 = START.timestamp()
    t1 = t0 + days * 86400.0
    hand = _HandWritten(orbit)
    theirs, ours = hand.roots(t0, t1), _our_roots(orbit, t0, t1)
    same = theirs.size == ours.size and bool(np.all(np.abs(theirs - ours) <= ONE_MS))
    diff_ms = 1e3 * float(np.max(np.abs(theirs - ours))) if theirs.size == ours.size else math.inf
    ours_s = median_of(partial(find_opportunities, orbit, site, VEHICLE, START, days))
    base_s = median_of(partial(hand.roots, t0, t1))
    n_opp = len(find_opportunities(orbit, site, VEHICLE, START, days))
    out = [
        Row(
            f"windows: {days:g} d from {SITE}, {VEHICLE} (all profiles)",
            ours_s,
            "s",
            baseline=base_s,
            note=f"{n_opp} opportunities; baseline = raw SatrecArray on the 15-min grid + "
            f"vectorised regula falsi to 1 ms (in-plane roots only); roots "
            f"{'equal' if same else 'DIFFER'} (max {diff_ms:.3f} ms); target ratio >= 0.67",
        )
    ]
    n = 200_000 if quick else 2_000_000
    t = orbit.epochs_utc_s[0] + np.linspace(-3 * 86400.0, 3 * 86400.0, n)
    jd, fr = jd_utc_split(t)
    raw = SatrecArray([orbit.element_sets[0].satrec])
    raw_s = median_of(partial(raw.sgp4, jd, fr))
    state_s = median_of(partial(orbit.state_teme, t))
    out.append(
        Row(
            f"propagation: StationOrbit.state_teme, {n:,} instants",
            state_s,
            "s",
            baseline=raw_s,
            note=f"baseline = raw sgp4 SatrecArray.sgp4 of one set on the same instants "
            f"(ours: nearest of 2 sets, NaN masking); {n / state_s / 1e6:.2f} M states/s",
        )
    )
    return out
