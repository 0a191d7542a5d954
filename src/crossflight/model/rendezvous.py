"""Rendezvous simulation data (``data/rendezvous.toml``) as validated pydantic models.

Schemes (the published timelines), the terminal approach, docking ports, ballistic
coefficients per vehicle and dispersion levels.  Bad packaged data raises
:class:`~crossflight.errors.ManifestError` naming the table and field.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from crossflight.errors import ManifestError, ProfileError, UnknownIdError
from crossflight.physics.approach import Approach
from crossflight.physics.dispersions import DispersionModel
from crossflight.physics.phasing_burns import Scheme

__all__ = [
    "ApproachData",
    "DispersionData",
    "PortData",
    "RendezvousData",
    "SchemeData",
    "VehicleData",
    "load_rendezvous_data",
]

DATA_FILE = "rendezvous.toml"

_STRICT = ConfigDict(frozen=True, extra="forbid")


class SchemeData(BaseModel):
    """A far-range scheme's timeline (seconds / station revolutions after insertion)."""

    model_config = _STRICT

    name: str
    first_burn_earliest_s: float = Field(ge=0.0)
    first_burn_latest_s: float = Field(ge=0.0)
    height_adjust_after_first_s: float | None = Field(default=None, gt=0.0)
    final_raise_before_gate_s: float | None = Field(default=None, gt=0.0)
    aim_below_km: float = Field(default=15.0, gt=0.0)
    midcourse_before_gate_s: float = Field(gt=0.0)
    gate_after_insertion_rev: float = Field(gt=0.0)
    gate_calibrated_on: tuple[str, ...] = ()
    docking_band_s: tuple[float, float]
    gate_tolerance_s: float = Field(default=0.0, ge=0.0)
    gate_lvlh_km: tuple[float, float, float]
    dv_budget_m_s: float = Field(gt=0.0)
    out_of_plane_limit_m_s: float = Field(gt=0.0)
    follows: str = Field(min_length=1)
    source: str = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> SchemeData:
        if self.first_burn_latest_s < self.first_burn_earliest_s:
            raise ValueError("first_burn_latest_s is before first_burn_earliest_s")
        lo, hi = self.docking_band_s
        if not lo <= 0.0 <= hi:
            raise ValueError("docking_band_s must bracket 0 ([earliest, latest] offsets)")
        return self

    def scheme(self, station_period_s: float) -> Scheme:
        """The physics core's :class:`Scheme`, its gate at the timeline's revolution count."""
        return Scheme(
            name=self.name,
            first_burn_earliest_s=self.first_burn_earliest_s,
            first_burn_latest_s=self.first_burn_latest_s,
            gate_after_insertion_s=self.gate_after_insertion_rev * station_period_s,
            gate_tolerance_s=self.gate_tolerance_s,
            midcourse_before_gate_s=self.midcourse_before_gate_s,
            gate_lvlh_km=self.gate_lvlh_km,
            dv_budget_m_s=self.dv_budget_m_s,
            height_adjust_after_first_s=self.height_adjust_after_first_s,
            final_raise_before_gate_s=self.final_raise_before_gate_s,
            aim_below_km=self.aim_below_km,
        )


class ApproachData(BaseModel):
    """Terminal-approach sequence parameters (km, s, m/s)."""

    model_config = _STRICT

    hold_range_km: float = Field(gt=0.0)
    far_time_constant_s: float = Field(gt=0.0)
    flyaround_rate_deg_s: float = Field(gt=0.0)
    flyaround_step_deg: float = Field(gt=0.0)
    station_keeping_s: float = Field(ge=0.0)
    final_time_constant_s: float = Field(gt=0.0)
    contact_speed_m_s: float = Field(gt=0.0)
    port_offset_km: float = Field(ge=0.0)
    source: str = Field(min_length=1)


class PortData(BaseModel):
    """A docking port: the approach corridor's unit axis in the station LVLH [r, t, n]."""

    model_config = _STRICT

    axis_lvlh: tuple[float, float, float]
    source: str = Field(min_length=1)

    @model_validator(mode="after")
    def _unit(self) -> PortData:
        if abs(sum(x * x for x in self.axis_lvlh) - 1.0) > 1e-6:
            raise ValueError("axis_lvlh must be a unit vector")
        return self


