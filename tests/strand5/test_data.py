"""Strand 5 inputs: the demo data, validation messages, and what loading keeps.

Every validation test plants one fault in a copy of the demo data and
asserts the exact one-line problem: file, row, column, what was expected,
what was found.
"""

from __future__ import annotations

import filecmp

import pandas as pd
import pytest

from csrr.errors import CsrrError, InputError
from csrr.findings import framework_ids
from csrr.redaction import EMAIL, Redactor
from csrr.strand5 import data, demo
from tests.conftest import read_rows, set_cell, write_rows
from tests.strand5.conftest import DEMO, SECRET, SMALL_PARAMS

CODES = (
    "T1, T1.1, T1.2, T1.3, T2, T2.1, T2.2, T2.3, T3, T3.1, T3.2, T3.3, T4, T4.1, T4.2, T4.3, "
    "T5, T5.1, T5.2, T6, T6.1, T6.2, T7, T7.1, T7.2"
)


def problems_of(data_dir, params, findings_files):
    return [str(p) for p in data.validate(data_dir, params, findings_files=findings_files)]


# ---------------------------------------------------------------------------
# The demo data
# ---------------------------------------------------------------------------


def test_demo_data_is_valid(params, findings_files):
    assert problems_of(DEMO.parent, params, findings_files) == []


def test_regenerating_demo_data_gives_identical_files(tmp_path):
    written = demo.generate(tmp_path)
    names = sorted(p.name for p in written)
    assert names == sorted(p.name for p in DEMO.iterdir())
    _match, mismatch, errors = filecmp.cmpfiles(DEMO, tmp_path, names, shallow=False)
    assert (mismatch, errors) == ([], [])


def test_data_dictionary_documents_every_column_and_says_illustrative():
    readme = (DEMO / "README.md").read_text(encoding="utf-8")
    assert "Illustrative data: synthetic, not research findings" in readme
    for schema in data.SCHEMAS:
        assert f"## `{schema.name}`" in readme
        for column in schema.columns:
            assert f"| `{column.name}` |" in readme
    assert "## `codebook.yml`" in readme and "## `redaction.yml` (optional)" in readme


def test_every_planted_identifier_is_on_the_redaction_list(params):
    listed = params["redaction"]
    assert set(demo.PEOPLE) <= set(listed["people"])
    assert set(demo.PLACES) <= set(listed["places"])
    assert set(demo.ORGANISATIONS) <= set(listed["organisations"])


def test_demo_plants_every_kind_of_identifier_in_approved_and_withheld_excerpts():
    segments = pd.read_csv(DEMO / "segments.csv", dtype=str, keep_default_na=False)
    for approved in ("true", "false"):
        text = " ".join(segments.loc[segments["approved"] == approved, "excerpt"])
        for pool in (demo.PEOPLE, demo.PLACES, demo.ORGANISATIONS):
            assert any(name in text for name in pool), (approved, pool)
    every = " ".join(segments["excerpt"])
    assert EMAIL.search(every)
    assert any(phone in every for phone in demo.PHONES)
    assert segments["excerpt"].is_unique


def test_demo_codebook_cites_existing_framework_elements():
    codebook = data.parse_codebook(
        DEMO / "codebook.yml", finding_ids=None, elements=framework_ids(), problems=(found := [])
    )
    assert found == []
    assert [t.code for t in codebook.themes] == [f"T{i}" for i in range(1, 8)]


# ---------------------------------------------------------------------------
# Validation: one fault, one line naming file, row, column and expectation
# ---------------------------------------------------------------------------


def test_code_not_in_codebook(data_dir, params, findings_files):
    path = data_dir / "strand5" / "segments.csv"
    set_cell(path, 4, "codes", "T1.1; T9.9")
    assert problems_of(data_dir, params, findings_files) == [
        f"{path}, row 4, column codes: expected codes from codebook.yml ({CODES}), found 'T9.9'"
    ]


