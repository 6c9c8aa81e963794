"""Small helpers the strand 3 notebook uses to display report content.

Why this module exists: the built-in engine requires a cell labelled
``tbl-…`` to have an output, so a labelled table cell cannot be shown in the
full report and left out of the summary. Tables that only the full report
shows are therefore written as Markdown with Quarto's own table-caption
syntax (``: Caption {#tbl-x}`` after a pipe table), which both engines read
as a numbered, cross-referenceable table: exactly what the engine writes for
a labelled cell.
"""

from __future__ import annotations

import pandas as pd

from csrr import display


def captioned_table_markdown(
    frame: pd.DataFrame,
    caption: str,
    label: str,
    *,
    align: list[str] | None = None,
    widths: list[int] | None = None,
) -> str:
    """A pipe table with a numbered caption.

    Parameters
    ----------
    frame : pandas.DataFrame
        Values already formatted for reading.
    caption : str
        Table caption (one line).
    label : str
        Cross-reference id, starting ``tbl-``.
    align : list of {"l", "r", "c"}, optional
        Column alignment (default: numbers right, text left).
    widths : list of int, optional
        Relative column widths. Pandoc sizes the columns of a wrapping pipe
        table by the number of dashes in the separator line, so these become
        dash counts; without them every column gets the same share.

    Returns
    -------
    str
        Markdown ending with the caption line.
    """
    if not label.startswith("tbl-"):
        raise ValueError(f"table label must start with 'tbl-', not {label!r}")
    caption = " ".join(caption.split())
    text = display.table_markdown(frame, align=align)
    if widths is not None:
        if len(widths) != frame.shape[1]:
            raise ValueError(f"{len(widths)} widths for {frame.shape[1]} columns")
        lines = text.split("\n")
        rules = lines[1].strip("|").split("|")
        lines[1] = "|" + "|".join(_rule(r, w) for r, w in zip(rules, widths, strict=True)) + "|"
        text = "\n".join(lines)
    return text + f"\n: {caption} {{#{label}}}\n"


def _rule(rule: str, width: int) -> str:
    """A separator cell of ``width`` dashes keeping its alignment colons."""
    left = ":" if rule.startswith(":") else ""
    right = ":" if rule.endswith(":") else ""
    return left + "-" * max(3, int(width)) + right


def captioned_table(
    frame: pd.DataFrame,
    caption: str,
    label: str,
    *,
    align: list[str] | None = None,
    widths: list[int] | None = None,
) -> None:
    """Display :func:`captioned_table_markdown` (for tables shown in one variant only)."""
    display.markdown(captioned_table_markdown(frame, caption, label, align=align, widths=widths))


def join(items: list[str]) -> str:
    """``a, b and c`` (empty string for no items)."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
