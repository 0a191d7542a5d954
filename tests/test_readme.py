"""The README's Python API example runs as written, and its commands name real options."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")


def test_python_api_example_runs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (block,) = re.findall(r"```python\n(.*?)```", README, flags=re.S)
    assert len(block.strip().splitlines()) <= 12  # a ten-line example
    monkeypatch.chdir(REPO)
    exec(compile(block, "README.md", "exec"), {})  # the README example itself
    out = capsys.readouterr().out
    assert "violations" in out and "R4 warning soyuz-ms-23" in out


def test_plan_crew_example_writes_into_the_ignored_out_directory() -> None:
    assert "--out out/plan.toml" in README and "--out plan.toml" not in README
    ignored = (REPO / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "/out/" in ignored


def test_license_is_the_apache_2_text() -> None:
    text = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in text and "Version 2.0, January 2004" in text
    assert "END OF TERMS AND CONDITIONS" in text
    assert 'license = "Apache-2.0"' in (REPO / "pyproject.toml").read_text(encoding="utf-8")
