"""Strand 3 analysis: classification contract, intervals, models, strength rule, findings."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from csrr import councils
from csrr.findings import check_findings, framework_ids
from csrr.strand3 import analysis
from csrr.strand3.data import ARRANGEMENTS


class TestClassification:
    def test_contract_columns_and_codes(self, results, tmp_path):
        path = analysis.write_classification(results.classification, tmp_path)
        frame = pd.read_csv(path)
        assert list(frame.columns) == [
            "council_code",
            "council_name",
            "region",
            "arrangement",
            "arrangement_label",
        ]
        assert list(frame["council_code"]) == list(councils.CODES)
        assert list(frame["region"]) == [councils.REGIONS[c] for c in councils.CODES]
        assert set(frame["arrangement"]) <= {
            "ijb-all",
            "ijb-health",
            "not-delegated",
            "lead-agency",
        }
        assert frame.loc[frame["arrangement"] == "lead-agency", "council_name"].tolist() == [
            "Highland"
        ]

    def test_changed_council_has_previous_arrangement_before_change(self, results):
        panel = results.panel.set_index(["council_code", "year"])
        # Moray (demo): ijb-all until 2020, ijb-health from 2021.
        assert panel.loc[("S12000020", 2020), "arrangement"] == "ijb-all"
        assert panel.loc[("S12000020", 2021), "arrangement"] == "ijb-health"
        assert panel.loc[("S12000020", 2014), "arrangement_current"] == "ijb-health"
        assert bool(panel.loc[("S12000020", 2014), "changed"])

    def test_typology_counts_add_up(self, results):
        typ = results.typology
        assert typ["councils"].sum() == 32
        assert typ["children_share"].sum() == pytest.approx(100)
        assert list(typ["arrangement"]) == list(ARRANGEMENTS)


class TestIntervals:
    def test_t_interval_matches_hand_computation(self):
        values = pd.Series([10.0, 12.0, 14.0, np.nan])
        mean, lower, upper, n = analysis.t_interval(values, 0.95)
        half = 4.302652729911275 * 2.0 / np.sqrt(3)  # t(0.975, 2) x sd / sqrt(n)
        assert (mean, n) == (12.0, 3)
        assert lower == pytest.approx(12 - half) and upper == pytest.approx(12 + half)

    def test_single_value_has_no_interval(self):
        mean, lower, upper, n = analysis.t_interval(pd.Series([8.0]), 0.95)
        assert (mean, n) == (8.0, 1) and np.isnan(lower) and np.isnan(upper)

    def test_trend_table_has_every_group_and_year(self, results):
        table = results.trends["looked_after_rate"]
        assert list(dict.fromkeys(table["arrangement"])) == list(ARRANGEMENTS)
        assert table.groupby("arrangement")["year"].nunique().eq(10).all()
        lead = table[table["arrangement"] == "lead-agency"]
        assert lead["lower"].isna().all() and (lead["n"] == 1).all()
        others = table[table["arrangement"] != "lead-agency"]
        assert (others["lower"] < others["mean"]).all() and (
            others["mean"] < others["upper"]
        ).all()


def synthetic_panel(effect: float, seed: int = 3) -> pd.DataFrame:
    """A panel in the shape build_panel returns, with a known arrangement effect."""
    rng = np.random.default_rng(seed)
    rows = []
    for i, code in enumerate(councils.CODES):
        arrangement = ["ijb-all", "not-delegated", "ijb-health"][i % 3]
        deprivation = rng.uniform(0, 45)
        council_effect = rng.normal(0, 0.5)
        for year in range(2014, 2024):
            rows.append(
                {
                    "council_code": code,
                    "year": year,
                    "arrangement": arrangement,
                    "arrangement_current": arrangement,
                    "changed": False,
                    "simd_most_deprived_share": deprivation,
                    "urban_rural": "urban-mixed" if i % 2 else "mainly-rural",
                    "looked_after_rate": 6
                    + 0.3 * deprivation
                    + (effect if arrangement == "ijb-all" else 0)
                    + council_effect
                    - 0.1 * (year - 2014)
                    + rng.normal(0, 0.3),
                }
            )
    return pd.DataFrame(rows)


class TestModel:
    def test_recovers_a_planted_effect(self):
        model = analysis.fit_model(
            synthetic_panel(effect=3.0),
            "looked_after_rate",
            reference="not-delegated",
            level=0.95,
            deprivation_step=10,
        )
        row = model.arrangement("ijb-all")
        assert row["lower"] < 3.0 < row["upper"] and row["lower"] > 0
        dep = model.term("deprivation")
        assert dep["lower"] < 3.0 < dep["upper"]  # 0.3 per point = 3 per 10 points
        assert model.converged and model.n_councils == 32

    def test_no_effect_gives_an_interval_around_zero(self):
        model = analysis.fit_model(
            synthetic_panel(effect=0.0),
            "looked_after_rate",
            reference="not-delegated",
            level=0.95,
            deprivation_step=10,
        )
        row = model.arrangement("ijb-all")
        assert row["lower"] < 0 < row["upper"]

    def test_unchanged_spec_drops_councils_that_changed(self, results):
        main = results.models[("looked_after_rate", "main")]
        unchanged = results.models[("looked_after_rate", "unchanged")]
        assert unchanged.n_councils == main.n_councils - len(results.changed_councils)

    def test_missing_reference_is_a_clear_error(self):
        from csrr.errors import CsrrError

        with pytest.raises(
            CsrrError, match="no council has the reference arrangement 'lead-agency'"
        ):
            analysis.fit_model(
                synthetic_panel(1.0),
                "looked_after_rate",
                reference="lead-agency",
                level=0.95,
                deprivation_step=10,
            )


def row(estimate, lower, upper):
    return pd.Series({"estimate": estimate, "lower": lower, "upper": upper})


@pytest.mark.parametrize(
    ("main", "checks", "expected"),
    [
        (row(1, 0.5, 1.5), [row(1, 0.2, 1.8), row(0.9, 0.1, 1.7)], "moderate"),
        (row(1, 0.5, 1.5), [row(1, -0.2, 1.8), row(0.9, 0.1, 1.7)], "emerging"),
        (row(1, 0.5, 1.5), [row(-1, -1.5, -0.5), row(0.9, 0.1, 1.7)], "emerging"),
        (row(1, -0.5, 1.5), [row(1, 0.2, 1.8), row(0.9, 0.1, 1.7)], "limited"),
        (row(-1, -1.5, -0.5), [row(-1, -1.8, -0.2), row(-0.9, -1.7, -0.1)], "moderate"),
        (None, [], "limited"),
    ],
)
def test_association_strength_rule(main, checks, expected):
    assert analysis.association_strength(main, checks) == expected


@pytest.mark.parametrize(
    ("value", "dp", "text"),
    [
        (1234.56, 1, "1,234.6"),
        (-0.04, 1, "0.0"),
        (-1.25, 2, "\u22121.25"),  # the typographic minus
        (-1234.5, 1, "\u22121,234.5"),
        (float("nan"), 1, "not available"),
    ],
)
def test_fmt(value, dp, text):
    assert analysis.fmt(value, dp) == text


@pytest.mark.parametrize(
    ("first", "last", "word"),
    [(12.1, 10.5, "fell"), (7.0, 9.5, "rose"), (3.04, 2.96, "did not change")],
)
def test_direction(first, last, word):
    assert analysis.direction(first, last) == word


class TestFindings:
    def test_findings_validate_and_cite_the_framework(self, results):
        findings = analysis.build_findings(results)
        ids = [f.id for f in findings]
        assert ids[:4] == ["S3-F01", "S3-F02", "S3-F03", "S3-F04"]
        doc = {
            "schema_version": 1,
            "strand": "strand3",
            "title": "t",
            "data_status": "synthetic",
            "findings": [f.__dict__ for f in findings],
        }
        check_findings(doc, "findings.json")
        allowed = set(framework_ids())
        assert all(set(f.elements) <= allowed for f in findings)
        assert {"structures", "workforce", "poverty", "national-functions"} <= {
            e for f in findings for e in f.elements
        }

    def test_statements_follow_the_numbers(self, results):
        findings = {f.id: f for f in analysis.build_findings(results)}
        f01 = findings["S3-F01"]
        typ = results.typology.set_index("arrangement")
        assert f01.numbers["ijb_all"] == typ.loc["ijb-all", "councils"]
        assert f"{int(typ.loc['ijb-all', 'councils'])} delegate both" in f01.statement
        f03 = findings["S3-F03"]
        main = results.models[("looked_after_rate", "main")].arrangement("ijb-all")
        assert f03.numbers["looked_after_difference"] == main["estimate"]
        # The demo's interval includes zero, so the wording and rating must say so.
        assert main["lower"] < 0 < main["upper"]
        assert "no clear difference" in f03.statement and f03.strength == "limited"

    def test_reference_arrangement_changes_the_comparison(self, results):
        params = {**results.params, "reference_arrangement": "ijb-all"}
        other = analysis.analyse(results.data, params)
        f03 = {f.id: f for f in analysis.build_findings(other)}["S3-F03"]
        assert "Compared with councils that delegate children's health and social work" in (
            f03.statement
        )

    def test_negative_numbers_in_statements_take_the_minus_sign(self, results):
        f03 = {f.id: f for f in analysis.build_findings(results)}["S3-F03"]
        assert "\u2212" in f03.statement
        assert not re.search(r"(?<![\w])-\d", f03.statement)


def test_sources_name_data_sets_not_files(results):
    frame = analysis.sources_table(results)
    assert list(frame.columns) == ["Data set", "Holds", "Years", "Records"]
    assert not frame.astype(str).apply(lambda c: c.str.contains(r"\.csv")).any().any()


def test_one_year_per_council_falls_back_to_least_squares():
    panel = synthetic_panel(effect=3.0)
    one_year = panel[panel["year"] == 2020]
    model = analysis.fit_model(
        one_year, "looked_after_rate", reference="not-delegated", level=0.95, deprivation_step=10
    )
    assert model.method == "ols" and model.n_obs == 32
    assert model.term("year") is None  # a single year cannot have a year term
    assert model.arrangement("ijb-all")["lower"] > 0


def test_too_few_rows_for_the_terms_is_a_clear_error():
    from csrr.errors import CsrrError

    panel = synthetic_panel(effect=1.0)
    few = panel[(panel["year"] == 2020) & panel["council_code"].isin(panel["council_code"][:120])]
    with pytest.raises(CsrrError, match=r"too few values to fit \(12 council-years from 12"):
        analysis.fit_model(
            few, "looked_after_rate", reference="not-delegated", level=0.95, deprivation_step=10
        )
