"""The typesetting rules of ``csrr.checks`` (issue 15), on fixtures that break them.

Each fixture in tests/fixtures/typesetting/ breaks one rule; it is built here
with the pinned Typst (PDF/UA-1, as the engine compiles) or pandoc, and
``check_document`` must name the file, the page (PDF) and the rule in one
line. The feature fixture's real documents, built by the engine as in
test_engine.py, must pass every rule.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from csrr.checks import check_document, docx_contents, pdf_text
from csrr.paths import ROOT
from csrr.render import docx as docx_mod
from csrr.render.engine import font_dir, pandoc_path

FIXTURES = ROOT / "tests/fixtures/typesetting"


def typeset(name: str, tmp_path: Path) -> Path:
    """A Typst fixture compiled to a tagged PDF/UA-1 file."""
    import typst

    out = tmp_path / f"{name}.pdf"
    typst.compile(
        str(FIXTURES / f"{name}.typ"),
        output=str(out),
        font_paths=[str(font_dir())],
        ignore_system_fonts=True,
        pdf_standards=["ua-1"],
    )
    return out


def word(name: str, tmp_path: Path, *args: str) -> Path:
    """A Markdown fixture converted to DOCX by the pinned pandoc."""
    out = tmp_path / f"{name}.docx"
    subprocess.run(
        [str(pandoc_path()), str(FIXTURES / f"{name}.md"), "-o", str(out), *args],
        check=True,
        capture_output=True,
    )
    return out


def one_line(problems: list[str], pattern: str) -> str:
    """The one problem matching ``pattern``; fails listing them all otherwise."""
    found = [p for p in problems if re.search(pattern, p)]
    assert len(found) == 1, problems
    assert "\n" not in found[0]
    return found[0]


class TestPdfLayout:
    def test_stranded_caption_names_file_page_and_rule(self, tmp_path):
        pdf = typeset("stranded-caption", tmp_path)
        line = one_line(check_document(pdf), "caption apart")
        assert re.search(r"stranded-caption\.pdf: page 1: caption apart: ", line), line
        assert "Table 1: Counts by group" in line and "table on page 2" in line

    def test_half_empty_page(self, tmp_path):
        pdf = typeset("half-empty", tmp_path)
        problems = check_document(pdf)
        line = one_line(problems, "half-empty page")
        assert "half-empty.pdf: page 2: half-empty page: " in line
        assert not any("page 1:" in p for p in problems), "the title page is exempt"

    def test_page_number_on_title_page(self, tmp_path):
        pdf = typeset("title-page-number", tmp_path)
        line = one_line(check_document(pdf), "title page numbered")
        assert "title-page-number.pdf: page 1: title page numbered: " in line

    def test_good_layout_passes(self, tmp_path):
        """The stranded-caption fixture passes once the house rules are applied."""
        source = (FIXTURES / "stranded-caption.typ").read_text()
        fixed = source.replace(
            '#set page(paper: "a5")',
            '#set page(paper: "a5")\n#show figure.caption.where(position: top): set block(sticky: true)\n'
            "#set table.cell(breakable: false)",
        )
        (tmp_path / "fixed.typ").write_text(fixed)
        import typst

        out = tmp_path / "fixed.pdf"
        typst.compile(
            str(tmp_path / "fixed.typ"),
            output=str(out),
            font_paths=[str(font_dir())],
            ignore_system_fonts=True,
            pdf_standards=["ua-1"],
        )
        assert [p for p in check_document(out) if ": page " in p] == []


class TestWordContents:
    def test_empty_contents_list(self, tmp_path):
        path = word("empty-contents", tmp_path, "--toc")
        line = one_line(check_document(path), "contents list")
        assert "empty-contents.docx: contents list: " in line and "empty" in line

    def test_missing_contents_list(self, tmp_path):
        path = word("empty-contents", tmp_path)
        line = one_line(check_document(path), "contents list")
        assert "empty-contents.docx: contents list: no contents list" in line

    def test_two_contents_lists(self, tmp_path):
        path = word("house-contents", tmp_path, "--toc")
        problems = check_document(path)
        assert any("house-contents.docx: contents list: 2 contents lists" in p for p in problems)

    def test_house_list_passes_and_post_step_keeps_one(self, tmp_path):
        assert not [
            p for p in check_document(word("house-contents", tmp_path)) if "contents list" in p
        ]
        path = word("house-contents", tmp_path, "--toc")
        docx_mod.finish(
            path,
            title="Fixture",
            author="Scottish Government",
            marking=None,
            draft=False,
            study="Study",
            when=datetime(2026, 11, 22, tzinfo=UTC),
        )
        with zipfile.ZipFile(path) as archive:
            body = archive.read("word/document.xml").decode()
        assert docx_contents(body) == ["First sectionSecond section"]
        assert not [p for p in check_document(path) if "contents list" in p]


# The feature fixture's real documents ---------------------------------------


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> dict[tuple[str, str], Path]:
    """The feature fixture executed once, rendered to PDF and Word, full and summary."""
    from csrr.execute import run
    from csrr.render.engine import render
    from csrr.reports import Notebook

    fixture = Notebook("fixture", "Fixture", "tests/fixtures/features.ipynb", ("full", "summary"))
    build = tmp_path_factory.mktemp("build")
    out = tmp_path_factory.mktemp("out")
    nb = run(
        fixture,
        params_file=ROOT / "tests/fixtures/params/features.yml",
        data_dir=ROOT / "tests/fixtures/data",
        build_dir=build,
    )
    return {
        (variant, fmt): render(
            nb, fmt, out / f"fixture-{variant}.{fmt}", engine="pandoc", profiles=[variant]
        )
        for variant in fixture.variants
        for fmt in ("pdf", "docx")
    }


@pytest.mark.build
class TestFeatureFixture:
    @pytest.mark.parametrize("variant", ["full", "summary"])
    @pytest.mark.parametrize("fmt", ["pdf", "docx"])
    def test_passes_every_rule(self, documents, variant, fmt):
        assert check_document(documents[variant, fmt]) == []

    def test_pdf_front_matter(self, documents):
        from pypdf import PdfReader

        pages = [p.extract_text() for p in PdfReader(str(documents["full", "pdf"])).pages]
        title, reverse = " ".join(pages[0].split()), " ".join(pages[1].split())
        assert "Page" not in title and "Page" not in reverse
        assert "Children's Services Reform Research" in title.replace("\u2019", "'")
        assert "Fixture" in title and "22 November 2026" in title
        assert "CSRR research team" in title
        for expected in (
            "Contact:",
            "csrr@example.gov.scot",
            "Acknowledgements",
            "Crown copyright",
        ):
            assert expected in reverse, expected
        assert "ISBN" not in reverse, "an empty ISBN prints no line"
        assert re.search(r"Page 1 of \d+", pages[2])
        assert "Abbreviations" in pages[2] and "Integration joint board" in pages[2]
        summary = " ".join(pdf_text(documents["summary", "pdf"]).split())
        assert "22 November 2026" in summary and "csrr@example.gov.scot" in summary

    def test_word_front_matter_and_tables(self, documents):
        from docx import Document

        path = documents["full", "docx"]
        with zipfile.ZipFile(path) as archive:
            body = archive.read("word/document.xml").decode()
            styles = archive.read("word/styles.xml").decode()
        doc = Document(str(path))
        texts = [p.text for p in doc.paragraphs]
        assert texts[:3] == [
            "Children\u2019s Services Reform Research",
            "Fixture",
            "Feature fixture",
        ]
        assert any("22 November 2026" in t for t in texts)
        assert any(t.endswith("comes from synthetic demonstration data.") for t in texts)
        (contents,) = docx_contents(body)
        assert contents.startswith("1 Introduction") and "1.1 Method" in contents
        assert "2026-11-22" not in " ".join(texts)
        # Tables: bordered house style, autofit, header repeated, rows kept whole.
        assert re.search(
            r'w:styleId="Table"[^>]*>.*?<w:tblBorders>.*?<w:insideH ', styles, re.DOTALL
        )
        assert 'w:type="pct"' not in body and "<w:gridCol w:w" not in body
        for table in doc.tables:
            assert (
                table._tbl.find(".//{*}tblLayout").get(
                    "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}type"
                )
                == "autofit"
            )
            rows = table._tbl.findall("{*}tr")
            assert rows[0].find(".//{*}tblHeader") is not None
            assert all(row.find(".//{*}cantSplit") is not None for row in rows)
        glossary = doc.tables[0]
        assert [c.text for c in glossary.rows[0].cells] == ["Abbreviation", "Meaning"]
        assert glossary.rows[2].cells[0].text == "IJB"


def test_only_house_tables_are_refitted():
    """pandoc's tables (style Table) lose fixed widths; other tables keep theirs; no row splits."""
    house = (
        '<w:tbl><w:tblPr><w:tblStyle w:val="Table"/><w:tblW w:type="pct" w:w="5000"/>'
        '<w:tblLook w:val="0020"/></w:tblPr><w:tblGrid><w:gridCol w:w="1200"/></w:tblGrid>'
        '<w:tr><w:tc><w:tcPr><w:tcW w:type="dxa" w:w="1200"/></w:tcPr><w:p/></w:tc></w:tr></w:tbl>'
    )
    callout = (
        '<w:tbl><w:tblPr><w:tblW w:type="pct" w:w="5000"/></w:tblPr><w:tblGrid><w:gridCol w:w="9000"/>'
        "</w:tblGrid><w:tr><w:trPr/><w:tc><w:p/></w:tc></w:tr></w:tbl>"
    )
    out = docx_mod.fitted_tables(house + callout)
    fitted, kept = out.split("</w:tbl>", 1)
    assert '<w:tblW w:type="auto" w:w="0"/><w:tblLayout w:type="autofit"/><w:tblLook' in fitted
    assert "<w:gridCol/>" in fitted and '<w:tcW w:type="auto" w:w="0"/>' in fitted
    assert 'w:type="pct"' in kept and '<w:gridCol w:w="9000"/>' in kept
    assert out.count("<w:cantSplit/>") == 2
