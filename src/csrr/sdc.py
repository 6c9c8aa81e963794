"""Statistical disclosure control for survey and interview outputs.

Every table, chart and number a report publishes from survey or interview
microdata goes through this module, so that "anonymous" stays true. It has
four parts, used in this order:

1. **Grouping** (:func:`group_small_categories`): small areas (or any small
   categories) are merged with others in their parent group (councils into
   regions) *before* suppression, which keeps tables useful.
2. **Suppression** (:func:`tabulate`, :func:`protect_table`): *primary*
   suppression hides every count, including totals, below the threshold;
   *secondary* suppression hides further cells until no hidden count can be
   worked out from the row and column totals. The result, a
   :class:`ProtectedTable`, knows which cells were hidden and why.
3. **Audit** (:class:`DisclosureAudit`): every statistic a publication
   shows (counts, percentages with their denominators, means) is a sum over
   a group of respondents. The audit records each group and checks, by
   linear algebra, that no small group (fewer than the threshold, such as
   one council's 3 respondents) and no suppressed cell can be derived by
   adding and subtracting the published ones, *across* tables.
4. **Output checking** (:class:`OutputChecker`): runs ACRO, the SACRO
   output-checking tool, on the same tables, checks that everything ACRO
   would suppress is suppressed, and writes ACRO's bundle for a human output
   checker. ACRO's side effects (it reconfigures logging and warnings on
   import, and writes into the working directory) are contained here.

Why linear algebra: a published count is the sum of the counts of the
finest cells it covers (council x role x sector ...). A hidden count can be
worked out from published ones exactly when its indicator vector over those
finest cells is a linear combination of theirs. Checking that is exact for
differencing by any number of tables, where rules of thumb ("at least two
suppressed cells in every row and column") are not: two blocks of hidden
cells joined by one hidden cell pass that rule and still give the joining
cell away.

The default threshold (10) and the meaning of "small" follow ONS and UK LLC
practice: a count below the threshold is never shown, nor a percentage or
mean that rests on it. Zeros are not treated as disclosive unless asked
(``zeros_disclosive=True``), since in profile tables they say that nobody
of a kind responded, not anything about a respondent.
"""

from __future__ import annotations

import itertools
import keyword
import logging
import os
import re
import shutil
import sys
import tempfile
import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from csrr.errors import CsrrError

DEFAULT_THRESHOLD = 10
# How a suppressed cell is shown in published tables: the Government
# Statistical Service symbol for "confidential".
SUPPRESSED = "[c]"
TOTAL = "Total"
MARGINS = ("both", "rows", "columns", "none")
# Entries of an indicator residual smaller than this count as zero: the
# matrices hold 0 and 1 only, so true residuals are far from it.
_TOL = 1e-8
# The audit works on the full cross-product of its variables' categories;
# beyond this many cells it would be slow and the caller should audit fewer
# variables at a time.
MAX_AUDIT_CELLS = 250_000


def is_small(n: float, threshold: int, zeros_disclosive: bool = False) -> bool:
    """Whether a count must not be published.

    Parameters
    ----------
    n : float
        The count.
    threshold : int
        Smallest count that may be shown.
    zeros_disclosive : bool
        Whether a zero count is hidden too.
    """
    return n < threshold and (n > 0 or zeros_disclosive)


def safe_count(n: int, threshold: int) -> str:
    """A count for prose: the number, or "fewer than <threshold>" when small.

    Use this for counts written in text (such as how many responses were
    excluded), which the tables' suppression does not cover.
    """
    return f"{n:,}" if n >= threshold or n == 0 else f"fewer than {threshold}"


# ---------------------------------------------------------------------------
# Dimensions: how a table's rows or columns group the microdata
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Dimension:
    """One axis of a published table: groups of values of a microdata column.

    Parameters
    ----------
    variable : str
        Column of the microdata.
    groups : dict
        Label shown in the table -> tuple of the column's values it covers,
        in display order. A council column grouped to regions has one label
        per region, each covering several council codes.
    title : str, optional
        Axis heading (defaults to ``variable``).
    """

    variable: str
    groups: dict[str, tuple]
    title: str | None = None

    @classmethod
    def of(
        cls,
        variable: str,
        values: Sequence,
        labels: Mapping | None = None,
        title: str | None = None,
    ) -> Dimension:
        """One group per value, labelled by ``labels`` (default: the value itself)."""
        labels = labels or {}
        return cls(variable, {str(labels.get(v, v)): (v,) for v in values}, title)

    @classmethod
    def grouped(
        cls,
        variable: str,
        mapping: Mapping,
        order: Sequence[str] | None = None,
        title: str | None = None,
    ) -> Dimension:
        """Groups from a mapping of each value to its group label.

        Parameters
        ----------
        mapping : dict
            Value -> group label (such as council code -> region).
        order : sequence of str, optional
            Group labels in display order (default: first appearance).
        """
        groups: dict[str, list] = {}
        for value, label in mapping.items():
            groups.setdefault(str(label), []).append(value)
        labels = list(order) if order is not None else list(groups)
        missing = [label for label in labels if label not in groups]
        if missing:
            raise ValueError(f"group {missing[0]!r} in order has no values")
        return cls(variable, {label: tuple(groups[label]) for label in labels}, title)

    @property
    def name(self) -> str:
        """Heading for the axis."""
        return self.title or self.variable

    def labels(self) -> list[str]:
        """Group labels in display order."""
        return list(self.groups)

    def codes(self, series: pd.Series) -> pd.Series:
        """Label of the group each value falls in (missing when in none)."""
        lookup = {value: label for label, values in self.groups.items() for value in values}
        return series.map(lookup)


