"""Strand 3 analysis: classification, trends, adjusted models and findings.

The notebook calls :func:`analyse` once and displays what it returns; every
number the report writes comes from the :class:`Results` it holds.

Methods in brief (the report's methods section says the same in prose):

- **Classification.** Each council's current arrangement comes from the
  delegation flags of its scheme of integration (:func:`csrr.strand3.data.arrangement_of`).
- **Trends.** For each indicator and year, the unweighted mean over the
  councils in each arrangement group (the "average council"), with a
  t-based confidence interval across councils. Groups are fixed by the
  current arrangement, so that a line follows the same councils throughout.
- **Adjusted association.** A linear mixed model per indicator (statsmodels
  ``MixedLM``, REML, a random intercept per council, as repeated years of one
  council are not independent): indicator ~ arrangement in force that year +
  deprivation + urban/rural class + year. Arrangement estimates are
  differences from the reference arrangement, in the indicator's units.
- **Sensitivity.** The same model (a) without the councils whose arrangement
  changed in the period and (b) with every council given its current
  arrangement in every year.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from csrr import councils
from csrr.errors import CsrrError
from csrr.findings import Finding
from csrr.strand3.data import ARRANGEMENT_DEFINITIONS, ARRANGEMENTS, URBAN_RURAL, Strand3Data

CLASSIFICATION_FILE = "classification.csv"
# How prose names the councils with each arrangement ("compared with ...").
COUNCILS_WITH: dict[str, str] = {
    "ijb-all": "councils that delegate children's health and social work",
    "ijb-health": "councils that delegate children's health only",
    "not-delegated": "councils that delegate no children's services",
    "lead-agency": "the lead-agency council",
}
CLASSIFICATION_COLUMNS = [
    "council_code",
    "council_name",
    "region",
    "arrangement",
    "arrangement_label",
]


@dataclass(frozen=True)
class Outcome:
    """An indicator the strand analyses.

    Attributes
    ----------
    column : str
        Column in the panel.
    name : str
        Name in prose and chart titles ("Children looked after").
    unit : str
        Unit in prose ("per 1,000 children aged 0 to 17").
    short_unit : str
        Unit on axes and in tables ("per 1,000").
    kind : {"outcome", "workforce"}
        Which family it belongs to.
    """

    column: str
    name: str
    unit: str
    short_unit: str
    kind: str


OUTCOMES: dict[str, Outcome] = {
    o.column: o
    for o in (
        Outcome(
            "looked_after_rate",
            "Children looked after",
            "per 1,000 children aged 0 to 17",
            "per 1,000 aged 0-17",
            "outcome",
        ),
        Outcome(
            "child_protection_rate",
            "Children on the child protection register",
            "per 1,000 children aged 0 to 15",
            "per 1,000 aged 0-15",
            "outcome",
        ),
        Outcome(
            "vacancy_rate",
            "Vacancy rate, children's social work",
            "per cent of funded posts",
            "% of posts",
            "workforce",
        ),
        Outcome(
            "sickness_absence_rate",
            "Sickness absence, children's social work",
            "per cent of working days",
            "% of days",
            "workforce",
        ),
    )
}


# --- formatting ---------------------------------------------------------------


def fmt(value: float, dp: int = 1) -> str:
    """A number as the report shows it: fixed decimals, thousands commas, minus sign.

    Negative values take the typographic minus (U+2212), as house style
    asks; :mod:`csrr.findings` reads it as a minus when it checks the
    numbers of a finding's statement.
    """
    if value is None or pd.isna(value):
        return "not available"
    text = f"{value:,.{dp}f}"
    if text.startswith("-"):
        # "-0.0" reads as a signed zero; show it as "0.0".
        return text[1:] if float(text.replace(",", "")) == 0 else "\u2212" + text[1:]
    return text


def fmt_ci(estimate: float, lower: float, upper: float, dp: int = 1) -> str:
    """``"0.4 (−0.3 to 1.1)"``: an estimate with its interval."""
    return f"{fmt(estimate, dp)} ({fmt(lower, dp)} to {fmt(upper, dp)})"


def percent(level: float) -> str:
    """A confidence level as a percentage (0.95 -> "95%")."""
    return f"{level * 100:g}%"


# --- classification -------------------------------------------------------------


def classification(data: Strand3Data) -> pd.DataFrame:
    """One row per council: code, name, region, arrangement code and label.

    This is the contract other strands read (``classification.csv``): the
    names and regions come from :mod:`csrr.councils`, not from the input file.
    """
    frame = data.integration[["council_code", "arrangement"]].copy()
    frame["council_name"] = frame["council_code"].map(councils.NAMES)
    frame["region"] = frame["council_code"].map(councils.REGIONS)
    frame["arrangement_label"] = frame["arrangement"].map(ARRANGEMENTS)
    return frame[CLASSIFICATION_COLUMNS].sort_values("council_code").reset_index(drop=True)


def write_classification(frame: pd.DataFrame, output_dir: str | Path) -> Path:
    """Write ``classification.csv`` into the run's output folder (for strands 4 and 5)."""
    path = Path(output_dir) / CLASSIFICATION_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    frame[CLASSIFICATION_COLUMNS].to_csv(path, index=False, lineterminator="\n")
    return path