def test_segment_of_unknown_participant(data_dir, params, findings_files):
    path = data_dir / "strand5" / "segments.csv"
    set_cell(path, 6, "participant_id", "P999")
    assert problems_of(data_dir, params, findings_files) == [
        (
            f"{path}, row 6, column participant_id: expected a participant_id listed in "
            "participants.csv, found 'P999'"
        )
    ]


def test_segment_of_unknown_session(data_dir, params, findings_files):
    path = data_dir / "strand5" / "segments.csv"
    set_cell(path, 7, "session_id", "FG99")
    assert problems_of(data_dir, params, findings_files) == [
        (
            f"{path}, row 7, column session_id: expected a session_id listed in sessions.csv, "
            "found 'FG99'"
        )
    ]


def test_segment_in_another_session_than_its_participant(data_dir, params, findings_files):
    path = data_dir / "strand5" / "segments.csv"
    rows = read_rows(path)
    participant = rows[1][1]
    set_cell(path, 2, "session_id", "IN01")
    assert problems_of(data_dir, params, findings_files) == [
        (
            f"{path}, row 2, column session_id: expected 'FG01', the session of participant "
            f"{participant} in participants.csv, found 'IN01'"
        )
    ]


def test_participant_of_unknown_session(data_dir, params, findings_files):
    folder = data_dir / "strand5"
    set_cell(folder / "participants.csv", 3, "session_id", "IN99")
    found = problems_of(data_dir, params, findings_files)
    assert found[0] == (
        f"{folder / 'participants.csv'}, row 3, column session_id: expected a session_id "
        "listed in sessions.csv, found 'IN99'"
    )
    # FG01 now lists one participant fewer than sessions.csv says.
    assert any(
        p.startswith(f"{folder / 'sessions.csv'}, row 2, column participants: expected ")
        for p in found
    )


def test_session_size_must_match_its_participants(data_dir, params, findings_files):
    path = data_dir / "strand5" / "sessions.csv"
    size = int(read_rows(path)[1][4])
    set_cell(path, 2, "participants", str(size + 1))
    assert problems_of(data_dir, params, findings_files) == [
        (
            f"{path}, row 2, column participants: expected {size}, the number of rows of "
            f"participants.csv for FG01, found '{size + 1}'"
        )
    ]


def test_interview_with_too_many_participants(data_dir, params, findings_files):
    path = data_dir / "strand5" / "sessions.csv"
    rows = read_rows(path)
    row = next(i for i, r in enumerate(rows) if r[1] == "interview") + 1
    set_cell(path, row, "participants", "4")
    assert problems_of(data_dir, params, findings_files)[0] == (
        f"{path}, row {row}, column participants: expected at most 2 participants in an "
        "interview, found '4'"
    )


def test_approved_flag_must_be_true_or_false(data_dir, params, findings_files):
    path = data_dir / "strand5" / "segments.csv"
    set_cell(path, 9, "approved", "maybe")
    assert problems_of(data_dir, params, findings_files) == [
        f"{path}, row 9, column approved: expected true or false, found 'maybe'"
    ]


