"""Calibration of the window and rendezvous models across real flights, with leave-one-out.

Every calibrated parameter is ONE number per profile (launcher + rendezvous scheme), fitted as
the mean over the real flights of that profile (``real_flights.py``); its honesty is judged by
leave-one-out: each flight is predicted with the parameter fitted on the *other* flights.

Parameters (see ``docs/calibration.md``):

* ``liftoff_lead_s`` (profiles.toml): the lead tau of the liftoff condition
  ``h(tL + T) . (r_pad(tL) + tau v_pad(tL)) = 0``.  Each flight's implied tau is solved exactly
  at its real liftoff (the condition is linear in tau); the LOO residual is the liftoff the
  window search then predicts minus the real one.
* ``docking_offset_s`` (profiles.toml): the residual of the phase model's docking time
  (``insertion + (2 pi N - Theta)/n + final approach``), removed; LOO residual as above.
  Used by the ballistic schemes (2-orbit).
* ``docking_after_insertion_s`` (profiles.toml): for schemes whose docking is a scheduled slot
  (``SLOT_DOCKING``: 2-day, Dragon) the window model's docking is insertion + this slot; each
  flight implies its real docking minus its insertion.
* ``gate_after_insertion_rev`` (rendezvous.toml): when the scheme's terminal approach starts,
  in station revolutions after insertion (the published timeline's "autonomous approach"
  slot); each flight's implied value is its real docking minus the nominal simulated approach
  duration, minus the insertion.

Estimators: the liftoff lead is the MEAN of the implied leads (physics plus timing noise of a
few seconds, no outliers).  Docking slots are mission choices: now and then a whole revolution
earlier or later than usual (Soyuz MS-23 docked one orbit before the Progress flights of the
same scheme, at the same point of the orbit), so the docking offset and the gate slot are the
MEDIAN of the implied values, which such a flight does not drag.  Bands: the leave-one-out
residual range, except for schemes that dock on a scheduled revolution (``REVOLUTION_SLOT``:
the 2-day scheme), whose band is that revolution, half a station period either side of the
prediction; LOO residuals outside it are counted as flights that took another slot.

Run ``python tests/calibration.py`` to print the table of ``docs/calibration.md``;
``tests/test_calibration.py`` checks that the packaged data equal these fits.
"""

from __future__ import annotations

import math
import re
import statistics
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from crossflight.flight.rendezvous import nominal_approach_s, station_period_s
from crossflight.model.launchers import get_launcher, load_profiles
from crossflight.model.rendezvous import load_rendezvous_data
from crossflight.model.sites import get_site
from crossflight.physics.launch_windows import (
    ProfileWindow,
    _rot_z,
    _unit,
    find_windows,
)
from crossflight.physics.phase_windows import Profile
from crossflight.physics.propagation import site_state_teme
from real_flights import FLIGHTS, RealFlight

CALIBRATED_PROFILES = ("2-orbit", "2-day", "1-day")
SLOT_DOCKING = frozenset({"2-day", "1-day"})
"""Schemes whose docking is a scheduled slot after insertion (the phasing burns absorb the phase):
the window model predicts insertion + the calibrated slot, not the phase formula."""
REVOLUTION_SLOT = frozenset({"2-day"})
"""Schemes that dock on a scheduled revolution: the docking band is that revolution."""


@dataclass(frozen=True)
class FlightFit:
    """What one real flight implies, and how it is predicted by the others (LOO)."""

    flight: RealFlight
    implied_lead_s: float
    raw_docking_residual_s: float  # phase model (no offset) minus real docking
    implied_gate_rev: float
    implied_slot_s: float  # real docking minus insertion
    station_period_s: float
    approach_s: float


def _window(f: RealFlight, prof: Profile, lead_s: float | None) -> ProfileWindow:
    site = get_site(f.site)
    t = f.liftoff_utc.timestamp()
    raw = find_windows(
        f.station().state_teme,
        math.radians(site.latitude_deg),
        math.radians(site.longitude_deg),
        site.elevation_m / 1000.0,
        get_launcher(f.vehicle).ascent(),
        [
            replace(
                prof, liftoff_lead_s=lead_s, docking_offset_s=0.0, docking_after_insertion_s=None
            )
        ],
        t - 3 * 3600.0,
        t + 3 * 3600.0,
        directions=site.directions,
    )
    wins = [p for o in raw for p in o.profiles]
    if not wins:
        raise AssertionError(f"{f.name}: no {prof.name} window near the real liftoff")
    return min(wins, key=lambda w: abs(w.liftoff_utc_s - t))


