"""The curated public API of crossflight: what users import.

``from crossflight.api import ...``.  A test asserts that ``__all__`` is complete and importable.
"""

from __future__ import annotations

from crossflight.errors import (
    CrossflightError,
    ElementSetError,
    InfeasibleRequestError,
    InputError,
    ManifestError,
    NaiveDatetimeError,
    ProfileError,
    RequestError,
    UnknownIdError,
)
from crossflight.model.sites import LaunchSite, custom_site, get_site, load_sites
from crossflight.times import format_utc, parse_utc

__all__ = [
    "CrossflightError",
    "ElementSetError",
    "InfeasibleRequestError",
    "InputError",
    "LaunchSite",
    "ManifestError",
    "NaiveDatetimeError",
    "ProfileError",
    "RequestError",
    "UnknownIdError",
    "custom_site",
    "format_utc",
    "get_site",
    "load_sites",
    "parse_utc",
]