# ---------------------------------------------------------------------------
# Grouping small categories before suppression
# ---------------------------------------------------------------------------


def group_small_categories(
    counts: Mapping[str, int],
    parent: Mapping[str, str],
    threshold: int,
    *,
    names: Mapping[str, str] | None = None,
    fallback: str = "Other areas",
) -> dict[str, str]:
    """Merge categories with fewer than ``threshold`` respondents into larger units.

    Within each parent group (a region), categories below the threshold are
    pooled. When the pool is still small, the parent's smallest remaining
    categories join it until it reaches the threshold; when the whole parent
    is small it joins a national pool (``fallback``), which grows the same
    way. Every unit that results holds at least ``threshold`` respondents,
    unless all the data together hold fewer.

    Parameters
    ----------
    counts : dict
        Category (council code) -> number of respondents. Categories with no
        respondents may be left out; they join their parent's pool.
    parent : dict
        Category -> parent group (council code -> region). Every category
        in ``counts`` needs one.
    threshold : int
        Smallest unit size.
    names : dict, optional
        Category -> display name (default: the category itself).
    fallback : str
        Label of the national pool of small parents.

    Returns
    -------
    dict
        Category -> label of the unit it is published under. A category
        large enough on its own keeps its name; a pooled unit is named after
        its parent when it holds all of the parent ("Islands"), otherwise
        "<parent>: <names> (combined)".
    """
    names = names or {}
    counts = {k: int(counts.get(k, 0)) for k in parent}

    def label_of(members: list[str], whole: str | None) -> str:
        if len(members) == 1:
            return names.get(members[0], members[0])
        if whole is not None:
            return whole
        shown = ", ".join(sorted(names.get(m, m) for m in members))
        return f"{shown} (combined)"

    def grow(pool: list[str], rest: list[str]) -> tuple[list[str], list[str]]:
        # Smallest first, so the fewest respondents lose their own row.
        rest = sorted(rest, key=lambda k: (counts[k], k))
        while pool and sum(counts[k] for k in pool) < threshold and rest:
            pool.append(rest.pop(0))
        return pool, rest

    units: dict[str, str] = {}
    national: list[str] = []
    by_parent: dict[str, list[str]] = {}
    for key in sorted(parent):
        by_parent.setdefault(parent[key], []).append(key)
    for group in sorted(by_parent):
        members = by_parent[group]
        small = [k for k in members if counts[k] < threshold]
        big = [k for k in members if counts[k] >= threshold]
        if not small:
            units.update({k: label_of([k], None) for k in big})
            continue
        pool, rest = grow(small, big)
        if sum(counts[k] for k in pool) < threshold:
            national.extend(pool)
            continue
        whole = group if not rest else None
        label = label_of(pool, whole) if whole else f"{group}: {label_of(pool, None)}"
        if len(pool) == 1:
            label = label_of(pool, None)
        units.update({k: label for k in pool})
        units.update({k: label_of([k], None) for k in rest})
    if national:
        # The national pool borrows from the smallest published units.
        pool = list(national)
        if sum(counts[k] for k in pool) < threshold:
            unit_sizes: dict[str, int] = {}
            for key, label in units.items():
                unit_sizes[label] = unit_sizes.get(label, 0) + counts[key]
            for label in sorted(unit_sizes, key=lambda u: (unit_sizes[u], u)):
                if sum(counts[k] for k in pool) >= threshold:
                    break
                pool.extend(k for k, u in units.items() if u == label)
        label = fallback if len(pool) > 1 else label_of(pool, None)
        units.update({k: label for k in pool})
    return units


# ---------------------------------------------------------------------------
# Suppression of one table
# ---------------------------------------------------------------------------


def _basis(matrix: np.ndarray) -> np.ndarray:
    """Orthonormal basis (rows) of the row space of ``matrix``."""
    if matrix.size == 0 or matrix.shape[0] == 0:
        return np.zeros((0, matrix.shape[1] if matrix.ndim == 2 else 0))
    _, singular, vt = np.linalg.svd(matrix, full_matrices=False)
    rank = int((singular > _TOL * max(1.0, singular[0])).sum())
    return vt[:rank]


def determined(published: np.ndarray, candidates: np.ndarray) -> np.ndarray:
    """Which candidate linear functionals the published ones determine.

    Parameters
    ----------
    published : numpy.ndarray
        One row per published statistic: its coefficients over the unknown
        finest cells (0/1 for a count).
    candidates : numpy.ndarray
        One row per quantity to test, over the same cells.

    Returns
    -------
    numpy.ndarray of bool
        True where the candidate equals a linear combination of published
        rows, that is, where its value can be worked out exactly from
        published values whatever the unknown cells hold.
    """
    candidates = np.atleast_2d(np.asarray(candidates, dtype=float))
    published = np.asarray(published, dtype=float)
    out = np.zeros(candidates.shape[0], dtype=bool)
    if published.shape[0] == 0 or candidates.shape[0] == 0:
        return out
    # Cells that every published row treats alike form classes. Any
    # combination of published rows is constant on each class, so a
    # candidate that is not cannot be determined; for those that are, one
    # cell per class gives the same answer. This shrinks an audit's
    # thousands of cells to the few hundred its tables tell apart.
    _, first, inverse = np.unique(published.T, axis=0, return_index=True, return_inverse=True)
    constant = np.all(candidates == candidates[:, first[inverse.ravel()]], axis=1)
    basis = _basis(published[:, first])
    if basis.shape[0] == 0 or not constant.any():
        return out
    reduced = candidates[constant][:, first]
    resid = reduced - (reduced @ basis.T) @ basis
    out[constant] = np.abs(resid).max(axis=1) < 1e-6
    return out


