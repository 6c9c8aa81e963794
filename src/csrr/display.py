"""What notebooks display: Markdown, tables and callouts.

Outputs go out as ``text/markdown`` so that both engines (Quarto and the
built-in one) read them as document content: a table becomes a real table
with a header row in HTML, PDF and Word, a callout a real callout.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

CALLOUT_KINDS = ("note", "important", "tip", "warning", "caution")
# Text that reads as a number in a table: 12, 1,204, 12.5%, -0.4 (-0.9 to 0.1),
# a dash for a missing value, or [c] for a suppressed cell.
_NUMBER_TEXT = re.compile(r"^[-−\d.,%()–]+(?: \(-?[\d.]+(?: to -?[\d.]+)?%?\))?$|^\[c\]$|^$")


def _show(text: str) -> None:
    # Imported here so the package can be used outside a kernel.
    from IPython.display import Markdown, display

    display(Markdown(text))


def markdown(text: str) -> None:
    """Display Markdown that is itself data (a list built from rows, a table).

    Sentences belong in Markdown cells, with numbers from inline expressions.
    """
    _show(text.strip() + "\n")


def md(text: str):
    """Markdown for an inline expression: `` `{python} x` `` with ``x = md("*a*")``.

    An inline expression's value is otherwise shown as plain text, with
    Markdown characters escaped; this one goes into the sentence as Markdown
    (a link, an emphasised word, a citation built from data).
    """
    from IPython.display import Markdown

    return Markdown(text)


def _cell(value) -> str:
    """One table cell as Markdown: pipes escaped, missing values shown as a dash."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "–"
    return str(value).replace("|", "\\|").replace("\n", " ")


# Width, in dashes, that a table's separator line is scaled to when column
# widths are given. Pandoc sizes the columns of a pipe table by its dashes
# once a line is longer than its column limit (72), and a table that wraps
# then spans the text width; 100 keeps every table over that limit.
_RULE_DASHES = 100


def _alignments(frame: pd.DataFrame) -> list[str]:
    """Right for columns of numbers (numeric, or text that reads as numbers), left otherwise."""
    out = []
    for col in frame.columns:
        if pd.api.types.is_numeric_dtype(frame[col]):
            out.append("r")
            continue
        values = frame[col].map(_cell).str.strip()
        numeric = values.map(lambda v: bool(_NUMBER_TEXT.match(v))).all() and (values != "–").any()
        out.append("r" if len(values) and numeric else "l")
    return out


def table_markdown(
    frame: pd.DataFrame,
    *,
    align: Sequence[str] | None = None,
    index: bool = False,
    widths: Sequence[float] | None = None,
) -> str:
    """Format a data frame as a Markdown pipe table.

    Parameters
    ----------
    frame : pandas.DataFrame
        Values already formatted for reading (strings or numbers).
    align : sequence of {"l", "r", "c"}, optional
        Alignment per column (a string such as ``"lrr"`` works too); by
        default numbers (and text that reads as numbers, such as ``12.5%``)
        right, other text left.
    index : bool
        Whether to include the index as the first column.
    widths : sequence of float, optional
        Relative width of each column. Without them pandoc gives every column
        of a wide table the same share, and a short id column gets as much
        room as a long title.

    Returns
    -------
    str
        The table, ending with a newline.
    """
    if index:
        frame = frame.reset_index()
    headers = [_cell(c) for c in frame.columns]
    align = list(align) if align is not None else _alignments(frame)
    if len(align) != len(frame.columns):
        raise ValueError(f"{len(align)} alignments for {len(frame.columns)} columns")
    if widths is None:
        dashes = [3] * len(align)
    else:
        if len(widths) != len(frame.columns):
            raise ValueError(f"{len(widths)} widths for {len(frame.columns)} columns")
        total = float(sum(widths))
        dashes = [max(3, round(_RULE_DASHES * w / total)) for w in widths]
    rule = {"l": ":{}", "r": "{}:", "c": ":{}:"}
    separator = (
        "|" + "|".join(rule[a].format("-" * d) for a, d in zip(align, dashes, strict=True)) + "|"
    )
    lines = ["| " + " | ".join(headers) + " |", separator]
    for row in frame.itertuples(index=False):
        lines.append("| " + " | ".join(_cell(v) for v in row) + " |")
    return "\n".join(lines) + "\n"


