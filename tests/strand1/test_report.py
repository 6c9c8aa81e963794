"""Tables and prose: the rule in words, column widths, citations."""

from __future__ import annotations

import pandas as pd
import pytest

from csrr.paths import DEMO_DATA_DIR
from csrr.strand1 import analysis, data, report
from csrr.strand1.config import EvidenceRule, Level


def test_rule_is_printed_from_its_parameters():
    rule = EvidenceRule(
        0.5,
        (
            Level("strong", min_studies=3, min_positive_high=2, min_positive_share=0.75,
                  max_negative_share=0.1),
            Level("emerging", min_positive_moderate_or_high=1, max_negative=0),
        ),
        "limited",
    )  # fmt: skip
    assert report.rule_markdown(rule) == (
        "- **Strong**: at least three studies; at least two high-quality studies with a positive "
        "direction of effect; at least 75% of studies with a positive direction; no more than "
        "10% of studies with a negative direction.\n"
        "- **Emerging**: at least one study of moderate or high quality with a positive "
        "direction; no study with a negative direction.\n"
        "- **Limited**: any body of evidence that meets none of the above.\n"
    )
    assert "at least 50% of its measures are positive" in report.direction_rule_text(rule)


@pytest.mark.parametrize(
    ("n", "text"), [(0, "no studies"), (1, "one study"), (7, "seven studies"), (12, "12 studies")]
)
def test_plural(n, text):
    assert report.plural(n, "study", "studies") == text


def test_design_words():
    assert report.design_words("Qualitative study", 3) == "three qualitative studies"
    assert (
        report.design_words("Randomised controlled trial", 1) == "one randomised controlled trial"
    )


@pytest.fixture(scope="module")
def demo(params, settings):
    review = data.load(DEMO_DATA_DIR, params)
    table = analysis.study_table(review, settings)
    return review, table, analysis.strength_table(table, settings)


def test_every_study_is_cited_in_the_model_sections_and_annex(demo, settings):
    _, table, strengths = demo
    sections = report.model_sections(table, strengths, settings)
    annex = pd.concat(report.included_display(table, m) for m in settings.model_ids)
    for key in table["citation_key"]:
        assert f"@{key}" in sections
    assert sorted(annex["Study"]) == sorted(f"@{k}" for k in table["citation_key"])


def test_key_studies_cite_only_the_top_ratings(demo, settings):
    _, table, strengths = demo
    text = report.key_studies(table, strengths, settings, ("strong",), ("high",))
    cited = {k for k in table["citation_key"] if f"@{k}" in text}
    expected = table[
        (table["integration_model"] == "key-worker")
        & (table["quality_rating"] == "high")
        & (table["direction"] == "positive")
    ]["citation_key"]
    assert cited == set(expected)
    assert text.startswith("The strong rating rests on these studies of high quality")


def test_strength_display_rows(demo, settings):
    _, _, strengths = demo
    frame = report.strength_display(strengths, settings, short=True)
    assert list(frame["Model"]) == [m.short for m in settings.models]
    assert len(frame.columns) == len(report.STRENGTH_WIDTHS) == len(report.STRENGTH_ALIGN)


def test_prisma_paragraph_numbers_come_from_the_counts(demo):
    review, _, _ = demo
    c = review.counts
    text = report.prisma_paragraph(c)
    for value in (c.identified, c.duplicates, c.screened, c.assessed, c.included):
        assert f"{value:,}" in text