def typology_table(data: Strand3Data, panel: pd.DataFrame) -> pd.DataFrame:
    """Counts and coverage of each arrangement, for the typology table.

    Returns
    -------
    pandas.DataFrame
        One row per arrangement (in :data:`ARRANGEMENTS` order) with columns
        ``arrangement``, ``label``, ``definition``, ``councils`` (count),
        ``children_share`` (per cent of Scotland's children in the latest
        year with populations), ``justice`` (how many of them also delegate
        justice social work) and ``names`` (council names, comma-separated).
    """
    integ = data.integration
    pops = panel.dropna(subset=["child_population"])
    latest = pops[pops["year"] == pops["year"].max()] if len(pops) else pops
    pop_by = latest.set_index("council_code")["child_population"]
    total = pop_by.sum()
    rows = []
    for code, label in ARRANGEMENTS.items():
        group = integ[integ["arrangement"] == code]
        share = 100 * pop_by.reindex(group["council_code"]).sum() / total if total else np.nan
        rows.append(
            {
                "arrangement": code,
                "label": label,
                "definition": ARRANGEMENT_DEFINITIONS[code],
                "councils": len(group),
                "children_share": share,
                "justice": int(group["justice_social_work_delegated"].sum()),
                "names": ", ".join(sorted(group["council_code"].map(councils.NAMES))),
            }
        )
    return pd.DataFrame(rows)


# --- the council x year panel ------------------------------------------------------


def arrangement_in_year(integration: pd.DataFrame, code: str, year: int) -> str:
    """The arrangement a council had in a given year (its previous one before a change)."""
    row = integration.loc[integration["council_code"] == code].iloc[0]
    if not pd.isna(row["change_year"]) and year < int(row["change_year"]):
        return str(row["previous_arrangement"])
    return str(row["arrangement"])


def build_panel(data: Strand3Data) -> pd.DataFrame:
    """Join indicators and workforce into one council x year panel.

    Every council and year of the study period gets a row. Deprivation and
    the urban/rural class are council attributes that change rarely (SIMD
    editions come every four years), so a year without an indicators row
    borrows them from the council's nearest year: this lets a workforce
    figure be modelled even when that year's outcome row is missing.

    Returns
    -------
    pandas.DataFrame
        Columns: ``council_code``, ``council_name``, ``year``, every
        indicator and workforce column, ``arrangement`` (in force that
        year), ``arrangement_current``, ``changed`` (the council's
        arrangement changed in the period).
    """
    years = range(data.start, data.end + 1)
    grid = pd.DataFrame(
        [(code, year) for code in councils.CODES for year in years],
        columns=["council_code", "year"],
    )
    ind = data.indicators.drop(columns=[c for c in ("council_name",) if c in data.indicators])
    wf = data.workforce[
        ["council_code", "year", "staff_wte", "vacancy_rate", "sickness_absence_rate"]
    ]
    panel = grid.merge(ind, on=["council_code", "year"], how="left").merge(
        wf, on=["council_code", "year"], how="left"
    )
    for column in ("looked_after_rate", "child_protection_rate", "simd_most_deprived_share"):
        panel[column] = panel[column].astype(float)
    for column in ("vacancy_rate", "sickness_absence_rate", "staff_wte"):
        panel[column] = panel[column].astype(float)
    # Nearest-year fill of the slow-moving council attributes.
    by = panel.groupby("council_code", sort=False)
    panel["simd_most_deprived_share"] = by["simd_most_deprived_share"].transform(
        lambda s: s.ffill().bfill()
    )
    panel["urban_rural"] = by["urban_rural"].transform(lambda s: s.ffill().bfill())
    integ = data.integration.set_index("council_code")
    panel["arrangement_current"] = panel["council_code"].map(integ["arrangement"])
    panel["changed"] = panel["council_code"].map(integ["change_year"].notna())
    panel["arrangement"] = [
        arrangement_in_year(data.integration, code, year)
        for code, year in zip(panel["council_code"], panel["year"], strict=False)
    ]
    panel["council_name"] = panel["council_code"].map(councils.NAMES)
    return panel


# --- trends -----------------------------------------------------------------------


def t_interval(values: pd.Series, level: float) -> tuple[float, float, float, int]:
    """Mean of ``values`` and its t-based confidence interval.

    Returns
    -------
    (mean, lower, upper, n)
        Bounds are NaN when fewer than two values are present: one council
        (Highland's lead-agency model) has no between-council spread.
    """
    clean = values.dropna().astype(float)
    n = len(clean)
    if n == 0:
        return np.nan, np.nan, np.nan, 0
    mean = float(clean.mean())
    if n < 2:
        return mean, np.nan, np.nan, n
    half = stats.t.ppf((1 + level) / 2, n - 1) * clean.std(ddof=1) / np.sqrt(n)
    return mean, mean - half, mean + half, n


