"""Fixtures of the strand 1 tests: its parameters and a copy of its demo data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from csrr.params import load_params
from csrr.paths import DEMO_DATA_DIR, PARAMS_DIR
from csrr.strand1.config import Settings


@pytest.fixture(scope="session")
def params() -> dict:
    """The merged, schema-checked parameters of strand 1."""
    return load_params(PARAMS_DIR / "strand1.yml")


@pytest.fixture(scope="session")
def settings(params) -> Settings:
    return Settings.from_params(params)


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A data folder laid out like data/demo holding a copy of the strand 1 demo data."""
    root = tmp_path / "data"
    (root / "strand1").mkdir(parents=True)
    shutil.copy2(DEMO_DATA_DIR / "DATASET.yml", root / "DATASET.yml")
    for path in (DEMO_DATA_DIR / "strand1").iterdir():
        shutil.copy2(path, root / "strand1" / path.name)
    return root


def read(path: Path) -> pd.DataFrame:
    """A CSV file as strings, exactly as written."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def write(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, lineterminator="\n")
