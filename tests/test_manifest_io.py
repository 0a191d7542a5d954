"""Manifest TOML: reading, writing, round trips and one-line errors for every bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crossflight.errors import InputError, ManifestError, NaiveDatetimeError, UnknownIdError
from crossflight.io.manifest import (
    dumps_manifest,
    load_builtin_manifest,
    load_manifest,
    loads_manifest,
    write_manifest,
)
from crossflight.model.catalog import builtin_manifest_text
from crossflight.model.manifest import Manifest
from crossflight.model.resolve import resolve_manifest

REPO = Path(__file__).resolve().parents[1]
# Manifest examples (examples/ also holds other kinds of files, e.g. planning requests).
EXAMPLES = [
    p
    for p in sorted((REPO / "examples").glob("*.toml"))
    if 'format = "crossflight-manifest/1"' in p.read_text(encoding="utf-8")
]
MINIMAL = (REPO / "examples" / "minimal.toml").read_text(encoding="utf-8")


def _bad(text: str) -> InputError:
    with pytest.raises(InputError) as info:
        loads_manifest(text, source="plan.toml")
    err = info.value
    line = err.one_line()
    assert "\n" not in line
    assert line.startswith("plan.toml: ")
    return err


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_load(path: Path) -> None:
    m = load_manifest(path)
    assert m.flights


def test_round_trip_of_the_history_is_exact() -> None:
    m = load_builtin_manifest("iss-2022-2025")
    again = loads_manifest(dumps_manifest(m), source="again.toml")
    assert again == m


def test_round_trip_of_the_minimal_example() -> None:
    m = loads_manifest(MINIMAL)
    assert loads_manifest(dumps_manifest(m)) == m


def test_write_is_atomic_and_leaves_no_temp_file(tmp_path: Path) -> None:
    m = loads_manifest(MINIMAL)
    out = tmp_path / "m.toml"
    out.write_text("old", encoding="utf-8")
    write_manifest(m, out)
    assert load_manifest(out) == m
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.toml"]


def test_builtin_text_is_the_standard_format() -> None:
    assert builtin_manifest_text("iss-2022-2025").count("[[flights]]") == 20


# ---------------------------------------------------------------- the bad inputs of issue 2


def test_unknown_agency() -> None:
    err = _bad(MINIMAL.replace('agency = "JAXA"', 'agency = "JAXXA"'))
    assert isinstance(err, UnknownIdError)
    assert "crew[6].agency" in err.one_line() and "fix: use one of" in err.one_line()


def test_unknown_port() -> None:
    err = _bad(MINIMAL.replace('port = "prichal-nadir"', 'port = "prichal-zenith"'))
    assert isinstance(err, UnknownIdError)
    assert "flights[0].port: unknown port 'prichal-zenith'" in err.one_line()


def test_launch_after_landing() -> None:
    text = MINIMAL.replace("launch_utc = 2030-01-01T06:00:00Z", "launch_utc = 2030-08-01T06:00:00Z")
    err = _bad(text)
    assert "flights[0] (soyuz-a)" in err.one_line()
    assert "dock_utc is before launch_utc" in err.one_line()


def test_landing_before_undocking() -> None:
    text = MINIMAL.replace(
        "landing_utc = 2030-07-20T07:30:00Z", "landing_utc = 2030-07-19T07:30:00Z"
    )
    assert "landing_utc is before undock_utc" in _bad(text).one_line()


def test_overlapping_definitions() -> None:
    text = MINIMAL.replace('id = "dragon-a"', 'id = "soyuz-a"')
    err = _bad(text)
    assert "flights[1].id" in err.one_line() and "defined twice" in err.one_line()
    person_twice = MINIMAL.replace('crew_up = ["nasa-02",', 'crew_up = ["nasa-01",')
    assert "arrives again" in _bad(person_twice).one_line()


def test_malformed_toml() -> None:
    err = _bad(MINIMAL.replace('vehicle = "soyuz-ms"', 'vehicle = "soyuz-ms'))
    assert isinstance(err, ManifestError)
    assert "malformed TOML" in err.one_line() and "line" in err.one_line()


def test_naive_datetime() -> None:
    err = _bad(MINIMAL.replace("dock_utc = 2030-01-01T09:10:00Z", "dock_utc = 2030-01-01T09:10:00"))
    assert isinstance(err, NaiveDatetimeError)
    assert "flights[0] (soyuz-a).dock_utc" in err.one_line()
    assert "fix: write UTC with a Z" in err.one_line()


def test_unknown_field_is_an_error_not_ignored() -> None:
    err = _bad(MINIMAL.replace('vehicle = "soyuz-ms"', 'vehicle = "soyuz-ms"\nvehicel = "x"'))
    assert "flights[0] (soyuz-a).vehicel: unknown field" in err.one_line()


def test_missing_file() -> None:
    with pytest.raises(ManifestError, match="file not found"):
        load_manifest("/nonexistent/plan.toml")


def test_string_times_are_accepted_too() -> None:
    text = MINIMAL.replace("dock_utc = 2030-01-01T09:10:00Z", 'dock_utc = "2030-01-01T09:10:00Z"')
    assert loads_manifest(text) == loads_manifest(MINIMAL)


def test_python_construction_and_resolve() -> None:
    m = Manifest.model_validate(
        {
            "crew": [{"id": "roscosmos-03", "agency": "ROSCOSMOS"}],
            "flights": [
                {
                    "id": "s",
                    "vehicle": "soyuz-ms",
                    "launch_utc": "2031-01-01T00:00:00Z",
                    "dock_utc": "2031-01-01T03:00:00Z",
                    "port": "rassvet-nadir",
                    "undock_utc": "2031-06-01T00:00:00Z",
                    "crew_up": ["roscosmos-03", "rubio"],
                }
            ],
        }
    )
    rm = resolve_manifest(m)
    assert rm.crew["rubio"].agency == "NASA"  # built-in catalog
    assert rm.start_utc.isoformat() == "2031-01-01T03:00:00+00:00"  # inferred period


# ---------------------------------------------------------------- fuzzing


def _check_one_line(text: str) -> None:
    try:
        loads_manifest(text, source="fuzz.toml")
    except InputError as exc:
        line = exc.one_line()
        assert "\n" not in line and line.startswith("fuzz.toml")
        assert exc.exit_code == 2


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_random_text_gives_a_manifest_or_a_one_line_input_error(text: str) -> None:
    _check_one_line(text)


@settings(max_examples=150, deadline=None)
@given(
    st.integers(min_value=0, max_value=len(MINIMAL)),
    st.integers(min_value=0, max_value=40),
    st.text(alphabet=st.sampled_from('[]{}="#,.:-Zxyz019 \n\\'), max_size=8),
)
def test_mutated_manifests_never_crash_the_loader(pos: int, cut: int, insert: str) -> None:
    _check_one_line(MINIMAL[:pos] + insert + MINIMAL[pos + cut :])


def test_written_file_gets_normal_permissions(tmp_path: Path) -> None:
    out = tmp_path / "new.toml"
    write_manifest(loads_manifest(MINIMAL), out)
    plain = tmp_path / "plain.txt"
    plain.write_text("x", encoding="utf-8")
    assert out.stat().st_mode & 0o777 == plain.stat().st_mode & 0o777
