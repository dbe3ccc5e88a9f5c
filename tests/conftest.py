"""Shared fixtures: paths to ../shared (skipped cleanly when absent) and small clusters."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
MULTINEWS = SHARED / "data" / "multinews"


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS.is_dir() or not any(SEEDS.glob("*.txt")):
        pytest.skip("../shared/seeds is not available")
    return SEEDS


@pytest.fixture
def multinews_dir() -> Path:
    if not (MULTINEWS / "validation.jsonl.gz").is_file():
        pytest.skip("../shared/data/multinews is not available")
    return MULTINEWS


# Hypothesis profiles (tests/test_fuzz.py): "ci", the default, is derandomized and keeps no
# example database, so CI explores the same examples every run and cannot flake on a loaded
# machine (no deadline either); "dev" draws fresh random examples.  HYPOTHESIS_PROFILE=dev.
try:
    from hypothesis import HealthCheck, settings
except ImportError:  # the test extra brings hypothesis; without it only the fuzz tests fail
    pass
else:
    _common = {
        "deadline": None,
        "suppress_health_check": [HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    }
    settings.register_profile("ci", derandomize=True, database=None, **_common)
    settings.register_profile("dev", **_common)
    import os as _os

    settings.load_profile(_os.environ.get("HYPOTHESIS_PROFILE", "ci"))
