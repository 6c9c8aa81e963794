"""Strand 4 analysis: who responded, scale scores, comparisons and barriers.

Everything the report publishes is computed here and passes through
:func:`build_release`, which applies disclosure control (:mod:`csrr.sdc`)
to every table and to every group a mean or percentage is shown for, audits
the whole set for differencing, and has ACRO check it. The notebook only
displays what this module returns.

Steps:

1. :func:`prepare` applies the partial-response rule, recodes answers
   (prefer not to say and skipped answers are missing; negatively worded
   items are reverse coded), makes scale scores, and adds each respondent's
   region and integration arrangement (from strand 3);
2. :func:`reliability` gives Cronbach's alpha per scale;
3. :func:`group_means` and :func:`adjusted_differences` compare scale
   scores by arrangement (and role and sector) with confidence intervals;
4. :func:`barrier_agreement` ranks the barriers;
5. :func:`build_release` assembles the protected tables.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from csrr import councils, sdc
from csrr.errors import CsrrError
from csrr.paths import report_build_dir
from csrr.strand4 import data
from csrr.strand4.data import COUNCIL, ROLE, SECTOR, YEARS, Item, Questionnaire, Survey

REGION, ARRANGEMENT = "region", "arrangement"
# Answers at or above this code count as agreeing (agree, strongly agree).
AGREE_FROM = 4
# Regions in the order tables show them.
REGION_ORDER = ("North", "East", "West", "South West", "Lothians and Borders", "Islands")
AUDIT_VARIABLES = (COUNCIL, ROLE, SECTOR, YEARS)


def classification_path() -> Path:
    """Where strand 3's full run writes its classification of councils."""
    return report_build_dir("strand3") / data.CLASSIFICATION_FILE


# ---------------------------------------------------------------------------
# Preparation
# ---------------------------------------------------------------------------


@dataclass
class Prepared:
    """Responses ready for analysis.

    Attributes
    ----------
    questionnaire : Questionnaire
    frame : pandas.DataFrame
        Included respondents: profile columns, ``region``, ``arrangement``,
        raw answers (1 to 5, missing otherwise) under the item ids, scored
        answers (reverse coded) under ``<item>_scored``, and one score
        column per scale id.
    arrangements : pandas.DataFrame
        Strand 3's classification: council_code, arrangement, arrangement_label.
    received, incomplete, excluded : int
        Responses in the file; of which incomplete; of which dropped by the
        partial-response rule.
    """

    questionnaire: Questionnaire
    frame: pd.DataFrame
    arrangements: pd.DataFrame
    received: int
    incomplete: int
    excluded: int

    @property
    def n(self) -> int:
        """Respondents analysed."""
        return len(self.frame)

    def arrangement_labels(self) -> dict[str, str]:
        """Arrangement code -> label, in the contract's order, for those present."""
        frame = self.arrangements
        labels = dict(zip(frame["arrangement"], frame["arrangement_label"], strict=True))
        return {code: labels[code] for code in data.ARRANGEMENT_CODES if code in labels}


def prepare(survey: Survey, classification: pd.DataFrame, params: dict[str, Any]) -> Prepared:
    """Apply the partial-response rule, recode answers and make scale scores.

    Parameters
    ----------
    survey : Survey
        Validated inputs (:func:`csrr.strand4.data.load`).
    classification : pandas.DataFrame
        Strand 3's classification (:func:`csrr.strand4.data.load_classification`).
    params : dict
        Needs ``partial_min_share`` (an incomplete response is kept when it
        answered at least this share of the items, "prefer not to say"
        counting as an answer) and ``scale_min_share`` (a scale score needs
        answers to at least this share of the scale's items).

    Returns
    -------
    Prepared
    """
    q = survey.questionnaire
    raw = survey.responses
    items = [item.id for item in q.items]
    answered = raw[items].notna().sum(axis=1) / len(items)
    complete = raw[data.COMPLETED].astype(bool)
    keep = complete | (answered >= params["partial_min_share"])
    frame = raw.loc[keep, [data.ID, ROLE, SECTOR, COUNCIL, YEARS]].reset_index(drop=True)
    frame[REGION] = frame[COUNCIL].map(councils.REGIONS)
    lookup = classification.set_index("council_code")["arrangement"]
    frame[ARRANGEMENT] = frame[COUNCIL].map(lookup)
    low, high = min(q.responses), max(q.responses)
    for item in q.items:
        values = raw.loc[keep, item.id].reset_index(drop=True).astype("Float64")
        # Prefer not to say is an answer for the partial rule, but not a view.
        values = values.where((values >= low) & (values <= high)).astype(float)
        frame[item.id] = values
        frame[f"{item.id}_scored"] = (low + high - values) if item.reverse else values
    for scale in q.scales:
        cols = [f"{item.id}_scored" for item in q.items_of(scale.id)]
        enough = frame[cols].notna().sum(axis=1) >= params["scale_min_share"] * len(cols)
        frame[scale.id] = frame[cols].mean(axis=1).where(enough)
    return Prepared(
        questionnaire=q,
        frame=frame,
        arrangements=classification,
        received=len(raw),
        incomplete=int((~complete).sum()),
        excluded=int((~keep).sum()),
    )


