"""One station model for manifests and plans: a request may name the built-in station, and the
planner keeps a port's neighbours clear when a vehicle arrives (rule R3), as the checker does."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from crossflight.io.request import loads_request
from crossflight.model.catalog import load_station
from crossflight.planning.plan import make_plan
from crossflight.planning.solver import SolveOptions

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "plan-iss-2026-2030.toml"


def _example_without_stations_and_bookings() -> str:
    text = EXAMPLE.read_text(encoding="utf-8")
    text = text[: text.index("[[fixed_flights]]")]
    return re.sub(r"\[\[stations\]\].*?(?=\[\[vehicles\]\])", "", text, flags=re.S)


def test_a_request_can_name_the_builtin_station() -> None:
    text = _example_without_stations_and_bookings() + (
        '\n[[stations]]\nbuiltin = "iss"\ncrewed_until = 2030-12-31T00:00:00Z\n'
        'segments = [{ id = "russian", represented_until = 2028-12-31T00:00:00Z }]\n'
    )
    request = loads_request(text)
    (station,) = request.stations
    builtin = load_station("iss")
    assert station.id == "iss"
    assert [p.id for p in station.ports] == [p.id for p in builtin.ports]
    assert {p.id: p.neighbours for p in station.ports} == {
        p.id: p.neighbours for p in builtin.ports
    }
    russian = next(s for s in station.segments if s.id == "russian")
    assert russian.agency == "ROSCOSMOS"
    assert russian.represented_until == datetime(2028, 12, 31, tzinfo=UTC)


CYGNUS_BERTHED = (datetime(2026, 5, 1, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC))

STATION = """
[[stations]]
id = "lab"
crewed_until = 2027-12-31T00:00:00Z
segments = [
  { id = "russian", agency = "ROSCOSMOS", represented_from = 2026-03-01T00:00:00Z },
  { id = "us", agency = "NASA", represented_from = 2026-03-01T00:00:00Z },
]
ports = [
  { id = "soyuz-a", segment = "russian", vehicles = ["soyuz-ms"], neighbours = ["berth"] },
  { id = "soyuz-b", segment = "russian", vehicles = ["soyuz-ms"] },
  { id = "berth", segment = "us", kind = "berthing", vehicles = ["cygnus"] },
  { id = "dragon-1", segment = "us", vehicles = ["crew-dragon"] },
  { id = "dragon-2", segment = "us", vehicles = ["crew-dragon"] },
]

[[fixed_flights]]
id = "Cygnus (berthed)"
vehicle = "cygnus"
station = "lab"
port = "berth"
launch_site = "wallops-0a"
kind = "cargo"
launch = 2026-04-29T12:00:00Z
dock = 2026-05-01T12:00:00Z
undock = 2026-11-01T12:00:00Z
landing = 2026-11-02T12:00:00Z
"""


def test_plans_keep_neighbours_clear_on_arrival() -> None:
    text = _example_without_stations_and_bookings().replace(
        "end = 2030-12-31T00:00:00Z", "end = 2027-12-31T00:00:00Z"
    )
    plan = make_plan(loads_request(text + STATION), SolveOptions(time_limit_s=20.0))
    assert plan.report.ok, plan.report.violations
    station = plan.manifest.station
    assert station is not None
    assert {p.id: p.neighbours for p in station.ports}["soyuz-a"] == ["berth"]
    arrivals_at_a = [f for f in plan.manifest.flights if f.port == "soyuz-a"]
    assert arrivals_at_a, "the plan should use both Soyuz ports"
    for f in arrivals_at_a:
        assert not CYGNUS_BERTHED[0] <= f.dock_utc <= CYGNUS_BERTHED[1], f.id
