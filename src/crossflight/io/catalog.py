"""Read experiment catalog TOML files (format ``crossflight-catalog/1``, see
``docs/experiments.md``).

Every bad input raises a :class:`~crossflight.errors.CatalogError` whose one-line message names
the file, the field (``experiments[3] (kaskad).sessions.duration_min``) and the fix.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from crossflight.errors import CatalogError, InputError, NaiveDatetimeError
from crossflight.io.files import read_text_input
from crossflight.model.experiments import Catalog

__all__ = ["field_name", "load_catalog", "loads_catalog", "parse_toml", "validation_error"]

_DOC = "see docs/experiments.md"


def field_name(loc: tuple[int | str, ...], raw: Any, *, top: str = "catalog") -> str:
    """``('experiments', 3, 'priority')`` -> ``experiments[3] (kaskad).priority``."""
    out = ""
    node: Any = raw
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
            node = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
            if isinstance(node, dict) and isinstance(node.get("id"), str):
                out += f" ({node['id']})"
        else:
            out += ("." if out else "") + str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return out or top


def validation_error(
    exc: ValidationError, raw: Any, source: str, *, top: str = "catalog"
) -> InputError:
    """The first pydantic error as one :class:`CatalogError` line: file, field, fix.

    An unknown field is reported before anything else (a misspelt key also shows up as the
    missing one it was meant to be)."""
    errors = exc.errors()
    err = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
    field = field_name(loc, raw, top=top)
    kind = err["type"]
    msg = str(err["msg"]).removeprefix("Value error, ")
    fix: str | None = None
    if "(fix: " in msg and msg.endswith(")"):
        msg, _, fix = msg.partition(" (fix: ")
        fix = fix[:-1]
    if kind == "timezone_aware":
        return NaiveDatetimeError(
            f"time {err.get('input')!s} has no timezone",
            source=source,
            field=field,
            fix="write UTC with a Z, e.g. 2025-04-08T05:47:15Z",
        )
    if kind == "extra_forbidden":
        return CatalogError(
            "unknown field",
            source=source,
            field=field,
            fix=f"remove it or fix its spelling ({_DOC})",
        )
    if kind == "missing":
        return CatalogError(
            "required field is missing", source=source, field=field, fix=f"add it ({_DOC})"
        )
    if kind.startswith(("date", "time")):
        return CatalogError(
            f"{msg}: {err.get('input')!r}",
            source=source,
            field=field,
            fix="write an ISO 8601 date (2025-04-08), time of day (08:15) or UTC time "
            "(2025-04-08T05:47:15Z)",
        )
    shown = repr(err.get("input"))
    if len(shown) > 40:
        shown = shown[:37] + "..."
    return CatalogError(f"{msg} (got {shown})", source=source, field=field, fix=fix or _DOC)


def parse_toml(text: str, source: str) -> dict[str, Any]:
    """TOML text as a dict, or a one-line :class:`CatalogError`."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(
            f"malformed TOML: {exc}",
            source=source,
            field="toml",
            fix="fix the TOML syntax at that line (https://toml.io)",
        ) from None


def _unique(ids: list[str], field: str, source: str) -> None:
    seen: set[str] = set()
    for i, x in enumerate(ids):
        if x in seen:
            raise CatalogError(
                f"id {x!r} is defined twice",
                source=source,
                field=f"{field}[{i}] ({x}).id",
                fix="give every entry its own id",
            )
        seen.add(x)


def _check_references(cat: Catalog, source: str) -> None:
    _unique([e.id for e in cat.equipment], "equipment", source)
    _unique([e.id for e in cat.experiments], "experiments", source)
    items = {e.id for e in cat.equipment}
    ids = {e.id for e in cat.experiments}
    for i, e in enumerate(cat.experiments):
        where = f"experiments[{i}] ({e.id})"
        for j, item in enumerate(e.equipment):
            if item not in items:
                raise CatalogError(
                    f"unknown equipment {item!r}",
                    source=source,
                    field=f"{where}.equipment[{j}]",
                    fix="define it under [[equipment]] or fix the id",
                )
        after = e.precedence.after_experiment
        if after is not None and after not in ids:
            raise CatalogError(
                f"unknown experiment {after!r}",
                source=source,
                field=f"{where}.precedence.after_experiment",
                fix="name an experiment of this catalog",
            )
    # Precedence must not loop: follow each chain, at most len(ids) steps.
    nxt = {e.id: e.precedence.after_experiment for e in cat.experiments}
    for i, e in enumerate(cat.experiments):
        seen = {e.id}
        cur = nxt[e.id]
        while cur is not None:
            if cur in seen:
                raise CatalogError(
                    f"precedence loops back to {e.id!r}",
                    source=source,
                    field=f"experiments[{i}] ({e.id}).precedence.after_experiment",
                    fix="break the cycle of after_experiment references",
                )
            seen.add(cur)
            cur = nxt[cur]


def loads_catalog(text: str, *, source: str = "<catalog>") -> Catalog:
    """Parse and validate catalog TOML ``text``; ``source`` names it in error messages."""
    raw = parse_toml(text, source)
    try:
        cat = Catalog.model_validate(raw)
    except ValidationError as exc:
        raise validation_error(exc, raw, source) from None
    _check_references(cat, source)
    return cat


def load_catalog(path: str | os.PathLike[str]) -> Catalog:
    """Read and validate the catalog file ``path``."""
    text = read_text_input(path, error=CatalogError, fix="give a readable UTF-8 TOML file")
    return loads_catalog(text, source=str(Path(path)))