# ---------------------------------------------------------------------------
# Reliability and scale scores
# ---------------------------------------------------------------------------


def cronbach_alpha(items: pd.DataFrame) -> tuple[float, int]:
    """Cronbach's alpha of a set of items, on respondents who answered them all.

    Parameters
    ----------
    items : pandas.DataFrame
        One column per item (scored, so that all point the same way).

    Returns
    -------
    (float, int)
        Alpha and the number of complete respondents it rests on (NaN and
        the count when fewer than two respondents or items).

    Notes
    -----
    alpha = k / (k - 1) * (1 - sum of item variances / variance of the
    total), with sample variances (ddof=1).
    """
    complete = items.dropna()
    k, n = complete.shape[1], len(complete)
    if k < 2 or n < 2:
        return float("nan"), n
    item_var = complete.var(ddof=1).sum()
    total_var = complete.sum(axis=1).var(ddof=1)
    if total_var == 0:
        return float("nan"), n
    return float(k / (k - 1) * (1 - item_var / total_var)), n


def mean_ci(values: pd.Series, level: float) -> tuple[float, float, float, int]:
    """Mean with a t-based confidence interval.

    Returns
    -------
    (mean, low, high, n)
        NaN bounds when fewer than two values.
    """
    values = pd.Series(values).dropna().astype(float)
    n = len(values)
    if n == 0:
        return float("nan"), float("nan"), float("nan"), 0
    mean = float(values.mean())
    if n < 2:
        return mean, float("nan"), float("nan"), n
    half = stats.t.ppf(0.5 + level / 2, n - 1) * values.std(ddof=1) / np.sqrt(n)
    return mean, mean - half, mean + half, n


def reliability(prep: Prepared, params: dict[str, Any]) -> pd.DataFrame:
    """One row per scale: items, Cronbach's alpha, and the mean score with its interval.

    Returns
    -------
    pandas.DataFrame
        Columns scale, name, items, alpha, alpha_n, flagged (alpha below
        ``alpha_flag``), n, mean, low, high, positive (share of respondents
        whose score is above the scale's midpoint).
    """
    q = prep.questionnaire
    midpoint = (min(q.responses) + max(q.responses)) / 2
    rows = []
    for scale in q.scales:
        items = q.items_of(scale.id)
        alpha, alpha_n = cronbach_alpha(prep.frame[[f"{i.id}_scored" for i in items]])
        mean, low, high, n = mean_ci(prep.frame[scale.id], params["confidence_level"])
        scores = prep.frame[scale.id].dropna()
        rows.append(
            {
                "scale": scale.id,
                "name": scale.name,
                "items": len(items),
                "alpha": alpha,
                "alpha_n": alpha_n,
                "flagged": bool(alpha < params["alpha_flag"]),
                "n": n,
                "mean": mean,
                "low": low,
                "high": high,
                "positive": float((scores > midpoint).mean() * 100) if n else float("nan"),
            }
        )
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------
# Likert distributions
# ---------------------------------------------------------------------------


