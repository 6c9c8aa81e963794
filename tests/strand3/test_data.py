"""Validation of the strand 3 inputs: each bad input gives one line naming file, row,
column and what was expected; validate() collects every problem; load() types the data."""

from __future__ import annotations

import pytest

from csrr.errors import InputError
from csrr.strand3 import data
from tests.conftest import read_rows, set_cell, write_rows

IND = "strand3/indicators.csv"
WF = "strand3/workforce.csv"
INTEG = "strand3/integration.csv"


def first_message(data_dir, params) -> str:
    with pytest.raises(InputError) as caught:
        data.load(data_dir, params)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_demo_data_are_valid(data_dir, params):
    assert data.validate(data_dir, params) == []
    loaded = data.load(data_dir, params)
    assert len(loaded.integration) == 32
    assert loaded.indicators["year"].between(params["study_start"], params["study_end"]).all()
    assert loaded.indicators["looked_after_rate"].dtype.kind == "f"
    assert loaded.integration["lead_agency"].sum() == 1


def test_unknown_council_code(data_dir, params):
    set_cell(data_dir / IND, 5, "council_code", "S12000099")
    message = first_message(data_dir, params)
    assert message.startswith(
        f"{data_dir / IND}, row 5, column council_code: expected one of S12000005"
    )
    assert message.endswith("found 'S12000099'")


def test_duplicate_council_year(data_dir, params):
    rows = read_rows(data_dir / IND)
    rows[3] = list(rows[2])  # row 4 repeats row 3 (same council and year)
    write_rows(data_dir / IND, rows)
    message = first_message(data_dir, params)
    assert message == (
        f"{data_dir / IND}, row 4, column council_code,year: expected no repeated "
        f"council_code + year, found a repeat of council_code={rows[2][0]}, year={rows[2][1]}"
    )


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        (
            "looked_after_rate",
            "250.0",
            "expected a finite number from 0.0 to 100.0 (may be empty)",
        ),
        ("looked_after_rate", "-1", "expected a finite number from 0.0 to 100.0 (may be empty)"),
        (
            "child_protection_rate",
            "75",
            "expected a finite number from 0.0 to 50.0 (may be empty)",
        ),
        ("simd_most_deprived_share", "120", "expected a finite number from 0.0 to 100.0"),
        (
            "looked_after_rate",
            "12,5",
            "expected a finite number from 0.0 to 100.0 (may be empty)",
        ),
    ],
)
def test_rate_outside_its_range(data_dir, params, column, value, expected):
    set_cell(data_dir / IND, 7, column, value)
    message = first_message(data_dir, params)
    assert message == f"{data_dir / IND}, row 7, column {column}: {expected}, found {value!r}"


def test_workforce_rate_outside_its_range(data_dir, params):
    set_cell(data_dir / WF, 3, "vacancy_rate", "140")
    assert first_message(data_dir, params) == (
        f"{data_dir / WF}, row 3, column vacancy_rate: expected a finite number from 0.0 to 100.0 "
        "(may be empty), found '140'"
    )


@pytest.mark.parametrize("year", ["2009", "2031"])
def test_year_outside_study_period(data_dir, params, year):
    set_cell(data_dir / IND, 2, "year", year)
    assert first_message(data_dir, params) == (
        f"{data_dir / IND}, row 2, column year: expected a whole number from "
        f"{params['study_start']} to {params['study_end']}, found {year!r}"
    )


def test_study_period_comes_from_params(data_dir, params):
    narrower = {**params, "study_start": 2016}
    message = first_message(data_dir, narrower)
    assert "column year: expected a whole number from 2016 to 2023, found '2014'" in message


def test_missing_required_column(data_dir, params):
    rows = read_rows(data_dir / IND)
    drop = rows[0].index("child_protection_rate")
    write_rows(data_dir / IND, [r[:drop] + r[drop + 1 :] for r in rows])
    assert first_message(data_dir, params) == (
        f"{data_dir / IND}, column child_protection_rate: expected a column with this header, "
        "found no such column"
    )


def test_missing_file(data_dir, params):
    (data_dir / WF).unlink()
    assert first_message(data_dir, params) == (
        f"{data_dir / WF}: expected this file to exist, found no such file"
    )


def test_council_missing_from_panel(data_dir, params):
    rows = read_rows(data_dir / WF)
    write_rows(data_dir / WF, [r for r in rows if r[0] != "S12000013"])
    assert first_message(data_dir, params) == (
        f"{data_dir / WF}, column council_code: expected a row for each of the 32 councils, "
        "found no row for 1 of them (S12000013)"
    )


def test_name_must_match_code(data_dir, params):
    set_cell(data_dir / INTEG, 2, "council_name", "Stirling")
    assert first_message(data_dir, params) == (
        f"{data_dir / INTEG}, row 2, column council_name: expected 'Clackmannanshire' for "
        "S12000005, found 'Stirling'"
    )


