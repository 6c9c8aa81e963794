"""Triangulation: the element x strand matrix and the stated rule for each category."""

from __future__ import annotations

import copy

import pytest

from csrr.synthesis import triangulation
from csrr.synthesis.triangulation import Rules, classify
from tests.synthesis.conftest import prepare

RULES = Rules(support_strength="moderate", convergent_min_strands=2)


@pytest.mark.parametrize(
    ("strengths", "expected"),
    [
        ({}, "absent"),
        ({"strand1": [], "strand2": []}, "absent"),
        ({"strand4": ["strong", "limited"]}, "single-source"),
        ({"strand1": ["strong"], "strand4": ["moderate"]}, "convergent"),
        ({"strand1": ["strong"], "strand4": ["emerging"]}, "mixed"),
        ({"strand1": ["limited"], "strand4": ["emerging"], "strand5": ["limited"]}, "mixed"),
        ({"strand1": ["emerging", "moderate"], "strand5": ["moderate"]}, "convergent"),
    ],
)
def test_classify_follows_the_stated_rule(strengths, expected):
    assert classify(strengths, RULES) == expected


def test_a_divergent_finding_makes_evidence_mixed():
    strengths = {"strand1": ["strong"], "strand4": ["strong"]}
    assert classify(strengths, RULES, has_divergent=True) == "mixed"
    # ... but one strand alone stays single-source.
    assert classify({"strand1": ["strong"]}, RULES, has_divergent=True) == "single-source"


def test_thresholds_come_from_the_rules():
    strengths = {"strand1": ["moderate"], "strand4": ["moderate"]}
    assert classify(strengths, Rules("strong", 2)) == "mixed"
    assert classify(strengths, Rules("moderate", 3)) == "mixed"
    assert classify({**strengths, "strand5": ["strong"]}, Rules("moderate", 3)) == "convergent"


def test_fixture_elements_are_assessed(build_dir, config):
    syn = prepare(build_dir, config)
    found = {a.element.id: (a.category, a.bearing, a.supporting) for a in syn.assessments}
    assert found["relationships"] == (
        "convergent",
        ["strand1", "strand4", "strand5"],
        ["strand1", "strand4", "strand5"],
    )
    assert found["rights"] == ("mixed", ["strand1", "strand5"], ["strand5"])
    assert found["national-functions"] == ("single-source", ["strand2"], ["strand2"])
    assert found["workforce"][0] == "convergent"
    assert [a.element.id for a in syn.assessments] == [e["id"] for e in config["framework"]]


def test_an_element_no_finding_cites_is_absent(build_dir, config):
    framework = [
        *config["framework"],
        {"id": "housing", "name": "Housing", "definition": "Homes."},
    ]
    syn = prepare(build_dir, config, framework=framework)
    housing = syn.assessments[-1]
    assert housing.category == "absent" and housing.findings == [] and housing.lead() is None


def test_divergent_configuration_reaches_the_assessment(build_dir, config):
    rules = copy.deepcopy(config["triangulation"])
    rules["divergent"] = [
        {"element": "workforce", "finding": "S3-F03", "note": "It cuts the other way."}
    ]
    syn = prepare(build_dir, config, triangulation_rules=rules)
    workforce = next(a for a in syn.assessments if a.element.id == "workforce")
    assert workforce.category == "mixed"
    assert [(f.id, note) for f, note in workforce.divergent] == [
        ("S3-F03", "It cuts the other way.")
    ]
    assert syn.element_values().workforce.category == "mixed"


def test_lead_finding_prefers_strength_then_main_element(build_dir, config):
    syn = prepare(build_dir, config)
    by_id = {a.element.id: a for a in syn.assessments}
    # S1-F01 and S4-F01 are both strong; S4-F01 is mainly about relationships.
    assert by_id["relationships"].lead().id == "S4-F01"
    assert by_id["structures"].lead().id == "S1-F01"


def test_matrix_table_has_one_row_per_element_and_a_column_per_strand(build_dir, config):
    syn = prepare(build_dir, config)
    frame = triangulation.matrix_frame(syn.assessments, syn.strands)
    assert list(frame.columns) == [
        "Element",
        "Strand 1",
        "Strand 2",
        "Strand 3",
        "Strand 4",
        "Strand 5",
        "Evidence",
    ]
    assert len(frame) == len(config["framework"])
    structures = frame.set_index("Element").loc["Enabling structures and partnership working"]
    assert structures["Strand 1"] == "S1-F01 (strong); S1-F02 (moderate)"
    assert structures["Strand 4"] is None
    assert structures["Evidence"] == "convergent"


def test_strength_table_counts_and_totals(build_dir, config):
    syn = prepare(build_dir, config)
    frame = syn.strength_frame()
    total = frame.iloc[-1]
    assert total["Strand"] == "All strands" and total["All findings"] == 15
    assert total["Strong"] + total["Moderate"] + total["Emerging"] + total["Limited"] == 15
    assert frame.iloc[3]["Strong"] == 2  # strand 4


def test_figure_alt_text_states_every_element_and_category(build_dir, config):
    syn = prepare(build_dir, config)
    fig, alt = syn.matrix_figure()
    assert fig.axes and alt.startswith("Grid of 8 framework elements (rows) by 5 strands")
    for a in syn.assessments:
        assert a.element.name in alt
    assert "Convergent:" in alt and "Single-source: National functions (1 of 5 strands)" in alt
    assert triangulation.matrix_title(syn.assessments) == (
        "Evidence converges on 4 of the 8 key elements"
    )
