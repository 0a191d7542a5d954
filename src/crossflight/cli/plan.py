"""CLI commands: plan."""

from crossflight.cli.app import app  # noqa: F401
