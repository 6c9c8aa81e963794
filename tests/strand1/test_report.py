"""Tables: the rule as a table, search terms with their asterisks, column widths, citations."""

from __future__ import annotations

import pandas as pd
import pytest

from csrr.display import table_markdown
from csrr.paths import DEMO_DATA_DIR
from csrr.strand1 import analysis, data, report
from csrr.strand1.config import EvidenceRule, Level


def test_rule_table_is_built_from_its_parameters():
    rule = EvidenceRule(
        0.5,
        (
            Level("strong", min_studies=3, min_positive_high=2, min_positive_share=0.75,
                  max_negative_share=0.1),
            Level("emerging", min_positive_moderate_or_high=1, max_negative=0),
        ),
        "limited",
    )  # fmt: skip
    frame = report.rule_table(rule)
    assert list(frame["Rating"]) == ["Strong", "Emerging", "Limited"]
    assert list(frame.iloc[:, 1]) == [
        (
            "at least three studies; at least two high-quality studies with a positive direction "
            "of effect; at least 75% of studies with a positive direction; no more than 10% of "
            "studies with a negative direction"
        ),
        (
            "at least one study of moderate or high quality with a positive direction; no study "
            "with a negative direction"
        ),
        "none of the levels above is met",
    ]


def test_search_terms_keep_their_asterisks_in_markdown(settings):
    frame = report.concepts_table(settings)
    terms = " ".join(frame["Terms (any of)"])
    assert "adolescen\\*" in terms and "child\\*" in terms
    # No bare asterisk is left for Markdown to read as emphasis.
    assert "*" not in terms.replace("\\*", "")
    assert report.escape_wildcards("a\\b*") == "a\\\\b\\*"


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


def test_every_study_is_cited_in_the_annex(demo, settings):
    _, table, _ = demo
    annex = pd.concat(report.included_display(table, m) for m in settings.model_ids)
    assert sorted(annex["Study"]) == sorted(f"@{k}" for k in table["citation_key"])


def test_strength_display_rows(demo, settings):
    _, _, strengths = demo
    frame = report.strength_display(strengths, settings, short=True)
    assert list(frame["Model"]) == [m.short for m in settings.models]
    assert len(frame.columns) == len(report.STRENGTH_WIDTHS) == len(report.STRENGTH_ALIGN)
    table_markdown(frame, align=report.STRENGTH_ALIGN, widths=report.STRENGTH_WIDTHS)


def test_search_table_totals_the_records(demo):
    review, _, _ = demo
    frame = report.search_table(review)
    assert frame.iloc[-1]["Records found"] == f"{review.counts.identified:,}"
    assert frame.iloc[0]["Date searched"] == "2 March 2026"
