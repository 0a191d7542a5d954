"""Simulate a rendezvous from orbit insertion to docking, for one ship or N dispersed ships.

Sequence (times POSIX UTC seconds, states TEME km / km/s):

1. insertion -> first burn: ship(s) and station integrated together in the full force model
   (:mod:`crossflight.physics.dynamics`, one ``solve_ivp`` for all bodies);
2. first (phasing) burn, solved to reach the gate (:mod:`crossflight.physics.phasing_burns`);
3. mid-course correction re-targeting the gate from the actual state;
4. gate (a few km behind/below the station) -> terminal approach with CW hops, fly-around to the
   port axis, final approach, contact (:mod:`crossflight.physics.approach`).

For one ship the terminal approach is flown in the full nonlinear model with closed-loop CW
targeting at every hop (this is what the ephemeris, plots and burn list show).  For N dispersed
ships it is flown in CW closed form, vectorised, each ship with its own hop durations.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from crossflight.physics.approach import Approach, fly_approach_cw, hops_for
from crossflight.physics.dynamics import FULL_MODEL, MU_EARTH_KM3_S2, ForceModel, propagate
from crossflight.physics.phasing_burns import PhasingPlan, Scheme, plan_phasing, target_position
from crossflight.physics.relative import cw_transfer_velocity, eci_to_lvlh, lvlh_basis

__all__ = ["Burn", "Ephemeris", "RendezvousRun", "simulate"]

F64 = NDArray[np.float64]
ExecutionError = Callable[[F64], F64]


@dataclass(frozen=True)
class Burn:
    """One impulsive burn for N ships (executed values)."""

    label: str
    time_utc_s: F64  # (N,)
    dv_eci_km_s: F64  # (N, 3) TEME
    dv_lvlh_m_s: F64  # (N, 3) [r, t, n] in the ship's own LVLH (station LVLH for CW hops)

    @property
    def dv_m_s(self) -> F64:
        """Burn magnitudes (N,) [m/s]."""
        return np.asarray(np.linalg.norm(self.dv_lvlh_m_s, axis=1), dtype=np.float64)


@dataclass(frozen=True)
class Ephemeris:
    """Sampled trajectory of one ship and the station (TEME, km, km/s)."""

    t_utc_s: F64  # (T,)
    ship_km: F64  # (T, 6)
    station_km: F64  # (T, 6)


@dataclass(frozen=True)
class RendezvousRun:
    """Result of :func:`simulate` for N ships."""

    insertion_utc_s: float
    gate_utc_s: float
    docking_utc_s: F64  # (N,)
    burns: list[Burn]
    far_dv_m_s: F64  # (N,) phasing + mid-course
    total_dv_m_s: F64  # (N,)
    gate_miss_km: F64  # (N,) distance from the planned gate at gate time
    contact_speed_m_s: F64  # (N,) relative speed at contact
    contact_miss_m: F64  # (N,) distance from the port contact point at docking
    plan: PhasingPlan
    ephemeris: Ephemeris | None


def _mean_motion(station_km: F64) -> float:
    return float(np.sqrt(MU_EARTH_KM3_S2 / np.linalg.norm(station_km[:3]) ** 3))


def _ship_lvlh_m_s(ships_km: F64, dv_eci_km_s: F64) -> F64:
    basis = lvlh_basis(ships_km[:, :3], ships_km[:, 3:])
    return np.asarray(np.einsum("nij,nj->ni", basis, dv_eci_km_s) * 1e3, dtype=np.float64)


class _Flight:
    """Ship(s) + station integrated together, optionally recording an ephemeris."""

    def __init__(
        self,
        t_utc_s: float,
        ships: F64,
        station: F64,
        ballistic: F64,
        model: ForceModel,
        step_s: float | None,
    ) -> None:
        self.t = t_utc_s
        self.bodies = np.vstack([station[None], ships])
        self.ballistic = ballistic
        self.model = model
        self.step_s = step_s
        self.samples: list[tuple[F64, F64]] = []
        if step_s is not None:
            self.samples.append((np.array([t_utc_s]), self.bodies[None].copy()))

    @property
    def station(self) -> F64:
        return np.asarray(self.bodies[0], dtype=np.float64)

    @property
    def ships(self) -> F64:
        return np.asarray(self.bodies[1:], dtype=np.float64)

    def burn(self, dv_eci_km_s: F64) -> None:
        self.bodies[1:, 3:] += dv_eci_km_s
        if self.step_s is not None:
            self.samples.append((np.array([self.t]), self.bodies[None].copy()))

    def advance(self, duration_s: float, step_s: float | None = None) -> None:
        step = step_s or self.step_s
        if step is None or duration_s <= 0.0:
            self.bodies, _ = propagate(self.bodies, duration_s, self.ballistic, self.model)
        else:
            t_eval = np.append(np.arange(step, duration_s, step), duration_s)
            self.bodies, hist = propagate(
                self.bodies, duration_s, self.ballistic, self.model, t_eval_s=t_eval
            )
            assert hist is not None
            self.samples.append((self.t + t_eval, hist))
        self.t += duration_s

    def ephemeris(self) -> Ephemeris:
        t = np.concatenate([s[0] for s in self.samples])
        h = np.concatenate([s[1] for s in self.samples])
        return Ephemeris(t_utc_s=t, ship_km=h[:, 1], station_km=h[:, 0])


def _unit_rows(x: F64) -> F64:
    return np.asarray(x / np.linalg.norm(x, axis=-1, keepdims=True), dtype=np.float64)


def time_to_relative_node_s(ship_km: F64, station_km: F64) -> float:
    """Seconds until the ship next crosses the station's orbit plane (two-body estimate)."""
    h_ship = _unit_rows(np.cross(ship_km[:3], ship_km[3:]))
    h_st = _unit_rows(np.cross(station_km[:3], station_km[3:]))
    node = np.cross(h_st, h_ship)
    if float(np.linalg.norm(node)) < 1e-12:
        return 0.0
    node = node / np.linalg.norm(node)
    r = ship_km[:3]
    ang = float(np.arctan2(np.cross(r, node) @ h_ship, r @ node)) % np.pi
    n = float(np.sqrt(MU_EARTH_KM3_S2 / np.linalg.norm(r) ** 3))
    return ang / n


