"""Burn planning for the far-range (phasing) part of a rendezvous, per published scheme.

Each scheme is a *timeline* taken from the published profile (when the first burn may be made,
when the mid-course correction is made, when the ship must reach the approach gate) plus a gate
point a few km behind and below the station in its LVLH frame.  The burns themselves are SOLVED:

1. **Two-body search** (:mod:`crossflight.physics.lambert`, :mod:`crossflight.physics.kepler`):
   over a grid of first-burn times inside the scheme's window, the phasing burn (3 LVLH
   components) is optimised by Nelder-Mead for the least total of phasing + height-adjustment
   (Lambert, any number of complete revolutions, both roots) + gate-arrival delta-v.  With
   ``final_raise_before_gate_s`` (2-day) the long leg ends at a co-elliptic aim point below the
   station whose along-track position is optimised too, and a final-raise Lambert arc joins it
   to the gate.  Without ``height_adjust_after_first_s``: plain two-impulse Lambert search.
2. **Nonlinear targeting**: the height-adjustment (and final-raise) burn is corrected in the
   full force model (J2-J4 + drag, :mod:`crossflight.physics.dynamics`) by Newton iterations
   with a finite-difference sensitivity matrix on a curvilinear miss (radius, arc, out of
   plane) until the ship reaches its aim point (miss < 5 m).
3. A **mid-course correction** re-targets the aim point from the ship's actual state (nominally
   ~0; it absorbs insertion and execution errors in dispersed runs).

Published schemes followed (see ``data/rendezvous.toml`` for numbers and sources):

* ``2-orbit``: Murtazin & Budylov, Acta Astronautica 67 (2010) 900-909, and Murtazin, IAC 2016
  (two-orbit scheme with quasi-coplanar insertion): phasing burns on the first orbit, autonomous
  approach from the end of the second orbit.
* ``4-orbit``: the four-orbit (~6 h) scheme flown from Progress M-16M (2012).
* ``2-day``: the classic multi-day Soyuz/Progress scheme (~34 orbits, ~50 h): phasing burns on
  orbits 2-5 of day 1, corrections on day 2, a final raise from a co-elliptic aim point below
  the station, autonomous approach on day 3 (UTC).

All functions take plain arrays: states (N, 6) TEME [km, km/s], times POSIX UTC seconds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import minimize

from crossflight.physics.dynamics import FULL_MODEL, MU_EARTH_KM3_S2, ForceModel, propagate
from crossflight.physics.kepler import kepler_propagate
from crossflight.physics.lambert import lambert
from crossflight.physics.relative import lvlh_basis, lvlh_to_eci

__all__ = [
    "InfeasibleTransferError",
    "PhasingPlan",
    "Scheme",
    "gate_state",
    "plan_phasing",
    "target_position",
]

F64 = NDArray[np.float64]
SIN_MIN_TRANSFER_ANGLE = float(np.sin(np.radians(15.0)))
TWO_PI = 2.0 * math.pi


class InfeasibleTransferError(ValueError):
    """No transfer within the scheme's delta-v budget (``best_dv_m_s`` is the cheapest found)."""

    def __init__(self, message: str, best_dv_m_s: float) -> None:
        self.best_dv_m_s = best_dv_m_s
        super().__init__(message)


@dataclass(frozen=True)
class Scheme:
    """Timeline of a published rendezvous scheme (seconds after orbit insertion).

    ``height_adjust_after_first_s``: when set, a three-impulse far range (phasing burn at t1,
    optimised; height-adjustment burn this long after it, solved by Lambert to the gate; gate
    braking).  When ``None``, a two-impulse multi-revolution Lambert transfer from t1.
    """

    name: str
    first_burn_earliest_s: float
    first_burn_latest_s: float
    gate_after_insertion_s: float
    gate_tolerance_s: float
    midcourse_before_gate_s: float
    gate_lvlh_km: tuple[float, float, float]  # [r, t, n] of the gate in the station's LVLH
    dv_budget_m_s: float  # far-range budget; beyond it the profile is infeasible
    height_adjust_after_first_s: float | None = None
    final_raise_before_gate_s: float | None = None  # a co-elliptic aim point + final raise burn
    aim_below_km: float = 15.0  # start height of the final raise below the station


