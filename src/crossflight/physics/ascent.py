"""Ascent geometry: from liftoff on the pad to insertion in a target orbital plane.

Out of the target plane the rocket obeys ``z'' = -n^2 z + a_y(t)`` (``z`` its distance from the
plane, ``n^2 = mu / r^3`` the gravity restoring term, ``a_y`` the yaw-steering acceleration).
At liftoff it carries the pad's offset ``z0`` and the out-of-plane part ``w0`` of the pad's
inertial velocity (Earth rotation).  Guidance tilts the thrust out of plane in proportion to
the thrust acceleration ``g(t)`` from the start of yaw steering (``a_y = k g(t)``) so that the
out-of-plane velocity is zero at insertion.  With

    C = int_0^T cos(n (T - t)) g(t) dt,   S = int_0^T sin(n (T - t)) g(t) dt / n,

zero out-of-plane offset *and* velocity at insertion requires ``z0 + tau * w0 = 0`` with

    tau = (C sin(nT)/n - S cos(nT)) / (C cos(nT) + n S sin(nT)),

the *lead*: liftoff happens ``tau`` seconds before the pad, drifting at ``w0``, would reach the
plane (``tau`` tends to the centroid of ``g`` as ``n -> 0``; between T/2 and T for a thrust
acceleration that grows as propellant burns).  ``tau`` is computed from the launcher's stage
data, never stored.  See ``docs/windows.md``.

Frames: TEME (the frame of the SGP4 station states), km, km/s, POSIX UTC seconds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from crossflight.physics.constants import MU_EARTH_KM3_S2, R_EARTH_KM, STANDARD_GRAVITY_M_S2
from crossflight.physics.propagation import site_state_teme

__all__ = [
    "Ascent",
    "Stage",
    "insertion_state",
    "launch_azimuth_rad",
    "out_of_plane_response",
]

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class Stage:
    """One burning phase: constant thrust (kN) and mass (t) falling linearly from start to end."""

    start_s: float
    end_s: float
    thrust_kN: float
    mass_start_t: float
    mass_end_t: float


@dataclass(frozen=True)
class Ascent:
    """A launcher's ascent to the insertion orbit (plain numbers, see ``launchers.toml``).

    ``duration_s``: liftoff to orbit insertion; ``perigee_km``/``apogee_km``: insertion-orbit
    altitudes; ``range_angle_deg``: inertial central angle from the pad to the insertion point,
    measured in the target plane; ``yaw_start_s``/``yaw_end_s``: the flight phase in which the
    guidance steers out of plane (the rest of the ascent flies with zero yaw);
    ``max_accel_g``: thrust-acceleration limit (throttling), ``stages``: thrust and mass history;
    ``yaw_budget_deg``: the largest mean yaw angle the guidance may fly in the steering phase.
    """

    duration_s: float
    perigee_km: float
    apogee_km: float
    range_angle_deg: float
    yaw_start_s: float
    yaw_end_s: float
    max_accel_g: float
    stages: tuple[Stage, ...]
    yaw_budget_deg: float = 90.0

    def thrust_accel_m_s2(self, t_s: FloatArray) -> FloatArray:
        """Thrust acceleration magnitude (m/s^2) at times since liftoff (0 between stages)."""
        t = np.asarray(t_s, dtype=float)
        a = np.zeros_like(t)
        for st in self.stages:
            on = (t >= st.start_s) & (t <= st.end_s)
            frac = (t[on] - st.start_s) / max(st.end_s - st.start_s, 1e-9)
            mass_t = st.mass_start_t + (st.mass_end_t - st.mass_start_t) * frac
            a[on] = st.thrust_kN / mass_t  # kN / t = m/s^2
        return np.asarray(np.minimum(a, self.max_accel_g * STANDARD_GRAVITY_M_S2), dtype=float)

    def steering_weight(self, t_s: FloatArray) -> FloatArray:
        """Relative yaw-steering acceleration g(t): thrust acceleration in the steering phase."""
        t = np.asarray(t_s, dtype=float)
        on = (t >= self.yaw_start_s) & (t <= self.yaw_end_s)
        return np.where(on, self.thrust_accel_m_s2(t), 0.0)

    @property
    def steering_dv_m_s(self) -> float:
        """Velocity gained by thrust during the yaw-steering phase (m/s)."""
        t = np.linspace(0.0, self.duration_s, 4001)
        return float(np.trapezoid(self.steering_weight(t), t))

    def mean_yaw_rad(self, w0_km_s: FloatArray) -> FloatArray:
        """Mean yaw angle (rad) that removes an out-of-plane velocity ``w0`` (km/s) during the
        steering phase: ``atan(|w0| / dv_steer)``."""
        w = np.abs(np.asarray(w0_km_s, dtype=float)) * 1e3
        return np.asarray(np.arctan2(w, self.steering_dv_m_s), dtype=float)

    @property
    def insertion_radius_km(self) -> float:
        """Radius of the insertion point (at perigee of the insertion orbit), km."""
        return R_EARTH_KM + self.perigee_km

    @property
    def insertion_sma_km(self) -> float:
        """Semi-major axis of the insertion orbit, km."""
        return R_EARTH_KM + 0.5 * (self.perigee_km + self.apogee_km)

    @property
    def restoring_rate_rad_s(self) -> float:
        """Mean out-of-plane restoring rate n = sqrt(mu/r^3) over the ascent (mean radius)."""
        r = R_EARTH_KM + 0.5 * self.perigee_km
        return math.sqrt(MU_EARTH_KM3_S2 / r**3)

    def _c_s(self) -> tuple[float, float]:
        t = np.linspace(0.0, self.duration_s, 4001)
        g = self.steering_weight(t)
        n = self.restoring_rate_rad_s
        c = float(np.trapezoid(np.cos(n * (self.duration_s - t)) * g, t))
        s = float(np.trapezoid(np.sin(n * (self.duration_s - t)) * g, t)) / n
        return c, s

    @property
    def lead_s(self) -> float:
        """tau: seconds by which liftoff precedes the pad's (drifting) arrival in the plane."""
        c, s = self._c_s()
        n, big_t = self.restoring_rate_rad_s, self.duration_s
        return (c * math.sin(n * big_t) / n - s * math.cos(n * big_t)) / (
            c * math.cos(n * big_t) + n * s * math.sin(n * big_t)
        )


