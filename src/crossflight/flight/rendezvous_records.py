"""Result records of a simulated rendezvous (what ``crossflight rendezvous`` reports).

Kept apart from the orchestration in :mod:`crossflight.flight.rendezvous`: aware UTC
datetimes, m/s, and a ``to_dict`` per record for ``--json``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from crossflight.physics.dispersions import DispersionResult
from crossflight.physics.trajectory import Ephemeris, RendezvousRun
from crossflight.times import format_utc

__all__ = ["BurnRecord", "DispersionSummary", "RendezvousResult"]


def _ms(t: datetime) -> datetime:
    return t.replace(microsecond=(t.microsecond // 1000) * 1000)


def _utc(t: datetime) -> str:
    return format_utc(_ms(t))


@dataclass(frozen=True)
class BurnRecord:
    """One executed burn: time, magnitude and LVLH vector ``[r, t, n]`` in m/s."""

    label: str
    time_utc: datetime
    dv_m_s: float
    dv_lvlh_m_s: tuple[float, float, float]

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "time_utc": _utc(self.time_utc),
            "dv_m_s": round(self.dv_m_s, 4),
            "dv_lvlh_m_s": [round(x, 4) for x in self.dv_lvlh_m_s],
        }


@dataclass(frozen=True)
class RendezvousResult:
    """A simulated rendezvous from liftoff to docking.

    ``docking_utc`` is what the simulated trajectory reaches (gate slot of the scheme's
    timeline + the closed-loop approach); ``window_docking_utc`` the window model's phase
    prediction, reported beside it (they may disagree).  ``docking_band_utc`` the range of
    plausible docking slots (leave-one-out residual range of the scheme's calibration),
    ``liftoff_uncertainty_s`` the window model's liftoff uncertainty for the profile.
    """

    site: str
    vehicle: str
    profile: str
    scheme_follows: str
    port: str
    liftoff_utc: datetime
    liftoff_uncertainty_s: float
    insertion_utc: datetime
    gate_utc: datetime
    docking_utc: datetime
    docking_band_utc: tuple[datetime, datetime]
    window_docking_utc: datetime
    phase_deg: float
    total_dv_m_s: float
    far_range_dv_m_s: float
    approach_dv_m_s: float
    out_of_plane_dv_m_s: float
    gate_miss_km: float
    contact_speed_m_s: float
    burns: tuple[BurnRecord, ...]
    ephemeris: Ephemeris
    run: RendezvousRun

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready record (the ``crossflight rendezvous --json`` schema)."""
        return {
            "site": self.site,
            "vehicle": self.vehicle,
            "profile": self.profile,
            "scheme_follows": self.scheme_follows,
            "port": self.port,
            "liftoff_utc": _utc(self.liftoff_utc),
            "liftoff_uncertainty_s": round(self.liftoff_uncertainty_s, 1),
            "insertion_utc": _utc(self.insertion_utc),
            "gate_utc": _utc(self.gate_utc),
            "docking_utc": _utc(self.docking_utc),
            "docking_band_utc": [_utc(t) for t in self.docking_band_utc],
            "window_docking_utc": _utc(self.window_docking_utc),
            "phase_deg": round(self.phase_deg, 3),
            "total_dv_m_s": round(self.total_dv_m_s, 3),
            "dv_breakdown_m_s": {
                "far_range": round(self.far_range_dv_m_s, 3),
                "approach": round(self.approach_dv_m_s, 3),
                "out_of_plane": round(self.out_of_plane_dv_m_s, 3),
            },
            "gate_miss_km": round(self.gate_miss_km, 4),
            "contact_speed_m_s": round(self.contact_speed_m_s, 3),
            "burns": [b.to_dict() for b in self.burns],
        }


@dataclass(frozen=True)
class DispersionSummary:
    """Percentiles of N dispersed rendezvous around the nominal one."""

    n: int
    seed: int
    nominal_docking_utc: datetime
    result: DispersionResult

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "seed": self.seed,
            "nominal_docking_utc": _utc(self.nominal_docking_utc),
            "percentiles": {
                k: {q: round(v, 3) for q, v in d.items()}
                for k, d in self.result.percentiles().items()
            },
        }