def trend_table(panel: pd.DataFrame, outcome: str, level: float) -> pd.DataFrame:
    """Average council by current arrangement and year, with intervals.

    Parameters
    ----------
    panel : pandas.DataFrame
        From :func:`build_panel`.
    outcome : str
        Column to summarise.
    level : float
        Confidence level (0.95).

    Returns
    -------
    pandas.DataFrame
        Columns ``arrangement``, ``year``, ``mean``, ``lower``, ``upper``,
        ``n``; years where a group has no value are left out.
    """
    rows = []
    for (arrangement, year), group in panel.groupby(["arrangement_current", "year"], sort=True):
        mean, lower, upper, n = t_interval(group[outcome], level)
        if n:
            rows.append(
                {
                    "arrangement": arrangement,
                    "year": int(year),
                    "mean": mean,
                    "lower": lower,
                    "upper": upper,
                    "n": n,
                }
            )
    frame = pd.DataFrame(rows, columns=["arrangement", "year", "mean", "lower", "upper", "n"])
    order = {code: i for i, code in enumerate(ARRANGEMENTS)}
    return frame.sort_values(
        ["arrangement", "year"], key=lambda s: s.map(order) if s.name == "arrangement" else s
    ).reset_index(drop=True)


def overall_series(panel: pd.DataFrame, outcome: str, level: float) -> pd.DataFrame:
    """The average council over all 32, by year, with intervals."""
    rows = []
    for year, group in panel.groupby("year"):
        mean, lower, upper, n = t_interval(group[outcome], level)
        if n:
            rows.append({"year": int(year), "mean": mean, "lower": lower, "upper": upper, "n": n})
    return pd.DataFrame(rows)


# --- adjusted models ------------------------------------------------------------------


@dataclass
class ModelResult:
    """One fitted mixed model, tidied.

    Attributes
    ----------
    outcome : str
        Indicator column.
    spec : str
        Which specification: ``main``, ``unchanged`` (councils whose
        arrangement changed left out) or ``current`` (current arrangement in
        every year).
    terms : pandas.DataFrame
        One row per fixed effect other than the intercept: ``term`` (kind:
        arrangement, deprivation, urban_rural, year), ``level`` (the
        arrangement or class code, or empty), ``estimate``, ``lower``,
        ``upper``, ``p_value``.
    n_obs, n_councils : int
        Council-years and councils in the model.
    converged : bool
        Whether the optimiser reported convergence.
    notes : list of str
        Warnings raised while fitting, for the report's technical notes.
    urban_reference : str
        The urban/rural class the others are compared with (the most common).
    method : {"mixed", "ols"}
        ``mixed`` (random intercept per council) when councils have repeated
        years; ``ols`` when the data hold one year per council.
    """

    outcome: str
    spec: str
    terms: pd.DataFrame
    n_obs: int
    n_councils: int
    converged: bool
    notes: list[str] = field(default_factory=list)
    urban_reference: str = ""
    method: str = "mixed"

    def arrangement(self, code: str) -> pd.Series | None:
        """The row of the arrangement contrast ``code``, or None if not estimated."""
        rows = self.terms[(self.terms["term"] == "arrangement") & (self.terms["level"] == code)]
        return rows.iloc[0] if len(rows) else None

    def term(self, kind: str) -> pd.Series | None:
        """The row of a single-coefficient term (``deprivation`` or ``year``), or None."""
        rows = self.terms[self.terms["term"] == kind]
        return rows.iloc[0] if len(rows) else None


# Fewest residual degrees of freedom a model may be fitted with.
MIN_RESIDUAL_DF = 10


def _most_common(values: pd.Series, order: list[str]) -> str:
    """Most common value, ties broken by ``order`` so the choice is stable."""
    counts = values.value_counts()
    best = counts.max()
    return next(v for v in order if counts.get(v, 0) == best)


