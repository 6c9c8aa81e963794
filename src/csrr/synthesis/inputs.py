"""Inputs of the final report: configuration, findings, and the links between them.

Everything the synthesis reads is checked here, before a word is written, so
that a bad input stops the build with one line naming it:

- a strand whose ``findings.json`` has not been built (named by strand);
- a finding that cites an element the framework does not have (named by
  finding and element, through :func:`csrr.findings.check_findings`);
- a finding whose section is not a section of its strand's full report (the
  link to it would be broken);
- a reference, in ``params/synthesis.yml``, to a finding id that no strand
  reports, or to a strand figure that does not exist;
- strands built from a different kind of data (synthetic or real) from the
  final report, which would then be mislabelled.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from csrr.errors import CsrrError
from csrr.findings import FINDINGS_FILE, Finding, check_findings
from csrr.paths import BUILD_DIR, PARAMS_DIR, ROOT, relative
from csrr.reports import NOTEBOOKS, STRANDS

SYNTHESIS_PARAMS = PARAMS_DIR / "synthesis.yml"
# The executed full report of a strand, beside its findings: it holds the
# section titles the citations name and the figures the report embeds.
# The run's own copy: what the strand's figures and sections were when the
# synthesis's inputs were made (a later prose edit to a strand does not re-run
# the synthesis). Embeds point at the rendered copy beside it.
EXECUTED_NOTEBOOK = ".executed.ipynb"
# The synthesis notebook's own folder in a build; its executed copy lands
# there, and embed paths are relative to it.
SYNTHESIS_ID = "synthesis"
# Labels the final report gives its own figures: an embedded strand figure
# keeps its label, so it must not take one of these.
OWN_LABELS = ("fig-triangulation",)

# A Markdown heading carrying a section id: "# Trends by arrangement {#sec-trends}".
_SECTION = re.compile(
    r"^#{1,6}\s+(?P<title>.+?)\s*\{[^}]*#(?P<id>sec-[\w-]+)[^}]*\}\s*$", re.MULTILINE
)


@dataclass(frozen=True)
class Element:
    """One key element of the framework (``params/synthesis.yml``)."""

    id: str
    name: str
    definition: str


@dataclass(frozen=True)
class Strand:
    """One strand as the final report names it.

    Parameters
    ----------
    id : str
        ``strand1`` ... ``strand5``.
    name : str
        Short name used in tables (``Workforce survey``).
    builds_on : tuple of str
        Strands whose emerging findings it drew on (so not independent of them).
    """

    id: str
    name: str
    builds_on: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """How the project refers to it: ``Strand 3``."""
        return NOTEBOOKS[self.id].label

    @property
    def report(self) -> str:
        """Name of its full report, which is also its folder: ``strand3-full``."""
        return NOTEBOOKS[self.id].report_name("full")


@dataclass(frozen=True)
class Condition:
    """A condition for change: the key elements it serves and the findings it rests on.

    Its text is written in the notebook's conclusions; the configuration holds
    what Annex C traces it to.
    """

    title: str
    findings: tuple[str, ...]
    elements: tuple[str, ...] = ()


@dataclass(frozen=True)
class EmbeddedFigure:
    """A strand figure shown in the final report without being recomputed.

    Attributes
    ----------
    strand : str
        Strand whose full report holds it.
    label : str
        Its label there (``fig-trends``), which it keeps in the final report.
    element : str
        Framework element under which it is shown.
    section : str
        Id of the section of the strand's full report it sits in.
    notebook : Path
        The strand's executed full report.
    """

    strand: str
    label: str
    element: str
    section: str
    notebook: Path

    def shortcode(self, build_dir: Path = BUILD_DIR) -> str:
        """Quarto's embed shortcode, its path relative to the executed synthesis notebook.

        The executed notebook lands in ``<build_dir>/synthesis/``, beside the
        strands' folders, so the path is ``../strand3/strand3.ipynb``.
        """
        path = Path(os.path.relpath(self.notebook, Path(build_dir) / SYNTHESIS_ID)).as_posix()
        return f"{{{{< embed {path}#{self.label} >}}}}"


@dataclass
class StrandEvidence:
    """What one strand contributes: its findings and where they are set out."""

    strand: Strand
    title: str
    data_status: str
    findings: list[Finding]
    sections: dict[str, str]
    findings_file: Path
    notebook: Path
    version: str = ""
    date: str = ""


@dataclass
class Evidence:
    """The findings of every strand, looked up by id."""

    strands: list[StrandEvidence]
    _by_id: dict[str, tuple[Finding, StrandEvidence]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for evidence in self.strands:
            for finding in evidence.findings:
                self._by_id[finding.id] = (finding, evidence)

    def __contains__(self, fid: str) -> bool:
        return fid in self._by_id

    def finding(self, fid: str, where: str = "the final report") -> Finding:
        """The finding with id ``fid``.

        Raises
        ------
        CsrrError
            Naming the id (and what cited it) when no strand reports it.
        """
        if fid not in self._by_id:
            raise CsrrError(f"{where}: cites finding {fid}, which no strand reports")
        return self._by_id[fid][0]

    def strand_of(self, fid: str) -> StrandEvidence:
        """The strand that reports finding ``fid``."""
        self.finding(fid)
        return self._by_id[fid][1]

    def section_title(self, fid: str) -> str:
        """Title of the section of the strand's full report that sets the finding out."""
        finding, evidence = self.finding(fid), self.strand_of(fid)
        return evidence.sections[finding.section]

    def all_findings(self) -> list[Finding]:
        """Every finding, strand by strand, in each strand's order."""
        return [f for evidence in self.strands for f in evidence.findings]

    def numbers(self) -> dict[str, dict[str, float]]:
        """The numbers of every finding, by finding id (what traceability checks against)."""
        return {f.id: dict(f.numbers) for f in self.all_findings()}


