"""Launch opportunities to a station: site + vehicle + station orbit -> list of opportunities.

The thin, typed façade over :mod:`crossflight.physics.launch_windows` (which works in POSIX seconds
and radians): aware UTC datetimes and degrees in, :class:`Opportunity` records out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import numpy as np

from crossflight.errors import RequestError
from crossflight.flight.compatibility import check_site_under_orbit, check_vehicle_site
from crossflight.flight.orbits import StationOrbit
from crossflight.model.launchers import get_launcher, load_profiles, profiles_for
from crossflight.model.sites import LaunchSite
from crossflight.physics.launch_windows import WindowOpportunity, find_windows
from crossflight.times import format_utc, from_unix_s, require_utc

__all__ = ["Opportunity", "ProfileOption", "find_opportunities"]


@dataclass(frozen=True)
class ProfileOption:
    """One feasible rendezvous profile of an opportunity, with its own liftoff time.

    ``plane_normal_teme`` is the unit normal (TEME) of the plane the ship is inserted into:
    the station's plane at insertion shifted east by ``plane_shift_deg``; ``azimuth_deg`` the
    inertial launch azimuth of that plane at the pad; ``yaw_deg`` the mean yaw angle the
    launcher flies to steer out the pad's out-of-plane velocity (within its budget).
    """

    name: str
    liftoff_utc: datetime
    insertion_utc: datetime
    docking_utc: datetime
    phase_deg: float
    revolutions: int
    plane_shift_deg: float
    plane_normal_teme: tuple[float, float, float] = (0.0, 0.0, 1.0)
    azimuth_deg: float = float("nan")
    yaw_deg: float = float("nan")
    liftoff_uncertainty_s: float = float("nan")
    docking_band_utc: tuple[datetime, datetime] | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ISO 8601 UTC times with ``Z``."""
        return {
            "name": self.name,
            "liftoff_utc": format_utc(_whole_ms(self.liftoff_utc)),
            "liftoff_uncertainty_s": round(self.liftoff_uncertainty_s, 1),
            "insertion_utc": format_utc(_whole_ms(self.insertion_utc)),
            "docking_utc": format_utc(_whole_ms(self.docking_utc)),
            "docking_band_utc": (
                None
                if self.docking_band_utc is None
                else [format_utc(_whole_ms(t)) for t in self.docking_band_utc]
            ),
            "phase_deg": round(self.phase_deg, 3),
            "revolutions": self.revolutions,
            "plane_shift_deg": round(self.plane_shift_deg, 4),
            "azimuth_deg": round(self.azimuth_deg, 2),
            "yaw_deg": round(self.yaw_deg, 2),
        }


@dataclass(frozen=True)
class Opportunity:
    """An in-plane launch opportunity.

    ``liftoff_utc``, ``insertion_utc`` and ``phase_deg`` are the best (fastest feasible)
    profile's; without a feasible profile they are those of the station's own plane.
    """

    site: str
    vehicle: str
    direction: str
    liftoff_utc: datetime
    in_plane_utc: datetime
    insertion_utc: datetime
    phase_deg: float
    profiles: tuple[ProfileOption, ...] = field(default_factory=tuple)

    @property
    def best_profile(self) -> str | None:
        """Name of the fastest feasible profile, or None."""
        return self.profiles[0].name if self.profiles else None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready record (the ``crossflight windows --json`` schema)."""
        return {
            "site": self.site,
            "vehicle": self.vehicle,
            "direction": self.direction,
            "liftoff_utc": format_utc(_whole_ms(self.liftoff_utc)),
            "in_plane_utc": format_utc(_whole_ms(self.in_plane_utc)),
            "insertion_utc": format_utc(_whole_ms(self.insertion_utc)),
            "phase_deg": round(self.phase_deg, 3),
            "profiles": [p.to_dict() for p in self.profiles],
            "best_profile": self.best_profile,
        }


def _whole_ms(t: datetime) -> datetime:
    return t.replace(microsecond=(t.microsecond // 1000) * 1000)


def _band(name: str, docking_utc_s: float) -> tuple[datetime, datetime]:
    lo, hi = load_profiles()[name].docking_band_s
    return from_unix_s(docking_utc_s + lo), from_unix_s(docking_utc_s + hi)


def _convert(raw: WindowOpportunity, site: str, vehicle: str) -> Opportunity:
    options = tuple(
        ProfileOption(
            name=p.name,
            liftoff_utc=from_unix_s(p.liftoff_utc_s),
            insertion_utc=from_unix_s(p.insertion_utc_s),
            docking_utc=from_unix_s(p.docking_utc_s),
            phase_deg=math.degrees(p.phase_rad),
            revolutions=p.revolutions,
            plane_shift_deg=math.degrees(p.plane_shift_rad),
            plane_normal_teme=p.plane_normal_teme,
            azimuth_deg=math.degrees(p.azimuth_rad),
            yaw_deg=math.degrees(p.yaw_rad),
            liftoff_uncertainty_s=load_profiles()[p.name].liftoff_uncertainty_s,
            docking_band_utc=_band(p.name, p.docking_utc_s),
        )
        for p in raw.profiles
    )
    best = options[0] if options else None
    return Opportunity(
        site=site,
        vehicle=vehicle,
        direction=raw.direction,
        liftoff_utc=best.liftoff_utc if best else from_unix_s(raw.liftoff_utc_s),
        in_plane_utc=from_unix_s(raw.in_plane_utc_s),
        insertion_utc=best.insertion_utc if best else from_unix_s(raw.insertion_utc_s),
        phase_deg=best.phase_deg if best else math.degrees(raw.phase_rad),
        profiles=options,
    )


def find_opportunities(
    station: StationOrbit,
    site: LaunchSite,
    vehicle: str,
    start: datetime,
    days: float,
    *,
    profile_names: list[str] | None = None,
) -> list[Opportunity]:
    """Every in-plane opportunity from ``site`` for ``vehicle`` with liftoff in
    [start, start + days), in the directions the site allows, sorted by liftoff.

    Warns (``StaleElementSetWarning``) or raises (strict station) when the element sets are
    more than 14 days from the requested period, refuses beyond 90 days unless the station
    allows stale sets; raises ``PropagationError`` (SGP4 error code in words) when the station
    cannot be propagated over it; refuses a pad that does not launch the vehicle or that the
    orbit plane never passes over (:mod:`crossflight.flight.compatibility`).
    """
    start_utc = require_utc(start, where="start")
    if not 0 < days <= 3660:
        raise RequestError(
            f"days must be in (0, 3660], got {days}", field="days", fix="give --days 1..3660"
        )
    launcher = get_launcher(vehicle)
    check_vehicle_site(vehicle, site)
    profiles = [p for p in profiles_for(vehicle) if not profile_names or p.name in profile_names]
    t0 = start_utc.timestamp()
    t1 = (start_utc + timedelta(days=days)).timestamp()
    station.check_staleness(np.array([t0, t1]))
    # SGP4 failures (decay, corrupt sets) are reported in words rather than as NaN windows
    station.state_teme_checked(np.linspace(t0, t1 + 3600.0, 4 + int(days)))
    check_site_under_orbit(station, site, vehicle, t0)
    raw = find_windows(
        station.state_teme,
        math.radians(site.latitude_deg),
        math.radians(site.longitude_deg),
        site.elevation_m / 1000.0,
        launcher.ascent(),
        [p.profile() for p in profiles],
        t0,
        t1,
        directions=site.directions,
    )
    out = [_convert(w, site.id, vehicle) for w in raw]
    return sorted(out, key=lambda o: o.liftoff_utc)
