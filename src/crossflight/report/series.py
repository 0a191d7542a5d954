"""Chart-ready rows from the main job's records, shared by the HTML and the PNG figures.

Both renderings draw the same rows, so the picture in a paper is the picture on the page.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from crossflight import api

__all__ = [
    "AGENCY_COLOURS",
    "PROFILE_COLOURS",
    "RISK_METRICS",
    "SEVERITY_COLOURS",
    "FindingRow",
    "GanttRow",
    "SessionRow",
    "WindowRow",
    "agency_colour",
    "crew_counts",
    "family_colour",
    "finding_rows",
    "first_weeks",
    "gantt_rows",
    "risk_rows",
    "session_rows",
    "window_rows",
]

AGENCY_COLOURS = {
    "ROSCOSMOS": "#c0392b",
    "NASA": "#1f5fae",
    "ESA": "#2a9d8f",
    "JAXA": "#e9a23b",
    "CSA": "#8e44ad",
    "MBRSC": "#6c757d",
}
_OTHER = ("#8c564b", "#bcbd22", "#17becf", "#7f7f7f", "#e377c2", "#9467bd")
PROFILE_COLOURS = {
    "2-orbit": "#2ca02c",
    "4-orbit": "#98df8a",
    "2-day": "#ff7f0e",
    "1-day": "#1f77b4",
}
SEVERITY_COLOURS = {"violation": "#d62728", "warning": "#ff9f1c"}
_MIN_FINDING_S = 3 * 86400.0  # an instant finding is drawn 3 days wide to be visible


def agency_colour(agency: str) -> str:
    """A fixed colour per agency (stable across figures and runs)."""
    if agency in AGENCY_COLOURS:
        return AGENCY_COLOURS[agency]
    return _OTHER[sum(map(ord, agency)) % len(_OTHER)]


@dataclass(frozen=True)
class GanttRow:
    """One bar of the occupancy Gantt: a person's lifeboat seat over a span."""

    label: str
    agency: str
    segment: str
    lifeboat: str
    lifeboat_vehicle: str
    start_utc: datetime
    end_utc: datetime


def gantt_rows(spans: Sequence[api.LifeboatSpan]) -> list[GanttRow]:
    """Rows grouped by segment (operating agency first), then by first arrival."""
    first: dict[str, datetime] = {}
    for s in spans:
        first[s.person] = min(first.get(s.person, s.start_utc), s.start_utc)
    segments = sorted({s.segment or "partners" for s in spans}, key=lambda g: g == "partners")

    def key(s: api.LifeboatSpan) -> tuple[int, datetime, str, datetime]:
        seg = segments.index(s.segment or "partners")
        return seg, first[s.person], s.person, s.start_utc

    return [
        GanttRow(
            label=f"{(s.segment or 'partners')[:3]} · {s.name} ({s.agency})",
            agency=s.agency,
            segment=s.segment or "partners",
            lifeboat=s.lifeboat,
            lifeboat_vehicle=s.lifeboat_vehicle,
            start_utc=s.start_utc,
            end_utc=s.end_utc,
        )
        for s in sorted(spans, key=key)
    ]


def crew_counts(spans: Sequence[api.LifeboatSpan]) -> tuple[list[datetime], dict[str, list[int]]]:
    """Step series: at each change, the number of people aboard per agency."""
    stays: dict[tuple[str, datetime], tuple[str, datetime]] = {}
    for person, group in itertools.groupby(
        sorted(spans, key=lambda s: (s.person, s.start_utc)), key=lambda s: s.person
    ):
        g = list(group)
        lo = g[0]
        for a, b in itertools.pairwise(g):  # contiguous seat spans are one stay
            if b.start_utc != a.end_utc:
                stays[(person, lo.start_utc)] = (lo.agency, a.end_utc)
                lo = b
        stays[(person, lo.start_utc)] = (lo.agency, g[-1].end_utc)
    times = sorted({t for (_, t0), (_, t1) in stays.items() for t in (t0, t1)})
    agencies = sorted({a for a, _ in stays.values()}, key=lambda a: (a not in AGENCY_COLOURS, a))
    counts = {a: [0] * len(times) for a in agencies}
    index = {t: i for i, t in enumerate(times)}
    for (_, t0), (agency, t1) in stays.items():
        for i in range(index[t0], index[t1]):
            counts[agency][i] += 1
    return times, counts


@dataclass(frozen=True)
class FindingRow:
    """One finding on the findings time line."""

    label: str
    severity: str
    start_utc: datetime
    width_s: float
    subject: str
    message: str
    span: str


def finding_rows(reports: dict[str, api.CheckReport]) -> list[FindingRow]:
    """Rows ``"<manifest> · R4 vehicle docked life"`` with each finding's span."""
    rows: list[FindingRow] = []
    for label, rep in reports.items():
        for v in rep.violations:
            width = max((v.end_utc - v.start_utc).total_seconds(), _MIN_FINDING_S)
            rows.append(
                FindingRow(
                    label=f"{label} · {v.rule} {api.RULE_TITLES.get(v.rule, '')}",
                    severity=v.severity,
                    start_utc=v.start_utc,
                    width_s=width,
                    subject=v.subject,
                    message=v.message,
                    span=f"{api.format_utc(v.start_utc)} .. {api.format_utc(v.end_utc)}",
                )
            )
    rows.sort(key=lambda r: (r.label, r.start_utc))
    return rows


