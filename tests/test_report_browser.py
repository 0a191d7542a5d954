"""The report in a real browser: headless Chromium opens ``index.html`` from ``file://``.

Every chart must be drawn (a plot area with marks in its SVG), the page must make no request
beyond its own file (no CDN, no fonts, no tiles), and log no script error.  The full-page
screenshot is kept beside the report (``report-screenshot.png``) for a human to look at.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from browser import chromium_available, open_report

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not chromium_available(), reason="Debian chromium is not installed"),
]


@pytest.fixture(scope="module")
def page(demo_report: dict[str, Any]) -> Any:
    assert demo_report["returncode"] == 0, demo_report["stderr"]
    out: Path = demo_report["dir"]
    return open_report(out / "index.html", out.parent / "report-screenshot.png")


def test_every_chart_is_drawn(page: Any, demo_report: dict[str, Any]) -> None:
    out: Path = demo_report["dir"]
    pngs = sorted(p.stem for p in (out / "png").glob("*.png"))
    drawn = {c["id"].removeprefix("plot-"): c for c in page.charts}
    assert sorted(drawn) == pngs  # one interactive chart per PNG, none missing
    for chart in page.charts:
        assert chart["width"] > 300 and chart["height"] > 200, chart
        assert chart["marks"] > 0, chart  # bars / lines / points in the plot area's SVG
        assert chart["title"], chart


def test_no_network_request_and_no_script_error(page: Any, demo_report: dict[str, Any]) -> None:
    index = (Path(demo_report["dir"]) / "index.html").resolve().as_uri()
    assert page.requests == [index]
    assert page.console_errors == []


def test_screenshot_and_the_summary_read_first(page: Any, demo_report: dict[str, Any]) -> None:
    shot = Path(page.screenshot).read_bytes()
    assert shot[:8] == b"\x89PNG\r\n\x1a\n" and len(shot) > 100_000
    summary = json.loads((Path(demo_report["dir"]) / "summary.json").read_text(encoding="utf-8"))
    text = " ".join(page.text.split())
    assert text.index("In short") < text.index("Who is aboard")
    assert " ".join(summary["answers"][0].split()) in text
