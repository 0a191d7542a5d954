"""Vectorised crew rules on a batch of realised scenarios: R1 representation, R2 lifeboat
seats (people, overfull vehicles, rides), R5 crew size (see ``judge.py``)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from crossflight.campaigns.intervals import Tally, clip_span, gaps, pieces, union_length
from crossflight.campaigns.realisation import Realisation
from crossflight.campaigns.structure import END, PlanStructure

__all__ = ["judge_crew"]

I64 = NDArray[np.int64]
B = NDArray[np.bool_]


def _take(a: I64, idx: I64) -> I64:
    return np.take_along_axis(a, np.maximum(idx, 0), axis=1)


def _count(n: int, n_f: int, idx: I64, weight: B) -> I64:
    """(n, F) count of items with flight ``idx[s, k]`` where ``weight[s, k]``."""
    rows = np.broadcast_to(np.arange(n)[:, None], idx.shape)
    ok = weight & (idx >= 0)
    flat = (rows * n_f + np.maximum(idx, 0))[ok]
    return np.bincount(flat, minlength=n * n_f).reshape(n, n_f).astype(np.int64)


def _stays_clipped(st: PlanStructure, rz: Realisation) -> tuple[I64, I64]:
    t0 = np.where(rz.stay_on, np.clip(rz.t0, st.start, st.end), st.end)
    t1 = np.where(rz.stay_on, np.clip(rz.t1, st.start, st.end), st.end)
    return t0, np.maximum(t0, t1)


def _r1(st: PlanStructure, rz: Realisation, out: Tally) -> None:
    crewed = rz.stay_on & (rz.t0 < st.end) & (rz.t1 > st.start)
    first = np.maximum(st.start, np.where(crewed, rz.t0, END).min(axis=1, initial=END))
    last = np.minimum(st.end, np.where(crewed, rz.t1, -END).max(axis=1, initial=-END))
    agency = np.array(st.stay_agency, dtype=object)
    for k, (_seg, ag, lo, _hi) in enumerate(st.representation):
        wlo = np.maximum(first, max(lo, st.start))
        whi = np.minimum(np.minimum(last, rz.rep_hi[:, k]), st.end)
        mine = rz.stay_on & (agency == ag)[None, :]
        dur, f = gaps(np.where(mine, rz.t0, END), np.where(mine, rz.t1, END), wlo, whi)
        dur = np.where(whi > wlo, dur, 0)
        out.add(dur > 0, dur, np.where(dur > 0, f, END))


def _r5(st: PlanStructure, rz: Realisation, out: Tally) -> None:
    cap = st.rm.manifest.rules.crew_size.handover_max
    t0, t1 = _stays_clipped(st, rz)
    ts = np.concatenate([t0, t1], axis=1)
    dl = np.concatenate([np.ones_like(t0), -np.ones_like(t1)], axis=1)
    order = np.argsort(ts, axis=1, kind="stable")
    ts, dl = np.take_along_axis(ts, order, 1), np.take_along_axis(dl, order, 1)
    count = np.cumsum(dl, axis=1)
    nxt = np.concatenate([ts[:, 1:], np.full((ts.shape[0], 1), st.end)], axis=1)
    pos, length, first = pieces(ts, np.where(count > cap, nxt, ts))
    out.add(pos, length, first)


def _status(st: PlanStructure, rz: Realisation) -> tuple[I64, I64, B, I64]:
    """Per flight, sorted status entries: (n, F, M) start, end, unfit, seat limit."""
    n, n_f = rz.dock.shape
    per = [np.flatnonzero(st.status_flight == f) for f in range(n_f)]
    m = max((len(p) for p in per), default=0) + 1
    t = np.full((n, n_f, m), END, dtype=np.int64)
    unfit = np.zeros((n, n_f, m), dtype=bool)
    limit = np.full((n, n_f, m), -1, dtype=np.int64)
    for f, idx in enumerate(per):
        t[:, f, : len(idx)] = st.status_t[idx]
        unfit[:, f, : len(idx)] = st.status_unfit[idx]
        limit[:, f, : len(idx)] = st.status_limit[idx]
    rows = np.flatnonzero(rz.leak_flight >= 0)
    t[rows, rz.leak_flight[rows], m - 1] = rz.leak_t[rows]
    unfit[rows, rz.leak_flight[rows], m - 1] = True
    order = np.argsort(t, axis=2, kind="stable")
    t = np.take_along_axis(t, order, 2)
    unfit, limit = np.take_along_axis(unfit, order, 2), np.take_along_axis(limit, order, 2)
    t_end = np.concatenate([t[:, :, 1:], np.full((n, n_f, 1), END)], axis=2)
    return t, t_end, unfit, limit


def _seat_segments(st: PlanStructure, rz: Realisation) -> list[tuple[I64, I64, I64]]:
    """The three lifeboat-seat segments of each stay: (flight, from, to), clipped to the period."""
    up = np.broadcast_to(st.stay_up, rz.t0.shape)
    out = []
    for fl, a, b in (
        (up, rz.t0, rz.seat_a),
        (rz.seat_mid, rz.seat_a, rz.seat_b),
        (rz.seat_last, rz.seat_b, rz.t1),
    ):
        ok = rz.stay_on & (fl >= 0)
        lo = np.where(ok, np.clip(a, st.start, st.end), st.end)
        hi = np.where(ok, np.clip(b, st.start, st.end), st.end)
        out.append((fl, lo, np.maximum(lo, hi)))
    return out


def _r2_people(
    st: PlanStructure, rz: Realisation, status: tuple[I64, I64, B, I64], out: Tally
) -> I64:
    """R2 per person: seat in a vehicle that is not docked or is unfit; returns the union (s)."""
    s_t, s_end, s_unfit, _ = status
    all_lo, all_hi = [], []
    for fl, x, y in _seat_segments(st, rz):
        used = (y > x).any(axis=0)
        fl, x, y = fl[:, used], x[:, used], y[:, used]
        d0, d1 = _take(rz.dock, fl), _take(rz.undock, fl)
        all_lo += [x, np.maximum(x, d1)]
        all_hi += [np.minimum(y, d0), y]
        g = np.maximum(fl, 0)[:, :, None]
        uf = np.take_along_axis(s_unfit, g, 1)
        for m in np.flatnonzero(uf.any(axis=(0, 1))):
            t = np.take_along_axis(s_t[:, :, m], g[:, :, 0], 1)
            te = np.take_along_axis(s_end[:, :, m], g[:, :, 0], 1)
            lo_u = np.maximum(np.maximum(x, d0), t)
            all_lo.append(lo_u)
            all_hi.append(np.where(uf[:, :, m], np.minimum(np.minimum(y, d1), te), lo_u))
    lo, hi = np.concatenate(all_lo, axis=1), np.concatenate(all_hi, axis=1)
    used = (hi > lo).any(axis=0)
    lo, hi = lo[:, used], hi[:, used]
    pos, length, first = pieces(lo, hi)
    out.add(pos, length, first)
    return union_length(lo, hi)


def _r2_overfull(
    st: PlanStructure, rz: Realisation, status: tuple[I64, I64, B, I64], out: Tally
) -> None:
    """R2 overfull: more seats assigned in a docked vehicle than it can carry."""
    n, n_f = rz.dock.shape
    segs = _seat_segments(st, rz)
    # a stay's three segments lie in three different vehicles, so counts need no dedup
    nstay = sum((_count(n, n_f, fl, y > x) for fl, x, y in segs), np.zeros((n, n_f), np.int64))
    moved = rz.stay_on & (rz.seat_mid >= 0)
    for f in range(n_f):
        limits = st.status_limit[(st.status_flight == f) & (st.status_limit >= 0)]
        mincap = min([int(st.seats[f]), *limits.tolist()])
        rows = np.flatnonzero(nstay[:, f] > mincap)
        if len(rows) == 0:
            continue
        xs = np.concatenate([np.where(fl[rows] == f, x[rows], st.end) for fl, x, _ in segs], axis=1)
        ys = np.concatenate([np.where(fl[rows] == f, y[rows], st.end) for fl, _, y in segs], axis=1)
        keep = (ys > xs).any(axis=0)
        xs, ys = xs[:, keep], ys[:, keep]
        d0, d1 = rz.dock[rows, f : f + 1], rz.undock[rows, f : f + 1]
        xs, ys = np.clip(xs, d0, d1), np.clip(ys, d0, d1)
        ys = np.maximum(xs, ys)
        ex = np.flatnonzero(st.extra_flight == f)
        e0 = np.concatenate(
            [
                np.tile(st.extra_t0[ex], (len(rows), 1)),
                np.where(moved[rows] & (rz.seat_mid[rows] == f), rz.seat_a[rows], END),
            ],
            axis=1,
        )
        e1 = np.concatenate(
            [np.tile(st.extra_t1[ex], (len(rows), 1)), np.full(moved[rows].shape, END)], axis=1
        )
        en = np.concatenate([st.extra_n[ex], np.ones(moved.shape[1], dtype=np.int64)])
        s_t, _, _, s_lim = (a[rows, f] for a in status)
        pts = np.concatenate(
            [xs, ys, s_t, e0, e1, np.full((len(rows), 2), [st.start, st.end])], axis=1
        )
        pts = np.sort(np.clip(pts, st.start, st.end), axis=1)
        nxt = np.concatenate([pts[:, 1:], pts[:, -1:]], axis=1)
        p = pts[:, :, None]
        cnt = ((xs[:, None, :] <= p) & (p < ys[:, None, :])).sum(axis=2)
        active = s_t[:, None, :] <= p
        last = np.where(
            active.any(axis=2), active.shape[2] - 1 - np.argmax(active[:, :, ::-1], axis=2), -1
        )
        lim = np.where(last >= 0, np.take_along_axis(s_lim, np.maximum(last, 0), 1), -1)
        extra = (((e0[:, None, :] <= p) & (p < e1[:, None, :])) * en[None, None, :]).sum(axis=2)
        cap = np.where(lim >= 0, lim, st.seats[f] + extra)
        bad = (cnt > cap) & (nxt > pts)
        pos, length, first = pieces(pts, np.where(bad, nxt, pts))
        ex_, du, fi = (
            np.zeros(n, dtype=bool),
            np.zeros(n, dtype=np.int64),
            np.full(n, END, dtype=np.int64),
        )
        ex_[rows], du[rows], fi[rows] = pos.any(axis=1), length.sum(axis=1), first.min(axis=1)
        out.add(ex_, du, fi)


def _r2_rides(st: PlanStructure, rz: Realisation, out: Tally) -> None:
    n, n_f = rz.dock.shape
    up = np.broadcast_to(st.stay_up, rz.t0.shape)
    n_up = _count(n, n_f, up, rz.stay_on)
    n_down = _count(n, n_f, rz.stay_down, rz.stay_on)
    bad_up = rz.present & (n_up > st.seats)
    e, d, f = clip_span(rz.launch, rz.dock, st.start, st.end)
    out.add(e & bad_up, np.where(bad_up, d, 0), np.where(bad_up, f, END))
    extra = np.zeros((n, n_f), dtype=np.int64)
    u = rz.undock
    for k in range(len(st.extra_flight)):
        f_ = int(st.extra_flight[k])
        extra[:, f_] += np.where(
            (st.extra_t0[k] <= u[:, f_]) & (u[:, f_] < st.extra_t1[k]), st.extra_n[k], 0
        )
    moved = rz.stay_on & (rz.seat_mid >= 0)
    mid_u = _take(u, rz.seat_mid)
    extra += _count(n, n_f, rz.seat_mid, moved & (rz.seat_a <= mid_u))
    bad_down = rz.present & rz.has_undock & (n_down > st.seats + extra)
    end_down = np.where(rz.landing < END, rz.landing, rz.undock)
    e, d, f = clip_span(rz.undock, end_down, st.start, st.end)
    out.add(e & bad_down, np.where(bad_down, d, 0), np.where(bad_down, f, END))


def judge_crew(
    st: PlanStructure, rz: Realisation, tallies: dict[str, Tally], enabled: set[str]
) -> dict[str, I64]:
    """R1, R2 and R5 into ``tallies``; returns lifeboat metrics (s): union and person time."""
    n = rz.dock.shape[0]
    if "R1" in enabled:
        _r1(st, rz, tallies["R1"])
    people = Tally(n)
    union = np.zeros(n, dtype=np.int64)
    if "R2" in enabled:
        status = _status(st, rz)
        union = _r2_people(st, rz, status, people)
        tallies["R2"].add(people.exists, people.dur, people.first)
        _r2_overfull(st, rz, status, tallies["R2"])
        _r2_rides(st, rz, tallies["R2"])
    if "R5" in enabled:
        _r5(st, rz, tallies["R5"])
    return {"no_fit_lifeboat_s": union, "no_fit_lifeboat_person_s": people.dur}
