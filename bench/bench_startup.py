"""CLI start-up: ``crossflight --help`` against importing the numeric libraries it sits on.

Both run as fresh processes (median of 5 each, interleaved, in this run).  Baseline:
``python -c "import numpy, scipy, sgp4, skyfield"`` -- what any tool computing with these
libraries pays before doing anything.  Command modules import only typer at top level and the
numeric core, models and rich inside the command, so the help costs little.  Target: at most
2x the baseline (ratio >= 0.5).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.row import Row

LIBS = "import numpy, scipy, sgp4, skyfield"


def _help_command() -> list[str]:
    script = Path(sys.executable).with_name("crossflight")
    if script.exists():
        return [str(script), "--help"]
    return [sys.executable, "-c", "from crossflight.cli import main; main()", "--help"]


def _run(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def rows(quick: bool) -> list[Row]:
    n = 3 if quick else 5
    help_cmd, libs_cmd = _help_command(), [sys.executable, "-c", LIBS]
    _run(help_cmd), _run(libs_cmd)  # warm the file cache once
    helps, libs = [], []
    for _ in range(n):
        helps.append(_run(help_cmd))
        libs.append(_run(libs_cmd))
    help_s, libs_s = statistics.median(helps), statistics.median(libs)
    return [
        Row(
            "start-up: crossflight --help",
            help_s,
            "s",
            baseline=libs_s,
            note=f"baseline = python -c '{LIBS}'; median of {n} fresh processes each; "
            f"--help / baseline = {help_s / libs_s:.2f} (target <= 2)",
        )
    ]
