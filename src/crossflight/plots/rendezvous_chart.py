"""Rendezvous plots: relative motion in the station LVLH frame and altitude vs time.

* LVLH panel: V-bar (along-track ``t``, km) horizontal, R-bar (radial ``r``, km) vertical, the
  station at the origin; the whole flight and a close-range zoom (last ``zoom_km``).
* Altitude panel: ship and station altitude above the 6378.137 km equatorial radius [km] vs
  UTC time, with the burns marked.

``.png`` -> matplotlib (Agg), ``.html`` -> plotly (self-contained: plotly.js inlined, no CDN).
Files are written atomically.  :func:`rendezvous_figure` returns the plotly figure itself (the
main job's report embeds it).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from crossflight.errors import InputError
from crossflight.io.files import atomic_path
from crossflight.physics.dynamics import R_EARTH_KM
from crossflight.physics.relative import eci_to_lvlh
from crossflight.times import from_unix_s

__all__ = ["lvlh_track_km", "rendezvous_figure", "write_rendezvous_plot"]

F64 = NDArray[np.float64]


def lvlh_track_km(ship_km: F64, station_km: F64) -> F64:
    """Ship positions (T, 3) [km] in the station LVLH ``[r, t, n]`` from TEME ephemerides."""
    rho, _ = eci_to_lvlh(station_km[:, :3], station_km[:, 3:], ship_km[:, :3], ship_km[:, 3:])
    return rho


def write_rendezvous_plot(
    path: str | Path,
    t_utc_s: F64,
    ship_km: F64,
    station_km: F64,
    burn_times_utc_s: Sequence[float] = (),
    *,
    title: str = "rendezvous",
    zoom_km: float = 6.0,
) -> Path:
    """Write the LVLH + altitude figure to ``path`` (``.png`` or ``.html``)."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in (".png", ".html"):
        raise InputError(
            f"unsupported plot format {target.suffix!r}",
            field="--plot",
            fix="give a file name ending in .png or .html",
        )
    rho = lvlh_track_km(ship_km, station_km)
    alt_ship = np.linalg.norm(ship_km[:, :3], axis=1) - R_EARTH_KM
    alt_station = np.linalg.norm(station_km[:, :3], axis=1) - R_EARTH_KM
    times = [from_unix_s(float(t)) for t in t_utc_s]
    near = np.linalg.norm(rho, axis=1) <= zoom_km
    draw = _png if suffix == ".png" else _html
    with atomic_path(target, field="--plot") as tmp:
        draw(str(tmp), rho, near, times, alt_ship, alt_station, burn_times_utc_s, title)
    return target


def _png(
    tmp: str, rho: F64, near: NDArray[np.bool_], times: Sequence[object], alt_ship: F64,
    alt_station: F64, burns: Sequence[float], title: str,
) -> None:  # fmt: skip
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(17, 5.2))
    ax0, ax1, ax2 = axes
    ax0.plot(rho[:, 1], rho[:, 0], lw=1.0)
    ax0.plot([0], [0], "k*", ms=10, label="station")
    ax0.set_xlabel("V-bar t [km] (+ ahead)")
    ax0.set_ylabel("R-bar r [km] (+ up)")
    ax0.set_title("relative motion, whole flight (LVLH)")
    ax0.legend(loc="best")
    ax1.plot(rho[near, 1] * 1e3, rho[near, 0] * 1e3, lw=1.0, color="C1")
    ax1.plot([0], [0], "k*", ms=10)
    ax1.set_xlabel("V-bar t [m]")
    ax1.set_ylabel("R-bar r [m]")
    ax1.set_title("close range: approach, fly-around, docking")
    ax1.set_aspect("equal", adjustable="datalim")
    ax2.plot(times, alt_ship, label="ship", lw=1.0)
    ax2.plot(times, alt_station, label="station", lw=1.0)
    for b in burns:
        ax2.axvline(from_unix_s(b), color="0.7", lw=0.6)
    ax2.set_ylabel("altitude [km]")
    ax2.set_xlabel("UTC")
    ax2.set_title("altitude (burns marked)")
    ax2.legend(loc="best")
    fig.autofmt_xdate()
    fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(tmp, dpi=110, format="png")
    plt.close(fig)


def rendezvous_figure(
    t_utc_s: F64,
    ship_km: F64,
    station_km: F64,
    burn_times_utc_s: Sequence[float] = (),
    *,
    title: str = "rendezvous",
    zoom_km: float = 6.0,
) -> Any:
    """The LVLH (whole flight and close range) and altitude panels as a plotly figure."""
    rho = lvlh_track_km(ship_km, station_km)
    alt_ship = np.linalg.norm(ship_km[:, :3], axis=1) - R_EARTH_KM
    alt_station = np.linalg.norm(station_km[:, :3], axis=1) - R_EARTH_KM
    times = [from_unix_s(float(t)) for t in t_utc_s]
    near = np.linalg.norm(rho, axis=1) <= zoom_km
    return _figure(rho, near, times, alt_ship, alt_station, burn_times_utc_s, title)


def _figure(
    rho: F64, near: NDArray[np.bool_], times: Sequence[object], alt_ship: F64,
    alt_station: F64, burns: Sequence[float], title: str,
) -> Any:  # fmt: skip
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    fig = make_subplots(
        rows=1,
        cols=3,
        subplot_titles=("relative motion (LVLH) [km]", "close range [m]", "altitude [km]"),
    )
    fig.add_trace(go.Scatter(x=rho[:, 1], y=rho[:, 0], mode="lines", name="ship (LVLH)"), 1, 1)
    fig.add_trace(
        go.Scatter(x=[0.0], y=[0.0], mode="markers", name="station",
                   marker={"symbol": "star", "size": 12, "color": "black"}), 1, 1,
    )  # fmt: skip
    fig.add_trace(
        go.Scatter(x=rho[near, 1] * 1e3, y=rho[near, 0] * 1e3, mode="lines", name="close range"),
        1,
        2,
    )
    fig.add_trace(go.Scatter(x=times, y=alt_ship, mode="lines", name="ship altitude"), 1, 3)
    fig.add_trace(go.Scatter(x=times, y=alt_station, mode="lines", name="station altitude"), 1, 3)
    for b in burns:
        fig.add_vline(x=from_unix_s(b), line_width=0.5, line_color="grey", row=1, col=3)
    fig.update_xaxes(title_text="V-bar t (+ ahead)", row=1, col=1)
    fig.update_yaxes(title_text="R-bar r (+ up)", row=1, col=1)
    fig.update_xaxes(title_text="V-bar t", row=1, col=2)
    fig.update_yaxes(title_text="R-bar r", row=1, col=2)
    fig.update_layout(title=title)
    return fig


def _html(
    tmp: str, rho: F64, near: NDArray[np.bool_], times: Sequence[object], alt_ship: F64,
    alt_station: F64, burns: Sequence[float], title: str,
) -> None:  # fmt: skip
    fig = _figure(rho, near, times, alt_ship, alt_station, burns, title)
    fig.write_html(tmp, include_plotlyjs=True)
