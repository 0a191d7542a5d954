"""Group commit for finished runs: many threads each wait for their run to be committed, one
writer thread commits whatever has queued up in a single transaction.

A request thread calls :meth:`GroupCommit.insert` and returns only after its row is committed
(durable, as with one transaction per run); under load the writer commits dozens of rows per
transaction instead of queueing the threads on the database's single write lock one by one.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from typing import Any

__all__ = ["GroupCommit"]

_MAX_BATCH = 256
_WAIT_S = 60.0

Row = dict[str, Any]


class GroupCommit:
    """Commit rows with ``write_rows(rows)`` (one transaction) from one background thread."""

    def __init__(self, write_rows: Callable[[Sequence[Row]], None]) -> None:
        self._write_rows = write_rows
        self._queue: queue.SimpleQueue[tuple[Row, Future[None]] | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def submit(self, row: Row) -> Future[None]:
        """Queue ``row``; the future completes when it is committed (or with the error)."""
        done: Future[None] = Future()
        self._start()
        self._queue.put((row, done))
        return done

    def insert(self, row: Row) -> None:
        """Return once ``row`` is committed; raise what its transaction raised."""
        self.submit(row).result(timeout=_WAIT_S)

    def close(self) -> None:
        """Commit what is queued, then stop the writer thread."""
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is not None:
            self._queue.put(None)
            thread.join(_WAIT_S)

    def _start(self) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="crossflight-store-writer", daemon=True
                )
                self._thread.start()

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            batch = [item]
            stop = False
            while len(batch) < _MAX_BATCH:
                try:
                    nxt = self._queue.get_nowait()
                except queue.Empty:
                    break
                if nxt is None:
                    stop = True
                    break
                batch.append(nxt)
            self._commit(batch)
            if stop:
                return

    def _commit(self, batch: list[tuple[Row, Future[None]]]) -> None:
        try:
            self._write_rows([row for row, _ in batch])
        except Exception:
            if len(batch) == 1:
                _, done = batch[0]
                self._fail(done)
                return
            for item in batch:  # one bad row must not fail the others: retry one by one
                self._commit([item])
            return
        for _, done in batch:
            done.set_result(None)

    @staticmethod
    def _fail(done: Future[None]) -> None:
        import sys

        exc = sys.exc_info()[1]
        assert exc is not None
        done.set_exception(exc)
