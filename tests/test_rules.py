"""The rules checker on small hand-made manifests: one behaviour per test, plus properties."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crossflight.errors import ManifestError
from crossflight.model.manifest import Manifest
from crossflight.rules import CheckReport, check_manifest

T0 = datetime(2030, 1, 1, tzinfo=UTC)


def day(d: float) -> datetime:
    return T0 + timedelta(days=d)


PEOPLE = [
    *({"id": f"r{i}", "name": f"Cosmonaut {i}", "agency": "ROSCOSMOS"} for i in range(1, 13)),
    *({"id": f"n{i}", "name": f"Astronaut {i}", "agency": "NASA"} for i in range(1, 13)),
    *({"id": f"j{i}", "name": f"Japanese {i}", "agency": "JAXA"} for i in range(1, 5)),
]


def flight(
    fid: str,
    dock: float,
    undock: float | None,
    crew: list[str],
    *,
    vehicle: str = "soyuz-ms",
    port: str | None = None,
    **kw: Any,
) -> dict[str, Any]:
    default_port = {"soyuz-ms": "prichal-nadir", "crew-dragon": "harmony-forward"}
    f: dict[str, Any] = {
        "id": fid,
        "vehicle": vehicle,
        "launch_utc": day(dock) - timedelta(hours=3),
        "dock_utc": day(dock),
        "port": port or default_port.get(vehicle, "harmony-zenith"),
        "crew_up": crew,
    }
    if undock is not None:
        f["undock_utc"] = day(undock)
        f["landing_utc"] = day(undock) + timedelta(hours=3)
    f.update(kw)
    return f


def manifest(*flights: dict[str, Any], **extra: Any) -> Manifest:
    rules = extra.pop("rules", {"handover": {"vehicles": []}})
    doc: dict[str, Any] = {
        "period": {"start_utc": day(0), "end_utc": day(200)},
        "crew": PEOPLE,
        "flights": list(flights),
        "rules": rules,
        **extra,
    }
    return Manifest.model_validate(doc)


def rules_of(r: CheckReport, severity: str | None = None) -> set[str]:
    return {v.rule for v in r.violations if severity is None or v.severity == severity}


SOYUZ = flight("soyuz-a", 1, 180, ["r1", "r2", "n1"])
DRAGON = flight("dragon-a", 2, 181, ["n2", "n3", "j1", "r3"], vehicle="crew-dragon")


def test_integrated_crews_are_clean() -> None:
    r = check_manifest(manifest(SOYUZ, DRAGON))
    assert r.violations == []
    assert r.ok


# ---------------------------------------------------------------- R1


def test_r1_segment_without_its_agency() -> None:
    soyuz = flight("soyuz-a", 1, 180, ["r1", "r2", "r3"])
    r = check_manifest(manifest(soyuz))
    (v,) = r.violations
    assert (v.rule, v.subject) == ("R1", "us segment: NASA")
    assert (v.start_utc, v.end_utc) == (day(1), day(180))  # first to last crewed instant


def test_r1_representation_can_end() -> None:
    """'Russian segment represented only until ...' (a planning scenario)."""
    soyuz = flight("soyuz-a", 1, 100, ["r1", "r2", "n1"])
    dragon = flight("dragon-a", 2, 181, ["n2", "n3", "j1", "n4"], vehicle="crew-dragon")
    rules = {
        "handover": {"vehicles": []},
        "representation": [
            {"segment": "russian", "agency": "ROSCOSMOS", "until_utc": day(150)},
            {"segment": "us", "agency": "NASA"},
        ],
    }
    r = check_manifest(manifest(soyuz, dragon, rules=rules))
    (v,) = r.by_rule("R1")
    assert (v.start_utc, v.end_utc) == (day(100), day(150))


# ---------------------------------------------------------------- R2


def test_r2_four_people_in_a_soyuz() -> None:
    soyuz = flight("soyuz-a", 1, 180, ["r1", "r2", "n1", "n4"])
    r = check_manifest(manifest(soyuz, DRAGON))
    assert {v.subject for v in r.by_rule("R2")} == {"soyuz-a"}
    assert not r.ok


def test_r2_implicit_seat_move_to_the_return_vehicle() -> None:
    """n1 flies up on soyuz-a and home on soyuz-b: the seat moves when soyuz-b docks."""
    a = flight("soyuz-a", 1, 100, ["r1", "r2", "n1"], crew_down=["r1", "r2"])
    b = flight("soyuz-b", 90, 190, ["r4", "r5"], crew_down=["r4", "r5", "n1"], port="rassvet-nadir")
    r = check_manifest(manifest(a, b, DRAGON))
    assert not r.by_rule("R2")


def test_r2_return_vehicle_docks_after_the_arrival_vehicle_left() -> None:
    a = flight("soyuz-a", 1, 100, ["r1", "r2", "n1"], crew_down=["r1", "r2"])
    b = flight("soyuz-b", 110, 190, ["r4", "r5"], crew_down=["r4", "r5", "n1"])
    r = check_manifest(manifest(a, b, DRAGON))
    (v,) = r.by_rule("R2")
    assert v.subject == "n1" and "not docked" in v.message
    assert (v.start_utc, v.end_utc) == (day(100), day(110))


def test_r2_explicit_moves_override_and_are_checked() -> None:
    a = flight("soyuz-a", 1, 100, ["r1", "r2", "n1"], crew_down=["r1", "r2"])
    b = flight("soyuz-b", 50, 190, ["r4", "r5"], crew_down=["r4", "r5", "n1"], port="rassvet-nadir")
    late = {"time_utc": day(99), "person": "n1", "from_flight": "soyuz-a", "to_flight": "soyuz-b"}
    r = check_manifest(manifest(a, b, DRAGON, seat_moves=[late]))
    assert not r.by_rule("R2")
    wrong = {**late, "from_flight": "dragon-a"}
    with pytest.raises(ManifestError, match="from_flight"):
        check_manifest(manifest(a, b, DRAGON, seat_moves=[wrong]))


def test_r2_unfit_is_a_violation_and_emergency_only_a_warning() -> None:
    unfit = {"flight": "soyuz-a", "from_utc": day(50), "status": "unfit"}
    r = check_manifest(manifest(SOYUZ, DRAGON, vehicle_status=[unfit]))
    assert {v.subject for v in r.by_rule("R2")} == {"r1", "r2", "n1"}
    assert rules_of(r, "violation") == {"R2"}
    emerg = {**unfit, "status": "emergency-only"}
    r = check_manifest(manifest(SOYUZ, DRAGON, vehicle_status=[emerg]))
    assert rules_of(r, "warning") == {"R2"} and r.ok
    back = {"flight": "soyuz-a", "from_utc": day(60), "status": "fit"}
    r = check_manifest(manifest(SOYUZ, DRAGON, vehicle_status=[emerg, back]))
    assert {(v.start_utc, v.end_utc) for v in r.violations} == {(day(50), day(60))}


def test_r2_emergency_seat_limit_and_extra_seats() -> None:
    """The MS-22 pattern: damaged Soyuz good for two, third liner in a Dragon with a 5th seat."""
    limit = {"flight": "soyuz-a", "from_utc": day(50), "status": "emergency-only", "seats": 2}
    r = check_manifest(manifest(SOYUZ, DRAGON, vehicle_status=[limit]))
    assert any(v.subject == "soyuz-a" and v.severity == "violation" for v in r.by_rule("R2"))
    move = {"time_utc": day(50), "person": "n1", "from_flight": "soyuz-a", "to_flight": "dragon-a"}
    r = check_manifest(manifest(SOYUZ, DRAGON, vehicle_status=[limit], seat_moves=[move]))
    over = [v for v in r.by_rule("R2") if v.subject == "dragon-a"]
    assert over and "5 lifeboat seats" in over[0].message  # 4 seats, 5 people
    extra = {"flight": "dragon-a", "seats": 1, "from_utc": day(50)}
    r = check_manifest(
        manifest(SOYUZ, DRAGON, vehicle_status=[limit], seat_moves=[move], extra_seats=[extra])
    )
    assert r.ok


# ---------------------------------------------------------------- R3


def test_r3_two_vehicles_on_one_port() -> None:
    d2 = flight("dragon-b", 100, 190, ["n4", "n5", "j2", "r4"], vehicle="crew-dragon")
    r = check_manifest(manifest(SOYUZ, DRAGON, d2))
    (v,) = r.by_rule("R3")
    assert (v.start_utc, v.end_utc) == (day(100), day(181))


def test_r3_relocation_frees_the_port() -> None:
    reloc = [{"time_utc": day(50), "to_port": "harmony-zenith"}]
    dragon = {**DRAGON, "relocations": reloc}
    d2 = flight("dragon-b", 100, 190, ["n4", "n5", "j2", "r4"], vehicle="crew-dragon")
    assert not check_manifest(manifest(SOYUZ, dragon, d2)).by_rule("R3")


def test_r3_incompatible_vehicle_and_neighbour_clearance() -> None:
    soyuz_us = flight("soyuz-a", 1, 180, ["r1", "r2", "n1"], port="harmony-zenith")
    r = check_manifest(manifest(soyuz_us, DRAGON))
    assert any("which takes" in v.message for v in r.by_rule("R3"))
    cygnus = flight("cygnus-1", 5, 100, [], vehicle="cygnus", port="unity-nadir", mission="cargo")
    soyuz_r = flight("soyuz-b", 20, 190, ["r4", "r5", "n4"], port="rassvet-nadir")
    r = check_manifest(manifest(SOYUZ, DRAGON, cygnus, soyuz_r))
    (v,) = r.by_rule("R3")
    assert "neighbour unity-nadir" in v.message and v.start_utc == v.end_utc == day(20)


# ---------------------------------------------------------------- R4, R5


def test_r4_docked_life_and_warning_margin() -> None:
    """A certified docked life: beyond it a violation, within the margin before it a warning.
    (The built-in Soyuz MS figure is a warning threshold, so the vehicle is overridden here.)"""
    certified = {"id": "soyuz-ms", "name": "Soyuz MS", "agency": "ROSCOSMOS", "crewed": True,
                 "seats": 3, "docked_life_days": 210, "docked_life_kind": "certified limit",
                 "docked_life_source": "test: a certified limit"}  # fmt: skip
    long = flight("soyuz-a", 1, 1 + 215, ["r1", "r2", "n1"])
    near = flight("soyuz-a", 1, 1 + 205, ["r1", "r2", "n1"])
    period = {"start_utc": day(0), "end_utc": day(300)}
    r = check_manifest(manifest(long, DRAGON, period=period, vehicles=[certified]))
    (v,) = r.by_rule("R4")
    assert v.severity == "violation" and (v.start_utc, v.end_utc) == (day(211), day(216))
    assert v.limit_kind == "certified limit" and v.limit_source == "test: a certified limit"
    r = check_manifest(manifest(near, DRAGON, period=period, vehicles=[certified]))
    (v,) = r.by_rule("R4")
    assert v.severity == "warning" and v.start_utc == day(201)


def test_r4_beyond_a_warning_threshold_is_a_warning_citing_it() -> None:
    """Built-in Soyuz MS: 210 d is a warning threshold (Roscosmos planned 215-245 d stays)."""
    long = flight("soyuz-a", 1, 1 + 215, ["r1", "r2", "n1"])
    near = flight("soyuz-a", 1, 1 + 205, ["r1", "r2", "n1"])
    period = {"start_utc": day(0), "end_utc": day(300)}
    (v,) = check_manifest(manifest(long, DRAGON, period=period)).by_rule("R4")
    assert v.severity == "warning" and (v.start_utc, v.end_utc) == (day(211), day(216))
    assert v.limit_kind == "warning threshold" and "MS-27" in v.limit_source
    assert not check_manifest(manifest(near, DRAGON, period=period)).by_rule("R4")


def test_r5_crew_size_limits() -> None:
    extra = [
        flight(
            "dragon-b",
            100,
            105,
            ["n4", "n5", "j2", "r4"],
            vehicle="crew-dragon",
            port="harmony-zenith",
        ),
        flight("soyuz-b", 100, 110, ["r5", "r6", "n6"], port="rassvet-nadir"),
    ]
    r = check_manifest(manifest(SOYUZ, DRAGON, *extra))
    hard = [v for v in r.by_rule("R5") if v.severity == "violation"]
    assert len(hard) == 1 and "14 aboard" in hard[0].message
    assert (hard[0].start_utc, hard[0].end_utc) == (day(100), day(105))
    long_stay = flight("soyuz-b", 100, 140, ["r5", "r6", "n6"], port="rassvet-nadir")
    r = check_manifest(manifest(SOYUZ, DRAGON, long_stay))
    (w,) = r.by_rule("R5")
    assert w.severity == "warning" and "40.0 d" in w.message


# ---------------------------------------------------------------- R6, R7

SWAP = {
    "id": "agreement",
    "start_utc": day(0),
    "end_utc": day(200),
}


def test_r6_every_flight_and_balance() -> None:
    rules = {"handover": {"vehicles": []}, "seat_swap": [SWAP]}
    assert not check_manifest(manifest(SOYUZ, DRAGON, rules=rules)).by_rule("R6")
    dragon_us = flight("dragon-a", 2, 181, ["n2", "n3", "j1", "n4"], vehicle="crew-dragon")
    soyuz_ru = flight("soyuz-b", 2, 181, ["r5", "r6", "r7"], port="rassvet-nadir")
    r = check_manifest(manifest(SOYUZ, soyuz_ru, dragon_us, rules=rules))
    subjects = {v.subject for v in r.by_rule("R6")}
    assert subjects == {"dragon-a", "soyuz-b", "agreement agreement"}


def test_r6_private_missions_do_not_count() -> None:
    rules = {"handover": {"vehicles": []}, "seat_swap": [SWAP]}
    ax = flight(
        "ax-1",
        50,
        60,
        ["n7", "j2", "j3", "n8"],
        vehicle="crew-dragon",
        port="harmony-zenith",
        mission="private",
    )
    assert not check_manifest(manifest(SOYUZ, DRAGON, ax, rules=rules)).by_rule("R6")


def test_r7_handover_overlap() -> None:
    a = flight("soyuz-a", 1, 100, ["r1", "r2", "n1"])
    b = flight("soyuz-b", 99, 190, ["r4", "r5", "n4"], port="rassvet-nadir")
    rules = {"handover": {"min_overlap_days": 3, "vehicles": ["soyuz-ms"]}}
    (v,) = check_manifest(manifest(a, b, DRAGON, rules=rules)).by_rule("R7")
    assert v.severity == "warning" and "overlap 1.0 d" in v.message
    rules["handover"]["severity"] = "violation"  # type: ignore[index]
    r = check_manifest(manifest(a, b, DRAGON, rules=rules))
    assert not r.ok
    rules["disabled"] = ["R7"]
    assert check_manifest(manifest(a, b, DRAGON, rules=rules)).ok


# ---------------------------------------------------------------- properties

VEHICLES = ["soyuz-ms", "crew-dragon", "starliner", "progress-ms", "cygnus"]
PORTS = [
    "prichal-nadir",
    "rassvet-nadir",
    "poisk-zenith",
    "harmony-forward",
    "harmony-zenith",
    "unity-nadir",
    "zvezda-aft",
]


@st.composite
def random_manifests(draw: st.DrawFn) -> Manifest:
    n = draw(st.integers(min_value=0, max_value=8))
    flights = []
    pool = iter(p["id"] for p in PEOPLE)
    for i in range(n):
        dock = draw(st.floats(min_value=-30, max_value=220, allow_nan=False))
        stay = draw(st.floats(min_value=0.01, max_value=260, allow_nan=False))
        crew = [p for _ in range(draw(st.integers(0, 3))) if (p := next(pool, None))]
        undocked = draw(st.booleans())
        reloc = []
        if draw(st.booleans()):
            reloc = [{"time_utc": day(dock + stay / 2), "to_port": draw(st.sampled_from(PORTS))}]
        flights.append(
            flight(
                f"f{i}",
                dock,
                dock + stay if undocked or reloc else None,
                crew,
                vehicle=draw(st.sampled_from(VEHICLES)),
                port=draw(st.sampled_from(PORTS)),
                relocations=reloc if undocked else [],
                mission=draw(st.sampled_from(["rotation", "private", "test"])),
            )
        )
    ids = [f["id"] for f in flights]
    extra: dict[str, Any] = {}
    if ids:
        extra["vehicle_status"] = [
            {
                "flight": draw(st.sampled_from(ids)),
                "from_utc": day(draw(st.floats(0, 200))),
                "status": draw(st.sampled_from(["fit", "unfit", "emergency-only"])),
            }
            for _ in range(draw(st.integers(0, 2)))
        ]
        extra["extra_seats"] = [
            {
                "flight": draw(st.sampled_from(ids)),
                "seats": draw(st.integers(1, 3)),
                "from_utc": day(draw(st.floats(0, 100))),
            }
            for _ in range(draw(st.integers(0, 2)))
        ]
    rules = {"seat_swap": [SWAP]} if draw(st.booleans()) else {}
    return manifest(*flights, rules=rules, **extra)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_manifests())
def test_random_valid_manifests_never_crash(m: Manifest) -> None:
    r = check_manifest(m)
    assert r.violations == sorted(r.violations)
    for v in r.violations:
        assert day(0) <= v.start_utc <= v.end_utc <= day(200)
        assert v.rule in {"R1", "R2", "R3", "R4", "R5", "R6", "R7"}
        assert v.message and v.subject
    assert r.ok == all(v.severity == "warning" for v in r.violations)
