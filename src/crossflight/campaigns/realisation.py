"""Realised timelines: a plan plus sampled events plus a policy, for a batch of scenarios.

All arrays are ``(n, F)`` per flight or ``(n, Q)`` per planned stay, times in integer POSIX
seconds (``END`` = none).  The steps, in order (``docs/whatif.md`` explains each):

1. launches slip; a launch inside a grounding of its vehicle type waits for its end;
2. retirement of a segment cancels its agency's later flights and seats; a suspension of the
   integrated-crew agreement removes partner seats from later flights;
3. ``extend_crews``: a flight stays until its slipped relief docks (handover kept), capped at the
   vehicle's docked life with ``cap_at_docked_life``;
4. the first in-flight anomaly makes its vehicle unfit; ``replace_uncrewed`` flies the relief
   early and uncrewed to bring that crew home (its own crew stood down), ``return_after_anomaly``
   brings the crew home at once on the damaged vehicle;
5. a person whose extended stay runs into their next flight is stood down from that flight;
6. ``move_seats``: partner members' lifeboat seats move to a docked vehicle of their own agency
   (one extra seat each) and on to the replacement when it docks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

from crossflight.campaigns.events import Events
from crossflight.campaigns.structure import END, PlanStructure
from crossflight.model.campaigns import Policy

__all__ = ["Realisation", "realise"]

DAY_S = 86400
I64 = NDArray[np.int64]
B = NDArray[np.bool_]
T = TypeVar("T", bound=np.generic)


@dataclass
class Realisation:
    """One batch of realised scenarios (see the module doc)."""

    present: B
    launch: I64
    dock: I64
    undock: I64
    landing: I64
    has_undock: B
    stay_on: B
    stay_down: I64
    t0: I64
    t1: I64
    seat_a: I64  # seat in the up flight on [t0, a), in mid on [a, b), in seat_last on [b, t1)
    seat_b: I64
    seat_mid: I64  # -1: no move
    seat_last: I64
    leak_flight: I64  # -1: none
    leak_t: I64
    rep_hi: I64  # (n, R) end of each representation entry
    replaced: I64  # flight flown uncrewed as a replacement, -1


def _take(a: NDArray[T], idx: I64) -> NDArray[T]:
    """a[s, idx[s, k]] for idx >= 0 (rows broadcast); garbage where idx < 0."""
    return np.take_along_axis(a, np.maximum(idx, 0), axis=1)


def _times(st: PlanStructure, ev: Events) -> tuple[I64, I64]:
    launch = st.launch0 + ev.slip_s
    for j, v in enumerate(ev.vehicle_types):
        of_type = np.array([x == v for x in st.vehicle_of]) & st.movable
        g0, g1 = ev.grounding_t[:, j : j + 1], ev.grounding_end[:, j : j + 1]
        launch = np.where(of_type & (launch >= g0) & (launch < g1), g1, launch)
    return launch, launch + (st.dock0 - st.launch0)


def _removals(st: PlanStructure, ev: Events, launch: I64) -> tuple[B, B, I64]:
    n, n_f = launch.shape
    present: B = np.ones((n, n_f), dtype=bool)
    removed_seat = np.zeros((n, len(st.stay_up)), dtype=bool)
    up_launch = launch[:, st.stay_up]
    rep_hi = np.tile(np.array([r[3] for r in st.representation], dtype=np.int64), (n, 1))
    for j, (segment, agency) in enumerate(ev.retirements):
        t_r = ev.retirement_t[:, j : j + 1]
        mine = np.array([a == agency for a in st.flight_agency])
        present &= ~(mine & (launch >= t_r))
        removed_seat |= np.array([a == agency for a in st.stay_agency]) & (up_launch >= t_r)
        for k, (seg, _ag, _lo, _hi) in enumerate(st.representation):
            if seg == segment:
                rep_hi[:, k] = np.minimum(rep_hi[:, k], t_r[:, 0])
    sus_a, sus_b = ev.suspension_agencies
    fa = np.array([st.flight_agency[u] for u in st.stay_up.tolist()], dtype=object)
    sa = np.array(st.stay_agency, dtype=object)
    partner = ((sa == sus_a) & (fa == sus_b)) | ((sa == sus_b) & (fa == sus_a))
    removed_seat |= partner & (up_launch >= ev.suspension_t[:, None])
    stay_on = ~removed_seat & _take(present, np.tile(st.stay_up, (n, 1)))
    return present, stay_on, rep_hi


def _extend(st: PlanStructure, pol: Policy, present: B, dock: I64) -> I64:
    n = dock.shape[0]
    undock = np.tile(st.undock0, (n, 1))
    if pol.extend_crews:
        r = np.tile(st.relief, (n, 1))
        ok = (r >= 0) & _take(present, r)
        delay = np.where(ok, np.maximum(_take(dock, r) - st.dock0[np.maximum(st.relief, 0)], 0), 0)
        undock = np.where(st.has_undock, undock + delay, END)
    if pol.cap_at_docked_life:
        life = np.where(np.isnan(st.life_s), np.inf, st.life_s)
        cap = np.maximum(st.undock0, np.minimum(dock + life, 2.0**61)).astype(np.int64)
        undock = np.where(st.has_undock, np.minimum(undock, cap), END)
    return np.where(st.has_undock, np.maximum(undock, dock + DAY_S), END)


def realise(st: PlanStructure, ev: Events, pol: Policy) -> Realisation:
    """Realise the scenarios of ``ev`` under ``pol`` (steps in the module doc)."""
    launch, dock = _times(st, ev)
    present, stay_on, rep_hi = _removals(st, ev, launch)
    undock = _extend(st, pol, present, dock)
    n = dock.shape[0]
    rows = np.arange(n)
    has_undock = np.tile(st.has_undock, (n, 1))
    # 4. the first anomaly
    t_cand = np.where(present & (ev.anomaly_dt_s < END), dock + ev.anomaly_dt_s, END)
    t_cand = np.where((t_cand < undock) & (t_cand >= st.start) & (t_cand < st.end), t_cand, END)
    leak_f = np.argmin(t_cand, axis=1)
    leak_t = t_cand[rows, leak_f]
    has_leak = leak_t < END
    leak_f = np.where(has_leak, leak_f, -1)
    down = np.tile(st.stay_down, (n, 1))
    down = np.where((down >= 0) & ~_take(present, down), -1, down)
    up = np.tile(st.stay_up, (n, 1))
    crew_of_leak = (
        stay_on
        & has_leak[:, None]
        & ((down == leak_f[:, None]) | ((up == leak_f[:, None]) & (down < 0)))
    )
    replaced, down = _respond(
        st,
        pol,
        present,
        launch,
        dock,
        undock,
        has_undock,
        stay_on,
        up,
        down,
        leak_f,
        leak_t,
        crew_of_leak,
    )
    landing = np.where(
        st.has_landing & has_undock, undock + (st.landing0 - st.undock0), END
    ).astype(np.int64)
    landing = np.where(st.has_landing, landing, END)
    undock = np.where(has_undock, undock, END)
    t0 = _take(dock, up)
    t1 = np.where(down >= 0, _take(undock, down), END)
    _stand_down(st, stay_on, t0, t1)
    # seats: implicit switch to the down flight when it docks
    dock_down = _take(dock, down)
    switch = np.where(down >= 0, np.minimum(np.maximum(t0, dock_down), t1), t1)
    seat_a, seat_b = switch.copy(), switch.copy()
    seat_last = np.where(down >= 0, down, up)
    seat_mid = np.full_like(up, -1)
    if pol.move_seats:
        seat_a, seat_b, seat_mid = _move_seats(
            st,
            pol,
            present,
            dock,
            undock,
            leak_f,
            leak_t,
            stay_on,
            up,
            down,
            t0,
            t1,
            (seat_a, seat_b, seat_mid),
        )
    return Realisation(
        present=present,
        launch=launch,
        dock=np.where(present, dock, END),
        undock=np.where(present, undock, END),
        landing=np.where(present, landing, END),
        has_undock=has_undock & present,
        stay_on=stay_on,
        stay_down=down,
        t0=t0,
        t1=t1,
        seat_a=seat_a,
        seat_b=seat_b,
        seat_mid=seat_mid,
        seat_last=seat_last,
        leak_flight=leak_f,
        leak_t=leak_t,
        rep_hi=rep_hi,
        replaced=replaced,
    )


def _respond(
    st: PlanStructure,
    pol: Policy,
    present: B,
    launch: I64,
    dock: I64,
    undock: I64,
    has_undock: B,
    stay_on: B,
    up: I64,
    down: I64,
    leak_f: I64,
    leak_t: I64,
    crew_of_leak: B,
) -> tuple[I64, I64]:
    """Step 4: the policy's response to the anomaly (arrays updated in place); returns the
    replacement flight per scenario (-1: none) and the stays' new down flights."""
    par = pol.parameters
    n = dock.shape[0]
    rows = np.arange(n)
    has_leak = leak_f >= 0
    replaced = np.full(n, -1, dtype=np.int64)
    if pol.replace_uncrewed:
        r = np.where(has_leak, st.relief[np.maximum(leak_f, 0)], -1)
        rr = np.maximum(r, 0)
        ok = (r >= 0) & present[rows, rr] & (launch[rows, rr] > leak_t)
        new_launch = np.minimum(launch[rows, rr], leak_t + round(par.replacement_lead_days * DAY_S))
        new_dock = new_launch + (st.dock0 - st.launch0)[rr]
        launch[rows[ok], rr[ok]] = new_launch[ok]
        dock[rows[ok], rr[ok]] = new_dock[ok]
        replaced = np.where(ok, r, -1)
        stay_on &= ~(ok[:, None] & (up == r[:, None]))
        to_r = crew_of_leak & ok[:, None]
        down = np.where(to_r, np.where(st.has_undock[rr][:, None], r[:, None], -1), down)
        lf = np.maximum(leak_f, 0)
        away = new_dock + round(par.leaky_undock_after_replacement_days * DAY_S)
        away = np.maximum(away, np.maximum(dock[rows, lf], st.last_relocation[lf]) + 1)
        undock[rows[ok], lf[ok]] = away[ok]
        has_undock[rows[ok], lf[ok]] = True
    elif pol.return_after_anomaly:
        lf = np.maximum(leak_f, 0)
        back = leak_t + round(par.return_delay_days * DAY_S)
        back = np.maximum(back, np.maximum(dock[rows, lf], st.last_relocation[lf]) + 1)
        back = np.minimum(back, undock[rows, lf])
        ok = has_leak
        undock[rows[ok], lf[ok]] = back[ok]
        has_undock[rows[ok], lf[ok]] = True
        down = np.where(crew_of_leak, leak_f[:, None], down)
    return replaced, down


