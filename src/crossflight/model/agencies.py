"""Space agencies (and other crew providers: private, national programmes)."""

from __future__ import annotations

from crossflight.model.common import Id, Record

__all__ = ["Agency"]


class Agency(Record):
    """An organisation that flies people: ``NASA``, ``ROSCOSMOS``, ``AXIOM``, ``PRIVATE``…"""

    id: Id
    name: str = ""
    country: str = ""
    source: str = ""
