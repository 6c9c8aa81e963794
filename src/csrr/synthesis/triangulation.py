"""Triangulation: which strands bear on each element, how strongly, and whether they agree.

The matrix has one row per framework element and one column per strand; a
cell holds the strand's findings on that element. Each element's evidence is
then put in one of four categories by a rule stated in
``params/synthesis.yml`` (``triangulation``), applied in this order:

1. **absent**: no strand reports a finding on the element;
2. **single-source**: the findings all come from one strand;
3. **mixed**: more than one strand bears on the element, but fewer than
   ``convergent_min_strands`` of them *support* it (have a finding on it rated
   ``support_strength`` or stronger), or the research team judge that one of
   its findings points the other way (``divergent``);
4. **convergent**: otherwise: at least ``convergent_min_strands`` strands
   support the element and none of its findings is listed as divergent.

The rule counts strands, not findings, because the point of triangulation is
agreement between independent methods: five findings from one survey are
still one source.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from csrr.findings import STRENGTHS, Finding
from csrr.synthesis.inputs import Element, Evidence, Strand

CATEGORIES = ("convergent", "mixed", "single-source", "absent")
# strong > moderate > emerging > limited: a higher rank is stronger evidence.
RANK = {name: len(STRENGTHS) - i for i, name in enumerate(STRENGTHS)}
# How each category reads before "evidence" ("convergent evidence").
CATEGORY_TEXT = {
    "convergent": "convergent",
    "mixed": "mixed",
    "single-source": "single-source",
    "absent": "no",
}


@dataclass(frozen=True)
class Rules:
    """The triangulation rule's settings (``params/synthesis.yml``, ``triangulation``).

    Parameters
    ----------
    support_strength : str
        Weakest rating of a finding that counts as a strand supporting an element.
    convergent_min_strands : int
        Strands that must support an element for its evidence to be convergent.
    divergent : tuple of (element, finding, note)
        Findings judged to point the other way for one element.
    """

    support_strength: str = "moderate"
    convergent_min_strands: int = 2
    divergent: tuple[tuple[str, str, str], ...] = ()

    @classmethod
    def from_params(cls, params: dict[str, Any]) -> Rules:
        """Build the rules from the ``triangulation`` mapping of the params file."""
        return cls(
            support_strength=params["support_strength"],
            convergent_min_strands=int(params["convergent_min_strands"]),
            divergent=tuple(
                (d["element"], d["finding"], " ".join(d["note"].split()))
                for d in params.get("divergent", [])
            ),
        )

    def supports(self, strength: str) -> bool:
        """Whether a finding of this strength counts as support."""
        return RANK[strength] >= RANK[self.support_strength]

    def strengths_counted(self) -> list[str]:
        """The ratings that count as support, strongest first (for stating the rule)."""
        return [s for s in STRENGTHS if self.supports(s)]


@dataclass
class Assessment:
    """The evidence on one element, strand by strand, and its category.

    Attributes
    ----------
    element : Element
        The framework element.
    cells : dict
        Strand id -> the strand's findings on the element (every strand has
        a key; an empty list is an empty cell).
    supporting : list of str
        Strands with a finding rated at or above the support strength.
    divergent : list of (Finding, str)
        Findings judged to point the other way, with the team's note.
    category : str
        One of :data:`CATEGORIES`.
    """

    element: Element
    cells: dict[str, list[Finding]]
    supporting: list[str]
    divergent: list[tuple[Finding, str]] = field(default_factory=list)
    category: str = "absent"

    @property
    def bearing(self) -> list[str]:
        """Strands with at least one finding on the element, in strand order."""
        return [strand for strand, found in self.cells.items() if found]

    @property
    def findings(self) -> list[Finding]:
        """Every finding on the element, strand by strand."""
        return [f for found in self.cells.values() for f in found]

    def strongest(self, strand: str | None = None) -> str | None:
        """Strongest rating among the element's findings (in one strand, or overall)."""
        found = self.cells[strand] if strand else self.findings
        return max((f.strength for f in found), key=RANK.__getitem__, default=None)

    def lead(self) -> Finding | None:
        """The element's lead finding, the one the executive summary quotes.

        The strongest finding; among equals, one whose first (main) element
        is this one, so that a finding mainly about something else does not
        headline the element; then the earliest strand.
        """
        found = self.findings
        if not found:
            return None
        return max(found, key=lambda f: (RANK[f.strength], f.elements[0] == self.element.id))


