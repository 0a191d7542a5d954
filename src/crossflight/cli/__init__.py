"""Command-line interface: thin shells over :mod:`crossflight.api`.

Each sub-module registers its commands on :data:`crossflight.cli.app.app`.  :func:`main`
turns every :class:`~crossflight.errors.CrossflightError` into one line on stderr and its exit
code (2 for bad input), never a traceback.
"""

from __future__ import annotations

import sys

from crossflight.cli import (  # noqa: F401  (registration)
    check,
    doctor,
    experiments,
    orbit,
    plan,
    rendezvous,
    run,
    whatif,
    windows,
)
from crossflight.cli.app import app
from crossflight.errors import CrossflightError

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except CrossflightError as exc:
        print(f"crossflight: error: {exc.one_line()}", file=sys.stderr)
        sys.exit(exc.exit_code)
