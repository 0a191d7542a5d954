"""CCSDS OMM as CelesTrak serves it (JSON, XML, KVN): same element set, same states."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cli_runner import run_cli
from crossflight.errors import ElementSetError
from crossflight.flight.orbits import StationOrbit, load_station_orbit
from crossflight.io.omm import parse_omm_text, read_omm

# The 2025-04-07 ISS TLE of the reference data, written as CelesTrak would serve its OMM.
FIELDS = {
    "OBJECT_NAME": "ISS (ZARYA)",
    "OBJECT_ID": "1998-067A",
    "EPOCH": "2025-04-07T12:29:36.890304",
    "MEAN_MOTION": "15.4932068",
    "ECCENTRICITY": ".0004979",
    "INCLINATION": "51.6365",
    "RA_OF_ASC_NODE": "297.0255",
    "ARG_OF_PERICENTER": "19.0825",
    "MEAN_ANOMALY": "341.0349",
    "EPHEMERIS_TYPE": "0",
    "CLASSIFICATION_TYPE": "U",
    "NORAD_CAT_ID": "25544",
    "ELEMENT_SET_NO": "999",
    "REV_AT_EPOCH": "50420",
    "BSTAR": ".00021806",
    "MEAN_MOTION_DOT": ".00011719",
    "MEAN_MOTION_DDOT": "0",
}
TLE = (
    "1 25544U 98067A   25097.52056586  .00011719  00000-0  21806-3 0  9999\n"
    "2 25544  51.6365 297.0255 0004979  19.0825 341.0349 15.49320680504205\n"
)
META = ("OBJECT_NAME", "OBJECT_ID")
MEAN = ("EPOCH", "MEAN_MOTION", "ECCENTRICITY", "INCLINATION", "RA_OF_ASC_NODE",
        "ARG_OF_PERICENTER", "MEAN_ANOMALY")  # fmt: skip


INTS = ("EPHEMERIS_TYPE", "NORAD_CAT_ID", "ELEMENT_SET_NO", "REV_AT_EPOCH")


def _value(key: str, text: str) -> object:
    if key in (*META, "EPOCH", "CLASSIFICATION_TYPE"):
        return text
    return int(text) if key in INTS else float(text)


def _json() -> str:
    return json.dumps([{k: _value(k, v) for k, v in FIELDS.items()}])


def _xml() -> str:
    tle = "".join(f"<{k}>{v}</{k}>" for k, v in FIELDS.items() if k not in (*META, *MEAN))
    return (
        '<?xml version="1.0" encoding="UTF-8"?><ndm xmlns:xsi="http://www.w3.org/2001/'
        'XMLSchema-instance"><omm id="CCSDS_OMM_VERS" version="2.0"><header>'
        "<CREATION_DATE/><ORIGINATOR/></header><body><segment><metadata>"
        f"<OBJECT_NAME>{FIELDS['OBJECT_NAME']}</OBJECT_NAME><OBJECT_ID>{FIELDS['OBJECT_ID']}"
        "</OBJECT_ID><CENTER_NAME>EARTH</CENTER_NAME><REF_FRAME>TEME</REF_FRAME><TIME_SYSTEM>"
        "UTC</TIME_SYSTEM><MEAN_ELEMENT_THEORY>SGP4</MEAN_ELEMENT_THEORY></metadata><data>"
        "<meanElements>" + "".join(f"<{k}>{FIELDS[k]}</{k}>" for k in MEAN) + "</meanElements>"
        f"<tleParameters>{tle}</tleParameters></data></segment></body></omm></ndm>"
    )


def _kvn() -> str:
    head = "CCSDS_OMM_VERS = 2.0\nCREATION_DATE = 2025-04-07T13:00:00\nORIGINATOR = 18 SPCS\n"
    body = "".join(f"{k} = {v}\n" for k, v in FIELDS.items())
    return head + "CENTER_NAME = EARTH\nREF_FRAME = TEME\nTIME_SYSTEM = UTC\n" + body


@pytest.mark.parametrize("make", [_json, _xml, _kvn], ids=["json", "xml", "kvn"])
def test_every_format_propagates_like_the_equivalent_tle(make: object) -> None:
    text = make()  # type: ignore[operator]
    omm = StationOrbit.from_omm_text(text, source="iss.omm")
    tle = StationOrbit.from_tle(TLE)
    assert abs(omm.epochs_utc_s[0] - tle.epochs_utc_s[0]) < 1e-3
    t = tle.epochs_utc_s[0] + np.linspace(0.0, 86400.0, 97)
    r1, v1 = omm.state_teme(t)
    r2, v2 = tle.state_teme(t)
    assert np.max(np.linalg.norm(r1 - r2, axis=1)) < 0.01  # km, one day out
    assert np.max(np.linalg.norm(v1 - v2, axis=1)) < 1e-5


def test_celestrak_json_reference_file(reference_dir: Path) -> None:
    sets = read_omm(reference_dir / "iss-2025-03-09.omm.json")
    assert len(sets) == 1 and sets[0].satnum == "25544" and sets[0].name == "ISS (ZARYA)"
    orbit = load_station_orbit(reference_dir / "iss-2025-03-09.omm.json")
    r, _ = orbit.state_teme(orbit.epochs_utc_s)
    assert 6700 < float(np.linalg.norm(r[0])) < 6850


@pytest.mark.parametrize(
    ("text", "field", "words"),
    [
        ('[{"EPOCH": "2025-03-09T09:21:09"', "line 1", "not valid JSON"),
        ("<ndm><omm>", "line 1", "not well-formed XML"),
        ("CCSDS_OMM_VERS = 2.0\nthis line has no equals\n", "line 2", "KEYWORD = value"),
        (_json().replace('"INCLINATION": 51.6365, ', ""), "INCLINATION", "missing"),
        (_json().replace("51.6365", '"51.6A65"'), "INCLINATION", "not a number"),
        (_json().replace("2025-04-07T12:29:36.890304", "yesterday"), "EPOCH", "ISO 8601"),
        (_kvn().replace("ECCENTRICITY = .0004979", "ECCENTRICITY = 1.5"), "ECCENTRICITY", ""),
        ("[]", None, "no OMM element set"),
    ],
)
def test_unparseable_omm_names_field_and_fix(text: str, field: str | None, words: str) -> None:
    with pytest.raises(ElementSetError) as info:
        parse_omm_text(text, source="iss.omm")
    err = info.value
    assert err.source == "iss.omm" and err.field == field and words in err.message
    assert err.fix


@settings(max_examples=60, deadline=None)
@given(key=st.sampled_from(sorted(FIELDS)), value=st.text(max_size=12))
def test_fuzzed_values_parse_or_raise_element_set_error(key: str, value: str) -> None:
    fields = dict(FIELDS, **{key: value})
    try:
        parse_omm_text(json.dumps([fields]))
    except ElementSetError as exc:
        assert exc.one_line().startswith("<text>")


def test_cli_unparseable_omm_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "iss.json"
    bad.write_text(_json().replace("51.6365", '"fifty-one"'))
    proc = run_cli(
        "windows", "--station", str(bad), "--site", "baikonur-31", "--start", "2025-04-08"
    )
    assert proc.returncode == 2
    assert str(bad) in proc.stderr and "INCLINATION" in proc.stderr and "fix:" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
