"""The linear checker gives the findings the per-breakpoint checker gave (recorded before the
rewrite) on the real 2022-2025 history and on 10 time-shifted copies of it; the copies are
built by ``bench/manifest_copies.py`` (the checker benchmark's input)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from bench.manifest_copies import shifted_copies

from crossflight.io.manifest import dumps_manifest, load_builtin_manifest, loads_resolved_manifest
from crossflight.rules import check_manifest

RECORDED = Path(__file__).parent / "data" / "checker-findings-iss-2022-2025.json"


def _rows(report_dict: dict[str, Any]) -> list[list[str]]:
    keys = ("rule", "severity", "start_utc", "end_utc", "subject", "message")
    return [[v[k] for k in keys] for v in report_dict["violations"]]


@pytest.mark.parametrize("copies", [1, 10])
def test_findings_equal_the_recorded_ones(copies: int) -> None:
    recorded = json.loads(RECORDED.read_text(encoding="utf-8"))[f"x{copies}"]
    m = shifted_copies(load_builtin_manifest("iss-2022-2025"), copies)
    assert _rows(check_manifest(m).to_dict()) == recorded


def test_copies_scale_the_history() -> None:
    """Ten copies hold ten times the flights; each copy's own findings repeat (shifted)."""
    m = load_builtin_manifest("iss-2022-2025")
    m10 = shifted_copies(m, 10)
    assert len(m10.flights) == 10 * len(m.flights)
    assert len(m10.seat_moves) == 10 * len(m.seat_moves)
    one = check_manifest(m).summary["per_rule"]
    ten = check_manifest(m10).summary["per_rule"]
    for rule, counts in one.items():
        for severity, n in counts.items():
            assert ten[rule][severity] >= 10 * n


def test_resolved_once_from_text_gives_the_same_report() -> None:
    """Loading returns the resolved manifest; checking it gives the report of the manifest."""
    m = shifted_copies(load_builtin_manifest("iss-2022-2025"), 3)
    rm = loads_resolved_manifest(dumps_manifest(m), source="x3.toml")
    assert rm.manifest == m
    assert check_manifest(rm).violations == check_manifest(m).violations