def _base_profile(name: str) -> Profile:
    return load_profiles()[name].profile()


def flight_fit(f: RealFlight) -> FlightFit:
    """The implied calibration values of one flight (uncalibrated models)."""
    prof = _base_profile(f.profile)
    site = get_site(f.site)
    ascent = get_launcher(f.vehicle).ascent()
    win = _window(f, prof, None)
    t = f.liftoff_utc.timestamp()
    r_p, v_p = site_state_teme(
        np.array([t]),
        math.radians(site.latitude_deg),
        math.radians(site.longitude_deg),
        site.elevation_m / 1000.0,
    )
    r_s, v_s = f.station().state_teme(np.array([t + ascent.duration_s]))
    h = _rot_z(_unit(np.cross(r_s, v_s)), np.array([win.plane_shift_rad]))[0]
    lead = -float(h @ r_p[0]) / float(h @ v_p[0])
    t_ins = t + ascent.duration_s
    period = station_period_s(f.station(), t_ins)
    simulable = f.profile in load_rendezvous_data().scheme
    approach = nominal_approach_s(f.vehicle, None, f.profile) if simulable else math.nan
    gate_rev = (f.docking_utc.timestamp() - approach - t_ins) / period
    return FlightFit(
        flight=f,
        implied_lead_s=lead,
        raw_docking_residual_s=win.docking_utc_s - f.docking_utc.timestamp(),
        implied_gate_rev=gate_rev,
        implied_slot_s=f.docking_utc.timestamp() - t_ins,
        station_period_s=period,
        approach_s=approach,
    )


@dataclass(frozen=True)
class ProfileCalibration:
    """The fitted values of one profile and each flight's leave-one-out residuals."""

    profile: str
    flights: tuple[str, ...]
    liftoff_lead_s: float
    docking_offset_s: float
    docking_after_insertion_s: float | None
    gate_after_insertion_rev: float
    loo_liftoff_s: tuple[float, ...]  # predicted - real
    loo_window_docking_s: tuple[float, ...]
    loo_gate_docking_s: tuple[float, ...]
    station_period_s: float  # mean over the profile's flights

    @staticmethod
    def _rms(x: tuple[float, ...]) -> float:
        return math.sqrt(sum(v * v for v in x) / len(x))

    def band(self, residuals: tuple[float, ...]) -> tuple[float, float]:
        """[earliest, latest] offsets of the real docking from a prediction, whole seconds: the
        LOO range (residual = predicted - real, so real = predicted - residual), or for a
        scheme docking on a scheduled revolution that revolution (half a period each side)."""
        if self.profile in REVOLUTION_SLOT:
            half = 0.5 * self.station_period_s
            return (float(math.ceil(-half)), float(math.floor(half)))
        return (float(math.floor(-max(residuals))), float(math.ceil(-min(residuals))))

    def outside_band(self, residuals: tuple[float, ...]) -> tuple[str, ...]:
        """The flights whose real docking falls outside the band (another slot was flown)."""
        lo, hi = self.band(residuals)
        return tuple(n for n, r in zip(self.flights, residuals, strict=True) if not lo <= -r <= hi)

    @property
    def liftoff_uncertainty_s(self) -> float:
        """Largest LOO liftoff residual (rounded up to whole seconds)."""
        return float(math.ceil(max(abs(v) for v in self.loo_liftoff_s)))


