"""Declarative checks for tabular inputs, with one-line problems.

Each strand describes its CSV files as a :class:`TableSchema`. Reading a file
through :func:`read_table` checks it and raises :class:`InputError` holding
*every* problem found, so ``make validate`` can list them all in one pass
while a build stops on the first. The same schema writes the data dictionary
(:func:`data_dictionary`), so the documentation cannot drift from the checks.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from csrr.errors import InputError, Problem

# Row numbers in messages count like a spreadsheet: the header is row 1.
FIRST_DATA_ROW = 2
# Report at most this many problems per column so one bad column cannot
# drown the rest of the report.
MAX_PER_COLUMN = 5


# Said once in every data dictionary: the rules every CSV file follows.
COMMON_RULES = (
    "Every file is UTF-8 CSV whose header row names each column once (a column "
    "given twice is refused, not silently renamed). Numbers are plain decimals "
    "within the range given for their column: `inf`, `nan` and values beyond the "
    "column's maximum are refused."
)


@dataclass(frozen=True)
class Column:
    """One column of an input table.

    Parameters
    ----------
    name : str
        Column header, exactly as in the file.
    kind : {"str", "int", "float", "bool", "date"}
        Type every non-missing value must parse as.
    description : str
        What the column holds (goes into the data dictionary).
    nullable : bool
        Whether empty cells are allowed.
    allowed : tuple or None
        The only values allowed, if the column is categorical.
    minimum, maximum : float or None
        Inclusive range for numbers (and for dates, as ISO strings). A
        number column must have a maximum (or a list of allowed values):
        without one, ``1e9`` staff would pass, and the range is what the
        data dictionary tells a data owner to expect.
    pattern : str or None
        Regular expression every string value must match in full.

    Raises
    ------
    ValueError
        If a number column has neither a maximum nor allowed values (a
        programming error in a schema, caught when the module is imported).
    """

    name: str
    kind: str
    description: str
    nullable: bool = False
    allowed: tuple | None = None
    minimum: float | str | None = None
    maximum: float | str | None = None
    pattern: str | None = None

    def __post_init__(self) -> None:
        if self.kind in ("int", "float") and self.maximum is None and self.allowed is None:
            raise ValueError(f"column {self.name}: a number column needs a maximum")

    def expectation(self, full: bool = False) -> str:
        """Plain-English statement of what a valid value looks like.

        Long lists of allowed values are shortened for error messages;
        ``full=True`` (the data dictionary) lists them all.
        """
        parts = {
            "str": "text",
            "int": "a whole number",
            "float": "a finite number",
            "bool": "true or false",
            "date": "a date (YYYY-MM-DD)",
        }[self.kind]
        if self.allowed is not None:
            shown = ", ".join(str(a) for a in self.allowed)
            if len(shown) > 120 and not full:
                shown = shown[:117] + "..."
            parts = f"one of {shown}"
        elif self.minimum is not None and self.maximum is not None:
            parts += f" from {self.minimum} to {self.maximum}"
        elif self.minimum is not None:
            parts += f" of at least {self.minimum}"
        elif self.maximum is not None:
            parts += f" of at most {self.maximum}"
        if self.pattern is not None:
            parts += f" matching {self.pattern}"
        if self.nullable:
            parts += " (may be empty)"
        return parts


@dataclass(frozen=True)
class TableSchema:
    """A CSV file's expected shape.

    Parameters
    ----------
    name : str
        File name, such as ``"indicators.csv"``.
    description : str
        One paragraph on what the file holds, for the data dictionary.
    columns : list of Column
        Required columns, in documentation order. Extra columns are allowed
        (real extracts often carry more) but ignored.
    unique : list of tuple of str
        Column sets whose combined values must not repeat.
    checks : list of callable
        Further checks on the parsed frame, each returning problems; they
        receive ``(frame, path)`` and run only when the columns parsed.
    """

    name: str
    description: str
    columns: list[Column]
    unique: list[tuple[str, ...]] = field(default_factory=list)
    checks: list[Callable[[pd.DataFrame, Path], list[Problem]]] = field(default_factory=list)

    def column(self, name: str) -> Column:
        """Return the column called ``name``."""
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)


_TRUE = {"true", "1", "yes", "y"}
_FALSE = {"false", "0", "no", "n"}


def _parse(col: Column, raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse a column of strings; return the values and a mask of failures."""
    text = raw.astype("string").str.strip()
    missing = text.isna() | (text == "")
    if col.kind == "str":
        return text.where(~missing), pd.Series(False, index=raw.index)
    if col.kind in ("int", "float"):
        values = pd.to_numeric(text.where(~missing), errors="coerce")
        # "nan" parses as missing and "inf" as infinity: neither is a value
        # (an infinite staff count once reached the built reports).
        infinite = pd.Series(
            np.isinf(values.to_numpy(dtype=float, na_value=np.nan)), index=raw.index
        )
        bad = ~missing & (values.isna() | infinite)
        values = values.where(~infinite)
        if col.kind == "int":
            whole = values.dropna() % 1 == 0
            bad = bad | (~missing & values.notna() & ~whole.reindex(values.index, fill_value=True))
            values = values.astype("Int64") if not bad.any() else values
        return values, bad
    if col.kind == "bool":
        low = text.str.lower()
        values = low.map(lambda v: True if v in _TRUE else (False if v in _FALSE else None))
        bad = ~missing & values.isna()
        return values.astype("boolean"), bad
    if col.kind == "date":
        values = pd.to_datetime(text.where(~missing), format="%Y-%m-%d", errors="coerce")
        bad = ~missing & values.isna()
        return values, bad
    raise ValueError(f"unknown column kind {col.kind!r}")


