"""Read and write manifest TOML files (format ``crossflight-manifest/1``, see
``docs/manifest-format.md``).

Every bad input raises an :class:`~crossflight.errors.InputError` whose one-line message names
the file, the field and the fix; nothing is half-written (writes are atomic).
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Any

import tomli_w
from pydantic import ValidationError

from crossflight.errors import ManifestError, NaiveDatetimeError
from crossflight.io.files import read_text_input, write_text_atomic
from crossflight.model.catalog import builtin_manifest_text
from crossflight.model.manifest import Manifest
from crossflight.model.resolve import ResolvedManifest, resolve_manifest

__all__ = [
    "dumps_manifest",
    "load_builtin_manifest",
    "load_manifest",
    "load_resolved_manifest",
    "loads_manifest",
    "loads_resolved_manifest",
    "write_manifest",
]

_DOC = "see docs/manifest-format.md"


def _field_name(loc: tuple[int | str, ...], raw: dict[str, Any]) -> str:
    """``('flights', 3, 'dock_utc')`` -> ``flights[3] (soyuz-ms-22).dock_utc``."""
    out = ""
    node: Any = raw
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
            node = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
            if isinstance(node, dict) and isinstance(node.get("id"), str):
                out += f" ({node['id']})"
        else:
            out += ("." if out else "") + part
            node = node.get(part) if isinstance(node, dict) else None
    return out or "manifest"


def _from_validation(exc: ValidationError, raw: dict[str, Any], source: str) -> ManifestError:
    err = exc.errors()[0]
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
    field = _field_name(loc, raw)
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
        )  # type: ignore[return-value]
    if kind == "extra_forbidden":
        return ManifestError(
            "unknown field",
            source=source,
            field=field,
            fix=f"remove it or fix its spelling ({_DOC})",
        )
    if kind == "missing":
        return ManifestError(
            "required field is missing", source=source, field=field, fix=f"add it ({_DOC})"
        )
    if kind.startswith("datetime") or kind.startswith("date"):
        return ManifestError(
            f"{msg}: {err.get('input')!r}",
            source=source,
            field=field,
            fix="write an ISO 8601 UTC time, e.g. 2025-04-08T05:47:15Z",
        )
    return ManifestError(msg, source=source, field=field, fix=fix or _DOC)


def loads_manifest(text: str, *, source: str = "<manifest>") -> Manifest:
    """Parse and validate manifest TOML ``text``; ``source`` names it in error messages.

    Every cross-reference is resolved too, so a returned manifest is ready for the checker.
    """
    return loads_resolved_manifest(text, source=source).manifest


def loads_resolved_manifest(text: str, *, source: str = "<manifest>") -> ResolvedManifest:
    """Parse, validate and resolve manifest TOML ``text``: what the checker takes, resolved once.

    ``check_manifest`` accepts the result as it is, so a load-and-check resolves one time.
    """
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ManifestError(
            f"malformed TOML: {exc}",
            source=source,
            field="toml",
            fix="fix the TOML syntax at that line (https://toml.io)",
        ) from None
    try:
        manifest = Manifest.model_validate(raw)
    except ValidationError as exc:
        raise _from_validation(exc, raw, source) from None
    return resolve_manifest(manifest, source=source)


def load_manifest(path: str | os.PathLike[str]) -> Manifest:
    """Read and validate the manifest file ``path``."""
    return load_resolved_manifest(path).manifest


def load_resolved_manifest(path: str | os.PathLike[str]) -> ResolvedManifest:
    """Read, validate and resolve the manifest file ``path`` (see ``loads_resolved_manifest``)."""
    text = read_text_input(path, error=ManifestError, fix="give a readable UTF-8 TOML file")
    return loads_resolved_manifest(text, source=str(Path(path)))


def load_builtin_manifest(manifest_id: str) -> Manifest:
    """The built-in manifest ``manifest_id`` (e.g. the real ISS history ``iss-2022-2025``)."""
    return loads_manifest(builtin_manifest_text(manifest_id), source=f"builtin:{manifest_id}")


_UTC_LINE = re.compile(
    r"^(?P<key>[A-Za-z0-9_.-]+ = )(?P<date>\d{4}-\d\d-\d\d) (?P<time>\d\d:\d\d:\d\d(?:\.\d+)?)"
    r"\+00:00$",
    re.MULTILINE,
)


def dumps_manifest(manifest: Manifest) -> str:
    """The manifest as TOML text that :func:`loads_manifest` reads back to an equal manifest.

    Times are written as TOML offset datetimes in the project's style, ``2025-04-08T05:47:15Z``.
    """
    data = manifest.model_dump(mode="python", exclude_none=True, exclude_defaults=True)
    data = {"format": manifest.format, **data}
    text = tomli_w.dumps(data, multiline_strings=False)
    return _UTC_LINE.sub(r"\g<key>\g<date>T\g<time>Z", text)


def write_manifest(manifest: Manifest, path: str | os.PathLike[str]) -> None:
    """Write the manifest atomically (temp file in the same directory, then ``os.replace``)."""
    write_text_atomic(path, dumps_manifest(manifest))
