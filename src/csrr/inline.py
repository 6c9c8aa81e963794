"""Quarto inline expressions: `` `{python} expr` `` in Markdown cells.

A number reaches a sentence by naming a value prepared in a code cell, as in
``The study covers `{python} n_councils` council areas.`` Quarto's own
Jupyter runner evaluates these when it executes a notebook and stores the
results in the cell's metadata; at render time it substitutes them. This
project executes with papermill, so :mod:`csrr.execute` evaluates them the
same way, and both renderers (the built-in engine and real Quarto) read the
same metadata.

The conventions reproduced are those of Quarto 1.11:

- the pattern is ``(^|[^`])`{python}[ \\t]([^`]+)` `` on one line
  (``resources/jupyter/notebook.py``, ``cell_execute_inline``);
- each Markdown cell with expressions gets ``metadata.user_expressions``, a
  list of ``{"expression": e, "result": {"status": "ok", "data": {...},
  "metadata": {}}}`` in the order they appear;
- at render time a result's ``text/markdown`` goes in as it is, and
  ``text/plain`` has its surrounding quotes removed and Markdown characters
  escaped (``core/jupyter/jupyter-inline.ts``, ``resolveUserExpressions``).
"""

from __future__ import annotations

import re
from typing import Any

LANGUAGE = "python"
# The pattern Quarto uses, on the cell's text. Group 1 is the character
# before the opening backtick, group 2 the expression.
PATTERN = re.compile(r"(^|[^`])`\{" + LANGUAGE + r"\}[ \t]([^`]+)`", re.MULTILINE)
# Characters that would otherwise start Markdown syntax inside a sentence.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#+!|$~^@])")


def expressions(source: str) -> list[str]:
    """The inline expressions of a Markdown cell's text, in order.

    Parameters
    ----------
    source : str
        The cell's Markdown.

    Returns
    -------
    list of str
        Each expression as written (repeats included), as Quarto sends them.
    """
    return [match.group(2) for match in PATTERN.finditer(source)]


def escape_markdown(text: str) -> str:
    """Backslash-escape the characters pandoc would read as Markdown syntax."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _strip_quotes(text: str) -> str:
    """Remove the quotes ``repr`` puts round a string (``'3 councils'``)."""
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return text


def result_text(result: dict[str, Any]) -> str | None:
    """The Markdown one stored result stands for, or None if it has no text.

    Parameters
    ----------
    result : dict
        A ``result`` from ``metadata.user_expressions``.
    """
    data = result.get("data", {}) or {}
    for mime in ("text/markdown", "text/plain"):
        if mime in data:
            value = data[mime]
            text = "".join(map(str, value)) if isinstance(value, list) else str(value)
            return text if mime == "text/markdown" else escape_markdown(_strip_quotes(text))
    return None


def resolve(source: str, stored: list[dict[str, Any]]) -> tuple[str, list[str]]:
    """Substitute a Markdown cell's inline expressions with their stored results.

    Parameters
    ----------
    source : str
        The cell's Markdown.
    stored : list of dict
        The cell's ``metadata.user_expressions``.

    Returns
    -------
    (str, list of str)
        The Markdown with every expression that has a result replaced, and
        the expressions that had none (left as written, as Quarto leaves
        them; the caller decides whether that is an error).
    """
    results = {}
    for item in stored:
        text = result_text(item.get("result", {}))
        if text is not None:
            results[str(item.get("expression", "")).strip()] = text
    missing: list[str] = []

    def one(match: re.Match) -> str:
        expr = match.group(2).strip()
        if expr in results:
            return match.group(1) + results[expr]
        missing.append(expr)
        return match.group(0)

    return PATTERN.sub(one, source), missing
