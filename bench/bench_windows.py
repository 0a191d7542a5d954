"""Launch-window benchmarks (issue 3).

* one year of windows from Baikonur (every profile, root-finding) vs a brute-force search that
  samples the same liftoff condition every second and keeps the sign changes (1-s resolution);
  the brute force runs over ``BRUTE_DAYS`` and is scaled to a year (it is linear in time);
* propagation throughput of ``StationOrbit.state_teme`` (nearest-epoch selection, NaN masking)
  vs raw ``sgp4`` ``SatrecArray.sgp4`` on the same instants (overhead ratio);
* pad positions in TEME for many instants: our GMST-1982 path (skyfield ``theta_GMST1982`` on
  UT1) vs building a skyfield ``Time`` array and using its TEME frame (which computes the
  IAU 2000A nutation).
"""

from __future__ import annotations

import math
import warnings
from datetime import UTC, datetime

import numpy as np
from sgp4.api import SatrecArray
from skyfield.api import load, wgs84
from skyfield.sgp4lib import TEME

from bench.row import Row, best_of
from crossflight.errors import StaleElementSetWarning
from crossflight.flight.orbits import StationOrbit
from crossflight.flight.windows import find_opportunities
from crossflight.model.launchers import get_launcher
from crossflight.model.sites import get_site
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


def _brute_force_crossings(orbit: StationOrbit, days: float) -> int:
    """Sample F(tL) every second (chunks of one day) and count sign changes."""
    site = get_site("baikonur-31")
    asc = get_launcher("soyuz-ms").ascent()
    lat, lon, elev = math.radians(site.latitude_deg), math.radians(site.longitude_deg), 0.1
    lead, dur = asc.lead_s, asc.duration_s
    t0 = START.timestamp()
    count = 0
    prev = None
    for d in range(math.ceil(days)):
        t = t0 + d * 86400.0 + np.arange(86400.0)
        r_p, v_p = site_state_teme(t, lat, lon, elev)
        r, v = orbit.state_teme(t + dur)
        h = np.cross(r, v)
        f = np.einsum("ij,ij->i", h, r_p + lead * v_p)
        s = np.sign(f)
        count += int(np.count_nonzero(s[1:] != s[:-1]))
        if prev is not None and prev != s[0]:
            count += 1
        prev = s[-1]
    return count


def rows(quick: bool) -> list[Row]:
    warnings.simplefilter("ignore", StaleElementSetWarning)
    # a speed benchmark over a year from one pair of sets: stale on purpose
    orbit = StationOrbit.from_tle(TLE, allow_stale=True)
    site = get_site("baikonur-31")
    out: list[Row] = []

    year_s = best_of(lambda: find_opportunities(orbit, site, "soyuz-ms", START, 365.0), 3)
    n_opp = len(find_opportunities(orbit, site, "soyuz-ms", START, 365.0))
    brute_days = 2.0 if quick else 10.0
    brute_s = best_of(lambda: _brute_force_crossings(orbit, brute_days), 1) * 365.0 / brute_days
    out.append(
        Row(
            "windows: 1 year from baikonur-31, soyuz-ms (all profiles)",
            year_s,
            "s",
            baseline=brute_s,
            note=f"{n_opp} opportunities; baseline = 1-s sampling of the liftoff condition "
            f"over {brute_days:g} d x {365 / brute_days:.1f} (linear)",
        )
    )

    n = 200_000 if quick else 2_000_000
    t = orbit.epochs_utc_s[0] + np.linspace(-3 * 86400.0, 3 * 86400.0, n)
    jd, fr = jd_utc_split(t)
    raw = SatrecArray([orbit.element_sets[0].satrec])
    raw_s = best_of(lambda: raw.sgp4(jd, fr), 3)
    ours_s = best_of(lambda: orbit.state_teme(t), 3)
    out.append(
        Row(
            f"propagation: StationOrbit.state_teme, {n:,} instants",
            ours_s,
            "s",
            baseline=raw_s,
            note=f"baseline = raw sgp4 SatrecArray.sgp4 on the same instants; overhead "
            f"{ours_s / raw_s:.2f}x (nearest-epoch selection over 2 sets, NaN masking); "
            f"{n / ours_s / 1e6:.2f} M states/s",
        )
    )

    m = 20_000 if quick else 100_000
    tt = START.timestamp() + np.linspace(0.0, 86400.0, m)
    lat, lon = math.radians(site.latitude_deg), math.radians(site.longitude_deg)
    ts = load.timescale()
    pad = wgs84.latlon(site.latitude_deg, site.longitude_deg, elevation_m=site.elevation_m)

    def skyfield_path() -> object:
        days = np.floor(tt / 86400.0)
        times = ts.utc(1970, 1, 1 + days.astype(int), 0, 0, tt - days * 86400.0)
        return pad.at(times).frame_xyz_and_velocity(TEME)

    sky_s = best_of(skyfield_path, 1)
    ours_pad_s = best_of(lambda: site_state_teme(tt, lat, lon, site.elevation_m / 1e3), 3)
    out.append(
        Row(
            f"pad TEME state, {m:,} instants (GMST-1982 on UT1)",
            ours_pad_s,
            "s",
            baseline=sky_s,
            note="baseline = new skyfield Time array + TEME frame (IAU 2000A nutation)",
        )
    )
    return out
