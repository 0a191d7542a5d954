"""CLI command: ``doctor`` (versions and provenance of the built-in data)."""

from __future__ import annotations

import json
import platform
import sys
from importlib import metadata

import typer

from crossflight.cli.app import app

__all__ = ["doctor", "versions"]

PACKAGES = (
    "crossflight",
    "numpy",
    "scipy",
    "sgp4",
    "skyfield",
    "ortools",
    "pydantic",
    "typer",
    "rich",
)


def versions() -> dict[str, str]:
    """Python and the installed versions of crossflight and its main libraries."""
    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


@app.command("doctor")
def doctor(
    json_out: bool = typer.Option(False, "--json", help="Print as JSON on stdout."),
) -> None:
    """Print versions and the provenance of every built-in data file.

    For each file under crossflight/data: how many entries it holds,
    how many name their source, and where they come from.

    Examples:

      crossflight doctor

      crossflight doctor --json
    """
    from rich.console import Console
    from rich.table import Table

    from crossflight.model.catalog import data_files

    vers = versions()
    files = data_files()
    if json_out:
        doc = {
            "versions": vers,
            "data_files": [
                {
                    "path": f.path,
                    "entries": f.entries,
                    "entries_without_source": f.without_source,
                    "sources": list(f.sources),
                }
                for f in files
            ],
        }
        sys.stdout.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
        return
    console = Console(highlight=False)
    vt = Table(title="versions", header_style="bold")
    vt.add_column("package")
    vt.add_column("version")
    for k, v in vers.items():
        vt.add_row(k, v)
    console.print(vt)
    dt = Table(title="built-in data (crossflight/data)", header_style="bold")
    dt.add_column("file", no_wrap=True)
    dt.add_column("entries", justify="right")
    dt.add_column("sourced", justify="right")
    dt.add_column("sources (first)", overflow="fold")
    for f in files:
        first = f.sources[0][:60] if f.sources else "-"
        more = f" (+{len(f.sources) - 1} more)" if len(f.sources) > 1 else ""
        dt.add_row(f.path, str(f.entries), str(f.entries - f.without_source), first + more)
    console.print(dt)
