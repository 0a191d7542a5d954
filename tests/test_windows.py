"""Window-search properties: insertion in the targeted plane, sorted unique windows, sites."""

from __future__ import annotations

import dataclasses
import math
import warnings
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from crossflight.errors import (
    ProfileError,
    PropagationError,
    RequestError,
    StaleElementSetError,
    StaleElementSetWarning,
    UnknownIdError,
)
from crossflight.flight.orbits import StationOrbit, load_station_orbit
from crossflight.flight.windows import find_opportunities
from crossflight.model.launchers import get_launcher, load_profiles
from crossflight.model.sites import custom_site, get_site
from crossflight.physics.ascent import insertion_state, out_of_plane_response
from crossflight.physics.launch_windows import phase_at_insertion_rad, solve_brackets
from crossflight.physics.phase_windows import feasible_gain, gain_window

APRIL = datetime(2025, 4, 6, tzinfo=UTC)


@pytest.fixture(scope="module")
def april(reference_dir: Path) -> StationOrbit:
    return load_station_orbit(reference_dir / "iss-2025-04-07.tle")


@pytest.mark.parametrize("vehicle", ["soyuz-ms", "progress-ms", "crew-dragon"])
def test_insertion_state_lies_in_the_targeted_plane(april: StationOrbit, vehicle: str) -> None:
    site = get_site("baikonur-31" if vehicle != "crew-dragon" else "ksc-39a")
    launcher = get_launcher(vehicle).ascent()
    opps = find_opportunities(april, site, vehicle, APRIL, 4.0)
    checked = 0
    for o in opps:
        for p in o.profiles:
            t_ins, r, v = insertion_state(
                p.liftoff_utc.timestamp(), math.radians(site.latitude_deg),
                math.radians(site.longitude_deg), site.elevation_m / 1e3, launcher,
                np.array(p.plane_normal_teme), lead_s=load_profiles()[p.name].liftoff_lead_s,
            )  # fmt: skip
            assert abs(t_ins - p.insertion_utc.timestamp()) < 1e-3
            h = np.array(p.plane_normal_teme)
            pos_deg = math.degrees(math.asin(abs(float(r @ h)) / float(np.linalg.norm(r))))
            vel_deg = math.degrees(math.asin(abs(float(v @ h)) / float(np.linalg.norm(v))))
            assert pos_deg < 0.01 and vel_deg < 0.01
            checked += 1
    assert checked >= 2


def test_off_time_liftoff_leaves_the_plane(april: StationOrbit) -> None:
    """The plane condition is sharp: 60 s late puts the ship ~0.08 deg out of plane."""
    site = get_site("baikonur-31")
    opp = find_opportunities(april, site, "soyuz-ms", datetime(2025, 4, 8, tzinfo=UTC), 1)[0]
    h = np.array(opp.profiles[0].plane_normal_teme)
    _, r, _ = insertion_state(
        opp.liftoff_utc.timestamp() + 60.0, math.radians(site.latitude_deg),
        math.radians(site.longitude_deg), 0.1, get_launcher("soyuz-ms").ascent(), h,
    )  # fmt: skip
    assert math.degrees(math.asin(abs(float(r @ h)) / float(np.linalg.norm(r)))) > 0.05


def test_windows_are_sorted_unique_daily_and_ascending_only_from_baikonur(
    april: StationOrbit,
) -> None:
    opps = find_opportunities(april, get_site("baikonur-31"), "soyuz-ms", APRIL, 4.0)
    t = [o.liftoff_utc for o in opps]
    assert t == sorted(t) and len(set(t)) == len(t) == 4
    assert all(o.direction == "ascending" for o in opps)
    gaps_h = np.diff([x.timestamp() for x in t]) / 3600.0
    assert np.all((gaps_h > 23.0) & (gaps_h < 24.0))  # plane regresses: earlier each day
    for o in opps:
        assert [p.docking_utc for p in o.profiles] == sorted(p.docking_utc for p in o.profiles)
        if o.profiles:
            assert o.liftoff_utc == o.profiles[0].liftoff_utc
            assert o.best_profile == o.profiles[0].name


def test_custom_site_gets_both_directions(april: StationOrbit) -> None:
    opps = find_opportunities(april, custom_site(28.6, -80.6), "crew-dragon", APRIL, 2.0)
    assert {o.direction for o in opps} == {"ascending", "descending"}
    assert len(opps) == 4


