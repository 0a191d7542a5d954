"""The report's interactive figures (plotly), built from the main job's records.

Every figure here is a plain SVG chart (no WebGL, no map tiles, nothing fetched), so the page
renders offline from ``file://`` in any browser.  The PNG twins are in
:mod:`crossflight.report.png`; both draw from :mod:`crossflight.report.series`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go

from crossflight import api
from crossflight.report.series import (
    PROFILE_COLOURS,
    RISK_METRICS,
    SEVERITY_COLOURS,
    agency_colour,
    crew_counts,
    family_colour,
    finding_rows,
    first_weeks,
    gantt_rows,
    risk_rows,
    session_rows,
    window_rows,
)

__all__ = [
    "experiments_figure",
    "failure_figure",
    "findings_figure",
    "metrics_figure",
    "occupancy_figure",
    "representation_figure",
    "risk_figure",
    "utilisation_figure",
    "windows_figure",
]

_MS_PER_S = 1000.0


def _layout(fig: go.Figure, title: str, height: int) -> go.Figure:
    fig.update_layout(
        title=title,
        height=height,
        margin={"l": 10, "r": 10, "t": 80, "b": 40},
        legend={"orientation": "h", "x": 0.0, "y": 1.0, "yanchor": "bottom"},
        template="plotly_white",
        barmode="overlay",
    )
    return fig


def occupancy_figure(spans: Sequence[api.LifeboatSpan], title: str) -> go.Figure:
    """Gantt: one row per person (grouped by segment), a bar per lifeboat seat, by agency."""
    rows = gantt_rows(spans)
    fig = go.Figure()
    for agency in sorted({r.agency for r in rows}):
        mine = [r for r in rows if r.agency == agency]
        fig.add_trace(
            go.Bar(
                orientation="h",
                name=agency,
                y=[r.label for r in mine],
                base=[r.start_utc for r in mine],
                x=[(r.end_utc - r.start_utc).total_seconds() * _MS_PER_S for r in mine],
                text=[r.lifeboat for r in mine],
                textposition="inside",
                insidetextanchor="middle",
                marker={"color": agency_colour(agency), "line": {"width": 0.5, "color": "#fff"}},
                customdata=[
                    [r.lifeboat_vehicle, api.format_utc(r.start_utc), api.format_utc(r.end_utc)]
                    for r in mine
                ],
                hovertemplate="%{y}<br>lifeboat seat: %{text} (%{customdata[0]})"
                "<br>%{customdata[1]} .. %{customdata[2]}<extra>%{fullData.name}</extra>",
            )
        )
    order = list(dict.fromkeys(r.label for r in rows))
    fig.update_yaxes(categoryorder="array", categoryarray=order[::-1], tickfont={"size": 9})
    fig.update_xaxes(type="date")
    return _layout(fig, title, max(380, 70 + 15 * len(order)))


def representation_figure(spans: Sequence[api.LifeboatSpan], title: str) -> go.Figure:
    """People aboard per agency over time (stacked steps), with the station total."""
    times, counts = crew_counts(spans)
    fig = go.Figure()
    for agency, values in counts.items():
        fig.add_trace(
            go.Scatter(
                x=times,
                y=values,
                name=agency,
                mode="lines",
                stackgroup="crew",
                line={"shape": "hv", "width": 0.5, "color": agency_colour(agency)},
            )
        )
    fig.update_yaxes(title_text="people aboard", rangemode="tozero")
    fig.update_xaxes(type="date")
    return _layout(fig, title, 360)


def findings_figure(reports: dict[str, api.CheckReport], title: str) -> go.Figure:
    """The checker's findings on a time line: one row per manifest and rule, by severity."""
    rows = finding_rows(reports)
    fig = go.Figure()
    for severity in ("violation", "warning"):
        mine = [r for r in rows if r.severity == severity]
        if not mine:
            continue
        fig.add_trace(
            go.Bar(
                orientation="h",
                name=severity,
                y=[r.label for r in mine],
                base=[r.start_utc for r in mine],
                x=[r.width_s * _MS_PER_S for r in mine],
                marker={"color": SEVERITY_COLOURS[severity]},
                customdata=[[r.subject, r.message, r.span] for r in mine],
                hovertemplate="%{customdata[0]}<br>%{customdata[1]}<br>%{customdata[2]}"
                "<extra>%{fullData.name}</extra>",
            )
        )
    labels = list(dict.fromkeys(r.label for r in rows))
    fig.update_yaxes(categoryorder="array", categoryarray=labels[::-1])
    fig.update_xaxes(type="date")
    return _layout(fig, title, max(300, 120 + 28 * len(labels)))


def windows_figure(opportunities: Sequence[api.Opportunity], title: str) -> go.Figure:
    """Launch-window calendar: for each site, vehicle and profile a bar liftoff -> docking."""
    rows = window_rows(opportunities)
    fig = go.Figure()
    for profile in dict.fromkeys(r.profile for r in rows):
        mine = [r for r in rows if r.profile == profile]
        fig.add_trace(
            go.Bar(
                orientation="h",
                name=profile,
                y=[r.label for r in mine],
                base=[r.liftoff_utc for r in mine],
                x=[r.duration_s * _MS_PER_S for r in mine],
                marker={"color": PROFILE_COLOURS.get(profile, "#7f7f7f")},
                customdata=[[r.liftoff_text, r.docking_text, r.phase_text] for r in mine],
                hovertemplate="%{y}<br>liftoff %{customdata[0]}<br>docking %{customdata[1]}"
                "<br>%{customdata[2]}<extra>%{fullData.name}</extra>",
            )
        )
    labels = list(dict.fromkeys(r.label for r in rows))
    fig.update_yaxes(categoryorder="array", categoryarray=labels[::-1])
    fig.update_xaxes(type="date")
    return _layout(fig, title, max(320, 140 + 22 * len(labels)))


