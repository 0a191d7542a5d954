"""Real ISS flights for validation and calibration (element sets public around each launch).

Element sets: CelesTrak GP data as quoted in public repositories (checksums verify; node
histories mutually consistent at about -4.95 deg/day); the 2025-03-09 OMM, 2025-04-07 and
2025-07-01 sets are CelesTrak's.  Launch and docking times (UTC) from Roscosmos / NASA / SpaceX
announcements: russianspaceweb.com, tass.com, blogs.nasa.gov, spacex.com (minute precision
unless seconds are given).  Each row: flight, vehicle, site, profile flown, liftoff, docking.

``profile`` is what the flight flew (2-orbit / 2-day Soyuz and Progress; 1-day Crew Dragon).
Nothing in the package is fitted to one of these flights: calibrations are fitted per profile
across all of them and judged by leave-one-out (``tests/calibration.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from crossflight.flight.orbits import StationOrbit

ISS_2022_09_23 = """\
1 25544U 98067A   22266.84431519  .00008111  00000+0  14870-3 0  9996
2 25544  51.6423 207.8056 0002412 286.8120 181.5821 15.50238875360488
"""

ISS_2023_08_23 = """\
1 25544U 98067A   23231.51768399  .00014050  00000+0  25837-3 0  9996
2 25544  51.6415  14.7889 0003559 325.3396 149.4637 15.49477580411611
1 25544U 98067A   23235.51284918  .00014007  00000-0  25659-3 0  9995
2 25544  51.6426 355.0105 0003727 342.0009 113.8232 15.49590945412235
"""

ISS_2024_05_28 = """\
1 25544U 98067A   24145.18425404  .00021821  00000+0  36530-3 0  9997
2 25544  51.6393  74.2911 0003297 199.8507 300.9902 15.51793224454828
1 25544U 98067A   24148.06162966  .00017600  00000-0  30994-3 0  9997
2 25544  51.6402  60.0268 0005600 240.0999 134.8837 15.50510323455278
"""

ISS_2024_08_10 = """\
1 25544U 98067A   24223.83784911  .00020194  00000+0  36238-3 0  9994
2 25544  51.6408  44.5872 0005770 185.1957 306.5656 15.49872002467029
"""

ISS_2024_09_12 = """\
1 25544U 98067A   24256.46084667  .00027694  00000-0  50912-3 0  9998
2 25544  51.6380 243.0542 0007697 345.2843 100.4574 15.48970942472084
1 25544U 98067A   24259.04042691 -.00020782  00000+0 -36841-3 0  9993
2 25544  51.6359 230.2949 0007613 354.9391  85.5828 15.49088255472489
"""

ISS_2024_09_28 = """\
1 25544U 98067A   24272.20796705  .00058591  00000+0  10319-2 0  9996
2 25544  51.6377 165.1137 0006922  38.3252  99.3437 15.49843852474523
"""

ISS_2024_11_17 = """\
1 25544U 98067A   24320.36274227  .00015569  00000+0  28188-3 0  9999
2 25544  51.6413 286.4173 0007936 217.3657 298.3197 15.49809951481990
1 25544U 98067A   24322.09401066  .00019103  00000+0  34302-3 0  9997
2 25544  51.6410 277.8367 0007583 226.0535 235.5529 15.49882713482266
"""

ISS_2025_02_26 = """\
1 25544U 98067A   25054.44635474  .00024560  00000+0  44723-3 0  9992
2 25544  51.6356 150.3745 0005991 304.7544  55.2880 15.49325184497521
1 25544U 98067A   25057.69551956  .00051272  00000-0  91556-3 0  9991
2 25544  51.6387 134.2889 0005831 315.8203 179.6729 15.49515680498024
"""

ISS_2025_04_07 = """\
ISS (ZARYA)
1 25544U 98067A   25096.03700594  .00015269  00000+0  28194-3 0  9999
2 25544  51.6369 304.3678 0004922  13.5339 346.5781 15.49280872503978
ISS (ZARYA)
1 25544U 98067A   25097.52056586  .00011719  00000-0  21806-3 0  9999
2 25544  51.6365 297.0255 0004979  19.0825 341.0349 15.49320680504205
"""

ISS_2025_06_25 = """\
1 25544U 98067A   25173.70435133  .00010306  00000-0  18707-3 0  9990
2 25544  51.6391 279.7295 0002026 272.7719 232.5001 15.50190580516013
1 25544U 98067A   25176.66408718  .00008346  00000-0  15277-3 0  9997
2 25544  51.6390 265.0566 0001950 279.7547 194.0443 15.50239840516477
"""

ISS_2025_07_01 = """\
ISS (ZARYA)
1 25544U 98067A   25183.17152840  .00005361  00000-0  10070-3 0  9993
2 25544  51.6357 232.8024 0002162 321.8485 134.2034 15.50326686517486
ISS (ZARYA)
1 25544U 98067A   25185.47485775  .00005492  00000+0  10282-3 0  9993
2 25544  51.6344 221.3901 0002450 331.8120  28.2736 15.50368910517843
"""

ISS_2025_08_01 = """\
1 25544U 98067A   25212.99608426  .00012187  00000+0  21918-3 0  9998
2 25544  51.6364  84.9763 0002287 136.8880 197.5582 15.50259437522105
1 25544U 98067A   25214.09653981  .00010888  00000+0  19653-3 0  9996
2 25544  51.6345  79.5266 0001736 142.9190 217.1919 15.50282964522285
"""

ISS_2025_11_20 = """\
ISS (ZARYA)
1 25544U 98067A   25324.86734766  .00014275  00000-0  26737-3 0  9990
2 25544  51.6324 250.7347 0003961 150.1460 209.9755 15.48935269539463
"""

ISS_2023_02_23 = """\
ISS (ZARYA)
1 25544U 98067A   23054.08647934  .00016425  00000+0  30306-3 0  9997
2 25544  51.6387 173.6946 0005244  18.7627 155.7322 15.49238117384094
"""

ISS_2022_10_04 = """\
1 25544U 98067A   22266.84431519  .00008111  00000+0  14870-3 0  9996
2 25544  51.6423 207.8056 0002412 286.8120 181.5821 15.50238875360488
1 25544U 98067A   22277.67252396 -.00011725  00000-0 -19986-3 0  9994
2 25544  51.6412 154.1524 0003224 266.9628 188.3164 15.49705802362163
"""

ISS_2023_03_01 = """\
1 25544U 98067A   23054.08647934  .00016425  00000+0  30306-3 0  9997
2 25544  51.6387 173.6946 0005244  18.7627 155.7322 15.49238117384094
1 25544U 98067A   23060.72453421  .00027779  00000-0  50068-3 0  9993
2 25544  51.6419 140.8390 0005926  43.3718 100.9839 15.49547192385127
"""

ISS_2024_03_03 = """\
1 25544U 98067A   24063.57780891  .00014558  00000-0  26641-3 0  9995
2 25544  51.6409 118.7785 0005862 320.8537 188.7560 15.49575885442173
"""

ISS_2025_03_09_OMM = """\
[
 {
  "OBJECT_NAME": "ISS (ZARYA)",
  "OBJECT_ID": "1998-067A",
  "EPOCH": "2025-03-09T09:21:09.148608",
  "MEAN_MOTION": 15.49832014,
  "ECCENTRICITY": 0.0006344,
  "INCLINATION": 51.6366,
  "RA_OF_ASC_NODE": 81.3254,
  "ARG_OF_PERICENTER": 1.9459,
  "MEAN_ANOMALY": 74.7103,
  "EPHEMERIS_TYPE": 0,
  "CLASSIFICATION_TYPE": "U",
  "NORAD_CAT_ID": 25544,
  "ELEMENT_SET_NO": 999,
  "REV_AT_EPOCH": 49968,
  "BSTAR": 0.00019558,
  "MEAN_MOTION_DOT": 0.0001066,
  "MEAN_MOTION_DDOT": 0
 }
]
"""


@dataclass(frozen=True)
class RealFlight:
    """One real flight: what flew, from where, when it lifted off and docked."""

    name: str
    vehicle: str
    site: str
    profile: str
    liftoff_utc: datetime
    docking_utc: datetime
    elements: str  # TLE text, or OMM JSON when ``omm``
    omm: bool = False

    def station(self) -> StationOrbit:
        if self.omm:
            return StationOrbit.from_omm_text(self.elements, source=self.name)
        return StationOrbit.from_tle(self.elements)


def _t(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


FLIGHTS: tuple[RealFlight, ...] = (
    RealFlight("Soyuz MS-22", "soyuz-ms", "baikonur-31", "2-orbit",
               _t("2022-09-21T13:54:49"), _t("2022-09-21T17:06:33"), ISS_2022_09_23),
    RealFlight("Soyuz MS-26", "soyuz-ms", "baikonur-31", "2-orbit",
               _t("2024-09-11T16:23:00"), _t("2024-09-11T19:32:00"), ISS_2024_09_12),
    RealFlight("Soyuz MS-27", "soyuz-ms", "baikonur-31", "2-orbit",
               _t("2025-04-08T05:47:15"), _t("2025-04-08T08:57:45"), ISS_2025_04_07),
    RealFlight("Soyuz MS-28", "soyuz-ms", "baikonur-31", "2-orbit",
               _t("2025-11-27T09:27:57"), _t("2025-11-27T12:34:35"), ISS_2025_11_20),
    RealFlight("Soyuz MS-23", "soyuz-ms", "baikonur-31", "2-day",
               _t("2023-02-24T00:24:29"), _t("2023-02-26T00:58:00"), ISS_2023_02_23),
    RealFlight("Progress MS-27", "progress-ms", "baikonur-31", "2-day",
               _t("2024-05-30T09:42:57"), _t("2024-06-01T11:47:00"), ISS_2024_05_28),
    RealFlight("Progress MS-28", "progress-ms", "baikonur-31", "2-day",
               _t("2024-08-15T03:20:13"), _t("2024-08-17T05:53:00"), ISS_2024_08_10),
    RealFlight("Progress MS-29", "progress-ms", "baikonur-31", "2-day",
               _t("2024-11-21T12:22:00"), _t("2024-11-23T14:31:00"), ISS_2024_11_17),
    RealFlight("Progress MS-30", "progress-ms", "baikonur-31", "2-day",
               _t("2025-02-27T21:24:00"), _t("2025-03-01T23:02:00"), ISS_2025_02_26),
    RealFlight("Progress MS-31", "progress-ms", "baikonur-31", "2-day",
               _t("2025-07-03T19:32:40"), _t("2025-07-05T21:27:00"), ISS_2025_07_01),
    RealFlight("Crew-5", "crew-dragon", "ksc-39a", "1-day",
               _t("2022-10-05T16:00:00"), _t("2022-10-06T21:01:00"), ISS_2022_10_04),
    RealFlight("Crew-6", "crew-dragon", "ksc-39a", "1-day",
               _t("2023-03-02T05:34:00"), _t("2023-03-03T06:40:00"), ISS_2023_03_01),
    RealFlight("Crew-7", "crew-dragon", "ksc-39a", "1-day",
               _t("2023-08-26T07:27:00"), _t("2023-08-27T13:16:00"), ISS_2023_08_23),
    RealFlight("Crew-8", "crew-dragon", "ksc-39a", "1-day",
               _t("2024-03-04T03:53:00"), _t("2024-03-05T07:28:00"), ISS_2024_03_03),
    RealFlight("Crew-9", "crew-dragon", "ccsfs-40", "1-day",
               _t("2024-09-28T17:17:00"), _t("2024-09-29T21:30:00"), ISS_2024_09_28),
    RealFlight("Crew-10", "crew-dragon", "ksc-39a", "1-day",
               _t("2025-03-14T23:03:00"), _t("2025-03-16T04:04:00"), ISS_2025_03_09_OMM, omm=True),
    RealFlight("Ax-4", "crew-dragon", "ksc-39a", "1-day",
               _t("2025-06-25T06:31:00"), _t("2025-06-26T10:31:00"), ISS_2025_06_25),
    RealFlight("Crew-11", "crew-dragon", "ksc-39a", "1-day",
               _t("2025-08-01T15:43:00"), _t("2025-08-02T06:27:00"), ISS_2025_08_01),
)  # fmt: skip


def by_profile(profile: str) -> tuple[RealFlight, ...]:
    return tuple(f for f in FLIGHTS if f.profile == profile)
