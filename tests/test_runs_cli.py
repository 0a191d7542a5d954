"""``crossflight runs list/show/diff/delete`` on a store filled the way the service fills it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_runner import run_cli
from crossflight.store import Store


@pytest.fixture
def db(tmp_path: Path) -> tuple[str, list[str]]:
    url = f"sqlite:///{tmp_path / 'runs.db'}"
    ids = []
    with Store.open(url) as store:
        for builtin, ok in (("iss-2022-2025", False), ("iss-2022-2025", True)):
            with store.record("check", {"builtin": builtin}, label=f"check {builtin}") as run:
                run.outputs = {"ok": ok, "violations": []}
            ids.append(run.id)
        with pytest.raises(RuntimeError), store.record("windows", {"site": "x"}):
            raise RuntimeError("no such site")
    return url, ids


def test_list_as_table_and_json(db: tuple[str, list[str]]) -> None:
    url, ids = db
    table = run_cli("runs", "list", "--db", url)
    assert table.returncode == 0 and ids[0][:8] in table.stdout and "3 of 3 run(s)" in table.stdout
    listed = json.loads(run_cli("runs", "list", "--db", url, "--json").stdout)
    assert [r["kind"] for r in listed] == ["windows", "check", "check"]
    assert listed[0]["status"] == "failed" and listed[0]["error"] == "RuntimeError: no such site"
    only = json.loads(run_cli("runs", "list", "--db", url, "--kind", "check", "--json").stdout)
    assert {r["id"] for r in only} == set(ids)


def test_show_diff_delete(db: tuple[str, list[str]]) -> None:
    url, (a, b) = db
    shown = json.loads(run_cli("runs", "show", a[:6], "--db", url, "--json").stdout)
    assert shown["id"] == a and shown["outputs"] == {"ok": False, "violations": []}
    assert shown["versions"]["crossflight"]
    d = run_cli("runs", "diff", a, b, "--db", url, "--json")
    assert d.returncode == 1
    assert json.loads(d.stdout)["differences"] == [{"path": "outputs.ok", "a": False, "b": True}]
    same = run_cli("runs", "diff", a, a, "--db", url)
    assert same.returncode == 0 and "0 difference(s)" in same.stdout
    assert run_cli("runs", "delete", a, "--db", url).stdout.strip() == f"deleted run {a}"
    gone = run_cli("runs", "show", a, "--db", url)
    assert gone.returncode == 2 and gone.stderr.count("\n") == 1 and "no run" in gone.stderr


def test_bad_store_urls_are_one_line_exit_2(tmp_path: Path) -> None:
    for url in ("nonsense://x", "postgresql+psycopg://nobody@127.0.0.1:1/x?connect_timeout=2"):
        r = run_cli("runs", "list", "--db", url)
        assert r.returncode == 2 and r.stderr.startswith("crossflight: error: --db")
        assert "Traceback" not in r.stderr and r.stderr.count("\n") == 1


def test_the_environment_names_the_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'env.db'}"
    monkeypatch.setenv("CROSSFLIGHT_DB", url)
    r = run_cli("runs", "list", "--json")
    assert r.returncode == 0 and json.loads(r.stdout) == []
    assert (tmp_path / "env.db").exists()


def test_default_store_is_in_the_user_data_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    from platformdirs import user_data_dir

    from crossflight.store import default_url, resolve_url

    monkeypatch.delenv("CROSSFLIGHT_DB", raising=False)
    assert (
        default_url() == f"sqlite:///{Path(user_data_dir('crossflight', appauthor=False))}/runs.db"
    )
    assert resolve_url() == default_url() and resolve_url("sqlite:///x.db") == "sqlite:///x.db"
