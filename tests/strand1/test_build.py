"""End to end: `make strand1` builds six documents that pass every check, with
citations resolved and a bibliography; PRISMA counts that do not add up stop
the build with the numbers and keep the last good outputs."""

from __future__ import annotations

import shutil

import pytest

from csrr import sandbox
from csrr.checks import check_document, docx_text, pdf_page_count, pdf_text
from csrr.findings import load
from csrr.params import load_yaml
from csrr.paths import OUT_DIR, PARAMS_DIR, ROOT
from tests.conftest import document, run_make
from tests.strand1.conftest import read, write

pytestmark = pytest.mark.build
REPORTS = ("strand1-full", "strand1-summary")


@pytest.fixture(scope="module")
def built():
    """Strand 1 built from the demo data by make (nothing to do when up to date)."""
    run_make("strand1")
    return OUT_DIR


def limit() -> int:
    return load_yaml(PARAMS_DIR / "strand1.yml")["summary_max_pages"]


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
@pytest.mark.parametrize("report", REPORTS)
def test_documents_pass_every_check(built, report, fmt):
    path = document(report, fmt)
    assert check_document(path, limit() if report.endswith("summary") else None) == []


def test_summary_is_within_its_page_limit(built):
    assert pdf_page_count(document("strand1-summary", "pdf")) <= limit()


def test_findings_validate(built):
    doc = load("strand1")
    assert [f["id"] for f in doc["findings"]] == [f"S1-F0{i}" for i in range(1, 6)]
    assert doc["data_status"] == "synthetic"


def test_full_report_cites_every_study_in_its_bibliography(built):
    from bs4 import BeautifulSoup

    studies = read(ROOT / "data/demo/strand1/studies.csv")
    html = document("strand1-full", "html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "lxml")
    entries = soup.select("#refs .csl-entry")
    assert len(entries) == len(studies)
    assert {e.get("id") for e in entries} == {f"ref-{k}" for k in studies["citation_key"]}
    for anchor in ("sec-methods", "sec-studies", "sec-evidence-map", "sec-strength",
                   "sec-adult-services", "sec-models", "sec-limitations", "fig-prisma",
                   "fig-countries", "fig-evidence-map", "tbl-strength", "tbl-search",
                   "sec-key-findings", "tbl-rule", "sec-annex-a"):  # fmt: skip
        assert f'id="{anchor}"' in html, anchor
    # Citations are resolved in every format: author-date text, never a raw key.
    for text in (
        pdf_text(document("strand1-full", "pdf")),
        docx_text(document("strand1-full", "docx")),
    ):
        assert "References" in text
        assert "@" + studies.loc[0, "citation_key"] not in text
        assert "Illustrative Journal of Integrated Care" in text


def _text(report: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(document(report, "html").read_text(encoding="utf-8"), "lxml")
    return " ".join(soup.get_text(" ").split())


def _headings(report: str) -> list[str]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(document(report, "html").read_text(encoding="utf-8"), "lxml")
    return [h.get("id") or h.parent.get("id") for h in soup.select("main h1, main h2")]


def test_full_and_summary_differ_as_intended(built):
    full, summary = _text("strand1-full"), _text("strand1-summary")
    # Both open with the key findings, each noted once, and give a method.
    for text in (full, summary):
        assert "Key findings" in text and "Methods" in text
        for i in range(1, 6):
            assert text.count(f"Finding S1-F0{i}.") == 1
        assert "The evidence is strongest for key worker and care coordination" in text
    # The summary's method is a paragraph; the full report's has its subsections.
    assert "2,315 records found, 1,716 were screened" in summary
    assert "Search strategy" in full and "Search strategy" not in summary
    # The annex, the results sections and the long limitations are the full report's.
    for text in ("Annex A: Included studies", "Models of integration", "Transferability.",
                 "Illustrative data Every study in this edition is fictional"):  # fmt: skip
        assert text in full and text not in summary, text
    assert "The full report sets out these and the review" in summary
    assert "The full report sets out" not in full
    full_ids, summary_ids = _headings("strand1-full"), _headings("strand1-summary")
    assert "sec-annex-a" in full_ids and "sec-annex-a" not in summary_ids
    assert {"sec-studies", "sec-models"} <= set(full_ids) - set(summary_ids)
    assert {"sec-key-findings", "sec-methods", "sec-strength", "sec-limitations"} <= set(
        summary_ids
    )


@pytest.mark.parametrize("report", REPORTS)
def test_no_inline_expression_survives(built, report):
    texts = [
        document(report, "html").read_text(encoding="utf-8"),
        pdf_text(document(report, "pdf")),
        docx_text(document(report, "docx")),
    ]
    for text in texts:
        assert "{python}" not in text and "v.n_studies" not in text


def test_search_terms_keep_their_asterisks(built):
    html = document("strand1-full", "html").read_text(encoding="utf-8")
    assert "adolescen*" in html and "child*" in html
    assert "adolescen*" in _text("strand1-full")
    assert "adolescen*" in pdf_text(document("strand1-full", "pdf"))
    assert "adolescen*" in docx_text(document("strand1-full", "docx"))


def test_summary_has_citations_and_a_bibliography(built):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(document("strand1-summary", "html").read_text(encoding="utf-8"), "lxml")
    cited = {key for span in soup.select(".citation") for key in span["data-cites"].split()}
    listed = {e.get("id").removeprefix("ref-") for e in soup.select("#refs .csl-entry")}
    assert cited and cited == listed
    assert "References" in pdf_text(document("strand1-summary", "pdf"))


def test_prisma_counts_that_do_not_add_up_stop_the_build(built, tmp_path):
    copy = sandbox.copy_project(tmp_path / "project")
    for rel in ("build/strand1", "build/out/strand1-full", "build/out/strand1-summary"):
        shutil.copytree(ROOT / rel, copy / rel)
    outputs = sorted(
        p for rel in ("build/strand1", "build/out") for p in (copy / rel).rglob("*") if p.is_file()
    )
    before = {p: p.read_bytes() for p in outputs}

    path = copy / "data/demo/strand1/screening.csv"
    screening = read(path)
    row = int(screening.index[screening["full_text_decision"] == "exclude"][0])
    screening.loc[row, ["full_text_decision", "exclusion_reason"]] = ["", ""]
    write(screening, path)
    proc = sandbox.make(copy, "strand1", check=False)

    assert proc.returncode != 0
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert errors == [
        (
            f"error: data/demo/strand1/screening.csv, row {row + 2}, column full_text_decision: "
            "PRISMA counts do not reconcile: 1,716 screened - 1,564 excluded at title/abstract = "
            "152 - 3 not retrieved = 149, but 148 full texts were assessed"
        )
    ]
    assert "Traceback" not in proc.stderr
    after = sorted(
        p for rel in ("build/strand1", "build/out") for p in (copy / rel).rglob("*") if p.is_file()
    )
    assert after == outputs
    assert all(p.read_bytes() == before[p] for p in outputs)