def classify(strengths: dict[str, list[str]], rules: Rules, has_divergent: bool = False) -> str:
    """Category of one element's evidence from the ratings of each strand's findings.

    Parameters
    ----------
    strengths : dict
        Strand id -> ratings of its findings on the element (empty or absent
        for a strand with none).
    rules : Rules
        The stated rule.
    has_divergent : bool
        Whether a finding on the element is listed as pointing the other way.

    Returns
    -------
    str
        ``convergent``, ``mixed``, ``single-source`` or ``absent``.

    Examples
    --------
    >>> rules = Rules("moderate", 2)
    >>> classify({"strand1": ["strong"], "strand4": ["moderate"]}, rules)
    'convergent'
    >>> classify({"strand1": ["strong"], "strand4": ["limited"]}, rules)
    'mixed'
    >>> classify({"strand4": ["strong", "strong"]}, rules)
    'single-source'
    """
    bearing = [s for s, found in strengths.items() if found]
    if not bearing:
        return "absent"
    if len(bearing) == 1:
        return "single-source"
    supporting = [s for s in bearing if any(rules.supports(x) for x in strengths[s])]
    if has_divergent or len(supporting) < rules.convergent_min_strands:
        return "mixed"
    return "convergent"


def assess(
    elements: list[Element], strands: list[Strand], evidence: Evidence, rules: Rules
) -> list[Assessment]:
    """Assess every element: its matrix row and its category, in framework order."""
    assessments = []
    for element in elements:
        cells = {
            s.id: [f for f in _findings_of(evidence, s.id) if element.id in f.elements]
            for s in strands
        }
        divergent = [
            (evidence.finding(fid), note)
            for eid, fid, note in rules.divergent
            if eid == element.id
        ]
        strengths = {strand: [f.strength for f in found] for strand, found in cells.items()}
        assessments.append(
            Assessment(
                element=element,
                cells=cells,
                supporting=[
                    s
                    for s, found in cells.items()
                    if any(rules.supports(f.strength) for f in found)
                ],
                divergent=divergent,
                category=classify(strengths, rules, bool(divergent)),
            )
        )
    return assessments


def _findings_of(evidence: Evidence, strand: str) -> list[Finding]:
    for item in evidence.strands:
        if item.strand.id == strand:
            return item.findings
    return []


def by_category(assessments: list[Assessment]) -> dict[str, list[Assessment]]:
    """Assessments grouped by category, every category present, in :data:`CATEGORIES` order."""
    return {c: [a for a in assessments if a.category == c] for c in CATEGORIES}


def matrix_frame(
    assessments: list[Assessment], strands: list[Strand], sep: str = "; "
) -> pd.DataFrame:
    """The element x strand matrix as a table: finding ids and strengths, and the category.

    Parameters
    ----------
    assessments : list of Assessment
        One per element.
    strands : list of Strand
        The columns, in order.
    sep : str
        What separates two findings in a cell (the report passes a line break).

    Returns
    -------
    pandas.DataFrame
        One row per element: its name, one column per strand (``S3-F02
        (strong); S3-F04 (emerging)``, or a dash when empty) and ``Evidence``.
    """
    rows = []
    for a in assessments:
        row = {"Element": a.element.name}
        for s in strands:
            cell = sep.join(f"{f.id} ({f.strength})" for f in a.cells[s.id])
            row[s.label] = cell or None
        row["Evidence"] = a.category
        rows.append(row)
    return pd.DataFrame(rows)


def strength_frame(evidence: Evidence) -> pd.DataFrame:
    """Findings by strand and strength, with totals (the evidence base at a glance)."""
    rows = []
    for item in evidence.strands:
        counts = {s: sum(f.strength == s for f in item.findings) for s in STRENGTHS}
        rows.append(
            {
                "Strand": f"{item.strand.label}: {item.strand.name}",
                **{s.capitalize(): n for s, n in counts.items()},
                "All findings": len(item.findings),
            }
        )
    frame = pd.DataFrame(rows)
    total = {"Strand": "All strands", **{c: int(frame[c].sum()) for c in frame.columns[1:]}}
    return pd.concat([frame, pd.DataFrame([total])], ignore_index=True)


# Fill and text colours of a matrix cell by its strongest rating: the
# Analysis Function sequential blues, darkest for the strongest. Text colour
# is chosen for contrast of at least 4.5:1 on each fill.
_NONE_FILL = "#F2F2F2"


