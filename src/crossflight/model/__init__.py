"""Validated input models (pydantic) and the built-in catalog loaded from ``crossflight/data``."""