def strands_root(output_dir: str | Path) -> Path:
    """The build folder holding the strands' builds, found from the synthesis run's output folder.

    The synthesis's own build folder (``build/synthesis``) sits beside the
    strands' (``build/strand3``): the embed shortcode's relative paths
    (``../strand3/strand3.ipynb``) rely on that layout, so the strands are
    looked up there too. The runner writes into a stage folder inside
    ``build/synthesis``; a run into another build folder (a test's
    temporary copy) reads that copy's strands.

    Parameters
    ----------
    output_dir : str or Path
        The ``output_dir`` parameter (relative to the project root, or absolute).

    Returns
    -------
    Path
        The parent of the nearest folder named ``synthesis`` at or above
        ``output_dir``; ``build`` when there is none.
    """
    path = Path(output_dir)
    path = path if path.is_absolute() else ROOT / path
    for folder in (path, *path.parents):
        if folder.name == SYNTHESIS_ID:
            return folder.parent
    return BUILD_DIR


def framework(
    items: list[dict[str, Any]], where: str = relative(SYNTHESIS_PARAMS)
) -> list[Element]:
    """The framework's key elements from ``params/synthesis.yml``.

    Raises
    ------
    CsrrError
        If the framework is empty or uses an id twice.
    """
    if not items:
        raise CsrrError(f"{where}: framework: no key elements")
    elements = [Element(i["id"], i["name"], " ".join(i["definition"].split())) for i in items]
    _unique([e.id for e in elements], f"{where}: framework")
    return elements


def strands(
    items: list[dict[str, Any]],
    where: str = relative(SYNTHESIS_PARAMS),
    expected: tuple[str, ...] = STRANDS,
) -> list[Strand]:
    """The strands from ``params/synthesis.yml``; the final report covers every one.

    Raises
    ------
    CsrrError
        If a strand is listed twice, is not a strand, or is missing.
    """
    found = [Strand(i["id"], i["name"], tuple(i.get("builds_on", ()))) for i in items]
    ids = [s.id for s in found]
    _unique(ids, f"{where}: strands")
    for strand in expected:
        if strand not in ids:
            raise CsrrError(
                f"{where}: strands: {strand} is not listed (the final report covers every strand)"
            )
    for strand in found:
        if strand.id not in expected:
            raise CsrrError(f"{where}: strands: unknown strand '{strand.id}'")
        for other in strand.builds_on:
            if other not in ids:
                raise CsrrError(
                    f"{where}: strands: {strand.id} builds on unknown strand '{other}'"
                )
    return found


def conditions(items: list[dict[str, Any]], elements: list[Element]) -> list[Condition]:
    """Conditions for change from ``params/synthesis.yml`` (checked later against the findings).

    Raises
    ------
    CsrrError
        Naming an element id the framework does not have.
    """
    ids = {e.id for e in elements}
    found = []
    for item in items:
        title = " ".join(item["title"].split())
        for element in item["elements"]:
            if element not in ids:
                raise CsrrError(
                    f"{relative(SYNTHESIS_PARAMS)}: conditions: '{title}': unknown framework "
                    f"element '{element}'"
                )
        found.append(Condition(title, tuple(item["findings"]), tuple(item["elements"])))
    return found


