"""Physical constants of the numeric core, with units in the names and their sources.

SGP4 element sets are defined with the WGS-72 constants (Vallado et al. 2006, AIAA 2006-6753,
"Revisiting Spacetrack Report #3"); geodetic site positions use WGS-84 (NIMA TR8350.2).
The J2 secular rates used for plane-regression and phasing are first-order theory
(Vallado, *Fundamentals of Astrodynamics and Applications*, 4th ed., eq. 9-41), for which the
WGS-84 / EGM96 values below are used.
"""

from __future__ import annotations

import math

__all__ = [
    "DAY_S",
    "J2",
    "MU_EARTH_KM3_S2",
    "MU_EARTH_WGS72_KM3_S2",
    "OMEGA_EARTH_RAD_S",
    "R_EARTH_KM",
    "R_EARTH_WGS72_KM",
    "SIDEREAL_DAY_S",
    "STANDARD_GRAVITY_M_S2",
    "UNIX_EPOCH_JD",
]

#: Earth gravitational parameter, km^3/s^2 (WGS-84 / EGM96, NIMA TR8350.2 table 3.1).
MU_EARTH_KM3_S2 = 398600.4418
#: Earth gravitational parameter used by SGP4, km^3/s^2 (WGS-72; AIAA 2006-6753).
MU_EARTH_WGS72_KM3_S2 = 398600.8
#: Earth equatorial radius, km (WGS-84, NIMA TR8350.2).
R_EARTH_KM = 6378.137
#: Earth equatorial radius used by SGP4, km (WGS-72; AIAA 2006-6753).
R_EARTH_WGS72_KM = 6378.135
#: Second zonal harmonic, dimensionless (EGM96 unnormalised C20 = -J2; Vallado table D-1).
J2 = 1.08262668e-3
#: Earth rotation rate, rad/s (WGS-84 nominal mean angular velocity).
OMEGA_EARTH_RAD_S = 7.292115e-5
#: Length of a mean sidereal day, s.
SIDEREAL_DAY_S = 2.0 * math.pi / OMEGA_EARTH_RAD_S
#: Seconds per day, s.
DAY_S = 86400.0
#: Julian date of the POSIX epoch 1970-01-01T00:00:00 UTC.
UNIX_EPOCH_JD = 2440587.5
#: Standard gravity, m/s^2 (CGPM 1901), to convert thrust limits given in g.
STANDARD_GRAVITY_M_S2 = 9.80665
