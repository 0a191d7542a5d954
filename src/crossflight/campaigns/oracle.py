"""The slow, obvious path: one scenario's realised manifest, judged by ``check_manifest``.

Used to prove the vectorised judge (tests) and as the baseline of the benchmark.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from crossflight.campaigns.realisation import Realisation
from crossflight.campaigns.structure import END, PlanStructure
from crossflight.model.flights import ExtraSeats, SeatMove, VehicleStatus
from crossflight.model.manifest import Manifest
from crossflight.model.rulesconfig import Representation
from crossflight.rules import check_manifest
from crossflight.times import from_unix_s

__all__ = ["check_scenario", "scenario_manifest"]


def _utc(t: int) -> Any:
    return from_unix_s(float(t))


def scenario_manifest(st: PlanStructure, rz: Realisation, row: int) -> Manifest:
    """The manifest of scenario ``row`` of a realised batch."""
    m = st.rm.manifest
    on = rz.stay_on[row]
    flights = []
    for i, f in enumerate(st.rm.flights.values()):
        if not rz.present[row, i]:
            continue
        crew_up = [st.stay_person[k] for k in np.flatnonzero(on & (st.stay_up == i))]
        upd: dict[str, Any] = {
            "launch_utc": _utc(rz.launch[row, i]),
            "dock_utc": _utc(rz.dock[row, i]),
            "crew_up": crew_up,
        }
        if rz.has_undock[row, i]:
            upd["undock_utc"] = _utc(rz.undock[row, i])
            upd["landing_utc"] = _utc(rz.landing[row, i]) if rz.landing[row, i] < END else None
            upd["crew_down"] = [
                st.stay_person[k] for k in np.flatnonzero(on & (rz.stay_down[row] == i))
            ]
        flights.append(f.model_copy(update=upd))
    ids = st.flight_ids
    moves, extras = [], list(m.extra_seats)
    for k in np.flatnonzero(on & (rz.seat_mid[row] >= 0)):
        p, a, b = st.stay_person[k], int(rz.seat_a[row, k]), int(rz.seat_b[row, k])
        mid = ids[rz.seat_mid[row, k]]
        moves.append(
            SeatMove(time_utc=_utc(a), person=p, from_flight=ids[st.stay_up[k]], to_flight=mid)
        )
        extras.append(ExtraSeats(flight=mid, seats=1, from_utc=_utc(a)))
        if b < rz.t1[row, k]:
            last = ids[rz.seat_last[row, k]]
            moves.append(SeatMove(time_utc=_utc(b), person=p, from_flight=mid, to_flight=last))
    status = list(m.vehicle_status)
    if rz.leak_flight[row] >= 0:
        status.append(
            VehicleStatus(
                flight=ids[rz.leak_flight[row]],
                from_utc=_utc(rz.leak_t[row]),
                status="unfit",
                source="what-if: sampled in-flight anomaly",
            )
        )
    rules = m.rules
    planned_hi = np.array([r[3] for r in st.representation], dtype=np.int64)
    if (rz.rep_hi[row] != planned_hi).any():
        reps = [
            Representation(
                segment=r.segment,
                agency=r.agency,
                from_utc=r.from_utc,
                until_utc=_utc(rz.rep_hi[row, k]) if rz.rep_hi[row, k] < END else r.until_utc,
            )
            for k, r in enumerate(st.rm.representation)
        ]
        rules = rules.model_copy(update={"representation": reps})
    out: Manifest = m.model_copy(
        update={
            "flights": flights,
            "seat_moves": moves,
            "vehicle_status": status,
            "extra_seats": extras,
            "rules": rules,
        }
    )
    return out


def check_scenario(
    st: PlanStructure, rz: Realisation, row: int
) -> dict[str, tuple[bool, int, int]]:
    """Per rule: (violated, summed seconds, first start) as ``check_manifest`` finds them."""
    report = check_manifest(scenario_manifest(st, rz, row), source=st.rm.source)
    out: dict[str, tuple[bool, int, int]] = {}
    for rule in ("R1", "R2", "R3", "R4", "R5", "R6", "R7"):
        vs = [v for v in report.violations if v.rule == rule and v.severity == "violation"]
        dur = sum(round((v.end_utc - v.start_utc).total_seconds()) for v in vs)
        first = min((round(v.start_utc.timestamp()) for v in vs), default=END)
        out[rule] = (bool(vs), dur, first)
    return out
