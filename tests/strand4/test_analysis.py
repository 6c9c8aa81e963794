"""Strand 4 analysis: partial responses, recoding, reliability, comparisons, barriers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from csrr import councils, sdc
from csrr.strand4 import analysis, data


def test_cronbach_alpha_by_hand():
    items = pd.DataFrame({"a": [1, 2, 3, 4, 5], "b": [2, 2, 3, 5, 5], "c": [1, 3, 3, 4, 4]})
    k = 3
    item_var = items.var(ddof=1).sum()
    total_var = items.sum(axis=1).var(ddof=1)
    expected = k / (k - 1) * (1 - item_var / total_var)
    alpha, n = analysis.cronbach_alpha(items)
    assert alpha == pytest.approx(expected) and n == 5
    # Identical items are perfectly consistent; missing answers drop the row.
    same = pd.DataFrame({"a": [1, 2, 3, np.nan], "b": [1, 2, 3, 4]})
    assert analysis.cronbach_alpha(same) == (pytest.approx(1.0), 3)
    assert np.isnan(analysis.cronbach_alpha(items[["a"]])[0])


def test_mean_ci_matches_scipy():
    values = pd.Series([2.0, 3.5, 4.0, 3.0, 2.5, np.nan])
    mean, low, high, n = analysis.mean_ci(values, 0.95)
    ref = stats.t.interval(0.95, 4, loc=values.mean(), scale=stats.sem(values.dropna()))
    assert n == 5 and mean == pytest.approx(3.0)
    assert (low, high) == pytest.approx(ref)


def test_partial_rule_and_recoding(survey, classification, params):
    raw = survey.responses
    items = [i.id for i in survey.questionnaire.items]
    answered = raw[items].notna().sum(axis=1) / len(items)
    prep = analysis.prepare(survey, classification, params)
    kept = set(prep.frame[data.ID])
    for row in raw.itertuples():
        share = answered[row.Index]
        expected = bool(row.completed) or share >= params["partial_min_share"]
        assert (row.respondent_id in kept) == expected
    assert prep.excluded == len(raw) - prep.n > 0
    # Prefer not to say is missing; negatively worded items are reversed.
    assert prep.frame["qual_1"].max() == 5 and not (prep.frame["qual_1"] == 9).any()
    reverse = next(i for i in survey.questionnaire.items if i.reverse)
    both = prep.frame[[reverse.id, f"{reverse.id}_scored"]].dropna()
    assert (both[reverse.id] + both[f"{reverse.id}_scored"] == 6).all()


def test_stricter_partial_rule_keeps_fewer(survey, classification, params):
    loose = analysis.prepare(survey, classification, {**params, "partial_min_share": 0.0})
    strict = analysis.prepare(survey, classification, {**params, "partial_min_share": 1.0})
    assert loose.n == len(survey.responses)
    assert strict.n == int(survey.responses[data.COMPLETED].sum())


def test_scale_scores_need_enough_answers(prep, params):
    q = prep.questionnaire
    cols = [f"{i.id}_scored" for i in q.items_of("change")]
    answered = prep.frame[cols].notna().sum(axis=1)
    enough = answered >= params["scale_min_share"] * len(cols)
    assert prep.frame["change"].notna().equals(enough)
    row = prep.frame[enough].iloc[0]
    assert row["change"] == pytest.approx(row[cols].astype(float).mean())


def test_reliability_flags_the_barriers_scale(prep, params):
    rel = analysis.reliability(prep, params).set_index("scale")
    assert list(rel.index) == list(data.SCALE_IDS)
    assert rel.at["barriers", "flagged"] and rel.at["barriers", "alpha"] < 0.7
    assert not rel.loc[["quality", "multiagency", "change"], "flagged"].any()
    assert (rel["low"] < rel["mean"]).all() and (rel["mean"] < rel["high"]).all()


def test_likert_table_collapses_when_a_category_is_small(prep):
    lik = analysis.likert_table(prep, "barriers", 10)
    assert lik.collapsed and len(lik.categories) == 3 and not lik.omitted
    assert not lik.table.suppressed.to_numpy().any()
    assert lik.percentages().sum(axis=1).round(6).eq(100).all()
    full = analysis.likert_table(prep, "quality", 10)
    assert not full.collapsed and len(full.categories) == 5


def test_likert_table_leaves_out_an_item_that_stays_small(prep):
    # With a threshold no 'neither' count reaches, every item goes.
    lik = analysis.likert_table(prep, "barriers", 400)
    assert lik.collapsed and lik.items == [] and len(lik.omitted) == 8


def test_barrier_agreement_ranks_and_protects(prep):
    frame, table = analysis.barrier_agreement(prep, 10)
    assert frame["pct_all"].is_monotonic_decreasing
    assert frame.index[0] == "Workload and staff shortages"
    third = prep.frame[prep.frame[data.SECTOR] == "third"]
    expected = (third["barrier_2"] >= 4).sum() / third["barrier_2"].notna().sum() * 100
    assert frame.at["Short-term funding", "pct_third"] == pytest.approx(expected)
    # A high threshold hides third-sector counts, and their shares with them.
    frame, table = analysis.barrier_agreement(prep, 100)
    hidden = table.suppressed["Third sector"].drop(sdc.TOTAL, errors="ignore")
    assert hidden.any()
    assert frame.loc[hidden[hidden].index, "pct_third"].isna().all()


def test_adjusted_differences_recover_a_planted_effect(prep, params):
    shifted = prep.frame.copy()
    # Make every score 0.5 higher in ijb-all councils.
    planted = shifted[analysis.ARRANGEMENT] == "ijb-all"
    shifted.loc[planted, "quality"] += 0.5
    fake = analysis.Prepared(
        prep.questionnaire, shifted, prep.arrangements, prep.received, prep.incomplete, 0
    )
    out = analysis.adjusted_differences(fake, params, ["ijb-all", "ijb-health", "not-delegated"])
    row = out[(out["scale"] == "quality") & (out["arrangement"] == "ijb-all")].iloc[0]
    base = analysis.adjusted_differences(prep, params, ["ijb-all", "not-delegated"])
    before = base[(base["scale"] == "quality") & (base["arrangement"] == "ijb-all")].iloc[0]
    assert row["difference"] - before["difference"] == pytest.approx(0.5, abs=0.02)
    assert row["low"] > 0
    assert row["councils"] == 32


def test_lead_agency_is_described_not_compared(prep, release, params):
    compared = analysis.compared_arrangements(prep, release, params)
    assert "lead-agency" not in compared
    assert set(compared) == {"ijb-all", "ijb-health", "not-delegated"}
    means = release.means["arrangement"]
    assert means[means["group"] == "lead-agency"]["mean"].notna().all()


def test_group_means_hide_small_groups(prep, params):
    region = prep.frame[analysis.REGION]
    frame = prep.frame.assign(unit=np.where(region == "Islands", "islands", "mainland"))
    fake = analysis.Prepared(
        prep.questionnaire, frame, prep.arrangements, prep.received, prep.incomplete, 0
    )
    means = analysis.group_means(
        fake,
        "unit",
        {"islands": "Islands", "mainland": "Mainland"},
        {**params, "disclosure_threshold": 20},
    )
    assert means[means["group"] == "islands"]["mean"].isna().all()  # 17 < 20
    assert means[means["group"] == "mainland"]["mean"].notna().all()


def test_area_units_group_the_islands(prep):
    dim = analysis.area_units(prep, "council", 10)
    islands = [c for c, r in councils.REGIONS.items() if r == "Islands"]
    labels = {dim.codes(pd.Series([c])).iloc[0] for c in islands}
    assert labels == {"Islands"}
    region = analysis.area_units(prep, "region", 10)
    assert region.labels() == list(analysis.REGION_ORDER)