@dataclass
class LikertTable:
    """Answers to one scale's items, as the report may show them.

    Attributes
    ----------
    scale : data.Scale
    items : list of Item
        Items shown, in questionnaire order.
    categories : list of str
        Answer labels of the columns, from most negative to most positive.
    table : sdc.ProtectedTable
        Counts per item (rows) and category, with each item's total.
    collapsed : bool
        True when the five answers were combined into three (disagree,
        neither, agree) because a category had too few answers to show.
    omitted : list of Item
        Items left out because even three categories were too small.
    """

    scale: data.Scale
    items: list[Item]
    categories: list[str]
    table: sdc.ProtectedTable
    collapsed: bool
    omitted: list[Item]

    def percentages(self) -> pd.DataFrame:
        """Share of each item's answers in each category (items x categories)."""
        shares = self.table.shares("rows")
        return shares.drop(columns=sdc.TOTAL).loc[[i.short for i in self.items]]

    def agree(self) -> pd.Series:
        """Share agreeing (the top category or two) per item short label."""
        pct = self.percentages()
        top = [c for c in pct.columns if "agree" in c.lower() and "disagree" not in c.lower()]
        top = [c for c in top if not c.lower().startswith("neither")]
        return pct[top].sum(axis=1)


def likert_table(prep: Prepared, scale_id: str, threshold: int) -> LikertTable:
    """Protected distribution of answers to a scale's items (what its chart shows).

    The five answers are shown when every item's every category reaches the
    threshold; otherwise the chart combines "strongly" with the plain answer
    on each side (three categories), and an item that still has a small
    category is left out (and named in the report). Collapsing the whole
    chart, not single items, keeps its categories the same for every bar.
    """
    q = prep.questionnaire
    items = q.items_of(scale_id)
    codes = sorted(q.responses)
    counts = pd.DataFrame(
        {q.responses[c]: [int((prep.frame[i.id] == c).sum()) for i in items] for c in codes},
        index=[i.short for i in items],
    )
    counts.index.name = "Item"
    collapsed = False
    table = sdc.protect_table(counts, threshold, margins="rows")
    if table.primary.to_numpy().any():
        collapsed = True
        low, mid, high = codes[:2], codes[2:3], codes[3:]
        counts = pd.DataFrame(
            {
                "Disagree (all)": counts[[q.responses[c] for c in low]].sum(axis=1),
                q.responses[mid[0]]: counts[q.responses[mid[0]]],
                "Agree (all)": counts[[q.responses[c] for c in high]].sum(axis=1),
            }
        )
        counts.index.name = "Item"
    table = sdc.protect_table(counts, threshold, margins="rows")
    interior = table.primary.drop(columns=sdc.TOTAL).drop(index=sdc.TOTAL, errors="ignore")
    omitted = [i for i in items if interior.loc[i.short].any()]
    kept = [i for i in items if i not in omitted]
    if omitted:
        # Without those items no interior cell is small, so nothing else is hidden.
        table = sdc.protect_table(counts.loc[[i.short for i in kept]], threshold, margins="rows")
    return LikertTable(q.scale(scale_id), kept, list(counts.columns), table, collapsed, omitted)


# ---------------------------------------------------------------------------
# Comparisons
# ---------------------------------------------------------------------------


def group_means(
    prep: Prepared,
    by: str,
    labels: dict[str, str],
    params: dict[str, Any],
    shown: set[str] | None = None,
) -> pd.DataFrame:
    """Mean scale scores with confidence intervals for each group.

    Parameters
    ----------
    prep : Prepared
    by : str
        Column to group by (arrangement, role_group, sector ...).
    labels : dict
        Group code -> label, in display order.
    params : dict
        Needs ``confidence_level`` and ``disclosure_threshold``.
    shown : set of str, optional
        Groups whose size the release publishes; others get no means.

    Returns
    -------
    pandas.DataFrame
        One row per group and scale: group, label, scale, n, mean, low,
        high. A mean resting on fewer respondents than the threshold is
        left out (NaN), as is any for a group not ``shown``.
    """
    rows = []
    for code, label in labels.items():
        part = prep.frame[prep.frame[by] == code]
        for scale in prep.questionnaire.scales:
            mean, low, high, n = mean_ci(part[scale.id], params["confidence_level"])
            hidden = n < params["disclosure_threshold"] or (
                shown is not None and code not in shown
            )
            rows.append(
                {
                    "group": code,
                    "label": label,
                    "scale": scale.id,
                    "n": np.nan if hidden else n,
                    "mean": np.nan if hidden else mean,
                    "low": np.nan if hidden else low,
                    "high": np.nan if hidden else high,
                }
            )
    return pd.DataFrame(rows)