@dataclass
class ProtectedTable:
    """A frequency table after disclosure control.

    Attributes
    ----------
    counts : pandas.DataFrame
        True counts with margins: interior cells, a ``Total`` column when
        rows have totals, a ``Total`` row when columns have totals. Never
        publish this frame; use :meth:`published` or :meth:`display`.
    primary : pandas.DataFrame of bool
        Cells (same shape as ``counts``) below the threshold.
    secondary : pandas.DataFrame of bool
        Further cells hidden so that the primary ones cannot be derived.
    threshold : int
        Smallest count shown.
    margins : str
        Which totals the table shows: both, rows, columns or none.
    rows, columns : Dimension or None
        How rows and columns group the microdata, when the table was made by
        :func:`tabulate` (the audit needs it).
    """

    counts: pd.DataFrame
    primary: pd.DataFrame
    secondary: pd.DataFrame
    threshold: int
    margins: str
    rows: Dimension | None = None
    columns: Dimension | None = None

    @property
    def suppressed(self) -> pd.DataFrame:
        """Cells hidden for any reason."""
        return self.primary | self.secondary

    def published(self) -> pd.DataFrame:
        """Counts as published: suppressed cells are NaN."""
        return self.counts.astype(float).mask(self.suppressed)

    def interior(self) -> pd.DataFrame:
        """Published interior cells (no margins); suppressed cells are NaN."""
        frame = self.published()
        if self.margins in ("both", "columns"):
            frame = frame.drop(index=TOTAL)
        if self.margins in ("both", "rows"):
            frame = frame.drop(columns=TOTAL)
        return frame

    def shares(self, axis: str = "columns") -> pd.DataFrame:
        """Percentages of each column's (or row's) total, NaN where hidden.

        A percentage is shown only when its count and its denominator are
        both published: with a published denominator, a percentage gives
        its count away, so it is hidden exactly when the count is.

        Parameters
        ----------
        axis : {"columns", "rows"}
            ``columns``: each cell as a share of its column total (needs
            column totals); ``rows``: of its row total.
        """
        pub = self.published()
        if axis == "columns":
            if self.margins not in ("both", "columns"):
                raise ValueError("shares of columns need column totals")
            return pub.div(pub.loc[TOTAL], axis=1) * 100
        if self.margins not in ("both", "rows"):
            raise ValueError("shares of rows need row totals")
        return pub.div(pub[TOTAL], axis=0) * 100

    def display(self, *, percent: str | None = None, decimals: int = 0) -> pd.DataFrame:
        """The table as text for :func:`csrr.display.table`.

        Parameters
        ----------
        percent : {"columns", "rows"}, optional
            Add the share of the column (or row) total in brackets.
        decimals : int
            Decimal places of the percentages.

        Returns
        -------
        pandas.DataFrame
            Strings, with :data:`SUPPRESSED` in hidden cells and the row
            labels as the first column.
        """
        pub = self.published()
        pct = self.shares(percent) if percent else None
        out = pd.DataFrame(index=pub.index, columns=pub.columns, dtype=object)
        for r in pub.index:
            for c in pub.columns:
                value = pub.at[r, c]
                if pd.isna(value):
                    out.at[r, c] = SUPPRESSED
                elif pct is not None and not pd.isna(pct.at[r, c]):
                    out.at[r, c] = f"{int(value):,} ({pct.at[r, c]:.{decimals}f}%)"
                else:
                    out.at[r, c] = f"{int(value):,}"
        name = self.rows.name if self.rows is not None else (pub.index.name or "")
        out.index.name = name
        return out.reset_index()

    def cells(self) -> Iterator[tuple[Any, Any, int, bool]]:
        """Every entry: ``(row, column, true count, suppressed)``."""
        sup = self.suppressed
        for r in self.counts.index:
            for c in self.counts.columns:
                yield r, c, int(self.counts.at[r, c]), bool(sup.at[r, c])


def _lines(n_rows: int, n_cols: int, margins: str) -> list[list[tuple[int, int]]]:
    """The additive constraints of a table: each line's entries, total last.

    Entries are grid positions; position ``n_rows`` (``n_cols``) is the
    total row (column).
    """
    lines = []
    if margins in ("both", "rows"):
        lines += [[(i, j) for j in range(n_cols)] + [(i, n_cols)] for i in range(n_rows)]
    if margins in ("both", "columns"):
        lines += [[(i, j) for i in range(n_rows)] + [(n_rows, j)] for j in range(n_cols)]
    if margins == "both":
        lines.append([(i, n_cols) for i in range(n_rows)] + [(n_rows, n_cols)])
        lines.append([(n_rows, j) for j in range(n_cols)] + [(n_rows, n_cols)])
    return lines


def _functionals(n_rows: int, n_cols: int, margins: str) -> dict[tuple[int, int], np.ndarray]:
    """Each grid entry as coefficients over the interior cells."""
    out = {}
    for i in range(n_rows):
        for j in range(n_cols):
            vec = np.zeros(n_rows * n_cols)
            vec[i * n_cols + j] = 1
            out[(i, j)] = vec
    if margins in ("both", "rows"):
        for i in range(n_rows):
            vec = np.zeros(n_rows * n_cols)
            vec[i * n_cols : (i + 1) * n_cols] = 1
            out[(i, n_cols)] = vec
    if margins in ("both", "columns"):
        for j in range(n_cols):
            vec = np.zeros(n_rows * n_cols)
            vec[j::n_cols] = 1
            out[(n_rows, j)] = vec
    if margins == "both":
        out[(n_rows, n_cols)] = np.ones(n_rows * n_cols)
    return out


