"""End to end in a real browser: headless Chromium (Debian's ``chromium``) driven by Playwright
opens the dashboard, logs in with the token, starts a check, waits for the job and sees the
chart drawn; no request leaves 127.0.0.1 (plotly.js comes from the app, not a CDN)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from service_helpers import TOKEN, serve

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 60_000


def _chromium() -> str:
    path = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    if path is None:
        msg = "Debian chromium not installed (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(msg)
        pytest.skip(msg)
    return path


@pytest.mark.slow
def test_login_start_a_check_and_see_its_chart(tmp_path: Path) -> None:
    from playwright.sync_api import Route, sync_playwright

    executable = _chromium()
    outside: list[str] = []
    seen: list[str] = []

    def guard(route: Route) -> None:
        url = route.request.url
        seen.append(url)
        if url.startswith("data:") or urlsplit(url).hostname == "127.0.0.1":
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    with (
        serve(f"sqlite:///{tmp_path / 'runs.db'}", tmp_path / "server.log") as server,
        sync_playwright() as pw,
    ):
        context = pw.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=executable, headless=True, args=FLAGS
        )
        try:
            context.route("**/*", guard)
            page = context.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            page.goto(server.url + "/")
            assert "No runs recorded yet" in page.content()
            page.click("#login-link")
            page.fill("#token", "not-the-token")
            page.click("#login-form button")
            assert page.locator("#login-error").inner_text() == "wrong token"
            page.fill("#token", TOKEN)
            page.click("#login-form button")
            page.wait_for_url(server.url + "/new")
            page.select_option("#check-builtin", "iss-2022-2025")
            page.click("#check-submit")
            page.wait_for_url("**/runs/*")
            page.wait_for_selector('#chart[data-rendered="1"]')
            assert page.locator("#run-status").inner_text() == "succeeded"
            svg = page.locator("#chart svg.main-svg").first
            assert svg.bounding_box() is not None and svg.bounding_box()["width"] > 100  # type: ignore[index]
            bars = page.locator("#chart g.trace.bars g.point path")
            assert bars.count() > 0
            heights = [bars.nth(i).bounding_box() for i in range(bars.count())]
            assert any(b is not None and b["height"] > 1 for b in heights)  # a bar was drawn
            assert page.locator("#findings tbody tr").count() > 0
            page.goto(server.url + "/")
            assert page.locator("#runs tbody tr").count() == 1
        finally:
            context.close()
    assert outside == [], outside
    assert any(u.endswith("/static/plotly.min.js") for u in seen)
