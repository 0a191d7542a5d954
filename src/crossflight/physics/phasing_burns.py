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

from crossflight.physics.dynamics import FULL_MODEL, MU_EARTH_KM3_S2, ForceModel, propagate
from crossflight.physics.far_range_search import (
    held_angles,
    in_plane,
    lambert_cost,
    mean_motion,
    optimise_phasing_burn,
    optimise_with_aim,
    unwrapped,
)
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


@dataclass(frozen=True)
class _Grid:
    """Ship + station integrated once and sampled at every candidate time of the search."""

    t_offsets: F64
    hist: F64  # (T, 2, 6): ship, station
    index: dict[float, int]

    def ship(self, t: float) -> F64:
        return np.asarray(self.hist[self.index[float(t)], 0], dtype=np.float64)

    def station(self, t: float) -> F64:
        return np.asarray(self.hist[self.index[float(t)], 1], dtype=np.float64)


_Candidate = tuple[float, float, float, int, F64, F64 | None, float]


def _candidate(
    scheme: Scheme,
    grid: _Grid,
    t1: float,
    tg: float,
    normal: F64,
    held_gate: float | None,
    held_aim: float | None,
) -> _Candidate:
    """Two-body cost and burns of one (first-burn time, gate time) candidate."""
    ship1 = grid.ship(t1)
    tau, raise_s = scheme.height_adjust_after_first_s, scheme.final_raise_before_gate_s
    r_gate, v_gate = in_plane(*gate_state(grid.station(tg), scheme.gate_lvlh_km), ship1)
    if tau is None:
        cost, m, dv = lambert_cost(
            ship1[:3], ship1[3:], r_gate, v_gate, tg - t1, normal, 4000, held_gate
        )
        return (cost, t1, tg, m, dv, None, 0.0)
    if raise_s is not None:
        cost, dv1, y_aim, m, dv = optimise_with_aim(
            ship1, tau, grid.station(tg - raise_s), scheme.aim_below_km, scheme.gate_lvlh_km,
            r_gate, v_gate, tg - raise_s - t1 - tau, raise_s, normal, held_aim,
        )  # fmt: skip
        return (cost, t1, tg, m, dv, dv1, y_aim)
    cost, dv1, m, dv = optimise_phasing_burn(
        ship1, tau, r_gate, v_gate, tg - t1 - tau, normal, held_gate
    )
    return (cost, t1, tg, m, dv, dv1, 0.0)


def _search(
    ship_km: F64,
    station_km: F64,
    scheme: Scheme,
    ballistic: F64,
    model: ForceModel,
    first_burn_grid: int,
    gate_grid: int,
    gain_rad: float | None,
) -> tuple[_Candidate, _Grid]:
    """The cheapest two-body candidate over the first-burn (and gate) time grid."""
    t1_offsets = np.linspace(
        scheme.first_burn_earliest_s, scheme.first_burn_latest_s, first_burn_grid
    )
    tg_offsets = np.array([scheme.gate_after_insertion_s])
    if gate_grid > 1 and scheme.gate_tolerance_s > 0.0:
        tg_offsets = tg_offsets + np.linspace(
            -scheme.gate_tolerance_s, scheme.gate_tolerance_s, gate_grid
        )
    raise_s = scheme.final_raise_before_gate_s
    aim_mode = raise_s is not None and scheme.height_adjust_after_first_s is not None
    extra = tg_offsets - raise_s if aim_mode and raise_s is not None else np.array([])
    t_all = np.unique(np.concatenate([t1_offsets, tg_offsets, extra]))
    _, hist = propagate(
        np.stack([ship_km, station_km]), float(t_all[-1]), ballistic, model, t_eval_s=t_all
    )
    assert hist is not None
    grid = _Grid(t_all, hist, {float(t): k for k, t in enumerate(t_all)})
    normal = np.cross(ship_km[:3], ship_km[3:])
    angle_to = held_angles(ship_km, station_km, hist[:, 1], t_all, normal, gain_rad)
    best: _Candidate | None = None
    for t1 in (float(t) for t in t1_offsets):
        ship1 = grid.ship(t1)
        psi1 = unwrapped(ship_km[:3], ship1[:3], normal, mean_motion(ship_km) * t1)
        y_gate = scheme.gate_lvlh_km[1] / float(np.linalg.norm(ship1[:3]))
        for tg in (float(t) for t in tg_offsets):
            held_gate = held_aim = None
            if angle_to is not None:
                held_gate = float(angle_to[grid.index[tg]]) - psi1 + y_gate
                if aim_mode and raise_s is not None:
                    held_aim = float(angle_to[grid.index[tg - raise_s]]) - psi1
            cand = _candidate(
                scheme if aim_mode else _without_raise(scheme), grid, t1, tg, normal,
                held_gate, held_aim,
            )  # fmt: skip
            if best is None or cand[0] < best[0]:
                best = cand
    if best is None or not np.isfinite(best[0]):
        raise InfeasibleTransferError(f"no {scheme.name} transfer from this insertion", np.inf)
    return best, grid


