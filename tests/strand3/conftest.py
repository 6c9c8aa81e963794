"""Fixtures for the strand 3 tests: a private copy of the demo data, and its parameters."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from csrr.params import load_params
from csrr.paths import DEMO_DATA_DIR, PARAMS_DIR
from csrr.strand3 import analysis, data

DEMO = DEMO_DATA_DIR / "strand3"


@pytest.fixture(scope="session")
def params() -> dict[str, Any]:
    """The strand's real parameters (params/common.yml + params/strand3.yml)."""
    return load_params(PARAMS_DIR / "strand3.yml")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A data folder holding a copy of the strand 3 demo files (safe to doctor)."""
    shutil.copytree(DEMO, tmp_path / "strand3")
    return tmp_path


@pytest.fixture(scope="session")
def results(params) -> analysis.Results:
    """The whole analysis of the demo data, run once."""
    return analysis.analyse(data.load(DEMO_DATA_DIR, params), params)
