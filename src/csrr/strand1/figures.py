"""Strand 1 charts, each returned with alt text computed from the same data.

Every function returns ``(figure, alt)``; the notebook shows them with
``csrr.charts.show(fig, alt=alt)``, so the text alternative always states
the numbers the chart shows. Charts use the Analysis Function style and
palettes (:mod:`csrr.charts`); every segment carries its count as text, so no
reading depends on colour alone.
"""

from __future__ import annotations

from itertools import pairwise

import matplotlib.colors as mcolors
import pandas as pd
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Rectangle
from matplotlib.ticker import MaxNLocator

from csrr import charts
from csrr.strand1.config import Settings
from csrr.strand1.data import DIRECTIONS, DOMAINS
from csrr.strand1.prisma import PrismaCounts

# Box outline and phase bands: Analysis Function dark blue.
AF_BLUE = "#12436D"


def _n(value: int) -> str:
    return f"{value:,}"


def _text_colour(fill: str) -> str:
    """Black or white, whichever contrasts more with ``fill`` (WCAG luminance)."""
    r, g, b = (
        c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in mcolors.to_rgb(fill)
    )
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    # Contrast with white is 1.05 / (L + 0.05); with black (L + 0.05) / 0.05.
    return "white" if 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.05 else "black"


def direction_colours() -> dict[str, str]:
    """Colour of each direction of effect (Analysis Function categorical palette)."""
    return dict(zip(DIRECTIONS, charts.palette("categorical", len(DIRECTIONS)), strict=True))


# --------------------------------------------------------------------------
# PRISMA 2020 flow diagram
# --------------------------------------------------------------------------


def prisma_lines(counts: PrismaCounts, detail: bool = True) -> dict[str, list[str]]:
    """The text of every box of the flow diagram, by box name.

    The wording follows the PRISMA 2020 template for new systematic reviews
    that searched databases only. Without ``detail``, the records found per
    database and the reports excluded per reason are left out (totals only).
    """
    if not detail:
        return {
            **prisma_lines(counts),
            "identified": [
                "Records identified from:",
                f"    {len(counts.by_database)} databases (n = {_n(counts.identified)})",
            ],
            "removed": [
                "Records removed before screening:",
                f"    Duplicate records removed (n = {_n(counts.duplicates)})",
            ],
            "excluded_reasons": [
                f"Reports excluded, with reasons (n = {_n(counts.excluded_full_text)})"
            ],
        }
    return {
        "identified": [f"Records identified from databases (n = {_n(counts.identified)}):"]
        + [f"    {db} (n = {_n(n)})" for db, n in counts.by_database.items()],
        "removed": [
            "Records removed before screening:",
            f"    Duplicate records removed (n = {_n(counts.duplicates)})",
        ],
        "screened": [f"Records screened (n = {_n(counts.screened)})"],
        "excluded_screening": [f"Records excluded (n = {_n(counts.excluded_screening)})"],
        "sought": [f"Reports sought for retrieval (n = {_n(counts.sought)})"],
        "not_retrieved": [f"Reports not retrieved (n = {_n(counts.not_retrieved)})"],
        "assessed": [f"Reports assessed for eligibility (n = {_n(counts.assessed)})"],
        "excluded_reasons": [f"Reports excluded (n = {_n(counts.excluded_full_text)}):"]
        + [f"    {reason} (n = {_n(n)})" for reason, n in counts.excluded_reasons.items()],
        "included": [f"Studies included in review (n = {_n(counts.included)})"],
    }


