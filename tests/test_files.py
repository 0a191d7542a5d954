"""Atomic output: a file appears whole or not at all, never half-written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from crossflight.errors import InputError
from crossflight.io.files import atomic_path, read_text_input, write_text_atomic


def test_failure_leaves_the_target_untouched_and_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "plan.toml"
    target.write_text("old\n", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half", encoding="utf-8")
        raise RuntimeError("solver crashed mid-write")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.toml"]


def test_missing_directory_is_one_line_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        write_text_atomic(tmp_path / "nope" / "x.oem", "text", field="--oem")
    line = info.value.one_line()
    assert "--oem" in line and "does not exist" in line and "\n" not in line


def test_text_crlf_kept_and_existing_mode_preserved(tmp_path: Path) -> None:
    target = tmp_path / "w.ics"
    target.write_text("", encoding="utf-8")
    os.chmod(target, 0o640)
    write_text_atomic(target, "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", newline="")
    assert target.read_bytes() == b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    assert target.stat().st_mode & 0o777 == 0o640


def test_temp_name_keeps_suffix_for_format_inference(tmp_path: Path) -> None:
    with atomic_path(tmp_path / "plot.png") as tmp:
        assert tmp.suffix == ".png" and tmp.parent == tmp_path
        tmp.write_bytes(b"\x89PNG")
    assert (tmp_path / "plot.png").read_bytes() == b"\x89PNG"


def test_read_text_input_names_file_and_fix(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        read_text_input(tmp_path / "missing.tle", fix="give a TLE file")
    assert "missing.tle" in info.value.one_line() and "file not found" in info.value.one_line()
    (tmp_path / "latin1.toml").write_bytes(b"name = '\xe9'\n")
    with pytest.raises(InputError, match="not UTF-8 text"):
        read_text_input(tmp_path / "latin1.toml", fix="save it as UTF-8")
    (tmp_path / "bom.tle").write_bytes(b"\xef\xbb\xbfISS\n")
    assert read_text_input(tmp_path / "bom.tle", fix="-", encoding="utf-8-sig") == "ISS\n"
