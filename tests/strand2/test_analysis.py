"""The cross-case analysis and the findings, on small hand-built cases and on the demo."""

from __future__ import annotations

import pytest

from csrr.findings import check_findings, untraced_numbers
from csrr.strand2 import analysis
from csrr.strand2.data import (
    Arrangement,
    Case,
    CaseStudies,
    Coded,
    Event,
    Governance,
    Reform,
    ReformedService,
    Theme,
)

THEMES = (
    Theme("E01", "enabler", "Shared outcomes", "d", "structures"),
    Theme("E02", "enabler", "Pooled budgets", "d", "local-services"),
    Theme("B01", "barrier", "Separate funding", "d", "local-services"),
    Theme("B02", "barrier", "Incompatible systems", "d", "national-functions"),
)
SERVICES = ("childrens-social-care", "child-health", "education", "adult-social-care")


def country(
    letter: str,
    levels: dict[str, tuple[str, str]],
    themes: tuple[str, ...] = (),
    arrangements: tuple[Arrangement, ...] = (),
    events: tuple[Event, ...] = (Event(2010, "policy", "A policy."),),
) -> Case:
    """A country case: ``levels`` maps service to (governs, delivers); local by default."""
    return Case(
        id=f"country-{letter.lower()}",
        name=f"Country {letter}",
        kind="country",
        overview="Overview.",
        population=1_000_000,
        population_year=2024,
        children=200_000,
        units={"regional": 2, "local": 20},
        funding_model="mixed",
        funding_description="Funding.",
        governance=tuple(Governance(s, *levels.get(s, ("local", "local"))) for s in SERVICES),
        integration=arrangements,
        timeline=events,
        enablers=tuple(Coded(t, "Note.", "src") for t in themes if t.startswith("E")),
        barriers=tuple(Coded(t, "Note.", "src") for t in themes if t.startswith("B")),
        sources=("src",),
        file="x.yml",
    )


REFORM = Case(
    id="reform",
    name="Scotland: reform",
    kind="reform",
    overview="Overview.",
    population=5_000_000,
    population_year=2022,
    timeline=(Event(2012, "legislation", "Act."), Event(2013, "structural", "Merger.")),
    enablers=(Coded("E02", "Illustrative: note.", "src"),),
    barriers=(Coded("B02", "Illustrative: note.", "src"), Coded("B01", "Note.", "src")),
    sources=("src",),
    file="r.yml",
    reform=Reform(
        "An Act 2012",
        "2013-04-01",
        (ReformedService("policing", "Police Scotland", 8, "regional", "national"),),
    ),
)

JOIN = Arrangement(
    "Team", ("childrens-social-care", "education"), "local", "multi-agency-team", 2015, "d"
)
MERGE = Arrangement(
    "Trust",
    ("childrens-social-care", "child-health", "adult-social-care"),
    "regional",
    "structural-merger",
    2001,
    "d",
)
OTHER = Arrangement(
    "Health", ("child-health", "adult-social-care"), "regional", "pooled-budget", 2005, "d"
)


@pytest.fixture
def small() -> CaseStudies:
    return CaseStudies(
        THEMES,
        (
            country("A", {}, ("E01", "B01", "B02"), (JOIN, OTHER)),
            country(
                "B",
                {"childrens-social-care": ("national", "regional")},
                ("E01", "E02", "B02"),
                (MERGE,),
                (Event(2001, "structural", "Merger."), Event(2008, "legislation", "Act.")),
            ),
            country(
                "C",
                {"childrens-social-care": ("regional", "local")},
                ("E01", "B02"),
                (),
                (Event(1999, "legislation", "Act."), Event(2004, "structural", "Split.")),
            ),
            REFORM,
        ),
        ("src",),
    )


@pytest.mark.parametrize(
    ("n", "threshold", "strength"),
    [
        (4, 3, "moderate"),
        (3, 3, "moderate"),
        (2, 3, "emerging"),
        (1, 3, "limited"),
        (0, 3, "limited"),
        (2, 2, "moderate"),
    ],
)
def test_strength_rule(n, threshold, strength):
    assert analysis.strength_for(n, threshold) == strength


