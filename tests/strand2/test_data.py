"""Validation of the strand 2 inputs: every planted fault gives one line naming the file,
the line, the entry and what was expected."""

from __future__ import annotations

import shutil

import pytest

from csrr.errors import InputError, Problem
from csrr.execute import validate_inputs
from csrr.paths import DEMO_DATA_DIR
from csrr.strand2 import data
from tests.strand2.conftest import line_of, replace_in

CODES = "(E01 ... B09)"


def messages(data_dir, params) -> list[str]:
    return [str(p) for p in data.validate(data_dir, params)]


def test_demo_data_is_valid(params):
    assert data.validate(DEMO_DATA_DIR, params) == []


def test_unknown_theme_code_names_file_line_entry_and_code(data_dir, params):
    path = data_dir / "strand2" / "case-country-b.yml"
    replace_in(path, "theme: E06", "theme: E99")
    expected = (
        f"{path}: line {line_of(path, 'theme: E99')}: enablers[2].theme: expected a theme code "
        f"from themes.yml {CODES}, found 'E99'"
    )
    assert messages(data_dir, params) == [expected]
    with pytest.raises(InputError) as caught:
        data.load(data_dir, params)
    assert str(caught.value) == expected
    assert "\n" not in str(caught.value)


def test_the_runner_stops_on_an_unknown_theme_code_before_any_kernel(data_dir, params):
    replace_in(data_dir / "strand2" / "case-country-b.yml", "theme: E06", "theme: E99")
    with pytest.raises(InputError, match=r"case-country-b\.yml: line \d+: enablers\[2\]\.theme"):
        validate_inputs("strand2", {**params, "data_dir": str(data_dir)})


def test_barrier_code_among_enablers_says_which_kind_it_is(data_dir, params):
    path = data_dir / "strand2" / "case-country-b.yml"
    replace_in(path, "theme: E06", "theme: B02")
    assert messages(data_dir, params) == [
        (
            f"{path}: line {line_of(path, 'theme: B02')}: enablers[2].theme: expected an enabler "
            "code from themes.yml (E01 ... E10), found 'B02', a barrier"
        )
    ]


def test_theme_coded_twice_in_one_case(data_dir, params):
    path = data_dir / "strand2" / "case-country-b.yml"
    replace_in(path, "theme: E06", "theme: E03")
    assert messages(data_dir, params) == [
        (
            f"{path}: line {line_of(path, 'theme: E03', 2)}: enablers[2].theme: expected each "
            "theme once per case, found a second 'E03'"
        )
    ]


def test_unknown_level(data_dir, params):
    path = data_dir / "strand2" / "case-country-c.yml"
    replace_in(path, "governs: national", "governs: county")
    assert messages(data_dir, params) == [
        (
            f"{path}: line {line_of(path, 'governs: county')}: governance[1].governs: expected one "
            "of national, regional, local, found 'county'"
        )
    ]


def test_unknown_service_is_reported_once(data_dir, params):
    path = data_dir / "strand2" / "case-country-a.yml"
    replace_in(path, "service: education", "service: schools")
    assert messages(data_dir, params) == [
        (
            f"{path}: line {line_of(path, 'service: schools')}: governance[3].service: expected one "
            "of childrens-social-care, child-health, education, adult-social-care, found 'schools'"
        )
    ]


def test_service_without_a_governance_entry(data_dir, params):
    path = data_dir / "strand2" / "case-country-a.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index("- service: education")
    path.write_text(text[:start] + text[text.index("- service: adult-social-care") :], "utf-8")
    assert messages(data_dir, params) == [
        (
            f"{path}: line {line_of(path, 'governance:')}: governance: expected an entry for every "
            "service (childrens-social-care, child-health, education, adult-social-care), found none "
            "for 'education'"
        )
    ]


def test_unknown_service_in_an_integration_arrangement(data_dir, params):
    path = data_dir / "strand2" / "case-country-d.yml"
    replace_in(path, "  - education\n", "  - housing\n")
    (first,) = messages(data_dir, params)
    assert first.startswith(
        f"{path}: line {line_of(path, '- housing')}: integration[1].services[3]:"
    )
    assert first.endswith("found 'housing'")


def test_timeline_out_of_order(data_dir, params):
    path = data_dir / "strand2" / "case-country-b.yml"
    replace_in(path, "year: 2018", "year: 2011")
    assert messages(data_dir, params) == [
        (
            f"{path}: line {line_of(path, 'year: 2011')}: timeline[4].year: expected events in date "
            "order (a year no earlier than 2013, the entry before), found 2011"
        )
    ]


