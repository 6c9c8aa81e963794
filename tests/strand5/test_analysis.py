"""Strand 5 analysis on a small data set counted by hand, and on the demo data.

The small data set (tests/strand5/conftest.py): three sessions (FG01 with
P1, P2, P3; FG02 with P4, P5; interview IN01 with P6) and six segments:

    S1 P1 FG01 T1.1         S4 P6 IN01 T2.1 (withheld)
    S2 P2 FG01 T1.2; T2.1   S5 P6 IN01 T1.1; T1.2
    S3 P4 FG02 T1           S6 P3 FG01 T2.1
"""

from __future__ import annotations

import dataclasses
import json

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from csrr import findings
from csrr.errors import CsrrError
from csrr.strand5 import analysis, data, figures
from tests.strand5.conftest import DEMO, SECRET, SMALL_PARAMS

RULE = {"strong": 0.85, "moderate": 0.6, "emerging": 0.3}


@pytest.fixture
def small(small_dir, findings_files) -> data.Strand5Data:
    return data.load(small_dir, SMALL_PARAMS, findings_files=findings_files)


@pytest.fixture(scope="module")
def demo_data(params, findings_files) -> data.Strand5Data:
    return data.load(DEMO.parent, params, findings_files=findings_files)


def test_prevalence_counted_by_hand(small):
    prev = analysis.prevalence(small).set_index("code")
    t1, t2 = prev.loc["T1"], prev.loc["T2"]
    assert (t1["sessions"], t1["participants"], t1["segments"]) == (3, 4, 4)
    assert (t1["focus_groups"], t1["interviews"], t1["sectors"], t1["quotable"]) == (2, 1, 2, 4)
    assert (t2["sessions"], t2["participants"], t2["segments"]) == (2, 3, 3)
    # The withheld segment S4 counts, but cannot be quoted.
    assert (t2["focus_groups"], t2["interviews"], t2["quotable"]) == (1, 1, 2)
    assert (t1["sessions_pct"], t2["sessions_pct"], t2["participants_pct"]) == (100, 67, 50)


def test_subtheme_prevalence(small):
    theme = small.codebook.theme("T1")
    subs = analysis.subtheme_prevalence(small, theme).set_index("code")
    assert subs.loc["T1.1", ["sessions", "participants", "segments"]].tolist() == [2, 2, 2]
    assert subs.loc["T1.2", ["sessions", "participants", "segments"]].tolist() == [2, 2, 2]


def test_cooccurrence_counts_segments_once(small):
    matrix = analysis.cooccurrence(small)
    assert matrix.loc["T1", "T2"] == matrix.loc["T2", "T1"] == 1
    assert matrix.loc["T1", "T1"] == 4 and matrix.loc["T2", "T2"] == 3
    assert analysis.top_pairs(matrix) == [("T2", "T1", 1)]
    assert analysis.multi_coded(small) == 1


def test_strength_rule():
    assert analysis.strength(0.9, True, RULE) == "strong"
    assert analysis.strength(0.9, False, RULE) == "moderate"  # strong needs both sectors
    assert analysis.strength(0.6, True, RULE) == "moderate"
    assert analysis.strength(0.3, True, RULE) == "emerging"
    assert analysis.strength(0.29, True, RULE) == "limited"


def test_findings_carry_their_numbers_and_validate(small, tmp_path):
    found = analysis.theme_findings(small, analysis.prevalence(small), RULE)
    assert [f.id for f in found] == ["S5-F01", "S5-F02"]
    first, second = found
    assert first.strength == "strong" and second.strength == "moderate"
    assert first.numbers == {
        "sessions": 3,
        "sessions_total": 3,
        "participants": 4,
        "participants_total": 6,
        "segments": 4,
    }
    assert first.statement == (
        "Participants valued consistent relationships. The theme came up in 3 of 3 sessions "
        "and was raised by 4 of 6 participants; it explored S4-F01."
    )
    assert second.statement.endswith("it explored S4-F02 and S3-F03.")
    assert (first.elements, first.section) == (["relationships"], "sec-theme-t1")
    path = findings.save(
        found, strand="strand5", title="Fixture", data_status="synthetic", output_dir=tmp_path
    )
    doc = findings.load("strand5", path)
    assert [f["id"] for f in doc["findings"]] == ["S5-F01", "S5-F02"]


