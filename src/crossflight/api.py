"""The curated public API of crossflight: what users import.

>>> from crossflight.api import load_builtin_manifest, check_manifest
>>> report = check_manifest(load_builtin_manifest("iss-2022-2025"))

Groups, in the order data flows: errors and time; the station model and manifests; the
independent rules checker; station orbits and launch windows; rendezvous simulation and its
outputs; crew-rotation planning.  A test asserts that ``__all__`` is complete and importable.
"""

from __future__ import annotations

from crossflight.errors import (
    CrossflightError,
    ElementSetError,
    InfeasibleRequestError,
    InputError,
    ManifestError,
    NaiveDatetimeError,
    ProfileError,
    PropagationError,
    RequestError,
    StaleElementSetError,
    StaleElementSetWarning,
    UnknownIdError,
    VerificationError,
)
from crossflight.flight.orbits import STALE_LIMIT_DAYS, StationOrbit, load_station_orbit
from crossflight.flight.rendezvous import (
    BurnRecord,
    DispersionSummary,
    RendezvousResult,
    disperse_rendezvous,
    simulate_rendezvous,
)
from crossflight.flight.windows import Opportunity, ProfileOption, find_opportunities
from crossflight.io.czml import CzmlTrack, write_czml
from crossflight.io.ics import ics_text, write_ics
from crossflight.io.manifest import (
    dumps_manifest,
    load_builtin_manifest,
    load_manifest,
    loads_manifest,
    write_manifest,
)
from crossflight.io.oem import OemSegment, write_oem
from crossflight.io.omm import parse_omm_text, read_omm
from crossflight.io.request import load_request, loads_request
from crossflight.io.tle import ElementSet, parse_tle_text, read_tle
from crossflight.model.agencies import Agency
from crossflight.model.catalog import (
    builtin_manifest_ids,
    data_files,
    load_agencies,
    load_crew_catalog,
    load_station,
    load_vehicle_types,
)
from crossflight.model.crew import CrewMember
from crossflight.model.flights import ExtraSeats, Flight, Relocation, SeatMove, VehicleStatus
from crossflight.model.launchers import get_launcher, load_launchers, load_profiles, profiles_for
from crossflight.model.manifest import Manifest, Period, StationSpec
from crossflight.model.request import PlanningRequest
from crossflight.model.resolve import ResolvedManifest
from crossflight.model.rulesconfig import (
    CrewSizeRule,
    HandoverRule,
    Representation,
    RulesConfig,
    SeatSwapPeriod,
    VehicleLifeRule,
)
from crossflight.model.sites import LaunchSite, custom_site, get_site, load_sites
from crossflight.model.stations import Port, Segment, Station
from crossflight.model.vehicles import VehicleType
from crossflight.planning.explanation import explain
from crossflight.planning.plan import Plan, make_plan, write_plan
from crossflight.planning.solver import SolveOptions
from crossflight.planning.summary import PlanSummary, summarize
from crossflight.plots.rendezvous_chart import write_rendezvous_plot
from crossflight.rules import CheckReport, Violation, check_manifest
from crossflight.times import format_utc, from_unix_s, parse_utc, require_utc, to_unix_s

__all__ = [
    "STALE_LIMIT_DAYS",
    "Agency",
    "BurnRecord",
    "CheckReport",
    "CrewMember",
    "CrewSizeRule",
    "CrossflightError",
    "CzmlTrack",
    "DispersionSummary",
    "ElementSet",
    "ElementSetError",
    "ExtraSeats",
    "Flight",
    "HandoverRule",
    "InfeasibleRequestError",
    "InputError",
    "LaunchSite",
    "Manifest",
    "ManifestError",
    "NaiveDatetimeError",
    "OemSegment",
    "Opportunity",
    "Period",
    "Plan",
    "PlanSummary",
    "PlanningRequest",
    "Port",
    "ProfileError",
    "ProfileOption",
    "PropagationError",
    "Relocation",
    "RendezvousResult",
    "Representation",
    "RequestError",
    "ResolvedManifest",
    "RulesConfig",
    "SeatMove",
    "SeatSwapPeriod",
    "Segment",
    "SolveOptions",
    "StaleElementSetError",
    "StaleElementSetWarning",
    "Station",
    "StationOrbit",
    "StationSpec",
    "UnknownIdError",
    "VehicleLifeRule",
    "VehicleStatus",
    "VehicleType",
    "VerificationError",
    "Violation",
    "builtin_manifest_ids",
    "check_manifest",
    "custom_site",
    "data_files",
    "disperse_rendezvous",
    "dumps_manifest",
    "explain",
    "find_opportunities",
    "format_utc",
    "from_unix_s",
    "get_launcher",
    "get_site",
    "ics_text",
    "load_agencies",
    "load_builtin_manifest",
    "load_crew_catalog",
    "load_launchers",
    "load_manifest",
    "load_profiles",
    "load_request",
    "load_sites",
    "load_station",
    "load_station_orbit",
    "load_vehicle_types",
    "loads_manifest",
    "loads_request",
    "make_plan",
    "parse_omm_text",
    "parse_tle_text",
    "parse_utc",
    "profiles_for",
    "read_omm",
    "read_tle",
    "require_utc",
    "simulate_rendezvous",
    "summarize",
    "to_unix_s",
    "write_czml",
    "write_ics",
    "write_manifest",
    "write_oem",
    "write_plan",
    "write_rendezvous_plot",
]
