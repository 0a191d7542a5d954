"""Launcher ascent data and rendezvous profiles, loaded from ``data/launchers.toml`` and
``data/profiles.toml`` into validated models and converted to the physics core's plain types."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from crossflight.errors import ManifestError, UnknownIdError
from crossflight.physics.ascent import Ascent, Stage
from crossflight.physics.phase_windows import Profile

__all__ = [
    "LauncherData",
    "ProfileData",
    "StageData",
    "get_launcher",
    "load_launchers",
    "load_profiles",
    "profiles_for",
]


class StageData(BaseModel):
    """A burning phase: thrust (kN) and mass (t) from start to end (s after liftoff)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    start_s: float = Field(ge=0.0)
    end_s: float = Field(gt=0.0)
    thrust_kN: float = Field(gt=0.0)
    mass_start_t: float = Field(gt=0.0)
    mass_end_t: float = Field(gt=0.0)


class LauncherData(BaseModel):
    """Ascent data of one vehicle id (its launcher, insertion orbit, steering, sources)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    vehicle: str
    launcher: str
    duration_s: float = Field(gt=0.0, description="liftoff to orbit insertion, s")
    perigee_km: float = Field(gt=100.0)
    apogee_km: float = Field(gt=100.0)
    range_angle_deg: float = Field(ge=0.0, le=60.0)
    yaw_start_s: float = Field(ge=0.0)
    yaw_end_s: float = Field(gt=0.0)
    max_accel_g: float = Field(gt=0.0)
    azimuth_limits_deg: tuple[float, float]
    yaw_budget_deg: float = Field(ge=0.0)
    source: str = Field(min_length=1)
    stages: tuple[StageData, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> LauncherData:
        if self.apogee_km < self.perigee_km:
            raise ValueError("apogee_km below perigee_km")
        if self.yaw_end_s <= self.yaw_start_s:
            raise ValueError("yaw_end_s must be after yaw_start_s")
        return self

    def ascent(self) -> Ascent:
        """The physics core's plain :class:`~crossflight.physics.ascent.Ascent`."""
        return Ascent(
            duration_s=self.duration_s,
            perigee_km=self.perigee_km,
            apogee_km=self.apogee_km,
            range_angle_deg=self.range_angle_deg,
            yaw_start_s=self.yaw_start_s,
            yaw_end_s=self.yaw_end_s,
            max_accel_g=self.max_accel_g,
            stages=tuple(Stage(**s.model_dump()) for s in self.stages),
            yaw_budget_deg=self.yaw_budget_deg,
        )


class ProfileData(BaseModel):
    """A rendezvous profile (see ``profiles.toml``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    vehicles: tuple[str, ...] = Field(min_length=1)
    revolutions: tuple[int, ...] = Field(min_length=1)
    phasing_dv_m_s: float = Field(gt=0.0)
    deficit_fraction: float = Field(gt=0.0, lt=1.0)
    deficit_fraction_range: tuple[float, float] | None = None
    preferred_revolutions: int | None = None
    final_approach_min: float = Field(ge=0.0)
    nominal_duration_h: float = Field(gt=0.0)
    source: str = Field(min_length=1)
    # calibrated across real flights (tests/calibration.py, docs/calibration.md)
    liftoff_lead_s: float | None = Field(default=None, ge=0.0, le=900.0)
    liftoff_uncertainty_s: float = Field(default=60.0, gt=0.0)
    docking_offset_s: float = 0.0
    docking_after_insertion_s: float | None = Field(default=None, gt=0.0)
    docking_band_s: tuple[float, float] = (-1800.0, 1800.0)
    calibrated_on: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _band(self) -> ProfileData:
        lo, hi = self.docking_band_s
        if not lo <= 0.0 <= hi:
            raise ValueError("docking_band_s must bracket 0 ([earliest, latest] offsets)")
        return self

    def profile(self) -> Profile:
        """The physics core's plain :class:`~crossflight.physics.phase_windows.Profile`."""
        return Profile(
            name=self.name,
            vehicles=self.vehicles,
            revolutions=tuple(sorted(self.revolutions)),
            phasing_dv_m_s=self.phasing_dv_m_s,
            deficit_fraction=self.deficit_fraction,
            final_approach_s=self.final_approach_min * 60.0,
            deficit_fraction_range=self.deficit_fraction_range,
            preferred_revolutions=self.preferred_revolutions,
            liftoff_lead_s=self.liftoff_lead_s,
            docking_offset_s=self.docking_offset_s,
            docking_after_insertion_s=self.docking_after_insertion_s,
        )


_M = TypeVar("_M", bound=BaseModel)


def _load(name: str) -> dict[str, dict[str, object]]:
    text = resources.files("crossflight.data").joinpath(name).read_text(encoding="utf-8")
    return tomllib.loads(text)


def _table(name: str, model: type[_M], key: str) -> dict[str, _M]:
    """A data file's top-level tables as validated models keyed by table name."""
    out: dict[str, _M] = {}
    for table, body in _load(name).items():
        try:
            out[table] = model(**{key: table}, **body)
        except ValidationError as exc:
            raise ManifestError(
                str(exc.errors()[0]["msg"]), source=name, field=table, fix="fix the data"
            ) from None
    return out


@cache
def load_launchers() -> dict[str, LauncherData]:
    """Ascent data keyed by vehicle id (``soyuz-ms``, ``progress-ms``, ``crew-dragon``, …)."""
    return _table("launchers.toml", LauncherData, "vehicle")


@cache
def load_profiles() -> dict[str, ProfileData]:
    """Rendezvous profiles keyed by name (``2-orbit``, ``4-orbit``, ``2-day``, ``1-day``)."""
    return _table("profiles.toml", ProfileData, "name")


def get_launcher(vehicle_id: str) -> LauncherData:
    """Ascent data of ``vehicle_id``; an unknown id names the known ones."""
    launchers = load_launchers()
    try:
        return launchers[vehicle_id]
    except KeyError:
        raise UnknownIdError(
            f"no ascent data for vehicle {vehicle_id!r}",
            field="vehicle",
            fix=f"use one of {', '.join(sorted(launchers))}",
        ) from None


def profiles_for(vehicle_id: str) -> list[ProfileData]:
    """The profiles a vehicle can fly, shortest nominal duration first."""
    found = [p for p in load_profiles().values() if vehicle_id in p.vehicles]
    return sorted(found, key=lambda p: p.nominal_duration_h)
