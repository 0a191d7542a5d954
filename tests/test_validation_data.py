"""The validation data set itself: element sets exactly as published, flights consistent.

An element set that was typed in, shortened or made up betrays itself: its checksum fails, or its
node (RAAN) and revolution number do not follow from its neighbours.  The ISS node regresses
about 4.95 deg/day (J2 at 51.64 deg and ~415 km) and the station makes 15.49-15.52 revolutions a
day, so consecutive sets must agree to within the variation of those rates.
"""

from __future__ import annotations

import itertools
import math
from datetime import timedelta

import pytest
from pydantic import ValidationError

from crossflight.io.orbit_archive import archive_element_sets, archive_files, archive_index
from crossflight.io.tle import tle_checksum
from crossflight.io.validation import (
    ValidationFlight,
    get_validation_flight,
    load_validation_flights,
)
from crossflight.model.launchers import load_profiles
from crossflight.model.sites import get_site

#: Mean ISS nodal regression 2022-2025 (deg/day).
NODE_RATE_DEG_PER_DAY = -4.952
#: The node rate changes with altitude (reboosts, decay) by ~0.01 deg/day: allowed drift.
NODE_RATE_SPREAD_DEG_PER_DAY = 0.01
#: Node scatter between consecutive sets (mean-element noise), degrees.
NODE_NOISE_DEG = 0.05
#: Revolution count: mean-motion changes between sets allow ~0.01 rev/day, plus counting noise.
REV_NOISE = 1.5
REV_SPREAD_PER_DAY = 0.01
#: A station set older than this at liftoff is no longer a fair validation input (days).
MAX_SET_AGE_AT_LIFTOFF_DAYS = 7.0


def _tle_lines() -> list[tuple[str, str, str]]:
    out = []
    for f in archive_files("iss"):
        if f.name.endswith(".tle"):
            lines = [ln for ln in f.path.read_text(encoding="utf-8").splitlines() if ln.strip()]
            ones = [ln for ln in lines if ln.startswith("1 ")]
            twos = [ln for ln in lines if ln.startswith("2 ")]
            out += [(f.name, a, b) for a, b in zip(ones, twos, strict=True)]
    return out


def test_every_tle_line_has_a_valid_checksum_and_the_iss_catalogue_number() -> None:
    rows = _tle_lines()
    assert len(rows) >= 40
    for name, l1, l2 in rows:
        assert int(l1[68]) == tle_checksum(l1), (name, l1)
        assert int(l2[68]) == tle_checksum(l2), (name, l2)
        assert l1[2:7] == l2[2:7] == "25544", name


def test_no_synthetic_epochs() -> None:
    """Published epochs carry the full 8-decimal fraction of a real tracking fit; made-up sets
    tend to use round values (.50000000, .54583333)."""
    for name, l1, _ in _tle_lines():
        fraction = l1[24:32]
        assert not fraction.endswith("000"), (name, l1)
        assert len(set(fraction)) > 3, (name, l1)


def test_node_and_revolution_chain_is_consistent_between_neighbours() -> None:
    sets = archive_element_sets("iss")
    assert len(sets) >= 45
    epochs = [e.epoch_utc_s for e in sets]
    assert len(set(epochs)) == len(epochs), "duplicate element sets"
    for a, b in itertools.pairwise(sets):
        dt_days = (b.epoch_utc_s - a.epoch_utc_s) / 86400.0
        predicted = math.degrees(a.satrec.nodeo) + NODE_RATE_DEG_PER_DAY * dt_days
        got = math.degrees(b.satrec.nodeo)
        err = (got - predicted + 180.0) % 360.0 - 180.0
        tol = NODE_NOISE_DEG + NODE_RATE_SPREAD_DEG_PER_DAY * dt_days
        assert abs(err) <= tol, f"{b.source}: node {err:+.2f} deg off the chain ({dt_days:.1f} d)"
        revs_per_day = (a.satrec.no_kozai + b.satrec.no_kozai) / 2.0 * 1440.0 / math.tau
        rev_err = (b.satrec.revnum - a.satrec.revnum) % 100000 - revs_per_day * dt_days
        rtol = REV_NOISE + REV_SPREAD_PER_DAY * dt_days
        assert abs(rev_err) <= rtol, f"{b.source}: revolution {rev_err:+.1f} off the chain"


def test_the_archive_index_lists_every_file_with_a_source() -> None:
    index = archive_index("iss")
    assert index["catnr"] == 25544
    assert str(index["source"]).strip()
    folder = archive_files("iss")[0].path.parent
    on_disk = {p.name for p in folder.iterdir()}
    assert on_disk == {f.name for f in archive_files("iss")}
    assert all(f.description.strip() and f.element_sets for f in archive_files("iss"))


def test_every_vehicle_class_and_profile_is_covered() -> None:
    flights = load_validation_flights()
    assert len(flights) >= 19
    combos = {(f.vehicle, f.profile) for f in flights}
    assert {
        ("soyuz-ms", "2-orbit"),
        ("soyuz-ms", "2-day"),
        ("progress-ms", "2-day"),
        ("crew-dragon", "1-day"),
        ("cargo-dragon", "1-day"),
    } <= combos


#: Published liftoff-to-docking spans of the profiles (hours; station-facts, profiles.toml).
TRANSIT_HOURS = {
    "2-orbit": (2.8, 3.6),
    "4-orbit": (5.5, 6.5),
    "2-day": (48.0, 53.0),
    "1-day": (12.0, 45.0),
}


@pytest.mark.parametrize("flight_id", [f.id for f in load_validation_flights()])
def test_each_flight_is_consistent(flight_id: str) -> None:
    f = get_validation_flight(flight_id)
    assert f.sources and all(s.strip() for s in f.sources)
    assert f.vehicle in get_site(f.site).vehicles
    assert f.vehicle in load_profiles()[f.profile].vehicles
    assert f.docking_utc is not None and f.transit_s is not None
    lo, hi = TRANSIT_HOURS[f.profile]
    assert lo <= f.transit_s / 3600.0 <= hi, f"{flight_id}: transit {f.transit_s / 3600:.2f} h"
    assert f.element_set_age_days() <= MAX_SET_AGE_AT_LIFTOFF_DAYS
    assert f.liftoff_utc.utcoffset() == timedelta(0)


def test_sets_public_before_liftoff_are_told_apart() -> None:
    ms22 = get_validation_flight("soyuz-ms-22")
    assert ms22.element_sets_before_liftoff() == []  # the only set is from after docking
    ms27 = get_validation_flight("soyuz-ms-27")
    assert len(ms27.element_sets_before_liftoff()) == 2


def test_docking_precision_defaults_to_the_liftoffs_and_must_be_positive() -> None:
    ms28 = get_validation_flight("soyuz-ms-28")
    assert ms28.time_precision_s == ms28.docking_precision_s == 1
    crew5 = get_validation_flight("crew-5")
    assert (crew5.time_precision_s, crew5.docking_precision_s) == (1, 60)
    raw = crew5.model_dump()
    del raw["docking_precision_s"]
    assert ValidationFlight(**{**raw, "time_precision_s": 60}).docking_precision_s == 60
    with pytest.raises(ValidationError):
        ValidationFlight(**{**raw, "docking_precision_s": 0})
