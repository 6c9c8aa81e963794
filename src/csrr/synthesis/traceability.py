"""Citations, and the check that every number in the final report traces to them.

Citations
---------
Each statement cites the findings it rests on in a footnote, one citation
per finding (:func:`cite_note`)::

    Strand 3 full report, section “Trends by arrangement”: finding S3-F02 (strong evidence)

Tables name a finding by its id alone (:func:`finding_link`).

The finding id is a link to that section of the strand's full report in
HTML (``../strand3-full/strand3-full.html#sec-trends``: the reports sit side
by side, in ``build/out`` and in ``_site``). The link is written as raw HTML
(pandoc's ``{=html}`` raw attribute), so PDF and Word, where a relative link
to an HTML file is useless, show the id as plain text; every format names the
report and section, so a reader of the PDF can find the finding too.

Scope of the traceability check
-------------------------------
The check reads the report as rendered (HTML and Word), or the Markdown the
notebook writes, block by block: a block is a paragraph, a list item or a
table row. It applies two rules:

A. **Traced.** In every block that cites a finding (anywhere in the report),
   every number written must be one of the numbers of a finding cited *in
   that block* (:func:`csrr.findings.number_matches`: rounding and
   proportions written as percentages are allowed).
B. **Cited.** In the body before the annexes, a paragraph or list item that
   writes a number must cite the finding it comes from.

Citations are footnotes: a statement's block in the body cites nothing
itself, so rule B requires the body's prose to write no numbers (counts are
in words), and rule A applies to the footnotes, the evidence tables and
Annex B, where each finding's statement and numbers appear.

Left out, because they are not findings numbers: finding ids themselves;
footnote markers;
the names of the strand reports and sections a citation points to
(``Strand 3 full report, section “…”``, or ``section “…”`` alone); references to this report's own
figures, tables and sections (``Figure 1``, ``Section 4.2``); headings (their
numbers); figure and table captions; the title page, contents and notices;
table rows that cite nothing (the synthesis's own tallies of findings, shown
as tables); and the annexes' blocks that cite nothing (methods and the
provenance annex's file hashes).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from csrr.errors import CsrrError
from csrr.findings import numbers_in, untraced_numbers
from csrr.paths import relative
from csrr.synthesis.inputs import Evidence

FINDING_ID = re.compile(r"(?<![\w-])S[1-5]-F\d{2}(?![\w-])")
# The report and section a citation names; section titles are quoted with
# curly double quotes, which a title is very unlikely to hold itself.
_REPORT_NAME = re.compile(
    r"Strand[\s\u00a0][1-5] full report(?:, section “[^”]*”)?|\bsection “[^”]*”"
)
# This report's own cross-references, as the engines write them.
_XREF = re.compile(r"\b(?:Figure|Table|Section|Annex)[\s\u00a0]\d+(?:\.\d+)*")
# Headings of the annexes start with this word (rule B stops at the first).
ANNEX_WORD = "Annex"


@dataclass(frozen=True)
class Block:
    """One block of rendered text.

    Attributes
    ----------
    text : str
        Its text.
    kind : {"para", "row"}
        A paragraph or list item, or a table row.
    annex : bool
        Whether it sits in an annex.
    """

    text: str
    kind: str = "para"
    annex: bool = False


def html_link(href: str, text: str) -> str:
    """A link that exists only in HTML (plain text in PDF and Word)."""
    return f'`<a href="{href}">`{{=html}}{text}`</a>`{{=html}}'


def reference(evidence: Evidence, fid: str) -> str:
    """Where a finding is set out, as every format prints it.

    Returns
    -------
    str
        ``Strand 3 full report, section “Trends by arrangement”``.
    """
    strand = evidence.strand_of(fid).strand
    title = evidence.section_title(fid)
    return f"{strand.label} full report, section “{title}”"


def cite_one(evidence: Evidence, fid: str, *, strength: bool = True, where: str = "") -> str:
    """One finding's citation, without the parentheses (Markdown).

    Parameters
    ----------
    evidence : Evidence
        Every strand's findings.
    fid : str
        The finding id.
    strength : bool
        Whether to state the finding's strength of evidence.
    where : str
        What is citing, for the message if the id does not exist.

    Raises
    ------
    CsrrError
        Naming the id when no strand reports it.
    """
    finding = evidence.finding(fid, where or "the final report")
    strand = evidence.strand_of(fid).strand
    link = html_link(f"../{strand.report}/{strand.report}.html#{finding.section}", fid)
    rated = f", {finding.strength} evidence" if strength else ""
    return f"{link}{rated}; {reference(evidence, fid)}"


def finding_link(evidence: Evidence, fid: str) -> str:
    """A finding's id, linked in HTML to its section of the strand's full report (Markdown)."""
    finding = evidence.finding(fid)
    strand = evidence.strand_of(fid).strand
    return html_link(f"../{strand.report}/{strand.report}.html#{finding.section}", fid)


def cite_note(evidence: Evidence, fid: str) -> str:
    """One finding's citation as a footnote gives it (Markdown).

    Returns
    -------
    str
        ``Strand 3 full report, section “Trends by arrangement”: finding
        S3-F02 (strong evidence)``, the id a link in HTML.
    """
    finding = evidence.finding(fid)
    return (
        f"{reference(evidence, fid)}: finding {finding_link(evidence, fid)} "
        f"({finding.strength} evidence)"
    )


def cite(evidence: Evidence, ids: Iterable[str], *, strength: bool = True, where: str = "") -> str:
    """A parenthesised citation of one or more findings (Markdown)."""
    return (
        "(" + "; ".join(cite_one(evidence, f, strength=strength, where=where) for f in ids) + ")"
    )


def cite_ids(evidence: Evidence, ids: Iterable[str], *, where: str = "") -> str:
    """A compact citation: the finding ids only, each a link in HTML (Markdown).

    For places where the full citation, naming the report and section, is
    given nearby (the executive summary's key messages, which Section 4
    repeats in full, and an element's answer, whose findings are listed
    just below it).
    """
    links = []
    for fid in ids:
        finding = evidence.finding(fid, where or "the final report")
        strand = evidence.strand_of(fid).strand
        links.append(html_link(f"../{strand.report}/{strand.report}.html#{finding.section}", fid))
    return "(" + ", ".join(links) + ")"


def _strip_references(text: str) -> str:
    """Remove what a citation names and this report's cross-references (not findings numbers)."""
    return _XREF.sub(" ", _REPORT_NAME.sub(" ", text))


