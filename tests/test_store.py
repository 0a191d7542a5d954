"""The run store and job queue, on SQLite and on a real PostgreSQL server (same tests)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, update

from crossflight.errors import JobLimitError, StoreError, UnknownIdError
from crossflight.store import JobQueue, Store, diff_runs
from crossflight.store.engine import HEAD_REVISION, head_revision
from crossflight.store.runs import INTERRUPTED, now_utc
from crossflight.store.schema import Base, Job

DEAD_WORKER = "some-other-host-name-that-does-not-exist:1:1"


def test_migrations_build_exactly_the_schema(store: Store) -> None:
    with store.engine.connect() as conn:
        ctx = MigrationContext.configure(conn)
        assert ctx.get_current_revision() == head_revision() == HEAD_REVISION
        assert compare_metadata(ctx, Base.metadata) == []
    assert {"runs", "jobs", "alembic_version"} <= set(inspect(store.engine).get_table_names())


def test_reopening_is_idempotent_and_keeps_runs(store_url: str) -> None:
    s = Store.open(store_url)
    with s.record("check", {"builtin": "iss-2022-2025"}) as run:
        run.outputs = {"ok": True}
    s.close()
    again = Store.open(store_url)
    assert [r.id for r in again.list_runs()] == [run.id]
    again.close()


def test_a_run_is_recorded_with_inputs_outputs_versions_and_timing(store: Store) -> None:
    with store.record("windows", {"site": "baikonur-31", "days": 1.5}, label="w") as run:
        time.sleep(0.02)
        run.outputs = {"opportunities": [{"phase_deg": 33.5}]}
        run.artefacts = {"ics": "windows.ics"}
    r = store.get_run(run.id)
    assert (r.kind, r.status, r.label, r.error) == ("windows", "succeeded", "w", None)
    assert r.inputs == {"site": "baikonur-31", "days": 1.5}
    assert r.outputs == {"opportunities": [{"phase_deg": 33.5}]}
    assert r.artefacts == {"ics": "windows.ics"}
    assert r.versions["crossflight"] and r.versions["python"]
    assert r.started_utc.tzinfo is not None and r.started_utc.utcoffset() == timedelta(0)
    assert r.finished_utc is not None and r.finished_utc >= r.started_utc
    assert r.duration_s is not None and r.duration_s >= 0.02


def test_a_failing_run_is_failed_with_its_error_and_no_outputs(store: Store) -> None:
    with pytest.raises(ValueError, match="boom"), store.record("check", {"x": 1}) as run:
        run.outputs = {"partial": True}
        raise ValueError("boom")
    r = store.get_run(run.id)
    assert (r.status, r.outputs, r.error) == ("failed", None, "ValueError: boom")


def test_an_interrupt_marks_the_run_failed(store: Store) -> None:
    with pytest.raises(KeyboardInterrupt), store.record("plan", {}) as run:
        raise KeyboardInterrupt
    assert store.get_run(run.id).status == "failed"


def test_a_run_whose_process_is_killed_is_failed_on_next_open(store_url: str) -> None:
    code = (
        "import sys, time\n"
        "from crossflight.store import Store\n"
        "s = Store.open(sys.argv[1])\n"
        "rid = s.start_run('plan', {'request': 'r'})\n"
        "print(rid, flush=True)\n"
        "time.sleep(60)\n"
    )
    with subprocess.Popen(
        [sys.executable, "-c", code, store_url], stdout=subprocess.PIPE, text=True
    ) as proc:
        assert proc.stdout is not None
        run_id = proc.stdout.readline().strip()
        with Store.open(store_url) as alive:
            assert alive.get_run(run_id).status == "running"  # its process lives: left alone
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    with Store.open(store_url) as s:
        r = s.get_run(run_id)
    assert (r.status, r.outputs, r.error) == ("failed", None, INTERRUPTED)


def test_save_run_writes_a_finished_run_in_one_insert(store: Store) -> None:
    t0 = now_utc()
    ok = store.save_run("windows", {"a": 1}, outputs={"n": 2}, error=None, started_utc=t0)
    bad = store.save_run("windows", {"a": 2}, outputs=None, error="bad", started_utc=t0)
    assert store.get_run(ok).status == "succeeded"
    assert (store.get_run(bad).status, store.get_run(bad).error) == ("failed", "bad")


def test_list_filter_count_prefix_and_delete(store: Store) -> None:
    ids = []
    for kind in ("check", "windows", "check"):
        with store.record(kind, {"k": kind}) as run:
            run.outputs = {}
        ids.append(run.id)
    assert [r.id for r in store.list_runs()] == ids[::-1]
    assert {r.id for r in store.list_runs(kind="check")} == {ids[0], ids[2]}
    assert store.count_runs(kind="check") == 2 and store.count_runs(status="failed") == 0
    assert store.get_run(ids[1][:8]).id == ids[1]
    with pytest.raises(UnknownIdError, match="no run"):
        store.get_run("ffffffffffff")
    assert store.delete_run(ids[1][:10]) == ids[1]
    assert store.count_runs() == 2
    with pytest.raises(UnknownIdError):
        store.delete_run(ids[1])


def test_diff_names_every_differing_leaf(store: Store) -> None:
    with store.record("check", {"builtin": "a", "n": 1}) as a:
        a.outputs = {"ok": True, "violations": [{"rule": "R2"}]}
    with store.record("check", {"builtin": "b", "n": 1}) as b:
        b.outputs = {"ok": True, "violations": [{"rule": "R3"}, {"rule": "R5"}]}
    diffs = {d.path: (d.a, d.b) for d in diff_runs(store.get_run(a.id), store.get_run(b.id))}
    assert diffs == {
        "inputs.builtin": ("a", "b"),
        "outputs.violations[0].rule": ("R2", "R3"),
        "outputs.violations[1].rule": ("<absent>", "R5"),
    }


def test_bad_urls_are_one_line_store_errors() -> None:
    with pytest.raises(StoreError, match="not a database URL"):
        Store.open("::::")
    with pytest.raises(StoreError, match="cannot use database URL"):
        Store.open("nosuchdb://x/y")
    with pytest.raises(StoreError, match="cannot open the run store"):
        Store.open("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2")


def test_concurrent_first_opens_migrate_once(store_url: str) -> None:
    errors: list[BaseException] = []

    def open_it() -> None:
        try:
            Store.open(store_url).close()
        except BaseException as exc:  # pragma: no cover - the failure being tested for
            errors.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


# -- the job queue ---------------------------------------------------------------------------
def test_job_life_changes_job_and_run_together(store: Store) -> None:
    q = JobQueue(store)
    job = q.enqueue("check", {"builtin": "iss-2022-2025"})
    assert job.status == "queued" and job.run_id is None
    claimed = q.claim("me:1:1")
    assert claimed is not None and claimed.id == job.id and claimed.attempts == 1
    assert claimed.run_id is not None and store.get_run(claimed.run_id).status == "running"
    assert q.claim("me:1:2") is None
    q.complete(job.id, {"ok": True}, {}, label="check iss")
    assert q.get(job.id).status == "succeeded"
    run = store.get_run(claimed.run_id)
    assert (run.status, run.outputs, run.label) == ("succeeded", {"ok": True}, "check iss")
    job2 = q.enqueue("check", {})
    c2 = q.claim("me:1:1")
    assert c2 is not None
    q.fail(job2.id, "manifest: bad")
    assert q.get(job2.id).error == "manifest: bad"
    assert c2.run_id is not None and store.get_run(c2.run_id).status == "failed"


def test_the_active_job_limit(store: Store) -> None:
    q = JobQueue(store, max_active=2)
    q.enqueue("check", {})
    q.enqueue("check", {})
    with pytest.raises(JobLimitError, match="limit is 2"):
        q.enqueue("check", {})
    job = q.claim("me:1:1")
    assert job is not None
    q.complete(job.id, {}, {})
    q.enqueue("check", {})  # room again


def test_concurrent_workers_claim_each_job_exactly_once(store: Store) -> None:
    q = JobQueue(store, max_active=100)
    queued = {q.enqueue("windows", {"i": i}).id for i in range(24)}
    got: list[str] = []
    lock = threading.Lock()

    def worker(n: int) -> None:
        while (job := q.claim(f"me:1:{n}")) is not None:
            with lock:
                got.append(job.id)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(got) == sorted(queued)


def test_recover_requeues_then_fails_jobs_of_dead_workers(store: Store) -> None:
    q = JobQueue(store, max_attempts=2)
    job = q.enqueue("plan", {})
    first = q.claim(DEAD_WORKER)
    assert first is not None and first.run_id is not None
    # a worker on another host that has been silent for longer than the stale limit
    with store.session() as s, s.begin():
        s.execute(update(Job).values(heartbeat_utc=now_utc() - timedelta(hours=1)))
    rec = q.recover(stale_after_s=60)
    assert rec.requeued == [job.id] and rec.failed == []
    assert store.get_run(first.run_id).status == "failed"
    assert store.get_run(first.run_id).error == INTERRUPTED
    second = q.claim(DEAD_WORKER)
    assert second is not None and second.attempts == 2
    with store.session() as s, s.begin():
        s.execute(update(Job).values(heartbeat_utc=now_utc() - timedelta(hours=1)))
    rec = q.recover(stale_after_s=60)
    assert rec.failed == [job.id]
    assert q.get(job.id).status == "failed" and q.get(job.id).error == INTERRUPTED


def test_recover_leaves_live_workers_alone(store: Store) -> None:
    q = JobQueue(store)
    q.enqueue("plan", {})
    job = q.claim(DEAD_WORKER)  # another host, heartbeat fresh: maybe alive
    assert job is not None
    assert q.recover(stale_after_s=60).requeued == []
    q.heartbeat(job.id, DEAD_WORKER)
    assert q.get(job.id).status == "running"


def test_a_late_completion_after_recovery_does_not_overwrite(store: Store) -> None:
    q = JobQueue(store)
    job = q.enqueue("plan", {})
    claimed = q.claim(DEAD_WORKER)
    assert claimed is not None and claimed.run_id is not None
    with store.session() as s, s.begin():
        s.execute(update(Job).values(heartbeat_utc=now_utc() - timedelta(hours=1)))
    q.recover(stale_after_s=60)
    q.complete(job.id, {"late": True}, {})  # the presumed-dead worker wakes up
    assert q.get(job.id).status == "queued"
    assert store.get_run(claimed.run_id).outputs is None


def test_datetimes_come_back_aware_utc(store: Store) -> None:
    q = JobQueue(store)
    job = q.get(q.enqueue("check", {}).id)
    assert job.created_utc.tzinfo is not None
    assert job.created_utc.astimezone(UTC) == job.created_utc


def test_concurrent_finished_runs_are_all_committed_and_one_bad_row_fails_alone(
    store: Store,
) -> None:
    results: dict[int, str | BaseException] = {}
    start = threading.Barrier(41)

    def save(i: int) -> None:
        inputs: dict[str, object] = {"i": i} if i != 13 else {"i": {1, 2}}  # a set: not JSON
        start.wait()
        try:
            results[i] = store.save_run(
                "windows", inputs, outputs={"n": i}, error=None, started_utc=now_utc()
            )
        except Exception as exc:
            results[i] = exc

    threads = [threading.Thread(target=save, args=(i,)) for i in range(41)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert "not JSON serializable" in str(results[13])
    good = {i: r for i, r in results.items() if i != 13}
    assert all(isinstance(r, str) for r in good.values())
    assert store.count_runs() == 40
    assert {store.get_run(str(r)).outputs["n"] for r in good.values()} == set(good)  # type: ignore[index]