def table(
    frame: pd.DataFrame,
    *,
    align: Sequence[str] | None = None,
    index: bool = False,
    widths: Sequence[float] | None = None,
) -> None:
    """Display a data frame as a table (give the cell ``#| label: tbl-...`` and ``#| tbl-cap``)."""
    _show(table_markdown(frame, align=align, index=index, widths=widths))


def captioned_table_markdown(
    frame: pd.DataFrame,
    caption: str,
    label: str,
    *,
    align: Sequence[str] | None = None,
    widths: Sequence[float] | None = None,
) -> str:
    """A table carrying its own numbered caption (Quarto's ``: caption {#tbl-x}``).

    For a table computed in code, or shown in one variant only, rather than
    from a cell labelled ``tbl-...``; both engines number and caption it the
    same way.

    Parameters
    ----------
    frame : pandas.DataFrame
        Values formatted for reading.
    caption : str
        One-line caption.
    label : str
        Cross-reference id, starting ``tbl-``.
    align, widths
        As for :func:`table_markdown`.
    """
    if not label.startswith("tbl-"):
        raise ValueError(f"table labels start with 'tbl-', not {label!r}")
    body = table_markdown(frame, align=align, widths=widths).rstrip("\n")
    return f"{body}\n\n: {' '.join(caption.split())} {{#{label}}}\n"


def captioned_table(
    frame: pd.DataFrame,
    caption: str,
    label: str,
    *,
    align: Sequence[str] | None = None,
    widths: Sequence[float] | None = None,
) -> None:
    """Display :func:`captioned_table_markdown`."""
    _show(captioned_table_markdown(frame, caption, label, align=align, widths=widths))


def callout_markdown(kind: str, body: str, title: str | None = None) -> str:
    """Markdown for a Quarto callout block.

    Parameters
    ----------
    kind : {"note", "important", "tip", "warning", "caution"}
        Callout type.
    body : str
        Markdown content.
    title : str, optional
        Heading shown in the callout.
    """
    if kind not in CALLOUT_KINDS:
        raise ValueError(f"callout kind must be one of {', '.join(CALLOUT_KINDS)}, not {kind!r}")
    head = f"::: {{.callout-{kind}{' title=' + _quote(title) if title else ''}}}"
    return f"{head}\n{body.strip()}\n:::\n"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def callout(kind: str, body: str, title: str | None = None) -> None:
    """Display a callout block."""
    _show(callout_markdown(kind, body, title))


_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def in_words(n: int, *, up_to: int = 99, zero: str = "zero") -> str:
    """A count as prose writes it: words up to ``up_to`` (at most 99), digits above.

    Parameters
    ----------
    n : int
        The count.
    up_to : int
        Largest count written in words (house style: nine in running text).
    zero : str
        Word for zero ("no" reads better before a noun: "no regional bodies").

    Examples
    --------
    >>> in_words(23), in_words(0, zero="no"), in_words(12, up_to=9), in_words(1500)
    ('twenty-three', 'no', '12', '1,500')
    """
    if not 0 <= n <= min(up_to, 99):
        return f"{n:,}"
    if n == 0:
        return zero
    if n < 20:
        return _UNITS[n]
    tens, units = divmod(n, 10)
    return _TENS[tens] + (f"-{_UNITS[units]}" if units else "")


def long_date(iso: str) -> str:
    """A date in words, as the house style writes it: ``22 November 2026``.

    Text that is not an ISO date (``2026-11-22``) is returned unchanged.
    """
    from datetime import date

    try:
        day = date.fromisoformat(str(iso))
    except ValueError:
        return str(iso)
    return f"{day.day} {day:%B %Y}"


def bullet_list(items: Sequence[str]) -> str:
    """Markdown bullet list of ``items``."""
    return "\n".join(f"- {item}" for item in items) + "\n"


def findings_callouts(findings, *, kind: str = "important") -> str:
    """One callout per finding, titled with its id and title (for summaries).

    Parameters
    ----------
    findings : iterable of csrr.findings.Finding
        The strand's findings.
    kind : str
        Callout type.
    """
    return "\n".join(
        callout_markdown(
            kind, f.statement + f" *(Strength of evidence: {f.strength}.)*", f"{f.id}: {f.title}"
        )
        for f in findings
    )
