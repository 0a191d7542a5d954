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
#: Half-width (s) of the bracket around the unshifted root in which a profile's liftoff is sought.
BRACKET_S = 1800.0
#: Half-width (s) of the bracket around the previous phasing iteration's liftoff.
WARM_BRACKET_S = 30.0


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
    fa: FloatArray | None = None,
    fb: FloatArray | None = None,
) -> FloatArray:
    """Roots of ``f`` in every bracket ``[a_i, b_i]`` (sign change required), vectorised.

    Illinois method: regula falsi whose retained end's value is halved when it is kept twice,
    which makes convergence superlinear.  ``f(x, idx)`` is evaluated on the still-active
    brackets only; ``idx`` tells it which brackets the entries of ``x`` belong to.  ``fa`` and
    ``fb``, when given, are ``f`` at the bracket ends (already known to the caller).
    """
    a = np.array(a, dtype=float)
    b = np.array(b, dtype=float)
    if fa is None or fb is None:  # both ends in one call
        everyone = np.arange(a.size)
        both = f(np.concatenate([a, b]), np.concatenate([everyone, everyone]))
        fa, fb = both[: a.size], both[a.size :]
    fa, fb = np.array(fa, dtype=float), np.array(fb, dtype=float)
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


def _cross(a: FloatArray, b: FloatArray) -> FloatArray:
    """Row-wise cross product of (N,3) arrays: ``np.cross``'s arithmetic without its
    axis-juggling overhead (it dominates on the many small arrays of a window search)."""
    a0, a1, a2 = a[..., 0], a[..., 1], a[..., 2]
    b0, b1, b2 = b[..., 0], b[..., 1], b[..., 2]
    return np.stack([a1 * b2 - a2 * b1, a2 * b0 - a0 * b2, a0 * b1 - a1 * b0], axis=-1)


def _rot_z(v: FloatArray, angle: FloatArray) -> FloatArray:
    c, s = np.cos(angle), np.sin(angle)
    return np.stack([c * v[:, 0] - s * v[:, 1], s * v[:, 0] + c * v[:, 1], v[:, 2]], axis=1)


_Parts = tuple[FloatArray, FloatArray]


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
        return _unit(_cross(r, v))

    def liftoff_fn(
        self, shift_rad: FloatArray | float, lead_s: FloatArray | float | None = None
    ) -> Callable[[FloatArray, NDArray[np.intp]], FloatArray]:
        """F(tL) for brackets whose planes are shifted by ``shift_rad`` (per bracket); ``lead_s``
        (scalar or per bracket): a profile's calibrated lead instead of the launcher's."""
        shift = np.atleast_1d(np.asarray(shift_rad, dtype=float))
        unshifted = shift.size == 1 and shift[0] == 0.0
        lead_arr = np.atleast_1d(np.asarray(self.lead_s if lead_s is None else lead_s, float))

        def f(t: FloatArray, idx: NDArray[np.intp]) -> FloatArray:
            r_p, v_p = self.pad(t)
            h = self.normal(t + self.duration_s)
            if not unshifted:  # the station's own plane needs no rotation
                s = shift if shift.size == 1 else shift[idx]
                h = _rot_z(h, np.broadcast_to(s, t.shape))
            lead = np.reshape(lead_arr if lead_arr.size == 1 else lead_arr[idx], (-1, 1))
            return np.asarray(np.einsum("ij,ij->i", h, r_p + lead * v_p), dtype=float)

        return f

    def liftoff_parts(self, t: FloatArray, leads_s: Sequence[float] | None = None) -> _Parts:
        """The shift-independent factors of F(tL): the station's normal at insertion and the
        pad's lead-corrected position; with ``leads_s`` (one per profile) stacked per profile."""
        r_p, v_p = self.pad(t)
        h, leads = self.normal(t + self.duration_s), leads_s or [self.lead_s]
        return np.tile(h, (len(leads), 1)), np.concatenate([r_p + ld * v_p for ld in leads])

    @staticmethod
    def liftoff_from_parts(parts: tuple[FloatArray, FloatArray], shift: FloatArray) -> FloatArray:
        """F(tL) from :meth:`liftoff_parts` for the (per-row) plane shifts ``shift``."""
        h = _rot_z(parts[0], shift)
        return np.asarray(np.einsum("ij,ij->i", h, parts[1]), dtype=float)

    def crossing_fn(self, t: FloatArray, idx: NDArray[np.intp] | None = None) -> FloatArray:
        """The pad's signed distance (km) from the station's plane."""
        r_p, _ = self.pad(t)
        return np.asarray(np.einsum("ij,ij->i", self.normal(t), r_p), dtype=float)

    def phase(self, t_liftoff: FloatArray, shift_rad: FloatArray) -> FloatArray:
        """Station lead over the ship at insertion (rad, [0, 2 pi)), in the target plane."""
        t_ins = t_liftoff + self.duration_s
        r_p, _ = self.pad(t_liftoff)
        r_s, v_s = self.state_fn(t_ins)
        h_s = _unit(_cross(r_s, v_s))
        h = _rot_z(h_s, np.broadcast_to(shift_rad, t_liftoff.shape))
        p = _unit(r_p - np.einsum("ij,ij->i", r_p, h)[:, None] * h)
        q = _cross(h, p)
        phi = math.radians(self.ascent.range_angle_deg)
        u_ship = math.cos(phi) * p + math.sin(phi) * q
        s_hat = _unit(r_s - np.einsum("ij,ij->i", r_s, h_s)[:, None] * h_s)
        sin_t = np.einsum("ij,ij->i", _cross(u_ship, s_hat), h)
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


