"""The API as a client uses it (FastAPI TestClient): tokens, bad payloads, limits, jobs, runs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from crossflight.api import check_manifest, load_builtin_manifest, parse_utc
from crossflight.web import Settings, create_app
from service_helpers import AUTH, ISS_TLE, TOKEN, wait_job

WINDOWS = {"elements": ISS_TLE, "site": "baikonur-31", "start": "2025-04-08", "days": 1.0}
MS27 = {
    "elements": ISS_TLE,
    "site": "baikonur-31",
    "liftoff": "2025-04-08T05:47:15Z",
    "profile": "2-orbit",
    "vehicle": "soyuz-ms",
}
WRITE_METHODS = {"post", "put", "patch", "delete"}
MS27_DOCKING_UTC = datetime(2025, 4, 8, 8, 57, 45, tzinfo=UTC)
TEN_MINUTES_S = 600.0


def _client(url: str, **kw: object) -> TestClient:
    settings = Settings(**{"token": TOKEN, "db_url": url, "workers": 1, **kw})  # type: ignore[arg-type]
    return TestClient(create_app(settings))


@pytest.fixture
def client(store_url: str) -> Iterator[TestClient]:
    """A client of a service on each store backend (SQLite, PostgreSQL)."""
    with _client(store_url) as c:
        yield c


@pytest.fixture
def lite(tmp_path: Path) -> Iterator[TestClient]:
    """A client of a service on SQLite (for tests that do not depend on the backend)."""
    with _client(f"sqlite:///{tmp_path / 'runs.db'}") as c:
        yield c


def _write_operations(c: TestClient) -> list[tuple[str, str]]:
    spec = c.get("/openapi.json").json()
    return [(m, p) for p, ops in spec["paths"].items() for m in ops if m in WRITE_METHODS]


def test_every_write_or_start_endpoint_answers_401_without_the_token(lite: TestClient) -> None:
    ops = _write_operations(lite)
    assert len(ops) >= 7  # check, windows, 4 job kinds, delete run
    for method, path in ops:
        url = path.replace("{run_id}", "abcd1234")
        for headers in (
            {},
            {"Authorization": "Bearer wrong-token-wrong-token"},
            {"Authorization": f"Basic {TOKEN}"},
        ):
            r = lite.request(method.upper(), url, json={}, headers=headers)
            assert r.status_code == 401, (method, path, headers, r.text)
            assert r.headers["www-authenticate"] == "Bearer"
            assert "token" in r.json()["detail"]


def test_a_server_without_a_token_refuses_every_write(tmp_path: Path) -> None:
    with _client(f"sqlite:///{tmp_path / 'r.db'}", token=None) as c:
        r = c.post("/api/check", json={"builtin": "iss-2022-2025"}, headers=AUTH)
        assert r.status_code == 401
        assert "started without CROSSFLIGHT_TOKEN" in r.json()["detail"]
        assert c.get("/api/health").json()["writes_enabled"] is False


def test_read_endpoints_are_open(lite: TestClient) -> None:
    for path in ("/api/health", "/api/runs", "/api/jobs", "/openapi.json", "/", "/login"):
        assert lite.get(path).status_code == 200, path


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({**WINDOWS, "days": 0}, "body.days: Input should be greater than 0"),
        ({**WINDOWS, "days": 400}, "body.days: Input should be less than or equal to 31"),
        ({**WINDOWS, "station": "/etc/iss.tle"}, "body.station: Extra inputs are not permitted"),
        ({**WINDOWS, "start": "yesterday"}, "body.start: String should match pattern"),
        ({**WINDOWS, "site": None}, "give a site id (e.g. baikonur-31) or lat_deg and lon_deg"),
        ({**WINDOWS, "elements": "1 25544U junk"}, "elements"),
        ({**WINDOWS, "site": "cape-nowhere"}, "cape-nowhere"),
        ({**WINDOWS, "vehicle": "enterprise"}, "enterprise"),
    ],
)
def test_bad_windows_payloads_are_422_with_one_clear_line(
    lite: TestClient, body: dict[str, object], expected: str
) -> None:
    r = lite.post("/api/windows", json=body, headers=AUTH)
    assert r.status_code == 422, r.text
    detail = r.json()["detail"]
    assert expected in detail and "\n" not in detail


def test_bad_check_payloads_are_422_and_no_file_is_read(lite: TestClient) -> None:
    both = lite.post(
        "/api/check", json={"builtin": "iss-2022-2025", "manifest_toml": "x"}, headers=AUTH
    )
    assert both.status_code == 422 and "exactly one of builtin or manifest_toml" in both.text
    path = lite.post("/api/check", json={"manifest_toml": "/etc/passwd"}, headers=AUTH)
    assert path.status_code == 422 and "manifest_toml" in path.json()["detail"]
    assert "root:" not in path.text  # the text is parsed as TOML, never opened as a path
    unknown = lite.post("/api/check", json={"builtin": "iss-1999"}, headers=AUTH)
    assert unknown.status_code == 422 and "iss-2022-2025" in unknown.json()["detail"]
    junk = lite.post(
        "/api/check", content=b"{not json", headers={**AUTH, "Content-Type": "application/json"}
    )
    assert junk.status_code == 422 and junk.json()["errors"][0]["type"] == "json_invalid"


def test_failed_sync_runs_are_recorded_as_failed(lite: TestClient) -> None:
    lite.post("/api/windows", json={**WINDOWS, "site": "cape-nowhere"}, headers=AUTH)
    runs = lite.get("/api/runs", params={"status": "failed"}).json()
    assert runs["total"] == 1 and "cape-nowhere" in runs["runs"][0]["error"]


def test_request_bodies_above_the_limit_are_413(tmp_path: Path) -> None:
    with _client(f"sqlite:///{tmp_path / 'r.db'}", max_body_bytes=4096) as c:
        big = {"manifest_toml": "#" * 5000}
        r = c.post("/api/check", json=big, headers=AUTH)
        assert r.status_code == 413 and "4096" in r.json()["detail"]

        def chunks() -> Iterator[bytes]:  # no Content-Length: streamed
            yield b'{"manifest_toml": "'
            for _ in range(10):
                yield b"#" * 1000
            yield b'"}'

        r = c.post(
            "/api/check", content=chunks(), headers={**AUTH, "Content-Type": "application/json"}
        )
        assert r.status_code == 413
        assert c.post("/api/check", json={"builtin": "iss-2022-2025"}, headers=AUTH).is_success


def test_queued_jobs_above_the_limit_are_429(tmp_path: Path) -> None:
    with _client(f"sqlite:///{tmp_path / 'r.db'}", workers=0, max_active_jobs=2) as c:
        for _ in range(2):
            assert (
                c.post(
                    "/api/jobs/check", json={"builtin": "iss-2022-2025"}, headers=AUTH
                ).status_code
                == 202
            )
        r = c.post("/api/jobs/check", json={"builtin": "iss-2022-2025"}, headers=AUTH)
        assert r.status_code == 429 and "limit is 2" in r.json()["detail"]


def test_sync_check_answers_what_the_library_answers_and_records_it(client: TestClient) -> None:
    r = client.post("/api/check", json={"builtin": "iss-2022-2025"}, headers=AUTH)
    assert r.status_code == 200
    expected = check_manifest(
        load_builtin_manifest("iss-2022-2025"), source="builtin:iss-2022-2025"
    )
    assert r.json()["report"] == expected.to_dict()
    assert r.json()["ok"] is expected.ok
    run = client.get(f"/api/runs/{r.json()['run_id']}").json()
    assert run["status"] == "succeeded" and run["outputs"] == expected.to_dict()
    assert run["inputs"] == {"builtin": "iss-2022-2025", "manifest_toml": None}


def test_sync_windows_finds_the_ms27_window(lite: TestClient) -> None:
    r = lite.post("/api/windows", json=WINDOWS, headers=AUTH)
    assert r.status_code == 200, r.text
    opps = r.json()["opportunities"]
    # Soyuz MS-27 lifted off 2025-04-08 05:47:15 UTC from Baikonur 31 on a 2-orbit profile
    liftoffs = {p["name"]: p["liftoff_utc"] for o in opps for p in o["profiles"]}
    assert liftoffs["2-orbit"].startswith("2025-04-08T05:4")
    again = lite.post("/api/windows", json=WINDOWS, headers=AUTH).json()
    assert again["opportunities"] == opps and again["run_id"] != r.json()["run_id"]


@pytest.mark.parametrize(
    ("kind", "body"),
    [
        ("check", {"builtin": "iss-2022-2025"}),
        ("windows", WINDOWS),
        ("rendezvous", MS27),
    ],
)
def test_background_jobs_record_their_run(
    client: TestClient, kind: str, body: dict[str, object]
) -> None:
    r = client.post(f"/api/jobs/{kind}", json=body, headers=AUTH)
    assert r.status_code == 202 and r.headers["location"] == f"/api/jobs/{r.json()['id']}"
    job = wait_job(client, r.json()["id"])
    assert job["status"] == "succeeded", job
    run = client.get(f"/api/runs/{job['run_id']}").json()
    assert run["kind"] == kind and run["status"] == "succeeded" and run["outputs"]
    if kind == "rendezvous":
        # Soyuz MS-27 docked 2025-04-08 08:57:45 UTC (2-orbit scheme, README validation table)
        docking = parse_utc(run["outputs"]["docking_utc"])
        assert abs((docking - MS27_DOCKING_UTC).total_seconds()) < TEN_MINUTES_S
        assert len(run["outputs"]["range_to_station"]["range_km"]) > 10


def test_an_infeasible_plan_job_fails_with_the_explanation(lite: TestClient) -> None:
    text = (Path(__file__).parents[1] / "examples" / "plan-impossible.toml").read_text()
    r = lite.post("/api/jobs/plan", json={"request_toml": text, "time_limit_s": 10}, headers=AUTH)
    job = wait_job(lite, r.json()["id"])
    assert job["status"] == "failed" and job["error"]
    run = lite.get(f"/api/runs/{job['run_id']}").json()
    assert run["status"] == "failed" and run["outputs"] is None and run["error"] == job["error"]


def test_runs_list_show_diff_delete(client: TestClient) -> None:
    a = client.post("/api/check", json={"builtin": "iss-2022-2025"}, headers=AUTH).json()["run_id"]
    b = client.post("/api/windows", json=WINDOWS, headers=AUTH).json()["run_id"]
    listing = client.get("/api/runs").json()
    assert listing["total"] == 2 and [r["id"] for r in listing["runs"]] == [b, a]
    assert client.get("/api/runs", params={"kind": "check"}).json()["total"] == 1
    assert client.get(f"/api/runs/{a[:6]}").json()["id"] == a
    d = client.get(f"/api/runs/{a}/diff/{b}").json()
    assert {"kind"} <= {x["path"] for x in d["differences"]}
    assert client.get("/api/runs/0123456789abcdef").status_code == 404
    assert client.get("/api/runs/not-an-id").status_code == 422
    assert client.delete(f"/api/runs/{a}").status_code == 401
    assert client.delete(f"/api/runs/{a}", headers=AUTH).json()["id"] == a
    assert client.get(f"/api/runs/{a}").status_code == 404
    assert client.get("/api/jobs/" + "0" * 32).status_code == 404


def test_cors_is_off_by_default_and_on_for_configured_origins(tmp_path: Path) -> None:
    pre = {"Origin": "https://tools.example.org", "Access-Control-Request-Method": "POST"}
    with _client(f"sqlite:///{tmp_path / 'a.db'}") as c:
        assert "access-control-allow-origin" not in c.options("/api/check", headers=pre).headers
        assert "access-control-allow-origin" not in c.get("/api/health", headers=pre).headers
    with _client(
        f"sqlite:///{tmp_path / 'b.db'}", cors_origins=("https://tools.example.org",)
    ) as c:
        r = c.options("/api/check", headers=pre)
        assert r.headers["access-control-allow-origin"] == "https://tools.example.org"


def test_settings_come_from_the_environment() -> None:
    s = Settings.from_env(
        {
            "CROSSFLIGHT_TOKEN": TOKEN,
            "CROSSFLIGHT_MAX_JOBS": "3",
            "CROSSFLIGHT_CORS_ORIGINS": "https://a.org, https://b.org",
        }
    )
    assert (s.token, s.max_active_jobs, s.cors_origins) == (
        TOKEN,
        3,
        ("https://a.org", "https://b.org"),
    )
    assert Settings.from_env({}).token is None and Settings.from_env({}).cors_origins == ()
    from crossflight.errors import InputError

    with pytest.raises(InputError, match="CROSSFLIGHT_MAX_JOBS"):
        Settings.from_env({"CROSSFLIGHT_MAX_JOBS": "many"})
    with pytest.raises(InputError, match="shorter than 16"):
        Settings.from_env({"CROSSFLIGHT_TOKEN": "short"})


# -- dashboard ---------------------------------------------------------------------------------
def test_dashboard_login_forms_and_run_page(lite: TestClient) -> None:
    assert lite.get("/new", follow_redirects=False).headers["location"] == "/login"
    bad = lite.post("/login", data={"token": "nope"})
    assert bad.status_code == 401 and "wrong token" in bad.text
    ok = lite.post("/login", data={"token": TOKEN}, follow_redirects=False)
    assert ok.status_code == 303 and "httponly" in ok.headers["set-cookie"].lower()
    assert "samesite=strict" in ok.headers["set-cookie"].lower()
    assert TOKEN not in ok.headers["set-cookie"]
    assert lite.get("/new").status_code == 200
    started = lite.post("/new/check", data={"builtin": "iss-2022-2025"}, follow_redirects=False)
    assert started.status_code == 303 and started.headers["location"].startswith("/jobs/")
    job = wait_job(lite, started.headers["location"].rsplit("/", 1)[1])
    page = lite.get(f"/runs/{job['run_id']}")
    assert page.status_code == 200 and 'id="chart"' in page.text and "R2" in page.text
    bad_form = lite.post(
        "/new/windows",
        data={"elements": ISS_TLE, "site": "baikonur-31", "start": "2025-04-08", "days": "99"},
    )
    assert bad_form.status_code == 422 and "days" in bad_form.text
    forged = lite.post(
        "/new/check",
        data={"builtin": "iss-2022-2025"},
        headers={"Origin": "https://evil.example"},
        follow_redirects=False,
    )
    assert forged.headers["location"] == "/login"


def test_plotly_is_served_by_the_app(lite: TestClient) -> None:
    r = lite.get("/static/plotly.min.js")
    assert r.status_code == 200 and len(r.content) > 1_000_000 and b"plotly" in r.content[:2000]


def test_api_docs_pages_load_their_scripts_from_the_service_not_a_cdn(lite: TestClient) -> None:
    """/docs and /redoc work offline: every script and stylesheet is served by the service."""
    import re

    for page in ("/docs", "/redoc"):
        html = lite.get(page).text
        assets = re.findall(r"""(?:src|href)=['"]([^'"]+\.(?:js|css))['"]""", html)
        assert assets, page
        for url in assets:
            assert url.startswith("/"), f"{page} loads {url} from elsewhere"
            reply = lite.get(url)
            assert reply.status_code == 200 and len(reply.content) > 10_000, url
