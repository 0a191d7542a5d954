"""The crew-rotation planning request: what the planner is asked to plan (pydantic models).

A request says *what must hold* (which agency represents which segment until when, how many
flights each vehicle may fly a year, which flights are already booked) and the planner
(:mod:`crossflight.planning`) says *which flights, when, with whom*.  The TOML format is documented
in ``docs/planning.md``; :mod:`crossflight.io.request` loads it.

All times are timezone-aware UTC datetimes; durations are in days (``*_days``) or hours (``*_h``).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from crossflight.model.common import Id, UtcDatetime
from crossflight.model.crew import CrewMember
from crossflight.model.stations import Port, Segment

__all__ = [
    "AgreementTerms",
    "CrewMember",
    "CrewPool",
    "FixedFlight",
    "Grounding",
    "HistorySpec",
    "MissionLength",
    "PlanRules",
    "PlanningRequest",
    "PortSpec",
    "SeatRange",
    "SegmentSpec",
    "StationSpec",
    "VehicleSpec",
]

UtcTime = UtcDatetime
"""An aware datetime converted to UTC; a naive one or a number is refused (as in manifests)."""

IdText = Id
"""An identifier as the manifest format requires: letters, digits and ``. _ + -``."""

PortSpec = Port
"""A request's port is the station model's port (:class:`crossflight.model.stations.Port`),
``neighbours`` included: the planner keeps them clear when a vehicle arrives (rule R3)."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class SegmentSpec(Segment):
    """A station segment (the station model's :class:`~crossflight.model.stations.Segment`) and
    the period in which its agency must keep someone aboard (R1)."""

    represented_from: UtcTime | None = Field(
        None, description="start of the representation rule; default: the horizon start"
    )
    represented_until: UtcTime | None = Field(
        None, description="end of the representation rule (segment retired); default: horizon end"
    )

    @model_validator(mode="after")
    def _ordered(self) -> SegmentSpec:
        t0, t1 = self.represented_from, self.represented_until
        if t0 is not None and t1 is not None and t1 <= t0:
            raise ValueError(
                f"segment {self.id!r}: represented_until is not after represented_from "
                "(fix: swap or correct the times)"
            )
        return self


def _from_builtin(data: Any) -> Any:
    """``builtin = "iss"``: segments and ports come from the built-in station; segments given
    in the request (by id) only add their representation periods."""
    if not isinstance(data, dict) or data.get("builtin") is None:
        return data
    from crossflight.model.catalog import builtin_station_ids, load_station

    sid = data["builtin"]
    if sid not in builtin_station_ids():
        raise ValueError(
            f"unknown built-in station {sid!r} (fix: use one of "
            f"{', '.join(builtin_station_ids())}, or give segments and ports inline)"
        )
    station = load_station(sid)
    given = {s.get("id"): s for s in data.get("segments") or [] if isinstance(s, dict)}
    unknown = sorted(str(k) for k in given if station.segment(str(k)) is None)
    if unknown:
        raise ValueError(
            f"station {sid!r} has no segment {unknown[0]!r} (fix: use one of "
            f"{', '.join(s.id for s in station.segments)})"
        )
    out = dict(data)
    out.setdefault("id", station.id)
    out.setdefault("name", station.name)
    out["segments"] = [{**seg.model_dump(), **given.get(seg.id, {})} for seg in station.segments]
    if not out.get("ports"):
        out["ports"] = [port.model_dump() for port in station.ports]
    return out


