"""The report's text summary: the user's questions answered in plain sentences.

Every number in a sentence is read from the main job's result (nothing is typed in), so the
summary and the charts and ``summary.json`` always agree.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime, timedelta

from crossflight import api
from crossflight.report.result import MainJobResult

__all__ = ["answers", "crew_phrase", "duration_phrase"]


def _vehicle(vehicle_id: str) -> str:
    vt = api.load_vehicle_types().get(vehicle_id)
    return vt.name if vt is not None and vt.name else vehicle_id


def _day(t: datetime) -> str:
    return f"{t:%Y-%m-%d}"


def _hm(t: datetime) -> str:
    return f"{t:%H:%M:%S} UTC"


def duration_phrase(dt: timedelta) -> str:
    """``3 h 11 min`` or ``2 d 2 h``."""
    minutes = round(dt.total_seconds() / 60.0)
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h"
    return f"{hours} h {mins} min"


def crew_phrase(crew: Sequence[api.CrewMember]) -> str:
    """``Sergey Ryzhikov, Alexey Zubritsky (ROSCOSMOS) and Jonny Kim (NASA)``."""
    groups: dict[str, list[str]] = {}
    for p in crew:
        groups.setdefault(p.agency, []).append(p.name or p.id)
    parts = [f"{', '.join(names)} ({agency})" for agency, names in groups.items()]
    if len(parts) <= 1:
        return "".join(parts) or "no crew"
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _findings(label: str, rep: api.CheckReport) -> str:
    s = rep.summary
    if not rep.violations:
        return f"The checker finds nothing wrong with the {label}."
    if not s["violations"]:
        return (
            f"The {label} breaks no rule; the checker notes {s['warnings']} warning(s), each on "
            "the findings time line below."
        )
    per = Counter(v.rule for v in rep.violations if v.severity == "violation")
    what = ", ".join(f"{n}× {r} ({api.RULE_TITLES.get(r, r)})" for r, n in sorted(per.items()))
    head = f"The {label} has {s['violations']} rule violation(s) and {s['warnings']} warning(s)"
    return head + (f": {what}." if what else ".") + " Each is on the findings time line below."


def _rendezvous(res: MainJobResult) -> list[str]:
    r = res.rendezvous
    if r is None:
        return []
    trip = duration_phrase(r.docking_utc - r.liftoff_utc)
    head = (
        f"The next {_vehicle(r.vehicle)} from {api.get_site(r.site).name} can fly on "
        f"{_day(r.liftoff_utc)} at {_hm(r.liftoff_utc)} on the {r.profile} profile and dock "
        f"at {r.port} at {_hm(r.docking_utc)}, {trip} later, after {len(r.burns)} burns totalling "
        f"{r.total_dv_m_s:.0f} m/s"
    )
    f = res.rendezvous_flight
    if f is None:
        return [head + "."]
    aboard = crew_phrase(res.rendezvous_crew)
    out = [f"{head}; aboard: {aboard}."]
    lift_s = (r.liftoff_utc - f.launch_utc).total_seconds()
    dock_s = (r.docking_utc - f.dock_utc).total_seconds()
    verb = "is planned to launch" if f.planned else "launched"
    out.append(
        f"That is {f.name or f.id}, which {verb} at {_hm(f.launch_utc)} and docked at "
        f"{_hm(f.dock_utc)}: the model's liftoff is {abs(lift_s):.0f} s "
        f"{'early' if lift_s < 0 else 'late'} and its docking {abs(dock_s) / 60:.1f} min "
        f"{'early' if dock_s < 0 else 'late'}."
    )
    return out


def _plan(res: MainJobResult) -> list[str]:
    m, rep = res.plan_manifest, res.plan_report
    if m is None or rep is None:
        return []
    period = m.period
    planned = [
        f
        for f in m.flights
        if f.mission == "rotation" and (period is None or f.launch_utc >= period.start_utc)
    ]
    by_vehicle = Counter(f.vehicle for f in planned)
    fleet = " and ".join(f"{n} {_vehicle(v)}" for v, n in sorted(by_vehicle.items()))
    span = f" from {_day(period.start_utc)} to {_day(period.end_utc)}" if period else ""
    how = ""
    if res.plan_optimal is not None:
        how = " (proven optimal)" if res.plan_optimal else " (best found within the time limit)"
    out = [f"The crew plan{span} flies {fleet} rotations{how}. " + _findings("plan", rep)]
    crew = {p.id: p for p in m.crew} | dict(api.load_crew_catalog())
    soyuz = [f for f in planned if f.vehicle == "soyuz-ms"]
    dragon = [f for f in planned if f.vehicle == "crew-dragon"]

    def carries(fl: list[api.Flight], agency: str) -> int:
        return sum(any(crew[p].agency == agency for p in f.crew_up if p in crew) for f in fl)

    if soyuz or dragon:
        out.append(
            f"Integrated crews: {carries(soyuz, 'NASA')} of {len(soyuz)} planned Soyuz carry a "
            f"NASA astronaut and {carries(dragon, 'ROSCOSMOS')} of {len(dragon)} planned Crew "
            "Dragons a Roscosmos cosmonaut."
        )
    first = min(soyuz, key=lambda f: f.launch_utc, default=None)
    if first is not None:
        people = [
            crew[p] if p in crew else api.CrewMember(id=p, agency="unknown") for p in first.crew_up
        ]
        out.append(
            f"The first planned Soyuz launches on {_day(first.launch_utc)} with "
            f"{crew_phrase(people)} (crew pool members the planner assigned)."
        )
    return out


def _orbit_origin(res: MainJobResult) -> str:
    spec = res.scenario.orbit
    if spec.file is not None:
        return f"file {spec.file.rsplit('/', 1)[-1]}"
    kinds = {
        "archive": "the built-in archive",
        "cache": "downloaded sets",
        "cache+archive": "the built-in archive and downloaded sets",
    }
    return f"{kinds.get(res.orbit_kind, res.orbit_kind)} for {spec.station}"


def _orbit(res: MainJobResult) -> list[str]:
    if res.orbit is None or not res.coverage:
        return []
    n = len(res.orbit.epochs_utc_s)
    spans = res.coverage
    where = (
        f"from {_day(spans[0][0])} to {_day(spans[0][1])}"
        if len(spans) == 1
        else f"over {len(spans)} spans between {_day(spans[0][0])} and {_day(spans[-1][1])}"
    )
    out = [
        f"The station orbit comes from {n} real element set(s) ({_orbit_origin(res)}), usable "
        f"{where} ({api.STALE_LIMIT_DAYS:g} days either side of each epoch)."
    ]
    errors = sorted(
        abs(fw.liftoff_error_s) for fw in res.flight_windows if fw.liftoff_error_s is not None
    )
    if errors:
        names = ", ".join(fw.name for fw in res.flight_windows)
        median = errors[len(errors) // 2]
        out.append(
            f"The {len(errors)} manifest flights inside that coverage ({names}) get modelled "
            f"windows: the model's liftoff is {median:.0f} s from the real one (median), "
            f"{errors[-1]:.0f} s at most."
        )
    if res.flights_beyond_orbit:
        out.append(
            f"The plan's {res.flights_beyond_orbit} other flights lie beyond it: their exact "
            "windows need element sets from nearer their dates; the planner's launch times "
            "stand until then."
        )
    if res.windows:
        best = Counter(o.best_profile or "none" for o in res.windows)
        kinds = ", ".join(f"{n} with best profile {p}" for p, n in sorted(best.items()))
        out.append(f"The window calendar lists {len(res.windows)} opportunities ({kinds}).")
    return out


def _increment(res: MainJobResult) -> list[str]:
    inc = res.increment
    if inc is None:
        return []
    sch = inc.schedule
    done = len(sch.scheduled_experiments())
    total = done + len(sch.unscheduled)
    how = "proven optimal" if sch.optimal else f"within {100 * sch.gap:.1f} % of the bound"
    head = (
        f"The first increment ({inc.setup.increment.name}) fits {done} of {total} experiments "
        f"in {len(sch.sessions)} sessions for {len(inc.setup.crew)} crew members ({how}, "
        "accepted by the independent verifier)"
    )
    if not sch.unscheduled:
        return [head + "."]
    why = "; ".join(f"{u.experiment}: {u.reason}" for u in sch.unscheduled[:3])
    more = f" and {len(sch.unscheduled) - 3} more" if len(sch.unscheduled) > 3 else ""
    return [f"{head}; left out: {why}{more}."]


def _whatif(res: MainJobResult) -> list[str]:
    if res.whatif is None:
        return []
    s = res.whatif.campaign.summary
    p_rule = s["p_violation"]
    worst = sorted(p_rule.items(), key=lambda kv: -kv[1]["p"])[:3]
    risks = "; ".join(
        f"{r} {d['title']} {100 * d['p']:.0f} % ({100 * d['ci95'][0]:.0f}-{100 * d['ci95'][1]:.0f})"
        for r, d in worst
        if d["p"] > 0
    )
    ext = s["crew_extension_days"]
    out = (
        f"Over {s['scenarios']} what-if scenarios of the plan (slips, leaks, groundings, "
        f"politics; {s['policy']} policy), {100 * (s['p_any_violation'] or 0):.0f} % break at "
        f"least one rule"
    )
    out += f"; most likely: {risks}" if risks else ""
    if ext:
        out += (
            f"; crews are extended by {ext['p50']:.0f} person-days (median, p95 {ext['p95']:.0f})"
        )
    return [out + "."]


def answers(res: MainJobResult) -> list[str]:
    """The summary sentences, most asked question first."""
    out = _rendezvous(res)
    out += _increment(res)
    out += _whatif(res)
    out += _plan(res)
    if res.history_report is not None:
        out.append(_findings("flown history", res.history_report))
    out += _orbit(res)
    return out