def _codebook_line(path, text):
    """Line number (1-based) of the first line whose stripped text is ``text``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if line.strip() == text)


def test_codebook_link_to_a_finding_no_strand_produced(data_dir, params, findings_files):
    path = data_dir / "strand5" / "codebook.yml"
    line = _codebook_line(path, "- S4-F01")
    path.write_text(path.read_text().replace("- S4-F01", "- S4-F99", 1))
    known = ", ".join(
        [f"S3-F{i:02d}" for i in range(1, 9)] + [f"S4-F{i:02d}" for i in range(1, 9)]
    )
    files = " or ".join(sorted(str(p) for p in findings_files.values()))
    assert problems_of(data_dir, params, findings_files) == [
        (
            f"{path}, row {line}, column explores: expected a finding id in {files} ({known}), "
            "found 'S4-F99'"
        )
    ]


def test_codebook_unknown_framework_element(data_dir, params, findings_files):
    path = data_dir / "strand5" / "codebook.yml"
    line = _codebook_line(path, "- poverty")
    path.write_text(path.read_text().replace("- poverty", "- povety", 1))
    (problem,) = problems_of(data_dir, params, findings_files)
    assert problem.startswith(
        f"{path}, row {line}, column elements: expected a framework element id of "
        "params/synthesis.yml ("
    )
    assert problem.endswith("found 'povety'")


def test_codebook_finding_may_not_hold_numbers(data_dir, params, findings_files):
    path = data_dir / "strand5" / "codebook.yml"
    text = path.read_text()
    path.write_text(text.replace("finding: Participants saw", "finding: 12 participants saw", 1))
    (problem,) = problems_of(data_dir, params, findings_files)
    assert ", column finding: expected a sentence without numbers" in problem


def test_codebook_code_used_twice(data_dir, params, findings_files):
    path = data_dir / "strand5" / "codebook.yml"
    path.write_text(path.read_text().replace("code: T2.1", "code: T1.1", 1))
    found = problems_of(data_dir, params, findings_files)
    assert any("column code: expected the theme code, a dot and a number" in p for p in found)
    assert any("column code: expected a code used once, found 'T1.1' again" in p for p in found)


def test_codebook_unknown_key(data_dir, params, findings_files):
    path = data_dir / "strand5" / "codebook.yml"
    path.write_text(path.read_text().replace("  definition:", "  defintion:", 1))
    found = problems_of(data_dir, params, findings_files)
    assert any("column defintion: expected one of code, name, definition" in p for p in found)
    assert any("column definition: expected non-empty text, found nothing" in p for p in found)


def test_codebook_without_themes(data_dir, params, findings_files):
    path = data_dir / "strand5" / "codebook.yml"
    path.write_text("# nothing yet\nthemes: []\n")
    assert problems_of(data_dir, params, findings_files) == [
        (
            f"{path}, row 2, column themes: expected a mapping with a non-empty list 'themes', "
            "found []"
        )
    ]


def test_missing_findings_of_an_explored_strand(data_dir, params, findings_files, tmp_path):
    missing = tmp_path / "nowhere" / "findings.json"
    files = {**findings_files, "strand3": missing}
    found = problems_of(data_dir, params, files)
    assert found == [
        f"{missing}: expected the findings of strand3 (build them: make strand3), found no such file"
    ]


def test_every_problem_is_collected(data_dir, params, findings_files):
    folder = data_dir / "strand5"
    set_cell(folder / "segments.csv", 4, "codes", "T9")
    set_cell(folder / "segments.csv", 5, "approved", "perhaps")
    set_cell(folder / "sessions.csv", 3, "mode", "workshop")
    found = problems_of(data_dir, params, findings_files)
    # Files in turn, then the checks across files.
    assert len(found) == 3
    assert "sessions.csv, row 3, column mode" in found[0]
    assert "segments.csv, row 5, column approved" in found[1]
    assert "segments.csv, row 4, column codes" in found[2]


def test_load_raises_one_line(data_dir, params, findings_files):
    set_cell(data_dir / "strand5" / "segments.csv", 4, "codes", "T9.9")
    set_cell(data_dir / "strand5" / "segments.csv", 6, "participant_id", "P999")
    with pytest.raises(InputError) as info:
        data.load(data_dir, params, findings_files=findings_files)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(f"{data_dir / 'strand5' / 'segments.csv'}, row 4, column codes:")
    assert message.endswith("(and 1 more problem: run `make validate`)")


# ---------------------------------------------------------------------------
# Loading: withheld text dropped, approved text redacted
# ---------------------------------------------------------------------------


def test_load_keeps_no_raw_or_withheld_text(small_dir, findings_files):
    loaded = data.load(small_dir, SMALL_PARAMS, findings_files=findings_files)
    segments = loaded.segments
    assert "excerpt" not in segments.columns
    assert segments.set_index("segment_id").at["S4", "quote"] is None
    text = " ".join(q for q in segments["quote"] if q)
    assert SECRET not in text
    assert "Morag" not in text and "07700" not in text
    assert segments.set_index("segment_id").at["S1", "quote"] == (
        "Families need the same worker, as [name] says."
    )
    assert loaded.redactions == {"people": 1, "contacts": 1}
    assert loaded.redacted_quotes == 2


def test_load_adds_labels_and_themes(small_dir, findings_files):
    loaded = data.load(small_dir, SMALL_PARAMS, findings_files=findings_files)
    labels = loaded.sessions.set_index("session_id")["label"].to_dict()
    assert labels == {"FG02": "focus group 1", "FG01": "focus group 2", "IN01": "interview 1"}
    themes = loaded.segments.set_index("segment_id")["themes"].to_dict()
    assert themes["S2"] == ["T1", "T2"]
    assert themes["S5"] == ["T1"]  # two sub-themes of one theme count once
    assert themes["S3"] == ["T1"]  # coded at theme level


def test_redaction_file_in_the_data_folder_adds_names(small_dir, findings_files):
    rows = read_rows(small_dir / "strand5" / "segments.csv")
    rows[6][4] = "Wilma Tannock said my caseload doubled while the team shrank."
    write_rows(small_dir / "strand5" / "segments.csv", rows)
    (small_dir / "strand5" / "redaction.yml").write_text("people:\n  - Wilma Tannock\n")
    loaded = data.load(small_dir, SMALL_PARAMS, findings_files=findings_files)
    quote = loaded.segments.set_index("segment_id").at["S6", "quote"]
    assert quote == "[name] said my caseload doubled while the team shrank."


def test_malformed_redaction_file(small_dir, findings_files):
    path = small_dir / "strand5" / "redaction.yml"
    path.write_text("people:\n  - A Person\nnicknames:\n  - Mo\n")
    assert problems_of(small_dir, SMALL_PARAMS, findings_files) == [
        (
            f"{path}, row 3, column nicknames: expected one of people, places, organisations, "
            "found the unknown key 'nicknames'"
        )
    ]


def test_empty_redaction_list_stops_loading(small_dir, findings_files):
    params = {**SMALL_PARAMS, "redaction": {"people": [], "places": [], "organisations": []}}
    with pytest.raises(CsrrError, match="redaction list is empty"):
        data.load(small_dir, params, findings_files=findings_files)


def test_demo_quotes_are_clean(params, findings_files):
    loaded = data.load(DEMO.parent, params, findings_files=findings_files)
    redactor = Redactor.from_mapping(params["redaction"])
    quotes = [q for q in loaded.segments["quote"] if q]
    assert len(quotes) == int(loaded.segments["approved"].sum())
    assert all(redactor.residue(q) == [] for q in quotes)
    assert sum(loaded.redactions.values()) > 0


def test_codebook_key_written_twice(data_dir, params, findings_files):
    path = data_dir / "strand5" / "codebook.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  definition:", "  definition: again\n  definition:", 1))
    (only,) = problems_of(data_dir, params, findings_files)
    line = text[: text.index("  definition:")].count("\n") + 1
    assert only.endswith(
        f"strand5/codebook.yml:{line + 1}: key 'definition' is given twice (first on line {line})"
    )


def test_redaction_file_key_written_twice(small_dir, findings_files):
    (small_dir / "strand5" / "redaction.yml").write_text(
        "people: [Ann Other]\nplaces: [Oban]\npeople: [Someone Else]\n", encoding="utf-8"
    )
    problems = data.validate(small_dir, SMALL_PARAMS, findings_files=findings_files)
    assert [str(p).split("strand5/")[-1] for p in problems] == [
        "redaction.yml:3: key 'people' is given twice (first on line 1)"
    ]
