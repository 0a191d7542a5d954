"""The package's import graph, read by grimp (the library import-linter is built on).

import-linter (``lint-imports``, contracts in ``pyproject.toml``) forbids the arrows that must
never exist between layers; this test adds what a contract cannot say: no module is part of an
import cycle, not even through an import inside a function, and no module outgrows ~500 lines.
"""

from __future__ import annotations

from pathlib import Path

import grimp
import pytest

import crossflight

MAX_MODULE_LINES = 500


def _cycles(graph: grimp.ImportGraph) -> list[tuple[str, str]]:
    """Every direct import ``a -> b`` for which ``b`` leads back to ``a`` (a cycle through it)."""
    return sorted(
        (a, b)
        for a in graph.modules
        for b in graph.find_modules_directly_imported_by(a)
        if graph.chain_exists(importer=b, imported=a)
    )


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    # Imports under ``if TYPE_CHECKING:`` exist for the type checker only (a constraint-block
    # module naming the model class it extends); they never run, so they cannot form a cycle.
    return grimp.build_graph(
        "crossflight", include_external_packages=False, exclude_type_checking_imports=True
    )


def test_the_cycle_finder_finds_a_planted_cycle() -> None:
    g = grimp.ImportGraph()
    for m in ("a", "b", "c", "d"):
        g.add_module(m)
    g.add_import(importer="a", imported="b")
    g.add_import(importer="b", imported="c")
    g.add_import(importer="c", imported="a")
    g.add_import(importer="c", imported="d")
    assert _cycles(g) == [("a", "b"), ("b", "c"), ("c", "a")]


def test_no_import_cycles(graph: grimp.ImportGraph) -> None:
    assert _cycles(graph) == []


def test_no_module_over_500_lines() -> None:
    root = Path(crossflight.__file__).parent
    sizes = {
        str(p.relative_to(root)): len(p.read_text(encoding="utf-8").splitlines())
        for p in root.rglob("*.py")
    }
    assert {name: n for name, n in sizes.items() if n > MAX_MODULE_LINES} == {}
