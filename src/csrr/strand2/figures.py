"""Strand 2 charts, each returned with a text alternative computed from the data.

Every function returns ``(figure, alt)``; the notebook shows them with
``csrr.charts.show(fig, alt=alt)``. Colour never carries meaning alone:
levels are written in the matrix cells, event kinds have their own marker
shapes, and theme kinds are named in the row labels. Colours come from the
Analysis Function palettes (:mod:`csrr.charts`), and text on a coloured cell
is white or black, whichever contrasts more.
"""

from __future__ import annotations

import numpy as np
from matplotlib.colors import ListedColormap, to_rgb
from matplotlib.lines import Line2D

from csrr import charts
from csrr.strand2.analysis import (
    LEVEL_ADVERBS,
    ROLES,
    governance_frame,
    join_words,
    level_counts,
    lower_first,
    theme_presence,
    timeline_frame,
)
from csrr.strand2.data import EVENT_KINDS, LEVELS, SERVICES, CaseStudies

# Service names broken over two lines to fit under a matrix column.
SHORT_SERVICES = {
    "childrens-social-care": "Children's\nsocial care",
    "child-health": "Children's\nhealth",
    "education": "Education",
    "adult-social-care": "Adult\nsocial care",
}
# One marker shape per kind of reform event, so kinds differ without colour.
EVENT_MARKERS = {
    "legislation": "s",
    "structural": "D",
    "policy": "o",
    "funding": "P",
    "evaluation": "^",
}


def _luminance(colour: str) -> float:
    """Relative luminance (WCAG) of a colour."""
    channels = [
        c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(colour)
    ]
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


def text_colour(background: str) -> str:
    """White or black, whichever has the higher contrast on ``background`` (WCAG)."""
    lum = _luminance(background)
    on_white = 1.05 / (lum + 0.05)
    on_black = (lum + 0.05) / 0.05
    return "white" if on_white >= on_black else "black"


def level_colours() -> dict[str, str]:
    """One sequential colour per level: darkest for national, lightest for local."""
    return dict(zip(LEVELS, charts.palette("sequential", len(LEVELS)), strict=True))


