"""Launch sites: where ships lift off from, loaded from ``data/sites.csv``."""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from crossflight.errors import UnknownIdError

__all__ = ["LaunchSite", "custom_site", "get_site", "load_sites"]

Direction = Literal["ascending", "descending"]


class LaunchSite(BaseModel):
    """A launch pad: WGS-84 geodetic position and which in-plane passes its range allows."""

    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    latitude_deg: float = Field(ge=-90.0, le=90.0)
    longitude_deg: float = Field(ge=-180.0, le=360.0)
    elevation_m: float = 0.0
    vehicles: tuple[str, ...] = ()
    directions: tuple[Direction, ...] = ("ascending",)
    source: str = ""


@cache
def load_sites() -> dict[str, LaunchSite]:
    """All built-in launch sites keyed by id (``baikonur-31``, ``ksc-39a``, …)."""
    text = resources.files("crossflight.data").joinpath("sites.csv").read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line and not line.startswith("#")]
    sites: dict[str, LaunchSite] = {}
    for row in csv.DictReader(rows):
        sites[row["id"]] = LaunchSite(
            id=row["id"],
            name=row["name"],
            latitude_deg=float(row["latitude_deg"]),
            longitude_deg=float(row["longitude_deg"]),
            elevation_m=float(row["elevation_m"] or 0.0),
            vehicles=tuple(v for v in row["vehicles"].split(";") if v),
            directions=tuple(d for d in row["directions"].split(";") if d),
            source=row["source"],
        )
    return sites


def get_site(site_id: str) -> LaunchSite:
    """The built-in site ``site_id``; an unknown id names the known ones."""
    sites = load_sites()
    try:
        return sites[site_id]
    except KeyError:
        raise UnknownIdError(
            f"unknown launch site {site_id!r}",
            field="site",
            fix=f"use one of {', '.join(sorted(sites))} or give --lat/--lon",
        ) from None


def custom_site(
    latitude_deg: float, longitude_deg: float, *, elevation_m: float = 0.0
) -> LaunchSite:
    """A user-defined site (both launch directions allowed)."""
    return LaunchSite(
        id=f"custom-{latitude_deg:.4f}-{longitude_deg:.4f}",
        name="custom site",
        latitude_deg=latitude_deg,
        longitude_deg=longitude_deg,
        elevation_m=elevation_m,
        directions=("ascending", "descending"),
        source="user input",
    )
