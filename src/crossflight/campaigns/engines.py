"""Engines that evaluate scenario batches: in-process, a local process pool, or Ray.

A task is ``(plan TOML text, seed, policy, first index, last index)``; its result depends on
nothing else (events are seeded per scenario index), so every engine, batch size and worker
count gives the same columns, bit for bit.  Ray is imported only when asked for
(``pip install 'crossflight[ray]'``).
"""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

from crossflight.campaigns.events import sample_events
from crossflight.campaigns.judge import judge
from crossflight.campaigns.realisation import realise
from crossflight.campaigns.structure import PlanStructure, build_structure
from crossflight.errors import InputError
from crossflight.model.campaigns import get_policy, load_campaign_model

__all__ = ["ENGINES", "Task", "evaluate_task", "run_tasks"]

ENGINES = ("local", "ray")
Task = tuple[str, int, str, int, int]
Columns = dict[str, NDArray[Any]]


@lru_cache(maxsize=4)
def _structure(plan_text: str) -> PlanStructure:
    from crossflight.io.manifest import loads_manifest
    from crossflight.model.resolve import resolve_manifest

    return build_structure(
        resolve_manifest(loads_manifest(plan_text, source="plan"), source="plan")
    )


def evaluate_task(task: Task) -> Columns:
    """Realise and judge scenarios ``first .. last-1`` of one campaign (a pure function)."""
    plan_text, seed, policy, first, last = task
    st = _structure(plan_text)
    ev = sample_events(st, load_campaign_model(), seed, np.arange(first, last, dtype=np.int64))
    cols = judge(st, realise(st, ev, get_policy(policy)))
    cols["scenario"] = ev.index
    return cols


def _local(tasks: list[Task], workers: int, tick: Callable[[int], None]) -> Iterator[Columns]:
    if workers <= 1:
        for t in tasks:
            out = evaluate_task(t)
            tick(t[4] - t[3])
            yield out
        return
    # fork: workers inherit the loaded modules and need no importable __main__ (scripts, REPL)
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with cf.ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        futures = [pool.submit(evaluate_task, t) for t in tasks]
        for t, fut in zip(tasks, futures, strict=True):
            out = fut.result()
            tick(t[4] - t[3])
            yield out


def _ray(tasks: list[Task], address: str | None, tick: Callable[[int], None]) -> Iterator[Columns]:
    try:
        import ray
    except ImportError:
        raise InputError(
            "the ray engine needs Ray",
            field="--engine",
            fix="pip install 'crossflight[ray]', or use --engine local",
        ) from None
    if not ray.is_initialized():
        ray.init(address=address, include_dashboard=False, log_to_driver=False)
    remote = ray.remote(evaluate_task)
    refs = [remote.remote(t) for t in tasks]
    for t, ref in zip(tasks, refs, strict=True):
        out = ray.get(ref)
        tick(t[4] - t[3])
        yield out


def run_tasks(
    tasks: list[Task],
    *,
    engine: str = "local",
    workers: int = 1,
    address: str | None = None,
    tick: Callable[[int], None] = lambda n: None,
) -> Columns:
    """Evaluate ``tasks`` on ``engine`` and concatenate their columns in scenario order."""
    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r}", field="--engine", fix="use local or ray")
    parts = list(_local(tasks, workers, tick) if engine == "local" else _ray(tasks, address, tick))
    if not parts:
        return {}
    return {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
