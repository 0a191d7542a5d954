"""CLI commands: windows."""

from crossflight.cli.app import app  # noqa: F401
