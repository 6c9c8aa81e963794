"""Strand 3 charts: the tile-grid map, trends by arrangement, and deprivation.

Each function returns ``(figure, alt_text)``: the alt text is written from
the data, so it states the pattern the chart shows (counts, directions,
ranges) rather than only what kind of chart it is. Charts use the Analysis
Function style and categorical palette through :mod:`csrr.charts`, with one
fixed colour per arrangement across every chart.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
from matplotlib.patches import Patch, Rectangle

from csrr import charts, councils
from csrr.strand3.analysis import OUTCOMES, Results, fmt
from csrr.strand3.data import ARRANGEMENTS

# Tile positions (row from the top, column from the west) of a grid that
# keeps each council roughly where it lies: islands to the north and west,
# the central belt across the middle, the Borders and Dumfries and Galloway
# to the south. Labels are the ISO 3166-2:GB subdivision codes.
TILES: dict[str, tuple[str, int, int]] = {
    "S12000027": ("ZET", 0, 6),  # Shetland Islands
    "S12000023": ("ORK", 1, 5),  # Orkney Islands
    "S12000013": ("ELS", 2, 0),  # Na h-Eileanan Siar
    "S12000017": ("HLD", 2, 2),  # Highland
    "S12000020": ("MRY", 2, 3),  # Moray
    "S12000034": ("ABD", 2, 4),  # Aberdeenshire
    "S12000033": ("ABE", 2, 5),  # Aberdeen City
    "S12000035": ("AGB", 3, 1),  # Argyll and Bute
    "S12000048": ("PKN", 3, 3),  # Perth and Kinross
    "S12000041": ("ANS", 3, 4),  # Angus
    "S12000042": ("DND", 3, 5),  # Dundee City
    "S12000039": ("WDU", 4, 1),  # West Dunbartonshire
    "S12000045": ("EDU", 4, 2),  # East Dunbartonshire
    "S12000030": ("STG", 4, 3),  # Stirling
    "S12000005": ("CLK", 4, 4),  # Clackmannanshire
    "S12000047": ("FIF", 4, 5),  # Fife
    "S12000018": ("IVC", 5, 0),  # Inverclyde
    "S12000038": ("RFW", 5, 1),  # Renfrewshire
    "S12000049": ("GLG", 5, 2),  # Glasgow City
    "S12000050": ("NLK", 5, 3),  # North Lanarkshire
    "S12000014": ("FAL", 5, 4),  # Falkirk
    "S12000021": ("NAY", 6, 0),  # North Ayrshire
    "S12000011": ("ERW", 6, 1),  # East Renfrewshire
    "S12000029": ("SLK", 6, 2),  # South Lanarkshire
    "S12000040": ("WLN", 6, 3),  # West Lothian
    "S12000036": ("EDH", 6, 4),  # City of Edinburgh
    "S12000010": ("ELN", 6, 5),  # East Lothian
    "S12000028": ("SAY", 7, 0),  # South Ayrshire
    "S12000008": ("EAY", 7, 1),  # East Ayrshire
    "S12000019": ("MLN", 7, 4),  # Midlothian
    "S12000006": ("DGY", 8, 2),  # Dumfries and Galloway
    "S12000026": ("SCB", 8, 3),  # Scottish Borders
}

# One colour per arrangement, in ARRANGEMENTS order, from the AF categorical palette.
COLOURS: dict[str, str] = dict(
    zip(ARRANGEMENTS, charts.palette("categorical", len(ARRANGEMENTS)), strict=True)
)
# Short legend labels.
SHORT: dict[str, str] = {
    "ijb-all": "Health and social work delegated",
    "ijb-health": "Health only delegated",
    "not-delegated": "Not delegated",
    "lead-agency": "Lead agency",
}


def _luminance(hex_colour: str) -> float:
    """Relative luminance (WCAG 2) of a ``#rrggbb`` colour."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def text_colour(fill: str) -> str:
    """Black or white, whichever contrasts more with ``fill`` (WCAG contrast ratio)."""
    lum = _luminance(fill)
    on_white = (1.05) / (lum + 0.05)
    on_black = (lum + 0.05) / 0.05
    return "#FFFFFF" if on_white >= on_black else "#000000"


