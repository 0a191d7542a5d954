"""The built-in catalog: agencies, vehicle types, crew, stations and manifest texts from ``data/``.

Every file under ``crossflight/data`` carries a ``source`` per row or entry; nothing here holds
data in Python code.  Parsing a built-in manifest into a checked :class:`Manifest` is I/O
(:func:`crossflight.io.manifest.load_builtin_manifest`): ``model`` never imports ``io``.
"""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from pydantic import ValidationError

from crossflight.errors import ManifestError, UnknownIdError
from crossflight.model.agencies import Agency
from crossflight.model.crew import CrewMember
from crossflight.model.stations import Station
from crossflight.model.vehicles import VehicleType

__all__ = [
    "DataFileInfo",
    "builtin_manifest_ids",
    "builtin_manifest_text",
    "builtin_station_ids",
    "data_files",
    "load_agencies",
    "load_crew_catalog",
    "load_station",
    "load_vehicle_types",
]


def _data() -> Traversable:
    return resources.files("crossflight.data")


def _csv_rows(name: str) -> list[dict[str, str]]:
    text = _data().joinpath(name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines))


def _toml(path: str) -> dict[str, Any]:
    return tomllib.loads(_data().joinpath(path).read_text(encoding="utf-8"))


def _built(model: type[Any], raw: dict[str, Any], where: str) -> Any:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:  # a broken built-in file is a packaging bug, say where
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"])
        raise ManifestError(err["msg"], source=f"crossflight/data/{where}", field=loc) from None


@cache
def load_agencies() -> dict[str, Agency]:
    """Built-in agencies keyed by id (``NASA``, ``ROSCOSMOS``, ``AXIOM``…)."""
    return {r["id"]: _built(Agency, dict(r), "agencies.csv") for r in _csv_rows("agencies.csv")}


@cache
def load_crew_catalog() -> dict[str, CrewMember]:
    """Built-in crew members keyed by id (``rubio``, ``kononenko``…)."""
    return {r["id"]: _built(CrewMember, dict(r), "crew.csv") for r in _csv_rows("crew.csv")}


@cache
def load_vehicle_types() -> dict[str, VehicleType]:
    """Built-in vehicle types keyed by id (``soyuz-ms``, ``crew-dragon``…)."""
    raw = _toml("vehicles.toml")
    out: dict[str, VehicleType] = {}
    for i, entry in enumerate(raw.get("vehicle", [])):
        v: VehicleType = _built(VehicleType, entry, f"vehicles.toml: vehicle[{i}]")
        out[v.id] = v
    return out


def builtin_station_ids() -> list[str]:
    """Ids of the built-in stations (``iss``)."""
    d = _data().joinpath("stations")
    return sorted(p.name.removesuffix(".toml") for p in d.iterdir() if p.name.endswith(".toml"))


@cache
def load_station(station_id: str) -> Station:
    """The built-in station ``station_id``."""
    if station_id not in builtin_station_ids():
        raise UnknownIdError(
            f"unknown built-in station {station_id!r}",
            field="station.builtin",
            fix=f"use one of {', '.join(builtin_station_ids())} or define the station inline",
        )
    path = f"stations/{station_id}.toml"
    station: Station = _built(Station, _toml(path), path)
    return station


def builtin_manifest_ids() -> list[str]:
    """Ids of the built-in manifests (``iss-2022-2025``)."""
    d = _data().joinpath("manifests")
    return sorted(p.name.removesuffix(".toml") for p in d.iterdir() if p.name.endswith(".toml"))


def builtin_manifest_text(manifest_id: str) -> str:
    """The TOML text of the built-in manifest ``manifest_id``."""
    if manifest_id not in builtin_manifest_ids():
        raise UnknownIdError(
            f"unknown built-in manifest {manifest_id!r}",
            field="--builtin",
            fix=f"use one of {', '.join(builtin_manifest_ids())}",
        )
    return _data().joinpath(f"manifests/{manifest_id}.toml").read_text(encoding="utf-8")


@dataclass(frozen=True)
class DataFileInfo:
    """Provenance of one built-in data file: path, entry count and distinct sources."""

    path: str
    entries: int
    sources: tuple[str, ...]
    without_source: int = 0


def _missing(items: list[Any]) -> int:
    return sum(1 for item in items if not getattr(item, "source", ""))


