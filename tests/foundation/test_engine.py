"""The built-in engine on the feature fixture: every feature, three formats.

The fixture notebook (tests/fixtures/features.ipynb) is executed once with
papermill, then rendered to HTML, PDF and Word under the full and summary
profiles; the assertions read the documents themselves.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pikepdf
import pytest
from bs4 import BeautifulSoup
from docx import Document

from csrr.checks import check_document, docx_text, pdf_text
from csrr.errors import RenderError
from csrr.execute import run
from csrr.paths import ROOT
from csrr.render.engine import render
from csrr.reports import Notebook

pytestmark = pytest.mark.build

FIXTURE = Notebook("fixture", "Fixture", "tests/fixtures/features.ipynb", ("full", "summary"))
ALT = "Line chart rising steadily from 0 to 19 across 20 points."
FORMATS = ("html", "pdf", "docx")


@pytest.fixture(scope="module")
def executed(tmp_path_factory) -> dict[str, Path]:
    """The fixture notebook executed once; both reports render from it."""
    build = tmp_path_factory.mktemp("build")
    nb = run(
        FIXTURE,
        params_file=ROOT / "tests/fixtures/params/features.yml",
        data_dir=ROOT / "tests/fixtures/data",
        build_dir=build,
    )
    return dict.fromkeys(FIXTURE.variants, nb)


@pytest.fixture(scope="module")
def docs(executed, tmp_path_factory) -> dict[tuple[str, str], Path]:
    """Both profiles rendered to every format."""
    out = tmp_path_factory.mktemp("out")
    return {
        (variant, fmt): render(
            nb, fmt, out / f"fixture-{variant}.{fmt}", engine="pandoc", profiles=[variant]
        )
        for variant, nb in executed.items()
        for fmt in FORMATS
    }


def edited(nb: Path, tmp_path: Path, change) -> Path:
    """A copy of an executed notebook with ``change(cells)`` applied."""
    data = json.loads(nb.read_text())
    change(data["cells"])
    copy = tmp_path / nb.name
    copy.write_text(json.dumps(data))
    return copy


def set_front(nb: Path, tmp_path: Path, **csrr) -> Path:
    """A copy with house front-matter keys changed (marking, data status...)."""
    import yaml

    def change(cells):
        meta = yaml.safe_load("".join(cells[0]["source"]).strip().strip("-"))
        meta["csrr"].update(csrr)
        cells[0]["source"] = ("---\n" + yaml.safe_dump(meta) + "---\n").splitlines(True)

    return edited(nb, tmp_path, change)


def html_soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def visible_text(path: Path) -> str:
    """What a reader sees in a document of any format."""
    if path.suffix == ".pdf":
        return pdf_text(path)
    if path.suffix == ".docx":
        return html.unescape(docx_text(path))
    return html_soup(path).get_text(" ")


class TestExecution:
    def test_injected_parameters_tagged_for_quarto(self, executed):
        cells = json.loads(executed["full"].read_text())["cells"]
        injected = [c for c in cells if "injected-parameters" in c["metadata"].get("tags", [])]
        assert injected and "remove-cell" in injected[0]["metadata"]["tags"]
        # Quarto joins a one-string source's lines without newlines: a list of lines.
        assert cells[0]["cell_type"] == "raw" and cells[0]["source"][0] == "---\n"
        assert all(line.endswith("\n") for line in cells[0]["source"])

    def test_no_run_times_or_random_ids(self, executed):
        data = json.loads(executed["full"].read_text())
        assert not any("papermill" in c["metadata"] for c in data["cells"])
        assert not any("execution" in c["metadata"] for c in data["cells"])
        assert "duration" not in data["metadata"]["papermill"]
        assert "output_path" not in data["metadata"]["papermill"]
        ids = [c["id"] for c in data["cells"]]
        assert "injected-parameters" in ids

    def test_alt_text_is_in_cell_metadata_where_quarto_reads_it(self, executed):
        cells = json.loads(executed["full"].read_text())["cells"]
        figure = next(c for c in cells if "label: fig-line" in "".join(c["source"]))
        assert not any("fig-alt" in o.get("metadata", {}) for o in figure["outputs"])

    def test_inline_results_stored_as_quarto_does(self, executed):
        cells = json.loads(executed["full"].read_text())["cells"]
        cell = next(c for c in cells if c.get("id") == "inline-and-conditional")
        stored = cell["metadata"]["user_expressions"]
        assert [s["expression"] for s in stored] == [
            "total_text",
            "total_text",
            "marked",
            "rich",
            "n_points * 2",
        ]
        assert stored[0]["result"]["status"] == "ok"
        assert stored[0]["result"]["data"]["text/plain"] == "'49'"
        assert stored[3]["result"]["data"]["text/markdown"] == "**bold from code**"
        assert stored[4]["result"]["data"]["text/plain"] == "40"


class TestInlineAndConditional:
    """Inline values and profile-conditional content, in every format."""

    @pytest.mark.parametrize("fmt", FORMATS)
    def test_inline_values_in_every_format(self, docs, fmt):
        text = " ".join(visible_text(docs["full", fmt]).split())
        assert "The total from code is 49, and twice: 49." in text
        assert "A number: 40." in text
        assert "{python}" not in text

    @pytest.mark.parametrize("fmt", FORMATS)
    def test_markdown_characters_in_a_string_stay_literal(self, docs, fmt):
        text = " ".join(visible_text(docs["full", fmt]).split())
        assert "a *starred* [term] with_underscores_ and <angle> # hash literally" in text

    def test_markdown_value_is_markdown(self, docs):
        soup = html_soup(docs["full", "html"])
        assert soup.find("strong", string="bold from code") is not None

    @pytest.mark.parametrize("fmt", FORMATS)
    def test_summary_profile_shows_only_summary_content(self, docs, fmt):
        full = visible_text(docs["full", fmt])
        summary = visible_text(docs["summary", fmt])
        assert "INLINE-FULL-ONLY" in full and "INLINE-SUMMARY-ONLY" not in full
        assert "INLINE-SUMMARY-ONLY" in summary and "INLINE-FULL-ONLY" not in summary
        assert "A callout only the full report has" not in summary

    def test_expression_without_a_value_stops_the_render(self, executed, tmp_path):
        def add_expression(cells):
            for cell in cells:
                if cell.get("id") == "inline-and-conditional":
                    cell["source"] = ["New `{python} never_run` value.\n"]

        bad = edited(executed["full"], tmp_path, add_expression)
        with pytest.raises(
            RenderError, match=r"inline expression `\{python\} never_run` has no value"
        ):
            render(bad, "html", tmp_path / "x.html", engine="pandoc")


class TestAllFormatsPassTheChecks:
    @pytest.mark.parametrize("variant", ["full", "summary"])
    @pytest.mark.parametrize("fmt", FORMATS)
    def test_document_checks(self, docs, variant, fmt):
        assert check_document(docs[variant, fmt]) == []


class TestHtml:
    def test_captions_references_and_alt(self, docs):
        soup = html_soup(docs["full", "html"])
        text = " ".join(soup.get_text(" ").split())
        assert "Figure 1: A rising line of points" in text
        assert "Table 1: Summary of values" in text
        refs = {a.get_text().replace("\xa0", " "): a["href"] for a in soup.select("a.quarto-xref")}
        assert refs["Figure 1"] == "#fig-line"
        assert refs["Table 1"] == "#tbl-summary"
        assert refs["Section 1.1"] == "#sec-method"
        assert refs["1"] == "#fig-line"  # [-@fig-line]
        assert soup.select_one("#fig-line img")["alt"] == ALT
        assert soup.select_one("#sec-method") is not None

    def test_landmarks_language_title_toc(self, docs):
        soup = html_soup(docs["full", "html"])
        assert soup.html["lang"] == "en-GB"
        assert soup.title.get_text() == "Feature fixture: Full report"
        assert soup.find("main") and soup.find("nav", id="TOC")
        assert soup.select_one("header .title").get_text() == "Feature fixture"

    def test_callouts_all_kinds(self, docs):
        soup = html_soup(docs["full", "html"])
        for kind in ("note", "important", "tip", "warning", "caution"):
            assert soup.select(
                f"div.callout.callout-style-default.callout-{kind}.callout-titled"
            ), kind
        titles = [d.get_text(" ", strip=True) for d in soup.select("div.callout-header")]
        assert "About this method" in titles and "Important" in titles and "A tip" in titles

    def test_hidden_and_shown_cells(self, docs):
        text = docs["full", "html"].read_text(encoding="utf-8")
        for hidden in ("HIDDEN-INCLUDE-FALSE", "REMOVED-CELL", "n_points = 20", "charts.figure()"):
            assert hidden not in text
        assert "total = 12 + 30 + 7" in html_soup(docs["full", "html"]).get_text()  # echo: true
        assert "The total is <strong>49</strong>" in text  # output: asis

    def test_footnote_citation_bibliography(self, docs):
        soup = html_soup(docs["full", "html"])
        text = " ".join(soup.get_text(" ").split())
        assert "(Smith and Jones 2020)" in text
        assert "Integrated Children’s Services: A Test Reference" in text
        assert (
            soup.select("section.footnotes, aside.footnotes, #footnotes")
            or "A footnote with" in text
        )

    def test_house_front_matter(self, docs):
        text = " ".join(html_soup(docs["full", "html"]).get_text(" ").split())
        assert "Illustrative data: not research findings." in text
        assert "DRAFT: not for circulation." in text
        assert "Open Government Licence v3.0" in text
        assert "do not necessarily represent those of the Scottish Government" in text

    def test_self_contained(self, docs):
        html = docs["full", "html"].read_text(encoding="utf-8")
        assert 'src="data:image/png;base64,' in html
        assert not re.search(r'<(img|script|link)[^>]+(src|href)="https?://', html)

    def test_summary_variant(self, docs):
        soup = html_soup(docs["summary", "html"])
        assert soup.find("nav", id="TOC") is None
        assert soup.select_one("header .subtitle").get_text() == "Summary"
        assert html_soup(docs["full", "html"]).select_one("header .subtitle").get_text() == (
            "Full report"
        )


class TestPdf:
    def test_tagged_with_alt_title_language(self, docs):
        with pikepdf.open(docs["full", "pdf"]) as pdf:
            assert str(pdf.Root.Lang) == "en-GB"
            assert str(pdf.open_metadata()["pdfuaid:part"]) == "1"
            alts = []

            def walk(node):
                if isinstance(node, pikepdf.Array):
                    for kid in node:
                        walk(kid)
                elif isinstance(node, pikepdf.Dictionary):
                    if str(node.get("/S")) == "/Figure":
                        alts.append(str(node.get("/Alt")))
                    if "/K" in node:
                        walk(node.K)

            walk(pdf.Root.StructTreeRoot.K)
            assert alts == [ALT]

    def test_text(self, docs):
        text = " ".join(pdf_text(docs["full", "pdf"]).split())
        for expected in (
            "Figure 1: A rising line of points",
            "Table 1: Summary of values",
            "Section 1.1",
            "Illustrative data: not research findings",
            "DRAFT",
            "Page 1 of",
            "(Smith and Jones 2020)",
            "About this method",
        ):
            assert expected.replace(" ", "") in text.replace(" ", ""), expected
        assert "HIDDEN-INCLUDE-FALSE" not in text


class TestDocx:
    def test_alt_headings_tables_title(self, docs):
        path = docs["full", "docx"]
        with zipfile.ZipFile(path) as archive:
            body = archive.read("word/document.xml").decode()
        assert re.findall(r'<wp:docPr [^>]*descr="([^"]*)"', body) == [ALT]
        doc = Document(str(path))
        styles = [p.style.name for p in doc.paragraphs]
        assert "Heading 1" in styles and "Heading 2" in styles
        assert "Callout Title" in styles and "Callout" in styles
        assert doc.core_properties.title == "Feature fixture: Full report"
        assert doc.core_properties.language == "en-GB"
        assert doc.tables[0].rows[0]._tr.find(".//{*}tblHeader") is not None
        captions = [
            p.text.replace("\xa0", " ")
            for p in doc.paragraphs
            if p.style.name in ("Image Caption", "Table Caption")
        ]
        assert (
            "Figure 1: A rising line of points" in captions
            and "Table 1: Summary of values" in captions
        )

    def test_links_to_bookmarks(self, docs):
        with zipfile.ZipFile(docs["full", "docx"]) as archive:
            body = archive.read("word/document.xml").decode()
        for target in ("fig-line", "tbl-summary", "sec-method"):
            assert f'w:anchor="{target}"' in body and f'w:name="{target}"' in body

    def test_page_numbers_and_draft_in_footer(self, docs):
        with zipfile.ZipFile(docs["full", "docx"]) as archive:
            footer = archive.read("word/csrr-footer.xml").decode()
            header = archive.read("word/csrr-header.xml").decode()
        assert "NUMPAGES" in footer and " PAGE " in footer
        assert "DRAFT: not for circulation" in header


class TestMarkingProfileAndBanner:
    def test_marking_top_and_bottom_everywhere(self, executed, tmp_path):
        nb = set_front(executed["full"], tmp_path, marking="OFFICIAL-SENSITIVE")
        pdf = render(nb, "pdf", tmp_path / "m.pdf", engine="pandoc")
        with pikepdf.open(pdf) as handle:
            pages = len(handle.pages)
        from pypdf import PdfReader

        for page in PdfReader(str(pdf)).pages:
            assert page.extract_text().count("OFFICIAL-SENSITIVE") == 2
        assert pages >= 3
        docx = render(nb, "docx", tmp_path / "m.docx", engine="pandoc")
        with zipfile.ZipFile(docx) as archive:
            assert "OFFICIAL-SENSITIVE" in archive.read("word/csrr-header.xml").decode()
            assert "OFFICIAL-SENSITIVE" in archive.read("word/csrr-footer.xml").decode()
        soup = html_soup(render(nb, "html", tmp_path / "m.html", engine="pandoc"))
        assert soup.select_one(".marking-top").get_text() == "OFFICIAL-SENSITIVE"
        assert soup.select_one(".marking-bottom").get_text() == "OFFICIAL-SENSITIVE"

    def test_final_profile_has_no_draft(self, executed, tmp_path):
        for fmt in FORMATS:
            out = render(
                executed["full"], fmt, tmp_path / f"f.{fmt}", engine="pandoc", profiles=["final"]
            )
            assert "DRAFT" not in visible_text(out), fmt

    def test_real_data_has_no_banner(self, executed, tmp_path):
        nb = set_front(executed["full"], tmp_path, **{"data-status": "real"})
        for fmt in FORMATS:
            out = render(nb, fmt, tmp_path / f"r.{fmt}", engine="pandoc")
            assert "Illustrative data" not in visible_text(out), fmt


class TestReproducible:
    @pytest.mark.parametrize("fmt", FORMATS)
    def test_two_renders_are_byte_identical(self, executed, tmp_path, fmt):
        first = render(executed["full"], fmt, tmp_path / f"a.{fmt}", engine="pandoc").read_bytes()
        second = render(executed["full"], fmt, tmp_path / f"b.{fmt}", engine="pandoc").read_bytes()
        assert first == second


class TestErrors:
    def test_missing_alt_text_names_the_figure_and_keeps_the_old_output(
        self, executed, docs, tmp_path
    ):
        def drop_alt(cells):
            for cell in cells:
                if "fig-line" in "".join(cell["source"]):
                    src = "".join(cell["source"])
                    cell["source"] = "\n".join(l for l in src.splitlines() if "fig-alt" not in l)

        bad = edited(executed["full"], tmp_path, drop_alt)
        out = tmp_path / "keep.html"
        shutil.copy(docs["full", "html"], out)
        before = out.read_bytes()
        with pytest.raises(RenderError, match="figure 'fig-line' has no fig-alt"):
            render(bad, "html", out, engine="pandoc")
        assert out.read_bytes() == before
        assert not list(tmp_path.glob(".work-*"))

    @pytest.mark.parametrize("fmt", FORMATS)
    def test_broken_reference_names_it(self, executed, tmp_path, fmt):
        def break_ref(cells):
            for cell in cells:
                if cell["cell_type"] == "markdown" and "@tbl-summary" in "".join(cell["source"]):
                    cell["source"] = "".join(cell["source"]).replace(
                        "@tbl-summary", "@tbl-missing"
                    )

        bad = edited(executed["full"], tmp_path, break_ref)
        with pytest.raises(RenderError, match="unresolved reference @tbl-missing"):
            render(bad, fmt, tmp_path / f"x.{fmt}", engine="pandoc")

    def test_cli_prints_one_line_and_exits_1(self, executed, tmp_path):
        def break_ref(cells):
            for cell in cells:
                if cell["cell_type"] == "markdown":
                    cell["source"] = "".join(cell["source"]).replace("@fig-line", "@fig-nowhere")

        bad = edited(executed["full"], tmp_path, break_ref)
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "csrr",
                "render",
                str(bad),
                "--to",
                "html",
                "--out",
                str(tmp_path / "x.html"),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert proc.returncode == 1
        assert proc.stderr.strip().count("\n") == 0
        assert "unresolved reference @fig-nowhere" in proc.stderr


class TestQuartoRouteWordAltText:
    """Quarto's Word output has empty ``descr``: the house post-step fills it."""

    def test_empty_descr_is_filled_from_the_notebook(self, executed, docs):
        from csrr.render.docx import _with_alt_text
        from csrr.render.engine import figure_alts

        with zipfile.ZipFile(docs["full", "docx"]) as archive:
            names = archive.namelist()
            document = archive.read("word/document.xml").decode()
            rels = archive.read("word/_rels/document.xml.rels").decode()
            media = {n: archive.read(n) for n in names if n.startswith("word/media/")}
        blanked = re.sub(r'descr="[^"]*"', 'descr=""', document)
        assert ALT not in blanked
        filled = _with_alt_text(blanked, rels, media, figure_alts(executed["full"]))
        assert f'descr="{ALT}"' in filled
