"""PNG twins of the report's figures (matplotlib, Agg), for papers; written atomically.

Each function draws the same rows as its plotly twin in :mod:`crossflight.report.charts`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # before pyplot: no display, files only

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
from matplotlib.patches import Patch

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
    "experiments_png",
    "failure_png",
    "findings_png",
    "metrics_png",
    "occupancy_png",
    "representation_png",
    "risk_png",
    "utilisation_png",
    "windows_png",
]

_DPI = 110
_date_num: Callable[[Any], float] = mdates.date2num  # matplotlib's day number of a datetime
_date_format: Callable[[str], Any] = mdates.DateFormatter


def _save(fig: Any, path: Path) -> Path:
    with api.atomic_path(path, field="png") as tmp:
        fig.savefig(str(tmp), dpi=_DPI, format="png")
    plt.close(fig)
    return path


def _bars(
    path: Path,
    title: str,
    labels: list[str],
    items: Sequence[tuple[str, Any, float, str]],
    legend: dict[str, str],
    *,
    row_in: float = 0.2,
    date_format: str = "%Y-%m",
    texts: Sequence[str] = (),
    xlim: tuple[Any, Any] | None = None,
) -> Path:
    """Horizontal time bars ``(label, start, width_days, colour)`` on a date axis."""
    fig, ax = plt.subplots(figsize=(12, max(2.8, 1.2 + row_in * len(labels))))
    y = {lab: i for i, lab in enumerate(labels[::-1])}
    by_colour: dict[str, list[tuple[str, Any, float, str]]] = {}
    for item in items:
        by_colour.setdefault(item[3], []).append(item)
    for colour, mine in by_colour.items():  # one call per colour, not one per bar
        ax.barh(
            [y[m[0]] for m in mine],
            [m[2] for m in mine],
            left=[_date_num(m[1]) for m in mine],
            height=0.8,
            color=colour,
            edgecolor="white",
            linewidth=0.5,
        )
    lo = min((_date_num(m[1]) for m in items), default=0.0)
    hi = max((_date_num(m[1]) + m[2] for m in items), default=1.0)
    for (label, start, width, _), text in zip(items, texts, strict=False):
        if text and width > 0.06 * (hi - lo):  # label a bar only where the text fits
            x = _date_num(start) + width / 2
            ax.text(x, y[label], text, ha="center", va="center", fontsize=5, color="white")
    ax.set_yticks(range(len(labels)), labels[::-1], fontsize=7)
    ax.xaxis_date()
    if xlim is not None:
        ax.set_xlim(_date_num(xlim[0]), _date_num(xlim[1]))
    ax.xaxis.set_major_formatter(_date_format(date_format))
    ax.grid(True, axis="x", lw=0.3)
    handles = [Patch(color=c) for c in legend.values()]
    ax.legend(handles, list(legend), loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7)
    ax.set_title(title)
    ax.set_xlabel("UTC")
    fig.tight_layout()
    return _save(fig, path)


def occupancy_png(path: Path, spans: Sequence[api.LifeboatSpan], title: str) -> Path:
    """Occupancy Gantt (rows per person, bars per lifeboat seat, colours per agency)."""
    rows = gantt_rows(spans)
    labels = list(dict.fromkeys(r.label for r in rows))
    items = [
        (
            r.label,
            r.start_utc,
            (r.end_utc - r.start_utc).total_seconds() / 86400.0,
            agency_colour(r.agency),
        )
        for r in rows
    ]
    legend = {a: agency_colour(a) for a in sorted({r.agency for r in rows})}
    texts = [r.lifeboat for r in rows]
    return _bars(path, title, labels, items, legend, row_in=0.16, texts=texts)


def representation_png(path: Path, spans: Sequence[api.LifeboatSpan], title: str) -> Path:
    """People aboard per agency (stacked steps)."""
    times, counts = crew_counts(spans)
    fig, ax = plt.subplots(figsize=(12, 3.6))
    if times:
        ax.stackplot(
            [_date_num(t) for t in times],
            *counts.values(),
            labels=list(counts),
            step="post",
            colors=[agency_colour(a) for a in counts],
        )
    ax.xaxis_date()
    ax.set_ylabel("people aboard")
    ax.set_xlabel("UTC")
    ax.set_title(title)
    ax.legend(loc="upper left", fontsize=7, ncols=6)
    ax.grid(True, lw=0.3)
    fig.tight_layout()
    return _save(fig, path)


def findings_png(path: Path, reports: dict[str, api.CheckReport], title: str) -> Path:
    """The checker's findings per manifest and rule, coloured by severity."""
    rows = finding_rows(reports)
    labels = list(dict.fromkeys(r.label for r in rows)) or ["(no findings)"]
    items = [
        (r.label, r.start_utc, r.width_s / 86400.0, SEVERITY_COLOURS[r.severity]) for r in rows
    ]
    return _bars(path, title, labels, items, dict(SEVERITY_COLOURS), row_in=0.35)


