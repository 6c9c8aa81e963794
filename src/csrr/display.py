"""What notebooks display: Markdown, tables and callouts.

Outputs go out as ``text/markdown`` so that both engines (Quarto and the
built-in one) read them as document content: a table becomes a real table
with a header row in HTML, PDF and Word, a callout a real callout.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

CALLOUT_KINDS = ("note", "important", "tip", "warning", "caution")


def _show(text: str) -> None:
    # Imported here so the package can be used outside a kernel.
    from IPython.display import Markdown, display

    display(Markdown(text))


def markdown(text: str) -> None:
    """Display Markdown text (numbers in it should come from code)."""
    _show(text.strip() + "\n")


def _cell(value) -> str:
    """One table cell as Markdown: pipes escaped, missing values shown as a dash."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "–"
    return str(value).replace("|", "\\|").replace("\n", " ")


def table_markdown(
    frame: pd.DataFrame, *, align: Sequence[str] | None = None, index: bool = False
) -> str:
    """Format a data frame as a Markdown pipe table.

    Parameters
    ----------
    frame : pandas.DataFrame
        Values already formatted for reading (strings or numbers).
    align : sequence of {"l", "r", "c"}, optional
        Alignment per column; numbers right, text left by default.
    index : bool
        Whether to include the index as the first column.

    Returns
    -------
    str
        The table, ending with a newline.
    """
    if index:
        frame = frame.reset_index()
    headers = [_cell(c) for c in frame.columns]
    if align is None:
        align = ["r" if pd.api.types.is_numeric_dtype(frame[c]) else "l" for c in frame.columns]
    rule = {"l": ":---", "r": "---:", "c": ":---:"}
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(rule[a] for a in align) + "|"]
    for row in frame.itertuples(index=False):
        lines.append("| " + " | ".join(_cell(v) for v in row) + " |")
    return "\n".join(lines) + "\n"


def table(frame: pd.DataFrame, *, align: Sequence[str] | None = None, index: bool = False) -> None:
    """Display a data frame as a table (give the cell ``#| label: tbl-...`` and ``#| tbl-cap``)."""
    _show(table_markdown(frame, align=align, index=index))


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
