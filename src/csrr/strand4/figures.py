"""Strand 4 charts, in the Analysis Function style (:mod:`csrr.charts`).

Each function takes protected results (never microdata), so a chart cannot
show what the tables hide, and returns ``(figure, alt_text)``: the text
alternative states what the chart shows, with its numbers, for
:func:`csrr.charts.show`.
"""

from __future__ import annotations

import matplotlib.patches
import numpy as np
import pandas as pd

from csrr import charts
from csrr.strand4.analysis import LikertTable
from csrr.strand4.data import Item

# Five views from the most negative to the most positive: Analysis Function
# colours, dark at both ends, grey in the middle. Bars are coloured by the
# view an answer expresses, not by the answer: agreeing with a negative
# statement ("Agencies in my area work in silos", or any barrier) is a
# negative view, so it is drawn left of zero in the negative colours.
LIKERT_COLOURS = ("#801650", "#F46A25", "#BFBFBF", "#2073BC", "#12436D")
# Text on each: white on the dark colours, black on the light ones (both
# above 4.5:1 contrast).
LIKERT_TEXT = ("white", "black", "black", "white", "white")
# Legend labels, most negative view first; for three categories, the ends
# combine the strongly and plain answers.
VIEW_LABELS = (
    "Strongly negative view",
    "Negative view",
    "Neither agree nor disagree",
    "Positive view",
    "Strongly positive view",
)
VIEW_LABELS_3 = ("Negative view", "Neither agree nor disagree", "Positive view")
# Scales on which agreeing with a statement is a negative view: a higher
# barriers score means more barriers.
NEGATIVE_SCALES = frozenset({"barriers"})
# Marks a negatively worded statement in a chart's labels.
NEGATIVE_MARK = " (−)"
# Labels inside bars smaller than this (percentage points) would not fit.
MIN_LABEL = 6


def agreeing_is_negative(item: Item, scale_id: str) -> bool:
    """Whether agreeing with ``item`` expresses a negative view.

    True for a negatively worded item of a positive scale (reverse coded)
    and for a plainly worded item of a negative scale (every barrier); a
    reverse-coded item of a negative scale would be positive again.
    """
    return bool(item.reverse) != (scale_id in NEGATIVE_SCALES)


def views(lik: LikertTable) -> pd.DataFrame:
    """Shares of each item's answers by the view they express, most negative first.

    For an item where agreeing is a negative view, the answers are reversed:
    "strongly agree" becomes the first (strongly negative) column. Columns
    are positions 0 to 4 (or 0 to 2 when the answers were collapsed).
    """
    pct = lik.percentages()
    out = pct.copy()
    out.columns = range(len(pct.columns))
    for item in lik.items:
        if agreeing_is_negative(item, lik.scale.id):
            out.loc[item.short] = pct.loc[item.short].to_numpy()[::-1]
    return out