@dataclass(frozen=True)
class PhasingPlan:
    """The solved nominal far-range plan (times POSIX UTC s, vectors TEME)."""

    first_burn_utc_s: float
    dv_first_lvlh_km_s: F64 | None  # (3,) open-loop phasing burn in the ship LVLH (3-impulse)
    targeting_burn_utc_s: float  # the burn solved to reach the gate (t2, or t1 for 2-impulse)
    dv_targeting_km_s: F64  # (3,) nominal inertial value of that burn, full model
    midcourse_utc_s: float
    gate_utc_s: float
    revolutions: int  # complete revolutions of the Lambert leg to the gate
    two_body_dv_m_s: float  # two-body estimate of the far-range cost incl. gate braking
    gate_r_km: F64  # (3,) inertial gate point at gate time
    gate_v_km_s: F64  # (3,) inertial velocity of the gate point (at rest in LVLH)
    jacobian_targeting: F64  # d miss / d dv (3, 3) [km per km/s] in the full model
    jacobian_mid: F64  # same for the mid-course burn
    aim_utc_s: float = 0.0  # when the targeting/mid-course burns aim (the gate or the aim point)
    aim_r_km: F64 | None = None  # (3,) aim point; None: the gate itself
    aim_v_km_s: F64 | None = None
    dv_final_km_s: F64 | None = None  # (3,) nominal final-raise burn at the aim point
    jacobian_final: F64 | None = None
    in_plane_targeting: bool = False  # burns before the final raise stay in the ship's plane


def gate_state(station_km: F64, gate_lvlh_km: tuple[float, float, float]) -> tuple[F64, F64]:
    """Inertial position [km] and velocity [km/s] (3,) of the gate point at rest in LVLH."""
    r, v = lvlh_to_eci(
        station_km[None, :3], station_km[None, 3:], np.array([gate_lvlh_km]), np.zeros((1, 3))
    )
    return r[0], v[0]


def _curvilinear_miss(r_km: F64, target_r_km: F64, target_v_km_s: F64) -> F64:
    """Miss (N, 3) [km] in curvilinear target coordinates: radius difference, arc along the
    target's orbit (radius x angle), out of its plane.  Nearly linear in the burn even when the
    along-track miss is thousands of km (a Cartesian miss is not: the orbit curves)."""
    e_r = target_r_km / np.linalg.norm(target_r_km)
    h = np.cross(target_r_km, target_v_km_s)
    e_n = h / np.linalg.norm(h)
    e_t = np.cross(e_n, e_r)
    p = np.atleast_2d(r_km)
    x, y, z = p @ e_r, p @ e_t, p @ e_n
    rad = float(np.linalg.norm(target_r_km))
    return np.stack([np.hypot(x, y) - rad, rad * np.arctan2(y, x), z], axis=1)


def _sensitivity(
    state_km: F64,
    duration_s: float,
    ballistic: F64,
    model: ForceModel,
    target_r_km: F64,
    target_v_km_s: F64,
    step_km_s: float = 1e-4,
) -> F64:
    """Finite-difference d miss(t+duration) / d v(t) (3, 3) of one body: 4 bodies in one call."""
    stack = np.repeat(state_km[None, :], 4, axis=0)
    stack[1:, 3:] += np.eye(3) * step_km_s
    end, _ = propagate(stack, duration_s, np.repeat(ballistic[:1], 4), model)
    miss = _curvilinear_miss(end[:, :3], target_r_km, target_v_km_s)
    return np.asarray((miss[1:] - miss[0]).T / step_km_s, dtype=np.float64)


