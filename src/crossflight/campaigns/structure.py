"""A plan as static arrays: flights, stays, ports, chains and rules, indexed once.

Every scenario of a campaign shares this structure; only times and a few masks vary, which is
what makes batches of scenarios evaluate as NumPy arrays (``evaluate.py``).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from crossflight.errors import ManifestError
from crossflight.model.flights import Flight
from crossflight.model.resolve import ResolvedManifest
from crossflight.rules.timeline import END, secs

__all__ = ["END", "PlanStructure", "build_structure"]

I64 = NDArray[np.int64]


@dataclass
class PlanStructure:
    """Static description of a resolved plan (see the module doc)."""

    rm: ResolvedManifest
    start: int
    end: int
    flight_ids: list[str]
    vehicle_of: list[str]
    flight_agency: list[str]
    crewed: NDArray[np.bool_]
    rotation: NDArray[np.bool_]
    seats: I64
    life_s: NDArray[np.float64]  # nan: no published docked life
    life_binding: NDArray[np.bool_]  # beyond it is a violation (not a warning threshold)
    launch0: I64
    dock0: I64
    undock0: I64  # END: still docked at the end
    landing0: I64  # END: none given
    has_undock: NDArray[np.bool_]
    has_landing: NDArray[np.bool_]
    movable: NDArray[np.bool_]  # launch may slip (launches in the period, no relocations)
    last_relocation: I64  # time of the last relocation (or dock0)
    relief: I64  # next rotation flight of the same vehicle type (by plan dock), -1
    # stays
    stay_person: list[str]
    stay_agency: list[str]
    stay_up: I64
    stay_down: I64  # -1: still aboard at the end
    stay_rank: I64  # 0, 1, ... per person in time order
    stay_person_idx: I64
    # status entries of the plan: flight, time, unfit?, seat limit (-1 none)
    status_flight: I64
    status_t: I64
    status_unfit: NDArray[np.bool_]
    status_limit: I64
    status_emergency: NDArray[np.bool_]
    extra_flight: I64
    extra_t0: I64
    extra_t1: I64
    extra_n: I64
    # port segments: (flight, seg index, port index); times from dock/relocations/undock
    seg_flight: I64
    seg_port: I64
    seg_t0_fixed: I64  # relocation time for seg>0, ignored for the first
    seg_t1_fixed: I64  # next relocation time, or -1 for the last
    port_ids: list[str]
    port_ok: NDArray[np.bool_]  # segment's vehicle type accepted by its port
    neighbour_pairs: I64  # (arriving segment, other segment) whose ports are neighbours
    representation: list[tuple[str, str, int, int]]  # segment, agency, lo, hi
    handover_chains: list[I64] = field(default_factory=list)


def _int(xs: list[int]) -> I64:
    return np.asarray(xs, dtype=np.int64).reshape(-1)


def _relief(flights: list[Flight], crewed: list[bool], dock0: I64) -> I64:
    """Per flight, the next rotation flight of the same crewed vehicle type by dock time."""
    relief = np.full(len(flights), -1, dtype=np.int64)
    by_type: dict[str, list[int]] = {}
    for i, f in enumerate(flights):
        if f.mission == "rotation" and crewed[i]:
            by_type.setdefault(f.vehicle, []).append(i)
    for chain in by_type.values():
        chain.sort(key=lambda i: int(dock0[i]))
        for a, b in itertools.pairwise(chain):
            relief[a] = b
    return relief


def _ranks(
    rm: ResolvedManifest, dock0: I64, index: dict[str, int]
) -> tuple[list[int], dict[str, int]]:
    """Per stay, its rank among the same person's stays in time order; person indices."""
    stays = list(rm.stays)
    persons = sorted({s.person for s in stays})
    order = sorted(
        range(len(stays)), key=lambda k: (stays[k].person, dock0[index[stays[k].up_flight]])
    )
    rank: dict[str, int] = {}
    ranks = [0] * len(stays)
    for k in order:
        p = stays[k].person
        ranks[k] = rank.get(p, 0)
        rank[p] = ranks[k] + 1
    return ranks, {p: i for i, p in enumerate(persons)}


def _port_segments(
    rm: ResolvedManifest,
) -> tuple[
    list[int], list[int], list[int], list[int], list[bool], list[tuple[int, int]], list[str]
]:
    """Each flight's stretches at one port (dock, relocations, undock) and neighbour pairs."""
    seg_flight, seg_port, seg_t0, seg_t1, port_ok = [], [], [], [], []
    port_ids = [p.id for p in rm.station.ports]
    pindex = {p: i for i, p in enumerate(port_ids)}
    for i, f in enumerate(rm.flights.values()):
        ports = [(f.port, -1)] + [(r.to_port, secs(r.time_utc)) for r in f.relocations]
        for j, (pid, t) in enumerate(ports):
            seg_flight.append(i)
            seg_port.append(pindex[pid])
            seg_t0.append(t)
            seg_t1.append(ports[j + 1][1] if j + 1 < len(ports) else -1)
            port = rm.station.port(pid)
            assert port is not None
            port_ok.append(not port.vehicles or f.vehicle in port.vehicles)
    nb_pairs = []
    for a in range(len(seg_flight)):
        port = rm.station.port(port_ids[seg_port[a]])
        assert port is not None
        for b in range(len(seg_flight)):
            if seg_flight[b] != seg_flight[a] and port_ids[seg_port[b]] in port.neighbours:
                nb_pairs.append((a, b))
    return seg_flight, seg_port, seg_t0, seg_t1, port_ok, nb_pairs, port_ids


