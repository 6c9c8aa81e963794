"""Table validation: every problem found, each one line with file, row and column."""

from __future__ import annotations

import pytest

from csrr.errors import InputError
from csrr.validation import Column, TableSchema, data_dictionary, header_problems, read_table

SCHEMA = TableSchema(
    name="panel.csv",
    description="A council x year panel.",
    columns=[
        Column("code", "str", "Council code", pattern=r"S12\d{6}"),
        Column("year", "int", "Year", minimum=2010, maximum=2024),
        Column("rate", "float", "Rate per 1,000", minimum=0, maximum=100, nullable=True),
        Column("kind", "str", "Kind", allowed=("urban", "rural")),
        Column("flag", "bool", "A flag"),
    ],
    unique=[("code", "year")],
)
GOOD = "code,year,rate,kind,flag\nS12000005,2015,12.5,urban,true\nS12000005,2016,,rural,false\n"


def write(tmp_path, text):
    path = tmp_path / "panel.csv"
    path.write_text(text)
    return path


class TestReadTable:
    def test_good_file_parses_typed(self, tmp_path):
        frame = read_table(write(tmp_path, GOOD), SCHEMA)
        assert frame["year"].tolist() == [2015, 2016]
        assert frame["rate"].isna().tolist() == [False, True]
        assert frame["flag"].tolist() == [True, False]

    @pytest.mark.parametrize(
        ("row", "expected"),
        [
            (
                "S12000005,2017,250,urban,true",
                "row 4, column rate: expected a finite number from 0 to 100 (may be empty), found '250'",
            ),
            (
                "S99,2017,1,urban,true",
                "row 4, column code: expected text matching S12\\d{6}, found 'S99'",
            ),
            (
                "S12000005,2030,1,urban,true",
                "row 4, column year: expected a whole number from 2010 to 2024, found '2030'",
            ),
            ("S12000005,2017.5,1,urban,true", "row 4, column year: expected a whole number"),
            (
                "S12000005,2017,1,suburban,true",
                "row 4, column kind: expected one of urban, rural, found 'suburban'",
            ),
            (
                "S12000005,2017,1,urban,maybe",
                "row 4, column flag: expected true or false, found 'maybe'",
            ),
            (
                "S12000005,2015,1,urban,true",
                "row 4, column code,year: expected no repeated code + year",
            ),
            (
                ",2017,1,urban,true",
                "row 4, column code: expected text matching S12\\d{6}, found an empty cell",
            ),
        ],
    )
    def test_one_problem_one_line(self, tmp_path, row, expected):
        with pytest.raises(InputError) as info:
            read_table(write(tmp_path, GOOD + row + "\n"), SCHEMA)
        message = str(info.value)
        assert message.startswith("panel.csv") or "panel.csv" in message
        assert expected in message
        assert "\n" not in message

    def test_missing_column_is_named(self, tmp_path):
        with pytest.raises(
            InputError,
            match="column kind: expected a column with this header, found no such column",
        ):
            read_table(write(tmp_path, "code,year,rate,flag\nS12000005,2015,1,true\n"), SCHEMA)

    def test_collects_every_problem(self, tmp_path):
        text = GOOD + "S99,2030,250,suburban,true\n"
        problems = []
        read_table(write(tmp_path, text), SCHEMA, collect=problems)
        assert {p.column for p in problems} == {"code", "year", "rate", "kind"}
        assert all(p.row == 4 for p in problems)

    def test_missing_file(self, tmp_path):
        with pytest.raises(InputError, match="expected this file to exist, found no such file"):
            read_table(tmp_path / "nope.csv", SCHEMA)

    def test_extra_problems_are_counted_in_the_message(self, tmp_path):
        with pytest.raises(InputError, match=r"\(and 3 more problems: run `make validate`\)"):
            read_table(write(tmp_path, GOOD + "S99,2030,250,suburban,true\n"), SCHEMA)


def test_data_dictionary_documents_every_column():
    text = data_dictionary("Panel", "Synthetic.", [SCHEMA])
    for column in SCHEMA.columns:
        assert f"`{column.name}`" in text
    assert "Each row is unique by `code` + `year`." in text


class TestHeadersAndNumbers:
    def test_repeated_header_is_one_problem_and_nothing_else_is_checked(self, tmp_path):
        # The rest of the file is not checked: with two "year" columns nobody
        # can say which one the checks should read.
        text = "code,year,rate,kind,flag,year\nS12000005,2015,12.5,urban,true,1999\n"
        with pytest.raises(InputError) as caught:
            read_table(write(tmp_path, text), SCHEMA)
        (problem,) = caught.value.problems
        assert str(problem).endswith(
            "panel.csv, row 1, column year: expected each column header once, "
            "found 'year' again in column 6 (first in column 2)"
        )

    @pytest.mark.parametrize("header", ["rate,rate", "rate, rate", "\ufeffcode,code"])
    def test_header_repeats_are_found_however_spaced(self, tmp_path, header):
        path = tmp_path / "t.csv"
        path.write_text(header + "\n1,2\n", encoding="utf-8")
        (problem,) = header_problems(path)
        assert problem.row == 1 and "again in column 2 (first in column 1)" in problem.found

    def test_same_header_twice_is_refused_even_with_other_columns_between(self, tmp_path):
        path = tmp_path / "t.csv"
        path.write_text("a,b,c,a,b\n1,2,3,4,5\n", encoding="utf-8")
        assert [p.column for p in header_problems(path)] == ["a", "b"]

    @pytest.mark.parametrize(
        "value", ["inf", "-inf", "+inf", "Infinity", "nan", "NaN", "1e400", "1e9", "100.0001"]
    )
    def test_non_finite_or_too_large_numbers_are_refused(self, tmp_path, value):
        text = GOOD.replace("12.5", value)
        with pytest.raises(InputError, match=r"row 2, column rate: expected a finite number"):
            read_table(write(tmp_path, text), SCHEMA)

    @pytest.mark.parametrize("value", ["inf", "1e9", "nan"])
    def test_whole_numbers_refuse_them_too(self, tmp_path, value):
        text = GOOD.replace("2015", value)
        with pytest.raises(InputError, match=r"row 2, column year: expected a whole number"):
            read_table(write(tmp_path, text), SCHEMA)

    def test_a_number_column_must_declare_a_maximum(self):
        with pytest.raises(ValueError, match="number column needs a maximum"):
            Column("n", "int", "A count", minimum=0)
        Column("n", "int", "A code", allowed=(1, 2))

    def test_data_dictionary_states_the_rules(self):
        text = data_dictionary("T", "Intro.", [SCHEMA])
        assert "names each column once" in text and "`inf`, `nan`" in text
