"""Vectorised SGP4 propagation and Earth-rotation frames (TEME <-> ITRS) for the numeric core.

* Station states come from the ``sgp4`` library's array API (:class:`sgp4.api.SatrecArray`), one
  call per element set over all the instants that set is nearest to: no per-sample Python loop.
* The TEME frame of SGP4 differs from the Earth-fixed frame by a rotation about the true pole by
  the GMST-1982 angle (AIAA 2006-6753 appendix C); the angle is skyfield's
  :func:`skyfield.sgp4lib.theta_GMST1982` evaluated on UT1, polar motion neglected (< 15 m).
* UT1 - UTC comes from skyfield's builtin timescale (IERS data shipped with skyfield).  Building
  a skyfield ``Time`` array per evaluation would recompute precession/nutation we do not need, so
  UT1 - UTC is sampled once per day on a grid and interpolated (it changes < 2 ms/day).
* Site positions: skyfield's WGS-84 geodetic model (``wgs84.latlon(...).itrs_xyz``).

All times are POSIX UTC seconds (``t_utc_s``), positions km, velocities km/s.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray
from sgp4.api import Satrec, SatrecArray
from skyfield.api import load, wgs84
from skyfield.positionlib import Geocentric
from skyfield.sgp4lib import TEME, theta_GMST1982

from crossflight.physics.constants import DAY_S, UNIX_EPOCH_JD

__all__ = [
    "SGP4_ERRORS",
    "ElementSetArray",
    "geodetic_of_teme",
    "itrs_to_teme",
    "jd_utc_split",
    "site_itrs_km",
    "site_state_teme",
    "teme_to_gcrs",
    "teme_to_itrs",
    "ut1_minus_utc_s",
]

FloatArray = NDArray[np.float64]

#: SGP4 error codes (Vallado's sgp4 ``error`` values) in words.
SGP4_ERRORS: dict[int, str] = {
    1: "mean eccentricity outside 0 <= e < 1 (the element set has decayed or is corrupt)",
    2: "mean motion below zero",
    3: "perturbed eccentricity outside 0 <= e <= 1",
    4: "semi-latus rectum below zero",
    5: "epoch elements are sub-orbital (legacy code, unused)",
    6: "satellite has decayed (radius below Earth's surface)",
}


def jd_utc_split(t_utc_s: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Whole and fractional Julian date (UTC) of POSIX seconds, as ``sgp4`` expects them."""
    days = np.floor(t_utc_s / DAY_S)
    return UNIX_EPOCH_JD + days, (t_utc_s - days * DAY_S) / DAY_S


class ElementSetArray:
    """Several element sets of one object; each instant uses the set nearest to it in epoch.

    ``satrecs`` are initialised :class:`sgp4.api.Satrec` objects, ``epochs_utc_s`` their epochs.
    """

    def __init__(self, satrecs: Sequence[Satrec], epochs_utc_s: Sequence[float]) -> None:
        if not satrecs:
            raise ValueError("at least one element set is needed")
        order = np.argsort(np.asarray(epochs_utc_s, dtype=float))
        self.satrecs: list[Satrec] = [satrecs[i] for i in order]
        self.epochs_utc_s: FloatArray = np.asarray(epochs_utc_s, dtype=float)[order]
        self._arrays = [SatrecArray([s]) for s in self.satrecs]
        mids = 0.5 * (self.epochs_utc_s[1:] + self.epochs_utc_s[:-1])
        self._boundaries: FloatArray = mids

    def nearest_index(self, t_utc_s: FloatArray) -> NDArray[np.intp]:
        """Index of the element set nearest in epoch to each instant."""
        return np.searchsorted(self._boundaries, np.asarray(t_utc_s, dtype=float)).astype(np.intp)

    def state_teme(self, t_utc_s: FloatArray) -> tuple[FloatArray, FloatArray, NDArray[np.int32]]:
        """(N,3) position km, (N,3) velocity km/s in TEME and (N,) SGP4 error codes.

        Rows with a non-zero error code are NaN.
        """
        t = np.atleast_1d(np.asarray(t_utc_s, dtype=float))
        idx = self.nearest_index(t)
        if t.size and np.all(idx[1:] >= idx[:-1]):  # instants in time order: one run per set
            cuts = np.searchsorted(idx, np.arange(1, len(self._arrays)))
            parts = [
                self._arrays[int(idx[lo])].sgp4(*jd_utc_split(t[lo:hi]))
                for lo, hi in itertools.pairwise([0, *cuts.tolist(), t.size])
                if hi > lo
            ]
            err1 = np.concatenate([p[0][0] for p in parts]).astype(np.int32)
            r1 = np.concatenate([p[1][0] for p in parts])
            v1 = np.concatenate([p[2][0] for p in parts])
            if np.any(err1):
                r1[err1 != 0] = np.nan
                v1[err1 != 0] = np.nan
            return r1, v1, err1
        r = np.full((t.size, 3), np.nan)
        v = np.full((t.size, 3), np.nan)
        err = np.zeros(t.size, dtype=np.int32)
        for k in np.unique(idx):
            sel = np.flatnonzero(idx == k)
            jd, fr = jd_utc_split(t[sel])
            e, rk, vk = self._arrays[int(k)].sgp4(jd, fr)
            r[sel] = rk[0]
            v[sel] = vk[0]
            err[sel] = e[0]
        bad = err != 0
        r[bad] = np.nan
        v[bad] = np.nan
        return r, v, err


