"""The values and tables the strand 3 report shows, formatted for reading.

The report's sentences are in the notebook's Markdown cells; their numbers
come in through inline expressions such as `` `{python} v.share_all` ``.
Every value here is a string, already as the reader sees it ("27%",
"nine", "−0.4 to 1.2"), so the expressions stay plain names. Words that
depend on the data (whether a rate rose or fell, whether an interval
excludes zero) are values too, so that the sentences stay true when the data
change.
"""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from csrr import councils
from csrr.display import callout_markdown, in_words, md
from csrr.findings import Finding
from csrr.strand3 import analysis, figures
from csrr.strand3.analysis import COUNCILS_WITH, OUTCOMES, SPECS, Results, fmt, percent
from csrr.strand3.data import ARRANGEMENTS, URBAN_RURAL

# The data-status warning, shown at the top of both reports when the data
# are synthetic (the house banner marks every page as well).
ILLUSTRATIVE = (
    "Every figure in this edition comes from synthetic data made to demonstrate the "
    "publication pipeline, and the arrangement given to each council is illustrative. "
    "Nothing here describes a real council or is a research finding."
)
# The integration joint board arrangements, which the trend comparisons rank
# (the lead-agency group is one council).
IJB_ARRANGEMENTS = ("ijb-all", "ijb-health", "not-delegated")
# How a change of arrangement reads: "from delegating children's health only to ...".
DOING: dict[str, str] = {
    "ijb-all": "delegating children's health and social work",
    "ijb-health": "delegating children's health only",
    "not-delegated": "delegating no children's services",
    "lead-agency": "the lead-agency model",
}


def join(items, sep: str = ", ") -> str:
    """``a, b and c`` (empty string for no items); ``sep="; "`` gives ``a; b; and c``."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    last = "; and " if sep == "; " else " and "
    return sep.join(items[:-1]) + last + items[-1]


def number(n: int) -> str:
    """A count in running text: words up to nine, digits above ("nine", "11", "1,152")."""
    return in_words(int(n), up_to=9)


def interval(row: pd.Series, dp: int = 1) -> str:
    """The bounds of an estimate's interval: ``−0.4 to 1.2``."""
    return f"{fmt(row['lower'], dp)} to {fmt(row['upper'], dp)}"


def _finding(f: Finding) -> SimpleNamespace:
    return SimpleNamespace(id=f.id, title=f.title, strength=f.strength)


def _compared(row: pd.Series | None, measure: str, *, preposition: str) -> str:
    """How a contrast reads: ``lower vacancy rates than`` or ``no clear difference in ... from``."""
    if not analysis.excludes_zero(row):
        return f"no clear difference in {measure} from"
    return f"{'lower' if row['estimate'] < 0 else 'higher'} {measure} {preposition}"


def _focus(results: Results) -> str:
    """The arrangement the findings compare with the reference (as in the findings)."""
    return "ijb-all" if results.reference != "ijb-all" else "not-delegated"


def _extremes(values: dict[str, float]) -> tuple[str, str]:
    return analysis.extremes({a: values.get(a) for a in IJB_ARRANGEMENTS})


