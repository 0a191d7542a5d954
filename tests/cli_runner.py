"""Run the real ``crossflight`` entry point in a subprocess, as a user would."""

from __future__ import annotations

import subprocess
import sys

_CODE = (
    "import sys; from crossflight.cli import main; "
    "sys.argv = ['crossflight', *sys.argv[1:]]; main()"
)


def run_cli(*args: str, timeout_s: float = 300.0) -> subprocess.CompletedProcess[str]:
    """``crossflight ARGS...`` through :func:`crossflight.cli.main`, output captured as text."""
    return subprocess.run(
        [sys.executable, "-c", _CODE, *args], capture_output=True, text=True, timeout=timeout_s
    )
