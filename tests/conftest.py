"""Shared test fixtures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest_plugins = ["store_fixtures"]

REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    """The shared reference material (real element sets, flights) that sits beside the repo.

    CI always runs with ``shared/`` beside the clone; elsewhere set ``CROSSFLIGHT_REFERENCE_DIR``.
    """
    env = os.environ.get("CROSSFLIGHT_REFERENCE_DIR")
    path = Path(env) if env else REPO_ROOT.parent / "shared" / "reference"
    if not path.is_dir():
        pytest.skip(f"reference material not found at {path} (set CROSSFLIGHT_REFERENCE_DIR)")
    return path
