"""Planted faults at the boundary second: for each rule R1-R7 the same manifest is built twice,
once exactly at the limit (a handoff at the same second passes) and once one second past it
(one second of gap or overlap fails).  The checker works at one-second resolution on half-open
intervals [t0, t1), so the first must be clean for that rule and the second must not.

Plus the three faults the checker once waved through: an inverted representation window, a
non-finite limit (years outside 1957..2100 too), and extra seats on an uncrewed vehicle type.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from crossflight.errors import InputError
from crossflight.io.manifest import loads_manifest
from crossflight.model.manifest import Manifest
from crossflight.rules import CheckReport, check_manifest
from test_rules import day, flight, manifest

ONE_SECOND = timedelta(seconds=1)
NO_R7 = {"handover": {"vehicles": []}}


def _rule(r: CheckReport, rule: str) -> list[str]:
    return [f"{v.severity}: {v.message}" for v in r.by_rule(rule) if v.severity == "violation"]


def _pair(build: Any, rule: str) -> tuple[list[str], list[str]]:
    """(findings of ``rule`` at the boundary, findings one second past it)."""
    return _rule(check_manifest(build(0)), rule), _rule(check_manifest(build(1)), rule)


def _shift(d: float, seconds: int) -> Any:
    return day(d) + seconds * ONE_SECOND


# ---------------------------------------------------------------- R1 representation


def test_r1_cosmonaut_handoff_at_the_same_second_passes_a_one_second_gap_fails() -> None:
    """Soyuz A (the only cosmonauts) undocks at day 100; Soyuz B docks then, or 1 s later."""

    def build(gap_s: int) -> Manifest:
        a = flight("soyuz-a", 1, 100, ["r1", "r2", "n1"], port="prichal-nadir")
        b = flight("soyuz-b", 100, 196, ["r3", "r4", "n4"], port="rassvet-nadir")
        b["dock_utc"] = _shift(100, gap_s)
        b["launch_utc"] = b["dock_utc"] - timedelta(hours=3)
        dragon = flight("dragon-a", 2, 195, ["n2", "n3", "j1"], vehicle="crew-dragon")
        return manifest(a, b, dragon, rules=NO_R7)

    at, past = _pair(build, "R1")
    assert at == []
    assert len(past) == 1 and "ROSCOSMOS" in past[0]
    (v,) = check_manifest(build(1)).by_rule("R1")
    assert v.end_utc - v.start_utc == ONE_SECOND


# ---------------------------------------------------------------- R2 lifeboat seats


def test_r2_extra_seat_from_the_move_second_passes_one_second_late_fails() -> None:
    """j1 moves their lifeboat seat into a full Soyuz at day 50; the extra seat comes then."""

    def build(late_s: int) -> Manifest:
        soyuz = flight("soyuz-a", 1, 182, ["r1", "r2", "n1"])
        dragon = flight("dragon-a", 2, 181, ["n2", "n3", "j1", "r3"], vehicle="crew-dragon")
        move = {"time_utc": day(50), "person": "j1", "from_flight": "dragon-a",
                "to_flight": "soyuz-a"}  # fmt: skip
        extra = {"flight": "soyuz-a", "seats": 1, "from_utc": _shift(50, late_s)}
        return manifest(soyuz, dragon, seat_moves=[move], extra_seats=[extra], rules=NO_R7)

    at, past = _pair(build, "R2")
    assert at == []
    assert len(past) == 1 and "4 lifeboat seats assigned in soyuz-a" in past[0]


# ---------------------------------------------------------------- R3 ports


def test_r3_port_handoff_at_the_same_second_passes_one_second_of_overlap_fails() -> None:
    def build(overlap_s: int) -> Manifest:
        a = flight("soyuz-a", 1, 100, ["r1", "r2", "n1"], port="prichal-nadir")
        b = flight("soyuz-b", 100, 190, ["r3", "r4", "n4"], port="prichal-nadir")
        b["dock_utc"] = _shift(100, -overlap_s)
        b["launch_utc"] = b["dock_utc"] - timedelta(hours=3)
        return manifest(a, b, rules=NO_R7)

    at, past = _pair(build, "R3")
    assert at == []
    assert len(past) == 1 and "occupy prichal-nadir at the same time" in past[0]


# ---------------------------------------------------------------- R4 docked life


def test_r4_docked_exactly_the_certified_life_passes_one_second_more_fails() -> None:
    """A Soyuz MS whose 210 d docked life is declared a certified limit (the built-in data
    call it a warning threshold, data/vehicles.toml): at 210 d clean, 1 s more a violation."""
    certified = {"id": "soyuz-ms", "name": "Soyuz MS", "agency": "ROSCOSMOS", "crewed": True,
                 "seats": 3, "docked_life_days": 210, "docked_life_kind": "certified limit",
                 "docked_life_source": "planted fault: a certified 210 d"}  # fmt: skip

    def build(extra_s: int) -> Manifest:
        a = flight("soyuz-a", 1, 211, ["r1", "r2", "n1"])
        a["undock_utc"] = _shift(211, extra_s)
        a["landing_utc"] = a["undock_utc"] + timedelta(hours=3)
        doc = {**manifest(a, rules=NO_R7).model_dump(), "vehicles": [certified],
               "period": {"start_utc": day(0), "end_utc": day(300)}}  # fmt: skip
        return Manifest.model_validate(doc)

    at, past = _pair(build, "R4")
    assert at == []
    assert len(past) == 1 and "beyond the" in past[0] and "210 d" in past[0]
    (v,) = [v for v in check_manifest(build(1)).by_rule("R4") if v.severity == "violation"]
    assert v.end_utc - v.start_utc == ONE_SECOND


# ---------------------------------------------------------------- R5 crew size


def test_r5_crew_handoff_at_the_same_second_passes_one_second_above_the_limit_fails() -> None:
    """Six aboard with a limit of six: the next three may arrive as the last three leave."""
    rules = {**NO_R7, "crew_size": {"nominal": 6, "handover_max": 6}}

    def build(overlap_s: int) -> Manifest:
        a = flight("soyuz-a", 1, 100, ["r1", "r2", "n1"], port="prichal-nadir")
        b = flight("soyuz-b", 100, 190, ["r3", "r4", "n4"], port="rassvet-nadir")
        b["dock_utc"] = _shift(100, -overlap_s)
        b["launch_utc"] = b["dock_utc"] - timedelta(hours=3)
        dragon = flight("dragon-a", 2, 195, ["n2", "n3", "r5"], vehicle="crew-dragon")
        return manifest(a, b, dragon, rules=rules)

    at, past = _pair(build, "R5")
    assert at == []
    assert len(past) == 1 and "9 aboard" in past[0]


# ---------------------------------------------------------------- R6 seat swap


def test_r6_launch_at_the_period_end_is_outside_one_second_before_is_inside() -> None:
    """Periods are [start, end): a Dragon launching at ``end_utc`` belongs to the next one."""
    swap = {"id": "p1", "start_utc": day(0), "end_utc": day(100), "every_flight": False}

    def build(inside: int) -> Manifest:
        soyuz = flight("soyuz-a", 1, 180, ["r1", "r2", "n1"])
        dragon = flight("dragon-a", 101, 190, ["n2", "n3", "j1", "r3"], vehicle="crew-dragon")
        dragon["launch_utc"] = _shift(100, -inside)
        return manifest(soyuz, dragon, rules={**NO_R7, "seat_swap": [swap]})

    balanced, unbalanced = _pair(lambda k: build(1 - k), "R6")
    assert balanced == []
    assert len(unbalanced) == 1 and "1 NASA seats" in unbalanced[0]


# ---------------------------------------------------------------- R7 handover overlap


def test_r7_overlap_of_exactly_the_minimum_passes_one_second_less_fails() -> None:
    rules = {"handover": {"vehicles": ["soyuz-ms"], "min_overlap_days": 3, "severity": "violation"}}

    def build(short_s: int) -> Manifest:
        a = flight("soyuz-a", 1, 100, ["r1", "r2", "n1"], port="prichal-nadir")
        b = flight("soyuz-b", 97, 190, ["r3", "r4", "n4"], port="rassvet-nadir")
        b["dock_utc"] = _shift(97, short_s)
        b["launch_utc"] = b["dock_utc"] - timedelta(hours=3)
        return manifest(a, b, rules=rules)

    at, past = _pair(build, "R7")
    assert at == []
    assert len(past) == 1 and "less than 3 d" in past[0]


# ---------------------------------------------------------------- faults once waved through

MINIMAL_HEAD = 'format = "crossflight-manifest/1"\n'


def _refused(doc: str) -> InputError:
    with pytest.raises(InputError) as info:
        loads_manifest(doc, source="m.toml")
    assert "\n" not in info.value.one_line() and "fix:" in info.value.one_line()
    return info.value


def _toml_doc(rules: str = "", vehicles: str = "") -> str:
    return (
        MINIMAL_HEAD
        + vehicles
        + """