class VehicleData(BaseModel):
    """Ballistic coefficient Cd*A/m (m^2/kg) and default docking port of a vehicle."""

    model_config = _STRICT

    ballistic_m2_kg: float = Field(gt=0.0, lt=0.1)
    default_port: str | None = None
    source: str = Field(min_length=1)


class DispersionData(BaseModel):
    """1-sigma insertion and burn-execution errors."""

    model_config = _STRICT

    insertion_position_sigma_km: tuple[float, float, float]
    insertion_velocity_sigma_m_s: tuple[float, float, float]
    burn_magnitude_sigma_fraction: float = Field(ge=0.0)
    burn_magnitude_sigma_m_s: float = Field(ge=0.0)
    burn_pointing_sigma_deg: float = Field(ge=0.0)
    source: str = Field(min_length=1)

    def model(self) -> DispersionModel:
        return DispersionModel(
            insertion_position_sigma_km=self.insertion_position_sigma_km,
            insertion_velocity_sigma_m_s=self.insertion_velocity_sigma_m_s,
            burn_magnitude_sigma_fraction=self.burn_magnitude_sigma_fraction,
            burn_magnitude_sigma_m_s=self.burn_magnitude_sigma_m_s,
            burn_pointing_sigma_deg=self.burn_pointing_sigma_deg,
        )


class RendezvousData(BaseModel):
    """The whole ``rendezvous.toml``."""

    model_config = _STRICT

    scheme: dict[str, SchemeData]
    approach: ApproachData
    port: dict[str, PortData]
    vehicle: dict[str, VehicleData]
    dispersions: DispersionData

    @model_validator(mode="after")
    def _ports_known(self) -> RendezvousData:
        if "iss" not in self.vehicle:
            raise ValueError("vehicle.iss (the station's ballistic coefficient) is missing")
        for vid, v in self.vehicle.items():
            if v.default_port is not None and v.default_port not in self.port:
                raise ValueError(f"vehicle.{vid}.default_port {v.default_port!r} is not a port")
        return self

    def scheme_for(self, profile: str) -> SchemeData:
        try:
            return self.scheme[profile]
        except KeyError:
            raise ProfileError(
                f"no rendezvous scheme for profile {profile!r}",
                source=DATA_FILE,
                field=f"scheme.{profile}",
                fix=f"simulate one of: {', '.join(sorted(self.scheme))}",
            ) from None

    def vehicle_for(self, vehicle: str) -> VehicleData:
        if vehicle == "iss" or vehicle not in self.vehicle:
            known = sorted(k for k in self.vehicle if k != "iss")
            raise UnknownIdError(
                f"no rendezvous data for vehicle {vehicle!r}",
                field="vehicle",
                fix=f"use one of {', '.join(known)}",
            )
        return self.vehicle[vehicle]

    def approach_to(self, port: str) -> Approach:
        if port not in self.port:
            raise UnknownIdError(
                f"unknown docking port {port!r}",
                field="port",
                fix=f"use one of {', '.join(sorted(self.port))}",
            )
        a = self.approach
        return Approach(
            port_axis_lvlh=self.port[port].axis_lvlh,
            port_offset_km=a.port_offset_km,
            hold_range_km=a.hold_range_km,
            far_time_constant_s=a.far_time_constant_s,
            flyaround_rate_deg_s=a.flyaround_rate_deg_s,
            flyaround_step_deg=a.flyaround_step_deg,
            station_keeping_s=a.station_keeping_s,
            final_time_constant_s=a.final_time_constant_s,
            contact_speed_m_s=a.contact_speed_m_s,
        )


def _parse(raw: dict[str, object]) -> RendezvousData:
    schemes = raw.get("scheme", {})
    if isinstance(schemes, dict):
        raw = {**raw, "scheme": {k: {"name": k, **v} for k, v in schemes.items()}}
    try:
        return RendezvousData.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise ManifestError(
            str(err["msg"]),
            source=DATA_FILE,
            field=".".join(str(x) for x in err["loc"]),
            fix="fix the packaged rendezvous data",
        ) from None


@cache
def load_rendezvous_data() -> RendezvousData:
    """The packaged rendezvous data, validated once."""
    text = resources.files("crossflight.data").joinpath(DATA_FILE).read_text(encoding="utf-8")
    return _parse(tomllib.loads(text))