def matrix_figure(data: CaseStudies):
    """Heat-map style comparison matrix: the level that governs and that delivers each service.

    Parameters
    ----------
    data : CaseStudies
        The validated cases (country cases are shown).

    Returns
    -------
    (matplotlib.figure.Figure, str)
        The chart (two panels, "Governs" and "Delivers", countries by
        services, each cell naming its level) and its text alternative.
    """
    frame = governance_frame(data)
    countries = [c.name for c in data.countries]
    services = list(SERVICES)
    rank = {level: i for i, level in enumerate(LEVELS)}
    colours = level_colours()
    fig, axes = charts.figure(width=7.0, height=0.45 * len(countries) + 1.2, ncols=2, sharey=True)
    cmap = ListedColormap([colours[level] for level in LEVELS])
    for ax, role in zip(axes, ROLES, strict=True):
        chosen = frame[frame["role"] == role]
        grid = np.array(
            [
                [
                    rank[
                        chosen.loc[
                            (chosen["name"] == name) & (chosen["service"] == service), "level"
                        ].iloc[0]
                    ]
                    for service in services
                ]
                for name in countries
            ]
        )
        ax.imshow(grid, cmap=cmap, vmin=0, vmax=len(LEVELS) - 1, aspect="auto")
        for (row, col), value in np.ndenumerate(grid):
            level = list(LEVELS)[value]
            ax.text(
                col,
                row,
                LEVELS[level],
                ha="center",
                va="center",
                fontsize=8.5,
                color=text_colour(colours[level]),
            )
        ax.set_xticks(range(len(services)), [SHORT_SERVICES[s] for s in services], fontsize=8.5)
        ax.xaxis.tick_top()
        ax.set_yticks(range(len(countries)), countries, fontsize=9.5)
        # White gaps between cells instead of the style's grid lines.
        ax.set_xticks(np.arange(-0.5, len(services)), minor=True)
        ax.set_yticks(np.arange(-0.5, len(countries)), minor=True)
        ax.grid(False)
        ax.grid(which="minor", color="white", linewidth=2)
        ax.tick_params(which="both", length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.set_title(f"{ROLES[role]}", loc="left", pad=34, fontsize=11)
    fig.tight_layout(w_pad=1.0)

    parts = []
    for service in services:
        said = []
        for role, verb in (("governs", "governed"), ("delivers", "delivered")):
            counts = level_counts(data, service, role)
            said.append(
                f"{verb} "
                + join_words([f"{LEVEL_ADVERBS[lv]} in {n}" for lv, n in counts.items() if n])
            )
        parts.append(f"{SERVICES[service]}: {'; '.join(said)}.")
    alt = (
        f"Two grids comparing {len(countries)} countries ({join_words(countries)}) across "
        f"{len(services)} services. The left grid shows the level that governs each service and "
        "the right grid the level that delivers it; each cell names the level (national, "
        "regional or local), shaded from dark for national to light for local. " + " ".join(parts)
    )
    return fig, alt


def timeline_figure(data: CaseStudies):
    """Reform timelines of every case on one chart.

    Returns
    -------
    (matplotlib.figure.Figure, str)
        One row per case (countries, then the reform case), a marker per
        event shaped and coloured by its kind; and the text alternative.
    """
    frame = timeline_frame(data)
    names = [c.name for c in data.cases]
    kinds = [k for k in EVENT_KINDS if k in set(frame["event_kind"])]
    colours = dict(zip(EVENT_KINDS, charts.palette("categorical"), strict=False))
    fig, ax = charts.figure(width=7.0, height=0.42 * len(names) + 1.5)
    for i, case in enumerate(data.cases):
        y = len(names) - 1 - i
        years = [e.year for e in case.timeline]
        ax.hlines(y, min(years), max(years), color="#BFBFBF", linewidth=2, zorder=1)
        for event in case.timeline:
            ax.scatter(
                event.year,
                y,
                marker=EVENT_MARKERS[event.kind],
                s=70,
                color=colours[event.kind],
                edgecolors="white",
                linewidths=0.8,
                zorder=3,
            )
    ax.set_yticks(range(len(names)), list(reversed([_wrap(n) for n in names])), fontsize=9.5)
    first, last = int(frame["year"].min()), int(frame["year"].max())
    ax.set_xlim(first - 1.5, last + 1.5)
    ax.set_ylim(-0.6, len(names) - 0.4)
    ax.grid(False)
    ax.grid(axis="x", color="#D9D9D9", linewidth=0.6)
    ax.set_xlabel("Year")
    handles = [
        Line2D(
            [],
            [],
            linestyle="none",
            marker=EVENT_MARKERS[k],
            markersize=8,
            color=colours[k],
            label=EVENT_KINDS[k],
        )
        for k in kinds
    ]
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.22),
        ncol=min(len(handles), 3),
        frameon=False,
        fontsize=9,
    )
    ax.set_title("Reform events by case and year", loc="left")
    fig.tight_layout()

    per_case = []
    for case in data.cases:
        years = [e.year for e in case.timeline]
        count = len(years)
        span = f"{min(years)} to {max(years)}" if min(years) != max(years) else f"{years[0]}"
        structural = [e.year for e in case.timeline if e.kind == "structural"]
        if not structural:
            extra = ", no structural change"
        elif len(structural) == 1:
            extra = f", a structural change in {structural[0]}"
        else:
            extra = f", structural changes in {join_words([str(y) for y in structural])}"
        per_case.append(f"{case.name}: {count} event{'s' if count != 1 else ''}, {span}{extra}")
    alt = (
        f"Timeline chart of {len(frame)} reform events in {len(names)} cases between {first} "
        f"and {last}, one row per case, with markers shaped by kind of event "
        f"({join_words([lower_first(EVENT_KINDS[k]) for k in kinds])}). "
        + "; ".join(per_case)
        + "."
    )
    return fig, alt


