"""`make validate`: every problem in every file, in one pass, without a kernel."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys

import pytest

from csrr.inputs import run
from csrr.paths import DEMO_DATA_DIR, ROOT

pytestmark = pytest.mark.build  # strand 5's links are checked against built findings


def edit_csv(path, row, column, value):
    """Set one cell (spreadsheet row numbering: the header is row 1)."""
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    rows[row - 1][rows[0].index(column)] = value
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


@pytest.fixture
def planted(tmp_path):
    """A copy of the demo data with five problems in three files."""
    data = tmp_path / "data"
    shutil.copytree(DEMO_DATA_DIR, data)
    edit_csv(data / "strand3/indicators.csv", 5, "looked_after_rate", "250")
    edit_csv(data / "strand3/indicators.csv", 9, "council_code", "S12000099")
    edit_csv(data / "strand4/responses.csv", 12, "multi_3", "7")
    edit_csv(data / "strand4/responses.csv", 20, "sector", "private")
    edit_csv(data / "strand1/studies.csv", 3, "country", "Atlantis")
    return data


def test_all_five_planted_problems_are_reported(planted, built):
    report = run(planted)
    where = {
        (p.file.name if hasattr(p.file, "name") else str(p.file).split("/")[-1], p.row, p.column)
        for p in report.problems
    }
    for expected in [
        ("indicators.csv", 5, "looked_after_rate"),
        ("indicators.csv", 9, "council_code"),
        ("responses.csv", 12, "multi_3"),
        ("responses.csv", 20, "sector"),
        ("studies.csv", 3, "country"),
    ]:
        assert expected in where, f"{expected} not reported: {sorted(where)}"
    assert len(report.checked) == 5


def test_cli_groups_by_file_and_exits_non_zero(planted, built):
    proc = subprocess.run(
        [sys.executable, "-m", "csrr", "validate", "--data", str(planted)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    out = proc.stdout
    assert "strand4/responses.csv (1520 rows" in out
    assert "row 12, column multi_3: expected" in out and "found '7'" in out
    assert "problems in 3 files" in out
    assert (ROOT / "build/validation.html").read_text().count("<table>") == 3


def test_demo_data_are_valid(built):
    report = run(DEMO_DATA_DIR)
    assert report.problems == []
    assert report.status == "synthetic"
