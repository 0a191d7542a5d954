"""Interval arithmetic on batches: every function works on ``(n, k)`` arrays of int seconds."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from crossflight.campaigns.structure import END

__all__ = ["Tally", "clip_span", "gaps", "pieces", "union_length"]

I64 = NDArray[np.int64]
B = NDArray[np.bool_]


class Tally:
    """Per scenario: any finding, summed duration (s) and first start (s) of one rule."""

    def __init__(self, n: int) -> None:
        self.exists = np.zeros(n, dtype=bool)
        self.dur = np.zeros(n, dtype=np.int64)
        self.first = np.full(n, END, dtype=np.int64)

    def add(self, exists: B, dur: I64, first: I64) -> None:
        """Merge findings given per scenario, or per scenario and item (summed over items)."""
        if exists.ndim > 1:
            exists = np.asarray(exists.any(axis=-1), dtype=bool)
            dur = np.asarray(dur.sum(axis=-1), dtype=np.int64)
            first = np.asarray(first.min(axis=-1, initial=END), dtype=np.int64)
        self.exists |= exists
        self.dur += dur
        self.first = np.minimum(self.first, first)


def clip_span(t0: I64, t1: I64, start: int, end: int) -> tuple[B, I64, I64]:
    """A finding over [t0, t1] clipped to the period, as ``check_manifest`` keeps it."""
    lo, hi = np.maximum(t0, start), np.minimum(t1, end)
    keep = (lo < hi) | ((lo == hi) & (t0 == t1))
    return keep, np.where(keep, hi - lo, 0), np.where(keep, lo, END)


def pieces(lo: I64, hi: I64) -> tuple[B, I64, I64]:
    """Half-open pieces [lo, hi): those of positive length, their lengths and starts."""
    pos = hi > lo
    return pos, np.where(pos, hi - lo, 0), np.where(pos, lo, END)


def gaps(s: I64, e: I64, wlo: I64, whi: I64) -> tuple[I64, I64]:
    """Length and first start of the part of [wlo, whi) covered by no interval [s, e)."""
    wl, wh = wlo[:, None], whi[:, None]
    s2, e2 = np.clip(s, wl, wh), np.clip(e, wl, wh)
    empty = e2 <= s2
    s2, e2 = np.where(empty, wh, s2), np.where(empty, wh, e2)
    order = np.argsort(s2, axis=1, kind="stable")
    s2, e2 = np.take_along_axis(s2, order, 1), np.take_along_axis(e2, order, 1)
    cm = np.maximum.accumulate(e2, axis=1)
    prev = np.concatenate([wl, np.maximum(cm[:, :-1], wl)], axis=1) if s2.shape[1] else wl
    g_lo = np.concatenate([prev, np.maximum(cm[:, -1:], wl) if s2.shape[1] else wl], axis=1)
    g_hi = np.concatenate([s2, wh], axis=1)
    _, length, first = pieces(g_lo, g_hi)
    return length.sum(axis=1), first.min(axis=1)


def union_length(s: I64, e: I64) -> I64:
    """Length of the union of the intervals [s, e) of each row (empty ones ignored)."""
    if s.shape[1] == 0:
        return np.zeros(s.shape[0], dtype=np.int64)
    empty = e <= s
    s2 = np.where(empty, 0, s)
    e2 = np.where(empty, 0, e)
    order = np.argsort(s2, axis=1, kind="stable")
    s2, e2 = np.take_along_axis(s2, order, 1), np.take_along_axis(e2, order, 1)
    cm = np.maximum.accumulate(e2, axis=1)
    prev = np.concatenate([np.full((s.shape[0], 1), -(2**62)), cm[:, :-1]], axis=1)
    return np.asarray(np.maximum(e2 - np.maximum(s2, prev), 0).sum(axis=1), dtype=np.int64)
