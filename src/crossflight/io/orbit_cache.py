"""Element sets downloaded from CelesTrak's GP service into the user's cache.

>>> cached = fetch_to_cache(25544)                      # doctest: +SKIP
>>> cached.path.name, cached.epochs_utc_s               # doctest: +SKIP
('2026-12-01T093512.omm.json', (1796117712.0,))
>>> [c.name for c in list_cache()]                      # doctest: +SKIP
['iss']

The service is ``https://celestrak.org/NORAD/elements/gp.php?CATNR=25544&FORMAT=json``
(CelesTrak "A New Way to Obtain GP Data", T.S. Kelso); ``FORMAT=tle`` gives the 3-line form.
Downloads use httpx with a timeout and a few retries (connection errors, timeouts, HTTP 5xx and
429), are parsed with the strict readers before anything is written, and are written
atomically.  The cache folder is ``platformdirs.user_cache_dir("crossflight")/orbits``, or
``$CROSSFLIGHT_CACHE_DIR/orbits``; ``$CROSSFLIGHT_GP_URL`` replaces the service address.
Files are ``orbits/<name>/<first epoch>.omm.json|.tle``, so earlier downloads stay available.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import platformdirs

from crossflight.errors import ElementSetError, FetchError, RequestError
from crossflight.io.files import write_text_atomic
from crossflight.io.omm import parse_omm_text
from crossflight.io.orbit_archive import read_element_set_file
from crossflight.io.tle import ElementSet, parse_tle_text
from crossflight.times import from_unix_s

__all__ = [
    "DEFAULT_GP_URL",
    "FORMATS",
    "CachedFile",
    "cache_dir",
    "cached_element_sets",
    "default_name",
    "fetch_to_cache",
    "gp_url",
    "list_cache",
    "parse_download",
]

DEFAULT_GP_URL = "https://celestrak.org/NORAD/elements/gp.php"
#: CLI format name -> (CelesTrak FORMAT value, file suffix)
FORMATS = {"omm-json": ("json", ".omm.json"), "tle": ("tle", ".tle")}
#: Names of well-known catalogue numbers (``--station iss``).
KNOWN_NAMES = {25544: "iss", 48274: "css"}
_RETRY_STATUS = {429, 500, 502, 503, 504}


@dataclass(frozen=True)
class CachedFile:
    """One downloaded file of the cache: station name, path and its element sets."""

    name: str
    path: Path
    element_sets: tuple[ElementSet, ...]

    @property
    def epochs_utc_s(self) -> tuple[float, ...]:
        """Epochs of its element sets (POSIX UTC seconds)."""
        return tuple(e.epoch_utc_s for e in self.element_sets)


def cache_dir() -> Path:
    """The folder of downloaded element sets (not created here)."""
    root = os.environ.get("CROSSFLIGHT_CACHE_DIR") or platformdirs.user_cache_dir("crossflight")
    return Path(root) / "orbits"


def gp_url() -> str:
    """The GP service address: ``$CROSSFLIGHT_GP_URL`` or CelesTrak's."""
    return os.environ.get("CROSSFLIGHT_GP_URL") or DEFAULT_GP_URL


def default_name(catnr: int) -> str:
    """Cache name of a catalogue number (``iss`` for 25544, else ``catnr-NNNNN``)."""
    return KNOWN_NAMES.get(catnr, f"catnr-{catnr}")


def _download(url: str, params: dict[str, str], timeout_s: float, retries: int) -> str:
    last = ""
    for attempt in range(retries + 1):
        try:
            response = httpx.get(url, params=params, timeout=timeout_s, follow_redirects=True)
        except httpx.HTTPError as exc:
            last = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        else:
            if response.status_code == 200:
                return response.text
            last = f"HTTP {response.status_code}"
            if response.status_code not in _RETRY_STATUS:
                break
        if attempt < retries:
            time.sleep(min(0.5 * 2**attempt, 4.0))
    raise FetchError(
        f"could not download the element set ({last}) after {attempt + 1} attempt(s)",
        source=str(httpx.URL(url, params=params)),
        fix="check the network connection, or use the built-in archive (--station iss)",
    )


def parse_download(text: str, fmt: str, source: str) -> list[ElementSet]:
    """The element sets of a GP answer in ``fmt``, or :class:`FetchError` saying why not."""
    if not text.strip() or text.strip().lower().startswith("no gp data"):
        raise FetchError(
            "the service has no element set for this catalogue number",
            source=source,
            field="CATNR",
            fix="check the NORAD catalogue number (the ISS is 25544)",
        )
    try:
        return (
            parse_omm_text(text, source=source)
            if fmt == "omm-json"
            else parse_tle_text(text, source=source)
        )
    except ElementSetError as exc:
        raise FetchError(
            f"the downloaded element set is not valid: {exc.message}",
            source=source,
            field=exc.field,
            fix="try again later; the service may be serving an error page",
        ) from None


def fetch_to_cache(
    catnr: int = 25544,
    *,
    fmt: str = "omm-json",
    name: str | None = None,
    url: str | None = None,
    timeout_s: float = 20.0,
    retries: int = 2,
) -> CachedFile:
    """Download the current GP element set of ``catnr`` and store it in the cache."""
    if fmt not in FORMATS:
        raise RequestError(
            f"unknown format {fmt!r}", field="--format", fix=f"use one of {', '.join(FORMATS)}"
        )
    if not 0 < catnr < 10**9:
        raise RequestError(f"catalogue number {catnr} out of range", field="--catnr",
                           fix="give a NORAD catalogue number, e.g. 25544")  # fmt: skip
    base = url or gp_url()
    params = {"CATNR": str(catnr), "FORMAT": FORMATS[fmt][0]}
    text = _download(base, params, timeout_s, retries)
    source = str(httpx.URL(base, params=params))
    sets = parse_download(text, fmt, source)
    if any(e.satnum.lstrip("0") != str(catnr) for e in sets):
        raise FetchError(
            f"the service answered with catalogue number {sets[0].satnum}, not {catnr}",
            source=source,
            field="NORAD_CAT_ID",
            fix="check the service address (--url)",
        )
    label = name or default_name(catnr)
    first = min(e.epoch_utc_s for e in sets)
    stamp = from_unix_s(first).strftime("%Y-%m-%dT%H%M%S")
    folder = cache_dir() / label
    folder.mkdir(parents=True, exist_ok=True)
    path = write_text_atomic(folder / f"{stamp}{FORMATS[fmt][1]}", text, field="cache")
    return CachedFile(label, path, tuple(read_element_set_file(path)))


def list_cache() -> list[CachedFile]:
    """Every readable file of the cache, by name then epoch (unreadable files are skipped)."""
    root = cache_dir()
    out: list[CachedFile] = []
    if not root.is_dir():
        return out
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        for path in sorted(folder.iterdir()):
            if not path.name.endswith((".omm.json", ".tle")):
                continue
            try:
                sets = read_element_set_file(path)
            except (ElementSetError, OSError, UnicodeDecodeError):
                continue
            out.append(CachedFile(folder.name, path, tuple(sets)))
    return out


def cached_element_sets(name: str) -> list[ElementSet]:
    """All cached element sets of ``name`` sorted by epoch (empty if none)."""
    sets = [e for f in list_cache() if f.name == name for e in f.element_sets]
    return sorted(sets, key=lambda e: e.epoch_utc_s)
