"""Rendezvous simulation façade: station orbit + site + vehicle + liftoff + profile -> result.

Chains the window machinery (:mod:`crossflight.physics.launch_windows`: which profile is feasible at
this liftoff, its target plane and its phase-dependent docking time), the ascent model
(:func:`crossflight.physics.ascent.insertion_state`) and the rendezvous simulation
(:mod:`crossflight.physics.trajectory`).  Aware UTC datetimes in and out; the numeric core
works in POSIX seconds.

Bad input raises :class:`~crossflight.errors.ProfileError` naming the nearest feasible option:
a liftoff that is not in a window of the profile (-> the nearest liftoff of that profile), a
profile that is unknown or not flown by the vehicle (-> the vehicle's profiles), or a profile
that is infeasible for the phase at this liftoff (-> the feasible profiles at this liftoff).
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

from crossflight.errors import ManifestError, ProfileError, UnknownIdError
from crossflight.flight.compatibility import (
    check_site_under_orbit,
    check_vehicle_port,
    check_vehicle_site,
)
from crossflight.flight.orbits import StationOrbit
from crossflight.model.launchers import get_launcher, load_profiles, profiles_for
from crossflight.model.sites import LaunchSite
from crossflight.physics.approach import Approach, hops_for
from crossflight.physics.ascent import insertion_state
from crossflight.physics.dispersions import DispersionModel, DispersionResult, run_dispersions
from crossflight.physics.launch_windows import ProfileWindow, find_windows
from crossflight.physics.phasing_burns import (
    InfeasibleTransferError,
    PhasingPlan,
    Scheme,
    plan_phasing,
)
from crossflight.physics.trajectory import Ephemeris, RendezvousRun, simulate
from crossflight.times import format_utc, from_unix_s, require_utc

__all__ = [
    "LIFTOFF_TOLERANCE_S",
    "BurnRecord",
    "DispersionSummary",
    "RendezvousResult",
    "disperse_rendezvous",
    "simulate_rendezvous",
]

LIFTOFF_TOLERANCE_S = 240.0
"""A liftoff this close to a profile's modelled instantaneous window counts as in the window
(the window model reproduces real Soyuz/Progress liftoffs to ~1 min; the rest is margin)."""

_DATA = "rendezvous.toml"


@cache
def _data() -> dict[str, Any]:
    text = resources.files("crossflight.data").joinpath(_DATA).read_text(encoding="utf-8")
    return tomllib.loads(text)


def _scheme(profile: str) -> tuple[Scheme, str]:
    try:
        raw = _data()["scheme"][profile]
        return (
            Scheme(
                name=profile,
                first_burn_earliest_s=float(raw["first_burn_earliest_s"]),
                first_burn_latest_s=float(raw["first_burn_latest_s"]),
                gate_after_insertion_s=float(raw["gate_after_insertion_s"]),
                gate_tolerance_s=float(raw["gate_tolerance_s"]),
                midcourse_before_gate_s=float(raw["midcourse_before_gate_s"]),
                gate_lvlh_km=tuple(float(x) for x in raw["gate_lvlh_km"]),  # type: ignore[arg-type]
                dv_budget_m_s=float(raw["dv_budget_m_s"]),
                height_adjust_after_first_s=(
                    float(raw["height_adjust_after_first_s"])
                    if "height_adjust_after_first_s" in raw
                    else None
                ),
                final_raise_before_gate_s=(
                    float(raw["final_raise_before_gate_s"])
                    if "final_raise_before_gate_s" in raw
                    else None
                ),
                aim_below_km=float(raw.get("aim_below_km", 15.0)),
            ),
            str(raw["follows"]),
        )
    except KeyError as exc:
        known = ", ".join(sorted(_data().get("scheme", {})))
        raise ProfileError(
            f"no rendezvous scheme for profile {profile!r}"
            + ("" if exc.args and exc.args[0] == profile else f" (missing {exc})"),
            source=_DATA,
            field=f"scheme.{profile}",
            fix=f"simulate one of: {known}",
        ) from None


def _approach(port: str) -> Approach:
    data = _data()
    a = data["approach"]
    try:
        axis = tuple(float(x) for x in data["port"][port]["axis_lvlh"])
    except KeyError:
        raise UnknownIdError(
            f"unknown docking port {port!r}",
            field="port",
            fix=f"use one of {', '.join(sorted(data['port']))}",
        ) from None
    return Approach(
        port_axis_lvlh=axis,  # type: ignore[arg-type]
        port_offset_km=float(a["port_offset_km"]),
        hold_range_km=float(a["hold_range_km"]),
        far_time_constant_s=float(a["far_time_constant_s"]),
        flyaround_rate_deg_s=float(a["flyaround_rate_deg_s"]),
        flyaround_step_deg=float(a["flyaround_step_deg"]),
        station_keeping_s=float(a["station_keeping_s"]),
        final_time_constant_s=float(a["final_time_constant_s"]),
        contact_speed_m_s=float(a["contact_speed_m_s"]),
    )


def _vehicle(vehicle: str) -> dict[str, Any]:
    try:
        return dict(_data()["vehicle"][vehicle])
    except KeyError:
        known = sorted(k for k in _data()["vehicle"] if k != "iss")
        raise UnknownIdError(
            f"no rendezvous data for vehicle {vehicle!r}",
            field="vehicle",
            fix=f"use one of {', '.join(known)}",
        ) from None


def dispersion_model() -> DispersionModel:
    """The documented 1-sigma dispersion levels of ``data/rendezvous.toml``."""
    d = _data()["dispersions"]
    try:
        return DispersionModel(
            insertion_position_sigma_km=tuple(d["insertion_position_sigma_km"]),
            insertion_velocity_sigma_m_s=tuple(d["insertion_velocity_sigma_m_s"]),
            burn_magnitude_sigma_fraction=float(d["burn_magnitude_sigma_fraction"]),
            burn_magnitude_sigma_m_s=float(d["burn_magnitude_sigma_m_s"]),
            burn_pointing_sigma_deg=float(d["burn_pointing_sigma_deg"]),
        )
    except KeyError as exc:  # pragma: no cover - packaged data
        raise ManifestError(f"missing {exc}", source=_DATA, field="dispersions") from None


@dataclass(frozen=True)
class BurnRecord:
    """One executed burn: time, magnitude and LVLH vector ``[r, t, n]`` in m/s."""

    label: str
    time_utc: datetime
    dv_m_s: float
    dv_lvlh_m_s: tuple[float, float, float]

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "time_utc": format_utc(_ms(self.time_utc)),
            "dv_m_s": round(self.dv_m_s, 4),
            "dv_lvlh_m_s": [round(x, 4) for x in self.dv_lvlh_m_s],
        }


@dataclass(frozen=True)
class RendezvousResult:
    """A simulated rendezvous from liftoff to docking."""

    site: str
    vehicle: str
    profile: str
    scheme_follows: str
    port: str
    liftoff_utc: datetime
    insertion_utc: datetime
    gate_utc: datetime
    docking_utc: datetime
    window_docking_utc: datetime  # the window model's phasing prediction
    phase_deg: float
    total_dv_m_s: float
    far_range_dv_m_s: float
    approach_dv_m_s: float
    contact_speed_m_s: float
    burns: tuple[BurnRecord, ...]
    ephemeris: Ephemeris
    run: RendezvousRun

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready record (the ``crossflight rendezvous --json`` schema)."""
        return {
            "site": self.site,
            "vehicle": self.vehicle,
            "profile": self.profile,
            "scheme_follows": self.scheme_follows,
            "port": self.port,
            "liftoff_utc": format_utc(_ms(self.liftoff_utc)),
            "insertion_utc": format_utc(_ms(self.insertion_utc)),
            "gate_utc": format_utc(_ms(self.gate_utc)),
            "docking_utc": format_utc(_ms(self.docking_utc)),
            "window_docking_utc": format_utc(_ms(self.window_docking_utc)),
            "phase_deg": round(self.phase_deg, 3),
            "total_dv_m_s": round(self.total_dv_m_s, 3),
            "dv_breakdown_m_s": {
                "far_range": round(self.far_range_dv_m_s, 3),
                "approach": round(self.approach_dv_m_s, 3),
            },
            "contact_speed_m_s": round(self.contact_speed_m_s, 3),
            "burns": [b.to_dict() for b in self.burns],
        }