def target_position(
    states_km: F64,
    duration_s: float,
    target_r_km: F64,
    target_v_km_s: F64,
    ballistic_m2_kg: F64,
    model: ForceModel,
    *,
    dv_guess_km_s: F64 | None = None,
    jacobian: F64 | None = None,
    tol_km: float = 0.005,
    max_iter: int = 8,
    max_step_km_s: float = 0.02,
    in_plane: bool = False,
) -> tuple[F64, F64]:
    """Velocity increments (N, 3) [km/s] that bring N ships to ``target_r_km`` (3,) in time.

    ``target_v_km_s`` (3,) orients the curvilinear miss coordinates (the target's orbit).
    ``in_plane``: burn only in the ship's own orbit plane and null only the radius and arc
    misses (the out-of-plane offset is left to J2 plane closing and later burns: a
    position-only solve would fly an out-of-plane dogleg).

    Newton-chord on all ships at once (one ``solve_ivp`` per iteration), steps capped at
    ``max_step_km_s``: the sensitivity matrix ``jacobian`` (finite differences on the first
    ship when not given) is reused while the miss shrinks at least tenfold per iteration and
    recomputed otherwise.  Returns the increments and the final miss distances (N,) [km].
    """
    s = np.array(states_km, dtype=np.float64, copy=True).reshape(-1, 6)
    dv = np.zeros((s.shape[0], 3)) if dv_guess_km_s is None else np.array(dv_guess_km_s)
    ballistic = np.broadcast_to(np.asarray(ballistic_m2_kg, dtype=np.float64), (s.shape[0],))
    miss = np.full(s.shape[0], np.inf)
    fixed = jacobian is not None
    basis = lvlh_basis(s[:1, :3], s[:1, 3:])[0][:2].T if in_plane else np.eye(3)  # (3, k)
    rows = slice(0, 2) if in_plane else slice(0, 3)
    last = np.inf
    for _ in range(max_iter):
        trial = s.copy()
        trial[:, 3:] += dv
        end, _ = propagate(trial, duration_s, ballistic, model)
        err = _curvilinear_miss(end[:, :3], target_r_km, target_v_km_s)[:, rows]
        miss = (
            np.linalg.norm(err, axis=1)
            if in_plane
            else np.linalg.norm(end[:, :3] - target_r_km, axis=1)
        )
        worst = float(np.max(miss))
        if worst < tol_km:
            break
        if jacobian is None or (not fixed and worst > 0.1 * last):
            jacobian = _sensitivity(
                trial[0], duration_s, ballistic, model, target_r_km, target_v_km_s
            )
        last = worst
        j = jacobian[rows] @ basis
        step = np.linalg.lstsq(j, -err.T, rcond=1e-6)[0].T @ basis.T
        norm = np.linalg.norm(step, axis=1, keepdims=True)
        dv = dv + step * np.minimum(1.0, max_step_km_s / np.maximum(norm, 1e-15))
    return dv, miss


def _signed_angle(r0: F64, r1: F64, normal: F64) -> float:
    """Angle (rad, [0, 2 pi)) from ``r0`` to ``r1`` in the sense of ``normal``."""
    h = normal / np.linalg.norm(normal)
    ang = math.atan2(float(np.cross(r0, r1) @ h), float(r0 @ r1))
    return ang % TWO_PI


def _unwrapped(r0: F64, r1: F64, normal: F64, estimate_rad: float) -> float:
    """The angle from ``r0`` to ``r1`` plus the whole laps that bring it nearest ``estimate``."""
    ang = _signed_angle(r0, r1, normal)
    return ang + TWO_PI * round((estimate_rad - ang) / TWO_PI)


