"""End to end: `make strand5` builds six documents that pass every check, and
no identifier on the redaction list, no contact detail and no excerpt withheld
from publication appears in any of them; the full report and the summary,
two renders of one run, hold what each should; a bad input stops the build
with one line and keeps the last good outputs.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from csrr import words
from csrr.checks import check_document, pdf_page_count, reader_text
from csrr.findings import framework_ids, load
from csrr.params import load_params
from csrr.paths import BUILD_DIR, DEMO_DATA_DIR, OUT_DIR, PARAMS_DIR
from csrr.reports import NOTEBOOKS
from csrr.strand5 import data, demo
from tests.conftest import document, failed_build, run_make, set_cell

pytestmark = pytest.mark.build
REPORTS = ("strand5-full", "strand5-summary")
FORMATS = ("html", "pdf", "docx")
DEMO = DEMO_DATA_DIR / "strand5"

# Written independently of csrr.redaction's own patterns: anything that looks
# like an e-mail address, a UK phone number (0..., +44..., 0044..., with the
# area code in brackets or not, in up to three groups) or a postcode fails.
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
PHONE = re.compile(
    r"(?<![\w+])(?:\+44\s?(?:\(0\)\s?)?|0044\s?|\(?0)\d{2,4}\)?[ -]?\d{3,4}[ -]?\d{3,4}(?!\d)"
)
POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b")


@pytest.fixture(scope="module")
def built() -> Path:
    """Strand 5 (and what it depends on) built from the demo data by make."""
    run_make("strand5")
    return OUT_DIR


@pytest.fixture(scope="module")
def params():
    return load_params(PARAMS_DIR / "strand5.yml")


def normalised(text: str) -> str:
    """Words only, lower case, single spaces: line breaks and hyphenation cannot hide text."""
    text = re.sub(r"-\s*\n\s*", "", text)
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def test_patterns_find_what_the_demo_plants(params):
    """The test's own patterns catch every identifier planted in the demo."""
    names = identifier_patterns(params)
    text = "Met morag baillie, Kirsty and St Ninian\u2019s Primary in fort  william"
    assert [n for n, rx in names.items() if rx.search(text)] == [
        "Morag Baillie",
        "Kirsty",
        "Fort William",
        "St Ninian's Primary",
    ]
    assert all(PHONE.fullmatch(phone) for phone in demo.PHONES)
    assert all(EMAIL.fullmatch(email) for email in demo.EMAILS)
    assert PHONE.findall("2026-11-22, 19 (79%) 9 10 43 (50%) 63, 0 0 14 1 5") == []


def identifier_patterns(params) -> dict[str, re.Pattern]:
    """Every listed name, and each part of a listed person's name, as a whole word."""
    found = {}
    for category, names in params["redaction"].items():
        for name in names:
            # Pandoc curls apostrophes: "St Ninian's" is printed "St Ninian’s".
            words = [re.escape(w).replace("'", "['’]") for w in name.split()]
            found[name] = re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)
            if category == "people":
                for part, word in zip(name.split(), words, strict=True):
                    found[part] = re.compile(rf"(?<!\w){word}(?!\w)")
    return found


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("report", REPORTS)
def test_documents_pass_every_check(built, params, report, fmt):
    limit = params["summary_max_pages"] if report.endswith("summary") else None
    assert check_document(document(report, fmt), limit) == []


def test_summary_is_within_its_page_limit(built, params):
    assert pdf_page_count(document("strand5-summary", "pdf")) <= params["summary_max_pages"]


def test_findings_validate_and_cite_framework_elements(built):
    doc = load("strand5")
    ids = [f["id"] for f in doc["findings"]]
    assert ids == [f"S5-F{i:02d}" for i in range(1, len(ids) + 1)] and len(ids) >= 4
    elements = set(framework_ids())
    assert all(set(f["elements"]) <= elements for f in doc["findings"])
    assert doc["data_status"] == "synthetic"
    html_text = document("strand5-full", "html").read_text(encoding="utf-8")
    for finding in doc["findings"]:
        assert f'id="{finding["section"]}"' in html_text


