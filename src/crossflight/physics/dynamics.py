"""Numerical orbit dynamics: two-body + zonal harmonics J2/J3/J4 + atmospheric drag.

Frame: the state is integrated in TEME (true equator, mean equinox of date), the frame SGP4
returns, treated as inertial over the hours to days of a rendezvous (its precession over two days
is ~0.3 arcsec, far below the modelled perturbations).  Units: km, km/s, s.

Many spacecraft are integrated together in ONE :func:`scipy.integrate.solve_ivp` call: the state
vector is ``(6N,)`` laid out as ``[r_1, v_1, r_2, v_2, ...]`` and the right-hand side is evaluated
for all N bodies at once with NumPy (no per-body Python loop).

Atmosphere: the exponential model of Vallado, *Fundamentals of Astrodynamics and Applications*,
4th ed. (2013), Table 8-4 (CIRA-72 based, mean solar activity): piecewise exponential
``rho = rho0 * exp(-(h - h0) / H)`` between tabulated base altitudes.  The atmosphere co-rotates
with the Earth.  Drag acceleration ``a = -1/2 * rho * (Cd*A/m) * |v_rel| * v_rel``.

Gravity constants: WGS-84 / EGM-96 values as given in Vallado (2013), Appendix D.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.integrate import solve_ivp

__all__ = [
    "FULL_MODEL",
    "J2",
    "J3",
    "J4",
    "MU_EARTH_KM3_S2",
    "OMEGA_EARTH_RAD_S",
    "R_EARTH_KM",
    "TWO_BODY",
    "ForceModel",
    "acceleration_km_s2",
    "atmosphere_density_kg_m3",
    "propagate",
    "specific_energy_km2_s2",
]

MU_EARTH_KM3_S2 = 398600.4418  # WGS-84 (Vallado 2013, App. D)
R_EARTH_KM = 6378.137  # WGS-84 equatorial radius
J2 = 1.08262668355e-3  # EGM-96 (Vallado 2013, App. D)
J3 = -2.53265648533e-6
J4 = -1.61962159137e-6
OMEGA_EARTH_RAD_S = 7.292115e-5  # WGS-84 mean rotation rate

# Vallado (2013) Table 8-4: base altitude h0 [km], base density rho0 [kg/m^3], scale height H [km].
_ATMOSPHERE_TABLE = np.array(
    [
        [0.0, 1.225, 7.249],
        [25.0, 3.899e-2, 6.349],
        [30.0, 1.774e-2, 6.682],
        [40.0, 3.972e-3, 7.554],
        [50.0, 1.057e-3, 8.382],
        [60.0, 3.206e-4, 7.714],
        [70.0, 8.770e-5, 6.549],
        [80.0, 1.905e-5, 5.799],
        [90.0, 3.396e-6, 5.382],
        [100.0, 5.297e-7, 5.877],
        [110.0, 9.661e-8, 7.263],
        [120.0, 2.438e-8, 9.473],
        [130.0, 8.484e-9, 12.636],
        [140.0, 3.845e-9, 16.149],
        [150.0, 2.070e-9, 22.523],
        [180.0, 5.464e-10, 29.740],
        [200.0, 2.789e-10, 37.105],
        [250.0, 7.248e-11, 45.546],
        [300.0, 2.418e-11, 53.628],
        [350.0, 9.518e-12, 53.298],
        [400.0, 3.725e-12, 58.515],
        [450.0, 1.585e-12, 60.828],
        [500.0, 6.967e-13, 63.822],
        [600.0, 1.454e-13, 71.835],
        [700.0, 3.614e-14, 88.667],
        [800.0, 1.170e-14, 124.64],
        [900.0, 5.245e-15, 181.05],
        [1000.0, 3.019e-15, 268.00],
    ]
)


@dataclass(frozen=True)
class ForceModel:
    """Which perturbations to include.  ``zonal_degree``: 0 (two-body), 2, 3 or 4."""

    zonal_degree: int = 4
    drag: bool = True


TWO_BODY = ForceModel(zonal_degree=0, drag=False)
FULL_MODEL = ForceModel()


def atmosphere_density_kg_m3(altitude_km: NDArray[np.float64]) -> NDArray[np.float64]:
    """Atmospheric density [kg/m^3] at geometric altitude [km] (Vallado 2013, Table 8-4)."""
    h = np.asarray(altitude_km, dtype=np.float64)
    idx = np.clip(np.searchsorted(_ATMOSPHERE_TABLE[:, 0], h, side="right") - 1, 0, None)
    h0, rho0, scale = _ATMOSPHERE_TABLE[idx].T
    return np.asarray(rho0 * np.exp(-(h - h0) / scale), dtype=np.float64)


def acceleration_km_s2(
    r_km: NDArray[np.float64],
    v_km_s: NDArray[np.float64],
    ballistic_m2_kg: NDArray[np.float64],
    model: ForceModel = FULL_MODEL,
) -> NDArray[np.float64]:
    """Acceleration [km/s^2] of N bodies: ``r_km``, ``v_km_s`` are (N, 3) TEME.

    ``ballistic_m2_kg`` is (N,) ``Cd*A/m`` [m^2/kg] (ignored when ``model.drag`` is False).
    """
    x, y, z = r_km[:, 0], r_km[:, 1], r_km[:, 2]
    r2 = x * x + y * y + z * z
    r = np.sqrt(r2)
    acc = -MU_EARTH_KM3_S2 * r_km / (r * r2)[:, None]
    if model.zonal_degree >= 2:
        u = z / r  # sin(geocentric latitude)
        u2 = u * u
        k = MU_EARTH_KM3_S2 / r2
        q = R_EARTH_KM / r
        # Closed-form zonal accelerations (Vallado 2013, eqs. 8-30 and the J3/J4 analogues).
        f2 = -1.5 * J2 * k * q**2
        ax = f2 * (1.0 - 5.0 * u2) * x / r
        ay = f2 * (1.0 - 5.0 * u2) * y / r
        az = f2 * (3.0 - 5.0 * u2) * z / r
        if model.zonal_degree >= 3:
            f3 = -2.5 * J3 * k * q**3
            ax = ax + f3 * (3.0 * u - 7.0 * u2 * u) * x / r
            ay = ay + f3 * (3.0 * u - 7.0 * u2 * u) * y / r
            az = az + f3 * (6.0 * u2 - 7.0 * u2 * u2 - 0.6)
        if model.zonal_degree >= 4:
            f4 = 0.625 * J4 * k * q**4
            ax = ax + f4 * (3.0 - 42.0 * u2 + 63.0 * u2 * u2) * x / r
            ay = ay + f4 * (3.0 - 42.0 * u2 + 63.0 * u2 * u2) * y / r
            az = az + f4 * (15.0 - 70.0 * u2 + 63.0 * u2 * u2) * z / r
        acc = acc + np.stack([ax, ay, az], axis=1)
    if model.drag:
        rho = atmosphere_density_kg_m3(r - R_EARTH_KM)
        v_rel = v_km_s.copy()
        v_rel[:, 0] += OMEGA_EARTH_RAD_S * y
        v_rel[:, 1] -= OMEGA_EARTH_RAD_S * x
        speed = np.linalg.norm(v_rel, axis=1)
        # rho [kg/m^3] * B [m^2/kg] * v^2 [km^2/s^2]: 1e3 converts 1/m to 1/km.
        coef = -0.5 * rho * np.asarray(ballistic_m2_kg) * speed * 1.0e3
        acc = acc + coef[:, None] * v_rel
    return np.asarray(acc, dtype=np.float64)


def _rhs(
    _t: float, y: NDArray[np.float64], ballistic: NDArray[np.float64], model: ForceModel
) -> NDArray[np.float64]:
    s = y.reshape(-1, 6)
    out = np.empty_like(s)
    out[:, :3] = s[:, 3:]
    out[:, 3:] = acceleration_km_s2(s[:, :3], s[:, 3:], ballistic, model)
    return out.ravel()


SMALL_BATCH = 8
"""Up to this many bodies the right-hand side is evaluated in plain Python floats: NumPy's fixed
per-call cost (~0.3 ms) dominates for a few bodies; the result agrees to round-off
(``tests/test_dynamics.py`` proves it against :func:`acceleration_km_s2`)."""

_ATM_H0 = [float(x) for x in _ATMOSPHERE_TABLE[:, 0]]
_ATM_ROWS = [(float(a), float(b), float(c)) for a, b, c in _ATMOSPHERE_TABLE]


def _rhs_small(
    _t: float, y: NDArray[np.float64], ballistic: list[float], model: ForceModel
) -> NDArray[np.float64]:
    """:func:`_rhs` for a few bodies, in plain floats (same formulas, same order of terms)."""
    vals = y.tolist()
    out: list[float] = []
    deg, drag = model.zonal_degree, model.drag
    for b in range(len(vals) // 6):
        x, yy, z, vx, vy, vz = vals[6 * b : 6 * b + 6]
        r2 = x * x + yy * yy + z * z
        r = math.sqrt(r2)
        c0 = -MU_EARTH_KM3_S2 / (r * r2)
        ax, ay, az = c0 * x, c0 * yy, c0 * z
        if deg >= 2:
            u = z / r
            u2 = u * u
            k = MU_EARTH_KM3_S2 / r2
            q = R_EARTH_KM / r
            f2 = -1.5 * J2 * k * q**2
            ax += f2 * (1.0 - 5.0 * u2) * x / r
            ay += f2 * (1.0 - 5.0 * u2) * yy / r
            az += f2 * (3.0 - 5.0 * u2) * z / r
            if deg >= 3:
                f3 = -2.5 * J3 * k * q**3
                ax += f3 * (3.0 * u - 7.0 * u2 * u) * x / r
                ay += f3 * (3.0 * u - 7.0 * u2 * u) * yy / r
                az += f3 * (6.0 * u2 - 7.0 * u2 * u2 - 0.6)
            if deg >= 4:
                f4 = 0.625 * J4 * k * q**4
                ax += f4 * (3.0 - 42.0 * u2 + 63.0 * u2 * u2) * x / r
                ay += f4 * (3.0 - 42.0 * u2 + 63.0 * u2 * u2) * yy / r
                az += f4 * (15.0 - 70.0 * u2 + 63.0 * u2 * u2) * z / r
        if drag:
            h = r - R_EARTH_KM
            h0, rho0, scale = _ATM_ROWS[max(bisect_right(_ATM_H0, h) - 1, 0)]
            rho = rho0 * math.exp(-(h - h0) / scale)
            wx, wy = vx + OMEGA_EARTH_RAD_S * yy, vy - OMEGA_EARTH_RAD_S * x
            speed = math.sqrt(wx * wx + wy * wy + vz * vz)
            coef = -0.5 * rho * ballistic[b] * speed * 1.0e3
            ax += coef * wx
            ay += coef * wy
            az += coef * vz
        out += (vx, vy, vz, ax, ay, az)
    return np.array(out)


def propagate(
    state_km: NDArray[np.float64],
    duration_s: float,
    ballistic_m2_kg: NDArray[np.float64] | float = 0.0,
    model: ForceModel = FULL_MODEL,
    *,
    t_eval_s: NDArray[np.float64] | None = None,
    rtol: float = 1e-10,
    atol: float = 1e-9,
) -> tuple[NDArray[np.float64], NDArray[np.float64] | None]:
    """Propagate N bodies together for ``duration_s`` seconds (may be 0).

    ``state_km`` is (N, 6) ``[r_km, v_km_s]`` TEME.  Returns the final (N, 6) state and, when
    ``t_eval_s`` (seconds from the start, within ``[0, duration_s]``) is given, the (T, N, 6)
    states at those times (else ``None``).  One ``solve_ivp`` (DOP853) call for all bodies.
    """
    s0 = np.asarray(state_km, dtype=np.float64).reshape(-1, 6)
    n = s0.shape[0]
    ballistic = np.broadcast_to(np.asarray(ballistic_m2_kg, dtype=np.float64), (n,))
    if duration_s <= 0.0:
        if t_eval_s is None:
            return s0.copy(), None
        return s0.copy(), np.repeat(s0[None], len(t_eval_s), axis=0)
    small = n <= SMALL_BATCH
    sol = solve_ivp(
        _rhs_small if small else _rhs,
        (0.0, float(duration_s)),
        s0.ravel(),
        method="DOP853",
        rtol=rtol,
        atol=atol,
        t_eval=t_eval_s,
        args=([float(b) for b in ballistic] if small else ballistic, model),
    )
    if not sol.success:  # pragma: no cover - DOP853 only fails on NaN input
        raise FloatingPointError(f"orbit integration failed: {sol.message}")
    final = sol.y[:, -1].reshape(n, 6) if t_eval_s is None else None
    if t_eval_s is None:
        assert final is not None
        return final, None
    hist = sol.y.T.reshape(-1, n, 6)
    end = hist[-1] if np.isclose(t_eval_s[-1], duration_s) else None
    if end is None:
        end2, _ = propagate(s0, duration_s, ballistic, model, rtol=rtol, atol=atol)
        end = end2
    return end, hist


def specific_energy_km2_s2(state_km: NDArray[np.float64]) -> NDArray[np.float64]:
    """Two-body specific orbital energy [km^2/s^2] of (N, 6) states."""
    s = np.asarray(state_km).reshape(-1, 6)
    r = np.linalg.norm(s[:, :3], axis=1)
    v2 = np.sum(s[:, 3:] ** 2, axis=1)
    return np.asarray(0.5 * v2 - MU_EARTH_KM3_S2 / r, dtype=np.float64)