def prisma_alt(counts: PrismaCounts) -> str:
    """Alt text of the flow diagram: every count, in the order of the diagram."""
    databases = "; ".join(f"{db} {_n(n)}" for db, n in counts.by_database.items())
    reasons = "; ".join(f"{r.lower()} {_n(n)}" for r, n in counts.excluded_reasons.items())
    return (
        "PRISMA 2020 flow diagram of the review. "
        f"Identification: {_n(counts.identified)} records identified from "
        f"{len(counts.by_database)} databases ({databases}); {_n(counts.duplicates)} duplicate "
        "records removed before screening. "
        f"Screening: {_n(counts.screened)} records screened, of which "
        f"{_n(counts.excluded_screening)} were excluded; {_n(counts.sought)} reports sought for "
        f"retrieval, of which {_n(counts.not_retrieved)} were not retrieved; "
        f"{_n(counts.assessed)} reports assessed for eligibility, of which "
        f"{_n(counts.excluded_full_text)} were excluded ({reasons}). "
        f"Included: {_n(counts.included)} studies included in the review."
    )


def prisma_diagram(counts: PrismaCounts, detail: bool = True):
    """Draw the PRISMA 2020 flow diagram from the counts.

    Parameters
    ----------
    counts : PrismaCounts
        The reconciled counts (:func:`csrr.strand1.prisma.count`).
    detail : bool
        Show records per database and exclusions per reason (the full
        report); without, the boxes show totals only (the summary). The alt
        text states every count either way.

    Returns
    -------
    (matplotlib.figure.Figure, str)
        The diagram and its alt text.

    Notes
    -----
    Boxes are sized from their number of lines, so longer database or
    reason lists grow the diagram instead of overflowing it. Heights are in
    "line units": one line of 8.5 pt text is one unit high.
    """
    lines = prisma_lines(counts, detail)
    # One line of 8.5 pt text at 1.35 line spacing is about 0.16 inch: the
    # unit of every height below, so boxes fit their text exactly.
    inch_per_unit = 8.5 * 1.35 / 72
    # Totals-only diagrams (the summary) sit tighter.
    pad, gap, margin = (0.55, 1.3, 0.3) if detail else (0.45, 0.9, 0.2)

    # A phase band one row tall must fit its rotated label: about 0.42 line
    # units a character at 8 pt, plus a margin.
    def min_row(label: str) -> float:
        return 0.42 * len(label) + 0.6

    def height(name: str) -> float:
        return len(lines[name]) + 2 * pad

    # Phases whose band spans a single row, by that row's left box.
    single = {"identified": "Identification", "included": "Included"}
    # Rows: (left box, right box or None).
    rows = [
        ("identified", "removed"),
        ("screened", "excluded_screening"),
        ("sought", "not_retrieved"),
        ("assessed", "excluded_reasons"),
        ("included", None),
    ]
    row_h = [max(height(a), height(b) if b else 0, min_row(single.get(a, ""))) for a, b in rows]
    total = sum(row_h) + gap * (len(rows) - 1)
    band_w, left_x, left_w, right_x, right_w = 5.0, 8.0, 44.0, 57.0, 42.5
    charts.use_house_style()
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(7.0, (total + 2 * margin) * inch_per_unit))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(-0.5, 100.5)
    ax.set_ylim(total + margin, -margin)  # y grows downwards, as the diagram is read
    ax.axis("off")

    tops, y = [], 0.0
    for h in row_h:
        tops.append(y)
        y += h + gap
    # name -> (top, height) of each box; boxes are centred on their row.
    boxes: dict[str, tuple[float, float]] = {}

    def box(name: str, x: float, w: float, row_top: float, row_height: float) -> None:
        h = height(name)
        top = row_top + (row_height - h) / 2
        ax.add_patch(
            FancyBboxPatch(
                (x, top),
                w,
                h,
                boxstyle="round,pad=0,rounding_size=0.6",
                linewidth=1.2,
                edgecolor=AF_BLUE,
                facecolor="white",
            )
        )
        ax.text(
            x + 1.5,
            top + h / 2,
            "\n".join(lines[name]),
            va="center",
            ha="left",
            fontsize=8.5,
            linespacing=1.35,
        )
        boxes[name] = (top, h)

    for (left, right), top, h in zip(rows, tops, row_h, strict=True):
        box(left, left_x, left_w, top, h)
        if right:
            box(right, right_x, right_w, top, h)

    def arrow(start: tuple[float, float], end: tuple[float, float]) -> None:
        ax.add_patch(
            FancyArrowPatch(
                start, end, arrowstyle="-|>", mutation_scale=10, linewidth=1.1, color="#3D3D3D"
            )
        )

    middle = left_x + left_w / 2
    for (left, _), (next_left, _) in pairwise(rows):
        top, h = boxes[left]
        arrow((middle, top + h), (middle, boxes[next_left][0]))
    for (_, right), top, h in zip(rows, tops, row_h, strict=True):
        if right:
            arrow((left_x + left_w, top + h / 2), (right_x, top + h / 2))

    # Phase bands down the left edge, as in the PRISMA template.
    phases = [("Identification", 0, 0), ("Screening", 1, 3), ("Included", 4, 4)]
    for label, first, last in phases:
        top = tops[first]
        bottom = tops[last] + row_h[last]
        ax.add_patch(
            Rectangle((0, top), band_w, bottom - top, facecolor=AF_BLUE, edgecolor="none")
        )
        ax.text(
            band_w / 2,
            (top + bottom) / 2,
            label,
            rotation=90,
            ha="center",
            va="center",
            color="white",
            fontsize=8,
            fontweight="bold",
        )
    return fig, prisma_alt(counts)


