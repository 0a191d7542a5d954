"""CLI commands: doctor."""

from crossflight.cli.app import app  # noqa: F401
