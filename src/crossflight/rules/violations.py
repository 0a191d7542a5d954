"""What the checker reports: violations (rule, severity, interval, subject, message)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from crossflight.times import format_utc

__all__ = ["RULE_TITLES", "CheckReport", "Severity", "Violation"]

Severity = Literal["violation", "warning"]

RULE_TITLES: dict[str, str] = {
    "R1": "segment representation",
    "R2": "lifeboat seats",
    "R3": "ports",
    "R4": "vehicle docked life",
    "R5": "crew size",
    "R6": "seat-swap balance",
    "R7": "handover overlap",
}


@dataclass(frozen=True, order=True)
class Violation:
    """One finding of one rule over [``start_utc``, ``end_utc``] (aware UTC datetimes), with
    the kind (certified limit, planning rule, warning threshold) and source of the limit."""

    start_utc: datetime
    rule: str
    subject: str
    end_utc: datetime
    severity: Severity
    message: str
    limit_kind: str = ""
    limit_source: str = ""

    def to_dict(self) -> dict[str, str]:
        """The JSON object of ``check --json`` (see docs/manifest-format.md)."""
        return {
            "rule": self.rule,
            "severity": self.severity,
            "start_utc": format_utc(self.start_utc),
            "end_utc": format_utc(self.end_utc),
            "subject": self.subject,
            "message": self.message,
            "limit_kind": self.limit_kind,
            "limit_source": self.limit_source,
        }


@dataclass(frozen=True)
class CheckReport:
    """All findings for one manifest, sorted by time.  ``ok``: no violation-severity finding."""

    manifest: str
    start_utc: datetime
    end_utc: datetime
    violations: list[Violation] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no finding has severity ``violation`` (warnings alone are ok)."""
        return not any(v.severity == "violation" for v in self.violations)

    def by_rule(self, rule: str) -> list[Violation]:
        """The findings of one rule (``"R2"``)."""
        return [v for v in self.violations if v.rule == rule]

    @property
    def summary(self) -> dict[str, Any]:
        """Counts per severity and per rule."""
        per_rule: dict[str, dict[str, int]] = {}
        for v in self.violations:
            d = per_rule.setdefault(v.rule, {"violation": 0, "warning": 0})
            d[v.severity] += 1
        return {
            "violations": sum(1 for v in self.violations if v.severity == "violation"),
            "warnings": sum(1 for v in self.violations if v.severity == "warning"),
            "per_rule": dict(sorted(per_rule.items())),
        }

    def to_dict(self) -> dict[str, Any]:
        """The ``check --json`` document (schema in docs/manifest-format.md).

        ``violations`` holds the violation-severity findings only, ``warnings`` the warnings
        (since schema 2; before, ``violations`` held both).
        """
        return {
            "manifest": self.manifest,
            "period": {
                "start_utc": format_utc(self.start_utc),
                "end_utc": format_utc(self.end_utc),
            },
            "ok": self.ok,
            "violations": [v.to_dict() for v in self.violations if v.severity == "violation"],
            "warnings": [v.to_dict() for v in self.violations if v.severity == "warning"],
            "summary": self.summary,
        }
