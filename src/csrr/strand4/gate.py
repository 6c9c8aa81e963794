"""Publication gate of strand 4 (``make check``): the published counts are safe.

An independent re-check of what the survey analysis published, reading only
its products (``build/strand4/tables/*.csv``), not the code that made them:

- no published count lies between 1 and the threshold (``disclosure_threshold``
  in ``params/common.yml``); zeros that follow from the design (no police
  officer works in the third sector) may be shown;
- no suppressed cell (``[c]``) can be worked out by subtraction: a row or
  column with a published total holds either no suppressed cell or at least
  two. (The analysis also runs a full linear audit across tables, see
  :class:`csrr.sdc.DisclosureAudit`; this gate is the simple, separate check.)
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from csrr.params import load_yaml
from csrr.paths import PARAMS_DIR, relative, report_build_dir

COUNT_TABLES = ("profile-", "likert-", "barriers-")
SUPPRESSED = "[c]"
TOTALS = ("Total", "All respondents")


def _count(value: str) -> int | None:
    """A published count as a number; None for a suppressed or non-count cell."""
    text = str(value).replace(",", "").strip()
    return int(text) if text.isdigit() else None


def table_problems(path: Path, threshold: int) -> list[str]:
    """Threshold and subtraction problems of one published count table."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame = frame.set_index(frame.columns[0])
    found = []
    for row, values in frame.iterrows():
        for column, value in values.items():
            n = _count(value)
            if n is not None and 0 < n < threshold:
                found.append(
                    f"{relative(path)}: disclosure: {row} x {column} = {n}, under the threshold {threshold}"
                )
    total_column = next((c for c in frame.columns if c in TOTALS), None)
    total_row = next((r for r in frame.index if r in TOTALS), None)
    inner = frame.drop(
        index=[total_row] if total_row else [], columns=[total_column] if total_column else []
    )
    if total_column:
        for row, values in inner.iterrows():
            if (values == SUPPRESSED).sum() == 1 and _count(
                frame.at[row, total_column]
            ) is not None:
                found.append(
                    f"{relative(path)}: disclosure: the one suppressed cell of row '{row}' follows from its total"
                )
    if total_row:
        for column in inner.columns:
            if (inner[column] == SUPPRESSED).sum() == 1 and _count(
                frame.at[total_row, column]
            ) is not None:
                found.append(
                    f"{relative(path)}: disclosure: the one suppressed cell of column '{column}' follows from its total"
                )
    return found


def problems(site: Path, tables: Path | None = None) -> list[str]:
    """Every disclosure problem in strand 4's published tables."""
    threshold = int(load_yaml(PARAMS_DIR / "common.yml")["disclosure_threshold"])
    folder = tables or report_build_dir("strand4") / "tables"
    if not folder.is_dir():
        return [
            f"{relative(folder)}: disclosure: strand 4's published tables are missing (make strand4)"
        ]
    found = []
    for path in sorted(folder.glob("*.csv")):
        if path.name.startswith(COUNT_TABLES):
            found += table_problems(path, threshold)
    return found
