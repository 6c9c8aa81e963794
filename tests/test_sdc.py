"""Disclosure control (csrr.sdc): suppression, grouping, the cross-table audit, ACRO.

The property-based tests generate tables and surveys with hypothesis and
check the promises of the module against independent implementations:
no published cell is below the threshold, and no suppressed cell (or small
group) can be worked out from what is published, tested by matrix rank
(numpy's ``matrix_rank``, not the projection the module uses).
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import subprocess
import sys
import textwrap
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csrr import sdc
from csrr.errors import CsrrError

T = 10


# ---------------------------------------------------------------------------
# Independent checks
# ---------------------------------------------------------------------------


def derivable(published: list[np.ndarray], target: np.ndarray) -> bool:
    """Whether ``target`` is a linear combination of ``published`` (by rank)."""
    if not published:
        return False
    a = np.array(published, dtype=float)
    return np.linalg.matrix_rank(np.vstack([a, target])) == np.linalg.matrix_rank(a)


def grid_functionals(table: sdc.ProtectedTable) -> dict[tuple, np.ndarray]:
    """Every entry of a protected table as coefficients over its interior cells."""
    rows = [r for r in table.counts.index if r != sdc.TOTAL]
    cols = [c for c in table.counts.columns if c != sdc.TOTAL]
    out = {}
    for r in table.counts.index:
        for c in table.counts.columns:
            vec = np.zeros((len(rows), len(cols)))
            ri = slice(None) if r == sdc.TOTAL else rows.index(r)
            ci = slice(None) if c == sdc.TOTAL else cols.index(c)
            vec[ri, ci] = 1
            out[(r, c)] = vec.ravel()
    return out


def leaks(table: sdc.ProtectedTable) -> list[tuple]:
    """Hidden entries whose value follows from the shown ones."""
    funcs = grid_functionals(table)
    sup = table.suppressed
    shown = [v for (r, c), v in funcs.items() if not sup.at[r, c]]
    return [(r, c) for (r, c), v in funcs.items() if sup.at[r, c] and derivable(shown, v)]


# ---------------------------------------------------------------------------
# Small cases with known answers
# ---------------------------------------------------------------------------


def test_is_small_and_safe_count():
    assert sdc.is_small(3, 10) and not sdc.is_small(10, 10)
    assert not sdc.is_small(0, 10) and sdc.is_small(0, 10, zeros_disclosive=True)
    assert sdc.safe_count(7, 10) == "fewer than 10"
    assert sdc.safe_count(1520, 10) == "1,520"
    assert sdc.safe_count(0, 10) == "0"


def test_one_small_cell_is_protected_by_a_rectangle():
    counts = pd.DataFrame(
        {"statutory": [338, 182, 266, 43, 150], "third": [20, 6, 15, 0, 34]},
        index=["social", "health", "education", "police", "managers"],
    )
    table = sdc.protect_table(counts, T)
    hidden = {(r, c) for r, c, _, s in table.cells() if s}
    assert table.primary.loc["health", "third"]
    # Health's row, and one other row and the crossing cell: four cells, and
    # the zero (police) is not used, since 6 + 0 would give the 6 away as small.
    assert len(hidden) == 4
    assert ("police", "third") not in hidden
    assert leaks(table) == []
    assert table.published().loc[sdc.TOTAL, sdc.TOTAL] == counts.to_numpy().sum()


def test_small_total_is_hidden_with_a_partner():
    counts = pd.DataFrame({"n": [40, 4, 25, 30]}, index=list("abcd"))
    table = sdc.protect_table(counts, T, margins="columns")
    assert table.primary.loc["b", "n"]
    # The total is published, so one more row must go.
    assert table.suppressed["n"].sum() == 2
    assert leaks(table) == []


def test_margin_below_threshold_is_suppressed():
    counts = pd.DataFrame([[3, 4], [30, 40]], index=["x", "y"], columns=["p", "q"])
    table = sdc.protect_table(counts, T)
    assert table.primary.loc["x", sdc.TOTAL]  # 7 < 10
    assert leaks(table) == []
    assert np.isnan(table.published().loc["x", sdc.TOTAL])


def test_percentages_are_hidden_with_their_counts():
    counts = pd.DataFrame({"n": [40, 4, 25, 30]}, index=list("abcd"))
    table = sdc.protect_table(counts, T, margins="columns")
    shares = table.shares("columns")
    assert shares["n"].isna().sum() == 2
    assert shares.loc[sdc.TOTAL, "n"] == 100
    text = table.display(percent="columns")
    assert (text["n"] == sdc.SUPPRESSED).sum() == 2


def test_rule_of_thumb_misses_a_bridge_that_the_rank_test_finds():
    # Two blocks of four hidden cells joined by one hidden cell: every row and
    # column holds two hidden cells, yet the joining cell can be worked out.
    n = 4
    hidden = {(0, 0), (0, 1), (1, 0), (1, 1), (2, 2), (2, 3), (3, 2), (3, 3), (1, 2)}

    def cell(i, j):
        v = np.zeros(n * n)
        v[i * n + j] = 1
        return v

    rows = [np.repeat(np.eye(n)[i], n) for i in range(n)]
    cols = [np.tile(np.eye(n)[j], n) for j in range(n)]
    shown = [cell(i, j) for i in range(n) for j in range(n) if (i, j) not in hidden]
    published = np.array(shown + rows + cols)
    found = sdc.determined(published, np.array([cell(*h) for h in sorted(hidden)]))
    assert dict(zip(sorted(hidden), found, strict=True))[(1, 2)]
    assert sum(found) == 1


def test_group_small_categories_pools_within_regions():
    counts = {"A": 50, "B": 4, "C": 3, "D": 30, "E": 3, "F": 2}
    parent = {"A": "R1", "B": "R1", "C": "R1", "D": "R2", "E": "R3", "F": "R3"}
    units = sdc.group_small_categories(counts, parent, T)
    # B and C pool to 7, still small, so the smallest other council (A) joins.
    assert units["B"] == units["C"] == units["A"] == "R1"
    # R3 as a whole has 5: it joins the national pool, which borrows the
    # smallest published unit (D) to reach the threshold.
    assert units["E"] == units["F"] == units["D"] == "Other areas"
    sizes = pd.Series(counts).groupby(pd.Series(units)).sum()
    assert (sizes >= T).all()


def test_group_small_categories_names_a_partial_pool():
    counts = {"A": 50, "B": 6, "C": 7, "D": 30}
    parent = {"A": "R1", "B": "R1", "C": "R1", "D": "R1"}
    units = sdc.group_small_categories(counts, parent, T, names={"B": "Bee", "C": "Sea"})
    assert units["B"] == units["C"] == "R1: Bee, Sea (combined)"
    assert units["A"] == "A"


def survey(n_per: dict[tuple[str, str], int]) -> pd.DataFrame:
    rows = [(c, r) for (c, r), n in n_per.items() for _ in range(n)]
    return pd.DataFrame(rows, columns=["council", "role"])


def test_audit_finds_a_council_given_away_by_another_partition():
    # Councils shown one by one except two grouped small ones; a second
    # partition (arrangements) isolates one of them: differencing reveals it.
    data = survey({("A", "x"): 30, ("B", "x"): 25, ("S", "x"): 4, ("T", "x"): 8})
    grouped = sdc.Dimension.grouped("council", {"A": "A", "B": "B", "S": "ST", "T": "ST"})
    arrangements = sdc.Dimension.grouped("council", {"A": "p", "S": "p", "B": "q", "T": "q"})
    audit = sdc.DisclosureAudit(data, ["council", "role"], T)
    audit.publish_table("area", sdc.tabulate(data, grouped, None, T))
    assert audit.risks() == []
    audit.publish_table("arrangement", sdc.tabulate(data, arrangements, None, T))
    found = {r.group for r in audit.risks()}
    assert "council=S" in found and "council=T" in found
    with pytest.raises(CsrrError, match=r"disclosure control: council=.* can be derived"):
        audit.check()


def test_audit_reports_suppressed_cells_that_follow_from_another_table():
    data = survey({("A", "x"): 30, ("A", "y"): 5, ("B", "x"): 25, ("B", "y"): 20})
    councils = sdc.Dimension.of("council", ["A", "B"])
    roles = sdc.Dimension.of("role", ["x", "y"])
    table = sdc.tabulate(data, councils, roles, T)
    assert table.suppressed.loc["A", "y"]
    audit = sdc.DisclosureAudit(data, ["council", "role"], T)
    audit.publish_table("council x role", table)
    assert audit.risks() == []
    # Publishing the count of role y in council A elsewhere gives it away.
    audit.publish("a mean for council A, role y", council="A", role="y")
    assert any(r.reason == "suppressed" for r in audit.risks())


# ---------------------------------------------------------------------------
# Property-based tests
# ---------------------------------------------------------------------------

# Counts skewed towards the small ones that make suppression hard.
count = st.one_of(st.integers(0, 12), st.integers(0, 80))


@st.composite
def tables(draw, max_rows=6, max_cols=5):
    n_rows = draw(st.integers(1, max_rows))
    n_cols = draw(st.integers(1, max_cols))
    values = draw(
        st.lists(
            st.lists(count, min_size=n_cols, max_size=n_cols), min_size=n_rows, max_size=n_rows
        )
    )
    return pd.DataFrame(
        values, index=[f"r{i}" for i in range(n_rows)], columns=[f"c{j}" for j in range(n_cols)]
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    counts=tables(),
    threshold=st.integers(3, 10),
    margins=st.sampled_from(sdc.MARGINS),
    zeros=st.booleans(),
)
def test_protected_tables_show_nothing_small_and_leak_nothing(counts, threshold, margins, zeros):
    table = sdc.protect_table(counts, threshold, margins=margins, zeros_disclosive=zeros)
    for _, _, value, hidden in table.cells():
        if not hidden:
            assert value >= threshold or (value == 0 and not zeros)
    # Primary cells are exactly the small ones.
    for (r, c), value in np.ndenumerate(table.counts.to_numpy()):
        small = sdc.is_small(value, threshold, zeros)
        assert bool(table.primary.iat[r, c]) == small
    assert leaks(table) == []
    # The usual rule of thumb holds too: a line (row or column with its
    # total) never holds exactly one hidden entry.
    sup = table.suppressed
    if margins in ("both", "rows"):
        body = sup.drop(index=sdc.TOTAL, errors="ignore")
        assert (body.sum(axis=1) != 1).all()
    if margins in ("both", "columns"):
        body = sup.drop(columns=sdc.TOTAL, errors="ignore")
        assert (body.sum(axis=0) != 1).all()


@st.composite
def surveys(draw):
    """A small survey: councils in regions, roles, and a second partition of councils."""
    n_councils = draw(st.integers(2, 6))
    councils = [f"C{i}" for i in range(n_councils)]
    regions = {c: draw(st.sampled_from(["R1", "R2", "R3"])) for c in councils}
    arrangement = {c: draw(st.sampled_from(["p", "q"])) for c in councils}
    roles = ["x", "y", "z"]
    sizes = {
        (c, r): draw(st.one_of(st.integers(0, 6), st.integers(0, 40)))
        for c in councils
        for r in roles
    }
    data = survey(sizes)
    if data.empty:
        data = survey({(councils[0], "x"): 1})
    return data, regions, arrangement


def _brute_force_risks(data, published, variables, levels, threshold):
    """Small marginal cells derivable from published groups, by rank."""
    cells = list(itertools.product(*(levels[v] for v in variables)))

    def vector(where):
        return np.array(
            [
                all(cell[variables.index(v)] in values for v, values in where.items())
                for cell in cells
            ],
            dtype=float,
        )

    pub = [vector(w) for w in published]
    found = set()
    for k in range(1, len(variables) + 1):
        for subset in itertools.combinations(variables, k):
            for combo in itertools.product(*(levels[v] for v in subset)):
                where = {v: (x,) for v, x in zip(subset, combo, strict=True)}
                n = int(
                    data[list(subset)].eq(pd.Series(combo, index=list(subset))).all(axis=1).sum()
                )
                if 0 < n < threshold and derivable(pub, vector(where)):
                    found.add(" & ".join(f"{v}={x}" for v, x in zip(subset, combo, strict=True)))
    return found


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=surveys())
def test_audit_agrees_with_a_brute_force_rank_check(case):
    data, regions, arrangement = case
    units = sdc.group_small_categories(data["council"].value_counts().to_dict(), regions, T)
    area = sdc.Dimension.grouped("council", units)
    region = sdc.Dimension.grouped("council", regions)
    role = sdc.Dimension.of("role", ["x", "y", "z"])
    arr = sdc.Dimension.grouped("council", arrangement)
    tables = {
        "area": sdc.tabulate(data, area, None, T),
        "role x region": sdc.tabulate(data, role, region, T),
        "arrangement": sdc.tabulate(data, arr, None, T),
    }
    audit = sdc.DisclosureAudit(data, ["council", "role"], T, categories={"role": ["x", "y", "z"]})
    for name, table in tables.items():
        audit.publish_table(name, table)
        for _, _, value, hidden in table.cells():
            assert hidden or not sdc.is_small(value, T)
    reported = {r.group for r in audit.risks() if r.reason == "small"}
    levels = {"council": sorted(regions), "role": ["x", "y", "z"]}
    published = [w for _, w in audit.published]
    assert reported == _brute_force_risks(data, published, ["council", "role"], levels, T)


# ---------------------------------------------------------------------------
# ACRO, contained
# ---------------------------------------------------------------------------


def test_importing_acro_leaves_logging_and_warnings_alone():
    # A fresh interpreter, so that acro is really imported here.
    script = textwrap.dedent(
        """
        import json, logging, warnings
        from csrr.sdc import import_acro
        root = logging.getLogger()
        before = (list(root.handlers), root.level, list(warnings.filters))
        import_acro()
        after = (list(root.handlers), root.level, list(warnings.filters))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("default")
            warnings.warn("still shown", FutureWarning)
        print(json.dumps({"same": before == after, "future": len(caught)}))
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result == {"same": True, "future": 1}
    assert "INFO:acro" not in proc.stderr


