"""Two-body (Keplerian) propagation by universal variables: fast, analytic, for burn searches.

Curtis, *Orbital Mechanics for Engineering Students*, Algorithms 3.3-3.4 (universal Kepler's
equation solved by Newton's method, then Lagrange f and g).  Units km, km/s, s; inertial frame.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from crossflight.physics.dynamics import MU_EARTH_KM3_S2
from crossflight.physics.lambert import stumpff_cs

__all__ = ["kepler_propagate"]

F64 = NDArray[np.float64]


def kepler_propagate(
    r0_km: F64, v0_km_s: F64, dt_s: float, mu_km3_s2: float = MU_EARTH_KM3_S2
) -> tuple[F64, F64]:
    """Position [km] and velocity [km/s] (3,) after ``dt_s`` seconds of two-body motion."""
    r0 = np.asarray(r0_km, dtype=np.float64)
    v0 = np.asarray(v0_km_s, dtype=np.float64)
    rn = float(np.linalg.norm(r0))
    vr = float(r0 @ v0) / rn
    alpha = 2.0 / rn - float(v0 @ v0) / mu_km3_s2
    sqmu = math.sqrt(mu_km3_s2)

    def kepler_residual(chi: float) -> tuple[float, float]:
        """Universal Kepler's equation F(chi) and dF/dchi (= r > 0: F is monotonic)."""
        zf = alpha * chi * chi
        c, s = stumpff_cs(zf)
        f = rn * vr / sqmu * chi * chi * c + (1.0 - alpha * rn) * chi**3 * s + rn * chi
        fp = rn * vr / sqmu * chi * (1.0 - zf * s) + (1.0 - alpha * rn) * chi * chi * c + rn
        return f - sqmu * dt_s, fp

    if alpha > 0.0:
        # Ellipse: the motion repeats every period, so solve within one revolution, where
        # chi = (change of eccentric anomaly) / sqrt(alpha) lies in [0, 2 pi / sqrt(alpha)].
        # Without this, Newton over several revolutions of an eccentric orbit can wander
        # between the oscillating branches of the Stumpff functions and never converge.
        period_s = 2.0 * np.pi / np.sqrt(mu_km3_s2 * alpha**3)
        dt_s = float(dt_s % period_s)
        lo, hi = 0.0, 2.0 * np.pi / np.sqrt(alpha)
    else:
        # Parabola / hyperbola: chi is unbounded; bracket the root by doubling outward.
        sign = 1.0 if dt_s >= 0.0 else -1.0
        lo, hi = 0.0, sign * max(sqmu * abs(dt_s) / rn, 1e-3)
        while sign * kepler_residual(hi)[0] < 0.0:
            lo, hi = hi, 2.0 * hi
        lo, hi = min(lo, hi), max(lo, hi)
    # Safeguarded Newton: a Newton step that leaves the bracket becomes a bisection.
    chi = 0.5 * (lo + hi) if alpha > 0.0 else hi
    for _ in range(100):
        f, fp = kepler_residual(chi)
        if f > 0.0:
            hi = chi
        else:
            lo = chi
        step = f / fp
        new_chi = chi - step
        if not lo < new_chi < hi:
            new_chi = 0.5 * (lo + hi)
        if abs(new_chi - chi) < 1e-12 * max(1.0, abs(chi)):
            chi = new_chi
            break
        chi = new_chi
    c, s = stumpff_cs(alpha * chi * chi)
    fl = 1.0 - chi * chi / rn * c
    gl = dt_s - chi**3 / sqmu * s
    r = fl * r0 + gl * v0
    r_n = float(np.linalg.norm(r))
    fdot = sqmu / (r_n * rn) * (alpha * chi**3 * s - chi)
    gdot = 1.0 - chi * chi / r_n * c
    v = fdot * r0 + gdot * v0
    return r, v
