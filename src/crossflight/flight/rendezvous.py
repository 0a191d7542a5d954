"""Rendezvous simulation façade: station orbit + site + vehicle + liftoff + profile -> result.

Chains the window machinery (:mod:`crossflight.physics.launch_windows`: which profile is feasible at
this liftoff, its target plane, its phase gain and the window model's docking prediction), the
ascent model (:func:`crossflight.physics.ascent.insertion_state`) and the rendezvous simulation
(:mod:`crossflight.physics.trajectory`).  Aware UTC datetimes in and out; the numeric core
works in POSIX seconds.

The docking time is EARNED by the simulation: the scheme's timeline puts the gate (start of the
autonomous approach) at a slot counted in station revolutions after insertion
(``data/rendezvous.toml``, calibrated across real flights), the far-range guidance flies the
window model's phase gain to it, and the closed-loop approach from the state actually reached
ends at contact.  The window model's own prediction is reported beside it.

Bad input raises :class:`~crossflight.errors.ProfileError` naming the nearest feasible option:
a liftoff that is not in a window of the profile (-> the nearest liftoff of that profile), a
profile that is unknown or not flown by the vehicle (-> the vehicle's profiles), a profile
that is infeasible for the phase at this liftoff (-> the feasible profiles at this liftoff),
or a plan the guidance cannot fly within the scheme's budget or out-of-plane limit.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from crossflight.errors import ProfileError
from crossflight.flight.compatibility import (
    check_site_under_orbit,
    check_vehicle_port,
    check_vehicle_site,
)
from crossflight.flight.orbits import StationOrbit
from crossflight.flight.rendezvous_records import BurnRecord, DispersionSummary, RendezvousResult
from crossflight.model.launchers import get_launcher, load_profiles, profiles_for
from crossflight.model.rendezvous import load_rendezvous_data
from crossflight.model.sites import LaunchSite
from crossflight.physics.approach import Approach, hops_for
from crossflight.physics.ascent import insertion_state
from crossflight.physics.constants import MU_EARTH_KM3_S2
from crossflight.physics.dispersions import DispersionModel, run_dispersions
from crossflight.physics.launch_windows import ProfileWindow, find_windows
from crossflight.physics.phase_windows import nodal_rate_rad_s
from crossflight.physics.phasing_burns import (
    InfeasibleTransferError,
    PhasingPlan,
    Scheme,
    plan_phasing,
)
from crossflight.physics.trajectory import RendezvousRun, simulate
from crossflight.times import format_utc, from_unix_s, require_utc

__all__ = [
    "LIFTOFF_TOLERANCE_S",
    "BurnRecord",
    "DispersionSummary",
    "Prepared",
    "RendezvousResult",
    "disperse_rendezvous",
    "dispersion_model",
    "nominal_approach_s",
    "plan_for",
    "prepare",
    "simulate_rendezvous",
    "station_period_s",
]

LIFTOFF_TOLERANCE_S = 240.0
"""A liftoff this close to a profile's modelled instantaneous window counts as in the window
(the window model reproduces real Soyuz/Progress liftoffs to well under a minute)."""

APPROACH_LABELS = ("gate arrival + approach", "approach", "fly-around", "station-keeping",
                   "final approach")  # fmt: skip


def dispersion_model() -> DispersionModel:
    """The documented 1-sigma dispersion levels of ``data/rendezvous.toml``."""
    return load_rendezvous_data().dispersions.model()


def _port(vehicle: str, port: str | None) -> str:
    default = load_rendezvous_data().vehicle_for(vehicle).default_port
    if port is None and default is None:
        raise ProfileError(
            f"{vehicle} has no default docking port", field="port", fix="give --port"
        )
    return port or str(default)


def nominal_approach_s(vehicle: str, port: str | None, profile: str) -> float:
    """Duration (s) of the terminal approach from the scheme's gate point to contact."""
    data = load_rendezvous_data()
    gate = np.array([data.scheme_for(profile).gate_lvlh_km])
    approach = data.approach_to(_port(vehicle, port))
    return float(sum(h.duration_s[0] for h in hops_for(gate, approach)))


