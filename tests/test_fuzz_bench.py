"""The fuzz bench itself, smaller: every in-process reader over 500 malformed inputs.

``python -m bench.bench_fuzz`` runs 2,000 per reader plus the ``plan-crew`` CLI in-process and
in subprocesses; this keeps its generators and judging honest in CI.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_fuzz import _manifest, _omm, _request, _tle, fuzz_reader
from bench.fuzz_inputs import manifest_texts, omm_texts, request_texts, tle_texts

N = 500


@pytest.mark.slow
@pytest.mark.parametrize(
    "name", ["TLE", "OMM JSON", "OMM XML", "OMM KVN", "manifest (+ checker)", "request"]
)
def test_every_malformed_input_is_refused_in_one_line_with_exit_2(name: str) -> None:
    texts, call = {
        "TLE": (tle_texts(N), _tle),
        "OMM JSON": (omm_texts(N, "json"), _omm),
        "OMM XML": (omm_texts(N, "xml"), _omm),
        "OMM KVN": (omm_texts(N, "kvn"), _omm),
        "manifest (+ checker)": (manifest_texts(N), _manifest),
        "request": (request_texts(N), _request),
    }[name]
    count = fuzz_reader(name, texts, call)
    assert count.inputs == N
    assert count.refused > N // 2  # the mutations mostly break the input
    assert (count.crashes, count.wrong_exit, count.multi_line, count.raw_wording) == (0, 0, 0, 0), (
        count.examples
    )