class StationSpec(_Strict):
    """A station the plan serves: its segments (with representation periods) and ports.

    ``builtin = "iss"`` takes segments and ports (with their neighbours) from the built-in
    station model; otherwise they are given inline.
    """

    builtin: IdText | None = Field(None, description="built-in station id, e.g. iss")
    id: IdText = Field(description="station id, e.g. iss or ros")
    name: str = ""
    crewed_from: UtcTime | None = Field(None, description="first day a crew may dock")
    crewed_until: UtcTime | None = Field(
        None, description="every crew must have left by then (e.g. before deorbit)"
    )
    segments: list[SegmentSpec] = Field(min_length=1)
    ports: list[PortSpec] = Field(min_length=1)
    agencies: list[str] | None = Field(
        None, description="agencies that fly to this station (default: all); e.g. ROS: ROSCOSMOS"
    )

    @model_validator(mode="before")
    @classmethod
    def _take_builtin(cls, data: Any) -> Any:
        return _from_builtin(data)

    @model_validator(mode="after")
    def _check_ids(self) -> StationSpec:
        t0, t1 = self.crewed_from, self.crewed_until
        if t0 is not None and t1 is not None and t1 <= t0:
            raise ValueError(
                f"station {self.id!r}: crewed_until is not after crewed_from "
                "(fix: swap or correct the times)"
            )
        seg_ids = [s.id for s in self.segments]
        if len(set(seg_ids)) != len(seg_ids):
            raise ValueError(f"segment ids repeat in station {self.id!r}: {seg_ids}")
        port_ids = [p.id for p in self.ports]
        if len(set(port_ids)) != len(port_ids):
            raise ValueError(f"port ids repeat in station {self.id!r}: {port_ids}")
        for p in self.ports:
            if p.segment not in seg_ids:
                raise ValueError(
                    f"port {p.id!r} names segment {p.segment!r}, which station {self.id!r} "
                    f"does not have (segments: {', '.join(seg_ids)})"
                )
            if not p.vehicles:
                raise ValueError(f"port {p.id!r} accepts no vehicle type (give vehicles = [...])")
            for q in p.neighbours:
                if q not in port_ids:
                    raise ValueError(f"port {p.id!r} names unknown neighbour port {q!r}")
        return self


class SeatRange(_Strict):
    """How many seats of one flight an agency takes: ``min`` ≤ seats ≤ ``max``."""

    min: int = Field(0, ge=0)
    max: int = Field(ge=0)

    @model_validator(mode="after")
    def _order(self) -> SeatRange:
        if self.min > self.max:
            raise ValueError(f"seat range min {self.min} > max {self.max}")
        return self


class MissionLength(_Strict):
    """Docked duration of one crew rotation, in days: hard limits and the standard target."""

    min_days: int = Field(ge=1)
    target_days: int = Field(ge=1)
    max_days: int = Field(ge=1)

    @model_validator(mode="after")
    def _order(self) -> MissionLength:
        if not self.min_days <= self.target_days <= self.max_days:
            raise ValueError(
                f"need min_days ≤ target_days ≤ max_days, got "
                f"{self.min_days} / {self.target_days} / {self.max_days}"
            )
        return self


class Grounding(_Strict):
    """A period in which a vehicle type may not launch (e.g. after an anomaly)."""

    start: UtcTime
    end: UtcTime
    reason: str = ""

    @model_validator(mode="after")
    def _order(self) -> Grounding:
        if self.end <= self.start:
            raise ValueError(f"grounding ends {self.end} before it starts {self.start}")
        return self


class VehicleSpec(_Strict):
    """A crew vehicle type the planner may fly, with its limits and seat policy."""

    type: str = Field(min_length=1, description="vehicle type id, e.g. soyuz-ms, crew-dragon")
    seats: int = Field(ge=1, le=8)
    docked_life_days: int | None = Field(
        None, ge=1, description="certified docked life (R4); default: the built-in vehicle type's"
    )
    max_flights_per_year: int = Field(ge=0, description="crew rotations per calendar year")
    earliest: UtcTime | None = Field(None, description="earliest launch")
    latest: UtcTime | None = Field(None, description="last launch (e.g. vehicle retired)")
    grounded: list[Grounding] = Field(default_factory=list)
    launch_site: str = Field(min_length=1, description="site id, e.g. baikonur-31, ksc-39a")
    launch_to_dock_h: float = Field(gt=0, le=96)
    undock_to_landing_h: float = Field(gt=0, le=96)
    mission: MissionLength
    seats_by_agency: dict[str, SeatRange] = Field(min_length=1)
    stations: list[str] = Field(default_factory=list, description="default: every station")

    @model_validator(mode="after")
    def _check(self) -> VehicleSpec:
        if self.earliest is not None and self.latest is not None and self.latest < self.earliest:
            raise ValueError(
                f"vehicle {self.type!r}: latest launch is before earliest (fix: swap them)"
            )
        if self.docked_life_days is not None and self.mission.max_days > self.docked_life_days:
            raise ValueError(
                f"mission max_days {self.mission.max_days} exceeds the certified docked life "
                f"{self.docked_life_days} d of {self.type}"
            )
        lo = sum(r.min for r in self.seats_by_agency.values())
        if lo > self.seats:
            raise ValueError(
                f"seats_by_agency minimums need {lo} seats, {self.type} has {self.seats}"
            )
        return self


#: Longest planning horizon a request may ask for: the longest the planner is benchmarked on
#: (``python -m bench planner``, 20-year row: a checker-accepted plan in 44 s on 2 cores).
MAX_HORIZON_YEARS = 20

