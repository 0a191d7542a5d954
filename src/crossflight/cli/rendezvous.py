"""CLI commands: rendezvous."""

from crossflight.cli.app import app  # noqa: F401
