"""Launch windows against real flights, with the issue's tolerances (seconds and minutes).

Each case uses the element sets that were public before the flight (``reference_dir``), the
real pad and vehicle, and searches the whole launch day: the window search must find the
flown profile with a liftoff close to the real one and predict the docking.
Sources: station-facts.md / flights.csv of the shared reference (russianspaceweb.com,
tass.com, NASA/SpaceX timelines).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from crossflight.flight.orbits import StationOrbit, load_station_orbit
from crossflight.flight.windows import ProfileOption, find_opportunities
from crossflight.model.sites import get_site


def _profile(
    reference_dir: Path, station: str, site: str, vehicle: str, day: datetime, name: str
) -> ProfileOption:
    orbit = load_station_orbit(reference_dir / station, strict=True)
    opps = find_opportunities(orbit, get_site(site), vehicle, day, 1.0)
    found = [p for o in opps for p in o.profiles if p.name == name]
    assert len(found) == 1, f"expected one {name} opportunity, got {opps}"
    return found[0]


def test_soyuz_ms_27_two_orbit(reference_dir: Path) -> None:
    p = _profile(reference_dir, "iss-2025-04-07.tle", "baikonur-31", "soyuz-ms",
                 datetime(2025, 4, 8, tzinfo=UTC), "2-orbit")  # fmt: skip
    liftoff = datetime(2025, 4, 8, 5, 47, 15, tzinfo=UTC)
    docking = datetime(2025, 4, 8, 8, 57, 45, tzinfo=UTC)
    assert abs((p.liftoff_utc - liftoff).total_seconds()) <= 90.0
    assert abs((p.docking_utc - docking).total_seconds()) <= 600.0
    assert p.revolutions == 2


def test_progress_ms_31_two_day(reference_dir: Path) -> None:
    p = _profile(reference_dir, "iss-2025-07-01.tle", "baikonur-31", "progress-ms",
                 datetime(2025, 7, 3, tzinfo=UTC), "2-day")  # fmt: skip
    liftoff = datetime(2025, 7, 3, 19, 32, 40, tzinfo=UTC)
    docking = datetime(2025, 7, 5, 21, 27, tzinfo=UTC)  # planned
    assert abs((p.liftoff_utc - liftoff).total_seconds()) <= 120.0
    assert abs((p.docking_utc - docking).total_seconds()) <= 45 * 60.0


def test_crew_10_crew_dragon(reference_dir: Path) -> None:
    orbit = load_station_orbit(reference_dir / "iss-2025-03-09.omm.json", strict=True)
    opps = find_opportunities(
        orbit, get_site("ksc-39a"), "crew-dragon", datetime(2025, 3, 14, tzinfo=UTC), 1.0
    )
    liftoff = datetime(2025, 3, 14, 23, 3, tzinfo=UTC)
    best = min(opps, key=lambda o: abs((o.liftoff_utc - liftoff).total_seconds()))
    assert best.best_profile is not None
    assert abs((best.liftoff_utc - liftoff).total_seconds()) <= 90.0


@pytest.mark.parametrize(
    ("station", "vehicle", "day", "name", "lead_min"),
    [
        ("iss-2025-04-07.tle", "soyuz-ms", datetime(2025, 4, 8, tzinfo=UTC), "2-orbit", 3.5),
        ("iss-2025-07-01.tle", "progress-ms", datetime(2025, 7, 3, tzinfo=UTC), "2-day", 1.6),
    ],
)
def test_liftoff_lead_before_the_pads_plane_crossing(
    reference_dir: Path, station: str, vehicle: str, day: datetime, name: str, lead_min: float
) -> None:
    """The real leads (liftoff before the pad crosses the station's plane, from these TLEs):
    MS-27 3.5 min (2-orbit), MS-31 1.6 min (2-day) — the 2-day ship targets a plane further
    east (it regresses faster while phasing lower), so it lifts off later."""
    orbit = load_station_orbit(reference_dir / station)
    opp = next(
        o for o in find_opportunities(orbit, get_site("baikonur-31"), vehicle, day, 1.0)
        if any(p.name == name for p in o.profiles)
    )  # fmt: skip
    p = next(p for p in opp.profiles if p.name == name)
    lead = (opp.in_plane_utc - p.liftoff_utc).total_seconds() / 60.0
    assert abs(lead - lead_min) < 1.0


# More flights, each with ISS element sets that were public around its launch, as quoted in
# public repositories (CelesTrak GP data).  Checksums verify, and their node histories are
# mutually consistent (about -4.95 deg/day), so they are genuine element sets.  Times from
# flights.csv of the shared reference (minute precision unless seconds are given there).
ISS_2022_09_23 = """\
1 25544U 98067A   22266.84431519  .00008111  00000+0  14870-3 0  9996
2 25544  51.6423 207.8056 0002412 286.8120 181.5821 15.50238875360488
"""
ISS_2023_08_23 = """\
1 25544U 98067A   23231.51768399  .00014050  00000+0  25837-3 0  9996
2 25544  51.6415  14.7889 0003559 325.3396 149.4637 15.49477580411611
1 25544U 98067A   23235.51284918  .00014007  00000-0  25659-3 0  9995
2 25544  51.6426 355.0105 0003727 342.0009 113.8232 15.49590945412235
"""
ISS_2024_09_12 = """\
1 25544U 98067A   24256.46084667  .00027694  00000-0  50912-3 0  9998
2 25544  51.6380 243.0542 0007697 345.2843 100.4574 15.48970942472084
1 25544U 98067A   24259.04042691 -.00020782  00000+0 -36841-3 0  9993
2 25544  51.6359 230.2949 0007613 354.9391  85.5828 15.49088255472489
"""
ISS_2024_09_28 = """\
1 25544U 98067A   24272.20796705  .00058591  00000+0  10319-2 0  9996
2 25544  51.6377 165.1137 0006922  38.3252  99.3437 15.49843852474523
"""
ISS_2025_06_25 = """\
1 25544U 98067A   25173.70435133  .00010306  00000-0  18707-3 0  9990
2 25544  51.6391 279.7295 0002026 272.7719 232.5001 15.50190580516013
1 25544U 98067A   25176.66408718  .00008346  00000-0  15277-3 0  9997
2 25544  51.6390 265.0566 0001950 279.7547 194.0443 15.50239840516477
"""
ISS_2025_08_01 = """\
1 25544U 98067A   25212.99608426  .00012187  00000+0  21918-3 0  9998
2 25544  51.6364  84.9763 0002287 136.8880 197.5582 15.50259437522105
1 25544U 98067A   25214.09653981  .00010888  00000+0  19653-3 0  9996
2 25544  51.6345  79.5266 0001736 142.9190 217.1919 15.50282964522285
"""
ISS_2025_11_20 = """\
ISS (ZARYA)
1 25544U 98067A   25324.86734766  .00014275  00000-0  26737-3 0  9990
2 25544  51.6324 250.7347 0003961 150.1460 209.9755 15.48935269539463
"""


@pytest.mark.parametrize(
    ("flight", "tle", "liftoff", "docking"),
    [
        ("Soyuz MS-22", ISS_2022_09_23, datetime(2022, 9, 21, 13, 54, 49, tzinfo=UTC),
         datetime(2022, 9, 21, 17, 6, 33, tzinfo=UTC)),
        ("Soyuz MS-26", ISS_2024_09_12, datetime(2024, 9, 11, 16, 23, tzinfo=UTC),
         datetime(2024, 9, 11, 19, 32, tzinfo=UTC)),
        ("Soyuz MS-28", ISS_2025_11_20, datetime(2025, 11, 27, 9, 27, 57, tzinfo=UTC),
         datetime(2025, 11, 27, 12, 34, 35, tzinfo=UTC)),
    ],
)  # fmt: skip
def test_other_two_orbit_soyuz_flights(
    flight: str, tle: str, liftoff: datetime, docking: datetime
) -> None:
    orbit = StationOrbit.from_tle(tle, strict=True)
    day = liftoff.replace(hour=0, minute=0, second=0)
    opps = find_opportunities(orbit, get_site("baikonur-31"), "soyuz-ms", day, 1.0)
    p = next(p for o in opps for p in o.profiles if p.name == "2-orbit")
    assert abs((p.liftoff_utc - liftoff).total_seconds()) <= 90.0, flight
    assert abs((p.docking_utc - docking).total_seconds()) <= 600.0, flight


@pytest.mark.parametrize(
    ("flight", "tle", "site", "liftoff"),
    [
        ("Crew-7", ISS_2023_08_23, "ksc-39a", datetime(2023, 8, 26, 7, 27, tzinfo=UTC)),
        ("Crew-9", ISS_2024_09_28, "ccsfs-40", datetime(2024, 9, 28, 17, 17, tzinfo=UTC)),
        ("Ax-4", ISS_2025_06_25, "ksc-39a", datetime(2025, 6, 25, 6, 31, tzinfo=UTC)),
        ("Crew-11", ISS_2025_08_01, "ksc-39a", datetime(2025, 8, 1, 15, 43, tzinfo=UTC)),
    ],
)
def test_other_crew_dragon_flights(flight: str, tle: str, site: str, liftoff: datetime) -> None:
    orbit = StationOrbit.from_tle(tle, strict=True)
    day = liftoff.replace(hour=0, minute=0, second=0)
    opps = find_opportunities(orbit, get_site(site), "crew-dragon", day, 1.0)
    best = min(opps, key=lambda o: abs((o.liftoff_utc - liftoff).total_seconds()))
    assert best.best_profile is not None, flight
    assert abs((best.liftoff_utc - liftoff).total_seconds()) <= 90.0, flight


# Progress MS 2-day flights.  Element sets as above; launch and docking times as announced by
# Roscosmos/NASA (minute precision): MS-27 2024-05-30 09:42:57 -> 06-01 11:47, MS-28
# 2024-08-15 03:20:13 -> 08-17 05:53, MS-29 2024-11-21 12:22 -> 11-23 14:31, MS-30
# 2025-02-27 21:24 -> 03-01 23:02.
ISS_2024_05_28 = """\
1 25544U 98067A   24145.18425404  .00021821  00000+0  36530-3 0  9997
2 25544  51.6393  74.2911 0003297 199.8507 300.9902 15.51793224454828
1 25544U 98067A   24148.06162966  .00017600  00000-0  30994-3 0  9997
2 25544  51.6402  60.0268 0005600 240.0999 134.8837 15.50510323455278
"""
ISS_2024_08_10 = """\
1 25544U 98067A   24223.83784911  .00020194  00000+0  36238-3 0  9994
2 25544  51.6408  44.5872 0005770 185.1957 306.5656 15.49872002467029
"""
ISS_2024_11_17 = """\
1 25544U 98067A   24320.36274227  .00015569  00000+0  28188-3 0  9999
2 25544  51.6413 286.4173 0007936 217.3657 298.3197 15.49809951481990
1 25544U 98067A   24322.09401066  .00019103  00000+0  34302-3 0  9997
2 25544  51.6410 277.8367 0007583 226.0535 235.5529 15.49882713482266
"""
ISS_2025_02_26 = """\
1 25544U 98067A   25054.44635474  .00024560  00000+0  44723-3 0  9992
2 25544  51.6356 150.3745 0005991 304.7544  55.2880 15.49325184497521
1 25544U 98067A   25057.69551956  .00051272  00000-0  91556-3 0  9991
2 25544  51.6387 134.2889 0005831 315.8203 179.6729 15.49515680498024
"""


@pytest.mark.parametrize(
    ("flight", "tle", "liftoff", "docking"),
    [
        ("Progress MS-27", ISS_2024_05_28, datetime(2024, 5, 30, 9, 42, 57, tzinfo=UTC),
         datetime(2024, 6, 1, 11, 47, tzinfo=UTC)),
        ("Progress MS-28", ISS_2024_08_10, datetime(2024, 8, 15, 3, 20, 13, tzinfo=UTC), None),
        ("Progress MS-29", ISS_2024_11_17, datetime(2024, 11, 21, 12, 22, tzinfo=UTC),
         datetime(2024, 11, 23, 14, 31, tzinfo=UTC)),
        ("Progress MS-30", ISS_2025_02_26, datetime(2025, 2, 27, 21, 24, tzinfo=UTC),
         datetime(2025, 3, 1, 23, 2, tzinfo=UTC)),
    ],
)  # fmt: skip
def test_other_two_day_progress_flights(
    flight: str, tle: str, liftoff: datetime, docking: datetime | None
) -> None:
    """Progress MS-28's docking (predicted 47 min early) is a documented miss: the 2-day
    profile docks after 33 revolutions, MS-28 took 33.5 (docs/windows.md section 6)."""
    orbit = StationOrbit.from_tle(tle, strict=True)
    day = liftoff.replace(hour=0, minute=0, second=0)
    opps = find_opportunities(orbit, get_site("baikonur-31"), "progress-ms", day, 1.0)
    p = next(p for o in opps for p in o.profiles if p.name == "2-day")
    assert abs((p.liftoff_utc - liftoff).total_seconds()) <= 120.0, flight
    if docking is not None:
        assert abs((p.docking_utc - docking).total_seconds()) <= 45 * 60.0, flight