def out_of_plane_response(ascent: Ascent, z0_km: float, w0_km_s: float) -> tuple[float, float]:
    """Out-of-plane offset (km) and velocity (km/s) at insertion after yaw steering.

    The guidance gain is chosen to null the velocity; the returned offset is then zero only
    when ``z0 + lead_s * w0 = 0`` (the liftoff condition solved by the window search).
    """
    c, s = ascent._c_s()
    n, big_t = ascent.restoring_rate_rad_s, ascent.duration_s
    cn, sn = math.cos(n * big_t), math.sin(n * big_t)
    k = (z0_km * n * sn - w0_km_s * cn) / c
    z = z0_km * cn + w0_km_s * sn / n + k * s
    w = -z0_km * n * sn + w0_km_s * cn + k * c
    return z, w


def insertion_state(
    t_liftoff_utc_s: float,
    lat_rad: float,
    lon_rad: float,
    elevation_km: float,
    ascent: Ascent,
    plane_normal_teme: FloatArray,
    *,
    lead_s: float | None = None,
) -> tuple[float, FloatArray, FloatArray]:
    """Insertion time (POSIX UTC s) and TEME state (r km (3,), v km/s (3,)) of the ship.

    ``plane_normal_teme`` is the unit angular-momentum vector of the *target* plane at the
    insertion instant (TEME; for a profile, the station's plane shifted by the planned
    differential nodal regression).  In plane, the ship is at the insertion-orbit perigee,
    ``range_angle_deg`` downrange of the pad's projection on the plane, moving horizontally in
    the plane's sense of motion.  Out of plane it carries the residual of the yaw-steering
    model (:func:`out_of_plane_response`), so the state lies exactly in the plane only at the
    liftoff time the window search solves for.  With ``lead_s`` (a profile's calibrated lead,
    not the open-loop yaw-steering model) the ascent guidance is closed-loop: it reaches the
    target plane for any liftoff within the window tolerance (real flights lift off seconds off
    the modelled instant and still insert in plane; the extra steering is inside the yaw
    budget), so the state lies in the plane.  An open-loop offset of ``w0`` x a 15 s liftoff
    error would be ~5 km out of plane with no out-of-plane velocity: a 0.05 deg tilt the far
    range then pays ~7 m/s to remove.
    """
    h = np.asarray(plane_normal_teme, dtype=float)
    h = h / np.linalg.norm(h)
    r_site, v_site = site_state_teme(np.array([t_liftoff_utc_s]), lat_rad, lon_rad, elevation_km)
    r0, v0 = r_site[0], v_site[0]
    z0, w0 = float(r0 @ h), float(v0 @ h)
    if lead_s is None:
        z, w = out_of_plane_response(ascent, z0, w0)
    else:
        z, w = 0.0, 0.0  # closed-loop guidance reaches the target plane (see docstring)
    p = r0 - z0 * h
    p_hat = p / np.linalg.norm(p)
    q_hat = np.cross(h, p_hat)
    phi = math.radians(ascent.range_angle_deg)
    u_hat = math.cos(phi) * p_hat + math.sin(phi) * q_hat
    along = np.cross(h, u_hat)
    r_p = ascent.insertion_radius_km
    v_p = math.sqrt(MU_EARTH_KM3_S2 * (2.0 / r_p - 1.0 / ascent.insertion_sma_km))
    r_ins = r_p * u_hat + z * h
    v_ins = v_p * along + w * h
    return t_liftoff_utc_s + ascent.duration_s, r_ins, v_ins


def launch_azimuth_rad(r_pad_teme_km: FloatArray, plane_normal_teme: FloatArray) -> FloatArray:
    """Inertial azimuth (rad from north, east positive) of the target plane's direction of
    motion at the pad: ``(N,3)`` pad positions and ``(N,3)`` unit plane normals, TEME."""
    r = np.atleast_2d(np.asarray(r_pad_teme_km, dtype=float))
    h = np.atleast_2d(np.asarray(plane_normal_teme, dtype=float))
    r_hat = r / np.linalg.norm(r, axis=1, keepdims=True)
    east = np.cross(np.array([0.0, 0.0, 1.0]), r_hat)
    east /= np.linalg.norm(east, axis=1, keepdims=True)
    north = np.cross(r_hat, east)
    along = np.cross(h, r_hat)
    return np.asarray(
        np.mod(np.arctan2(np.einsum("ij,ij->i", along, east), np.einsum("ij,ij->i", along, north)),
               2.0 * math.pi),
        dtype=float,
    )  # fmt: skip
