"""Fixtures for the strand 2 tests: a private copy of the demo data, and its parameters."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from csrr.params import load_params
from csrr.paths import DEMO_DATA_DIR, PARAMS_DIR
from csrr.strand2 import data

DEMO = DEMO_DATA_DIR / "strand2"


@pytest.fixture(scope="session")
def params() -> dict[str, Any]:
    """The strand's real parameters (params/common.yml + params/strand2.yml)."""
    return load_params(PARAMS_DIR / "strand2.yml")


@pytest.fixture(scope="session")
def cases(params) -> data.CaseStudies:
    """The demo cases, loaded once."""
    return data.load(DEMO_DATA_DIR, params)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A data folder holding a copy of the strand 2 demo files (safe to doctor)."""
    shutil.copytree(DEMO, tmp_path / "strand2")
    return tmp_path


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace the first ``count`` occurrences of ``old`` in a file; fail if it is absent."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(path: Path, text: str, occurrence: int = 1) -> int:
    """Line number (from 1) of the ``occurrence``-th line of a file containing ``text``."""
    found = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text in line:
            found += 1
            if found == occurrence:
                return number
    raise AssertionError(f"{text!r} not found {occurrence} times in {path.name}")
