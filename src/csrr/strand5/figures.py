"""Strand 5 charts, in the Analysis Function style, each with its text alternative.

Each function returns ``(figure, alt)``: the alt text is computed from the
same data as the chart, so it states what the chart shows (every value,
not just its kind) and cannot drift from it. Notebooks pass both to
:func:`csrr.charts.show`.
"""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib.colors import LinearSegmentedColormap, to_rgb

from csrr import charts

# Text on a dark cell is white, on a light one the house dark grey; the
# switch is where white text keeps a contrast ratio of at least 4.5:1.
_DARK_TEXT = "#3D3D3D"


def _luminance(colour) -> float:
    """Relative luminance (WCAG 2) of a colour."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in to_rgb(colour)[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _text_colour(fill) -> str:
    """White or dark grey, whichever contrasts better with ``fill``."""
    lum = _luminance(fill)
    white = 1.05 / (lum + 0.05)
    dark = (lum + 0.05) / (_luminance(_DARK_TEXT) + 0.05)
    return "white" if white >= dark else _DARK_TEXT


def _wrap(label: str, width: int = 22) -> str:
    return "\n".join(textwrap.wrap(label, width, break_long_words=False))


def _headline(fig, text: str) -> None:
    """The chart's headline, left-aligned with the figure as the AF style asks.

    ``Axes.set_title(loc="left")`` aligns with the plot area, which long
    category labels push far to the right; a figure title at the figure's
    left edge reads as a headline.
    """
    fig.tight_layout()
    fig.suptitle(text, x=0.01, ha="left", fontsize=12, fontweight="bold")
    fig.tight_layout()


def prevalence_chart(prev: pd.DataFrame, n_sessions: int, n_people: int):
    """Bar chart: share of sessions and of participants raising each theme.

    Parameters
    ----------
    prev : pandas.DataFrame
        From :func:`csrr.strand5.analysis.prevalence`.
    n_sessions, n_people : int
        Totals the shares are of.

    Returns
    -------
    (matplotlib.figure.Figure, str)
        The chart (themes sorted by the share of sessions, most first) and
        its alt text.
    """
    order = prev.sort_values(["sessions", "participants"], ascending=False, kind="stable")
    fig, ax = charts.figure(height=0.42 * len(order) + 1.2)
    y = np.arange(len(order))
    height = 0.4
    sessions_colour, people_colour = charts.palette("duo")
    bars_s = ax.barh(
        y - height / 2,
        order["sessions_pct"],
        height,
        color=sessions_colour,
        label=f"Sessions (of {n_sessions})",
    )
    bars_p = ax.barh(
        y + height / 2,
        order["participants_pct"],
        height,
        color=people_colour,
        label=f"Participants (of {n_people})",
    )
    for bars in (bars_s, bars_p):
        ax.bar_label(bars, fmt="%d%%", padding=3, fontsize=9)
    ax.set_yticks(y, [_wrap(name, 22) for name in order["name"]])
    ax.invert_yaxis()
    ax.set_xlim(0, 112)
    ax.set_xlabel("Percentage")
    ax.grid(axis="x")
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower right", frameon=False, fontsize=9)
    top = order.iloc[0]
    _headline(fig, f"{top['name']} came up in most sessions")
    parts = [
        f"{row['name']}: {row['sessions']} sessions ({row['sessions_pct']}%), "
        f"{row['participants']} participants ({row['participants_pct']}%)"
        for _, row in order.iterrows()
    ]
    alt = (
        f"Horizontal bar chart of the percentage of the {n_sessions} sessions in which each "
        f"theme came up and of the {n_people} participants who raised it, most common first. "
        + "; ".join(parts)
        + "."
    )
    return fig, alt


def cooccurrence_heatmap(matrix: pd.DataFrame, names: dict[str, str]):
    """Heat map of the segments coded to both of each pair of themes.

    Only the lower triangle is drawn (the matrix is symmetric, and the
    diagonal, each theme's own count, would swamp the colour scale).

    Parameters
    ----------
    matrix : pandas.DataFrame
        From :func:`csrr.strand5.analysis.cooccurrence`.
    names : dict
        Theme code -> name.

    Returns
    -------
    (matplotlib.figure.Figure, str)
        The chart and its alt text (every non-zero pair, most frequent first).
    """
    codes = list(matrix.index)
    n = len(codes)
    values = matrix.to_numpy(dtype=float)
    lower = np.tril(np.ones((n, n), dtype=bool), k=-1)
    shown = np.where(lower, values, np.nan)
    top = np.nanmax(shown) if np.isfinite(shown).any() else 1.0
    dark = charts.palette("categorical")[0]
    cmap = LinearSegmentedColormap.from_list("af-blue", ["#FFFFFF", dark]).with_extremes(
        bad="white"
    )
    fig, ax = charts.figure(height=4.4)
    ax.imshow(np.ma.masked_invalid(shown), cmap=cmap, vmin=0, vmax=top, aspect="auto")
    for i in range(n):
        for j in range(i):
            value = int(values[i, j])
            fill = cmap(value / top if top else 0)
            ax.text(
                j,
                i,
                str(value),
                ha="center",
                va="center",
                fontsize=10,
                color=_text_colour(fill),
            )
    # Column labels wrap narrower than row labels: the columns are narrow.
    ax.set_xticks(range(n - 1), [_wrap(names[c], 12) for c in codes[:-1]], fontsize=9)
    ax.set_yticks(range(1, n), [_wrap(names[c], 18) for c in codes[1:]], fontsize=9)
    ax.set_xlim(-0.5, n - 1.5)
    ax.set_ylim(n - 0.5, 0.5)
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.tick_params(length=0)
    pairs = sorted(
        ((int(values[i, j]), i, j) for i in range(n) for j in range(i) if values[i, j] > 0),
        key=lambda p: (-p[0], p[2], p[1]),
    )
    if pairs:
        _, i, j = pairs[0]
        _headline(
            fig, f"{names[codes[i]]} and {names[codes[j]]}\nwere most often discussed together"
        )
    listed = "; ".join(f"{names[codes[i]]} with {names[codes[j]]}: {c}" for c, i, j in pairs)
    empty = n * (n - 1) // 2 - len(pairs)
    alt = (
        "Heat map of the number of coded segments that touched on two themes at once, one cell "
        "per pair of themes, darker for more segments. Pairs, most shared segments first: "
        + (listed or "none")
        + "."
        + (f" The other {empty} pairs shared no segments." if empty else "")
    )
    return fig, alt
