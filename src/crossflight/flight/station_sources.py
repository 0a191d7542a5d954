"""Where a station orbit comes from: a file, a cached download or the built-in archive.

>>> src = resolve_station("iss")                        # doctest: +SKIP
>>> src.orbit, src.describe_nearest(t_utc_s)            # doctest: +SKIP

``--station`` accepts

* a path to a TLE or OMM file;
* a cached name (``crossflight orbit fetch`` stores ``iss`` for NORAD 25544);
* ``iss``: the cached downloads together with the built-in archive of real ISS element sets.

Every instant is propagated from the element set nearest to it in epoch, so a fresh download
is used for current dates and the archive for past ones; a cached set with the same epoch as an
archive set replaces it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from crossflight.errors import UnknownIdError
from crossflight.flight.orbits import StationOrbit, load_station_orbit
from crossflight.io.orbit_archive import archive_element_sets, archive_stations
from crossflight.io.orbit_cache import cached_element_sets, list_cache
from crossflight.io.tle import ElementSet
from crossflight.times import format_utc, from_unix_s

__all__ = ["StationSource", "resolve_station"]

#: Two sets whose epochs are closer than this are the same set (s).
_SAME_EPOCH_S = 1.0


@dataclass(frozen=True)
class StationSource:
    """A resolved ``--station``: the orbit and what it was built from."""

    spec: str
    kind: str  # "file", "cache", "cache+archive" or "archive"
    orbit: StationOrbit

    def nearest(self, t_utc_s: float) -> tuple[ElementSet, float]:
        """The set used at ``t_utc_s`` and its age there in days (positive: epoch before)."""
        chosen = self.orbit.nearest_set(t_utc_s)
        return chosen, (t_utc_s - chosen.epoch_utc_s) / 86400.0

    def describe_nearest(self, t_utc_s: float) -> str:
        """One line: which set is used at ``t_utc_s``, from where, and how old it is there."""
        chosen, age = self.nearest(t_utc_s)
        if self.kind == "file":
            origin = ""
        elif _in_cache(chosen):
            origin = f" (cache {chosen.source})"
        else:
            origin = f" (built-in archive {Path(chosen.source).name})"
        when = "before" if age >= 0 else "after"
        return (
            f"station {self.spec}: element set of {format_utc(from_unix_s(chosen.epoch_utc_s))}"
            f"{origin}, {abs(age):.1f} days {when} {format_utc(from_unix_s(t_utc_s))}"
        )


def _in_cache(e: ElementSet) -> bool:
    return any(e.source == str(f.path) for f in list_cache())


def _merge(cached: list[ElementSet], archived: list[ElementSet]) -> list[ElementSet]:
    epochs = [c.epoch_utc_s for c in cached]
    keep = [a for a in archived if all(abs(a.epoch_utc_s - t) > _SAME_EPOCH_S for t in epochs)]
    return sorted([*cached, *keep], key=lambda e: e.epoch_utc_s)


def resolve_station(
    spec: str | Path, *, strict: bool = False, allow_stale: bool = False
) -> StationSource:
    """The station orbit named by ``spec`` (file path, cached name or built-in station id)."""
    text = str(spec)
    path = Path(text)
    if path.is_file():
        orbit = load_station_orbit(path, strict=strict, allow_stale=allow_stale)
        return StationSource(text, "file", orbit)
    cached = cached_element_sets(text)
    archived = archive_element_sets(text) if text in archive_stations() else []
    if cached or archived:
        kind = "cache+archive" if cached and archived else "cache" if cached else "archive"
        sets = _merge(cached, archived)
        return StationSource(text, kind, StationOrbit(sets, strict=strict, allow_stale=allow_stale))
    names = sorted({*archive_stations(), *(f.name for f in list_cache())})
    looks_like_file = path.suffix != "" or "/" in text
    raise UnknownIdError(
        f"no such file{'' if looks_like_file else ', cached name or built-in station'}: {text!r}",
        field="--station",
        fix=f"give a TLE/OMM file or one of {', '.join(names)} "
        "(`crossflight orbit fetch` downloads the current ISS set)",
    )
