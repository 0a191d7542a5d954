"""Read a main-job scenario (``docs/scenario.md``) from TOML, with every reference checked.

Every problem is one :class:`~crossflight.errors.ScenarioError` line naming the file, the
field (dotted path, e.g. ``windows.sites[1].vehicle``) and a fix, before any work starts.
Relative paths are resolved against the scenario file's directory.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from crossflight.errors import CrossflightError, ScenarioError
from crossflight.io.files import read_text_input
from crossflight.model.catalog import builtin_manifest_ids
from crossflight.model.launchers import load_launchers, profiles_for
from crossflight.model.scenario import Scenario
from crossflight.model.sites import load_sites

__all__ = ["BUILTIN_SCENARIOS", "LoadedScenario", "load_builtin_scenario", "load_scenario"]

BUILTIN_SCENARIOS = ("iss",)
_DOC = "see docs/scenario.md"
_FIXES = {
    "missing": f"add the field ({_DOC})",
    "extra_forbidden": f"remove it or check the spelling ({_DOC})",
    "datetime_type": "write a UTC time such as 2025-04-07T00:00:00Z",
    "datetime_parsing": "write a UTC time such as 2025-04-07T00:00:00Z",
    "datetime_from_date_parsing": "write a UTC time such as 2025-04-07T00:00:00Z",
    "timezone_aware": "append Z for UTC, e.g. 2025-04-07T00:00:00Z",
    "int_parsing": "write a whole number",
    "int_type": "write a whole number",
    "float_parsing": "write a number",
    "float_type": "write a number",
    "bool_type": "write true or false",
    "string_type": "write a quoted string",
    "greater_than": "use a larger value",
    "greater_than_equal": "use a larger value",
    "less_than_equal": "use a smaller value",
    "too_short": "list at least one entry",
    "literal_error": 'write format = "crossflight-scenario/1" or leave it out',
    "string_pattern_mismatch": "use an id of letters, digits and . _ + -",
    "model_type": f"write a table ({_DOC})",
    "list_type": f"write an array of tables, e.g. [[windows.sites]] ({_DOC})",
}


@dataclass(frozen=True)
class LoadedScenario:
    """A validated scenario with its paths made absolute, and the file it came from."""

    scenario: Scenario
    source: str


def _field_path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


def _from_validation(exc: ValidationError, source: str) -> ScenarioError:
    err = exc.errors()[0]
    loc = tuple(p for p in err["loc"] if not str(p).startswith("function-after"))
    msg = str(err["msg"]).removeprefix("Value error, ")
    fix = _FIXES.get(str(err["type"]), f"correct the value ({_DOC})")
    if str(err["type"]) == "value_error" and "exactly one" in msg:
        fix = f"keep one of them ({_DOC})"
    return ScenarioError(msg, source=source, field=_field_path(loc), fix=fix)


def _resolve(path: str | None, base: Path, source: str, field: str, what: str) -> str | None:
    if path is None:
        return None
    p = Path(path).expanduser()
    p = p if p.is_absolute() else base / p
    if not p.exists():
        raise ScenarioError(
            f"{what} {path!r} not found (looked in {p.parent})",
            source=source,
            field=field,
            fix="give a path relative to the scenario file, or an absolute path",
        )
    return str(p)


def _known(value: str, known: list[str], source: str, field: str, what: str) -> None:
    if value not in known:
        raise ScenarioError(
            f"unknown {what} {value!r}",
            source=source,
            field=field,
            fix=f"use one of {', '.join(known)}",
        )


def _check_references(sc: Scenario, source: str) -> None:
    """Ids that must exist in the built-in catalog (sites, vehicles, profiles, archives)."""
    sites = sorted(load_sites())
    launchers = sorted(load_launchers())
    if sc.history is not None and sc.history.builtin is not None:
        ids = builtin_manifest_ids()
        _known(sc.history.builtin, ids, source, "history.builtin", "built-in manifest")
    if sc.orbit.station is not None:
        from crossflight.io.orbit_archive import archive_stations
        from crossflight.io.orbit_cache import list_cache

        names = sorted({*archive_stations(), *(f.name for f in list_cache())})
        _known(sc.orbit.station, names, source, "orbit.station", "station orbit")
    for i, w in enumerate(sc.windows.sites):
        _known(w.site, sites, source, f"windows.sites[{i}].site", "launch site")
        _known(w.vehicle, launchers, source, f"windows.sites[{i}].vehicle", "vehicle")
    if sc.whatif is not None and sc.whatif.policy is not None:
        from crossflight.model.campaigns import policy_names

        _known(sc.whatif.policy, sorted(policy_names()), source, "whatif.policy", "policy")
    r = sc.rendezvous
    if r is not None:
        _known(r.site, sites, source, "rendezvous.site", "launch site")
        _known(r.vehicle, launchers, source, "rendezvous.vehicle", "vehicle")
        names = [p.name for p in profiles_for(r.vehicle)]
        _known(r.profile, names, source, "rendezvous.profile", f"{r.vehicle} profile")


def _absolute(sc: Scenario, base: Path, source: str) -> Scenario:
    updates: dict[str, Any] = {}
    if sc.history is not None:
        m = _resolve(sc.history.manifest, base, source, "history.manifest", "manifest")
        updates["history"] = sc.history.model_copy(update={"manifest": m})
    if sc.plan is not None:
        req = _resolve(sc.plan.request, base, source, "plan.request", "planning request")
        man = _resolve(sc.plan.manifest, base, source, "plan.manifest", "plan manifest")
        updates["plan"] = sc.plan.model_copy(update={"request": req, "manifest": man})
    orbit_file = _resolve(sc.orbit.file, base, source, "orbit.file", "element-set file")
    updates["orbit"] = sc.orbit.model_copy(update={"file": orbit_file})
    if sc.increment is not None:
        inc = _resolve(sc.increment.path, base, source, "increment.path", "increment")
        updates["increment"] = sc.increment.model_copy(update={"path": inc})
    return sc.model_copy(update=updates)


def loads_scenario(text: str, *, source: str = "<scenario>", base_dir: Path) -> LoadedScenario:
    """Parse scenario TOML text; relative paths are resolved against ``base_dir``."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(
            f"not valid TOML: {exc}", source=source, fix="fix the TOML syntax at that line"
        ) from None
    head = data.pop("scenario", None)
    if isinstance(head, dict):
        for key, value in head.items():
            data.setdefault(key, value)
    try:
        sc = Scenario.model_validate(data)
    except ValidationError as exc:
        raise _from_validation(exc, source) from None
    try:
        _check_references(sc, source)
    except CrossflightError as exc:
        if isinstance(exc, ScenarioError):
            raise
        raise ScenarioError(exc.message, source=source, field=exc.field, fix=exc.fix) from None
    resolved = _absolute(sc, base_dir, source)
    _read_inputs(resolved)
    return LoadedScenario(scenario=resolved, source=source)


