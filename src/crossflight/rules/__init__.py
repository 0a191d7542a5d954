"""The rules checker: an independent oracle for station manifests (rules R1-R7).

:func:`check_manifest` evaluates a manifest over its evaluation period with an event sweep at
one-second resolution and returns every finding with its rule, severity, interval, subject and
message.  It shares no code with any planner and imports no solver (checked by import-linter):
a plan is only trusted once this checker accepts it.  The rules and their sources are in
``docs/rules.md``.

=====  ==============================================================================
R1     each segment's operating agency has someone aboard (first to last crewed instant)
R2     everyone aboard has a lifeboat seat in a docked, fit vehicle that is not overfull
R3     one vehicle per port, compatible vehicle type, declared neighbours clear on arrival
R4     docked time within the vehicle type's docked life (certified: violation; else warning)
R5     crew size: never above the handover limit, above nominal only briefly
R6     seat-swap agreement: each way the same number of partner seats per period
R7     handover: consecutive rotation flights of a vehicle type overlap by N days
=====  ==============================================================================
"""

from __future__ import annotations

from crossflight.model.manifest import Manifest
from crossflight.model.resolve import ResolvedManifest, resolve_manifest
from crossflight.rules.agreement import check_handover, check_seat_swap
from crossflight.rules.crew import check_crew, check_flight_seats
from crossflight.rules.findings import Findings
from crossflight.rules.timeline import build_timeline
from crossflight.rules.uncrewed import check_uncrewed_seats
from crossflight.rules.vehicles import check_ports, check_vehicle_life
from crossflight.rules.violations import RULE_TITLES, CheckReport, Severity, Violation
from crossflight.times import from_unix_s

__all__ = ["RULE_TITLES", "CheckReport", "Severity", "Violation", "check_manifest"]

ALL_RULES = ("R1", "R2", "R3", "R4", "R5", "R6", "R7")


def check_manifest(
    manifest: Manifest | ResolvedManifest, *, source: str | None = None
) -> CheckReport:
    """Check ``manifest`` against rules R1-R7; raises ``InputError`` for an inconsistent one.

    Findings are clipped to the evaluation period and sorted by start time, rule, subject.
    """
    rm = (
        manifest
        if isinstance(manifest, ResolvedManifest)
        else resolve_manifest(manifest, source=source)
    )
    enabled = set(ALL_RULES) - set(rm.manifest.rules.disabled)
    tl = build_timeline(rm)
    out = Findings()
    check_crew(rm, tl, out, enabled)
    if "R2" in enabled:
        check_flight_seats(rm, out)
        check_uncrewed_seats(rm, tl, out)
    if "R3" in enabled:
        check_ports(rm, tl, out)
    if "R4" in enabled:
        check_vehicle_life(rm, tl, out)
    if "R6" in enabled:
        check_seat_swap(rm, tl, out)
    if "R7" in enabled:
        check_handover(rm, tl, out)
    violations: list[Violation] = []
    for key, spans in out.spans.items():
        rule, severity, subject, message = key
        kind, limit_source = out.limits.get(key, ("", ""))
        for t0, t1 in spans:
            lo, hi = max(t0, tl.start), min(t1, tl.end)
            if lo > hi or (lo == hi and t0 != t1):
                continue  # entirely outside the evaluation period
            violations.append(
                Violation(
                    start_utc=from_unix_s(lo),
                    rule=rule,
                    subject=subject,
                    end_utc=from_unix_s(hi),
                    severity=severity,
                    message=message,
                    limit_kind=kind,
                    limit_source=limit_source,
                )
            )
    violations.sort()
    name = rm.manifest.name or rm.source or "manifest"
    return CheckReport(
        manifest=name, start_utc=rm.start_utc, end_utc=rm.end_utc, violations=violations
    )