def check_frame(
    raw: pd.DataFrame, schema: TableSchema, path: Path
) -> tuple[pd.DataFrame, list[Problem]]:
    """Check a frame read as strings against ``schema``.

    Parameters
    ----------
    raw : pandas.DataFrame
        The file's cells, all as strings (``dtype=str``).
    schema : TableSchema
        What the file should hold.
    path : Path
        The file, for messages.

    Returns
    -------
    (pandas.DataFrame, list of Problem)
        The parsed frame (typed columns) and every problem found.
    """
    problems: list[Problem] = []
    missing_cols = [c.name for c in schema.columns if c.name not in raw.columns]
    for name in missing_cols:
        problems.append(Problem(path, None, name, "a column with this header", "no such column"))
    parsed = raw.copy()
    for col in schema.columns:
        if col.name in missing_cols:
            continue
        values, bad = _parse(col, raw[col.name])
        text = raw[col.name].astype("string").str.strip()
        empty = text.isna() | (text == "")
        fails = bad.copy()
        if not col.nullable:
            fails |= empty
        ok = ~empty & ~bad
        if col.allowed is not None:
            allowed = {str(a) for a in col.allowed}
            fails |= ok & ~text.isin(allowed)
        if col.minimum is not None or col.maximum is not None:
            cmp = values if col.kind != "date" else values.dt.strftime("%Y-%m-%d")
            if col.minimum is not None:
                fails |= ok & (cmp < col.minimum).fillna(False).astype(bool)
            if col.maximum is not None:
                fails |= ok & (cmp > col.maximum).fillna(False).astype(bool)
        if col.pattern is not None:
            matches = text.fillna("").str.fullmatch(col.pattern).astype(bool)
            fails |= ok & ~matches
        for pos in list(fails[fails].index)[:MAX_PER_COLUMN]:
            found = raw.at[pos, col.name]
            shown = (
                "an empty cell" if pd.isna(found) or str(found).strip() == "" else repr(str(found))
            )
            problems.append(Problem(path, _row(raw, pos), col.name, col.expectation(), shown))
        parsed[col.name] = values
    for key in schema.unique:
        if any(k in missing_cols for k in key):
            continue
        dup = raw.duplicated(subset=list(key), keep="first")
        for pos in list(dup[dup].index)[:MAX_PER_COLUMN]:
            shown = ", ".join(f"{k}={raw.at[pos, k]}" for k in key)
            problems.append(
                Problem(
                    path,
                    _row(raw, pos),
                    ",".join(key),
                    "no repeated " + " + ".join(key),
                    f"a repeat of {shown}",
                )
            )
    if not problems:
        for check in schema.checks:
            problems.extend(check(parsed, path))
    return parsed, problems


