"""Helpers for the service tests: a token, a real ISS element set, a server in a subprocess."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

TOKEN = "test-token-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {TOKEN}"}

# ISS element sets of 2025-04-06 and 2025-04-07 (CelesTrak, NORAD 25544; the sets before
# Soyuz MS-27's launch on 2025-04-08).
ISS_TLE = (
    "ISS (ZARYA)\n"
    "1 25544U 98067A   25096.03700594  .00015269  00000+0  28194-3 0  9999\n"
    "2 25544  51.6369 304.3678 0004922  13.5339 346.5781 15.49280872503978\n"
    "ISS (ZARYA)\n"
    "1 25544U 98067A   25097.52056586  .00011719  00000-0  21806-3 0  9999\n"
    "2 25544  51.6365 297.0255 0004979  19.0825 341.0349 15.49320680504205\n"
)
SERVER_START_S = 60.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """A ``crossflight serve`` process on a loopback port."""

    def __init__(self, proc: subprocess.Popen[bytes], url: str, log: Path) -> None:
        self.proc, self.url, self.log = proc, url, log

    def kill(self) -> None:
        self.proc.kill()
        self.proc.wait(10)


@contextmanager
def serve(db_url: str, log: Path, *, workers: int = 2, **env: str) -> Iterator[Server]:
    """Start ``crossflight serve`` (token set) and wait until it answers; stop it after."""
    port = free_port()
    environ = {**os.environ, "CROSSFLIGHT_TOKEN": TOKEN, "CROSSFLIGHT_DB": db_url, **env}
    cmd = [
        sys.executable,
        "-c",
        "from crossflight.cli import main; main()",
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]
    with log.open("ab") as out:
        proc = subprocess.Popen(cmd, env=environ, stdout=out, stderr=subprocess.STDOUT)
    server = Server(proc, f"http://127.0.0.1:{port}", log)
    try:
        deadline = time.monotonic() + SERVER_START_S
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited: {log.read_text()[-2000:]}")
            try:
                if httpx.get(f"{server.url}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"server did not start: {log.read_text()[-2000:]}")
            time.sleep(0.2)
        yield server
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)


def wait_job(client: httpx.Client, job_id: str, timeout_s: float = 120.0) -> dict[str, object]:
    """Poll ``GET /api/jobs/{id}`` until the job is done; its last document."""
    deadline = time.monotonic() + timeout_s
    while True:
        job: dict[str, object] = client.get(f"/api/jobs/{job_id}").json()
        if job["status"] in ("succeeded", "failed"):
            return job
        if time.monotonic() > deadline:
            raise TimeoutError(f"job {job_id} still {job['status']} after {timeout_s} s")
        time.sleep(0.1)