@lru_cache(maxsize=64)
def _dut1_grid(day0: int, day1: int) -> tuple[FloatArray, FloatArray]:
    ts = load.timescale()
    days = np.arange(day0, day1 + 1, dtype=float)
    t = ts.ut1_jd(UNIX_EPOCH_JD + days)  # the grid itself is irrelevant to 1 ms
    return days * DAY_S, np.asarray(t.dut1, dtype=float)


def ut1_minus_utc_s(t_utc_s: FloatArray) -> FloatArray:
    """UT1 - UTC in seconds from skyfield's builtin IERS table, interpolated daily."""
    t = np.asarray(t_utc_s, dtype=float)
    lo = int(np.floor(np.min(t) / DAY_S)) - 1
    hi = int(np.ceil(np.max(t) / DAY_S)) + 1
    # cache on month-aligned spans so repeated scalar calls reuse one grid
    lo -= lo % 32
    hi += 32 - hi % 32
    grid_t, grid_dut1 = _dut1_grid(lo, hi)
    return np.asarray(np.interp(t, grid_t, grid_dut1), dtype=float)


def _gmst82(t_utc_s: FloatArray) -> tuple[FloatArray, FloatArray]:
    """GMST-1982 angle (rad) and its rate (rad/s) at POSIX UTC seconds."""
    t = np.asarray(t_utc_s, dtype=float)
    t_ut1 = t + ut1_minus_utc_s(t)
    days = np.floor(t_ut1 / DAY_S)
    theta, theta_dot_per_day = theta_GMST1982(UNIX_EPOCH_JD + days, (t_ut1 - days * DAY_S) / DAY_S)
    return np.asarray(theta, dtype=float), np.asarray(theta_dot_per_day, dtype=float) / DAY_S


def itrs_to_teme(
    t_utc_s: FloatArray, r_itrs_km: FloatArray, v_itrs_km_s: FloatArray | None = None
) -> tuple[FloatArray, FloatArray]:
    """Rotate Earth-fixed (ITRS, polar motion neglected) states into TEME.

    ``r_itrs_km`` is (3,) or (N,3); returns (N,3) position km and inertial velocity km/s.
    """
    t = np.atleast_1d(np.asarray(t_utc_s, dtype=float))
    theta, theta_dot = _gmst82(t)
    r = np.broadcast_to(np.asarray(r_itrs_km, dtype=float), (t.size, 3))
    v = (
        np.zeros_like(r)
        if v_itrs_km_s is None
        else np.broadcast_to(np.asarray(v_itrs_km_s, dtype=float), (t.size, 3))
    )
    c, s = np.cos(theta), np.sin(theta)
    x = c * r[:, 0] - s * r[:, 1]
    y = s * r[:, 0] + c * r[:, 1]
    r_teme = np.stack([x, y, r[:, 2]], axis=1)
    vx = c * v[:, 0] - s * v[:, 1] - theta_dot * y
    vy = s * v[:, 0] + c * v[:, 1] + theta_dot * x
    v_teme = np.stack([vx, vy, v[:, 2]], axis=1)
    return r_teme, v_teme


