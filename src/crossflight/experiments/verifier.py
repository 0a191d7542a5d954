"""The independent schedule verifier: plain Python over datetimes, no solver, no slot grid.

It shares no code with the scheduler (an import-linter contract forbids importing the
scheduler, its grid, greedy baseline or explanations, and OR-Tools).  Each check is written
from the rule as stated in ``docs/experiments.md``:

* every session belongs to an experiment of the catalog, once, in order, with its duration;
* crew: the right number of distinct people, each eligible (named, qualified, with a
  crew-time share for the agency), aboard for the whole session, never double-booked;
* time: inside one work block of the crew day, not on a blocked day (docking/undocking of a
  crew vehicle, spacewalks and other listed events), inside the experiment's dates, after its
  cargo arrives, before its samples must be stowed;
* spacing between sessions, precedence between experiments, equipment capacity, each
  person's crew-time share per agency;
* every experiment not fully scheduled is listed with a reason; the objective adds up.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

from crossflight.errors import VerificationError
from crossflight.model.experiments import Experiment
from crossflight.model.increment import IncrementSetup
from crossflight.model.schedule import Schedule, ScheduledSession

__all__ = ["available_minutes", "require_valid", "verify_schedule"]

_EPS = timedelta(seconds=1)


def _midnight(d: date) -> datetime:
    return datetime(d.year, d.month, d.day, tzinfo=UTC)


def _stays(setup: IncrementSetup) -> dict[str, list[tuple[datetime, datetime]]]:
    m = setup.manifest
    out: dict[str, list[tuple[datetime, datetime]]] = defaultdict(list)
    for st in m.stays:
        a = m.flights[st.up_flight].dock_utc
        z = m.end_utc
        if st.down_flight is not None and m.flights[st.down_flight].undock_utc is not None:
            z = m.flights[st.down_flight].undock_utc  # type: ignore[assignment]
        out[st.person].append((a, z))
    return out


def _blocked_days(setup: IncrementSetup) -> dict[str, set[date]]:
    """Whole UTC days on which a person does no science, and partial blocks separately."""
    out: dict[str, set[date]] = defaultdict(set)
    inc = setup.increment
    if inc.block_docking_days:
        for f in setup.manifest.flights.values():
            if f.mission == "cargo":
                continue
            for t in (f.dock_utc, f.undock_utc):
                if t is not None:
                    for p in setup.crew:
                        out[p].add(t.date())
    for b in inc.blocked:
        if not b.whole_days:
            continue
        d = b.start_utc.date()
        last = (b.end_utc - _EPS).date() if b.end_utc > b.start_utc else d
        while d <= last:
            for p in b.crew or setup.crew:
                out[p].add(d)
            d += timedelta(days=1)
    return out


def _partial_blocks(setup: IncrementSetup, person: str) -> list[tuple[datetime, datetime]]:
    return [
        (b.start_utc, b.end_utc)
        for b in setup.increment.blocked
        if not b.whole_days and (not b.crew or person in b.crew)
    ]


def _aboard(stays: list[tuple[datetime, datetime]], a: datetime, z: datetime) -> bool:
    return any(s <= a and z <= e for s, e in stays)


def _in_block(setup: IncrementSetup, a: datetime, z: datetime) -> bool:
    day = a.date()
    for b in setup.increment.crew_day.blocks_on(day):
        bs = datetime.combine(day, b.start, tzinfo=UTC)
        be = datetime.combine(day, b.end, tzinfo=UTC)
        if bs <= a and z <= be:
            return True
    return False


def available_minutes(setup: IncrementSetup, person: str) -> int:
    """Work-block minutes in the increment when ``person`` is aboard and not blocked."""
    stays = _stays(setup)[person]
    blocked = _blocked_days(setup)[person]
    partial = _partial_blocks(setup, person)
    inc = setup.increment
    total = 0
    d = inc.start
    while d < inc.end:
        if d not in blocked:
            for b in inc.crew_day.blocks_on(d):
                t = datetime.combine(d, b.start, tzinfo=UTC)
                end = datetime.combine(d, b.end, tzinfo=UTC)
                while t < end:  # minute by minute is slow; 15-minute steps are what blocks use
                    u = t + timedelta(minutes=15)
                    free = not any(pa < u and t < pz for pa, pz in partial)
                    if free and _aboard(stays, t, u):
                        total += 15
                    t = u
        d += timedelta(days=1)
    return total


def _eligible(setup: IncrementSetup, e: Experiment, person: str) -> str | None:
    if person not in setup.crew:
        return f"{person} is not in the increment's crew"
    if e.crew and person not in e.crew:
        return f"{person} is not among the named crew {e.crew}"
    if not e.crew and e.qualification and e.qualification not in setup.skills_of(person):
        return f"{person} lacks qualification {e.qualification}"
    if setup.share(person, e.agency) <= 0.0:
        return f"{person} has no crew-time share for {e.agency}"
    return None


def _window_errors(setup: IncrementSetup, e: Experiment, s: ScheduledSession) -> list[str]:
    errs = []
    inc = setup.increment
    tag = f"{e.id} session {s.index + 1}"
    lo = max(_midnight(inc.start), _midnight(e.earliest) if e.earliest else _midnight(inc.start))
    hi = _midnight(inc.end)
    if e.latest is not None:
        hi = min(hi, _midnight(e.latest) + timedelta(days=1))
    if s.start_utc < lo or s.end_utc > hi:
        errs.append(f"{tag} lies outside its dates {lo:%Y-%m-%d} .. {hi:%Y-%m-%d}")
    for fid in (e.precedence.after_arrival, e.cargo.arrives_on):
        if fid is not None:
            name, dock, _ = setup.vehicle(fid)
            if s.start_utc < dock:
                errs.append(f"{tag} starts before {name} docks ({dock:%Y-%m-%d %H:%M})")
    if e.cargo.returns_on is not None:
        name, _, undock = setup.vehicle(e.cargo.returns_on)
        if undock is not None and s.end_utc > undock - timedelta(hours=e.cargo.stow_hours):
            errs.append(f"{tag} ends after its samples must be stowed in {name}")
    return errs


def _session_errors(setup: IncrementSetup, sched: Schedule) -> list[str]:
    errs: list[str] = []
    exps = {e.id: e for e in setup.catalog.experiments}
    stays = _stays(setup)
    blocked = _blocked_days(setup)
    for s in sched.sessions:
        e = exps.get(s.experiment)
        tag = f"{s.experiment} session {s.index + 1}"
        if e is None:
            errs.append(f"{tag}: no such experiment in the catalog")
            continue
        if not 0 <= s.index < e.sessions.count:
            errs.append(f"{tag}: the experiment has {e.sessions.count} sessions")
        if s.end_utc - s.start_utc != timedelta(minutes=e.sessions.duration_min):
            errs.append(f"{tag} lasts {s.end_utc - s.start_utc}, not {e.sessions.duration_min} min")
        if len(set(s.crew)) != len(s.crew) or len(s.crew) != e.crew_count:
            errs.append(f"{tag} has crew {list(s.crew)}, needs {e.crew_count} distinct people")
        if sorted(s.equipment) != sorted(e.equipment):
            errs.append(f"{tag} uses {list(s.equipment)}, the catalog says {e.equipment}")
        if not _in_block(setup, s.start_utc, s.end_utc):
            errs.append(f"{tag} is not inside one work block of the crew day")
        for p in s.crew:
            why = _eligible(setup, e, p)
            if why:
                errs.append(f"{tag}: {why}")
            if not _aboard(stays.get(p, []), s.start_utc, s.end_utc):
                errs.append(f"{tag}: {p} is not aboard at {s.start_utc:%Y-%m-%d %H:%M}")
            if s.start_utc.date() in blocked.get(p, set()):
                errs.append(f"{tag}: {p} is blocked on {s.start_utc:%Y-%m-%d}")
            for pa, pz in _partial_blocks(setup, p):
                if pa < s.end_utc and s.start_utc < pz:
                    errs.append(f"{tag}: {p} is blocked at {s.start_utc:%Y-%m-%d %H:%M}")
        errs += _window_errors(setup, e, s)
    return errs


def _sequence_errors(setup: IncrementSetup, sched: Schedule) -> list[str]:
    errs: list[str] = []
    by: dict[str, list[ScheduledSession]] = defaultdict(list)
    for s in sched.sessions:
        by[s.experiment].append(s)
    exps = {e.id: e for e in setup.catalog.experiments}
    for eid, ss in by.items():
        e = exps.get(eid)
        if e is None:
            continue
        ss.sort(key=lambda s: s.index)
        if [s.index for s in ss] != list(range(len(ss))):
            errs.append(f"{eid}: sessions {[s.index + 1 for s in ss]} are not 1..{len(ss)}")
            continue
        gap = max(timedelta(days=e.sessions.min_spacing_days), timedelta(minutes=15))
        for a, b in itertools.pairwise(ss):
            if b.start_utc - a.start_utc < max(gap, a.end_utc - a.start_utc) - _EPS:
                errs.append(f"{eid}: session {b.index + 1} starts too soon after {a.index + 1}")
            mx = e.sessions.max_spacing_days
            if mx is not None and b.start_utc - a.start_utc > timedelta(days=mx) + _EPS:
                errs.append(f"{eid}: session {b.index + 1} starts too late after {a.index + 1}")
        after = e.precedence.after_experiment
        if after is not None:
            pred = by.get(after, [])
            if len(pred) != exps[after].sessions.count:
                errs.append(f"{eid} runs but its predecessor {after} is not complete")
            elif ss[0].start_utc < max(p.end_utc for p in pred):
                errs.append(f"{eid} starts before its predecessor {after} ends")
    return errs


def _overlap_errors(setup: IncrementSetup, sched: Schedule) -> list[str]:
    errs: list[str] = []
    per_person: dict[str, list[ScheduledSession]] = defaultdict(list)
    events: dict[str, list[tuple[datetime, int, str]]] = defaultdict(list)
    for s in sched.sessions:
        for p in s.crew:
            per_person[p].append(s)
        for item in s.equipment:
            events[item] += [(s.start_utc, 1, s.experiment), (s.end_utc, -1, s.experiment)]
    for p, ss in per_person.items():
        ss.sort(key=lambda s: s.start_utc)
        for a, b in itertools.pairwise(ss):
            if b.start_utc < a.end_utc:
                errs.append(f"{p} is double-booked: {a.experiment} and {b.experiment}")
    cap = {it.id: it.capacity for it in setup.catalog.equipment}
    for item, ev in events.items():
        ev.sort(key=lambda x: (x[0], x[1]))  # ends (-1) before starts at the same instant
        n = 0
        for t, step, eid in ev:
            n += step
            if n > cap.get(item, 0):
                errs.append(f"{item} over capacity at {t:%Y-%m-%d %H:%M} ({eid})")
                break
    return errs


def _share_errors(setup: IncrementSetup, sched: Schedule) -> list[str]:
    errs = []
    exps = {e.id: e for e in setup.catalog.experiments}
    mins: dict[tuple[str, str], float] = defaultdict(float)
    for s in sched.sessions:
        if s.experiment in exps:
            for p in s.crew:
                mins[(p, exps[s.experiment].agency)] += (
                    s.end_utc - s.start_utc
                ).total_seconds() / 60
    avail: dict[str, int] = {}
    for (p, agency), used in mins.items():
        if p not in setup.crew:
            continue
        if p not in avail:
            avail[p] = available_minutes(setup, p)
        limit = setup.share(p, agency) * avail[p]
        if used > limit + 1e-6:
            errs.append(
                f"{p} works {used / 60:.1f} h for {agency}, share allows {limit / 60:.1f} h"
            )
    return errs


def _report_errors(setup: IncrementSetup, sched: Schedule) -> list[str]:
    errs = []
    count: dict[str, int] = defaultdict(int)
    for s in sched.sessions:
        count[s.experiment] += 1
    listed = {u.experiment: u for u in sched.unscheduled}
    for e in setup.catalog.experiments:
        full = count[e.id] == e.sessions.count
        if full and e.id in listed:
            errs.append(f"{e.id} is complete but listed as unscheduled")
        if not full and (e.id not in listed or not listed[e.id].reason.strip()):
            errs.append(f"{e.id} is not complete and has no reason")
    priority = {e.id: e.priority for e in setup.catalog.experiments}
    objective = sum(priority.get(s.experiment, 0) for s in sched.sessions)
    if abs(objective - sched.objective) > 1e-6:
        errs.append(f"objective {sched.objective:g} differs from the sessions' {objective:g}")
    if sched.bound + 1e-6 < sched.objective:
        errs.append(f"bound {sched.bound:g} is below the objective {sched.objective:g}")
    return errs


def verify_schedule(setup: IncrementSetup, sched: Schedule) -> list[str]:
    """Every rule the schedule breaks, one sentence each (empty: the schedule is valid)."""
    return [
        *_session_errors(setup, sched),
        *_sequence_errors(setup, sched),
        *_overlap_errors(setup, sched),
        *_share_errors(setup, sched),
        *_report_errors(setup, sched),
    ]


def require_valid(setup: IncrementSetup, sched: Schedule) -> None:
    """Raise :class:`VerificationError` (exit 3, a bug) if the schedule breaks a rule."""
    errs = verify_schedule(setup, sched)
    if errs:
        more = f" (+{len(errs) - 1} more)" if len(errs) > 1 else ""
        raise VerificationError(
            f"the experiment schedule failed verification: {errs[0]}{more}",
            source=setup.source,
            fix="this is a bug in the scheduler; please report it with the input files",
        )
