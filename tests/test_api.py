"""The curated public API: ``__all__`` is complete, importable and sorted."""

import crossflight
import crossflight.api as api


def test_all_names_importable() -> None:
    missing = [name for name in api.__all__ if not hasattr(api, name)]
    assert missing == []


def test_all_is_complete() -> None:
    public = {
        name
        for name, value in vars(api).items()
        if not name.startswith("_") and getattr(value, "__module__", "").startswith("crossflight")
    }
    assert public - set(api.__all__) == set()


def test_all_unique() -> None:
    assert len(api.__all__) == len(set(api.__all__))


def test_front_door_covers_each_layer() -> None:
    """One name per layer at least: checker, windows, rendezvous, planner, orbits."""
    for name in (
        "check_manifest",
        "find_opportunities",
        "simulate_rendezvous",
        "make_plan",
        "StationOrbit",
        "load_builtin_manifest",
    ):
        assert name in api.__all__


def test_version() -> None:
    assert crossflight.__version__.count(".") == 2
