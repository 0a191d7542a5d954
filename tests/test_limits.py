"""Every limit in the built-in data says what kind of limit it is and where it comes from."""

from __future__ import annotations

import pytest

from crossflight.io.manifest import load_builtin_manifest
from crossflight.model.catalog import load_vehicle_types
from crossflight.model.limits import LIMIT_KINDS, severity_for
from crossflight.model.rulesconfig import CrewSizeRule, HandoverRule, RulesConfig


def test_severity_follows_the_kind() -> None:
    assert severity_for("certified limit") == "violation"
    assert severity_for("planning rule") == "violation"
    assert severity_for("warning threshold") == "warning"


@pytest.mark.parametrize(
    "vehicle_id", [k for k, v in load_vehicle_types().items() if v.docked_life_days]
)
def test_every_docked_life_has_a_kind_and_a_source(vehicle_id: str) -> None:
    vtype = load_vehicle_types()[vehicle_id]
    assert vtype.docked_life_kind in LIMIT_KINDS
    assert len(vtype.docked_life_source) > 40


def test_published_docked_lives_are_warning_thresholds() -> None:
    """Crew Dragon: NASA requires *at least* 210 days; Soyuz MS: Roscosmos planned 215-245 d."""
    v = load_vehicle_types()
    assert v["crew-dragon"].docked_life_kind == "warning threshold"
    assert "at least 210 days" in v["crew-dragon"].docked_life_source
    assert v["soyuz-ms"].docked_life_kind == "warning threshold"
    for figure in ("215 d", "245 d", "240-242 d"):
        assert figure in v["soyuz-ms"].docked_life_source


def test_default_crew_size_limit_is_the_largest_crew_hosted() -> None:
    cfg = CrewSizeRule()
    assert cfg.handover_max == 13 and cfg.handover_max_kind == "planning rule"
    assert "2009" in cfg.handover_max_source and "12" in cfg.handover_max_source
    assert cfg.above_nominal_kind == "warning threshold" and cfg.above_nominal_source


def test_every_rule_limit_of_the_history_has_a_kind_and_source() -> None:
    rules: RulesConfig = load_builtin_manifest("iss-2022-2025").rules
    assert rules.crew_size.handover_max == 13
    assert rules.crew_size.handover_max_source and rules.crew_size.above_nominal_source
    assert rules.handover.kind == "warning threshold" and rules.handover.source
    assert all(r.kind == "planning rule" and r.source for r in rules.representation or [])
    assert all(sw.kind == "planning rule" and sw.source for sw in rules.seat_swap)
    assert HandoverRule(severity="violation").kind == "planning rule"
