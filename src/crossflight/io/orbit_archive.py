"""The built-in archive of real station element sets (``data/orbits/<station>/``).

>>> sets = archive_element_sets("iss")                  # doctest: +SKIP
>>> [f.name for f in archive_files("iss")][:2]          # doctest: +SKIP
['iss-2022-03-12.tle', 'iss-2022-06-30.tle']

Each station has an index ``data/orbits/<station>.toml`` (catalogue number, source, one line per
file) and a folder of TLE or OMM files holding the sets exactly as published.  The sets are read
with the same strict readers as user files (:mod:`crossflight.io.tle`, :mod:`crossflight.io.omm`).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from crossflight.errors import UnknownIdError
from crossflight.io.omm import read_omm
from crossflight.io.tle import ElementSet, read_tle

__all__ = [
    "ArchiveFile",
    "archive_dir",
    "archive_element_sets",
    "archive_files",
    "archive_index",
    "archive_stations",
    "read_element_set_file",
]


@dataclass(frozen=True)
class ArchiveFile:
    """One file of the built-in archive: its name, what it holds and its element sets."""

    name: str
    path: Path
    description: str
    element_sets: tuple[ElementSet, ...]


def _orbits_dir() -> Path:
    return Path(str(resources.files("crossflight.data"))) / "orbits"


def archive_stations() -> list[str]:
    """Stations with a built-in archive (``["iss"]``)."""
    return sorted(p.stem for p in _orbits_dir().glob("*.toml"))


@cache
def archive_index(station: str = "iss") -> dict[str, object]:
    """The archive index of ``station`` (``catnr``, ``name``, ``source``, ``files``)."""
    path = _orbits_dir() / f"{station}.toml"
    if not path.is_file():
        raise UnknownIdError(
            f"no built-in element-set archive for station {station!r}",
            field="--station",
            fix=f"use one of {', '.join(archive_stations())}, a TLE/OMM file or a cached name",
        )
    return tomllib.loads(path.read_text(encoding="utf-8"))


def archive_dir(station: str = "iss") -> Path:
    """Folder holding the archive files of ``station``."""
    archive_index(station)
    return _orbits_dir() / station


def read_element_set_file(path: Path) -> list[ElementSet]:
    """Every element set of a TLE or OMM (JSON/XML/KVN) file, format detected from the content."""
    head = path.read_text(encoding="utf-8-sig")[:4096].lstrip()
    if head.startswith(("[", "{", "<")) or "CCSDS_OMM_VERS" in head:
        return read_omm(path)
    return read_tle(path)


@cache
def archive_files(station: str = "iss") -> tuple[ArchiveFile, ...]:
    """The archive files of ``station`` in index order (oldest first)."""
    index = archive_index(station)
    folder = archive_dir(station)
    files = index.get("files", {})
    assert isinstance(files, dict)
    out = []
    for name, description in files.items():
        path = folder / name
        out.append(ArchiveFile(name, path, str(description), tuple(read_element_set_file(path))))
    return tuple(out)


def archive_element_sets(station: str = "iss") -> list[ElementSet]:
    """All element sets of the archive of ``station``, sorted by epoch."""
    sets = [e for f in archive_files(station) for e in f.element_sets]
    return sorted(sets, key=lambda e: e.epoch_utc_s)
