"""End to end: `make strand3` builds six documents that pass every check; a
malformed indicators file stops the build with one line and keeps the last
good outputs."""

from __future__ import annotations

import pandas as pd
import pytest

from csrr import councils
from csrr.checks import check_document, pdf_page_count
from csrr.findings import load
from csrr.params import load_yaml
from csrr.paths import BUILD_DIR, OUT_DIR, PARAMS_DIR
from tests.conftest import document, failed_build, run_make, set_cell

pytestmark = pytest.mark.build
REPORTS = ("strand3-full", "strand3-summary")


@pytest.fixture(scope="module")
def built():
    """Strand 3 built from the demo data by make (nothing to do when up to date)."""
    run_make("strand3")
    return OUT_DIR


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
@pytest.mark.parametrize("report", REPORTS)
def test_documents_pass_every_check(built, report, fmt):
    limit = load_yaml(PARAMS_DIR / "strand3.yml")["summary_max_pages"]
    path = document(report, fmt)
    problems = check_document(path, limit if report.endswith("summary") else None)
    assert problems == []


def test_summary_is_within_its_page_limit(built):
    limit = load_yaml(PARAMS_DIR / "strand3.yml")["summary_max_pages"]
    assert pdf_page_count(document("strand3-summary", "pdf")) <= limit


def test_findings_validate_and_cover_the_contract(built):
    doc = load("strand3")
    ids = [f["id"] for f in doc["findings"]]
    assert ids[:4] == ["S3-F01", "S3-F02", "S3-F03", "S3-F04"]
    assert doc["data_status"] == "synthetic"


def test_classification_is_written_for_other_strands(built):
    frame = pd.read_csv(BUILD_DIR / "strand3" / "classification.csv")
    assert list(frame["council_code"]) == list(councils.CODES)
    assert set(frame["arrangement"]) == {"ijb-all", "ijb-health", "not-delegated", "lead-agency"}
    assert list(frame["region"]) == [councils.REGIONS[c] for c in councils.CODES]


def test_full_report_has_every_section_and_the_annex(built):
    html = document("strand3-full", "html").read_text(encoding="utf-8")
    for anchor in (
        "sec-intro",
        "sec-methods",
        "sec-typology",
        "sec-trends",
        "sec-workforce",
        "sec-deprivation",
        "sec-models",
        "sec-sensitivity",
        "sec-limitations",
        "sec-annex",
        "fig-map",
        "fig-trends",
        "fig-deprivation",
        "tbl-typology",
        "tbl-models-outcomes",
        "tbl-sensitivity",
        "tbl-annex",
    ):
        assert f'id="{anchor}"' in html, anchor
    # Every council appears in the annex table.
    for name in councils.NAMES.values():
        assert name in html


def test_malformed_indicators_stop_the_build_and_keep_outputs(built, tmp_path):
    errors = failed_build(
        tmp_path,
        "strand3",
        lambda copy: set_cell(
            copy / "data/demo/strand3/indicators.csv", 5, "looked_after_rate", "250.0"
        ),
    )
    assert errors == [
        (
            "error: data/demo/strand3/indicators.csv, row 5, column looked_after_rate: expected a "
            "number from 0.0 to 100.0 (may be empty), found '250.0'"
        )
    ]
