"""Fixtures for the strand 4 tests: a private copy of the demo data, its
parameters, and a fixed classification of councils standing in for strand 3's
output (so the unit tests do not depend on strand 3 being built)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from csrr import councils
from csrr.params import load_params
from csrr.paths import DEMO_DATA_DIR, PARAMS_DIR
from csrr.strand4 import analysis, data

DEMO = DEMO_DATA_DIR / "strand4"
LABELS = {
    "ijb-all": "Children's health and social work delegated",
    "ijb-health": "Children's health only delegated",
    "not-delegated": "No children's services delegated",
    "lead-agency": "Lead-agency model (Highland)",
}


def classification_frame() -> pd.DataFrame:
    """A stand-in for strand 3's classification: Highland lead agency, the rest in turn.

    Each island council gets a different arrangement, the hard case for
    disclosure control (a small council alone in its part of one partition).
    """
    codes = list(councils.CODES)
    arrangement = {}
    cycle = ["ijb-all", "ijb-health", "not-delegated"]
    for k, code in enumerate(c for c in codes if c != "S12000017"):
        arrangement[code] = cycle[k % 3]
    arrangement["S12000017"] = "lead-agency"
    arrangement["S12000023"] = "ijb-all"  # Orkney
    arrangement["S12000027"] = "ijb-health"  # Shetland
    arrangement["S12000013"] = "not-delegated"  # Na h-Eileanan Siar
    return pd.DataFrame(
        {
            "council_code": codes,
            "council_name": [councils.NAMES[c] for c in codes],
            "region": [councils.REGIONS[c] for c in codes],
            "arrangement": [arrangement[c] for c in codes],
            "arrangement_label": [LABELS[arrangement[c]] for c in codes],
        }
    )


@pytest.fixture(scope="session")
def params() -> dict[str, Any]:
    """The strand's real parameters (params/common.yml + params/strand4.yml)."""
    return load_params(PARAMS_DIR / "strand4.yml")


@pytest.fixture(scope="session")
def classification() -> pd.DataFrame:
    """The stand-in classification."""
    return classification_frame()


@pytest.fixture(scope="session")
def survey() -> data.Survey:
    """The demo survey, loaded and validated."""
    return data.load(DEMO_DATA_DIR)


@pytest.fixture(scope="session")
def prep(survey, classification, params) -> analysis.Prepared:
    """The demo responses, prepared."""
    return analysis.prepare(survey, classification, params)


@pytest.fixture(scope="session")
def release(prep, params) -> analysis.Release:
    """Every published table of the demo, protected and audited (run once)."""
    return analysis.build_release(prep, params)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A data folder holding a copy of the strand 4 demo files (safe to doctor)."""
    shutil.copytree(DEMO, tmp_path / "strand4")
    return tmp_path


@pytest.fixture(scope="module")
def results(prep, release, params):
    """The analysis the report runs, on the demo data."""
    from csrr.strand4 import analysis, report

    rel = analysis.reliability(prep, params)
    compared = analysis.compared_arrangements(prep, release, params)
    adjusted = analysis.adjusted_differences(prep, params, compared)
    found = report.findings(prep, release, rel, adjusted, params)
    return report.Results(prep, release, rel, compared, adjusted, found, params)
