"""Case profiles written from the structured data."""

from __future__ import annotations

import re

from csrr.strand2 import profiles


def test_country_profile_is_written_from_its_record(cases):
    case = cases.countries[0]
    text = profiles.profile(case, cases)
    assert text.startswith("## Country A {#sec-case-country-a}\n")
    assert "population of about 5.6 million (2024), 21% of them aged under 18" in text
    assert "five regional bodies and 98 local ones" in text
    assert "Children's social care is governed and delivered locally." in text
    # Every coded theme appears with its label, code and citation.
    for coded in case.coded:
        assert f"**{cases.theme(coded.theme).label}** ({coded.theme})" in text
    # Every source of the case is cited, and nothing else.
    cited = set(re.findall(r"@([\w:.-]+)", text))
    assert cited == set(case.sources)


def test_different_levels_are_both_named(cases):
    text = profiles.governance_sentences(cases.countries[1])
    assert "Children's social care is governed regionally and delivered locally." in text
    assert "Adult social care is governed nationally and delivered locally." in text


def test_citation_goes_before_the_full_stop():
    assert profiles.with_cite("A claim.", "a", None, "b") == "A claim [@a; @b]."
    assert profiles.with_cite("No stop", "a") == "No stop [@a]"
    assert profiles.with_cite("Nothing cited.") == "Nothing cited."


def test_dates_are_written_in_full():
    assert profiles.long_date("2013-04-01") == "1 April 2013"
    assert profiles.long_date("2026-11-22") == "22 November 2026"


def test_reform_facts_come_from_the_record(cases):
    text = profiles.reform_facts(cases.reform)
    assert text == (
        "The Police and Fire Reform (Scotland) Act 2012 [@scotland-act-2012] provided for the "
        "reform. On 1 April 2013, Police Scotland replaced eight regional police forces and the "
        "Scottish Fire and Rescue Service replaced eight regional fire and rescue services, so "
        "that each service is now run at national level."
    )
    assert "@" not in profiles.reform_facts(cases.reform, citations=False)


def test_every_case_has_a_profile_with_its_own_section(cases):
    ids = [profiles.section_id(c) for c in cases.cases]
    assert len(set(ids)) == len(cases.cases)
    for case in cases.cases:
        assert f"{{#{profiles.section_id(case)}}}" in profiles.profile(case, cases)
