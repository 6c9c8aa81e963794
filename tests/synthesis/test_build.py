"""End to end: the final report as `make synthesis` builds it, and runs that must stop.

The first group builds the real final report from the five strands (make
builds any stale strand first) and checks the three documents. The second
group runs the synthesis notebook through the runner on a private copy of the
fixture strands, so that deleting or doctoring inputs never touches the
shared build.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from csrr import inline
from csrr.checks import check_document
from csrr.errors import CsrrError
from csrr.execute import run
from csrr.findings import load
from csrr.paths import BUILD_DIR, OUT_DIR, PARAMS_DIR
from csrr.reports import NOTEBOOKS, STRANDS
from csrr.synthesis import traceability
from csrr.synthesis.inputs import section_titles
from tests.conftest import document, run_make
from tests.synthesis.conftest import like_the_real_strands

pytestmark = pytest.mark.build

REPORT = "final-report"


@pytest.fixture(scope="module")
def final_report() -> Path:
    """The final report, built by make after every strand (stale strands are rebuilt first)."""
    run_make("synthesis")
    return OUT_DIR / REPORT


@pytest.fixture(scope="module")
def numbers(final_report) -> dict[str, dict[str, float]]:
    """Every finding's numbers, from the strands' findings files the report was built from."""
    return {f["id"]: f["numbers"] for s in STRANDS for f in load(s)["findings"]}


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
def test_final_report_passes_every_document_check(final_report, fmt):
    assert check_document(document(REPORT, fmt)) == []


@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_every_number_traces_to_a_cited_finding(final_report, numbers, fmt):
    assert traceability.check_rendered(document(REPORT, fmt), numbers) == []


def test_final_report_cites_every_strand_and_links_to_its_sections(final_report):
    from bs4 import BeautifulSoup

    html = document(REPORT, "html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "lxml")
    links = [a["href"] for a in soup.find("main").find_all("a", href=True)]
    external = [h for h in links if h.startswith("../")]
    assert {re.match(r"\.\./(strand\d)-full/", h).group(1) for h in external} == set(STRANDS)
    for href in sorted(set(external)):
        path, anchor = href.split("#")
        strand = re.match(r"\.\./(strand\d)-full/", href).group(1)
        # The anchor is a section of the strand's full report...
        notebook = json.loads((BUILD_DIR / strand / ".executed.ipynb").read_text(encoding="utf-8"))
        assert anchor in section_titles(notebook), href
        # ... and, where that report has been rendered (make strandN), an id in it.
        target = (OUT_DIR / REPORT / path).resolve()
        if target.is_file():
            page = BeautifulSoup(target.read_text(encoding="utf-8"), "lxml")
            assert page.find(id=anchor) is not None, href


def test_pdf_and_word_name_the_report_and_section(final_report):
    from csrr.checks import docx_text, pdf_text

    for text in (pdf_text(document(REPORT, "pdf")), docx_text(document(REPORT, "docx"))):
        flat = " ".join(text.split())
        for n in range(1, 6):
            assert f"Strand {n} full report, section “" in flat
        assert ".html" not in flat  # the links live in HTML only


DOCTORED = "987654"
_FIRST_NUMBER = re.compile(r"(?<![\w-])\d[\d,.]*")


def _doctor(text: str) -> str | None:
    """``text`` with its first number replaced by one no finding carries, or None."""
    return _FIRST_NUMBER.sub(DOCTORED, text, count=1) if _FIRST_NUMBER.search(text) else None


def test_a_number_doctored_into_the_html_is_caught(final_report, numbers, tmp_path):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(document(REPORT, "html").read_text(encoding="utf-8"), "lxml")
    # The first table cell that states a cited finding with a number (Annex B).
    for row in soup.find("main").find_all("tr"):
        if not traceability.FINDING_ID.search(row.get_text()):
            continue
        node = next(
            (
                s
                for s in row.find_all(string=True)
                if s.parent.name != "a" and not traceability.FINDING_ID.search(s) and _doctor(s)
            ),
            None,
        )
        if node is not None:
            node.replace_with(_doctor(str(node)))
            break
    else:
        pytest.fail("no cited statement with a number in the final report")
    path = tmp_path / f"{REPORT}.html"
    path.write_text(str(soup), encoding="utf-8")
    found = traceability.check_rendered(path, numbers)
    assert len(found) == 1
    assert f"the number {DOCTORED} is not a number of the findings cited" in found[0]


def test_a_number_doctored_into_the_word_document_is_caught(final_report, numbers, tmp_path):
    from docx import Document

    doc = Document(str(document(REPORT, "docx")))
    done = False
    for table in doc.tables:
        for row in table.rows:
            if done or not traceability.FINDING_ID.search(" ".join(c.text for c in row.cells)):
                continue
            for cell in row.cells:
                run_ = next(
                    (
                        r
                        for p in cell.paragraphs
                        for r in p.runs
                        if not traceability.FINDING_ID.search(r.text) and _doctor(r.text)
                    ),
                    None,
                )
                if run_ is not None:
                    run_.text = _doctor(run_.text)
                    done = True
                    break
    if not done:
        pytest.fail("no cited statement with a number in the final report")
    path = tmp_path / f"{REPORT}.docx"
    doc.save(str(path))
    found = traceability.check_rendered(path, numbers)
    assert len(found) == 1 and f"the number {DOCTORED}" in found[0]


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
def test_reader_text_has_no_expressions_hashes_or_file_names(final_report, fmt):
    from csrr.checks import docx_text, pdf_text

    path = document(REPORT, fmt)
    if fmt == "html":
        from bs4 import BeautifulSoup

        text = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml").find("main").get_text(" ")
    else:
        text = pdf_text(path) if fmt == "pdf" else docx_text(path)
    assert "{python}" not in text
    assert not re.search(r"\b[0-9a-f]{64}\b", text)  # no SHA-256 in reader text
    for word in (".json", ".ipynb", "SHA-256", "params/"):
        assert word not in text, word
    # Citations are footnotes: the body never lists ids in a sentence.
    assert not re.search(r"\(S[1-5]-F\d{2}, S[1-5]-F\d{2}", text)


def test_final_report_has_its_skeleton_and_footnotes(final_report):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(document(REPORT, "html").read_text(encoding="utf-8"), "lxml")
    main = soup.find("main")
    ids = [section["id"] for section in main.find_all("section", id=True)]
    for sec in (
        "sec-key-findings",
        "sec-intro",
        "sec-methods",
        "sec-results",
        "sec-conclusions",
        "sec-limitations",
        "sec-annex-a",
        "sec-annex-b",
        "sec-annex-c",
        "sec-annex-d",
    ):
        assert sec in ids, sec
    assert ids.index("sec-key-findings") < ids.index("sec-intro") < ids.index("sec-annex-a")
    # Each key finding carries a footnote naming the strand findings it rests on.
    key = main.find(id="sec-key-findings")
    assert len(key.select("li a.footnote-ref")) == 8
    notes = main.select("section.footnotes li")
    assert notes and all(traceability.FINDING_ID.search(n.get_text()) for n in notes)
    # The demo data are labelled as illustrative where the findings are stated, and in the limitations.
    assert "Illustrative data." in key.get_text(" ")
    assert "Illustrative data." in main.find(id="sec-limitations").get_text(" ")
    # Embedded strand figures arrived.
    for label in ("fig-map", "fig-barriers"):
        assert main.find(id=label) is not None, label


def test_most_words_are_written_in_markdown(final_report):
    from csrr.words import TARGET, count

    share = count(BUILD_DIR / "synthesis" / "synthesis.ipynb", ["full"], REPORT)
    assert share.share >= TARGET, share


# ------------------------------------------------- runs that must stop


@pytest.fixture
def run_dir(tmp_path, build_dir) -> Path:
    """Where a private run of the synthesis lands: beside the fixture strands."""
    return build_dir / "synthesis"


def _params_with(tmp_path: Path, **changes) -> Path:
    """A copy of params/synthesis.yml (and its schema) for the fixture strands.

    Conditions, divergent findings and figures cite the real strands' ids,
    so they are emptied unless a test sets them.
    """
    params = yaml.safe_load((PARAMS_DIR / "synthesis.yml").read_text(encoding="utf-8"))
    params["triangulation"]["divergent"] = []
    params.update({"conditions": [], "figures": [], **changes})
    folder = tmp_path / "params"
    (folder / "schema").mkdir(parents=True)
    shutil.copy(PARAMS_DIR / "schema" / "synthesis.schema.json", folder / "schema")
    path = folder / "synthesis.yml"
    path.write_text(yaml.safe_dump(params, sort_keys=False), encoding="utf-8")
    return path


def test_run_on_fixture_strands_writes_the_final_notebook(tmp_path, build_dir, run_dir):
    params = _params_with(tmp_path, figures=like_the_real_strands(build_dir))
    out = run(NOTEBOOKS["synthesis"], params_file=params, build_dir=run_dir)
    assert out == run_dir / "synthesis.ipynb"
    text = out.read_text(encoding="utf-8")
    assert "S4-F01" in text
    # Every inline expression of the Markdown has its value stored.
    nb = json.loads(text)
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            asked = inline.expressions("".join(cell["source"]))
            stored = cell["metadata"].get("user_expressions", [])
            assert len(stored) == len(asked), cell["id"]


def test_a_citation_of_a_finding_no_strand_reports_stops_the_run(tmp_path, build_dir, run_dir):
    # Without the findings the prose cites, its footnotes cannot be written.
    params = _params_with(tmp_path)
    with pytest.raises(CsrrError, match=r"see\.S\d_F\d{2}"):
        run(NOTEBOOKS["synthesis"], params_file=params, build_dir=run_dir)
    assert not (run_dir / "synthesis.ipynb").exists()


def test_deleting_a_strand_stops_the_run_naming_it(tmp_path, build_dir, run_dir):
    (build_dir / "strand4" / "findings.json").unlink()
    params = _params_with(tmp_path)
    with pytest.raises(CsrrError) as err:
        run(NOTEBOOKS["synthesis"], params_file=params, build_dir=run_dir)
    assert "strand4 (Workforce survey): findings not found" in str(err.value)
    assert not (run_dir / "synthesis.ipynb").exists()


def test_citing_a_missing_finding_stops_the_run_naming_it(tmp_path, run_dir):
    conditions = [
        {
            "title": "Protect time",
            "elements": ["relationships", "rights"],
            "findings": ["S4-F01", "S4-F42"],
        }
    ]
    params = _params_with(tmp_path, conditions=conditions)
    with pytest.raises(CsrrError, match=r"cites finding S4-F42, which no strand reports"):
        run(NOTEBOOKS["synthesis"], params_file=params, build_dir=run_dir)
