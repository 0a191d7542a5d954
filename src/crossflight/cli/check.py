"""CLI commands: check."""

from crossflight.cli.app import app  # noqa: F401
