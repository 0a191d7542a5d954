"""The main job: one scenario in, the whole integrated-crew story out.

Stages, in the order data flow (each timed; a progress callback hears each start and end):

1. ``history``     check the flown history against the station rules (findings are content)
2. ``plan``        plan crews and traffic through retirement (or read an existing plan)
3. ``orbit``       the station's element sets and the span they are valid for (+-14 days)
4. ``windows``     launch windows per site and vehicle, and for every manifest flight that
                   launches inside the orbit data's validity
5. ``rendezvous``  the next flight of the scenario's vehicle, simulated from liftoff to docking
6. ``increment``   the experiment schedule of the first increment (when the scenario has one)
7. ``whatif``      a small Monte Carlo campaign over the plan (when the scenario has one)
8. ``report``      artefacts, charts (HTML and PNG) and the page, written to a temporary
                   directory beside the output directory and renamed over it at the end

Only :mod:`crossflight.api` is called: the report is a user of the library like any other.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from crossflight import api
from crossflight.report.artefacts import prepare_out_dir, publish, write_all
from crossflight.report.result import (
    STAGES,
    FlightWindow,
    IncrementResult,
    MainJobResult,
    Progress,
    StageEvent,
    WhatIfResult,
)

__all__ = ["compute", "covered", "run_main_job"]

_DAY = timedelta(days=1)


@contextmanager
def _stage(res: MainJobResult, name: str, progress: Progress | None) -> Iterator[None]:
    title = STAGES[name]
    if progress:
        progress(StageEvent(name, title))
    t0 = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", api.StaleElementSetWarning)
        yield
    for w in caught:
        if issubclass(w.category, api.StaleElementSetWarning):
            res.notes.append(f"{name}: {w.message}")
        else:  # pragma: no cover - other warnings go on as they came
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    res.timings_s[name] = round(time.perf_counter() - t0, 3)
    if progress:
        progress(StageEvent(name, title, seconds=res.timings_s[name]))


def _history(res: MainJobResult) -> None:
    spec = res.scenario.history
    if spec is None:
        return
    if spec.builtin is not None:
        res.history = api.load_builtin_manifest(spec.builtin)
    else:
        assert spec.manifest is not None
        res.history = api.load_manifest(spec.manifest)
    res.history_report = api.check_manifest(res.history)


def _plan(res: MainJobResult, progress: Progress | None) -> None:
    spec = res.scenario.plan
    if spec is None:
        return
    if spec.manifest is not None:
        res.plan_manifest = api.load_manifest(spec.manifest)
        res.plan_report = api.check_manifest(res.plan_manifest)
        return
    assert spec.request is not None
    request = api.load_request(spec.request)

    def on_progress(p: Any) -> None:
        if progress:
            detail = f"{p.stage}: best {p.objective:g}, bound {p.bound:g} ({p.wall_s:.1f} s)"
            progress(StageEvent("plan", STAGES["plan"], detail=detail))

    opts = api.SolveOptions(
        time_limit_s=spec.time_limit_s,
        seed=spec.seed,
        workers=spec.workers,
        deterministic=spec.deterministic,
        progress=on_progress,
    )
    plan = api.make_plan(request, opts, source=spec.request)
    res.plan_manifest, res.plan_report = plan.manifest, plan.report
    res.plan_summary = api.summarize(plan)
    res.plan_optimal = plan.solution.optimal


def _orbit(res: MainJobResult) -> None:
    spec = res.scenario.orbit
    where = spec.station if spec.station is not None else spec.file
    assert where is not None
    src = api.resolve_station(where, strict=spec.strict)
    res.orbit = orbit = src.orbit
    res.orbit_kind = src.kind
    res.coverage = _coverage([api.from_unix_s(float(t)) for t in orbit.epochs_utc_s])


def _coverage(epochs: list[datetime]) -> list[tuple[datetime, datetime]]:
    """Spans within the staleness limit of some element set (overlapping spans merged)."""
    limit = timedelta(days=api.STALE_LIMIT_DAYS)
    spans: list[tuple[datetime, datetime]] = []
    for t in sorted(epochs):
        if spans and t - limit <= spans[-1][1]:
            spans[-1] = (spans[-1][0], t + limit)
        else:
            spans.append((t - limit, t + limit))
    return spans


def covered(res: MainJobResult, t: datetime) -> bool:
    """Whether ``t`` is within the staleness limit of one of the station's element sets."""
    return any(lo <= t <= hi for lo, hi in res.coverage)


def _windows_start(res: MainJobResult) -> datetime:
    assert res.orbit is not None
    start = res.scenario.windows.start
    if start is None:
        first = api.from_unix_s(float(res.orbit.epochs_utc_s[0]))
        start = first.replace(hour=0, minute=0, second=0, microsecond=0)
    return start


def _manifest_flights(res: MainJobResult) -> Iterator[tuple[str, api.Flight]]:
    for label, m in (("history", res.history), ("plan", res.plan_manifest)):
        if m is not None:
            for f in m.flights:
                yield label, f