def protect_table(
    counts: pd.DataFrame,
    threshold: int = DEFAULT_THRESHOLD,
    *,
    margins: str = "both",
    zeros_disclosive: bool = False,
    rows: Dimension | None = None,
    columns: Dimension | None = None,
) -> ProtectedTable:
    """Apply primary and secondary suppression to a frequency table.

    Parameters
    ----------
    counts : pandas.DataFrame
        Interior counts (no margins), non-negative whole numbers.
    threshold : int
        Smallest count shown (``disclosure_threshold`` in params).
    margins : {"both", "rows", "columns", "none"}
        Which totals the table publishes: a total per row, per column, both
        (with the grand total) or none. A one-way table (one column of
        counts with a total at the foot) uses ``"columns"``.
    zeros_disclosive : bool
        Hide zero counts too.
    rows, columns : Dimension, optional
        Kept on the result for :class:`DisclosureAudit`.

    Returns
    -------
    ProtectedTable

    Notes
    -----
    Primary suppression hides every entry, totals included, below the
    threshold. In a table with both totals, each small interior cell is
    first protected by a rectangle of hidden cells (the cheapest second cell
    in its row, in its column, and where they cross). Secondary suppression
    then repeats two steps until neither changes anything:

    1. in every line (a row or column with its total) holding exactly one
       hidden entry, hide one more: the smallest interior cell that brings
       the line's hidden total to the threshold, else the smallest nonzero
       cell, so that the hidden cells together are not obviously small
       (a pair of 3 and 0 under a total of 3 would give the 3 away in all
       but name);
    2. test every hidden entry with :func:`determined` against all shown
       entries; if one can still be derived (hidden cells joined into a
       chain across lines), hide the smallest shown cell in its row (or
       column) and go back to step 1.

    This is a greedy heuristic, not an optimal (least information lost)
    pattern, but its result is always verified by exact linear algebra.
    """
    if margins not in MARGINS:
        raise ValueError(f"margins must be one of {', '.join(MARGINS)}, not {margins!r}")
    values = counts.to_numpy(dtype=float)
    if values.size and (np.isnan(values).any() or (values < 0).any()):
        raise ValueError("counts must be non-negative numbers")
    n_rows, n_cols = values.shape
    grid = np.zeros((n_rows + 1, n_cols + 1))
    grid[:n_rows, :n_cols] = values
    grid[:n_rows, n_cols] = values.sum(axis=1)
    grid[n_rows, :n_cols] = values.sum(axis=0)
    grid[n_rows, n_cols] = values.sum()
    funcs = _functionals(n_rows, n_cols, margins)
    shown = set(funcs)  # entries the table has (interior and its margins)
    primary = {e for e in shown if is_small(grid[e], threshold, zeros_disclosive)}
    hidden = set(primary)
    lines = _lines(n_rows, n_cols, margins)

    def interior(e: tuple[int, int]) -> bool:
        return e[0] < n_rows and e[1] < n_cols

    def lines_of(e: tuple[int, int]) -> list[list[tuple[int, int]]]:
        return [line for line in lines if e in line]

    def pick(
        candidates: list[tuple[int, int]], line: list[tuple[int, int]] | None, hidden_sum: float
    ) -> tuple[int, int] | None:
        if not candidates:
            return None

        def new_singletons(e: tuple[int, int]) -> int:
            # Lines that hiding e would leave with one hidden entry: each
            # would need a partner of its own.
            return sum(
                1 for other in lines_of(e) if other is not line and not (set(other) & hidden)
            )

        return min(
            candidates,
            key=lambda e: (
                not interior(e),
                grid[e] + hidden_sum < threshold,
                new_singletons(e),
                grid[e] == 0,
                grid[e],
                e,
            ),
        )

    if margins == "both":
        # Protect each small interior cell with a rectangle: a second cell in
        # its row, one in its column and the cell where they cross. Their
        # rows and columns then each hold two hidden cells, which no total
        # can separate. The rectangle chosen hides the fewest respondents
        # among those that keep every hidden pair's sum at the threshold or
        # above (so hidden cells are not obviously small together).
        for i, j in sorted((e for e in primary if interior(e)), key=lambda e: (grid[e], e)):
            row_hidden = sum((i, c) in hidden for c in range(n_cols))
            col_hidden = sum((r, j) in hidden for r in range(n_rows))
            if row_hidden >= 2 and col_hidden >= 2:
                continue
            best, best_key = None, None
            for i2 in range(n_rows):
                for j2 in range(n_cols):
                    if i2 == i or j2 == j:
                        continue
                    corners = [(i, j2), (i2, j), (i2, j2)]
                    added = [e for e in corners if e not in hidden]
                    row_sum = grid[i, j] + grid[i, j2]
                    col_sum = grid[i, j] + grid[i2, j]
                    key = (
                        (row_sum < threshold) + (col_sum < threshold),
                        sum(grid[e] for e in added),
                        len(added),
                        (i2, j2),
                    )
                    if best_key is None or key < best_key:
                        best, best_key = added, key
            if best is not None:
                hidden.update(best)

    while True:
        changed = True
        while changed:
            changed = False
            for line in lines:
                in_line = [e for e in line if e in hidden]
                if len(in_line) != 1:
                    continue
                choice = pick([e for e in line if e not in hidden], line, grid[in_line[0]])
                if choice is not None:
                    hidden.add(choice)
                    changed = True
        order = sorted(hidden)
        open_ = sorted(shown - hidden)
        if not order:
            break
        published = (
            np.array([funcs[e] for e in open_]) if open_ else np.zeros((0, n_rows * n_cols))
        )
        found = determined(published, np.array([funcs[e] for e in order]))
        if not found.any():
            break
        leak = order[int(np.argmax(found))]
        i, j = leak
        row = [(i, c) for c in range(n_cols) if (i, c) not in hidden] if i < n_rows else []
        col = [(r, j) for r in range(n_rows) if (r, j) not in hidden] if j < n_cols else []
        choice = pick(row, None, grid[leak]) or pick(col, None, grid[leak])
        if choice is None:
            # Nothing left in its lines: hide the smallest shown entry anywhere.
            choice = pick(open_, None, 0.0)
        hidden.add(choice)

    index = list(counts.index)
    cols = list(counts.columns)
    full_index = index + ([TOTAL] if margins in ("both", "columns") else [])
    full_cols = cols + ([TOTAL] if margins in ("both", "rows") else [])
    frame = pd.DataFrame(grid, index=index + [TOTAL], columns=cols + [TOTAL])
    frame = frame.loc[full_index, full_cols].round().astype(int)
    frame.index.name = counts.index.name
    frame.columns.name = counts.columns.name

    def label(position: tuple[int, int]) -> tuple:
        r, c = position
        return (index[r] if r < n_rows else TOTAL, cols[c] if c < n_cols else TOTAL)

    def mask(entries: set) -> pd.DataFrame:
        out = pd.DataFrame(False, index=full_index, columns=full_cols)
        for entry in entries:
            out.loc[label(entry)] = True
        return out

    return ProtectedTable(
        counts=frame,
        primary=mask(primary),
        secondary=mask(hidden - primary),
        threshold=threshold,
        margins=margins,
        rows=rows,
        columns=columns,
    )