def check_block(block: Block, numbers: Mapping[str, Mapping[str, float]]) -> list[str]:
    """Problems of one block under rules A and B (see the module docstring).

    Parameters
    ----------
    block : Block
        The block.
    numbers : mapping
        Finding id -> that finding's numbers, for every finding of every strand.

    Returns
    -------
    list of str
        One line per problem, quoting the start of the block.
    """
    text = " ".join(block.text.split())
    ids = list(dict.fromkeys(FINDING_ID.findall(text)))
    excerpt = text if len(text) <= 90 else text[:87] + "..."
    bare = _strip_references(text)
    if not ids:
        written = numbers_in(bare)
        if written and block.kind == "para" and not block.annex:
            return [f"the number {written[0]:g} is written without a citation in “{excerpt}”"]
        return []
    problems = [
        f"{fid} is cited but no strand reports it, in “{excerpt}”"
        for fid in ids
        if fid not in numbers
    ]
    allowed = [v for fid in ids if fid in numbers for v in numbers[fid].values()]
    for value in untraced_numbers(bare, allowed):
        problems.append(
            f"the number {value:g} is not a number of the findings cited "
            f"({', '.join(ids)}) in “{excerpt}”"
        )
    return problems


def check_blocks(blocks: Iterable[Block], numbers: Mapping[str, Mapping[str, float]]) -> list[str]:
    """Problems of every block (see :func:`check_block`)."""
    return [p for block in blocks for p in check_block(block, numbers)]


# Markdown lines that carry no text a reader sees as a statement: headings,
# callout fences, table captions, embed shortcodes, raw HTML, table rules.
_SKIP_LINE = re.compile(r"^(#{1,6}\s|:::|: |\{\{<|<)|^\|[-:| ]+\|$")
_LIST_ITEM = re.compile(r"^([-*+]|\d+\.)\s+")
# Raw inlines for one output format (`<a href=...>`{=html}): not text a reader sees.
_RAW = re.compile(r"`[^`]*`\{=[\w-]+\}")


