"""The planner's day grid: integer day indices in the CP model, exact UTC times in the manifest.

Day index ``t`` is the UTC calendar day ``start_midnight + t days``.  A planned vehicle docks and
undocks at 12:00 UTC, so docked durations and handover overlaps are whole days exactly as the
checker measures them (a 200-day stay is 200 d 00 h, a 3-day overlap 3 d 00 h).  Day-level
occupancy (ports, crew counts) counts both the docking and the undocking day, which is
conservative with respect to the checker's second-resolution sweep; a port takes its next
vehicle one day after an undocking at the earliest, so no two events coincide on a port.

Fixed (already flown or booked) flights keep their real times; they enter the model through
conservative day indices (``covered_*`` shrink a stay, ``occupied_*`` widen it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

__all__ = ["DOCK_HOUR_UTC", "UNDOCK_HOUR_UTC", "DayGrid"]

DOCK_HOUR_UTC = 12.0
UNDOCK_HOUR_UTC = 12.0
_DAY_S = 86400.0


@dataclass(frozen=True)
class DayGrid:
    """Maps UTC instants to integer day indices relative to the horizon start's midnight."""

    start: datetime

    @property
    def midnight(self) -> datetime:
        """00:00 UTC of the horizon start day."""
        s = self.start.astimezone(UTC)
        return datetime(s.year, s.month, s.day, tzinfo=UTC)

    def days(self, t: datetime) -> float:
        """Fractional days since :attr:`midnight`."""
        return (t - self.midnight).total_seconds() / _DAY_S

    def day_of(self, t: datetime) -> int:
        """Index of the calendar day containing ``t``."""
        return math.floor(self.days(t))

    def first_day_on_or_after(self, t: datetime) -> int:
        """Smallest day index whose midnight is at or after ``t``."""
        return math.ceil(self.days(t))

    def at(self, day: int, hour_utc: float) -> datetime:
        """The UTC instant ``hour_utc`` hours into day ``day``."""
        return self.midnight + timedelta(days=day, hours=hour_utc)

    def dock_time(self, day: int) -> datetime:
        """Docking instant of a planned vehicle docking on ``day``."""
        return self.at(day, DOCK_HOUR_UTC)

    def undock_time(self, day: int) -> datetime:
        """Undocking instant of a planned vehicle undocking on ``day``."""
        return self.at(day, UNDOCK_HOUR_UTC)

    def covered_dock_day(self, dock: datetime) -> int:
        """Earliest model docking day whose docking instant is not before the real ``dock``."""
        return math.ceil(self.days(dock) - DOCK_HOUR_UTC / 24.0)

    def covered_undock_day(self, undock: datetime) -> int:
        """Latest model undocking day whose undocking instant is not after the real ``undock``."""
        return math.floor(self.days(undock) - UNDOCK_HOUR_UTC / 24.0)

    def last_dock_day_before(self, t: datetime) -> int:
        """Latest day whose docking instant is at or before ``t``."""
        return math.floor(self.days(t) - DOCK_HOUR_UTC / 24.0)

    def first_undock_day_after(self, t: datetime) -> int:
        """Earliest day whose undocking instant is at or after ``t``."""
        return math.ceil(self.days(t) - UNDOCK_HOUR_UTC / 24.0)

    def launch_day_offset(self, launch_to_dock_h: float) -> int:
        """Launch day minus docking day for a vehicle with this launch-to-docking time."""
        return math.floor((DOCK_HOUR_UTC - launch_to_dock_h) / 24.0)

    def landing_day_offset(self, undock_to_landing_h: float) -> int:
        """Landing day minus undocking day."""
        return math.floor((UNDOCK_HOUR_UTC + undock_to_landing_h) / 24.0)
