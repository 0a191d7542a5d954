"""Stations, their segments (each operated by an agency) and their ports."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from crossflight.model.common import Id, Record

__all__ = ["Port", "PortKind", "Segment", "Station"]

PortKind = Literal["docking", "berthing"]


class Segment(Record):
    """A part of the station operated by one agency (``russian`` by ``ROSCOSMOS``…)."""

    id: Id
    name: str = ""
    agency: Id
    source: str = ""


class Port(Record):
    """A docking port (vehicle docks itself) or berthing port (captured by the robotic arm).

    ``vehicles`` lists the compatible vehicle type ids.  ``neighbours`` lists ports that must
    be free at the instant a vehicle arrives at this port (docking or relocation arrival).
    """

    id: Id
    name: str = ""
    segment: Id
    kind: PortKind = "docking"
    vehicles: list[Id] = Field(default_factory=list)
    neighbours: list[Id] = Field(default_factory=list)
    source: str = ""


class Station(Record):
    """A station: segments and ports."""

    id: Id
    name: str = ""
    segments: list[Segment]
    ports: list[Port]
    source: str = ""

    def segment(self, segment_id: str) -> Segment | None:
        """The segment ``segment_id`` or ``None``."""
        return next((s for s in self.segments if s.id == segment_id), None)

    def port(self, port_id: str) -> Port | None:
        """The port ``port_id`` or ``None``."""
        return next((p for p in self.ports if p.id == port_id), None)
