"""Every reader over the classes bad input comes in: blank TLE columns, non-ASCII, non-finite
and unphysical numbers, extreme dates, deep nesting, directory outputs.  A malformed input must
raise an ``InputError`` (exit code 2) whose one line names the file and a fix; any other
exception is a crash a user would see as a traceback.  (The big-N version with counts:
``python -m bench.bench_fuzz``.)
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crossflight.errors import ElementSetError, InputError, RequestError
from crossflight.io.files import atomic_paths, check_output_path
from crossflight.io.manifest import loads_manifest
from crossflight.io.omm import parse_omm_text
from crossflight.io.request import loads_request
from crossflight.io.tle import parse_tle_text, tle_checksum
from crossflight.rules import check_manifest

REPO = Path(__file__).resolve().parents[1]
MINIMAL = (REPO / "examples" / "minimal.toml").read_text(encoding="utf-8")
REQUEST = (REPO / "examples" / "plan-iss-2026-2030.toml").read_text(encoding="utf-8")

L0 = "ISS (ZARYA)"
L1 = "1 25544U 98067A   25097.52056586  .00011719  00000-0  21806-3 0  9999"
L2 = "2 25544  51.6365 297.0255 0004979  19.0825 341.0349 15.49320680504205"
OMM = {
    "OBJECT_NAME": "ISS (ZARYA)", "OBJECT_ID": "1998-067A", "EPOCH": "2025-04-07T12:29:36.890304",
    "MEAN_MOTION": "15.4932068", "ECCENTRICITY": ".0004979", "INCLINATION": "51.6365",
    "RA_OF_ASC_NODE": "297.0255", "ARG_OF_PERICENTER": "19.0825", "MEAN_ANOMALY": "341.0349",
    "EPHEMERIS_TYPE": "0", "CLASSIFICATION_TYPE": "U", "NORAD_CAT_ID": "25544",
    "ELEMENT_SET_NO": "999", "REV_AT_EPOCH": "50420", "BSTAR": ".00021806",
    "MEAN_MOTION_DOT": ".00011719", "MEAN_MOTION_DDOT": "0",
}  # fmt: skip
BLANK_COLUMNS = {1: (9, 18, 33, 44, 53, 62, 64), 2: (8, 17, 26, 34, 43, 52)}
RAW = re.compile(r"Input should be|Extra inputs|\(top level\)|datetime\.datetime\(|Error:|Error\b")
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _checked(line: str) -> str:
    return line[:68] + str(tle_checksum(line[:68]))


def _one_line(err: InputError, source: str) -> str:
    line = err.one_line()
    assert "\n" not in line and line.startswith(source) and "(fix: " in line, line
    assert not RAW.search(line), line
    assert err.exit_code == 2
    return line


def _omm_text(fields: dict[str, object], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([fields])
    if fmt == "xml":
        body = "".join(f"<{k}>{v}</{k}>" for k, v in fields.items())
        return f"<ndm><omm><body><segment><data>{body}</data></segment></body></omm></ndm>"
    return "CCSDS_OMM_VERS = 2.0\n" + "".join(f"{k} = {v}\n" for k, v in fields.items())


# ---------------------------------------------------------------- TLE


@FAST
@given(
    number=st.sampled_from((1, 2)),
    data=st.data(),
    char=st.characters(min_codepoint=33, max_codepoint=0x2FF, exclude_characters="\x85"),
)
def test_tle_stray_character_in_a_blank_column_is_refused(
    number: int, data: st.DataObject, char: str
) -> None:
    """Once: SGP4 read BSTAR as NaN and the propagator crashed (``cannot convert NaN``)."""
    col = data.draw(st.sampled_from(BLANK_COLUMNS[number]))
    lines = [L0, L1, L2]
    lines[number] = _checked(lines[number][: col - 1] + char + lines[number][col:])
    with pytest.raises(ElementSetError) as info:
        parse_tle_text("\n".join(lines), source="iss.tle")
    line = _one_line(info.value, "iss.tle")
    assert f"column {col}" in line or "non-ASCII" in line


@FAST
@given(
    col=st.integers(10, 17),
    char=st.characters(min_codepoint=0xA0, max_codepoint=0xFFFF, exclude_categories=("Zl", "Zp")),
)
def test_tle_non_ascii_designator_is_refused(col: int, char: str) -> None:
    l1 = _checked(L1[: col - 1] + char + L1[col:])
    with pytest.raises(ElementSetError) as info:
        parse_tle_text(f"{L0}\n{l1}\n{L2}\n", source="iss.tle")
    assert "non-ASCII" in _one_line(info.value, "iss.tle")


@settings(max_examples=150, deadline=None)
@given(
    number=st.sampled_from((1, 2)),
    col=st.integers(1, 69),
    char=st.characters(max_codepoint=0x3FF),
    fix_checksum=st.booleans(),
)
def test_tle_any_single_character_change_is_parsed_or_refused(
    number: int, col: int, char: str, fix_checksum: bool
) -> None:
    lines = [L0, L1, L2]
    changed = lines[number][: col - 1] + char + lines[number][col:]
    lines[number] = _checked(changed) if fix_checksum and len(changed) == 69 else changed
    try:
        sets = parse_tle_text("\n".join(lines), source="iss.tle")
    except ElementSetError as exc:
        _one_line(exc, "iss.tle")
    else:  # what passes propagates at its epoch to a finite state
        code, r, v = sets[0].satrec.sgp4_tsince(0.0)
        assert code == 0 and all(abs(x) < 1e6 for x in (*r, *v))


@pytest.mark.parametrize(
    ("c0", "c1", "value", "word"),
    [
        (52, 63, " 0.00000001", "mean motion"),
        (52, 63, "00.00000000", "mean motion"),
        (52, 63, "99.99999999", "mean motion"),
        (26, 33, "9999999", "propagate"),  # eccentricity 0.9999999: perigee inside the Earth
    ],
)
def test_tle_unphysical_elements_are_refused(c0: int, c1: int, value: str, word: str) -> None:
    l2 = _checked(L2[:c0] + value + L2[c1:])
    with pytest.raises(ElementSetError) as info:
        parse_tle_text(f"{L1}\n{l2}\n", source="iss.tle")
    assert word in _one_line(info.value, "iss.tle")


# ---------------------------------------------------------------- OMM


@pytest.mark.parametrize("fmt", ["json", "xml", "kvn"])
@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("BSTAR", "1e308"),
        ("MEAN_MOTION", "1e-320"),
        ("MEAN_MOTION", "nan"),
        ("BSTAR", "inf"),
        ("ECCENTRICITY", "0.99"),
        ("MEAN_MOTION_DOT", "1e308"),
        ("NORAD_CAT_ID", "٣"),
        ("EPOCH", "9999-12-31T23:59:59-05:00"),
        ("EPOCH", "0001-01-01T00:00:00+01:00"),
        ("EPOCH", "1900-01-01T00:00:00"),
    ],
)
def test_omm_non_finite_unphysical_and_extreme_values_are_refused(
    fmt: str, key: str, value: str
) -> None:
    with pytest.raises(ElementSetError) as info:
        parse_omm_text(_omm_text({**OMM, key: value}, fmt), source=f"iss.{fmt}")
    _one_line(info.value, f"iss.{fmt}")


@FAST
@given(
    fmt=st.sampled_from(["json", "xml", "kvn"]),
    key=st.sampled_from(sorted(OMM)),
    value=st.one_of(
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
        st.text(max_size=12).filter(lambda s: "<" not in s and "&" not in s and "\n" not in s),
        st.integers(-(10**30), 10**30).map(str),
    ),
)
def test_omm_any_value_is_parsed_or_refused(fmt: str, key: str, value: str) -> None:
    try:
        sets = parse_omm_text(_omm_text({**OMM, key: value}, fmt), source="iss.omm")
    except ElementSetError as exc:
        _one_line(exc, "iss.omm")
    else:
        code, r, _ = sets[0].satrec.sgp4_tsince(0.0)
        assert code == 0 and all(abs(x) < 1e6 for x in r)


@pytest.mark.parametrize("depth", [400, 3000])
def test_omm_json_nested_deeply_is_refused(depth: int) -> None:
    with pytest.raises(ElementSetError) as info:
        parse_omm_text("[" * depth + "]" * depth, source="deep.json")
    _one_line(info.value, "deep.json")


# ---------------------------------------------------------------- manifests and requests

OFFSETS = st.sampled_from([UTC, timezone(timedelta(hours=5)), timezone(timedelta(hours=-5))])


@FAST
@given(when=st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31),
                         timezones=OFFSETS))  # fmt: skip
def test_manifest_extreme_dates_are_refused_with_the_year_range(when: datetime) -> None:
    """Once: an offset pushing past year 1 or 9999 raised OverflowError."""
    text = MINIMAL.replace("dock_utc = 2030-01-01T09:10:00Z", f"dock_utc = {when.isoformat()}")
    try:
        m = loads_manifest(text, source="m.toml")
    except InputError as exc:
        line = _one_line(exc, "m.toml")
        utc_year = (when - when.utcoffset()).year if when.utcoffset() is not None else when.year  # type: ignore[operator]
        if not 1957 <= utc_year <= 2100:
            assert "1957..2100" in line
    else:
        check_manifest(m)
        assert 1957 <= m.flights[0].dock_utc.year <= 2100


@pytest.mark.parametrize("depth", [33, 400, 2000])
@pytest.mark.parametrize("form", ["array", "table"])
def test_deep_nesting_is_refused_by_manifest_and_request(depth: int, form: str) -> None:
    """Once: ~400 levels of nested TOML raised RecursionError."""
    value = "[" * depth + "]" * depth if form == "array" else "{a = " * depth + "1" + "}" * depth
    for loads in (loads_manifest, loads_request):
        with pytest.raises(InputError) as info:
            loads(f"x = {value}\n", source="deep.toml")
        _one_line(info.value, "deep.toml")


@pytest.mark.parametrize("value", ["inf", "-inf", "nan", "1e400"])
@pytest.mark.parametrize(
    ("table", "key"),
    [
        ("[rules.vehicle_life]", "warning_margin_days"),
        ("[rules.crew_size]", "above_nominal_max_days"),
    ],
)
def test_manifest_non_finite_numbers_are_refused(table: str, key: str, value: str) -> None:
    with pytest.raises(InputError) as info:
        loads_manifest(f"{MINIMAL}\n{table}\n{key} = {value}\n", source="m.toml")
    assert key in _one_line(info.value, "m.toml")


@pytest.mark.parametrize("value", ["inf", "nan"])
def test_request_non_finite_numbers_are_refused(value: str) -> None:
    text = REQUEST.replace("launch_to_dock_h = 3.2", f"launch_to_dock_h = {value}", 1)
    assert text != REQUEST
    with pytest.raises(RequestError) as info:
        loads_request(text, source="r.toml")
    assert "launch_to_dock_h" in _one_line(info.value, "r.toml")


@pytest.mark.parametrize("value", ["1775000000", "1775000000.5"])
def test_request_times_given_as_numbers_are_refused_like_in_manifests(value: str) -> None:
    text = REQUEST.replace("start = 2026-01-01T00:00:00Z", f"start = {value}", 1)
    assert text != REQUEST
    with pytest.raises(RequestError) as info:
        loads_request(text, source="r.toml")
    line = _one_line(info.value, "r.toml")
    assert "start" in line and "number" in line


def test_request_segment_with_an_unknown_agency_is_bad_input() -> None:
    """Once: exit 1 ("infeasible") instead of 2."""
    text = REQUEST.replace('{ id = "us", agency = "NASA" }', '{ id = "us", agency = "NASSA" }')
    assert text != REQUEST
    with pytest.raises(RequestError) as info:
        loads_request(text, source="r.toml")
    line = _one_line(info.value, "r.toml")
    assert "'NASSA'" in line and "crew pool" in line


def test_unknown_field_names_the_closest_known_one() -> None:
    text = MINIMAL.replace("launch_utc", "lanch_utc", 1)
    with pytest.raises(InputError) as info:
        loads_manifest(text, source="m.toml")
    line = _one_line(info.value, "m.toml")
    assert "unknown field 'lanch_utc' (did you mean 'launch_utc'?)" in line
    req = REQUEST.replace("nominal_crew", "nominnal_crew", 1)
    with pytest.raises(RequestError) as info:
        loads_request(req, source="r.toml")
    assert "did you mean 'nominal_crew'?" in _one_line(info.value, "r.toml")


def test_missing_required_field_is_named() -> None:
    text = re.sub(r"\nport = \"prichal-nadir\"", "", MINIMAL, count=1)
    with pytest.raises(InputError) as info:
        loads_manifest(text, source="m.toml")
    assert "required field 'port' is missing" in _one_line(info.value, "m.toml")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    key=st.sampled_from(["nominal", "handover_max", "above_nominal_max_days"]),
    value=st.one_of(
        st.floats(allow_nan=True, allow_infinity=True),
        st.integers(-(10**20), 10**20),
        st.text(max_size=8),
        st.booleans(),
        st.lists(st.integers(), max_size=2),
    ),
)
def test_manifest_any_rule_value_is_checked_or_refused(key: str, value: object) -> None:
    try:
        text = MINIMAL + "\n" + tomli_w.dumps({"rules": {"crew_size": {key: value}}})
    except (TypeError, ValueError):
        return
    try:
        m = loads_manifest(text, source="m.toml")
    except InputError as exc:
        _one_line(exc, "m.toml")
    else:
        check_manifest(m)


# ---------------------------------------------------------------- output paths


@given(name=st.sampled_from(["", "sub", "a b", "é"]))
@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_directory_output_paths_are_refused_before_any_work(tmp_path: Path, name: str) -> None:
    target = tmp_path / name if name else tmp_path
    target.mkdir(exist_ok=True)
    with pytest.raises(InputError) as info:
        check_output_path(target, field="--out")
    assert "is a directory" in info.value.one_line()
    with pytest.raises(InputError), atomic_paths([tmp_path / "first.toml", target]):
        raise AssertionError("never reached: the set is refused before it is written")
    assert not (tmp_path / "first.toml").exists()
    with pytest.raises(InputError) as info:
        check_output_path(tmp_path / "missing" / "x.toml", field="--oem")
    assert "does not exist" in info.value.one_line()