def _stand_down(st: PlanStructure, stay_on: B, t0: I64, t1: I64) -> None:
    """Step 5: a person whose stay runs into their next flight is stood down from it."""
    n = stay_on.shape[0]
    last_end = np.full((n, int(st.stay_person_idx.max(initial=0)) + 1), -(2**62), dtype=np.int64)
    for rank in range(int(st.stay_rank.max(initial=-1)) + 1):
        ks = np.flatnonzero(st.stay_rank == rank)
        p = st.stay_person_idx[ks]
        clash = stay_on[:, ks] & (last_end[:, p] > t0[:, ks])
        stay_on[:, ks] &= ~clash
        last_end[:, p] = np.where(stay_on[:, ks], t1[:, ks], last_end[:, p])


def _move_seats(
    st: PlanStructure,
    pol: Policy,
    present: B,
    dock: I64,
    undock: I64,
    leak_f: I64,
    leak_t: I64,
    stay_on: B,
    up: I64,
    down: I64,
    t0: I64,
    t1: I64,
    seats: tuple[I64, I64, I64],
) -> tuple[I64, I64, I64]:
    """Step 6: move partner members' seats out of the damaged vehicle (the Rubio response)."""
    seat_a, seat_b, seat_mid = (x.copy() for x in seats)
    has_leak = leak_f >= 0
    t_m = np.where(has_leak, leak_t + round(pol.parameters.seat_move_delay_days * DAY_S), END)
    lf = np.maximum(leak_f, 0)
    leak_agency = np.array(st.flight_agency, dtype=object)[lf]
    agency = np.array(st.stay_agency, dtype=object)
    dock_down = _take(dock, down)
    eligible = (
        stay_on
        & has_leak[:, None]
        & (up == leak_f[:, None])
        & (t0 <= t_m[:, None])
        & (t_m[:, None] < t1)
        & (agency[None, :] != leak_agency[:, None])
        & ((down < 0) | (down == up) | (dock_down > t_m[:, None]))
    )
    if not eligible.any():
        return seat_a, seat_b, seat_mid
    docked = present & st.crewed & (dock <= t_m[:, None]) & (t_m[:, None] < undock)
    docked &= np.arange(len(st.flight_ids))[None, :] != leak_f[:, None]
    fl_agency = np.array(st.flight_agency, dtype=object)
    for ag in sorted(set(st.stay_agency)):
        cand = docked & (fl_agency == ag)[None, :]
        score = np.where(cand, undock, -1)
        v = np.where(cand.any(axis=1), np.argmax(score, axis=1), -1)
        mine = eligible & (agency == ag)[None, :] & (v >= 0)[:, None]
        back = np.where(
            (down >= 0) & (down != up), np.minimum(np.maximum(t_m[:, None], dock_down), t1), t1
        )
        seat_a = np.where(mine, t_m[:, None], seat_a)
        seat_b = np.where(mine, back, seat_b)
        seat_mid = np.where(mine, v[:, None], seat_mid)
    return seat_a, seat_b, seat_mid