def _without_raise(scheme: Scheme) -> Scheme:
    if scheme.final_raise_before_gate_s is None:
        return scheme
    return Scheme(**{**scheme.__dict__, "final_raise_before_gate_s": None})


def _aim_point(scheme: Scheme, station_aim: F64, y_aim_km: float) -> tuple[F64, F64]:
    """Inertial state of the co-elliptic aim point ``aim_below_km`` under the station."""
    n_st = float(np.sqrt(MU_EARTH_KM3_S2 / np.linalg.norm(station_aim[:3]) ** 3))
    r_a, v_a = lvlh_to_eci(
        station_aim[None, :3],
        station_aim[None, 3:],
        np.array([[-scheme.aim_below_km, y_aim_km, 0.0]]),
        np.array([[0.0, 1.5 * n_st * scheme.aim_below_km, 0.0]]),
    )
    return r_a[0], v_a[0]


def _final_raise(
    mid: F64, t_mid: float, t_aim: float, tg: float, gate: tuple[F64, F64], b_ship: F64,
    model: ForceModel, normal: F64,
) -> tuple[F64, F64]:  # fmt: skip
    """Nominal final-raise burn from the aim point to the gate and its sensitivity."""
    at_aim, _ = propagate(mid, t_aim - t_mid, b_ship, model)
    sols = lambert(at_aim[0, :3], gate[0], tg - t_aim, normal_hint=normal)
    guess = (sols[0].v1_km_s - at_aim[0, 3:]) if sols else np.zeros(3)
    dvf, _ = target_position(
        at_aim, tg - t_aim, gate[0], gate[1], b_ship, model, dv_guess_km_s=guess[None]
    )
    sf = at_aim[0].copy()
    sf[3:] += dvf[0]
    return dvf[0], _sensitivity(sf, tg - t_aim, b_ship, model, gate[0], gate[1])


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
    ballistic = np.array([ballistic_ship_m2_kg, ballistic_station_m2_kg])
    best, grid = _search(
        ship_km, station_km, scheme, ballistic, model, first_burn_grid, gate_grid, gain_rad
    )
    cost_km_s, t1, tg, m, dv_guess, dv1_lvlh, y_aim = best
    if cost_km_s * 1e3 > scheme.dv_budget_m_s:
        raise InfeasibleTransferError(
            f"the cheapest {scheme.name} transfer needs {cost_km_s * 1e3:.0f} m/s, over the "
            f"{scheme.dv_budget_m_s:.0f} m/s budget",
            cost_km_s * 1e3,
        )
    b_ship = ballistic[:1]
    tau, raise_s = scheme.height_adjust_after_first_s, scheme.final_raise_before_gate_s
    aim_mode = raise_s is not None and tau is not None
    r_gate, v_gate = gate_state(grid.station(tg), scheme.gate_lvlh_km)
    state, t_target = grid.ship(t1).copy(), t1
    if dv1_lvlh is not None and tau is not None:
        basis = lvlh_basis(state[None, :3], state[None, 3:])[0]
        state[3:] += dv1_lvlh @ basis
        state = propagate(state[None], tau, b_ship, model)[0][0]
        t_target = t1 + tau
    # What the targeting and mid-course burns aim at: the gate, or the co-elliptic aim point.
    t_aim, (aim_r, aim_v) = tg, (r_gate, v_gate)
    if aim_mode and raise_s is not None:
        t_aim = tg - raise_s
        aim_r, aim_v = _aim_point(scheme, grid.station(t_aim), y_aim)
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
        normal = np.cross(ship_km[:3], ship_km[3:])
        dv_final, jac_final = _final_raise(
            mid, t_mid, t_aim, tg, (r_gate, v_gate), b_ship, model, normal
        )
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