def _colours(n: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if n == 5:
        return LIKERT_COLOURS, LIKERT_TEXT
    if n == 3:
        return (LIKERT_COLOURS[1], LIKERT_COLOURS[2], LIKERT_COLOURS[3]), (
            LIKERT_TEXT[1],
            LIKERT_TEXT[2],
            LIKERT_TEXT[3],
        )
    raise ValueError("a Likert chart has 3 or 5 categories")


def _wrap(text: str, width: int = 26) -> str:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n".join(lines + [line])


def _label(item: Item, scale_id: str) -> str:
    """An item's chart label, marked when agreeing with it is negative on a positive scale."""
    negative = agreeing_is_negative(item, scale_id)
    if negative and scale_id not in NEGATIVE_SCALES:
        return item.short + NEGATIVE_MARK
    return item.short


def _diverging(ax, lik: LikertTable) -> None:
    """Draw one scale's diverging bars on ``ax``: negative views left of zero."""
    view = views(lik)
    cats = list(view.columns)
    colours, text = _colours(len(cats))
    middle = len(cats) // 2
    y = np.arange(len(view))[::-1]
    left = -(view.iloc[:, :middle].sum(axis=1) + view.iloc[:, middle] / 2).to_numpy()
    for k, cat in enumerate(cats):
        width = view[cat].to_numpy()
        ax.barh(y, width, left=left, color=colours[k], edgecolor="white", height=0.72)
        for yi, lo, w in zip(y, left, width, strict=True):
            if w >= MIN_LABEL:
                ax.text(
                    lo + w / 2, yi, f"{w:.0f}", ha="center", va="center", color=text[k], fontsize=8
                )
        left = left + width
    ax.axvline(0, color="#3D3D3D", linewidth=0.8)
    ax.set_yticks(y, [_wrap(_label(i, lik.scale.id), 38) for i in lik.items], fontsize=9)
    ticks = np.arange(-100, 101, 25)
    ax.set_xticks(ticks, [f"{abs(t)}%" for t in ticks], fontsize=9)
    ax.set_xlim(-100, 100)
    ax.set_ylim(-0.6, len(view) - 0.4)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    title = lik.scale.name
    if lik.scale.id in NEGATIVE_SCALES:
        title += " (agreeing is a negative view)"
    if lik.collapsed:
        title += "\n(strongly and plain answers combined)"
    ax.set_title(title, loc="left", fontsize=11)


def likert_panels(
    likert: dict[str, LikertTable],
    title: str,
    *,
    row_height: float = 0.25,
):
    """Diverging stacked bar charts of every scale's items, one panel per scale.

    Negative views extend left of zero and positive views right, with the
    neutral answer split across zero, so the balance of views reads at a
    glance. For most statements a negative view is disagreeing; for a
    negatively worded statement (marked "(−)") and for every barrier it is
    agreeing, so those answers are reversed and agreement is drawn on the
    left in the negative colours. Shares are of each item's answers (prefer
    not to say and skipped answers left out). A scale whose five answers
    could not all be shown (a category below the disclosure threshold) has
    three: its bars then hold the strongly and plain answers together, in
    the plain answers' colours.

    Parameters
    ----------
    likert : dict
        Scale id -> LikertTable, in display order.
    title : str
        Headline.
    row_height : float
        Inches per statement.
    """
    shown = {k: v for k, v in likert.items() if v.items}
    sizes = [len(v.items) for v in shown.values()]
    fig, axes = charts.figure(
        height=row_height * sum(sizes) + 0.6 * len(sizes) + 1.3,
        nrows=len(sizes),
        sharex=True,
        gridspec_kw={"height_ratios": sizes},
    )
    axes = np.atleast_1d(axes)
    for ax, lik in zip(axes, shown.values(), strict=True):
        _diverging(ax, lik)
    for ax in axes[:-1]:
        ax.tick_params(axis="x", labelbottom=False)
    handles = [
        matplotlib.patches.Patch(color=c, label=label)
        for c, label in zip(LIKERT_COLOURS, VIEW_LABELS, strict=True)
    ]
    fig.legend(
        handles=handles,
        loc="lower center",
        ncols=3,
        frameon=False,
        fontsize=9,
        handlelength=1,
        bbox_to_anchor=(0.55, 0.025),
    )
    fig.text(
        0.01,
        0.005,
        "Negative view: disagreeing with a statement, or agreeing with a barrier or with a "
        "negatively worded statement, marked (−).",
        fontsize=8.5,
        ha="left",
        va="bottom",
    )
    fig.tight_layout(rect=(0, 0.075, 1, 1 - 0.45 / fig.get_figheight()))
    fig.suptitle(title, x=0.01, y=0.995, ha="left", va="top", fontsize=12, fontweight="bold")
    parts = []
    for lik in shown.values():
        pct = lik.percentages()
        middle = len(pct.columns) // 2
        agree, disagree = lik.agree(), pct.iloc[:, :middle].sum(axis=1)
        items = "; ".join(
            f"{item.short}: {agree[item.short]:.0f}% agree, {disagree[item.short]:.0f}% disagree"
            + (
                " (a negative statement: agreeing is a negative view)"
                if agreeing_is_negative(item, lik.scale.id)
                else ""
            )
            for item in lik.items
        )
        parts.append(f"{lik.scale.name}: {items}")
    alt = (
        f"Diverging bar charts of the answers to each item, in {len(shown)} panels, one per "
        "scale, with negative views to the left of zero and positive views to the right. "
        "Agreeing with a negative statement or a barrier counts as a negative view. "
        + ". ".join(parts)
        + "."
    )
    return fig, alt


def likert_title(reliability: pd.DataFrame) -> str:
    """The Likert chart's headline, from the scales' mean scores (midpoint 3)."""
    mean = reliability.set_index("scale")["mean"]
    if mean["change"] < 3 <= min(mean["quality"], mean["multiagency"]):
        return "Views on quality and joint working lean positive; on change, negative"
    return "How the workforce answered each statement"


def arrangement_means(
    means: pd.DataFrame,
    scales: dict[str, str],
    title: str,
    *,
    height: float = 4.4,
    level: str = "95%",
):
    """Mean scale scores by integration arrangement, with confidence intervals.

    Parameters
    ----------
    means : pandas.DataFrame
        From :func:`csrr.strand4.analysis.group_means` (suppressed rows have
        no mean and are left out).
    scales : dict
        Scale id -> name, in display order.
    title : str
        Headline.
    height : float
        Figure height in inches.
    level : str
        Coverage of the intervals, for the text alternative ("95%").
    """
    shown = means.dropna(subset=["mean"])
    groups = list(dict.fromkeys(shown["label"]))
    palette = charts.palette("categorical", len(groups))
    markers = ("o", "s", "D", "^", "v", "P")
    fig, ax = charts.figure(height=height)
    step = 0.7 / max(len(groups), 1)
    base = np.arange(len(scales))[::-1]
    for k, label in enumerate(groups):
        rows = shown[shown["label"] == label].set_index("scale")
        ys, xs, lo, hi = [], [], [], []
        for j, scale in enumerate(scales):
            if scale in rows.index:
                ys.append(base[j] + 0.35 - step / 2 - k * step)
                xs.append(rows.at[scale, "mean"])
                lo.append(rows.at[scale, "mean"] - rows.at[scale, "low"])
                hi.append(rows.at[scale, "high"] - rows.at[scale, "mean"])
        ax.errorbar(
            xs,
            ys,
            xerr=[lo, hi],
            fmt=markers[k % len(markers)],
            color=palette[k],
            ecolor=palette[k],
            capsize=3,
            markersize=6,
            label=label,
        )
    ax.set_yticks(base, [_wrap(s, 22) for s in scales.values()])
    ax.axvline(3, color="#3D3D3D", linewidth=0.8, linestyle="--")
    ax.set_xlabel(
        "Mean score (1 = most negative, 5 = most positive;\nbarriers: 5 = most barriers, the most negative)"
    )
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.set_title(title, loc="left")
    ax.legend(loc="upper center", bbox_to_anchor=(0.35, -0.2), frameon=False, fontsize=9, ncols=2)
    fig.tight_layout()
    parts = []
    for scale, name in scales.items():
        rows = shown[shown["scale"] == scale]
        values = ", ".join(
            f"{r.label} {r.mean:.2f} ({r.low:.2f} to {r.high:.2f})" for r in rows.itertuples()
        )
        parts.append(f"{name}: {values}")
    alt = (
        f"Dot chart of mean scale scores with {level} confidence intervals, by integration "
        "arrangement (for barriers, a higher score means more barriers). " + "; ".join(parts) + "."
    )
    return fig, alt


def barriers(frame: pd.DataFrame, sectors: dict[str, str], title: str, *, row_height: float = 0.5):
    """Share of respondents agreeing that each barrier applies, by sector.

    Parameters
    ----------
    frame : pandas.DataFrame
        From :func:`csrr.strand4.analysis.barrier_agreement`, ranked.
    sectors : dict
        Sector code -> label.
    title : str
        Headline.
    row_height : float
        Inches per barrier.
    """
    n = len(frame)
    fig, ax = charts.figure(height=row_height * n + 1.4)
    colours = charts.palette("duo")
    height = 0.38
    y = np.arange(n)[::-1]
    for k, (code, label) in enumerate(sectors.items()):
        values = frame[f"pct_{code}"].to_numpy(dtype=float)
        pos = y + height / 2 - k * height
        bars = ax.barh(pos, np.nan_to_num(values), height=height, color=colours[k], label=label)
        for bar, value in zip(bars, values, strict=True):
            shown = "[c]" if np.isnan(value) else f"{value:.0f}%"
            ax.text(
                bar.get_width() + 1,
                bar.get_y() + bar.get_height() / 2,
                shown,
                va="center",
                fontsize=9,
            )
    ax.set_yticks(y, [_wrap(s, 24) for s in frame.index])
    ax.set_xlim(0, 105)
    ax.set_xticks(range(0, 101, 25), [f"{t}%" for t in range(0, 101, 25)])
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.set_title(title, loc="left")
    ax.legend(loc="upper center", bbox_to_anchor=(0.4, -0.08), frameon=False, ncols=2, fontsize=9)
    fig.tight_layout()
    parts = []
    for name, row in frame.iterrows():
        values = ", ".join(
            f"{label} {row[f'pct_{code}']:.0f}%"
            if not np.isnan(row[f"pct_{code}"])
            else f"{label} not shown"
            for code, label in sectors.items()
        )
        parts.append(f"{name}: {values}")
    alt = (
        "Horizontal bar chart of the percentage of respondents agreeing that each barrier "
        "applies, by sector, most-cited first. " + "; ".join(parts) + "."
    )
    return fig, alt
