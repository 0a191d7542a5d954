"""Compare two recorded runs field by field (``crossflight runs diff A B``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from crossflight.store.records import RunRecord

__all__ = ["Difference", "diff_runs", "flatten"]

_MISSING = "<absent>"


@dataclass(frozen=True)
class Difference:
    """One leaf that differs: its dotted path and the two values (``<absent>`` if missing)."""

    path: str
    a: Any
    b: Any

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "a": self.a, "b": self.b}


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """``{"a": {"b": [1, 2]}}`` -> ``{"a.b[0]": 1, "a.b[1]": 2}`` (leaves only)."""
    out: dict[str, Any] = {}
    if isinstance(value, dict):
        if not value and prefix:
            out[prefix] = {}
        for k, v in value.items():
            out.update(flatten(v, f"{prefix}.{k}" if prefix else str(k)))
    elif isinstance(value, list):
        if not value and prefix:
            out[prefix] = []
        for i, v in enumerate(value):
            out.update(flatten(v, f"{prefix}[{i}]"))
    else:
        out[prefix] = value
    return out


def diff_runs(a: RunRecord, b: RunRecord) -> list[Difference]:
    """Every differing leaf of kind, status, inputs, outputs and versions, in path order."""
    fa = flatten(_comparable(a))
    fb = flatten(_comparable(b))
    return [
        Difference(p, fa.get(p, _MISSING), fb.get(p, _MISSING))
        for p in sorted(fa.keys() | fb.keys())
        if fa.get(p, _MISSING) != fb.get(p, _MISSING)
    ]


def _comparable(r: RunRecord) -> dict[str, Any]:
    return {
        "kind": r.kind,
        "status": r.status,
        "error": r.error,
        "inputs": r.inputs,
        "outputs": r.outputs,
        "versions": r.versions,
    }