def plane_correction_km_s(ships_km: F64, station_km: F64) -> F64:
    """Burns (N, 3) [km/s] removing each ship's velocity across the station's plane."""
    h_st = _unit_rows(np.cross(station_km[:3], station_km[3:]))
    return np.asarray(-np.outer(ships_km[:, 3:] @ h_st, h_st), dtype=np.float64)


def _relative(fl: _Flight) -> tuple[F64, F64]:
    return eci_to_lvlh(fl.station[:3], fl.station[3:], fl.ships[:, :3], fl.ships[:, 3:])


def _fly_far_range(
    fl: _Flight, plan: PhasingPlan, ex: ExecutionError, b_ship: F64, model: ForceModel
) -> list[Burn]:
    """Phasing, targeting, mid-course, plane change and final raise, re-solved from the
    actual state of every ship (Newton-chord with the plan's sensitivities)."""
    n = fl.ships.shape[0]
    burns: list[Burn] = []
    aim = (
        (plan.aim_utc_s, plan.aim_r_km, plan.aim_v_km_s)
        if plan.aim_r_km is not None and plan.aim_v_km_s is not None
        else (plan.gate_utc_s, plan.gate_r_km, plan.gate_v_km_s)
    )
    gate = (plan.gate_utc_s, plan.gate_r_km, plan.gate_v_km_s)

    def far_burn(
        label: str,
        t_burn: float,
        target: tuple[float, F64, F64],
        jac: F64,
        guess: F64 | None,
        in_plane: bool = False,
    ) -> None:
        fl.advance(t_burn - fl.t)
        dv, _ = target_position(
            fl.ships, target[0] - t_burn, target[1], target[2], b_ship, model,
            dv_guess_km_s=None if guess is None else np.tile(guess, (n, 1)),
            jacobian=jac, max_iter=4, in_plane=in_plane,
        )  # fmt: skip
        dv = ex(dv)
        burns.append(Burn(label, np.full(n, t_burn), dv, _ship_lvlh_m_s(fl.ships, dv)))
        fl.burn(dv)

    if plan.dv_first_lvlh_km_s is not None:
        fl.advance(plan.first_burn_utc_s - fl.t)
        basis = lvlh_basis(fl.ships[:, :3], fl.ships[:, 3:])
        dv = ex(np.einsum("nji,j->ni", basis, plan.dv_first_lvlh_km_s))
        burns.append(Burn("phasing", np.full(n, fl.t), dv, _ship_lvlh_m_s(fl.ships, dv)))
        fl.burn(dv)
    label = "height adjustment" if plan.dv_first_lvlh_km_s is not None else "phasing"
    held = plan.in_plane_targeting
    far_burn(label, plan.targeting_burn_utc_s, aim, plan.jacobian_targeting,
             plan.dv_targeting_km_s, held)  # fmt: skip
    far_burn("mid-course correction", plan.midcourse_utc_s, aim, plan.jacobian_mid, None, held)
    if held:
        # What J2 left of the plane difference is removed by one plane change at the last
        # relative node before the final raise (half a revolution or less before it), not by
        # a dogleg in the final raise.
        half_rev = float(np.pi / _mean_motion(fl.ships[0]))
        fl.advance(max(plan.aim_utc_s - half_rev - fl.t, 0.0))
        fl.advance(min(time_to_relative_node_s(fl.ships[0], fl.station), plan.aim_utc_s - fl.t))
        dv = ex(plane_correction_km_s(fl.ships, fl.station))
        burns.append(Burn("plane correction", np.full(n, fl.t), dv, _ship_lvlh_m_s(fl.ships, dv)))
        fl.burn(dv)
    if plan.dv_final_km_s is not None and plan.jacobian_final is not None:
        far_burn("final raise", plan.aim_utc_s, gate, plan.jacobian_final, plan.dv_final_km_s)
    return burns


