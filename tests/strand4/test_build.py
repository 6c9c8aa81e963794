"""End to end: `make strand4` builds six documents that pass every check,
publishes nothing that reveals a small count, keeps ACRO's bundle for the
output checker, and a Likert value of 7 stops the build with one line while
keeping the last good outputs."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from csrr import councils
from csrr.checks import check_document, docx_text, pdf_page_count, pdf_text
from csrr.findings import load
from csrr.params import load_params
from csrr.paths import BUILD_DIR, DEMO_DATA_DIR, PARAMS_DIR, ROOT
from csrr.strand4 import analysis, data
from tests.conftest import document, failed_build, run_make, set_cell

pytestmark = pytest.mark.build
REPORTS = ("strand4-full", "strand4-summary")
BUILD = BUILD_DIR / "strand4"


@pytest.fixture(scope="module")
def built():
    """Strand 4 (and what it depends on) built from the demo data by make."""
    run_make("strand4")
    return BUILD


@pytest.fixture(scope="module")
def params():
    return load_params(PARAMS_DIR / "strand4.yml")


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
@pytest.mark.parametrize("report", REPORTS)
def test_documents_pass_every_check(built, params, report, fmt):
    limit = params["summary_max_pages"] if report.endswith("summary") else None
    assert check_document(document(report, fmt), limit) == []


def test_summary_is_within_its_page_limit(built, params):
    assert pdf_page_count(document("strand4-summary", "pdf")) <= params["summary_max_pages"]


def test_findings_validate_and_cover_the_contract(built):
    doc = load("strand4")
    ids = [f["id"] for f in doc["findings"]]
    assert ids[:4] == ["S4-F01", "S4-F02", "S4-F03", "S4-F04"]
    assert doc["data_status"] == "synthetic"


def test_full_report_has_every_section(built):
    html = document("strand4-full", "html").read_text(encoding="utf-8")
    for anchor in (
        "sec-introduction",
        "sec-methods",
        "sec-disclosure",
        "sec-profile",
        "sec-views",
        "sec-arrangements",
        "sec-barriers",
        "sec-disclosure-results",
        "sec-limitations",
        "sec-findings",
        "sec-items",
        "fig-likert",
        "fig-arrangements",
        "fig-barriers",
        "tbl-profile",
        "tbl-role-region",
        "tbl-reliability",
        "tbl-adjusted",
        "tbl-suppression",
    ):
        assert f'id="{anchor}"' in html, anchor


def _numbers(cell: str) -> list[float]:
    """Counts in a published cell such as ``1,234 (56%)`` (not the share)."""
    cell = re.sub(r"\(.*?\)", "", str(cell))
    return [float(m.replace(",", "")) for m in re.findall(r"\d[\d,]*", cell)]


def test_published_tables_show_no_count_below_the_threshold(built, params):
    threshold = params["disclosure_threshold"]
    tables = sorted((BUILD / "tables").glob("*.csv"))
    assert len(tables) >= 12
    for path in tables:
        if path.name.startswith("means-by"):
            means = pd.read_csv(path)
            assert "n" not in means.columns
            assert means["mean"].notna().any(), path.name
            continue
        frame = pd.read_csv(path, dtype=str)
        for value in frame.iloc[:, 1:].to_numpy().ravel():
            for n in _numbers(value):
                assert n == 0 or n >= threshold, (path.name, value)


def test_published_tables_are_the_audited_release(built, params):
    """What was written is what the audit passed: same cells shown, same values."""
    classification = data.load_classification(analysis.classification_path())
    prep = analysis.prepare(data.load(DEMO_DATA_DIR), classification, params)
    release = analysis.build_release(prep, params)
    assert release.risks == []
    for name, table in release.tables().items():
        written = pd.read_csv(BUILD / "tables" / f"{name}.csv", dtype=str, keep_default_na=False)
        expected = table.display().astype(str)
        assert written.to_numpy().tolist() == expected.to_numpy().tolist(), name


def test_orkney_is_named_nowhere_and_its_three_respondents_stay_hidden(built):
    orkney = councils.code_for("Orkney")
    texts = [
        document("strand4-full", "html").read_text(encoding="utf-8"),
        document("strand4-summary", "html").read_text(encoding="utf-8"),
        pdf_text(document("strand4-full", "pdf")),
        docx_text(document("strand4-full", "docx")),
        (BUILD / "findings.json").read_text(encoding="utf-8"),
    ]
    texts += [p.read_text(encoding="utf-8") for p in (BUILD / "tables").glob("*.csv")]
    for text in texts:
        assert "Orkney" not in text and orkney not in text
    # The island councils appear only together, as one area of 17.
    area = pd.read_csv(BUILD / "tables" / "profile-area.csv", dtype=str)
    islands = area.loc[area.iloc[:, 0] == "Islands"].iloc[0, 1]
    assert int(islands.replace(",", "")) >= 10


def test_acro_bundle_is_kept_for_the_output_checker(built):
    folder = BUILD / "acro"
    results = json.loads((folder / "results.json").read_text(encoding="utf-8"))["results"]
    names = set(results)
    for table in ("profile-role-region", "profile-arrangement", "likert-barriers"):
        assert table in names and f"{table}-published" in names
    assert (folder / "checksums").is_dir() and (folder / "acro-log.txt").is_file()
    assert not (ROOT / "acro_artifacts").exists()
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    assert config["safe_threshold"] == 10


def test_a_likert_value_of_7_stops_the_build_and_keeps_outputs(built, tmp_path):
    errors = failed_build(
        tmp_path,
        "strand4",
        lambda copy: set_cell(copy / "data/demo/strand4/responses.csv", 12, "multi_3", "7"),
        upstream=("strand3",),
    )
    assert errors == [
        (
            "error: data/demo/strand4/responses.csv, row 12, column multi_3: expected an answer "
            "code from 1 to 5 or 9 (prefer not to say), or an empty cell (not answered), found '7'"
        )
    ]