def test_site_above_the_inclination_is_refused_naming_pads_that_work(
    april: StationOrbit,
) -> None:
    """Vostochny (51.88 N) lies beyond the ISS inclination (51.64 deg): the plane never passes
    overhead, so instead of an empty list the search refuses and names the pads that work."""
    with pytest.raises(ProfileError, match="beyond the station's inclination") as info:
        find_opportunities(april, get_site("vostochny-1s"), "progress-ms", APRIL, 3.0)
    assert info.value.exit_code == 2 and "baikonur-31" in info.value.one_line()
    with pytest.raises(UnknownIdError, match="does not launch from vostochny-1s") as info2:
        find_opportunities(april, get_site("vostochny-1s"), "soyuz-ms", APRIL, 3.0)
    assert "baikonur-31" in info2.value.one_line()


def test_longer_phasing_targets_a_plane_further_east(april: StationOrbit) -> None:
    opps = find_opportunities(april, get_site("baikonur-31"), "soyuz-ms", APRIL, 4.0)
    for o in opps:
        for p in o.profiles:
            assert p.plane_shift_deg > 0.0
            lead_s = (o.in_plane_utc - p.liftoff_utc).total_seconds()
            assert 0.0 < lead_s < 400.0


def test_window_widths_match_the_reported_ones() -> None:
    """Correction windows from the phasing delta-v: ~6, ~22, ~150 deg as reported; the 2-day
    profile (free burn timing) then covers every phase: it is the fallback."""
    profiles = load_profiles()
    a_station, a_ins = 6795.0, get_launcher("soyuz-ms").ascent().insertion_sma_km
    fixed = {
        name: dataclasses.replace(profiles[name].profile(), deficit_fraction_range=None)
        for name in ("2-orbit", "4-orbit", "2-day")
    }
    widths = {
        name: math.degrees(2 * gain_window(fixed[name], n, a_station, a_ins)[1])
        for name, n in (("2-orbit", 2), ("4-orbit", 4), ("2-day", 33))
    }
    assert 4.0 < widths["2-orbit"] < 8.0  # reported ~6 deg
    assert 15.0 < widths["4-orbit"] < 30.0  # reported ~22 deg
    assert 120.0 < widths["2-day"] < 180.0  # reported ~150 deg
    nominal, half = gain_window(profiles["2-orbit"].profile(), 2, a_station, a_ins)
    assert np.isnan(feasible_gain(np.array([nominal + 1.5 * half]), nominal, half)[0])
    nominal, half = gain_window(profiles["2-day"].profile(), 33, a_station, a_ins)
    theta = np.radians(np.arange(0.0, 360.0, 5.0))
    assert not np.any(np.isnan(feasible_gain(theta, nominal, half)))


def test_solve_brackets_finds_many_roots_at_once() -> None:
    a = np.arange(10) * np.pi + 0.5 * np.pi
    roots = solve_brackets(lambda x, _i: np.sin(x), a, a + np.pi)
    np.testing.assert_allclose(roots, (np.arange(10) + 1) * np.pi, atol=1e-9)


def test_out_of_plane_response_nulls_velocity() -> None:
    ascent = get_launcher("soyuz-ms").ascent()
    _, w = out_of_plane_response(ascent, 50.0, -0.2)
    assert abs(w) < 1e-12
    z0 = -ascent.lead_s * 0.3
    assert abs(out_of_plane_response(ascent, z0, 0.3)[0]) < 1e-9
    assert 0.25 * ascent.duration_s < ascent.lead_s < ascent.duration_s


def test_stale_element_set_warns_or_fails_when_strict(reference_dir: Path) -> None:
    late = datetime(2025, 5, 1, tzinfo=UTC)
    orbit = load_station_orbit(reference_dir / "iss-2025-04-07.tle")
    with pytest.warns(StaleElementSetWarning, match="days from the requested time"):
        find_opportunities(orbit, get_site("baikonur-31"), "soyuz-ms", late, 1)
    strict = load_station_orbit(reference_dir / "iss-2025-04-07.tle", strict=True)
    with pytest.raises(StaleElementSetError) as info:
        find_opportunities(strict, get_site("baikonur-31"), "soyuz-ms", late, 1)
    assert info.value.exit_code == 2 and "fix:" in info.value.one_line()


