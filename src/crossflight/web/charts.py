"""The dashboard's charts: one plotly figure per run kind, built from the run's stored outputs.

Figures go to the page as JSON and are drawn by the plotly.js bundled with the installed
``plotly`` package (served by the app itself, never from a CDN).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import plotly.graph_objects as go

__all__ = ["figure_json"]

_SEVERITY_COLOURS = {"violation": "#c0392b", "warning": "#e0a526"}


def _check(out: dict[str, Any]) -> go.Figure:
    findings = [*out.get("violations", []), *out.get("warnings", [])]  # reports list both
    counts = Counter((v["rule"], v["severity"]) for v in findings)
    rules = sorted({r for r, _ in counts} | {"R1", "R2", "R3", "R4", "R5", "R6", "R7"})
    fig = go.Figure(
        [
            go.Bar(
                name=sev, x=rules, y=[counts.get((r, sev), 0) for r in rules], marker_color=colour
            )
            for sev, colour in _SEVERITY_COLOURS.items()
        ]
    )
    fig.update_layout(
        barmode="stack",
        title=f"findings per rule: {out.get('manifest', '')}",
        yaxis_title="findings",
        xaxis_title="rule",
    )
    return fig


def _windows(out: dict[str, Any]) -> go.Figure:
    opps = out.get("opportunities", [])
    fig = go.Figure()
    for direction in ("ascending", "descending"):
        sel = [o for o in opps if o["direction"] == direction]
        fig.add_trace(
            go.Scatter(
                name=direction,
                mode="markers",
                x=[o["liftoff_utc"] for o in sel],
                y=[o["phase_deg"] for o in sel],
                text=[o["best_profile"] or "none" for o in sel],
                hovertemplate="liftoff %{x}<br>phase %{y:.1f} deg<br>best profile %{text}",
                marker={"size": 10},
            )
        )
    fig.update_layout(
        title=f"{len(opps)} launch opportunities",
        xaxis_title="liftoff (UTC)",
        yaxis_title="phase at insertion [deg]",
    )
    return fig


def _rendezvous(out: dict[str, Any]) -> go.Figure:
    rng = out.get("range_to_station", {"t_utc": [], "range_km": []})
    fig = go.Figure(go.Scatter(name="range", x=rng["t_utc"], y=rng["range_km"], mode="lines"))
    for b in out.get("burns", []):
        fig.add_vline(x=b["time_utc"], line_dash="dot", line_color="#888")
    fig.update_layout(
        title=f"{out.get('vehicle', '')} {out.get('profile', '')}: range to the station, "
        f"total dv {out.get('total_dv_m_s', float('nan')):.1f} m/s",
        xaxis_title="time (UTC)",
        yaxis_title="range [km]",
        yaxis_type="log",
    )
    return fig


def _plan(out: dict[str, Any]) -> go.Figure:
    per = out.get("summary", {}).get("flights_per_vehicle_year", {})
    years = sorted({y for d in per.values() for y in d})
    fig = go.Figure(
        [go.Bar(name=v, x=years, y=[d.get(y, 0) for y in years]) for v, d in sorted(per.items())]
    )
    fig.update_layout(
        barmode="stack",
        title="planned flights per vehicle and year",
        xaxis_title="year",
        yaxis_title="flights",
    )
    return fig


_CHARTS = {"check": _check, "windows": _windows, "rendezvous": _rendezvous, "plan": _plan}


def figure_json(kind: str, outputs: dict[str, Any] | None) -> str | None:
    """The plotly figure (JSON) for a run's outputs, or None without a chart for the kind."""
    build = _CHARTS.get(kind)
    if build is None or not outputs:
        return None
    fig = build(outputs)
    fig.update_layout(template="plotly_white", height=420, margin={"t": 60, "l": 60, "r": 20})
    text: str = fig.to_json()
    return text
