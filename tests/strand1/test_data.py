"""Validation of the strand 1 inputs: planted problems give one line naming
file, row, column and what was expected."""

from __future__ import annotations

import pytest

from csrr.errors import InputError
from csrr.strand1 import data
from tests.conftest import set_cell
from tests.strand1.conftest import read, write


def problems_of(data_copy, params) -> list[str]:
    return [str(p) for p in data.validate(data_copy, params)]


def test_demo_data_are_valid(params):
    from csrr.paths import DEMO_DATA_DIR

    assert data.validate(DEMO_DATA_DIR, params) == []
    review = data.load(DEMO_DATA_DIR, params)
    assert review.counts.included == len(review.studies)
    assert set(review.studies["citation_key"]) <= set(review.references)


def test_country_not_on_the_high_income_list(data_copy, params):
    set_cell(data_copy / "strand1/studies.csv", 4, "country", "India")
    (problem,) = problems_of(data_copy, params)
    assert problem.endswith(
        "strand1/studies.csv, row 4, column country: expected a World Bank high-income country "
        "(2024 classification, high_income_countries in params/strand1.yml), found 'India'"
    )


def test_outcome_of_a_study_that_does_not_exist(data_copy, params):
    outcomes = read(data_copy / "strand1/outcomes.csv")
    # A measure of a study with several, so the study keeps at least one.
    row = int(outcomes.index[outcomes["study_id"].duplicated(keep=False)][0])
    set_cell(data_copy / "strand1/outcomes.csv", row + 2, "study_id", "S999")
    (problem,) = problems_of(data_copy, params)
    assert problem.endswith(
        f"strand1/outcomes.csv, row {row + 2}, column study_id: expected a study_id in "
        "studies.csv, found 'S999'"
    )


def test_study_without_any_outcome(data_copy, params):
    outcomes = read(data_copy / "strand1/outcomes.csv")
    write(outcomes[outcomes["study_id"] != "S003"], data_copy / "strand1/outcomes.csv")
    (problem,) = problems_of(data_copy, params)
    assert problem.endswith(
        "strand1/studies.csv, row 4, column study_id: expected at least one outcome measure in "
        "outcomes.csv, found none for S003"
    )


def test_citation_key_missing_from_the_bib(data_copy, params):
    studies = read(data_copy / "strand1/studies.csv")
    key = studies.loc[0, "citation_key"]
    bib = data_copy / "strand1/references.bib"
    bib.write_text(bib.read_text().replace("{" + key + ",", "{renamed2000,"))
    (problem,) = problems_of(data_copy, params)
    assert problem.endswith(
        f"strand1/studies.csv, row 2, column citation_key: expected a key in references.bib, "
        f"found '{key}'"
    )


def test_year_that_disagrees_with_the_bib(data_copy, params):
    studies = read(data_copy / "strand1/studies.csv")
    year = int(studies.loc[2, "year"])
    set_cell(data_copy / "strand1/studies.csv", 4, "year", str(year + 1))
    (problem,) = problems_of(data_copy, params)
    assert f"row 4, column year: expected {year}, the year of" in problem


def test_services_outside_the_review_question(data_copy, params):
    set_cell(data_copy / "strand1/studies.csv", 3, "services_integrated", "early years; education")
    (problem,) = problems_of(data_copy, params)
    assert problem.endswith(
        "strand1/studies.csv, row 3, column services_integrated: expected a children's service "
        "joined to a health service or adult social care, found 'early years; education'"
    )


def test_unknown_integration_model(data_copy, params):
    set_cell(data_copy / "strand1/studies.csv", 5, "integration_model", "hub")
    (problem,) = problems_of(data_copy, params)
    assert "row 5, column integration_model: expected one of family-hubs," in problem


def test_bad_direction_value_uses_the_schema(data_copy, params):
    set_cell(data_copy / "strand1/outcomes.csv", 3, "direction", "better")
    (problem,) = problems_of(data_copy, params)
    assert problem.endswith(
        "strand1/outcomes.csv, row 3, column direction: expected one of positive, no effect, "
        "mixed, negative, found 'better'"
    )


