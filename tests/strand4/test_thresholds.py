"""Strand 4 builds at every disclosure threshold, and stays safe at each.

``disclosure_threshold: 20`` once stopped the build inside ACRO (its
suppression query could not name a one-way table's unnamed axis). These
tests run what the notebook runs, :func:`csrr.strand4.report.run` (analysis,
protection, audit, findings, published tables and ACRO's bundle), at
thresholds across the range 3 to 30, without building notebooks, and check
the privacy properties at each: no published count, mean or share below
the threshold, and no small council or hidden cell derivable by adding and
subtracting published counts (checked with numpy's rank, independently of
csrr.sdc).
"""

from __future__ import annotations

import numpy as np
import pytest

from csrr import sdc
from csrr.paths import DEMO_DATA_DIR
from csrr.strand4 import analysis, data, report
from tests.strand4.test_release import cell_space, indicator, published_groups, rank_derivable

# The ends of the range, the default, the threshold that crashed and steps between.
THRESHOLDS = (3, 5, 7, 10, 15, 20, 25, 30)


@pytest.fixture(scope="module")
def classification_file(tmp_path_factory, classification):
    path = tmp_path_factory.mktemp("strand3") / data.CLASSIFICATION_FILE
    classification.to_csv(path, index=False)
    return path


@pytest.fixture(scope="module", params=THRESHOLDS, ids=lambda t: f"threshold-{t}")
def results(request, params, classification_file, tmp_path_factory):
    threshold = request.param
    out = tmp_path_factory.mktemp(f"strand4-{threshold}")
    with pytest.MonkeyPatch.context() as mp:
        # Strand 3's classification, as its build would have written it.
        mp.setattr(analysis, "classification_path", lambda: classification_file)
        res = report.run(DEMO_DATA_DIR, {**params, "disclosure_threshold": threshold}, out)
    return res, out


def test_the_full_report_runs_and_writes_its_products(results):
    res, out = results
    assert len(res.findings) == 5
    assert (out / "acro" / "results.json").is_file()
    assert {o.name for o in res.checked["outputs"]} >= {"profile-role", "barriers-by-sector"}
    # ACRO would hide nothing the report shows (report.run raises otherwise).
    assert all(not o.missed for o in res.checked["outputs"])


def test_no_published_count_is_below_the_threshold(results):
    res, _ = results
    threshold = res.params["disclosure_threshold"]
    for name, table in res.release.tables().items():
        values = table.published().to_numpy().ravel()
        shown = values[~np.isnan(values)]
        assert ((shown >= threshold) | (shown == 0)).all(), name


def test_means_and_shares_rest_on_enough_respondents(results):
    res, _ = results
    threshold = res.params["disclosure_threshold"]
    for name, means in res.release.means.items():
        assert (means.dropna(subset=["mean"])["n"] >= threshold).all(), name
    bar = res.release.barriers
    for code in ("statutory", "third", "all"):
        shown = bar[bar[f"pct_{code}"].notna()]
        assert (shown[f"valid_{code}"] >= threshold).all()
        assert (shown[f"agree_{code}"] >= threshold).all()


def test_nothing_small_can_be_worked_out_by_subtraction(results):
    res, _ = results
    prep, release = res.prep, res.release
    threshold = res.params["disclosure_threshold"]
    assert release.risks == []
    cells = cell_space(prep.questionnaire)
    published = np.array([indicator(cells, g) for g in published_groups(release)])
    counts = prep.frame[data.COUNCIL].value_counts()
    small = [c for c, n in counts.items() if 0 < n < threshold]
    for code in small:
        assert not rank_derivable(published, indicator(cells, {data.COUNCIL: (code,)})), code
    # Every hidden cell of a profile table stays hidden: not derivable either.
    for table in release.profile.values():
        for r, c in zip(*np.nonzero(table.suppressed.to_numpy()), strict=True):
            row, col = table.counts.index[r], table.counts.columns[c]
            where = {}
            if row != sdc.TOTAL:
                where[table.rows.variable] = table.rows.groups[row]
            if table.columns is not None and col != sdc.TOTAL:
                where[table.columns.variable] = table.columns.groups[col]
            assert not rank_derivable(published, indicator(cells, where)), (row, col)
