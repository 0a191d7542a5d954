"""Service load benchmark (issue 14): window queries at a fixed rate against ``crossflight serve``.

A real uvicorn server (``crossflight serve``, SQLite store in a temporary directory) runs in a
subprocess on 127.0.0.1; the client is httpx async in ``CLIENT_PROCESSES`` processes.
Requests are sent open-loop
at ``RATE`` per second for ``DURATION_S`` (every request is scheduled in advance, so a slow
server cannot slow the client down), and latency is measured from each request's *scheduled*
time, so queueing delay counts.  The query mix is ``len(QUERIES)`` distinct window queries
(sites, vehicles, start days), each first asked once cold; under load the server answers repeats
from its result cache and records every request as a run in the store.

Bounded: at most ``RATE * DURATION_S`` requests, each with a timeout, and a hard deadline.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import numpy as np

from bench.row import Row
from crossflight.errors import StaleElementSetWarning

__all__ = ["rows"]

RATE = 200.0
DURATION_S = 30.0
QUICK_DURATION_S = 4.0
REQUEST_TIMEOUT_S = 10.0
DEADLINE_SLACK_S = 30.0  # the whole load stops this long after the last scheduled request
CLIENT_PROCESSES = 2  # the load generator (httpx) costs about what the server does per request
TOKEN = "bench-token-0123456789abcdef"
# ISS element sets of 2025-04-06 and 2025-04-07 (CelesTrak, NORAD 25544)
TLE = (
    "ISS (ZARYA)\n"
    "1 25544U 98067A   25096.03700594  .00015269  00000+0  28194-3 0  9999\n"
    "2 25544  51.6369 304.3678 0004922  13.5339 346.5781 15.49280872503978\n"
    "ISS (ZARYA)\n"
    "1 25544U 98067A   25097.52056586  .00011719  00000-0  21806-3 0  9999\n"
    "2 25544  51.6365 297.0255 0004979  19.0825 341.0349 15.49320680504205\n"
)
QUERIES: list[dict[str, Any]] = [
    {"elements": TLE, "site": site, "vehicle": vehicle, "start": f"2025-04-{day:02d}", "days": 1.0}
    for site, vehicle in (("baikonur-31", "soyuz-ms"), ("baikonur-31", "progress-ms"),
                          ("ksc-39a", "crew-dragon"))
    for day in range(1, 15)
]  # fmt: skip


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_server(db: Path, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {**os.environ, "CROSSFLIGHT_TOKEN": TOKEN, "CROSSFLIGHT_DB": f"sqlite:///{db}"}
    cmd = [sys.executable, "-c", "from crossflight.cli import main; main()", "serve",
           "--host", "127.0.0.1", "--port", str(port), "--workers", "0"]  # fmt: skip
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60.0
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {log.read_text()[-1000:]}")
        try:
            if httpx.get(f"{url}/api/health", timeout=2.0).status_code == 200:
                return proc, url
        except httpx.TransportError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("server did not start within 60 s")


async def _send(
    url: str, rate: float, n: int, start: int, step: int
) -> tuple[list[float], int, float]:
    """Send requests ``start, start + step, ...`` of ``n``, request ``i`` at ``t0 + i / rate``.

    Returns the latencies (s, from each request's scheduled time), the errors and the elapsed
    time from ``t0`` to the last answer.
    """
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    bodies = [json.dumps(q).encode() for q in QUERIES]
    async with httpx.AsyncClient(
        base_url=url, limits=limits, headers=headers, timeout=REQUEST_TIMEOUT_S
    ) as client:
        t0 = time.perf_counter() + 0.2

        async def one(i: int) -> None:
            nonlocal errors
            scheduled = t0 + i / rate
            await asyncio.sleep(max(0.0, scheduled - time.perf_counter()))
            try:
                r = await client.post("/api/windows", content=bodies[i % len(bodies)])
                ok = r.status_code == 200 and b'"run_id"' in r.content
            except httpx.HTTPError:
                ok = False
            if ok:
                latencies.append(time.perf_counter() - scheduled)
            else:
                errors += 1

        tasks = [asyncio.ensure_future(one(i)) for i in range(start, n, step)]
        _, late = await asyncio.wait(tasks, timeout=n / rate + DEADLINE_SLACK_S)
        for task in late:  # not answered by the deadline: an error, and the bench stops
            task.cancel()
        errors += len(late)
        elapsed = time.perf_counter() - t0
    return latencies, errors, elapsed


def _client(args: tuple[str, float, int, int, int, Any]) -> tuple[list[float], int, float]:
    *rest, ready = args
    ready.wait()  # every client process is up (imports done) before the schedule starts
    return asyncio.run(_send(*rest))


def _load(url: str, rate: float, duration_s: float) -> tuple[list[float], int, float]:
    """Open-loop load from ``CLIENT_PROCESSES`` processes; (latencies s, errors, elapsed s)."""
    n = int(rate * duration_s)
    ctx = multiprocessing.get_context("spawn")
    with ctx.Manager() as manager:
        ready = manager.Barrier(CLIENT_PROCESSES)
        jobs = [(url, rate, n, k, CLIENT_PROCESSES, ready) for k in range(CLIENT_PROCESSES)]
        with ctx.Pool(CLIENT_PROCESSES) as pool:
            parts = pool.map(_client, jobs)
    latencies = [x for lat, _, _ in parts for x in lat]
    return latencies, sum(e for _, e, _ in parts), max(el for _, _, el in parts)


def _cpu_s(pid: int) -> tuple[float, float]:
    """(CPU seconds run, seconds waited for a CPU) of all threads of ``pid`` (Linux; else 0)."""
    run = wait = 0
    for stat in Path(f"/proc/{pid}/task").glob("*/schedstat"):
        try:
            a, b, _ = stat.read_text().split()
        except (OSError, ValueError):
            continue
        run, wait = run + int(a), wait + int(b)
    return run / 1e9, wait / 1e9


def _library_cold_s() -> float:
    """The same queries called in-process (what a user without the service would run)."""
    from crossflight.api import StationOrbit, find_opportunities, get_site, parse_tle_text

    warnings.simplefilter("ignore", StaleElementSetWarning)
    orbit = StationOrbit(parse_tle_text(TLE))
    times = []
    for q in QUERIES:
        start = datetime.fromisoformat(q["start"]).replace(tzinfo=UTC)
        t = time.perf_counter()
        find_opportunities(orbit, get_site(q["site"]), q["vehicle"], start, q["days"])
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def rows(quick: bool) -> list[Row]:
    duration = QUICK_DURATION_S if quick else DURATION_S
    with tempfile.TemporaryDirectory(prefix="crossflight-bench-") as tmp:
        proc, url = _start_server(Path(tmp) / "runs.db", Path(tmp) / "server.log")
        try:
            cold = []
            with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {TOKEN}"},
                              timeout=60.0) as c:  # fmt: skip
                c.post("/api/windows", json=QUERIES[0])  # server warm-up (time scales)
                for q in QUERIES[1:]:
                    t = time.perf_counter()
                    assert c.post("/api/windows", json=q).status_code == 200
                    cold.append(time.perf_counter() - t)
            run0, wait0 = _cpu_s(proc.pid)
            lat, errors, elapsed = _load(url, RATE, duration)
            run1, wait1 = _cpu_s(proc.pid)
            load1 = os.getloadavg()[0]
            with httpx.Client(base_url=url) as c:
                recorded = c.get("/api/runs", params={"kind": "windows", "limit": 1}).json()
        finally:
            proc.terminate()
            proc.wait(20)
    lib_s = _library_cold_s()
    sent = int(RATE * duration)
    p50, p99 = (float(x) * 1e3 for x in np.percentile(lat, [50, 99])) if lat else (np.nan,) * 2
    achieved = len(lat) / elapsed
    load_note = (
        f"{sent} requests scheduled at {RATE:g}/s for {duration:g} s, {len(lat)} answered 200, "
        f"{errors} errors, {achieved:.1f}/s achieved; p99 {p99:.1f} ms; {len(QUERIES)} distinct "
        f"queries (cached after the first); {recorded['total']} runs recorded; server CPU "
        f"{(run1 - run0) / max(1, len(lat)) * 1e3:.2f} ms/request, server waited "
        f"{wait1 - wait0:.1f} s for a CPU; load average {load1:.1f} on {os.cpu_count()} CPUs"
    )
    return [
        Row(f"service: windows p50 latency at {RATE:g}/s on loopback", p50, "ms", note=load_note),
        Row(f"service: windows p99 latency at {RATE:g}/s on loopback", p99, "ms",
            note=f"errors {errors}; rate {achieved:.1f}/s"),
        Row("service: cold windows query (not cached), median", statistics.median(cold) * 1e3,
            "ms", baseline=lib_s * 1e3,
            note="baseline = the same find_opportunities call in-process (1 day); ratio < 1 "
            "is the service's overhead (HTTP, validation, recording the run)"),
    ]  # fmt: skip
