"""Fuzz every reader with thousands of malformed inputs: 0 tracebacks, exit 2, one line.

In-process for speed: each input goes to the reader (``parse_tle_text``, ``parse_omm_text``,
``loads_manifest`` + ``check_manifest``, ``loads_request``) or through the CLI's ``main()``
(``plan-crew``); a ``CrossflightError`` is the wanted answer for a malformed input, anything
else is a crash.  For every input a reader refuses, the error must have exit code 2 and one
line in the project's wording (no pydantic phrases, Python reprs or exception class names).
A smaller sample goes through the real entry point in subprocesses.

    python -m bench fuzz            # 2,000 inputs per reader (bench table rows)
    python -m bench.bench_fuzz      # the same with a detailed report
    python -m bench.bench_fuzz --n 200 --subprocess 20
"""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bench.fuzz_inputs import (
    manifest_texts,
    omm_texts,
    plan_crew_args,
    request_texts,
    tle_texts,
)
from bench.row import Row
from crossflight.errors import CrossflightError

__all__ = ["FuzzCount", "fuzz_all", "rows"]

RAW_WORDING = re.compile(
    r"Input should be|Extra inputs are not permitted|Field required|\(top level\)|"
    r"datetime\.datetime\(|Traceback|[A-Za-z]+Error\b(?!:)|ValidationError|pydantic"
)
"""Phrases that betray an untranslated library message or a Python repr in an error line."""


@dataclass
class FuzzCount:
    """What one reader did with ``inputs`` malformed inputs."""

    reader: str
    inputs: int = 0
    refused: int = 0  # CrossflightError: the wanted answer
    accepted: int = 0  # the mutation left a valid input
    crashes: int = 0  # any other exception: a traceback for the user
    wrong_exit: int = 0  # refused with an exit code other than 2
    multi_line: int = 0  # refused with more than one line
    raw_wording: int = 0  # refused in library wording
    seconds: float = 0.0
    examples: list[str] = field(default_factory=list)

    def note(self, problem: str) -> None:
        if len(self.examples) < 5:
            self.examples.append(problem)

    @property
    def clean(self) -> bool:
        return not (self.crashes or self.wrong_exit or self.multi_line or self.raw_wording)


def _judge(count: FuzzCount, call: Callable[[], object], text: str) -> None:
    count.inputs += 1
    try:
        call()
    except CrossflightError as exc:
        count.refused += 1
        line = exc.one_line()
        if exc.exit_code != 2:
            count.wrong_exit += 1
            count.note(f"exit {exc.exit_code}: {line}")
        if "\n" in line:
            count.multi_line += 1
        if RAW_WORDING.search(line):
            count.raw_wording += 1
            count.note(f"wording: {line[:200]}")
    except Exception as exc:
        count.crashes += 1
        tb = traceback.extract_tb(exc.__traceback__)[-1]
        count.note(f"crash {type(exc).__name__}: {exc} at {tb.filename}:{tb.lineno} "
                   f"input {text[:120]!r}")  # fmt: skip
    else:
        count.accepted += 1


def fuzz_reader(name: str, texts: Iterable[str], call: Callable[[str], object]) -> FuzzCount:
    count = FuzzCount(name)
    t0 = time.perf_counter()
    for text in texts:
        _judge(count, lambda t=text: call(t), text)  # type: ignore[misc]
    count.seconds = time.perf_counter() - t0
    return count


def _tle(text: str) -> object:
    from crossflight.flight.orbits import StationOrbit
    from crossflight.io.tle import parse_tle_text

    sets = parse_tle_text(text, source="fuzz.tle")
    orbit = StationOrbit(sets)
    t = sets[0].epoch_utc_s
    return orbit.state_teme_checked([t - 3600.0, t, t + 3600.0])


def _omm(text: str) -> object:
    from crossflight.flight.orbits import StationOrbit
    from crossflight.io.omm import parse_omm_text

    sets = parse_omm_text(text, source="fuzz.omm")
    orbit = StationOrbit(sets)
    t = sets[0].epoch_utc_s
    return orbit.state_teme_checked([t - 3600.0, t, t + 3600.0])


def _manifest(text: str) -> object:
    from crossflight.io.manifest import loads_manifest
    from crossflight.rules import check_manifest

    return check_manifest(loads_manifest(text, source="fuzz.toml"), source="fuzz.toml")


def _request(text: str) -> object:
    from crossflight.io.request import loads_request

    return loads_request(text, source="fuzz.toml")


def _main_in_process(args: list[str]) -> tuple[int, str, str]:
    from crossflight.cli import main

    out, err = io.StringIO(), io.StringIO()
    old = sys.argv
    sys.argv = ["crossflight", *args]
    code = 0
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        sys.argv = old
    return code, out.getvalue(), err.getvalue()


