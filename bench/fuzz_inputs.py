"""Malformed inputs for every reader, from seeded mutations of one valid input each.

Each generator yields text (or an argument list for the CLI) that differs from a valid input
by one to three mutations of the classes bad input comes in: a stray or non-ASCII character
(in TLE blank separator columns and the designator too), a value that is not finite or not
physical (``1e308``, ``1e-320``, ``inf``, ``nan``), an extreme date (years 1, 1900, 9999 with
offsets), a wrong type, a missing, misspelt or unknown field, nesting hundreds of levels
deep, and (CLI) bad option values and output paths that are directories or unwritable.
The valid bases are embedded here: the bench reads nothing outside the repository.
"""

from __future__ import annotations

import copy
import json
import os
import random
import tomllib
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import tomli_w

from crossflight.io.tle import tle_checksum

__all__ = [
    "REPO",
    "manifest_texts",
    "omm_texts",
    "plan_crew_args",
    "request_texts",
    "tle_texts",
]

REPO = Path(__file__).resolve().parents[1]

# ISS (ZARYA) 2025-04-07 (CelesTrak GP data, as in tests/test_tle.py)
L0 = "ISS (ZARYA)"
L1 = "1 25544U 98067A   25097.52056586  .00011719  00000-0  21806-3 0  9999"
L2 = "2 25544  51.6365 297.0255 0004979  19.0825 341.0349 15.49320680504205"
OMM = {
    "OBJECT_NAME": "ISS (ZARYA)",
    "OBJECT_ID": "1998-067A",
    "EPOCH": "2025-04-07T12:29:36.890304",
    "MEAN_MOTION": "15.4932068",
    "ECCENTRICITY": ".0004979",
    "INCLINATION": "51.6365",
    "RA_OF_ASC_NODE": "297.0255",
    "ARG_OF_PERICENTER": "19.0825",
    "MEAN_ANOMALY": "341.0349",
    "EPHEMERIS_TYPE": "0",
    "CLASSIFICATION_TYPE": "U",
    "NORAD_CAT_ID": "25544",
    "ELEMENT_SET_NO": "999",
    "REV_AT_EPOCH": "50420",
    "BSTAR": ".00021806",
    "MEAN_MOTION_DOT": ".00011719",
    "MEAN_MOTION_DDOT": "0",
}

CHARS = "0123456789 +-.AZUSCaz#é€Ω\t\x00\u00a0٣"
BLANK_COLUMNS = {1: (2, 9, 18, 33, 44, 53, 62, 64), 2: (2, 8, 17, 26, 34, 43, 52)}
NUMBER_TEXTS = ("1e308", "-1e308", "1e-320", "nan", "inf", "-inf", "", "abc", "1.2.3", "0",
                "-1", "99999999999999999999", "１２３", "٣", "0x10", " ", "1e5", "-0")  # fmt: skip
TIME_TEXTS = ("9999-12-31T23:59:59", "0001-01-01T00:00:00", "2025-13-45T00:00:00", "1900-01-01",
              "9999-12-31T23:00:00-05:00", "0001-01-01T00:00:00+01:00", "2025-04-07", "now",
              "2101-01-01T00:00:00Z", "1956-12-31T23:59:59Z")  # fmt: skip


def _with_checksum(line: str) -> str:
    line = line[:68].ljust(68)
    return line + str(tle_checksum(line))


def _mutate_tle_line(rng: random.Random, line: str, number: int) -> str:
    kind = rng.randrange(8)
    if kind == 0:  # a stray character in a blank separator column
        col = rng.choice(BLANK_COLUMNS[number])
        line = line[: col - 1] + rng.choice(CHARS.replace(" ", "")) + line[col:]
    elif kind == 1 and number == 1:  # non-ASCII or odd characters in the designator
        i = rng.randrange(9, 17)
        line = line[:i] + rng.choice("éΩ€#a\t٣") + line[i + 1 :]
    elif kind == 2:  # extreme field values
        fields = {1: [(53, 61, " 99999+9"), (33, 43, "-.99999999"), (44, 52, " 99999+9")],
                  2: [(52, 63, "99.99999999"), (52, 63, "00.00000000"), (26, 33, "9999999"),
                      (8, 16, "999.9999"), (52, 63, " 0.00000001")]}  # fmt: skip
        c0, c1, value = rng.choice(fields[number])
        line = line[:c0] + value + line[c1:]
    elif kind == 3:  # delete a character
        i = rng.randrange(len(line))
        line = line[:i] + line[i + 1 :]
    elif kind == 4:  # insert a character
        i = rng.randrange(len(line) + 1)
        line = line[:i] + rng.choice(CHARS) + line[i:]
    elif kind == 5:  # truncate
        line = line[: rng.randrange(len(line))]
    else:  # replace a character anywhere
        i = rng.randrange(len(line))
        line = line[:i] + rng.choice(CHARS) + line[i + 1 :]
    if rng.random() < 0.7 and len(line) >= 68:
        line = _with_checksum(line)  # get past the checksum to the deeper checks
    return line


