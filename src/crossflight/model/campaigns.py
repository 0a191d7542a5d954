"""Stochastic models and operational policies of what-if campaigns (``data/campaigns/``).

Each model is fitted from the historical events listed in its data file (every event with its
source) by a rule named here, so the numbers can be re-derived by hand:

- launch slips (``slips.csv``): per vehicle type, a zero-inflated log-normal: the probability
  that a launch slips at all (slipped / launches) and, for those that slipped, ln(slip in days)
  normal with the vehicle's mean and a standard deviation pooled over vehicle types (one shape,
  a scale per vehicle: two Soyuz slips cannot give a spread of their own);
- in-flight anomalies (``anomalies.toml``): per vehicle type, a rate per docked vehicle-day,
  ``(events + 0.5) / exposure`` (Jeffreys);
- groundings (``groundings.toml``): per vehicle type, a rate per day ``(events + 0.5) / window``
  and an exponential duration with the mean of the observed ones;
- suspension of the integrated-crew agreement and early retirement of a segment
  (``agreements.toml``): Jeffreys rates over the window of cooperation.

Policies (``policies.toml``) are named sets of responses; see ``docs/whatif.md``.
"""

from __future__ import annotations

import csv
import math
import tomllib
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any

from pydantic import Field

from crossflight.errors import InputError
from crossflight.model.common import Id, Record, UtcDatetime

__all__ = [
    "AnomalyModel",
    "CampaignModel",
    "GroundingModel",
    "Policy",
    "PolicyParameters",
    "RetirementModel",
    "SlipModel",
    "SlipRecord",
    "SuspensionModel",
    "get_policy",
    "load_campaign_model",
    "load_policies",
    "load_slip_records",
    "policy_names",
    "slip_leave_one_out",
]

DAY_S = 86400.0


class SlipRecord(Record):
    """One real launch: the target date a month before and the real launch (``slips.csv``)."""

    flight: Id
    vehicle: Id
    site: Id
    target_utc: UtcDatetime
    launch_utc: UtcDatetime
    slip_days: float = Field(ge=0)
    cause: str
    source: str


class SlipModel(Record):
    """Launch slips of one vehicle type: P(any slip); ln(slip days) ~ N(log_mean, log_sd)."""

    vehicle: Id
    p_slip: float = Field(ge=0, le=1)
    log_mean: float
    log_sd: float = Field(ge=0)
    fitted_on: list[Id]

    @property
    def median_slip_days(self) -> float:
        """Median slip of a launch that slips."""
        return math.exp(self.log_mean)

    def p_at_least(self, days: float) -> float:
        """P(slip >= ``days``) of one launch (1 for ``days`` <= 0)."""
        if days <= 0:
            return 1.0
        if self.log_sd == 0:
            return self.p_slip * float(math.log(days) <= self.log_mean)
        z = (math.log(days) - self.log_mean) / self.log_sd
        return self.p_slip * 0.5 * math.erfc(z / math.sqrt(2.0))


class AnomalyModel(Record):
    """In-flight anomalies (vehicle unfit as a lifeboat) of one type, per docked vehicle-day."""

    vehicle: Id
    rate_per_day: float = Field(ge=0)
    events: int = Field(ge=0)
    exposure_vehicle_days: float = Field(gt=0)


class GroundingModel(Record):
    """Groundings of one vehicle type: rate per day and mean duration."""

    vehicle: Id
    rate_per_day: float = Field(ge=0)
    mean_duration_days: float = Field(gt=0)
    events: int = Field(ge=0)


class SuspensionModel(Record):
    """Suspension of the integrated-crew agreement between two agencies (rate per day)."""

    agency_a: Id
    agency_b: Id
    rate_per_day: float = Field(ge=0)


class RetirementModel(Record):
    """Early retirement of one segment (its agency stops flying), rate per day."""

    segment: Id
    agency: Id
    rate_per_day: float = Field(ge=0)
    notice_days: float = Field(ge=0)


class CampaignModel(Record):
    """All stochastic models of a campaign, fitted from ``data/campaigns``."""

    slips: dict[str, SlipModel]
    anomalies: dict[str, AnomalyModel]
    groundings: dict[str, GroundingModel]
    suspension: SuspensionModel
    retirements: list[RetirementModel]


class PolicyParameters(Record):
    """Durations of the responses, each from a precedent (``policies.toml``)."""

    replacement_lead_days: float = Field(gt=0)
    seat_move_delay_days: float = Field(ge=0)
    return_delay_days: float = Field(ge=0)
    leaky_undock_after_replacement_days: float = Field(gt=0)


class Policy(Record):
    """A named operational response (``crossflight whatif --policy NAME``)."""

    name: Id
    description: str
    extend_crews: bool = True
    replace_uncrewed: bool = False
    move_seats: bool = False
    cap_at_docked_life: bool = False
    return_after_anomaly: bool = False
    parameters: PolicyParameters


def _text(name: str) -> str:
    return resources.files("crossflight.data").joinpath(f"campaigns/{name}").read_text("utf-8")


def _toml(name: str) -> dict[str, Any]:
    return tomllib.loads(_text(name))


