"""The values the report's inline expressions read: strings, formatted, from the data.

The small data set (tests/strand5/conftest.py) has three sessions (two focus
groups of three and two people, one interview), six participants (three in
each sector) and six segments, one withheld.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from csrr.strand5 import analysis, data, values
from tests.strand5.conftest import DEMO, SMALL_PARAMS

RULE = {"strong": 0.85, "moderate": 0.6, "emerging": 0.3}


def prepared(inputs, *, threshold=10):
    prev = analysis.prevalence(inputs)
    return values.prepare(
        inputs,
        prev,
        analysis.cooccurrence(inputs),
        analysis.theme_findings(inputs, prev, RULE),
        analysis.participant_profile(inputs, threshold),
        explored_strands=["strand3", "strand4"],
        threshold=threshold,
        quotes_per_theme=3,
        quote_min_words=15,
        quote_max_words=60,
        strength_rule=RULE,
    )


@pytest.fixture
def small(small_dir, findings_files) -> SimpleNamespace:
    return prepared(data.load(small_dir, SMALL_PARAMS, findings_files=findings_files))


def strings(space: SimpleNamespace) -> list:
    """Every leaf value of a namespace, nested ones included."""
    out = []
    for value in vars(space).values():
        out += strings(value) if isinstance(value, SimpleNamespace) else [value]
    return out


def test_every_value_is_text(small):
    leaves = strings(small)
    assert leaves and all(isinstance(value, str) for value in leaves)


def test_counts_are_counted_and_written_as_the_house_style_asks(small):
    assert (small.n_sessions, small.n_groups, small.n_interviews) == ("three", "two", "one")
    assert (small.n_people, small.n_in_groups, small.n_in_interviews) == ("six", "five", "one")
    assert (small.group_min, small.group_max) == ("two", "three")
    assert (small.n_segments, small.n_approved, small.n_withheld) == ("six", "five", "one")
    assert (small.first_held, small.last_held) == ("1 February 2026", "1 March 2026")
    assert small.n_themes == "two" and small.n_subthemes == "three"
    assert values.number(12) == "12" and values.number(1204) == "1,204"


def test_theme_values(small):
    t1, t2 = small.t1, small.t2
    assert (t1.id, t1.name, t1.strength) == ("S5-F01", "Relationships", "strong")
    assert (t1.sessions, t1.sessions_pct, t1.participants, t1.segments) == (
        "three",
        "100%",
        "four",
        "four",
    )
    assert (t2.sessions_pct, t2.focus_groups, t2.interviews) == ("67%", "one", "one")
    assert (t1.s1.name, t1.s1.sessions, t1.s2.participants) == ("Time", "two", "two")
    assert t2.explored == (
        "S4-F02 (strand 4: \u201cWorkload pressure is widespread\u201d) and "
        "S3-F03 (strand 3: \u201cWorkforce wellbeing is lower where vacancies are high\u201d)"
    )
    assert not hasattr(t2, "s2")


def test_rule_strengths_and_ranking(small):
    assert (small.rule_strong, small.rule_moderate, small.rule_emerging) == ("85%", "60%", "30%")
    assert (small.n_strong, small.n_moderate, small.n_emerging) == ("one", "one", "zero")
    assert small.top.name == "Relationships" and small.low.name == "Workload"
    assert small.pairs == "Workload with Relationships (one segment)"
    assert (small.n_pairs, small.n_unpaired) == ("one", "zero")


def test_small_counts_in_prose_obey_the_threshold(small_dir, findings_files):
    inputs = data.load(small_dir, SMALL_PARAMS, findings_files=findings_files)
    assert prepared(inputs, threshold=10).n_third == "fewer than 10"
    assert prepared(inputs, threshold=3).n_third == "3"


def test_interviews_described_from_the_data(small):
    assert small.interview_format == "one to one"
    assert small.interviewees == "mostly with team leaders and senior or strategic leaders"


def test_demo_values_match_the_analysis(params, findings_files):
    inputs = data.load(DEMO.parent, params, findings_files=findings_files)
    v = prepared(inputs)
    prev = analysis.prevalence(inputs).set_index("code")
    for theme in inputs.codebook.themes:
        mine = getattr(v, theme.code.lower())
        assert mine.name == theme.name
        assert mine.sessions == values.number(prev.at[theme.code, "sessions"])
    assert v.n_sessions == "24" and v.n_people == "86"
