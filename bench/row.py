"""One row of the benchmark table, and the timers every row uses."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["Row", "best_of", "median_of", "timed"]


@dataclass(frozen=True)
class Row:
    """A measured figure, against a baseline measured in the same run.

    ``note`` says what the baseline is (what a competent user would write for the same result)
    and what else the figure depends on.  ``ratio`` is ``baseline / value``: above 1 the project
    is faster than the baseline for times.
    """

    name: str
    value: float
    unit: str
    baseline: float | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        """baseline / value (>1 means faster than the baseline for times)."""
        if self.baseline is None or self.value == 0:
            return None
        return self.baseline / self.value

    def markdown(self) -> str:
        base = "" if self.baseline is None else f"{self.baseline:.4g}"
        ratio = "" if self.ratio is None else f"{self.ratio:.2f}x"
        return f"| {self.name} | {self.value:.4g} | {self.unit} | {base} | {ratio} | {self.note} |"

    def to_dict(self) -> dict[str, Any]:
        """The row as JSON (``python -m bench --json``)."""
        return {
            "name": self.name,
            "value": self.value,
            "unit": self.unit,
            "baseline": self.baseline,
            "ratio": self.ratio,
            "note": self.note,
        }


def timed(fn: Callable[[], object]) -> float:
    """Wall time in seconds of one call of ``fn``."""
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def median_of(fn: Callable[[], object], repeat: int = 3) -> float:
    """Median wall time in seconds of ``repeat`` (at least 3) calls of ``fn``."""
    return statistics.median(timed(fn) for _ in range(max(3, repeat)))


def best_of(fn: Callable[[], object], repeat: int = 3) -> float:
    """Best wall time in seconds of ``repeat`` calls of ``fn``."""
    return min(timed(fn) for _ in range(max(1, repeat)))
