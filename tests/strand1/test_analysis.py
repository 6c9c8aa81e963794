"""Directions of effect, the evidence-strength rule, the evidence map and findings."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from csrr.findings import check_findings, save
from csrr.paths import DEMO_DATA_DIR
from csrr.strand1 import analysis, data
from csrr.strand1.analysis import rate, study_direction
from csrr.strand1.config import EvidenceRule, Level


@pytest.mark.parametrize(
    ("measures", "expected"),
    [
        (["positive"], "positive"),
        (["positive", "no effect"], "positive"),
        (["positive", "no effect", "no effect"], "mixed"),
        (["positive", "negative"], "mixed"),
        (["negative", "no effect"], "negative"),
        (["no effect", "no effect"], "no effect"),
        (["mixed"], "mixed"),
    ],
)
def test_study_direction_at_half(measures, expected):
    assert study_direction(measures, 0.5) == expected


def test_study_direction_share_is_a_parameter():
    assert study_direction(["positive", "no effect", "no effect"], 1 / 3) == "positive"
    assert study_direction(["positive", "no effect"], 0.75) == "mixed"


def test_a_study_needs_a_measure():
    with pytest.raises(ValueError):
        study_direction([], 0.5)


RULE = EvidenceRule(
    study_direction_share=0.5,
    levels=(
        Level("strong", min_studies=3, min_positive_high=2, min_positive_share=0.75,
              max_negative_share=0.1),
        Level("moderate", min_positive_moderate_or_high=2, min_positive_share=0.6,
              max_negative=0),
        Level("emerging", min_positive_moderate_or_high=1, min_positive_share=0.5),
    ),
    otherwise="limited",
)  # fmt: skip


def body(*studies: tuple[str, str]) -> pd.DataFrame:
    """A body of evidence: (quality, direction) per study."""
    return pd.DataFrame(studies, columns=["quality_rating", "direction"])


def test_strong_needs_two_positive_high_quality_studies():
    evidence = body(
        ("high", "positive"), ("high", "positive"), ("low", "positive"), ("low", "mixed")
    )
    r = rate(evidence, RULE)
    assert (r.strength, r.studies, r.positive, r.positive_high) == ("strong", 4, 3, 2)
    assert r.positive_share == 0.75


def test_one_positive_high_quality_study_is_not_strong():
    evidence = body(("high", "positive"), ("moderate", "positive"), ("low", "positive"))
    assert rate(evidence, RULE).strength == "moderate"


def test_a_negative_study_blocks_moderate_here():
    evidence = body(("high", "positive"), ("moderate", "positive"), ("low", "negative"))
    assert rate(evidence, RULE).strength == "emerging"


def test_inconsistent_evidence_is_limited():
    evidence = body(("high", "positive"), ("moderate", "mixed"), ("low", "no effect"))
    r = rate(evidence, RULE)
    assert (r.strength, r.positive_share) == ("limited", pytest.approx(1 / 3))


def test_rows_without_a_direction_are_left_out():
    evidence = pd.DataFrame({"quality_rating": ["high", "high"], "outcomes": ["positive", None]})
    assert rate(evidence, RULE, "outcomes").studies == 1


def test_no_studies_is_the_otherwise_rating():
    assert rate(body(), RULE).strength == "limited"


@pytest.fixture(scope="module")
def demo(params, settings):
    review = data.load(DEMO_DATA_DIR, params)
    table = analysis.study_table(review, settings)
    return review, table, analysis.strength_table(table, settings)


def test_study_table_has_one_direction_per_study_and_domain(demo):
    review, table, _ = demo
    assert len(table) == len(review.studies)
    assert table["direction"].notna().all()
    measured = review.outcomes.groupby("study_id")["domain"].apply(set)
    for row in table.itertuples():
        assert {d for d in data.DOMAINS if pd.notna(getattr(row, d))} == measured[row.study_id]


def test_evidence_map_counts_each_study_once_per_domain(demo, settings):
    review, table, _ = demo
    emap = analysis.evidence_map(table, settings)
    assert len(emap) == len(settings.models) * len(data.DOMAINS) * len(data.DIRECTIONS)
    per_domain = emap.groupby("domain")["studies"].sum()
    expected = review.outcomes.drop_duplicates(["study_id", "domain"]).groupby("domain").size()
    assert per_domain.to_dict() == expected.to_dict()


def test_strength_table_agrees_with_the_rule(demo, settings):
    _, table, strengths = demo
    assert list(strengths.index) == list(settings.model_ids)
    for model in settings.model_ids:
        mine = table[table["integration_model"] == model]
        assert strengths.loc[model, "strength"] == rate(mine, settings.rule).strength
        assert strengths.loc[model, "studies"] == len(mine)


def test_adult_services_are_recognised():
    table = pd.DataFrame(
        {
            "services_integrated": [
                "children's social care; adult mental health",
                "early years; maternity",
            ]
        }
    )
    assert analysis.adult_services(table).tolist() == [True, False]


def test_findings_are_traceable_and_valid(demo, settings, tmp_path):
    _, table, strengths = demo
    found = analysis.findings(table, strengths, settings)
    assert [f.id for f in found] == ["S1-F01", "S1-F02", "S1-F03", "S1-F04", "S1-F05"]
    path = save(found, strand="strand1", title="t", data_status="synthetic", output_dir=tmp_path)
    check_findings(json.loads(path.read_text()), "findings.json")
    best = found[1]
    assert best.strength == "strong"
    assert "key worker and care coordination" in best.statement
    assert set(best.elements) == {"relationships", "workforce"}


def test_write_products(demo, settings, tmp_path):
    _, table, strengths = demo
    paths = analysis.write_products(table, strengths, settings, tmp_path)
    frame = pd.read_csv(paths[0])
    assert list(frame["model"]) == list(settings.model_ids)
    assert len(pd.read_csv(paths[1])) == len(table)