def adjusted_differences(
    prep: Prepared, params: dict[str, Any], compared: list[str]
) -> pd.DataFrame:
    """Differences in scale scores between arrangements, adjusted for who responded.

    For each scale, an ordinary least squares model of the score on
    arrangement, role group, sector and years in role, with standard errors
    robust to clustering by council: respondents in one council share its
    arrangement and much else, so treating them as independent would make
    the intervals too narrow.

    Parameters
    ----------
    prep : Prepared
    params : dict
        Needs ``reference_arrangement`` and ``confidence_level``.
    compared : list of str
        Arrangement codes to report (those with enough councils and
        respondents); the reference must be one of them.

    Returns
    -------
    pandas.DataFrame
        One row per scale and compared arrangement other than the
        reference: scale, arrangement, difference, low, high, p, n (the
        respondents in the model), councils (clusters).
    """
    import statsmodels.formula.api as smf

    reference = params["reference_arrangement"]
    level = params["confidence_level"]
    rows = []
    frame = prep.frame
    for scale in prep.questionnaire.scales:
        part = frame.dropna(subset=[scale.id, ARRANGEMENT])
        formula = (
            f"{scale.id} ~ C({ARRANGEMENT}, Treatment({reference!r})) + C({ROLE}) "
            f"+ C({SECTOR}) + C({YEARS})"
        )
        with warnings.catch_warnings():
            # statsmodels warns when a cluster has one member; that is expected.
            warnings.simplefilter("ignore")
            fit = smf.ols(formula, data=part).fit(
                cov_type="cluster", cov_kwds={"groups": pd.factorize(part[COUNCIL])[0]}
            )
        ci = fit.conf_int(alpha=1 - level)
        for code in compared:
            if code == reference:
                continue
            term = f"C({ARRANGEMENT}, Treatment({reference!r}))[T.{code}]"
            rows.append(
                {
                    "scale": scale.id,
                    "arrangement": code,
                    "difference": float(fit.params[term]),
                    "low": float(ci.loc[term, 0]),
                    "high": float(ci.loc[term, 1]),
                    "p": float(fit.pvalues[term]),
                    "n": int(fit.nobs),
                    "councils": int(part[COUNCIL].nunique()),
                }
            )
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------
# Barriers
# ---------------------------------------------------------------------------


def barrier_agreement(prep: Prepared, threshold: int) -> tuple[pd.DataFrame, sdc.ProtectedTable]:
    """How many respondents agreed that each barrier applies, overall and by sector.

    Returns
    -------
    (pandas.DataFrame, sdc.ProtectedTable)
        A frame, ranked by overall agreement, with per sector and overall:
        ``agree_<s>`` (count), ``valid_<s>`` (answers) and ``pct_<s>``
        (share agreeing, NaN where suppressed), indexed by short label; and
        the protected table of agreeing counts (barriers x sectors, with
        each barrier's overall count as its row total).
    """
    q = prep.questionnaire
    sectors = q.labels(SECTOR)
    items = q.items_of("barriers")
    frame = prep.frame
    agree = pd.DataFrame(
        {
            label: [
                int((frame.loc[frame[SECTOR] == code, i.id] >= AGREE_FROM).sum()) for i in items
            ]
            for code, label in sectors.items()
        },
        index=[i.short for i in items],
    )
    agree.index.name = "Barrier"
    table = sdc.protect_table(agree, threshold, margins="rows")
    published = table.published()
    out = pd.DataFrame(index=agree.index)
    for code, label in list(sectors.items()) + [("all", sdc.TOTAL)]:
        rows = frame if code == "all" else frame[frame[SECTOR] == code]
        valid = pd.Series([int(rows[i.id].notna().sum()) for i in items], index=agree.index)
        out[f"agree_{code}"] = published[label]
        out[f"valid_{code}"] = valid
        # A share needs a published count and a denominator above the threshold.
        pct = published[label] / valid * 100
        out[f"pct_{code}"] = pct.where(valid >= threshold)
    out["item"] = [i.id for i in items]
    out["text"] = [i.text for i in items]
    return out.sort_values(["pct_all", "item"], ascending=[False, True]), table


