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


def join(items: list[str]) -> str:
    """``a, b and c`` (empty string for no items)."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
