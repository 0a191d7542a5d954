"""CLI commands: ``check`` (rules R1-R7 on a manifest) and ``export`` (a manifest as TOML)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from crossflight.cli.app import app
from crossflight.errors import CrossflightError, InputError
from crossflight.times import format_utc

if TYPE_CHECKING:  # models, readers and the checker load when a command runs, not for --help
    from crossflight.model.manifest import Manifest
    from crossflight.model.resolve import ResolvedManifest
    from crossflight.rules import CheckReport

__all__ = ["check", "error_document", "export"]


def error_document(exc: CrossflightError) -> dict[str, object]:
    """The JSON object ``--json`` prints on bad input (docs/manifest-format.md)."""
    return {
        "ok": False,
        "error": {
            "message": exc.message,
            "source": exc.source,
            "field": exc.field,
            "fix": exc.fix,
            "line": exc.one_line(),
            "exit_code": exc.exit_code,
        },
    }


def _load(manifest: Path | None, builtin: str | None) -> tuple[ResolvedManifest, str]:
    """The manifest, resolved once (the checker takes it as it is), and its name."""
    from crossflight.io.manifest import load_resolved_manifest, loads_resolved_manifest
    from crossflight.model.catalog import builtin_manifest_ids, builtin_manifest_text

    if (manifest is None) == (builtin is None):
        raise InputError(
            "give either a manifest file or --builtin, not both or neither",
            field="MANIFEST / --builtin",
            fix=f"e.g. crossflight check examples/minimal.toml, or --builtin "
            f"{builtin_manifest_ids()[0]}",
        )
    if builtin is not None:
        source = f"builtin:{builtin}"
        return loads_resolved_manifest(builtin_manifest_text(builtin), source=source), source
    assert manifest is not None
    return load_resolved_manifest(manifest), str(manifest)


def _render(report: CheckReport, source: str, n_flights: int) -> None:
    from rich import box
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from crossflight.rules import RULE_TITLES

    console = Console(highlight=False)
    verdict = (
        "[green]clean[/]"
        if not report.violations
        else ("[yellow]ok (warnings only)[/]" if report.ok else "[red]violations found[/]")
    )
    console.print(
        f"[bold]{report.manifest}[/] ({source}): {n_flights} flights, "
        f"{format_utc(report.start_utc)} .. {format_utc(report.end_utc)}: {verdict}"
    )
    if not report.violations:
        return
    table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False)
    table.add_column("rule", no_wrap=True)
    table.add_column("sev", no_wrap=True)
    table.add_column("interval (UTC)", no_wrap=True)
    table.add_column("subject", no_wrap=True)  # ids are never wrapped; the message folds
    table.add_column("message", overflow="fold", ratio=1)
    for v in report.violations:
        sev = "[red]VIOL[/]" if v.severity == "violation" else "[yellow]warn[/]"
        start = v.start_utc.strftime("%Y-%m-%d %H:%M")
        end = v.end_utc.strftime("%Y-%m-%d %H:%M")
        cite = f"\n[dim]limit ({escape(v.limit_kind)}): {escape(v.limit_source)}[/]"
        table.add_row(
            v.rule, sev, f"{start}\n{end}", v.subject, v.message + (cite if v.limit_kind else "")
        )
    console.print(table)
    s = report.summary
    rules = ", ".join(f"{r} {RULE_TITLES[r]}" for r in s["per_rule"])
    console.print(
        f"{s['violations']} violation(s), {s['warnings']} warning(s) ({rules}); "
        "each rule and each real finding is explained in docs/rules.md"
    )


@app.command("check")
def check(
    manifest: Path | None = typer.Argument(
        None, help="Manifest TOML file (format: docs/manifest-format.md).", show_default=False
    ),
    builtin: str | None = typer.Option(
        None, "--builtin", help="Check a built-in manifest instead, e.g. iss-2022-2025."
    ),
    json_out: bool = typer.Option(False, "--json", help="Print the report as JSON on stdout."),
) -> None:
    """Check a manifest against the station rules R1-R7.

    R1 segment representation, R2 lifeboat seats, R3 ports,
    R4 vehicle docked life, R5 crew size, R6 seat-swap balance,
    R7 handover overlap (see docs/rules.md). Every finding is listed
    with its rule, interval (UTC) and subject.

    Exit code: 0 no violation (warnings alone pass),
    1 a rule is violated, 2 bad input.

    Examples:

      crossflight check --builtin iss-2022-2025

      crossflight check examples/minimal.toml --json
    """
    try:
        rm, source = _load(manifest, builtin)
        from crossflight.rules import check_manifest

        report = check_manifest(rm, source=source)
    except CrossflightError as exc:
        if json_out:  # a JSON reader gets a JSON answer; the one line still goes to stderr
            sys.stdout.write(json.dumps(error_document(exc), ensure_ascii=False) + "\n")
        raise
    if json_out:
        sys.stdout.write(json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n")
    else:
        _render(report, source, len(rm.flights))
    if not report.ok:
        raise typer.Exit(1)


def _self_contained(rm: ResolvedManifest) -> Manifest:
    """The manifest with every referenced person defined inline (so it can be edited alone)."""
    m = rm.manifest
    inline = {c.id for c in m.crew}
    used: list[str] = []
    for f in m.flights:
        for p in [*f.crew_up, *(f.crew_down or [])]:
            if p not in inline and p not in used:
                used.append(p)
    return m.model_copy(update={"crew": [*m.crew, *(rm.crew[p] for p in used)]})


@app.command("export")
def export(
    manifest: Path | None = typer.Argument(
        None, help="Manifest TOML file to normalise (optional).", show_default=False
    ),
    builtin: str | None = typer.Option(
        None, "--builtin", help="Export a built-in manifest, e.g. iss-2022-2025."
    ),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Write to this file (atomically) instead of stdout."
    ),
) -> None:
    """Print a manifest in the standard TOML format, people inline.

    `crossflight check` reads the output back with the same result.

    Examples:

      crossflight export --builtin iss-2022-2025 > iss.toml

      crossflight export examples/minimal.toml -o out/minimal.toml
    """
    from crossflight.io.files import check_output_path
    from crossflight.io.manifest import dumps_manifest, write_manifest

    if out is not None:
        check_output_path(out, field="--out")
    rm, _ = _load(manifest, builtin)
    m = _self_contained(rm)
    if out is not None:
        write_manifest(m, out)
    else:
        sys.stdout.write(dumps_manifest(m))