_MEAN_SAMPLES = 32  # samples over one revolution for the mean elements
_RATE_REVS = 4.0  # revolutions over which the argument-of-latitude rate is measured


def _station_means(state_fn: StateFn, t: FloatArray) -> tuple[FloatArray, ...]:
    """Mean semi-major axis (km), eccentricity, inclination (rad) and argument-of-latitude
    rate (rad/s) of the station around each instant of ``t``, averaged over one revolution of
    samples.  All instants share two propagator calls (the first gives each revolution's
    period, the second every sample); the arithmetic per instant is the one-instant formula."""
    r0, v0 = state_fn(t)
    m = _MEAN_SAMPLES
    period = np.empty(t.size)
    ts = np.empty((t.size, m))
    for k in range(t.size):
        a0 = 1.0 / (2.0 / np.linalg.norm(r0[k]) - float(v0[k] @ v0[k]) / MU_EARTH_KM3_S2)
        period[k] = TWO_PI * math.sqrt(a0**3 / MU_EARTH_KM3_S2)
        ts[k] = t[k] + np.linspace(0.0, period[k], m + 1)[:-1]
    span = _RATE_REVS * period
    r, v = state_fn(np.concatenate([ts.ravel(), t + span]))
    n = t.size
    rs, vs = r[: n * m], v[: n * m]
    rn = np.linalg.norm(rs, axis=1).reshape(n, m)
    a = (1.0 / (2.0 / rn.ravel() - np.einsum("ij,ij->i", vs, vs) / MU_EARTH_KM3_S2)).reshape(n, m)
    h = _cross(rs, vs)
    incl = np.arccos(h[:, 2] / np.linalg.norm(h, axis=1)).reshape(n, m)
    out = np.empty((4, n))
    out[2] = np.mean(incl, axis=1)
    out[1] = np.ptp(rn, axis=1) / (2.0 * np.mean(a, axis=1))
    out[0] = np.mean(a, axis=1)
    # mean rate of the argument of latitude over several revolutions
    hn = _unit(_cross(r0, v0))
    r_b = r[n * m :]
    for k in range(n):  # 3-vector dot products as in the one-instant formula
        ang = math.atan2(float(_cross(r0[k], r_b[k]) @ hn[k]), float(r0[k] @ r_b[k]))
        out[3, k] = (_RATE_REVS * TWO_PI + ang) / span[k]
    return out[0], out[1], out[2], out[3]


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
    t_base = solve_brackets(f0, grid[k], grid[k + 1], fa=fg[k], fb=fg[k + 1])
    # a sample exactly on a root opens two brackets sharing it: keep one
    t_base = t_base[np.concatenate(([True], np.diff(t_base) > 60.0))]
    r_p, _ = geo.pad(t_base)
    h = geo.normal(t_base + geo.duration_s)
    ascending = _cross(h, r_p)[:, 2] > 0.0
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
    blocks = np.unique(block)
    t_mid = np.array([float(np.median(t_base[block == b])) for b in blocks])
    means = _station_means(state_fn, t_mid)
    for kb, blk in enumerate(blocks):
        sel = block == blk
        a_b, e_b, i_b, n_b = (float(x[kb]) for x in means)
        a_s[sel], n_u[sel], node_rate[sel] = a_b, n_b, nodal_rate_rad_s(a_b, e_b, i_b)
    per_profile = _solve_profiles(geo, profiles, t_base, phase0, a_s, n_u, node_rate, iterations)
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


