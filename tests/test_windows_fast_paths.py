"""The window search's fast paths equal the slow obvious ones.

* batched station mean elements (two propagator calls for all blocks) = the one-instant formula
  applied block by block, exactly;
* the time-ordered propagation path (one SGP4 run per element set) = the scattered one, exactly;
* warm-started phasing iterations (bracket around the previous liftoff) = cold ones (the
  +-30 min bracket every time) to the root tolerance of 1 ms.
"""

from __future__ import annotations

import math
import warnings
from datetime import UTC, datetime

import numpy as np
import pytest

from crossflight.errors import StaleElementSetWarning
from crossflight.flight.orbits import StationOrbit
from crossflight.model.launchers import get_launcher, profiles_for
from crossflight.model.sites import get_site
from crossflight.physics import launch_windows
from crossflight.physics.constants import MU_EARTH_KM3_S2

# Two real ISS element sets (CelesTrak, April 2025), inline so the test owns its data.
TLE = (
    "ISS (ZARYA)\n"
    "1 25544U 98067A   25096.03700594  .00015269  00000+0  28194-3 0  9999\n"
    "2 25544  51.6369 304.3678 0004922  13.5339 346.5781 15.49280872503978\n"
    "ISS (ZARYA)\n"
    "1 25544U 98067A   25097.52056586  .00011719  00000-0  21806-3 0  9999\n"
    "2 25544  51.6365 297.0255 0004979  19.0825 341.0349 15.49320680504205\n"
)
ONE_MS = 1e-3
TWO_PI = 2.0 * math.pi


@pytest.fixture(scope="module")
def orbit() -> StationOrbit:
    return StationOrbit.from_tle(TLE)


def _station_mean_one(orbit: StationOrbit, t: float) -> tuple[float, float, float, float]:
    """The one-instant formula (three propagator calls per instant)."""
    state = orbit.state_teme
    r0, v0 = state(np.array([t]))
    a0 = 1.0 / (2.0 / np.linalg.norm(r0[0]) - float(v0[0] @ v0[0]) / MU_EARTH_KM3_S2)
    period = TWO_PI * math.sqrt(a0**3 / MU_EARTH_KM3_S2)
    r, v = state(t + np.linspace(0.0, period, 33)[:-1])
    rn = np.linalg.norm(r, axis=1)
    a = 1.0 / (2.0 / rn - np.einsum("ij,ij->i", v, v) / MU_EARTH_KM3_S2)
    h = np.cross(r, v)
    i = float(np.mean(np.arccos(h[:, 2] / np.linalg.norm(h, axis=1))))
    e = float(np.ptp(rn) / (2.0 * np.mean(a)))
    r1, v1 = state(np.array([t, t + 4.0 * period]))
    hn = np.cross(r1[0], v1[0])
    hn = hn / np.linalg.norm(hn)
    ang = math.atan2(float(np.cross(r1[0], r1[1]) @ hn), float(r1[0] @ r1[1]))
    return float(np.mean(a)), e, i, (4.0 * TWO_PI + ang) / (4.0 * period)


def test_batched_station_means_equal_the_one_instant_formula(orbit: StationOrbit) -> None:
    t = orbit.epochs_utc_s[0] + np.array([-5.0, 0.3, 1.0, 2.7, 9.0]) * 86400.0
    batched = launch_windows._station_means(orbit.state_teme, t)
    for k, tk in enumerate(t):
        assert tuple(float(x[k]) for x in batched) == _station_mean_one(orbit, float(tk))


def test_time_ordered_propagation_equals_the_scattered_one(orbit: StationOrbit) -> None:
    t = orbit.epochs_utc_s[0] + np.linspace(-2.0, 4.0, 2001) * 86400.0  # spans both sets
    order = np.random.default_rng(1).permutation(t.size)
    r, v, err = orbit.elements.state_teme(t)
    r_s, v_s, err_s = orbit.elements.state_teme(t[order])
    assert np.array_equal(r[order], r_s) and np.array_equal(v[order], v_s)
    assert np.array_equal(err[order], err_s)


def _windows(orbit: StationOrbit) -> list[launch_windows.WindowOpportunity]:
    site = get_site("baikonur-31")
    t0 = datetime(2025, 4, 1, tzinfo=UTC).timestamp()
    return launch_windows.find_windows(
        orbit.state_teme,
        math.radians(site.latitude_deg),
        math.radians(site.longitude_deg),
        site.elevation_m / 1000.0,
        get_launcher("soyuz-ms").ascent(),
        [p.profile() for p in profiles_for("soyuz-ms")],
        t0,
        t0 + 20 * 86400.0,
    )


def test_warm_started_phasing_equals_cold_to_a_millisecond(
    orbit: StationOrbit, monkeypatch: pytest.MonkeyPatch
) -> None:
    warnings.simplefilter("ignore", StaleElementSetWarning)
    warm = _windows(orbit)
    monkeypatch.setattr(launch_windows, "WARM_BRACKET_S", 0.0)  # never brackets: always cold
    cold = _windows(orbit)
    assert len(warm) == len(cold) > 15
    n_profiles = 0
    for w, c in zip(warm, cold, strict=True):
        assert w.liftoff_utc_s == c.liftoff_utc_s  # the unshifted root takes no shortcut
        assert [p.name for p in w.profiles] == [p.name for p in c.profiles]
        for pw, pc in zip(w.profiles, c.profiles, strict=True):
            assert abs(pw.liftoff_utc_s - pc.liftoff_utc_s) <= ONE_MS
            assert abs(pw.docking_utc_s - pc.docking_utc_s) <= ONE_MS
            assert pw.revolutions == pc.revolutions
            n_profiles += 1
    assert n_profiles > 15
