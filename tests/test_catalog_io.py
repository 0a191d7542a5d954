"""Experiment catalog and increment files: every bad input is one line naming the file, the
field and the fix (exit 2), never a traceback; the readers are fuzzed with hypothesis."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli_runner import run_cli
from crossflight.errors import InputError
from crossflight.io.catalog import load_catalog, loads_catalog
from crossflight.io.increment import load_increment, loads_increment

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "ms27-increment"
CATALOG = (EXAMPLE / "catalog.toml").read_text(encoding="utf-8")
INCREMENT = (EXAMPLE / "increment.toml").read_text(encoding="utf-8")
ONE = """
format = "crossflight-catalog/1"
[[equipment]]
id = "glovebox-s"
[[experiments]]
id = "kaskad"
agency = "ROSCOSMOS"
segment = "russian"
sessions = { count = 2, duration_min = 60 }
equipment = ["glovebox-s"]
"""


def _error(text: str) -> InputError:
    with pytest.raises(InputError) as info:
        loads_catalog(text, source="cat.toml")
    line = info.value.one_line()
    assert "\n" not in line and line.startswith("cat.toml: ") and "(fix: " in line
    return info.value


def test_example_catalog_loads() -> None:
    cat = load_catalog(EXAMPLE / "catalog.toml")
    assert len(cat.experiments) == 50 and cat.illustrative
    assert all(e.source for e in cat.experiments) and all(e.source for e in cat.equipment)


@pytest.mark.parametrize(
    ("old", "new", "field", "words"),
    [
        ("duration_min = 60", "duration_min = 50", "experiments[0] (kaskad).sessions", "multiple"),
        (
            "duration_min = 60",
            "duration = 60",
            "experiments[0] (kaskad).sessions.duration",
            "unknown",
        ),
        ('agency = "ROSCOSMOS"\n', "", "experiments[0] (kaskad).agency", "missing"),
        ('["glovebox-s"]', '["msg"]', "experiments[0] (kaskad).equipment[0]", "unknown equipment"),
        ("count = 2", "count = 0", "experiments[0] (kaskad).sessions.count", "greater than"),
        ('id = "kaskad"', 'id = "kaskad"\nearliest = 2025-13-01', "toml", "malformed"),
        (
            'id = "kaskad"',
            'id = "kaskad"\nearliest = "soon"',
            "experiments[0] (kaskad).earliest",
            "date",
        ),
        (
            'id = "kaskad"',
            'id = "kaskad"\nprecedence = { after_experiment = "x" }',
            "experiments[0] (kaskad).precedence.after_experiment",
            "unknown experiment",
        ),
        (
            'id = "kaskad"',
            'id = "kaskad"\nearliest = 2025-06-02\nlatest = 2025-06-01',
            "experiments[0] (kaskad)",
            "latest is before earliest",
        ),
        ("count = 2", 'count = "two"', "experiments[0] (kaskad).sessions.count", "integer"),
    ],
)
def test_bad_catalog_fields(old: str, new: str, field: str, words: str) -> None:
    assert old in ONE
    err = _error(ONE.replace(old, new, 1))
    assert err.field is not None and err.field.startswith(field)
    assert words in err.one_line()


def test_duplicate_and_cyclic_ids() -> None:
    twice = ONE + ONE.split("[[experiments]]")[1].join(["[[experiments]]", ""])
    assert "defined twice" in _error(twice).one_line()
    loop = ONE.replace('id = "kaskad"', 'id = "kaskad"\nprecedence = { after_experiment = "b" }')
    loop += ONE.split("[[experiments]]")[1].replace('"kaskad"', '"b"').join(["[[experiments]]", ""])
    loop = loop.replace('id = "b"', 'id = "b"\nprecedence = { after_experiment = "kaskad" }')
    assert "loops back" in _error(loop).one_line()


def _increment_error(tmp_path: Path, old: str, new: str, catalog: str = CATALOG) -> InputError:
    (tmp_path / "catalog.toml").write_text(catalog, encoding="utf-8")
    assert old in INCREMENT
    with pytest.raises(InputError) as info:
        loads_increment(INCREMENT.replace(old, new, 1), source="inc.toml", base_dir=tmp_path)
    assert "\n" not in info.value.one_line() and "(fix: " in info.value.one_line()
    return info.value


def test_bad_increment_fields(tmp_path: Path) -> None:
    e = _increment_error(tmp_path, 'builtin = "iss-2022-2025"', 'builtin = "mir"')
    assert e.source == "inc.toml" and e.field == "manifest.builtin"
    e = _increment_error(tmp_path, '"ryzhikov", "zubritsky"', '"ryzhikof", "zubritsky"')
    assert e.field == "crew[3]" and "ryzhikof" in e.message
    e = _increment_error(tmp_path, "end = 2025-12-09", "end = 2025-04-01")
    assert e.field == "increment" and "end is not after start" in e.message
    e = _increment_error(
        tmp_path, "start_utc = 2025-10-16T17:10:00Z", "start_utc = 2025-10-16T17:10:00"
    )
    assert "no timezone" in e.message and e.field == "blocked[1].start_utc"
    e = _increment_error(tmp_path, "NASA = 0.85", "NASA = 1.85")
    assert e.field == "crew_time[0]" and "share of NASA is 1.85" in e.message
    bad_vehicle = CATALOG.replace('returns_on = "soyuz-ms-26"', 'returns_on = "soyuz-ms-99"', 1)
    e = _increment_error(tmp_path, "x", "x", catalog=bad_vehicle)
    assert e.source == str(tmp_path / "catalog.toml")
    assert e.field == "experiments[0] (biorisk-ms26).cargo.returns_on"
    e = _increment_error(tmp_path, 'catalog = "catalog.toml"', 'catalog = "nope.toml"')
    assert "file not found" in e.message


def test_cli_bad_catalog_exits_2_with_one_line(tmp_path: Path) -> None:
    shutil.copy(EXAMPLE / "increment.toml", tmp_path / "increment.toml")
    text = CATALOG.replace("duration_min = 60", "duration_min = 61", 1)
    (tmp_path / "catalog.toml").write_text(text, encoding="utf-8")
    r = run_cli("experiments", str(tmp_path / "increment.toml"), "--csv", str(tmp_path / "o.csv"))
    assert r.returncode == 2
    err = r.stderr.strip()
    assert "\n" not in err and "Traceback" not in err
    assert err.startswith(f"crossflight: error: {tmp_path / 'catalog.toml'}: experiments[")
    assert "not a multiple of 15 min" in err and "(fix: " in err
    assert not (tmp_path / "o.csv").exists()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_fuzz_catalog_reader_with_text(text: str) -> None:
    try:
        loads_catalog(text, source="f.toml")
    except InputError as exc:
        assert "\n" not in exc.one_line()


LINES = ONE.strip().splitlines()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.integers(0, len(LINES) - 1), max_size=3),
    st.sampled_from(["", "= 1", "0", '"x"', "[]", "-1", "2025-01-01", "{}", "true"]),
)
def test_fuzz_catalog_reader_with_mutations(drop: list[int], junk: str) -> None:
    lines = list(LINES)
    for i in drop:
        key = lines[i].split("=")[0].strip()
        lines[i] = f"{key} = {junk}" if "=" in lines[i] and junk else ""
    try:
        loads_catalog("\n".join(lines), source="f.toml")
    except InputError as exc:
        assert "\n" not in exc.one_line() and exc.source == "f.toml"


INC_LINES = INCREMENT.splitlines()


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.integers(0, len(INC_LINES) - 1), st.sampled_from(["", "x = 1", '"ryzhikov"', "0"]))
def test_fuzz_increment_reader(tmp_path: Path, i: int, junk: str) -> None:
    (tmp_path / "catalog.toml").write_text(CATALOG, encoding="utf-8")
    lines = list(INC_LINES)
    key = lines[i].split("=")[0].strip() if "=" in lines[i] else None
    lines[i] = f"{key} = {junk}" if key and junk and " " not in key else junk
    try:
        loads_increment("\n".join(lines), source="i.toml", base_dir=tmp_path)
    except InputError as exc:
        assert "\n" not in exc.one_line()


def test_example_increment_loads() -> None:
    setup = load_increment(EXAMPLE / "increment.toml")
    assert "kim" in setup.crew and setup.share("kim", "NASA") == pytest.approx(0.85)
    assert setup.share("ryzhikov", "ROSCOSMOS") == 1.0 and setup.share("ryzhikov", "NASA") == 0.0
