"""The report's figure data against plain oracles, the world and the file readers.

* the ground track's highest latitude is the station's inclination (real ISS element sets);
* the stacked crew counts equal a brute-force count of who is aboard at each instant;
* the occupancy Gantt lists the segment operators first and every person once per seat span;
* tables and calendars written by the report's writers read back unchanged.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest
from icalendar import Calendar

from crossflight import api
from crossflight.report.series import crew_counts, gantt_rows, window_rows

ISS_INCLINATION_DEG = 51.6365  # line 2 of the 2025-04-07 element set (built-in orbit)
FIVE_HUNDREDTHS_DEG = 0.05  # ~5 km on the ground: the track's sampling and eccentricity


@pytest.fixture(scope="module")
def orbit() -> api.StationOrbit:
    return api.resolve_station("iss").orbit  # the built-in archive (nearest set per instant)


@pytest.fixture(scope="module")
def history_spans() -> list[api.LifeboatSpan]:
    return api.occupancy(api.load_builtin_manifest("iss-2022-2025"))


def test_ground_track_peaks_at_the_inclination(orbit: api.StationOrbit) -> None:
    t0 = datetime(2025, 4, 8, tzinfo=UTC).timestamp()
    t = t0 + np.arange(0.0, 86400.0, 10.0)
    r, v = orbit.state_teme(t)
    lat, lon = api.ground_track_deg(t, np.hstack([r, v]))
    assert abs(float(np.max(lat)) - ISS_INCLINATION_DEG) < FIVE_HUNDREDTHS_DEG
    assert abs(float(np.min(lat)) + ISS_INCLINATION_DEG) < FIVE_HUNDREDTHS_DEG
    assert np.all((lon >= -180.0) & (lon <= 180.0))
    # the track moves west by the Earth's rotation in one orbit (~23 deg for the ISS)
    period_s = 86400.0 / 15.4932
    i = int(period_s / 10.0)
    shift = (lon[0] - lon[i] + 360.0) % 360.0
    assert abs(shift - 360.0 * period_s / 86164.1) < 1.0


def test_crew_counts_equal_a_brute_force_count(history_spans: list[api.LifeboatSpan]) -> None:
    times, counts = crew_counts(history_spans)
    rng = np.random.default_rng(7)
    for i in rng.integers(0, len(times) - 1, size=60):
        t = times[int(i)] + (times[int(i) + 1] - times[int(i)]) / 2
        aboard: dict[str, set[str]] = {}
        for s in history_spans:
            if s.start_utc <= t < s.end_utc:
                aboard.setdefault(s.agency, set()).add(s.person)
        for agency, series in counts.items():
            assert series[int(i)] == len(aboard.get(agency, set())), (agency, t)


def test_gantt_rows_put_segment_operators_first(history_spans: list[api.LifeboatSpan]) -> None:
    rows = gantt_rows(history_spans)
    assert len(rows) == len(history_spans)
    segments = [r.segment for r in rows]
    first_partner = segments.index("partners")
    assert set(segments[:first_partner]) == {"russian", "us"}
    assert set(segments[first_partner:]) == {"partners"}
    assert {r.agency for r in rows if r.segment == "russian"} == {"ROSCOSMOS"}


def test_window_rows_one_per_profile_in_liftoff_order(orbit: api.StationOrbit) -> None:
    site = api.get_site("baikonur-31")
    opps = api.find_opportunities(orbit, site, "soyuz-ms", datetime(2025, 4, 7, tzinfo=UTC), 3)
    rows = window_rows(opps)
    assert len(rows) == sum(max(1, len(o.profiles)) for o in opps)
    assert [r.liftoff_utc for r in rows] == sorted(r.liftoff_utc for r in rows)
    ms27 = [r for r in rows if r.profile == "2-orbit"]
    assert len(ms27) == 1 and timedelta(hours=2.5) < timedelta(seconds=ms27[0].duration_s)


def test_tables_round_trip(tmp_path: Path) -> None:
    t = datetime(2025, 4, 8, 5, 47, 15, 123456, tzinfo=UTC)
    rows = [{"flight": "soyuz-ms-27", "liftoff_utc": t, "dv_m_s": 164.3, "n": 19}]
    api.write_parquet(tmp_path / "x.parquet", rows)
    api.write_csv(tmp_path / "x.csv", rows)
    back = pq.read_table(tmp_path / "x.parquet").to_pylist()
    assert back[0]["liftoff_utc"] == t.replace(microsecond=123000)
    assert back[0]["flight"] == "soyuz-ms-27" and back[0]["n"] == 19
    assert (tmp_path / "x.csv").read_text().splitlines()[1].startswith('"soyuz-ms-27",')
    api.write_parquet(tmp_path / "empty.parquet", [], columns=["a", "b"])
    assert pq.read_table(tmp_path / "empty.parquet").column_names == ["a", "b"]


def test_event_calendar_round_trips_through_icalendar(tmp_path: Path) -> None:
    start = datetime(2025, 4, 8, 5, 47, 15, tzinfo=UTC)
    event = api.CalendarEvent(
        uid="ms27@crossflight", summary="Soyuz MS-27: launch -> docking, Prichal; crew, 3",
        start_utc=start, end_utc=start + timedelta(hours=3, minutes=10, seconds=30),
        description="a long line " * 20,
    )  # fmt: skip
    path = api.write_events_ics(tmp_path / "f.ics", [event])
    raw = path.read_bytes()
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    (back,) = Calendar.from_ical(raw).walk("VEVENT")
    assert str(back["SUMMARY"]) == event.summary
    assert back.decoded("DTSTART") == start and back.decoded("DTEND") == event.end_utc
    assert str(back["DESCRIPTION"]) == event.description


def test_orbit_coverage_merges_overlapping_spans() -> None:
    from crossflight.report.mainjob import _coverage

    t = datetime(2025, 4, 6, tzinfo=UTC)
    days = timedelta(days=api.STALE_LIMIT_DAYS)
    assert _coverage([t, t + timedelta(days=1.5)]) == [(t - days, t + timedelta(days=1.5) + days)]
    far = t + timedelta(days=40)
    assert _coverage([far, t]) == [(t - days, t + days), (far - days, far + days)]
