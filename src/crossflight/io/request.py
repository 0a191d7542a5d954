"""Read a planning request from TOML (``docs/planning.md``) into :class:`PlanningRequest`.

Every problem becomes one :class:`~crossflight.errors.RequestError` line naming the file, the
field (dotted path, e.g. ``vehicles[0].mission.max_days``) and a fix.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from crossflight.errors import RequestError
from crossflight.io.files import read_text_input
from crossflight.model.request import PlanningRequest

__all__ = ["load_request", "loads_request"]

_FIXES = {
    "missing": "add the field (see docs/planning.md)",
    "extra_forbidden": "remove it or check the spelling (see docs/planning.md)",
    "datetime_type": "write a UTC time such as 2026-04-08T05:47:00Z",
    "datetime_parsing": "write a UTC time such as 2026-04-08T05:47:00Z",
    "datetime_from_date_parsing": "write a UTC time such as 2026-04-08T05:47:00Z",
    "timezone_aware": "append Z for UTC, e.g. 2026-04-08T05:47:00Z",
    "int_parsing": "write a whole number",
    "int_type": "write a whole number",
    "greater_than_equal": "use a larger value",
    "less_than_equal": "use a smaller value",
}


def _field_path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


def _from_validation(exc: ValidationError, source: str) -> RequestError:
    err = exc.errors()[0]
    loc = tuple(p for p in err["loc"] if not str(p).startswith("function-after"))
    msg = str(err["msg"]).removeprefix("Value error, ")
    fix = _FIXES.get(str(err["type"]), "correct the value (see docs/planning.md)")
    if "naive" in msg or "timezone" in msg:
        fix = "append Z to the time, e.g. 2026-04-08T05:47:00Z"
    return RequestError(msg, source=source, field=_field_path(loc), fix=fix)


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
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RequestError(
            f"not valid TOML: {exc}", source=source, fix="fix the TOML syntax at that line"
        ) from None
    try:
        return PlanningRequest.model_validate(_normalise(data))
    except ValidationError as exc:
        raise _from_validation(exc, source) from None


def load_request(path: str | Path) -> PlanningRequest:
    """Load a request file; raise :class:`RequestError` naming the file when it is wrong."""
    text = read_text_input(path, error=RequestError, fix="give the path of a request TOML file")
    return loads_request(text, source=str(Path(path)))