# --------------------------------------------------------------------------
# Evidence map
# --------------------------------------------------------------------------


def evidence_map_alt(emap: pd.DataFrame, settings: Settings) -> str:
    """Alt text of the evidence map: every non-empty cell's counts."""
    parts = []
    for model in settings.models:
        cells = []
        for domain in DOMAINS:
            sub = emap[(emap["model"] == model.id) & (emap["domain"] == domain)]
            total = int(sub["studies"].sum())
            if not total:
                cells.append(f"{domain} none")
                continue
            split = ", ".join(
                f"{int(n)} {direction}"
                for direction, n in zip(sub["direction"], sub["studies"], strict=True)
                if n
            )
            cells.append(f"{domain} {total} ({split})")
        parts.append(f"{model.short}: " + "; ".join(cells))
    return (
        "Evidence map: for each model of integration, bars show how many studies measured "
        "services, experiences and outcomes, split by the direction of effect they reported. "
        + ". ".join(parts)
        + "."
    )


def evidence_map_chart(emap: pd.DataFrame, settings: Settings, row_height: float = 0.38):
    """Evidence map: model x outcome domain, studies split by direction of effect.

    One panel per domain; in each, a stacked bar per model counts the studies
    that measured the domain, coloured by direction, with the counts written
    on the segments and the total at the end of the bar.

    Parameters
    ----------
    emap : pandas.DataFrame
        From :func:`csrr.strand1.analysis.evidence_map`.
    settings : Settings
        Models, in the order to show them (top to bottom).
    row_height : float
        Inches per model (the summary uses a more compact chart).

    Returns
    -------
    (matplotlib.figure.Figure, str)
        The chart and its alt text.
    """
    colours = direction_colours()
    labels = [m.short for m in settings.models]
    totals = emap.groupby(["model", "domain"])["studies"].sum()
    x_max = max(int(totals.max()), 1) + 1.5
    fig, axes = charts.figure(7.0, row_height * len(labels) + 1.5, ncols=len(DOMAINS), sharey=True)
    for ax, domain in zip(axes, DOMAINS, strict=True):
        left = [0.0] * len(labels)
        for direction in DIRECTIONS:
            values = [
                int(
                    emap.loc[
                        (emap["model"] == m.id)
                        & (emap["domain"] == domain)
                        & (emap["direction"] == direction),
                        "studies",
                    ].sum()
                )
                for m in settings.models
            ]
            bars = ax.barh(
                labels,
                values,
                left=left,
                color=colours[direction],
                edgecolor="white",
                linewidth=0.8,
                label=direction.capitalize(),
                height=0.7,
            )
            for bar, value in zip(bars, values, strict=True):
                if value:
                    ax.text(
                        bar.get_x() + bar.get_width() / 2,
                        bar.get_y() + bar.get_height() / 2,
                        str(value),
                        ha="center",
                        va="center",
                        fontsize=8,
                        color=_text_colour(colours[direction]),
                    )
            left = [a + b for a, b in zip(left, values, strict=True)]
        for y, total in enumerate(left):
            ax.text(total + 0.2, y, f"{int(total)}" if total else "none", va="center", fontsize=8)
        ax.set_title(domain.capitalize(), loc="left", fontsize=11)
        ax.set_xlim(0, x_max)
        ax.grid(axis="y", visible=False)
        ax.grid(axis="x", visible=True, linewidth=0.5)
        ax.set_xlabel("Studies", fontsize=9)
        ax.tick_params(axis="both", labelsize=9)
    # The panels share their y axis: inverting it once puts the first model on top.
    axes[0].invert_yaxis()
    handles, names = axes[0].get_legend_handles_labels()
    fig.legend(
        handles,
        names,
        loc="upper center",
        ncols=len(DIRECTIONS),
        frameon=False,
        fontsize=9,
        bbox_to_anchor=(0.55, 1.0),
        title="Direction of effect reported",
        title_fontsize=9,
    )
    fig.tight_layout(rect=(0, 0, 1, 0.88))
    return fig, evidence_map_alt(emap, settings)