def fit_model(
    panel: pd.DataFrame,
    outcome: str,
    *,
    reference: str,
    level: float,
    deprivation_step: float,
    spec: str = "main",
) -> ModelResult:
    """Fit the adjusted mixed model of one indicator.

    Parameters
    ----------
    panel : pandas.DataFrame
        From :func:`build_panel`.
    outcome : str
        Indicator column.
    reference : str
        Arrangement code the others are compared with.
    level : float
        Confidence level of the intervals.
    deprivation_step : float
        Deprivation is entered per this many percentage points, so its
        estimate reads as "per 10 points more of the population in the most
        deprived quintile".
    spec : {"main", "unchanged", "current"}
        ``main`` uses the arrangement in force each year; ``unchanged`` drops
        councils whose arrangement changed; ``current`` gives every council
        its current arrangement in every year.

    Returns
    -------
    ModelResult

    Raises
    ------
    CsrrError
        If the reference arrangement has no council in the data, or there
        are too few observations to fit the model.
    """
    import statsmodels.formula.api as smf
    from statsmodels.tools.sm_exceptions import ConvergenceWarning

    frame = panel.dropna(subset=[outcome, "simd_most_deprived_share", "urban_rural"]).copy()
    if spec == "unchanged":
        frame = frame[~frame["changed"]]
    group_col = "arrangement_current" if spec == "current" else "arrangement"
    frame["group"] = frame[group_col]
    if reference not in set(frame["group"]):
        raise CsrrError(
            f"strand 3 model of {outcome}: no council has the reference arrangement "
            f"'{reference}' (set reference_arrangement in params/strand3.yml)"
        )
    frame["deprivation"] = frame["simd_most_deprived_share"] / deprivation_step
    urban_ref = _most_common(frame["urban_rural"], list(URBAN_RURAL))
    # Terms that cannot vary in these data are left out rather than making
    # the design singular: a year term needs more than one year, an
    # urban/rural term more than one class (a real extract may hold one of each).
    terms = [f"C(group, Treatment('{reference}'))", "deprivation"]
    if frame["urban_rural"].nunique() > 1:
        terms.append(f"C(urban_rural, Treatment('{urban_ref}'))")
    if frame["year"].nunique() > 1:
        # Centre the year so the intercept is mid-period, which helps the optimiser.
        frame["year_c"] = frame["year"] - frame["year"].mean()
        terms.append("year_c")
    formula = f"{outcome} ~ " + " + ".join(terms)
    # Too few rows for the terms leaves no residual information to estimate
    # intervals from; ask for at least this many degrees of freedom.
    n_params = (
        1 + frame["group"].nunique() + (frame["urban_rural"].nunique() - 1) + ("year_c" in frame)
    )
    if len(frame) - n_params < MIN_RESIDUAL_DF:
        raise CsrrError(
            f"strand 3 model of {outcome} ({spec}): too few values to fit "
            f"({len(frame)} council-years from {frame['council_code'].nunique()} councils "
            f"for {n_params} coefficients)"
        )
    # With one year per council there is nothing to separate a council's
    # own level from year-to-year noise, so the random intercept is dropped
    # and the model is ordinary least squares (one row per council).
    repeated = frame.groupby("council_code").size().max() > 1
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        warnings.simplefilter("always", RuntimeWarning)
        try:
            if repeated:
                result = smf.mixedlm(formula, frame, groups=frame["council_code"]).fit(reml=True)
                params, converged = result.fe_params, bool(result.converged)
            else:
                result = smf.ols(formula, frame).fit()
                params, converged = result.params, True
        except (np.linalg.LinAlgError, ValueError) as exc:
            raise CsrrError(
                f"strand 3 model of {outcome} ({spec}): cannot be fitted to these data "
                f"({type(exc).__name__}: {exc})"
            ) from None
    notes = sorted({str(w.message).splitlines()[0] for w in caught})
    ci = result.conf_int(alpha=1 - level)
    rows = []
    for name in params.index:
        if name == "Intercept":
            continue
        if name.startswith("C(group"):
            kind, lev = "arrangement", name.split("[T.")[1].rstrip("]")
        elif name.startswith("C(urban_rural"):
            kind, lev = "urban_rural", name.split("[T.")[1].rstrip("]")
        elif name == "deprivation":
            kind, lev = "deprivation", ""
        else:
            kind, lev = "year", ""
        rows.append(
            {
                "term": kind,
                "level": lev,
                "estimate": float(params[name]),
                "lower": float(ci.loc[name, 0]),
                "upper": float(ci.loc[name, 1]),
                "p_value": float(result.pvalues[name]),
            }
        )
    return ModelResult(
        outcome=outcome,
        spec=spec,
        terms=pd.DataFrame(rows),
        n_obs=int(result.nobs),
        n_councils=int(frame["council_code"].nunique()),
        converged=converged,
        notes=notes,
        urban_reference=urban_ref,
        method="mixed" if repeated else "ols",
    )


def excludes_zero(row: pd.Series | None) -> bool:
    """Whether an estimate's interval lies wholly on one side of zero."""
    return row is not None and (row["lower"] > 0 or row["upper"] < 0)


def association_strength(main: pd.Series | None, checks: list[pd.Series | None]) -> str:
    """Strength of an association by the strand's stated rule.

    Observational data cannot show cause, so no association is rated
    ``strong``. ``moderate``: the interval excludes zero in the main model and
    in every sensitivity check, with the same sign. ``emerging``: it excludes
    zero in the main model only. ``limited``: the main interval includes zero.
    """
    if not excludes_zero(main):
        return "limited"
    sign = np.sign(main["estimate"])
    if all(excludes_zero(c) and np.sign(c["estimate"]) == sign for c in checks):
        return "moderate"
    return "emerging"


# --- the whole analysis -------------------------------------------------------------------


