"""Read and write manifest TOML files (format ``crossflight-manifest/1``, see
``docs/manifest-format.md``).

Every bad input raises an :class:`~crossflight.errors.InputError` whose one-line message names
the file, the field and the fix; nothing is half-written (writes are atomic).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import tomli_w
from pydantic import ValidationError

from crossflight.errors import ManifestError
from crossflight.io.error_text import from_validation, parse_toml
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


def loads_manifest(text: str, *, source: str = "<manifest>") -> Manifest:
    """Parse and validate manifest TOML ``text``; ``source`` names it in error messages.

    Every cross-reference is resolved too, so a returned manifest is ready for the checker.
    """
    return loads_resolved_manifest(text, source=source).manifest


def loads_resolved_manifest(text: str, *, source: str = "<manifest>") -> ResolvedManifest:
    """Parse, validate and resolve manifest TOML ``text``: what the checker takes, resolved once.

    ``check_manifest`` accepts the result as it is, so a load-and-check resolves one time.
    """
    raw = parse_toml(text, source=source, error=ManifestError, doc=_DOC)
    try:
        manifest = Manifest.model_validate(raw)
    except ValidationError as exc:
        raise from_validation(
            exc, raw, source=source, error=ManifestError, doc=_DOC, model=Manifest
        ) from None
    except (OverflowError, RecursionError) as exc:
        why = "too deep" if isinstance(exc, RecursionError) else "overflow"
        raise ManifestError(
            f"a value is out of range ({why})",
            source=source,
            fix=f"check the numbers and times of the file ({_DOC})",
        ) from None
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