def markdown_blocks(markdown: str, *, annex: bool = False) -> list[Block]:
    """Split Markdown the notebook writes into blocks, as the rendered document has them.

    Paragraphs are separated by blank lines; list items and pipe-table rows
    are blocks of their own. Headings, callout fences, table rules, captions
    (``: caption``), raw HTML and embed shortcodes carry no findings text
    and are skipped; inline raw HTML (the links) is removed.
    """
    blocks: list[Block] = []
    current: list[str] = []
    for line in [*markdown.splitlines(), ""]:
        stripped = _RAW.sub("", line).strip()
        starts_block = (
            not stripped
            or _SKIP_LINE.match(stripped)
            or stripped.startswith("|")
            or _LIST_ITEM.match(stripped)
        )
        if starts_block and current:
            blocks.append(Block(" ".join(current), "para", annex))
            current = []
        if not stripped or _SKIP_LINE.match(stripped):
            continue
        if stripped.startswith("|"):
            blocks.append(Block(stripped, "row", annex))
        else:
            current.append(_LIST_ITEM.sub("", stripped))
    return blocks


def html_blocks(path: Path) -> list[Block]:
    """Blocks of a rendered HTML report's ``<main>``: paragraphs, leaf list items, table rows.

    Captions are left out (they sit outside ``<p>`` or inside ``<figure>``);
    a list item whose text is wrapped in paragraphs is read through them.
    Blocks inside a section whose heading starts with "Annex" are marked as
    annex blocks.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(Path(path).read_text(encoding="utf-8"), "lxml")
    main = soup.find("main") or soup
    # Footnote markers are numbers of the report's own, not findings numbers.
    for ref in main.select("a.footnote-ref, a.footnote-back"):
        ref.decompose()
    blocks = []
    for node in main.find_all(["p", "li", "tr"]):
        if node.name == "p" and node.find_parent("figure") is not None:
            continue
        if node.name == "li" and node.find(["p", "ul", "ol"]) is not None:
            continue
        kind = "row" if node.name == "tr" else "para"
        blocks.append(Block(node.get_text(" ", strip=True), kind, _in_annex(node)))
    return blocks


def _in_annex(node) -> bool:
    """Whether an HTML node lies in a section whose heading starts with "Annex"."""
    section = node.find_parent("section")
    while section is not None:
        heading = section.find(re.compile(r"^h[1-6]$"))
        if heading is not None and _is_annex(heading.get_text(" ", strip=True)):
            return True
        section = section.find_parent("section")
    return False


def _is_annex(heading: str) -> bool:
    # Headings may carry a section number ("7 Annex A: ...") or none.
    return re.match(rf"^(\d+(\.\d+)*\s+)?{ANNEX_WORD}\b", heading) is not None


def docx_blocks(path: Path) -> list[Block]:
    """Blocks of a rendered Word report: body paragraphs after the first heading, and table rows.

    The title page, contents and notices come before the first Heading 1
    and are left out; captions (the Caption styles) too.
    """
    from docx import Document

    doc = Document(str(path))
    blocks: list[Block] = []
    started, annex = False, False
    body = doc.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            from docx.text.paragraph import Paragraph

            para = Paragraph(child, doc)
            style = para.style.name or ""
            text = para.text
            if style.startswith("Heading"):
                started = True
                if style == "Heading 1":
                    annex = _is_annex(text.strip())
                continue
            if not started or "Caption" in style or not text.strip():
                continue
            blocks.append(Block(text, "para", annex))
        elif tag == "tbl" and started:
            from docx.table import Table

            for row in Table(child, doc).rows:
                cells = [cell.text for cell in row.cells]
                blocks.append(Block(" | ".join(cells), "row", annex))
    return blocks


def check_rendered(path: Path, numbers: Mapping[str, Mapping[str, float]]) -> list[str]:
    """Traceability problems of a rendered report (HTML or Word), each naming the file.

    Raises
    ------
    ValueError
        For other formats: PDF text has no reliable paragraph structure, and
        is rendered from the same Markdown as the HTML and Word documents.
    """
    path = Path(path)
    if path.suffix == ".html":
        blocks = html_blocks(path)
    elif path.suffix == ".docx":
        blocks = docx_blocks(path)
    else:
        raise ValueError(f"no traceability check for {path.suffix} files")
    return [f"{relative(path)}: {p}" for p in check_blocks(blocks, numbers)]


def checked(markdown: str, evidence: Evidence, *, annex: bool = False) -> str:
    """Return ``markdown`` after checking its traceability; stop the build if it fails.

    The notebook passes all its prose through this, so a number typed into
    a statement without a finding behind it stops the build, before any
    document is rendered.

    Raises
    ------
    CsrrError
        On the first problem.
    """
    problems = check_blocks(markdown_blocks(markdown, annex=annex), evidence.numbers())
    if problems:
        raise CsrrError(f"traceability: {problems[0]}")
    return markdown
