"""The report directory: every artefact written to a temporary directory, then renamed.

``DIR/`` holds ``index.html`` (the page), ``summary.json`` (answers, findings, windows,
rendezvous, stage times), ``history.toml`` and ``plan.toml`` (manifests ``crossflight check``
reads), ``flights.ics`` (launches and dockings) and ``windows.ics``, tables as CSV and
Parquet (``windows``, ``occupancy``, ``experiments``, ``scenarios``), ``rendezvous.oem`` and
``rendezvous.czml``, and ``png/`` (every chart for papers).  Nothing is written into ``DIR``
itself until the whole report exists: it is built in ``.DIR.*.tmp`` beside it and renamed.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from crossflight import api
from crossflight.report.figures import build_figures
from crossflight.report.html import write_page
from crossflight.report.result import MainJobResult
from crossflight.report.story import answers

__all__ = ["REPORT_FORMAT", "prepare_out_dir", "publish", "summary_dict", "write_all"]

REPORT_FORMAT = "crossflight-report/1"


def prepare_out_dir(out_dir: str | Path) -> Path:
    """Check ``out_dir`` can be (re)written before any work: refuse a foreign directory."""
    target = Path(out_dir).expanduser().absolute()
    if not target.parent.is_dir():
        raise api.InputError(
            f"directory {target.parent} does not exist",
            source=str(out_dir),
            field="--out",
            fix="create the parent directory or give another --out",
        )
    if target.exists():
        if not target.is_dir():
            raise api.InputError(
                "exists and is not a directory",
                source=str(out_dir),
                field="--out",
                fix="give a new directory name for the report",
            )
        if any(target.iterdir()) and not _is_report(target):
            raise api.InputError(
                "directory exists and is not a crossflight report (it would be replaced)",
                source=str(out_dir),
                field="--out",
                fix="give a new or empty directory, or a previous report directory",
            )
    return target


def _dir_mode() -> int:
    """The mode ``mkdir`` would give (mkdtemp's private 0700 is for the build only)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o777 & ~umask


def _is_report(path: Path) -> bool:
    try:
        data = json.loads((path / "summary.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("format") == REPORT_FORMAT


def write_all(res: MainJobResult, target: Path) -> Path:
    """Write every artefact and the page into a fresh temporary directory beside ``target``."""
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    try:
        tmp.chmod(_dir_mode())
        files = _write_artefacts(res, tmp)
        (tmp / "png").mkdir()
        figures = build_figures(res, tmp / "png")
        files.update({f"png/{f.png.name}": f"png/{f.png.name}" for f in figures if f.png})
        files["index.html"] = "index.html"
        res.notes.sort()
        write_page(tmp / "index.html", res, figures, files)
        _write_summary(tmp, res, files)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return tmp


def publish(tmp: Path, target: Path, res: MainJobResult) -> None:
    """Final stage times into ``summary.json``, then ``tmp`` replaces ``target`` by rename."""
    try:
        summary = json.loads((tmp / "summary.json").read_text(encoding="utf-8"))
        summary["timings_s"] = res.timings_s
        summary["total_s"] = round(sum(res.timings_s.values()), 3)
        api.write_text_atomic(tmp / "summary.json", json.dumps(summary, indent=2) + "\n")
        old: Path | None = None
        if target.exists():
            old = Path(
                tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent)
            )
            os.replace(target, old / "report")
        os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _flight_events(res: MainJobResult) -> list[api.CalendarEvent]:
    events: list[api.CalendarEvent] = []
    for label, m in (("history", res.history), ("plan", res.plan_manifest)):
        if m is None:
            continue
        for f in m.flights:
            name = f.name or f.id
            kind = "planned" if f.planned else "flown"
            events.append(
                api.CalendarEvent(
                    uid=f"{label}-{f.id}-launch@crossflight",
                    summary=f"{name}: launch -> docking at {f.port}",
                    start_utc=f.launch_utc,
                    end_utc=max(f.dock_utc, f.launch_utc + timedelta(minutes=1)),
                    description=f"{kind} {f.vehicle} from {f.site or '?'}; crew: "
                    + (", ".join(f.crew_up) or "uncrewed"),
                )
            )
    r = res.rendezvous
    if r is not None:
        events.append(
            api.CalendarEvent(
                uid=f"rendezvous-{r.vehicle}-{r.liftoff_utc:%Y%m%dT%H%M%S}@crossflight",
                summary=f"simulated {r.vehicle} {r.profile}: liftoff -> docking at {r.port}",
                start_utc=r.liftoff_utc,
                end_utc=r.docking_utc,
                description=f"total delta-v {r.total_dv_m_s:.1f} m/s; {len(r.burns)} burns",
            )
        )
    return events


def _window_records(res: MainJobResult) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for o in res.windows:
        for p in o.profiles or (None,):
            rows.append(
                {
                    "site": o.site,
                    "vehicle": o.vehicle,
                    "direction": o.direction,
                    "in_plane_utc": o.in_plane_utc,
                    "profile": p.name if p else None,
                    "liftoff_utc": p.liftoff_utc if p else o.liftoff_utc,
                    "docking_utc": p.docking_utc if p else None,
                    "phase_deg": round(p.phase_deg if p else o.phase_deg, 3),
                    "revolutions": p.revolutions if p else None,
                }
            )
    return rows


def _occupancy_records(res: MainJobResult) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for label, m in (("history", res.history), ("plan", res.plan_manifest)):
        if m is not None:
            rows += [{"manifest": label, **s.__dict__} for s in api.occupancy(m)]
    return rows


def _session_records(res: MainJobResult) -> list[dict[str, Any]]:
    assert res.increment is not None
    return [
        {
            "experiment": s.experiment,
            "session": s.index + 1,
            "person": person,
            "start_utc": s.start_utc,
            "end_utc": s.end_utc,
            "equipment": ";".join(s.equipment),
        }
        for s in res.increment.schedule.sessions
        for person in s.crew
    ]


def _write_table(tmp: Path, name: str, rows: list[dict[str, Any]], files: dict[str, str]) -> None:
    api.write_csv(tmp / f"{name}.csv", rows)
    api.write_parquet(tmp / f"{name}.parquet", rows)
    files[f"{name}.csv"] = f"{name}.csv"
    files[f"{name}.parquet"] = f"{name}.parquet"


def _write_artefacts(res: MainJobResult, tmp: Path) -> dict[str, str]:
    files: dict[str, str] = {}
    if res.history is not None:
        api.write_manifest(res.history, tmp / "history.toml")
        files["history.toml"] = "history.toml"
    if res.plan_manifest is not None:
        api.write_manifest(res.plan_manifest, tmp / "plan.toml")
        files["plan.toml"] = "plan.toml"
    api.write_events_ics(tmp / "flights.ics", _flight_events(res), title="crossflight flights")
    api.write_ics(tmp / "windows.ics", [o.to_dict() for o in res.windows])
    files["flights.ics"], files["windows.ics"] = "flights.ics", "windows.ics"
    _write_table(tmp, "windows", _window_records(res), files)
    _write_table(tmp, "occupancy", _occupancy_records(res), files)
    if res.increment is not None:
        _write_table(tmp, "experiments", _session_records(res), files)
    if res.whatif is not None:
        for ext in ("parquet", "csv"):
            api.write_table_columns(tmp / f"scenarios.{ext}", res.whatif.campaign.columns)
            files[f"scenarios.{ext}"] = f"scenarios.{ext}"
    r = res.rendezvous
    if r is not None:
        eph = r.ephemeris
        api.write_oem(
            tmp / "rendezvous.oem",
            [api.OemSegment(r.vehicle.upper(), r.vehicle, eph.t_utc_s, eph.ship_km)],
        )
        api.write_czml(
            tmp / "rendezvous.czml",
            [
                api.CzmlTrack("ship", r.vehicle, (255, 80, 40, 255), eph.t_utc_s, eph.ship_km),
                api.CzmlTrack("station", "ISS", (255, 255, 255, 255), eph.t_utc_s, eph.station_km),
            ],
        )
        files["rendezvous.oem"], files["rendezvous.czml"] = "rendezvous.oem", "rendezvous.czml"
    return files


def summary_dict(res: MainJobResult, files: dict[str, str]) -> dict[str, Any]:
    """The ``summary.json`` document (schema in ``docs/scenario.md``)."""
    out: dict[str, Any] = {
        "format": REPORT_FORMAT,
        "scenario": res.scenario.name,
        "source": res.source,
        "created_utc": api.format_utc(datetime.now(UTC).replace(microsecond=0)),
        "answers": answers(res),
        "notes": res.notes,
        "timings_s": res.timings_s,
        "artefacts": files,
    }
    if res.history_report is not None:
        out["history"] = {"manifest": "history.toml", "check": res.history_report.to_dict()}
    if res.plan_report is not None:
        out["plan"] = {
            "manifest": "plan.toml",
            "check": res.plan_report.to_dict(),
            "optimal": res.plan_optimal,
            "summary": res.plan_summary.to_dict() if res.plan_summary else None,
        }
    if res.orbit is not None:
        out["orbit"] = {
            "source": res.scenario.orbit.station or Path(res.scenario.orbit.file or "").name,
            "kind": res.orbit_kind,
            "epochs_utc": [
                api.format_utc(api.from_unix_s(float(t))) for t in res.orbit.epochs_utc_s
            ],
            "coverage_utc": [[api.format_utc(a), api.format_utc(b)] for a, b in res.coverage],
            "plan_flights_beyond": res.flights_beyond_orbit,
        }
    out["windows"] = [o.to_dict() for o in res.windows]
    out["flight_windows"] = [
        {
            "flight": fw.flight,
            "manifest": fw.manifest,
            "launch_utc": api.format_utc(fw.launch_utc),
            "opportunity": fw.opportunity.to_dict() if fw.opportunity else None,
            "liftoff_error_s": None if fw.liftoff_error_s is None else round(fw.liftoff_error_s, 1),
        }
        for fw in res.flight_windows
    ]
    if res.increment is not None:
        out["increment"] = {
            "name": res.increment.setup.increment.name,
            "source": res.increment.setup.source,
            **res.increment.schedule.to_dict(),
        }
    if res.whatif is not None:
        out["whatif"] = res.whatif.campaign.summary
    if res.rendezvous is not None:
        out["rendezvous"] = {
            **res.rendezvous.to_dict(),
            "flight": res.rendezvous_flight.id if res.rendezvous_flight else None,
            "crew": [p.model_dump(exclude_defaults=True) for p in res.rendezvous_crew],
        }
    return out


def _write_summary(tmp: Path, res: MainJobResult, files: dict[str, str]) -> None:
    files["summary.json"] = "summary.json"
    text = json.dumps(summary_dict(res, files), indent=2) + "\n"
    api.write_text_atomic(tmp / "summary.json", text)