#: Largest crew pool per agency: an order of magnitude above any agency's astronaut corps, so
#: a larger count is a typo (``plan-crew`` on a pool of 1.7e9 people, found by the reader fuzz,
#: ran a 24 GB process out of memory before this bound).
MAX_POOL_COUNT = 1000


class CrewPool(_Strict):
    """The people an agency can fly: a count (ids invented) or named people, with rest rules."""

    agency: IdText
    count: int | None = Field(None, ge=0, le=MAX_POOL_COUNT)
    people: list[CrewMember] = Field(default_factory=list)
    rest_days: int = Field(0, ge=0, description="minimum days between landing and next launch")
    nationality: str = ""

    @model_validator(mode="after")
    def _check(self) -> CrewPool:
        if self.count is None and not self.people:
            raise ValueError(f"crew pool {self.agency!r} needs either count or people")
        if self.count is not None and self.people and self.count != len(self.people):
            raise ValueError(f"crew pool {self.agency!r}: count {self.count} != {len(self.people)}")
        for p in self.people:
            if p.agency != self.agency:
                raise ValueError(f"person {p.id!r} has agency {p.agency!r} in {self.agency!r} pool")
        return self

    @property
    def size(self) -> int:
        """Number of people in the pool."""
        return len(self.people) if self.people else int(self.count or 0)


class AgreementTerms(_Strict):
    """The integrated-crew (seat swap) agreement: which seats are swapped, balanced per period."""

    agency_a: str = Field("NASA", description="flies on agency_b's vehicles")
    vehicles_a: list[str] = Field(
        default_factory=lambda: ["soyuz-ms"], description="vehicles on which agency_a gets seats"
    )
    agency_b: str = "ROSCOSMOS"
    vehicles_b: list[str] = Field(default_factory=lambda: ["crew-dragon"])
    until: UtcTime | None = Field(
        None, description="flights launching after this carry no swapped seats (agreement ended)"
    )
    balance_period: Literal["year", "horizon"] = "year"
    max_imbalance_seats: int = Field(
        1, ge=0, description="hard limit on |seats_a - seats_b| per period (R6)"
    )


class PlanRules(_Strict):
    """Station rules the plan must keep (they are also written to the manifest's ``[rules]``)."""

    nominal_crew: int = Field(7, ge=1)
    handover_max_crew: int = Field(11, ge=1)
    handover_overlap_min_days: int = Field(
        2, ge=1, description="arriving crew docks at least this long before the leaving one undocks"
    )
    handover_overlap_max_days: int = Field(
        14, ge=1, description="... and at most this long (crew above nominal only briefly)"
    )
    direct_handover_vehicles: list[str] | None = Field(
        None,
        description="vehicle types whose consecutive rotations must hand over directly (R7); "
        "default: every vehicle type; leave one out to allow gaps (e.g. across a grounding)",
    )

    @model_validator(mode="after")
    def _check(self) -> PlanRules:
        if self.handover_max_crew < self.nominal_crew:
            raise ValueError("handover_max_crew must be ≥ nominal_crew")
        if self.handover_overlap_max_days < self.handover_overlap_min_days:
            raise ValueError("handover_overlap_max_days must be ≥ handover_overlap_min_days")
        return self


class FixedFlight(_Strict):
    """A flight already flown or booked (history, private missions): the plan keeps it as is.

    A rotation still aboard whose return is not yet fixed may omit ``undock`` and ``landing``:
    the planner then chooses its undocking day (within the vehicle's mission limits, counted from
    the real docking) and its crew comes home on it.
    """

    id: str = Field(min_length=1)
    vehicle: str = Field(min_length=1)
    station: str = "iss"
    port: str = Field(min_length=1)
    launch_site: str = Field(min_length=1)
    launch: UtcTime
    dock: UtcTime
    undock: UtcTime | None = None
    landing: UtcTime | None = None
    crew: list[CrewMember] = Field(default_factory=list)
    kind: Literal["rotation", "visit", "cargo"] = Field(
        "rotation",
        description="rotation: a long-duration crew (part of its vehicle's handover sequence); "
        "visit: a short private mission (Axiom) that reserves a port and crew capacity; "
        "cargo: an uncrewed vehicle that only reserves a port",
    )
    source: str = ""

    @model_validator(mode="after")
    def _order(self) -> FixedFlight:
        if self.dock < self.launch:
            raise ValueError(f"flight {self.id!r}: dock {self.dock} is before launch {self.launch}")
        if self.undock is None:
            if self.landing is not None:
                raise ValueError(f"flight {self.id!r}: landing given without undock")
            if self.kind != "rotation":
                raise ValueError(f"flight {self.id!r}: only a rotation may leave undock open")
            return self
        if self.undock <= self.dock:
            raise ValueError(f"flight {self.id!r}: undock {self.undock} is not after dock")
        if self.landing is None or self.landing < self.undock:
            raise ValueError(f"flight {self.id!r}: give a landing at or after undock")
        return self

    @property
    def in_progress(self) -> bool:
        """Aboard with its return still to be planned."""
        return self.undock is None