def tabulate(
    data: pd.DataFrame,
    rows: Dimension,
    columns: Dimension | None = None,
    threshold: int = DEFAULT_THRESHOLD,
    *,
    margins: str | None = None,
    zeros_disclosive: bool = False,
    count_label: str = "Respondents",
) -> ProtectedTable:
    """Count microdata by one or two dimensions and protect the table.

    Parameters
    ----------
    data : pandas.DataFrame
        Microdata, one row per respondent.
    rows, columns : Dimension
        How rows (and columns) group the data. Rows falling in no group are
        left out (say so in the table's caption).
    threshold : int
        Smallest count shown.
    margins : str, optional
        Default ``"both"`` for two-way tables, ``"columns"`` (a total at the
        foot) for one-way tables.
    zeros_disclosive : bool
        Hide zero counts too.
    count_label : str
        Heading of the count column of a one-way table.

    Returns
    -------
    ProtectedTable
    """
    row_codes = rows.codes(data[rows.variable])
    if columns is None:
        counts = row_codes.value_counts().reindex(rows.labels(), fill_value=0)
        frame = counts.to_frame(count_label)
        margins = margins or "columns"
    else:
        col_codes = columns.codes(data[columns.variable])
        frame = pd.crosstab(row_codes, col_codes).reindex(
            index=rows.labels(), columns=columns.labels(), fill_value=0
        )
        margins = margins or "both"
    frame.index.name = rows.name
    frame.columns.name = columns.name if columns is not None else None
    return protect_table(
        frame,
        threshold,
        margins=margins,
        zeros_disclosive=zeros_disclosive,
        rows=rows,
        columns=columns,
    )


# ---------------------------------------------------------------------------
# Audit across every table of a publication
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Risk:
    """A count that published figures give away.

    Attributes
    ----------
    group : str
        Which respondents, such as ``council=S12000023 & role=police``.
    n : int
        Their true number.
    reason : str
        ``small`` (fewer than the threshold) or ``suppressed`` (hidden in a
        published table).
    """

    group: str
    n: int
    reason: str

    def __str__(self) -> str:
        return f"{self.group} (n={self.n}, {self.reason}) can be derived from published figures"


