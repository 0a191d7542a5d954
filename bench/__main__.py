"""Run the benchmark modules listed in ``MODULES`` and print one table (or JSON).

Each module defines ``rows(quick: bool) -> list[Row]``.  Every row is a median of several runs
against a baseline measured in the same run -- what a competent user would write for the same
result -- and its note says what it compares, so the ratios mean the same on any machine.

    python -m bench                     # full run, markdown table
    python -m bench --quick             # smaller sizes (smoke test)
    python -m bench windows checker     # only modules whose name contains one of these
    python -m bench --json > bench.json # machine-readable
"""

from __future__ import annotations

import argparse
import importlib
import json
import platform
import sys
import time

from bench.row import Row

__all__ = ["MODULES", "Row", "main"]

#: The benchmark modules, one per line (add yours here).
MODULES = [
    "bench_campaigns",
    "bench_checker",
    "bench_experiments",
    "bench_fuzz",
    "bench_planner",
    "bench_rendezvous",
    "bench_service",
    "bench_startup",
    "bench_windows",
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("only", nargs="*", help="substrings of benchmark module names to run")
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke test")
    parser.add_argument("--json", action="store_true", help="print JSON instead of markdown")
    args = parser.parse_args(argv)
    names = [n for n in MODULES if not args.only or any(s in n for s in args.only)]
    if not names:
        parser.error(f"no benchmark module matches {args.only}; modules: {', '.join(MODULES)}")
    rows: list[Row] = []
    failed: list[str] = []
    t0 = time.perf_counter()
    for name in names:
        print(f"running {name} ...", file=sys.stderr, flush=True)
        try:
            module = importlib.import_module(f"bench.{name}")
            rows.extend(module.rows(args.quick))
        except Exception as exc:  # one broken module must not lose the others' rows
            print(f"{name} failed: {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
            failed.append(name)
    wall_s = time.perf_counter() - t0
    mode = "quick" if args.quick else "full"
    if args.json:
        doc = {
            "python": platform.python_version(),
            "machine": platform.machine(),
            "mode": mode,
            "wall_s": wall_s,
            "modules": names,
            "failed": failed,
            "rows": [r.to_dict() for r in rows],
        }
        print(json.dumps(doc, indent=2))
        return 1 if failed else 0
    print(
        f"# crossflight benchmarks ({platform.python_version()}, {platform.machine()}, "
        f"{mode}, {wall_s:.1f} s in all)\n"
    )
    print("| benchmark | measured | unit | baseline | ratio (baseline / measured) | note |")
    print("|---|---:|---|---:|---:|---|")
    for r in rows:
        print(r.markdown())
    if failed:
        print(f"\nfailed: {', '.join(failed)} (see stderr)")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
