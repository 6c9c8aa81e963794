"""Shared fixtures: the project build, run once per test session through make.

End-to-end tests check the documents `make` builds from the demo data, the
way the research team builds them. Make decides what is stale, so a second
test session with nothing changed does no work.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from csrr import sandbox
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


def set_cell(path: Path, row: int, column: str, value: str) -> None:
    """Put ``value`` in a CSV cell; ``row`` counts like a spreadsheet (the header is row 1)."""
    rows = read_rows(path)
    rows[row - 1][rows[0].index(column)] = value
    write_rows(path, rows)


def read_rows(path: Path) -> list[list[str]]:
    """Every row of a CSV file, header first."""
    with Path(path).open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    """Write rows back to a CSV file."""
    with Path(path).open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def _outputs(copy: Path, strand: str) -> list[Path]:
    return sorted(
        p
        for rel in (f"build/{strand}", "build/out")
        for p in (copy / rel).rglob("*")
        if p.is_file()
    )


def failed_build(
    tmp_path: Path, strand: str, break_input: Callable[[Path], None], upstream=()
) -> list[str]:
    """Break an input and check the build stops cleanly, keeping the last good outputs.

    Runs in a project copy given the current build of ``strand`` (and of the
    ``upstream`` strands it reads), newer than its sources, as if it had been
    built there. ``break_input(copy)`` then spoils an input and ``make
    <strand>`` must fail without a traceback, stage nothing and leave every
    output byte-identical.

    Returns
    -------
    list of str
        The ``error:`` lines the build printed.
    """
    copy = sandbox.copy_project(tmp_path / "project")
    (copy / "build").mkdir(exist_ok=True)
    shutil.copy2(ROOT / "build" / ".data", copy / "build" / ".data")
    for rel in [f"build/{s}" for s in (*upstream, strand)] + [
        f"build/out/{strand}-{v}" for v in ("full", "summary")
    ]:
        shutil.copytree(ROOT / rel, copy / rel)
    for path in (copy / "build").rglob("*"):
        if path.is_file() and path.name != ".data":
            os.utime(path)
    outputs = _outputs(copy, strand)
    before = {p: p.read_bytes() for p in outputs}

    break_input(copy)
    proc = sandbox.make(copy, strand, check=False)

    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    assert _outputs(copy, strand) == outputs
    assert all(p.read_bytes() == before[p] for p in outputs)
    assert not list((copy / "build" / strand).glob(".stage-*"))
    return [line for line in proc.stderr.splitlines() if line.startswith("error:")]


def params_copy(tmp_path: Path, name: str) -> Path:
    """A copy of ``params/<name>.yml`` beside a copy of the schemas, safe to doctor."""
    from csrr.paths import PARAMS_DIR, SCHEMA_DIR

    shutil.copy(PARAMS_DIR / f"{name}.yml", tmp_path / f"{name}.yml")
    shutil.copytree(SCHEMA_DIR, tmp_path / "schema")
    return tmp_path / f"{name}.yml"