def test_output_checker_writes_its_bundle_without_touching_the_working_directory(
    tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    data = survey({("A", "x"): 30, ("A", "y"): 5, ("B", "x"): 25, ("B", "y"): 20})
    table = sdc.tabulate(
        data, sdc.Dimension.of("council", ["A", "B"]), sdc.Dimension.of("role", ["x", "y"]), T
    )
    filters = list(warnings.filters)
    checker = sdc.OutputChecker(T)
    out = checker.crosstab("council-by-role", data, table, "Respondents by council and role")
    assert out.missed == []
    assert out.status in ("review", "fail", "pass")
    folder = tmp_path / "out" / "acro"
    folder.mkdir(parents=True)  # ACRO itself refuses an existing folder
    assert checker.finalise(folder) == folder
    names = set(os.listdir(folder))
    assert {
        "results.json",
        "config.json",
        "acro-log.txt",
        "council-by-role-published.csv",
    } <= names
    results = json.loads((folder / "results.json").read_text())["results"]
    assert results["council-by-role"]["comments"] == ["Respondents by council and role"]
    assert os.listdir(tmp_path) == ["out"]  # no acro_artifacts, nothing else
    assert warnings.filters == filters
    assert logging.getLogger("acro").propagate


def test_output_checker_reports_a_cell_acro_would_hide():
    data = survey({("A", "x"): 30, ("A", "y"): 5, ("B", "x"): 25, ("B", "y"): 20})
    table = sdc.tabulate(
        data, sdc.Dimension.of("council", ["A", "B"]), sdc.Dimension.of("role", ["x", "y"]), T
    )
    # A table whose suppression was switched off, as a bug would.
    table.primary.loc[:, :] = False
    table.secondary.loc[:, :] = False
    checker = sdc.OutputChecker(T)
    out = checker.crosstab("leaky", data, table)
    assert out.missed == ["A / y"]
    with pytest.raises(
        CsrrError, match=r"^s: ACRO would suppress a cell the report shows: leaky: A / y$"
    ):
        checker.check("s")


def test_output_checker_accepts_zeros_shown_by_policy():
    data = survey({("A", "x"): 30, ("A", "y"): 15, ("B", "x"): 25})
    table = sdc.tabulate(
        data, sdc.Dimension.of("council", ["A", "B"]), sdc.Dimension.of("role", ["x", "y"]), T
    )
    assert table.published().loc["B", "y"] == 0
    checker = sdc.OutputChecker(T)
    assert checker.crosstab("zeros", data, table).missed == []
    strict = sdc.OutputChecker(T, zeros_disclosive=True)
    assert strict.crosstab("zeros", data, table).missed == ["B / y"]


@pytest.mark.parametrize(
    ("title", "labels"),
    [
        # A one-way table: ACRO's constant column axis had no name, and its
        # suppression query "( == 'Respondents')" stopped the build.
        (None, ["A", "B"]),
        ("in", ["A", "B"]),  # a Python keyword as an axis name
        ("Area (council)", ["A", "B"]),  # punctuation in the name
        ("2024 area", ['Social worker "frontline"', "B\\C"]),  # quotes in labels
    ],
)
def test_output_checker_handles_any_axis_name_and_label(title, labels):
    data = pd.DataFrame({"council": [labels[0]] * 30 + [labels[1]] * 4})
    dim = sdc.Dimension.of("council", labels, title=title)
    table = sdc.tabulate(data, dim, None, T)
    assert table.suppressed.iloc[1, 0]  # the small cell ACRO must query
    checker = sdc.OutputChecker(T)
    out = checker.crosstab("area", data, table, "Respondents by area")
    assert out.missed == []
    assert out.status == "review"  # ACRO suppressed the small cell itself


def test_output_checker_still_finds_a_shown_small_cell_with_a_quoted_label():
    labels = ['Social worker "frontline"', "B"]
    data = pd.DataFrame({"council": [labels[0]] * 4 + [labels[1]] * 30})
    table = sdc.tabulate(data, sdc.Dimension.of("council", labels), None, T)
    table.primary.loc[:, :] = False
    table.secondary.loc[:, :] = False
    out = sdc.OutputChecker(T).crosstab("leaky", data, table)
    assert out.missed == [f"{labels[0]} / Respondents"]
