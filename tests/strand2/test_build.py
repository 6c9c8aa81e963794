"""End to end: `make strand2` builds six documents that pass every check; a case file with
an unknown theme code stops the build with one line naming the case and the code, and
leaves the last good outputs in place."""

from __future__ import annotations

import pandas as pd
import pytest

from csrr.checks import check_document, docx_text, pdf_page_count, pdf_text
from csrr.findings import load
from csrr.params import load_yaml
from csrr.paths import BUILD_DIR, OUT_DIR, PARAMS_DIR
from tests.conftest import document, failed_build, run_make
from tests.strand2.conftest import line_of, replace_in

pytestmark = pytest.mark.build
REPORTS = ("strand2-full", "strand2-summary")
LIMIT = load_yaml(PARAMS_DIR / "strand2.yml")["summary_max_pages"]


@pytest.fixture(scope="module")
def built():
    """Strand 2 built from the demo data by make (nothing to do when up to date)."""
    run_make("strand2")
    return OUT_DIR


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
@pytest.mark.parametrize("report", REPORTS)
def test_documents_pass_every_check(built, report, fmt):
    path = document(report, fmt)
    assert check_document(path, LIMIT if report.endswith("summary") else None) == []


def test_summary_is_within_its_page_limit(built):
    assert pdf_page_count(document("strand2-summary", "pdf")) <= LIMIT


def test_findings_validate(built):
    doc = load("strand2")
    assert [f["id"] for f in doc["findings"]] == [f"S2-F0{i}" for i in range(1, 7)]
    assert doc["data_status"] == "synthetic"
    html = document("strand2-full", "html").read_text(encoding="utf-8")
    # Every finding points at a section the full report has.
    for finding in doc["findings"]:
        assert f'id="{finding["section"]}"' in html, finding["id"]


def test_products_for_other_strands(built):
    matrix = pd.read_csv(BUILD_DIR / "strand2" / "comparison_matrix.csv")
    assert set(matrix["level"]) == {"national", "regional", "local"}
    themes = pd.read_csv(BUILD_DIR / "strand2" / "cross_case_themes.csv")
    assert themes["common"].sum() == 6


def test_full_report_has_every_section_table_and_figure(built):
    html = document("strand2-full", "html").read_text(encoding="utf-8")
    for anchor in (
        "sec-introduction",
        "sec-key-findings",
        "sec-methods",
        "sec-strength",
        "sec-profiles",
        "sec-case-country-a",
        "sec-case-country-d",
        "sec-case-scotland-police-fire",
        "sec-comparison",
        "sec-governance",
        "sec-integration",
        "sec-themes",
        "sec-timelines",
        "sec-scotland",
        "sec-limitations",
        "sec-annex-codebook",
        "refs",
        "fig-matrix",
        "fig-timelines",
        "fig-themes",
        "tbl-cases",
        "tbl-matrix",
        "tbl-links",
        "tbl-enablers",
        "tbl-barriers",
        "tbl-lessons",
        "tbl-overlap",
        "tbl-codebook",
    ):
        assert f'id="{anchor}"' in html, anchor


def test_citations_resolve_to_a_bibliography(built):
    text = pdf_text(document("strand2-full", "pdf"))
    assert "Police and Fire Reform (Scotland) Act 2012 (asp 8)" in text
    assert "Illustrative Publications" in text
    assert "Family Centres in Country A" in text


def test_summary_has_callouts_and_figures_but_no_profiles(built):
    html = document("strand2-summary", "html").read_text(encoding="utf-8")
    assert html.count("S2-F0") >= 6
    for anchor in ("fig-matrix", "fig-timelines", "fig-themes"):
        assert f'id="{anchor}"' in html
    assert 'id="sec-profiles"' not in html
    assert "[@" not in docx_text(document("strand2-summary", "docx"))


def test_unknown_theme_code_stops_the_build_and_keeps_outputs(built, tmp_path):
    cases = {}

    def plant(copy):
        cases["b"] = copy / "data/demo/strand2/case-country-b.yml"
        replace_in(cases["b"], "theme: E06", "theme: E99")

    errors = failed_build(tmp_path, "strand2", plant)
    assert errors == [
        (
            f"error: data/demo/strand2/case-country-b.yml: line {line_of(cases['b'], 'theme: E99')}: "
            "enablers[2].theme: expected a theme code from themes.yml (E01 ... B09), found 'E99'"
        )
    ]
