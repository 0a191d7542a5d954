"""Request and response bodies of the API (pydantic; they are the OpenAPI schema).

No request names a file on the server: element sets, manifests and planning requests travel as
text in the body, or as built-in ids (``builtin: "iss-2022-2025"``).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = [
    "CheckOut",
    "CheckRequest",
    "DiffOut",
    "ErrorOut",
    "HealthOut",
    "JobOut",
    "OpportunityOut",
    "PlanRequest",
    "ProfileOut",
    "RendezvousRequest",
    "RunOut",
    "RunSummaryOut",
    "RunsOut",
    "ValidationErrorOut",
    "WindowsOut",
    "WindowsRequest",
]

_ID = r"^[a-z0-9][a-z0-9-]{0,63}$"
_TEXT_MAX = 500_000
_ELEMENTS_HELP = "Station element sets as text: TLE (2- or 3-line, several sets) or CCSDS OMM."


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CheckRequest(_Strict):
    """Check a manifest against rules R1-R7: a built-in id or the manifest TOML text."""

    builtin: str | None = Field(None, pattern=_ID, examples=["iss-2022-2025"])
    manifest_toml: str | None = Field(None, min_length=1, max_length=_TEXT_MAX)

    @model_validator(mode="after")
    def _one_source(self) -> CheckRequest:
        if (self.builtin is None) == (self.manifest_toml is None):
            raise ValueError("give exactly one of builtin or manifest_toml")
        return self


class _StationRequest(_Strict):
    elements: str = Field(..., min_length=1, max_length=_TEXT_MAX, description=_ELEMENTS_HELP)
    elements_format: Literal["tle", "omm"] = "tle"
    vehicle: str = Field("soyuz-ms", pattern=_ID)


class WindowsRequest(_StationRequest):
    """Launch opportunities from a site (or a custom latitude/longitude) over some days."""

    site: str | None = Field(None, pattern=_ID, examples=["baikonur-31"])
    lat_deg: float | None = Field(None, ge=-90.0, le=90.0)
    lon_deg: float | None = Field(None, ge=-180.0, le=360.0)
    start: str = Field(..., pattern=r"^\d{4}-\d{2}-\d{2}", max_length=40, examples=["2025-04-08"])
    days: float = Field(1.0, gt=0.0, le=31.0)

    @model_validator(mode="after")
    def _one_site(self) -> WindowsRequest:
        custom = self.lat_deg is not None or self.lon_deg is not None
        if custom and (self.lat_deg is None or self.lon_deg is None or self.site is not None):
            raise ValueError("a custom site needs both lat_deg and lon_deg, and no site")
        if not custom and self.site is None:
            raise ValueError("give a site id (e.g. baikonur-31) or lat_deg and lon_deg")
        return self


class RendezvousRequest(_StationRequest):
    """Simulate one rendezvous from liftoff to docking."""

    site: str = Field(..., pattern=_ID, examples=["baikonur-31"])
    liftoff: str = Field(
        ..., pattern=r"^\d{4}-\d{2}-\d{2}", max_length=40, examples=["2025-04-08T05:47:15Z"]
    )
    profile: str = Field(..., pattern=_ID, examples=["2-orbit"])
    port: str | None = Field(None, pattern=_ID)


class PlanRequest(_Strict):
    """A crew-rotation plan from a planning request (TOML text, docs/planning.md)."""

    request_toml: str = Field(..., min_length=1, max_length=_TEXT_MAX)
    time_limit_s: float = Field(30.0, ge=1.0, le=300.0)
    seed: int = Field(0, ge=0, le=2**31 - 1)
    workers: int = Field(2, ge=1, le=8)
    deterministic: bool = False


class ErrorOut(BaseModel):
    """Every error answer: one line naming the field and the fix."""

    detail: str


class FieldError(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class ValidationErrorOut(BaseModel):
    """422: the first problem as one line in ``detail``, all of them in ``errors``."""

    detail: str
    errors: list[FieldError] = Field(default_factory=list)


class ProfileOut(BaseModel):
    name: str
    liftoff_utc: str
    insertion_utc: str
    docking_utc: str
    phase_deg: float
    revolutions: int
    plane_shift_deg: float
    azimuth_deg: float | None
    yaw_deg: float | None


class OpportunityOut(BaseModel):
    site: str
    vehicle: str
    direction: str
    liftoff_utc: str
    in_plane_utc: str
    insertion_utc: str
    phase_deg: float
    profiles: list[ProfileOut]
    best_profile: str | None


class WindowsOut(BaseModel):
    run_id: str
    opportunities: list[OpportunityOut]
    warnings: list[str] = Field(default_factory=list)


class CheckOut(BaseModel):
    run_id: str
    ok: bool
    report: dict[str, Any]


class RunSummaryOut(BaseModel):
    id: str
    kind: str
    status: Literal["running", "succeeded", "failed"]
    label: str
    started_utc: str
    finished_utc: str | None
    duration_s: float | None
    error: str | None


class RunOut(RunSummaryOut):
    owner: str
    versions: dict[str, str]
    inputs: dict[str, Any]
    outputs: dict[str, Any] | None
    artefacts: dict[str, Any]


class RunsOut(BaseModel):
    total: int
    runs: list[RunSummaryOut]


class DiffOut(BaseModel):
    a: str
    b: str
    differences: list[dict[str, Any]]


class JobOut(BaseModel):
    id: str
    kind: str
    status: Literal["queued", "running", "succeeded", "failed"]
    run_id: str | None
    attempts: int
    error: str | None
    created_utc: str
    started_utc: str | None
    finished_utc: str | None


class HealthOut(BaseModel):
    version: str
    store: str
    writes_enabled: bool
    job_kinds: list[str]
    active_jobs: int
    workers: int