def test_codebook_cites_only_findings_strands_3_and_4_produced(built, params):
    assert data.validate(DEMO_DATA_DIR, params) == []
    explored = {f["id"] for s in ("strand3", "strand4") for f in load(s)["findings"]}
    codebook = (DEMO / "codebook.yml").read_text(encoding="utf-8")
    cited = set(re.findall(r"S[34]-F\d\d", codebook))
    assert cited and cited <= explored


def test_full_report_lists_the_findings_explored(built):
    text = normalised(reader_text(document("strand5-full", "html")))
    for strand in ("strand3", "strand4"):
        for finding in load(strand)["findings"]:
            assert normalised(f"{finding['id']}: {finding['title']}") in text


def headings(report: str) -> dict[str, str]:
    """Section id -> heading text (section number left out) of a report's HTML.

    Only the report's own sections (ids ``sec-...``): the house style adds
    headings of its own, such as the publication details.
    """
    soup = BeautifulSoup(document(report, "html").read_text(encoding="utf-8"), "lxml")
    out = {}
    for tag in soup.find_all(["h1", "h2", "h3"]):
        section = tag.find_parent("section")
        key = tag.get("id") or (section.get("id") if section else None)
        if key and key.startswith("sec-"):
            for number in tag.select(".header-section-number"):
                number.decompose()
            out[key] = " ".join(tag.get_text(" ").split())
    return out


def test_every_finding_heads_its_own_section_of_the_full_report(built):
    found = headings("strand5-full")
    for finding in load("strand5")["findings"]:
        assert found.get(finding["section"]) == finding["title"], finding["id"]


def test_full_report_has_the_whole_skeleton_in_order(built):
    ids = list(headings("strand5-full"))
    skeleton = [
        "sec-key-findings",
        "sec-intro",
        "sec-methods",
        "sec-prevalence",
        "sec-cooccurrence",
        "sec-findings",
        "sec-framework",
        "sec-limitations",
        "sec-annex-a",
        "sec-annex-b",
    ]
    assert [i for i in ids if i in skeleton] == skeleton


def test_summary_has_key_findings_and_a_method_but_no_annexes(built):
    ids = list(headings("strand5-summary"))
    assert ids == ["sec-key-findings", "sec-methods", "sec-prevalence", "sec-limitations"]
    summary = normalised(reader_text(document("strand5-summary", "html")))
    full = normalised(reader_text(document("strand5-full", "html")))
    # The key findings are the same words in both; the method is the short one.
    for finding in load("strand5")["findings"]:
        assert normalised(f"Finding {finding['id']}; strength of evidence") in summary
    assert "the full report describes the method in detail" in summary
    assert "the full report describes the method in detail" not in full
    assert "annex" not in summary and "annex a" in full
    assert len(summary.split()) < len(full.split()) / 3


@pytest.mark.parametrize("fmt", FORMATS)
def test_summary_quotes_no_one(built, fmt):
    """Quotes are in the full report only: none of the approved excerpts is in the summary."""
    text = reader_text(document("strand5-summary", fmt))
    for token in ("[name]", "[place]", "[organisation]", "[contact]"):
        assert token not in text
    flat = normalised(text)
    segments = pd.read_csv(DEMO / "segments.csv", dtype=str, keep_default_na=False)
    approved = segments.loc[segments["approved"] == "true", "excerpt"]
    assert [e for e in approved if normalised(e)[:60] in flat] == []


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("report", REPORTS)
def test_no_inline_expression_is_left_unresolved(built, report, fmt):
    text = reader_text(document(report, fmt))
    assert "{python}" not in text
    assert not re.search(r"\bv\.(?:t\d|n_|top|low)\w*", text)


