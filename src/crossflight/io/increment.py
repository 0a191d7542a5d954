"""Read increment TOML files (format ``crossflight-increment/1``, see ``docs/experiments.md``)
and pair them with their experiment catalog and crew manifest.

Every bad input raises an :class:`~crossflight.errors.InputError` whose one-line message names
the file (the increment or the catalog), the field and the fix.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, time
from pathlib import Path

from pydantic import ValidationError

from crossflight.errors import CatalogError, InputError
from crossflight.io.catalog import load_catalog, parse_toml, validation_error
from crossflight.io.files import read_text_input
from crossflight.io.manifest import load_builtin_manifest, load_manifest
from crossflight.model.experiments import Catalog
from crossflight.model.increment import Increment, IncrementSetup
from crossflight.model.resolve import ResolvedManifest, resolve_manifest

__all__ = ["aboard_in", "load_increment", "loads_increment", "setup_increment"]


def aboard_in(manifest: ResolvedManifest, start: datetime, end: datetime) -> list[str]:
    """People of ``manifest`` aboard at some time in [start, end), in id order."""
    out = set()
    for st in manifest.stays:
        arrive = manifest.flights[st.up_flight].dock_utc
        leave = manifest.end_utc
        if st.down_flight is not None:
            leave = manifest.flights[st.down_flight].undock_utc or manifest.end_utc
        if arrive < end and leave > start:
            out.add(st.person)
    return sorted(out)


def _fail(msg: str, source: str, field: str, fix: str) -> CatalogError:
    return CatalogError(msg, source=source, field=field, fix=fix)


def _check_increment(inc: Increment, m: ResolvedManifest, crew: list[str], src: str) -> None:
    people = set(m.crew)
    for i, p in enumerate(inc.crew):
        if p not in people:
            raise _fail(
                f"unknown person {p!r}", src, f"crew[{i}]", "use a person id of the manifest"
            )
    persons = (
        *(("crew_time", i, c.person) for i, c in enumerate(inc.crew_time)),
        *(("qualifications", i, q.person) for i, q in enumerate(inc.qualifications)),
    )
    for name, i, person in persons:
        if person not in crew:
            raise _fail(
                f"{person!r} is not in the increment's crew",
                src,
                f"{name}[{i}].person",
                f"use one of {', '.join(crew)}",
            )
    for i, ct in enumerate(inc.crew_time):
        for ag in ct.shares:
            if ag not in m.agencies:
                raise _fail(
                    f"unknown agency {ag!r}",
                    src,
                    f"crew_time[{i}].shares",
                    f"use one of {', '.join(sorted(m.agencies))}",
                )
    for i, b in enumerate(inc.blocked):
        for j, p in enumerate(b.crew):
            if p not in crew:
                raise _fail(
                    f"{p!r} is not in the increment's crew",
                    src,
                    f"blocked[{i}].crew[{j}]",
                    f"use one of {', '.join(crew)}",
                )
    for i, c in enumerate(inc.cargo):
        if c.id in m.flights:
            raise _fail(
                f"cargo id {c.id!r} is also a flight of the manifest",
                src,
                f"cargo[{i}].id",
                "give the cargo visit its own id",
            )


def _check_catalog(cat: Catalog, setup: IncrementSetup, src: str) -> None:
    m = setup.manifest
    segments = {s.id for s in m.station.segments}
    vehicles = set(setup.vehicle_ids())
    for i, e in enumerate(cat.experiments):
        where = f"experiments[{i}] ({e.id})"
        if e.agency not in m.agencies:
            raise _fail(
                f"unknown agency {e.agency!r}",
                src,
                f"{where}.agency",
                f"use one of {', '.join(sorted(m.agencies))}",
            )
        if e.segment not in segments:
            raise _fail(
                f"unknown segment {e.segment!r}",
                src,
                f"{where}.segment",
                f"use one of {', '.join(sorted(segments))}",
            )
        for j, p in enumerate(e.crew):
            if p not in m.crew:
                raise _fail(
                    f"unknown person {p!r}", src, f"{where}.crew[{j}]", "use a crew catalog id"
                )
        refs = (
            ("precedence.after_arrival", e.precedence.after_arrival),
            ("cargo.arrives_on", e.cargo.arrives_on),
            ("cargo.returns_on", e.cargo.returns_on),
        )
        for name, fid in refs:
            if fid is not None and fid not in vehicles:
                raise _fail(
                    f"unknown vehicle {fid!r}",
                    src,
                    f"{where}.{name}",
                    "name a flight of the manifest or a [[cargo]] visit of the increment",
                )


def setup_increment(
    inc: Increment,
    catalog: Catalog,
    manifest: ResolvedManifest,
    *,
    source: str = "<increment>",
    catalog_source: str = "<catalog>",
) -> IncrementSetup:
    """Cross-check an increment, its catalog and manifest; return what the scheduler needs."""
    start = datetime.combine(inc.start, time(0), tzinfo=UTC)
    end = datetime.combine(inc.end, time(0), tzinfo=UTC)
    crew = list(inc.crew) or aboard_in(manifest, start, end)
    _check_increment(inc, manifest, crew, source)
    setup = IncrementSetup(inc, catalog, manifest, tuple(crew), source, catalog_source)
    _check_catalog(catalog, setup, catalog_source)
    return setup


def loads_increment(
    text: str, *, source: str = "<increment>", base_dir: str | os.PathLike[str] = "."
) -> IncrementSetup:
    """Parse increment TOML ``text``; its catalog and manifest paths are relative to
    ``base_dir``."""
    raw = parse_toml(text, source)
    try:
        inc = Increment.model_validate(raw)
    except ValidationError as exc:
        raise validation_error(exc, raw, source, top="increment") from None
    base = Path(base_dir)
    if inc.manifest.builtin is not None:
        try:
            manifest = load_builtin_manifest(inc.manifest.builtin)
        except InputError as exc:
            raise CatalogError(
                exc.message, source=source, field="manifest.builtin", fix=exc.fix
            ) from None
        resolved = resolve_manifest(manifest, source=f"builtin:{inc.manifest.builtin}")
    else:
        assert inc.manifest.path is not None
        path = base / inc.manifest.path
        resolved = resolve_manifest(load_manifest(path), source=str(path))
    cat_path = base / inc.catalog
    catalog = load_catalog(cat_path)
    return setup_increment(inc, catalog, resolved, source=source, catalog_source=str(cat_path))


def load_increment(path: str | os.PathLike[str]) -> IncrementSetup:
    """Read the increment file ``path`` with its catalog and manifest."""
    text = read_text_input(path, error=CatalogError, fix="give a readable UTF-8 TOML file")
    p = Path(path)
    return loads_increment(text, source=str(p), base_dir=p.parent)
