"""Writing a campaign's results: one directory, written whole or not at all.

``scenarios.parquet`` (one row per scenario), ``summary.json``, ``summary.md`` (the table the
CLI prints), ``campaign.html`` (self-contained) and ``campaign.png``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from crossflight.campaigns.campaign import CampaignResult
from crossflight.campaigns.judge import RULES
from crossflight.io.files import atomic_directory
from crossflight.rules.violations import RULE_TITLES

__all__ = ["summary_markdown", "write_campaign"]

DAY_S = 86400.0


def summary_markdown(summary: dict[str, Any]) -> str:
    """The summary as a markdown table (one row per rule, then the metrics)."""
    lines = [
        f"# what-if: {summary['plan']} ({summary['scenarios']} scenarios, seed {summary['seed']},"
        f" policy {summary['policy']})",
        "",
        "| rule | title | P(violated) | 95% CI | mean violation days |",
        "|---|---|---:|---|---:|",
    ]
    for r in RULES:
        p = summary["p_violation"][r]
        lo, hi = p["ci95"]
        mean = p["violation_days"].get("mean", 0.0)
        lines.append(f"| {r} | {p['title']} | {p['p']:.4f} | {lo:.4f}-{hi:.4f} | {mean:.2f} |")
    lines += ["", "| metric | mean | p50 | p95 | max |", "|---|---:|---:|---:|---:|"]
    for key in (
        "crew_extension_days",
        "max_extension_days",
        "lost_crew_days",
        "no_fit_lifeboat_days",
        "no_fit_lifeboat_person_days",
    ):
        d = summary[key]
        lines.append(
            f"| {key} | {d.get('mean', 0):.2f} | {d.get('p50', 0):.2f} | {d.get('p95', 0):.2f} |"
            f" {d.get('max', 0):.2f} |"
        )
    return "\n".join(lines) + "\n"


def write_campaign(
    result: CampaignResult, out: str | os.PathLike[str], *, start_s: int, end_s: int
) -> Path:
    """Write every result file into directory ``out`` atomically (temp dir, then rename)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from crossflight.plots.campaign_charts import write_campaign_chart

    cols = result.columns
    first = ["scenario"] + [k for k in cols if k != "scenario"]
    with atomic_directory(out, field="--out") as tmp:
        table = pa.table({k: cols[k] for k in first})
        table = table.replace_schema_metadata(
            {"crossflight": json.dumps({k: result.summary[k] for k in ("plan", "seed", "policy")})}
        )
        pq.write_table(table, tmp / "scenarios.parquet")
        (tmp / "summary.json").write_text(
            json.dumps(result.summary, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )
        (tmp / "summary.md").write_text(summary_markdown(result.summary), encoding="utf-8")
        title = f"what-if: {result.summary['plan']} ({result.summary['policy']})"
        write_campaign_chart(
            tmp / "campaign.html", cols, start_s, end_s, titles=RULE_TITLES, title=title
        )
        write_campaign_chart(
            tmp / "campaign.png", cols, start_s, end_s, titles=RULE_TITLES, title=title
        )
    return Path(out)
