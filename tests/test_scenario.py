"""Scenario files: the built-in one loads; a bad one is one line naming file, field and fix.

``crossflight run BAD.toml --out DIR`` exits 2 before any work and leaves nothing behind.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli_runner import run_cli
from crossflight.errors import ScenarioError
from crossflight.io.scenario import load_builtin_scenario, load_scenario, loads_scenario

GOOD = """\
[scenario]
name = "test"

[plan]
request = "request.toml"

[orbit]
station = "iss"

[windows]
days = 1
sites = [{ site = "baikonur-31", vehicle = "soyuz-ms" }]

[rendezvous]
site = "baikonur-31"
profile = "2-orbit"
"""


EXAMPLE_REQUEST = Path(__file__).resolve().parents[1] / "examples" / "plan-iss-2026-2030.toml"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "request.toml").write_text(EXAMPLE_REQUEST.read_text(encoding="utf-8"))
    return tmp_path


def _write(folder: Path, text: str) -> Path:
    path = folder / "scenario.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_builtin_scenario_loads_with_package_paths() -> None:
    loaded = load_builtin_scenario("iss")
    sc = loaded.scenario
    assert loaded.source == "builtin:iss"
    assert sc.plan is not None and sc.plan.request is not None
    assert Path(sc.plan.request).is_file()  # the copy of the example request in the package
    assert sc.orbit.station == "iss"
    assert [w.vehicle for w in sc.windows.sites] == ["soyuz-ms", "progress-ms", "crew-dragon"]


def test_relative_paths_resolve_against_the_scenario_file(folder: Path) -> None:
    sc = load_scenario(_write(folder, GOOD)).scenario
    assert sc.plan is not None and sc.plan.request == str(folder / "request.toml")


@pytest.mark.parametrize(
    ("old", "new", "field", "words"),
    [
        ('name = "test"', "", "name", "add the field"),
        ('name = "test"', 'name = "test"\ncolour = "red"', "colour", "remove it"),
        ('request = "request.toml"', 'request = "nope.toml"', "plan.request", "relative to"),
        (
            'request = "request.toml"',
            'request = "request.toml"\nmanifest = "request.toml"',
            "plan",
            "keep one",
        ),
        ('station = "iss"', 'station = "mir"', "orbit.station", "use one of"),
        ('station = "iss"', 'station = "iss"\nfile = "x.tle"', "orbit", "keep one"),
        ('site = "baikonur-31", vehicle', 'site = "baikonur-99", vehicle', "sites[0].site", ""),
        ('vehicle = "soyuz-ms" }', 'vehicle = "soyuz-tma" }', "sites[0].vehicle", "use one"),
        ('profile = "2-orbit"', 'profile = "1-day"', "rendezvous.profile", "2-orbit"),
        ("days = 1", "days = -3", "windows.days", "larger value"),
        ("days = 1", "days = 1\nstart = 2025-04-07T00:00:00", "windows.start", "Z"),
        ("days = 1", 'days = "one"', "windows.days", "number"),
    ],
)
def test_bad_field_is_one_line_with_file_field_and_fix(
    folder: Path, old: str, new: str, field: str, words: str
) -> None:
    assert old in GOOD
    path = _write(folder, GOOD.replace(old, new, 1))
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    line = info.value.one_line()
    assert "\n" not in line and str(path) in line and field in line and "fix:" in line
    assert words in line


def test_cli_bad_scenario_exits_2_and_writes_nothing(folder: Path) -> None:
    path = _write(folder, GOOD.replace('profile = "2-orbit"', 'profile = "3-orbit"'))
    out = folder / "report"
    proc = run_cli("run", str(path), "--out", str(out))
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "rendezvous.profile" in proc.stderr
    assert proc.stdout == ""
    assert sorted(p.name for p in folder.iterdir()) == ["request.toml", "scenario.toml"]


def test_a_bad_request_it_names_is_reported_before_any_work(folder: Path) -> None:
    request = folder / "request.toml"
    request.write_text(
        request.read_text().replace("max_flights_per_year = 2", "max_flights_per_year = -1", 1)
    )
    out = folder / "report"
    proc = run_cli("run", str(_write(folder, GOOD)), "--out", str(out))
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and str(request) in proc.stderr
    assert "vehicles[0].max_flights_per_year" in proc.stderr and "fix:" in proc.stderr
    assert not out.exists()


def test_cli_missing_scenario_and_bad_toml(folder: Path) -> None:
    missing = run_cli("run", str(folder / "none.toml"), "--out", str(folder / "r"))
    assert missing.returncode == 2 and "file not found" in missing.stderr
    broken = run_cli("run", str(_write(folder, "[scenario\n")), "--out", str(folder / "r"))
    assert broken.returncode == 2 and "not valid TOML" in broken.stderr
    assert not (folder / "r").exists()


_toml_values = st.one_of(
    st.integers(-5, 5), st.floats(allow_nan=False, width=32), st.text(max_size=12), st.booleans()
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    key=st.sampled_from(["scenario.name", "windows.days", "plan.request", "orbit.station",
                         "rendezvous.site", "whatif.scenarios", "plan.workers", "history.x",
                         "windows.sites", "orbit.strict"]),
    value=_toml_values,
)  # fmt: skip
def test_fuzzed_fields_give_a_scenario_or_one_scenario_error(key: str, value: object) -> None:
    data = tomllib.loads(GOOD)
    table, _, name = key.partition(".")
    data.setdefault(table, {})[name] = value
    try:
        loads_scenario(tomli_w.dumps(data), source="fuzz.toml", base_dir=Path("/nonexistent"))
    except ScenarioError as exc:
        line = exc.one_line()
        assert "\n" not in line and line.startswith("fuzz.toml") and "fix:" in line


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_fuzzed_text_never_crashes(text: str) -> None:
    try:
        loads_scenario(text, source="fuzz.toml", base_dir=Path("/nonexistent"))
    except ScenarioError as exc:
        assert exc.one_line().startswith("fuzz.toml")


@pytest.mark.parametrize(
    ("packaged", "example"),
    [
        ("plan-iss-2026-2030.toml", "plan-iss-2026-2030.toml"),
        ("ms27-increment/increment.toml", "ms27-increment/increment.toml"),
        ("ms27-increment/catalog.toml", "ms27-increment/catalog.toml"),
    ],
)
def test_packaged_copies_equal_the_examples(packaged: str, example: str) -> None:
    """The demo's inputs are copies of the examples (package data): they must not drift."""
    from importlib import resources

    folder = resources.files("crossflight.data").joinpath("scenarios")
    copy = tomllib.loads(folder.joinpath(packaged).read_text(encoding="utf-8"))
    original = tomllib.loads((EXAMPLE_REQUEST.parent / example).read_text(encoding="utf-8"))
    assert copy == original
