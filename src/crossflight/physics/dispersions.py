"""Monte Carlo dispersions of a rendezvous: insertion errors + burn execution errors, vectorised.

All N dispersed ships fly in ONE set of integrations (state ``(6N,)`` per segment, see
:mod:`crossflight.physics.trajectory`); the guidance re-targets each ship from its own state
(Newton-chord with the nominal sensitivity matrix), so errors are absorbed by the burns.

Distributions (1 sigma, independent normals; numbers and sources in ``data/rendezvous.toml``):

* insertion: position and velocity errors in the ship's LVLH ``[r, t, n]`` at insertion;
* every burn: Gates (1963) model: magnitude error ``sigma = k |dv| + c`` along the burn,
  pointing error ``sigma_theta`` as a random tilt of the burn direction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from crossflight.physics.approach import Approach
from crossflight.physics.dynamics import FULL_MODEL, ForceModel
from crossflight.physics.phasing_burns import PhasingPlan, Scheme, plan_phasing
from crossflight.physics.relative import lvlh_basis
from crossflight.physics.trajectory import simulate

__all__ = [
    "DispersionModel",
    "DispersionResult",
    "disperse_insertion",
    "execution_error",
    "run_dispersions",
]

F64 = NDArray[np.float64]
PERCENTILES = (5.0, 50.0, 95.0, 99.0)


@dataclass(frozen=True)
class DispersionModel:
    """1-sigma error levels (see module docstring)."""

    insertion_position_sigma_km: tuple[float, float, float] = (0.5, 2.0, 0.3)
    insertion_velocity_sigma_m_s: tuple[float, float, float] = (1.5, 1.0, 2.0)
    burn_magnitude_sigma_fraction: float = 0.01
    burn_magnitude_sigma_m_s: float = 0.02
    burn_pointing_sigma_deg: float = 1.0


@dataclass(frozen=True)
class DispersionResult:
    """Per-ship outcomes (N,) and their percentiles."""

    docking_utc_s: F64
    total_dv_m_s: F64
    far_dv_m_s: F64
    gate_miss_km: F64
    contact_miss_m: F64
    nominal_docking_utc_s: float

    def percentiles(self) -> dict[str, dict[str, float]]:
        """``{"docking_offset_s": {"p5": ..}, "total_dv_m_s": {..}, ...}``."""
        out: dict[str, dict[str, float]] = {}
        series = {
            "docking_offset_s": self.docking_utc_s - self.nominal_docking_utc_s,
            "total_dv_m_s": self.total_dv_m_s,
            "far_dv_m_s": self.far_dv_m_s,
            "gate_miss_km": self.gate_miss_km,
        }
        for name, values in series.items():
            q = np.percentile(values, PERCENTILES)
            out[name] = {f"p{p:g}": float(v) for p, v in zip(PERCENTILES, q, strict=True)}
        return out


def disperse_insertion(
    state_km: F64, n: int, rng: np.random.Generator, model: DispersionModel
) -> F64:
    """N dispersed insertion states (N, 6) around ``state_km`` (6,) TEME."""
    basis = lvlh_basis(state_km[None, :3], state_km[None, 3:])[0]
    dr = rng.normal(size=(n, 3)) * np.asarray(model.insertion_position_sigma_km)
    dv = rng.normal(size=(n, 3)) * np.asarray(model.insertion_velocity_sigma_m_s) * 1e-3
    out = np.tile(state_km, (n, 1))
    out[:, :3] += dr @ basis
    out[:, 3:] += dv @ basis
    return out


def execution_error(model: DispersionModel, rng: np.random.Generator) -> Callable[[F64], F64]:
    """A function mapping commanded burns (N, 3) [km/s] to executed ones (Gates model)."""

    def apply(dv_km_s: F64) -> F64:
        dv = np.atleast_2d(dv_km_s)
        mag = np.linalg.norm(dv, axis=1)
        safe = np.where(mag > 0.0, mag, 1.0)
        u = dv / safe[:, None]
        # a random unit vector perpendicular to each burn
        w = rng.normal(size=dv.shape)
        w -= np.sum(w * u, axis=1)[:, None] * u
        w /= np.maximum(np.linalg.norm(w, axis=1), 1e-12)[:, None]
        tilt = rng.normal(size=mag.shape) * np.radians(model.burn_pointing_sigma_deg)
        sigma = model.burn_magnitude_sigma_fraction * mag + model.burn_magnitude_sigma_m_s * 1e-3
        new_mag = np.maximum(mag + rng.normal(size=mag.shape) * sigma, 0.0)
        new_u = np.cos(tilt)[:, None] * u + np.sin(tilt)[:, None] * w
        return np.asarray(np.where(mag[:, None] > 0.0, new_mag[:, None] * new_u, dv))

    return apply


def run_dispersions(
    t_insertion_utc_s: float,
    ship_km: F64,
    station_km: F64,
    scheme: Scheme,
    approach: Approach,
    ballistic_ship_m2_kg: float,
    ballistic_station_m2_kg: float,
    n: int,
    seed: int,
    dispersion: DispersionModel = DispersionModel(),
    force_model: ForceModel = FULL_MODEL,
    *,
    plan: PhasingPlan | None = None,
    nominal_docking_utc_s: float | None = None,
    chunk: int = 500,
    progress: Callable[[int], None] | None = None,
) -> DispersionResult:
    """Fly ``n`` dispersed rendezvous (reproducible with ``seed``) in chunks of ``chunk`` ships.

    ``progress(k)`` is called with the number of ships done after each chunk.
    """
    rng = np.random.default_rng(seed)
    if plan is None:
        plan = plan_phasing(
            t_insertion_utc_s,
            ship_km,
            station_km,
            scheme,
            ballistic_ship_m2_kg,
            ballistic_station_m2_kg,
            force_model,
        )
    if nominal_docking_utc_s is None:
        nom = simulate(
            t_insertion_utc_s, ship_km, station_km, scheme, approach,
            ballistic_ship_m2_kg, ballistic_station_m2_kg, force_model, plan=plan,
        )  # fmt: skip
        nominal_docking_utc_s = float(nom.docking_utc_s[0])
    parts: list[tuple[F64, F64, F64, F64, F64]] = []
    done = 0
    while done < n:
        k = min(chunk, n - done)
        ships = disperse_insertion(np.asarray(ship_km), k, rng, dispersion)
        run = simulate(
            t_insertion_utc_s,
            ships if k > 1 else np.vstack([ships, ships]),
            station_km,
            scheme,
            approach,
            ballistic_ship_m2_kg,
            ballistic_station_m2_kg,
            force_model,
            plan=plan,
            execution_error=execution_error(dispersion, rng),
        )
        parts.append(
            (
                run.docking_utc_s[:k],
                run.total_dv_m_s[:k],
                run.far_dv_m_s[:k],
                run.gate_miss_km[:k],
                run.contact_miss_m[:k],
            )
        )
        done += k
        if progress is not None:
            progress(done)
    cols = [np.concatenate([p[j] for p in parts]) for j in range(5)]
    return DispersionResult(
        docking_utc_s=cols[0],
        total_dv_m_s=cols[1],
        far_dv_m_s=cols[2],
        gate_miss_km=cols[3],
        contact_miss_m=cols[4],
        nominal_docking_utc_s=nominal_docking_utc_s,
    )
