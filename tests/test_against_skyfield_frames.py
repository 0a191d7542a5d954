"""Frames of the window search agree with skyfield's own TEME/ITRS/WGS-84 implementation."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import numpy as np
from skyfield.api import load, wgs84
from skyfield.sgp4lib import TEME

from crossflight.physics.propagation import (
    geodetic_of_teme,
    site_state_teme,
    teme_to_itrs,
    ut1_minus_utc_s,
)
from tolerances import (
    ONE_CENTIMETER_KM,
    ONE_CENTIMETER_ON_THE_GROUND_DEG,
    ONE_MICROMETER_PER_S_KM_S,
    ONE_MILLIMETER_KM,
    ONE_TENTH_MILLIMETER_PER_S_KM_S,
    TWO_MILLISECONDS_S,
)

T = np.array(
    [datetime(2025, 4, 8, 5, 47, 15, tzinfo=UTC).timestamp() + k * 7777.0 for k in range(6)]
)
LAT, LON, ELEV_M = 45.996, 63.564, 100.0


def test_pad_state_matches_skyfield_teme_frame_to_a_millimetre() -> None:
    ts = load.timescale()
    times = ts.utc(2025, 4, 8, 5, 47, 15 + 7777.0 * np.arange(6))
    pos = wgs84.latlon(LAT, LON, elevation_m=ELEV_M).at(times)
    r_ref, v_ref = pos.frame_xyz_and_velocity(TEME)
    r, v = site_state_teme(T, math.radians(LAT), math.radians(LON), ELEV_M / 1e3)
    assert np.max(np.abs(r - r_ref.km.T)) < ONE_MILLIMETER_KM
    assert np.max(np.abs(v - v_ref.km_per_s.T)) < ONE_TENTH_MILLIMETER_PER_S_KM_S


def test_geodetic_round_trip_through_skyfield() -> None:
    r, v = site_state_teme(T, math.radians(LAT), math.radians(LON), ELEV_M / 1e3)
    lat, lon, h = geodetic_of_teme(T, r)
    np.testing.assert_allclose(np.degrees(lat), LAT, atol=ONE_CENTIMETER_ON_THE_GROUND_DEG)
    np.testing.assert_allclose(np.degrees(lon), LON, atol=ONE_CENTIMETER_ON_THE_GROUND_DEG)
    np.testing.assert_allclose(h, ELEV_M / 1e3, atol=ONE_CENTIMETER_KM)
    r_itrs, v_itrs = teme_to_itrs(T, r, v)
    assert np.max(np.ptp(r_itrs, axis=0)) < ONE_MILLIMETER_KM  # fixed on the Earth
    assert np.max(np.abs(v_itrs)) < ONE_MICROMETER_PER_S_KM_S


def test_ut1_offset_is_skyfields() -> None:
    ts = load.timescale()
    dut1 = float(ts.utc(2025, 4, 8).dut1)
    assert (
        abs(float(ut1_minus_utc_s(np.array([T[0] - 5 * 3600 - 47 * 60 - 15]))[0]) - dut1)
        < TWO_MILLISECONDS_S
    )
