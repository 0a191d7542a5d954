"""Rendezvous façade and CLI: errors that name the nearest feasible option, JSON schema,
dispersion reproducibility, CW (dispersed) vs nonlinear (single) approach consistency."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from cli_runner import run_cli
from crossflight.errors import ProfileError
from crossflight.flight.orbits import StationOrbit
from crossflight.flight.rendezvous import disperse_rendezvous, simulate_rendezvous
from crossflight.model.sites import get_site
from crossflight.physics.approach import Approach
from crossflight.physics.dispersions import DispersionModel, run_dispersions
from crossflight.physics.phasing_burns import Scheme
from crossflight.physics.trajectory import simulate
from orbit_states import orbit_state

MS27_LIFTOFF = datetime(2025, 4, 8, 5, 47, 15, tzinfo=UTC)


@pytest.fixture(scope="module")
def iss_april(reference_dir: Path) -> StationOrbit:
    return StationOrbit.from_tle(reference_dir / "iss-2025-04-07.tle")


def test_liftoff_outside_any_window_names_the_nearest_liftoff(iss_april: StationOrbit) -> None:
    late = datetime(2025, 4, 8, 7, 0, 0, tzinfo=UTC)
    with pytest.raises(ProfileError) as info:
        simulate_rendezvous(iss_april, get_site("baikonur-31"), "soyuz-ms", late, "2-orbit")
    text = info.value.one_line()
    assert "not in a 2-orbit launch window" in text
    assert "nearest 2-orbit liftoff is 2025-04-08T05:47" in text


def test_unknown_profile_names_the_vehicle_profiles(iss_april: StationOrbit) -> None:
    with pytest.raises(ProfileError) as info:
        simulate_rendezvous(iss_april, get_site("baikonur-31"), "soyuz-ms", MS27_LIFTOFF, "3-orbit")
    assert "2-orbit" in info.value.one_line() and "2-day" in info.value.one_line()


def test_infeasible_profile_for_the_phase_names_the_feasible_ones(iss_april: StationOrbit) -> None:
    with pytest.raises(ProfileError) as info:
        simulate_rendezvous(iss_april, get_site("baikonur-31"), "soyuz-ms", MS27_LIFTOFF, "4-orbit")
    text = info.value.one_line()
    assert "infeasible" in text and "2-orbit (liftoff 2025-04-08T05:47" in text


def test_dispersions_are_reproducible_and_spread(iss_april: StationOrbit) -> None:
    site = get_site("baikonur-31")
    a = disperse_rendezvous(iss_april, site, "soyuz-ms", MS27_LIFTOFF, "2-orbit", 40, 7)
    b = disperse_rendezvous(iss_april, site, "soyuz-ms", MS27_LIFTOFF, "2-orbit", 40, 7)
    assert np.array_equal(a.result.total_dv_m_s, b.result.total_dv_m_s)
    pct = a.result.percentiles()
    assert pct["total_dv_m_s"]["p95"] > pct["total_dv_m_s"]["p5"]
    assert abs(pct["docking_offset_s"]["p50"]) < 120.0
    assert np.all(a.result.gate_miss_km < 5.0)  # the mid-course correction absorbs the errors


def test_cw_approach_of_the_fleet_matches_the_nonlinear_single_ship() -> None:
    """Without errors, N identical ships flown with the CW terminal approach dock at the same
    time and within 1 m/s of the single ship flown closed-loop in the nonlinear model."""
    ship = orbit_state(200.0, 240.0, 0.0)
    station = orbit_state(417.0, 419.0, 15.0)
    scheme = Scheme(
        "2-orbit", 1500.0, 3000.0, 9300.0, 0.0, 1800.0, (-1.0, -5.0, 0.0), 250.0, 2700.0
    )
    one = simulate(0.0, ship, station, scheme, Approach(), 0.0037, 0.0073)
    fleet = simulate(0.0, np.stack([ship, ship]), station, scheme, Approach(), 0.0037, 0.0073,
                     plan=one.plan)  # fmt: skip
    assert np.allclose(fleet.docking_utc_s, one.docking_utc_s[0], atol=1.0)
    assert np.allclose(fleet.total_dv_m_s, one.total_dv_m_s[0], atol=1.0)
    res = run_dispersions(0.0, ship, station, scheme, Approach(), 0.0037, 0.0073, 3, 1,
                          DispersionModel(), plan=one.plan)  # fmt: skip
    assert res.docking_utc_s.shape == (3,)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return run_cli("rendezvous", *args, timeout_s=120.0)


def test_cli_json_schema_and_files(reference_dir: Path, tmp_path: Path) -> None:
    out = _cli(
        "--station", str(reference_dir / "iss-2025-04-07.tle"), "--site", "baikonur-31",
        "--liftoff", "2025-04-08T05:47:15Z", "--profile", "2-orbit", "--json",
        "--oem", str(tmp_path / "s.oem"), "--czml", str(tmp_path / "s.czml"),
        "--plot", str(tmp_path / "s.png"),
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["docking_utc"].startswith("2025-04-08T08:5") and data["docking_utc"].endswith("Z")
    assert 60.0 <= data["total_dv_m_s"] <= 250.0
    for burn in data["burns"]:
        assert set(burn) >= {"time_utc", "dv_m_s", "dv_lvlh_m_s"}
        assert len(burn["dv_lvlh_m_s"]) == 3
    for name in ("s.oem", "s.czml", "s.png"):
        assert (tmp_path / name).stat().st_size > 1000
    from oem import OrbitEphemerisMessage

    oem = OrbitEphemerisMessage.open(str(tmp_path / "s.oem"))
    assert len(oem.segments) == len(data["burns"]) + 1  # one coast arc per burn, plus the first


def test_cli_bad_input_is_one_line_exit_2(reference_dir: Path, tmp_path: Path) -> None:
    out = _cli(
        "--station", str(reference_dir / "iss-2025-04-07.tle"), "--site", "baikonur-31",
        "--liftoff", "2025-04-08T05:47:15Z", "--profile", "9-orbit",
    )  # fmt: skip
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr
    bad_plot = _cli(
        "--station", str(reference_dir / "iss-2025-04-07.tle"), "--site", "baikonur-31",
        "--liftoff", "2025-04-08T05:47:15Z", "--profile", "2-orbit",
        "--plot", str(tmp_path / "x.gif"),
    )  # fmt: skip
    assert bad_plot.returncode == 2 and ".png or .html" in bad_plot.stderr
    assert not (tmp_path / "x.gif").exists()
