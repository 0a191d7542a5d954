"""UTC handling: naive datetimes are refused with the fix in the message."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from crossflight.errors import InputError, NaiveDatetimeError
from crossflight.times import format_utc, from_unix_s, parse_utc, require_utc, to_unix_s


def test_parse_z_and_offsets_to_utc() -> None:
    assert parse_utc("2025-04-08T05:47:15Z") == datetime(2025, 4, 8, 5, 47, 15, tzinfo=UTC)
    assert parse_utc("2025-04-08T08:47:15+03:00") == datetime(2025, 4, 8, 5, 47, 15, tzinfo=UTC)
    assert parse_utc("2025-04-08") == datetime(2025, 4, 8, tzinfo=UTC)


def test_naive_text_is_refused_with_fix() -> None:
    with pytest.raises(NaiveDatetimeError) as info:
        parse_utc("2025-04-08T05:47:15", where="launch_utc", source="m.toml")
    line = info.value.one_line()
    assert "m.toml: launch_utc" in line and "append Z" in line and "\n" not in line


def test_naive_datetime_object_is_refused() -> None:
    with pytest.raises(NaiveDatetimeError):
        require_utc(datetime(2025, 4, 8, 5, 47, 15))


def test_garbage_is_input_error() -> None:
    with pytest.raises(InputError):
        parse_utc("next tuesday")


def test_format_and_unix_round_trip() -> None:
    t = datetime(2025, 4, 8, 5, 47, 15, tzinfo=timezone(timedelta(hours=3)))
    assert format_utc(t) == "2025-04-08T02:47:15Z"
    assert from_unix_s(to_unix_s(t)) == t
