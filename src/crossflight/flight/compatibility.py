"""Impossible combinations refused before any computation, each error naming what would work.

* vehicle / site: the pad must launch the vehicle (``data/sites.csv`` ``vehicles``), e.g. a
  Soyuz MS flies only from Baikonur;
* vehicle / port: the port must take the vehicle (``data/stations/iss.toml``), e.g. a Soyuz
  docks only at the Russian segment's ports;
* site / inclination: an orbit passes over latitudes up to its inclination only, so a pad
  further from the equator than the station's inclination never sees the plane overhead
  (Vostochny at 51.9 N and the ISS at 51.64 deg).
"""

from __future__ import annotations

import math

from crossflight.errors import ProfileError, UnknownIdError
from crossflight.flight.orbits import StationOrbit
from crossflight.model.catalog import load_station
from crossflight.model.sites import LaunchSite, load_sites

__all__ = ["check_site_under_orbit", "check_vehicle_port", "check_vehicle_site"]

#: WGS-84 first eccentricity squared (geodetic -> geocentric latitude).
_WGS84_E2 = 6.69437999014e-3


def check_vehicle_site(vehicle: str, site: LaunchSite) -> None:
    """Refuse a built-in pad that does not launch ``vehicle``, naming the pads that do."""
    if not site.vehicles or vehicle in site.vehicles:
        return  # custom sites (lat/lon) list no vehicles: anything may fly from them
    pads = [s.id for s in load_sites().values() if vehicle in s.vehicles]
    where = ", ".join(pads) if pads else "no built-in pad"
    raise UnknownIdError(
        f"{vehicle} does not launch from {site.id} ({site.name} launches "
        f"{', '.join(site.vehicles)})",
        field="--site",
        fix=f"use a pad that launches {vehicle}: {where}",
    )


def check_vehicle_port(vehicle: str, port: str, *, station_id: str = "iss") -> None:
    """Refuse a port that does not take ``vehicle``, naming the compatible ports."""
    station = load_station(station_id)
    fitting = [p.id for p in station.ports if vehicle in p.vehicles]
    found = station.port(port)
    if found is None:
        raise UnknownIdError(
            f"unknown docking port {port!r} on {station_id}",
            field="--port",
            fix=f"ports that take {vehicle}: {', '.join(fitting) or 'none'}",
        )
    if vehicle not in found.vehicles:
        raise UnknownIdError(
            f"{vehicle} cannot dock at {port} ({found.name} takes {', '.join(found.vehicles)})",
            field="--port",
            fix=f"use a port compatible with {vehicle}: {', '.join(fitting) or 'none'}",
        )


def geocentric_latitude_deg(geodetic_deg: float) -> float:
    """Geocentric latitude of a point on the WGS-84 ellipsoid (degrees)."""
    return math.degrees(math.atan((1.0 - _WGS84_E2) * math.tan(math.radians(geodetic_deg))))


def check_site_under_orbit(
    station: StationOrbit, site: LaunchSite, vehicle: str, t_utc_s: float
) -> None:
    """Refuse a pad the station's plane never passes over, naming the pads it does."""
    incl_deg = math.degrees(station.nearest_set(t_utc_s).satrec.inclo)
    lat_deg = abs(geocentric_latitude_deg(site.latitude_deg))
    if lat_deg < incl_deg:
        return
    pads = [
        s.id
        for s in load_sites().values()
        if vehicle in s.vehicles and abs(geocentric_latitude_deg(s.latitude_deg)) < incl_deg
    ]
    raise ProfileError(
        f"{site.id} at {site.latitude_deg:.3f} deg latitude is beyond the station's inclination "
        f"{incl_deg:.2f} deg: the orbit plane never passes over it, no in-plane launch exists",
        field="--site",
        fix=f"use a pad below {incl_deg:.1f} deg latitude"
        + (f" that launches {vehicle}: {', '.join(pads)}" if pads else ""),
    )