@dataclass
class Results:
    """Everything the report shows, computed once.

    Attributes
    ----------
    data : Strand3Data
        The validated inputs.
    params : dict
        The parameters used.
    classification : pandas.DataFrame
        The contract table (see :func:`classification`).
    typology : pandas.DataFrame
        From :func:`typology_table`.
    panel : pandas.DataFrame
        From :func:`build_panel`.
    trends, overall : dict of str -> pandas.DataFrame
        Trend tables by arrangement and for all councils, per indicator.
    models : dict of (str, str) -> ModelResult
        Keyed by (indicator, spec).
    """

    data: Strand3Data
    params: dict[str, Any]
    classification: pd.DataFrame
    typology: pd.DataFrame
    panel: pd.DataFrame
    trends: dict[str, pd.DataFrame]
    overall: dict[str, pd.DataFrame]
    models: dict[tuple[str, str], ModelResult]

    @property
    def level(self) -> float:
        """Confidence level."""
        return float(self.params["confidence_level"])

    @property
    def reference(self) -> str:
        """Reference arrangement of the models."""
        return str(self.params["reference_arrangement"])

    @property
    def contrasts(self) -> list[str]:
        """Arrangements compared with the reference, in display order."""
        return [a for a in ARRANGEMENTS if a != self.reference]

    @property
    def changed_councils(self) -> list[str]:
        """Names of the councils whose arrangement changed in the period."""
        integ = self.data.integration
        return sorted(integ.loc[integ["change_year"].notna(), "council_code"].map(councils.NAMES))

    def group_size(self, arrangement: str) -> int:
        """How many councils currently have ``arrangement``."""
        return int((self.classification["arrangement"] == arrangement).sum())


SPECS = ("main", "unchanged", "current")


def analyse(data: Strand3Data, params: dict[str, Any]) -> Results:
    """Run the whole strand 3 analysis.

    Parameters
    ----------
    data : Strand3Data
        From :func:`csrr.strand3.data.load`.
    params : dict
        Needs ``confidence_level``, ``reference_arrangement`` and
        ``deprivation_step``.

    Returns
    -------
    Results
    """
    level = float(params["confidence_level"])
    panel = build_panel(data)
    classes = classification(data)
    models = {}
    for outcome in OUTCOMES:
        for spec in SPECS:
            models[(outcome, spec)] = fit_model(
                panel,
                outcome,
                reference=params["reference_arrangement"],
                level=level,
                deprivation_step=float(params["deprivation_step"]),
                spec=spec,
            )
    return Results(
        data=data,
        params=dict(params),
        classification=classes,
        typology=typology_table(data, panel),
        panel=panel,
        trends={o: trend_table(panel, o, level) for o in OUTCOMES},
        overall={o: overall_series(panel, o, level) for o in OUTCOMES},
        models=models,
    )


# --- tables for the report ------------------------------------------------------------------


def typology_display(results: Results) -> pd.DataFrame:
    """The typology table as the report shows it."""
    t = results.typology
    return pd.DataFrame(
        {
            "Arrangement": t["label"],
            "Councils": t["councils"],
            "Share of children (%)": [fmt(v, 1) for v in t["children_share"]],
            "Justice also delegated": t["justice"],
            "Council areas": t["names"],
        }
    )


def model_display(results: Results, kind: str) -> pd.DataFrame:
    """Main-model estimates for the indicators of one kind, as a table.

    Parameters
    ----------
    results : Results
    kind : {"outcome", "workforce"}

    Returns
    -------
    pandas.DataFrame
        One row per term, one column per indicator: "estimate (lower to upper)".
    """
    step = results.params["deprivation_step"]
    labels = {("arrangement", a): f"{ARRANGEMENTS[a]} (vs reference)" for a in ARRANGEMENTS}
    labels[("deprivation", "")] = f"Deprivation (per {step} points in quintile 1)"
    labels[("year", "")] = "Year (change per year)"
    for code, name in URBAN_RURAL.items():
        labels[("urban_rural", code)] = f"{name} (vs most common class)"
    outcomes = [o for o in OUTCOMES.values() if o.kind == kind]
    table: dict[str, list[str]] = {"Term": []}
    keys: list[tuple[str, str]] = []
    for o in outcomes:
        for row in results.models[(o.column, "main")].terms.itertuples():
            key = (row.term, row.level)
            if key not in keys:
                keys.append(key)
    order = {"arrangement": 0, "deprivation": 1, "urban_rural": 2, "year": 3}
    keys.sort(
        key=lambda k: (order[k[0]], list(ARRANGEMENTS).index(k[1]) if k[0] == "arrangement" else 0)
    )
    table["Term"] = [labels[k] for k in keys]
    for o in outcomes:
        terms = results.models[(o.column, "main")].terms.set_index(["term", "level"])
        column = []
        for key in keys:
            if key in terms.index:
                r = terms.loc[key]
                column.append(fmt_ci(r["estimate"], r["lower"], r["upper"], 2))
            else:
                column.append("–")
        table[f"{o.name} ({o.short_unit})"] = column
    return pd.DataFrame(table)


def sensitivity_display(results: Results) -> pd.DataFrame:
    """Arrangement estimates under the three specifications, one row per indicator and contrast."""
    rows = []
    for o in OUTCOMES.values():
        for code in results.contrasts:
            row = {"Indicator": o.name, "Arrangement": ARRANGEMENTS[code]}
            for spec, title in (
                ("main", "Main model"),
                ("unchanged", "Without councils that changed"),
                ("current", "Current arrangement throughout"),
            ):
                r = results.models[(o.column, spec)].arrangement(code)
                row[title] = "–" if r is None else fmt_ci(r["estimate"], r["lower"], r["upper"], 1)
            rows.append(row)
    return pd.DataFrame(rows)


