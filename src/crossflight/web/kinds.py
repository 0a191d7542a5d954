"""The job kinds the service runs: one registered function per kind, each a few lines over
:mod:`crossflight.api`.

A kind is its request model (the API body) and a function ``request -> Outcome``.  The same
function serves the synchronous endpoints (``POST /api/check``, ``POST /api/windows``) and the
background jobs (``POST /api/jobs/{kind}``); the dashboard draws a chart of any kind's outputs.

REGISTRATION POINTS for kinds that land with other issues (not provided yet, on purpose):
``experiments`` (issue 11), ``whatif`` (issue 12) and ``run`` (the main-job scenario/report,
issue 13) each add one ``register(JobKind(...))`` call at the bottom of this module.
"""

from __future__ import annotations

import math
import threading
import warnings
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from pydantic import BaseModel

from crossflight import api
from crossflight.errors import ElementSetError
from crossflight.web.models import CheckRequest, PlanRequest, RendezvousRequest, WindowsRequest

__all__ = ["KINDS", "JobKind", "Outcome", "json_safe", "register", "station_orbit"]


@dataclass(frozen=True)
class Outcome:
    """What a kind's function returns: outputs (JSON), artefacts, a label, warnings."""

    outputs: dict[str, Any]
    label: str = ""
    artefacts: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class JobKind:
    """One kind of job: its name, what it does, its request model and its function."""

    name: str
    title: str
    request: type[BaseModel]
    run: Callable[[Any], Outcome]
    cached: Callable[[Any], Outcome | None] | None = None  # an answer without work, if known


KINDS: dict[str, JobKind] = {}


def register(kind: JobKind) -> JobKind:
    """Make ``kind`` available to the API, the workers and the dashboard."""
    KINDS[kind.name] = kind
    return kind


def json_safe(value: Any) -> Any:
    """``value`` with NaN and infinities as None (JSON has neither; PostgreSQL refuses them)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    return value


@lru_cache(maxsize=64)
def station_orbit(elements: str, elements_format: str) -> api.StationOrbit:
    """The station orbit of element-set text (parsed once per distinct text)."""
    if elements_format == "omm":
        sets = api.parse_omm_text(elements, source="elements")
    else:
        sets = api.parse_tle_text(elements, source="elements")
    if not sets:
        raise ElementSetError(
            "no element set found", source="elements", fix="paste TLE lines 1 and 2 or OMM"
        )
    return api.StationOrbit(sets)


def _run_check(req: CheckRequest) -> Outcome:
    if req.builtin is not None:
        manifest, source = api.load_builtin_manifest(req.builtin), f"builtin:{req.builtin}"
    else:
        assert req.manifest_toml is not None
        manifest, source = api.loads_manifest(req.manifest_toml, source="manifest_toml"), "body"
    report = api.check_manifest(manifest, source=source)
    return Outcome(report.to_dict(), label=f"check {report.manifest}")


_WINDOWS_CACHE_SIZE = 512
_windows_cache: OrderedDict[str, tuple[dict[str, Any], tuple[str, ...]]] = OrderedDict()
_windows_lock = threading.Lock()


def _windows_cached(key: str) -> tuple[dict[str, Any], tuple[str, ...]]:
    with _windows_lock:
        hit = _windows_cache.get(key)
        if hit is not None:
            _windows_cache.move_to_end(key)
            return hit
    value = _windows_compute(WindowsRequest.model_validate_json(key))
    with _windows_lock:
        _windows_cache[key] = value
        while len(_windows_cache) > _WINDOWS_CACHE_SIZE:
            _windows_cache.popitem(last=False)
    return value


def _windows_compute(req: WindowsRequest) -> tuple[dict[str, Any], tuple[str, ...]]:
    orbit = station_orbit(req.elements, req.elements_format)
    if req.lat_deg is not None and req.lon_deg is not None:
        site = api.custom_site(req.lat_deg, req.lon_deg)
    else:
        assert req.site is not None
        site = api.get_site(req.site)
    start = api.parse_utc(req.start, where="start")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", api.StaleElementSetWarning)
        opps = api.find_opportunities(orbit, site, req.vehicle, start, req.days)
    outputs = json_safe({"opportunities": [o.to_dict() for o in opps]})
    return outputs, tuple(str(w.message) for w in caught)


def _windows_outcome(
    req: WindowsRequest, outputs: dict[str, Any], warns: tuple[str, ...]
) -> Outcome:
    where = req.site or f"{req.lat_deg:g},{req.lon_deg:g}"
    return Outcome(outputs, label=f"windows {req.vehicle} from {where}", warnings=list(warns))


def _run_windows(req: WindowsRequest) -> Outcome:
    # results are a pure function of the request: identical queries are answered from memory
    return _windows_outcome(req, *_windows_cached(req.model_dump_json()))


def _windows_known(req: WindowsRequest) -> Outcome | None:
    with _windows_lock:
        hit = _windows_cache.get(req.model_dump_json())
    return None if hit is None else _windows_outcome(req, *hit)


def _run_rendezvous(req: RendezvousRequest) -> Outcome:
    orbit = station_orbit(req.elements, req.elements_format)
    site = api.get_site(req.site)
    liftoff = api.parse_utc(req.liftoff, where="liftoff")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", api.StaleElementSetWarning)
        res = api.simulate_rendezvous(orbit, site, req.vehicle, liftoff, req.profile, port=req.port)
    eph = res.ephemeris
    idx = np.unique(np.linspace(0, len(eph.t_utc_s) - 1, min(len(eph.t_utc_s), 600)).astype(int))
    range_km = np.linalg.norm(eph.ship_km[idx, :3] - eph.station_km[idx, :3], axis=1)
    outputs = res.to_dict()
    outputs["range_to_station"] = {
        "t_utc": [api.format_utc(api.from_unix_s(float(t))) for t in eph.t_utc_s[idx]],
        "range_km": [round(float(r), 3) for r in range_km],
    }
    return Outcome(
        json_safe(outputs),
        label=f"rendezvous {req.vehicle} {req.profile} from {req.site}",
        warnings=[str(w.message) for w in caught],
    )


def _run_plan(req: PlanRequest) -> Outcome:
    request = api.loads_request(req.request_toml, source="request_toml")
    opts = api.SolveOptions(
        time_limit_s=req.time_limit_s,
        seed=req.seed,
        workers=req.workers,
        deterministic=req.deterministic,
    )
    plan = api.make_plan(request, opts, source="request_toml")
    outputs = {
        "summary": api.summarize(plan).to_dict(),
        "report": plan.report.to_dict(),
        "manifest_toml": api.dumps_manifest(plan.manifest),
    }
    return Outcome(json_safe(outputs), label=f"plan {plan.manifest.name or 'crew rotation'}")


register(JobKind("check", "Check a manifest against rules R1-R7", CheckRequest, _run_check))
register(
    JobKind("windows", "Launch windows from a site", WindowsRequest, _run_windows, _windows_known)
)
register(JobKind("rendezvous", "Simulate a rendezvous", RendezvousRequest, _run_rendezvous))
register(
    JobKind("plan", "Plan crew rotations (CP-SAT, proven by the checker)", PlanRequest, _run_plan)
)

# -- registration points (add when the issues land; do not stub) --------------------------------
# register(JobKind("experiments", ..., ExperimentsRequest, _run_experiments))   # issue 11
# register(JobKind("whatif", ..., WhatIfRequest, _run_whatif))                  # issue 12
# register(JobKind("run", ..., ScenarioRequest, _run_scenario))                 # issue 13
