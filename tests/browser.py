"""Open a report in real headless Chromium (Debian ``chromium``) through Playwright.

The page is loaded from ``file://`` with every request recorded; the browser runs with the
project's flags (no sandbox, no GPU, no background networking) and a fresh profile.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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

# For every plotly chart: its plot area's size and how many drawn marks (paths, rects,
# points) its SVG trace layers hold.
_CHART_STATS_JS = """
() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(div => {
  const svg = div.querySelector('svg.main-svg');
  const box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
  const plotArea = div.querySelector('.cartesianlayer .plot, .subplot .plot');
  const marks = div.querySelectorAll(
    '.cartesianlayer .trace path, .cartesianlayer .trace .point, .barlayer .bars path');
  return {id: div.id, width: box.width, height: box.height,
          hasPlotArea: plotArea !== null, marks: marks.length,
          title: (div.querySelector('.gtitle') || {}).textContent || ''};
})
"""


@dataclass(frozen=True)
class PageReport:
    """What the browser saw: chart stats, every request URL, console errors, screenshot."""

    charts: list[dict[str, Any]]
    requests: list[str]
    console_errors: list[str]
    screenshot: Path
    text: str


def chromium_available() -> bool:
    """Whether the Debian chromium binary is installed."""
    return Path(CHROMIUM).exists() or shutil.which("chromium") is not None


def open_report(index_html: Path, screenshot: Path) -> PageReport:
    """Load ``index_html`` from file://, wait for the charts, screenshot the whole page."""
    from playwright.sync_api import sync_playwright

    requests: list[str] = []
    errors: list[str] = []
    profile = tempfile.mkdtemp(prefix="crossflight-chromium-")
    try:
        with sync_playwright() as p:
            ctx = p.chromium.launch_persistent_context(
                profile,
                executable_path=CHROMIUM,
                headless=True,
                args=FLAGS,
                viewport={"width": 1400, "height": 1000},
                offline=True,  # no network at all: the page must not need one
            )
            try:
                page = ctx.new_page()
                page.on("request", lambda r: requests.append(r.url))
                page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
                page.on("pageerror", lambda e: errors.append(str(e)))
                page.goto(index_html.resolve().as_uri(), wait_until="load")
                page.wait_for_function(
                    "() => document.querySelectorAll('.js-plotly-plot .main-svg').length > 0"
                )
                page.wait_for_timeout(500)
                charts = page.evaluate(_CHART_STATS_JS)
                text = page.inner_text("body")
                page.screenshot(path=str(screenshot), full_page=True)
            finally:
                ctx.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return PageReport(charts, requests, errors, screenshot, text)
