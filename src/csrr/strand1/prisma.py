"""PRISMA 2020 counts, derived from the screening records, and their reconciliation.

Every count in the flow diagram is counted from ``screening.csv`` (one row
per record identified) and ``search_log.csv`` (records found per database),
never typed in. The counts must then add up the way the PRISMA 2020 flow
diagram says they do:

    identified (search log)      = records in the screening file, per database
    identified - duplicates      = records screened at title and abstract
    screened - excluded          = reports sought for retrieval
    sought - not retrieved       = reports assessed in full text
    assessed - included          = reports excluded with a reason
    included in the screening    = studies in studies.csv

When one does not, the build stops with a line that shows the numbers that
disagree and points at the first record that breaks the sum.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from csrr.errors import Problem
from csrr.paths import relative

INCLUDE, EXCLUDE, NOT_RETRIEVED = "include", "exclude", "not retrieved"


@dataclass(frozen=True)
class ReconcileProblem(Problem):
    """A problem whose message is a sum that does not add up.

    It prints as ``file, row N, column C: PRISMA counts do not reconcile:
    <sum>`` so the reader sees the numbers that disagree; ``expected`` and
    ``found`` still hold the two sides for anything that reads them.
    """

    detail: str = ""

    def __str__(self) -> str:
        where = [relative(Path(self.file))]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: PRISMA counts do not reconcile: {self.detail}"


@dataclass(frozen=True)
class PrismaCounts:
    """The numbers in a PRISMA 2020 flow diagram (databases and registers).

    Attributes
    ----------
    by_database : dict
        Records found in each database, from the search log, in its order.
    identified : int
        Records identified (sum of ``by_database``).
    duplicates : int
        Duplicate records removed before screening.
    screened : int
        Records screened on title and abstract.
    excluded_screening : int
        Records excluded at title and abstract.
    sought : int
        Reports sought for retrieval.
    not_retrieved : int
        Reports not retrieved.
    assessed : int
        Reports assessed for eligibility in full text.
    excluded_reasons : dict
        Reports excluded in full text, by reason (in params order).
    included : int
        Studies included in the review.
    """

    by_database: dict[str, int]
    identified: int
    duplicates: int
    screened: int
    excluded_screening: int
    sought: int
    not_retrieved: int
    assessed: int
    excluded_reasons: dict[str, int] = field(default_factory=dict)
    included: int = 0

    @property
    def excluded_full_text(self) -> int:
        """Reports excluded at full text (all reasons)."""
        return sum(self.excluded_reasons.values())


def _text(series: pd.Series) -> pd.Series:
    """Lower-cased, stripped text with missing values as empty strings."""
    return series.astype("string").fillna("").str.strip().str.lower()


def count(
    search_log: pd.DataFrame, screening: pd.DataFrame, reasons: tuple[str, ...] = ()
) -> PrismaCounts:
    """Count the PRISMA 2020 numbers from the (parsed) inputs.

    Parameters
    ----------
    search_log : pandas.DataFrame
        ``search_log.csv``: database, records_found.
    screening : pandas.DataFrame
        ``screening.csv``: one row per record.
    reasons : tuple of str
        Exclusion reasons in the order to list them; reasons found in the
        data but not listed follow in alphabetical order.

    Returns
    -------
    PrismaCounts
    """
    ta = _text(screening["title_abstract_decision"])
    ft = _text(screening["full_text_decision"])
    duplicate = screening["duplicate"].fillna(False).astype(bool)
    by_db = {
        str(db): int(n)
        for db, n in zip(search_log["database"], search_log["records_found"], strict=True)
    }
    excluded = screening.loc[ft == EXCLUDE, "exclusion_reason"].astype("string").fillna("")
    tally = excluded.str.strip().value_counts()
    ordered = [r for r in reasons if r in tally.index] + sorted(
        r for r in tally.index if r not in reasons
    )
    return PrismaCounts(
        by_database=by_db,
        identified=sum(by_db.values()),
        duplicates=int(duplicate.sum()),
        screened=int((ta != "").sum()),
        excluded_screening=int((ta == EXCLUDE).sum()),
        sought=int((ta == INCLUDE).sum()),
        not_retrieved=int((ft == NOT_RETRIEVED).sum()),
        assessed=int(ft.isin([INCLUDE, EXCLUDE]).sum()),
        excluded_reasons={str(r): int(tally[r]) for r in ordered},
        included=int((ft == INCLUDE).sum()),
    )


def _first_row(mask: pd.Series) -> int | None:
    """Spreadsheet row (header = row 1) of the first True in ``mask``."""
    hits = [i for i, flag in enumerate(mask.tolist()) if flag]
    return hits[0] + 2 if hits else None


def _n(value: int) -> str:
    return f"{value:,}"


def _were(value: int, noun: str) -> str:
    """``"1 full text was"``, ``"98 full texts were"``."""
    return f"{value:,} {noun} was" if value == 1 else f"{value:,} {noun}s were"


def reconcile(
    search_log: pd.DataFrame,
    screening: pd.DataFrame,
    studies: pd.DataFrame,
    paths: dict[str, Path],
    reasons: tuple[str, ...] = (),
) -> list[Problem]:
    """Check that the PRISMA counts add up; return one problem per broken sum.

    Parameters
    ----------
    search_log, screening, studies : pandas.DataFrame
        The parsed inputs (each already valid on its own).
    paths : dict
        File of each input, by name (``search_log``, ``screening``, ``studies``).
    reasons : tuple of str
        Exclusion reasons, for the order of the counts.

    Returns
    -------
    list of ReconcileProblem
        Each names the file, the first row that breaks the sum (when one
        does) and the sum with the numbers that disagree.
    """
    problems: list[Problem] = []
    c = count(search_log, screening, reasons)
    ta = _text(screening["title_abstract_decision"])
    ft = _text(screening["full_text_decision"])
    reason = screening["exclusion_reason"].astype("string").fillna("").str.strip()
    duplicate = screening["duplicate"].fillna(False).astype(bool)
    source = screening["source"].astype("string").fillna("").str.strip()

    def broken(path: Path, row: int | None, column: str, left: str, right: str) -> None:
        """Record a sum whose two sides, ``left`` and ``right``, disagree."""
        problems.append(
            ReconcileProblem(
                path,
                row,
                column,
                f"PRISMA counts that reconcile: {left}",
                right,
                detail=f"{left}, but {right}",
            )
        )

    # 1. Each database's records found = its records in the screening file.
    held = source.value_counts()
    for pos, (db, found) in enumerate(c.by_database.items()):
        have = int(held.get(db, 0))
        if have != found:
            broken(
                paths["search_log"],
                pos + 2,
                "records_found",
                f"{_n(found)} records identified from {db}",
                f"{relative(paths['screening'])} holds {_n(have)} records from it",
            )

    # 2. Identified - duplicates = screened.
    records = len(screening)
    if records - c.duplicates != c.screened:
        # The culprit: a duplicate that was screened, or a record that was not.
        wrong = (duplicate & (ta != "")) | (~duplicate & (ta == ""))
        broken(
            paths["screening"],
            _first_row(wrong),
            "title_abstract_decision",
            f"{_n(records)} identified - {_n(c.duplicates)} duplicates removed = "
            f"{_n(records - c.duplicates)}",
            f"{_were(c.screened, 'record')} screened",
        )

    # 3. Screened - excluded = sought; sought - not retrieved = assessed.
    expected = c.screened - c.excluded_screening - c.not_retrieved
    if expected != c.assessed or c.sought + c.excluded_screening != c.screened:
        wrong = ((ta == INCLUDE) & (ft == "")) | ((ta != INCLUDE) & (ft != ""))
        left = (
            f"{_n(c.screened)} screened - {_n(c.excluded_screening)} excluded at title/abstract "
            f"= {_n(c.screened - c.excluded_screening)}"
        )
        if c.not_retrieved:
            left += f" - {_n(c.not_retrieved)} not retrieved = {_n(expected)}"
        broken(
            paths["screening"],
            _first_row(wrong),
            "full_text_decision",
            left,
            f"{_were(c.assessed, 'full text')} assessed",
        )

    # 4. Assessed - included = excluded with a reason.
    reasons_given = int(((ft == EXCLUDE) & (reason != "")).sum())
    excluded = c.assessed - c.included
    if reasons_given != excluded:
        broken(
            paths["screening"],
            _first_row((ft == EXCLUDE) & (reason == "")),
            "exclusion_reason",
            f"{_n(c.assessed)} full texts assessed - {_n(c.included)} included = "
            f"{_n(excluded)} excluded",
            f"reasons are given for {_n(reasons_given)}",
        )

    # 5. Included in the screening = studies in studies.csv, record for record.
    included_ids = set(screening.loc[ft == INCLUDE, "record_id"].astype(str))
    study_records = studies["record_id"].astype(str)
    if c.included != len(studies) or included_ids != set(study_records):
        not_included = ~study_records.isin(included_ids)
        if not_included.any():
            where, row, column = paths["studies"], _first_row(not_included), "record_id"
        else:
            missing = (ft == INCLUDE) & ~screening["record_id"].astype(str).isin(
                set(study_records)
            )
            where, row, column = paths["screening"], _first_row(missing), "full_text_decision"
        broken(
            where,
            row,
            column,
            f"{_were(c.included, 'record')} included at full text in "
            f"{relative(paths['screening'])}",
            f"{relative(paths['studies'])} lists {_n(len(studies))} studies"
            + ("" if c.included != len(studies) else " from other records"),
        )
    return problems
