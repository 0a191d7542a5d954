"""The curated public API of crossflight: what users import.

>>> from crossflight.api import load_builtin_manifest, check_manifest
>>> report = check_manifest(load_builtin_manifest("iss-2022-2025"))

Groups, in the order data flows: errors and time; the station model and manifests; the
independent rules checker; station orbits and launch windows; rendezvous simulation and its
outputs; crew-rotation planning; experiment scheduling; what-if campaigns.  A test asserts
that ``__all__`` is complete and importable.
"""

from __future__ import annotations

from crossflight.campaigns.campaign import CampaignResult, load_campaign_plan, run_campaign
from crossflight.campaigns.results import write_campaign
from crossflight.campaigns.summary import wilson_interval
from crossflight.errors import (
    CatalogError,
    CrossflightError,
    ElementSetError,
    FetchError,
    InfeasibleRequestError,
    InputError,
    ManifestError,
    NaiveDatetimeError,
    ProfileError,
    PropagationError,
    RequestError,
    ScenarioError,
    StaleElementSetError,
    StaleElementSetWarning,
    UnknownIdError,
    VerificationError,
)
from crossflight.experiments.scheduler import (
    ScheduleOptions,
    SolverProgress,
    schedule_increment,
    solve_schedule,
)
from crossflight.experiments.verifier import verify_schedule
from crossflight.flight.orbits import (
    HARD_STALE_LIMIT_DAYS,
    STALE_LIMIT_DAYS,
    StationOrbit,
    load_station_orbit,
)
from crossflight.flight.rendezvous import (
    BurnRecord,
    DispersionSummary,
    RendezvousResult,
    disperse_rendezvous,
    simulate_rendezvous,
)
from crossflight.flight.station_sources import StationSource, resolve_station
from crossflight.flight.windows import Opportunity, ProfileOption, find_opportunities
from crossflight.io.catalog import load_catalog, loads_catalog
from crossflight.io.czml import CzmlTrack, write_czml
from crossflight.io.files import atomic_path, write_text_atomic
from crossflight.io.ics import CalendarEvent, events_ics_text, ics_text, write_events_ics, write_ics
from crossflight.io.increment import load_increment, loads_increment, setup_increment
from crossflight.io.manifest import (
    dumps_manifest,
    load_builtin_manifest,
    load_manifest,
    loads_manifest,
    write_manifest,
)
from crossflight.io.oem import OemSegment, write_oem
from crossflight.io.omm import parse_omm_text, read_omm
from crossflight.io.orbit_archive import archive_element_sets
from crossflight.io.orbit_cache import fetch_to_cache, list_cache
from crossflight.io.request import load_request, loads_request
from crossflight.io.scenario import LoadedScenario, load_builtin_scenario, load_scenario
from crossflight.io.schedule import (
    schedule_csv,
    schedule_ics,
    write_schedule_csv,
    write_schedule_ics,
    write_schedule_json,
)
from crossflight.io.tables import write_csv, write_parquet, write_table_columns
from crossflight.io.tle import ElementSet, parse_tle_text, read_tle
from crossflight.io.validation import (
    ValidationFlight,
    get_validation_flight,
    load_validation_flights,
)
from crossflight.model.agencies import Agency
from crossflight.model.campaigns import (
    CampaignModel,
    Policy,
    get_policy,
    load_campaign_model,
    load_policies,
    policy_names,
)
from crossflight.model.catalog import (
    builtin_manifest_ids,
    data_files,
    load_agencies,
    load_crew_catalog,
    load_station,
    load_vehicle_types,
)
from crossflight.model.crew import CrewMember
from crossflight.model.experiments import Catalog, Equipment, Experiment
from crossflight.model.flights import ExtraSeats, Flight, Relocation, SeatMove, VehicleStatus
from crossflight.model.increment import CrewDay, Increment, IncrementSetup
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
from crossflight.model.scenario import Scenario
from crossflight.model.schedule import Schedule, ScheduledSession, Unscheduled
from crossflight.model.sites import LaunchSite, custom_site, get_site, load_sites
from crossflight.model.stations import Port, Segment, Station
from crossflight.model.vehicles import VehicleType
from crossflight.planning.explanation import explain
from crossflight.planning.plan import Plan, make_plan, write_plan
from crossflight.planning.solver import SolveOptions
from crossflight.planning.summary import PlanSummary, summarize
from crossflight.plots.campaign_charts import failure_curves, write_campaign_chart
from crossflight.plots.ground_track import (
    ground_track_deg,
    ground_track_figure,
    write_ground_track_png,
)
from crossflight.plots.rendezvous_chart import rendezvous_figure, write_rendezvous_plot
from crossflight.plots.schedule_chart import write_schedule_plot
from crossflight.rules import RULE_TITLES, CheckReport, Violation, check_manifest
from crossflight.rules.occupancy import LifeboatSpan, occupancy
from crossflight.times import format_utc, from_unix_s, parse_utc, require_utc, to_unix_s