def _request_valid(path: Path) -> bool:
    from crossflight.io.request import load_request

    try:
        load_request(path)
    except CrossflightError:
        return False
    except Exception:
        return False
    return True


def fuzz_plan_crew(n: int, runner: Callable[[list[str]], tuple[int, str, str]],
                   name: str) -> FuzzCount:  # fmt: skip
    """``plan-crew`` with mutated requests and arguments: exit 2 and one line when invalid."""
    count = FuzzCount(name)
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for args, args_ok in plan_crew_args(n, Path(tmp)):
            count.inputs += 1
            valid = args_ok and _request_valid(Path(args[1]))
            try:
                code, _, err = runner(args)
            except Exception as exc:
                count.crashes += 1
                count.note(f"crash {type(exc).__name__}: {exc} args {args}")
                continue
            lines = err.strip().splitlines()
            if "Traceback" in err:
                count.crashes += 1
                count.note(f"traceback: {err.strip().splitlines()[-1]} args {args[1:]}")
                continue
            if code == 2:  # refused: by the loader, the arguments or a later check
                count.refused += 1
                if len(lines) != 1:
                    count.multi_line += 1
                    count.note(f"{len(lines)} lines: {err.strip()[:300]!r} args {args[1:]}")
                elif RAW_WORDING.search(lines[0]):
                    count.raw_wording += 1
                    count.note(f"wording: {lines[0][:200]}")
            elif code in (0, 1) and valid:
                count.accepted += 1  # planned, infeasible or out of time: a real answer
            else:
                count.wrong_exit += 1
                count.note(f"exit {code} (valid={valid}): {err.strip()[:200]} args {args[1:]}")
    count.seconds = time.perf_counter() - t0
    return count


_CODE = (
    "import sys; from crossflight.cli import main; "
    "sys.argv = ['crossflight', *sys.argv[1:]]; main()"
)


def _subprocess(args: list[str]) -> tuple[int, str, str]:
    r = subprocess.run([sys.executable, "-c", _CODE, *args], capture_output=True, text=True,
                       timeout=300)  # fmt: skip
    return r.returncode, r.stdout, r.stderr


def fuzz_all(n: int, n_subprocess: int) -> list[FuzzCount]:
    """Every reader with ``n`` inputs, and ``n_subprocess`` plan-crew runs in subprocesses."""
    counts = [
        fuzz_reader("TLE", tle_texts(n), _tle),
        fuzz_reader("OMM JSON", omm_texts(n, "json"), _omm),
        fuzz_reader("OMM XML", omm_texts(n, "xml"), _omm),
        fuzz_reader("OMM KVN", omm_texts(n, "kvn"), _omm),
        fuzz_reader("manifest (+ checker)", manifest_texts(n), _manifest),
        fuzz_reader("request", request_texts(n), _request),
        fuzz_plan_crew(n, _main_in_process, "plan-crew CLI (in-process)"),
    ]
    if n_subprocess:
        counts.append(fuzz_plan_crew(n_subprocess, _subprocess, "plan-crew CLI (subprocess)"))
    return counts


def rows(quick: bool) -> list[Row]:
    n, n_sub = (200, 10) if quick else (2000, 40)
    out = []
    for c in fuzz_all(n, n_sub):
        bad = c.crashes + c.wrong_exit + c.multi_line + c.raw_wording
        out.append(Row(f"fuzz {c.reader}: inputs not answered right", bad, "inputs",
                       note=f"{c.inputs} inputs, {c.refused} refused, {c.accepted} still valid, "
                       f"{c.crashes} tracebacks, {c.seconds:.1f} s"))  # fmt: skip
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_fuzz")
    parser.add_argument("--n", type=int, default=2000, help="inputs per reader")
    parser.add_argument("--subprocess", type=int, default=40, help="plan-crew CLI subprocess runs")
    args = parser.parse_args(argv)
    counts = fuzz_all(args.n, args.subprocess)
    print("| reader | inputs | refused (exit 2) | still valid | tracebacks | wrong exit | "
          "multi-line | raw wording | s |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for c in counts:
        print(f"| {c.reader} | {c.inputs} | {c.refused} | {c.accepted} | {c.crashes} | "
              f"{c.wrong_exit} | {c.multi_line} | {c.raw_wording} | {c.seconds:.1f} |")  # fmt: skip
    for c in counts:
        for e in c.examples:
            print(f"- {c.reader}: {e}")
    kinds = Counter(c.clean for c in counts)
    return 0 if kinds[False] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