def _unique(ids: list[str], where: str) -> None:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise CsrrError(f"{where}: '{item}' is listed twice")
        seen.add(item)


def _source(cell: dict[str, Any]) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _markdown_texts(cell: dict[str, Any]) -> list[str]:
    """The Markdown a cell contributes to its document: its source, or its Markdown outputs."""
    if cell.get("cell_type") == "markdown":
        return [_source(cell)]
    texts = []
    for out in cell.get("outputs", []):
        data = out.get("data", {})
        if "text/markdown" in data:
            value = data["text/markdown"]
            texts.append("".join(value) if isinstance(value, list) else value)
    return texts


def _read_notebook(path: Path, strand: str) -> dict[str, Any]:
    if not path.is_file():
        raise CsrrError(
            f"{relative(path)}: executed full report of {strand} not found "
            f"(build {strand} first: make {strand})"
        )
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise CsrrError(f"{relative(path)}: not a readable notebook ({exc})") from None


def _visible(cell: dict[str, Any]) -> bool:
    tags = cell.get("metadata", {}).get("tags", [])
    return "remove-cell" not in tags and "injected-parameters" not in tags


def front_matter(notebook: dict[str, Any]) -> dict[str, Any]:
    """The document metadata an executed notebook carries in its first raw cell (or ``{}``)."""
    import yaml

    for cell in notebook.get("cells", [])[:1]:
        text = _source(cell)
        if cell.get("cell_type") == "raw" and text.lstrip().startswith("---"):
            body = text.strip().strip("-")
            try:
                meta = yaml.safe_load(body)
            except yaml.YAMLError:
                return {}
            return meta if isinstance(meta, dict) else {}
    return {}


def section_titles(notebook: dict[str, Any]) -> dict[str, str]:
    """Section id -> title, from the headings of an executed notebook.

    Headings come from Markdown cells and from Markdown that code cells
    display, in document order; the title keeps any inline Markdown.
    """
    titles: dict[str, str] = {}
    for cell in notebook.get("cells", []):
        if not _visible(cell):
            continue
        for text in _markdown_texts(cell):
            for match in _SECTION.finditer(text):
                titles.setdefault(match.group("id"), match.group("title").strip())
    return titles


def figure_section(notebook: dict[str, Any], label: str) -> str | None:
    """Id of the section holding the figure labelled ``label``, or None if there is no such figure.

    The figure must be a code cell labelled ``label`` with exactly one image
    output, as the embed shortcode requires.
    """
    from csrr.render.notebook import cell_options

    current = None
    for cell in notebook.get("cells", []):
        if not _visible(cell):
            continue
        for text in _markdown_texts(cell):
            for match in _SECTION.finditer(text):
                current = match.group("id")
        if cell.get("cell_type") != "code":
            continue
        opts, _ = cell_options(_source(cell))
        if opts.get("label") == label:
            images = [
                o
                for o in cell.get("outputs", [])
                if any(k.startswith("image/") for k in o.get("data", {}))
            ]
            return current if len(images) == 1 and current else None
    return None


def load_strand(
    strand: Strand, elements: list[Element], build_dir: Path = BUILD_DIR
) -> StrandEvidence:
    """Read and check one strand's findings and the section titles they point to.

    Parameters
    ----------
    strand : Strand
        The strand.
    elements : list of Element
        The framework: every element a finding cites must be one of these.
    build_dir : Path
        Folder holding ``<strand>/findings.json`` and ``<strand>/.executed.ipynb``.

    Raises
    ------
    CsrrError
        Naming the strand when its findings are missing, the finding and
        element when a finding cites an unknown element, or the finding and
        section when its section is not in the strand's full report.
    """
    path = Path(build_dir) / strand.id / FINDINGS_FILE
    if not path.is_file():
        raise CsrrError(
            f"{strand.id} ({strand.name}): findings not found at {relative(path)} "
            f"(build {strand.id} first: make {strand.id})"
        )
    where = relative(path)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise CsrrError(f"{where}: not readable JSON ({exc})") from None
    check_findings(doc, where, [e.id for e in elements])
    if doc["strand"] != strand.id:
        raise CsrrError(f"{where}: holds the findings of {doc['strand']}, not {strand.id}")
    findings = [Finding(**item) for item in doc["findings"]]
    notebook_path = path.parent / EXECUTED_NOTEBOOK
    executed = _read_notebook(notebook_path, strand.id)
    sections = section_titles(executed)
    meta = front_matter(executed)
    for finding in findings:
        if finding.section not in sections:
            raise CsrrError(
                f"{where}: finding {finding.id}: section '{finding.section}' is not a section "
                f"of {relative(notebook_path)} (the link to it would be broken)"
            )
    return StrandEvidence(
        strand=strand,
        title=doc["title"],
        data_status=doc["data_status"],
        findings=findings,
        sections=sections,
        findings_file=path,
        notebook=path.parent / f"{strand.id}.ipynb",
        version=str(meta.get("csrr", {}).get("version", "")),
        date=str(meta.get("date", "")),
    )