__all__ = [
    "HARD_STALE_LIMIT_DAYS",
    "RULE_TITLES",
    "STALE_LIMIT_DAYS",
    "Agency",
    "BurnRecord",
    "CalendarEvent",
    "CampaignModel",
    "CampaignResult",
    "Catalog",
    "CatalogError",
    "CheckReport",
    "CrewDay",
    "CrewMember",
    "CrewSizeRule",
    "CrossflightError",
    "CzmlTrack",
    "DispersionSummary",
    "ElementSet",
    "ElementSetError",
    "Equipment",
    "Experiment",
    "ExtraSeats",
    "FetchError",
    "Flight",
    "HandoverRule",
    "Increment",
    "IncrementSetup",
    "InfeasibleRequestError",
    "InputError",
    "LaunchSite",
    "LifeboatSpan",
    "LoadedScenario",
    "Manifest",
    "ManifestError",
    "NaiveDatetimeError",
    "OemSegment",
    "Opportunity",
    "Period",
    "Plan",
    "PlanSummary",
    "PlanningRequest",
    "Policy",
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
    "Scenario",
    "ScenarioError",
    "Schedule",
    "ScheduleOptions",
    "ScheduledSession",
    "SeatMove",
    "SeatSwapPeriod",
    "Segment",
    "SolveOptions",
    "SolverProgress",
    "StaleElementSetError",
    "StaleElementSetWarning",
    "Station",
    "StationOrbit",
    "StationSource",
    "StationSpec",
    "UnknownIdError",
    "Unscheduled",
    "ValidationFlight",
    "VehicleLifeRule",
    "VehicleStatus",
    "VehicleType",
    "VerificationError",
    "Violation",
    "archive_element_sets",
    "atomic_path",
    "builtin_manifest_ids",
    "check_manifest",
    "custom_site",
    "data_files",
    "disperse_rendezvous",
    "dumps_manifest",
    "events_ics_text",
    "explain",
    "failure_curves",
    "fetch_to_cache",
    "find_opportunities",
    "format_utc",
    "from_unix_s",
    "get_launcher",
    "get_policy",
    "get_site",
    "get_validation_flight",
    "ground_track_deg",
    "ground_track_figure",
    "ics_text",
    "list_cache",
    "load_agencies",
    "load_builtin_manifest",
    "load_builtin_scenario",
    "load_campaign_model",
    "load_campaign_plan",
    "load_catalog",
    "load_crew_catalog",
    "load_increment",
    "load_launchers",
    "load_manifest",
    "load_policies",
    "load_profiles",
    "load_request",
    "load_scenario",
    "load_sites",
    "load_station",
    "load_station_orbit",
    "load_validation_flights",
    "load_vehicle_types",
    "loads_catalog",
    "loads_increment",
    "loads_manifest",
    "loads_request",
    "make_plan",
    "occupancy",
    "parse_omm_text",
    "parse_tle_text",
    "parse_utc",
    "policy_names",
    "profiles_for",
    "read_omm",
    "read_tle",
    "rendezvous_figure",
    "require_utc",
    "resolve_station",
    "run_campaign",
    "schedule_csv",
    "schedule_ics",
    "schedule_increment",
    "setup_increment",
    "simulate_rendezvous",
    "solve_schedule",
    "summarize",
    "to_unix_s",
    "verify_schedule",
    "wilson_interval",
    "write_campaign",
    "write_campaign_chart",
    "write_csv",
    "write_czml",
    "write_events_ics",
    "write_ground_track_png",
    "write_ics",
    "write_manifest",
    "write_oem",
    "write_parquet",
    "write_plan",
    "write_rendezvous_plot",
    "write_schedule_csv",
    "write_schedule_ics",
    "write_schedule_json",
    "write_schedule_plot",
    "write_table_columns",
    "write_text_atomic",
]
