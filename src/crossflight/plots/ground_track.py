"""Ground track of a rendezvous: ship and station sub-satellite points, launch site, burns.

TEME states are rotated Earth-fixed with :func:`crossflight.physics.propagation.teme_to_itrs`
(GMST 1982, polar motion neglected) and shown as geocentric latitude / longitude in degrees on
plain axes (no base map: nothing is fetched, the picture works offline).  The track is broken
where it crosses the antimeridian.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from crossflight.io.files import atomic_path
from crossflight.physics.propagation import teme_to_itrs

__all__ = ["ground_track_deg", "ground_track_figure", "write_ground_track_png"]

F64 = NDArray[np.float64]


def ground_track_deg(t_utc_s: F64, state_km: F64) -> tuple[F64, F64]:
    """(T,) geocentric latitude and longitude [deg] of TEME states (T, 6)."""
    r, _ = teme_to_itrs(t_utc_s, state_km[:, :3], state_km[:, 3:])
    lat = np.degrees(np.arctan2(r[:, 2], np.hypot(r[:, 0], r[:, 1])))
    lon = np.degrees(np.arctan2(r[:, 1], r[:, 0]))
    return lat, lon


def _broken(lat: F64, lon: F64) -> tuple[F64, F64]:
    """Insert NaN where consecutive longitudes jump across the antimeridian."""
    cut = np.flatnonzero(np.abs(np.diff(lon)) > 180.0) + 1
    return np.insert(lat, cut, np.nan), np.insert(lon, cut, np.nan)


def _burn_points(t: F64, lat: F64, lon: F64, burns: Sequence[float]) -> tuple[F64, F64]:
    idx = np.clip(np.searchsorted(t, np.asarray(burns, dtype=float)), 0, t.size - 1)
    return lat[idx], lon[idx]


def ground_track_figure(
    t_utc_s: F64,
    ship_km: F64,
    station_km: F64,
    site_lat_lon_deg: tuple[float, float],
    burn_times_utc_s: Sequence[float] = (),
    *,
    title: str = "ground track",
) -> Any:
    """Plotly figure of the ship's and the station's ground tracks."""
    import plotly.graph_objects as go

    t = np.asarray(t_utc_s, dtype=float)
    fig = go.Figure()
    # the ship flies within a few hundred km of the station: its thin line runs inside the
    # station's wide pale band, and leaves it only before the far-range burns close the gap
    for name, state, colour, width in (
        ("station", station_km, "rgba(31, 95, 174, 0.35)", 7.0),
        ("ship", ship_km, "#d62728", 1.5),
    ):
        lat, lon = _broken(*ground_track_deg(t, state))
        fig.add_trace(
            go.Scatter(
                x=lon, y=lat, mode="lines", name=name, line={"color": colour, "width": width}
            )
        )
    blat, blon = _burn_points(t, *ground_track_deg(t, ship_km), burn_times_utc_s)
    fig.add_trace(
        go.Scatter(
            x=blon,
            y=blat,
            mode="markers",
            name="burns",
            marker={"symbol": "diamond", "size": 8, "color": "#2ca02c"},
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[site_lat_lon_deg[1]],
            y=[site_lat_lon_deg[0]],
            mode="markers",
            name="launch site",
            marker={"symbol": "triangle-up", "size": 12, "color": "black"},
        )
    )
    fig.update_xaxes(title_text="longitude [deg]", range=[-180, 180], dtick=30)
    fig.update_yaxes(title_text="geocentric latitude [deg]", range=[-90, 90], dtick=30)
    fig.update_layout(title=title, height=420)
    return fig


def write_ground_track_png(
    path: str | Path,
    t_utc_s: F64,
    ship_km: F64,
    station_km: F64,
    site_lat_lon_deg: tuple[float, float],
    burn_times_utc_s: Sequence[float] = (),
    *,
    title: str = "ground track",
) -> Path:
    """The same picture as a PNG (matplotlib, Agg), written atomically."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    t = np.asarray(t_utc_s, dtype=float)
    fig, ax = plt.subplots(figsize=(10, 5))
    for name, state, colour, width, alpha in (
        ("station", station_km, "C0", 5.0, 0.35),
        ("ship", ship_km, "C3", 1.0, 1.0),
    ):
        lat, lon = _broken(*ground_track_deg(t, state))
        ax.plot(lon, lat, lw=width, color=colour, alpha=alpha, label=name)
    blat, blon = _burn_points(t, *ground_track_deg(t, ship_km), burn_times_utc_s)
    ax.plot(blon, blat, "D", color="C2", ms=5, label="burns")
    ax.plot([site_lat_lon_deg[1]], [site_lat_lon_deg[0]], "k^", ms=9, label="launch site")
    ax.set_xlim(-180, 180)
    ax.set_ylim(-90, 90)
    ax.set_xticks(range(-180, 181, 30))
    ax.set_yticks(range(-90, 91, 30))
    ax.grid(True, lw=0.3)
    ax.set_xlabel("longitude [deg]")
    ax.set_ylabel("geocentric latitude [deg]")
    ax.set_title(title)
    ax.legend(loc="lower left", fontsize=8)
    fig.tight_layout()
    target = Path(path)
    with atomic_path(target, field="png") as tmp:
        fig.savefig(str(tmp), dpi=110, format="png")
    plt.close(fig)
    return target
