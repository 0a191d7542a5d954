"""Small increments over the real 2022-2025 crew history, built in memory for tests."""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from crossflight.io.increment import setup_increment
from crossflight.io.manifest import load_builtin_manifest
from crossflight.model.experiments import Catalog
from crossflight.model.increment import Increment, IncrementSetup
from crossflight.model.resolve import ResolvedManifest, resolve_manifest

# Two weeks in June 2025: aboard (built-in history) are MS-27's Ryzhikov, Zubritsky and Kim and
# Crew-10's McClain, Ayers, Onishi and Peskov.  Vagner (MS-26) left on 2025-04-19.
JUNE_START = date(2025, 6, 2)  # a Monday
JUNE_END = date(2025, 6, 16)
JUNE_CREW = ["ryzhikov", "zubritsky", "kim", "peskov", "vagner"]
SKILLS = {
    "ryzhikov": ["biotech", "materials"],
    "zubritsky": ["biotech", "materials"],
    "peskov": ["biotech"],
    "vagner": ["plasma"],
}
EQUIPMENT = [
    {"id": "glovebox-s", "name": "Glovebox-S", "capacity": 1},
    {"id": "kriogem", "name": "Kriogem-03M", "capacity": 2},
]


@cache
def history() -> ResolvedManifest:
    """The built-in 2022-2025 history, resolved once."""
    return resolve_manifest(load_builtin_manifest("iss-2022-2025"), source="builtin:iss-2022-2025")


def experiment(eid: str, **kw: Any) -> dict[str, Any]:
    """A Roscosmos Russian-segment experiment, one 60-minute session unless overridden."""
    base: dict[str, Any] = {
        "id": eid,
        "agency": "ROSCOSMOS",
        "segment": "russian",
        "sessions": {"count": 1, "duration_min": 60},
    }
    base.update(kw)
    return base


def june_setup(
    experiments: list[dict[str, Any]],
    *,
    start: date = JUNE_START,
    end: date = JUNE_END,
    **increment: Any,
) -> IncrementSetup:
    """An increment in June 2025 with the given experiments and the test equipment."""
    cat = Catalog.model_validate({"equipment": EQUIPMENT, "experiments": experiments})
    inc = Increment.model_validate(
        {
            "start": start,
            "end": end,
            "manifest": {"builtin": "iss-2022-2025"},
            "catalog": "(in memory)",
            "crew": JUNE_CREW,
            "qualifications": [{"person": p, "skills": s} for p, s in SKILLS.items()],
            "cargo": [{"id": "progress-ms-31", "dock_utc": "2025-07-05T21:27:00Z"}],
            **increment,
        }
    )
    return setup_increment(inc, cat, history(), source="june.toml", catalog_source="june-cat.toml")