def test_published_spelling_of_a_name_is_accepted(data_dir, params):
    rows = read_rows(data_dir / INTEG)
    row = next(i for i, r in enumerate(rows) if r[0] == "S12000048") + 1
    set_cell(data_dir / INTEG, row, "council_name", "Perth & Kinross")
    assert data.validate(data_dir, params) == []


def test_social_work_without_health_is_not_an_arrangement(data_dir, params):
    # Row 2 is Clackmannanshire (health only): flip to social work only.
    set_cell(data_dir / INTEG, 2, "children_health_delegated", "false")
    set_cell(data_dir / INTEG, 2, "children_social_work_delegated", "true")
    message = first_message(data_dir, params)
    assert message.startswith(
        f"{data_dir / INTEG}, row 2, column children_social_work_delegated: expected a "
        "recognised arrangement"
    )
    assert message.endswith("found health=False, social work=True, lead agency=False")


def test_change_year_needs_previous_arrangement(data_dir, params):
    set_cell(data_dir / INTEG, 2, "change_year", "2019")
    assert first_message(data_dir, params) == (
        f"{data_dir / INTEG}, row 2, column previous_arrangement: expected change_year and "
        "previous_arrangement both given or both empty, found an empty cell"
    )


def test_previous_arrangement_must_differ(data_dir, params):
    set_cell(data_dir / INTEG, 2, "change_year", "2019")
    set_cell(data_dir / INTEG, 2, "previous_arrangement", "ijb-health")
    assert first_message(data_dir, params) == (
        f"{data_dir / INTEG}, row 2, column previous_arrangement: expected an arrangement "
        "different from the current one (ijb-health), found 'ijb-health'"
    )


def test_validate_collects_problems_across_files(data_dir, params):
    set_cell(data_dir / IND, 7, "looked_after_rate", "250")
    set_cell(data_dir / WF, 3, "sickness_absence_rate", "-4")
    set_cell(data_dir / INTEG, 3, "lead_agency", "perhaps")
    problems = data.validate(data_dir, params)
    assert [(p.file.name, p.row, p.column) for p in problems] == [
        ("integration.csv", 3, "lead_agency"),
        ("indicators.csv", 7, "looked_after_rate"),
        ("workforce.csv", 3, "sickness_absence_rate"),
    ]
    with pytest.raises(InputError, match=r"\(and 2 more problems: run `make validate`\)$"):
        data.load(data_dir, params)


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        ((True, True, False), "ijb-all"),
        ((True, False, False), "ijb-health"),
        ((False, False, False), "not-delegated"),
        ((False, False, True), "lead-agency"),
        ((False, True, False), None),
        ((True, False, True), None),
    ],
)
def test_arrangement_of(flags, expected):
    assert data.arrangement_of(*flags) == expected


def test_study_period_must_run_forwards(data_dir, params):
    backwards = {**params, "study_start": 2024, "study_end": 2014}
    assert first_message(data_dir, backwards) == (
        "params/strand3.yml, column study_start: expected a year no later than study_end "
        "(2014), found 2024"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # An infinite staff count once reached the built reports.
        ("inf", "expected a finite number from 0.0 to 2000.0 (may be empty)"),
        ("-inf", "expected a finite number from 0.0 to 2000.0 (may be empty)"),
        ("Infinity", "expected a finite number from 0.0 to 2000.0 (may be empty)"),
        ("nan", "expected a finite number from 0.0 to 2000.0 (may be empty)"),
        ("NaN", "expected a finite number from 0.0 to 2000.0 (may be empty)"),
        ("1e9", "expected a finite number from 0.0 to 2000.0 (may be empty)"),
        ("2000.5", "expected a finite number from 0.0 to 2000.0 (may be empty)"),
    ],
)
def test_staff_numbers_must_be_finite_and_plausible(data_dir, params, value, expected):
    set_cell(data_dir / WF, 4, "staff_wte", value)
    assert first_message(data_dir, params) == (
        f"{data_dir / WF}, row 4, column staff_wte: {expected}, found {value!r}"
    )


def test_staff_number_at_its_maximum_is_valid(data_dir, params):
    set_cell(data_dir / WF, 4, "staff_wte", "2000")
    assert data.validate(data_dir, params) == []


@pytest.mark.parametrize("value", ["inf", "1e9", "250001"])
def test_child_population_has_a_maximum(data_dir, params, value):
    set_cell(data_dir / IND, 3, "child_population", value)
    assert "row 3, column child_population: expected a whole number from 0 to 250000" in (
        first_message(data_dir, params)
    )


def test_column_given_twice_is_refused(data_dir, params):
    rows = read_rows(data_dir / WF)
    column = rows[0].index("staff_wte")
    # The second copy holds other values: pandas would keep it as staff_wte.1.
    write_rows(data_dir / WF, [r + [r[column] if k == 0 else "1e9"] for k, r in enumerate(rows)])
    problems = [str(p) for p in data.validate(data_dir, params)]
    expected = (
        f"{data_dir / WF}, row 1, column staff_wte: expected each column header once, found "
        f"'staff_wte' again in column {len(rows[0]) + 1} (first in column {column + 1})"
    )
    assert problems == [expected]