def prepare(results: Results, findings: list[Finding], data_status: str) -> SimpleNamespace:
    """Every value the report's sentences read.

    Parameters
    ----------
    results : Results
        From :func:`csrr.strand3.analysis.analyse`.
    findings : list of Finding
        From :func:`csrr.strand3.analysis.build_findings` (ids, titles, strengths).
    data_status : {"synthetic", "real"}
        Whether to show the illustrative-data warning.

    Returns
    -------
    types.SimpleNamespace
        Strings only (and ``illustrative``, Markdown); ``v.f1`` ... ``v.f5``
        hold each finding's ``id``, ``title`` and ``strength``.
    """
    params = results.params
    ref, focus = results.reference, _focus(results)
    typ = results.typology.set_index("arrangement")
    classes = results.classification
    by_id = {f.id: f for f in findings}
    integ = results.data.integration

    # Typology (S3-F01).
    lead_names = sorted(classes.loc[classes["arrangement"] == "lead-agency", "council_name"])
    lead = join(lead_names) or "no council"
    shared = integ.groupby("partnership")["council_code"].transform("size") > 1
    shared_names = sorted(integ.loc[shared, "council_code"].map(councils.NAMES))
    by_arrangement = {
        a: list(classes.loc[classes["arrangement"] == a, "council_code"]) for a in ARRANGEMENTS
    }

    # Deprivation and outcomes (S3-F02, S3-F03).
    lac_model = results.models[("looked_after_rate", "main")]
    cp_model = results.models[("child_protection_rate", "main")]
    dep, cp_dep = lac_model.term("deprivation"), cp_model.term("deprivation")
    lac, cp = results.overall["looked_after_rate"], results.overall["child_protection_rate"]
    lac_moved = analysis.direction(lac["mean"].iloc[0], lac["mean"].iloc[-1])
    cp_moved = analysis.direction(cp["mean"].iloc[0], cp["mean"].iloc[-1])
    lac_shared = analysis.common_direction(results, ["looked_after_rate"])
    both_shared = analysis.common_direction(
        results, ["looked_after_rate", "child_protection_rate"]
    )
    focus_lac, focus_cp = lac_model.arrangement(focus), cp_model.arrangement(focus)

    # Workforce (S3-F04).
    vac, sick = results.overall["vacancy_rate"], results.overall["sickness_absence_rate"]
    vac_focus = results.models[("vacancy_rate", "main")].arrangement(focus)

    # Group averages in the latest year.
    y1 = int(lac["year"].iloc[-1])
    w1 = int(vac["year"].iloc[-1])
    lac_now = analysis.group_mean(results, "looked_after_rate", y1)
    dep_now = analysis.group_mean(results, "simd_most_deprived_share", y1)
    vac_now = analysis.group_mean(results, "vacancy_rate", w1)
    lac_high, lac_low = _extremes(lac_now)
    dep_high, dep_low = _extremes(dep_now)
    vac_high, vac_low = _extremes(vac_now)

    # Councils in the latest year, for the range and correlation.
    latest_year = analysis.latest_year(results)
    latest = results.panel[results.panel["year"] == latest_year].dropna(
        subset=["looked_after_rate"]
    )
    top = latest.loc[latest["looked_after_rate"].idxmax()]
    bottom = latest.loc[latest["looked_after_rate"].idxmin()]
    corr = latest["looked_after_rate"].corr(latest["simd_most_deprived_share"])

    # The widest urban/rural contrast in the looked-after model.
    rural = lac_model.terms[lac_model.terms["term"] == "urban_rural"]
    widest = rural.loc[rural["estimate"].abs().idxmax()] if len(rural) else None

    # Completeness (S3-F05) and the models' fit.
    comp = analysis.completeness(results)
    converged = sum(m.converged for m in results.models.values())
    notes = sorted({note for m in results.models.values() for note in m.notes})
    ols = sorted(
        {OUTCOMES[m.outcome].name.lower() for m in results.models.values() if m.method == "ols"}
    )

    changed = integ[integ["change_year"].notna()].sort_values("change_year")
    return SimpleNamespace(
        illustrative=md(callout_markdown("warning", ILLUSTRATIVE, "Illustrative data"))
        if data_status == "synthetic"
        else "",
        f1=_finding(by_id["S3-F01"]),
        f2=_finding(by_id["S3-F02"]),
        f3=_finding(by_id["S3-F03"]),
        f4=_finding(by_id["S3-F04"]),
        f5=_finding(by_id["S3-F05"]),
        # Study and parameters.
        n_councils=str(len(classes)),
        start=str(params["study_start"]),
        end=str(params["study_end"]),
        level=percent(results.level),
        step=str(params["deprivation_step"]),
        ref=COUNCILS_WITH[ref],
        focus=COUNCILS_WITH[focus],
        # Typology.
        n_all=number(typ.loc["ijb-all", "councils"]),
        n_health=number(typ.loc["ijb-health", "councils"]),
        n_none=number(typ.loc["not-delegated", "councils"]),
        lead=lead,
        lead_follows=f"{lead} {'follow' if len(lead_names) > 1 else 'follows'}",
        share_all=f"{fmt(typ.loc['ijb-all', 'children_share'], 0)}%",
        n_changed=number(len(results.changed_councils)),
        changed_names=join(results.changed_councils),
        # Each change has commas of its own, so the list takes semicolons.
        changes=join(
            (
                f"{councils.NAMES[r.council_code]} in {int(r.change_year)}, from "
                f"{DOING[r.previous_arrangement]} to {DOING[r.arrangement]}"
                for r in changed.itertuples()
            ),
            sep="; ",
        ),
        n_justice=number(typ["justice"].sum()),
        shared_names=join(shared_names) or "No councils",
        region_all=figures.region_phrase(by_arrangement["ijb-all"]),
        region_health=figures.region_phrase(by_arrangement["ijb-health"]),
        region_none=figures.region_phrase(by_arrangement["not-delegated"]),
        # Deprivation (S3-F02).
        dep_lac=fmt(dep["estimate"]),
        dep_lac_ci=interval(dep),
        dep_cp=fmt(cp_dep["estimate"]),
        dep_cp_ci=interval(cp_dep),
        latest_year=str(latest_year),
        lac_min=fmt(bottom["looked_after_rate"]),
        lac_min_name=str(bottom["council_name"]),
        lac_max=fmt(top["looked_after_rate"]),
        lac_max_name=str(top["council_name"]),
        tracked="closely tracked"
        if abs(corr) >= 0.7
        else "tracked"
        if abs(corr) >= 0.4
        else "were only loosely related to",
        corr=fmt(corr, 2),
        rural_class=URBAN_RURAL[widest["level"]].lower() if widest is not None else "none",
        rural_est=fmt(widest["estimate"]) if widest is not None else "not estimated",
        rural_ci=interval(widest) if widest is not None else "not estimated",
        rural_ref=URBAN_RURAL[lac_model.urban_reference].lower(),
        rural_verdict="excludes" if analysis.excludes_zero(widest) else "includes",
        # Outcomes over time (S3-F03).
        y0=str(int(lac["year"].iloc[0])),
        y1=str(y1),
        lac_moved=lac_moved,
        lac_first=fmt(lac["mean"].iloc[0]),
        lac_last=fmt(lac["mean"].iloc[-1]),
        lac_groups="under every arrangement"
        if lac_shared == lac_moved and lac_moved != "did not change"
        else "though not under every arrangement",
        cp_moved=cp_moved,
        cp_first=fmt(cp["mean"].iloc[0]),
        cp_last=fmt(cp["mean"].iloc[-1]),
        both_moved=f"both {both_shared} under every arrangement"
        if both_shared and both_shared == lac_moved == cp_moved and both_shared != "did not change"
        else "did not move the same way under every arrangement",
        lac_verdict=_compared(focus_lac, "looked-after rates", preposition="than"),
        focus_lac=fmt(focus_lac["estimate"]),
        focus_lac_ci=interval(focus_lac),
        focus_cp=fmt(focus_cp["estimate"]),
        focus_cp_ci=interval(focus_cp),
        lac_high=COUNCILS_WITH[lac_high],
        lac_high_val=fmt(lac_now[lac_high]),
        lac_low=COUNCILS_WITH[lac_low],
        lac_low_val=fmt(lac_now[lac_low]),
        dep_high=COUNCILS_WITH[dep_high],
        dep_high_val=f"{fmt(dep_now[dep_high])}%",
        dep_low=COUNCILS_WITH[dep_low],
        dep_low_val=f"{fmt(dep_now[dep_low])}%",
        # Workforce (S3-F04).
        wf_y0=str(int(vac["year"].iloc[0])),
        wf_y1=str(w1),
        vac_first=f"{fmt(vac['mean'].iloc[0])}%",
        vac_last=f"{fmt(vac['mean'].iloc[-1])}%",
        sick_first=f"{fmt(sick['mean'].iloc[0])}%",
        sick_last=f"{fmt(sick['mean'].iloc[-1])}%",
        vac_verdict=_compared(vac_focus, "vacancy rates", preposition="than"),
        focus_vac=fmt(vac_focus["estimate"]),
        focus_vac_ci=interval(vac_focus),
        vac_high=COUNCILS_WITH[vac_high],
        vac_high_val=f"{fmt(vac_now[vac_high])}%",
        vac_low=COUNCILS_WITH[vac_low],
        vac_low_val=f"{fmt(vac_now[vac_low])}%",
        # Models and data.
        n_obs=f"{lac_model.n_obs:,}",
        n_model_councils=str(lac_model.n_councils),
        n_models=str(len(results.models)),
        n_specs=number(len(SPECS)),
        n_indicators=number(len(OUTCOMES)),
        n_converged="all" if converged == len(results.models) else number(converged),
        warnings="no warnings" if not notes else "these warnings: " + "; ".join(notes),
        ols_models=join(ols) or "none in these data",
        n_missing=f"{int(comp['Missing'].sum()):,}",
        n_possible=f"{int(comp['Possible'].sum()):,}",
    )


