"""Table validation: every problem found, each one line with file, row and column."""

from __future__ import annotations

import pytest

from csrr.errors import InputError
from csrr.validation import Column, TableSchema, data_dictionary, read_table

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
                "row 4, column rate: expected a number from 0 to 100 (may be empty), found '250'",
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
