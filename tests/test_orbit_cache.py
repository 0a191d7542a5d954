"""``crossflight orbit fetch/show`` and ``--station iss`` against a local GP service.

A threading HTTP server on 127.0.0.1 plays CelesTrak's ``gp.php`` with recorded responses
(``tests/data/celestrak``); no test touches the internet.  The cache lives in ``tmp_path``
(``CROSSFLIGHT_CACHE_DIR``).
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import parse_qs, urlparse

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cli_runner import run_cli
from conftest import TEST_DATA
from crossflight.errors import FetchError
from crossflight.flight.station_sources import resolve_station
from crossflight.io.omm import read_omm
from crossflight.io.orbit_cache import fetch_to_cache, list_cache, parse_download
from crossflight.times import parse_utc

RECORDED = TEST_DATA / "celestrak"


class _GP(BaseHTTPRequestHandler):
    hits: ClassVar[dict[str, int]] = {}

    def do_GET(self) -> None:
        url = urlparse(self.path)
        q = {k: v[0] for k, v in parse_qs(url.query).items()}
        _GP.hits[url.path] = _GP.hits.get(url.path, 0) + 1
        if url.path == "/busy/gp.php":
            self._send(503, "text/plain", "busy")
        elif q.get("CATNR") != "25544":
            self._send(200, "text/plain", "No GP data found")
        elif q.get("FORMAT") == "json":
            self._send(200, "application/json", (RECORDED / "gp-25544.json").read_text())
        else:
            self._send(200, "text/plain", (RECORDED / "gp-25544.tle").read_bytes().decode())

    def _send(self, status: int, ctype: str, body: str) -> None:
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def gp_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _GP)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CROSSFLIGHT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("CROSSFLIGHT_GP_URL", raising=False)
    return tmp_path / "orbits"


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_fetch_writes_a_valid_omm_into_the_cache(gp_url: str, cache: Path) -> None:
    cached = fetch_to_cache(25544, url=f"{gp_url}/gp.php")
    assert cached.name == "iss" and cached.path.parent == cache / "iss"
    assert cached.path.name == "2025-03-09T092109.omm.json"
    sets = read_omm(cached.path)  # the stored file is a valid OMM
    assert len(sets) == 1 and sets[0].satnum == "25544"
    assert sets[0].epoch_utc_s == pytest.approx(
        parse_utc("2025-03-09T09:21:09.148608Z").timestamp()
    )
    assert [p.name for p in cache.rglob("*")] == ["iss", cached.path.name]  # no temp files left


def test_fetch_tle_format(gp_url: str, cache: Path) -> None:
    cached = fetch_to_cache(25544, fmt="tle", url=f"{gp_url}/gp.php")
    assert cached.path.name == "2025-11-09T231421.tle"
    assert [f.path for f in list_cache()] == [cached.path]


def test_station_iss_prefers_the_cached_set(gp_url: str, cache: Path) -> None:
    before = resolve_station("iss")
    fetch_to_cache(25544, fmt="tle", url=f"{gp_url}/gp.php")
    after = resolve_station("iss")
    assert before.kind == "archive" and after.kind == "cache+archive"
    t = parse_utc("2025-11-10T00:00:00Z").timestamp()
    assert "built-in archive iss-2025-11-09.tle" in before.describe_nearest(t)
    assert str(cache) in after.describe_nearest(t)  # same epoch: the download replaces it
    assert len(after.orbit.element_sets) == len(before.orbit.element_sets)


def test_cli_fetch_then_windows_uses_it(gp_url: str, cache: Path) -> None:
    proc = run_cli("orbit", "fetch", "--url", f"{gp_url}/gp.php", "--json")
    assert proc.returncode == 0, proc.stderr
    stored = json.loads(proc.stdout)
    assert stored[0]["epoch_utc"].startswith("2025-03-09T09:21:09") and stored[0]["kind"] == "cache"
    win = run_cli("windows", "--station", "iss", "--site", "ksc-39a", "--vehicle", "crew-dragon",
                  "--start", "2025-03-10", "--json")  # fmt: skip
    assert win.returncode == 0, win.stderr
    assert f"cache {cache / 'iss' / '2025-03-09T092109.omm.json'}" in win.stderr
    assert json.loads(win.stdout)
    show = run_cli("orbit", "show", "--json")
    rows = json.loads(show.stdout)
    assert show.returncode == 0 and sum(r["kind"] == "cache" for r in rows) == 1
    assert sum(r["kind"] == "built-in" for r in rows) >= 45


def test_cli_offline_is_one_line_exit_2(cache: Path) -> None:
    proc = run_cli("orbit", "fetch", "--url", f"http://127.0.0.1:{_closed_port()}/gp.php",
                   "--retries", "1", "--timeout", "2")  # fmt: skip
    assert proc.returncode == 2 and "could not download" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr
    assert proc.stdout == "" and not cache.exists()


def test_http_errors_are_retried_then_reported(gp_url: str, cache: Path) -> None:
    _GP.hits.clear()
    with pytest.raises(FetchError, match="HTTP 503") as info:
        fetch_to_cache(25544, url=f"{gp_url}/busy/gp.php", retries=2)
    assert _GP.hits["/busy/gp.php"] == 3 and info.value.exit_code == 2
    with pytest.raises(FetchError, match="no element set"):
        fetch_to_cache(99999, url=f"{gp_url}/gp.php")
    assert not cache.exists()


def test_unknown_station_names_what_exists(cache: Path) -> None:
    proc = run_cli("windows", "--station", "tiangong", "--site", "baikonur-31",
                   "--start", "2025-04-08")  # fmt: skip
    assert proc.returncode == 2 and "iss" in proc.stderr and "orbit fetch" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


@settings(max_examples=60, deadline=None)
@given(text=st.text(max_size=400), fmt=st.sampled_from(["omm-json", "tle"]))
def test_any_downloaded_text_is_stored_only_if_valid(text: str, fmt: str) -> None:
    """Whatever the service answers, the parser accepts a valid set or raises FetchError."""
    try:
        sets = parse_download(text, fmt, "http://127.0.0.1/gp.php")
    except FetchError as exc:
        assert exc.exit_code == 2 and "\n" not in exc.one_line()
    else:
        assert sets
