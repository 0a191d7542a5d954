"""Command-line interface: thin shells over :mod:`crossflight.api`.

Each sub-module registers its commands on :data:`crossflight.cli.app.app`.  :func:`main`
turns every :class:`~crossflight.errors.CrossflightError` into one line on stderr and its exit
code (2 for bad input), never a traceback.
"""

from __future__ import annotations

import sys

import typer

from crossflight.cli import (  # noqa: F401  (registration)
    check,
    doctor,
    experiments,
    orbit,
    plan,
    rendezvous,
    run,
    runs,
    whatif,
    windows,
)
from crossflight.cli import list as _list  # noqa: F401  (registration)
from crossflight.cli.app import app
from crossflight.errors import CrossflightError

__all__ = ["app", "main"]


_WORDING = (
    ("Input should be a valid number, unable to parse string as a number", "not a number"),
    ("Input should be a valid integer, unable to parse string as an integer", "not a whole number"),
    ("Input should be", "should be"),
)


def _usage_line(exc: typer.TyperException) -> str:
    """Typer's own usage error (``--days abc``, a missing option) as one line with a fix."""
    ctx = getattr(exc, "ctx", None)
    path = getattr(ctx, "command_path", None) or "crossflight"
    fmt = getattr(exc, "format_message", None)
    text = " ".join(str(fmt() if callable(fmt) else exc).split())
    for pydantic_words, ours in _WORDING:
        text = text.replace(pydantic_words, ours)
    return f"crossflight: error: {path}: {text} (fix: see '{path} --help')"


def main() -> None:
    """Console-script entry point: one line and exit code 2 for bad input, never a traceback."""
    try:
        rc = app(standalone_mode=False)
    except CrossflightError as exc:
        print(f"crossflight: error: {exc.one_line()}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except typer.Abort:
        print("crossflight: aborted", file=sys.stderr)
        sys.exit(130)
    except typer.TyperException as exc:  # typer's usage errors (exit code 2)
        if type(exc).__name__ == "NoArgsIsHelpError":  # typer has printed the help already
            sys.exit(2)
        print(_usage_line(exc), file=sys.stderr)
        sys.exit(int(getattr(exc, "exit_code", 2)))
    sys.exit(rc if isinstance(rc, int) else 0)
