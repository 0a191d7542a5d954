"""Run every benchmark module ``bench/bench_*.py`` and print one markdown table.

Each module defines ``rows(quick: bool) -> list[Row]``.  Speed is always reported as a ratio
against a baseline measured in the same run, so the table means the same on any machine.

    python -m bench            # full run
    python -m bench --quick    # smaller sizes (smoke test)
    python -m bench windows    # only modules whose name contains "windows"
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import platform
import sys
import time
from pathlib import Path

from bench.row import Row

__all__ = ["Row", "main"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("only", nargs="*", help="substrings of benchmark module names to run")
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke test")
    args = parser.parse_args(argv)
    here = Path(__file__).parent
    names = sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_"))
    if args.only:
        names = [n for n in names if any(s in n for s in args.only)]
    rows: list[Row] = []
    t0 = time.perf_counter()
    for name in names:
        module = importlib.import_module(f"bench.{name}")
        print(f"running {name} ...", file=sys.stderr, flush=True)
        rows.extend(module.rows(args.quick))
    print(
        f"# crossflight benchmarks ({platform.python_version()}, {platform.machine()}, "
        f"{'quick' if args.quick else 'full'}, {time.perf_counter() - t0:.1f} s in all)\n"
    )
    print("| benchmark | measured | unit | baseline | ratio | note |")
    print("|---|---:|---|---:|---:|---|")
    for r in rows:
        print(r.markdown())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
