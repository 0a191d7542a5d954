"""The service for teams: a FastAPI API with background jobs and a dashboard over the store.

Settings in :mod:`~crossflight.web.settings`, the app in :mod:`~crossflight.web.app`, job
kinds in :mod:`~crossflight.web.kinds`.  Nothing here imports the CLI.
"""

from __future__ import annotations

from crossflight.web.app import create_app
from crossflight.web.settings import Settings

__all__ = ["Settings", "create_app"]
