"""Relative motion in the target's LVLH frame: Clohessy-Wiltshire (Hill) closed form + targeting.

LVLH axes, used everywhere in crossflight as ``[r, t, n]`` (a.k.a. RSW / RTN):

* ``r``: radial, from the Earth's centre through the target (up);
* ``n``: orbit normal, along the target's angular momentum ``r x v``;
* ``t``: ``n x r``, along-track (the V-bar for a near-circular orbit).

A chaser *behind* the station has ``t < 0``; *below* it has ``r < 0``.  Relative velocities are
taken in the rotating frame.  Units: km and km/s unless a name says ``_m`` / ``_m_s``.

CW equations (Clohessy & Wiltshire 1960, J. Aerospace Sci. 27(9); Vallado 2013, sec. 6.8):
``x'' = 3 n^2 x + 2 n y'``, ``y'' = -2 n x'``, ``z'' = -n^2 z`` with x radial, y along-track.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "cw_propagate",
    "cw_stm",
    "cw_transfer_velocity",
    "eci_to_lvlh",
    "lvlh_basis",
    "lvlh_to_eci",
]

F64 = NDArray[np.float64]


def lvlh_basis(r_km: F64, v_km_s: F64) -> F64:
    """Rotation matrices (N, 3, 3) whose ROWS are the r, t, n unit vectors (inertial -> LVLH)."""
    r = np.atleast_2d(r_km)
    v = np.atleast_2d(v_km_s)
    er = r / np.linalg.norm(r, axis=1, keepdims=True)
    h = np.cross(r, v)
    en = h / np.linalg.norm(h, axis=1, keepdims=True)
    et = np.cross(en, er)
    return np.stack([er, et, en], axis=1)


def _omega(r_km: F64, v_km_s: F64) -> F64:
    """Angular velocity (N, 3) of the LVLH frame in inertial axes: h / r^2."""
    r = np.atleast_2d(r_km)
    h = np.cross(r, np.atleast_2d(v_km_s))
    return np.asarray(h / np.sum(r * r, axis=1, keepdims=True), dtype=np.float64)


def eci_to_lvlh(
    r_target_km: F64, v_target_km_s: F64, r_chaser_km: F64, v_chaser_km_s: F64
) -> tuple[F64, F64]:
    """Chaser position [km] and rotating-frame velocity [km/s] in the target's LVLH ``[r, t, n]``.

    All inputs (N, 3) inertial (broadcasting a single target over N chasers is allowed).
    """
    rt = np.atleast_2d(r_target_km)
    vt = np.atleast_2d(v_target_km_s)
    basis = lvlh_basis(rt, vt)
    dr = np.atleast_2d(r_chaser_km) - rt
    dv = np.atleast_2d(v_chaser_km_s) - vt - np.cross(_omega(rt, vt), dr)
    rho = np.einsum("nij,nj->ni", np.broadcast_to(basis, (dr.shape[0], 3, 3)), dr)
    rho_dot = np.einsum("nij,nj->ni", np.broadcast_to(basis, (dr.shape[0], 3, 3)), dv)
    return rho, rho_dot


def lvlh_to_eci(
    r_target_km: F64, v_target_km_s: F64, rho_km: F64, rho_dot_km_s: F64
) -> tuple[F64, F64]:
    """Inverse of :func:`eci_to_lvlh`: inertial chaser position [km] and velocity [km/s]."""
    rt = np.atleast_2d(r_target_km)
    vt = np.atleast_2d(v_target_km_s)
    basis = lvlh_basis(rt, vt)
    n = max(rt.shape[0], np.atleast_2d(rho_km).shape[0])
    b = np.broadcast_to(basis, (n, 3, 3))
    dr = np.einsum("nji,nj->ni", b, np.broadcast_to(np.atleast_2d(rho_km), (n, 3)))
    dvr = np.einsum("nji,nj->ni", b, np.broadcast_to(np.atleast_2d(rho_dot_km_s), (n, 3)))
    r = rt + dr
    v = vt + dvr + np.cross(_omega(rt, vt), dr)
    return r, v


def cw_stm(mean_motion_rad_s: float, dt_s: F64 | float) -> F64:
    """CW state-transition matrices (..., 6, 6) for state ``[r, t, n, r', t', n']``."""
    n = float(mean_motion_rad_s)
    t = np.asarray(dt_s, dtype=np.float64)
    s, c = np.sin(n * t), np.cos(n * t)
    z = np.zeros_like(t)
    o = np.ones_like(t)
    rows = [
        [4 - 3 * c, z, z, s / n, 2 * (1 - c) / n, z],
        [6 * (s - n * t), o, z, -2 * (1 - c) / n, (4 * s - 3 * n * t) / n, z],
        [z, z, c, z, z, s / n],
        [3 * n * s, z, z, c, 2 * s, z],
        [-6 * n * (1 - c), z, z, -2 * s, 4 * c - 3, z],
        [z, z, -n * s, z, z, c],
    ]
    phi = np.array([[np.asarray(e, dtype=np.float64) for e in row] for row in rows])
    return np.asarray(np.moveaxis(phi, (0, 1), (-2, -1)), dtype=np.float64)


def cw_propagate(mean_motion_rad_s: float, state0: F64, dt_s: F64 | float) -> F64:
    """CW closed form: (N, 6) relative states ``[rho_km, rho_dot_km_s]`` after ``dt_s``.

    ``state0`` (6,) or (N, 6); ``dt_s`` scalar or (T,) -> (T, N, 6) when an array.
    """
    phi = cw_stm(mean_motion_rad_s, dt_s)
    x0 = np.atleast_2d(state0)
    return np.asarray(np.einsum("...ij,nj->...ni", phi, x0), dtype=np.float64)


def cw_transfer_velocity(
    mean_motion_rad_s: float, rho0_km: F64, rho1_km: F64, tof_s: F64 | float
) -> tuple[F64, F64]:
    """Two-impulse CW targeting (vectorised over N chasers).

    Returns the departure velocity (N, 3) [km/s] that carries the chaser from ``rho0_km`` to
    ``rho1_km`` (both (N, 3) LVLH) in ``tof_s`` seconds, and the arrival velocity (N, 3).
    """
    r0 = np.atleast_2d(rho0_km)
    r1 = np.atleast_2d(rho1_km)
    n = max(r0.shape[0], r1.shape[0])
    r0 = np.broadcast_to(r0, (n, 3))
    r1 = np.broadcast_to(r1, (n, 3))
    tof = np.broadcast_to(np.asarray(tof_s, dtype=np.float64), (n,))
    phis = cw_stm(mean_motion_rad_s, tof)
    prr, prv = phis[:, :3, :3], phis[:, :3, 3:]
    pvr, pvv = phis[:, 3:, :3], phis[:, 3:, 3:]
    rhs = r1 - np.einsum("nij,nj->ni", prr, r0)
    v0 = np.linalg.solve(prv, rhs[..., None])[..., 0]
    v1 = np.einsum("nij,nj->ni", pvr, r0) + np.einsum("nij,nj->ni", pvv, v0)
    return np.asarray(v0), np.asarray(v1)