def _sources_of(items: list[Any]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for item in items:
        s = getattr(item, "source", "") or ""
        if s:
            seen.setdefault(s, None)
    return tuple(seen)


def _info(path: str, items: list[Any]) -> DataFileInfo:
    return DataFileInfo(path, len(items), _sources_of(items), _missing(items))


@dataclass(frozen=True)
class _Entry:
    source: str


def _toml_entries(raw: dict[str, Any]) -> list[Any]:
    """The tables of a TOML document that hold values (its entries), nested ones included."""
    out: list[Any] = []
    stack: list[dict[str, Any]] = [raw]
    while stack:
        table = stack.pop()
        subs = [v for v in table.values() if isinstance(v, dict)]
        if table is not raw and any(not isinstance(v, dict) for v in table.values()):
            out.append(_Entry(str(table.get("source", ""))))
        stack.extend(reversed(subs))
    return out


def _table_source(table: dict[str, Any], inherited: str) -> str:
    own = table.get("source") or table.get("sources")
    if isinstance(own, list):
        own = "; ".join(str(s) for s in own)
    return str(own) if own else inherited


def _any_toml_entries(raw: dict[str, Any]) -> list[Any]:
    """Every table holding values (arrays of tables included); a table without its own source
    takes the nearest enclosing one's (a file-level source covers its tables)."""
    out: list[Any] = []
    stack: list[tuple[dict[str, Any], str, bool]] = [(raw, "", True)]
    while stack:
        table, inherited, is_root = stack.pop()
        source = _table_source(table, inherited)
        values = [v for v in table.values() if not isinstance(v, dict | list)]
        subs = [v for v in table.values() if isinstance(v, dict)]
        subs += [x for v in table.values() if isinstance(v, list) for x in v if isinstance(x, dict)]
        if values and (not is_root or not subs):
            out.append(_Entry(source))
        stack.extend((t, source, False) for t in reversed(subs))
    return out


def _other_files(known: set[str]) -> list[DataFileInfo]:
    """The data files not listed by name (campaign, orbit-archive and validation tables...)."""
    infos = []
    dirs = [(_data(), "")]
    while dirs:
        d, prefix = dirs.pop()
        for item in sorted(d.iterdir(), key=lambda x: x.name):
            name = f"{prefix}{item.name}"
            if item.is_dir() and not item.name.startswith(("_", ".")):
                dirs.append((item, f"{name}/"))
            elif name not in known and name.endswith(".csv"):
                rows = [_Entry(r.get("source") or "") for r in _csv_rows(name)]
                infos.append(_info(name, rows))
            elif name not in known and name.endswith(".toml"):
                infos.append(_info(name, _any_toml_entries(_toml(name))))
    return sorted(infos, key=lambda i: i.path)


def data_files() -> list[DataFileInfo]:
    """Every built-in data file with its number of entries and its sources (for ``doctor``).

    Entries are rows (CSV) or tables (TOML): for a station its segments and ports, for a
    manifest its flights and lifeboat events.
    """
    from crossflight.model.manifest import Manifest
    from crossflight.model.sites import load_sites

    infos = [
        _info("agencies.csv", [*load_agencies().values()]),
        _info("crew.csv", [*load_crew_catalog().values()]),
        _info("vehicles.toml", [*load_vehicle_types().values()]),
        _info("sites.csv", [*load_sites().values()]),
        # read as tables, not through model.launchers: the catalog stays free of the physics
        # core (the experiment verifier's contract); they are validated where they are used
        *(_info(n, _toml_entries(_toml(n))) for n in ("launchers.toml", "profiles.toml")),
        _info("rendezvous.toml", _toml_entries(_toml("rendezvous.toml"))),
    ]
    for sid in builtin_station_ids():
        st = load_station(sid)
        infos.append(_info(f"stations/{sid}.toml", [*st.segments, *st.ports]))
    for mid in builtin_manifest_ids():
        path = f"manifests/{mid}.toml"
        m: Manifest = _built(Manifest, tomllib.loads(builtin_manifest_text(mid)), path)
        items: list[Any] = [*m.flights, *m.seat_moves, *m.vehicle_status, *m.extra_seats]
        infos.append(_info(f"manifests/{mid}.toml", items))
    return infos + _other_files({i.path for i in infos})
