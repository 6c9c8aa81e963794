"""PRISMA 2020 counts and their reconciliation, on small hand-made records."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from csrr.strand1 import prisma

PATHS = {
    "search_log": Path("data/x/strand1/search_log.csv"),
    "screening": Path("data/x/strand1/screening.csv"),
    "studies": Path("data/x/strand1/studies.csv"),
}
REASONS = ("Not an integration model", "No outcome data")


def frames():
    """Ten records from two databases: 2 duplicates, 5 excluded on title and
    abstract, 1 not retrieved, 1 excluded at full text, 1 included."""
    log = pd.DataFrame({"database": ["A", "B"], "records_found": [6, 4]})
    rows = [
        # record, source, duplicate, ta, ft, reason
        ("R00001", "A", False, "include", "include", ""),
        ("R00002", "A", False, "include", "exclude", "No outcome data"),
        ("R00003", "A", False, "include", "not retrieved", ""),
        ("R00004", "A", False, "exclude", "", ""),
        ("R00005", "A", False, "exclude", "", ""),
        ("R00006", "A", False, "exclude", "", ""),
        ("R00007", "B", True, "", "", ""),
        ("R00008", "B", True, "", "", ""),
        ("R00009", "B", False, "exclude", "", ""),
        ("R00010", "B", False, "exclude", "", ""),
    ]
    screening = pd.DataFrame(
        rows,
        columns=[
            "record_id",
            "source",
            "duplicate",
            "title_abstract_decision",
            "full_text_decision",
            "exclusion_reason",
        ],
    )
    studies = pd.DataFrame({"study_id": ["S001"], "record_id": ["R00001"]})
    return log, screening, studies


def test_counts_follow_the_records():
    log, screening, _ = frames()
    c = prisma.count(log, screening, REASONS)
    assert c.by_database == {"A": 6, "B": 4}
    assert (c.identified, c.duplicates, c.screened, c.excluded_screening) == (10, 2, 8, 5)
    assert (c.sought, c.not_retrieved, c.assessed, c.included) == (3, 1, 2, 1)
    assert c.excluded_reasons == {"No outcome data": 1}
    assert c.excluded_full_text == 1


def test_consistent_records_reconcile():
    assert prisma.reconcile(*frames(), PATHS, REASONS) == []


def test_a_record_without_full_text_decision_shows_the_sum():
    log, screening, studies = frames()
    screening.loc[1, ["full_text_decision", "exclusion_reason"]] = ["", ""]
    problems = prisma.reconcile(log, screening, studies, PATHS, REASONS)
    assert [str(p) for p in problems] == [
        (
            "data/x/strand1/screening.csv, row 3, column full_text_decision: PRISMA counts do not "
            "reconcile: 8 screened - 5 excluded at title/abstract = 3 - 1 not retrieved = 2, but "
            "1 full text was assessed"
        )
    ]


def test_a_duplicate_that_was_screened_shows_the_sum():
    log, screening, studies = frames()
    screening.loc[6, "title_abstract_decision"] = "exclude"
    problems = prisma.reconcile(log, screening, studies, PATHS, REASONS)
    assert str(problems[0]) == (
        "data/x/strand1/screening.csv, row 8, column title_abstract_decision: PRISMA counts do "
        "not reconcile: 10 identified - 2 duplicates removed = 8, but 9 records were screened"
    )


def test_search_log_count_that_disagrees_names_the_database():
    log, screening, studies = frames()
    log.loc[1, "records_found"] = 5
    problems = prisma.reconcile(log, screening, studies, PATHS, REASONS)
    assert str(problems[0]) == (
        "data/x/strand1/search_log.csv, row 3, column records_found: PRISMA counts do not "
        "reconcile: 5 records identified from B, but data/x/strand1/screening.csv holds 4 "
        "records from it"
    )


def test_an_exclusion_without_a_reason_is_counted():
    log, screening, studies = frames()
    screening.loc[1, "exclusion_reason"] = ""
    problems = prisma.reconcile(log, screening, studies, PATHS, REASONS)
    assert str(problems[0]) == (
        "data/x/strand1/screening.csv, row 3, column exclusion_reason: PRISMA counts do not "
        "reconcile: 2 full texts assessed - 1 included = 1 excluded, but reasons are given for 0"
    )


@pytest.mark.parametrize(
    ("studies", "where"),
    [
        (pd.DataFrame({"study_id": [], "record_id": []}), "screening.csv, row 2"),
        (
            pd.DataFrame({"study_id": ["S001", "S002"], "record_id": ["R00001", "R00002"]}),
            "studies.csv, row 3, column record_id",
        ),
    ],
)
def test_included_records_must_match_the_studies(studies, where):
    log, screening, _ = frames()
    problems = prisma.reconcile(log, screening, studies, PATHS, REASONS)
    assert len(problems) == 1
    assert where in str(problems[0])
    assert "PRISMA counts do not reconcile: 1 record was included at full text" in str(problems[0])


def test_problem_keeps_both_sides_for_readers_of_expected_and_found():
    log, screening, studies = frames()
    screening.loc[1, ["full_text_decision", "exclusion_reason"]] = ["", ""]
    (problem,) = prisma.reconcile(log, screening, studies, PATHS, REASONS)
    assert problem.expected == (
        "PRISMA counts that reconcile: 8 screened - 5 excluded at title/abstract = 3 "
        "- 1 not retrieved = 2"
    )
    assert problem.found == "1 full text was assessed"
