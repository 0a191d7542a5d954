"""Collecting findings on elementary intervals and merging contiguous ones."""

from __future__ import annotations

from dataclasses import dataclass, field

from crossflight.rules.violations import Severity

__all__ = ["Findings", "days"]


def days(seconds: float) -> str:
    """A duration in seconds as days with one decimal: ``12.3 d``."""
    return f"{seconds / 86400.0:.1f} d"


@dataclass
class Findings:
    """Raw findings keyed by (rule, severity, subject, message) -> list of [t0, t1] spans."""

    spans: dict[tuple[str, Severity, str, str], list[list[int]]] = field(default_factory=dict)

    def add(
        self, rule: str, severity: Severity, subject: str, message: str, t0: int, t1: int
    ) -> None:
        """Record one finding over [t0, t1]; touching spans of the same finding merge."""
        lst = self.spans.setdefault((rule, severity, subject, message), [])
        if lst and lst[-1][1] == t0:
            lst[-1][1] = t1
        else:
            lst.append([t0, t1])
