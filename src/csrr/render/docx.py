"""Word output: the house reference document and the finishing of each file.

pandoc writes the body; this module adds what its DOCX writer leaves out:
the protective marking and draft notice in the page header and footer, page
numbers, core properties with a fixed date and no personal data, tables that
fit their content (autofit, no fixed widths that break words), whose rows
never split across pages and whose header row repeats, one contents list
(house.lua's, whose entries are written out), and a ZIP written with fixed
timestamps so that rebuilds give identical bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEADER_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
FOOTER_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"

# House styles added to pandoc's default reference document. Names are what
# the Lua filters ask for with custom-style; ids are the names without spaces.
HOUSE_STYLES = {
    "Callout": (
        '<w:pPr><w:pBdr><w:left w:val="single" w:sz="24" w:space="8" w:color="12436D"/></w:pBdr>'
        '<w:shd w:val="clear" w:color="auto" w:fill="EEF3F8"/><w:spacing w:before="0" w:after="80"/>'
        '<w:ind w:left="227" w:right="113"/></w:pPr>'
    ),
    "Callout Title": (
        '<w:pPr><w:pBdr><w:left w:val="single" w:sz="24" w:space="8" w:color="12436D"/></w:pBdr>'
        '<w:shd w:val="clear" w:color="auto" w:fill="EEF3F8"/><w:spacing w:before="160" w:after="40"/>'
        '<w:ind w:left="227" w:right="113"/><w:keepNext/></w:pPr><w:rPr><w:b/></w:rPr>'
    ),
    "Banner": (
        '<w:pPr><w:pBdr><w:top w:val="single" w:sz="12" w:space="4" w:color="F46A25"/>'
        '<w:left w:val="single" w:sz="12" w:space="4" w:color="F46A25"/>'
        '<w:bottom w:val="single" w:sz="12" w:space="4" w:color="F46A25"/>'
        '<w:right w:val="single" w:sz="12" w:space="4" w:color="F46A25"/></w:pBdr>'
        '<w:shd w:val="clear" w:color="auto" w:fill="FFF4E5"/><w:spacing w:before="120" w:after="120"/></w:pPr>'
    ),
    "Front Matter": '<w:pPr><w:spacing w:before="60" w:after="60"/></w:pPr><w:rPr><w:color w:val="3D3D3D"/><w:sz w:val="18"/></w:rPr>',
    "Marking": '<w:pPr><w:jc w:val="center"/><w:spacing w:before="0" w:after="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="20"/></w:rPr>',
    # Above the title: the series name, then the report's label ("Strand 3").
    "Series": '<w:pPr><w:spacing w:before="1200" w:after="60"/></w:pPr><w:rPr><w:color w:val="3D3D3D"/><w:sz w:val="24"/></w:rPr>',
    "Report Label": '<w:pPr><w:spacing w:before="0" w:after="240"/></w:pPr><w:rPr><w:b/><w:color w:val="28A197"/><w:sz w:val="28"/></w:rPr>',
}
# The contents list's entry styles: Word's built-in "toc N" (ids TOC1...).
TOC_STYLES = {
    level: (
        f'<w:pPr><w:spacing w:before="{120 if level == 1 else 0}" w:after="60"/>'
        f'<w:ind w:left="{(level - 1) * 440}"/></w:pPr>'
        + ("<w:rPr><w:b/></w:rPr>" if level == 1 else "")
    )
    for level in (1, 2, 3)
}
# The house table style, pandoc's "Table": thin grey borders round every
# cell, a heavier rule under the header row, which is bold on a light fill;
# columns fitted to their content.
TABLE_STYLE = (
    '<w:style w:type="table" w:default="1" w:styleId="Table"><w:name w:val="Table"/>'
    '<w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/><w:qFormat/>'
    '<w:pPr><w:spacing w:before="0" w:after="0"/></w:pPr><w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr>'
    '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>'
    + "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    + '</w:tblBorders><w:tblLayout w:type="autofit"/><w:tblCellMar><w:top w:w="40" w:type="dxa"/>'
    '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="40" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
    "</w:tblCellMar></w:tblPr>"
    '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/></w:rPr><w:tcPr><w:tcBorders>'
    '<w:bottom w:val="single" w:sz="12" w:space="0" w:color="3D3D3D"/></w:tcBorders>'
    '<w:shd w:val="clear" w:color="auto" w:fill="E8EEF4"/></w:tcPr></w:tblStylePr></w:style>'
)
AF_BLUE = "12436D"
FONT = "Arial"
A4_SECTION = (
    '<w:pgSz w:w="11906" w:h="16838"/>'
    '<w:pgMar w:top="1418" w:right="1304" w:bottom="1418" w:left="1304" w:header="567" w:footer="567" w:gutter="0"/>'
)


def _fixed_zip(entries: list[tuple[str, bytes]], when: datetime) -> bytes:
    """A ZIP archive whose bytes depend only on its entries and ``when``."""
    buffer = io.BytesIO()
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def _style_xml(name: str, body: str) -> str:
    style_id = name.replace(" ", "")
    return (
        f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{style_id}"><w:name w:val="{name}"/>'
        f'<w:basedOn w:val="Normal"/><w:qFormat/>{body}</w:style>'
    )


def house_styles(styles: str) -> str:
    """Apply the house look to pandoc's default ``word/styles.xml``.

    Arial 11pt, British English, headings in Analysis Function blue, the
    bordered house table style, the contents entry styles, and the callout,
    banner, front matter, series, label and marking styles the filters use.
    """
    styles = re.sub(
        r"<w:rFonts [^>]*/>",
        f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}" w:eastAsia="{FONT}"/>',
        styles,
    )
    styles = styles.replace('w:val="en-US"', 'w:val="en-GB"')
    styles = re.sub(
        r'(<w:rPrDefault>\s*<w:rPr>.*?<w:sz w:val=")\d+(" />\s*<w:szCs w:val=")\d+',
        r"\g<1>22\g<2>22",
        styles,
        flags=re.DOTALL,
    )
    styles = re.sub(
        r'<w:color w:val="[0-9A-F]{6}" w:themeColor="accent1"\s+w:themeShade="BF" />',
        f'<w:color w:val="{AF_BLUE}"/>',
        styles,
    )
    styles = re.sub(
        r'<w:color w:val="[0-9A-F]{6}" w:themeColor="accent1" />',
        f'<w:color w:val="{AF_BLUE}"/>',
        styles,
    )
    styles = re.sub(
        r'<w:style w:type="table" w:default="1" w:styleId="Table">.*?</w:style>',
        lambda _: TABLE_STYLE,
        styles,
        count=1,
        flags=re.DOTALL,
    )
    added = "".join(_style_xml(name, body) for name, body in HOUSE_STYLES.items())
    added += "".join(
        f'<w:style w:type="paragraph" w:styleId="TOC{level}"><w:name w:val="toc {level}"/>'
        f'<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="39"/>'
        f"<w:unhideWhenUsed/>{body}</w:style>"
        for level, body in TOC_STYLES.items()
    )
    return styles.replace("</w:styles>", added + "</w:styles>")


def build_reference(default_reference: bytes) -> bytes:
    """Make the house ``reference.docx`` from pandoc's default one.

    Parameters
    ----------
    default_reference : bytes
        Output of ``pandoc --print-default-data-file reference.docx``.

    Returns
    -------
    bytes
        The house reference document (deterministic for given input).
    """
    entries = []
    with zipfile.ZipFile(io.BytesIO(default_reference)) as archive:
        for name in archive.namelist():
            data = archive.read(name)
            if name == "word/styles.xml":
                data = house_styles(data.decode("utf-8")).encode("utf-8")
            elif name == "word/document.xml":
                text = data.decode("utf-8")
                text = re.sub(r"<w:sectPr>", "<w:sectPr>" + A4_SECTION, text, count=1)
                data = text.encode("utf-8")
            entries.append((name, data))
    return _fixed_zip(entries, datetime(2024, 1, 1, tzinfo=UTC))


def _paragraph(text: str, *, fields: bool = False) -> str:
    """A centred paragraph in the Marking style; ``{PAGE}``/``{NUMPAGES}`` become fields."""
    if not fields:
        return f'<w:p><w:pPr><w:pStyle w:val="Marking"/></w:pPr><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'
    runs = []
    for part in re.split(r"(\{PAGE\}|\{NUMPAGES\})", text):
        if part in ("{PAGE}", "{NUMPAGES}"):
            code = part.strip("{}")
            runs.append(
                f'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> {code} </w:instrText></w:r>'
                '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
            )
        elif part:
            runs.append(
                f'<w:r><w:rPr><w:b w:val="0"/><w:sz w:val="16"/></w:rPr><w:t xml:space="preserve">{escape(part)}</w:t></w:r>'
            )
    return f'<w:p><w:pPr><w:pStyle w:val="Marking"/></w:pPr>{"".join(runs)}</w:p>'


def _part(tag: str, paragraphs: list[str]) -> bytes:
    body = "".join(paragraphs) or "<w:p/>"
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:{tag} xmlns:w="{W_NS}" xmlns:r="{R_NS}">{body}</w:{tag}>'
    ).encode()


def _core(title: str, author: str, when: datetime) -> bytes:
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title><dc:creator>{escape(author)}</dc:creator>"
        "<dc:language>en-GB</dc:language>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode()


def _with_alt_text(document: str, rels: str, media: dict[str, bytes], alts: dict[str, str]) -> str:
    """Fill each image's empty ``descr`` from the alt text of the same picture.

    A picture is recognised by its bytes (``alts`` is keyed by their
    SHA-256), because Word keeps the notebook's image unchanged. Quarto's
    route gives Word no alt text (pandoc 3.9 leaves ``descr`` empty when only
    a filter sets it), so this fills it; a ``descr`` already there is kept.
    """
    import hashlib

    targets = dict(re.findall(r'Id="([^"]+)"[^>]*?Target="(media/[^"]+)"', rels))

    def drawing(match: re.Match) -> str:
        block = match.group(0)
        embed = re.search(r'r:embed="([^"]+)"', block)
        data = media.get("word/" + targets.get(embed.group(1), "")) if embed else None
        alt = alts.get(hashlib.sha256(data).hexdigest()) if data else None
        if not alt:
            return block
        return re.sub(
            r'(<wp:docPr [^>]*?)descr=""',
            lambda m: f'{m.group(1)}descr="{escape(alt, {chr(34): "&quot;"})}"',
            block,
            count=1,
        )

    return re.sub(r"<w:drawing>.*?</w:drawing>", drawing, document, flags=re.DOTALL)


_TOC_SDT = re.compile(r"<w:sdt>(?:(?!<w:sdt>).)*?</w:sdt>", re.DOTALL)


def single_contents(document: str) -> str:
    """Keep one contents list: house.lua's (tagged ``csrr-toc``), if it is there.

    pandoc adds its own, empty, list for ``--toc`` (Quarto's ``toc: true``);
    with the house one present, pandoc's is dropped.
    """
    if 'w:val="csrr-toc"' not in document:
        return document

    def drop(match: re.Match) -> str:
        block = match.group(0)
        if 'w:docPartGallery w:val="Table of Contents"' in block and "csrr-toc" not in block:
            return ""
        return block

    return _TOC_SDT.sub(drop, document)


def _row(match: re.Match) -> str:
    """A table row that never splits across pages."""
    row = match.group(0)
    if "<w:cantSplit" in row:
        return row
    if re.match(r"<w:tr\b[^>]*>\s*<w:trPr\s*/>", row):
        return re.sub(r"<w:trPr\s*/>", "<w:trPr><w:cantSplit/></w:trPr>", row, count=1)
    if re.match(r"<w:tr\b[^>]*>\s*<w:trPr>", row):
        return row.replace("<w:trPr>", "<w:trPr><w:cantSplit/>", 1)
    return re.sub(r"^(<w:tr\b[^>]*>)", r"\1<w:trPr><w:cantSplit/></w:trPr>", row, count=1)


def _fit_segment(text: str) -> str:
    """Automatic widths and autofit layout in a stretch of one house table."""
    text = re.sub(r"<w:tblW [^>]*/>", '<w:tblW w:type="auto" w:w="0"/>', text)
    text = re.sub(r"<w:tcW [^>]*/>", '<w:tcW w:type="auto" w:w="0"/>', text)
    text = re.sub(r"<w:gridCol [^>]*/>", "<w:gridCol/>", text)
    text = re.sub(r"<w:tblLayout [^>]*/>", "", text)
    return re.sub(
        r"(<w:tblPr>(?:(?!</w:tblPr>).)*?)(<w:tblCellMar|<w:tblLook|<w:tblCaption|<w:tblDescription|</w:tblPr>)",
        r'\1<w:tblLayout w:type="autofit"/>\2',
        text,
        flags=re.DOTALL,
    )


def fitted_tables(document: str) -> str:
    """Tables sized by their content, rows kept whole.

    pandoc fixes every column's width (``w:gridCol``, ``w:tcW``, a percentage
    ``w:tblW``), which breaks long words mid-word in narrow columns
    ("Relationshi ps"). Here the house tables (style ``Table``: pandoc's) take
    automatic widths with the autofit layout; other tables (Quarto's
    callouts, full-width boxes) keep theirs. Every row of every table gets
    ``w:cantSplit``. Header rows (``w:tblHeader``, pandoc writes it) repeat
    on each page.
    """
    out, stack, last = [], [], 0
    for match in re.finditer(r"<w:tbl>|</w:tbl>", document):
        segment = document[last : match.start()]
        out.append(_fit_segment(segment) if stack and stack[-1] else segment)
        if match.group(0) == "<w:tbl>":
            head = document[match.end() : document.find("</w:tblPr>", match.end())]
            stack.append('<w:tblStyle w:val="Table"' in head)
        elif stack:
            stack.pop()
        out.append(match.group(0))
        last = match.end()
    out.append(document[last:])
    return re.sub(
        r"<w:tr\b[^>]*>(?:(?!<w:tr\b).)*?(?=<w:tc\b|</w:tr>)", _row, "".join(out), flags=re.DOTALL
    )


def finish(
    path: Path,
    *,
    title: str,
    author: str,
    marking: str | None,
    draft: bool,
    study: str,
    when: datetime,
    alts: dict[str, str] | None = None,
) -> None:
    """Finish a DOCX pandoc wrote, in place.

    Parameters
    ----------
    path : Path
        The DOCX file.
    title : str
        Document title (core property, shown by screen readers).
    author : str
        The organisation (never a person's user name).
    marking : str or None
        Protective marking for the top and bottom of every page.
    draft : bool
        Whether to print the draft notice in the header.
    study : str
        Study name for the footer.
    when : datetime
        The publication date, used for every timestamp.
    alts : dict, optional
        Alt text by SHA-256 of the picture, for images whose ``descr`` is empty.
    """
    with zipfile.ZipFile(path) as archive:
        entries = [(name, archive.read(name)) for name in archive.namelist()]
    media = {name: data for name, data in entries if name.startswith("word/media/")}
    rels = next((d.decode() for n, d in entries if n == "word/_rels/document.xml.rels"), "")
    header = []
    if marking:
        header.append(_paragraph(marking.upper()))
    if draft:
        header.append(_paragraph("DRAFT: not for circulation"))
    footer = []
    if marking:
        footer.append(_paragraph(marking.upper()))
    footer.append(
        _paragraph(
            f"{study}{' · DRAFT' if draft else ''} · Page {{PAGE}} of {{NUMPAGES}}", fields=True
        )
    )

    out: list[tuple[str, bytes]] = []
    for name, data in entries:
        if name == "docProps/custom.xml":
            # pandoc copies every metadata field here, local paths included.
            continue
        if name == "docProps/core.xml":
            data = _core(title, author, when)
        elif name == "[Content_Types].xml":
            text = data.decode("utf-8")
            text = re.sub(r'<Override PartName="/docProps/custom.xml"[^>]*/>', "", text)
            text = text.replace(
                "</Types>",
                f'<Override PartName="/word/csrr-header.xml" ContentType="{HEADER_TYPE}"/>'
                f'<Override PartName="/word/csrr-footer.xml" ContentType="{FOOTER_TYPE}"/></Types>',
            )
            data = text.encode("utf-8")
        elif name == "_rels/.rels":
            data = re.sub(rb'<Relationship [^>]*Target="docProps/custom.xml"[^>]*/>', b"", data)
        elif name == "word/_rels/document.xml.rels":
            data = data.replace(
                b"</Relationships>",
                f'<Relationship Id="rIdCsrrHeader" Type="{REL_NS}/header" Target="csrr-header.xml"/>'
                f'<Relationship Id="rIdCsrrFooter" Type="{REL_NS}/footer" Target="csrr-footer.xml"/></Relationships>'.encode(),
            )
        elif name == "word/document.xml":
            text = data.decode("utf-8")
            if alts:
                text = _with_alt_text(text, rels, media, alts)
            text = fitted_tables(single_contents(text))
            refs = (
                '<w:headerReference w:type="default" r:id="rIdCsrrHeader"/>'
                '<w:footerReference w:type="default" r:id="rIdCsrrFooter"/>'
            )
            last = text.rfind("<w:sectPr")
            close = text.index(">", last) + 1
            text = text[:close] + refs + text[close:]
            data = text.encode("utf-8")
        out.append((name, data))
    out.append(("word/csrr-header.xml", _part("hdr", header)))
    out.append(("word/csrr-footer.xml", _part("ftr", footer)))
    path.write_bytes(_fixed_zip(out, when))
