"""``crossflight --help`` stays cheap: registering the commands imports no numeric core,
models or solver (each command module imports typer at top level and the rest inside the
command).  The start-up time itself is measured by ``bench/bench_startup.py``."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("numpy", "scipy", "sgp4", "skyfield", "pydantic", "ortools", "sqlalchemy", "fastapi")


def test_registering_the_commands_imports_nothing_heavy() -> None:
    code = f"import sys, crossflight.cli; print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout.strip()
    assert out == "", f"imported at start-up: {out}"