class HistorySpec(_Strict):
    """Take the flights docked at the horizon start from a built-in history manifest."""

    builtin: IdText = Field("iss-2022-2025", description="built-in manifest id")
    station: IdText = Field("iss", description="the request station these flights belong to")


class PlanningRequest(_Strict):
    """A complete planning request (see ``docs/planning.md`` for the TOML form)."""

    name: str = ""
    source: str = Field("", description="where the request's figures come from")
    start: UtcTime = Field(description="horizon start: planned flights launch after this")
    end: UtcTime = Field(description="horizon end: planned flights have undocked by this")
    stations: list[StationSpec] = Field(min_length=1)
    vehicles: list[VehicleSpec] = Field(min_length=1)
    crew_pools: list[CrewPool] = Field(min_length=1)
    agreement: AgreementTerms = Field(default_factory=AgreementTerms)
    rules: PlanRules = Field(default_factory=PlanRules)
    fixed_flights: list[FixedFlight] = Field(default_factory=list)
    history: HistorySpec | None = Field(
        None, description="add the flights of a built-in history docked at the horizon start"
    )
    max_flights_per_vehicle: int | None = Field(
        None, ge=0, description="cap on candidate flights per vehicle type (default from limits)"
    )

    @model_validator(mode="after")
    def _check(self) -> PlanningRequest:
        if self.end <= self.start:
            raise ValueError(f"end {self.end} is not after start {self.start}")
        if (self.end - self.start).days > 366 * MAX_HORIZON_YEARS:
            raise ValueError(
                f"horizon longer than {MAX_HORIZON_YEARS} years (split it into shorter requests)"
            )
        st_ids = [s.id for s in self.stations]
        if len(set(st_ids)) != len(st_ids):
            raise ValueError(f"station ids repeat: {st_ids}")
        v_ids = [v.type for v in self.vehicles]
        if len(set(v_ids)) != len(v_ids):
            raise ValueError(f"vehicle types repeat: {v_ids}")
        agencies = {p.agency for p in self.crew_pools}
        if len(agencies) != len(self.crew_pools):
            raise ValueError("one crew pool per agency")
        for station in self.stations:
            for seg in station.segments:
                if seg.agency not in agencies:
                    known = ", ".join(sorted(agencies))
                    raise ValueError(
                        f"segment {seg.id!r} of station {station.id!r} names agency "
                        f"{seg.agency!r}, which has no crew pool (fix: use one of {known} "
                        "or add a [[crew_pools]] entry for it)"
                    )
        for v in self.vehicles:
            for s in v.stations:
                if s not in st_ids:
                    raise ValueError(f"vehicle {v.type!r} names unknown station {s!r}")
            for a in v.seats_by_agency:
                if a not in agencies:
                    raise ValueError(
                        f"vehicle {v.type!r} gives seats to agency {a!r} without a crew pool"
                    )
        for v in self.vehicles:
            if v.mission.min_days <= 2 * self.rules.handover_overlap_max_days:
                raise ValueError(
                    f"vehicle {v.type!r}: mission min_days {v.mission.min_days} must exceed twice "
                    f"handover_overlap_max_days ({self.rules.handover_overlap_max_days})"
                )
        ids: set[str] = set()
        for f in self.fixed_flights:
            if f.id in ids:
                raise ValueError(f"fixed flight id {f.id!r} repeats")
            ids.add(f.id)
            st = next((s for s in self.stations if s.id == f.station), None)
            if st is None:
                raise ValueError(f"fixed flight {f.id!r} names unknown station {f.station!r}")
            if f.port not in {p.id for p in st.ports}:
                raise ValueError(f"fixed flight {f.id!r} names unknown port {f.port!r}")
        return self

    def station(self, station_id: str) -> StationSpec:
        """The station with this id."""
        return next(s for s in self.stations if s.id == station_id)

    def pool(self, agency: str) -> CrewPool | None:
        """The crew pool of this agency, if any."""
        return next((p for p in self.crew_pools if p.agency == agency), None)