def build_structure(rm: ResolvedManifest) -> PlanStructure:
    """Index a resolved plan; ``ManifestError`` for what campaigns cannot vary (seat moves)."""
    m = rm.manifest
    if m.seat_moves:
        raise ManifestError(
            "the plan has seat_moves, which what-if campaigns do not vary",
            source=rm.source,
            field="seat_moves",
            fix="give a plan without [[seat_moves]] (policies add their own; docs/whatif.md)",
        )
    start, end = secs(rm.start_utc), secs(rm.end_utc)
    flights = list(rm.flights.values())
    ids = [f.id for f in flights]
    index = {fid: i for i, fid in enumerate(ids)}
    vt = [rm.vehicles[f.vehicle] for f in flights]
    dock0 = _int([secs(f.dock_utc) for f in flights])
    relief = _relief(flights, [v.crewed for v in vt], dock0)
    stays = list(rm.stays)
    ranks, pidx = _ranks(rm, dock0, index)
    statuses = sorted(m.vehicle_status, key=lambda v: v.from_utc)
    seg_flight, seg_port, seg_t0, seg_t1, port_ok, nb_pairs, port_ids = _port_segments(rm)
    chains = []
    cfg = m.rules.handover
    for v in cfg.vehicles:
        chains.append(
            _int([i for i, f in enumerate(flights) if f.vehicle == v and f.mission == "rotation"])
        )
    return PlanStructure(
        rm=rm,
        start=start,
        end=end,
        flight_ids=ids,
        vehicle_of=[f.vehicle for f in flights],
        flight_agency=[v.agency for v in vt],
        crewed=np.array([v.crewed for v in vt], dtype=bool),
        rotation=np.array([f.mission == "rotation" for f in flights], dtype=bool),
        seats=_int([v.seats for v in vt]),
        life_s=np.array(
            [np.nan if v.docked_life_days is None else v.docked_life_days * 86400.0 for v in vt]
        ),
        life_binding=np.array([v.docked_life_kind != "warning threshold" for v in vt], dtype=bool),
        launch0=_int([secs(f.launch_utc) for f in flights]),
        dock0=dock0,
        undock0=_int([END if f.undock_utc is None else secs(f.undock_utc) for f in flights]),
        landing0=_int([END if f.landing_utc is None else secs(f.landing_utc) for f in flights]),
        has_undock=np.array([f.undock_utc is not None for f in flights], dtype=bool),
        has_landing=np.array([f.landing_utc is not None for f in flights], dtype=bool),
        movable=np.array(
            [secs(f.launch_utc) >= start and not f.relocations for f in flights], dtype=bool
        ),
        last_relocation=_int(
            [
                secs(f.relocations[-1].time_utc) if f.relocations else int(dock0[i])
                for i, f in enumerate(flights)
            ]
        ),
        relief=relief,
        stay_person=[s.person for s in stays],
        stay_agency=[rm.person(s.person).agency for s in stays],
        stay_up=_int([index[s.up_flight] for s in stays]),
        stay_down=_int([-1 if s.down_flight is None else index[s.down_flight] for s in stays]),
        stay_rank=_int(ranks),
        stay_person_idx=_int([pidx[s.person] for s in stays]),
        status_flight=_int([index[v.flight] for v in statuses]),
        status_t=_int([secs(v.from_utc) for v in statuses]),
        status_unfit=np.array([v.status == "unfit" for v in statuses], dtype=bool),
        status_limit=_int([-1 if v.seats is None else v.seats for v in statuses]),
        status_emergency=np.array([v.status == "emergency-only" for v in statuses], dtype=bool),
        extra_flight=_int([index[e.flight] for e in m.extra_seats]),
        extra_t0=_int([secs(e.from_utc) for e in m.extra_seats]),
        extra_t1=_int([END if e.until_utc is None else secs(e.until_utc) for e in m.extra_seats]),
        extra_n=_int([e.seats for e in m.extra_seats]),
        seg_flight=_int(seg_flight),
        seg_port=_int(seg_port),
        seg_t0_fixed=_int(seg_t0),
        seg_t1_fixed=_int(seg_t1),
        port_ids=port_ids,
        port_ok=np.array(port_ok, dtype=bool),
        neighbour_pairs=np.asarray(nb_pairs, dtype=np.int64).reshape(-1, 2),
        representation=[
            (
                r.segment,
                r.agency,
                secs(r.from_utc) if r.from_utc else start,
                secs(r.until_utc) if r.until_utc else END,
            )
            for r in rm.representation
        ],
        handover_chains=chains,
    )
