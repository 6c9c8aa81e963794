"""Traceability: every number beside a citation is one of the cited findings' numbers."""

from __future__ import annotations

import pytest

from csrr.display import table_markdown
from csrr.errors import CsrrError
from csrr.synthesis import traceability as t
from csrr.synthesis.traceability import Block
from tests.synthesis.conftest import prepare

NUMBERS = {
    "S3-F01": {"councils": 32, "integrated": 11},
    "S4-F01": {"share": 0.78, "respondents": 1204},
    "S3-F02": {"coef": 0.4217, "level": 0.95},
}


def problems(text: str, kind: str = "para", annex: bool = False) -> list[str]:
    return t.check_block(Block(text, kind, annex), NUMBERS)


def test_numbers_of_the_cited_finding_pass():
    assert problems("Of the 32 council areas, 11 are integrated (S3-F01).") == []


def test_rounding_and_percentages_pass():
    assert (
        problems("78% of 1,204 respondents agreed (S4-F01); a coefficient of 0.42 (S3-F02).") == []
    )
    assert problems("A 95% interval (S3-F02).") == []


def test_a_number_no_cited_finding_carries_fails():
    found = problems("Of the 32 council areas, 12 are integrated (S3-F01).")
    assert (
        len(found) == 1
        and "the number 12 is not a number of the findings cited (S3-F01)" in found[0]
    )


def test_numbers_must_come_from_a_finding_cited_in_the_same_block():
    # 78 belongs to S4-F01, which this block does not cite.
    assert problems("Of the 32 councils, 78% agree (S3-F01).") != []


def test_citation_names_and_cross_references_are_not_findings_numbers():
    text = (
        "Poverty matters, as Figure 2 and Section 4.1 show "
        "(S3-F02, moderate evidence; Strand 3 full report, section “Model (2016 to 2023)”)."
    )
    assert problems(text) == []
    row = "| S3-F02 | Poverty explains more | section “Trends 2014 to 2023” |"
    assert problems(row, kind="row") == []


def test_a_cited_id_that_does_not_exist_is_reported():
    found = problems("Something (S5-F07).")
    assert found and "S5-F07 is cited but no strand reports it" in found[0]


def test_uncited_numbers_in_the_body_fail_but_not_in_tables_or_annexes():
    assert problems("Caseloads rose by 12% last year.") != []
    assert problems("| Strand 1 | 3 | 15 |", kind="row") == []
    assert problems("SHA-256 3f2a0c9e", annex=True) == []
    assert problems("Four of the eight elements (Table 3).") == []


def test_markdown_blocks_split_paragraphs_items_and_rows():
    md = (
        "## Heading 4.1 {#sec-x}\n\nFirst line\nsecond line (S3-F01).\n\n"
        "- item one 32\n- item two\n\n"
        "| A | B |\n|---|---|\n| 1 | 2 |\n\n: Caption 99 {#tbl-x}\n\n"
        "{{< embed ../strand3/strand3.ipynb#fig-x >}}\n\n"
        'A link `<a href="../strand3-full/strand3-full.html#sec-7">`{=html}S3-F01`</a>`{=html} here.'
    )
    blocks = t.markdown_blocks(md)
    texts = [(b.text, b.kind) for b in blocks]
    assert texts == [
        ("First line second line (S3-F01).", "para"),
        ("item one 32", "para"),
        ("item two", "para"),
        ("| A | B |", "row"),
        ("| 1 | 2 |", "row"),
        ("A link S3-F01 here.", "para"),
    ]


def test_html_blocks_read_paragraphs_items_rows_and_annexes(tmp_path):
    html = tmp_path / "r.html"
    html.write_text(
        "<html><body><nav><li>1 Summary</li></nav><main>"
        "<section id='sec-a'><h2>1 Answer</h2><p>Of 32 councils (S3-F01).</p>"
        "<ul><li><p>78% agree (S4-F01).</p></li></ul>"
        "<figure><img alt='x'><figcaption><p>Figure 1: 2020</p></figcaption></figure>"
        "<table><tr><th>Strand 1</th></tr><tr><td>S3-F01</td></tr></table></section>"
        "<section id='sec-annex-c'><h2>Annex C: Provenance</h2><p>SHA-256 `ab12`</p></section>"
        "</main></body></html>",
        encoding="utf-8",
    )
    blocks = t.html_blocks(html)
    assert [(b.text, b.kind, b.annex) for b in blocks] == [
        ("Of 32 councils (S3-F01).", "para", False),
        ("78% agree (S4-F01).", "para", False),
        ("Strand 1", "row", False),
        ("S3-F01", "row", False),
        ("SHA-256 `ab12`", "para", True),
    ]
    assert t.check_rendered(html, NUMBERS) == []
    doctored = tmp_path / "doctored.html"
    doctored.write_text(html.read_text().replace("Of 32 councils", "Of 33 councils"))
    found = t.check_rendered(doctored, NUMBERS)
    assert len(found) == 1 and "doctored.html: the number 33" in found[0]


