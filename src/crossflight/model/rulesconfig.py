"""Configuration of the station rules R1-R7 (table ``[rules]`` of a manifest).

Every field has a default taken from ISS practice (see ``docs/rules.md`` for the sources);
a manifest overrides what it needs.  Every limit says what kind of limit it is (``*kind``:
certified limit, planning rule or warning threshold, :mod:`crossflight.model.limits`) and
where it comes from (``*source``); findings cite both.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from crossflight.model.common import Id, Record, UtcDatetime
from crossflight.model.limits import LimitKind

__all__ = [
    "CrewSizeRule",
    "HandoverRule",
    "Representation",
    "RulesConfig",
    "SeatSwapPeriod",
    "Severity",
    "VehicleLifeRule",
]

Severity = Literal["violation", "warning"]


class Representation(Record):
    """R1: ``agency`` must have at least one person aboard to operate ``segment``.

    Applies from ``from_utc`` (default: start of the evaluation period) until ``until_utc``
    (default: its end), and only between the first and the last crewed instant.
    """

    segment: Id
    agency: Id
    from_utc: UtcDatetime | None = None
    until_utc: UtcDatetime | None = None
    kind: LimitKind = "planning rule"
    source: str = "integrated-crew agreement 2022-07-14: each agency keeps a member aboard"

    @model_validator(mode="after")
    def _ordered(self) -> Representation:
        # an inverted or empty window would silently switch R1 off: refuse it
        t0, t1 = self.from_utc, self.until_utc
        if t0 is not None and t1 is not None and t1 <= t0:
            raise ValueError(
                "until_utc is not after from_utc: the window is empty or inverted "
                "(fix: swap or correct the times, or remove the entry)"
            )
        return self


class CrewSizeRule(Record):
    """R5: people aboard.  Above ``nominal`` only briefly (handovers), never above ``handover_max``.

    ``handover_max`` is a planning rule by default: no public life-support limit exists; 13 were
    aboard in July 2009 and NASA planned and announced 12 for the September 2024 handover.  A
    stretch above nominal longer than ``above_nominal_max_days`` is a warning (a threshold).
    """

    nominal: int = Field(default=7, ge=1)
    handover_max: int = Field(default=13, ge=1)
    handover_max_kind: LimitKind = "planning rule"
    handover_max_source: str = (
        "largest crew the ISS has hosted: 13 in July 2009 (STS-127 with Expedition 20); NASA "
        "planned and announced 12 aboard for the September 2024 handover; no public limit"
    )
    above_nominal_max_days: float = Field(default=30.0, gt=0)
    above_nominal_kind: LimitKind = "warning threshold"
    above_nominal_source: str = (
        "crossflight advisory: direct handovers last days to two weeks, longer stretches above "
        "the nominal crew are worth a look"
    )
    source: str = ""

    @model_validator(mode="after")
    def _ordered(self) -> CrewSizeRule:
        if self.handover_max < self.nominal:
            raise ValueError("handover_max is below nominal (fix: handover_max >= nominal)")
        return self


class HandoverRule(Record):
    """R7: consecutive rotation flights of the same vehicle type overlap by ``min_overlap_days``.

    ``min_overlap_days`` unset disables the rule.
    """

    min_overlap_days: float | None = Field(default=3.0, ge=0)
    vehicles: list[Id] = Field(default_factory=lambda: ["soyuz-ms", "crew-dragon"])
    severity: Severity = "warning"
    source: str = "direct handovers of a few days are normal (MS-17 -> MS-18 overlapped 9 days)"

    @property
    def kind(self) -> LimitKind:
        """A warning-severity handover rule is a threshold, a violation-severity one a rule."""
        return "warning threshold" if self.severity == "warning" else "planning rule"


class SeatSwapPeriod(Record):
    """R6: one period of a seat-exchange agreement between two agencies.

    Counted per rotation flight launched in [``start_utc``, ``end_utc``): a flight of one of
    ``vehicles_a`` (the other agency's vehicles) "carries an A seat" when a person of
    ``agency_a`` rode it up or down; symmetrically for B.  The counts may differ by at most
    ``max_imbalance``; with ``every_flight`` each such flight must carry the partner's seat.
    """

    id: Id
    start_utc: UtcDatetime
    end_utc: UtcDatetime
    agency_a: Id = "NASA"
    vehicles_a: list[Id] = Field(default_factory=lambda: ["soyuz-ms"])
    agency_b: Id = "ROSCOSMOS"
    vehicles_b: list[Id] = Field(default_factory=lambda: ["crew-dragon", "starliner"])
    max_imbalance: int = Field(default=0, ge=0)
    every_flight: bool = True
    kind: LimitKind = "planning rule"
    source: str = ""

    @model_validator(mode="after")
    def _ordered(self) -> SeatSwapPeriod:
        if self.end_utc <= self.start_utc:
            raise ValueError("end_utc is not after start_utc (fix: correct the period)")
        return self


class VehicleLifeRule(Record):
    """R4: docked time within the vehicle type's docked life (``data/vehicles.toml``: kind and
    source per vehicle); a certified limit is also warned ``warning_margin_days`` before."""

    warning_margin_days: float = Field(default=10.0, ge=0)
    source: str = "crossflight advisory: a warning ten days before a certified docked life"


class RulesConfig(Record):
    """All rule settings.  ``representation`` unset: every segment's operating agency, always."""

    representation: list[Representation] | None = None
    crew_size: CrewSizeRule = Field(default_factory=CrewSizeRule)
    handover: HandoverRule = Field(default_factory=HandoverRule)
    seat_swap: list[SeatSwapPeriod] = Field(default_factory=list)
    vehicle_life: VehicleLifeRule = Field(default_factory=VehicleLifeRule)
    disabled: list[Literal["R1", "R2", "R3", "R4", "R5", "R6", "R7"]] = Field(default_factory=list)