def load_evidence(
    strand_list: list[Strand], elements: list[Element], build_dir: Path = BUILD_DIR
) -> Evidence:
    """Read every strand's findings; stop at the first strand that is missing or wrong."""
    return Evidence([load_strand(s, elements, build_dir) for s in strand_list])


def check_data_status(evidence: Evidence, data_status: str) -> None:
    """Check that every strand was built from the same kind of data as this report.

    A final report labelled as real research must never rest on a strand
    built from the synthetic demo data (or the other way round).

    Raises
    ------
    CsrrError
        Naming the first strand whose data status differs.
    """
    for item in evidence.strands:
        if item.data_status != data_status:
            raise CsrrError(
                f"{relative(item.findings_file)}: {item.strand.id} was built from "
                f"{item.data_status} data but this report uses {data_status} data "
                f"(rebuild it: make {item.strand.id})"
            )


def check_conditions(items: list[Condition], evidence: Evidence) -> None:
    """Check that every finding a condition cites exists and bears on one of its elements.

    Raises
    ------
    CsrrError
        Naming the condition and the finding id.
    """
    for item in items:
        where = f"{relative(SYNTHESIS_PARAMS)}: conditions: '{item.title}'"
        for fid in item.findings:
            finding = evidence.finding(fid, where)
            if item.elements and not set(item.elements) & set(finding.elements):
                raise CsrrError(
                    f"{where}: finding {fid} bears on none of its elements (it bears on "
                    f"{', '.join(finding.elements)}: is the id right?)"
                )


def check_divergent(
    items: list[dict[str, Any]], evidence: Evidence, elements: list[Element]
) -> None:
    """Check each divergent finding exists and bears on the element it is listed under.

    Raises
    ------
    CsrrError
        Naming the element or finding id.
    """
    where = f"{relative(SYNTHESIS_PARAMS)}: triangulation: divergent"
    ids = {e.id for e in elements}
    for item in items:
        if item["element"] not in ids:
            raise CsrrError(f"{where}: unknown framework element '{item['element']}'")
        finding = evidence.finding(item["finding"], where)
        if item["element"] not in finding.elements:
            raise CsrrError(
                f"{where}: finding {finding.id} does not bear on '{item['element']}' "
                f"(it bears on {', '.join(finding.elements)})"
            )


def embedded_figures(
    items: list[dict[str, Any]], evidence: Evidence, elements: list[Element]
) -> list[EmbeddedFigure]:
    """Resolve the strand figures to embed, checking each one exists.

    Raises
    ------
    CsrrError
        Naming the strand and label when the strand's full report has no
        such figure, or the element when it is not in the framework.
    """
    where = f"{relative(SYNTHESIS_PARAMS)}: figures"
    ids = {e.id for e in elements}
    notebooks = {item.strand.id: item.notebook for item in evidence.strands}
    figures = []
    for item in items:
        if item["element"] not in ids:
            raise CsrrError(f"{where}: unknown framework element '{item['element']}'")
        if item["strand"] not in notebooks:
            raise CsrrError(f"{where}: unknown strand '{item['strand']}'")
        if item["label"] in OWN_LABELS:
            raise CsrrError(
                f"{where}: '{item['label']}' is a label of the final report's own "
                "(an embedded figure keeps its label, so the two would clash)"
            )
        path = notebooks[item["strand"]]
        section = figure_section(_read_notebook(path, item["strand"]), item["label"])
        if section is None:
            raise CsrrError(
                f"{where}: {relative(path)} has no figure '{item['label']}' "
                "(a labelled cell with one image, inside a section)"
            )
        figures.append(
            EmbeddedFigure(item["strand"], item["label"], item["element"], section, path)
        )
    _unique([f.label for f in figures], where)
    return figures


def sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, as 64 hex digits."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()
