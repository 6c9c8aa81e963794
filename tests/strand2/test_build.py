"""End to end: `make strand2` builds six documents that pass every check; a case file with
an unknown theme code stops the build with one line naming the case and the code, and
leaves the last good outputs in place."""

from __future__ import annotations

import pandas as pd
import pytest

from csrr.checks import check_document, docx_text, pdf_page_count, pdf_text, reader_text
from csrr.findings import load
from csrr.params import load_yaml
from csrr.paths import BUILD_DIR, OUT_DIR, PARAMS_DIR
from csrr.words import TARGET, shares
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


FULL_ONLY = (
    "sec-intro",
    "sec-strength",
    "sec-governance",
    "sec-integration",
    "sec-timelines",
    "sec-scotland",
    "sec-annex-a",
    "sec-annex-b",
    "sec-case-country-a",
    "sec-case-country-d",
    "sec-case-scotland-police-fire",
    "refs",
    "fig-matrix",
    "fig-timelines",
    "tbl-cases",
    "tbl-matrix",
    "tbl-links",
    "tbl-enablers",
    "tbl-barriers",
    "tbl-evidence",
    "tbl-lessons",
    "tbl-overlap",
    "tbl-codebook",
    "tbl-a-glance",
    "tbl-d-coded",
    "tbl-scotland-police-fire-timeline",
)
BOTH = ("sec-key-findings", "sec-methods", "sec-themes", "sec-limitations", "fig-themes")


def test_full_report_has_every_section_table_and_figure(built):
    html = document("strand2-full", "html").read_text(encoding="utf-8")
    for anchor in FULL_ONLY + BOTH:
        assert f'id="{anchor}"' in html, anchor


def test_summary_has_key_findings_method_and_one_figure_but_no_annexes(built):
    html = document("strand2-summary", "html").read_text(encoding="utf-8")
    for anchor in BOTH:
        assert f'id="{anchor}"' in html, anchor
    for anchor in FULL_ONLY:
        assert f'id="{anchor}"' not in html, anchor
    assert "<table" not in html


def test_full_and_summary_methods_differ_as_intended(built):
    full = " ".join(reader_text(document("strand2-full", "pdf")).split())
    summary = " ".join(reader_text(document("strand2-summary", "pdf")).split())
    # The summary's short method points to the full report; the full report has the method.
    short = "The full report sets out the methods"
    assert short in summary and short not in full
    assert "Levels and services" in full and "Levels and services" not in summary
    assert "Annex B" in full and "Annex" not in summary
    # The key findings are in both, each with its strength.
    for text in (full, summary):
        assert text.count("Strength of evidence:") == 6


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
@pytest.mark.parametrize("report", REPORTS)
def test_no_inline_expression_survives(built, report, fmt):
    text = reader_text(document(report, fmt))
    assert "{python}" not in text and "v.n_" not in text


def test_most_words_come_from_markdown(built):
    found = {s.report: s.share for s in shares() if s.report in REPORTS}
    assert set(found) == set(REPORTS)
    assert all(share >= TARGET for share in found.values()), found


def test_citations_resolve_to_a_bibliography(built):
    text = pdf_text(document("strand2-full", "pdf"))
    assert "Police and Fire Reform (Scotland) Act 2012 (asp 8)" in text
    assert "Illustrative Publications" in text
    assert "Family Centres in Country A" in text


def test_summary_cites_nothing_and_has_every_finding(built):
    html = document("strand2-summary", "html").read_text(encoding="utf-8")
    assert html.count("S2-F0") >= 6
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
