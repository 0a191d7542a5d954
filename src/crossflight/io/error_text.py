"""One translator from parse and validation failures to the project's one-line errors.

Every loader of user files (manifests, planning requests) parses TOML with :func:`parse_toml`
(syntax, nesting depth and recursion become an error naming the file) and turns a pydantic
``ValidationError`` into an :class:`~crossflight.errors.InputError` with :func:`from_validation`:
the field as a dotted path, the problem in plain words ("unknown field 'lanch_utc' (did you mean
'launch_utc'?)", "required field 'dock_utc' is missing") and a fix, never pydantic's own wording,
a Python repr or an exception class name.
"""

from __future__ import annotations

import difflib
import tomllib
import types
import typing
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from crossflight.errors import InputError, NaiveDatetimeError

__all__ = ["MAX_NESTING", "check_nesting", "from_validation", "parse_toml", "show_value"]

MAX_NESTING = 32
"""Deepest nesting of tables/arrays a user file may have (real files need fewer than 6)."""


def check_nesting(
    data: Any, *, source: str, error: type[InputError], limit: int = MAX_NESTING
) -> None:
    """Refuse data nested deeper than ``limit`` levels (iterative: no recursion of its own)."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            raise error(
                f"nested more than {limit} levels deep",
                source=source,
                fix="flatten the file: tables and arrays need only a few levels",
            )
        if isinstance(node, dict):
            stack.extend((v, depth + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node)


def parse_toml(text: str, *, source: str, error: type[InputError], doc: str) -> dict[str, Any]:
    """TOML ``text`` as a dict, or ``error`` naming the file, the line and the fix."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(
            f"malformed TOML: {exc}",
            source=source,
            field="toml",
            fix=f"correct the TOML syntax at that line (https://toml.io; {doc})",
        ) from None
    except RecursionError:
        raise error(
            "nested too deeply to read",
            source=source,
            field="toml",
            fix="flatten the file: tables and arrays need only a few levels",
        ) from None
    check_nesting(data, source=source, error=error)
    return data


def show_value(value: Any, limit: int = 40) -> str:
    """A user's value as the user wrote it (quoted text, ISO times), never a Python repr."""
    if isinstance(value, str):
        text = value if len(value) <= limit else value[: limit - 1] + "…"
        return "'" + text.encode("unicode_escape").decode("ascii").replace("'", "\\'") + "'"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, int | float):
        text = f"{value:g}" if isinstance(value, float) else str(value)
        return text if len(text) <= limit else text[: limit - 1] + "…"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list | tuple):
        return "an array"
    if value is None:
        return "nothing"
    return "a value of another kind"


def _models_in(tp: Any) -> list[type[BaseModel]]:
    """The pydantic models an annotation can hold (through Optional, list, dict, Annotated)."""
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [tp]
    out: list[type[BaseModel]] = []
    for arg in typing.get_args(tp):
        out.extend(_models_in(arg))
    return out