def test_quotes_are_approved_attributed_and_distinct(small):
    theme = small.codebook.theme("T2")
    quotes = analysis.select_quotes(small, theme, 5, min_words=1, max_words=100)
    assert {q.segment_id for q in quotes} == {"S2", "S6"}  # never the withheld S4
    by_id = {q.segment_id: q for q in quotes}
    assert by_id["S6"].attribution == "(Team leader or manager, statutory sector, focus group 2)"
    # S6 is about T2 alone, S2 only in passing: S6 comes first.
    assert quotes[0].segment_id == "S6"
    assert all(SECRET not in q.text for q in quotes)


def test_quote_selection_prefers_segments_about_the_theme(small):
    theme = small.codebook.theme("T1")
    quotes = analysis.select_quotes(small, theme, 3, min_words=1, max_words=100)
    # S2 is only partly about T1, and S3 names no sub-theme; S5 is nearer the
    # middle length than S1. Then S1 (statutory: the sector not yet quoted),
    # then S3 before S2, which is about two themes.
    assert [q.segment_id for q in quotes] == ["S5", "S1", "S3"]


def test_quote_selection_respects_exclusions_and_length(small):
    theme = small.codebook.theme("T2")
    left = analysis.select_quotes(small, theme, 5, min_words=1, max_words=100, exclude={"S6"})
    assert [q.segment_id for q in left] == ["S2"]
    assert analysis.select_quotes(small, theme, 5, min_words=50, max_words=100) == []


def test_quotes_never_share_a_sentence(demo_data):
    for theme in demo_data.codebook.themes:
        quotes = analysis.select_quotes(demo_data, theme, 3, min_words=15, max_words=60)
        sentences = [analysis._sentences(q.text) for q in quotes]
        for i in range(len(quotes)):
            for j in range(i):
                assert not analysis._overlap(sentences[i], sentences[j])
        assert len({q.participant_id for q in quotes}) == len(quotes)


def test_quote_markdown_keeps_tokens_literal():
    quote = analysis.Quote(
        "S1", "I told [name] at [organisation] *twice*.", "(Practitioner, x, y)", "P", "S"
    )
    text = analysis.quote_markdown(quote)
    assert text.startswith("> \u201cI told \\[name\\] at \\[organisation\\] \\*twice\\*.\u201d\n")
    assert text.endswith("> (Practitioner, x, y)\n")


def test_explored_table_lists_every_finding(small):
    table = analysis.explored_table(small)
    assert list(table.columns) == ["Emerging finding", "Explored in themes"]
    assert len(table) == 16
    themes = table.set_index("Emerging finding")["Explored in themes"]
    assert themes["S4-F01: Relationships are what staff value most (moderate)"] == "Relationships"
    assert themes["S3-F03: Workforce wellbeing is lower where vacancies are high (moderate)"] == (
        "Workload"
    )
    assert (
        themes["S3-F01: Integration arrangements differ widely between councils (moderate)"]
        is None
    )
    plain = analysis.explored_table(small, strength=False)
    assert (
        plain["Emerging finding"][0]
        == "S3-F01: Integration arrangements differ widely between councils"
    )


def test_interview_facts_follow_the_data(small):
    assert analysis.interview_format(small) == "one to one"
    assert analysis.interviews_mostly_leaders(small)
    people = small.participants
    people.loc[people["participant_id"] == "P6", "role_group"] = "Practitioner"
    small.sessions.loc[small.sessions["session_id"] == "IN01", "participants"] = 2
    assert analysis.interview_format(small) == "one to one or in pairs"
    assert not analysis.interviews_mostly_leaders(small)
    small.sessions = small.sessions[small.sessions["mode"] != "interview"]
    assert analysis.interview_format(small) is None