def _windows(res: MainJobResult) -> None:
    assert res.orbit is not None
    spec = res.scenario.windows
    start = _windows_start(res)
    for w in spec.sites:
        site = api.get_site(w.site)
        res.windows += api.find_opportunities(res.orbit, site, w.vehicle, start, spec.days)
    res.windows.sort(key=lambda o: o.liftoff_utc)
    launchers = api.load_launchers()
    sites = api.load_sites()
    seen: set[tuple[str, datetime]] = set()
    for label, f in _manifest_flights(res):
        if (f.id, f.launch_utc) in seen:  # a flown flight the plan carries as booked
            continue
        seen.add((f.id, f.launch_utc))
        if not covered(res, f.launch_utc):
            res.flights_beyond_orbit += label == "plan"
            continue
        if f.site is None or f.site not in sites or f.vehicle not in launchers:
            continue
        opps = api.find_opportunities(res.orbit, sites[f.site], f.vehicle, f.launch_utc - _DAY, 2)
        best = min(opps, key=lambda o: abs(o.liftoff_utc - f.launch_utc), default=None)
        res.flight_windows.append(
            FlightWindow(f.id, f.name or f.id, label, f.vehicle, f.site, f.launch_utc, best)
        )


def _crew_of(res: MainJobResult, flight: api.Flight, manifest: str) -> list[api.CrewMember]:
    m = res.history if manifest == "history" else res.plan_manifest
    known = dict(api.load_crew_catalog())
    if m is not None:
        known.update({p.id: p for p in m.crew})
    return [
        known[p] if p in known else api.CrewMember(id=p, agency="unknown") for p in flight.crew_up
    ]


def _rendezvous(res: MainJobResult) -> None:
    spec = res.scenario.rendezvous
    if spec is None:
        return
    assert res.orbit is not None
    after = spec.after or _windows_start(res)
    site = api.get_site(spec.site)
    opps = api.find_opportunities(
        res.orbit,
        site,
        spec.vehicle,
        after,
        res.scenario.windows.days,
        profile_names=[spec.profile],
    )
    options = [p for o in opps for p in o.profiles if p.name == spec.profile]
    if not options:
        res.notes.append(
            f"rendezvous: no {spec.profile} window of {spec.vehicle} from {spec.site} within "
            f"{res.scenario.windows.days:g} days after {api.format_utc(after)}"
        )
        return
    option = min(options, key=lambda p: p.liftoff_utc)
    res.rendezvous = api.simulate_rendezvous(
        res.orbit, site, spec.vehicle, option.liftoff_utc, spec.profile, port=spec.port
    )
    for label, f in _manifest_flights(res):
        if f.vehicle == spec.vehicle and abs(f.launch_utc - option.liftoff_utc) < _DAY:
            res.rendezvous_flight = f
            res.rendezvous_crew = _crew_of(res, f, label)
            break


def _increment(res: MainJobResult, progress: Progress | None) -> None:
    spec = res.scenario.increment
    if spec is None:
        return
    setup = api.load_increment(spec.path)

    def on_progress(p: Any) -> None:
        if progress:
            detail = f"best {p.objective:g}, bound {p.bound:g} ({p.wall_s:.1f} s)"
            progress(StageEvent("increment", STAGES["increment"], detail=detail))

    opts = api.ScheduleOptions(
        time_limit_s=spec.time_limit_s, seed=spec.seed, workers=spec.workers, progress=on_progress
    )
    res.increment = IncrementResult(setup=setup, schedule=api.schedule_increment(setup, opts))


def _whatif(res: MainJobResult, progress: Progress | None) -> None:
    spec = res.scenario.whatif
    plan = res.plan_manifest
    if spec is None or plan is None:
        if spec is not None:
            res.notes.append("whatif: the scenario has no plan to run the campaign on")
        return
    done = 0

    def tick(k: int) -> None:
        nonlocal done
        done += k
        if progress:
            detail = f"{done}/{spec.scenarios} scenarios"
            progress(StageEvent("whatif", STAGES["whatif"], detail=detail))

    campaign = api.run_campaign(
        plan,
        scenarios=spec.scenarios,
        seed=spec.seed,
        policy=spec.policy,
        engine="local",
        workers=spec.workers,
        tick=tick,
        source="plan.toml",
    )
    period = plan.period
    flights = sorted(f.launch_utc for f in plan.flights)
    start = period.start_utc if period else flights[0]
    end = period.end_utc if period else flights[-1]
    res.whatif = WhatIfResult(campaign=campaign, start_utc=start, end_utc=end)


def compute(scenario: api.LoadedScenario, *, progress: Progress | None = None) -> MainJobResult:
    """Run every computing stage of ``scenario`` (nothing is written)."""
    res = MainJobResult(scenario=scenario.scenario, source=scenario.source)
    with _stage(res, "history", progress):
        _history(res)
    with _stage(res, "plan", progress):
        _plan(res, progress)
    with _stage(res, "orbit", progress):
        _orbit(res)
    with _stage(res, "windows", progress):
        _windows(res)
    with _stage(res, "rendezvous", progress):
        _rendezvous(res)
    if res.scenario.increment is not None:
        with _stage(res, "increment", progress):
            _increment(res, progress)
    if res.scenario.whatif is not None:
        with _stage(res, "whatif", progress):
            _whatif(res, progress)
    return res


def run_main_job(
    scenario: api.LoadedScenario, out_dir: str | Path, *, progress: Progress | None = None
) -> tuple[MainJobResult, Path]:
    """Compute ``scenario`` and write the report directory ``out_dir`` (replaced whole).

    Returns the result and the path of ``index.html``.
    """
    target = prepare_out_dir(out_dir)
    res = compute(scenario, progress=progress)
    with _stage(res, "report", progress):
        tmp = write_all(res, target)
    publish(tmp, target, res)
    return res, target / "index.html"
