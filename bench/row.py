"""One row of the benchmark table."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Row", "best_of"]


@dataclass(frozen=True)
class Row:
    """A measured figure, optionally against a baseline measured in the same run."""

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
        ratio = "" if self.ratio is None else f"{self.ratio:.1f}x"
        return f"| {self.name} | {self.value:.4g} | {self.unit} | {base} | {ratio} | {self.note} |"


def best_of(fn: Callable[[], object], repeat: int = 3) -> float:
    """Best wall time in seconds of ``repeat`` calls of ``fn``."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best
