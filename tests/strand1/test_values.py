"""The values the report's sentences read: formatted strings, from the data and the rule."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from csrr.paths import DEMO_DATA_DIR
from csrr.strand1 import analysis, data, values


@pytest.fixture(scope="module")
def demo(params, settings):
    review = data.load(DEMO_DATA_DIR, params)
    table = analysis.study_table(review, settings)
    strengths = analysis.strength_table(table, settings)
    found = analysis.findings(table, strengths, settings)
    return (
        review,
        table,
        strengths,
        found,
        values.prepare(review, table, strengths, found, settings),
    )


def _leaves(ns, prefix="v"):
    for name, value in vars(ns).items():
        if isinstance(value, SimpleNamespace):
            yield from _leaves(value, f"{prefix}.{name}")
        else:
            yield f"{prefix}.{name}", value


def test_every_value_is_text_or_markdown(demo):
    *_, v = demo
    for name, value in _leaves(v):
        assert isinstance(value, str) or hasattr(value, "_repr_markdown_"), name


def test_counts_come_from_the_prisma_record(demo):
    review, table, *_, v = demo
    c = review.counts
    assert (v.identified, v.screened, v.assessed, v.included) == (
        f"{c.identified:,}", f"{c.screened:,}", f"{c.assessed:,}", f"{c.included:,}",
    )  # fmt: skip
    assert v.n_studies == str(len(table)) == "33"
    assert (v.first_search, v.last_search) == ("2 March 2026", "4 March 2026")


def test_strongest_and_weakest_follow_the_findings(demo):
    *_, found, v = demo
    strength = {f.id: f.strength for f in found}
    assert v.finding.f02 == strength["S1-F02"] == "strong"
    assert v.strongest.names == "key worker and care coordination"
    assert v.weakest.names == (
        "pooled budgets and joint commissioning, and integrated transitions to adult services"
    )
    assert (v.weakest.studies, v.weakest.positive_high, v.weakest.share) == ("six", "none", "33%")


def test_citations_are_markdown_of_the_right_studies(demo):
    _, table, *_, v = demo
    cited = v.strongest_cite.data
    expected = table[
        (table["integration_model"] == "key-worker")
        & (table["quality_rating"] == "high")
        & (table["direction"] == "positive")
    ].sort_values(["year", "citation_key"])["citation_key"]
    assert cited == "[" + "; ".join(f"@{k}" for k in expected) + "]"
    for key in table["citation_key"]:
        model = table.loc[table["citation_key"] == key, "integration_model"].iloc[0]
        assert f"@{key}" in getattr(v.model, model.replace("-", "_")).cite.data


def test_domains_and_adult_services(demo):
    *_, v = demo
    assert (v.top_domain, v.top.share, v.low_domain, v.low.share) == (
        "services", "85%", "outcomes", "48%",
    )  # fmt: skip
    assert v.domain.experiences.studies == "27"
    assert (v.adult_studies, v.adult_share, v.other_share) == ("12", "50%", "76%")
    assert v.adult_compare == "less often than"


def test_models_rated_at_each_level(demo):
    *_, v = demo
    assert v.rated.strong == "key worker"
    assert v.rated.limited == "joint commissioning and transitions"
    assert v.model.key_worker.high == "three" and v.model.family_hubs.high == "none"
    assert v.model.transitions.directions == "1 positive, 1 mixed and 1 negative"
