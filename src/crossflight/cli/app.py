"""The Typer application object that every command module registers on."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="crossflight",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)


def _print_version(value: bool) -> None:
    if value:
        from crossflight import __version__

        typer.echo(f"crossflight {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False,
        "--version",
        callback=_print_version,
        is_eager=True,
        help="Print the version and exit.",
    ),
) -> None:
    """Plan, check and simulate crewed space-station operations (integrated NASA-Roscosmos crews).

    Examples:

      crossflight check --builtin iss-2022-2025
      crossflight windows --station iss --site baikonur-31 --start 2025-04-08 --days 1
    """
