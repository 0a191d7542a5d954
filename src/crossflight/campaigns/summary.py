"""The summary of a campaign: probabilities with Wilson intervals and metric percentiles.

Computed from the per-scenario columns alone, so equal columns give an equal summary, bit for
bit, whatever engine computed them.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import NDArray

from crossflight.campaigns.judge import RULES
from crossflight.rules.violations import RULE_TITLES

__all__ = ["PERCENTILES", "summarize_columns", "wilson_interval"]

DAY_S = 86400.0
PERCENTILES = (5, 50, 90, 95, 99)
Z95 = 1.959963984540054  # two-sided 95 % normal quantile


def wilson_interval(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval of a binomial proportion ``k / n`` (95 % by default)."""
    if n == 0:
        return 0.0, 1.0
    p = k / n
    den = 1 + z * z / n
    mid = (p + z * z / (2 * n)) / den
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return max(0.0, mid - half), min(1.0, mid + half)


def _days(x: NDArray[Any]) -> dict[str, float]:
    d = x.astype(np.float64) / DAY_S
    if len(d) == 0:
        return {}
    out = {"mean": round(float(d.mean()), 6)}
    for q, v in zip(PERCENTILES, np.percentile(d, PERCENTILES), strict=True):
        out[f"p{q}"] = round(float(v), 6)
    out["max"] = round(float(d.max()), 6)
    return out


def summarize_columns(cols: dict[str, NDArray[Any]], meta: dict[str, Any]) -> dict[str, Any]:
    """The summary document (``--json``; ``summary.json`` in the output directory)."""
    n = len(cols.get("scenario", []))
    p_violation = {}
    for r in RULES:
        k = int(cols[f"{r}_violated"].sum()) if n else 0
        lo, hi = wilson_interval(k, n)
        p_violation[r] = {
            "title": RULE_TITLES[r],
            "scenarios": k,
            "p": round(k / n, 6) if n else 0.0,
            "ci95": [round(lo, 6), round(hi, 6)],
            "violation_days": _days(cols[f"{r}_violation_s"]) if n else {},
        }

    def share(name: str) -> float:
        return round(float(np.mean(cols[name])), 6) if n else 0.0

    return {
        **meta,
        "scenarios": n,
        "p_violation": p_violation,
        "p_any_violation": share("any_violation") if "any_violation" in cols else None,
        "crew_extension_days": _days(cols["crew_extension_s"]) if n else {},
        "max_extension_days": _days(cols["max_extension_s"]) if n else {},
        "lost_crew_days": _days(cols["lost_crew_s"]) if n else {},
        "no_fit_lifeboat_days": _days(cols["no_fit_lifeboat_s"]) if n else {},
        "no_fit_lifeboat_person_days": _days(cols["no_fit_lifeboat_person_s"]) if n else {},
        "docked_life_exceedances": {
            "mean": share("docked_life_exceedances"),
            "p_any": round(float(np.mean(cols["docked_life_exceedances"] > 0)), 6) if n else 0.0,
        },
        "p_anomaly": share("anomaly"),
        "p_replacement_flown": share("replacement_flown"),
    }
