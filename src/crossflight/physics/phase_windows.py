"""Rendezvous phasing: which profiles a phase angle allows, the liftoff plane shift, docking time.

Notation (all angles rad, times s): the station leads the ship at insertion by the phase angle
``theta`` in [0, 2 pi).  Over the phasing time ``t`` the ship, whose orbit averages ``da`` below
the station's semi-major axis ``a``, gains ``Theta = 1.5 (da / a) n t`` on the station (from
``n ~ a^-3/2``); ``Theta = theta + 2 pi k`` (k whole laps).  A profile docks after ``N`` ship
revolutions, so ``t = (2 pi N - Theta) / n`` (station mean motion ``n``).

* Nominal gain: the ship keeps on average a fraction ``rho`` of its insertion deficit
  ``da_ins = a - a_ins`` (``rho`` = the profile's ``deficit_fraction``):
  ``Theta_nom = 3 pi rho (da_ins/a) N / (1 + 1.5 rho da_ins/a)``.
* Correction capacity: a tangential ``dv`` changes ``a`` by ``2 a dv / v`` and the phase rate by
  ``3 n dv / v``; applied at insertion and undone at the end (cost ``2 dv``), a phasing budget
  ``dv_ph`` shifts the gain by up to ``+- 3 pi N_eff dv_ph / v`` with ``N_eff = t / T - 1/2``
  revolutions of drift.  The feasible window is ``Theta_nom +- that``.
* Plane shift: the ship's node regresses faster (``Omega_dot ~ a^-7/2``) by
  ``3.5 Omega_dot (da/a)``; over ``t`` this is ``-(7/3) (Omega_dot / n) Theta`` — independent
  of ``t`` — so the ship is inserted into a plane that many radians *east* of the station's
  (a later liftoff), and the planes coincide at docking.

See ``docs/windows.md`` for the derivation and the calibration on Soyuz MS-27.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from crossflight.physics.constants import J2, MU_EARTH_KM3_S2, R_EARTH_KM

__all__ = [
    "PhasingSolution",
    "Profile",
    "docking_time_utc_s",
    "feasible_gain",
    "gain_window",
    "nodal_rate_rad_s",
    "plane_shift_rad",
]

FloatArray = NDArray[np.float64]
TWO_PI = 2.0 * math.pi


@dataclass(frozen=True)
class Profile:
    """A rendezvous profile (plain numbers, see ``profiles.toml``).

    ``revolutions``: candidate numbers of ship revolutions from insertion to docking (the
    shortest feasible one is flown); ``phasing_dv_m_s``: delta-v the profile may spend on phase
    correction; ``deficit_fraction``: mean fraction of the insertion semi-major-axis deficit kept
    during phasing in the nominal plan; ``final_approach_s``: approach and docking after the
    last revolution; ``deficit_fraction_range``: for ships free to time their phasing burns
    (Dragon), the span of mean deficit fractions they can fly (the window then spans it);
    ``preferred_revolutions``: try the revolution count nearest this first (typical timeline)
    instead of the shortest.  Calibrated across real flights (``docs/calibration.md``):
    ``liftoff_lead_s`` the lead tau of the liftoff condition (None: the launcher's yaw-steering
    model), ``docking_offset_s`` the docking-time residual of the phase model, removed;
    ``docking_after_insertion_s`` (schemes whose docking is a scheduled slot, not the end of a
    ballistic phasing: 2-day, Dragon) the slot, insertion to docking, which then replaces the
    phase formula.
    """

    name: str
    vehicles: tuple[str, ...]
    revolutions: tuple[int, ...]
    phasing_dv_m_s: float
    deficit_fraction: float
    final_approach_s: float = 0.0
    deficit_fraction_range: tuple[float, float] | None = None
    preferred_revolutions: int | None = None
    liftoff_lead_s: float | None = None
    docking_offset_s: float = 0.0
    docking_after_insertion_s: float | None = None

    def revolution_order(self) -> tuple[int, ...]:
        """Candidate revolution counts in the order they are tried (preferred first)."""
        pref = self.preferred_revolutions
        if pref is None:
            return tuple(sorted(self.revolutions))
        return tuple(sorted(self.revolutions, key=lambda n: (abs(n - pref), n)))


@dataclass(frozen=True)
class PhasingSolution:
    """A feasible phasing: revolutions flown, total gain (rad), phasing time (s), plane shift."""

    revolutions: int
    gain_rad: float
    phasing_time_s: float
    plane_shift_rad: float


def nodal_rate_rad_s(a_km: float, e: float, i_rad: float) -> float:
    """Secular J2 node rate dOmega/dt = -1.5 n J2 (R/p)^2 cos i (rad/s)."""
    n = math.sqrt(MU_EARTH_KM3_S2 / a_km**3)
    p = a_km * (1.0 - e * e)
    return -1.5 * n * J2 * (R_EARTH_KM / p) ** 2 * math.cos(i_rad)


def gain_window(
    profile: Profile,
    revolutions: int,
    a_station_km: float | FloatArray,
    a_insertion_km: float,
) -> tuple[FloatArray, FloatArray]:
    """Nominal total phase gain and half-width (rad) of a profile flown in ``revolutions``.

    With a ``deficit_fraction_range`` the window spans the gains of its two ends, widened by
    the delta-v correction capacity.

    ``a_station_km`` may be an array (one station mean orbit per opportunity).
    """
    a_s = np.asarray(a_station_km, dtype=float)
    x = (a_s - a_insertion_km) / a_s
    lo, hi = profile.deficit_fraction_range or (profile.deficit_fraction,) * 2

    def gain(rho: float) -> FloatArray:
        return np.asarray(
            3.0 * math.pi * rho * x * revolutions / (1.0 + 1.5 * rho * x), dtype=float
        )

    g_lo, g_hi = gain(lo), gain(hi)
    nominal = gain(profile.deficit_fraction) if lo == hi else 0.5 * (g_lo + g_hi)
    v_km_s = np.sqrt(MU_EARTH_KM3_S2 / a_s)
    n_eff = np.maximum(revolutions - nominal / TWO_PI - 0.5, 0.0)
    half = 3.0 * math.pi * n_eff * (profile.phasing_dv_m_s * 1e-3) / v_km_s
    half = half + 0.5 * (g_hi - g_lo)
    return np.asarray(nominal, dtype=float), np.asarray(half, dtype=float)


def feasible_gain(
    theta_rad: FloatArray, nominal_rad: float | FloatArray, half_rad: float | FloatArray
) -> FloatArray:
    """``theta + 2 pi k`` nearest the nominal gain, NaN where outside ``nominal +- half``."""
    th = np.mod(np.asarray(theta_rad, dtype=float), TWO_PI)
    k = np.maximum(np.round((nominal_rad - th) / TWO_PI), 0.0)
    gain = th + TWO_PI * k
    return np.asarray(np.where(np.abs(gain - nominal_rad) <= half_rad, gain, np.nan), dtype=float)


def plane_shift_rad(
    gain_rad: FloatArray, n_station_rad_s: float | FloatArray, node_rate_rad_s: float | FloatArray
) -> FloatArray:
    """RAAN offset (rad, east positive) of the ship's insertion plane from the station's."""
    ratio = np.asarray(node_rate_rad_s, dtype=float) / np.asarray(n_station_rad_s, dtype=float)
    return np.asarray(-(7.0 / 3.0) * ratio * np.asarray(gain_rad, dtype=float), dtype=float)


def docking_time_utc_s(
    t_insertion_utc_s: FloatArray,
    gain_rad: FloatArray,
    revolutions: int | NDArray[np.int_],
    n_station_rad_s: float | FloatArray,
    final_approach_s: float,
) -> FloatArray:
    """Predicted docking: insertion + (2 pi N - Theta)/n + final approach (POSIX UTC s)."""
    revs = np.asarray(revolutions, dtype=float)
    t_phase = (TWO_PI * revs - np.asarray(gain_rad, dtype=float)) / n_station_rad_s
    return np.asarray(np.asarray(t_insertion_utc_s, dtype=float) + t_phase + final_approach_s)
