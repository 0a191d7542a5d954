"""The report page: one self-contained HTML file (plotly.js inlined once, nothing fetched).

The page is rendered with jinja2 (autoescaped) from ``templates/report.html.j2``; each figure
is a ``<div>`` plus the ``Plotly.newPlot`` call plotly writes for it, and plotly.js itself is
inlined once in ``<head>``.  A Content-Security-Policy forbids every network fetch, so the
page behaves the same from ``file://`` with no network as on a web server.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import plotly.io as pio
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from plotly.offline import get_plotlyjs

from crossflight import __version__, api
from crossflight.report.figures import ReportFigure
from crossflight.report.result import MainJobResult
from crossflight.report.story import answers, duration_phrase

__all__ = ["write_page"]

_CONFIG = {"displaylogo": False, "responsive": True}
_SECTION_TITLES = {
    "crew": "Crew aboard",
    "findings": "Rule findings",
    "windows": "Launch windows",
    "rendezvous": "Rendezvous",
    "increment": "Experiments",
    "whatif": "Risks (what-if)",
}


@dataclass
class _Table:
    title: str
    header: list[str]
    rows: list[list[dict[str, str]]]


@dataclass
class _Section:
    id: str
    title: str
    intro: str = ""
    figures: list[dict[str, Any]] = field(default_factory=list)
    tables: list[_Table] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


def _cell(text: object, cls: str = "") -> dict[str, str]:
    return {"text": str(text), "cls": cls}


def _utc(t: Any) -> str:
    return api.format_utc(t.replace(microsecond=0)) if t is not None else ""


def _findings_table(label: str, rep: api.CheckReport) -> _Table:
    rows = [
        [
            _cell(v.rule),
            _cell(v.severity, v.severity),
            _cell(_utc(v.start_utc)),
            _cell(_utc(v.end_utc)),
            _cell(v.subject),
            _cell(v.message),
        ]
        for v in rep.violations
    ] or [[_cell("-"), _cell("none"), _cell(""), _cell(""), _cell(""), _cell("no findings")]]
    n = len(rep.violations)
    title = f"{label}: {n} finding(s) (the same as `crossflight check` on the manifest)"
    return _Table(title, ["rule", "severity", "from", "until", "subject", "message"], rows)


def _windows_tables(res: MainJobResult) -> list[_Table]:
    rows = []
    for o in res.windows:
        profiles = "; ".join(
            f"{p.name}: {_utc(p.liftoff_utc)} -> dock {_utc(p.docking_utc)}" for p in o.profiles
        )
        rows.append(
            [
                _cell(o.vehicle),
                _cell(o.site),
                _cell(_utc(o.in_plane_utc)),
                _cell(f"{o.phase_deg:.1f}", "num"),
                _cell(profiles or "no feasible profile"),
            ]
        )
    out = [
        _Table("opportunities", ["vehicle", "site", "in-plane", "phase [deg]", "profiles"], rows)
    ]
    fw_rows = []
    for fw in res.flight_windows:
        best = fw.opportunity
        err = fw.liftoff_error_s
        fw_rows.append(
            [
                _cell(fw.name),
                _cell(fw.manifest),
                _cell(_utc(fw.launch_utc)),
                _cell(_utc(best.liftoff_utc) if best else "none"),
                _cell((best.best_profile or "") if best else ""),
                _cell("" if err is None else f"{err:+.0f}", "num"),
            ]
        )
    if fw_rows:
        out.append(
            _Table(
                "manifest flights inside the orbit data's validity: the model's nearest window",
                ["flight", "manifest", "manifest liftoff", "model liftoff", "profile", "diff [s]"],
                fw_rows,
            )
        )
    return out


def _burns_table(r: api.RendezvousResult) -> _Table:
    rows = [
        [
            _cell(b.label),
            _cell(_utc(b.time_utc)),
            _cell(f"{b.dv_m_s:.2f}", "num"),
            _cell(" ".join(f"{x:+.2f}" for x in b.dv_lvlh_m_s)),
        ]
        for b in r.burns
    ]
    title = (
        f"{len(rows)} burns, total {r.total_dv_m_s:.1f} m/s (far range "
        f"{r.far_range_dv_m_s:.1f}, approach {r.approach_dv_m_s:.1f}); docking "
        f"{_utc(r.docking_utc)} after {duration_phrase(r.docking_utc - r.liftoff_utc)}"
    )
    return _Table(title, ["burn", "time (UTC)", "dv [m/s]", "LVLH r t n [m/s]"], rows)


def _increment_tables(res: MainJobResult) -> list[_Table]:
    assert res.increment is not None
    sch = res.increment.schedule
    rows = [
        [
            _cell(u.experiment),
            _cell(f"{u.sessions_done}/{u.sessions}", "num"),
            _cell(u.constraint),
            _cell(u.reason),
        ]
        for u in sch.unscheduled
    ] or [[_cell("-"), _cell(""), _cell(""), _cell("every experiment is scheduled")]]
    proof = "proven optimal" if sch.optimal else f"gap {100 * sch.gap:.2f} %"
    title = (
        f"not fully scheduled, and why (objective {sch.objective:g}, bound {sch.bound:g}, "
        f"{proof}; solved in {sch.wall_s:.1f} s)"
    )
    return [_Table(title, ["experiment", "sessions", "constraint", "reason"], rows)]


def _whatif_tables(res: MainJobResult) -> list[_Table]:
    assert res.whatif is not None
    s = res.whatif.campaign.summary
    rows = [
        [
            _cell(rule),
            _cell(d["title"]),
            _cell(d["scenarios"], "num"),
            _cell(f"{d['p']:.4f}", "num"),
            _cell(f"{d['ci95'][0]:.4f} - {d['ci95'][1]:.4f}", "num"),
            _cell(f"{d['violation_days'].get('p95', 0.0):.1f}", "num"),
        ]
        for rule, d in sorted(s["p_violation"].items())
    ]
    title = f"{s['scenarios']} scenarios, seed {s['seed']}, policy {s['policy']}"
    header = ["rule", "", "scenarios", "P(violated)", "95 % interval", "p95 days"]
    return [_Table(title, header, rows)]


def _stage_table(res: MainJobResult) -> _Table:
    rows = [[_cell(k), _cell(f"{v:.2f}", "num")] for k, v in res.timings_s.items()]
    return _Table("wall time per stage (also in summary.json)", ["stage", "seconds"], rows)


def _sections(
    res: MainJobResult, figures: list[ReportFigure], files: dict[str, str]
) -> list[_Section]:
    sections: dict[str, _Section] = {}
    for f in figures:
        sec = sections.setdefault(f.section, _Section(f.section, _SECTION_TITLES[f.section]))
        html = pio.to_html(
            f.figure,
            full_html=False,
            include_plotlyjs=False,
            div_id=f"plot-{f.id}",
            config=_CONFIG,
        )
        png = f"png/{f.png.name}" if f.png else ""
        sec.figures.append({"id": f.id, "html": Markup(html), "caption": f.caption, "png": png})
    for label, rep in (("history", res.history_report), ("plan", res.plan_report)):
        if rep is not None and "findings" in sections:
            sections["findings"].tables.append(_findings_table(label, rep))
    if "windows" in sections:
        sections["windows"].tables += _windows_tables(res)
    if "increment" in sections and res.increment is not None:
        sections["increment"].tables += _increment_tables(res)
    if "whatif" in sections and res.whatif is not None:
        sections["whatif"].tables += _whatif_tables(res)
    if "rendezvous" in sections and res.rendezvous is not None:
        sections["rendezvous"].tables.append(_burns_table(res.rendezvous))
    order = [*_SECTION_TITLES]
    out = sorted(sections.values(), key=lambda s: order.index(s.id))
    out.append(
        _Section(
            "files",
            "Files",
            "Machine-readable artefacts beside this page (they re-read: the manifests pass "
            "`crossflight check` with the findings shown above).",
            tables=[_stage_table(res)],
            links=sorted(files),
        )
    )
    return out


def write_page(
    path: Path, res: MainJobResult, figures: list[ReportFigure], files: dict[str, str]
) -> Path:
    """Render the page to ``path`` atomically."""
    env = Environment(
        loader=PackageLoader("crossflight.report", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
    )
    page = env.get_template("report.html.j2").render(
        title=res.scenario.name,
        description=res.scenario.description,
        source=res.source,
        created=api.format_utc(datetime.now(UTC).replace(microsecond=0)),
        total_s=sum(res.timings_s.values()),
        version=__version__,
        answers=answers(res),
        notes=res.notes,
        sections=_sections(res, figures, files),
        plotly_js=Markup(get_plotlyjs()),
    )
    return api.write_text_atomic(path, page)