def test_sgp4_errors_are_reported_in_words(april: StationOrbit) -> None:
    five_years_s = 5 * 365.25 * 86400.0
    far = april.epochs_utc_s[0] + np.array([0.0, five_years_s])
    r, _ = april.state_teme(far)
    assert np.all(np.isfinite(r[0])) and np.all(np.isnan(r[1]))
    _, _, err = april.state_teme_with_errors(far)
    assert list(err) == [0, 6]  # the code itself, not only NaN
    with pytest.raises(PropagationError, match=r"SGP4 error 6 .*: satellite has decayed"):
        april.state_teme_checked(far)
    baikonur, later = get_site("baikonur-31"), datetime(2030, 6, 1, tzinfo=UTC)
    with pytest.raises(StaleElementSetError, match="refused beyond 90 days"):
        find_opportunities(april, baikonur, "soyuz-ms", later, 1)  # 5 years: refused first
    anyway = StationOrbit(april.element_sets, allow_stale=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", StaleElementSetWarning)
        with pytest.raises(PropagationError, match="decayed") as info:
            find_opportunities(anyway, baikonur, "soyuz-ms", later, 1)
    assert info.value.exit_code == 2


def test_bad_requests() -> None:
    orbit = StationOrbit.from_tle(
        "1 25544U 98067A   25097.52056586  .00011719  00000-0  21806-3 0  9999\n"
        "2 25544  51.6365 297.0255 0004979  19.0825 341.0349 15.49320680504205\n"
    )
    with pytest.raises(UnknownIdError):
        find_opportunities(orbit, get_site("baikonur-31"), "soyuz-xx", APRIL, 1)
    with pytest.raises(RequestError):
        find_opportunities(orbit, get_site("baikonur-31"), "soyuz-ms", APRIL, 0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert find_opportunities(orbit, get_site("baikonur-31"), "soyuz-ms", APRIL, 1)


@pytest.mark.parametrize(
    ("site_id", "vehicle"),
    [("baikonur-31", "soyuz-ms"), ("baikonur-31", "progress-ms"), ("ksc-39a", "crew-dragon"),
     ("ccsfs-40", "crew-dragon"), ("ksc-39a", "cargo-dragon")],
)  # fmt: skip
def test_builtin_pads_fly_within_azimuth_limits_and_yaw_budget(
    april: StationOrbit, site_id: str, vehicle: str
) -> None:
    launcher = get_launcher(vehicle)
    lo, hi = launcher.azimuth_limits_deg
    opps = find_opportunities(april, get_site(site_id), vehicle, APRIL, 4.0)
    profiles = [p for o in opps for p in o.profiles]
    assert profiles
    for p in profiles:
        assert lo <= p.azimuth_deg <= hi
        assert 0.5 < p.yaw_deg <= launcher.yaw_budget_deg


def test_pad_needing_too_much_yaw_has_no_profile(april: StationOrbit) -> None:
    """From the equator the pad's out-of-plane velocity needs ~8 deg of Soyuz yaw (budget 6)."""
    opps = find_opportunities(april, custom_site(0.0, 0.0), "soyuz-ms", APRIL, 2.0)
    assert opps and all(not o.profiles for o in opps)


def test_phase_at_insertion_matches_the_window_search(april: StationOrbit) -> None:
    site = get_site("baikonur-31")
    opp = find_opportunities(april, site, "soyuz-ms", datetime(2025, 4, 8, tzinfo=UTC), 1)[0]
    p = opp.profiles[0]
    lat, lon = math.radians(site.latitude_deg), math.radians(site.longitude_deg)
    ascent = get_launcher("soyuz-ms").ascent()
    t = p.liftoff_utc.timestamp()
    phase = phase_at_insertion_rad(
        april.state_teme, t, lat, lon, 0.1, ascent, math.radians(p.plane_shift_deg)
    )
    assert abs(math.degrees(float(phase[0])) - p.phase_deg) < 1e-6
    # one minute later the station is ~3.6 deg further ahead (it moves, the pad barely does)
    later = phase_at_insertion_rad(april.state_teme, t + 60.0, lat, lon, 0.1, ascent)
    assert 3.0 < math.degrees(float(later[0] - phase[0])) < 4.5
