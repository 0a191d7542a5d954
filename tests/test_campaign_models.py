"""The stochastic models of what-if campaigns, against the real launches they are fitted on."""

from __future__ import annotations

from crossflight.io.manifest import load_builtin_manifest
from crossflight.model.campaigns import (
    get_policy,
    load_campaign_model,
    load_policies,
    load_slip_records,
    policy_names,
    slip_leave_one_out,
)

ONE_MINUTE_S = 60.0
TENTH_OF_A_DAY = 0.1
HALF_PERCENT = 0.005


def test_slip_records_match_the_built_in_history() -> None:
    history = {f.id: f for f in load_builtin_manifest("iss-2022-2025").flights}
    for r in load_slip_records():
        if r.flight in history:
            real = history[r.flight].launch_utc
            assert abs((r.launch_utc - real).total_seconds()) <= ONE_MINUTE_S, r.flight
        measured = (r.launch_utc - r.target_utc).total_seconds() / 86400.0
        assert abs(measured - r.slip_days) <= TENTH_OF_A_DAY, r.flight
    assert sum(r.flight in history for r in load_slip_records()) >= 15


def test_every_real_launch_is_plausible_to_the_model_fitted_without_it() -> None:
    # leave-one-out: P(slip >= what really happened) under the model fitted on the others.
    # The worst is Crew-9 (41.7 d, the Starliner CFT port then hurricane Helene) at about 0.9 %.
    for vehicle in ("soyuz-ms", "crew-dragon"):
        loo = slip_leave_one_out(vehicle)
        assert len(loo) >= 7
        worst = min(p for _, _, p in loo)
        assert worst >= HALF_PERCENT, (vehicle, loo)


def test_rates_are_per_docked_day_and_positive_without_events() -> None:
    m = load_campaign_model()
    assert m.anomalies["crew-dragon"].events == 0
    assert 0 < m.anomalies["crew-dragon"].rate_per_day < m.anomalies["soyuz-ms"].rate_per_day
    assert m.groundings["crew-dragon"].events == 3
    assert m.slips["soyuz-ms"].fitted_on == [
        "soyuz-ms-22", "soyuz-ms-23", "soyuz-ms-24", "soyuz-ms-25",
        "soyuz-ms-26", "soyuz-ms-27", "soyuz-ms-28",
    ]  # fmt: skip


def test_policies_are_named_and_the_default_is_first() -> None:
    assert policy_names()[0] == "historical" == get_policy(None).name
    assert set(policy_names()) == set(load_policies())
    hist = get_policy("historical")
    assert hist.replace_uncrewed and hist.move_seats and hist.extend_crews