class DisclosureAudit:
    """Checks that a publication's figures, taken together, reveal no small count.

    Every statistic published about a group of respondents (its count, a
    percentage of a published total, a mean with its count) reveals the
    group's size. The audit records each such group as an indicator vector
    over the cells of the cross-product of ``variables``, and :meth:`risks`
    reports every small group (any combination of the variables' values
    with fewer than ``threshold`` respondents) and every suppressed cell
    whose count follows from the recorded ones by addition and subtraction.

    Parameters
    ----------
    data : pandas.DataFrame
        The microdata the publication is computed from.
    variables : sequence of str
        Columns whose combinations could identify people (area, role,
        sector ...). Every recorded group must be defined on these.
    threshold : int
        Smallest count that may be revealed.
    zeros_disclosive : bool
        Treat derivable zero counts as risks too.
    categories : dict, optional
        Variable -> every possible value, when some do not occur in the data
        (an attacker does not know which combinations are empty, so the
        audit must not assume it).

    Notes
    -----
    Variables derived from others (region and integration arrangement from
    the council) must not be audit variables: record groups of the base
    variable instead (a region is a set of councils), so that the audit
    knows how they nest.
    """

    def __init__(
        self,
        data: pd.DataFrame,
        variables: Sequence[str],
        threshold: int = DEFAULT_THRESHOLD,
        *,
        zeros_disclosive: bool = False,
        categories: Mapping[str, Sequence] | None = None,
    ):
        self.variables = list(variables)
        self.threshold = threshold
        self.zeros_disclosive = zeros_disclosive
        self.published: list[tuple[str, dict]] = []
        self.hidden: list[tuple[str, dict]] = []
        declared = dict(categories or {})
        self._levels: dict[str, list] = {}
        for var in self.variables:
            values = set(declared.get(var, [])) | set(data[var].dropna().unique())
            self._levels[var] = sorted(values, key=str)
        sizes = [len(self._levels[v]) for v in self.variables]
        n_cells = int(np.prod(sizes)) if sizes else 1
        if n_cells > MAX_AUDIT_CELLS:
            raise ValueError(
                f"the audit's cross-product has {n_cells:,} cells; audit fewer variables at a time"
            )
        # Each cell's position in each variable's list of values.
        grids = np.indices(sizes).reshape(len(sizes), -1)
        self._cell_codes = {var: grids[k] for k, var in enumerate(self.variables)}
        # Each respondent's cell, to count the true size of any group.
        codes = np.zeros(len(data), dtype=np.int64)
        for k, var in enumerate(self.variables):
            position = {v: i for i, v in enumerate(self._levels[var])}
            codes = codes * sizes[k] + data[var].map(position).to_numpy(dtype=np.int64)
        self._cell_counts = np.bincount(codes, minlength=n_cells).astype(float)
        self._n_cells = n_cells

    # -- recording -----------------------------------------------------------

    def _normalise(self, where: Mapping[str, Any]) -> dict[str, tuple]:
        out = {}
        for var, values in where.items():
            if var not in self._levels:
                raise KeyError(f"{var!r} is not one of the audit's variables")
            if isinstance(values, str) or not isinstance(values, (list, tuple, set, frozenset)):
                values = (values,)
            out[var] = tuple(values)
        return out

    def publish(self, label: str, **where: Any) -> None:
        """Record that a statistic about one group of respondents is published.

        Parameters
        ----------
        label : str
            What it is, for messages (``"mean score, role=police"``).
        **where
            Variable -> value or collection of values; variables not named
            are unrestricted.
        """
        self.published.append((label, self._normalise(where)))

    def publish_dimension(self, label: str, dim: Dimension, **where: Any) -> None:
        """Record one published statistic per group of ``dim`` (means by region)."""
        for group, values in dim.groups.items():
            self.publish(f"{label}: {group}", **{dim.variable: values}, **where)

    def publish_table(self, label: str, table: ProtectedTable, **where: Any) -> None:
        """Record a table made by :func:`tabulate`: its shown and hidden entries.

        Parameters
        ----------
        label : str
            Table name for messages.
        table : ProtectedTable
            Must carry its dimensions.
        **where
            A restriction the whole table shares (such as ``sector="third"``).
        """
        if table.rows is None:
            raise ValueError("only tables made by tabulate() carry the groups the audit needs")
        sup = table.suppressed
        row_groups = dict(table.rows.groups)
        col_groups = dict(table.columns.groups) if table.columns is not None else {}
        for r in table.counts.index:
            for c in table.counts.columns:
                cond = dict(where)
                if r != TOTAL:
                    cond[table.rows.variable] = row_groups[r]
                if table.columns is not None and c != TOTAL:
                    cond[table.columns.variable] = col_groups[c]
                entry = (f"{label}: {r} / {c}", self._normalise(cond))
                (self.hidden if sup.at[r, c] else self.published).append(entry)

    # -- checking ------------------------------------------------------------

    def _indicator(self, where: Mapping[str, tuple]) -> np.ndarray:
        mask = np.ones(self._n_cells, dtype=bool)
        for var, values in where.items():
            levels = self._levels[var]
            allowed = [i for i, v in enumerate(levels) if v in set(values)]
            mask &= np.isin(self._cell_codes[var], allowed)
        return mask.astype(float)

    def count(self, **where: Any) -> int:
        """True number of respondents in a group."""
        return int(self._indicator(self._normalise(where)) @ self._cell_counts)

    def _small_groups(self) -> Iterator[tuple[str, np.ndarray]]:
        """Every small cell of every marginal table of the audit's variables.

        A marginal table is the count over any subset of the variables
        (council; council x role; role x sector x years ...). Only cells
        whose true count is small are yielded, with their indicator.
        """
        for k in range(1, len(self.variables) + 1):
            for subset in itertools.combinations(self.variables, k):
                sizes = [len(self._levels[v]) for v in subset]
                # The group each finest cell falls in, for this subset.
                gid = np.ravel_multi_index([self._cell_codes[v] for v in subset], sizes)
                counts = np.bincount(gid, weights=self._cell_counts, minlength=int(np.prod(sizes)))
                for g in np.flatnonzero(
                    (counts < self.threshold) & ((counts > 0) | self.zeros_disclosive)
                ):
                    combo = np.unravel_index(g, sizes)
                    name = " & ".join(
                        f"{v}={self._levels[v][i]}" for v, i in zip(subset, combo, strict=True)
                    )
                    yield name, (gid == g).astype(float)

    def risks(self) -> list[Risk]:
        """Small or suppressed counts that the published figures give away.

        Returns
        -------
        list of Risk
            Empty when the publication is safe.
        """
        if not self.published:
            return []
        pub = np.array([self._indicator(w) for _, w in self.published])
        names: list[str] = []
        vectors: list[np.ndarray] = []
        reasons: list[str] = []
        for name, vec in self._small_groups():
            names.append(name)
            vectors.append(vec)
            reasons.append("small")
        for name, where in self.hidden:
            names.append(name)
            vectors.append(self._indicator(where))
            reasons.append("suppressed")
        if not vectors:
            return []
        cand = np.array(vectors)
        found = determined(pub, cand)
        return [
            Risk(names[i], round(cand[i] @ self._cell_counts), reasons[i])
            for i in np.flatnonzero(found)
        ]

    def check(self) -> None:
        """Raise :class:`CsrrError` naming the first risk, if there is one."""
        found = self.risks()
        if found:
            more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
            raise CsrrError(f"disclosure control: {found[0]}{more}")


