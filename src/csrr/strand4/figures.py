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

# Five answers from strongly disagree to strongly agree: Analysis Function
# colours, dark at both ends, grey in the middle.
LIKERT_COLOURS = ("#801650", "#F46A25", "#BFBFBF", "#2073BC", "#12436D")
# Text on each: white on the dark colours, black on the light ones (both
# above 4.5:1 contrast).
LIKERT_TEXT = ("white", "black", "black", "white", "white")
# Labels inside bars smaller than this (percentage points) would not fit.
MIN_LABEL = 6


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


def _diverging(ax, lik: LikertTable) -> None:
    """Draw one scale's diverging bars on ``ax``."""
    pct = lik.percentages()
    cats = list(pct.columns)
    colours, text = _colours(len(cats))
    middle = len(cats) // 2
    y = np.arange(len(pct))[::-1]
    left = -(pct.iloc[:, :middle].sum(axis=1) + pct.iloc[:, middle] / 2).to_numpy()
    for k, cat in enumerate(cats):
        width = pct[cat].to_numpy()
        ax.barh(y, width, left=left, color=colours[k], edgecolor="white", height=0.72)
        for yi, lo, w in zip(y, left, width, strict=True):
            if w >= MIN_LABEL:
                ax.text(
                    lo + w / 2, yi, f"{w:.0f}", ha="center", va="center", color=text[k], fontsize=8
                )
        left = left + width
    ax.axvline(0, color="#3D3D3D", linewidth=0.8)
    ax.set_yticks(y, [_wrap(s, 30) for s in pct.index], fontsize=9)
    ticks = np.arange(-100, 101, 25)
    ax.set_xticks(ticks, [f"{abs(t)}%" for t in ticks], fontsize=9)
    ax.set_xlim(-100, 100)
    ax.set_ylim(-0.6, len(pct) - 0.4)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    title = lik.scale.name
    if lik.collapsed:
        title += " (strongly and plain answers combined)"
    ax.set_title(title, loc="left", fontsize=11)


def likert_panels(
    likert: dict[str, LikertTable],
    responses: dict[int, str],
    title: str,
    *,
    row_height: float = 0.25,
):
    """Diverging stacked bar charts of every scale's items, one panel per scale.

    Disagreement extends left of zero and agreement right, with the
    neutral answer split across zero, so the balance of views reads at a
    glance. Shares are of each item's answers (prefer not to say and
    skipped answers left out). A scale whose five answers could not all be
    shown (a category below the disclosure threshold) has three: its
    "disagree" and "agree" bars then hold the strongly and plain answers
    together, in the plain answers' colours.

    Parameters
    ----------
    likert : dict
        Scale id -> LikertTable, in display order.
    responses : dict
        Answer code -> label (for the legend).
    title : str
        Headline.
    row_height : float
        Inches per statement (smaller for a summary).
    """
    shown = {k: v for k, v in likert.items() if v.items}
    sizes = [len(v.items) for v in shown.values()]
    fig, axes = charts.figure(
        height=row_height * sum(sizes) + 0.55 * len(sizes) + 1.0,
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
        for c, label in zip(LIKERT_COLOURS, responses.values(), strict=True)
    ]
    fig.legend(
        handles=handles,
        loc="lower center",
        ncols=3,
        frameon=False,
        fontsize=9,
        handlelength=1,
        bbox_to_anchor=(0.55, -0.005),
    )
    fig.tight_layout(rect=(0, 0.04, 1, 1 - 0.45 / fig.get_figheight()))
    fig.suptitle(title, x=0.01, y=0.995, ha="left", va="top", fontsize=12, fontweight="bold")
    parts = []
    for lik in shown.values():
        pct = lik.percentages()
        middle = len(pct.columns) // 2
        agree, disagree = lik.agree(), pct.iloc[:, :middle].sum(axis=1)
        items = "; ".join(
            f"{item}: {agree[item]:.0f}% agree, {disagree[item]:.0f}% disagree"
            for item in pct.index
        )
        parts.append(f"{lik.scale.name}: {items}")
    alt = (
        f"Diverging bar charts of the answers to each item, in {len(shown)} panels, one per "
        f"scale, with disagreement to the left of zero and agreement to the right. "
        + ". ".join(parts)
        + "."
    )
    return fig, alt


def arrangement_means(
    means: pd.DataFrame, scales: dict[str, str], title: str, *, height: float = 4.4
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
    ax.set_xlabel("Mean score (1 = most negative, 5 = most positive; barriers: 5 = most barriers)")
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
        "Dot chart of mean scale scores with 95% confidence intervals, by integration "
        "arrangement. " + "; ".join(parts) + "."
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