def _fills() -> dict[str, tuple[str, str]]:
    from csrr import charts

    blues = charts.palette("sequential", len(STRENGTHS))
    text = ["white", "white", "white", "black"]
    return {s: (blues[i], text[i]) for i, s in enumerate(STRENGTHS)}


def matrix_alt(assessments: list[Assessment], strands: list[Strand]) -> str:
    """Text alternative for the matrix figure, stating what it shows from the data."""
    groups = by_category(assessments)
    parts = [
        (
            f"Grid of {len(assessments)} framework elements (rows) by {len(strands)} strands "
            "(columns). Each cell shows the strongest rating of that strand's findings on the "
            "element and how many findings there are; darker cells are stronger evidence. "
            "The category of each element's evidence is written at the end of its row."
        )
    ]
    for category, items in groups.items():
        if items:
            names = "; ".join(
                f"{a.element.name} ({len(a.bearing)} of {len(strands)} strands)" for a in items
            )
            parts.append(f"{category.capitalize()}: {names}.")
    return " ".join(parts)


def matrix_title(assessments: list[Assessment]) -> str:
    """The figure's title: its main message, from the data."""
    n = len(by_category(assessments)["convergent"])
    return f"Evidence converges on {n} of the {len(assessments)} key elements"


def matrix_figure(assessments: list[Assessment], strands: list[Strand]):
    """Draw the element x strand matrix as a grid of labelled cells.

    Every cell carries its rating and count as text, so the figure does not
    rely on colour; the category of each element is written at the end of
    its row.

    Returns
    -------
    matplotlib.figure.Figure
        The chart (show it with ``csrr.charts.show(fig, alt=matrix_alt(...))``).
    """
    from matplotlib.patches import Patch, Rectangle

    from csrr import charts

    fills = _fills()
    n_rows, n_cols = len(assessments), len(strands)
    fig, ax = charts.figure(width=7.0, height=0.55 * n_rows + 2.2)
    for i, a in enumerate(assessments):
        for j, s in enumerate(strands):
            best = a.strongest(s.id)
            fill, ink = fills[best] if best else (_NONE_FILL, "#3D3D3D")
            ax.add_patch(Rectangle((j, i), 1, 1, facecolor=fill, edgecolor="white", lw=2))
            count = len(a.cells[s.id])
            label = f"{best}\n{count} finding{'s' if count > 1 else ''}" if best else "none"
            ax.text(j + 0.5, i + 0.5, label, ha="center", va="center", color=ink, fontsize=8)
        ax.text(
            n_cols + 0.12,
            i + 0.5,
            a.category,
            ha="left",
            va="center",
            fontsize=9,
            fontweight="bold" if a.category == "convergent" else "normal",
            color="#3D3D3D" if a.category == "absent" else "black",
        )
    ax.set_xlim(0, n_cols)
    ax.set_ylim(n_rows, 0)
    ax.set_xticks([j + 0.5 for j in range(n_cols)])
    ax.set_xticklabels(
        [f"{s.label}\n" + "\n".join(textwrap.wrap(s.name, 14)) for s in strands], fontsize=8
    )
    ax.xaxis.tick_top()
    ax.set_yticks([i + 0.5 for i in range(n_rows)])
    ax.set_yticklabels([textwrap.fill(a.element.name, 30) for a in assessments], fontsize=8)
    ax.tick_params(length=0)
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    # The title is the chart's message, left-aligned on the figure (not the
    # grid) as the Analysis Function style sets titles.
    # Room at the top for the strand labels, with the title above them.
    height = fig.get_figheight()
    fig.subplots_adjust(top=1 - 0.9 / height, bottom=0.7 / height)
    fig.suptitle(
        matrix_title(assessments),
        x=0.01,
        y=1.0,
        ha="left",
        va="bottom",
        fontsize=12,
        fontweight="bold",
    )
    handles = [Patch(facecolor=fills[s][0], label=s) for s in STRENGTHS]
    handles.append(Patch(facecolor=_NONE_FILL, label="no finding"))
    ax.legend(
        handles=handles,
        title="Strongest rating of the strand's findings on the element",
        loc="upper center",
        bbox_to_anchor=(0.5, -0.02),
        ncol=len(handles),
        fontsize=8,
        title_fontsize=8,
        frameon=False,
    )
    return fig
