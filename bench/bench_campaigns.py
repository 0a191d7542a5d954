"""What-if campaigns on the 2026-2030 ISS plan: the vectorised path against the checker loop.

The plan is ``examples/manifest-iss-2026-2030.toml`` (``crossflight plan-crew`` on the
2026-2030 request) under the default policy.  Rows:

* time per scenario of the vectorised batch path in one process (events, realisation, judge),
  against the one-by-one loop a competent user would write with the checker: the same
  scenarios' manifests built and passed to ``check_manifest``, measured in the same run (the
  loop gets the realised timelines for free, so the ratio is a lower bound);
* the same as scenarios per second per core (acceptance: at least 1,000);
* a whole campaign with the local engine on 2 worker processes (acceptance: 100,000 scenarios
  in under 60 s).

Each figure is the median of three runs.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import numpy as np

from bench.row import Row
from crossflight.campaigns.campaign import run_campaign
from crossflight.campaigns.engines import evaluate_task
from crossflight.campaigns.events import sample_events
from crossflight.campaigns.oracle import check_scenario
from crossflight.campaigns.realisation import realise
from crossflight.campaigns.structure import build_structure
from crossflight.io.manifest import dumps_manifest, load_manifest
from crossflight.model.campaigns import get_policy, load_campaign_model
from crossflight.model.resolve import resolve_manifest

PLAN = Path(__file__).resolve().parents[1] / "examples" / "manifest-iss-2026-2030.toml"


def _median_s(fn: object, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def rows(quick: bool) -> list[Row]:
    plan = load_manifest(PLAN)
    text = dumps_manifest(plan)
    n_fast = 5_000 if quick else 20_000
    n_slow = 30 if quick else 200
    n_campaign = 10_000 if quick else 100_000
    evaluate_task((text, 1, "historical", 0, 10))  # warm the per-process plan cache
    batches = [(text, 1, "historical", a, a + 1000) for a in range(0, n_fast, 1000)]
    fast_s = _median_s(lambda: [evaluate_task(t) for t in batches])
    st = build_structure(resolve_manifest(plan, source=str(PLAN)))
    ev = sample_events(st, load_campaign_model(), 1, np.arange(n_slow))
    rz = realise(st, ev, get_policy(None))
    slow_s = _median_s(lambda: [check_scenario(st, rz, i) for i in range(n_slow)])
    per_fast, per_slow = fast_s / n_fast, slow_s / n_slow
    campaign_s = _median_s(lambda: run_campaign(plan, scenarios=n_campaign, seed=1, workers=2))
    return [
        Row(
            name="whatif: time per scenario, vectorised batches (1 core)",
            value=per_fast * 1e3,
            unit="ms",
            baseline=per_slow * 1e3,
            note=f"baseline: manifest + check_manifest per scenario ({n_slow} scenarios)",
        ),
        Row(
            name="whatif: scenarios per second per core (vectorised)",
            value=1.0 / per_fast,
            unit="scenarios/s",
            note=f"{n_fast} scenarios in batches of 1000; acceptance >= 1000",
        ),
        Row(
            name=f"whatif: campaign of {n_campaign:,} scenarios, local engine, 2 workers",
            value=campaign_s,
            unit="s",
            note="acceptance (100,000): < 60 s",
        ),
    ]