def test_strength_is_never_strong():
    assert {analysis.strength_for(n, 1) for n in range(10)} <= {"moderate", "emerging", "limited"}


@pytest.mark.parametrize(
    ("items", "text"),
    [([], ""), (["a"], "a"), (["a", "b"], "a and b"), (["a", "b", "c"], "a, b and c")],
)
def test_join_words(items, text):
    assert analysis.join_words(items) == text


def test_number_words_and_formats():
    assert [analysis.number_word(n) for n in (0, 1, 8, 9, 10, 1500)] == [
        "no",
        "one",
        "eight",
        "nine",
        "10",
        "1,500",
    ]
    assert analysis.millions(5_449_000) == "5.4 million"
    assert analysis.percent(1, 8) == "12%"


def test_governance_frame_has_one_row_per_country_service_and_role(small):
    frame = analysis.governance_frame(small)
    assert len(frame) == 3 * 4 * 2
    row = frame[(frame["case"] == "country-b") & (frame["service"] == "childrens-social-care")]
    assert list(row["level"]) == ["national", "regional"]


def test_matrix_table_rows_alternate_governs_and_delivers(small):
    table = analysis.matrix_table(small)
    assert list(table["Country"]) == ["Country A"] * 2 + ["Country B"] * 2 + ["Country C"] * 2
    assert list(table["Role"]) == ["Governs", "Delivers"] * 3
    assert table.loc[2, "Children's social care"] == "National"
    assert table.loc[3, "Children's social care"] == "Regional"


def test_level_counts_gaps_and_phrase(small):
    counts = analysis.level_counts(small, "childrens-social-care", "delivers")
    assert counts == {"national": 0, "regional": 1, "local": 2}
    assert analysis.level_gaps(small) == ["Country B", "Country C"]
    assert (
        analysis.level_phrase(counts, 3) == "regionally in 1 of the 3 countries and locally in 2"
    )
    assert [c.name for c in analysis.governed_at(small, "national")] == ["Country B"]


def test_links_count_countries_joining_childrens_social_care(small):
    # OTHER joins health and adult care without children's social care: not a link.
    assert analysis.link_counts(small) == {
        "child-health": 1,
        "education": 1,
        "adult-social-care": 1,
    }
    table = analysis.links_table(small)
    assert table.loc[0, "Education"] == "Team (multi-agency team, local, 2015)"
    assert table.loc[0, "Children's health"] is None
    assert table.loc[2].drop("Country").isna().all()


def test_theme_presence_and_common_approaches(small):
    presence = analysis.theme_presence(small)
    assert presence.loc["E01", "countries"] == 3
    assert presence.loc["E02", "countries"] == 1  # the reform case does not count
    assert bool(presence.loc["E02", "reform"]) is True
    # B01 is coded in one country (and the reform case, which does not count).
    assert list(analysis.common_approaches(small, 2).index) == ["E01", "B02"]
    assert list(analysis.common_approaches(small, 3).index) == ["E01", "B02"]
    assert list(analysis.common_approaches(small, 3, "barrier").index) == ["B02"]
    assert analysis.common_counts(small, 3) == {"enabler": 1, "barrier": 1}


def test_themes_table(small):
    table = analysis.themes_table(small, "barrier", 3)
    assert list(table.columns) == [
        "Code",
        "Theme",
        "A",
        "B",
        "C",
        "Scotland",
        "Countries",
        "Common",
    ]
    assert list(table["Countries"]) == ["1 of 3", "3 of 3"]
    assert list(table["Common"]) == ["No", "Yes"]
    assert list(table["Scotland"]) == ["Yes", "Yes"]


def test_reform_lessons_set_the_reform_themes_against_the_countries(small):
    lessons = analysis.reform_lessons(small, 3)
    assert list(lessons["code"]) == ["E02", "B02", "B01"]
    assert list(lessons["countries"]) == [1, 3, 1]
    assert list(lessons["common"]) == [False, True, False]
    assert lessons.loc[0, "names"] == ["Country B"]
    overlap = analysis.reform_overlap(small).set_index("name")
    assert overlap.loc["Country A", "themes"] == ["B02", "B01"]
    assert overlap.loc["Country B", "shared"] == 2
    assert overlap.loc["Country B", "governs"] == "national"