def test_strand_title_drops_the_study_name(small):
    small.explored["S3-F01"]["strand_title"] = "Children's Services Reform Research: Mapping"
    for fid in small.explored:
        if small.explored[fid]["strand"] == "strand3":
            small.explored[fid]["strand_title"] = "Children's Services Reform Research: Mapping"
    assert analysis.strand_title(small, "strand3") == "Mapping"
    assert analysis.strand_title(small, "strand4") == "Fixture report of strand 4"


def test_theme_quotes_never_quote_an_excerpt_twice(small):
    quotes = analysis.theme_quotes(small, 5, min_words=1, max_words=100)
    assert list(quotes) == ["T1", "T2"]
    # S2 is about both themes: quoted for T1 (chosen first), so not again for T2.
    assert [q.segment_id for q in quotes["T1"]] == ["S5", "S1", "S3", "S2"]
    assert [q.segment_id for q in quotes["T2"]] == ["S6"]
    text = analysis.quotes_markdown(quotes["T2"])
    assert text.startswith("> \u201cMy caseload doubled")
    assert "(Team leader or manager, statutory sector, focus group 2)" in text
    assert analysis.quotes_markdown([]) == analysis.NO_QUOTE + "\n"


def test_codebook_table_lists_every_subtheme_with_its_counts(small):
    table = analysis.codebook_table(small)
    assert list(table.columns) == [
        "Theme",
        "Sub-theme",
        "What it covers",
        "Sessions",
        "Participants",
    ]
    assert table["Theme"].tolist() == ["Relationships", "", "Workload"]
    assert table["Sub-theme"].tolist() == ["Time", "Turnover", "Caseloads"]
    # T2.1: S2 (FG01, P2), S4 (IN01, P6, withheld but counted), S6 (FG01, P3).
    assert table.iloc[2][["Sessions", "Participants"]].tolist() == [2, 3]


def test_profile_suppresses_small_counts(demo_data):
    tables = analysis.participant_profile(demo_data, 10)
    role = tables["role"]
    counts, hidden = role.counts, role.suppressed
    # Every count below the threshold is hidden, and something else with it.
    small = (counts < 10) & (counts > 0)
    assert small.to_numpy().any()
    assert (hidden | ~small).to_numpy().all()
    assert hidden.to_numpy().sum() > small.to_numpy().sum()
    shown = analysis.profile_display(tables)
    assert list(shown.columns) == [
        "Characteristic",
        "Group",
        "Statutory sector",
        "Third sector",
        "Total",
    ]
    assert shown.iloc[-1]["Total"] == str(len(demo_data.participants))
    for value in shown[["Statutory sector", "Third sector", "Total"]].to_numpy().ravel():
        assert value == "[c]" or int(value) == 0 or int(value) >= 10
    assert analysis.suppressed_cells(tables) == int(
        sum(t.suppressed.to_numpy().sum() for t in tables.values())
    )


def test_acro_agrees_with_the_profile(demo_data, tmp_path):
    tables = analysis.participant_profile(demo_data, 10)
    folder = analysis.check_profile_outputs(demo_data, tables, 10, tmp_path)
    assert folder == tmp_path / "acro"
    assert (folder / "results.json").is_file()
    assert (folder / "profile-role-published.csv").is_file()
    assert not (tmp_path / "acro_artifacts").exists()


def test_profile_of_a_tiny_study_hides_everything_but_the_total(small):
    shown = analysis.profile_display(analysis.participant_profile(small, 10))
    values = shown[["Statutory sector", "Third sector", "Total"]].to_numpy().ravel()
    assert set(values) == {"[c]"}  # six participants: even the total is below the threshold


