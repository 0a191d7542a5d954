"""Terminal approach: gate -> V-bar hold -> fly-around to the port axis -> final approach.

The approach is a sequence of Clohessy-Wiltshire two-impulse hops between waypoints in the
station's LVLH frame ``[r, t, n]`` (km), each targeted from the chaser's *actual* relative state
(closed loop, as the Kurs / Kurs-NA automatic approach does).  Hop durations follow a
range-rate law ``range_rate = range / time_constant`` (the proportional-approach rule used for
Soyuz/Progress and Shuttle approaches), floored at the contact speed; the fly-around rotates the
chaser around the station at a fixed angular rate at hold range.

Everything is vectorised over N chasers: each chaser has its own hop durations (a chaser that
arrives farther from the gate approaches a little longer), so docking times differ.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from crossflight.physics.relative import cw_stm, cw_transfer_velocity

__all__ = ["Approach", "ApproachResult", "Hop", "fly_approach_cw", "hops_for"]

F64 = NDArray[np.float64]


@dataclass(frozen=True)
class Approach:
    """Terminal-approach parameters (LVLH, km, s, m/s)."""

    port_axis_lvlh: tuple[float, float, float] = (0.0, -1.0, 0.0)  # station -> corridor, unit
    port_offset_km: float = 0.015  # contact point from the station origin along the axis
    hold_range_km: float = 0.4  # V-bar hold / fly-around radius
    far_time_constant_s: float = 300.0  # range / range-rate from the gate to the hold
    flyaround_rate_deg_s: float = 0.4
    flyaround_step_deg: float = 15.0
    station_keeping_s: float = 120.0
    final_time_constant_s: float = 150.0
    contact_speed_m_s: float = 0.12
    far_fractions: tuple[float, ...] = (1.0, 0.5, 0.25, 0.1, 0.0)


@dataclass(frozen=True)
class Hop:
    """One hop for N chasers: target waypoint (N, 3) [km], duration (N,) [s], label."""

    label: str
    target_lvlh_km: F64
    duration_s: F64


@dataclass(frozen=True)
class ApproachResult:
    """CW-flown approach for N chasers."""

    burn_offsets_s: F64  # (H, N) seconds after the gate at which each hop burn fires
    burn_lvlh_km_s: F64  # (H, N, 3) executed burns in the station LVLH frame [km/s]
    labels: list[str]
    duration_s: F64  # (N,) gate -> contact
    final_state: F64  # (N, 6) relative state at contact


def _unit(v: F64) -> F64:
    return np.asarray(v / np.linalg.norm(v, axis=-1, keepdims=True), dtype=np.float64)


def hops_for(gate_lvlh_km: F64, approach: Approach) -> list[Hop]:
    """The hop sequence for N chasers starting at ``gate_lvlh_km`` (N, 3)."""
    g = np.atleast_2d(gate_lvlh_km)
    n = g.shape[0]
    hold = np.array([0.0, -approach.hold_range_km, 0.0])
    hops: list[Hop] = []
    speed_min = approach.contact_speed_m_s * 1e-3
    # 1. Far approach along the line gate -> V-bar hold, proportional range rate.
    fr = approach.far_fractions
    for k, (a, b) in enumerate(itertools.pairwise(fr)):
        p_a = hold + (g - hold) * a
        p_b = hold + (g - hold) * b
        rng = np.linalg.norm(p_a, axis=1)
        speed = np.maximum(rng / approach.far_time_constant_s, speed_min)
        # the first hop's burn also cancels the far-range arrival velocity at the gate
        label = "gate arrival + approach" if k == 0 else "approach"
        hops.append(Hop(label, p_b, np.linalg.norm(p_b - p_a, axis=1) / speed))
    # 2. Fly-around at hold range from the V-bar (-t) to the port axis, in the plane they span.
    axis = _unit(np.asarray(approach.port_axis_lvlh, dtype=np.float64))
    start = np.array([0.0, -1.0, 0.0])
    angle = float(np.arccos(np.clip(start @ axis, -1.0, 1.0)))
    if angle > 1e-6:
        ortho = axis - (axis @ start) * start
        if np.linalg.norm(ortho) < 1e-9:  # opposite port: go round underneath (-r)
            ortho = np.array([-1.0, 0.0, 0.0])
        ortho = _unit(ortho)
        steps = max(1, int(np.ceil(np.degrees(angle) / approach.flyaround_step_deg)))
        dt = np.degrees(angle) / steps / approach.flyaround_rate_deg_s
        for k in range(1, steps + 1):
            th = angle * k / steps
            p = approach.hold_range_km * (np.cos(th) * start + np.sin(th) * ortho)
            hops.append(Hop("fly-around", np.tile(p, (n, 1)), np.full(n, dt)))
    p_axis = approach.hold_range_km * axis
    hops.append(
        Hop("station-keeping", np.tile(p_axis, (n, 1)), np.full(n, approach.station_keeping_s))
    )
    # 3. Final approach along the port axis, proportional range rate down to contact speed.
    rng = approach.hold_range_km
    contact = approach.port_offset_km
    while rng > contact + 1e-9:
        nxt = max(contact, contact + (rng - contact) * 0.5) if rng - contact > 0.03 else contact
        speed = max((rng - contact) / approach.final_time_constant_s, speed_min)
        hops.append(
            Hop("final approach", np.tile(nxt * axis, (n, 1)), np.full(n, (rng - nxt) / speed))
        )
        rng = nxt
    return hops


def fly_approach_cw(
    mean_motion_rad_s: float,
    rel_state: F64,
    approach: Approach,
    *,
    execution_error: object | None = None,
) -> ApproachResult:
    """Fly the approach in CW closed form for N chasers from their relative states at the gate.

    ``rel_state`` (N, 6) ``[rho_km, rho_dot_km_s]``.  ``execution_error`` is a callable mapping
    commanded burns (N, 3) [km/s] to executed ones (see :mod:`crossflight.physics.dispersions`).
    """
    x = np.array(np.atleast_2d(rel_state), dtype=np.float64)
    hops = hops_for(x[:, :3], approach)
    elapsed = np.zeros(x.shape[0])
    offsets, burns, labels = [], [], []
    for hop in hops:
        v_req, _ = cw_transfer_velocity(
            mean_motion_rad_s, x[:, :3], hop.target_lvlh_km, hop.duration_s
        )
        dv = v_req - x[:, 3:]
        if execution_error is not None:
            dv = execution_error(dv)  # type: ignore[operator]
        x[:, 3:] += dv
        phi = cw_stm(mean_motion_rad_s, hop.duration_s)
        x = np.einsum("nij,nj->ni", phi, x)
        offsets.append(elapsed.copy())
        burns.append(dv)
        labels.append(hop.label)
        elapsed = elapsed + hop.duration_s
    return ApproachResult(
        burn_offsets_s=np.array(offsets),
        burn_lvlh_km_s=np.array(burns),
        labels=labels,
        duration_s=elapsed,
        final_state=x,
    )
