"""Read a planning request from TOML (``docs/planning.md``) into :class:`PlanningRequest`.

Every problem becomes one :class:`~crossflight.errors.RequestError` line naming the file, the
field (dotted path, e.g. ``vehicles[0].mission.max_days``) and a fix.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from crossflight.errors import RequestError
from crossflight.io.error_text import from_validation, parse_toml
from crossflight.io.files import read_text_input
from crossflight.model.request import PlanningRequest

__all__ = ["load_request", "loads_request"]

_DOC = "see docs/planning.md"


def _normalise(data: dict[str, Any]) -> dict[str, Any]:
    """TOML layout → model layout: the ``[plan]`` table holds the top-level scalars."""
    out = dict(data)
    plan = out.pop("plan", None)
    if isinstance(plan, dict):
        for key, value in plan.items():
            out.setdefault(key, value)
    return out


def loads_request(text: str, *, source: str = "<request>") -> PlanningRequest:
    """Parse request TOML text; raise :class:`RequestError` (one line) on any problem."""
    data = parse_toml(text, source=source, error=RequestError, doc=_DOC)
    raw = _normalise(data)
    try:
        return PlanningRequest.model_validate(raw)
    except ValidationError as exc:
        raise from_validation(
            exc,
            raw,
            source=source,
            error=RequestError,
            doc=_DOC,
            model=PlanningRequest,
            ids=False,
            naive=RequestError,
        ) from None
    except (OverflowError, RecursionError):
        raise RequestError(
            "a value is out of range", source=source, fix=f"check the numbers and times ({_DOC})"
        ) from None


def load_request(path: str | Path) -> PlanningRequest:
    """Load a request file; raise :class:`RequestError` naming the file when it is wrong."""
    text = read_text_input(path, error=RequestError, fix="give the path of a request TOML file")
    return loads_request(text, source=str(Path(path)))
