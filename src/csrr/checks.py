"""Checks of the documents themselves: accessibility, marking and hygiene.

Each ``check_*`` function reads one rendered file and returns a list of
problems (empty when it passes), each naming the file and the rule broken,
and for a PDF's layout rules the page (``file: page 4: rule: detail``).
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


def _page_problem(path: Path, page: int, rule: str, detail: str) -> str:
    return f"{relative(path)}: page {page}: {rule}: {detail}"


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
    no unresolved references, placeholders or local paths in the text; and
    the typesetting rules of :func:`check_pdf_layout`.
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
    problems += check_pdf_layout(path)
    return problems


# Typesetting rules for PDFs ------------------------------------------------
#
# What a reader sees on each page is measured from the content streams:
# every piece of tagged content (text, images, drawn shapes) that is not an
# artifact (page header, footer, watermark, table rules), with its extent and
# its marked-content id, which the structure tree maps to the element it
# belongs to (a caption, a table, a level-1 heading).

_CAPTION = re.compile(r"^\s*((?:Table|Figure)\s+\d+\s*[:.].*)$")
# More than this share of a page's text area left empty is "half empty".
HALF_EMPTY = 0.5


def _matrix(a, b):
    """Product of two PDF matrices (a then b), each as six numbers."""
    return (
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    )


def _apply(m, x: float, y: float) -> tuple[float, float]:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


def _page_items(page) -> list[tuple[float, float, int | None]]:
    """Content of one page that is not an artifact: ``(bottom, top, mcid)``, y upwards."""
    import pikepdf

    items: list[tuple[float, float, int | None]] = []
    ctm = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    stack: list = []
    marks: list[tuple[bool, int | None]] = []  # (artifact, mcid) per open marked sequence
    tm = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    line = tm
    size, leading = 0.0, 0.0
    points: list[tuple[float, float]] = []
    xobjects = page.get("/Resources", {}).get("/XObject", {})

    def current() -> tuple[bool, int | None]:
        artifact = any(a for a, _ in marks)
        mcid = next((m for _, m in reversed(marks) if m is not None), None)
        return artifact, mcid

    def add(ys: list[float]) -> None:
        artifact, mcid = current()
        if not artifact and ys:
            items.append((min(ys), max(ys), mcid))

    for operands, op in pikepdf.parse_content_stream(page):
        name = str(op)
        if name == "q":
            stack.append(ctm)
        elif name == "Q":
            ctm = stack.pop() if stack else ctm
        elif name == "cm":
            ctm = _matrix(tuple(float(v) for v in operands), ctm)
        elif name in ("BDC", "BMC"):
            tag = str(operands[0])
            props = operands[1] if len(operands) > 1 else None
            mcid = None
            if isinstance(props, pikepdf.Dictionary) and "/MCID" in props:
                mcid = int(props.MCID)
            marks.append((tag == "/Artifact", mcid))
        elif name == "EMC":
            if marks:
                marks.pop()
        elif name == "BT":
            tm = line = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        elif name == "Tf":
            size = float(operands[1])
        elif name == "TL":
            leading = float(operands[0])
        elif name == "Tm":
            tm = line = tuple(float(v) for v in operands)
        elif name in ("Td", "TD"):
            if name == "TD":
                leading = -float(operands[1])
            line = _matrix((1, 0, 0, 1, float(operands[0]), float(operands[1])), line)
            tm = line
        elif name == "T*":
            line = _matrix((1, 0, 0, 1, 0, -leading), line)
            tm = line
        elif name in ("Tj", "TJ", "'", '"'):
            m = _matrix(tm, ctm)
            _, y0 = _apply(m, 0, -0.25 * size)
            _, y1 = _apply(m, 0, 0.8 * size)
            add([y0, y1])
        elif name == "Do":
            xobject = xobjects.get(str(operands[0]))
            if xobject is not None and str(xobject.get("/Subtype")) == "/Form":
                x0, y0, x1, y1 = (float(v) for v in xobject.get("/BBox", [0, 0, 1, 1]))
                form = tuple(float(v) for v in xobject.get("/Matrix", [1, 0, 0, 1, 0, 0]))
                m = _matrix(form, ctm)
            else:
                x0, y0, x1, y1 = 0.0, 0.0, 1.0, 1.0
                m = ctm
            add([_apply(m, x, y)[1] for x in (x0, x1) for y in (y0, y1)])
        elif name in ("m", "l"):
            points.append(_apply(ctm, float(operands[0]), float(operands[1])))
        elif name == "c":
            points += [_apply(ctm, float(operands[i]), float(operands[i + 1])) for i in (0, 2, 4)]
        elif name == "re":
            x, y, w, h = (float(v) for v in operands)
            points += [_apply(ctm, x, y), _apply(ctm, x + w, y + h)]
        elif name in ("S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "n"):
            if name != "n":
                add([p[1] for p in points])
            points = []
    return items


def _struct_index(pdf) -> tuple[dict[tuple[int, int], list[str]], list]:
    """Map (page index, MCID) to the structure types above it; list the elements."""
    import pikepdf

    pages = {p.objgen: i for i, p in enumerate(pdf.pages)}
    owners: dict[tuple[int, int], list[str]] = {}
    elements: list = []

    def walk(node, chain: list[str], page: int | None) -> None:
        if isinstance(node, pikepdf.Array):
            for kid in node:
                walk(kid, chain, page)
        elif isinstance(node, pikepdf.Dictionary):
            if "/Pg" in node:
                page = pages.get(node.Pg.objgen, page)
            if "/S" in node:
                elements.append(node)
                if "/K" in node:
                    walk(node.K, [*chain, str(node.S)], page)
            elif "/MCID" in node and page is not None:
                owners[(page, int(node.MCID))] = chain
        elif isinstance(node, int) and page is not None:
            owners[(page, int(node))] = chain

    root = pdf.Root.get("/StructTreeRoot")
    if root is not None and "/K" in root:
        walk(root.K, [], None)
    return owners, elements


def _element_pages(node, pages: dict, page: int | None = None) -> set[int]:
    """Pages on which a structure element has content."""
    import pikepdf

    found: set[int] = set()
    if isinstance(node, pikepdf.Array):
        for kid in node:
            found |= _element_pages(kid, pages, page)
    elif isinstance(node, pikepdf.Dictionary):
        if "/Pg" in node:
            page = pages.get(node.Pg.objgen, page)
        if "/S" in node and "/K" in node:
            found |= _element_pages(node.K, pages, page)
        elif "/MCID" in node and page is not None:
            found.add(page)
    elif isinstance(node, int) and page is not None:
        found.add(page)
    return found


def _page_lines(path: Path) -> list[list[str]]:
    from pypdf import PdfReader

    return [
        [line for line in (page.extract_text() or "").splitlines() if line.strip()]
        for page in PdfReader(str(path)).pages
    ]


def check_pdf_layout(path: Path) -> list[str]:
    """Typesetting rules of a PDF report, each problem naming its page.

    Rules:

    - **caption apart**: a table's or figure's caption is on a different page
      from the table or figure (from the structure tree: a ``Caption`` and
      its siblings); in an untagged PDF, a page whose last line is a
      "Table N:" caption;
    - **half-empty page**: more than half of a page's text area is empty and
      the next page does not start a new top-level section (a level-1
      heading). The first page (title page) and the last are exempt. The
      text area is the extent of the content across the whole document;
    - **title page numbered**: "Page N" printed on the first page.
    """
    import pikepdf

    path = Path(path)
    problems: list[str] = []
    lines = _page_lines(path)
    with pikepdf.open(str(path)) as pdf:
        pages = {p.objgen: i for i, p in enumerate(pdf.pages)}
        owners, elements = _struct_index(pdf)
        tagged = "/StructTreeRoot" in pdf.Root
        # Captions apart from what they caption.
        for element in elements:
            kids = element.get("/K")
            if kids is None:
                continue
            kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
            captions = [
                k
                for k in kids
                if isinstance(k, pikepdf.Dictionary) and str(k.get("/S")) == "/Caption"
            ]
            if not captions:
                continue
            rest = [
                k
                for k in kids
                if not (isinstance(k, pikepdf.Dictionary) and str(k.get("/S")) == "/Caption")
            ]
            on = set().union(*(_element_pages(c, pages) for c in captions))
            body = set().union(*(_element_pages(k, pages) for k in rest)) if rest else set()
            if not on or not body or on & body:
                continue
            kind = (
                "table"
                if str(element.get("/S")) == "/Table"
                or any(
                    str(k.get("/S")) == "/Table" for k in rest if isinstance(k, pikepdf.Dictionary)
                )
                else "figure"
            )
            page = min(on)
            label = next(
                (m.group(1) for ln in lines[page] if (m := _CAPTION.match(ln))), "its caption"
            )
            where = min(body) if min(body) > page else max(body)
            problems.append(
                _page_problem(
                    path,
                    page + 1,
                    "caption apart",
                    f"{label[:60]!r} is on page {page + 1}, its {kind} on page {where + 1}",
                )
            )
        if not tagged:
            for index, page_lines in enumerate(lines):
                if page_lines and re.match(r"^\s*Table\s+\d+\s*[:.]", page_lines[-1]):
                    problems.append(
                        _page_problem(
                            path,
                            index + 1,
                            "caption apart",
                            f"the page ends with the caption {page_lines[-1][:60]!r}",
                        )
                    )
        # Half-empty pages.
        measured = [_page_items(page) for page in pdf.pages]
        extents = [(b, t) for items in measured for b, t, _ in items]
        if extents:
            bottom = min(b for b, _ in extents)
            top = max(t for _, t in extents)
            height = max(top - bottom, 1.0)
            for index in range(1, len(measured) - 1):
                items = measured[index]
                lowest = min((b for b, _, _ in items), default=top)
                empty = (lowest - bottom) / height
                if empty <= HALF_EMPTY:
                    continue
                following = measured[index + 1]
                first = max(following, key=lambda item: item[1], default=None)
                chain = (
                    owners.get((index + 1, first[2]), []) if first and first[2] is not None else []
                )
                if "/H1" in chain:
                    continue
                problems.append(
                    _page_problem(
                        path,
                        index + 1,
                        "half-empty page",
                        f"{empty:.0%} of the page is empty and the next page starts no new section",
                    )
                )
    if lines and re.search(r"\bPage\s+\d+\b", " ".join(lines[0])):
        problems.append(
            _page_problem(path, 1, "title page numbered", "the title page carries a page number")
        )
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


_FIELD_TOKENS = re.compile(
    r'<w:fldChar\b[^>]*w:fldCharType="(begin|separate|end)"[^>]*/>'
    r"|<w:instrText\b[^>]*>([^<]*)</w:instrText>"
    r"|<w:t(?:\s[^>]*)?>([^<]*)</w:t>"
)


def docx_contents(body: str) -> list[str]:
    """The shown text of every contents list (TOC field) in a Word body."""
    fields: list[dict] = []
    found: list[str] = []
    for match in _FIELD_TOKENS.finditer(body):
        kind, instr, text = match.groups()
        if kind == "begin":
            fields.append({"instr": "", "result": False, "text": ""})
        elif kind == "separate" and fields:
            fields[-1]["result"] = True
        elif kind == "end" and fields:
            field = fields.pop()
            if field["instr"].strip().startswith("TOC"):
                found.append(field["text"])
        elif instr is not None and fields:
            fields[-1]["instr"] += instr
        elif text is not None:
            for field in fields:
                if field["result"]:
                    field["text"] += text
    return found


def check_docx_contents(path: Path, body: str) -> list[str]:
    """Rules for a Word report's contents list.

    Exactly one contents list (TOC field), whose entries are there when the
    file opens (not empty, not an "Update Field" placeholder). A document
    with front-matter pages (a page break before its first heading) and two
    or more top-level sections must have one.
    """
    contents = docx_contents(body)
    problems = []
    if len(contents) > 1:
        problems.append(
            _problem(path, "contents list", f"{len(contents)} contents lists, expected one")
        )
    for index, text in enumerate(contents):
        if not text.strip() or re.search(r"update field|right-click", text, re.IGNORECASE):
            problems.append(
                _problem(
                    path,
                    "contents list",
                    f"contents list {index + 1} is empty until the reader updates the field",
                )
            )
    if not contents:
        first_heading = body.find('<w:pStyle w:val="Heading1"')
        page_break = body.find('w:type="page"')
        if body.count('<w:pStyle w:val="Heading1"') >= 2 and -1 < page_break < first_heading:
            problems.append(_problem(path, "contents list", "no contents list"))
    return problems


def check_docx(path: Path) -> list[str]:
    """Check a Word report.

    Rules: title property set; no custom properties and no personal data
    (creator is the organisation, no last-modified-by, no local paths in any
    part); real Heading styles that do not skip levels; every image has alt
    text (``wp:docPr/@descr``); every table marks its first row as a header
    row; no unresolved references or placeholders; one contents list with
    its entries shown (:func:`check_docx_contents`).
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
    problems += check_docx_contents(path, body)
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
