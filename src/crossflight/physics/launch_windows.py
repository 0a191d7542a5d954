"""In-plane launch windows by bracketing and root-finding (vectorised over all opportunities).

The liftoff condition of :mod:`crossflight.physics.ascent` is a smooth scalar function of the
liftoff time ``tL`` (POSIX UTC s)::

    F(tL) = h_T(tL + T) . (r_pad(tL) + tau * v_pad(tL))        [km]

with ``h_T`` the unit normal of the target plane at insertion (the station's plane, rotated
east about the pole by the profile's plane shift), ``r_pad``/``v_pad`` the pad's TEME position
and inertial velocity, ``T`` the ascent duration and ``tau`` the yaw-steering lead.  ``F`` is
close to a sinusoid of one sidereal day, so sampling every 15 min brackets every root; each
bracket is then refined by the Illinois (modified regula-falsi) method to 1 ms, all brackets
at once in NumPy arrays.  The pad's own plane crossing (``tau = 0``, ``T = 0``) is found the same
way.  Direction: ascending when the station's ground track runs north over the pad.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from crossflight.physics.ascent import Ascent, launch_azimuth_rad
from crossflight.physics.constants import MU_EARTH_KM3_S2
from crossflight.physics.phase_windows import (
    Profile,
    docking_time_utc_s,
    feasible_gain,
    gain_window,
    nodal_rate_rad_s,
    plane_shift_rad,
)
from crossflight.physics.propagation import site_state_teme

__all__ = [
    "GRID_STEP_S",
    "ProfileWindow",
    "StateFn",
    "WindowOpportunity",
    "find_windows",
    "phase_at_insertion_rad",
    "solve_brackets",
]

FloatArray = NDArray[np.float64]
StateFn = Callable[[FloatArray], tuple[FloatArray, FloatArray]]
GRID_STEP_S = 900.0
#: Opportunities are grouped in blocks of this many days sharing one station mean orbit.
MEAN_BLOCK_DAYS = 5.0
TWO_PI = 2.0 * math.pi


@dataclass(frozen=True)
class ProfileWindow:
    """One feasible profile of an opportunity; times POSIX UTC s, angles rad, TEME normal."""

    name: str
    liftoff_utc_s: float
    insertion_utc_s: float
    docking_utc_s: float
    phase_rad: float
    gain_rad: float
    revolutions: int
    plane_shift_rad: float
    plane_normal_teme: tuple[float, float, float]
    azimuth_rad: float = math.nan
    yaw_rad: float = math.nan


@dataclass(frozen=True)
class WindowOpportunity:
    """One in-plane opportunity: the pad's plane crossing and every feasible profile.

    ``liftoff_utc_s``/``insertion_utc_s``/``phase_rad`` are those of the unshifted plane
    (profile-independent reference); each profile carries its own.
    """

    direction: str
    in_plane_utc_s: float
    liftoff_utc_s: float
    insertion_utc_s: float
    phase_rad: float
    profiles: tuple[ProfileWindow, ...]


def solve_brackets(
    f: Callable[[FloatArray, NDArray[np.intp]], FloatArray],
    a: FloatArray,
    b: FloatArray,
    *,
    xtol: float = 1e-3,
    maxiter: int = 60,
) -> FloatArray:
    """Roots of ``f`` in every bracket ``[a_i, b_i]`` (sign change required), vectorised.

    Illinois method: regula falsi whose retained end's value is halved when it is kept twice,
    which makes convergence superlinear.  ``f(x, idx)`` is evaluated on the still-active
    brackets only; ``idx`` tells it which brackets the entries of ``x`` belong to.
    """
    a = np.array(a, dtype=float)
    b = np.array(b, dtype=float)
    everyone = np.arange(a.size)
    fa, fb = f(a, everyone), f(b, everyone)
    if np.any(np.sign(fa) == np.sign(fb)):
        raise ValueError("every bracket needs a sign change")
    x = b.copy()
    active = np.ones(a.size, dtype=bool)
    for _ in range(maxiter):
        idx = np.flatnonzero(active)
        if idx.size == 0:
            break
        ai, bi, fai, fbi = a[idx], b[idx], fa[idx], fb[idx]
        c = bi - fbi * (bi - ai) / (fbi - fai)
        fc = f(c, idx)
        flip = np.sign(fc) != np.sign(fbi)
        new_a = np.where(flip, bi, ai)
        new_fa = np.where(flip, fbi, 0.5 * fai)
        done = (np.abs(c - x[idx]) < xtol) | (fc == 0.0) | (np.abs(bi - ai) < xtol)
        a[idx], fa[idx], b[idx], fb[idx], x[idx] = new_a, new_fa, c, fc, c
        active[idx[done]] = False
    return x


def _unit(x: FloatArray) -> FloatArray:
    return np.asarray(x / np.linalg.norm(x, axis=-1, keepdims=True), dtype=float)


def _rot_z(v: FloatArray, angle: FloatArray) -> FloatArray:
    c, s = np.cos(angle), np.sin(angle)
    return np.stack([c * v[:, 0] - s * v[:, 1], s * v[:, 0] + c * v[:, 1], v[:, 2]], axis=1)


class _Geometry:
    def __init__(
        self, state_fn: StateFn, lat_rad: float, lon_rad: float, elev_km: float, ascent: Ascent
    ) -> None:
        self.state_fn = state_fn
        self.site = (lat_rad, lon_rad, elev_km)
        self.ascent = ascent
        self.lead_s = ascent.lead_s
        self.duration_s = ascent.duration_s

    def pad(self, t: FloatArray) -> tuple[FloatArray, FloatArray]:
        return site_state_teme(t, *self.site)

    def normal(self, t: FloatArray) -> FloatArray:
        r, v = self.state_fn(t)
        return _unit(np.cross(r, v))

    def liftoff_fn(
        self, shift_rad: FloatArray | float
    ) -> Callable[[FloatArray, NDArray[np.intp]], FloatArray]:
        """F(tL) for brackets whose target planes are shifted by ``shift_rad`` (per bracket)."""
        shift = np.atleast_1d(np.asarray(shift_rad, dtype=float))

        def f(t: FloatArray, idx: NDArray[np.intp]) -> FloatArray:
            r_p, v_p = self.pad(t)
            s = shift if shift.size == 1 else shift[idx]
            h = _rot_z(self.normal(t + self.duration_s), np.broadcast_to(s, t.shape))
            return np.asarray(np.einsum("ij,ij->i", h, r_p + self.lead_s * v_p), dtype=float)

        return f

    def crossing_fn(self, t: FloatArray, idx: NDArray[np.intp] | None = None) -> FloatArray:
        """The pad's signed distance (km) from the station's plane."""
        r_p, _ = self.pad(t)
        return np.asarray(np.einsum("ij,ij->i", self.normal(t), r_p), dtype=float)

    def phase(self, t_liftoff: FloatArray, shift_rad: FloatArray) -> FloatArray:
        """Station lead over the ship at insertion (rad, [0, 2 pi)), in the target plane."""
        t_ins = t_liftoff + self.duration_s
        r_p, _ = self.pad(t_liftoff)
        r_s, v_s = self.state_fn(t_ins)
        h_s = _unit(np.cross(r_s, v_s))
        h = _rot_z(h_s, np.broadcast_to(shift_rad, t_liftoff.shape))
        p = _unit(r_p - np.einsum("ij,ij->i", r_p, h)[:, None] * h)
        q = np.cross(h, p)
        phi = math.radians(self.ascent.range_angle_deg)
        u_ship = math.cos(phi) * p + math.sin(phi) * q
        s_hat = _unit(r_s - np.einsum("ij,ij->i", r_s, h_s)[:, None] * h_s)
        sin_t = np.einsum("ij,ij->i", np.cross(u_ship, s_hat), h)
        cos_t = np.einsum("ij,ij->i", u_ship, s_hat)
        return np.asarray(np.mod(np.arctan2(sin_t, cos_t), TWO_PI), dtype=float)


def phase_at_insertion_rad(
    state_fn: StateFn,
    t_liftoff_utc_s: FloatArray,
    lat_rad: float,
    lon_rad: float,
    elevation_km: float,
    ascent: Ascent,
    plane_shift_rad: FloatArray | float = 0.0,
) -> FloatArray:
    """Station lead over the ship at insertion (rad in [0, 2 pi)) for liftoffs at
    ``t_liftoff_utc_s``: argument-of-latitude difference in the target plane (the station's
    plane shifted east by ``plane_shift_rad``), ship ``range_angle_deg`` downrange of the pad."""
    geo = _Geometry(state_fn, lat_rad, lon_rad, elevation_km, ascent)
    t = np.atleast_1d(np.asarray(t_liftoff_utc_s, dtype=float))
    shift = np.broadcast_to(np.asarray(plane_shift_rad, dtype=float), t.shape)
    return geo.phase(t, np.array(shift))


def _station_mean(state_fn: StateFn, t: float) -> tuple[float, float, float, float]:
    """Mean semi-major axis (km), eccentricity, inclination (rad) and argument-of-latitude
    rate (rad/s) of the station around ``t``, averaged over one revolution of samples."""
    r0, v0 = state_fn(np.array([t]))
    a0 = 1.0 / (2.0 / np.linalg.norm(r0[0]) - float(v0[0] @ v0[0]) / MU_EARTH_KM3_S2)
    period = TWO_PI * math.sqrt(a0**3 / MU_EARTH_KM3_S2)
    ts = t + np.linspace(0.0, period, 33)[:-1]
    r, v = state_fn(ts)
    rn = np.linalg.norm(r, axis=1)
    a = 1.0 / (2.0 / rn - np.einsum("ij,ij->i", v, v) / MU_EARTH_KM3_S2)
    h = np.cross(r, v)
    i = float(np.mean(np.arccos(h[:, 2] / np.linalg.norm(h, axis=1))))
    e = float(np.ptp(rn) / (2.0 * np.mean(a)))
    # mean rate of the argument of latitude over several revolutions
    span = 4.0 * period
    r1, v1 = state_fn(np.array([t, t + span]))
    hn = _unit(np.cross(r1[0], v1[0])[None, :])[0]
    ang = math.atan2(float(np.cross(r1[0], r1[1]) @ hn), float(r1[0] @ r1[1]))
    n_u = (4.0 * TWO_PI + ang) / span
    return float(np.mean(a)), e, i, n_u


def find_windows(
    state_fn: StateFn,
    lat_rad: float,
    lon_rad: float,
    elevation_km: float,
    ascent: Ascent,
    profiles: Sequence[Profile],
    t_start_utc_s: float,
    t_end_utc_s: float,
    *,
    directions: Sequence[str] = ("ascending",),
    iterations: int = 3,
) -> list[WindowOpportunity]:
    """Every in-plane opportunity with liftoff in [start, end), sorted, each with its profiles.

    ``state_fn(t_utc_s) -> (r_km (N,3), v_km_s (N,3))`` gives the station in TEME.
    """
    geo = _Geometry(state_fn, lat_rad, lon_rad, elevation_km, ascent)
    pad_margin = GRID_STEP_S
    grid = np.arange(t_start_utc_s - pad_margin, t_end_utc_s + pad_margin, GRID_STEP_S)
    f0 = geo.liftoff_fn(0.0)
    fg = f0(grid, np.arange(grid.size))
    k = np.flatnonzero(np.sign(fg[:-1]) != np.sign(fg[1:]))
    if k.size == 0:
        return []
    t_base = solve_brackets(f0, grid[k], grid[k + 1])
    # a sample exactly on a root opens two brackets sharing it: keep one
    t_base = t_base[np.concatenate(([True], np.diff(t_base) > 60.0))]
    r_p, _ = geo.pad(t_base)
    h = geo.normal(t_base + geo.duration_s)
    ascending = np.cross(h, r_p)[:, 2] > 0.0
    keep = np.where(ascending, "ascending" in directions, "descending" in directions)
    keep &= (t_base >= t_start_utc_s) & (t_base < t_end_utc_s)
    t_base, ascending = t_base[keep], ascending[keep]
    if t_base.size == 0:
        return []
    t_cross = solve_brackets(geo.crossing_fn, t_base - 1800.0, t_base + 2400.0)
    phase0 = geo.phase(t_base, np.zeros(t_base.size))

    # station mean orbit per block of MEAN_BLOCK_DAYS (reboosts and decay change it slowly)
    block = np.floor((t_base - t_base[0]) / (MEAN_BLOCK_DAYS * 86400.0)).astype(int)
    a_s = np.empty(t_base.size)
    n_u = np.empty(t_base.size)
    node_rate = np.empty(t_base.size)
    for b in np.unique(block):
        sel = block == b
        a_b, e_b, i_b, n_b = _station_mean(state_fn, float(np.median(t_base[sel])))
        a_s[sel], n_u[sel], node_rate[sel] = a_b, n_b, nodal_rate_rad_s(a_b, e_b, i_b)
    per_profile = [
        _solve_profile(geo, prof, t_base, phase0, a_s, n_u, node_rate, iterations)
        for prof in profiles
    ]
    out: list[WindowOpportunity] = []
    for j in range(t_base.size):
        found = [w for w in (p[j] for p in per_profile) if w is not None]
        out.append(
            WindowOpportunity(
                direction="ascending" if ascending[j] else "descending",
                in_plane_utc_s=float(t_cross[j]),
                liftoff_utc_s=float(t_base[j]),
                insertion_utc_s=float(t_base[j] + geo.duration_s),
                phase_rad=float(phase0[j]),
                profiles=tuple(sorted(found, key=lambda w: w.docking_utc_s)),
            )
        )
    return out


def _solve_profile(
    geo: _Geometry,
    prof: Profile,
    t_base: FloatArray,
    phase0: FloatArray,
    a_s: FloatArray,
    n_u: FloatArray,
    node_rate: FloatArray,
    iterations: int,
) -> list[ProfileWindow | None]:
    a_ins = geo.ascent.insertion_sma_km
    order = prof.revolution_order()
    windows = [gain_window(prof, n, a_s, a_ins) for n in order]
    t_l = t_base.copy()
    phase = phase0.copy()
    gain = np.full(t_base.size, np.nan)
    revs = np.zeros(t_base.size, dtype=int)
    shift = np.zeros(t_base.size)
    for _ in range(iterations):
        gain[:] = np.nan
        for n, (nominal, half) in zip(order, windows, strict=True):
            g = feasible_gain(phase, nominal, half)
            take = np.isnan(gain) & ~np.isnan(g)
            gain[take], revs[take] = g[take], n
        ok = ~np.isnan(gain)
        if not np.any(ok):
            break
        shift = np.where(ok, plane_shift_rad(np.nan_to_num(gain), n_u, node_rate), 0.0)
        t_l[ok] = solve_brackets(
            geo.liftoff_fn(shift[ok]), t_base[ok] - 1800.0, t_base[ok] + 1800.0
        )
        phase[ok] = geo.phase(t_l[ok], shift[ok])
    ok = ~np.isnan(gain)
    result: list[ProfileWindow | None] = [None] * t_base.size
    if not np.any(ok):
        return result
    idx = np.flatnonzero(ok)
    t_ins = t_l[idx] + geo.duration_s
    normals = _rot_z(geo.normal(t_ins), shift[idx])
    r_pad, v_pad = geo.pad(t_l[idx])
    azimuth = launch_azimuth_rad(r_pad, normals)
    yaw = geo.ascent.mean_yaw_rad(np.einsum("ij,ij->i", v_pad, normals))
    for m, j in enumerate(idx):
        if yaw[m] > math.radians(geo.ascent.yaw_budget_deg):
            continue  # the launcher cannot steer out this much out-of-plane velocity
        dock = docking_time_utc_s(
            t_ins[m], gain[j], int(revs[j]), float(n_u[j]), prof.final_approach_s
        )
        result[j] = ProfileWindow(
            name=prof.name,
            liftoff_utc_s=float(t_l[j]),
            insertion_utc_s=float(t_ins[m]),
            docking_utc_s=float(dock),
            phase_rad=float(phase[j]),
            gain_rad=float(gain[j]),
            revolutions=int(revs[j]),
            plane_shift_rad=float(shift[j]),
            plane_normal_teme=(
                float(normals[m, 0]),
                float(normals[m, 1]),
                float(normals[m, 2]),
            ),
            azimuth_rad=float(azimuth[m]),
            yaw_rad=float(yaw[m]),
        )
    return result
