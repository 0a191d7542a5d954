"""Run a what-if campaign: many scenarios of one plan under one policy, on one engine."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from crossflight.campaigns.engines import ENGINES, Task, run_tasks
from crossflight.campaigns.judge import RULES
from crossflight.campaigns.structure import build_structure
from crossflight.campaigns.summary import summarize_columns
from crossflight.errors import InputError
from crossflight.io.manifest import dumps_manifest
from crossflight.model.campaigns import get_policy
from crossflight.model.manifest import Manifest
from crossflight.model.resolve import resolve_manifest

__all__ = [
    "DEFAULT_BATCH",
    "CampaignResult",
    "check_campaign_args",
    "load_campaign_plan",
    "run_campaign",
]

DEFAULT_BATCH = 1000


@dataclass(frozen=True)
class CampaignResult:
    """Per-scenario columns (one row per scenario) and the summary computed from them."""

    columns: dict[str, NDArray[Any]]
    summary: dict[str, Any]


def check_campaign_args(scenarios: int, engine: str, workers: int, batch: int) -> None:
    """``InputError`` naming the option for a non-positive count or an unknown engine."""
    if scenarios < 1:
        raise InputError(
            f"{scenarios} scenarios", field="--scenarios", fix="give a positive number, e.g. 1000"
        )
    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r}", field="--engine", fix="use local or ray")
    if workers < 1:
        raise InputError(f"{workers} workers", field="--workers", fix="give 1 or more")
    if batch < 1:
        raise InputError(f"batch size {batch}", field="batch", fix="give 1 or more")


def run_campaign(
    plan: Manifest,
    *,
    scenarios: int,
    seed: int = 0,
    policy: str | None = None,
    engine: str = "local",
    workers: int | None = None,
    address: str | None = None,
    batch: int = DEFAULT_BATCH,
    tick: Callable[[int], None] = lambda n: None,
    source: str | None = None,
) -> CampaignResult:
    """Realise and judge ``scenarios`` scenarios of ``plan`` (a manifest) under ``policy``.

    The result depends on ``plan``, ``scenarios``, ``seed`` and ``policy`` only.
    """
    workers = workers or max(1, min(os.cpu_count() or 1, 8))
    check_campaign_args(scenarios, engine, workers, batch)
    pol = get_policy(policy)
    build_structure(
        resolve_manifest(plan, source=source)
    )  # fail early, in the caller, on a bad plan
    text = dumps_manifest(plan)
    tasks: list[Task] = [
        (text, seed, pol.name, a, min(a + batch, scenarios)) for a in range(0, scenarios, batch)
    ]
    cols = run_tasks(tasks, engine=engine, workers=workers, address=address, tick=tick)
    cols["any_violation"] = np.any([cols[f"{r}_violated"] for r in RULES], axis=0)
    meta = {
        "plan": plan.name or (Path(source).name if source else "plan"),
        "seed": seed,
        "policy": pol.name,
    }
    return CampaignResult(columns=cols, summary=summarize_columns(cols, meta))


def load_campaign_plan(path: str | os.PathLike[str]) -> Manifest:
    """Read the plan of a campaign: a manifest file (``ManifestError`` naming the fix if not)."""
    import tomllib

    from crossflight.errors import ManifestError
    from crossflight.io.files import read_text_input
    from crossflight.io.manifest import loads_manifest

    text = read_text_input(path, error=ManifestError, fix="give a readable UTF-8 manifest TOML")
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        raw = {}
    if "plan" in raw and "flights" not in raw:
        raise ManifestError(
            "is a planning request, not a plan (manifest)",
            source=str(path),
            field="plan",
            fix=f"make the plan first: crossflight plan-crew {path} --out plan.toml, then "
            "crossflight whatif plan.toml",
        )
    plan = loads_manifest(text, source=str(path))
    build_structure(resolve_manifest(plan, source=str(path)))
    return plan
