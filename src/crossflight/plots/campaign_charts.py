"""What-if campaign charts: metric distributions and the probability of each rule failing by a
date.  ``.html`` -> plotly, self-contained (plotly.js inlined); ``.png`` -> matplotlib (Agg).
Files are written atomically.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from crossflight.errors import InputError
from crossflight.io.files import atomic_path
from crossflight.times import from_unix_s

__all__ = ["failure_curves", "write_campaign_chart"]

DAY_S = 86400.0
METRICS = (
    ("crew_extension_s", "crew extension (person-days)"),
    ("lost_crew_s", "lost crew-days"),
    ("no_fit_lifeboat_s", "days with someone without a fit lifeboat"),
    ("R4_violation_s", "days beyond certified docked life (R4)"),
)


def failure_curves(
    cols: dict[str, NDArray[Any]], rules: list[str], start_s: int, end_s: int, points: int = 200
) -> tuple[list[datetime], dict[str, NDArray[np.float64]]]:
    """Times and, per rule, the share of scenarios whose first violation is at or before each."""
    t = np.linspace(start_s, end_s, points)
    n = max(len(cols["scenario"]), 1)
    curves = {}
    for r in rules:
        first = np.sort(cols[f"{r}_first_s"][cols[f"{r}_violated"]])
        curves[r] = np.searchsorted(first, t, side="right") / n
    return [from_unix_s(float(x)) for x in t], curves


def _html(
    path: Path,
    cols: dict[str, NDArray[Any]],
    titles: Mapping[str, str],
    start_s: int,
    end_s: int,
    title: str,
) -> None:
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    fig = make_subplots(
        rows=3,
        cols=2,
        specs=[[{"colspan": 2}, None], [{}, {}], [{}, {}]],
        subplot_titles=["P(rule violated by date)", *(label for _, label in METRICS)],
    )
    times, curves = failure_curves(cols, list(titles), start_s, end_s)
    for r, y in curves.items():
        fig.add_trace(go.Scatter(x=times, y=y, name=f"{r} {titles[r]}"), row=1, col=1)
    for k, (key, label) in enumerate(METRICS):
        fig.add_trace(
            go.Histogram(x=cols[key] / DAY_S, name=label, showlegend=False),
            row=2 + k // 2,
            col=1 + k % 2,
        )
    fig.update_layout(title=title, height=1000)
    fig.update_yaxes(range=[0, 1], row=1, col=1)
    with atomic_path(path, field="--out") as tmp:
        fig.write_html(tmp, include_plotlyjs=True, full_html=True)


def _png(
    path: Path,
    cols: dict[str, NDArray[Any]],
    titles: Mapping[str, str],
    start_s: int,
    end_s: int,
    title: str,
) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(11, 12), layout="constrained")
    grid = fig.add_gridspec(3, 2)
    ax = fig.add_subplot(grid[0, :])
    times, curves = failure_curves(cols, list(titles), start_s, end_s)
    x = [t.year + (t.timetuple().tm_yday - 1 + t.hour / 24.0) / 365.25 for t in times]
    for r, y in curves.items():
        ax.plot(x, y, label=f"{r} {titles[r]}")
    ax.set_xlabel("year (UTC)")
    ax.set_ylim(0, 1)
    ax.set_ylabel("P(violated by date)")
    ax.legend(fontsize=8, ncol=2)
    for k, (key, label) in enumerate(METRICS):
        a = fig.add_subplot(grid[1 + k // 2, k % 2])
        a.hist(cols[key] / DAY_S, bins=40)
        a.set_xlabel(label)
        a.set_ylabel("scenarios")
    fig.suptitle(title)
    with atomic_path(path, field="--out") as tmp:
        fig.savefig(tmp, dpi=90)
    plt.close(fig)


def write_campaign_chart(
    path: str | Path,
    cols: dict[str, NDArray[Any]],
    start_s: int,
    end_s: int,
    *,
    titles: Mapping[str, str],
    title: str = "what-if campaign",
) -> Path:
    """Write the campaign figure to ``path`` (``.html`` or ``.png``); ``titles``: rule id ->
    title, one curve each."""
    target = Path(path)
    kind = target.suffix.lower()
    if kind not in (".html", ".png"):
        raise InputError(
            f"unsupported chart format {target.suffix!r}",
            field="--out",
            fix="give a file name ending in .png or .html",
        )
    (_html if kind == ".html" else _png)(target, cols, titles, start_s, end_s, title)
    return target
