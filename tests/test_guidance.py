"""Far-range guidance: burns are solved (they change with the geometry), reach the gate in the
full force model, and an impossible phase is refused with the cheapest cost found."""

from __future__ import annotations

import numpy as np
import pytest

from crossflight.physics.approach import Approach, hops_for
from crossflight.physics.dynamics import propagate
from crossflight.physics.phasing_burns import InfeasibleTransferError, Scheme, plan_phasing
from crossflight.physics.relative import eci_to_lvlh
from orbit_states import orbit_state

SCHEME = Scheme(
    name="2-orbit",
    first_burn_earliest_s=1500.0,
    first_burn_latest_s=3000.0,
    gate_after_insertion_s=9300.0,
    gate_tolerance_s=0.0,
    midcourse_before_gate_s=1800.0,
    gate_lvlh_km=(-1.0, -5.0, 0.0),
    dv_budget_m_s=250.0,
    height_adjust_after_first_s=2700.0,
)


SHIP = orbit_state(200.0, 240.0, 0.0)


def test_plan_reaches_the_gate_in_the_full_model() -> None:
    station = orbit_state(417.0, 419.0, 15.0)
    plan = plan_phasing(0.0, SHIP, station, SCHEME, 0.0037, 0.0073)
    assert 40.0 < plan.two_body_dv_m_s < 250.0
    # fly the plan: phasing burn (open loop), then the solved targeting burn
    from crossflight.physics.relative import lvlh_basis

    bodies = np.stack([SHIP, station])
    ball = np.array([0.0037, 0.0073])
    s, _ = propagate(bodies, plan.first_burn_utc_s, ball)
    assert plan.dv_first_lvlh_km_s is not None
    s[0, 3:] += plan.dv_first_lvlh_km_s @ lvlh_basis(s[:1, :3], s[:1, 3:])[0]
    s, _ = propagate(s, plan.targeting_burn_utc_s - plan.first_burn_utc_s, ball)
    s[0, 3:] += plan.dv_targeting_km_s
    s, _ = propagate(s, plan.gate_utc_s - plan.targeting_burn_utc_s, ball)
    rho, _ = eci_to_lvlh(s[1, :3], s[1, 3:], s[:1, :3], s[:1, 3:])
    assert np.linalg.norm(rho[0] - np.array(SCHEME.gate_lvlh_km)) < 0.005  # 5 m


def test_burns_are_solved_not_constants() -> None:
    """A different station phase gives a different burn plan."""
    a = plan_phasing(0.0, SHIP, orbit_state(417.0, 419.0, 12.0), SCHEME, 0.0037, 0.0073)
    b = plan_phasing(0.0, SHIP, orbit_state(417.0, 419.0, 18.0), SCHEME, 0.0037, 0.0073)
    assert np.linalg.norm(a.dv_targeting_km_s - b.dv_targeting_km_s) * 1e3 > 1.0


def test_impossible_phase_is_refused_with_its_cost() -> None:
    with pytest.raises(InfeasibleTransferError) as info:
        plan_phasing(0.0, SHIP, orbit_state(417.0, 419.0, 60.0), SCHEME, 0.0037, 0.0073)
    assert info.value.best_dv_m_s > SCHEME.dv_budget_m_s


def test_approach_hops_end_at_the_port_with_fly_around_for_nadir() -> None:
    nadir = Approach(port_axis_lvlh=(-1.0, 0.0, 0.0))
    hops = hops_for(np.array([[-1.0, -5.0, 0.0]]), nadir)
    labels = [h.label for h in hops]
    assert "fly-around" in labels
    assert np.allclose(hops[-1].target_lvlh_km[0], [-nadir.port_offset_km, 0.0, 0.0])
    aft = hops_for(np.array([[-1.0, -5.0, 0.0]]), Approach())
    assert "fly-around" not in [h.label for h in aft]
