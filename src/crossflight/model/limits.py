"""What kind of limit a number is, and what breaking it means.

* ``certified limit``: a published certification or physical capacity (seats, docking
  hardware).  Exceeding it is a **violation**.
* ``planning rule``: a rule the agencies plan by (the lifeboat rule, the integrated-crew
  agreement, the largest crew the station has hosted).  Breaking it is a **violation** of the
  plan, even though no hardware limit is known.
* ``warning threshold``: a published figure that real operations have exceeded on purpose, or
  an advisory value (Soyuz MS and Crew Dragon docked life, handover overlap).  Exceeding it is a
  **warning** that says where the figure comes from.
"""

from __future__ import annotations

from typing import Literal

__all__ = ["LIMIT_KINDS", "LimitKind", "severity_for"]

LimitKind = Literal["certified limit", "planning rule", "warning threshold"]
LIMIT_KINDS: tuple[LimitKind, ...] = ("certified limit", "planning rule", "warning threshold")


def severity_for(kind: LimitKind) -> Literal["violation", "warning"]:
    """The severity of a finding against a limit of ``kind``."""
    return "warning" if kind == "warning threshold" else "violation"
