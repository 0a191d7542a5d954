"""People who fly: crew members with their agency and nationality."""

from __future__ import annotations

from crossflight.model.common import Id, Record

__all__ = ["CrewMember"]


class CrewMember(Record):
    """One person.  ``agency`` is an :class:`~crossflight.model.agencies.Agency` id.

    ``nationality`` is an ISO 3166-1 alpha-2 code (``US``, ``RU``, ``JP``…).
    """

    id: Id
    name: str = ""
    agency: Id
    nationality: str = ""
    source: str = ""