# --------------------------------------------------------------------------
# Studies by country and year
# --------------------------------------------------------------------------


def country_year_chart(studies: pd.DataFrame, start: int, end: int, height: float = 3.0):
    """Included studies by country (left) and by year of publication (right).

    Parameters
    ----------
    studies : pandas.DataFrame
        ``studies.csv``.
    start, end : int
        Years of the search period: every year in it gets a bar, so years
        with no study show as gaps rather than vanishing.
    height : float
        Height in inches (the summary uses a shorter chart).

    Returns
    -------
    (matplotlib.figure.Figure, str)
        The chart and its alt text.
    """
    by_country = studies["country"].value_counts()
    # Most studies first; ties in alphabetical order, so the order is stable.
    by_country = by_country.sort_index().sort_values(ascending=False, kind="stable")
    last = max(end, int(studies["year"].max()))
    first = min(start, int(studies["year"].min()))
    by_year = (
        studies["year"].astype(int).value_counts().reindex(range(first, last + 1), fill_value=0)
    )
    by_year = by_year.loc[by_year.index[by_year.cumsum() > 0].min() :]
    colour = charts.palette("categorical")[0]
    fig, (left, right) = charts.figure(7.0, height, ncols=2, width_ratios=[1, 1.3])
    bars = left.barh(by_country.index, by_country.values, color=colour, height=0.7)
    left.bar_label(bars, padding=2, fontsize=8)
    left.invert_yaxis()
    left.set_title("By country", loc="left", fontsize=11)
    left.grid(axis="y", visible=False)
    left.grid(axis="x", visible=True, linewidth=0.5)
    left.set_xlabel("Studies", fontsize=9)
    left.tick_params(labelsize=8.5)
    left.set_xlim(0, by_country.max() * 1.18)
    left.xaxis.set_major_locator(MaxNLocator(integer=True))
    right.bar(by_year.index, by_year.values, color=colour, width=0.75)
    right.set_title("By year of publication", loc="left", fontsize=11)
    right.set_ylabel("Studies", fontsize=9)
    right.tick_params(labelsize=8.5)
    right.set_xticks([y for y in by_year.index if y % 2 == 0])
    right.yaxis.set_major_locator(MaxNLocator(integer=True))
    fig.tight_layout()
    countries = "; ".join(f"{c} {int(n)}" for c, n in by_country.items())
    years = "; ".join(f"{y} {int(n)}" for y, n in by_year.items())
    alt = (
        f"Two bar charts of the {len(studies)} included studies. By country: {countries}. "
        f"By year of publication: {years}."
    )
    return fig, alt
