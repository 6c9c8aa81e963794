"""Case profiles built from the structured data: tables, not sentences."""

from __future__ import annotations

import re

from csrr.strand2 import profiles


def test_country_glance_table_is_built_from_its_record(cases):
    case = cases.countries[0]
    table = profiles.glance_table(case).set_index("Aspect")[case.name]
    assert table["Population"] == "5.6 million (2024), 21% aged under 18"
    assert table["Sub-national government"] == "Five regional bodies, 98 local bodies"
    assert table["Children's social care"].startswith("Governed and delivered locally. ")
    assert table["Funding"].startswith(
        "Mainly local taxation, with national equalisation grants. "
    )
    # One row per integration arrangement, in year order.
    arrangements = [a for a in table.index if a.startswith("Arrangement: ")]
    assert arrangements == [
        f"Arrangement: {a.name}" for a in sorted(case.integration, key=lambda a: a.since)
    ]


def test_different_levels_are_both_named(cases):
    table = profiles.glance_table(cases.countries[1]).set_index("Aspect")["Country B"]
    assert table["Children's social care"].startswith("Governed regionally, delivered locally.")
    assert table["Adult social care"].startswith("Governed nationally, delivered locally.")


def test_reform_glance_table_gives_the_facts_of_the_reform(cases):
    reform = cases.reform
    table = profiles.glance_table(reform).set_index("Aspect")[reform.name]
    assert table["Legislation"] == (
        "Police and Fire Reform (Scotland) Act 2012 [@scotland-act-2012]"
    )
    assert table["Established"] == "1 April 2013"
    assert table["Police Scotland"] == (
        "Replaced eight regional police forces; now run at national level"
    )
    assert "Population" not in table.index


def test_coded_table_lists_every_theme_with_its_evidence_and_source(cases):
    case = cases.countries[0]
    table = profiles.coded_table(case, cases)
    assert list(table["Code"]) == [c.theme for c in case.coded]
    assert set(table["Kind"]) == {"Enabler", "Barrier"}
    for row, coded in zip(table.itertuples(index=False), case.coded, strict=True):
        assert row.Evidence.endswith(f"[@{coded.source}].")


def test_every_source_of_a_case_is_cited_in_its_profile(cases):
    for case in cases.cases:
        text = profiles.profile_markdown(case, cases)
        cited = set(re.findall(r"@([\w:.-]+)", text))
        assert set(case.sources) <= cited, case.id
        assert cited <= set(cases.bib_keys), case.id


def test_timeline_table_has_one_row_per_event(cases):
    case = cases.countries[2]
    table = profiles.timeline_table(case)
    assert list(table["Year"]) == [str(e.year) for e in case.timeline]
    assert table["Kind"].iloc[0] == "Structural change"


def test_citation_goes_before_the_full_stop():
    assert profiles.with_cite("A claim.", "a", None, "b") == "A claim [@a; @b]."
    assert profiles.with_cite("No stop", "a") == "No stop [@a]"
    assert profiles.with_cite("Nothing cited.") == "Nothing cited."


def test_dates_are_written_in_full():
    assert profiles.long_date("2013-04-01") == "1 April 2013"
    assert profiles.long_date("2026-11-22") == "22 November 2026"


def test_annex_gives_every_case_its_own_unnumbered_section_and_captioned_tables(cases):
    text = profiles.annex_markdown(cases)
    for case in cases.cases:
        assert f"## {case.name} {{#{profiles.section_id(case)} .unnumbered}}" in text
    labels = re.findall(r"\{#(tbl-[\w-]+)\}", text)
    assert len(labels) == 3 * len(cases.cases) == len(set(labels))
    # No prose: apart from headings, every line is a table row or a caption.
    for line in text.splitlines():
        assert not line or line.startswith(("|", ": ", "## ")), line