def tle_texts(n: int, seed: int = 1) -> Iterator[str]:
    """``n`` TLE files, each with one to three mutations of the ISS element set."""
    rng = random.Random(seed)
    for _ in range(n):
        lines = [L0, L1, L2]
        for _ in range(rng.randint(1, 3)):
            r = rng.random()
            if r < 0.8:
                k = rng.choice((1, 2))
                if k < len(lines) and lines[k][:1] in ("1", "2"):
                    lines[k] = _mutate_tle_line(rng, lines[k], int(lines[k][0]))
            elif r < 0.85 and len(lines) >= 3:
                lines[1], lines[2] = lines[2], lines[1]
            elif r < 0.9 and lines:
                del lines[rng.randrange(len(lines))]
            elif r < 0.95:
                lines.append(rng.choice((L1, L2, "garbage", "1 ", "2 ")))
            elif lines:
                lines[0] = "".join(rng.choice(CHARS) for _ in range(rng.randint(0, 30)))
        yield "\n".join(lines) + "\n"


def _omm_record(rng: random.Random) -> dict[str, Any]:
    rec: dict[str, Any] = dict(OMM)
    for _ in range(rng.randint(1, 3)):
        key = rng.choice(list(OMM))
        r = rng.random()
        if r < 0.45:
            rec[key] = rng.choice(NUMBER_TEXTS)
        elif r < 0.65:
            rec["EPOCH"] = rng.choice(TIME_TEXTS)
        elif r < 0.75:
            rec.pop(key, None)
        elif r < 0.8:
            rec[key + "X"] = "1"
        else:
            rec[key] = rng.choice([None, True, [], {}, 1e308, -1, 0, [1, 2], {"a": 1}, "é"])
    return rec


def _deep_json(depth: int) -> str:
    return "[" * depth + "]" * depth


def omm_texts(n: int, fmt: str, seed: int = 2) -> Iterator[str]:
    """``n`` OMM documents in ``fmt`` (json, xml, kvn) with mutated keywords and values."""
    rng = random.Random(seed)
    for _ in range(n):
        if rng.random() < 0.03:
            yield {"json": _deep_json(rng.randint(300, 3000)),
                   "xml": "<a>" * 500 + "</a>" * 500,
                   "kvn": "A = " + "[" * 500}[fmt]  # fmt: skip
            continue
        rec = _omm_record(rng)
        if fmt == "json":
            text = json.dumps([rec], ensure_ascii=rng.random() < 0.5)
            if rng.random() < 0.1:
                i = rng.randrange(len(text))
                text = text[:i] + rng.choice(CHARS + '{}[],:"') + text[i + 1 :]
        elif fmt == "xml":
            body = "".join(f"<{k}>{'' if v is None else v}</{k}>" for k, v in rec.items())
            text = (f'<?xml version="1.0"?><ndm><omm><body><segment><data>{body}</data>'
                    "</segment></body></omm></ndm>")  # fmt: skip
            if rng.random() < 0.1:
                i = rng.randrange(len(text))
                text = text[:i] + rng.choice(CHARS + "<>&/") + text[i + 1 :]
        else:
            lines = ["CCSDS_OMM_VERS = 2.0"]
            lines += [f"{k} = {'' if v is None else v}" for k, v in rec.items()]
            if rng.random() < 0.1:
                lines.insert(rng.randrange(len(lines)), rng.choice(("no equals", "= x", "A==B")))
            text = "\n".join(lines) + "\n"
        yield text


# ------------------------------------------------------------------ TOML documents


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(node, dict):
        for k, v in node.items():
            out.extend(_paths(v, (*prefix, k)))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out.extend(_paths(v, (*prefix, i)))
    return out


def _get_parent(doc: Any, path: tuple[Any, ...]) -> tuple[Any, Any]:
    node = doc
    for p in path[:-1]:
        node = node[p]
    return node, path[-1]


def _odd_value(rng: random.Random) -> Any:
    pool: list[Any] = [
        float("inf"), float("-inf"), float("nan"), 1e308, -1e308, 5e-324, -1, 0, 10**18,
        "", "é", "x" * 300, "soyuz ms", "2025-04-08T05:47:15", "lanch_utc", True, [], {},
        [1, "a"], {"a": {"b": 1}}, 1.5,
        datetime(1, 1, 1, tzinfo=UTC), datetime(9999, 12, 31, 23, tzinfo=UTC),
        datetime(1900, 1, 1, tzinfo=UTC), datetime(2101, 1, 1, tzinfo=UTC),
        datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=5))),
        datetime(9999, 12, 31, 23, 59, tzinfo=timezone(timedelta(hours=-5))),
        datetime(2030, 1, 1, tzinfo=UTC).replace(tzinfo=None), date(1, 1, 1), date(9999, 12, 31),
        1700000000,
    ]  # fmt: skip
    return rng.choice(pool)