# --- tables ------------------------------------------------------------------------


def _with_code(code: str) -> str:
    """A council's name with the code the tile map labels it with: ``Angus (ANS)``."""
    return f"{councils.NAMES[code]} ({figures.TILES[code][0]})"


def typology_frame(results: Results) -> pd.DataFrame:
    """The typology table, naming each council with its map code (the map's key)."""
    shown = analysis.typology_display(results)
    classes = results.classification
    shown["Council areas (map code)"] = [
        ", ".join(
            _with_code(c)
            for c in sorted(
                classes.loc[classes["arrangement"] == a, "council_code"], key=councils.NAMES.get
            )
        )
        for a in ARRANGEMENTS
    ]
    return shown.drop(columns=["Council areas"])


def annex_frame(results: Results) -> pd.DataFrame:
    """Council-level data with each council's map code and arrangement in words."""
    frame = analysis.annex_table(results)
    codes = {name: code for code, name in councils.NAMES.items()}
    frame.insert(1, "Map code", [figures.TILES[codes[n]][0] for n in frame["Council area"]])
    frame["Arrangement"] = frame["Arrangement"].map(figures.SHORT)
    return frame


def completeness_frame(results: Results) -> pd.DataFrame:
    """Council-years with and without a value, per indicator."""
    comp = analysis.completeness(results)
    shown = comp[["Indicator", "Years", "Possible", "Present", "Missing"]].copy()
    shown["Missing (%)"] = [fmt(v) for v in comp["missing_share"]]
    return shown
