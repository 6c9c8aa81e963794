"""Errors that stop a build with one readable line.

Every error the project raises on purpose derives from :class:`CsrrError`; the
command line prints ``str(error)`` and exits non-zero without a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from csrr.paths import relative


class CsrrError(Exception):
    """A problem the user can fix; its message is one line."""


class ParamsError(CsrrError):
    """A parameters file is missing a key, has an unknown key or a bad value."""


class RenderError(CsrrError):
    """A document cannot be rendered (missing alt text, broken reference...)."""


@dataclass(frozen=True)
class Problem:
    """One problem found in an input file.

    Parameters
    ----------
    file : Path or str
        The file that holds the problem.
    row : int or None
        Row number as a spreadsheet shows it (header is row 1, first data
        row is row 2), or None when the problem is not tied to a row.
    column : str or None
        Column (or key) name, or None.
    expected : str
        What the value should have been.
    found : str
        What was there instead.
    """

    file: Path | str
    row: int | None
    column: str | None
    expected: str
    found: str

    def __str__(self) -> str:
        where = [relative(Path(self.file))]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: expected {self.expected}, found {self.found}"


@dataclass(frozen=True, init=False)
class DuplicateKey(Problem):
    """A key written twice in one mapping of a YAML file.

    Its message is one line, ``path:line: key 'x' is given twice (first on
    line N)``, the form editors and compilers use, so it can be clicked to.

    Parameters
    ----------
    file : Path or str
        The YAML file.
    key : str
        The repeated key.
    line : int
        Line of the second occurrence (1 is the first line).
    first_line : int
        Line of the first occurrence.
    """

    line: int
    first_line: int

    def __init__(self, file: Path | str, key: str, line: int, first_line: int):
        # A frozen dataclass: fields are set through object.__setattr__.
        values = {
            "file": file,
            "row": None,
            "column": key,
            "expected": "each key once",
            "found": f"key '{key}' is given twice (first on line {first_line})",
            "line": line,
            "first_line": first_line,
        }
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def __str__(self) -> str:
        return f"{relative(Path(self.file))}:{self.line}: {self.found}"


class DuplicateKeyError(ParamsError):
    """A YAML input holds a key twice; ``problem`` says where."""

    def __init__(self, problem: DuplicateKey):
        self.problem = problem
        super().__init__(str(problem))


class InputError(CsrrError):
    """Input data failed validation.

    Holds every problem found, so that a validation pass can report them all;
    the message (what a build prints) is the first problem, plus a count of
    the others.
    """

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        first = str(self.problems[0]) if self.problems else "input data failed validation"
        more = len(self.problems) - 1
        suffix = (
            f" (and {more} more problem{'s' if more > 1 else ''}: run `make validate`)"
            if more
            else ""
        )
        super().__init__(first + suffix)
