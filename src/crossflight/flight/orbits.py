"""The station's orbit: element sets read strictly from TLE or OMM, propagated with SGP4.

>>> orbit = StationOrbit.from_tle("iss.tle")            # doctest: +SKIP
>>> r_km, v_km_s = orbit.state_teme(t_utc_s)            # doctest: +SKIP

Each requested instant is propagated from the element set nearest to it in epoch.  An element
set more than :data:`STALE_LIMIT_DAYS` from a requested instant gives a
:class:`~crossflight.errors.StaleElementSetWarning` (or, with ``strict=True``, a
:class:`~crossflight.errors.StaleElementSetError`); beyond :data:`HARD_STALE_LIMIT_DAYS` it is
refused unless ``allow_stale=True``.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from crossflight.errors import PropagationError, StaleElementSetError, StaleElementSetWarning
from crossflight.io.omm import parse_omm_text, read_omm
from crossflight.io.tle import ElementSet, parse_tle_text, read_tle
from crossflight.physics.propagation import SGP4_ERRORS, ElementSetArray
from crossflight.times import format_utc, from_unix_s

__all__ = ["HARD_STALE_LIMIT_DAYS", "STALE_LIMIT_DAYS", "StationOrbit", "load_station_orbit"]

#: An element set further than this from a requested instant is stale (days): a warning, an
#: error with ``strict``.  Two weeks of ISS drag and a typical reboost put the along-track
#: position off by hundreds of km: phasing results are unreliable, the plane is still good.
STALE_LIMIT_DAYS = 14.0
#: Beyond this the set is refused unless ``allow_stale`` (days): after a quarter of a year the
#: node rate error alone (~0.002 deg/day from the altitude change) moves the plane by ~0.2 deg,
#: about a minute of in-plane time at the pad, and the phase is off by many orbits.
HARD_STALE_LIMIT_DAYS = 90.0

FloatArray = NDArray[np.float64]


class StationOrbit:
    """A station's orbit as one or more SGP4 element sets (nearest-epoch selection).

    Build it with :meth:`from_tle` or :meth:`from_omm`; ``strict`` turns the staleness
    warning into an error.
    """

    def __init__(
        self,
        element_sets: Sequence[ElementSet],
        *,
        strict: bool = False,
        allow_stale: bool = False,
    ) -> None:
        if not element_sets:
            raise ValueError("a StationOrbit needs at least one element set")
        self.element_sets: list[ElementSet] = sorted(element_sets, key=lambda e: e.epoch_utc_s)
        self.strict = strict
        self.allow_stale = allow_stale
        self.source = self.element_sets[0].source
        self._array = ElementSetArray(
            [e.satrec for e in self.element_sets], [e.epoch_utc_s for e in self.element_sets]
        )

    # -- constructors --------------------------------------------------------------------------
    @classmethod
    def from_tle(
        cls, path_or_text: str | Path, *, strict: bool = False, allow_stale: bool = False
    ) -> StationOrbit:
        """From a TLE file path or TLE text (2- or 3-line, several sets allowed)."""
        if isinstance(path_or_text, str) and "\n" in path_or_text.strip():
            return cls(parse_tle_text(path_or_text), strict=strict, allow_stale=allow_stale)
        return cls(read_tle(path_or_text), strict=strict, allow_stale=allow_stale)

    @classmethod
    def from_omm(cls, path: str | Path, *, strict: bool = False) -> StationOrbit:
        """From a CCSDS OMM file as CelesTrak serves it (JSON, XML or KVN)."""
        return cls(read_omm(path), strict=strict)

    @classmethod
    def from_omm_text(cls, text: str, *, source: str = "<text>") -> StationOrbit:
        """From OMM text (JSON, XML or KVN)."""
        return cls(parse_omm_text(text, source=source))

    # -- queries -------------------------------------------------------------------------------
    @property
    def epochs_utc_s(self) -> FloatArray:
        """Epochs of the element sets, POSIX UTC seconds, ascending."""
        return self._array.epochs_utc_s

    @property
    def elements(self) -> ElementSetArray:
        """The physics-core propagator (for :mod:`crossflight.physics`)."""
        return self._array

    def staleness_days(self, t_utc_s: FloatArray) -> float:
        """Largest distance in days between a requested instant and its nearest element set."""
        t = np.atleast_1d(np.asarray(t_utc_s, dtype=float))
        idx = self._array.nearest_index(t)
        return float(np.max(np.abs(t - self._array.epochs_utc_s[idx])) / 86400.0)

    def nearest_set(self, t_utc_s: float) -> ElementSet:
        """The element set used at ``t_utc_s`` (nearest epoch)."""
        idx = self._array.nearest_index(np.atleast_1d(np.asarray(t_utc_s, dtype=float)))
        return self.element_sets[int(idx[0])]

    def check_staleness(self, t_utc_s: FloatArray) -> float:
        """Warn if an instant is > 14 days from its element set (raise when strict); refuse
        beyond 90 days unless ``allow_stale``.  Returns the largest distance in days."""
        days = self.staleness_days(t_utc_s)
        if days <= STALE_LIMIT_DAYS:
            return days
        t = np.atleast_1d(np.asarray(t_utc_s, dtype=float))
        worst = float(t[np.argmax(np.abs(t - self.epochs_utc_s[self._array.nearest_index(t)]))])
        epochs = self.epochs_utc_s
        shown = [format_utc(from_unix_s(e)) for e in epochs] if epochs.size <= 3 else []
        span = ", ".join(shown) or (
            f"{epochs.size} sets {format_utc(from_unix_s(epochs[0]))} .. "
            f"{format_utc(from_unix_s(epochs[-1]))}"
        )
        msg = (
            f"element set is {days:.1f} days from the requested time "
            f"{format_utc(from_unix_s(worst))} (epochs {span}); limit "
            f"{STALE_LIMIT_DAYS:g} days: results there are unreliable"
        )
        fix = "run `crossflight orbit fetch` or give a set from near that date"
        source = self.nearest_set(worst).source
        if days > HARD_STALE_LIMIT_DAYS and not self.allow_stale:
            raise StaleElementSetError(
                f"{msg}; refused beyond {HARD_STALE_LIMIT_DAYS:g} days",
                source=source,
                field="EPOCH",
                fix=f"{fix}, or pass --allow-stale to run anyway",
            )
        if self.strict:
            raise StaleElementSetError(msg, source=source, field="EPOCH", fix=fix)
        warnings.warn(f"{source}: {msg} (fix: {fix})", StaleElementSetWarning, 2)
        return days

    def state_teme(self, t_utc_s: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Vectorised SGP4 state: (N,3) position km and (N,3) velocity km/s in TEME.

        Rows where SGP4 failed are NaN (see :meth:`state_teme_checked` for the codes).
        """
        r, v, _ = self._array.state_teme(np.asarray(t_utc_s, dtype=float))
        return r, v

    def state_teme_with_errors(
        self, t_utc_s: FloatArray
    ) -> tuple[FloatArray, FloatArray, NDArray[np.int32]]:
        """(N,3) TEME position km, (N,3) velocity km/s and (N,) SGP4 error codes (0 = ok;
        :data:`crossflight.physics.propagation.SGP4_ERRORS` says what the others mean)."""
        return self._array.state_teme(np.asarray(t_utc_s, dtype=float))

    def state_teme_checked(self, t_utc_s: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Like :meth:`state_teme` but raises :class:`PropagationError` with the code in words."""
        t = np.atleast_1d(np.asarray(t_utc_s, dtype=float))
        r, v, err = self._array.state_teme(t)
        bad = np.flatnonzero(err)
        if bad.size:
            i = int(bad[0])
            code = int(err[i])
            raise PropagationError(
                f"SGP4 error {code} at {format_utc(from_unix_s(float(t[i])))}: "
                f"{SGP4_ERRORS.get(code, 'unknown error')}",
                source=self.source,
                field="EPOCH",
                fix="use an element set with an epoch close to the requested dates",
            )
        return r, v


def load_station_orbit(
    path: str | Path, *, strict: bool = False, allow_stale: bool = False
) -> StationOrbit:
    """Read a station orbit file, TLE or OMM (JSON/XML/KVN), detected from the content."""
    p = Path(path)
    try:
        head = p.read_text(encoding="utf-8-sig")[:4096].lstrip()
    except (OSError, UnicodeDecodeError):
        return StationOrbit(read_tle(p), strict=strict)  # read_tle reports the error
    if head.startswith(("[", "{", "<")) or "CCSDS_OMM_VERS" in head:
        return StationOrbit(read_omm(p), strict=strict, allow_stale=allow_stale)
    return StationOrbit(read_tle(p), strict=strict, allow_stale=allow_stale)
