"""End to end: `make strand4` builds six documents that pass every check,
publishes nothing that reveals a small count, keeps ACRO's bundle for the
output checker, and a Likert value of 7 stops the build with one line while
keeping the last good outputs. The full report and the summary, two renders
of one run, hold what each should, and their words are written in Markdown."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from csrr import councils, words
from csrr.checks import check_document, docx_text, pdf_page_count, pdf_text, reader_text
from csrr.findings import load
from csrr.params import load_params
from csrr.paths import BUILD_DIR, DEMO_DATA_DIR, PARAMS_DIR, ROOT
from csrr.reports import NOTEBOOKS
from csrr.strand4 import analysis, data
from tests.conftest import document, failed_build, run_make, set_cell

pytestmark = pytest.mark.build
REPORTS = ("strand4-full", "strand4-summary")
FORMATS = ("html", "pdf", "docx")
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
        "sec-key-findings",
        "sec-intro",
        "sec-methods",
        "sec-disclosure",
        "sec-profile",
        "sec-views",
        "sec-arrangements",
        "sec-barriers",
        "sec-limitations",
        "sec-annex-a",
        "sec-annex-b",
        "fig-likert",
        "fig-arrangements",
        "fig-barriers",
        "tbl-profile",
        "tbl-role-region",
        "tbl-reliability",
        "tbl-adjusted",
        "tbl-suppression",
        "tbl-items-barriers",
    ):
        assert f'id="{anchor}"' in html, anchor


def normalised(text: str) -> str:
    """Words only, lower case, single spaces: line breaks and hyphenation cannot hide text."""
    text = re.sub(r"-\s*\n\s*", "", text)
    return " ".join(re.findall(r"[a-z0-9%]+", text.lower()))


def headings(report: str) -> list[str]:
    """Ids of a report's top-level sections, in order (the title is the only h1)."""
    soup = BeautifulSoup(document(report, "html").read_text(encoding="utf-8"), "lxml")
    return [
        tag["id"]
        for tag in soup.find_all("section", class_="level2")
        if tag.get("id", "").startswith("sec-")
    ]


def test_full_report_follows_the_skeleton(built):
    assert headings("strand4-full") == [
        "sec-key-findings",
        "sec-intro",
        "sec-methods",
        "sec-profile",
        "sec-views",
        "sec-arrangements",
        "sec-barriers",
        "sec-limitations",
        "sec-annex-a",
        "sec-annex-b",
    ]


def test_summary_has_key_findings_a_method_and_one_figure_but_no_annexes(built):
    assert headings("strand4-summary") == [
        "sec-key-findings",
        "sec-methods",
        "sec-views",
        "sec-limitations",
    ]
    html = document("strand4-summary", "html").read_text(encoding="utf-8")
    assert 'id="fig-likert"' in html
    for hidden in ("fig-arrangements", "fig-barriers", "tbl-profile", "tbl-suppression"):
        assert f'id="{hidden}"' not in html, hidden
    summary = normalised(reader_text(document("strand4-summary", "html")))
    full = normalised(reader_text(document("strand4-full", "html")))
    assert "the full report describes the method in detail" in summary
    assert "the full report describes the method in detail" not in full
    assert "annex" not in summary and "annex a" in full
    assert "cronbach" not in summary and "cronbach" in full
    assert len(summary.split()) < len(full.split()) / 2


@pytest.mark.parametrize("report", REPORTS)
def test_key_findings_are_noted_once_and_headed_as_the_registry(built, report):
    """Each finding's headline is the registry's title, and its note appears once."""
    text = normalised(reader_text(document(report, "html")))
    for finding in load("strand4")["findings"]:
        assert normalised(finding["title"]) in text, finding["id"]
        note = normalised(f"Finding {finding['id']}; strength of evidence: {finding['strength']}")
        assert text.count(note) == 1, finding["id"]


def test_every_finding_section_is_a_heading_of_both_reports(built):
    for report in REPORTS:
        html = document(report, "html").read_text(encoding="utf-8")
        for finding in load("strand4")["findings"]:
            if report.endswith("full") or finding["section"] == "sec-views":
                assert f'id="{finding["section"]}"' in html, (report, finding["id"])


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("report", REPORTS)
def test_no_inline_expression_is_left_unresolved(built, report, fmt):
    text = reader_text(document(report, fmt))
    assert "{python}" not in text
    assert not re.search(r"\bv\.(?:f\d|n_|quality|barriers|change|multiagency)\w*", text)


@pytest.mark.parametrize("report", REPORTS)
def test_negative_numbers_use_one_minus_sign(built, report):
    text = reader_text(document(report, "html"))
    assert not re.search(r"(?<![\w.])-\d", text)
    if report.endswith("full"):
        assert "\u2212" in text


@pytest.mark.parametrize("report", REPORTS)
def test_barriers_are_never_called_positive(built, report):
    text = normalised(reader_text(document(report, "html")))
    assert not re.search(r"barriers? \d+ \d+ \d+% positive", text)
    assert "reported more barriers than not" in text or report.endswith("summary")


def test_most_words_are_written_in_markdown(built):
    nb = NOTEBOOKS["strand4"]
    for variant in nb.variants:
        share = words.count(nb.executed(), [variant], nb.report_name(variant))
        assert share.markdown > 0
        assert share.share >= words.TARGET, (variant, share)


@pytest.mark.parametrize("report", REPORTS)
def test_both_reports_say_the_data_are_synthetic(built, report):
    text = normalised(reader_text(document(report, "html")))
    assert normalised("The data behind this report are synthetic") in text


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
