"""Rules checker and manifest loader on the real 2022-2025 history and on 10x / 100x copies.

The copies (``bench/manifest_copies.py``) repeat the history shifted in time, 20 -> 200 ->
2,000 flights.  Each size gets two rows (median of 3 runs each, all in this run):

* ``check``: ``check_manifest`` on the resolved manifest (rules R1-R7, every finding).
  Baseline: reading the same manifest, ``tomllib.loads`` + pydantic ``Manifest.model_validate``
  of its TOML text -- the least any tool that checks the file must pay; ratio > 1 means the
  whole rule check costs less than parsing the file.
* ``load``: ``loads_resolved_manifest`` (parse, validate and resolve every reference, once),
  with the same parse-and-validate baseline: the ratio is the price of resolving.

The last row is the scaling exponent of the check from 10x to 100x, log(t100/t10)/log(10):
1.0 is linear (target <= 1.2; the 100x check target is < 2 s).
"""

from __future__ import annotations

import math
import tomllib
from functools import partial

from bench.manifest_copies import shifted_copies, step_for
from bench.row import Row, median_of
from crossflight.io.manifest import dumps_manifest, load_builtin_manifest, loads_resolved_manifest
from crossflight.model.manifest import Manifest
from crossflight.rules import check_manifest


def _parse(text: str) -> Manifest:
    return Manifest.model_validate(tomllib.loads(text))


def rows(quick: bool) -> list[Row]:
    history = load_builtin_manifest("iss-2022-2025")
    sizes = [1, 10, 30] if quick else [1, 10, 100]
    out: list[Row] = []
    check_s: dict[int, float] = {}
    step = step_for(history, max(sizes))  # one density for every size: comparable per flight
    for k in sizes:
        m = shifted_copies(history, k, step)
        text = dumps_manifest(m)
        rm = loads_resolved_manifest(text, source=f"x{k}")
        n_find = len(check_manifest(rm).violations)
        parse_s = median_of(partial(_parse, text))
        check_s[k] = median_of(partial(check_manifest, rm))
        load_s = median_of(partial(loads_resolved_manifest, text, source=f"x{k}"))
        what = f"{k}x history ({len(m.flights):,} flights)"
        out.append(
            Row(
                f"checker: check {what}",
                check_s[k],
                "s",
                baseline=parse_s,
                note=f"{n_find} findings; baseline = tomllib + pydantic parse of the same file",
            )
        )
        out.append(
            Row(
                f"checker: load + resolve {what}",
                load_s,
                "s",
                baseline=parse_s,
                note="resolve once (ids and stays); baseline = tomllib + pydantic parse alone",
            )
        )
    lo, hi = sizes[1], sizes[2]
    exponent = math.log(check_s[hi] / check_s[lo]) / math.log(hi / lo)
    out.append(
        Row(
            f"checker: scaling exponent {lo}x -> {hi}x",
            exponent,
            "",
            note=f"log(t{hi}/t{lo}) / log({hi}/{lo}); 1.0 = linear, target <= 1.2; "
            f"{hi}x check {check_s[hi]:.3f} s (target < 2 s)",
        )
    )
    return out
