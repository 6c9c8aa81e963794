"""Disclosure control of everything strand 4 publishes.

The demo has a council with exactly 3 respondents (Orkney Islands). These
tests show that no published table reveals a count below the threshold for
it (or any small group), directly or by subtraction, checked independently
of csrr.sdc with numpy's matrix rank; and, with hypothesis, that the same
holds for generated surveys.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csrr import councils, sdc
from csrr.errors import CsrrError
from csrr.strand4 import analysis, data

ORKNEY = councils.code_for("Orkney")
VARIABLES = (data.COUNCIL, data.ROLE, data.SECTOR, data.YEARS)


def cell_space(q: data.Questionnaire) -> list[tuple]:
    levels = [
        list(councils.CODES),
        list(q.labels(data.ROLE)),
        list(q.labels(data.SECTOR)),
        list(q.labels(data.YEARS)),
    ]
    return list(itertools.product(*levels))


def indicator(cells: list[tuple], where: dict[str, tuple]) -> np.ndarray:
    idx = {v: k for k, v in enumerate(VARIABLES)}
    return np.array(
        [all(c[idx[v]] in values for v, values in where.items()) for c in cells], dtype=float
    )


def published_groups(release: analysis.Release) -> list[dict[str, tuple]]:
    """The group behind every shown count of every profile table, read from the tables."""
    groups = []
    for table in release.profile.values():
        pub = table.published()
        for r in pub.index:
            for c in pub.columns:
                if pd.isna(pub.at[r, c]):
                    continue
                where = {}
                if r != sdc.TOTAL:
                    where[table.rows.variable] = table.rows.groups[r]
                if table.columns is not None and c != sdc.TOTAL:
                    where[table.columns.variable] = table.columns.groups[c]
                groups.append(where)
    return groups


def rank_derivable(published: np.ndarray, target: np.ndarray) -> bool:
    # Columns every published row treats alike can be merged for speed only
    # when the target treats them alike too; otherwise it cannot be derived.
    _, first, inverse = np.unique(published.T, axis=0, return_index=True, return_inverse=True)
    if not np.array_equal(target, target[first[inverse.ravel()]]):
        return False
    a, t = published[:, first], target[first]
    return np.linalg.matrix_rank(np.vstack([a, t])) == np.linalg.matrix_rank(a)


# ---------------------------------------------------------------------------
# The demo
# ---------------------------------------------------------------------------


def test_no_published_count_is_below_the_threshold(release, params):
    threshold = params["disclosure_threshold"]
    for name, table in release.tables().items():
        values = table.published().to_numpy().ravel()
        shown = values[~np.isnan(values)]
        assert ((shown >= threshold) | (shown == 0)).all(), name


def test_audit_passes_and_council_level_was_refused(release):
    assert release.risks == []
    # With the stand-in classification, council-level counts would give a
    # small island council away through the arrangement table.
    assert release.area_level == "region"
    assert release.notes and "Council-level counts were not published" in release.notes[0]


def test_council_level_would_have_leaked_a_small_island_council(prep, params):
    dim = analysis.area_units(prep, "council", params["disclosure_threshold"])
    profile = analysis._profile(prep, dim, params)
    risks = analysis._audit(prep, profile, params).risks()
    islands = {c for c, r in councils.REGIONS.items() if r == "Islands"}
    assert any(r.group.removeprefix("council_code=") in islands for r in risks)


def test_orkney_is_never_shown_alone(release):
    for table in release.profile.values():
        for dim in (table.rows, table.columns):
            if dim is not None and dim.variable == data.COUNCIL:
                group = next(g for g in dim.groups.values() if ORKNEY in g)
                assert len(group) > 1


def test_orkney_cannot_be_worked_out_by_subtraction(prep, release):
    """Independent of csrr.sdc: every small group involving Orkney, by rank."""
    q = prep.questionnaire
    cells = cell_space(q)
    published = np.array([indicator(cells, g) for g in published_groups(release)])
    frame = prep.frame
    orkney = frame[frame[data.COUNCIL] == ORKNEY]
    assert len(orkney) == 3
    targets = [{data.COUNCIL: (ORKNEY,)}]
    for var in (data.ROLE, data.SECTOR, data.YEARS):
        for value in q.labels(var):
            targets.append({data.COUNCIL: (ORKNEY,), var: (value,)})
    for where in targets:
        assert not rank_derivable(published, indicator(cells, where)), where


def test_every_small_council_is_protected(prep, release, params):
    cells = cell_space(prep.questionnaire)
    published = np.array([indicator(cells, g) for g in published_groups(release)])
    counts = prep.frame[data.COUNCIL].value_counts()
    small = [c for c, n in counts.items() if 0 < n < params["disclosure_threshold"]]
    assert len(small) == 4
    for code in small:
        assert not rank_derivable(published, indicator(cells, {data.COUNCIL: (code,)})), code


def test_means_and_shares_rest_on_enough_respondents(release, params):
    threshold = params["disclosure_threshold"]
    for name, means in release.means.items():
        shown = means.dropna(subset=["mean"])
        assert (shown["n"] >= threshold).all(), name
    bar = release.barriers
    for code in ("statutory", "third", "all"):
        shown = bar[bar[f"pct_{code}"].notna()]
        assert (shown[f"valid_{code}"] >= threshold).all()
        assert (shown[f"agree_{code}"] >= threshold).all()
    for lik in release.likert.values():
        values = lik.table.published().to_numpy()
        assert (values[~np.isnan(values)] >= threshold).all()


def test_forcing_council_level_when_it_leaks_stops_the_build(prep, params):
    with pytest.raises(CsrrError, match=r"disclosure control: council_code=S12000\d+ \(n=\d\b"):
        analysis.build_release(prep, {**params, "area_level": "council"})


def test_written_tables_mark_hidden_cells(release, tmp_path):
    written = analysis.write_tables(release, tmp_path)
    assert {p.name for p in written} >= {"profile-role-region.csv", "barriers-by-sector.csv"}
    text = (tmp_path / "tables" / "profile-role-region.csv").read_text()
    assert sdc.SUPPRESSED in text
    assert "Orkney" not in text and ORKNEY not in text


# ---------------------------------------------------------------------------
# Generated surveys
# ---------------------------------------------------------------------------


@st.composite
def survey_frames(draw, q: data.Questionnaire):
    """Respondents in a handful of councils (some tiny), with random profiles."""
    chosen = draw(st.lists(st.sampled_from(councils.CODES), min_size=3, max_size=7, unique=True))
    sizes = {c: draw(st.one_of(st.integers(1, 9), st.integers(10, 60))) for c in chosen}
    rng = np.random.default_rng(draw(st.integers(0, 2**16)))
    rows = []
    for code, n in sizes.items():
        for _ in range(n):
            rows.append(
                {
                    data.ID: f"R{len(rows):08X}",
                    data.ROLE: rng.choice(list(q.labels(data.ROLE))),
                    data.SECTOR: rng.choice(list(q.labels(data.SECTOR))),
                    data.COUNCIL: code,
                    data.YEARS: rng.choice(list(q.labels(data.YEARS))),
                    data.COMPLETED: True,
                }
            )
    frame = pd.DataFrame(rows)
    for item in q.items:
        frame[item.id] = pd.array(rng.integers(1, 6, len(frame)), dtype="Int64")
    return frame


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(source=st.data())
def test_generated_surveys_publish_nothing_small_and_nothing_derivable(
    survey, classification, params, source
):
    q = survey.questionnaire
    frame = source.draw(survey_frames(q))
    prep = analysis.prepare(analysis.data.Survey(q, frame), classification, params)
    threshold = params["disclosure_threshold"]
    try:
        release = analysis.build_release(prep, params)
    except CsrrError:
        return  # nothing unsafe is ever returned; refusing is allowed
    assert release.risks == []
    for name, table in release.tables().items():
        values = table.published().to_numpy().ravel()
        shown = values[~np.isnan(values)]
        assert ((shown >= threshold) | (shown == 0)).all(), name
    cells = cell_space(q)
    published = np.array([indicator(cells, g) for g in published_groups(release)])
    counts = frame[data.COUNCIL].value_counts()
    for code, n in counts.items():
        if n < threshold:
            assert not rank_derivable(published, indicator(cells, {data.COUNCIL: (code,)}))
