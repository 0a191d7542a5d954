"""Lambert's problem (two-body, any number of complete revolutions) by universal variables.

Formulation: Bate, Mueller & White (1971) sec. 5.3 / Curtis, *Orbital Mechanics for Engineering
Students*, Algorithm 5.2, extended to M complete revolutions by searching the universal variable
``z = alpha * chi^2`` in ``((2 pi M)^2, (2 pi (M+1))^2)`` where the time of flight has two
roots (short- and long-period branches; Vallado 2013, sec. 7.6).  The roots are bracketed on a
vectorised grid of ``z`` and refined with :func:`scipy.optimize.brentq`.

Units: km, km/s, s.  Inertial frame.  The transfer direction follows ``normal_hint`` (the
chaser's angular momentum): prograde transfers only, as every rendezvous in crossflight is.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import brentq

from crossflight.physics.dynamics import MU_EARTH_KM3_S2

__all__ = ["LambertSolution", "lambert", "stumpff_c", "stumpff_cs", "stumpff_s"]

F64 = NDArray[np.float64]


_SINGULAR_SIN = 1e-6  # |sin(transfer angle)| below which the formulation is singular


def stumpff_c(z: F64) -> F64:
    """Stumpff function C(z) (vectorised)."""
    z = np.asarray(z, dtype=np.float64)
    out = np.full_like(z, 0.5)
    pos, neg = z > 1e-8, z < -1e-8
    sp = np.sqrt(z[pos])
    out[pos] = (1.0 - np.cos(sp)) / z[pos]
    sn = np.sqrt(-z[neg])
    out[neg] = (np.cosh(sn) - 1.0) / (-z[neg])
    return out


def stumpff_s(z: F64) -> F64:
    """Stumpff function S(z) (vectorised)."""
    z = np.asarray(z, dtype=np.float64)
    out = np.full_like(z, 1.0 / 6.0)
    pos, neg = z > 1e-8, z < -1e-8
    sp = np.sqrt(z[pos])
    out[pos] = (sp - np.sin(sp)) / sp**3
    sn = np.sqrt(-z[neg])
    out[neg] = (np.sinh(sn) - sn) / sn**3
    return out


def stumpff_cs(z: float) -> tuple[float, float]:
    """Plain-float C(z), S(z) (the root refinement calls this thousands of times)."""
    if z > 1e-8:
        sp = math.sqrt(z)
        return (1.0 - math.cos(sp)) / z, (sp - math.sin(sp)) / sp**3
    if z < -1e-8:
        sn = math.sqrt(-z)
        return (math.cosh(sn) - 1.0) / (-z), (math.sinh(sn) - sn) / sn**3
    return 0.5, 1.0 / 6.0


@dataclass(frozen=True)
class LambertSolution:
    """One Lambert arc: departure / arrival velocities [km/s], revolutions, branch."""

    v1_km_s: F64
    v2_km_s: F64
    revolutions: int
    branch: str  # "single", "lower-z" or "upper-z" (M >= 1: the two roots in z)


def lambert(
    r1_km: F64,
    r2_km: F64,
    tof_s: float,
    *,
    revolutions: int = 0,
    normal_hint: F64 | None = None,
    mu_km3_s2: float = MU_EARTH_KM3_S2,
    grid: int = 4000,
) -> list[LambertSolution]:
    """All prograde Lambert solutions from ``r1_km`` to ``r2_km`` in ``tof_s`` seconds.

    ``revolutions`` = number of complete revolutions M (0: direct transfer, at most one solution;
    M >= 1: up to two).  ``normal_hint`` (3,) fixes the transfer plane's sense (default +z).
    Returns an empty list when no solution exists (e.g. ``tof_s`` below the M-rev minimum),
    and for transfer angles within ~1e-6 rad of 0 or 180 deg, where this universal-variable
    formulation is singular (``A = sin(dnu) sqrt(r1 r2 / (1 - cos dnu))`` vanishes, so the
    Lagrange ``g`` is zero and the plane of a 180-deg transfer is undefined).
    """
    r1 = np.asarray(r1_km, dtype=np.float64)
    r2 = np.asarray(r2_km, dtype=np.float64)
    n1, n2 = float(np.linalg.norm(r1)), float(np.linalg.norm(r2))
    hint = np.array([0.0, 0.0, 1.0]) if normal_hint is None else np.asarray(normal_hint)
    cos_dnu = float(np.clip(np.dot(r1, r2) / (n1 * n2), -1.0, 1.0))
    dnu = float(np.arccos(cos_dnu))
    if float(np.dot(np.cross(r1, r2), hint)) < 0.0:
        dnu = 2.0 * np.pi - dnu
    if abs(np.sin(dnu)) < _SINGULAR_SIN:
        return []
    a_const = np.sin(dnu) * np.sqrt(n1 * n2 / (1.0 - cos_dnu))
    sqmu = math.sqrt(mu_km3_s2)

    def y_of(z: F64) -> F64:
        with np.errstate(divide="ignore", invalid="ignore"):
            y = n1 + n2 + a_const * (z * stumpff_s(z) - 1.0) / np.sqrt(stumpff_c(z))
        return np.asarray(y, dtype=np.float64)

    def tof_of(z: F64) -> F64:
        y = y_of(z)
        c, s = stumpff_c(z), stumpff_s(z)
        with np.errstate(invalid="ignore"):
            chi = np.sqrt(y / c)
            t = (chi**3 * s + a_const * np.sqrt(y)) / sqmu
        return np.where(y > 0.0, t, np.nan)

    two_pi = 2.0 * np.pi
    if revolutions == 0:
        lo, hi = -4.0 * two_pi**2, two_pi**2
    else:
        lo, hi = (two_pi * revolutions) ** 2, (two_pi * (revolutions + 1)) ** 2
    eps = 1e-9 * (hi - lo)
    zs = np.linspace(lo + eps, hi - eps, grid)
    resid = tof_of(zs) - tof_s
    ok = np.isfinite(resid)
    sign_change = ok[:-1] & ok[1:] & (np.sign(resid[:-1]) != np.sign(resid[1:]))
    solutions: list[LambertSolution] = []
    a_f = float(a_const)

    def y_scalar(z: float) -> float:
        c, s = stumpff_cs(z)
        return n1 + n2 + a_f * (z * s - 1.0) / math.sqrt(c)

    def tof_residual(z: float) -> float:
        # plain floats (same formula as tof_of); y > 0 inside every bracket
        c, s = stumpff_cs(z)
        y = n1 + n2 + a_f * (z * s - 1.0) / math.sqrt(c)
        y = max(y, 0.0)
        chi = math.sqrt(y / c)
        return (chi**3 * s + a_f * math.sqrt(y)) / sqmu - tof_s

    roots = [
        brentq(tof_residual, zs[i], zs[i + 1], xtol=1e-12) for i in np.flatnonzero(sign_change)
    ]
    for k, z in enumerate(roots):
        y = y_scalar(z)
        f = 1.0 - y / n1
        g = a_const * np.sqrt(y / mu_km3_s2)
        gdot = 1.0 - y / n2
        v1 = (r2 - f * r1) / g
        v2 = (gdot * r2 - r1) / g
        branch = "single" if revolutions == 0 else ("lower-z" if k == 0 else "upper-z")
        solutions.append(LambertSolution(v1, v2, revolutions, branch))
    return solutions