# ---------------------------------------------------------------------------
# The release: every published table, protected and audited
# ---------------------------------------------------------------------------


@dataclass
class Release:
    """Everything the report publishes from the survey, after disclosure control.

    Attributes
    ----------
    area_level : str
        ``council`` (councils, small ones grouped) or ``region``.
    profile : dict
        Name -> ProtectedTable: ``role``, ``sector``, ``years``, ``area``,
        ``role_sector``, ``role_region``, ``arrangement``.
    likert : dict
        Scale id -> LikertTable.
    barriers : pandas.DataFrame
        From :func:`barrier_agreement`.
    barrier_table : sdc.ProtectedTable
    means : dict
        ``arrangement``, ``role``, ``sector`` -> frame from :func:`group_means`.
    risks : list of sdc.Risk
        What the cross-table audit found (empty: the release is safe).
    audit : sdc.DisclosureAudit
    notes : list of str
        Plain-English notes on what disclosure control changed.
    """

    area_level: str
    profile: dict[str, sdc.ProtectedTable]
    likert: dict[str, LikertTable]
    barriers: pd.DataFrame
    barrier_table: sdc.ProtectedTable
    means: dict[str, pd.DataFrame]
    risks: list[sdc.Risk]
    audit: sdc.DisclosureAudit
    notes: list[str] = field(default_factory=list)

    def tables(self) -> dict[str, sdc.ProtectedTable]:
        """Every protected frequency table, by file-friendly name."""
        out = {f"profile-{k.replace('_', '-')}": t for k, t in self.profile.items()}
        out.update({f"likert-{k}": t.table for k, t in self.likert.items()})
        out["barriers-by-sector"] = self.barrier_table
        return out

    def suppression_summary(self) -> pd.DataFrame:
        """Per table: cells, cells hidden as too small, cells hidden to protect them."""
        rows = []
        for name, table in self.tables().items():
            rows.append(
                {
                    "table": name,
                    "cells": int(table.counts.size),
                    "primary": int(table.primary.to_numpy().sum()),
                    "secondary": int(table.secondary.to_numpy().sum()),
                }
            )
        return pd.DataFrame(rows)


def area_units(prep: Prepared, level: str, threshold: int) -> sdc.Dimension:
    """How the area table groups councils: councils (small ones merged) or regions."""
    region_of = {code: councils.REGIONS[code] for code in councils.CODES}
    if level == "region":
        return sdc.Dimension.grouped(COUNCIL, region_of, order=REGION_ORDER, title="Area")
    counts = prep.frame[COUNCIL].value_counts().to_dict()
    units = sdc.group_small_categories(
        counts, region_of, threshold, names=councils.NAMES, fallback="Other councils"
    )
    # Order by region, then by name, so a reader finds a council quickly.
    order = sorted(
        set(units.values()),
        key=lambda u: (
            min(REGION_ORDER.index(region_of[c]) for c, v in units.items() if v == u),
            u,
        ),
    )
    return sdc.Dimension.grouped(COUNCIL, units, order=order, title="Area")


def _profile(
    prep: Prepared, area: sdc.Dimension, params: dict[str, Any]
) -> dict[str, sdc.ProtectedTable]:
    q = prep.questionnaire
    t, z = params["disclosure_threshold"], params["zeros_disclosive"]
    role = sdc.Dimension.of(ROLE, list(q.labels(ROLE)), q.labels(ROLE), "Role group")
    sector = sdc.Dimension.of(SECTOR, list(q.labels(SECTOR)), q.labels(SECTOR), "Sector")
    years = sdc.Dimension.of(YEARS, list(q.labels(YEARS)), q.labels(YEARS), "Years in role")
    region = sdc.Dimension.grouped(
        COUNCIL, dict(councils.REGIONS), order=REGION_ORDER, title="Region"
    )
    labels = prep.arrangement_labels()
    arrangement = sdc.Dimension.grouped(
        COUNCIL,
        {
            row.council_code: labels[row.arrangement]
            for row in prep.arrangements.itertuples(index=False)
        },
        order=list(labels.values()),
        title="Integration arrangement",
    )
    frame = prep.frame
    return {
        "role": sdc.tabulate(frame, role, None, t, zeros_disclosive=z),
        "sector": sdc.tabulate(frame, sector, None, t, zeros_disclosive=z),
        "years": sdc.tabulate(frame, years, None, t, zeros_disclosive=z),
        "area": sdc.tabulate(frame, area, None, t, zeros_disclosive=z),
        "role_sector": sdc.tabulate(frame, role, sector, t, zeros_disclosive=z),
        "role_region": sdc.tabulate(frame, role, region, t, zeros_disclosive=z),
        "arrangement": sdc.tabulate(frame, arrangement, None, t, zeros_disclosive=z),
    }