def test_docx_blocks_start_at_the_first_heading(tmp_path):
    from docx import Document

    doc = Document()
    doc.add_paragraph("Version 0.1, 2026-11-22")  # title page: out of scope
    doc.add_heading("1 Answer", level=1)
    doc.add_paragraph("Of the 32 councils, 11 are integrated (S3-F01).")
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(1, 0).text = "Finding", "S4-F01"
    table.cell(1, 1).text = "78% agree"
    doc.add_heading("Annex C: Provenance", level=1)
    doc.add_paragraph("SHA-256 0123abcd")
    path = tmp_path / "r.docx"
    doc.save(str(path))
    blocks = t.docx_blocks(path)
    assert [(b.kind, b.annex) for b in blocks] == [
        ("para", False),
        ("row", False),
        ("row", False),
        ("para", True),
    ]
    assert t.check_rendered(path, NUMBERS) == []
    doc.paragraphs[2].runs[0].text = "Of the 32 councils, 14 are integrated (S3-F01)."
    doc.save(str(path))
    assert any("the number 14" in p for p in t.check_rendered(path, NUMBERS))


def test_pdf_is_not_checked_by_paragraph(tmp_path):
    with pytest.raises(ValueError, match="no traceability check for .pdf"):
        t.check_rendered(tmp_path / "r.pdf", NUMBERS)


def test_every_table_and_citation_the_report_writes_is_traceable(build_dir, config):
    conditions = [
        {"title": "Time", "elements": ["relationships"], "findings": ["S4-F01", "S5-F01"]}
    ]
    syn = prepare(build_dir, config, conditions=conditions)
    frames = [
        syn.strands_frame(),
        syn.framework_frame(),
        syn.strength_frame(),
        syn.matrix_frame(),
        *(syn.evidence_frame(e.id) for e in syn.elements),
        *(syn.findings_frame(f"strand{n}") for n in range(1, 6)),
        syn.traceability_frame(),
        syn.provenance_frame(),
    ]
    numbers = syn.evidence.numbers()
    for frame in frames:
        assert t.check_blocks(t.markdown_blocks(table_markdown(frame)), numbers) == []
    see = syn.citations()
    for finding in syn.evidence.all_findings():
        note = getattr(see, finding.id.replace("-", "_")).data
        assert t.check_blocks(t.markdown_blocks(note), numbers) == []


def test_a_doctored_statement_stops_the_build(build_dir, config):
    syn = prepare(build_dir, config)
    table = table_markdown(syn.findings_frame("strand4"))
    assert "78% of 1,204 respondents" in table
    doctored = table.replace("78% of 1,204 respondents", "78% of 1,240 respondents")
    with pytest.raises(
        CsrrError,
        match=r"traceability: the number 1240 is not a number of the findings cited \(S4-F01\)",
    ):
        t.checked(doctored, syn.evidence)


def test_citation_links_in_html_and_names_report_and_section(build_dir, config):
    syn = prepare(build_dir, config)
    text = t.cite_note(syn.evidence, "S3-F02")
    assert text.startswith(
        "Strand 3 full report, section “Adjusted association model (2016 to 2023)”: finding "
        '`<a href="../strand3-full/strand3-full.html#sec-model">`{=html}S3-F02`</a>`{=html}'
    )
    assert text.endswith(" (moderate evidence)")
    # What the citation names is not read as findings numbers.
    assert t.check_blocks(t.markdown_blocks(text), syn.evidence.numbers()) == []
    with pytest.raises(CsrrError, match="cites finding S3-F09, which no strand reports"):
        t.cite_note(syn.evidence, "S3-F09")


def test_footnote_markers_are_not_findings_numbers(tmp_path):
    html = tmp_path / "r.html"
    html.write_text(
        "<html><body><main><section><h2>1 Key findings</h2>"
        "<p>Relationships matter.<a href='#fn1' class='footnote-ref'><sup>1</sup></a></p>"
        "<p>Of 7 areas.<a href='#fn2' class='footnote-ref'><sup>2</sup></a></p>"
        "</section><section class='footnotes'><ol><li id='fn1'><p>Strand 4 full report, "
        "section “Quality”: finding S4-F01 (strong evidence)"
        "<a href='#fnref1' class='footnote-back'>↩︎</a></p></li></ol></section>"
        "</main></body></html>",
        encoding="utf-8",
    )
    found = t.check_rendered(html, NUMBERS)
    # The marker is ignored; the typed number without a citation is not.
    assert len(found) == 1 and "the number 7 is written without a citation" in found[0]