@dataclass(frozen=True)
class WindowRow:
    """One profile option of one opportunity: liftoff -> docking."""

    label: str
    profile: str
    liftoff_utc: datetime
    duration_s: float
    liftoff_text: str
    docking_text: str
    phase_text: str


def window_rows(opportunities: Sequence[api.Opportunity]) -> list[WindowRow]:
    """One row per launch option, ``"04-08 05:47 soyuz-ms baikonur-31 2-orbit"``, by liftoff
    (in-plane passes without a feasible profile are 10-minute marks named ``in-plane only``)."""
    rows: list[WindowRow] = []
    for o in opportunities:
        for p in o.profiles:
            rows.append(
                WindowRow(
                    label=f"{p.liftoff_utc:%m-%d %H:%M} {o.vehicle} {o.site} {p.name}",
                    profile=p.name,
                    liftoff_utc=p.liftoff_utc,
                    duration_s=(p.docking_utc - p.liftoff_utc).total_seconds(),
                    liftoff_text=api.format_utc(p.liftoff_utc.replace(microsecond=0)),
                    docking_text=api.format_utc(p.docking_utc.replace(microsecond=0)),
                    phase_text=f"phase {p.phase_deg:.1f} deg, {p.revolutions} revolutions",
                )
            )
        if not o.profiles:
            rows.append(
                WindowRow(
                    label=f"{o.liftoff_utc:%m-%d %H:%M} {o.vehicle} {o.site} in-plane only",
                    profile="in-plane only",
                    liftoff_utc=o.liftoff_utc,
                    duration_s=timedelta(minutes=10).total_seconds(),
                    liftoff_text=api.format_utc(o.liftoff_utc.replace(microsecond=0)),
                    docking_text="no feasible profile",
                    phase_text=f"phase {o.phase_deg:.1f} deg",
                )
            )
    rows.sort(key=lambda r: (r.liftoff_utc, r.label))
    return rows


@dataclass(frozen=True)
class SessionRow:
    """One crew member's part of one experiment session."""

    label: str
    family: str
    experiment: str
    title: str
    start_utc: datetime
    end_utc: datetime
    equipment: str


def family_colour(family: str, families: Sequence[str]) -> str:
    """A colour per research family, stable within one chart (tab20-like palette)."""
    palette = (
        "#1f77b4",
        "#ff7f0e",
        "#2ca02c",
        "#d62728",
        "#9467bd",
        "#8c564b",
        "#e377c2",
        "#7f7f7f",
        "#bcbd22",
        "#17becf",
        "#aec7e8",
        "#ffbb78",
        "#98df8a",
        "#ff9896",
        "#c5b0d5",
        "#c49c94",
        "#f7b6d2",
        "#c7c7c7",
        "#dbdb8d",
        "#9edae5",
    )
    return palette[list(families).index(family) % len(palette)]


def session_rows(setup: api.IncrementSetup, schedule: api.Schedule) -> list[SessionRow]:
    """Rows ``"Jonny Kim (NASA)"`` per session and crew member, grouped by agency then name."""
    experiments = {e.id: e for e in setup.catalog.experiments}
    crew = setup.manifest.crew
    rows: list[SessionRow] = []
    for sess in schedule.sessions:
        exp = experiments.get(sess.experiment)
        for person in sess.crew:
            member = crew.get(person)
            name = (member.name or person) if member else person
            agency = member.agency if member else "?"
            rows.append(
                SessionRow(
                    label=f"{name} ({agency})",
                    family=(exp.family or exp.agency) if exp else "other",
                    experiment=sess.experiment,
                    title=exp.title if exp and exp.title else sess.experiment,
                    start_utc=sess.start_utc,
                    end_utc=sess.end_utc,
                    equipment=", ".join(sess.equipment) or "no equipment",
                )
            )
    rows.sort(key=lambda r: (r.label.rsplit("(", 1)[-1], r.label, r.start_utc))
    return rows


FIRST_WEEKS = timedelta(days=21)


def first_weeks(rows: Sequence[SessionRow]) -> tuple[datetime, datetime]:
    """The initial view of the experiment Gantt: three weeks from the first session's day
    (hour-long sessions are invisible on an eight-month axis; zoom out for the increment)."""
    if not rows:
        now = datetime.now(UTC)
        return now, now + FIRST_WEEKS
    first = min(r.start_utc for r in rows).replace(hour=0, minute=0, second=0, microsecond=0)
    return first, first + FIRST_WEEKS


RISK_METRICS = (
    ("crew_extension_s", "crew extension beyond plan [person-days]"),
    ("lost_crew_s", "lost crew-days"),
    ("no_fit_lifeboat_s", "days with someone without a fit lifeboat"),
)


def risk_rows(summary: dict[str, object]) -> list[tuple[str, float, float, float]]:
    """``(label, p, ci_low, ci_high)`` per rule, from a campaign summary."""
    p_violation = summary.get("p_violation", {})
    assert isinstance(p_violation, dict)
    rows = []
    for rule, d in sorted(p_violation.items()):
        lo, hi = d["ci95"]
        rows.append((f"{rule} {d['title']}", float(d["p"]), float(lo), float(hi)))
    return rows
