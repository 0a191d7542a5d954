"""Lambert solver against Curtis Example 5.2 and against an independent method (numerical
shooting: the departure velocity, integrated with scipy's DOP853 two-body model, must reach r2)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crossflight.physics.dynamics import MU_EARTH_KM3_S2, TWO_BODY, propagate
from crossflight.physics.kepler import kepler_propagate
from crossflight.physics.lambert import lambert
from tolerances import (
    FIFTY_METERS_KM,
    ONE_METER_KM,
    ONE_MILLIMETER_PER_S_KM_S,
    TEN_CENTIMETERS_PER_S_KM_S,
    TEN_METERS_KM,
)


def test_against_curtis_example_5_2() -> None:
    """Curtis, Orbital Mechanics for Engineering Students (2005), Example 5.2: r1, r2 1 h apart.

    Published: v1 = (-5.9925, 1.9254, 3.2456) km/s, v2 = (-3.3125, -4.1966, -0.38529) km/s
    (five significant figures, hence the 0.1 m/s tolerance).
    """
    sols = lambert(
        np.array([5000.0, 10000.0, 2100.0]), np.array([-14600.0, 2500.0, 7000.0]), 3600.0
    )
    assert len(sols) == 1
    assert np.allclose(sols[0].v1_km_s, [-5.9925, 1.9254, 3.2456], atol=TEN_CENTIMETERS_PER_S_KM_S)
    assert np.allclose(
        sols[0].v2_km_s, [-3.3125, -4.1966, -0.38529], atol=TEN_CENTIMETERS_PER_S_KM_S
    )


def _shoot_miss_km(r1: np.ndarray, v1: np.ndarray, r2: np.ndarray, tof: float) -> float:
    end, _ = propagate(np.concatenate([r1, v1])[None], tof, 0.0, TWO_BODY, rtol=1e-12, atol=1e-12)
    return float(np.linalg.norm(end[0, :3] - r2))


@pytest.mark.parametrize("revs", [0, 1, 2, 5])
def test_multi_revolution_arcs_reach_the_target_when_integrated(revs: int) -> None:
    r1 = np.array([6600.0, 0.0, 0.0])
    r2 = np.array([-1000.0, 5200.0, 4300.0])
    period = 2 * np.pi * np.sqrt(6700.0**3 / MU_EARTH_KM3_S2)
    tof = (revs + 0.6) * period
    sols = lambert(r1, r2, tof, revolutions=revs, normal_hint=np.array([0.0, -0.6, 0.8]))
    assert len(sols) == (1 if revs == 0 else 2)
    for sol in sols:
        assert _shoot_miss_km(r1, sol.v1_km_s, r2, tof) < TEN_METERS_KM


def test_too_short_multi_rev_has_no_solution() -> None:
    r1 = np.array([6600.0, 0.0, 0.0])
    r2 = np.array([0.0, 6700.0, 0.0])
    assert lambert(r1, r2, 3000.0, revolutions=3) == []


@settings(max_examples=15, deadline=None)
@given(
    st.floats(6550.0, 7500.0),
    st.floats(20.0, 340.0),
    st.floats(0.2, 1.5),
    st.integers(0, 1),
)
def test_property_every_solution_is_a_true_transfer(
    r2n: float, ang_deg: float, frac: float, revs: int
) -> None:
    r1 = np.array([6700.0, 0.0, 0.0])
    a = np.radians(ang_deg)
    r2 = r2n * np.array([np.cos(a), np.sin(a) * 0.8, np.sin(a) * 0.6])
    period = 2 * np.pi * np.sqrt(6700.0**3 / MU_EARTH_KM3_S2)
    tof = (revs + frac) * period
    for sol in lambert(r1, r2, tof, revolutions=revs, normal_hint=np.array([0.0, -0.6, 0.8])):
        r_end, v_end = kepler_propagate(r1, sol.v1_km_s, tof)
        assert np.linalg.norm(r_end - r2) < FIFTY_METERS_KM
        assert np.linalg.norm(v_end - sol.v2_km_s) < TEN_CENTIMETERS_PER_S_KM_S


def test_kepler_propagator_agrees_with_integrator() -> None:
    r0 = np.array([6700.0, 100.0, -50.0])
    v0 = np.array([0.1, 6.0, 4.8])
    r1, v1 = kepler_propagate(r0, v0, 7000.0)
    end, _ = propagate(
        np.concatenate([r0, v0])[None], 7000.0, 0.0, TWO_BODY, rtol=1e-12, atol=1e-12
    )
    assert np.linalg.norm(end[0, :3] - r1) < ONE_METER_KM
    assert np.linalg.norm(end[0, 3:] - v1) < ONE_MILLIMETER_PER_S_KM_S


@pytest.mark.parametrize("revs", [0, 1])
def test_half_and_whole_turn_transfers_are_refused_not_garbage(revs: int) -> None:
    """180 deg (and 0/360 deg) is the formulation's singularity: no solution, never a wrong one."""
    r1 = np.array([6700.0, 0.0, 0.0])
    for r2 in (np.array([-6550.0, 0.0, 0.0]), np.array([6800.0, 0.0, 0.0])):
        assert lambert(r1, r2, 4000.0 + revs * 5500.0, revolutions=revs) == []
