"""Strand 3 charts: the tile grid, colours that meet contrast, alt text from the data."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

from csrr import charts, councils
from csrr.strand3 import figures
from csrr.strand3.data import ARRANGEMENTS


def contrast(a: str, b: str) -> float:
    la, lb = sorted((figures._luminance(a), figures._luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_tile_grid_places_every_council_once():
    assert set(figures.TILES) == set(councils.CODES)
    positions = [(row, col) for _, row, col in figures.TILES.values()]
    assert len(set(positions)) == 32
    labels = [abbr for abbr, _, _ in figures.TILES.values()]
    assert len(set(labels)) == 32 and all(len(a) == 3 and a.isupper() for a in labels)


def test_colours_come_from_the_categorical_palette_and_labels_are_legible():
    assert list(figures.COLOURS.values()) == charts.palette("categorical", len(ARRANGEMENTS))
    for fill in figures.COLOURS.values():
        # Text on a tile meets the WCAG AA contrast for normal text.
        assert contrast(fill, figures.text_colour(fill)) >= 4.5


def test_tile_map_draws_32_labelled_tiles_with_a_legend(results):
    fig, alt = figures.tile_map(results)
    ax = fig.axes[0]
    assert len(ax.patches) == 32
    assert sorted(t.get_text() for t in ax.texts) == sorted(
        a for a, _, _ in figures.TILES.values()
    )
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    counts = results.typology.set_index("arrangement")["councils"]
    assert legend == [f"{figures.SHORT[a]} ({counts[a]})" for a in ARRANGEMENTS]
    plt.close(fig)
    # The alt text states the pattern: counts per arrangement and where they are.
    assert f"{counts['ijb-all']} councils, most often in the" in alt
    assert "lead agency: Highland only" in alt


@pytest.mark.parametrize("kind", [None, "outcome", "workforce"])
def test_trend_chart_alt_text_gives_first_and_last_values(results, kind):
    fig, alt = figures.trend_chart(results, kind)
    plt.close(fig)
    table = results.trends["looked_after_rate" if kind != "workforce" else "vacancy_rate"]
    first = table[table["arrangement"] == "ijb-all"].iloc[0]
    assert f"from {figures.fmt(first['mean'])} in {int(first['year'])}" in alt
    assert "95% confidence bands" in alt


def test_deprivation_chart_describes_its_data(results):
    fig, alt = figures.deprivation_chart(results)
    plt.close(fig)
    assert "Scatter chart of 30 councils" in alt  # two have no 2023 rate in the demo
    assert "Rates rise with deprivation (correlation 0." in alt


def test_charts_render_to_the_same_bytes_twice(results):
    fig, _ = figures.tile_map(results)
    first = charts.png_bytes(fig)
    plt.close(fig)
    fig, _ = figures.tile_map(results)
    assert charts.png_bytes(fig) == first
    plt.close(fig)