# ---------------------------------------------------------------------------
# ACRO, the SACRO output checker, with its side effects contained
# ---------------------------------------------------------------------------


def import_acro():
    """Import ``acro`` without letting it change logging or warnings.

    ACRO 1.0.2 calls ``logging.basicConfig(level=INFO)`` and silences every
    FutureWarning when imported; both would change the whole pipeline's
    behaviour. The root logger's handlers and level and the warning
    filters are restored afterwards. The import is slow (about 2.5 s), so it
    happens only when an output check runs.
    """
    if "acro" in sys.modules:
        return sys.modules["acro"]
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        with warnings.catch_warnings():
            import acro
    finally:
        for handler in list(root.handlers):
            if handler not in handlers:
                root.removeHandler(handler)
        root.setLevel(level)
    return acro


@contextmanager
def _contained(log: list[str]) -> Iterator[None]:
    """Run ACRO calls in a scratch working folder, with its log captured.

    ACRO writes ``acro_artifacts`` into the working directory and deletes
    it again in ``finalise``; a scratch folder keeps both away from the
    project. Its INFO log goes to ``log`` (kept in the bundle) instead of
    the notebook, and pandas' SettingWithCopyWarning from inside ACRO is
    silenced.
    """
    logger = logging.getLogger("acro")

    class _ListHandler(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            log.append(f"{record.levelname}: {record.getMessage()}")

    handler = _ListHandler(level=logging.INFO)
    old = (logger.level, logger.propagate, os.getcwd())
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    scratch = tempfile.mkdtemp(prefix="csrr-acro-")
    try:
        os.chdir(scratch)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", pd.errors.SettingWithCopyWarning)
            warnings.simplefilter("ignore", FutureWarning)
            yield
    finally:
        os.chdir(old[2])
        shutil.rmtree(scratch, ignore_errors=True)
        logger.removeHandler(handler)
        logger.setLevel(old[0])
        logger.propagate = old[1]


def _acro_name(name: Any, fallback: str) -> str:
    """An axis name ACRO can write into its pandas query.

    ACRO suppresses a cell by building a ``DataFrame.query`` string from the
    axis names and labels (``Area == "Islands"``). An empty name (a one-way
    table's constant axis), a Python keyword or punctuation makes that
    string invalid: the build stopped with "Python keyword not valid
    identifier in numexpr query" as soon as such a table had a cell to hide
    (at a threshold of 20 on the demo). Names become identifiers here.
    """
    text = re.sub(r"\W+", "_", "" if name is None else str(name)).strip("_")
    if not text or text[0].isdigit() or keyword.iskeyword(text):
        text = f"{fallback}_{text}" if text else fallback
    return text


def _acro_labels(labels: pd.Series) -> tuple[pd.Series, dict[str, Any]]:
    """Labels ACRO can quote, and a map from each stand-in back to its label.

    ACRO puts a label between double quotes in its query, so a label
    holding a double quote or a backslash (a questionnaire may well say
    ``Social worker "frontline"``) would end the string early. Those
    characters get typographic stand-ins (U+201D, U+2216), which cannot
    end the query's string.
    """
    back: dict[str, Any] = {}

    def safe(label: Any) -> Any:
        if not isinstance(label, str) or not re.search(r'["\\]', label):
            return label
        stand_in = label.replace('"', "\u201d").replace("\\", "\u2216")
        back[stand_in] = label
        return stand_in

    return labels.map(safe), back


@dataclass
class CheckedOutput:
    """What ACRO said about one published table."""

    name: str
    status: str
    summary: str
    # Cells ACRO would suppress that the published table shows (must be
    # empty), as "row / column".
    missed: list[str]


class OutputChecker:
    """ACRO checks of a publication's tables, and the bundle for a human checker.

    Parameters
    ----------
    threshold : int
        ACRO's ``safe_threshold`` is set to this, so both tools apply the
        same rule (ACRO only reads config files inside its own package).
    zeros_disclosive : bool
        ACRO's ``zeros_are_disclosive``.

    Notes
    -----
    ACRO runs with suppression on, so its own output shows its primary
    suppression; the table actually published (with this module's
    secondary suppression) is added beside it as a custom output, with a
    comment saying what differs. ACRO has no secondary suppression and
    recomputes margins from the suppressed table, so its tables must not
    be published as they are.
    """

    def __init__(self, threshold: int = DEFAULT_THRESHOLD, *, zeros_disclosive: bool = False):
        self.log: list[str] = []
        self.outputs: list[CheckedOutput] = []
        self.zeros_disclosive = zeros_disclosive
        self._custom = Path(tempfile.mkdtemp(prefix="csrr-acro-published-"))
        acro = import_acro()
        with _contained(self.log):
            self._session = acro.ACRO(suppress=True)
        # ACRO's checks read the same dict as its config.
        self._session.config["safe_threshold"] = int(threshold)
        self._session.config["zeros_are_disclosive"] = bool(zeros_disclosive)
        self._session.sdc_checks.risk_appetite = self._session.config

    def _last_uid(self) -> str:
        return f"output_{self._session.results.output_id - 1}"

    def _record(
        self, name: str, comment: str, table: ProtectedTable, labels: Mapping[str, Any]
    ) -> CheckedOutput:
        """Compare ACRO's verdict on each cell with the published table; file both.

        ACRO's ``outcome`` holds, per cell, ``ok`` or the checks it failed.
        A failed cell must be hidden in the published table, except a zero
        when zeros are not disclosive (ACRO's threshold check fails zeros
        whatever its ``zeros_are_disclosive`` setting says); those are named
        in the comment for the output checker. ``labels`` maps the
        stand-ins given to ACRO back to the published labels.
        """
        uid = self._last_uid()
        record = self._session.results.results[uid]
        pub = table.interior()
        missed, zeros = [], []
        outcome = record.outcome.rename(
            index=lambda v: labels.get(v, v), columns=lambda v: labels.get(v, v)
        )
        for r in outcome.index:
            for c in outcome.columns:
                if r == "All" or c == "All" or str(outcome.at[r, c]).strip() == "ok":
                    continue
                shown = pub.at[r, c] if r in pub.index and c in pub.columns else np.nan
                if pd.isna(shown):
                    continue
                if shown == 0 and not self.zeros_disclosive:
                    zeros.append(f"{r} / {c}")
                else:
                    missed.append(f"{r} / {c}")
        self._session.rename_output(uid, name)
        self._session.add_comments(name, comment)
        path = self._custom / f"{name}-published.csv"
        table.display().to_csv(path, index=False)
        note = (
            f" Zero cells shown because zeros are not treated as disclosive: {'; '.join(zeros)}."
            if zeros
            else ""
        )
        with _contained(self.log):
            self._session.custom_output(
                str(path),
                f"{name} as published: ACRO's primary suppression plus secondary "
                f"suppression by csrr.sdc ({int(table.secondary.to_numpy().sum())} more "
                f"cells hidden so that no hidden count follows from the totals); "
                f"{SUPPRESSED} marks a hidden cell.{note}",
            )
        self._session.rename_output(self._last_uid(), f"{name}-published")
        out = CheckedOutput(name, record.status, record.summary, missed)
        self.outputs.append(out)
        return out

    def crosstab(
        self,
        name: str,
        data: pd.DataFrame,
        table: ProtectedTable,
        comment: str = "",
    ) -> CheckedOutput:
        """Check a table made by :func:`tabulate` with ACRO.

        Parameters
        ----------
        name : str
            Output name in the bundle (letters, digits and hyphens).
        data : pandas.DataFrame
            The microdata the table was counted from.
        table : ProtectedTable
            The table as published.
        comment : str
            What the table shows, for the output checker.
        """
        if table.rows is None:
            raise ValueError("crosstab() needs a table made by tabulate()")
        index = table.rows.codes(data[table.rows.variable]).rename(table.rows.name)
        if table.columns is not None:
            columns = table.columns.codes(data[table.columns.variable]).rename(table.columns.name)
        else:
            # A one-way table: ACRO needs two axes, so count against a constant.
            columns = pd.Series(table.counts.columns[0], index=data.index, name="")
        return self.crosstab_series(name, index, columns, table, comment)

    def crosstab_series(
        self,
        name: str,
        index: pd.Series,
        columns: pd.Series,
        table: ProtectedTable,
        comment: str = "",
    ) -> CheckedOutput:
        """Check a published table given the row and column label of every record.

        Use this for tables not made by :func:`tabulate`, such as answers
        to several items (one record per answer, labelled by item and
        answer). Labels must be those of the published table.

        Parameters
        ----------
        name : str
            Output name in the bundle.
        index, columns : pandas.Series
            Row and column label of each record (missing: left out).
        table : ProtectedTable
            The table as published.
        comment : str
            What the table shows.
        """
        keep = index.notna() & columns.notna()
        rows, row_labels = _acro_labels(index[keep])
        cols, col_labels = _acro_labels(columns[keep])
        rows = rows.rename(_acro_name(index.name, "rows"))
        cols = cols.rename(_acro_name(columns.name, "columns"))
        with _contained(self.log):
            self._session.crosstab(rows, cols)
        return self._record(name, comment, table, {**row_labels, **col_labels})

    def attach(self, name: str, text: str, comment: str) -> Path:
        """Add a file for the human output checker to the bundle.

        It goes in as one of ACRO's custom outputs, so ``results.json``
        carries the comment and the checksums cover the file.

        Parameters
        ----------
        name : str
            File name in the bundle, such as ``redaction-review.csv``.
        text : str
            Its contents.
        comment : str
            What the checker should do with it.
        """
        path = self._custom / name
        path.write_text(text, encoding="utf-8")
        with _contained(self.log):
            self._session.custom_output(str(path), comment)
        return path

    def check(self, where: str = "") -> None:
        """Raise :class:`CsrrError` if ACRO would hide a cell a published table shows.

        Parameters
        ----------
        where : str
            Prefix for the message, such as ``"strand4"``.
        """
        missed = [f"{o.name}: {cell}" for o in self.outputs for cell in o.missed]
        if missed:
            prefix = f"{where}: " if where else ""
            more = f" (and {len(missed) - 1} more)" if len(missed) > 1 else ""
            raise CsrrError(
                f"{prefix}ACRO would suppress a cell the report shows: {missed[0]}{more}"
            )

    def finalise(self, folder: str | Path) -> Path:
        """Write ACRO's bundle (results.json, tables, checksums) to ``folder``.

        ``folder`` is replaced if it exists (ACRO refuses an existing
        folder, so it writes into a scratch folder that is then moved).
        ACRO's log goes beside it as ``acro-log.txt``.
        """
        folder = Path(folder)
        staging = Path(tempfile.mkdtemp(prefix="csrr-acro-bundle-")) / "bundle"
        with _contained(self.log):
            self._session.finalise(str(staging), "json")
        (staging / "acro-log.txt").write_text("\n".join(self.log) + "\n", encoding="utf-8")
        if folder.exists():
            shutil.rmtree(folder)
        folder.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(staging), str(folder))
        shutil.rmtree(staging.parent, ignore_errors=True)
        shutil.rmtree(self._custom, ignore_errors=True)
        return folder
