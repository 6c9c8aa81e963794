"""Strand 4 findings and report tables: numbers traced, wording follows the data."""

from __future__ import annotations

from dataclasses import asdict

import pytest

from csrr import sdc
from csrr.findings import check_findings, framework_ids, numbers_in
from csrr.strand4 import report


def test_findings_follow_the_contract(results):
    found = results.findings
    assert [f.id for f in found] == ["S4-F01", "S4-F02", "S4-F03", "S4-F04", "S4-F05"]
    doc = {
        "schema_version": 1,
        "strand": "strand4",
        "title": "t",
        "data_status": "synthetic",
        "findings": [asdict(f) for f in found],
    }
    check_findings(doc, "findings.json")  # every number traced, elements known
    assert {e for f in found for e in f.elements} <= set(framework_ids())
    assert {"workforce", "structures"} <= {e for f in found for e in f.elements}
    for f in found:
        assert f.section in {"sec-views", "sec-barriers", "sec-arrangements"}
        assert numbers_in(f.statement), f.id


def test_barrier_finding_names_the_top_three_in_order(results):
    f = results.findings[3]
    top = results.release.barriers.index[:3]
    positions = [f.statement.lower().index(name.lower()) for name in top]
    assert positions == sorted(positions)
    assert f.numbers["barrier_1_agree"] == pytest.approx(
        results.release.barriers["pct_all"].iloc[0]
    )


def test_arrangement_finding_is_limited_when_no_interval_excludes_zero(results):
    f = results.findings[4]
    assert (results.adjusted["low"] < 0).all() and (results.adjusted["high"] > 0).all()
    assert f.strength == "limited" and "differed clearly" in f.statement


def test_arrangement_finding_is_emerging_for_a_clear_difference(results, params):
    adjusted = results.adjusted.copy()
    adjusted.loc[0, ["difference", "low", "high"]] = [0.4, 0.2, 0.6]
    f = report.finding_arrangements(
        results.prep, adjusted, params, {s.id: s.name for s in results.prep.questionnaire.scales}
    )
    assert f.strength == "emerging"
    assert "0.40 points higher" in f.statement and "0.20 to 0.60" in f.statement
    assert f.numbers["clear"] == 1


def test_statements_quote_items_as_respondents_saw_them(results):
    f = results.findings[1]
    assert (
        "\u201cI know who to contact in other agencies when a child or family needs help\u201d"
        in (f.statement)
    )


def test_report_tables_hide_what_the_release_hides(results):
    profile = report.profile_table(results)
    assert profile["Respondents"].iloc[-1] == f"{results.prep.n:,}"
    role_region = results.release.profile["role_region"].display()
    assert (role_region == sdc.SUPPRESSED).to_numpy().sum() == int(
        results.release.profile["role_region"].suppressed.to_numpy().sum()
    )
    rel = report.reliability_table(results)
    assert rel.loc[rel["Scale"] == "Barriers", "Reliable"].item() == "No"
    assert len(report.adjusted_table(results)) == len(results.adjusted)
    assert list(report.barriers_table(results).columns) == [
        "Barrier",
        "Statutory (public sector)",
        "Third sector",
        "All respondents",
    ]
    summary = report.suppression_table(results)
    assert summary["Too small (primary)"].sum() > 0


def test_negative_numbers_use_the_typographic_minus(results):
    f = results.findings[4]
    assert "\u2212" in f.statement and "-0." not in f.statement
    assert report.fmt(-0.456) == "\u22120.46" and report.fmt(0.1) == "0.10"
    assert report.fmt_ci(-0.1, -0.3, 0.2) == "\u22120.10 (\u22120.30 to 0.20)"
    adjusted = report.adjusted_table(results)
    assert not adjusted.iloc[:, 2].str.contains("-").any()


def test_reliability_table_does_not_call_barriers_positive(results):
    rel = report.reliability_table(results)
    assert "Positive" not in rel.columns and "Above 3" in rel.columns