def test_timeline_out_of_range(data_dir, params):
    path = data_dir / "strand2" / "case-country-a.yml"
    replace_in(path, "year: 2007", "year: 1850")
    assert messages(data_dir, params) == [
        (
            f"{path}: line {line_of(path, 'year: 1850')}: timeline[1].year: expected a year from "
            "1990 to 2030 (timeline_first_year and timeline_last_year in params/strand2.yml), "
            "found 1850"
        )
    ]


def test_the_year_range_comes_from_params(data_dir, params):
    path = data_dir / "strand2" / "case-country-a.yml"
    found = messages(data_dir, {**params, "timeline_last_year": 2020})
    assert found[0].startswith(f"{path}: line {line_of(path, 'population_year: 2024')}:")
    assert "expected a year from 1990 to 2020" in found[0]


def test_missing_section(data_dir, params):
    path = data_dir / "strand2" / "case-country-d.yml"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("barriers:\n"), text.index("sources:\n")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    assert messages(data_dir, params) == [
        (
            f"{path}: barriers: expected this required section (coded barriers of the case, one "
            "entry per theme), found none"
        )
    ]


def test_missing_country_section(data_dir, params):
    path = data_dir / "strand2" / "case-country-a.yml"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("governance:\n"), text.index("integration:\n")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    (only,) = messages(data_dir, params)
    assert only.startswith(f"{path}: governance: expected this required section (")
    assert only.endswith("found none")


def test_missing_entry_in_a_list_item_names_the_item(data_dir, params):
    path = data_dir / "strand2" / "case-country-c.yml"
    replace_in(path, "  kind: policy\n", "")
    (only,) = messages(data_dir, params)
    assert only == (
        f"{path}: line {line_of(path, 'year: 2011')}: timeline[3].kind: expected this required "
        "entry (kind of event), found none"
    )


def test_unknown_key(data_dir, params):
    path = data_dir / "strand2" / "case-country-a.yml"
    replace_in(path, "population_year: 2024\n", "population_year: 2024\nregion: north\n")
    (only,) = messages(data_dir, params)
    assert only.startswith(f"{path}: line {line_of(path, 'region: north')}: region: expected only")
    assert only.endswith("found an unknown key 'region'")


def test_case_id_must_match_its_file_name(data_dir, params):
    path = data_dir / "strand2" / "case-country-a.yml"
    replace_in(path, "id: country-a", "id: country-x")
    assert messages(data_dir, params) == [
        (
            f"{path}: line {line_of(path, 'id: country-x')}: id: expected 'country-a' (the file is "
            "named case-country-a.yml), found 'country-x'"
        )
    ]


def test_cited_source_must_be_one_of_the_case_sources(data_dir, params):
    path = data_dir / "strand2" / "case-country-b.yml"
    replace_in(path, "source: countryb-demo-2020", "source: countryb-nope-2020")
    (only,) = messages(data_dir, params)
    assert only == (
        f"{path}: line {line_of(path, 'countryb-nope-2020')}: enablers[1].source: expected one "
        "of this case's sources (countryb-federal-2018, countryb-demo-2020, "
        "countryb-insurance-2023), found 'countryb-nope-2020'"
    )


def test_case_source_must_be_in_the_bibliography(data_dir, params):
    bib = data_dir / "strand2" / "references.bib"
    replace_in(bib, "{countryd-agency-2019,", "{countryd-agenda-2019,")
    path = data_dir / "strand2" / "case-country-d.yml"
    assert messages(data_dir, params) == [
        (
            f"{path}: line {line_of(path, '- countryd-agency-2019')}: sources[1]: expected a key in "
            "references.bib, found 'countryd-agency-2019'"
        )
    ]


def test_governance_service_twice(data_dir, params):
    path = data_dir / "strand2" / "case-country-a.yml"
    replace_in(path, "service: adult-social-care", "service: education")
    found = messages(data_dir, params)
    assert (
        f"{path}: line {line_of(path, 'service: education', 2)}: governance[4].service: "
        "expected each service once, found a second 'education'"
    ) in found
    assert any(m.endswith("found none for 'adult-social-care'") for m in found)
    assert len(found) == 2


def test_children_cannot_exceed_population(data_dir, params):
    path = data_dir / "strand2" / "case-country-c.yml"
    replace_in(path, "children: 450000", "children: 4500000")
    (only,) = messages(data_dir, params)
    assert only.endswith("children: expected no more than the population (1900000), found 4500000")


def test_invalid_yaml(data_dir, params):
    path = data_dir / "strand2" / "case-country-a.yml"
    replace_in(path, "name: Country A\n", "name: [Country A\n")
    (only,) = messages(data_dir, params)
    assert only.startswith(f"{path}: line ")
    assert ": expected valid YAML, found " in only