@cache
def load_slip_records() -> tuple[SlipRecord, ...]:
    """The real launches of ``slips.csv``."""
    lines = [ln for ln in _text("slips.csv").splitlines() if ln.strip() and ln[0] != "#"]
    return tuple(SlipRecord.model_validate(row) for row in csv.DictReader(lines))


def _logs(records: list[SlipRecord], vehicle: str) -> list[float]:
    return [math.log(r.slip_days) for r in records if r.vehicle == vehicle and r.slip_days > 0]


def _pooled_log_sd(records: list[SlipRecord]) -> float:
    """Within-vehicle standard deviation of ln(slip days), pooled over vehicle types."""
    ss, dof = 0.0, 0
    for v in {r.vehicle for r in records}:
        logs = _logs(records, v)
        if len(logs) > 1:
            mean = sum(logs) / len(logs)
            ss += sum((x - mean) ** 2 for x in logs)
            dof += len(logs) - 1
    return math.sqrt(ss / dof) if dof else 0.0


def _fit_slips(records: list[SlipRecord], vehicle: str) -> SlipModel:
    mine = [r for r in records if r.vehicle == vehicle]
    logs = _logs(records, vehicle)
    return SlipModel(
        vehicle=vehicle,
        p_slip=len(logs) / len(mine),
        log_mean=sum(logs) / len(logs) if logs else 0.0,
        log_sd=_pooled_log_sd(records),
        fitted_on=[r.flight for r in mine],
    )


def slip_leave_one_out(vehicle: str) -> list[tuple[str, float, float]]:
    """Per launch of ``vehicle``: (flight, observed slip d, P(slip >= observed) under the
    model fitted without that launch) -- how surprising each real launch is to the model."""
    records = list(load_slip_records())
    out = []
    for r in (x for x in records if x.vehicle == vehicle):
        rest = [x for x in records if x.flight != r.flight]
        if not any(x.vehicle == vehicle for x in rest):
            continue
        out.append((r.flight, r.slip_days, _fit_slips(rest, vehicle).p_at_least(r.slip_days)))
    return out


def _days(a: datetime, b: datetime) -> float:
    return (b - a).total_seconds() / DAY_S


@cache
def load_campaign_model() -> CampaignModel:
    """Fit every stochastic model from the built-in data files (rules in the module doc)."""
    records = list(load_slip_records())
    slips = {v: _fit_slips(records, v) for v in sorted({r.vehicle for r in records})}
    anomalies = {}
    for v in _toml("anomalies.toml")["vehicle"]:
        k = sum(1 for e in v["events"] if e["counted"])
        anomalies[v["vehicle"]] = AnomalyModel(
            vehicle=v["vehicle"],
            rate_per_day=(k + 0.5) / v["exposure_vehicle_days"],
            events=k,
            exposure_vehicle_days=v["exposure_vehicle_days"],
        )
    groundings = {}
    for v in _toml("groundings.toml")["vehicle"]:
        window = _days(v["window_start_utc"], v["window_end_utc"])
        durations = [_days(e["start_utc"], e["end_utc"]) for e in v["events"]]
        groundings[v["vehicle"]] = GroundingModel(
            vehicle=v["vehicle"],
            rate_per_day=(len(durations) + 0.5) / window,
            mean_duration_days=sum(durations) / len(durations) if durations else 30.0,
            events=len(durations),
        )
    ag = _toml("agreements.toml")
    s = ag["suspension"]
    suspension = SuspensionModel(
        agency_a=s["agency_a"],
        agency_b=s["agency_b"],
        rate_per_day=(s["events"] + 0.5) / _days(s["window_start_utc"], s["window_end_utc"]),
    )
    retirements = [
        RetirementModel(
            segment=r["segment"],
            agency=r["agency"],
            rate_per_day=(r["events"] + 0.5) / _days(r["window_start_utc"], r["window_end_utc"]),
            notice_days=r["notice_days"],
        )
        for r in ag["retirement"]
    ]
    return CampaignModel(
        slips=slips,
        anomalies=anomalies,
        groundings=groundings,
        suspension=suspension,
        retirements=retirements,
    )


@cache
def load_policies() -> dict[str, Policy]:
    """The named policies of ``policies.toml``, by name."""
    raw = _toml("policies.toml")
    params = {k: v for k, v in raw["parameters"].items() if not k.endswith("_source")}
    return {p["name"]: Policy.model_validate({**p, "parameters": params}) for p in raw["policy"]}


def policy_names() -> list[str]:
    """Names of the built-in policies (the default first)."""
    default = _toml("policies.toml")["default"]
    return [default, *sorted(n for n in load_policies() if n != default)]


def get_policy(name: str | None) -> Policy:
    """The policy ``name`` (``None``: the default); ``InputError`` naming the choices if unknown."""
    pols = load_policies()
    key = policy_names()[0] if name is None else name
    if key not in pols:
        raise InputError(
            f"unknown policy {name!r}",
            field="--policy",
            fix=f"use one of {', '.join(policy_names())} (docs/whatif.md)",
        )
    return pols[key]