def _shown_groups(table: sdc.ProtectedTable) -> dict[str, tuple]:
    """Groups of a one-way table whose count is published."""
    sup = table.suppressed.iloc[:, 0]
    return {
        label: values for label, values in table.rows.groups.items() if not bool(sup.get(label))
    }


def _audit(
    prep: Prepared, profile: dict[str, sdc.ProtectedTable], params: dict[str, Any]
) -> sdc.DisclosureAudit:
    q = prep.questionnaire
    audit = sdc.DisclosureAudit(
        prep.frame,
        AUDIT_VARIABLES,
        params["disclosure_threshold"],
        zeros_disclosive=params["zeros_disclosive"],
        categories={
            COUNCIL: councils.CODES,
            ROLE: list(q.labels(ROLE)),
            SECTOR: list(q.labels(SECTOR)),
            YEARS: list(q.labels(YEARS)),
        },
    )
    for name, table in profile.items():
        audit.publish_table(name, table)
    # Means are published (with their counts) for the groups of these tables
    # whose counts are shown; the audit already holds those groups, but
    # recording them again keeps the audit honest if that ever changes.
    for name in ("role", "sector", "arrangement"):
        table = profile[name]
        for label, values in _shown_groups(table).items():
            audit.publish(f"means: {label}", **{table.rows.variable: values})
    return audit


def build_release(prep: Prepared, params: dict[str, Any]) -> Release:
    """Protect and audit every table, mean and percentage the report publishes.

    Parameters
    ----------
    prep : Prepared
    params : dict
        Needs ``disclosure_threshold``, ``zeros_disclosive``, ``area_level``
        (``auto``: councils with small ones grouped, falling back to regions
        if the audit finds a count that can be derived; ``council``; or
        ``region``), ``confidence_level``, ``min_councils``.

    Returns
    -------
    Release

    Raises
    ------
    CsrrError
        If no area level gives a release the audit passes (nothing unsafe
        is ever returned).
    """
    threshold = params["disclosure_threshold"]
    levels = {"auto": ["council", "region"], "council": ["council"], "region": ["region"]}[
        params["area_level"]
    ]
    notes: list[str] = []
    for level in levels:
        profile = _profile(prep, area_units(prep, level, threshold), params)
        audit = _audit(prep, profile, params)
        risks = audit.risks()
        if not risks:
            break
        notes.append(
            f"Council-level counts were not published: with the other tables, they would "
            f"have let a reader work out {len(risks)} count{'s' if len(risks) > 1 else ''} "
            f"below {threshold}"
        )
    else:
        raise CsrrError(f"strand4: disclosure control: {risks[0]}")

    q = prep.questionnaire
    shown = {
        name: {
            code
            for code, label in labels.items()
            if label in _shown_groups(profile[name]) and profile[name].rows is not None
        }
        for name, labels in (
            ("role", q.labels(ROLE)),
            ("sector", q.labels(SECTOR)),
            ("arrangement", prep.arrangement_labels()),
        )
    }
    means = {
        "role": group_means(prep, ROLE, q.labels(ROLE), params, shown["role"]),
        "sector": group_means(prep, SECTOR, q.labels(SECTOR), params, shown["sector"]),
        "arrangement": group_means(
            prep, ARRANGEMENT, prep.arrangement_labels(), params, shown["arrangement"]
        ),
    }
    likert = {s.id: likert_table(prep, s.id, threshold) for s in q.scales}
    barriers, barrier_table = barrier_agreement(prep, threshold)
    return Release(
        area_level=level,
        profile=profile,
        likert=likert,
        barriers=barriers,
        barrier_table=barrier_table,
        means=means,
        risks=risks,
        audit=audit,
        notes=notes,
    )