def test_most_words_are_written_in_markdown(built):
    nb = NOTEBOOKS["strand5"]
    for variant in nb.variants:
        share = words.count(nb.executed(), [variant], nb.report_name(variant))
        assert share.code > 0 or variant == "summary"
        assert share.share >= words.TARGET, (variant, share)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("report", REPORTS)
def test_no_identifier_reaches_any_output(built, params, report, fmt):
    text = reader_text(document(report, fmt))
    leaks = [name for name, rx in identifier_patterns(params).items() if rx.search(text)]
    assert leaks == []
    # The publication's own contact address (params/common.yml) is printed on
    # the reverse of the title page; no other address may appear.
    ours = params["publication"]["contact"]["email"]
    assert [e for e in EMAIL.findall(text) if e != ours] == []
    assert PHONE.findall(text) == []
    assert [phone for phone in demo.PHONES if phone in text] == []
    assert POSTCODE.findall(text) == []


def test_no_identifier_in_the_strand_products(built, params):
    """findings.json and ACRO's bundle, which other strands and checkers read.

    (The executed notebooks are left out: their injected parameters hold the
    redaction list itself. They are build intermediates, never published.)
    """
    products = [
        p for p in (BUILD_DIR / "strand5").rglob("*") if p.is_file() and p.suffix != ".ipynb"
    ]
    assert BUILD_DIR / "strand5" / "findings.json" in products
    assert any(p.parent.name == "acro" for p in products)
    names = identifier_patterns(params)
    for path in products:
        text = path.read_text(encoding="utf-8", errors="replace")
        assert [n for n, rx in names.items() if rx.search(text)] == [], path
        assert EMAIL.findall(text) == [], path


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_withheld_excerpt_reaches_any_output(built, fmt):
    segments = pd.read_csv(DEMO / "segments.csv", dtype=str, keep_default_na=False)
    withheld = segments.loc[segments["approved"] == "false", "excerpt"]
    approved = " | ".join(
        normalised(t) for t in segments.loc[segments["approved"] == "true", "excerpt"]
    )
    assert len(withheld) > 0
    for report in REPORTS:
        text = normalised(reader_text(document(report, fmt)))
        for excerpt in withheld:
            assert normalised(excerpt) not in text
            # Sentences only a withheld excerpt holds must not appear either.
            for sentence in re.split(r"(?<=[.!?])\s+", excerpt):
                words = normalised(sentence)
                if len(words.split()) >= 6 and words not in approved:
                    assert words not in text, sentence


@pytest.mark.parametrize("fmt", FORMATS)
def test_redacted_quotes_do_appear(built, fmt):
    """The checks above would pass on empty documents: show that quotes are there."""
    text = reader_text(document("strand5-full", fmt))
    for token in ("[name]", "[place]", "[organisation]"):
        assert token in text, token
    flat = normalised(text)
    quotes = re.findall(
        r"\u201c([^\u201d]{40,})\u201d", reader_text(document("strand5-full", "html"))
    )
    assert len(quotes) >= 10
    assert all(normalised(q) in flat for q in quotes)


def test_bad_input_stops_the_build_and_keeps_outputs(built, tmp_path):
    errors = failed_build(
        tmp_path,
        "strand5",
        lambda copy: set_cell(copy / "data/demo/strand5/segments.csv", 4, "codes", "T1.1; T9.9"),
        upstream=("strand3", "strand4"),
    )
    assert len(errors) == 1
    assert errors[0].startswith(
        "error: data/demo/strand5/segments.csv, row 4, column codes: expected codes from "
        "codebook.yml ("
    )
    assert errors[0].endswith("found 'T9.9'")


@pytest.mark.parametrize("report", REPORTS)
def test_both_reports_say_the_data_are_synthetic(built, report):
    """The demo data are synthetic: the limitations say so in words, not only the banner."""
    text = normalised(reader_text(document(report, "html")))
    assert normalised("The data behind this report are synthetic") in text
