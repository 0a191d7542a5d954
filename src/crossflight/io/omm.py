"""Reader of CCSDS Orbit Mean-elements Messages (OMM) as CelesTrak serves them: JSON, XML, KVN.

CCSDS 502.0-B-3 defines the keywords; CelesTrak's ``FORMAT=json|xml|kvn`` outputs use the same
names (``EPOCH``, ``MEAN_MOTION`` in rev/day, angles in degrees, ``BSTAR`` in 1/earth-radii…).
Every required keyword is checked for presence and number syntax; the element set is then
initialised through :func:`sgp4.omm.initialize` (WGS-72), so it propagates exactly like the
equivalent TLE.  Errors name the file, the keyword (and segment) and the fix.
"""

from __future__ import annotations

import json
import math
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sgp4 import omm as sgp4_omm
from sgp4.api import WGS72, Satrec

from crossflight.errors import ElementSetError
from crossflight.io.files import read_text_input
from crossflight.io.tle import ElementSet, check_propagable
from crossflight.times import FIRST_YEAR, LAST_YEAR

__all__ = ["parse_omm_text", "read_omm"]

_NUMERIC = (
    "MEAN_MOTION",
    "ECCENTRICITY",
    "INCLINATION",
    "RA_OF_ASC_NODE",
    "ARG_OF_PERICENTER",
    "MEAN_ANOMALY",
    "BSTAR",
    "MEAN_MOTION_DOT",
    "MEAN_MOTION_DDOT",
)
_INTEGER = ("NORAD_CAT_ID",)
_DEFAULTS = {
    "CLASSIFICATION_TYPE": "U",
    "OBJECT_ID": "",
    "EPHEMERIS_TYPE": "0",
    "ELEMENT_SET_NO": "999",
    "REV_AT_EPOCH": "0",
}
_NUMBER_RE = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", re.ASCII)


def _fail(msg: str, source: str, field: str | None, fix: str) -> ElementSetError:
    return ElementSetError(msg, source=source, field=field, fix=fix)


def _from_json(text: str, source: str) -> list[dict[str, str]]:
    try:
        data = json.loads(text)
    except RecursionError:
        raise _fail(
            "nested too deeply to read", source, None, "an OMM JSON file is a list of flat objects"
        ) from None
    except json.JSONDecodeError as exc:
        raise _fail(
            f"not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})",
            source,
            f"line {exc.lineno}",
            "download the OMM again from CelesTrak (FORMAT=json)",
        ) from None
    items = data if isinstance(data, list) else [data]
    out: list[dict[str, str]] = []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise _fail(
                f"element {i} is a {type(item).__name__}, not an object",
                source,
                f"[{i}]",
                "an OMM JSON file is a list of objects with OMM keywords",
            )
        out.append({str(k): "" if v is None else str(v) for k, v in item.items()})
    return out


def _from_xml(text: str, source: str) -> list[dict[str, str]]:
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else None
        raise _fail(
            f"not well-formed XML ({exc})",
            source,
            f"line {line}" if line else None,
            "download the OMM again from CelesTrak (FORMAT=xml)",
        ) from None
    out: list[dict[str, str]] = []
    for seg in root.iter():
        if seg.tag.split("}")[-1] != "segment":
            continue
        fields: dict[str, str] = {}
        for el in seg.iter():
            tag = el.tag.split("}")[-1]
            if len(el) == 0 and el.text is not None:
                fields[tag] = el.text.strip()
        out.append(fields)
    return out


def _from_kvn(text: str, source: str) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    cur: dict[str, str] = {}
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("COMMENT"):
            continue
        if "=" not in line:
            raise _fail(
                f"line is not 'KEYWORD = value': {line[:40]!r}",
                source,
                f"line {lineno}",
                "write each OMM KVN line as KEYWORD = value",
            )
        key, _, value = line.partition("=")
        key = key.strip()
        value = re.sub(r"\s*\[.*\]\s*$", "", value.strip())  # drop a trailing [unit]
        if key == "CCSDS_OMM_VERS" and cur:
            out.append(cur)
            cur = {}
        cur[key] = value
    if cur:
        out.append(cur)
    return out


