"""End to end: `make strand3` builds six documents that pass every check; the
full and summary reports differ as intended (the summary has the key findings,
a short method and the map with its key, not the results sections or the
annexes); reader text carries no expressions, file names or codes; a malformed
indicators file stops the build with one line and keeps the last good outputs."""

from __future__ import annotations

import re

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


FULL_ONLY = (
    "sec-data",
    "sec-classification-method",
    "sec-analysis",
    "sec-trends",
    "sec-workforce",
    "sec-deprivation",
    "sec-models",
    "sec-sensitivity",
    "sec-annex-a",
    "sec-annex-b",
    "fig-trends",
    "fig-deprivation",
    "tbl-sources",
    "tbl-models-outcomes",
    "tbl-models-workforce",
    "tbl-sensitivity",
    "tbl-completeness",
    "tbl-annex",
)
BOTH = (
    "sec-key-findings",
    "sec-intro",
    "sec-methods",
    "sec-typology",
    "sec-limitations",
    "fig-map",
    "tbl-typology",
)


def _main(report: str):
    from bs4 import BeautifulSoup

    html = document(report, "html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "lxml").find("main")


def _reader_text(report: str, fmt: str) -> str:
    from csrr.checks import docx_text, pdf_text

    if fmt == "html":
        return _main(report).get_text(" ")
    path = document(report, fmt)
    return pdf_text(path) if fmt == "pdf" else docx_text(path)


def test_full_report_has_every_section_and_the_annexes(built):
    main = _main("strand3-full")
    ids = [tag["id"] for tag in main.find_all(id=True)]
    for anchor in BOTH + FULL_ONLY:
        assert anchor in ids, anchor
    # The skeleton's order: key findings first, annexes last.
    order = [ids.index(a) for a in ("sec-key-findings", "sec-intro", "sec-methods")]
    order += [ids.index(a) for a in ("sec-typology", "sec-limitations", "sec-annex-a")]
    assert order == sorted(order)
    # Every council appears in the annex table.
    annex = main.find(id="sec-annex-a").get_text(" ")
    for name in councils.NAMES.values():
        assert name in annex


def test_summary_has_key_findings_method_and_map_but_not_the_annexes(built):
    main = _main("strand3-summary")
    ids = {tag["id"] for tag in main.find_all(id=True)}
    for anchor in BOTH:
        assert anchor in ids, anchor
    for anchor in FULL_ONLY:
        assert anchor not in ids, anchor
    summary, full = main.get_text(" "), _main("strand3-full").get_text(" ")
    # The short method is the summary's; the full method is the full report's.
    assert "The study classified all 32 council areas" in summary
    assert "The study classified all 32 council areas" not in full
    assert "The strand uses council-level data only" in full
    assert "The strand uses council-level data only" not in summary
    assert len(summary.split()) < len(full.split()) / 2


@pytest.mark.parametrize("report", REPORTS)
def test_key_findings_state_each_finding_once(built, report):
    def flat(text: str) -> str:  # one space between words, straight apostrophes
        return " ".join(text.replace("\u2019", "'").split())

    findings = load("strand3")["findings"]
    key = flat(_main(report).find(id="sec-key-findings").get_text(" "))
    text = flat(_main(report).get_text(" "))
    for f in findings:
        assert flat(f["title"]) in key, f["id"]
        assert text.count(f"Finding {f['id']}.") == 1, f["id"]


def test_every_finding_points_to_a_section_of_the_full_report(built):
    ids = {tag["id"] for tag in _main("strand3-full").find_all(id=True)}
    for f in load("strand3")["findings"]:
        assert f["section"] in ids, f["id"]


@pytest.mark.parametrize("report", REPORTS)
def test_the_map_has_a_key_in_both_reports(built, report):
    from csrr.strand3.figures import TILES

    table = _main(report).find(id="tbl-typology").get_text(" ")
    for code, (abbr, _, _) in TILES.items():
        assert f"{councils.NAMES[code]} ({abbr})" in " ".join(table.split()), abbr


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
@pytest.mark.parametrize("report", REPORTS)
def test_reader_text_has_no_expressions_file_names_or_codes(built, report, fmt):
    text = _reader_text(report, fmt)
    assert "{python}" not in text
    assert "`" not in text and ":::" not in text  # no expression or div markup left over
    assert not re.search(r"\b[0-9a-f]{40,64}\b", text)
    for word in (".csv", ".json", ".ipynb", "params", "ijb-all", "ijb-health", "not-delegated"):
        assert word not in text, word
    assert "variant" not in text.lower()


@pytest.mark.parametrize("fmt", ["html", "docx"])
@pytest.mark.parametrize("report", REPORTS)
def test_negative_numbers_take_the_minus_sign(built, report, fmt):
    text = _reader_text(report, fmt)
    assert "\u2212" in text  # the demo has negative estimates in both reports
    assert not re.findall(r"(?<![\w\u2013-])-\d", text)


@pytest.mark.parametrize("variant", ["full", "summary"])
def test_most_words_are_written_in_markdown(built, variant):
    from csrr.words import TARGET, count

    share = count(BUILD_DIR / "strand3" / "strand3.ipynb", [variant], f"strand3-{variant}")
    assert share.share >= TARGET, share


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
            "finite number from 0.0 to 100.0 (may be empty), found '250.0'"
        )
    ]