def calibrate(profile: str, *, loo: bool = True) -> ProfileCalibration:
    """Fit one profile's parameters on its flights; LOO residuals when ``loo``."""
    fits = [flight_fit(f) for f in FLIGHTS if f.profile == profile]
    leads = [x.implied_lead_s for x in fits]
    docks = [x.raw_docking_residual_s for x in fits]
    gates = [x.implied_gate_rev for x in fits]
    slots = [x.implied_slot_s for x in fits]
    slotted = profile in SLOT_DOCKING
    lo_lift: list[float] = []
    lo_win: list[float] = []
    lo_gate: list[float] = []
    if loo:
        prof = _base_profile(profile)
        for k, x in enumerate(fits):
            others = [j for j in range(len(fits)) if j != k]
            lead_k = statistics.fmean(leads[j] for j in others)
            win = _window(x.flight, prof, lead_k)
            lo_lift.append(win.liftoff_utc_s - x.flight.liftoff_utc.timestamp())
            if slotted:
                slot_k = statistics.median(slots[j] for j in others)
                lo_win.append(win.insertion_utc_s + slot_k - x.flight.docking_utc.timestamp())
            else:
                lo_win.append(docks[k] - statistics.median(docks[j] for j in others))
            gate_k = statistics.median(gates[j] for j in others)
            lo_gate.append((gate_k - gates[k]) * x.station_period_s)
    return ProfileCalibration(
        profile=profile,
        flights=tuple(x.flight.name for x in fits),
        liftoff_lead_s=statistics.fmean(leads),
        docking_offset_s=0.0 if slotted else -statistics.median(docks),
        docking_after_insertion_s=statistics.median(slots) if slotted else None,
        gate_after_insertion_rev=statistics.median(gates),
        loo_liftoff_s=tuple(lo_lift),
        loo_window_docking_s=tuple(lo_win),
        loo_gate_docking_s=tuple(lo_gate),
        station_period_s=statistics.fmean(x.station_period_s for x in fits),
    )


