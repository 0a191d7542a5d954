"""Fuzz the campaign plan reader: any text is a plan or one ``InputError``, never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crossflight.campaigns.campaign import load_campaign_plan
from crossflight.errors import InputError

PLAN = Path(__file__).resolve().parents[1] / "examples" / "manifest-iss-2026-2030.toml"
LINES = PLAN.read_text(encoding="utf-8").splitlines()


@settings(max_examples=60, deadline=None)
@given(
    cut=st.integers(0, len(LINES)),
    drop=st.lists(st.integers(0, len(LINES) - 1), max_size=4),
    junk=st.text(max_size=30),
)
def test_mangled_plans_fail_with_one_line(
    tmp_path_factory: pytest.TempPathFactory, cut: int, drop: list[int], junk: str
) -> None:
    lines = [ln for i, ln in enumerate(LINES[:cut]) if i not in set(drop)] + [junk]
    path = tmp_path_factory.mktemp("fz") / "plan.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    try:
        load_campaign_plan(path)
    except InputError as exc:
        assert "\n" not in exc.one_line()
