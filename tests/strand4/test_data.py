"""Strand 4 inputs: every bad value stops with one line naming file, row and column."""

from __future__ import annotations

import pandas as pd
import pytest

from csrr.errors import CsrrError, InputError
from csrr.strand4 import data
from tests.conftest import read_rows, set_cell, write_rows
from tests.strand4.conftest import classification_frame


def responses(data_dir):
    return data_dir / "strand4" / data.RESPONSES_FILE


def questionnaire(data_dir):
    return data_dir / "strand4" / data.QUESTIONNAIRE_FILE


def only_problem(data_dir) -> str:
    problems = data.validate(data_dir, {})
    assert len(problems) == 1, [str(p) for p in problems]
    return str(problems[0])


def test_demo_data_are_valid(data_dir):
    assert data.validate(data_dir, {}) == []
    survey = data.load(data_dir)
    assert len(survey.questionnaire.items) == 26
    assert [s.id for s in survey.questionnaire.scales] == list(data.SCALE_IDS)
    assert survey.responses["qual_1"].dtype == "Int64"


def test_likert_value_of_7_names_file_row_and_column(data_dir):
    set_cell(responses(data_dir), 12, "multi_3", "7")
    message = only_problem(data_dir)
    assert message.endswith(
        "strand4/responses.csv, row 12, column multi_3: expected an answer code from 1 to 5 "
        "or 9 (prefer not to say), or an empty cell (not answered), found '7'"
    )
    with pytest.raises(InputError) as caught:
        data.load(data_dir)
    assert str(caught.value) == message
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("value", ["0", "6", "3.5", "x"])
def test_other_values_outside_the_scale_are_refused(data_dir, value):
    set_cell(responses(data_dir), 2, "change_2", value)
    assert "row 2, column change_2: expected an answer code" in only_problem(data_dir)


def test_prefer_not_to_say_and_empty_answers_are_valid(data_dir):
    set_cell(responses(data_dir), 2, "change_2", "9")
    set_cell(responses(data_dir), 3, "change_2", "")
    assert data.validate(data_dir, {}) == []


def test_duplicate_respondent_id(data_dir):
    rows = read_rows(responses(data_dir))
    set_cell(responses(data_dir), 20, "respondent_id", rows[4][0])
    message = only_problem(data_dir)
    assert "responses.csv, row 20, column respondent_id: expected no repeated respondent_id" in (
        message
    )


def test_unknown_council(data_dir):
    set_cell(responses(data_dir), 7, "council_code", "S12000099")
    assert only_problem(data_dir).endswith(
        "responses.csv, row 7, column council_code: expected the GSS code of one of "
        "Scotland's 32 council areas (S12000005 ... S12000050), found 'S12000099'"
    )


def test_unknown_role_group(data_dir):
    set_cell(responses(data_dir), 9, "role_group", "nurse")
    assert "row 9, column role_group: expected one of social-work" in only_problem(data_dir)


def test_unknown_item_column(data_dir):
    rows = read_rows(responses(data_dir))
    for k, row in enumerate(rows):
        row.append("qual_7" if k == 0 else "3")
    write_rows(responses(data_dir), rows)
    assert only_problem(data_dir).endswith(
        "responses.csv, row 1, column qual_7: expected an item listed in questionnaire.yml, "
        "found an unknown item"
    )


def test_questionnaire_item_missing_from_the_responses(data_dir):
    rows = read_rows(responses(data_dir))
    drop = rows[0].index("barrier_4")
    write_rows(responses(data_dir), [r[:drop] + r[drop + 1 :] for r in rows])
    assert only_problem(data_dir).endswith(
        "responses.csv, row 1, column barrier_4: expected a column for questionnaire item "
        "barrier_4, found no such column"
    )


def test_a_missing_profile_column_is_named(data_dir):
    rows = read_rows(responses(data_dir))
    drop = rows[0].index("sector")
    write_rows(responses(data_dir), [r[:drop] + r[drop + 1 :] for r in rows])
    assert "column sector: expected a column with this header, found no such column" in (
        only_problem(data_dir)
    )


def test_bad_completion_flag(data_dir):
    set_cell(responses(data_dir), 30, "completed", "maybe")
    assert "row 30, column completed: expected true or false, found 'maybe'" in only_problem(
        data_dir
    )


def test_validation_collects_every_problem_across_columns(data_dir):
    set_cell(responses(data_dir), 5, "qual_1", "7")
    set_cell(responses(data_dir), 6, "sector", "private")
    problems = [str(p) for p in data.validate(data_dir, {})]
    assert len(problems) == 2
    assert any("row 5, column qual_1" in p for p in problems)
    assert any("row 6, column sector" in p for p in problems)


def test_questionnaire_item_in_an_unknown_scale(data_dir):
    path = questionnaire(data_dir)
    path.write_text(
        path.read_text().replace("scale: change\n", "scale: reform\n", 1), encoding="utf-8"
    )
    message = only_problem(data_dir)
    assert "questionnaire.yml, column items[12].scale: expected one of the scales" in message
    assert "found 'reform'" in message


def test_questionnaire_with_a_missing_key(data_dir):
    path = questionnaire(data_dir)
    text = path.read_text()
    path.write_text(text.replace("prefer_not_to_say: 9\n", ""), encoding="utf-8")
    assert "questionnaire.yml, column prefer_not_to_say: expected this key" in only_problem(
        data_dir
    )


def test_missing_files(tmp_path):
    (tmp_path / "strand4").mkdir()
    assert "questionnaire.yml: expected this file to exist" in only_problem(tmp_path)


def test_classification_missing_says_to_build_strand_3(tmp_path):
    with pytest.raises(CsrrError, match=r"build strand 3 first: make strand3"):
        data.load_classification(tmp_path / "classification.csv")


def test_classification_with_a_council_missing(tmp_path):
    path = tmp_path / "classification.csv"
    classification_frame().iloc[1:].to_csv(path, index=False)
    with pytest.raises(InputError, match=r"row 33, column council_code: .* S12000005"):
        data.load_classification(path)


def test_classification_with_an_unknown_arrangement(tmp_path):
    path = tmp_path / "classification.csv"
    frame = classification_frame()
    frame.loc[4, "arrangement"] = "merged"
    frame.to_csv(path, index=False)
    with pytest.raises(InputError, match=r"row 6, column arrangement: expected one of ijb-all"):
        data.load_classification(path)


def test_classification_is_read(tmp_path):
    path = tmp_path / "classification.csv"
    classification_frame().to_csv(path, index=False)
    frame = data.load_classification(path)
    assert list(frame.columns) == ["council_code", "arrangement", "arrangement_label"]
    assert len(frame) == 32
    assert isinstance(frame, pd.DataFrame)


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        # Last-wins would make every 9 in responses.csv a bad answer.
        (
            "prefer_not_to_say: 9\n",
            "prefer_not_to_say: 9\nprefer_not_to_say: 8\n",
            "prefer_not_to_say",
        ),
        ("  5: Strongly agree\n", "  5: Strongly agree\n  5: Agree strongly\n", "5"),
        ("  - id: quality\n", "  - id: quality\n    id: change\n", "id"),
    ],
)
def test_key_twice_in_questionnaire_is_one_problem_in_that_file(data_dir, old, new, key):
    path = questionnaire(data_dir)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    second = text[: text.index(old) + len(old)].count("\n") + 1
    message = only_problem(data_dir)
    assert message.endswith(
        f"strand4/questionnaire.yml:{second}: key '{key}' is given twice "
        f"(first on line {second - 1})"
    )
    with pytest.raises(InputError) as caught:
        data.load(data_dir)
    assert str(caught.value) == message