def _read_inputs(sc: Scenario) -> None:
    """Parse the request and manifest files the scenario names, so a bad one is reported
    (one line naming that file and field) before any work starts."""
    from crossflight.io.manifest import load_manifest
    from crossflight.io.request import load_request

    if sc.plan is not None and sc.plan.request is not None:
        load_request(sc.plan.request)
    for path in (
        sc.history.manifest if sc.history else None,
        sc.plan.manifest if sc.plan else None,
    ):
        if path is not None:
            load_manifest(path)


def load_scenario(path: str | Path) -> LoadedScenario:
    """Load a scenario file; raise :class:`ScenarioError` naming file, field and fix."""
    p = Path(path)
    text = read_text_input(p, error=ScenarioError, fix="give the path of a scenario TOML file")
    return loads_scenario(text, source=str(p), base_dir=p.resolve().parent)


def load_builtin_scenario(name: str = "iss") -> LoadedScenario:
    """A built-in scenario (``iss``: the real history, the plan to 2030, MS-27)."""
    if name not in BUILTIN_SCENARIOS:
        raise ScenarioError(
            f"unknown built-in scenario {name!r}",
            field="scenario",
            fix=f"use one of {', '.join(BUILTIN_SCENARIOS)}",
        )
    folder = resources.files("crossflight.data").joinpath("scenarios")
    text = folder.joinpath(f"{name}.toml").read_text(encoding="utf-8")
    return loads_scenario(text, source=f"builtin:{name}", base_dir=Path(str(folder)))
