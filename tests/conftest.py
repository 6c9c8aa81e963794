"""Shared fixtures: the project build, run once per test session through make.

End-to-end tests check the documents `make` builds from the demo data, the
way the research team builds them. Make decides what is stale, so a second
test session with nothing changed does no work.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from csrr.paths import OUT_DIR, ROOT

FIXTURES = Path(__file__).parent / "fixtures"


def run_make(
    *targets: str, check: bool = True, env: dict | None = None
) -> subprocess.CompletedProcess:
    """Run make in the project root with this interpreter's venv; return the result."""
    cmd = ["make", "--no-print-directory", f"PY={sys.executable}", *targets]
    proc = subprocess.run(cmd, check=False, cwd=ROOT, capture_output=True, text=True, env=env)
    if check and proc.returncode != 0:
        raise AssertionError(
            f"{' '.join(cmd)} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
        )
    return proc


@pytest.fixture(scope="session")
def built() -> Path:
    """Every report that exists, built from the demo data by `make -j2 all`."""
    run_make("-j2", "all")
    return OUT_DIR


def document(report: str, fmt: str) -> Path:
    """Path of a built document, such as ``document("strand3-full", "pdf")``."""
    return OUT_DIR / report / f"{report}.{fmt}"