def _mutate_doc(rng: random.Random, doc: dict[str, Any]) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    for _ in range(rng.randint(1, 3)):
        paths = _paths(doc)
        if not paths:
            break
        path = rng.choice(paths)
        parent, key = _get_parent(doc, path)
        r = rng.random()
        if r < 0.55:
            parent[key] = _odd_value(rng)
        elif r < 0.7:
            del parent[key]
        elif r < 0.8 and isinstance(key, str) and len(key) > 2:  # misspelt field
            i = rng.randrange(len(key))
            parent[key[:i] + key[i + 1 :]] = parent.pop(key)
        elif r < 0.9 and isinstance(parent, dict):
            parent[f"unknown_{rng.randrange(9)}"] = 1
        elif isinstance(parent[key], list) and parent[key]:
            parent[key].append(copy.deepcopy(parent[key][0]))  # duplicate ids
        else:
            parent[key] = [parent[key]]
    return doc


def _deep_toml(rng: random.Random) -> str:
    depth = rng.randint(100, 1200)
    if rng.random() < 0.5:
        return "x = " + "[" * depth + "]" * depth + "\n"
    return "x = " + "{a = " * depth + "1" + "}" * depth + "\n"


def _toml_texts(bases: list[str], n: int, seed: int) -> Iterator[str]:
    rng = random.Random(seed)
    docs = [tomllib.loads(b) for b in bases]
    for _ in range(n):
        k = rng.randrange(len(bases))
        base, doc = bases[k], docs[k]
        r = rng.random()
        if r < 0.03:
            yield _deep_toml(rng)
        elif r < 0.13:  # character-level damage to the text
            text = base
            for _ in range(rng.randint(1, 3)):
                i = rng.randrange(len(text))
                text = text[:i] + rng.choice(CHARS + "[]{}=\"'\n") + text[i + 1 :]
            yield text
        else:
            try:
                yield tomli_w.dumps(_mutate_doc(rng, doc))
            except (TypeError, ValueError):  # a value TOML cannot hold: damage the text instead
                yield base.replace("=", "= =", 1)


def _examples(*names: str) -> list[str]:
    return [(REPO / "examples" / n).read_text(encoding="utf-8") for n in names]


def manifest_texts(n: int, seed: int = 3) -> Iterator[str]:
    """``n`` manifests mutated from the example manifests and the built-in 2022-2025 history."""
    from crossflight.model.catalog import builtin_manifest_text

    bases = _examples("minimal.toml", "ms22-leak.toml", "ros-inline-station.toml")
    bases.append(builtin_manifest_text("iss-2022-2025"))
    yield from _toml_texts(bases, n, seed)


def request_texts(n: int, seed: int = 4) -> Iterator[str]:
    """``n`` planning requests mutated from the example requests."""
    bases = _examples("plan-iss-2026-2030.toml", "plan-rs-ends-2028-ros.toml",
                      "plan-soyuz-grounded.toml", "plan-impossible.toml")  # fmt: skip
    yield from _toml_texts(bases, n, seed)


def plan_crew_args(n: int, workdir: Path, seed: int = 5) -> Iterator[tuple[list[str], bool]]:
    """``n`` ``plan-crew`` argument lists and whether the arguments themselves are valid.

    Requests are mutated files (as :func:`request_texts`); arguments are mutated too: bad
    ``--time-limit`` / ``--workers`` / ``--seed`` values, unknown options, a missing request,
    an output path that is a directory, in a missing directory or in an unwritable one.
    """
    rng = random.Random(seed)
    requests = request_texts(n, seed)
    (workdir / "a-directory").mkdir(exist_ok=True)
    locked = workdir / "locked"
    locked.mkdir(exist_ok=True)
    locked.chmod(0o500)
    for k in range(n):
        path = workdir / f"request-{k % 50}.toml"
        path.write_text(next(requests), encoding="utf-8")
        args = ["plan-crew", str(path), "--out", str(workdir / "out.toml"), "--time-limit", "0.01"]
        ok = True
        r = rng.random()
        if r < 0.5:
            pass  # the request file carries the fault
        elif r < 0.6:
            args[5] = rng.choice(("0", "-1", "abc", "nan", "inf", "-inf", "1e-9", ""))
            ok = args[5] in ("1e-9",)
        elif r < 0.7:
            args[3] = rng.choice((str(workdir / "a-directory"), str(workdir / "missing" / "x"),
                                  str(locked / "x.toml"), str(workdir) + "/"))  # fmt: skip
            ok = args[3] == str(locked / "x.toml") and os.access(locked, os.W_OK)  # root can
        elif r < 0.8:
            args += rng.choice((["--workers", "0"], ["--workers", "abc"], ["--seed", "x"],
                                ["--bogus"], ["--json", "--json"]))  # fmt: skip
            ok = args[-2:] == ["--json", "--json"]
        elif r < 0.9:
            args[1] = rng.choice((str(workdir / "missing.toml"), str(workdir / "a-directory")))
            ok = False
        else:
            args = args[: rng.choice((1, 2, 3, 5))]  # no request, no --out, options without value
            ok = False
        yield args, ok
