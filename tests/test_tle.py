"""Strict TLE reading: what ``sgp4``'s fast parser lets through must be refused here."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sgp4.api import WGS72, Satrec

from cli_runner import run_cli
from crossflight.errors import ElementSetError
from crossflight.flight.orbits import StationOrbit
from crossflight.io.tle import parse_tle_text, read_tle, tle_checksum

L0 = "ISS (ZARYA)"
L1 = "1 25544U 98067A   25097.52056586  .00011719  00000-0  21806-3 0  9999"
L2 = "2 25544  51.6365 297.0255 0004979  19.0825 341.0349 15.49320680504205"


def _fix_checksum(line: str) -> str:
    return line[:68] + str(tle_checksum(line))


def _error(text: str) -> ElementSetError:
    with pytest.raises(ElementSetError) as info:
        parse_tle_text(text, source="iss.tle")
    return info.value


def test_reference_files_hold_several_sets_sorted_by_epoch(reference_dir: Path) -> None:
    sets = read_tle(reference_dir / "iss-2025-04-07.tle")
    assert [s.line for s in sets] == [2, 5]
    assert sets[0].name == "ISS (ZARYA)" and sets[0].satnum == "25544"
    assert sets[0].epoch_utc_s < sets[1].epoch_utc_s
    assert sets[1].satrec.error == 0


def test_two_line_and_three_line_forms_agree() -> None:
    a = parse_tle_text(f"{L1}\n{L2}\n")
    b = parse_tle_text(f"{L0}\n{L1}\n{L2}\n")
    c = parse_tle_text(f"0 {L0}\r\n{L1}\r\n{L2}\r\n\r\n")
    assert a[0].epoch_utc_s == b[0].epoch_utc_s == c[0].epoch_utc_s
    assert b[0].name == c[0].name == "ISS (ZARYA)"


def test_bad_checksum_is_refused_although_sgp4_accepts_it() -> None:
    bad2 = L2[:68] + str((int(L2[68]) + 1) % 10)
    assert Satrec.twoline2rv(L1, bad2, WGS72).error == 0  # sgp4 does not check
    err = _error(f"{L0}\n{L1}\n{bad2}\n")
    assert err.source == "iss.tle" and err.field == "line 3 checksum"
    assert "checksum" in err.one_line() and "fix:" in err.one_line()


def test_truncated_line_2_is_refused_although_sgp4_accepts_it() -> None:
    short = L2[:60]  # mean motion cut short
    sat = Satrec.twoline2rv(L1, short, WGS72)
    assert sat.error == 0  # sgp4 silently parses a different mean motion
    err = _error(f"{L1}\n{short}\n")
    assert err.field == "line 2" and "truncated" in err.message


def test_mismatched_satellite_numbers_are_refused() -> None:
    other = _fix_checksum(L2[:2] + "25545" + L2[7:])
    assert Satrec.twoline2rv(L1, other, WGS72).error == 0  # sgp4 does not compare
    err = _error(f"{L1}\n{other}\n")
    assert "satellite number" in err.message and err.field == "line 2 satellite number"


@pytest.mark.parametrize(
    ("line", "col", "field"),
    [
        (2, 12, "inclination"),
        (2, 30, "eccentricity"),
        (2, 58, "mean motion"),
        (1, 25, "epoch day"),
        (1, 57, "BSTAR drag term"),
    ],
)
def test_letters_in_numeric_fields_name_the_field(line: int, col: int, field: str) -> None:
    src = L1 if line == 1 else L2
    mutated = _fix_checksum(src[: col - 1] + "O" + src[col:])  # letter O for zero
    text = f"{mutated}\n{L2}\n" if line == 1 else f"{L1}\n{mutated}\n"
    err = _error(text)
    assert err.field == f"line {line} {field}" and "write it as" in (err.fix or "")


def test_missing_line_2_and_orphan_name() -> None:
    assert _error(f"{L1}\n").message == "TLE line 2 is missing"
    assert "not followed" in _error(f"{L0}\n").message
    assert "without a line 1" in _error(f"{L2}\n").message
    assert "no element set" in _error("\n\n").message


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.tle"
    path.write_text(f"\ufeff{L1}\n{L2}\n", encoding="utf-8")
    assert read_tle(path)[0].satnum == "25544"


def test_unreadable_file_names_it(tmp_path: Path) -> None:
    with pytest.raises(ElementSetError) as info:
        read_tle(tmp_path / "missing.tle")
    assert str(tmp_path / "missing.tle") in info.value.one_line()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    pos=st.integers(min_value=0, max_value=68),
    ch=st.sampled_from(list("0123456789 .+-ABXZ")),
    which=st.integers(min_value=1, max_value=2),
    recheck=st.booleans(),
)
def test_fuzzed_lines_parse_or_raise_element_set_error(
    pos: int, ch: str, which: int, recheck: bool
) -> None:
    src = L1 if which == 1 else L2
    mutated = src[:pos] + ch + src[pos + 1 :]
    if recheck:
        mutated = _fix_checksum(mutated)
    text = f"{mutated}\n{L2}\n" if which == 1 else f"{L1}\n{mutated}\n"
    try:
        sets = parse_tle_text(text)
    except ElementSetError as exc:
        assert exc.one_line().startswith("<text>: line")
    else:
        assert sets[0].satrec.error == 0


def test_station_orbit_from_tle_text_and_path(reference_dir: Path) -> None:
    from_path = StationOrbit.from_tle(reference_dir / "iss-2025-04-07.tle")
    from_text = StationOrbit.from_tle((reference_dir / "iss-2025-04-07.tle").read_text())
    assert list(from_path.epochs_utc_s) == list(from_text.epochs_utc_s)


def test_cli_bad_checksum_exits_2_with_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tle"
    bad.write_text(f"{L0}\n{L1}\n{L2[:68]}0\n")
    proc = run_cli(
        "windows", "--station", str(bad), "--site", "baikonur-31", "--start", "2025-04-08"
    )
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and str(bad) in lines[0] and "line 3 checksum" in lines[0]
    assert "Traceback" not in proc.stderr and proc.stdout == ""
