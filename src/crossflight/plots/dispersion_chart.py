"""Dispersion plot: histograms of N dispersed rendezvous around the nominal one.

Three panels: docking time offset from the nominal docking [min], total delta-v [m/s] and the
miss distance at the approach gate [km].  ``.png`` -> matplotlib (Agg), ``.html`` -> plotly
with plotly.js inlined (works offline).  Written atomically.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from crossflight.errors import InputError
from crossflight.io.files import atomic_path

__all__ = ["write_dispersion_plot"]

F64 = NDArray[np.float64]

_PANELS = (
    ("docking offset from nominal [min]", "docking_offset_min"),
    ("total delta-v [m/s]", "total_dv_m_s"),
    ("miss at the approach gate [km]", "gate_miss_km"),
)


def write_dispersion_plot(
    path: str | Path,
    docking_offset_s: F64,
    total_dv_m_s: F64,
    gate_miss_km: F64,
    *,
    title: str = "dispersed rendezvous",
) -> Path:
    """Write the three histograms to ``path`` (``.png`` or ``.html``)."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in (".png", ".html"):
        raise InputError(
            f"unsupported plot format {target.suffix!r}",
            field="--plot",
            fix="give a file name ending in .png or .html",
        )
    series = {
        "docking_offset_min": np.asarray(docking_offset_s, dtype=float) / 60.0,
        "total_dv_m_s": np.asarray(total_dv_m_s, dtype=float),
        "gate_miss_km": np.asarray(gate_miss_km, dtype=float),
    }
    with atomic_path(target, field="--plot") as tmp:
        if suffix == ".png":
            _png(str(tmp), series, title)
        else:
            _html(str(tmp), series, title)
    return target


def _png(tmp: str, series: dict[str, F64], title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(13, 4))
    for ax, (label, key) in zip(axes, _PANELS, strict=True):
        ax.hist(series[key], bins=40, color="#4477aa")
        ax.set_xlabel(label)
        ax.set_ylabel("runs")
    fig.suptitle(f"{title} ({len(series['total_dv_m_s'])} runs)")
    fig.tight_layout()
    fig.savefig(tmp, dpi=110, format="png")
    plt.close(fig)


def _html(tmp: str, series: dict[str, F64], title: str) -> None:
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    fig = make_subplots(rows=1, cols=3, subplot_titles=[label for label, _ in _PANELS])
    for col, (label, key) in enumerate(_PANELS, start=1):
        fig.add_trace(go.Histogram(x=series[key], nbinsx=40, name=label), 1, col)
    fig.update_layout(title=f"{title} ({len(series['total_dv_m_s'])} runs)", showlegend=False)
    fig.write_html(tmp, include_plotlyjs=True)