def _liftoffs(
    geo: _Geometry,
    shift: FloatArray,
    t_base: FloatArray,
    t_prev: FloatArray,
    ok: NDArray[np.bool_],
    solved: NDArray[np.bool_],
    ends: tuple[tuple[FloatArray, FloatArray], tuple[FloatArray, FloatArray]],
    lead_s: FloatArray,
) -> FloatArray:
    """Liftoff roots for the plane shifts ``shift`` of the brackets ``ok``.

    A bracket solved in an earlier phasing iteration (``solved``) moved its shift only a
    little since: it starts from ``t_prev`` +- ``WARM_BRACKET_S`` when that still brackets the
    root; the others from ``t_base`` +- ``BRACKET_S``, whose end values ``ends`` are reused.
    """
    idx = np.flatnonzero(ok)
    a, b = t_base[idx] - BRACKET_S, t_base[idx] + BRACKET_S
    sh = shift[idx]
    fa = geo.liftoff_from_parts((ends[0][0][idx], ends[0][1][idx]), sh)
    fb = geo.liftoff_from_parts((ends[1][0][idx], ends[1][1][idx]), sh)
    warm = np.flatnonzero(solved[idx])
    if warm.size:
        wa, wb = t_prev[idx[warm]] - WARM_BRACKET_S, t_prev[idx[warm]] + WARM_BRACKET_S
        f = geo.liftoff_fn(sh[warm], lead_s[idx[warm]])
        ends_w = f(np.concatenate([wa, wb]), np.concatenate([np.arange(warm.size)] * 2))
        fwa, fwb = ends_w[: warm.size], ends_w[warm.size :]
        good = np.sign(fwa) != np.sign(fwb)  # else keep the wide bracket
        g = warm[good]
        a[g], b[g], fa[g], fb[g] = wa[good], wb[good], fwa[good], fwb[good]
    return solve_brackets(geo.liftoff_fn(sh, lead_s[idx]), a, b, fa=fa, fb=fb)


def _phasing_gains(
    profiles: Sequence[Profile],
    windows: list[list[tuple[FloatArray, FloatArray]]],
    phase: FloatArray,
    gain: FloatArray,
    revs: NDArray[np.int_],
    active: NDArray[np.bool_],
) -> None:
    """Per active profile, the first revolution count whose gain window admits the phase
    (in ``gain``/``revs``, rows ``p*N .. (p+1)*N``); a profile with none stops iterating."""
    n = phase.size // len(profiles)
    for p, prof in enumerate(profiles):
        if not active[p]:
            continue
        sl = slice(p * n, (p + 1) * n)
        g_p, r_p = np.full(n, np.nan), revs[sl]
        for k, (nominal, half) in zip(prof.revolution_order(), windows[p], strict=True):
            g = feasible_gain(phase[sl], nominal, half)
            take = np.isnan(g_p) & ~np.isnan(g)
            g_p[take], r_p[take] = g[take], k
        gain[sl] = g_p
        active[p] = bool(np.any(~np.isnan(g_p)))