def _fly_approach(
    fl: _Flight,
    plan: PhasingPlan,
    approach: Approach,
    ex: ExecutionError,
    record: float | None,
    burns: list[Burn],
) -> tuple[F64, F64, F64]:
    """Gate -> contact; appends the hop burns.  Returns the relative state at contact and the
    docking times (N,): what the approach from the state actually reached ends at."""
    nmot = _mean_motion(fl.station)
    rho, rho_dot = _relative(fl)
    if fl.ships.shape[0] == 1:
        # Nonlinear closed-loop approach with the hop schedule of this ship.
        hop_step = None if record is None else min(record, 10.0)
        for hop in hops_for(rho, approach):
            rho, rho_dot = _relative(fl)
            v_req, _ = cw_transfer_velocity(nmot, rho, hop.target_lvlh_km, hop.duration_s)
            dv_lvlh = ex(v_req - rho_dot)
            basis = lvlh_basis(fl.station[None, :3], fl.station[None, 3:])[0]
            dv_eci = dv_lvlh @ basis
            burns.append(Burn(hop.label, np.array([fl.t]), dv_eci, dv_lvlh * 1e3))
            fl.burn(dv_eci)
            fl.advance(float(hop.duration_s[0]), step_s=hop_step)
        rho, rho_dot = _relative(fl)
        return rho, rho_dot, np.array([fl.t])
    res = fly_approach_cw(nmot, np.hstack([rho, rho_dot]), approach, execution_error=ex)
    for k, label in enumerate(res.labels):
        dvl = res.burn_lvlh_km_s[k]
        burns.append(Burn(label, plan.gate_utc_s + res.burn_offsets_s[k], dvl, dvl * 1e3))
    docking = np.asarray(plan.gate_utc_s + res.duration_s, dtype=np.float64)
    return res.final_state[:, :3], res.final_state[:, 3:], docking


def simulate(
    t_insertion_utc_s: float,
    ships_km: F64,
    station_km: F64,
    scheme: Scheme,
    approach: Approach,
    ballistic_ship_m2_kg: float,
    ballistic_station_m2_kg: float,
    model: ForceModel = FULL_MODEL,
    *,
    plan: PhasingPlan | None = None,
    execution_error: ExecutionError | None = None,
    ephemeris_step_s: float | None = None,
) -> RendezvousRun:
    """Fly N ships (``ships_km`` (N, 6) or (6,)) from insertion to docking with the station.

    ``plan`` (the nominal far-range plan) is solved from the first ship when not given.
    ``execution_error`` maps commanded burns (N, 3) [km/s] to executed ones.
    ``ephemeris_step_s`` records a sampled ephemeris (one ship only).
    """
    ships = np.array(np.atleast_2d(ships_km), dtype=np.float64)
    n = ships.shape[0]
    if plan is None:
        plan = plan_phasing(
            t_insertion_utc_s,
            ships[0],
            np.asarray(station_km),
            scheme,
            ballistic_ship_m2_kg,
            ballistic_station_m2_kg,
            model,
        )
    b_ship = np.full(n, ballistic_ship_m2_kg)
    ballistic = np.concatenate([[ballistic_station_m2_kg], b_ship])
    record = ephemeris_step_s if n == 1 else None
    fl = _Flight(t_insertion_utc_s, ships, np.asarray(station_km), ballistic, model, record)
    ex: ExecutionError = execution_error if execution_error is not None else (lambda d: d)
    burns = _fly_far_range(fl, plan, ex, b_ship, model)
    fl.advance(plan.gate_utc_s - fl.t)
    gate_miss = np.linalg.norm(fl.ships[:, :3] - plan.gate_r_km, axis=1)
    far_dv = np.sum([b.dv_m_s for b in burns], axis=0)
    rho, rho_dot, docking = _fly_approach(fl, plan, approach, ex, record, burns)
    axis = np.asarray(approach.port_axis_lvlh, dtype=np.float64)
    axis = axis / np.linalg.norm(axis)
    contact_miss_m = np.linalg.norm(rho - approach.port_offset_km * axis, axis=1) * 1e3
    total = np.sum([b.dv_m_s for b in burns], axis=0)
    return RendezvousRun(
        insertion_utc_s=t_insertion_utc_s,
        gate_utc_s=plan.gate_utc_s,
        docking_utc_s=np.asarray(docking, dtype=np.float64),
        burns=burns,
        far_dv_m_s=np.asarray(far_dv, dtype=np.float64),
        total_dv_m_s=np.asarray(total, dtype=np.float64),
        gate_miss_km=gate_miss,
        contact_speed_m_s=np.linalg.norm(rho_dot, axis=1) * 1e3,
        contact_miss_m=contact_miss_m,
        plan=plan,
        ephemeris=fl.ephemeris() if record is not None else None,
    )
