"""The station model and the built-in catalog: ids, seats, sources, validation."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from crossflight.model.catalog import (
    builtin_manifest_ids,
    data_files,
    load_agencies,
    load_crew_catalog,
    load_station,
    load_vehicle_types,
)
from crossflight.model.flights import Flight
from crossflight.model.sites import load_sites

VEHICLE_IDS = {
    "soyuz-ms",
    "progress-ms",
    "crew-dragon",
    "cargo-dragon",
    "starliner",
    "cygnus",
    "htv-x",
    "dream-chaser",
}  # the project-wide ids (common contract)


def test_vehicle_types_are_the_common_ids_with_seats() -> None:
    v = load_vehicle_types()
    assert set(v) == VEHICLE_IDS
    assert (v["soyuz-ms"].seats, v["crew-dragon"].seats, v["starliner"].seats) == (3, 4, 4)
    assert all(
        x.seats == 0 and not x.crewed
        for x in v.values()
        if x.id in {"progress-ms", "cargo-dragon", "cygnus", "htv-x", "dream-chaser"}
    )
    assert v["soyuz-ms"].docked_life_days == 210
    assert v["soyuz-ms"].agency == "ROSCOSMOS" and v["crew-dragon"].agency == "NASA"


def test_iss_segments_and_ports() -> None:
    iss = load_station("iss")
    assert {(s.id, s.agency) for s in iss.segments} == {("russian", "ROSCOSMOS"), ("us", "NASA")}
    ports = {p.id: p for p in iss.ports}
    assert len(ports) == 8
    assert {p for p, x in ports.items() if x.segment == "russian"} == {
        "zvezda-aft",
        "poisk-zenith",
        "rassvet-nadir",
        "prichal-nadir",
    }
    assert ports["harmony-nadir"].kind == ports["unity-nadir"].kind == "berthing"
    assert "soyuz-ms" in ports["prichal-nadir"].vehicles
    assert "crew-dragon" not in ports["prichal-nadir"].vehicles
    assert ports["rassvet-nadir"].neighbours == ["unity-nadir"]


def test_every_builtin_entry_has_a_source() -> None:
    for f in data_files():
        assert f.without_source == 0, f.path
        assert f.entries > 0 and f.sources, f.path
    assert builtin_manifest_ids() == ["iss-2022-2025"]


def test_crew_agencies_are_known() -> None:
    agencies = load_agencies()
    crew = load_crew_catalog()
    assert {"NASA", "ROSCOSMOS", "AXIOM", "PRIVATE"} <= set(agencies)
    assert all(c.agency in agencies for c in crew.values())
    assert crew["rubio"].agency == "NASA" and crew["kikina"].agency == "ROSCOSMOS"
    assert crew["vasilevskaya"].nationality == "BY"


def test_flight_sites_exist() -> None:
    assert {"baikonur-31", "ksc-39a", "ccsfs-40", "ccsfs-41"} <= set(load_sites())


def _flight(**kw: object) -> Flight:
    base: dict[str, object] = {
        "id": "f",
        "vehicle": "soyuz-ms",
        "port": "rassvet-nadir",
        "launch_utc": datetime(2030, 1, 1, tzinfo=UTC),
        "dock_utc": datetime(2030, 1, 1, 3, tzinfo=UTC),
    }
    return Flight.model_validate({**base, **kw})


def test_flight_crew_down_defaults_to_crew_up() -> None:
    assert _flight(crew_up=["a", "b"]).returning_crew == ["a", "b"]
    assert _flight(crew_up=["a"], crew_down=[]).returning_crew == []


def test_flight_refuses_naive_times_and_disorder() -> None:
    with pytest.raises(ValidationError, match="timezone"):
        _flight(dock_utc=datetime(2030, 1, 1, 3))
    with pytest.raises(ValidationError, match="undock_utc is not after dock_utc"):
        _flight(undock_utc=datetime(2030, 1, 1, 2, tzinfo=UTC))
    with pytest.raises(ValidationError, match="twice"):
        _flight(crew_up=["a", "a"])
    with pytest.raises(ValidationError, match="relocation"):
        _flight(relocations=[{"time_utc": datetime(2030, 1, 1, 1, tzinfo=UTC), "to_port": "x"}])


def test_times_are_converted_to_utc() -> None:
    f = _flight(launch_utc="2030-01-01T03:00:00+03:00")
    assert f.launch_utc == datetime(2030, 1, 1, tzinfo=UTC) and f.launch_utc.tzinfo == UTC


def test_numbers_are_not_times_and_a_bare_date_is_midnight_utc() -> None:
    with pytest.raises(ValidationError, match="got a number"):
        _flight(dock_utc=12)
    f = _flight(launch_utc="2029-12-31", dock_utc=datetime(2030, 1, 1, tzinfo=UTC).date())
    assert f.dock_utc == datetime(2030, 1, 1, tzinfo=UTC)