def test_exclusion_reason_not_in_params(data_copy, params):
    screening = read(data_copy / "strand1/screening.csv")
    row = int(screening.index[screening["full_text_decision"] == "exclude"][0])
    set_cell(data_copy / "strand1/screening.csv", row + 2, "exclusion_reason", "Too long")
    (problem,) = problems_of(data_copy, params)
    assert problem.endswith(
        f"strand1/screening.csv, row {row + 2}, column exclusion_reason: expected one of the "
        "exclusion_reasons in params/strand1.yml, found 'Too long'"
    )


def test_prisma_counts_that_do_not_reconcile_show_the_numbers(data_copy, params):
    path = data_copy / "strand1/screening.csv"
    screening = read(path)
    # A full text that was excluded loses its decision (and its reason).
    row = int(screening.index[screening["full_text_decision"] == "exclude"][0])
    screening.loc[row, ["full_text_decision", "exclusion_reason"]] = ["", ""]
    write(screening, path)
    with pytest.raises(InputError) as err:
        data.load(data_copy, params)
    message = str(err.value)
    assert "\n" not in message
    assert message.endswith(
        f"strand1/screening.csv, row {row + 2}, column full_text_decision: PRISMA counts do not "
        "reconcile: 1,716 screened - 1,564 excluded at title/abstract = 152 - 3 not retrieved = "
        "149, but 148 full texts were assessed"
    )


def test_search_log_that_disagrees_with_the_screening(data_copy, params):
    set_cell(data_copy / "strand1/search_log.csv", 2, "records_found", "565")
    (problem,) = problems_of(data_copy, params)
    assert problem.endswith(
        "strand1/search_log.csv, row 2, column records_found: PRISMA counts do not reconcile: "
        f"565 records identified from MEDLINE (Ovid), but {data_copy}/strand1/screening.csv "
        "holds 564 records from it"
    )


def test_balanced_mistakes_are_caught_row_by_row(data_copy, params):
    # A duplicate screened and a record left unscreened: the sums still add up.
    path = data_copy / "strand1/screening.csv"
    screening = read(path)
    dup = int(screening.index[screening["duplicate"] == "true"][0])
    unscreened = int(screening.index[screening["title_abstract_decision"] == "exclude"][0])
    screening.loc[dup, "title_abstract_decision"] = "exclude"
    screening.loc[unscreened, "title_abstract_decision"] = ""
    write(screening, path)
    problems = problems_of(data_copy, params)
    assert len(problems) == 2
    assert any(
        f"row {dup + 2}, column title_abstract_decision: expected an empty cell (duplicates are "
        "not screened), found 'exclude'" in p
        for p in problems
    )
    assert any(f"row {unscreened + 2}, column title_abstract_decision" in p for p in problems)


def test_every_problem_is_collected_across_files(data_copy, params):
    set_cell(data_copy / "strand1/studies.csv", 4, "quality_rating", "excellent")
    set_cell(data_copy / "strand1/outcomes.csv", 2, "domain", "costs")
    set_cell(data_copy / "strand1/search_log.csv", 3, "date_searched", "3 March 2026")
    problems = problems_of(data_copy, params)
    assert len(problems) == 3
    with pytest.raises(InputError, match=r"\(and 2 more problems: run `make validate`\)"):
        data.load(data_copy, params)


def test_missing_bib_is_reported(data_copy, params):
    (data_copy / "strand1/references.bib").unlink()
    (problem,) = problems_of(data_copy, params)
    assert problem.endswith(
        "strand1/references.bib: expected this file to exist, found no such file"
    )


def test_repeated_bib_key_is_reported(data_copy, params):
    bib = data_copy / "strand1/references.bib"
    text = bib.read_text()
    first = text[text.index("@") :]
    bib.write_text(text + "\n" + first[: first.index("\n}\n") + 3])
    problems = problems_of(data_copy, params)
    assert any("column key: expected each key once (first at line" in p for p in problems)


def test_read_bib_skips_comments_and_strings(tmp_path):
    bib = tmp_path / "r.bib"
    bib.write_text(
        "@comment{ignore me}\n@string{j = {Journal}}\n"
        "@article{alpha2020,\n  title = {A},\n  year = 2020\n}\n"
        "@book{beta2021, title={B}, year={2021}}\n",
        encoding="utf-8",
    )
    found = []
    entries = data.read_bib(bib, found)
    assert found == []
    assert {k: (e.kind, e.year) for k, e in entries.items()} == {
        "alpha2020": ("article", 2020),
        "beta2021": ("book", 2021),
    }