def windows_png(path: Path, opportunities: Sequence[api.Opportunity], title: str) -> Path:
    """Launch-window calendar: bars liftoff -> docking per site, vehicle and profile."""
    rows = window_rows(opportunities)
    labels = list(dict.fromkeys(r.label for r in rows)) or ["(no windows)"]
    colour: Callable[[str], str] = lambda p: PROFILE_COLOURS.get(p, "#7f7f7f")  # noqa: E731
    items = [(r.label, r.liftoff_utc, r.duration_s / 86400.0, colour(r.profile)) for r in rows]
    legend = {p: colour(p) for p in dict.fromkeys(r.profile for r in rows)}
    return _bars(path, title, labels, items, legend, row_in=0.3, date_format="%m-%d %H:%M")


def experiments_png(
    path: Path, setup: api.IncrementSetup, schedule: api.Schedule, title: str
) -> Path:
    """Experiment Gantt per crew member, coloured by research family."""
    rows = session_rows(setup, schedule)
    families = sorted({r.family for r in rows})
    labels = list(dict.fromkeys(r.label for r in rows)) or ["(no sessions)"]
    items = [
        (
            r.label,
            r.start_utc,
            (r.end_utc - r.start_utc).total_seconds() / 86400.0,
            family_colour(r.family, families),
        )
        for r in rows
    ]
    legend = {f: family_colour(f, families) for f in families}
    return _bars(
        path,
        f"{title} (first three weeks)",
        labels,
        items,
        legend,
        row_in=0.3,
        date_format="%m-%d",
        xlim=first_weeks(rows),
    )


def utilisation_png(path: Path, schedule: api.Schedule, names: dict[str, str], title: str) -> Path:
    """Science hours per crew member against the hours available to them."""
    use = schedule.utilisation()["crew"]
    people = sorted(use, key=lambda p: -use[p]["hours"])
    fig, ax = plt.subplots(figsize=(12, 3.8))
    x = list(range(len(people)))
    ax.bar(
        [i - 0.2 for i in x],
        [use[p]["available_h"] for p in people],
        0.4,
        color="#d0d7e2",
        label="available",
    )
    ax.bar(
        [i + 0.2 for i in x],
        [use[p]["hours"] for p in people],
        0.4,
        color="#1f5fae",
        label="scheduled",
    )
    ax.set_xticks(x, [names.get(p, p) for p in people], rotation=40, ha="right", fontsize=7)
    ax.set_ylabel("hours")
    ax.set_title(title)
    ax.legend(fontsize=7)
    ax.grid(True, axis="y", lw=0.3)
    fig.tight_layout()
    return _save(fig, path)


def risk_png(path: Path, summary: dict[str, Any], title: str) -> Path:
    """P(each rule violated) with 95 % intervals."""
    rows = risk_rows(summary)
    fig, ax = plt.subplots(figsize=(10, 3.8))
    x = list(range(len(rows)))
    ax.bar(
        x,
        [r[1] for r in rows],
        color="#b3261e",
        yerr=[[r[1] - r[2] for r in rows], [r[3] - r[1] for r in rows]],
        capsize=3,
    )
    ax.set_xticks(x, [r[0] for r in rows], rotation=25, ha="right", fontsize=8)
    ax.set_ylim(0, 1)
    ax.set_ylabel("probability")
    ax.set_title(title)
    ax.grid(True, axis="y", lw=0.3)
    fig.tight_layout()
    return _save(fig, path)


def failure_png(path: Path, times: Sequence[Any], curves: dict[str, Any], title: str) -> Path:
    """Share of scenarios in which each rule has failed by each date."""
    fig, ax = plt.subplots(figsize=(10, 3.8))
    for rule, y in curves.items():
        if float(max(y, default=0.0)) > 0.0:
            ax.plot([_date_num(t) for t in times], list(y), label=rule)
    ax.xaxis_date()
    ax.set_ylim(0, 1)
    ax.set_ylabel("P(violated by date)")
    ax.set_title(title)
    ax.legend(fontsize=7)
    ax.grid(True, lw=0.3)
    fig.tight_layout()
    return _save(fig, path)


def metrics_png(path: Path, columns: dict[str, Any], title: str) -> Path:
    """Histograms of the campaign's cost metrics."""
    fig, axes = plt.subplots(1, len(RISK_METRICS), figsize=(13, 3.6))
    for ax, (key, label) in zip(axes, RISK_METRICS, strict=True):
        ax.hist([float(x) / 86400.0 for x in columns[key]], bins=40, color="#1f5fae")
        ax.set_title(label, fontsize=8)
        ax.set_xlabel("days")
    axes[0].set_ylabel("scenarios")
    fig.suptitle(title)
    fig.tight_layout()
    return _save(fig, path)