def _row(frame: pd.DataFrame, pos) -> int:
    """Spreadsheet row number of the frame row labelled ``pos``."""
    return int(frame.index.get_loc(pos)) + FIRST_DATA_ROW


def header_problems(path: Path) -> list[Problem]:
    """Columns whose header appears more than once in a CSV file's first row.

    pandas silently renames a second ``x`` to ``x.1``, so the second copy,
    with other values, would be ignored without a word; the header row is
    therefore read here, as written.

    Parameters
    ----------
    path : Path
        The CSV file (UTF-8, with or without a byte-order mark).

    Returns
    -------
    list of Problem
        One per repeated header, on row 1.
    """
    with open(path, newline="", encoding="utf-8-sig") as handle:
        header = next(csv.reader(handle), [])
    first: dict[str, int] = {}
    problems = []
    for number, name in enumerate((h.strip() for h in header), start=1):
        if name in first:
            problems.append(
                Problem(
                    path,
                    1,
                    name,
                    "each column header once",
                    f"'{name}' again in column {number} (first in column {first[name]})",
                )
            )
        else:
            first[name] = number
    return problems


def read_strings(path: Path, problems: list[Problem]) -> pd.DataFrame | None:
    """Read a CSV file's cells as text, with its header checked first.

    Parameters
    ----------
    path : Path
        The CSV file.
    problems : list of Problem
        A repeated header or unreadable content is appended here.

    Returns
    -------
    pandas.DataFrame or None
        Every cell as a string (empty cells as ""), or None when the file
        could not be read or its header repeats a column.
    """
    try:
        repeated = header_problems(path)
        if repeated:
            problems.extend(repeated)
            return None
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (UnicodeDecodeError, csv.Error, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        problems.append(
            Problem(
                path, None, None, "a UTF-8 CSV file", f"unreadable content ({exc})".splitlines()[0]
            )
        )
        return None


def read_table(
    path: Path, schema: TableSchema, *, collect: list[Problem] | None = None
) -> pd.DataFrame:
    """Read a CSV file and check it against ``schema``.

    Parameters
    ----------
    path : Path
        The CSV file.
    schema : TableSchema
        What it should hold.
    collect : list of Problem, optional
        When given, problems are appended here instead of raised, so a
        validation pass can go on to the next file.

    Returns
    -------
    pandas.DataFrame
        The parsed, typed frame (possibly partial when problems were collected).

    Raises
    ------
    InputError
        If the file is missing, unreadable or fails a check (unless ``collect``).
    """
    path = Path(path)
    problems: list[Problem] = []
    raw = None
    if not path.is_file():
        problems.append(Problem(path, None, None, "this file to exist", "no such file"))
    else:
        raw = read_strings(path, problems)
    if raw is None:
        # Nothing to check: the file's own problem is the one reported.
        frame = pd.DataFrame(columns=[c.name for c in schema.columns])
    else:
        frame, found = check_frame(raw, schema, path)
        problems.extend(found)
    if problems:
        if collect is None:
            raise InputError(problems)
        collect.extend(problems)
    return frame


def data_dictionary(title: str, intro: str, schemas: Iterable[TableSchema]) -> str:
    """Write the data dictionary (Markdown) for a strand's input files.

    Parameters
    ----------
    title : str
        Heading for the dictionary.
    intro : str
        Paragraph describing the data set (and that demo data is synthetic).
    schemas : iterable of TableSchema
        The tables to document.

    Returns
    -------
    str
        Markdown text, ending with a newline.
    """
    lines = [f"# {title}", "", intro.strip(), "", COMMON_RULES, ""]
    for schema in schemas:
        lines += [f"## `{schema.name}`", "", schema.description.strip(), ""]
        lines += ["| Column | Type | Valid values | Description |", "|---|---|---|---|"]
        for col in schema.columns:
            valid = col.expectation(full=True).replace("|", "\\|")
            lines.append(f"| `{col.name}` | {col.kind} | {valid} | {col.description} |")
        if schema.unique:
            keys = "; ".join(" + ".join(f"`{k}`" for k in key) for key in schema.unique)
            lines += ["", f"Each row is unique by {keys}."]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