def _model_at(model: type[BaseModel] | None, loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    """The model class whose fields sit at ``loc`` (list indices and dict keys skipped)."""
    current: Any = model
    for part in loc:
        if isinstance(current, type) and issubclass(current, BaseModel):
            if isinstance(part, str) and part in current.model_fields:
                current = current.model_fields[part].annotation
                continue
            return None
        # inside a list/dict annotation: the index or key selects an element
        origin = typing.get_origin(current)
        if origin in (list, tuple, set, dict) or isinstance(current, types.UnionType):
            args = typing.get_args(current)
            current = args[-1] if args else None
            models = _models_in(current)
            if isinstance(part, int | str) and models and len(models) == 1:
                current = models[0]
            continue
        models = _models_in(current)
        if len(models) != 1:
            return None
        current = models[0]
        if isinstance(part, str) and part in current.model_fields:
            current = current.model_fields[part].annotation
    models = _models_in(current)
    return models[0] if len(models) == 1 else None


def _path(loc: tuple[int | str, ...], raw: Any, ids: bool) -> str:
    """``('flights', 3, 'dock_utc')`` -> ``flights[3] (soyuz-ms-22).dock_utc`` (id if ``ids``)."""
    out = ""
    node: Any = raw
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
            node = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
            if ids and isinstance(node, dict) and isinstance(node.get("id"), str):
                out += f" ({node['id']})"
        else:
            out += ("." if out else "") + part
            node = node.get(part) if isinstance(node, dict) else None
    return out


_TIME_FIX = "write an ISO 8601 UTC time, e.g. 2025-04-08T05:47:15Z"

_PLAIN: dict[str, tuple[str, str]] = {
    # pydantic error type -> (what is wrong, fix)
    "int_parsing": ("expected a whole number, got {v}", "write a whole number"),
    "int_type": ("expected a whole number, got {v}", "write a whole number"),
    "int_from_float": ("expected a whole number, got {v}", "write a whole number"),
    "float_parsing": ("expected a number, got {v}", "write a number, e.g. 10.0"),
    "float_type": ("expected a number, got {v}", "write a number, e.g. 10.0"),
    "finite_number": ("must be a finite number, got {v}", "write a finite number, e.g. 10.0"),
    "bool_parsing": ("expected true or false, got {v}", "write true or false"),
    "bool_type": ("expected true or false, got {v}", "write true or false"),
    "string_type": ("expected text, got {v}", 'write it as text in quotes, e.g. "abc"'),
    "list_type": ("expected an array, got {v}", 'write an array, e.g. ["a", "b"]'),
    "dict_type": ("expected a table, got {v}", "write a table ([name] or { key = value })"),
    "model_type": ("expected a table, got {v}", "write a table ([name] or { key = value })"),
    "model_attributes_type": ("expected a table, got {v}", "write a table"),
    "datetime_type": ("expected an ISO 8601 UTC time, got {v}", _TIME_FIX),
    "datetime_parsing": ("{v} is not an ISO 8601 UTC time", _TIME_FIX),
    "datetime_from_date_parsing": ("{v} is not an ISO 8601 UTC time", _TIME_FIX),
    "datetime_object_invalid": ("{v} is not a valid time", _TIME_FIX),
    "string_pattern_mismatch": (
        "{v} is not a valid id",
        "use letters, digits and . _ + - (starting with a letter or digit)",
    ),
}


def _bound(err: ErrorDetails) -> tuple[str, str] | None:
    ctx = err.get("ctx") or {}
    kind = err["type"]
    words = {
        "greater_than": ("greater than", "gt"),
        "greater_than_equal": ("at least", "ge"),
        "less_than": ("less than", "lt"),
        "less_than_equal": ("at most", "le"),
    }
    if kind in words:
        word, key = words[kind]
        limit = ctx.get(key)
        change = "larger" if kind.startswith("greater") else "smaller"
        return f"must be {word} {show_value(limit)}, got {show_value(err.get('input'))}", (
            f"use a {change} value ({word} {show_value(limit)})"
        )
    if kind in ("too_short", "string_too_short"):
        n = ctx.get("min_length", 1)
        return f"needs at least {n} entr{'y' if n == 1 else 'ies'}", "add the missing entries"
    if kind in ("too_long", "string_too_long"):
        n = ctx.get("max_length")
        return f"is longer than {n}", f"shorten it to at most {n}"
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace(" or ", ", ")
        return (
            f"{show_value(err.get('input'))} is not one of {expected}",
            f"write one of {expected}",
        )
    return None


def _one(
    err: ErrorDetails,
    raw: Any,
    *,
    source: str,
    error: type[InputError],
    doc: str,
    model: type[BaseModel] | None,
    ids: bool,
    naive: type[InputError],
) -> InputError:
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
    kind = err["type"]
    value = err.get("input")
    field = _path(loc, raw, ids) or None
    if kind == "extra_forbidden":
        name = str(loc[-1]) if loc else "?"
        owner = _model_at(model, loc[:-1])
        known = sorted(owner.model_fields) if owner is not None else []
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        fix = (
            f"rename it to '{close[0]}'"
            if close
            else (f"remove it; known fields: {', '.join(known)}" if known else "remove it")
        )
        return error(
            f"unknown field '{name}'{hint}", source=source, field=field, fix=f"{fix}; {doc}"
        )
    if kind == "missing":
        name = str(loc[-1]) if loc else "?"
        return error(
            f"required field '{name}' is missing", source=source, field=field, fix=f"add it; {doc}"
        )
    if kind == "timezone_aware":
        return naive(
            f"time {show_value(value)} has no timezone",
            source=source,
            field=field,
            fix="write UTC with a Z, e.g. 2025-04-08T05:47:15Z",
        )
    if kind in _PLAIN:
        what, fix = _PLAIN[kind]
        return error(what.format(v=show_value(value)), source=source, field=field, fix=fix)
    bound = _bound(err)
    if bound is not None:
        return error(bound[0], source=source, field=field, fix=bound[1])
    msg = str(err["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    fix_text: str = doc
    if "(fix: " in msg and msg.endswith(")"):
        msg, _, fix_text = msg.partition(" (fix: ")
        fix_text = fix_text[:-1]
    if msg.startswith("Input should be"):
        msg = "should be" + msg.removeprefix("Input should be") + f", got {show_value(value)}"
    return error(msg, source=source, field=field, fix=fix_text)


def from_validation(
    exc: ValidationError,
    raw: Any,
    *,
    source: str,
    error: type[InputError],
    doc: str,
    model: type[BaseModel] | None = None,
    ids: bool = True,
    naive: type[InputError] = NaiveDatetimeError,
) -> InputError:
    """The first validation error as one project-style line naming file, field and fix.

    ``model`` (the validated class) lets an unknown key be matched to the closest known one;
    ``ids`` adds the ``id`` of a list element to the path (``flights[3] (soyuz-ms-22)``);
    ``naive`` is the class of the error for a time without timezone.
    """
    errors = exc.errors()
    # an unknown key explains a "missing" error next to it (a misspelt required field)
    errors.sort(key=lambda e: 0 if e["type"] == "extra_forbidden" else 1)
    return _one(
        errors[0], raw, source=source, error=error, doc=doc, model=model, ids=ids, naive=naive
    )