def test_key_written_twice(data_dir, params):
    path = data_dir / "strand2" / "case-country-a.yml"
    replace_in(path, "name: Country A\n", "name: Country A\nname: Country Z\n")
    (only,) = messages(data_dir, params)
    assert only == (
        f"{path}:{line_of(path, 'name: Country Z')}: key 'name' is given twice "
        f"(first on line {line_of(path, 'name: Country A')})"
    )


def test_empty_case_file(data_dir, params):
    path = data_dir / "strand2" / "case-country-a.yml"
    path.write_text("# nothing yet\n", encoding="utf-8")
    assert messages(data_dir, params) == [
        f"{path}: expected a case (a mapping of sections), found an empty file"
    ]


def test_theme_element_must_be_a_framework_element(data_dir, params):
    path = data_dir / "strand2" / "themes.yml"
    replace_in(path, "element: poverty", "element: wealth")
    (only,) = messages(data_dir, params)
    assert only.startswith(f"{path}: line {line_of(path, 'element: wealth')}: themes[9].element:")
    assert "params/synthesis.yml" in only and only.endswith("found 'wealth'")


def test_theme_code_must_match_its_kind(data_dir, params):
    path = data_dir / "strand2" / "themes.yml"
    replace_in(path, "code: B09", "code: E11")
    found = messages(data_dir, params)
    assert found[0] == (
        f"{path}: line {line_of(path, 'code: E11')}: themes[19].code: expected a code starting "
        "with B for a theme of kind barrier, found 'E11'"
    )
    # Country C codes B09, which is now unknown: reported in its own file.
    assert any("case-country-c.yml" in m and "found 'B09'" in m for m in found[1:])


def test_missing_codebook(data_dir, params):
    (data_dir / "strand2" / "themes.yml").unlink()
    found = messages(data_dir, params)
    assert found[0] == (
        f"{data_dir / 'strand2' / 'themes.yml'}: expected this file to exist, found no such file"
    )


def test_threshold_above_the_number_of_countries(data_dir, params):
    assert messages(data_dir, {**params, "common_approach_min_countries": 5}) == [
        (
            f"{data_dir / 'strand2'}: expected at least 5 country cases (common_approach_min_countries "
            "in params/strand2.yml), found 4"
        )
    ]


def test_exactly_one_reform_case(data_dir, params):
    folder = data_dir / "strand2"
    copy = folder / "case-scotland-other.yml"
    shutil.copy(folder / "case-scotland-police-fire.yml", copy)
    replace_in(copy, "id: scotland-police-fire", "id: scotland-other")
    assert messages(data_dir, params) == [
        (
            f"{folder}: expected exactly one case of kind reform (the Scottish reform case), found 2 "
            "(case-scotland-other.yml, case-scotland-police-fire.yml)"
        )
    ]


def test_every_problem_is_collected(data_dir, params):
    replace_in(data_dir / "strand2" / "case-country-b.yml", "theme: E06", "theme: E99")
    replace_in(data_dir / "strand2" / "case-country-c.yml", "governs: national", "governs: x")
    found = data.validate(data_dir, params)
    assert len(found) == 2
    assert all(isinstance(p, Problem) for p in found)
    error = InputError(found)
    assert str(error).endswith("(and 1 more problem: run `make validate`)")


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        (("enablers", 1, "theme"), "enablers[2].theme"),
        (("timeline", 0), "timeline[1]"),
        (("reform", "services", 1, "level_after"), "reform.services[2].level_after"),
        ((), ""),
    ],
)
def test_entries_are_numbered_from_one(path, shown):
    assert data.entry_name(path) == shown


def test_loaded_cases_are_ordered_countries_first(cases):
    assert [c.id for c in cases.countries] == ["country-a", "country-b", "country-c", "country-d"]
    assert cases.reform.id == "scotland-police-fire"
    assert cases.cases[-1] is cases.reform
    assert [t.code for t in cases.themes][:2] == ["E01", "E02"]
    assert cases.themes[-1].code == "B09"


def test_data_dictionary_documents_every_entry_and_code():
    text = data.data_dictionary("Intro.")
    for key in data.CASE_SCHEMA["properties"]:
        assert f"| `{key}` |" in text, key
    assert "| `enablers[].theme` |" in text
    assert "| `reform.services[].bodies_before` |" in text
    for vocabulary in (data.LEVELS, data.SERVICES, data.INTEGRATION_FORMS, data.EVENT_KINDS):
        for code in vocabulary:
            assert f"`{code}`" in text, code


def test_key_written_twice_in_themes(data_dir, params):
    path = data_dir / "strand2" / "themes.yml"
    text = path.read_text(encoding="utf-8")
    first = line_of(path, "  label:")
    replace_in(path, "  label:", "  label: Twice\n  label:")
    (only,) = messages(data_dir, params)
    assert only == f"{path}:{first + 1}: key 'label' is given twice (first on line {first})"
    assert text  # the original had no repeat