def station_period_s(station: StationOrbit, t_utc_s: float) -> float:
    """Mean period (s) of the station's argument of latitude over four revolutions."""
    r0, v0 = station.state_teme(np.array([t_utc_s]))
    a0 = 1.0 / (2.0 / float(np.linalg.norm(r0[0])) - float(v0[0] @ v0[0]) / MU_EARTH_KM3_S2)
    span = 4.0 * 2.0 * math.pi * math.sqrt(a0**3 / MU_EARTH_KM3_S2)
    r, v = station.state_teme(np.array([t_utc_s, t_utc_s + span]))
    h = np.cross(r[0], v[0])
    h /= np.linalg.norm(h)
    ang = math.atan2(float(np.cross(r[0], r[1]) @ h), float(r[0] @ r[1]))
    return span / (4.0 + ang / (2.0 * math.pi))


def insertion_plane_normal(station: StationOrbit, win: ProfileWindow, t_ins: float) -> np.ndarray:
    """The osculating plane the ship is inserted into (unit normal, TEME).

    The window model's plane is the station's osculating plane at insertion, shifted east by
    the planned J2 regression.  Osculating planes carry J2 short-period terms that depend on
    the argument of latitude (~0.05 deg in inclination): the ship, ``phase`` behind the
    station, must get the terms of ITS argument of latitude, or its mean plane is tilted from
    the station's and the error costs ~6 m/s out of plane at the end.  So the station's plane
    is taken when the station was where the ship is (``phase / n`` earlier), carried forward
    by the station's nodal regression over that interval, then shifted as planned.
    """
    period = station_period_s(station, t_ins)
    n = 2.0 * math.pi / period
    dt = win.phase_rad / n
    r, v = station.state_teme(np.array([t_ins - dt]))
    h = np.cross(r[0], v[0])
    h /= np.linalg.norm(h)
    a_km = (MU_EARTH_KM3_S2 * (period / (2.0 * math.pi)) ** 2) ** (1.0 / 3.0)
    node_rate = nodal_rate_rad_s(a_km, 0.0, math.acos(float(h[2])))
    ang = win.plane_shift_rad + node_rate * dt
    c, s = math.cos(ang), math.sin(ang)
    return np.array([c * h[0] - s * h[1], s * h[0] + c * h[1], h[2]])


def _profile_names(vehicle: str) -> list[str]:
    return [p.name for p in profiles_for(vehicle)]


def _simulable(vehicle: str) -> list[str]:
    schemes = load_rendezvous_data().scheme
    return [p for p in _profile_names(vehicle) if p in schemes]


def _check_profile(vehicle: str, profile: str) -> None:
    all_profiles = load_profiles()
    names = _profile_names(vehicle)
    if profile not in all_profiles or profile not in names:
        what = "unknown profile" if profile not in all_profiles else "profile not flown by"
        raise ProfileError(
            f"{what} {profile!r}" + ("" if profile not in all_profiles else f" {vehicle}"),
            field="profile",
            fix=f"{vehicle} flies: {', '.join(_simulable(vehicle))}",
        )
    if profile not in load_rendezvous_data().scheme:
        raise ProfileError(
            f"no rendezvous scheme for profile {profile!r}",
            field="profile",
            fix=f"simulate one of {vehicle}'s profiles: {', '.join(_simulable(vehicle))}",
        )


