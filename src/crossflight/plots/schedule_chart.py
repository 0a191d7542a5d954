"""Gantt chart of an experiment schedule: one row per crew member, one bar per session.

``.html`` -> plotly, self-contained (plotly.js inlined, opens offline); ``.png`` -> matplotlib
(Agg).  The title answers the question first: how much was scheduled and how good it is.
Files are written atomically.
"""

from __future__ import annotations

from pathlib import Path

from crossflight.errors import InputError
from crossflight.io.files import atomic_path
from crossflight.model.schedule import Schedule

__all__ = ["write_schedule_plot"]


def _title(schedule: Schedule, name: str) -> str:
    n_done = len(schedule.scheduled_experiments())
    n_all = n_done + len(schedule.unscheduled)
    proof = "proven optimal" if schedule.optimal else f"gap {100 * schedule.gap:.2f} % to the bound"
    return (
        f"{name}: {n_done} of {n_all} experiments fully scheduled, "
        f"{len(schedule.sessions)} sessions ({proof})"
    )


def _rows(schedule: Schedule) -> list[str]:
    used = {p for s in schedule.sessions for p in s.crew}
    return sorted(used)


def _html(schedule: Schedule, tmp: Path, title: str) -> None:
    import plotly.graph_objects as go

    fig = go.Figure()
    exps = sorted({s.experiment for s in schedule.sessions})
    palette = [
        "#1f77b4",
        "#ff7f0e",
        "#2ca02c",
        "#d62728",
        "#9467bd",
        "#8c564b",
        "#e377c2",
        "#7f7f7f",
        "#bcbd22",
        "#17becf",
    ]
    color = {e: palette[i % len(palette)] for i, e in enumerate(exps)}
    for e in exps:
        xs, ys, bases, texts = [], [], [], []
        for s in schedule.sessions:
            if s.experiment != e:
                continue
            for p in s.crew:
                bases.append(s.start_utc)
                xs.append((s.end_utc - s.start_utc).total_seconds() * 1000.0)
                ys.append(p)
                texts.append(
                    f"{e} #{s.index + 1}<br>{s.start_utc:%Y-%m-%d %H:%M} - {s.end_utc:%H:%M} UTC"
                    f"<br>{', '.join(s.equipment) or 'no equipment'}"
                )
        fig.add_trace(
            go.Bar(
                x=xs,
                y=ys,
                base=bases,
                orientation="h",
                name=e,
                marker_color=color[e],
                hovertext=texts,
                hoverinfo="text",
            )
        )
    fig.update_layout(
        title=title,
        barmode="overlay",
        xaxis={"type": "date", "title": "UTC"},
        yaxis={"title": "crew member", "categoryorder": "array", "categoryarray": _rows(schedule)},
        height=max(400, 60 * len(_rows(schedule)) + 200),
        showlegend=len(exps) <= 60,
    )
    fig.write_html(tmp, include_plotlyjs=True, full_html=True)


def _png(schedule: Schedule, tmp: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    rows = _rows(schedule)
    fig, ax = plt.subplots(figsize=(14, max(3.0, 0.5 * len(rows) + 1.5)))
    cmap = plt.get_cmap("tab20")
    exps = sorted({s.experiment for s in schedule.sessions})
    idx = {e: i for i, e in enumerate(exps)}
    for s in schedule.sessions:
        for p in s.crew:
            start = float(mdates.date2num(s.start_utc))  # type: ignore[no-untyped-call]
            width = float(mdates.date2num(s.end_utc)) - start  # type: ignore[no-untyped-call]
            ax.broken_barh(
                [(start, max(width, 0.05))],
                (rows.index(p) - 0.4, 0.8),
                facecolors=cmap(idx[s.experiment] % 20),
            )
    ax.set_yticks(range(len(rows)), rows)
    ax.xaxis_date()
    ax.set_xlabel("UTC")
    ax.set_title(title, fontsize=10)
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    fig.savefig(tmp, dpi=110, format="png")
    plt.close(fig)


def write_schedule_plot(schedule: Schedule, path: str | Path, *, name: str = "schedule") -> Path:
    """Write the Gantt chart to ``path`` (``.html`` or ``.png``)."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in (".png", ".html"):
        raise InputError(
            f"unsupported plot format {target.suffix!r}",
            source=str(target),
            field="--plot",
            fix="give a file name ending in .html or .png",
        )
    title = _title(schedule, name)
    with atomic_path(target, field="--plot") as tmp:
        (_html if suffix == ".html" else _png)(schedule, tmp, title)
    return target
