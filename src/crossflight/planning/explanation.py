"""Explain an infeasible request: the smallest set of requirement groups that conflict.

The model is built with every requirement group switched by its literal
(:mod:`crossflight.planning.groups`); the literals are passed to CP-SAT as assumptions.  When
the solve is infeasible, ``sufficient_assumptions_for_infeasibility`` names a subset that is
already infeasible; each member is then dropped in turn and kept out if the rest stays
infeasible (deletion filter), which leaves a *minimal* conflicting set: removing any one of its
groups would make the request feasible (within the per-check time limit).
"""

from __future__ import annotations

import logging

from ortools.sat.python import cp_model

from crossflight.model.request import PlanningRequest
from crossflight.planning.crew_rotation import CrewRotationModel
from crossflight.planning.groups import Group

__all__ = ["conflicting_groups", "explain", "sentence"]

log = logging.getLogger(__name__)
WORKERS = 1  # cores from assumptions: the sequential search is as fast here and reproducible

_ORDER = {
    "representation": 0,
    "crew-size": 1,
    "crew-pool": 2,
    "balance": 3,
    "availability": 4,
    "grounding": 5,
    "vehicle-limit": 6,
    "mission-length": 7,
}


def _solve(
    cm: CrewRotationModel, groups: list[Group], limit_s: float, seed: int
) -> tuple[int, list[int]]:
    m = cm.model
    m.clear_assumptions()
    m.add_assumptions([g.literal for g in groups])
    s = cp_model.CpSolver()
    s.parameters.num_workers = WORKERS
    s.parameters.random_seed = seed
    s.parameters.max_time_in_seconds = max(0.2, limit_s)
    status = s.solve(m)
    core: list[int] = []
    if status == cp_model.INFEASIBLE:
        core = list(s.sufficient_assumptions_for_infeasibility())
    log.info("explanation solve (%d groups): %s", len(groups), s.status_name(status))
    return int(status), core


def conflicting_groups(
    request: PlanningRequest, *, time_limit_s: float = 10.0, seed: int = 0
) -> tuple[str, list[Group]]:
    """``(status, groups)``: status ``INFEASIBLE`` with a minimal conflicting set of groups,
    ``STRUCTURAL`` (infeasible with every group relaxed), ``FEASIBLE`` or ``UNKNOWN``."""
    status, groups, _ = _conflict(request, time_limit_s=time_limit_s, seed=seed)
    return status, groups


def _family(g: Group) -> tuple[str, ...]:
    """Groups that differ only by their time window form a family."""
    return g.key[:-1] if g.span is not None else g.key


def _shrink(
    cm: CrewRotationModel, core: list[Group], units: list[list[Group]], budget_s: float, seed: int
) -> tuple[list[Group], int]:
    """Drop each unit whose removal keeps ``core`` infeasible; count checks that timed out."""
    per_check = max(0.3, budget_s / max(1, len(units)))
    unknown = 0
    for unit in units:
        keys = {g.key for g in unit}
        if not keys & {g.key for g in core}:
            continue
        trial = [g for g in core if g.key not in keys]
        if not trial:
            continue
        st, sub = _solve(cm, trial, per_check, seed)
        if st == cp_model.INFEASIBLE:
            keep = {cm.book.by_index(j).key for j in sub} or {g.key for g in trial}
            core = [g for g in trial if g.key in keep]
        elif st not in (cp_model.FEASIBLE, cp_model.OPTIMAL):
            unknown += 1
    return core, unknown


def _conflict(
    request: PlanningRequest, *, time_limit_s: float, seed: int
) -> tuple[str, list[Group], int]:
    cm = CrewRotationModel(request, for_explanation=True)
    groups = list(cm.book.groups)
    status, core_idx = _solve(cm, groups, time_limit_s * 0.5, seed)  # then 0.2 + 0.3
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return "FEASIBLE", [], 0
    if status != cp_model.INFEASIBLE:
        return "UNKNOWN", [], 0
    core = [cm.book.by_index(i) for i in core_idx]
    if not core:
        return "STRUCTURAL", [], 0
    # Deletion filter, first by families (all quarters of a segment, all years of a limit:
    # one solve may drop many groups), then group by group.
    families: dict[tuple[str, ...], list[Group]] = {}
    for g in core:
        families.setdefault(_family(g), []).append(g)
    if len(families) < len(core):
        core, _ = _shrink(cm, core, list(families.values()), time_limit_s * 0.2, seed)
    core, unchecked = _shrink(cm, core, [[g] for g in core], time_limit_s * 0.3, seed)
    core.sort(key=lambda g: (_ORDER.get(g.kind, 9), g.key))
    return "INFEASIBLE", core, unchecked


def _adjacent(prev_end: str, start: str) -> bool:
    """Windows touch (date ranges) or follow each other (calendar years)."""
    if prev_end == start:
        return True
    return prev_end.isdigit() and start.isdigit() and int(start) == int(prev_end) + 1


def merged_texts(groups: list[Group]) -> list[str]:
    """One text per requirement; time-windowed groups of one subject are merged into one line
    listing their (adjacent windows joined) date ranges."""
    out: list[str] = []
    windows: dict[tuple[str, str], list[tuple[str, str]]] = {}
    order: list[tuple[str, str] | Group] = []
    for g in groups:
        if g.span is None:
            order.append(g)
            continue
        k = (g.head, g.tail)
        if k not in windows:
            windows[k] = []
            order.append(k)
        windows[k].append(g.span)
    for item in order:
        if isinstance(item, Group):
            out.append(item.text)
            continue
        spans = sorted(windows[item])
        joined: list[list[str]] = []
        for a, b in spans:
            if joined and _adjacent(joined[-1][1], a):
                joined[-1][1] = b
            else:
                joined.append([a, b])
        ranges = ", ".join(a if a == b else f"{a}..{b}" for a, b in joined)
        out.append(" ".join(x for x in (item[0], ranges, item[1]) if x))
    return out


def sentence(groups: list[Group]) -> str:
    """One sentence: the first requirement, then what it runs into."""
    if not groups:
        return "the request cannot be met"
    texts = merged_texts(groups)
    head, rest = texts[0], texts[1:]
    if not rest:
        return f"{head} cannot be met"
    return f"{head}, but {' and '.join(rest)}"


def explain(request: PlanningRequest, *, time_limit_s: float = 10.0, seed: int = 0) -> list[str]:
    """Lines explaining why ``request`` is infeasible: a sentence, then one line per group."""
    status, groups, unchecked = _conflict(request, time_limit_s=time_limit_s, seed=seed)
    if status == "INFEASIBLE":
        lines = [sentence(groups)] + [f"conflicting requirement: {t}" for t in merged_texts(groups)]
        if unchecked:
            lines.append(
                f"(minimality not proven: {unchecked} check(s) ran out of time; these "
                "requirements conflict but fewer of them may already do; give more --time-limit)"
            )
        return lines
    if status == "STRUCTURAL":
        return [
            "the request is infeasible even with every requirement group relaxed: the booked "
            "flights, ports, mission lengths and horizon contradict each other (check fixed "
            "flights' ports and times, and mission min_days against the horizon)"
        ]
    if status == "FEASIBLE":
        return [
            "the requirements can be met together; the planning solve ran out of time before "
            "finding a plan (give more --time-limit)"
        ]
    return [
        f"the conflict could not be isolated within {time_limit_s:g} s (give more --time-limit)"
    ]