def completeness(results: Results) -> pd.DataFrame:
    """Share of council-years with a value, per indicator (published vs possible).

    Possible council-years are those of the span of years the indicator's
    file covers (indicators or workforce), for all 32 councils: a file that
    starts later than the study period is not counted as missing the years
    before it.
    """
    panel = results.panel
    spans = {
        "outcome": results.data.indicators["year"],
        "workforce": results.data.workforce["year"],
    }
    rows = []
    for o in OUTCOMES.values():
        years = spans[o.kind]
        scope = panel[panel["year"].between(years.min(), years.max())] if len(years) else panel
        present = int(scope[o.column].notna().sum())
        rows.append(
            {
                "indicator": o.column,
                "Indicator": o.name,
                "Years": f"{int(scope['year'].min())}–{int(scope['year'].max())}",
                "Possible": len(scope),
                "Present": present,
                "Missing": len(scope) - present,
                "missing_share": 100 * (len(scope) - present) / len(scope),
            }
        )
    return pd.DataFrame(rows)


def annex_table(results: Results) -> pd.DataFrame:
    """Council-level data for the annex: arrangement and latest values."""
    panel = results.panel
    latest_year = int(panel.dropna(subset=["looked_after_rate"])["year"].max())
    latest = panel[panel["year"] == latest_year].set_index("council_code")
    integ = results.data.integration.set_index("council_code")
    rows = []
    # Alphabetical by name, as readers look councils up by name.
    for code in sorted(results.classification["council_code"], key=councils.NAMES.get):
        change = integ.loc[code, "change_year"]
        rows.append(
            {
                "Council area": councils.NAMES[code],
                "Arrangement": results.classification.set_index("council_code").loc[
                    code, "arrangement"
                ],
                "Changed": "" if pd.isna(change) else str(int(change)),
                "Looked after": fmt(latest.loc[code, "looked_after_rate"], 1),
                "Child protection": fmt(latest.loc[code, "child_protection_rate"], 1),
                "SIMD Q1 (%)": fmt(latest.loc[code, "simd_most_deprived_share"], 1),
                "Vacancy (%)": fmt(latest.loc[code, "vacancy_rate"], 1),
                "Sickness (%)": fmt(latest.loc[code, "sickness_absence_rate"], 1),
            }
        )
    frame = pd.DataFrame(rows)
    return frame.replace("not available", "–")


def sources_table(results: Results) -> pd.DataFrame:
    """What each input data set holds, its years and its size (for the methods section)."""
    d = results.data
    rows = []
    for name, frame, holds in (
        (
            "Integration arrangements",
            d.integration,
            "Functions delegated to each integration joint board, and changes",
        ),
        (
            "Children's outcomes and context",
            d.indicators,
            "Looked-after and child protection rates, child population, deprivation, rurality",
        ),
        (
            "Children's social work workforce",
            d.workforce,
            "Staff, vacancy and sickness absence rates",
        ),
    ):
        years = (
            f"{int(frame['year'].min())} to {int(frame['year'].max())}"
            if "year" in frame and len(frame)
            else "Current"
        )
        rows.append({"Data set": name, "Holds": holds, "Years": years, "Records": len(frame)})
    return pd.DataFrame(rows)


def group_mean(results: Results, column: str, year: int) -> dict[str, float]:
    """Mean of ``column`` over the councils of each current arrangement in ``year``."""
    rows = results.panel[results.panel["year"] == year]
    return rows.groupby("arrangement_current")[column].mean().to_dict()


def direction(first: float, last: float, *, dp: int = 1) -> str:
    """``rose``, ``fell`` or ``did not change``, judged at the precision shown in prose."""
    a, b = round(first, dp), round(last, dp)
    return "rose" if b > a else "fell" if b < a else "did not change"


def group_directions(results: Results, outcome: str) -> dict[str, str]:
    """How each arrangement group's average moved from its first to its last year."""
    table = results.trends[outcome]
    out = {}
    for code in ARRANGEMENTS:
        rows = table[table["arrangement"] == code]
        if len(rows) >= 2:
            out[code] = direction(rows["mean"].iloc[0], rows["mean"].iloc[-1])
    return out


def common_direction(results: Results, outcomes: list[str]) -> str | None:
    """The direction every group shared for every one of ``outcomes``, or None."""
    seen = {d for o in outcomes for d in group_directions(results, o).values()}
    return seen.pop() if len(seen) == 1 else None


def extremes(values: dict[str, float]) -> tuple[str, str]:
    """Keys of the largest and smallest values (missing values ignored)."""
    clean = {k: v for k, v in values.items() if v is not None and not pd.isna(v)}
    return max(clean, key=clean.get), min(clean, key=clean.get)


def latest_year(results: Results, outcome: str = "looked_after_rate") -> int:
    """Latest year with any value of ``outcome``."""
    return int(results.panel.dropna(subset=[outcome])["year"].max())


# --- findings --------------------------------------------------------------------------------