def _join(items: list[str]) -> str:
    """``a, b and c``."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _sentence(text: str) -> str:
    """Capitalise the first letter only (``str.capitalize`` would lower the rest)."""
    return text[:1].upper() + text[1:]


def region_phrase(codes: list[str]) -> str:
    """Which reporting regions most of a group of councils lie in ("most often in the West region")."""
    if not codes:
        return "found in no council"
    counts = Counter(councils.REGIONS[c] for c in codes)
    most = max(counts.values())
    top = sorted(region for region, n in counts.items() if n == most)
    return f"most often in the {_join(top)} region{'s' if len(top) > 1 else ''}"


def tile_map(results: Results):
    """Tile-grid map of the 32 councils coloured by current arrangement.

    Returns
    -------
    (matplotlib.figure.Figure, str)
        The figure and its alt text.
    """
    classes = results.classification.set_index("council_code")["arrangement"]
    fig, ax = charts.figure(7.0, 4.6)
    for code, (abbr, row, col) in TILES.items():
        fill = COLOURS[classes[code]]
        ax.add_patch(Rectangle((col, -row), 0.92, 0.92, facecolor=fill, edgecolor="white"))
        ax.text(
            col + 0.46,
            -row + 0.46,
            abbr,
            ha="center",
            va="center",
            fontsize=9,
            fontweight="bold",
            color=text_colour(fill),
        )
    # The grid fills the left of the figure; the legend sits in the empty
    # space to the right of the central belt, which keeps the figure short.
    ax.set_xlim(-0.1, 11.2)
    ax.set_ylim(-8.1, 1.0)
    ax.set_aspect("equal")
    ax.axis("off")
    handles = [
        Patch(facecolor=COLOURS[a], label=f"{SHORT[a]} ({results.group_size(a)})")
        for a in ARRANGEMENTS
    ]
    ax.legend(
        handles=handles,
        loc="center left",
        bbox_to_anchor=(0.62, 0.45),
        frameon=False,
        fontsize=9,
        title="Arrangement (councils)",
        title_fontsize=9,
        alignment="left",
    )
    ax.set_title("Integration arrangements of the 32 council areas", loc="left")
    parts = []
    for a in ARRANGEMENTS:
        codes = list(classes[classes == a].index)
        if not codes:
            continue
        names = sorted(councils.NAMES[c] for c in codes)
        if len(codes) == 1:
            parts.append(f"{SHORT[a].lower()}: {names[0]} only")
        else:
            parts.append(f"{SHORT[a].lower()}: {len(codes)} councils, {region_phrase(codes)}")
    alt = (
        "Tile map of Scotland's 32 council areas, one square each, placed roughly by "
        "geography and labelled with short codes, coloured by how children's services are "
        "integrated. " + _sentence("; ".join(parts)) + "."
    )
    return fig, alt


def _trend_panel(ax, results: Results, outcome: str) -> None:
    """Lines of the average council by arrangement, with interval bands."""
    table = results.trends[outcome]
    for a in ARRANGEMENTS:
        rows = table[table["arrangement"] == a]
        if rows.empty:
            continue
        n = int(rows["n"].max())
        style = "--" if n < 2 else "-"
        ax.plot(
            rows["year"],
            rows["mean"],
            style,
            color=COLOURS[a],
            linewidth=2,
            marker="o",
            markersize=3,
            label=f"{SHORT[a]} ({n})",
        )
        band = rows.dropna(subset=["lower", "upper"])
        if not band.empty:
            ax.fill_between(
                band["year"],
                band["lower"],
                band["upper"],
                color=COLOURS[a],
                alpha=0.12,
                linewidth=0,
            )
    o = OUTCOMES[outcome]
    ax.set_title(o.name, loc="left", fontsize=10)
    ax.set_ylabel(o.short_unit)
    ax.set_ylim(bottom=0)
    ax.xaxis.get_major_locator().set_params(integer=True)


def _describe_trend(results: Results, outcome: str) -> str:
    """One sentence per indicator: each group's first and last value."""
    table = results.trends[outcome]
    o = OUTCOMES[outcome]
    parts = []
    for a in ARRANGEMENTS:
        rows = table[table["arrangement"] == a]
        if rows.empty:
            continue
        parts.append(
            f"{SHORT[a].lower()} from {fmt(rows['mean'].iloc[0])} in {int(rows['year'].iloc[0])} "
            f"to {fmt(rows['mean'].iloc[-1])} in {int(rows['year'].iloc[-1])}"
        )
    return f"{o.name} ({o.unit}): " + "; ".join(parts) + "."