def _revolution_counts(
    r1: F64, r_gate: F64, tof: float, normal: F64, leg_angle_rad: float | None
) -> range:
    """Lambert revolution counts to try: the one that flies ``leg_angle_rad`` (the window
    model's phase gain, held) or, without it, the counts plausible for the time of flight."""
    if leg_angle_rad is not None:
        m = round((leg_angle_rad - _signed_angle(r1, r_gate, normal)) / TWO_PI)
        return range(max(0, m), max(0, m) + 1)
    a_mean = 0.5 * (float(np.linalg.norm(r1)) + float(np.linalg.norm(r_gate)))
    period = 2.0 * np.pi * np.sqrt(a_mean**3 / MU_EARTH_KM3_S2)
    m_est = int(tof // period)
    return range(max(0, m_est - 1), m_est + 2)


def _lambert_cost(
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


def _in_plane(r_km: F64, v_km_s: F64, ship_km: F64) -> tuple[F64, F64]:
    """Rotate a target state into the ship's orbit plane (minimal rotation about the node line).

    The window model inserts the ship into a plane that J2 regression will bring onto the
    station's by docking time; a two-body search would instead pay to change the plane.  The
    search therefore works in-plane; the nonlinear targeting restores the real geometry.
    """
    h = np.cross(ship_km[:3], ship_km[3:])
    h /= np.linalg.norm(h)
    ht = np.cross(r_km, v_km_s)
    ht /= np.linalg.norm(ht)
    axis = np.cross(ht, h)
    s = float(np.linalg.norm(axis))
    if s < 1e-12:
        return r_km, v_km_s
    axis /= s
    ang = float(np.arctan2(s, ht @ h))
    k = np.array([[0, -axis[2], axis[1]], [axis[2], 0, -axis[0]], [-axis[1], axis[0], 0]])
    rot = np.eye(3) + np.sin(ang) * k + (1 - np.cos(ang)) * (k @ k)
    return rot @ r_km, rot @ v_km_s


def _leg_angle(
    ship1: F64, r2: F64, tau_s: float, normal: F64, target_angle_rad: float | None
) -> float | None:
    """Angle left to fly from ``r2`` (after the coast ``tau_s`` from ``ship1``) to the target,
    given the angle the whole plan must fly from ``ship1`` (None: not held)."""
    if target_angle_rad is None:
        return None
    n = math.sqrt(MU_EARTH_KM3_S2 / float(np.linalg.norm(ship1[:3])) ** 3)
    return target_angle_rad - _unwrapped(ship1[:3], r2, normal, n * tau_s)


def _optimise_phasing_burn(
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
        c, _, _ = _lambert_cost(r2, v2, r_gate, v_gate, tof2, normal, 300, leg(r2))
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
    _, m, dv2 = _lambert_cost(r2, v2, r_gate, v_gate, tof2, normal, 2000, leg(r2))
    return best[0], dv1_lvlh, m, dv2


def _optimise_with_aim(
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

    def aim_state(y_km: float) -> tuple[F64, F64]:
        r, v = lvlh_to_eci(
            station_aim[None, :3],
            station_aim[None, 3:],
            np.array([[-aim_below_km, y_km, 0.0]]),
            np.array([[0.0, 1.5 * n_st * aim_below_km, 0.0]]),
        )
        return _in_plane(r[0], v[0], ship1)

    def legs(x: F64) -> tuple[float, int, F64]:
        dv1 = (x[:3] * 1e-3) @ basis
        r2, v2 = kepler_propagate(ship1[:3], ship1[3:] + dv1, tau_s)
        r_a, _ = aim_state(float(x[3]))
        final = lambert(r_a, r_gate, raise_s, normal_hint=normal, grid=300)
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
            for sol in lambert(r2, r_a, tof_leg_s, revolutions=m, normal_hint=normal, grid=300):
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


def _mean_motion(state_km: F64) -> float:
    r = float(np.linalg.norm(state_km[:3]))
    a = 1.0 / (2.0 / r - float(state_km[3:] @ state_km[3:]) / MU_EARTH_KM3_S2)
    return math.sqrt(MU_EARTH_KM3_S2 / a**3)


def _held_angles(
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
    theta = _signed_angle(ship_km[:3], station_km[:3], normal)
    laps = round((gain_rad - theta) / TWO_PI)
    n_st = _mean_motion(station_km)
    travel = np.array(
        [
            _unwrapped(station_km[:3], st[:3], normal, n_st * float(dt))
            for st, dt in zip(station_hist, t_offsets, strict=True)
        ]
    )
    return np.asarray(theta + TWO_PI * laps + travel, dtype=np.float64)


def plan_phasing(
    t_insertion_utc_s: float,
    ship_km: F64,
    station_km: F64,
    scheme: Scheme,
    ballistic_ship_m2_kg: float,
    ballistic_station_m2_kg: float,
    model: ForceModel = FULL_MODEL,
    *,
    first_burn_grid: int = 5,
    gate_grid: int = 3,
    gain_rad: float | None = None,
) -> PhasingPlan:
    """Solve the nominal far-range plan from the insertion state (both (6,) TEME at insertion).

    ``gain_rad``: the phase gain the window model planned (station lead at insertion plus the
    whole laps it chose).  The search is held to it: every Lambert leg flies the revolution
    count that completes exactly that gain, so the ship keeps the phasing altitude the window
    model assumed and J2 closes the planes as planned (without it the cheapest count is taken,
    which may gain a lap less and leave the planes apart).

    Raises :class:`InfeasibleTransferError` when even the cheapest transfer exceeds the scheme's
    delta-v budget (the phase at insertion is outside what the scheme can absorb).
    """
    t1_offsets = np.linspace(
        scheme.first_burn_earliest_s, scheme.first_burn_latest_s, first_burn_grid
    )
    if gate_grid > 1 and scheme.gate_tolerance_s > 0.0:
        tg_offsets = scheme.gate_after_insertion_s + np.linspace(
            -scheme.gate_tolerance_s, scheme.gate_tolerance_s, gate_grid
        )
    else:
        tg_offsets = np.array([scheme.gate_after_insertion_s])
    bodies = np.stack([ship_km, station_km])
    ballistic = np.array([ballistic_ship_m2_kg, ballistic_station_m2_kg])
    # One integration of ship + station, sampled at every candidate time (full force model).
    raise_s = scheme.final_raise_before_gate_s
    aim_mode = raise_s is not None and scheme.height_adjust_after_first_s is not None
    extra = tg_offsets - raise_s if aim_mode and raise_s is not None else np.array([])
    t_all = np.unique(np.concatenate([t1_offsets, tg_offsets, extra]))
    _, hist = propagate(bodies, float(t_all[-1]), ballistic, model, t_eval_s=t_all)
    assert hist is not None
    index = {float(t): k for k, t in enumerate(t_all)}
    normal = np.cross(ship_km[:3], ship_km[3:])
    angle_to = _held_angles(ship_km, station_km, hist[:, 1], t_all, normal, gain_rad)
    tau = scheme.height_adjust_after_first_s
    Candidate = tuple[float, float, float, int, F64, F64 | None, float]
    best: Candidate | None = None
    for t1 in t1_offsets:
        ship1 = hist[index[float(t1)], 0]
        psi1 = _unwrapped(ship_km[:3], ship1[:3], normal, _mean_motion(ship_km) * float(t1))
        for tg in tg_offsets:
            y_gate = scheme.gate_lvlh_km[1] / float(np.linalg.norm(ship1[:3]))
            held_gate = None if angle_to is None else angle_to[index[float(tg)]] - psi1 + y_gate
            held_aim = (
                None
                if angle_to is None or raise_s is None or not aim_mode
                else angle_to[index[float(tg - raise_s)]] - psi1
            )
            r_gate, v_gate = _in_plane(
                *gate_state(hist[index[float(tg)], 1], scheme.gate_lvlh_km), ship1
            )
            if tau is None:
                cost, m, dv = _lambert_cost(
                    ship1[:3], ship1[3:], r_gate, v_gate, float(tg - t1), normal, 4000, held_gate
                )
                cand: Candidate = (cost, float(t1), float(tg), m, dv, None, 0.0)
            elif aim_mode and raise_s is not None:
                cost, dv1, y_aim, m, dv = _optimise_with_aim(
                    ship1, tau, hist[index[float(tg - raise_s)], 1], scheme.aim_below_km,
                    scheme.gate_lvlh_km, r_gate, v_gate, float(tg - raise_s - t1 - tau),
                    raise_s, normal, held_aim,
                )  # fmt: skip
                cand = (cost, float(t1), float(tg), m, dv, dv1, y_aim)
            else:
                cost, dv1, m, dv = _optimise_phasing_burn(
                    ship1, tau, r_gate, v_gate, float(tg - t1 - tau), normal, held_gate
                )
                cand = (cost, float(t1), float(tg), m, dv, dv1, 0.0)
            if best is None or cand[0] < best[0]:
                best = cand
    if best is None or not np.isfinite(best[0]):
        raise InfeasibleTransferError(f"no {scheme.name} transfer from this insertion", np.inf)
    cost_km_s, t1, tg, m, dv_guess, dv1_lvlh, y_aim = best
    if cost_km_s * 1e3 > scheme.dv_budget_m_s:
        raise InfeasibleTransferError(
            f"the cheapest {scheme.name} transfer needs {cost_km_s * 1e3:.0f} m/s, over the "
            f"{scheme.dv_budget_m_s:.0f} m/s budget",
            cost_km_s * 1e3,
        )
    b_ship = np.array([ballistic_ship_m2_kg])
    r_gate, v_gate = gate_state(hist[index[tg], 1], scheme.gate_lvlh_km)
    state = hist[index[t1], 0].copy()
    t_target = t1
    if dv1_lvlh is not None and tau is not None:
        basis = lvlh_basis(state[None, :3], state[None, 3:])[0]
        state[3:] += dv1_lvlh @ basis
        end, _ = propagate(state[None], tau, b_ship, model)
        state = end[0]
        t_target = t1 + tau
    # What the targeting and mid-course burns aim at: the gate, or the co-elliptic aim point.
    t_aim = tg
    aim_r, aim_v = r_gate, v_gate
    if aim_mode and raise_s is not None:
        t_aim = tg - raise_s
        st_aim = hist[index[t_aim], 1]
        n_st = float(np.sqrt(MU_EARTH_KM3_S2 / np.linalg.norm(st_aim[:3]) ** 3))
        r_a, v_a = lvlh_to_eci(
            st_aim[None, :3],
            st_aim[None, 3:],
            np.array([[-scheme.aim_below_km, y_aim, 0.0]]),
            np.array([[0.0, 1.5 * n_st * scheme.aim_below_km, 0.0]]),
        )
        aim_r, aim_v = r_a[0], v_a[0]
    dv_t, _ = target_position(
        state[None], t_aim - t_target, aim_r, aim_v, b_ship, model, dv_guess_km_s=dv_guess[None],
        in_plane=aim_mode,
    )  # fmt: skip
    s1 = state.copy()
    s1[3:] += dv_t[0]
    jac_t = _sensitivity(s1, t_aim - t_target, b_ship, model, aim_r, aim_v)
    t_mid = tg - scheme.midcourse_before_gate_s
    if not t_target < t_mid < t_aim:
        raise ValueError("the mid-course correction must come between targeting and aim")
    mid, _ = propagate(s1[None], t_mid - t_target, b_ship, model)
    jac_mid = _sensitivity(mid[0], t_aim - t_mid, b_ship, model, aim_r, aim_v)
    dv_final = jac_final = None
    if t_aim < tg:
        at_aim, _ = propagate(mid, t_aim - t_mid, b_ship, model)
        sols = lambert(at_aim[0, :3], r_gate, tg - t_aim, normal_hint=normal)
        guess = (sols[0].v1_km_s - at_aim[0, 3:]) if sols else np.zeros(3)
        dvf, _ = target_position(
            at_aim, tg - t_aim, r_gate, v_gate, b_ship, model, dv_guess_km_s=guess[None]
        )
        dv_final = dvf[0]
        sf = at_aim[0].copy()
        sf[3:] += dv_final
        jac_final = _sensitivity(sf, tg - t_aim, b_ship, model, r_gate, v_gate)
    return PhasingPlan(
        first_burn_utc_s=t_insertion_utc_s + t1,
        dv_first_lvlh_km_s=dv1_lvlh,
        targeting_burn_utc_s=t_insertion_utc_s + t_target,
        dv_targeting_km_s=dv_t[0],
        midcourse_utc_s=t_insertion_utc_s + t_mid,
        gate_utc_s=t_insertion_utc_s + tg,
        revolutions=m,
        two_body_dv_m_s=cost_km_s * 1e3,
        gate_r_km=r_gate,
        gate_v_km_s=v_gate,
        jacobian_targeting=jac_t,
        jacobian_mid=jac_mid,
        aim_utc_s=t_insertion_utc_s + t_aim,
        aim_r_km=aim_r,
        aim_v_km_s=aim_v,
        dv_final_km_s=dv_final,
        jacobian_final=jac_final,
        in_plane_targeting=aim_mode,
    )