def _utc(t_s: float) -> str:
    t = from_unix_s(t_s)
    return format_utc(t.replace(microsecond=(t.microsecond // 1000) * 1000))


def _window(
    station: StationOrbit, site: LaunchSite, vehicle: str, liftoff_utc_s: float, profile: str
) -> tuple[ProfileWindow, tuple[str, ...]]:
    """The profile window whose liftoff is within tolerance of ``liftoff_utc_s`` (or raise),
    and the simulable profiles with a window at this liftoff."""
    _check_profile(vehicle, profile)
    raw = find_windows(
        station.state_teme,
        math.radians(site.latitude_deg),
        math.radians(site.longitude_deg),
        site.elevation_m / 1000.0,
        get_launcher(vehicle).ascent(),
        [p.profile() for p in profiles_for(vehicle)],
        liftoff_utc_s - 2 * 86400.0,
        liftoff_utc_s + 2 * 86400.0,
        directions=site.directions,
    )
    windows = [p for o in raw for p in o.profiles]
    near = [p for p in windows if abs(p.liftoff_utc_s - liftoff_utc_s) <= LIFTOFF_TOLERANCE_S]
    same = [p for p in windows if p.name == profile]
    here = tuple(p.name for p in near if p.name in _simulable(vehicle))
    for p in same:
        if abs(p.liftoff_utc_s - liftoff_utc_s) <= LIFTOFF_TOLERANCE_S:
            return p, here
    lift = _utc(liftoff_utc_s)
    if near:
        options = "; ".join(f"{p.name} (liftoff {_utc(p.liftoff_utc_s)})" for p in near)
        raise ProfileError(
            f"profile {profile} is infeasible for the station phase at liftoff {lift}",
            field="profile",
            fix=f"fly a feasible profile at this liftoff: {options}",
        )
    if same:
        best = min(same, key=lambda p: abs(p.liftoff_utc_s - liftoff_utc_s))
        fix = f"the nearest {profile} liftoff is {_utc(best.liftoff_utc_s)}"
    else:
        others = ", ".join(_simulable(vehicle))
        fix = f"no {profile} window within 2 days; try another profile ({others})"
    raise ProfileError(
        f"liftoff {lift} is not in a {profile} launch window from {site.id}",
        field="liftoff",
        fix=fix,
    )


@dataclass(frozen=True)
class Prepared:
    """Everything a rendezvous run needs, resolved from the user's request."""

    liftoff_utc_s: float
    insertion_utc_s: float
    ship_km: np.ndarray  # (6,) TEME at insertion
    station_km: np.ndarray  # (6,) TEME at insertion
    scheme: Scheme
    follows: str
    docking_band_s: tuple[float, float]
    out_of_plane_limit_m_s: float
    approach: Approach
    port: str
    ballistic_ship_m2_kg: float
    ballistic_station_m2_kg: float
    window: ProfileWindow
    liftoff_uncertainty_s: float
    feasible_here: tuple[str, ...]  # simulable profiles with a window at this liftoff


def prepare(
    station: StationOrbit,
    site: LaunchSite,
    vehicle: str,
    liftoff: datetime,
    profile: str,
    port: str | None,
) -> Prepared:
    """Check the request (:func:`_check_inputs`), then resolve the window, insertion state,
    scheme timeline and approach of it."""
    t_lift = require_utc(liftoff, where="liftoff").timestamp()
    _check_inputs(station, site, vehicle, t_lift, profile, port)
    data = load_rendezvous_data()
    veh = data.vehicle_for(vehicle)
    win, here = _window(station, site, vehicle, t_lift, profile)
    sdata = data.scheme_for(profile)
    port_id = _port(vehicle, port)
    prof = load_profiles()[profile]
    t_ins, r_ins, v_ins = insertion_state(
        t_lift,
        math.radians(site.latitude_deg),
        math.radians(site.longitude_deg),
        site.elevation_m / 1000.0,
        get_launcher(vehicle).ascent(),
        insertion_plane_normal(station, win, t_lift + get_launcher(vehicle).duration_s),
        lead_s=prof.profile().liftoff_lead_s,
    )
    r_st, v_st = station.state_teme_checked(np.array([t_ins]))
    return Prepared(
        liftoff_utc_s=t_lift,
        insertion_utc_s=t_ins,
        ship_km=np.concatenate([r_ins, v_ins]),
        station_km=np.concatenate([r_st[0], v_st[0]]),
        scheme=sdata.scheme(station_period_s(station, t_ins)),
        follows=sdata.follows,
        docking_band_s=sdata.docking_band_s,
        out_of_plane_limit_m_s=sdata.out_of_plane_limit_m_s,
        approach=data.approach_to(port_id),
        port=port_id,
        ballistic_ship_m2_kg=veh.ballistic_m2_kg,
        ballistic_station_m2_kg=data.vehicle["iss"].ballistic_m2_kg,
        window=win,
        liftoff_uncertainty_s=prof.liftoff_uncertainty_s,
        feasible_here=here,
    )


def plan_for(p: Prepared, vehicle: str) -> PhasingPlan:
    """The nominal far-range plan, holding the window model's phase gain (laps) and plane."""
    try:
        return plan_phasing(
            p.insertion_utc_s,
            p.ship_km,
            p.station_km,
            p.scheme,
            p.ballistic_ship_m2_kg,
            p.ballistic_station_m2_kg,
            gain_rad=p.window.gain_rad,
        )
    except InfeasibleTransferError as exc:
        raise ProfileError(
            f"{exc}: the {p.scheme.name} profile cannot absorb this insertion phase",
            field="liftoff",
            fix=_no_plan_fix(p),
        ) from None


def _far_range(run: RendezvousRun) -> tuple[float, float]:
    """Executed far-range delta-v and its out-of-plane part (m/s) of ship 0."""
    far = [b for b in run.burns if b.label not in APPROACH_LABELS]
    total = float(sum(b.dv_m_s[0] for b in far))
    normal = float(sum(abs(b.dv_lvlh_m_s[0, 2]) for b in far))
    gate = next((b for b in run.burns if b.label == APPROACH_LABELS[0]), None)
    if gate is not None:  # the gate braking also removes far-range relative velocity
        normal += abs(float(gate.dv_lvlh_m_s[0, 2]))
    return total, normal


def _no_plan_fix(p: Prepared) -> str:
    """What the user can do when the guidance cannot fly this profile at this liftoff."""
    here = [n for n in p.feasible_here if n != p.scheme.name]
    also = f"; feasible at this liftoff: {', '.join(here)}" if here else ""
    return f"list other {p.scheme.name} liftoffs with `crossflight windows`{also}"


def _check_executed(p: Prepared, run: RendezvousRun) -> tuple[float, float]:
    far, normal = _far_range(run)
    name = p.scheme.name
    if far > p.scheme.dv_budget_m_s:
        raise ProfileError(
            f"the {name} guidance executed {far:.0f} m/s of far-range delta-v, over the "
            f"{p.scheme.dv_budget_m_s:.0f} m/s budget",
            field="liftoff",
            fix=_no_plan_fix(p),
        )
    if normal > p.out_of_plane_limit_m_s:
        raise ProfileError(
            f"the {name} guidance needs {normal:.1f} m/s out of plane (limit "
            f"{p.out_of_plane_limit_m_s:.0f} m/s): the ship's plane does not meet the station's",
            field="liftoff",
            fix=_no_plan_fix(p),
        )
    return far, normal


def _burn_records(run: RendezvousRun) -> tuple[BurnRecord, ...]:
    return tuple(
        BurnRecord(
            label=b.label,
            time_utc=from_unix_s(float(b.time_utc_s[0])),
            dv_m_s=float(b.dv_m_s[0]),
            dv_lvlh_m_s=(
                float(b.dv_lvlh_m_s[0, 0]),
                float(b.dv_lvlh_m_s[0, 1]),
                float(b.dv_lvlh_m_s[0, 2]),
            ),
        )
        for b in run.burns
    )


def _check_inputs(
    station: StationOrbit,
    site: LaunchSite,
    vehicle: str,
    t_lift: float,
    profile: str,
    port: str | None,
) -> None:
    """Refuse impossible or stale input before any computation (one line naming the fix):
    pad/vehicle, port/vehicle, element-set age over the flight, SGP4 decay, pad latitude."""
    load_rendezvous_data().vehicle_for(vehicle)
    check_vehicle_site(vehicle, site)
    check_vehicle_port(vehicle, _port(vehicle, port))
    known = load_profiles()
    flight_s = (known[profile].nominal_duration_h if profile in known else 48.0) * 3600.0
    station.check_staleness(np.array([t_lift, t_lift + flight_s]))
    # the window search propagates the station 2 days either side of liftoff
    station.state_teme_checked(np.linspace(t_lift - 2 * 86400.0, t_lift + 2 * 86400.0, 33))
    check_site_under_orbit(station, site, vehicle, t_lift)


def simulate_rendezvous(
    station: StationOrbit,
    site: LaunchSite,
    vehicle: str,
    liftoff: datetime,
    profile: str,
    *,
    port: str | None = None,
    ephemeris_step_s: float = 60.0,
) -> RendezvousResult:
    """Simulate one rendezvous (insertion -> burns -> gate -> approach -> docking)."""
    p = prepare(station, site, vehicle, liftoff, profile, port)
    plan = plan_for(p, vehicle)
    run = simulate(
        p.insertion_utc_s, p.ship_km, p.station_km, p.scheme, p.approach,
        p.ballistic_ship_m2_kg, p.ballistic_station_m2_kg, plan=plan,
        ephemeris_step_s=ephemeris_step_s,
    )  # fmt: skip
    assert run.ephemeris is not None
    far, normal = _check_executed(p, run)
    total = float(run.total_dv_m_s[0])
    docking = from_unix_s(float(run.docking_utc_s[0]))
    lo, hi = p.docking_band_s
    return RendezvousResult(
        site=site.id,
        vehicle=vehicle,
        profile=profile,
        scheme_follows=p.follows,
        port=p.port,
        liftoff_utc=require_utc(liftoff),
        liftoff_uncertainty_s=p.liftoff_uncertainty_s,
        insertion_utc=from_unix_s(p.insertion_utc_s),
        gate_utc=from_unix_s(run.gate_utc_s),
        docking_utc=docking,
        docking_band_utc=(docking + timedelta(seconds=lo), docking + timedelta(seconds=hi)),
        window_docking_utc=from_unix_s(p.window.docking_utc_s),
        phase_deg=math.degrees(p.window.phase_rad),
        total_dv_m_s=total,
        far_range_dv_m_s=far,
        approach_dv_m_s=total - far,
        out_of_plane_dv_m_s=normal,
        gate_miss_km=float(run.gate_miss_km[0]),
        contact_speed_m_s=float(run.contact_speed_m_s[0]),
        burns=_burn_records(run),
        ephemeris=run.ephemeris,
        run=run,
    )


def disperse_rendezvous(
    station: StationOrbit,
    site: LaunchSite,
    vehicle: str,
    liftoff: datetime,
    profile: str,
    n: int,
    seed: int,
    *,
    port: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> DispersionSummary:
    """Run ``n`` dispersed rendezvous (insertion + burn-execution errors) and summarise them."""
    if n < 1:
        raise ProfileError(
            f"--dispersions must be >= 1, got {n}", field="dispersions", fix="give N >= 1"
        )
    p = prepare(station, site, vehicle, liftoff, profile, port)
    plan = plan_for(p, vehicle)
    res = run_dispersions(
        p.insertion_utc_s, p.ship_km, p.station_km, p.scheme, p.approach,
        p.ballistic_ship_m2_kg, p.ballistic_station_m2_kg, n, seed, dispersion_model(),
        plan=plan, progress=progress,
    )  # fmt: skip
    return DispersionSummary(
        n=n, seed=seed, nominal_docking_utc=from_unix_s(res.nominal_docking_utc_s), result=res
    )