def _epoch_utc_s(value: str, source: str, field: str) -> tuple[float, str]:
    try:
        dt = datetime.fromisoformat(value.strip().removesuffix("Z"))
    except ValueError:
        raise _fail(
            f"EPOCH {value!r} is not an ISO 8601 time",
            source,
            field,
            "write EPOCH as 2025-03-09T09:21:09.148608 (UTC)",
        ) from None
    try:
        dt = dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)
    except (OverflowError, ValueError):
        dt = datetime(1, 1, 1, tzinfo=UTC)
    if not FIRST_YEAR <= dt.year <= LAST_YEAR:
        raise _fail(
            f"EPOCH {value!r} is outside the years {FIRST_YEAR}..{LAST_YEAR}",
            source,
            field,
            "write EPOCH as 2025-03-09T09:21:09.148608 (UTC)",
        )
    return dt.timestamp(), dt.replace(tzinfo=None).strftime("%Y-%m-%dT%H:%M:%S.%f")


def _element_set(fields: dict[str, str], source: str, index: int) -> ElementSet:
    seg = f"segment {index + 1}" if index else ""

    def fld(key: str) -> str:
        return f"{seg} {key}".strip()

    if "EPOCH" not in fields or not fields["EPOCH"]:
        raise _fail("keyword EPOCH is missing", source, fld("EPOCH"), "add EPOCH (UTC)")
    for key in (*_NUMERIC, *_INTEGER):
        value = fields.get(key, "").strip()
        if not value:
            raise _fail(
                f"keyword {key} is missing",
                source,
                fld(key),
                "use a complete OMM from CelesTrak (GP data, FORMAT=json|xml|kvn)",
            )
        ok = (
            value.isascii() and value.isdigit()
            if key in _INTEGER
            else bool(_NUMBER_RE.fullmatch(value))
        )
        if not ok or (key not in _INTEGER and not math.isfinite(float(value))):
            raise _fail(
                f"{key} is {value!r}, not a number",
                source,
                fld(key),
                f"write {key} as a plain decimal number",
            )
    ecc = float(fields["ECCENTRICITY"])
    if not 0.0 <= ecc < 1.0 or float(fields["MEAN_MOTION"]) <= 0.0:
        raise _fail(
            f"ECCENTRICITY {ecc} / MEAN_MOTION {fields['MEAN_MOTION']} out of range",
            source,
            fld("ECCENTRICITY"),
            "eccentricity must be in [0, 1) and mean motion positive (rev/day)",
        )
    epoch_utc_s, epoch_text = _epoch_utc_s(fields["EPOCH"], source, fld("EPOCH"))
    full = {**_DEFAULTS, **{k: v for k, v in fields.items() if v != ""}, "EPOCH": epoch_text}
    for key in ("EPHEMERIS_TYPE", "ELEMENT_SET_NO", "REV_AT_EPOCH"):
        if not full[key].strip().isdigit():
            full[key] = _DEFAULTS[key]
    if full["CLASSIFICATION_TYPE"] not in ("U", "C", "S"):
        raise _fail(
            f"CLASSIFICATION_TYPE is {full['CLASSIFICATION_TYPE']!r}",
            source,
            fld("CLASSIFICATION_TYPE"),
            "write U (unclassified), C or S",
        )
    sat = Satrec()
    try:
        sgp4_omm.initialize(sat, full, WGS72)
    except (TypeError, ValueError, OverflowError) as exc:
        raise _fail(
            f"SGP4 could not initialise the element set ({exc})",
            source,
            seg or None,
            "check OBJECT_ID (e.g. 1998-067A) and the element values",
        ) from None
    check_propagable(sat, source=source, field=seg or None)
    return ElementSet(
        name=full.get("OBJECT_NAME", full["NORAD_CAT_ID"]),
        satnum=full["NORAD_CAT_ID"],
        satrec=sat,
        epoch_utc_s=float(epoch_utc_s),
        source=source,
        line=index + 1,
    )


def parse_omm_text(text: str, *, source: str = "<text>") -> list[ElementSet]:
    """Every element set of an OMM document (JSON list/object, XML ``ndm``/``omm``, or KVN)."""
    stripped = text.lstrip()
    records: list[dict[str, Any]]
    if stripped.startswith(("[", "{")):
        records = _from_json(text, source)
    elif stripped.startswith("<"):
        records = _from_xml(text, source)
    else:
        records = _from_kvn(text, source)
    if not records:
        raise _fail(
            "no OMM element set found",
            source,
            None,
            "give an OMM file from CelesTrak (FORMAT=json, xml or kvn) or a TLE file",
        )
    return [_element_set(r, source, i) for i, r in enumerate(records)]


def read_omm(path: str | Path) -> list[ElementSet]:
    """Read every element set of an OMM file (JSON, XML or KVN, detected from the content)."""
    text = read_text_input(
        path,
        error=ElementSetError,
        fix="give the path of a readable OMM file (JSON, XML or KVN)",
        encoding="utf-8-sig",
    )
    return parse_omm_text(text, source=str(Path(path)))
