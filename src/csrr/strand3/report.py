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
    frame: pd.DataFrame, caption: str, label: str, *, align: list[str] | None = None
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

    Returns
    -------
    str
        Markdown ending with the caption line.
    """
    if not label.startswith("tbl-"):
        raise ValueError(f"table label must start with 'tbl-', not {label!r}")
    caption = " ".join(caption.split())
    return display.table_markdown(frame, align=align) + f"\n: {caption} {{#{label}}}\n"


def captioned_table(
    frame: pd.DataFrame, caption: str, label: str, *, align: list[str] | None = None
) -> None:
    """Display :func:`captioned_table_markdown` (for tables shown in one variant only)."""
    display.markdown(captioned_table_markdown(frame, caption, label, align=align))


def join(items: list[str]) -> str:
    """``a, b and c`` (empty string for no items)."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