def test_timeline_summary_and_lag(small):
    summary = analysis.timeline_summary(small)
    assert summary == {
        "events": 5,
        "first_year": 1999,
        "last_year": 2010,
        "countries": 3,
        "restructured": 2,
        "legislated": 2,
    }
    assert analysis.legislation_to_change(REFORM) == 1
    # Country B merged before its Act: no structural change follows the Act.
    assert analysis.legislation_to_change(small.cases[1]) is None
    assert analysis.legislation_to_change(small.cases[0]) is None


def test_findings_are_valid_and_every_number_is_traced(small):
    findings = analysis.build_findings(small, 2)
    assert [f.id for f in findings] == [f"S2-F0{i}" for i in range(1, 7)]
    doc = {
        "schema_version": 1,
        "strand": "strand2",
        "title": "t",
        "data_status": "synthetic",
        "findings": [f.__dict__ for f in findings],
    }
    check_findings(doc, "test")
    for f in findings:
        assert untraced_numbers(f.title + " " + f.statement, f.numbers) == []
        assert f.strength != "strong"


def test_no_common_theme_gives_a_limited_finding(small):
    findings = analysis.build_findings(small, 3)
    enablers = next(f for f in findings if f.id == "S2-F03")
    assert enablers.title == "1 enabler is common to at least 3 of the 3 countries"
    none = CaseStudies(
        THEMES, (country("D", {}, ("E01",)), country("E", {}, ("E02", "B01")), REFORM), ("src",)
    )
    barrier = next(f for f in analysis.build_findings(none, 2) if f.id == "S2-F04")
    assert barrier.strength == "limited"
    assert barrier.title == "No barrier is common to at least 2 of the 2 countries"


def test_demo_findings(cases, params):
    findings = analysis.build_findings(cases, params["common_approach_min_countries"])
    by_id = {f.id: f for f in findings}
    assert by_id["S2-F03"].numbers["E03"] == 4
    assert set(by_id["S2-F03"].numbers) >= {"E03", "E04", "E06"}
    assert set(by_id["S2-F04"].numbers) >= {"B01", "B02", "B04"}
    assert by_id["S2-F01"].numbers["gaps"] == 3
    assert by_id["S2-F06"].numbers == {
        "themes": 7,
        "common": 1,
        "some": 6,
        "none": 0,
        "threshold": 3,
        "countries": 4,
    }
    assert all(f.section.startswith("sec-") for f in findings)


def test_products_for_other_strands(cases, tmp_path):
    written = analysis.write_products(cases, 3, tmp_path)
    assert [p.name for p in written] == ["comparison_matrix.csv", "cross_case_themes.csv"]
    matrix = written[0].read_text(encoding="utf-8").splitlines()
    assert matrix[0] == "case,name,service,role,level"
    assert len(matrix) == 1 + 4 * 4 * 2
    themes = written[1].read_text(encoding="utf-8").splitlines()
    assert themes[0].startswith("code,country-a,")
    assert themes[0].endswith(",countries,kind,label,common")


def test_common_evidence_table_has_one_cited_row_per_country_and_common_theme(small):
    table = analysis.common_evidence_table(small, 3)
    # E01 and B02 are coded in all three countries; nothing else is common.
    assert list(table["Theme"]) == ["E01 Shared outcomes"] * 3 + ["B02 Incompatible systems"] * 3
    assert list(table["Kind"]) == ["Enabler"] * 3 + ["Barrier"] * 3
    assert list(table["Country"]) == ["Country A", "Country B", "Country C"] * 2
    assert set(table["Evidence"]) == {"Note [@src]."}
    assert analysis.common_evidence_table(small, 4).empty


def test_reform_lessons_table_carries_the_scottish_evidence(small):
    table = analysis.reform_lessons_table(small, 3)
    assert list(table["Evidence in the Scottish case"]) == [
        "Illustrative: note [@src].",
        "Illustrative: note [@src].",
        "Note [@src].",
    ]
    assert list(table["Common"]) == ["No", "Yes", "No"]