[period]
start_utc = 2030-01-01T00:00:00Z
end_utc = 2030-08-01T00:00:00Z

[[crew]]
id = "r1"
agency = "ROSCOSMOS"

[[flights]]
id = "soyuz-a"
vehicle = "soyuz-ms"
launch_utc = 2030-01-01T06:00:00Z
dock_utc = 2030-01-01T09:00:00Z
port = "prichal-nadir"
crew_up = ["r1"]
"""
        + rules
    )


def test_fault_1_inverted_or_empty_representation_window_is_refused() -> None:
    """Once: ``until`` before ``from`` silently switched R1 off (seven months unwatched)."""
    for until in ("2030-01-01T00:00:00Z", "2030-06-01T00:00:00Z"):  # before, equal
        rules = f"""
[[rules.representation]]
segment = "us"
agency = "NASA"
from_utc = 2030-06-01T00:00:00Z
until_utc = {until}
"""
        err = _refused(_toml_doc(rules=rules))
        assert "rules.representation[0]" in err.one_line() and "until_utc" in err.one_line()


def test_fault_2_non_finite_limits_and_years_outside_the_space_age_are_refused() -> None:
    """Once: ``docked_life_days = inf`` silently switched R4 off; 0001 and 1900 passed."""
    inf_life = """
[[vehicles]]
id = "soyuz-ms"
agency = "ROSCOSMOS"
crewed = true
seats = 3
docked_life_days = inf
"""
    err = _refused(_toml_doc(vehicles=inf_life))
    assert "docked_life_days" in err.one_line() and "finite" in err.one_line()
    for key in ("warning_margin_days = inf", "warning_margin_days = nan"):
        err = _refused(_toml_doc(rules=f"\n[rules.vehicle_life]\n{key}\n"))
        assert "rules.vehicle_life.warning_margin_days" in err.one_line()
    for year in ("0001", "1900", "2101"):
        text = _toml_doc().replace("launch_utc = 2030", f"launch_utc = {year}")
        err = _refused(text)
        assert "1957..2100" in err.one_line() and "launch_utc" in err.one_line()


def test_fault_3_extra_seats_never_make_an_uncrewed_vehicle_a_lifeboat() -> None:
    """Once: a Cargo Dragon given ``[[extra_seats]]`` was accepted as lifeboat and ride home."""
    soyuz = flight("soyuz-a", 1, 180, ["r1", "r2", "n1"])
    dragon = flight("dragon-a", 2, 120, ["n2", "n3", "j1", "r3"], vehicle="crew-dragon")
    cargo = flight("cargo-a", 100, 150, [], vehicle="cargo-dragon", port="harmony-zenith",
                   crew_down=["n2", "n3"])  # fmt: skip
    dragon["crew_down"] = ["j1", "r3"]
    moves = [
        {"time_utc": day(110), "person": p, "from_flight": "dragon-a", "to_flight": "cargo-a"}
        for p in ("n2", "n3")
    ]
    extra = [{"flight": "cargo-a", "seats": 2, "from_utc": day(100)}]
    r = check_manifest(manifest(soyuz, dragon, cargo, seat_moves=moves, extra_seats=extra,
                                rules=NO_R7))  # fmt: skip
    r2 = [v for v in r.by_rule("R2") if v.severity == "violation"]
    messages = " | ".join(v.message for v in r2)
    assert not r.ok
    assert "uncrewed vehicle type" in messages  # the entry itself is reported
    assert "cargo-a returns with 2 people in 0 seats" in messages  # no ride home
    assert "lifeboat seats assigned in cargo-a" in messages  # no lifeboat
    # the same manifest with a crewed vehicle type in its place is clean on R2
    crewed = {**cargo, "vehicle": "crew-dragon"}
    ok = check_manifest(manifest(soyuz, dragon, crewed, seat_moves=moves, extra_seats=extra,
                                 rules=NO_R7))  # fmt: skip
    assert [v.message for v in ok.by_rule("R2") if v.severity == "violation"] == []


def test_uncrewed_vehicle_type_with_seats_is_refused() -> None:
    cargo = """
[[vehicles]]
id = "cargo-x"
agency = "NASA"
crewed = false
seats = 4
"""
    err = _refused(_toml_doc(vehicles=cargo))
    assert "vehicles[0]" in err.one_line() and "uncrewed" in err.one_line()
