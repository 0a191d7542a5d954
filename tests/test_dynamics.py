"""Dynamics oracles: conservation laws, secular J2 theory, vectorisation, drag decay."""

from __future__ import annotations

import numpy as np

from crossflight.physics.dynamics import (
    J2,
    MU_EARTH_KM3_S2,
    R_EARTH_KM,
    TWO_BODY,
    ForceModel,
    acceleration_km_s2,
    atmosphere_density_kg_m3,
    propagate,
    specific_energy_km2_s2,
)
from tolerances import (
    ONE_METER_KM,
)


def coe_state(a_km: float, e: float, i_deg: float, raan_deg: float, argp_deg: float, nu_deg: float):
    """Classical elements -> TEME-like inertial state (6,) (Vallado 2013, Algorithm 10)."""
    i, raan, argp, nu = np.radians([i_deg, raan_deg, argp_deg, nu_deg])
    p = a_km * (1 - e * e)
    r = p / (1 + e * np.cos(nu))
    rp = np.array([r * np.cos(nu), r * np.sin(nu), 0.0])
    vp = np.sqrt(MU_EARTH_KM3_S2 / p) * np.array([-np.sin(nu), e + np.cos(nu), 0.0])
    co, so, ci, si, cw, sw = (
        np.cos(raan),
        np.sin(raan),
        np.cos(i),
        np.sin(i),
        np.cos(argp),
        np.sin(argp),
    )
    rot = np.array(
        [
            [co * cw - so * sw * ci, -co * sw - so * cw * ci, so * si],
            [so * cw + co * sw * ci, -so * sw + co * cw * ci, -co * si],
            [sw * si, cw * si, ci],
        ]
    )
    return np.concatenate([rot @ rp, rot @ vp])


ISS = coe_state(R_EARTH_KM + 418.0, 0.0005, 51.64, 30.0, 10.0, 0.0)


def test_two_body_conserves_energy_and_angular_momentum_over_a_day() -> None:
    end, _ = propagate(ISS[None], 86400.0, 0.0, TWO_BODY)
    e0, e1 = specific_energy_km2_s2(ISS), specific_energy_km2_s2(end)
    h0 = np.cross(ISS[:3], ISS[3:])
    h1 = np.cross(end[0, :3], end[0, 3:])
    assert abs((e1 - e0) / e0)[0] < 1e-9
    assert np.linalg.norm(h1 - h0) / np.linalg.norm(h0) < 1e-9


def _j2_energy(s: np.ndarray) -> np.ndarray:
    r = np.linalg.norm(s[:, :3], axis=1)
    u = s[:, 2] / r
    pot = MU_EARTH_KM3_S2 / r * (1 - J2 * (R_EARTH_KM / r) ** 2 * 0.5 * (3 * u * u - 1))
    return 0.5 * np.sum(s[:, 3:] ** 2, axis=1) - pot


def test_j2_conserves_total_energy_and_polar_angular_momentum() -> None:
    model = ForceModel(zonal_degree=2, drag=False)
    end, _ = propagate(ISS[None], 86400.0, 0.0, model)
    assert abs(_j2_energy(end)[0] / _j2_energy(ISS[None])[0] - 1) < 1e-9
    hz0 = np.cross(ISS[:3], ISS[3:])[2]
    hz1 = np.cross(end[0, :3], end[0, 3:])[2]
    assert abs(hz1 / hz0 - 1) < 1e-9


def test_j2_node_regression_matches_secular_theory() -> None:
    """Vallado (2013) eq. 9-41: dRAAN/dt = -1.5 n J2 (R/p)^2 cos i; within 1% over one day."""
    model = ForceModel(zonal_degree=2, drag=False)
    t = np.linspace(0.0, 86400.0, 200)
    _, hist = propagate(ISS[None], 86400.0, 0.0, model, t_eval_s=t)
    assert hist is not None
    h = np.cross(hist[:, 0, :3], hist[:, 0, 3:])
    raan = np.unwrap(np.arctan2(h[:, 0], -h[:, 1]))
    rate = np.polyfit(t, raan, 1)[0]
    a = R_EARTH_KM + 418.0
    n = np.sqrt(MU_EARTH_KM3_S2 / a**3)
    expected = -1.5 * n * J2 * (R_EARTH_KM / a) ** 2 * np.cos(np.radians(51.64))
    assert abs(rate / expected - 1) < 0.01


def test_vectorised_bodies_equal_one_by_one() -> None:
    states = np.stack(
        [
            ISS,
            coe_state(6600.0, 0.003, 51.6, 31.0, 0, 40.0),
            coe_state(6700.0, 0.0, 51.6, 29.0, 0, 80.0),
        ]
    )
    ballistic = np.array([0.007, 0.004, 0.004])
    together, _ = propagate(states, 6000.0, ballistic)
    for k in range(3):
        alone, _ = propagate(states[k : k + 1], 6000.0, ballistic[k : k + 1])
        assert np.linalg.norm(alone[0, :3] - together[k, :3]) < ONE_METER_KM


def test_drag_decay_of_an_iss_like_orbit_is_tens_of_metres_per_day() -> None:
    """ISS loses roughly 50-150 m/day of altitude at moderate solar activity (NASA ISS trajectory
    data); the mean-activity Vallado atmosphere with Cd*A/m = 0.0073 m^2/kg must land in range."""
    model = ForceModel(zonal_degree=0, drag=True)
    end, _ = propagate(ISS[None], 86400.0, 0.0073, model)
    a0 = -MU_EARTH_KM3_S2 / (2 * specific_energy_km2_s2(ISS)[0])
    a1 = -MU_EARTH_KM3_S2 / (2 * specific_energy_km2_s2(end)[0])
    decay_m = (a0 - a1) * 1e3
    assert 30.0 < decay_m < 300.0


def test_atmosphere_table_values_and_monotonic() -> None:
    """Base densities of Vallado (2013) Table 8-4 are reproduced; density falls with height."""
    rho = atmosphere_density_kg_m3(np.array([200.0, 400.0]))
    assert np.allclose(rho, [2.789e-10, 3.725e-12], rtol=1e-12)
    h = np.linspace(100.0, 1000.0, 500)
    assert np.all(np.diff(atmosphere_density_kg_m3(h)) < 0.0)


def test_acceleration_is_near_point_mass_at_altitude() -> None:
    acc = acceleration_km_s2(ISS[None, :3], ISS[None, 3:], np.array([0.0073]))
    g = MU_EARTH_KM3_S2 / np.linalg.norm(ISS[:3]) ** 2
    assert abs(np.linalg.norm(acc) / g - 1) < 3e-3  # J2 is ~1e-3 of gravity