def _table(cals: list[ProfileCalibration]) -> str:
    lines = [
        "| profile | parameter | fitted value | fitted on | LOO residual per flight | LOO RMS |"
        " band | outside the band |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for c in cals:
        names = ", ".join(c.flights)

        def per(xs: tuple[float, ...], unit: float, fmt: str, c: ProfileCalibration = c) -> str:
            return "; ".join(f"{n} {v / unit:{fmt}}" for n, v in zip(c.flights, xs, strict=True))

        def band(xs: tuple[float, ...], c: ProfileCalibration = c) -> str:
            lo, hi = c.band(xs)
            out = ", ".join(c.outside_band(xs)) or "none"
            return f"{lo / 60.0:+.1f} .. {hi / 60.0:+.1f} min | {out}"

        lines.append(
            f"| {c.profile} | `liftoff_lead_s` | {c.liftoff_lead_s:.1f} s | {names} | "
            f"liftoff (s): {per(c.loo_liftoff_s, 1.0, '+.0f')} | "
            f"{c._rms(c.loo_liftoff_s):.1f} s | ± {c.liftoff_uncertainty_s:.0f} s | - |"
        )
        if c.docking_after_insertion_s is not None:
            value = f"`docking_after_insertion_s` | {c.docking_after_insertion_s / 3600.0:.3f} h"
        else:
            value = f"`docking_offset_s` | {c.docking_offset_s:.0f} s"
        lines.append(
            f"| {c.profile} | {value} | {names} | "
            f"window docking (min): {per(c.loo_window_docking_s, 60.0, '+.1f')} | "
            f"{c._rms(c.loo_window_docking_s) / 60.0:.1f} min | {band(c.loo_window_docking_s)} |"
        )
        lines.append(
            f"| {c.profile} | `gate_after_insertion_rev` | {c.gate_after_insertion_rev:.3f} rev | "
            f"{names} | simulated docking (min): {per(c.loo_gate_docking_s, 60.0, '+.1f')} | "
            f"{c._rms(c.loo_gate_docking_s) / 60.0:.1f} min | {band(c.loo_gate_docking_s)} |"
        )
    return "\n".join(lines)


ROOT = Path(__file__).resolve().parents[1]
PROFILES_TOML = ROOT / "src/crossflight/data/profiles.toml"
RENDEZVOUS_TOML = ROOT / "src/crossflight/data/rendezvous.toml"
CALIBRATION_DOC = ROOT / "docs/calibration.md"
TABLE_BEGIN = "<!-- calibration table: written by python tests/calibration.py --write -->"
TABLE_END = "<!-- end of calibration table -->"


def _set_key(text: str, header: str, key: str, value: str, after: str | None = None) -> str:
    """``key = value`` inside the TOML table ``header`` (replaced, or added after ``after``)."""
    start = text.index(header + "\n")
    nxt = re.compile(r"^\[", re.M).search(text, start + len(header) + 1)
    end = nxt.start() if nxt else len(text)
    block = text[start:end]
    line = re.compile(rf"^{re.escape(key)} = .*$", re.M)
    if line.search(block):
        block = line.sub(lambda _: f"{key} = {value}", block, count=1)
    elif after is not None:
        anchor = re.compile(rf"^{re.escape(after)} = .*$", re.M).search(block)
        assert anchor is not None, f"{header}: no {after} to add {key} after"
        block = f"{block[: anchor.end()]}\n{key} = {value}{block[anchor.end() :]}"
    return text[:start] + block + text[end:]


def _toml_list(xs: tuple[str, ...]) -> str:
    return "[" + ", ".join(f'"{x}"' for x in xs) + "]"


def _toml_band(band: tuple[float, float]) -> str:
    return f"[{band[0]:.1f}, {band[1]:.1f}]"


def written(cals: list[ProfileCalibration]) -> dict[Path, str]:
    """The two data files and the calibration doc with the fitted values and table."""
    files = (PROFILES_TOML, RENDEZVOUS_TOML, CALIBRATION_DOC)
    prof, rdv, doc = (f.read_text(encoding="utf-8") for f in files)
    for c in cals:
        h = f"[{c.profile}]"
        prof = _set_key(prof, h, "liftoff_lead_s", f"{c.liftoff_lead_s:.1f}")
        prof = _set_key(prof, h, "liftoff_uncertainty_s", f"{c.liftoff_uncertainty_s:.1f}")
        prof = _set_key(prof, h, "docking_offset_s", f"{round(c.docking_offset_s):.1f}")
        if c.docking_after_insertion_s is not None:
            slot = f"{round(c.docking_after_insertion_s):.1f}"
            prof = _set_key(prof, h, "docking_after_insertion_s", slot, after="docking_offset_s")
        prof = _set_key(prof, h, "docking_band_s", _toml_band(c.band(c.loo_window_docking_s)))
        prof = _set_key(prof, h, "calibrated_on", _toml_list(c.flights))
        h = f"[scheme.{c.profile}]"
        rdv = _set_key(rdv, h, "gate_after_insertion_rev", f"{c.gate_after_insertion_rev:.3f}")
        rdv = _set_key(rdv, h, "gate_calibrated_on", _toml_list(c.flights))
        rdv = _set_key(rdv, h, "docking_band_s", _toml_band(c.band(c.loo_gate_docking_s)))
    i, j = doc.index(TABLE_BEGIN) + len(TABLE_BEGIN), doc.index(TABLE_END)
    doc = f"{doc[:i]}\n\n{_table(cals)}\n\n{doc[j:]}"
    return {PROFILES_TOML: prof, RENDEZVOUS_TOML: rdv, CALIBRATION_DOC: doc}


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    cals = [calibrate(p) for p in CALIBRATED_PROFILES]
    if args == ["--write"]:
        from crossflight.io.files import write_texts_atomic

        for path in write_texts_atomic(written(cals)):
            print(f"wrote {path.relative_to(ROOT)}")
        return
    if args:
        raise SystemExit("usage: python tests/calibration.py [--write]")
    print(_table(cals))
    for c in cals:
        slot = (
            f"docking slot {c.docking_after_insertion_s:.0f} s"
            if c.docking_after_insertion_s is not None
            else f"docking offset {c.docking_offset_s:.1f} s"
        )
        print(
            f"{c.profile}: lead {c.liftoff_lead_s:.2f} s, {slot}, gate "
            f"{c.gate_after_insertion_rev:.4f} rev, liftoff uncertainty "
            f"{c.liftoff_uncertainty_s:.0f} s, window docking band "
            f"{c.band(c.loo_window_docking_s)} s"
            + (
                f", gate docking band {c.band(c.loo_gate_docking_s)} s"
                if all(math.isfinite(v) for v in c.loo_gate_docking_s)
                else ""
            )
        )


if __name__ == "__main__":
    main()