def _change(series: pd.DataFrame) -> tuple[int, float, int, float]:
    """First and last year of a series with their means."""
    first, last = series.iloc[0], series.iloc[-1]
    return int(first["year"]), float(first["mean"]), int(last["year"]), float(last["mean"])


def build_findings(results: Results) -> list[Finding]:
    """The strand's findings, every number taken from ``results``.

    Strength rule (stated in the report's methods): the classification and
    descriptive facts about all 32 councils are ``strong``; associations are
    rated by :func:`association_strength`.
    """
    level = results.level
    ref = results.reference
    n_total = len(results.classification)
    typ = results.typology.set_index("arrangement")
    findings: list[Finding] = []

    # F01: the typology.
    n_all, n_health, n_none = (
        int(typ.loc[a, "councils"]) for a in ("ijb-all", "ijb-health", "not-delegated")
    )
    share_all = float(typ.loc["ijb-all", "children_share"])
    n_lead = int(typ.loc["lead-agency", "councils"])
    lead_names = typ.loc["lead-agency", "names"] or "no council"
    n_changed = len(results.changed_councils)
    findings.append(
        Finding(
            id="S3-F01",
            title="Integration of children's services differs widely between councils",
            statement=(
                f"Of the {n_total} council areas, {n_all} delegate both children's health "
                f"and children's social work to their integration joint board, {n_health} "
                f"delegate children's health only, {n_none} delegate no children's services, "
                f"and {lead_names} {'follows' if n_lead == 1 else 'follow'} a lead-agency model. "
                f"The councils that delegate both "
                f"are home to {fmt(share_all, 0)}% of Scotland's children; {n_changed} "
                f"councils changed their arrangement during the study period."
            ),
            strength="strong",
            elements=["structures", "landscape"],
            numbers={
                "councils": n_total,
                "ijb_all": n_all,
                "ijb_health": n_health,
                "not_delegated": n_none,
                "ijb_all_children_share": share_all,
                "changed": n_changed,
            },
            section="sec-typology",
        )
    )

    # F02: deprivation gradient in looked-after rates.
    step = results.params["deprivation_step"]
    lac = results.models[("looked_after_rate", "main")]
    dep = lac.term("deprivation")
    dep_checks = [results.models[("looked_after_rate", s)].term("deprivation") for s in SPECS[1:]]
    cp_dep = results.models[("child_protection_rate", "main")].term("deprivation")
    dep_strength = association_strength(dep, dep_checks)
    if not excludes_zero(dep):
        dep_title = "Looked-after rates show no clear link with deprivation"
    elif dep["estimate"] > 0:
        dep_title = "Looked-after rates are higher where deprivation is higher"
    else:
        dep_title = "Looked-after rates are lower where deprivation is higher"
    findings.append(
        Finding(
            id="S3-F02",
            title=dep_title,
            statement=(
                f"After allowing for arrangement, rurality and year, each {step} percentage "
                f"points more of a council's population in Scotland's most deprived fifth of "
                f"areas went with {fmt(dep['estimate'], 1)} more children looked after per "
                f"1,000 ({percent(level)} confidence interval {fmt(dep['lower'], 1)} to "
                f"{fmt(dep['upper'], 1)}) and {fmt(cp_dep['estimate'], 1)} more on the child "
                f"protection register per 1,000 ({fmt(cp_dep['lower'], 1)} to "
                f"{fmt(cp_dep['upper'], 1)})."
            ),
            strength=dep_strength,
            elements=["poverty"],
            numbers={
                "deprivation_step": step,
                "per": 1000,
                "confidence_level": level,
                "looked_after_per_step": dep["estimate"],
                "looked_after_lower": dep["lower"],
                "looked_after_upper": dep["upper"],
                "child_protection_per_step": cp_dep["estimate"],
                "child_protection_lower": cp_dep["lower"],
                "child_protection_upper": cp_dep["upper"],
            },
            section="sec-deprivation",
        )
    )

    # F03: arrangement and children's outcomes, adjusted. The focus is the
    # fullest integration (both delegated), unless that is the reference.
    focus = "ijb-all" if ref != "ijb-all" else "not-delegated"
    focus_label = COUNCILS_WITH[focus]
    ref_label = COUNCILS_WITH[ref]
    main = lac.arrangement(focus)
    checks = [results.models[("looked_after_rate", s)].arrangement(focus) for s in SPECS[1:]]
    cp = results.models[("child_protection_rate", "main")].arrangement(focus)
    first_y, first_v, last_y, last_v = _change(results.overall["looked_after_rate"])
    lac_moved = direction(first_v, last_v)
    lac_trend = (
        f"Looked-after rates {lac_moved} in the average council from {fmt(first_v, 1)} "
        f"per 1,000 in {first_y} to {fmt(last_v, 1)} in {last_y}"
        if first_y != last_y
        else f"In {first_y}, the average council looked after {fmt(first_v, 1)} children per 1,000"
    )
    shared = common_direction(results, ["looked_after_rate"])
    everywhere = (
        ", under every arrangement" if shared == lac_moved and shared != "did not change" else ""
    )
    # Does any IJB arrangement differ clearly from the reference on either
    # children's outcome? (The lead-agency contrast rests on one council.)
    clear = [
        a
        for a in results.contrasts
        if a != "lead-agency"
        for o in ("looked_after_rate", "child_protection_rate")
        if excludes_zero(results.models[(o, "main")].arrangement(a))
    ]
    title = (
        "No integration arrangement stands out on children's outcomes"
        if not clear
        else "Some integration arrangements differ on children's outcomes"
    )
    lac_word = (
        "no clear difference in looked-after rates"
        if not excludes_zero(main)
        else ("lower looked-after rates" if main["estimate"] < 0 else "higher looked-after rates")
    )
    findings.append(
        Finding(
            id="S3-F03",
            title=title,
            statement=(
                f"{lac_trend}{everywhere}. "
                f"Compared with {ref_label}, {focus_label} showed {lac_word} once "
                f"deprivation, rurality and year were allowed for: {fmt(main['estimate'], 1)} "
                f"per 1,000 ({fmt(main['lower'], 1)} to {fmt(main['upper'], 1)}); the "
                f"difference in child protection registrations was {fmt(cp['estimate'], 1)} "
                f"({fmt(cp['lower'], 1)} to {fmt(cp['upper'], 1)}). These are observational "
                f"associations, not effects of the arrangements."
            ),
            strength=association_strength(main, checks),
            elements=["structures"],
            numbers={
                "per": 1000,
                "first_year": first_y,
                "first_rate": first_v,
                "last_year": last_y,
                "last_rate": last_v,
                "looked_after_difference": main["estimate"],
                "looked_after_lower": main["lower"],
                "looked_after_upper": main["upper"],
                "child_protection_difference": cp["estimate"],
                "child_protection_lower": cp["lower"],
                "child_protection_upper": cp["upper"],
            },
            section="sec-models",
        )
    )

    # F04: workforce wellbeing.
    vac = results.overall["vacancy_rate"]
    sick = results.overall["sickness_absence_rate"]
    v_first_y, v_first, v_last_y, v_last = _change(vac)
    _, s_first, _, s_last = _change(sick)
    vac_moved, sick_moved = direction(v_first, v_last), direction(s_first, s_last)
    vac_main = results.models[("vacancy_rate", "main")].arrangement(focus)
    vac_checks = [results.models[("vacancy_rate", s)].arrangement(focus) for s in SPECS[1:]]
    vac_word = (
        "no clear difference in vacancy rates from"
        if not excludes_zero(vac_main)
        else (
            "lower vacancy rates than" if vac_main["estimate"] < 0 else "higher vacancy rates than"
        )
    )
    if vac_moved == sick_moved and vac_moved != "did not change":
        wf_title = f"Children's social work vacancies and sickness absence {vac_moved}"
    else:
        wf_title = f"Children's social work vacancies {vac_moved}; sickness absence {sick_moved}"
    findings.append(
        Finding(
            id="S3-F04",
            title=wf_title,
            statement=(
                f"In the average council, {fmt(v_first, 1)}% of funded children's social work "
                f"posts were vacant in {v_first_y} and {fmt(v_last, 1)}% in {v_last_y}; "
                f"sickness absence went from {fmt(s_first, 1)}% to {fmt(s_last, 1)}% of "
                f"working days. After adjustment, {focus_label} showed {vac_word} "
                f"{ref_label}: {fmt(vac_main['estimate'], 1)} percentage points "
                f"({fmt(vac_main['lower'], 1)} to {fmt(vac_main['upper'], 1)})."
            ),
            strength=association_strength(vac_main, vac_checks),
            elements=["workforce", "structures"],
            numbers={
                "first_year": v_first_y,
                "last_year": v_last_y,
                "vacancy_first": v_first,
                "vacancy_last": v_last,
                "sickness_first": s_first,
                "sickness_last": s_last,
                "vacancy_difference": vac_main["estimate"],
                "vacancy_lower": vac_main["lower"],
                "vacancy_upper": vac_main["upper"],
            },
            section="sec-workforce",
        )
    )

    # F05: the national data gap.
    comp = completeness(results).set_index("indicator")
    missing_total = int(comp["Missing"].sum())
    possible_total = int(comp["Possible"].sum())
    lead_n = results.group_size("lead-agency")
    findings.append(
        Finding(
            id="S3-F05",
            title="National data on integration and the workforce are thin",
            statement=(
                f"There is no national record of which children's functions each integration "
                f"joint board holds, or of when that changed: it had to be compiled from "
                f"{n_total} schemes of integration. {missing_total} of {possible_total} "
                f"council-year values of the {len(OUTCOMES)} indicators were missing, and "
                f"with {lead_n} council following the lead-agency model its outcomes cannot be "
                f"compared statistically with the others."
            ),
            strength="strong",
            elements=["national-functions"],
            numbers={
                "schemes": n_total,
                "missing": missing_total,
                "possible": possible_total,
                "indicators": len(OUTCOMES),
                "lead_agency_councils": lead_n,
            },
            section="sec-limitations",
        )
    )
    return findings
