"""Sampled events of a batch of scenarios, seeded per scenario index.

Scenario ``i`` of a campaign with seed ``seed`` draws its uniforms from
``numpy.random.default_rng(SeedSequence(seed, spawn_key=(i,)))``, the same stream as
``SeedSequence(seed).spawn(n)[i]``: a scenario's events depend on nothing but the seed and its
index, never on the batch, the engine or the number of workers.  The uniforms become events by
inverse CDFs, vectorised over the batch.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.special import ndtri

from crossflight.campaigns.structure import END, PlanStructure
from crossflight.model.campaigns import CampaignModel

__all__ = ["Events", "draw_uniforms", "no_events", "sample_events"]

DAY_S = 86400.0
I64 = NDArray[np.int64]
_CAP = float(2**60)
MAX_SLIP_DAYS = 365.0  # a launch that would slip longer is treated as slipping one year


@dataclass
class Events:
    """Event times (int POSIX s; ``END`` = none) for ``n`` scenarios."""

    index: I64  # scenario indices
    slip_s: I64  # (n, F) launch slip of each flight
    anomaly_dt_s: I64  # (n, F) time after docking of an anomaly (END: none)
    grounding_t: I64  # (n, V) start of a grounding of vehicle type v
    grounding_end: I64  # (n, V)
    suspension_t: I64  # (n,)
    retirement_t: I64  # (n, R)
    vehicle_types: list[str]
    retirements: list[tuple[str, str]]  # (segment, agency)
    suspension_agencies: tuple[str, str] = ("NASA", "ROSCOSMOS")


def _n_uniforms(st: PlanStructure, n_types: int, n_ret: int) -> int:
    return 3 * len(st.flight_ids) + 2 * n_types + 1 + n_ret


def draw_uniforms(seed: int, indices: I64, k: int) -> NDArray[np.float64]:
    """(len(indices), k) uniforms in [0, 1), row i from scenario ``indices[i]``'s own stream."""
    out = np.empty((len(indices), k))
    for row, i in enumerate(indices.tolist()):
        ss = np.random.SeedSequence(seed, spawn_key=(i,))
        out[row] = np.random.Generator(np.random.PCG64(ss)).random(k)
    return out


def _exp_s(u: NDArray[np.float64], mean_s: NDArray[np.float64] | float) -> I64:
    """Exponential variates by inverse CDF, in whole seconds (capped far beyond any plan)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        x = -np.log1p(-u) * mean_s
    return np.minimum(np.nan_to_num(x, nan=_CAP, posinf=_CAP), _CAP).round().astype(np.int64)


def sample_events(st: PlanStructure, model: CampaignModel, seed: int, indices: I64) -> Events:
    """Sample every event of the scenarios ``indices``."""
    types = sorted(set(st.vehicle_of))
    rets = [(r.segment, r.agency) for r in model.retirements]
    n_f = len(st.flight_ids)
    u = draw_uniforms(seed, indices, _n_uniforms(st, len(types), len(rets)))
    p_slip = np.array([model.slips[v].p_slip if v in model.slips else 0.0 for v in st.vehicle_of])
    mu = np.array([model.slips[v].log_mean if v in model.slips else 0.0 for v in st.vehicle_of])
    sd = np.array([model.slips[v].log_sd if v in model.slips else 0.0 for v in st.vehicle_of])
    slipped = (u[:, :n_f] < p_slip) & st.movable
    days = np.minimum(np.exp(mu + sd * ndtri(u[:, n_f : 2 * n_f])), MAX_SLIP_DAYS)
    slip_s = np.where(slipped, np.round(days * DAY_S), 0)
    rate = np.array(
        [
            model.anomalies[v].rate_per_day if v in model.anomalies and st.crewed[i] else 0.0
            for i, v in enumerate(st.vehicle_of)
        ]
    )
    with np.errstate(divide="ignore"):
        mean_dt = np.where(rate > 0, DAY_S / np.where(rate > 0, rate, 1.0), np.inf)
    dt = _exp_s(u[:, 2 * n_f : 3 * n_f], mean_dt)
    anomaly_dt = np.where(rate > 0, dt, END)
    c = 3 * n_f
    g_t = np.full((len(indices), len(types)), END, dtype=np.int64)
    g_end = np.full((len(indices), len(types)), END, dtype=np.int64)
    for j, v in enumerate(types):
        g = model.groundings.get(v)
        if g is None or g.rate_per_day <= 0:
            continue
        t = st.start + _exp_s(u[:, c + 2 * j], DAY_S / g.rate_per_day)
        d = _exp_s(u[:, c + 2 * j + 1], g.mean_duration_days * DAY_S)
        inside = t < st.end
        g_t[:, j] = np.where(inside, t, END)
        g_end[:, j] = np.where(inside, t + d, END)
    c += 2 * len(types)
    sus = model.suspension
    t_s = st.start + _exp_s(u[:, c], DAY_S / sus.rate_per_day if sus.rate_per_day > 0 else np.inf)
    suspension_t = np.where(t_s < st.end, t_s, END)
    c += 1
    ret_t = np.full((len(indices), len(rets)), END, dtype=np.int64)
    for j, r in enumerate(model.retirements):
        if r.rate_per_day <= 0:
            continue
        t = st.start + _exp_s(u[:, c + j], DAY_S / r.rate_per_day) + round(r.notice_days * DAY_S)
        ret_t[:, j] = np.where(t < st.end, t, END)
    return Events(
        index=indices,
        slip_s=slip_s.astype(np.int64),
        anomaly_dt_s=anomaly_dt.astype(np.int64),
        grounding_t=g_t,
        grounding_end=g_end,
        suspension_t=suspension_t.astype(np.int64),
        retirement_t=ret_t,
        vehicle_types=types,
        retirements=rets,
        suspension_agencies=(sus.agency_a, sus.agency_b),
    )


def no_events(st: PlanStructure, model: CampaignModel, indices: I64) -> Events:
    """Events for ``indices`` in which nothing happens (a base to inject chosen events into)."""
    n, n_f = len(indices), len(st.flight_ids)
    types = sorted(set(st.vehicle_of))
    rets = [(r.segment, r.agency) for r in model.retirements]
    return Events(
        index=indices,
        slip_s=np.zeros((n, n_f), dtype=np.int64),
        anomaly_dt_s=np.full((n, n_f), END, dtype=np.int64),
        grounding_t=np.full((n, len(types)), END, dtype=np.int64),
        grounding_end=np.full((n, len(types)), END, dtype=np.int64),
        suspension_t=np.full(n, END, dtype=np.int64),
        retirement_t=np.full((n, len(rets)), END, dtype=np.int64),
        vehicle_types=types,
        retirements=rets,
        suspension_agencies=(model.suspension.agency_a, model.suspension.agency_b),
    )
