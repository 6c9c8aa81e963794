"""Checks of the documents themselves: accessibility, marking and hygiene.

Each ``check_*`` function reads one rendered file and returns a list of
problems (empty when it passes), each naming the file and the rule broken.
The tests call them on every document they build; ``make check`` (the
publication gates) calls them on every document in the site.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from pathlib import Path

from csrr.paths import relative

# Text that must never reach a reader.
_LEFTOVERS = re.compile(r"\?@[\w-]+|(?<![\w/])@(?:fig|tbl|sec)-[\w-]+|\bTODO\b|\bXXX\b")
# Signs of personal data or machine paths in outputs.
_LOCAL_PATHS = re.compile(r"(/home/[\w.-]+|/Users/[\w.-]+|/root/|/tmp/|/work/|[A-Z]:\\\\Users)")
# Attributes through which an HTML page would fetch something.
_FETCHING = {
    "img": "src",
    "script": "src",
    "link": "href",
    "iframe": "src",
    "source": "src",
    "video": "src",
    "audio": "src",
    "embed": "src",
    "object": "data",
    "track": "src",
}


def _problem(path: Path, rule: str, detail: str) -> str:
    return f"{relative(path)}: {rule}: {detail}"


def _text_problems(path: Path, text: str) -> list[str]:
    problems = []
    for match in sorted(set(_LEFTOVERS.findall(text)))[:5]:
        rule = "unresolved cross-reference" if "@" in match else "placeholder text"
        problems.append(_problem(path, rule, repr(match)))
    for match in sorted(set(_LOCAL_PATHS.findall(text)))[:3]:
        problems.append(_problem(path, "local path in output", repr(match)))
    return problems


def _heading_skips(levels: Iterable[int]) -> list[str]:
    """Describe every place a heading level is skipped (h2 straight to h4)."""
    skips, previous = [], 0
    for level in levels:
        if previous and level > previous + 1:
            skips.append(f"h{previous} followed by h{level}")
        previous = level
    return skips


def check_html(path: Path) -> list[str]:
    """Check a self-contained HTML report.

    Rules: ``lang`` and a ``<title>``; one ``<main>`` landmark; every image
    has alt text; headings do not skip levels; nothing is fetched from
    elsewhere (no external src/href on resources, no ``url(http...)`` in CSS);
    no unresolved references, placeholders or local paths.
    """
    from bs4 import BeautifulSoup

    path = Path(path)
    html = path.read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "lxml")
    problems = []
    root = soup.find("html")
    if root is None or not root.get("lang"):
        problems.append(_problem(path, "language", "<html> has no lang attribute"))
    if soup.title is None or not soup.title.get_text(strip=True):
        problems.append(_problem(path, "title", "no <title>"))
    if len(soup.find_all("main")) != 1:
        problems.append(_problem(path, "landmarks", "expected exactly one <main>"))
    for img in soup.find_all("img"):
        if not (img.get("alt") or "").strip():
            problems.append(
                _problem(path, "alt text", f"image {str(img.get('src', ''))[:40]!r} has no alt")
            )
    levels = [int(h.name[1]) for h in soup.find_all(re.compile(r"^h[1-6]$"))]
    problems += [_problem(path, "heading levels", s) for s in _heading_skips(levels)]
    for tag, attr in _FETCHING.items():
        for node in soup.find_all(tag):
            value = (node.get(attr) or "").strip()
            if (
                tag == "link"
                and "stylesheet" not in (node.get("rel") or [])
                and "icon" not in (node.get("rel") or [])
            ):
                continue
            if value and not value.startswith(("data:", "#")):
                problems.append(
                    _problem(path, "external request", f"<{tag} {attr}={value[:60]!r}>")
                )
    for style in [s.get_text() for s in soup.find_all("style")] + [
        n.get("style", "") for n in soup.find_all(style=True)
    ]:
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", style):
            if not url.startswith(("data:", "#")):
                problems.append(_problem(path, "external request", f"CSS url({url[:60]})"))
        if "@import" in style:
            problems.append(_problem(path, "external request", "CSS @import"))
    main = soup.find("main")
    problems += _text_problems(path, main.get_text(" ") if main else soup.get_text(" "))
    problems += [p for p in _text_problems(path, html) if "local path" in p]
    return problems


def _struct_elements(node, found: list) -> None:
    import pikepdf

    if isinstance(node, pikepdf.Array):
        for kid in node:
            _struct_elements(kid, found)
    elif isinstance(node, pikepdf.Dictionary):
        if node.get("/S") is not None:
            found.append(node)
        kids = node.get("/K")
        if kids is not None:
            _struct_elements(kids, found)


def pdf_text(path: Path) -> str:
    """All text of a PDF, page by page (for checks on what a reader sees)."""
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def pdf_page_count(path: Path) -> int:
    """Number of pages of a PDF."""
    import pikepdf

    with pikepdf.open(str(path)) as pdf:
        return len(pdf.pages)


def check_pdf(path: Path, max_pages: int | None = None) -> list[str]:
    """Check a PDF report.

    Rules: PDF/UA-1 identification in the XMP metadata; tagged (structure
    tree, MarkInfo Marked); title set and displayed; language set; every
    Figure element has alt text; every font embedded; within ``max_pages``;
    no unresolved references, placeholders or local paths in the text.
    """
    import pikepdf

    path = Path(path)
    problems = []
    with pikepdf.open(str(path)) as pdf:
        root = pdf.Root
        meta = pdf.open_metadata()
        if str(meta.get("pdfuaid:part", "")) != "1":
            problems.append(_problem(path, "PDF/UA-1", "no pdfuaid:part=1 in the XMP metadata"))
        if "/StructTreeRoot" not in root:
            problems.append(_problem(path, "tagged PDF", "no structure tree"))
        if not bool(root.get("/MarkInfo", {}).get("/Marked", False)):
            problems.append(_problem(path, "tagged PDF", "MarkInfo /Marked is not true"))
        if not str(root.get("/Lang", "")).strip():
            problems.append(_problem(path, "language", "no /Lang"))
        title = str(pdf.docinfo.get("/Title", "")) or str(meta.get("dc:title", ""))
        if not title.strip():
            problems.append(_problem(path, "title", "no document title"))
        if not bool(root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False)):
            problems.append(_problem(path, "title", "DisplayDocTitle is not set"))
        elements: list = []
        if "/StructTreeRoot" in root:
            _struct_elements(root.StructTreeRoot.get("/K"), elements)
        for index, element in enumerate(e for e in elements if str(e.get("/S")) == "/Figure"):
            if not str(element.get("/Alt", "")).strip():
                problems.append(_problem(path, "alt text", f"figure {index + 1} has no /Alt"))
        headings = [
            int(str(e.get("/S"))[2])
            for e in elements
            if re.fullmatch(r"/H[1-6]", str(e.get("/S")))
        ]
        problems += [_problem(path, "heading levels", s) for s in _heading_skips(headings)]
        seen = set()
        for page in pdf.pages:
            fonts = page.get("/Resources", {}).get("/Font", {})
            for font in fonts.values():
                name = str(font.get("/BaseFont", "?"))
                if name in seen:
                    continue
                seen.add(name)
                desc = font.get("/FontDescriptor")
                if desc is None and "/DescendantFonts" in font:
                    desc = font.DescendantFonts[0].get("/FontDescriptor")
                if desc is None or not any(
                    k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")
                ):
                    problems.append(_problem(path, "fonts", f"{name} is not embedded"))
        pages = len(pdf.pages)
    if max_pages is not None and pages > max_pages:
        problems.append(_problem(path, "page limit", f"{pages} pages, the limit is {max_pages}"))
    problems += _text_problems(path, pdf_text(path))
    return problems


def docx_text(path: Path) -> str:
    """All text of a DOCX body, headers and footers."""
    with zipfile.ZipFile(path) as archive:
        parts = [
            n
            for n in archive.namelist()
            if re.match(r"word/(document|header\w*|footer\w*|footnotes)\.xml$", n)
        ]
        xml = " ".join(archive.read(n).decode("utf-8") for n in parts)
    return re.sub(r"<[^>]+>", "", re.sub(r"</w:p>", "\n", xml))


def check_docx(path: Path) -> list[str]:
    """Check a Word report.

    Rules: title property set; no custom properties and no personal data
    (creator is the organisation, no last-modified-by, no local paths in any
    part); real Heading styles that do not skip levels; every image has alt
    text (``wp:docPr/@descr``); every table marks its first row as a header
    row; no unresolved references or placeholders.
    """
    from docx import Document

    path = Path(path)
    problems = []
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        if "docProps/custom.xml" in names:
            problems.append(_problem(path, "metadata", "custom properties present"))
        core = archive.read("docProps/core.xml").decode("utf-8")
        if "lastModifiedBy" in core:
            problems.append(_problem(path, "personal data", "lastModifiedBy is set"))
        for name in names:
            if name.endswith((".xml", ".rels")):
                text = archive.read(name).decode("utf-8", "replace")
                for match in sorted(set(_LOCAL_PATHS.findall(text)))[:2]:
                    problems.append(_problem(path, "local path in output", f"{match!r} in {name}"))
        body = archive.read("word/document.xml").decode("utf-8")
    doc = Document(str(path))
    if not (doc.core_properties.title or "").strip():
        problems.append(_problem(path, "title", "no title property"))
    levels = []
    for para in doc.paragraphs:
        match = re.fullmatch(r"Heading (\d)", para.style.name or "")
        if match:
            levels.append(int(match.group(1)))
    if not levels:
        problems.append(_problem(path, "headings", "no paragraph uses a Heading style"))
    problems += [_problem(path, "heading levels", s) for s in _heading_skips(levels)]
    for descr in re.findall(r"<wp:docPr [^>]*?>", body):
        alt = re.search(r'descr="([^"]*)"', descr)
        if not alt or not alt.group(1).strip():
            name = re.search(r'name="([^"]*)"', descr)
            problems.append(
                _problem(path, "alt text", f"image {name.group(1) if name else '?'} has no descr")
            )
    for index, table in enumerate(doc.tables):
        first = table.rows[0]._tr if table.rows else None
        if first is None or first.find(".//{*}tblHeader") is None:
            problems.append(_problem(path, "table header", f"table {index + 1} has no header row"))
    problems += _text_problems(path, docx_text(path))
    return problems


def reader_text(path: Path) -> str:
    """Everything a reader or a screen reader can get from a document.

    HTML: the text and every attribute value (alt text, titles), without
    styles, scripts and embedded data. PDF: the extracted text. Word: the
    text of every part (body, headers, footers, properties, alt text).
    """
    import html as html_lib

    path = Path(path)
    if path.suffix == ".html":
        from bs4 import BeautifulSoup

        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        for tag in soup.find_all(["style", "script"]):
            tag.decompose()
        values = [soup.get_text(" ")]
        for tag in soup.find_all(True):
            values += [
                str(v)
                for k, v in tag.attrs.items()
                if k not in ("src", "href") and not str(v).startswith("data:")
            ]
        return " ".join(values)
    if path.suffix == ".pdf":
        return pdf_text(path)
    with zipfile.ZipFile(path) as archive:
        parts = [
            archive.read(n).decode("utf-8", "replace")
            for n in archive.namelist()
            if n.endswith(".xml")
        ]
    return html_lib.unescape(" ".join(re.sub(r"<[^>]+>", " ", p) for p in parts))


def check_document(path: Path, max_pages: int | None = None) -> list[str]:
    """Run the checks for a file's format."""
    path = Path(path)
    if path.suffix == ".html":
        return check_html(path)
    if path.suffix == ".pdf":
        return check_pdf(path, max_pages)
    if path.suffix == ".docx":
        return check_docx(path)
    raise ValueError(f"no checks for {path.suffix} files")
