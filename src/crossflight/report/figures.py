"""Every figure of the report: the interactive (plotly) one and its PNG twin, per section."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crossflight import api
from crossflight.report import charts, png
from crossflight.report.result import MainJobResult

__all__ = ["ReportFigure", "build_figures"]


@dataclass(frozen=True)
class ReportFigure:
    """One chart: its section, anchor id, caption, plotly figure and PNG file."""

    section: str
    id: str
    title: str
    caption: str
    figure: Any
    png: Path | None


def _crew(res: MainJobResult, png_dir: Path) -> list[ReportFigure]:
    out: list[ReportFigure] = []
    for label, m in (("plan", res.plan_manifest), ("history", res.history)):
        if m is None:
            continue
        spans = api.occupancy(m)
        what = m.name or label
        title = f"Who is aboard, and in which lifeboat: {what}"
        out.append(
            ReportFigure(
                "crew",
                f"occupancy-{label}",
                title,
                "One row per person, grouped by the segment their agency operates (partners "
                "last); each bar is a lifeboat seat, labelled with the vehicle that would bring "
                "them home, coloured by agency. Hover for dates.",
                charts.occupancy_figure(spans, title),
                png.occupancy_png(png_dir / f"occupancy-{label}.png", spans, title),
            )
        )
        title = f"Each agency's representation aboard: {what}"
        out.append(
            ReportFigure(
                "crew",
                f"representation-{label}",
                title,
                "People aboard per agency over time (stacked): a segment loses its operator "
                "when its agency's band reaches zero.",
                charts.representation_figure(spans, title),
                png.representation_png(png_dir / f"representation-{label}.png", spans, title),
            )
        )
    return out


def _findings(res: MainJobResult, png_dir: Path) -> list[ReportFigure]:
    reports = {
        label: rep
        for label, rep in (("history", res.history_report), ("plan", res.plan_report))
        if rep is not None
    }
    if not reports:
        return []
    title = "Rule findings over time (independent checker, rules R1-R7)"
    return [
        ReportFigure(
            "findings",
            "findings",
            title,
            "Each bar is one finding of one rule; red: violation, orange: warning (instants "
            "are drawn three days wide). Hover for the subject and the checker's message.",
            charts.findings_figure(reports, title),
            png.findings_png(png_dir / "findings.png", reports, title),
        )
    ]


def _windows(res: MainJobResult, png_dir: Path) -> list[ReportFigure]:
    if not res.windows:
        return []
    title = "Launch-window calendar: liftoff to docking per profile"
    return [
        ReportFigure(
            "windows",
            "windows",
            title,
            "Each bar runs from the profile's liftoff to its predicted docking: a 3-hour "
            "2-orbit flight is a sliver, a 2-day flight a long bar.",
            charts.windows_figure(res.windows, title),
            png.windows_png(png_dir / "windows.png", res.windows, title),
        )
    ]


def _rendezvous(res: MainJobResult, png_dir: Path) -> list[ReportFigure]:
    r = res.rendezvous
    if r is None:
        return []
    eph = r.ephemeris
    burns = [b.time_utc.timestamp() for b in r.burns]
    name = res.rendezvous_flight.name if res.rendezvous_flight else r.vehicle
    title = (
        f"{name}: {r.profile} rendezvous, liftoff {api.format_utc(r.liftoff_utc, seconds=False)}"
    )
    rdv_png = api.write_rendezvous_plot(
        png_dir / "rendezvous.png", eph.t_utc_s, eph.ship_km, eph.station_km, burns, title=title
    )
    site = api.get_site(r.site)
    track_title = f"{name}: ground track from liftoff to docking"
    track_png = api.write_ground_track_png(
        png_dir / "ground-track.png",
        eph.t_utc_s,
        eph.ship_km,
        eph.station_km,
        (site.latitude_deg, site.longitude_deg),
        burns,
        title=track_title,
    )
    return [
        ReportFigure(
            "rendezvous",
            "rendezvous",
            title,
            "Left: the ship relative to the station in its LVLH frame (V-bar ahead, R-bar up); "
            "middle: the last kilometres, fly-around and docking; right: altitudes, with each "
            "burn marked.",
            api.rendezvous_figure(eph.t_utc_s, eph.ship_km, eph.station_km, burns, title=title),
            rdv_png,
        ),
        ReportFigure(
            "rendezvous",
            "ground-track",
            track_title,
            "Sub-satellite points of the ship and the station (Earth-fixed), the launch site "
            "and the burns: the two tracks merge at docking.",
            api.ground_track_figure(
                eph.t_utc_s,
                eph.ship_km,
                eph.station_km,
                (site.latitude_deg, site.longitude_deg),
                burns,
                title=track_title,
            ),
            track_png,
        ),
    ]


def _increment(res: MainJobResult, png_dir: Path) -> list[ReportFigure]:
    inc = res.increment
    if inc is None:
        return []
    name = inc.setup.increment.name or "increment"
    done = len(inc.schedule.scheduled_experiments())
    total = done + len(inc.schedule.unscheduled)
    title = f"{name}: {done} of {total} experiments, {len(inc.schedule.sessions)} sessions"
    names = {p: (m.name or p) for p, m in inc.setup.manifest.crew.items()}
    use_title = f"{name}: science hours per crew member"
    return [
        ReportFigure(
            "increment",
            "experiments",
            title,
            "One row per crew member, one bar per experiment session (hover for the experiment, "
            "times and equipment), coloured by research family. The view opens on the first "
            "three weeks (sessions last an hour or two); double-click to see the whole "
            "increment.",
            charts.experiments_figure(inc.setup, inc.schedule, title),
            png.experiments_png(png_dir / "experiments.png", inc.setup, inc.schedule, title),
        ),
        ReportFigure(
            "increment",
            "utilisation",
            use_title,
            "Scheduled science hours against the hours each person's crew day and stay aboard "
            "make available.",
            charts.utilisation_figure(inc.schedule, names, use_title),
            png.utilisation_png(png_dir / "utilisation.png", inc.schedule, names, use_title),
        ),
    ]


def _whatif(res: MainJobResult, png_dir: Path) -> list[ReportFigure]:
    w = res.whatif
    if w is None:
        return []
    summary, cols = w.campaign.summary, w.campaign.columns
    n, policy = summary["scenarios"], summary["policy"]
    what = f"{n} what-if scenarios of the plan ({policy} policy, seed {summary['seed']})"
    start_s, end_s = round(w.start_utc.timestamp()), round(w.end_utc.timestamp())
    rules = sorted(summary["p_violation"])
    times, curves = api.failure_curves(cols, rules, start_s, end_s)
    t1 = f"Risk: probability each rule is violated, {what}"
    t2 = "Risk over time: share of scenarios in which each rule has failed by each date"
    t3 = f"Cost of the responses over {n} scenarios"
    return [
        ReportFigure(
            "whatif",
            "risk",
            t1,
            "Launch slips and scrubs, in-flight anomalies (leaks), groundings, agreement "
            "suspension and early retirement sampled from the built-in models; each scenario "
            "judged by the same rules as the checker. Bars: 95 % Wilson intervals.",
            charts.risk_figure(summary, t1),
            png.risk_png(png_dir / "risk.png", summary, t1),
        ),
        ReportFigure(
            "whatif",
            "risk-over-time",
            t2,
            "Rules that never fail in any scenario are left out.",
            charts.failure_figure(times, curves, t2),
            png.failure_png(png_dir / "risk-over-time.png", times, curves, t2),
        ),
        ReportFigure(
            "whatif",
            "risk-costs",
            t3,
            "Distributions over the scenarios of the days the responses cost.",
            charts.metrics_figure(cols, t3),
            png.metrics_png(png_dir / "risk-costs.png", cols, t3),
        ),
    ]


def build_figures(res: MainJobResult, png_dir: Path) -> list[ReportFigure]:
    """All figures in page order; PNGs are written to ``png_dir``."""
    return [
        *_crew(res, png_dir),
        *_findings(res, png_dir),
        *_windows(res, png_dir),
        *_rendezvous(res, png_dir),
        *_increment(res, png_dir),
        *_whatif(res, png_dir),
    ]