def compared_arrangements(prep: Prepared, release: Release, params: dict[str, Any]) -> list[str]:
    """Arrangements with enough councils and published respondents to compare.

    An arrangement found in fewer than ``min_councils`` councils is
    described but not compared: with so few clusters, its difference from
    the others cannot be told apart from the councils' own differences, and
    cluster-robust intervals would be far too narrow.
    """
    shown = set(release.means["arrangement"].dropna(subset=["n"])["group"])
    per = prep.arrangements.groupby("arrangement")["council_code"].nunique()
    return [
        code
        for code in prep.arrangement_labels()
        if code in shown and per.get(code, 0) >= params["min_councils"]
    ]


# ---------------------------------------------------------------------------
# Products for other strands and for the output checker
# ---------------------------------------------------------------------------


def write_tables(release: Release, output_dir: str | Path) -> list[Path]:
    """Write every published table as CSV to ``<output_dir>/tables/``.

    Suppressed cells hold :data:`csrr.sdc.SUPPRESSED`, exactly as the report
    shows them; these are the files an output checker reviews. Mean scores
    go to ``means-by-<group>.csv`` (group, label, scale, mean and interval;
    a hidden mean is empty).
    """
    folder = Path(output_dir) / "tables"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in release.tables().items():
        path = folder / f"{name}.csv"
        table.display().to_csv(path, index=False, lineterminator="\n")
        written.append(path)
    for name, frame in release.means.items():
        # Each group's size is in its profile table; the number scored on
        # each scale is left out, so that differences between scales do
        # not count the few who skipped one.
        path = folder / f"means-by-{name}.csv"
        shown = frame.drop(columns="n")
        shown.to_csv(path, index=False, float_format="%.4f", lineterminator="\n")
        written.append(path)
    return written


def check_outputs(prep: Prepared, release: Release, params: dict[str, Any], output_dir) -> dict:
    """Have ACRO check the published tables; write its bundle to ``<output_dir>/acro``.

    Returns
    -------
    dict
        ``outputs`` (ACRO's status per table), ``folder`` (the bundle).

    Raises
    ------
    CsrrError
        If ACRO would suppress a cell the release shows (a bug in the
        release, never to be published).
    """
    checker = sdc.OutputChecker(
        params["disclosure_threshold"], zeros_disclosive=params["zeros_disclosive"]
    )
    descriptions = {
        "role": "Respondents by role group",
        "sector": "Respondents by sector",
        "years": "Respondents by years in role",
        "area": f"Respondents by area ({release.area_level} level, small areas grouped)",
        "role_sector": "Respondents by role group and sector",
        "role_region": "Respondents by role group and region",
        "arrangement": "Respondents by integration arrangement (strand 3)",
    }
    for name, table in release.profile.items():
        checker.crosstab(
            f"profile-{name.replace('_', '-')}", prep.frame, table, descriptions[name]
        )
    q = prep.questionnaire
    for scale_id, lik in release.likert.items():
        long = prep.frame.melt(value_vars=[i.id for i in lik.items], var_name="item").dropna()
        short = {i.id: i.short for i in lik.items}
        long["item"] = long["item"].map(short)
        if lik.collapsed:
            long["answer"] = np.select(
                [long["value"] < 3, long["value"] == 3], lik.categories[:2], lik.categories[2]
            )
        else:
            long["answer"] = long["value"].astype(int).map(q.responses)
        checker.crosstab_series(
            f"likert-{scale_id}",
            long["item"],
            long["answer"],
            lik.table,
            f"Answers to the {q.scale(scale_id).name.lower()} items (all respondents)",
        )
    items = q.items_of("barriers")
    long = prep.frame.melt(
        id_vars=[SECTOR], value_vars=[i.id for i in items], var_name="item"
    ).dropna()
    long = long[long["value"] >= AGREE_FROM]
    long["item"] = long["item"].map({i.id: i.short for i in items})
    long[SECTOR] = long[SECTOR].map(q.labels(SECTOR))
    checker.crosstab_series(
        "barriers-by-sector",
        long["item"],
        long[SECTOR],
        release.barrier_table,
        "Respondents agreeing that each barrier applies, by sector",
    )
    checker.check("strand4")
    folder = checker.finalise(Path(output_dir) / "acro")
    return {"outputs": checker.outputs, "folder": folder}