def _wrap(name: str) -> str:
    """Break a long case name after its colon so it fits beside the chart."""
    return name.replace(": ", ":\n") if len(name) > 18 else name


def themes_figure(data: CaseStudies, threshold: int):
    """Dot matrix of themes by case, with the common approaches marked.

    Parameters
    ----------
    data : CaseStudies
        The validated cases.
    threshold : int
        ``common_approach_min_countries``: themes coded in at least this many
        country cases are shaded and their labels set in bold.

    Returns
    -------
    (matplotlib.figure.Figure, str)
        The chart and its text alternative.
    """
    presence = theme_presence(data)
    cases = list(data.cases)
    n_countries = len(data.countries)
    rows = list(presence.index)
    kind_colour = {"enabler": charts.palette("categorical")[0], "barrier": charts.palette()[2]}
    fig, ax = charts.figure(width=7.0, height=0.215 * len(rows) + 1.15)
    y_of = {code: len(rows) - 1 - i for i, code in enumerate(rows)}
    for code in rows:
        y = y_of[code]
        common = presence.at[code, "countries"] >= threshold
        if common:
            ax.axhspan(y - 0.5, y + 0.5, color="#E8EEF4", zorder=0)
        for x, case in enumerate(cases):
            coded = bool(presence.at[code, case.id])
            ax.scatter(
                x,
                y,
                s=55 if coded else 12,
                marker="o",
                color=kind_colour[presence.at[code, "kind"]] if coded else "#BFBFBF",
                zorder=3,
            )
        ax.text(
            len(cases) - 0.35,
            y,
            f"{presence.at[code, 'countries']} of {n_countries}",
            va="center",
            fontsize=8.5,
            fontweight="bold" if common else "normal",
        )
    labels = [f"{code} {presence.at[code, 'label']}" for code in rows]
    ax.set_yticks([y_of[c] for c in rows], labels, fontsize=8.5)
    for tick, code in zip(ax.get_yticklabels(), rows, strict=True):
        if presence.at[code, "countries"] >= threshold:
            tick.set_fontweight("bold")
    heads = [
        c.name.removeprefix("Country ") if c.kind == "country" else "Scotland\n(reform)"
        for c in cases
    ]
    ax.set_xticks(range(len(cases)), heads, fontsize=9)
    ax.xaxis.tick_top()
    ax.text(len(cases) - 0.35, len(rows) - 0.3, "Countries", fontsize=8.5, va="bottom")
    # A dashed line sets the reform case apart from the country cases.
    ax.axvline(n_countries - 0.5, color="#3D3D3D", linestyle="--", linewidth=0.8)
    # A rule between the enablers and the barriers.
    first_barrier = next((c for c in rows if presence.at[c, "kind"] == "barrier"), None)
    if first_barrier is not None:
        ax.axhline(y_of[first_barrier] + 0.5, color="#3D3D3D", linewidth=0.8)
    ax.set_xlim(-0.6, len(cases) + 0.4)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.grid(False)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    fig.tight_layout()

    enablers = presence[(presence["kind"] == "enabler") & (presence["countries"] >= threshold)]
    barriers = presence[(presence["kind"] == "barrier") & (presence["countries"] >= threshold)]
    reform = data.reform
    shared = [c for c in reform.themes if presence.at[c, "countries"] >= threshold]

    def listed(frame) -> str:
        return join_words(
            [f"{code} {lower_first(row['label'])}" for code, row in frame.iterrows()]
        )

    alt = (
        f"Dot matrix of {len(rows)} themes ({int((presence['kind'] == 'enabler').sum())} "
        f"enablers, then {int((presence['kind'] == 'barrier').sum())} barriers) by case: "
        f"{n_countries} countries and the Scottish reform case. A large dot marks a theme coded "
        f"in a case; the right-hand column counts countries. Themes coded in at least "
        f"{threshold} of the {n_countries} countries are shaded and in bold: enablers "
        f"{listed(enablers) or 'none'}; barriers {listed(barriers) or 'none'}. The Scottish "
        f"case has {len(reform.themes)} themes, {len(shared)} of them common to the countries."
    )
    return fig, alt
