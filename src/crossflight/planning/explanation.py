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
    s.parameters.num_workers = 1  # cores from assumptions come from the sequential search
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
    cm = CrewRotationModel(request, for_explanation=True)
    groups = list(cm.book.groups)
    status, core_idx = _solve(cm, groups, time_limit_s * 0.5, seed)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return "FEASIBLE", []
    if status != cp_model.INFEASIBLE:
        return "UNKNOWN", []
    core = [cm.book.by_index(i) for i in core_idx]
    if not core:
        return "STRUCTURAL", []
    per_check = max(0.3, time_limit_s * 0.5 / max(1, len(core)))
    i = 0
    while i < len(core):
        trial = core[:i] + core[i + 1 :]
        st, sub = _solve(cm, trial, per_check, seed)
        if st == cp_model.INFEASIBLE:
            keep = {cm.book.by_index(j).key for j in sub} or {g.key for g in trial}
            core = [g for g in trial if g.key in keep]
            i = min(i, len(core))
        else:
            i += 1
    core.sort(key=lambda g: (_ORDER.get(g.kind, 9), g.key))
    return "INFEASIBLE", core


def sentence(groups: list[Group]) -> str:
    """One sentence: the first requirement, then what it runs into."""
    if not groups:
        return "the request cannot be met"
    head, rest = groups[0].text, [g.text for g in groups[1:]]
    if not rest:
        return f"{head} cannot be met"
    return f"{head}, but {' and '.join(rest)}"


def explain(request: PlanningRequest, *, time_limit_s: float = 10.0, seed: int = 0) -> list[str]:
    """Lines explaining why ``request`` is infeasible: a sentence, then one line per group."""
    status, groups = conflicting_groups(request, time_limit_s=time_limit_s, seed=seed)
    if status == "INFEASIBLE":
        return [sentence(groups)] + [f"conflicting requirement: {g.text}" for g in groups]
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
