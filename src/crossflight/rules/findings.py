"""Collecting findings on elementary intervals and merging contiguous ones."""

from __future__ import annotations

from dataclasses import dataclass, field

from crossflight.rules.violations import Severity

__all__ = ["Findings", "days"]


def days(seconds: float) -> str:
    """A duration in seconds as days with one decimal: ``12.3 d``."""
    return f"{seconds / 86400.0:.1f} d"


Key = tuple[str, Severity, str, str]


@dataclass
class Findings:
    """Raw findings keyed by (rule, severity, subject, message) -> list of [t0, t1] spans, and
    per key the kind and source of the limit it is measured against."""

    spans: dict[Key, list[list[int]]] = field(default_factory=dict)
    limits: dict[Key, tuple[str, str]] = field(default_factory=dict)

    def add(
        self,
        rule: str,
        severity: Severity,
        subject: str,
        message: str,
        t0: int,
        t1: int,
        *,
        kind: str = "",
        source: str = "",
    ) -> None:
        """Record one finding over [t0, t1]; touching spans of the same finding merge.
        ``kind``/``source``: the limit's kind (certified limit, planning rule, warning
        threshold) and where it comes from."""
        key = (rule, severity, subject, message)
        self.limits.setdefault(key, (kind, source))
        lst = self.spans.setdefault(key, [])
        if lst and lst[-1][1] == t0:
            lst[-1][1] = t1
        else:
            lst.append([t0, t1])