def test_profile_audit_stops_a_revealing_publication(small, monkeypatch):
    from csrr import sdc

    real = sdc.tabulate

    # A tabulation that shows everything, as a careless one would.
    def careless(data, rows, columns, threshold, **kwargs):
        return real(data, rows, columns, 1, **kwargs)

    monkeypatch.setattr(analysis.sdc, "tabulate", careless)
    with pytest.raises(CsrrError, match="disclosure control"):
        analysis.participant_profile(small, 10)


# ---------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------


def test_prevalence_chart_alt_text_states_every_value(demo_data):
    prev = analysis.prevalence(demo_data)
    n_s, n_p = len(demo_data.sessions), len(demo_data.participants)
    fig, alt = figures.prevalence_chart(prev, n_s, n_p)
    try:
        for _, row in prev.iterrows():
            assert f"{row['name']}: {row['sessions']} sessions ({row['sessions_pct']}%)" in alt
        top = prev.sort_values(["sessions", "participants"], ascending=False).iloc[0]
        assert fig._suptitle.get_text() == f"{top['name']} came up in most sessions"
    finally:
        plt.close(fig)


def test_heatmap_alt_text_lists_pairs_most_first(small):
    matrix = analysis.cooccurrence(small)
    fig, alt = figures.cooccurrence_heatmap(matrix, {"T1": "Relationships", "T2": "Workload"})
    plt.close(fig)
    assert "Workload with Relationships: 1." in alt


def test_heatmap_labels_its_cells_with_the_counts(demo_data):
    matrix = analysis.cooccurrence(demo_data)
    names = {t.code: t.name for t in demo_data.codebook.themes}
    fig, alt = figures.cooccurrence_heatmap(matrix, names)
    try:
        texts = [t.get_text() for t in fig.axes[0].texts]
        n = len(matrix)
        assert len(texts) == n * (n - 1) // 2
        pairs = analysis.top_pairs(matrix, 1)[0]
        assert f"{names[pairs[0]]} with {names[pairs[1]]}: {pairs[2]}" in alt
    finally:
        plt.close(fig)


@pytest.mark.parametrize(
    ("fill", "text"), [("#12436D", "white"), ("#FFFFFF", "#3D3D3D"), ("#DDE4EC", "#3D3D3D")]
)
def test_heatmap_text_keeps_contrast(fill, text):
    assert figures._text_colour(fill) == text


def test_findings_of_the_demo_are_in_codebook_order(demo_data, params):
    prev = analysis.prevalence(demo_data)
    found = analysis.theme_findings(demo_data, prev, params["strength_rule"])
    assert [f.title for f in found] == [t.name for t in demo_data.codebook.themes]
    assert {f.strength for f in found} <= set(findings.STRENGTHS)
    json.dumps([f.__dict__ for f in found])  # plain values only
    assert isinstance(prev, pd.DataFrame)


def test_acro_bundle_lists_quotes_for_a_redaction_review(demo_data, tmp_path):
    tables = analysis.participant_profile(demo_data, 10)
    folder = analysis.check_profile_outputs(demo_data, tables, 10, tmp_path)
    review = pd.read_csv(folder / analysis.REVIEW_FILE, dtype=str, keep_default_na=False)
    assert list(review.columns) == ["segment_id", "words", "quote"]
    results = json.loads((folder / "results.json").read_text())["results"]
    comments = [c for r in results.values() for c in r.get("comments", [])]
    assert any("the build does not fail for them" in c for c in comments)


def test_redaction_review_names_a_capitalised_word_beside_a_redaction(demo_data):
    segments = demo_data.segments.copy()
    first = segments["quote"].first_valid_index()
    segments.loc[first, "quote"] = "I asked [name] Cathcartt and Dr [name] about it."
    review = analysis.redaction_review(dataclasses.replace(demo_data, segments=segments))
    row = review[review["segment_id"] == segments.loc[first, "segment_id"]]
    assert row["words"].tolist() == ["Cathcartt"]