@dataclass(frozen=True)
class DispersionSummary:
    """Percentiles of N dispersed rendezvous around the nominal one."""

    n: int
    seed: int
    nominal_docking_utc: datetime
    result: DispersionResult

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "seed": self.seed,
            "nominal_docking_utc": format_utc(_ms(self.nominal_docking_utc)),
            "percentiles": {
                k: {q: round(v, 3) for q, v in d.items()}
                for k, d in self.result.percentiles().items()
            },
        }


def _ms(t: datetime) -> datetime:
    return t.replace(microsecond=(t.microsecond // 1000) * 1000)


def _profile_names(vehicle: str) -> list[str]:
    return [p.name for p in profiles_for(vehicle)]


def _window(
    station: StationOrbit, site: LaunchSite, vehicle: str, liftoff_utc_s: float, profile: str
) -> ProfileWindow:
    """The profile window whose liftoff is within tolerance of ``liftoff_utc_s`` (or raise)."""
    all_profiles = load_profiles()
    names = _profile_names(vehicle)
    if profile not in all_profiles or profile not in names:
        what = "unknown profile" if profile not in all_profiles else "profile not flown by"
        raise ProfileError(
            f"{what} {profile!r}" + ("" if profile not in all_profiles else f" {vehicle}"),
            field="profile",
            fix=f"{vehicle} flies: {', '.join(names)}",
        )
    launcher = get_launcher(vehicle)
    raw = find_windows(
        station.state_teme,
        math.radians(site.latitude_deg),
        math.radians(site.longitude_deg),
        site.elevation_m / 1000.0,
        launcher.ascent(),
        [p.profile() for p in profiles_for(vehicle)],
        liftoff_utc_s - 2 * 86400.0,
        liftoff_utc_s + 2 * 86400.0,
        directions=site.directions,
    )
    windows = [p for o in raw for p in o.profiles]
    same = [p for p in windows if p.name == profile]
    near = [p for p in windows if abs(p.liftoff_utc_s - liftoff_utc_s) <= LIFTOFF_TOLERANCE_S]
    for p in same:
        if abs(p.liftoff_utc_s - liftoff_utc_s) <= LIFTOFF_TOLERANCE_S:
            return p
    lift = format_utc(_ms(from_unix_s(liftoff_utc_s)))
    if near:
        options = "; ".join(
            f"{p.name} (liftoff {format_utc(_ms(from_unix_s(p.liftoff_utc_s)))})" for p in near
        )
        raise ProfileError(
            f"profile {profile} is infeasible for the station phase at liftoff {lift}",
            field="profile",
            fix=f"fly a feasible profile at this liftoff: {options}",
        )
    if same:
        best = min(same, key=lambda p: abs(p.liftoff_utc_s - liftoff_utc_s))
        fix = f"the nearest {profile} liftoff is {format_utc(_ms(from_unix_s(best.liftoff_utc_s)))}"
    else:
        fix = f"no {profile} window within 2 days; try another profile ({', '.join(names)})"
    raise ProfileError(
        f"liftoff {lift} is not in a {profile} launch window from {site.id}",
        field="liftoff",
        fix=fix,
    )


def _prepare(
    station: StationOrbit,
    site: LaunchSite,
    vehicle: str,
    liftoff: datetime,
    profile: str,
    port: str | None,
) -> tuple[float, np.ndarray, np.ndarray, Scheme, str, Approach, str, float, float, ProfileWindow]:
    t_lift = require_utc(liftoff, where="liftoff").timestamp()
    veh = _vehicle(vehicle)
    win = _window(station, site, vehicle, t_lift, profile)
    scheme, follows = _scheme(profile)
    port_id = port or str(veh["default_port"])
    approach = _approach(port_id)
    launcher = get_launcher(vehicle)
    t_ins, r_ins, v_ins = insertion_state(
        t_lift,
        math.radians(site.latitude_deg),
        math.radians(site.longitude_deg),
        site.elevation_m / 1000.0,
        launcher.ascent(),
        np.asarray(win.plane_normal_teme),
    )
    r_st, v_st = station.state_teme_checked(np.array([t_ins]))
    ship = np.concatenate([r_ins, v_ins])
    st = np.concatenate([r_st[0], v_st[0]])
    # Gate time: the phasing model's docking time minus the nominal approach duration.
    gate_lvlh = np.array([scheme.gate_lvlh_km])
    approach_s = float(sum(h.duration_s[0] for h in hops_for(gate_lvlh, approach)))
    gate_s = win.docking_utc_s - approach_s - t_ins
    scheme = Scheme(**{**scheme.__dict__, "gate_after_insertion_s": gate_s})
    b_ship = float(veh["ballistic_m2_kg"])
    b_station = float(_data()["vehicle"]["iss"]["ballistic_m2_kg"])
    return t_ins, ship, st, scheme, follows, approach, port_id, b_ship, b_station, win


def _plan(
    t_ins: float,
    ship: np.ndarray,
    st: np.ndarray,
    scheme: Scheme,
    b_ship: float,
    b_st: float,
    profile: str,
    vehicle: str,
) -> PhasingPlan:
    try:
        return plan_phasing(t_ins, ship, st, scheme, b_ship, b_st)
    except InfeasibleTransferError as exc:
        others = [p for p in _profile_names(vehicle) if p != profile]
        raise ProfileError(
            f"{exc}: the {profile} profile cannot absorb this insertion phase",
            field="profile",
            fix=f"fly a longer profile ({', '.join(others)})",
        ) from None


def _check_inputs(
    station: StationOrbit,
    site: LaunchSite,
    vehicle: str,
    liftoff: datetime,
    profile: str,
    port: str | None,
) -> None:
    """Refuse impossible or stale input before any computation (one line naming the fix):
    pad/vehicle, port/vehicle, element-set age over the flight, SGP4 decay, pad latitude."""
    t_lift = require_utc(liftoff, where="liftoff").timestamp()
    veh = _vehicle(vehicle)
    check_vehicle_site(vehicle, site)
    check_vehicle_port(vehicle, port or str(veh["default_port"]))
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
    _check_inputs(station, site, vehicle, liftoff, profile, port)
    t_ins, ship, st, scheme, follows, approach, port_id, b_ship, b_st, win = _prepare(
        station, site, vehicle, liftoff, profile, port
    )
    plan = _plan(t_ins, ship, st, scheme, b_ship, b_st, profile, vehicle)
    run = simulate(
        t_ins, ship, st, scheme, approach, b_ship, b_st, plan=plan,
        ephemeris_step_s=ephemeris_step_s,
    )  # fmt: skip
    assert run.ephemeris is not None
    burns = tuple(
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
    far = float(run.far_dv_m_s[0])
    total = float(run.total_dv_m_s[0])
    return RendezvousResult(
        site=site.id,
        vehicle=vehicle,
        profile=profile,
        scheme_follows=follows,
        port=port_id,
        liftoff_utc=require_utc(liftoff),
        insertion_utc=from_unix_s(t_ins),
        gate_utc=from_unix_s(run.gate_utc_s),
        docking_utc=from_unix_s(float(run.docking_utc_s[0])),
        window_docking_utc=from_unix_s(win.docking_utc_s),
        phase_deg=math.degrees(win.phase_rad),
        total_dv_m_s=total,
        far_range_dv_m_s=far,
        approach_dv_m_s=total - far,
        contact_speed_m_s=float(run.contact_speed_m_s[0]),
        burns=burns,
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
    _check_inputs(station, site, vehicle, liftoff, profile, port)
    t_ins, ship, st, scheme, _, approach, _, b_ship, b_st, _ = _prepare(
        station, site, vehicle, liftoff, profile, port
    )
    plan = _plan(t_ins, ship, st, scheme, b_ship, b_st, profile, vehicle)
    res = run_dispersions(
        t_ins, ship, st, scheme, approach, b_ship, b_st, n, seed, dispersion_model(),
        plan=plan, progress=progress,
    )  # fmt: skip
    return DispersionSummary(
        n=n, seed=seed, nominal_docking_utc=from_unix_s(res.nominal_docking_utc_s), result=res
    )
