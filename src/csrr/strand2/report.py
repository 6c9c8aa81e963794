"""Display helpers for the strand 2 notebook.

Tables go out as Markdown pipe tables through :mod:`csrr.display`, with two
additions the notebook needs:

- relative column widths (pandoc sizes the columns of a wide pipe table by
  the number of dashes in its separator line; ``display.table_markdown``
  gives every column the same), so that a code column stays narrow and a
  definition column wide;
- a caption and ``tbl-`` label written in the Markdown itself
  (``: Caption {#tbl-x}``, the syntax pandoc and Quarto both read), for
  tables shown in the full report only. A cell labelled with ``#| label:
  tbl-...`` must show its table in every variant (the engines cannot caption
  an empty output), so a table that only one variant shows is captioned
  here instead. The Markdown is the same as the engine writes for a labelled
  cell, so numbering, cross-references and header rows behave the same.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from csrr import display


def table_markdown(
    frame: pd.DataFrame,
    *,
    widths: Sequence[int] | None = None,
    align: Sequence[str] | None = None,
) -> str:
    """A pipe table with relative column widths.

    Parameters
    ----------
    frame : pandas.DataFrame
        Values formatted for reading; None is shown as a dash.
    widths : sequence of int, optional
        Relative width of each column (any positive numbers). Without
        widths, pandoc's defaults apply.
    align : sequence of {"l", "r", "c"}, optional
        Alignment per column (default: left for text, right for numbers).

    Returns
    -------
    str
        The table, ending with a newline.
    """
    text = display.table_markdown(frame, align=align)
    if widths is None:
        return text
    if len(widths) != len(frame.columns):
        raise ValueError(f"{len(widths)} widths for {len(frame.columns)} columns")
    lines = text.splitlines()
    aligns = align or [
        "r" if pd.api.types.is_numeric_dtype(frame[c]) else "l" for c in frame.columns
    ]
    # At least three dashes per column; the rest in proportion to the widths.
    # Pandoc reads the proportions only when some line is longer than its
    # column limit, so one long separator line also makes the table full width.
    total = sum(widths)
    dashes = [max(3, round(100 * w / total)) for w in widths]
    rule = {"l": ":{}", "r": "{}:", "c": ":{}:"}
    lines[1] = (
        "|" + "|".join(rule[a].format("-" * d) for a, d in zip(aligns, dashes, strict=True)) + "|"
    )
    return "\n".join(lines) + "\n"


def captioned_table_markdown(
    frame: pd.DataFrame,
    label: str,
    caption: str,
    *,
    widths: Sequence[int] | None = None,
    align: Sequence[str] | None = None,
) -> str:
    """A pipe table followed by its caption line and ``tbl-`` label."""
    if not label.startswith("tbl-"):
        raise ValueError(f"table labels start with 'tbl-', not {label!r}")
    body = table_markdown(frame, widths=widths, align=align).rstrip("\n")
    return f"{body}\n\n: {' '.join(caption.split())} {{#{label}}}\n"


def table(
    frame: pd.DataFrame,
    *,
    widths: Sequence[int] | None = None,
    align: Sequence[str] | None = None,
) -> None:
    """Display a table in a cell labelled ``#| label: tbl-...`` with ``#| tbl-cap``."""
    display.markdown(table_markdown(frame, widths=widths, align=align))


def captioned_table(
    frame: pd.DataFrame,
    label: str,
    caption: str,
    *,
    widths: Sequence[int] | None = None,
    align: Sequence[str] | None = None,
) -> None:
    """Display a numbered, captioned table from an unlabelled cell (one variant only)."""
    display.markdown(captioned_table_markdown(frame, label, caption, widths=widths, align=align))
