"""The vectorised judge: rules R1-R7 on a batch of realised scenarios, as array operations.

It computes, per scenario and rule, what :func:`crossflight.rules.check_manifest` reports for
that scenario's manifest (``oracle.py`` builds it): whether a violation-severity finding exists,
the summed duration of those findings and the first start.  Tests prove the two equal on
random scenarios.  Warnings are not judged (they are not violations).  Crew rules are in
``crew_rules.py``; vehicle and agreement rules (R3, R4, R6, R7) here.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from crossflight.campaigns.crew_rules import judge_crew
from crossflight.campaigns.intervals import Tally, clip_span
from crossflight.campaigns.realisation import Realisation
from crossflight.campaigns.structure import END, PlanStructure

__all__ = ["RULES", "judge"]

RULES = ("R1", "R2", "R3", "R4", "R5", "R6", "R7")
I64 = NDArray[np.int64]
B = NDArray[np.bool_]
DAY_S = 86400.0


def _port_segments(st: PlanStructure, rz: Realisation) -> tuple[I64, I64]:
    f = st.seg_flight
    t0 = np.where(st.seg_t0_fixed < 0, rz.dock[:, f], st.seg_t0_fixed)
    t1 = np.where(st.seg_t1_fixed < 0, rz.undock[:, f], st.seg_t1_fixed)
    gone = ~rz.present[:, f]
    return np.where(gone, END, t0), np.where(gone, END, t1)


def _r3(st: PlanStructure, rz: Realisation, out: Tally) -> None:
    t0, t1 = _port_segments(st, rz)
    bad = ~st.port_ok
    if bad.any():
        e, d, f = clip_span(t0[:, bad], np.minimum(t1[:, bad], st.end), st.start, st.end)
        out.add(e, d, f)
    same = st.seg_port[:, None] == st.seg_port[None, :]
    a, b = np.nonzero(np.triu(same, k=1))
    if len(a):
        lo, hi = np.maximum(t0[:, a], t0[:, b]), np.minimum(t1[:, a], t1[:, b])
        e, d, f = clip_span(lo, np.minimum(hi, st.end), st.start, st.end)
        ov = lo < hi
        out.add(e & ov, np.where(ov, d, 0), np.where(ov, f, END))
    if len(st.neighbour_pairs):
        a, b = st.neighbour_pairs[:, 0], st.neighbour_pairs[:, 1]
        t = t0[:, a]
        hit = (t0[:, b] <= t) & (t < t1[:, b]) & (t < END)
        e, d, f = clip_span(t, t, st.start, st.end)
        out.add(e & hit, np.zeros_like(d), np.where(hit, f, END))


def _r4(st: PlanStructure, rz: Realisation, out: Tally) -> B:
    """Every stay beyond its vehicle's docked life (the metric); only those beyond a certified
    limit or planning rule are R4 violations, a warning threshold is not (as in the checker)."""
    life = st.life_s
    has = ~np.isnan(life)
    t_end = np.minimum(rz.undock, st.end)
    dur = t_end - rz.dock
    life_f = np.where(has, life, 0.0)
    over = rz.present & has & (dur > life_f)
    t0 = np.round(rz.dock + life_f).astype(np.int64)
    binding = over & st.life_binding[None, :]
    e, d, f = clip_span(np.where(binding, t0, END), np.where(binding, t_end, END), st.start, st.end)
    e &= binding
    out.add(e, np.where(e, d, 0), np.where(e, f, END))
    e_all, _, _ = clip_span(np.where(over, t0, END), np.where(over, t_end, END), st.start, st.end)
    return e_all & over


def _carries(st: PlanStructure, rz: Realisation, agency: str) -> B:
    n, n_f = rz.dock.shape
    mine = rz.stay_on & (np.array(st.stay_agency, dtype=object) == agency)[None, :]
    rows = np.broadcast_to(np.arange(n)[:, None], mine.shape)
    hit = np.zeros(n * n_f, dtype=bool)
    hit[(rows * n_f + st.stay_up[None, :])[mine]] = True
    dn = rz.stay_down
    ok = mine & (dn >= 0)
    hit[(rows * n_f + np.maximum(dn, 0))[ok]] = True
    return hit.reshape(n, n_f)


def _r6(st: PlanStructure, rz: Realisation, out: Tally) -> None:
    end_of = np.where(rz.landing < END, rz.landing, np.where(rz.has_undock, rz.undock, rz.dock))
    for sw in st.rm.manifest.rules.seat_swap:
        lo, hi = round(sw.start_utc.timestamp()), round(sw.end_utc.timestamp())
        counts = []
        for agency, vehicles in ((sw.agency_a, sw.vehicles_a), (sw.agency_b, sw.vehicles_b)):
            kind = np.array([v in vehicles for v in st.vehicle_of]) & st.rotation
            inside = rz.present & kind & (lo <= rz.launch) & (rz.launch < hi)
            carried = inside & _carries(st, rz, agency)
            counts.append(carried.sum(axis=1))
            if sw.every_flight:
                miss = inside & ~carried
                e, d, f = clip_span(rz.launch, end_of, st.start, st.end)
                e &= miss
                out.add(e, np.where(e, d, 0), np.where(e, f, END))
        bad = np.abs(counts[0] - counts[1]) > sw.max_imbalance
        e, d, f = clip_span(np.full(len(bad), lo), np.full(len(bad), hi), st.start, st.end)
        e &= bad
        out.add(e, np.where(e, d, 0), np.where(e, f, END))


def _r7(st: PlanStructure, rz: Realisation, out: Tally) -> None:
    cfg = st.rm.manifest.rules.handover
    if cfg.min_overlap_days is None or cfg.severity != "violation":
        return
    need = cfg.min_overlap_days * DAY_S
    for chain in st.handover_chains:
        if len(chain) < 2:
            continue
        pres = rz.present[:, chain]
        key = np.where(pres, rz.dock[:, chain], END)
        order = np.argsort(key, axis=1, kind="stable")
        c = chain[order]
        p = np.take_along_axis(pres, order, 1)
        a, b = c[:, :-1], c[:, 1:]
        rows = np.arange(len(c))[:, None]
        ok = p[:, :-1] & p[:, 1:] & rz.has_undock[rows, a]
        ua, db = rz.undock[rows, a], rz.dock[rows, b]
        bad = ok & ((ua - db) < need)
        e, d, f = clip_span(np.minimum(ua, db), np.maximum(ua, db), st.start, st.end)
        e &= bad
        out.add(e, np.where(e, d, 0), np.where(e, f, END))


def judge(st: PlanStructure, rz: Realisation) -> dict[str, NDArray[np.generic]]:
    """Per scenario: each rule's (violated, seconds, first start) and the campaign metrics."""
    n = rz.dock.shape[0]
    enabled = set(RULES) - set(st.rm.manifest.rules.disabled)
    tallies = {r: Tally(n) for r in RULES}
    lifeboat = judge_crew(st, rz, tallies, enabled)
    if "R3" in enabled:
        _r3(st, rz, tallies["R3"])
    over_life = _r4(st, rz, tallies["R4"]) if "R4" in enabled else np.zeros(rz.dock.shape, bool)
    if "R6" in enabled:
        _r6(st, rz, tallies["R6"])
    if "R7" in enabled:
        _r7(st, rz, tallies["R7"])
    out: dict[str, NDArray[np.generic]] = {}
    for r, t in tallies.items():
        out[f"{r}_violated"] = t.exists
        out[f"{r}_violation_s"] = t.dur
        out[f"{r}_first_s"] = t.first
    out.update(_metrics(st, rz))
    out["docked_life_exceedances"] = over_life.sum(axis=1).astype(np.int64)
    out.update(lifeboat)
    return out


def _metrics(st: PlanStructure, rz: Realisation) -> dict[str, NDArray[np.generic]]:
    plan_t0 = st.dock0[st.stay_up]
    plan_t1 = np.where(st.stay_down >= 0, st.undock0[np.maximum(st.stay_down, 0)], END)
    c0, c1 = np.clip(rz.t0, st.start, st.end), np.clip(rz.t1, st.start, st.end)
    p0, p1 = np.clip(plan_t0, st.start, st.end), np.clip(plan_t1, st.start, st.end)
    ext = np.where(rz.stay_on, np.maximum(c1 - p1, 0), 0)
    real = np.where(rz.stay_on, np.maximum(c1 - c0, 0), 0)
    lost = np.maximum((p1 - p0)[None, :] - real, 0)
    return {
        "crew_extension_s": ext.sum(axis=1),
        "max_extension_s": ext.max(axis=1, initial=0),
        "lost_crew_s": lost.sum(axis=1),
        "anomaly": rz.leak_flight >= 0,
        "replacement_flown": rz.replaced >= 0,
    }
