"""Launch windows against real flights, with the issue's tolerances (seconds and minutes).

Every case comes from the project's validation data set (``crossflight/data/validation``:
real liftoff and docking UTC, pad, profile, sources) with the ISS element sets of the built-in
archive that were published around the launch.  The window search runs over the whole launch
day and must find the flown profile with a liftoff close to the real one and predict the docking.
Known misses are kept as strict xfails with their measured error, so a model change that fixes
(or worsens) one is noticed.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from crossflight.flight.orbits import StationOrbit
from crossflight.flight.windows import ProfileOption, find_opportunities
from crossflight.io.validation import (
    ValidationFlight,
    get_validation_flight,
    load_validation_flights,
)
from crossflight.model.sites import get_site

FIFTEEN_SECONDS = 15.0
THIRTY_SECONDS = 30.0
SIXTY_SECONDS = 60.0
FIVE_MINUTES = 300.0
FORTY_FIVE_MINUTES = 45 * 60.0

#: The issue's tolerances: liftoff per profile (s) and docking (s; None: not asserted here, the
#: Dragon docking is a mission choice the window model does not capture: docs/calibration.md).
LIFTOFF_TOLERANCE_S = {"2-orbit": FIFTEEN_SECONDS, "2-day": SIXTY_SECONDS, "1-day": THIRTY_SECONDS}
DOCKING_TOLERANCE_S = {"2-orbit": FIVE_MINUTES, "2-day": FORTY_FIVE_MINUTES, "1-day": None}

#: Documented misses of the calibrated model (docs/calibration.md), measured with the packaged
#: calibration: flight -> reason.
KNOWN_MISSES = {
    "soyuz-ms-23": "docking predicted 83 min late: it docked one orbit before the Progress "
    "flights of the 2-day scheme, outside the one-revolution band (docs/calibration.md)",
    "crew-5": "liftoff predicted 66 s early (Dragon lead scatter, docs/calibration.md)",
    "crew-6": "liftoff predicted 69 s early (Dragon lead scatter, docs/calibration.md)",
    "crew-10": "liftoff predicted 42 s late (minute-precision time; Dragon lead scatter)",
    "ax-4": "liftoff predicted 69 s late (minute-precision time; Dragon lead scatter)",
    "crew-11": "liftoff predicted 32 s late (minute-precision time; Dragon lead scatter)",
}


def _orbit(flight: ValidationFlight) -> StationOrbit:
    return StationOrbit(flight.load_element_sets(), strict=True)


def _flown(flight: ValidationFlight) -> tuple[ProfileOption, datetime]:
    """The option of the flown profile nearest the real liftoff, and its in-plane instant."""
    day = flight.liftoff_utc.replace(hour=0, minute=0, second=0)
    opps = find_opportunities(_orbit(flight), get_site(flight.site), flight.vehicle, day, 1.0)
    found = [(p, o.in_plane_utc) for o in opps for p in o.profiles if p.name == flight.profile]
    assert found, f"{flight.id}: no {flight.profile} opportunity on {day:%Y-%m-%d}: {opps}"
    return min(found, key=lambda c: abs((c[0].liftoff_utc - flight.liftoff_utc).total_seconds()))


def _cases() -> list[object]:
    out: list[object] = []
    for f in load_validation_flights():
        marks = []
        if f.id in KNOWN_MISSES:
            marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[f.id]))
        out.append(pytest.param(f.id, id=f.id, marks=marks))
    return out


@pytest.mark.parametrize("flight_id", _cases())
def test_window_search_finds_the_flown_liftoff_and_docking(flight_id: str) -> None:
    flight = get_validation_flight(flight_id)
    option, _ = _flown(flight)
    liftoff_err_s = (option.liftoff_utc - flight.liftoff_utc).total_seconds()
    assert abs(liftoff_err_s) <= LIFTOFF_TOLERANCE_S[flight.profile], liftoff_err_s
    tolerance = DOCKING_TOLERANCE_S[flight.profile]
    if tolerance is not None:
        assert flight.docking_utc is not None
        docking_err_s = (option.docking_utc - flight.docking_utc).total_seconds()
        assert abs(docking_err_s) <= tolerance, docking_err_s
        assert option.docking_band_utc is not None
        lo, hi = option.docking_band_utc
        assert lo <= flight.docking_utc <= hi


def test_soyuz_ms_27_flies_two_revolutions() -> None:
    option, _ = _flown(get_validation_flight("soyuz-ms-27"))
    assert option.revolutions == 2
    assert option.docking_utc.date() == datetime(2025, 4, 8, tzinfo=UTC).date()


@pytest.mark.parametrize(("flight_id", "lead_min"), [("soyuz-ms-27", 3.5), ("progress-ms-31", 1.6)])
def test_liftoff_lead_before_the_pads_plane_crossing(flight_id: str, lead_min: float) -> None:
    """The real leads (liftoff before the pad crosses the station's plane, from these TLEs):
    MS-27 3.5 min (2-orbit), MS-31 1.6 min (2-day) — the 2-day ship targets a plane further
    east (it regresses faster while phasing lower), so it lifts off later."""
    option, in_plane_utc = _flown(get_validation_flight(flight_id))
    lead = (in_plane_utc - option.liftoff_utc).total_seconds() / 60.0
    assert abs(lead - lead_min) < 1.0
