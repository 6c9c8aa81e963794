"""The final report's values, tables and figure, computed from the findings.

Every sentence of the final report is written in the notebook's Markdown
cells. This module prepares what those sentences print, through inline
expressions, and what the report shows as data:

- :meth:`Synthesis.values`: counts and lists for the report as a whole,
  already formatted (small counts in words, as Scottish Government style
  writes numbers under ten and as the traceability rule B expects);
- :meth:`Synthesis.element_values`: one namespace per key element (its
  category, the strands bearing on it and supporting it);
- :meth:`Synthesis.citations`: one citation per finding, for footnotes
  (the finding id links to its section of the strand report in HTML);
- the tables (framework, strands, strengths, matrix, evidence per element,
  findings per strand, traceability of the conclusions, provenance), the
  triangulation figure and the embed shortcodes of strand figures.

No number is typed by hand: every count comes from the findings.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pandas as pd

from csrr.display import in_words, long_date, table_markdown
from csrr.errors import CsrrError
from csrr.findings import STRENGTHS
from csrr.paths import BUILD_DIR
from csrr.synthesis import inputs, traceability, triangulation
from csrr.synthesis.inputs import Condition, Element, EmbeddedFigure, Evidence, Strand
from csrr.synthesis.triangulation import Assessment, Rules

# A line break inside a table cell, which pipe tables cannot write natively:
# one raw inline per format; each writer keeps its own and drops the others.
LINE_BREAK = "`<br>`{=html}`#linebreak()`{=typst}`<w:r><w:br/></w:r>`{=openxml}"


def join(items: list[str], last: str = "and") -> str:
    """``a``, ``a and b``, ``a, b and c``; ``a; b; and c`` when an item holds a comma or "and".

    Element names such as "Local, long-term funded, non-stigmatising services"
    would otherwise run into each other.
    """
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    if len(items) > 2 and any("," in i or " and " in i for i in items):
        return "; ".join(items[:-1]) + f"; {last} " + items[-1]
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


def escape(text: str) -> str:
    """Escape text from a findings file so Markdown shows it as written.

    Statements are plain text: ``*``, ``_``, ``@`` (a citation to pandoc),
    ``$`` (maths), ``[``, ``<`` and the like must not change their meaning.
    """
    out = []
    for char in text:
        out.append("\\" + char if char in "\\`*_{}[]<>@$#|~^" else char)
    return "".join(out)


def attribute(identifier: str) -> str:
    """An id as an attribute name for inline expressions: ``S3-F02`` -> ``S3_F02``."""
    return identifier.replace("-", "_")


def prose_name(strand: Strand) -> str:
    """A strand's short name inside a sentence: ``the workforce survey``."""
    name = strand.name
    if not name[:2].isupper():
        name = name[0].lower() + name[1:]
    return f"the {name}"


def _headline(text: str) -> str:
    return " ".join(text.split()).rstrip(".")


def _markdown(text: str):
    """Markdown for an inline expression (kept lazy: IPython only in the kernel)."""
    from csrr.display import md

    return md(text)


@dataclass
class Synthesis:
    """Everything the final report is written from, read and checked once.

    Build it with :func:`prepare`; the notebook then prepares its values and
    shows its tables and figures in report order.
    """

    study: str
    question: str
    data_status: str
    elements: list[Element]
    strands: list[Strand]
    evidence: Evidence
    rules: Rules
    assessments: list[Assessment]
    conditions: list[Condition]
    figures: list[EmbeddedFigure]
    build_dir: Path = BUILD_DIR

    # ----------------------------------------------------------- helpers

    def show_table(self, frame: pd.DataFrame, *, annex: bool = False) -> None:
        """Display a table after checking every number in a row traces to a finding it cites."""
        from csrr import display

        traceability.checked(table_markdown(frame), self.evidence, annex=annex)
        display.table(frame)

    def strand(self, strand_id: str) -> Strand:
        """The strand with this id."""
        return next(s for s in self.strands if s.id == strand_id)

    def assessment(self, element_id: str) -> Assessment:
        """The assessment of one element.

        Raises
        ------
        CsrrError
            Naming the id when the framework has no such element (a Markdown
            section written for an element that has since been removed).
        """
        for a in self.assessments:
            if a.element.id == element_id:
                return a
        raise CsrrError(
            f"final report: no key element '{element_id}' in the framework "
            f"(it has: {', '.join(e.id for e in self.elements)})"
        )

    def _names(self, assessments: list[Assessment], none: str = "no element") -> str:
        return join([a.element.name for a in assessments]) or none

    # ------------------------------------------------------------ values

    def values(self) -> SimpleNamespace:
        """Values the prose prints about the report as a whole, as formatted strings.

        Returns
        -------
        SimpleNamespace
            ``question``, ``n_strands``, ``n_elements``, ``n_findings``;
            ``n_convergent``, ``n_mixed``, ``n_single``, ``n_absent`` and
            ``convergent``, ``mixed``, ``single``, ``absent`` (element names,
            or "no element"); ``ratings`` (every rating, strongest first),
            ``counted`` (the ratings that count as support), ``min_strands``;
            ``n_firm`` and ``share_firm`` (``Most``, ``More than half``, ...:
            it starts a sentence), ``thin`` (single-source or absent
            elements) and ``n_conditions``. (The illustrative-data warning is
            Markdown under ``when-meta="csrr.synthetic"``.)
        """
        groups = triangulation.by_category(self.assessments)
        findings = self.evidence.all_findings()
        firm = sum(self.rules.supports(f.strength) for f in findings)
        share = firm / len(findings) if findings else 0.0
        if share >= 0.75:
            most = "Most"
        elif share > 0.5:
            most = "More than half"
        elif share == 0.5:
            most = "Half"
        else:
            most = "Fewer than half"
        return SimpleNamespace(
            question=self.question,
            n_strands=in_words(len(self.strands)),
            n_elements=in_words(len(self.elements)),
            n_findings=in_words(len(findings)),
            n_convergent=in_words(len(groups["convergent"]), zero="none"),
            n_mixed=in_words(len(groups["mixed"]), zero="none"),
            n_single=in_words(len(groups["single-source"]), zero="none"),
            n_absent=in_words(len(groups["absent"]), zero="none"),
            convergent=self._names(groups["convergent"]),
            mixed=self._names(groups["mixed"]),
            single=self._names(groups["single-source"]),
            absent=self._names(groups["absent"]),
            thin=self._names(groups["single-source"] + groups["absent"]),
            ratings=join(list(STRENGTHS), "or"),
            counted=join(self.rules.strengths_counted(), "or"),
            min_strands=in_words(self.rules.convergent_min_strands),
            n_firm=in_words(firm),
            share_firm=most,
            n_conditions=in_words(len(self.conditions), zero="no"),
        )

    def element_values(self) -> SimpleNamespace:
        """One namespace per key element, by id with ``_`` for ``-`` (``local_services``).

        Each holds ``name``, ``category`` (convergent, mixed, single-source or
        no), ``n_bearing`` and ``bearing`` (the strands with a finding on it,
        named as in a sentence), ``n_supporting`` and ``supporting`` (those
        with a finding rated at or above the support strength; "none" when
        there are none) and ``n_findings``.
        """
        total = len(self.strands)
        out = {}
        for a in self.assessments:
            bearing = [prose_name(self.strand(s)) for s in a.bearing]
            supporting = [prose_name(self.strand(s)) for s in a.supporting]
            out[attribute(a.element.id)] = SimpleNamespace(
                name=a.element.name,
                category=triangulation.CATEGORY_TEXT[a.category],
                n_bearing="all" if len(bearing) == total else in_words(len(bearing), zero="none"),
                bearing=join(bearing) or "none of the strands",
                n_supporting=in_words(len(supporting), zero="none"),
                supporting=join(supporting) or "none of the strands",
                n_findings=in_words(len(a.findings), zero="no"),
            )
        return SimpleNamespace(**out)

    def citations(self) -> SimpleNamespace:
        """One citation per finding (Markdown), by id with ``_`` for ``-`` (``S3_F02``).

        Written for a footnote: ``Strand 3 full report, section “Trends”:
        finding S3-F02 (strong evidence)``, the id a link to that section in
        HTML. An id no strand reports has no attribute, so an inline
        expression citing it stops the build naming the cell.
        """
        return SimpleNamespace(
            **{
                attribute(f.id): _markdown(traceability.cite_note(self.evidence, f.id))
                for f in self.evidence.all_findings()
            }
        )

    # ------------------------------------------------------------ tables

    def strands_frame(self) -> pd.DataFrame:
        """The strands: label, short name, the report that sets out their findings, and how many."""
        return pd.DataFrame(
            [
                {
                    "Strand": item.strand.label,
                    "Focus": item.strand.name,
                    "Report": item.title,
                    "Findings": len(item.findings),
                }
                for item in self.evidence.strands
            ]
        )

    def framework_frame(self) -> pd.DataFrame:
        """The framework: each element and what good looks like."""
        return pd.DataFrame(
            [
                {"Key element": e.name, "What needs to be in place": e.definition}
                for e in self.elements
            ]
        )

    def matrix_frame(self) -> pd.DataFrame:
        """The element x strand matrix table."""
        return triangulation.matrix_frame(self.assessments, self.strands, sep=LINE_BREAK)

    def strength_frame(self) -> pd.DataFrame:
        """Findings by strand and rating."""
        return triangulation.strength_frame(self.evidence)

    def matrix_figure(self):
        """The matrix as a figure and its text alternative: ``(fig, alt)``."""
        return (
            triangulation.matrix_figure(self.assessments, self.strands),
            triangulation.matrix_alt(self.assessments, self.strands),
        )

    def evidence_frame(self, element_id: str) -> pd.DataFrame:
        """The findings on one element, strand by strand: strand, finding (linked), rating.

        The strand is named, not numbered, so that a row's only digits are
        those of the findings it cites.
        """
        a = self.assessment(element_id)
        rows = [
            {
                "Strand": self.strand(strand_id).name,
                "Finding": traceability.finding_link(self.evidence, f.id),
                "What it found": escape(_headline(f.title)),
                "Strength": f.strength,
            }
            for strand_id in a.bearing
            for f in a.cells[strand_id]
        ]
        return pd.DataFrame(rows, columns=["Strand", "Finding", "What it found", "Strength"])

    def findings_frame(self, strand_id: str) -> pd.DataFrame:
        """Annex B: one strand's findings in full, with ratings, elements and where each is set out.

        One table per strand keeps each table within a page; each finding is
        stated here once.
        """
        names = {e.id: e.name for e in self.elements}
        item = next(s for s in self.evidence.strands if s.strand.id == strand_id)
        return pd.DataFrame(
            [
                {
                    "Finding": traceability.finding_link(self.evidence, f.id),
                    "Statement": escape(" ".join(f.statement.split())),
                    "Strength": f.strength,
                    "Key elements": "; ".join(names[e] for e in f.elements),
                    "Where set out": f"section “{escape(item.sections[f.section])}”",
                }
                for f in item.findings
            ]
        )

    def traceability_frame(self) -> pd.DataFrame:
        """Annex C: each condition for change, the key elements it serves and its findings."""
        names = {e.id: e.name for e in self.elements}
        return pd.DataFrame(
            [
                {
                    "Condition for change": escape(_headline(c.title)),
                    "Key elements": "; ".join(names[e] for e in c.elements),
                    "Findings it rests on": ", ".join(
                        traceability.finding_link(self.evidence, fid) for fid in c.findings
                    ),
                }
                for c in self.conditions
            ]
        )

    def provenance_frame(self) -> pd.DataFrame:
        """Annex D: each strand report the synthesis read, its version and its date in words."""
        return pd.DataFrame(
            [
                {
                    "Strand": item.strand.label,
                    "Report": escape(item.title),
                    "Version": item.version or None,
                    "Date": long_date(item.date) if item.date else None,
                    "Data": item.data_status,
                }
                for item in self.evidence.strands
            ]
        )

    # ----------------------------------------------------------- figures

    def embed(self, label: str) -> str:
        """The embed shortcode of a configured strand figure (Markdown for its cell).

        Raises
        ------
        CsrrError
            When ``params/synthesis.yml`` lists no figure with this label.
        """
        for fig in self.figures:
            if fig.label == label:
                return fig.shortcode(self.build_dir)
        raise CsrrError(
            f"final report: no strand figure '{label}' in params/synthesis.yml figures "
            f"(it has: {', '.join(f.label for f in self.figures) or 'none'})"
        )


def prepare(
    *,
    study: str,
    question: str,
    framework: list[dict[str, Any]],
    strands: list[dict[str, Any]],
    triangulation_rules: dict[str, Any],
    conditions: list[dict[str, Any]],
    figures: list[dict[str, Any]],
    data_status: str,
    build_dir: Path = BUILD_DIR,
) -> Synthesis:
    """Read and check every input, and assess every element.

    Parameters
    ----------
    study : str
        Name of the study (``study_title`` in ``params/common.yml``).
    question : str
        The over-arching question.
    framework, strands, triangulation_rules, conditions, figures
        The keys of ``params/synthesis.yml`` of the same names
        (``triangulation`` for the rules).
    data_status : str
        ``synthetic`` or ``real``: the data this report is built from.
    build_dir : Path
        Folder holding each strand's build (``<strand>/findings.json``).

    Returns
    -------
    Synthesis
        Ready to write the report from.

    Raises
    ------
    CsrrError
        One line naming the first problem: a missing strand, an unknown
        element or finding id, a broken section link, a missing figure.
    """
    elements = inputs.framework(framework)
    strand_list = inputs.strands(strands)
    evidence = inputs.load_evidence(strand_list, elements, Path(build_dir))
    inputs.check_data_status(evidence, data_status)
    condition_list = inputs.conditions(conditions, elements)
    inputs.check_conditions(condition_list, evidence)
    inputs.check_divergent(triangulation_rules.get("divergent", []), evidence, elements)
    figure_list = inputs.embedded_figures(figures, evidence, elements)
    rules = Rules.from_params(triangulation_rules)
    return Synthesis(
        study=study,
        question=" ".join(question.split()),
        data_status=data_status,
        elements=elements,
        strands=strand_list,
        evidence=evidence,
        rules=rules,
        assessments=triangulation.assess(elements, strand_list, evidence, rules),
        conditions=condition_list,
        figures=figure_list,
        build_dir=Path(build_dir),
    )
