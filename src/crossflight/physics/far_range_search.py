"""Two-body far-range search: the phasing burn, the Lambert legs and the aim point.

Used by :func:`crossflight.physics.phasing_burns.plan_phasing` over its grid of first-burn
times: Nelder-Mead over the phasing burn (and the co-elliptic aim point's along-track offset)
on the two-body cost of the whole impulse sequence, every Lambert leg held to the revolution
count that completes the window model's phase gain when one is given.
Plain arrays: km, km/s, s, rad (TEME).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import minimize

from crossflight.physics.dynamics import MU_EARTH_KM3_S2
from crossflight.physics.kepler import kepler_propagate
from crossflight.physics.lambert import lambert
from crossflight.physics.relative import lvlh_basis, lvlh_to_eci

__all__ = [
    "held_angles",
    "in_plane",
    "lambert_cost",
    "mean_motion",
    "optimise_phasing_burn",
    "optimise_with_aim",
    "plane_rotation",
    "signed_angle",
    "unwrapped",
]

F64 = NDArray[np.float64]
SIN_MIN_TRANSFER_ANGLE = float(np.sin(np.radians(15.0)))
TWO_PI = 2.0 * math.pi
SEARCH_GRID = 120
"""Lambert root-bracketing grid inside the search (a candidate's final solve uses 2000)."""


def signed_angle(r0: F64, r1: F64, normal: F64) -> float:
    """Angle (rad, [0, 2 pi)) from ``r0`` to ``r1`` in the sense of ``normal``."""
    h = normal / np.linalg.norm(normal)
    ang = math.atan2(float(np.cross(r0, r1) @ h), float(r0 @ r1))
    return ang % TWO_PI


def unwrapped(r0: F64, r1: F64, normal: F64, estimate_rad: float) -> float:
    """The angle from ``r0`` to ``r1`` plus the whole laps that bring it nearest ``estimate``."""
    ang = signed_angle(r0, r1, normal)
    return ang + TWO_PI * round((estimate_rad - ang) / TWO_PI)


def _revolution_counts(
    r1: F64, r_gate: F64, tof: float, normal: F64, leg_angle_rad: float | None
) -> range:
    """Lambert revolution counts to try: the one that flies ``leg_angle_rad`` (the window
    model's phase gain, held) or, without it, the counts plausible for the time of flight."""
    if leg_angle_rad is not None:
        m = round((leg_angle_rad - signed_angle(r1, r_gate, normal)) / TWO_PI)
        return range(max(0, m), max(0, m) + 1)
    a_mean = 0.5 * (float(np.linalg.norm(r1)) + float(np.linalg.norm(r_gate)))
    period = 2.0 * np.pi * np.sqrt(a_mean**3 / MU_EARTH_KM3_S2)
    m_est = int(tof // period)
    return range(max(0, m_est - 1), m_est + 2)


def lambert_cost(
    r1: F64,
    v1_now: F64,
    r_gate: F64,
    v_gate: F64,
    tof: float,
    normal: F64,
    grid: int,
    leg_angle_rad: float | None = None,
) -> tuple[float, int, F64]:
    """Cheapest |dv_depart| + |dv_arrive| [km/s] over the allowed revolution counts.

    Geometries within 15 deg of a 0/180 deg transfer angle are refused (infinite cost): there
    the transfer plane is ill-defined and any out-of-plane offset costs without bound.
    """
    sin_angle = np.linalg.norm(np.cross(r1, r_gate)) / (np.linalg.norm(r1) * np.linalg.norm(r_gate))
    if sin_angle < SIN_MIN_TRANSFER_ANGLE:
        return (np.inf, 0, np.zeros(3))
    best = (np.inf, 0, np.zeros(3))
    for m in _revolution_counts(r1, r_gate, tof, normal, leg_angle_rad):
        for sol in lambert(r1, r_gate, tof, revolutions=m, normal_hint=normal, grid=grid):
            cost = float(
                np.linalg.norm(sol.v1_km_s - v1_now) + np.linalg.norm(v_gate - sol.v2_km_s)
            )
            if cost < best[0]:
                best = (cost, m, sol.v1_km_s - v1_now)
    return best


def plane_rotation(r_km: F64, v_km_s: F64, ship_km: F64) -> F64:
    """Rotation (3, 3) taking the plane of (r, v) onto the ship's orbit plane (minimal, about
    the node line)."""
    h = np.cross(ship_km[:3], ship_km[3:])
    h /= np.linalg.norm(h)
    ht = np.cross(r_km, v_km_s)
    ht /= np.linalg.norm(ht)
    axis = np.cross(ht, h)
    s = float(np.linalg.norm(axis))
    if s < 1e-12:
        return np.eye(3)
    axis /= s
    ang = float(np.arctan2(s, ht @ h))
    k = np.array([[0, -axis[2], axis[1]], [axis[2], 0, -axis[0]], [-axis[1], axis[0], 0]])
    return np.asarray(np.eye(3) + np.sin(ang) * k + (1 - np.cos(ang)) * (k @ k), dtype=np.float64)


def in_plane(r_km: F64, v_km_s: F64, ship_km: F64) -> tuple[F64, F64]:
    """Rotate a target state into the ship's orbit plane (minimal rotation about the node line).

    The window model inserts the ship into a plane that J2 regression will bring onto the
    station's by docking time; a two-body search would instead pay to change the plane.  The
    search therefore works in-plane; the nonlinear targeting restores the real geometry.
    """
    rot = plane_rotation(r_km, v_km_s, ship_km)
    return rot @ r_km, rot @ v_km_s


def _leg_angle(
    ship1: F64, r2: F64, tau_s: float, normal: F64, target_angle_rad: float | None
) -> float | None:
    """Angle left to fly from ``r2`` (after the coast ``tau_s`` from ``ship1``) to the target,
    given the angle the whole plan must fly from ``ship1`` (None: not held)."""
    if target_angle_rad is None:
        return None
    n = math.sqrt(MU_EARTH_KM3_S2 / float(np.linalg.norm(ship1[:3])) ** 3)
    return target_angle_rad - unwrapped(ship1[:3], r2, normal, n * tau_s)


def optimise_phasing_burn(
    ship1: F64,
    tau_s: float,
    r_gate: F64,
    v_gate: F64,
    tof2: float,
    normal: F64,
    target_angle_rad: float | None = None,
) -> tuple[float, F64, int, F64]:
    """Phasing burn (LVLH, km/s) minimising the three-impulse two-body cost (Nelder-Mead).

    ``target_angle_rad``: the angle the ship must fly from ``ship1`` to the gate (the held
    phase gain); it fixes the Lambert revolution count."""
    basis = lvlh_basis(ship1[None, :3], ship1[None, 3:])[0]

    def leg(r2: F64) -> float | None:
        return _leg_angle(ship1, r2, tau_s, normal, target_angle_rad)

    def cost(x_m_s: F64) -> float:
        dv1 = (x_m_s * 1e-3) @ basis
        r2, v2 = kepler_propagate(ship1[:3], ship1[3:] + dv1, tau_s)
        c, _, _ = lambert_cost(r2, v2, r_gate, v_gate, tof2, normal, SEARCH_GRID, leg(r2))
        if not np.isfinite(c):  # refused geometry: a large finite cost keeps Nelder-Mead sane
            c = 100.0
        return float(np.linalg.norm(x_m_s) * 1e-3 + c)

    best: tuple[float, F64] = (np.inf, np.zeros(3))
    for start in ([0.0, 0.0, 0.0], [0.0, 40.0, 0.0], [0.0, -20.0, 0.0]):
        res = minimize(
            cost,
            np.array(start),
            method="Nelder-Mead",
            options={"xatol": 0.05, "fatol": 1e-6, "maxiter": 400, "initial_simplex": None},
        )
        if res.fun < best[0]:
            best = (float(res.fun), np.asarray(res.x))
    x = best[1]
    dv1_lvlh = x * 1e-3
    r2, v2 = kepler_propagate(ship1[:3], ship1[3:] + dv1_lvlh @ basis, tau_s)
    _, m, dv2 = lambert_cost(r2, v2, r_gate, v_gate, tof2, normal, 2000, leg(r2))
    return best[0], dv1_lvlh, m, dv2


def optimise_with_aim(
    ship1: F64,
    tau_s: float,
    station_aim: F64,
    aim_below_km: float,
    gate_offset_km: tuple[float, float, float],
    r_gate: F64,
    v_gate: F64,
    tof_leg_s: float,
    raise_s: float,
    normal: F64,
    target_angle_rad: float | None = None,
) -> tuple[float, F64, float, int, F64]:
    """Four-impulse search: phasing burn (LVLH) and the aim point's along-track offset (km).

    Legs: phasing burn -> coast ``tau_s`` -> height adjustment (multi-revolution Lambert to the
    aim point, ``aim_below_km`` under the station) -> final raise (Lambert to the gate in
    ``raise_s``) -> gate arrival.  The aim point's along-track position is a continuous phase
    dial, so the cost no longer jumps with the number of revolutions.  Returns (cost km/s,
    phasing burn LVLH km/s, aim along-track km, revolutions, height-adjustment burn km/s).
    """
    basis = lvlh_basis(ship1[None, :3], ship1[None, 3:])[0]
    n_st = float(np.sqrt(MU_EARTH_KM3_S2 / np.linalg.norm(station_aim[:3]) ** 3))

    # The aim state is affine in its along-track offset y: precompute y = 0 and y = 1 km, and
    # the rotation into the ship's plane (the same for every y: the station's plane).
    r_aim, v_aim = lvlh_to_eci(
        np.repeat(station_aim[None, :3], 2, axis=0),
        np.repeat(station_aim[None, 3:], 2, axis=0),
        np.array([[-aim_below_km, 0.0, 0.0], [-aim_below_km, 1.0, 0.0]]),
        np.tile([0.0, 1.5 * n_st * aim_below_km, 0.0], (2, 1)),
    )
    rot = plane_rotation(r_aim[0], v_aim[0], ship1)
    r0, dr = rot @ r_aim[0], rot @ (r_aim[1] - r_aim[0])
    v0, dv_y = rot @ v_aim[0], rot @ (v_aim[1] - v_aim[0])

    def aim_state(y_km: float) -> tuple[F64, F64]:
        return r0 + y_km * dr, v0 + y_km * dv_y

    def legs(x: F64) -> tuple[float, int, F64]:
        dv1 = (x[:3] * 1e-3) @ basis
        r2, v2 = kepler_propagate(ship1[:3], ship1[3:] + dv1, tau_s)
        r_a, _ = aim_state(float(x[3]))
        final = lambert(r_a, r_gate, raise_s, normal_hint=normal, grid=SEARCH_GRID)
        if not final:
            return np.inf, 0, np.zeros(3)
        arr_cost = float(np.linalg.norm(v_gate - final[0].v2_km_s))
        sin_angle = np.linalg.norm(np.cross(r2, r_a)) / (np.linalg.norm(r2) * np.linalg.norm(r_a))
        best = (np.inf, 0, np.zeros(3))
        if sin_angle < SIN_MIN_TRANSFER_ANGLE:
            return best
        held = _leg_angle(ship1, r2, tau_s, normal, target_angle_rad)
        if held is not None:  # the aim point sits x[3] km along track from the station
            held += float(x[3]) / float(np.linalg.norm(r_a))
        for m in _revolution_counts(r2, r_a, tof_leg_s, normal, held):
            for sol in lambert(
                r2, r_a, tof_leg_s, revolutions=m, normal_hint=normal, grid=SEARCH_GRID
            ):
                c = float(
                    np.linalg.norm(sol.v1_km_s - v2)
                    + np.linalg.norm(final[0].v1_km_s - sol.v2_km_s)
                    + arr_cost
                )
                if c < best[0]:
                    best = (c, m, sol.v1_km_s - v2)
        return best

    def cost(x: F64) -> float:
        c, _, _ = legs(x)
        return float(np.linalg.norm(x[:3]) * 1e-3 + (c if np.isfinite(c) else 100.0))

    y0 = gate_offset_km[1] - 0.75 * np.pi * aim_below_km
    best: tuple[float, F64] = (np.inf, np.zeros(4))
    for start in ([0.0, 0.0, 0.0, y0], [0.0, 40.0, 0.0, y0], [0.0, -20.0, 0.0, y0]):
        x0 = np.array(start)
        simplex = np.vstack([x0, x0 + np.diag([5.0, 5.0, 5.0, 20.0])])
        res = minimize(
            cost,
            x0,
            method="Nelder-Mead",
            options={"xatol": 0.05, "fatol": 1e-6, "maxiter": 600, "initial_simplex": simplex},
        )
        if res.fun < best[0]:
            best = (float(res.fun), np.asarray(res.x))
    _, m, dv2 = legs(best[1])
    return best[0], best[1][:3] * 1e-3, float(best[1][3]), m, dv2


def mean_motion(state_km: F64) -> float:
    r = float(np.linalg.norm(state_km[:3]))
    a = 1.0 / (2.0 / r - float(state_km[3:] @ state_km[3:]) / MU_EARTH_KM3_S2)
    return math.sqrt(MU_EARTH_KM3_S2 / a**3)


def held_angles(
    ship_km: F64,
    station_km: F64,
    station_hist: F64,
    t_offsets: F64,
    normal: F64,
    gain_rad: float | None,
) -> F64 | None:
    """Angle (rad) the ship must have flown from insertion to meet the station at each time.

    The station leads by ``theta`` at insertion; gaining ``gain = theta + 2 pi k`` means the
    ship flies the station's own angle plus ``theta + 2 pi k``.  None when no gain is held.
    """
    if gain_rad is None:
        return None
    theta = signed_angle(ship_km[:3], station_km[:3], normal)
    laps = round((gain_rad - theta) / TWO_PI)
    n_st = mean_motion(station_km)
    travel = np.array(
        [
            unwrapped(station_km[:3], st[:3], normal, n_st * float(dt))
            for st, dt in zip(station_hist, t_offsets, strict=True)
        ]
    )
    return np.asarray(theta + TWO_PI * laps + travel, dtype=np.float64)
