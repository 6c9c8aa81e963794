"""Figures: drawn from the data, with alt text stating the numbers."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

from csrr.paths import DEMO_DATA_DIR
from csrr.strand1 import analysis, data, figures


@pytest.fixture(scope="module")
def demo(params, settings):
    review = data.load(DEMO_DATA_DIR, params)
    return review, analysis.study_table(review, settings)


@pytest.mark.parametrize("detail", [True, False])
def test_prisma_alt_text_states_every_count(demo, detail):
    review, _ = demo
    c = review.counts
    fig, alt = figures.prisma_diagram(c, detail=detail)
    plt.close(fig)
    for value in (
        c.identified, c.duplicates, c.screened, c.excluded_screening, c.sought,
        c.not_retrieved, c.assessed, c.excluded_full_text, c.included,
        *c.by_database.values(), *c.excluded_reasons.values(),
    ):  # fmt: skip
        assert f"{value:,}" in alt
    for db in c.by_database:
        assert db in alt


def test_prisma_boxes_show_the_counts(demo):
    review, _ = demo
    lines = figures.prisma_lines(review.counts)
    assert lines["included"] == [f"Studies included in review (n = {review.counts.included})"]
    assert len(lines["identified"]) == 1 + len(review.counts.by_database)
    compact = figures.prisma_lines(review.counts, detail=False)
    assert len(compact["excluded_reasons"]) == 1


def test_evidence_map_alt_text_gives_each_cell(demo, settings):
    _, table = demo
    emap = analysis.evidence_map(table, settings)
    fig, alt = figures.evidence_map_chart(emap, settings)
    plt.close(fig)
    for model in settings.models:
        assert f"{model.short}: services" in alt
    total = int(emap["studies"].sum())
    written = sum(
        int(n)
        for n in __import__("re").findall(r"(?:services|experiences|outcomes) (\d+) \(", alt)
    )
    assert written == total


def test_country_chart_alt_text(demo):
    review, _ = demo
    fig, alt = figures.country_year_chart(review.studies, 2010, 2026)
    plt.close(fig)
    for country, n in review.studies["country"].value_counts().items():
        assert f"{country} {n}" in alt


@pytest.mark.parametrize(("fill", "text"), [("#12436D", "white"), ("#F46A25", "black")])
def test_labels_contrast_with_their_bar(fill, text):
    assert figures._text_colour(fill) == text
