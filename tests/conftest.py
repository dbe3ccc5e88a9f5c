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