def figure_json(fig: Any) -> str:
    """The figure as plotly JSON (for embedding without a second copy of plotly.js)."""
    text: str = fig.to_json()
    return text


def experiments_figure(setup: api.IncrementSetup, schedule: api.Schedule, title: str) -> go.Figure:
    """Experiment Gantt: one row per crew member, one bar per session, by research family."""
    rows = session_rows(setup, schedule)
    families = sorted({r.family for r in rows})
    fig = go.Figure()
    for family in families:
        mine = [r for r in rows if r.family == family]
        fig.add_trace(
            go.Bar(
                orientation="h",
                name=family,
                y=[r.label for r in mine],
                base=[r.start_utc for r in mine],
                x=[(r.end_utc - r.start_utc).total_seconds() * _MS_PER_S for r in mine],
                marker={"color": family_colour(family, families)},
                customdata=[
                    [r.title, api.format_utc(r.start_utc), api.format_utc(r.end_utc), r.equipment]
                    for r in mine
                ],
                hovertemplate="%{y}<br>%{customdata[0]}<br>%{customdata[1]} .. %{customdata[2]}"
                "<br>%{customdata[3]}<extra>%{fullData.name}</extra>",
            )
        )
    labels = list(dict.fromkeys(r.label for r in rows))
    fig.update_yaxes(categoryorder="array", categoryarray=labels[::-1])
    lo, hi = first_weeks(rows)
    fig.update_xaxes(type="date", range=[lo, hi])
    fig = _layout(fig, title, max(420, 160 + 24 * len(labels)))
    fig.update_layout(legend={"orientation": "v", "x": 1.01, "y": 1.0, "font": {"size": 9}})
    return fig


def utilisation_figure(schedule: api.Schedule, names: dict[str, str], title: str) -> go.Figure:
    """Science hours per crew member against the hours their crew day makes available."""
    use = schedule.utilisation()["crew"]
    people = sorted(use, key=lambda p: -use[p]["hours"])
    fig = go.Figure(
        [
            go.Bar(
                name="available",
                x=[names.get(p, p) for p in people],
                y=[use[p]["available_h"] for p in people],
                marker={"color": "#d0d7e2"},
            ),
            go.Bar(
                name="scheduled",
                x=[names.get(p, p) for p in people],
                y=[use[p]["hours"] for p in people],
                marker={"color": "#1f5fae"},
            ),
        ]
    )
    fig.update_yaxes(title_text="hours")
    fig = _layout(fig, title, 380)
    fig.update_layout(barmode="group")
    return fig


def risk_figure(summary: dict[str, Any], title: str) -> go.Figure:
    """P(each rule violated somewhere in the horizon), with the 95 % Wilson interval."""
    rows = risk_rows(summary)
    fig = go.Figure(
        go.Bar(
            x=[r[0] for r in rows],
            y=[r[1] for r in rows],
            marker={"color": "#b3261e"},
            error_y={
                "type": "data",
                "symmetric": False,
                "array": [r[3] - r[1] for r in rows],
                "arrayminus": [r[1] - r[2] for r in rows],
            },
            hovertemplate="%{x}: %{y:.3f}<extra></extra>",
            name="P(violated)",
        )
    )
    fig.update_yaxes(title_text="probability", range=[0, 1])
    return _layout(fig, title, 380)


def failure_figure(times: Sequence[Any], curves: dict[str, Any], title: str) -> go.Figure:
    """Share of scenarios in which each rule has failed by each date."""
    fig = go.Figure()
    for rule, y in curves.items():
        if float(max(y, default=0.0)) > 0.0:
            fig.add_trace(go.Scatter(x=list(times), y=list(y), mode="lines", name=rule))
    fig.update_yaxes(title_text="P(violated by date)", range=[0, 1])
    fig.update_xaxes(type="date")
    return _layout(fig, title, 380)


def metrics_figure(columns: dict[str, Any], title: str) -> go.Figure:
    """Distributions over the scenarios: crew extension, lost crew-days, no fit lifeboat."""
    from plotly.subplots import make_subplots

    fig = make_subplots(
        rows=1, cols=len(RISK_METRICS), subplot_titles=[label for _, label in RISK_METRICS]
    )
    for k, (key, label) in enumerate(RISK_METRICS):
        days = [float(x) / 86400.0 for x in columns[key]]
        fig.add_trace(
            go.Histogram(x=days, name=label, showlegend=False, marker={"color": "#1f5fae"}),
            row=1,
            col=k + 1,
        )
        fig.update_xaxes(title_text="days", row=1, col=k + 1)
    fig.update_yaxes(title_text="scenarios", row=1, col=1)
    return _layout(fig, title, 380)
