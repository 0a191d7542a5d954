"""Requirement groups: each a switchable block of constraints with a sentence that names it.

Every rule the request imposes (a segment's representation in one quarter, a vehicle's yearly
flight limit, a grounding, a crew pool, the station crew size, a seat-swap balance period) is
enforced only if its group literal is true.  A normal solve fixes all literals to true; the
explanation solve passes them as *assumptions*, so CP-SAT can name the sufficient subset that
makes the request infeasible (:mod:`crossflight.planning.explanation`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ortools.sat.python import cp_model

__all__ = ["Group", "GroupBook"]


@dataclass(frozen=True)
class Group:
    """One requirement group: a stable key, its kind, a sentence and its enforcement literal."""

    key: tuple[str, ...]
    kind: str
    text: str
    literal: cp_model.IntVar
    span: tuple[str, str] | None = None  # (from, until) dates of a time-windowed group
    head: str = ""  # the text before the span, e.g. "iss russian segment representation"
    tail: str = ""  # the text after the span


@dataclass
class GroupBook:
    """All requirement groups of one model, in creation order."""

    model: cp_model.CpModel
    groups: list[Group] = field(default_factory=list)

    def new(
        self,
        key: tuple[str, ...],
        kind: str,
        text: str,
        *,
        span: tuple[str, str] | None = None,
        head: str = "",
        tail: str = "",
    ) -> cp_model.IntVar:
        """Create the literal of a new group and return it."""
        lit = self.model.new_bool_var("group:" + "/".join(key))
        self.groups.append(
            Group(key=key, kind=kind, text=text, literal=lit, span=span, head=head, tail=tail)
        )
        return lit

    def by_index(self, index: int) -> Group:
        """The group whose literal has this model variable index."""
        for g in self.groups:
            if g.literal.index == index:
                return g
        raise KeyError(index)

    def literals(self) -> list[cp_model.IntVar]:
        """All group literals."""
        return [g.literal for g in self.groups]