def _solve_profiles(
    geo: _Geometry,
    profiles: Sequence[Profile],
    t_base: FloatArray,
    phase0: FloatArray,
    a_s: FloatArray,
    n_u: FloatArray,
    node_rate: FloatArray,
    iterations: int,
) -> list[list[ProfileWindow | None]]:
    """Every profile's window for every opportunity (``[profile][opportunity]``).

    All profiles iterate together, as rows ``p*N + j`` of one set of arrays, so each phasing
    iteration is one vectorised root solve; every row is computed exactly as on its own.
    """
    n_p, n = len(profiles), t_base.size
    if n_p == 0:
        return []
    a_ins = geo.ascent.insertion_sma_km
    windows = [[gain_window(p, k, a_s, a_ins) for k in p.revolution_order()] for p in profiles]
    tb, nu, nr = np.tile(t_base, n_p), np.tile(n_u, n_p), np.tile(node_rate, n_p)
    t_l, phase = tb.copy(), np.tile(phase0, n_p)
    gain = np.full(n_p * n, np.nan)
    revs = np.zeros(n_p * n, dtype=int)
    shift = np.zeros(n_p * n)
    leads = [geo.lead_s if p.liftoff_lead_s is None else p.liftoff_lead_s for p in profiles]
    lead_rows = np.repeat(np.asarray(leads, dtype=float), n)
    ends = tuple(geo.liftoff_parts(t_base + d, leads) for d in (-BRACKET_S, BRACKET_S))
    solved = np.zeros(n_p * n, dtype=bool)
    active = np.ones(n_p, dtype=bool)
    for _ in range(iterations):
        _phasing_gains(profiles, windows, phase, gain, revs, active)
        ok = ~np.isnan(gain)
        if not np.any(ok):
            break
        shift = np.where(ok, plane_shift_rad(np.nan_to_num(gain), nu, nr), 0.0)
        t_l[ok] = _liftoffs(geo, shift, tb, t_l, ok, solved, (ends[0], ends[1]), lead_rows)
        solved |= ok
        phase[ok] = geo.phase(t_l[ok], shift[ok])
    ok = ~np.isnan(gain)
    flat = _profile_windows(geo, profiles, n, ok, t_l, phase, gain, revs, shift, nu)
    return [flat[p * n : (p + 1) * n] for p in range(n_p)]


def _profile_windows(
    geo: _Geometry,
    profiles: Sequence[Profile],
    n: int,
    ok: NDArray[np.bool_],
    t_l: FloatArray,
    phase: FloatArray,
    gain: FloatArray,
    revs: NDArray[np.int_],
    shift: FloatArray,
    n_u: FloatArray,
) -> list[ProfileWindow | None]:
    """The feasible rows as :class:`ProfileWindow` records (None where infeasible)."""
    result: list[ProfileWindow | None] = [None] * ok.size
    if not np.any(ok):
        return result
    idx = np.flatnonzero(ok)
    t_ins = t_l[idx] + geo.duration_s
    normals = _rot_z(geo.normal(t_ins), shift[idx])
    r_pad, v_pad = geo.pad(t_l[idx])
    azimuth = launch_azimuth_rad(r_pad, normals)
    yaw = geo.ascent.mean_yaw_rad(np.einsum("ij,ij->i", v_pad, normals))
    for m, j in enumerate(idx):
        prof = profiles[int(j) // n]
        if yaw[m] > math.radians(geo.ascent.yaw_budget_deg):
            continue  # the launcher cannot steer out this much out-of-plane velocity
        if prof.docking_after_insertion_s is not None:  # a scheduled slot (calibrated)
            dock = t_ins[m] + prof.docking_after_insertion_s
        else:  # the end of the ballistic phasing, calibrated offset included
            t_dock = prof.final_approach_s + prof.docking_offset_s
            dock = docking_time_utc_s(t_ins[m], gain[j], int(revs[j]), float(n_u[j]), t_dock)
        result[j] = ProfileWindow(
            name=prof.name,
            liftoff_utc_s=float(t_l[j]),
            insertion_utc_s=float(t_ins[m]),
            docking_utc_s=float(dock),
            phase_rad=float(phase[j]),
            gain_rad=float(gain[j]),
            revolutions=int(revs[j]),
            plane_shift_rad=float(shift[j]),
            plane_normal_teme=(float(normals[m, 0]), float(normals[m, 1]), float(normals[m, 2])),
            azimuth_rad=float(azimuth[m]),
            yaw_rad=float(yaw[m]),
        )
    return result