def trend_chart(results: Results, kind: str | None = None):
    """Trend panels of the average council by arrangement, with interval bands.

    Parameters
    ----------
    results : Results
    kind : {"outcome", "workforce"}, optional
        Only the indicators of this kind (two panels side by side); by
        default all four, in a two-by-two grid (children's outcomes on the
        top row, workforce below).

    Returns
    -------
    (matplotlib.figure.Figure, str)
    """
    outcomes = [o.column for o in OUTCOMES.values() if kind is None or o.kind == kind]
    rows = 1 if len(outcomes) <= 2 else 2
    fig, axes = charts.figure(7.0, 2.6 * rows, nrows=rows, ncols=2)
    axes = np.atleast_1d(axes).ravel()
    for ax, outcome in zip(axes, outcomes, strict=False):
        _trend_panel(ax, results, outcome)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.tight_layout(rect=(0, 0.07 if rows == 2 else 0.12, 1, 1))
    fig.legend(handles, labels, loc="lower center", ncol=2, frameon=False, fontsize=9)
    level = f"{results.level * 100:g}%"
    panels = "Two" if len(outcomes) == 2 else "Four"
    alt = (
        f"{panels} line charts of the average council by current arrangement over time, with "
        f"shaded {level} confidence bands (none for the lead-agency model, a single council). "
        + " ".join(_describe_trend(results, o) for o in outcomes)
    )
    return fig, alt


def deprivation_chart(results: Results, outcome: str = "looked_after_rate"):
    """Latest-year rate against deprivation, one point per council, coloured by arrangement.

    Returns
    -------
    (matplotlib.figure.Figure, str)
    """
    panel = results.panel
    year = int(panel.dropna(subset=[outcome])["year"].max())
    latest = panel[(panel["year"] == year)].dropna(subset=[outcome, "simd_most_deprived_share"])
    x = latest["simd_most_deprived_share"].to_numpy(float)
    y = latest[outcome].to_numpy(float)
    fig, ax = charts.figure(7.0, 3.2)
    for a in ARRANGEMENTS:
        mask = (latest["arrangement_current"] == a).to_numpy()
        if mask.any():
            ax.scatter(
                x[mask],
                y[mask],
                s=36,
                color=COLOURS[a],
                label=SHORT[a],
                zorder=3,
                edgecolor="white",
                linewidth=0.5,
            )
    slope, intercept = np.polyfit(x, y, 1)
    xs = np.linspace(0, x.max(), 50)
    ax.plot(
        xs,
        intercept + slope * xs,
        color="#3D3D3D",
        linewidth=1,
        linestyle=":",
        label="Straight-line fit",
    )
    r = float(np.corrcoef(x, y)[0, 1])
    o = OUTCOMES[outcome]
    ax.set_xlabel("Population in the most deprived SIMD quintile (%)")
    ax.set_ylabel(o.short_unit)
    ax.set_title(f"{o.name}, {year}, by deprivation", loc="left")
    ax.set_ylim(bottom=0)
    ax.legend(frameon=False, fontsize=9, loc="upper left")
    top = latest.loc[latest[outcome].idxmax()]
    low = latest.loc[latest[outcome].idxmin()]
    trend = "rise" if slope > 0 else "fall"
    alt = (
        f"Scatter chart of {len(latest)} councils: {o.name.lower()} ({o.unit}) in {year} "
        f"against the percentage of the population in the most deprived SIMD quintile, "
        f"which runs from {fmt(x.min())} to {fmt(x.max())}%. Rates {trend} with deprivation "
        f"(correlation {fmt(r, 2)}), from {fmt(low[outcome])} in {low['council_name']} to "
        f"{fmt(top[outcome])} in {top['council_name']}. A dotted straight line shows the fit."
    )
    return fig, alt


def region_counts(results: Results) -> pd.DataFrame:
    """Councils per reporting region and arrangement (for the map's text)."""
    frame = results.classification
    table = pd.crosstab(frame["region"], frame["arrangement"]).reindex(
        columns=list(ARRANGEMENTS), fill_value=0
    )
    return table
