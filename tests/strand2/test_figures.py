"""The charts: their content, colours and text alternatives."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest
from matplotlib.collections import PathCollection

from csrr import charts
from csrr.strand2 import figures


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def contrast(a: str, b: str) -> float:
    la, lb = figures._luminance(a), figures._luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def test_cell_text_meets_contrast_on_every_level_colour():
    for colour in figures.level_colours().values():
        assert contrast(figures.text_colour(colour), colour) >= 4.5, colour


def test_matrix_names_every_level_in_its_cells(cases):
    fig, alt = figures.matrix_figure(cases)
    governs, delivers = fig.axes
    assert len(governs.texts) == len(delivers.texts) == 4 * 4
    assert governs.texts[0].get_text() == "Local"  # Country A, children's social care
    assert (
        "Children's social care: governed nationally in 2, regionally in 1 and locally in 1" in alt
    )
    assert "delivered regionally in 2 and locally in 2" in alt
    assert charts.png_bytes(fig).startswith(b"\x89PNG")


def test_timeline_shows_every_event(cases):
    fig, alt = figures.timeline_figure(cases)
    (ax,) = fig.axes
    points = sum(len(c.get_offsets()) for c in ax.collections if isinstance(c, PathCollection))
    assert points == sum(len(c.timeline) for c in cases.cases)
    assert alt.startswith("Timeline chart of 23 reform events in 5 cases between 1993 and 2024")
    assert "Country B: 5 events, 1993 to 2022, no structural change" in alt
    assert "a structural change in 2013" in alt
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == [
        "Legislation",
        "Structural change",
        "Policy or programme",
        "Funding change",
        "Evaluation or review",
    ]


def test_themes_figure_marks_common_themes(cases):
    fig, alt = figures.themes_figure(cases, 3)
    (ax,) = fig.axes
    bold = [t.get_text() for t in ax.get_yticklabels() if t.get_fontweight() == "bold"]
    assert [b.split()[0] for b in bold] == ["E03", "E04", "E06", "B01", "B02", "B04"]
    assert "enablers E03 multi-agency teams and co-location" in alt
    assert "The Scottish case has 7 themes, 1 of them common to the countries." in alt


def test_threshold_changes_what_is_marked(cases):
    fig, alt = figures.themes_figure(cases, 4)
    bold = [t.get_text() for t in fig.axes[0].get_yticklabels() if t.get_fontweight() == "bold"]
    assert [b.split()[0] for b in bold] == ["E03", "B02"]
    assert "at least 4 of the 4 countries" in alt
