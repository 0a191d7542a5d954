"""Named tolerances in physical units (as skyfield names its own: ``two_meters``).

A test compares against an authority within one of these; a loose one says why where it is used.
Distances are in km and speeds in km/s, the units of the numeric core.
"""

from __future__ import annotations

# distances (km)
ONE_MICROMETER_KM = 1e-9
ONE_MILLIMETER_KM = 1e-6
ONE_CENTIMETER_KM = 1e-5
ONE_METER_KM = 1e-3
TEN_METERS_KM = 1e-2
FIFTY_METERS_KM = 5e-2

# speeds (km/s)
ONE_NANOMETER_PER_S_KM_S = 1e-12
ONE_MICROMETER_PER_S_KM_S = 1e-9
ONE_TENTH_MILLIMETER_PER_S_KM_S = 1e-7
ONE_MILLIMETER_PER_S_KM_S = 1e-6
TEN_CENTIMETERS_PER_S_KM_S = 1e-4

# angles on the Earth (degrees): 1e-7 deg of latitude is 1.1 cm on the ground
ONE_CENTIMETER_ON_THE_GROUND_DEG = 1e-7

# times
TWO_MILLISECONDS_S = 2e-3
SIXTY_MICROSECONDS_MIN = 1e-6  # tsince (minutes) of Vallado's listing
