"""What-if campaigns: the MS-22 replay against the real outcome, determinism across engines and
workers, the CLI and its bad input."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest
from scipy.stats import binomtest
from tests.cli_runner import run_cli

from crossflight.campaigns.campaign import load_campaign_plan, run_campaign
from crossflight.campaigns.events import draw_uniforms, no_events, sample_events
from crossflight.campaigns.judge import judge
from crossflight.campaigns.oracle import scenario_manifest
from crossflight.campaigns.realisation import realise
from crossflight.campaigns.structure import build_structure
from crossflight.campaigns.summary import wilson_interval
from crossflight.io.manifest import load_builtin_manifest, load_manifest
from crossflight.model.campaigns import get_policy, load_campaign_model
from crossflight.model.resolve import resolve_manifest
from crossflight.rules import check_manifest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
PLAN_2026 = EXAMPLES / "manifest-iss-2026-2030.toml"
BEFORE_LEAK = EXAMPLES / "manifest-iss-2022-2023-before-leak.toml"
DAY_S = 86400.0
FIVE_DAYS_S = 5 * DAY_S
MS22_LEAK_UTC_S = 1671065100  # 2022-12-15T00:45:00Z, flights.csv / history vehicle_status


def _replay_ms22() -> tuple[dict[str, np.ndarray], object]:
    st = build_structure(resolve_manifest(load_manifest(BEFORE_LEAK), source=str(BEFORE_LEAK)))
    ev = no_events(st, load_campaign_model(), np.arange(1))
    i = st.flight_ids.index("soyuz-ms-22")
    ev.anomaly_dt_s[0, i] = MS22_LEAK_UTC_S - st.dock0[i]
    rz = realise(st, ev, get_policy(None))
    return judge(st, rz), scenario_manifest(st, rz, 0)


def test_ms22_replay_reproduces_the_real_outcome() -> None:
    out, m = _replay_ms22()
    real = load_builtin_manifest("iss-2022-2025")
    real_f = {f.id: f for f in real.flights}
    sim_f = {f.id: f for f in m.flights}  # type: ignore[attr-defined]
    # the replacement Soyuz flew uncrewed and brought the MS-22 crew home, as MS-23 did
    assert out["replacement_flown"][0]
    assert sim_f["soyuz-ms-23"].crew_up == real_f["soyuz-ms-23"].crew_up == []
    assert set(sim_f["soyuz-ms-23"].crew_down) == set(real_f["soyuz-ms-23"].crew_down or [])
    assert sim_f["soyuz-ms-22"].crew_down == real_f["soyuz-ms-22"].crew_down == []
    leak = MS22_LEAK_UTC_S
    assert (
        leak
        < sim_f["soyuz-ms-23"].launch_utc.timestamp()
        < load_manifest(BEFORE_LEAK).flights[2].launch_utc.timestamp()
    )
    # the crew's stay was extended to about a year: the real one was 371 days
    real_stay = (real_f["soyuz-ms-23"].undock_utc - real_f["soyuz-ms-22"].dock_utc).total_seconds()
    sim_stay = (sim_f["soyuz-ms-23"].undock_utc - sim_f["soyuz-ms-22"].dock_utc).total_seconds()
    assert abs(sim_stay - real_stay) < FIVE_DAYS_S
    assert 350 * DAY_S < sim_stay < 380 * DAY_S
    # no fit lifeboat for the MS-22 crew from the leak on: Rubio until his seat moved to the
    # Dragon, the two cosmonauts until the replacement docked
    r2 = {v.subject: v for v in check_manifest(m).violations if v.rule == "R2"}  # type: ignore[arg-type]
    assert set(r2) == {"prokopyev", "petelin", "rubio"}
    assert all(v.start_utc.timestamp() == leak for v in r2.values())
    moves = {(s.person, s.to_flight): s.time_utc for s in m.seat_moves}  # type: ignore[attr-defined]
    assert r2["rubio"].end_utc == moves[("rubio", "crew-5")]
    assert r2["petelin"].end_utc == r2["prokopyev"].end_utc == sim_f["soyuz-ms-23"].dock_utc
    assert r2["rubio"].end_utc < r2["petelin"].end_utc
    assert out["no_fit_lifeboat_s"][0] == (sim_f["soyuz-ms-23"].dock_utc.timestamp() - leak)


def test_events_depend_on_seed_and_index_only() -> None:
    st = build_structure(resolve_manifest(load_manifest(PLAN_2026)))
    model = load_campaign_model()
    whole = sample_events(st, model, 42, np.arange(50))
    part = sample_events(st, model, 42, np.arange(20, 30))
    assert np.array_equal(whole.slip_s[20:30], part.slip_s)
    assert np.array_equal(whole.anomaly_dt_s[20:30], part.anomaly_dt_s)
    # scenario 25's stream is SeedSequence(42).spawn(n)[25], whatever n and the batch
    spawned = np.random.SeedSequence(42).spawn(50)[25]
    expected = np.random.Generator(np.random.PCG64(spawned)).random(17)
    assert np.array_equal(draw_uniforms(42, np.array([25]), 17)[0], expected)
    again = sample_events(st, model, 42, np.array([25]))
    assert np.array_equal(again.slip_s[0], whole.slip_s[25])


def _summary(**kw: object) -> str:
    plan = load_manifest(PLAN_2026)
    res = run_campaign(plan, scenarios=600, seed=9, **kw)  # type: ignore[arg-type]
    return json.dumps(res.summary, sort_keys=True)


def test_same_seed_same_summary_at_1_and_2_workers_and_any_batch() -> None:
    one = _summary(workers=1)
    assert one == _summary(workers=2, batch=150)
    assert one == _summary(workers=1, batch=7)
    assert one != _summary(workers=1, policy="extend-crews")


@pytest.mark.slow
def test_ray_engine_gives_the_same_summary() -> None:
    ray = pytest.importorskip("ray")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        assert _summary(engine="ray", batch=200) == _summary(workers=1)
    finally:
        ray.shutdown()


@pytest.mark.parametrize(("k", "n"), [(0, 50), (3, 40), (20, 20), (613, 1000)])
def test_wilson_interval_matches_scipy(k: int, n: int) -> None:
    ci = binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    lo, hi = wilson_interval(k, n)
    assert lo == pytest.approx(ci.low, abs=1e-12)
    assert hi == pytest.approx(ci.high, abs=1e-12)


def test_cli_json_and_output_directory(tmp_path: Path) -> None:
    out = tmp_path / "wi"
    res = run_cli(
        "whatif",
        str(PLAN_2026),
        "--scenarios",
        "300",
        "--seed",
        "4",
        "--workers",
        "1",
        "--out",
        str(out),
        "--json",
    )
    assert res.returncode == 0, res.stderr
    doc = json.loads(res.stdout)
    assert doc["scenarios"] == 300
    for rule in ("R1", "R2", "R3", "R4", "R5", "R6", "R7"):
        lo, hi = doc["p_violation"][rule]["ci95"]
        assert 0 <= lo <= doc["p_violation"][rule]["p"] <= hi <= 1
    assert {"p50", "p95", "p99"} <= set(doc["crew_extension_days"])
    table = pq.read_table(out / "scenarios.parquet")
    assert table.num_rows == 300
    assert table.column("scenario").to_pylist() == list(range(300))
    assert json.loads((out / "summary.json").read_text()) == doc
    html = (out / "campaign.html").read_text(encoding="utf-8")
    assert '<script src="http' not in html and "plotly" in html.lower()
    assert (out / "campaign.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp dirs left


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--policy", "hope"], "--policy: unknown policy 'hope'"),
        (["--scenarios", "-5"], "--scenarios: -5 scenarios"),
        (["--engine", "spark"], "--engine: unknown engine 'spark'"),
    ],
)
def test_cli_bad_input_one_line_exit_2(args: list[str], needle: str, tmp_path: Path) -> None:
    res = run_cli("whatif", str(PLAN_2026), *args, "--out", str(tmp_path / "o"))
    assert res.returncode == 2
    assert res.stderr.count("\n") == 1 and needle in res.stderr and "Traceback" not in res.stderr
    assert not (tmp_path / "o").exists()


def test_cli_rejects_a_planning_request(tmp_path: Path) -> None:
    res = run_cli("whatif", str(EXAMPLES / "plan-iss-2026-2030.toml"))
    assert res.returncode == 2
    assert res.stderr.count("\n") == 1
    assert "planning request, not a plan" in res.stderr and "plan-crew" in res.stderr
    bad = tmp_path / "bad.toml"
    bad.write_text('format = "crossflight-manifest/1"\nflights = 3\n', encoding="utf-8")
    res = run_cli("whatif", str(bad))
    assert res.returncode == 2 and res.stderr.count("\n") == 1 and str(bad) in res.stderr


def test_load_campaign_plan_rejects_plans_with_seat_moves() -> None:
    from crossflight.errors import ManifestError

    with pytest.raises(ManifestError, match="seat_moves"):
        load_campaign_plan(EXAMPLES / "ms22-leak.toml")