def teme_to_itrs(
    t_utc_s: FloatArray, r_teme_km: FloatArray, v_teme_km_s: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Rotate TEME states (N,3) into the Earth-fixed frame (ITRS, polar motion neglected)."""
    t = np.atleast_1d(np.asarray(t_utc_s, dtype=float))
    theta, theta_dot = _gmst82(t)
    r = np.asarray(r_teme_km, dtype=float).reshape(-1, 3)
    v = np.asarray(v_teme_km_s, dtype=float).reshape(-1, 3)
    c, s = np.cos(theta), np.sin(theta)
    x = c * r[:, 0] + s * r[:, 1]
    y = -s * r[:, 0] + c * r[:, 1]
    vx = c * v[:, 0] + s * v[:, 1] + theta_dot * y
    vy = -s * v[:, 0] + c * v[:, 1] - theta_dot * x
    return np.stack([x, y, r[:, 2]], axis=1), np.stack([vx, vy, v[:, 2]], axis=1)


@lru_cache(maxsize=256)
def _site_itrs(lat_deg: float, lon_deg: float, elevation_m: float) -> tuple[float, float, float]:
    xyz = wgs84.latlon(lat_deg, lon_deg, elevation_m=elevation_m).itrs_xyz.km
    return float(xyz[0]), float(xyz[1]), float(xyz[2])


def site_itrs_km(lat_rad: float, lon_rad: float, elevation_km: float = 0.0) -> FloatArray:
    """(3,) Earth-fixed position of a WGS-84 geodetic site, km (skyfield's geodetic model)."""
    return np.array(
        _site_itrs(
            round(float(np.degrees(lat_rad)), 9),
            round(float(np.degrees(lon_rad)), 9),
            round(elevation_km * 1e3, 3),
        )
    )


def site_state_teme(
    t_utc_s: FloatArray, lat_rad: float, lon_rad: float, elevation_km: float = 0.0
) -> tuple[FloatArray, FloatArray]:
    """(N,3) TEME position km and inertial velocity km/s of a site fixed on the Earth."""
    return itrs_to_teme(t_utc_s, site_itrs_km(lat_rad, lon_rad, elevation_km))


def _skyfield_time(t_utc_s: FloatArray) -> object:
    """skyfield ``Time`` of POSIX seconds: whole days + seconds of day, so that POSIX time
    (which ignores leap seconds) is not read as elapsed SI seconds since 1970."""
    ts = load.timescale()
    t = np.atleast_1d(np.asarray(t_utc_s, dtype=float))
    days = np.floor(t / DAY_S)
    return ts.utc(1970, 1, 1 + days.astype(int), 0, 0, t - days * DAY_S)


def teme_to_gcrs(t_utc_s: FloatArray, r_teme_km: FloatArray) -> FloatArray:
    """(N,3) TEME positions to GCRS (km) with skyfield's full TEME frame.

    Builds one skyfield ``Time`` array (IAU 2000A nutation, ~25k instants/s): use it for
    output and checks, not inside root-finding loops.
    """
    t = _skyfield_time(t_utc_s)
    rot = TEME.rotation_at(t)  # GCRS -> TEME, shape (3, 3, N)
    r = np.asarray(r_teme_km, dtype=float).reshape(-1, 3)
    return np.asarray(np.einsum("jin,nj->ni", rot, r), dtype=float)


def geodetic_of_teme(
    t_utc_s: FloatArray, r_teme_km: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """WGS-84 geodetic latitude (rad), east longitude (rad) and height (km) of TEME positions,
    through skyfield (GCRS -> ITRS with nutation and UT1, then its WGS-84 geoid)."""
    t = _skyfield_time(t_utc_s)
    gcrs_km = teme_to_gcrs(t_utc_s, r_teme_km)
    au_km = 149597870.700
    pos = Geocentric(gcrs_km.T / au_km, t=t)
    lat, lon = wgs84.latlon_of(pos)
    height = wgs84.height_of(pos)
    return (
        np.asarray(lat.radians, dtype=float),
        np.asarray(lon.radians, dtype=float),
        np.asarray(height.km, dtype=float),
    )
