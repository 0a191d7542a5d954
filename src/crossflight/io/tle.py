"""Strict reader of NORAD two-line element sets (2- and 3-line form, several sets per file).

``sgp4``'s fast parser accepts a bad checksum, a truncated line 2 and mismatched satellite numbers
without complaint, so every line is checked here first: length, line number, checksum (digits sum
plus one per minus sign, modulo 10), column layout, numbers in numeric fields, and the satellite
number on both lines.  Each error names the file, the line and the field, and says how to fix it.

Column layout: CelesTrak "NORAD Two-Line Element Set Format" and Vallado et al. 2006
(AIAA 2006-6753) appendix; columns below are 1-based and inclusive.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

from sgp4.api import WGS72, Satrec

from crossflight.errors import ElementSetError
from crossflight.io.files import read_text_input

__all__ = ["ElementSet", "check_propagable", "parse_tle_text", "read_tle", "tle_checksum"]

UNIX_EPOCH_JD = 2440587.5


@dataclass(frozen=True)
class ElementSet:
    """One element set, initialised for SGP4 (WGS-72), with where it came from."""

    name: str
    satnum: str
    satrec: Satrec
    epoch_utc_s: float
    source: str
    line: int


_FLOAT = r"\s*[+-]?\d*\.\d+"
# columns that must be blank (1-based): the separators between fields
_BLANKS = {1: (2, 9, 18, 33, 44, 53, 62, 64), 2: (2, 8, 17, 26, 34, 43, 52)}
MAX_MEAN_MOTION_REV_DAY = 17.0
"""Highest mean motion of a real orbit: a circular orbit at 100 km makes 16.5 rev/day."""
MIN_MEAN_MOTION_REV_DAY = 0.05
"""Lowest accepted mean motion (beyond the Moon's distance SGP4/SDP4 results mean little)."""
MAX_ABS_BSTAR = 1.0
"""|BSTAR| above 1 /earth-radii is no real drag term (ISS: about 2e-4)."""
SGP4_ERRORS = {
    1: "mean eccentricity out of range [0, 1)",
    2: "mean motion below zero",
    3: "perturbed eccentricity out of range [0, 1)",
    4: "semi-latus rectum below zero",
    6: "the orbit has decayed (radius below the Earth's)",
}
# (field name, first col, last col, regex, how to write it)
_LINE1 = [
    ("satellite number", 3, 7, r"[0-9A-Z ][0-9 ]{3}\d", "5 digits, e.g. 25544"),
    ("classification", 8, 8, r"[USC ]", "U, S or C"),
    ("international designator", 10, 17, r"[0-9 ]{5}[0-9A-Z ]{3}", "e.g. 98067A   (ASCII)"),
    ("epoch year", 19, 20, r"\d\d", "two digits, e.g. 25"),
    ("epoch day", 21, 32, r"[\d ]{3}\.\d{8}", "day of year with 8 decimals, e.g. 097.52056586"),
    ("mean motion derivative", 34, 43, r"[ +-]\.\d{8}", "e.g.  .00011719"),
    ("mean motion second derivative", 45, 52, r"[ +-]\d{5}[+-]\d", "e.g.  00000-0"),
    ("BSTAR drag term", 54, 61, r"[ +-]\d{5}[+-]\d", "e.g.  21806-3"),
    ("ephemeris type", 63, 63, r"[\d ]", "0"),
    ("element set number", 65, 68, r"[\d ]{3}\d", "e.g.  999"),
]
_LINE2 = [
    ("satellite number", 3, 7, r"[0-9A-Z ][0-9 ]{3}\d", "5 digits, e.g. 25544"),
    ("inclination", 9, 16, _FLOAT, "degrees, e.g.  51.6365"),
    ("right ascension of ascending node", 18, 25, _FLOAT, "degrees, e.g. 297.0255"),
    ("eccentricity", 27, 33, r"\d{7}", "7 digits, implied leading decimal point"),
    ("argument of perigee", 35, 42, _FLOAT, "degrees, e.g.  19.0825"),
    ("mean anomaly", 44, 51, _FLOAT, "degrees, e.g. 341.0349"),
    ("mean motion", 53, 63, r"[\d ]{2}\.\d{8}", "revolutions/day with 8 decimals"),
    ("revolution number", 64, 68, r"[\d ]{4}\d", "5 digits"),
]


def tle_checksum(line: str) -> int:
    """Modulo-10 checksum of the first 68 columns: digits count their value, '-' counts 1."""
    total = 0
    for ch in line[:68]:
        if "0" <= ch <= "9":  # ASCII digits only ('²'.isdigit() is true too)
            total += ord(ch) - 48
        elif ch == "-":
            total += 1
    return total % 10


def _check_line(text: str, number: int, source: str, lineno: int) -> None:
    where = f"line {lineno}"
    if not text.isascii():
        col = next(i for i, ch in enumerate(text) if not ch.isascii()) + 1
        raise ElementSetError(
            f"column {col} holds a non-ASCII character {text[col - 1]!a}",
            source=source,
            field=where,
            fix="a TLE is plain ASCII: copy the lines again from the element-set provider",
        )
    if not text.startswith(f"{number} "):
        raise ElementSetError(
            f"expected TLE line {number} to start with '{number} ', got {text[:10]!r}",
            source=source,
            field=where,
            fix=f"put line {number} of the element set here (2- or 3-line format)",
        )
    if len(text) != 69:
        raise ElementSetError(
            f"TLE line {number} has {len(text)} characters, a TLE line has 69"
            + (" (truncated)" if len(text) < 69 else ""),
            source=source,
            field=where,
            fix="copy the complete line from the element-set provider (e.g. CelesTrak)",
        )
    if not "0" <= text[68] <= "9":
        raise ElementSetError(
            f"column 69 (checksum) is {text[68]!r}, not a digit",
            source=source,
            field=f"{where} checksum",
            fix="copy the complete line from the element-set provider",
        )
    expected = tle_checksum(text)
    if int(text[68]) != expected:
        raise ElementSetError(
            f"checksum is {text[68]} but the line sums to {expected}",
            source=source,
            field=f"{where} checksum",
            fix="the line was altered: download the element set again",
        )
    for col in _BLANKS[number]:
        if len(text) >= col and text[col - 1] != " ":
            raise ElementSetError(
                f"column {col} must be blank (it separates two fields), got {text[col - 1]!r}",
                source=source,
                field=f"{where} column {col}",
                fix="copy the line again: every field has fixed columns",
            )
    for name, c0, c1, pattern, how in _LINE1 if number == 1 else _LINE2:
        value = text[c0 - 1 : c1]
        if not re.fullmatch(pattern, value):
            raise ElementSetError(
                f"{name} (columns {c0}-{c1}) is {value!r}",
                source=source,
                field=f"{where} {name}",
                fix=f"write it as {how}",
            )


def check_propagable(sat: Satrec, *, source: str, field: str | None) -> None:
    """Refuse an element set whose numbers are not finite and physical, or that SGP4 cannot
    propagate at its own epoch (bad eccentricity, decayed, ...): an ``ElementSetError``."""
    numbers = {
        "mean motion": sat.no_kozai,
        "eccentricity": sat.ecco,
        "inclination": sat.inclo,
        "BSTAR drag term": sat.bstar,
        "mean motion derivative": sat.ndot,
        "mean motion second derivative": sat.nddot,
    }
    for name, value in numbers.items():
        if not math.isfinite(value):
            raise ElementSetError(
                f"{name} is not a finite number", source=source, field=field,
                fix="copy the element set again from the provider",
            )  # fmt: skip
    rev_day = sat.no_kozai * 1440.0 / (2.0 * math.pi)
    if not MIN_MEAN_MOTION_REV_DAY <= rev_day <= MAX_MEAN_MOTION_REV_DAY:
        raise ElementSetError(
            f"mean motion {rev_day:.8g} rev/day is not that of a real Earth orbit",
            source=source,
            field=field,
            fix=f"mean motion is in [{MIN_MEAN_MOTION_REV_DAY}, {MAX_MEAN_MOTION_REV_DAY}] rev/day "
            "(ISS: 15.5)",
        )
    per_day2 = 1440.0**2 / (2.0 * math.pi)  # rad/min^2 -> rev/day^2
    if abs(sat.ndot) * per_day2 >= 1.0 or abs(sat.nddot) * per_day2 * 1440.0 >= 1.0:
        raise ElementSetError(
            "mean motion derivatives are beyond what a real orbit shows",
            source=source,
            field=field,
            fix="|mean motion derivative| is below 1 rev/day^2 (ISS: about 1e-4)",
        )
    if abs(sat.bstar) > MAX_ABS_BSTAR:
        raise ElementSetError(
            f"BSTAR {sat.bstar:.4g} /earth-radii is no real drag term",
            source=source,
            field=field,
            fix=f"|BSTAR| is at most {MAX_ABS_BSTAR} (ISS: about 2e-4)",
        )
    code = sat.error
    if code == 0:
        code, r_km, v_km_s = sat.sgp4_tsince(0.0)
        if code == 0 and not all(math.isfinite(x) for x in (*r_km, *v_km_s)):
            code = -1
    if code:
        why = SGP4_ERRORS.get(code, "non-finite position")
        raise ElementSetError(
            f"SGP4 cannot propagate the element set at its epoch (error {code}: {why})",
            source=source,
            field=field,
            fix="check the element values (eccentricity, mean motion, drag)",
        )


def parse_tle_text(text: str, *, source: str = "<text>") -> list[ElementSet]:
    """All element sets in ``text`` (2-line or 3-line with a name line; blank lines ignored)."""
    lines = [(i + 1, ln.rstrip("\r\n").rstrip()) for i, ln in enumerate(text.splitlines())]
    lines = [(i, ln) for i, ln in lines if ln.strip()]
    sets: list[ElementSet] = []
    k = 0
    while k < len(lines):
        name = ""
        lineno, ln = lines[k]
        if not ln.startswith("1 "):
            if ln.startswith("2 "):
                raise ElementSetError(
                    "TLE line 2 without a line 1 before it",
                    source=source,
                    field=f"line {lineno}",
                    fix="each element set needs line 1 then line 2",
                )
            name = ln[2:].strip() if ln.startswith("0 ") else ln.strip()
            k += 1
            if k >= len(lines):
                raise ElementSetError(
                    f"name line {name!r} is not followed by an element set",
                    source=source,
                    field=f"line {lineno}",
                    fix="add lines 1 and 2 after the name, or remove the name",
                )
        n1, l1 = lines[k]
        if k + 1 >= len(lines):
            _check_line(l1, 1, source, n1)
            raise ElementSetError(
                "TLE line 2 is missing",
                source=source,
                field=f"line {n1 + 1}",
                fix="add line 2 of the element set",
            )
        n2, l2 = lines[k + 1]
        _check_line(l1, 1, source, n1)
        _check_line(l2, 2, source, n2)
        if l1[2:7] != l2[2:7]:
            raise ElementSetError(
                f"satellite number {l1[2:7].strip()} on line 1 but {l2[2:7].strip()} on line 2",
                source=source,
                field=f"line {n2} satellite number",
                fix="lines 1 and 2 must come from the same element set",
            )
        sat = Satrec.twoline2rv(l1, l2, WGS72)
        check_propagable(sat, source=source, field=f"line {n1}")
        epoch_utc_s = (sat.jdsatepoch - UNIX_EPOCH_JD + sat.jdsatepochF) * 86400.0
        sets.append(
            ElementSet(
                name=name or l1[2:7].strip(),
                satnum=l1[2:7].strip(),
                satrec=sat,
                epoch_utc_s=float(epoch_utc_s),
                source=source,
                line=n1,
            )
        )
        k += 2
    if not sets:
        raise ElementSetError(
            "no element set found",
            source=source,
            fix="give a TLE file (2- or 3-line format) or an OMM file",
        )
    return sets


def read_tle(path: str | Path) -> list[ElementSet]:
    """Read every element set of a TLE file (strict; see :func:`parse_tle_text`)."""
    text = read_text_input(
        path,
        error=ElementSetError,
        fix="give the path of a readable TLE or OMM text file",
        encoding="utf-8-sig",
    )
    return parse_tle_text(text, source=str(Path(path)))
