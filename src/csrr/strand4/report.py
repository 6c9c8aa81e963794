"""Strand 4 findings and the numbers written in the report's prose.

Every number a statement writes comes from the protected results (the
:class:`~csrr.strand4.analysis.Release` and the model estimates), and is
carried in the finding's ``numbers`` so that :mod:`csrr.findings` can check
it. Wording that depends on the data (more or fewer, higher or lower) is
chosen here too, so no sentence can contradict its numbers.

Strength of evidence, by a stated rule (repeated in the report's methods):

- **strong**: never from this survey alone: respondents chose to take part,
  so shares describe them, not the whole workforce;
- **moderate**: shares agreeing with items that most respondents answered;
- **emerging**: a difference between groups whose adjusted confidence
  interval excludes zero;
- **limited**: no difference between groups could be told apart from
  chance, or it rests on few councils.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from csrr import sdc
from csrr.findings import Finding
from csrr.params import resolve_data_dir
from csrr.strand4 import analysis, data
from csrr.strand4.analysis import Prepared, Release
from csrr.strand4.data import Item

STRAND = "strand4"


def lower_first(text: str) -> str:
    """Lower-case the first letter of a sentence and drop its full stop."""
    text = text.strip().rstrip(".")
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def item_agreement(prep: Prepared, release: Release, scale_id: str) -> pd.DataFrame:
    """Share agreeing with each item of a scale, with the item, most agreed first.

    Returns
    -------
    pandas.DataFrame
        Columns item (Item), short, agree (percent), reverse; items left out
        by disclosure control are not listed.
    """
    lik = release.likert[scale_id]
    agree = lik.agree()
    rows = [
        {"item": i, "short": i.short, "agree": float(agree[i.short]), "reverse": i.reverse}
        for i in lik.items
    ]
    return pd.DataFrame(rows).sort_values(["agree", "short"], ascending=[False, True])


def _positive_items(table: pd.DataFrame) -> pd.DataFrame:
    return table[~table["reverse"]]


def _text(item: Item) -> str:
    # Statements are quoted as respondents saw them: many are in the first
    # person ("I know who to contact ..."), which reported speech would garble.
    return f"\u201c{item.text.strip().rstrip('.')}\u201d"


def finding_quality(prep: Prepared, release: Release, reliability: pd.DataFrame) -> Finding:
    """S4-F01: views of the experiences and outcomes services achieve."""
    row = reliability.set_index("scale").loc["quality"]
    items = _positive_items(item_agreement(prep, release, "quality"))
    low = items.iloc[-1]
    share = row["positive"]
    most = "Most" if share > 50 else "Fewer than half of"
    return Finding(
        id="S4-F01",
        title=(
            f"{most} staff view the help their services give positively, but few see it "
            "arriving early"
            if "early" in low["item"].text.lower() and low["agree"] < 50
            else f"{most} staff view the help their services give positively"
        ),
        statement=(
            f"{share:.0f}% of respondents held positive views overall of the experiences and "
            f"outcomes their services achieve for children and families, but only "
            f"{low['agree']:.0f}% agreed that {_text(low['item'])}."
        ),
        strength="moderate",
        elements=["local-services", "relationships"],
        numbers={"positive_share": share, "lowest_item_agree": low["agree"]},
        section="sec-views",
    )


def finding_multiagency(prep: Prepared, release: Release) -> Finding:
    """S4-F02: how closely agencies are seen to work together."""
    table = item_agreement(prep, release, "multiagency")
    positive = _positive_items(table)
    high, low = positive.iloc[0], positive.iloc[-1]
    numbers = {"highest_item_agree": high["agree"], "lowest_item_agree": low["agree"]}
    negative = table[table["reverse"]]
    statement = (
        f"{high['agree']:.0f}% of respondents agreed that {_text(high['item'])}, "
        f"but only {low['agree']:.0f}% that {_text(low['item'])}"
    )
    if len(negative):
        worst = negative.iloc[0]
        statement += f", and {worst['agree']:.0f}% agreed that {_text(worst['item'])}"
        numbers["negative_item_agree"] = worst["agree"]
    return Finding(
        id="S4-F02",
        title=(
            f"Multi-agency working: agreement ranged from {high['agree']:.0f}% to "
            f"{low['agree']:.0f}% across statements"
        ),
        statement=statement + ".",
        strength="moderate",
        elements=["structures", "relationships"],
        numbers=numbers,
        section="sec-views",
    )


def finding_change(prep: Prepared, release: Release, reliability: pd.DataFrame) -> Finding:
    """S4-F03: confidence in transformational change."""
    row = reliability.set_index("scale").loc["change"]
    positive = _positive_items(item_agreement(prep, release, "change"))
    low, second = positive.iloc[-1], positive.iloc[-2]
    share = row["positive"]
    return Finding(
        id="S4-F03",
        title=(
            "Confidence that change will make a difference is low"
            if low["agree"] < 33
            else "Views on transformational change are mixed"
        ),
        statement=(
            f"Only {low['agree']:.0f}% of respondents agreed that {_text(low['item'])}, "
            f"and {second['agree']:.0f}% that {_text(second['item'])}; "
            f"{share:.0f}% held positive views of change overall."
        ),
        strength="moderate",
        elements=["landscape", "national-functions", "workforce"],
        numbers={
            "lowest_item_agree": low["agree"],
            "second_lowest_item_agree": second["agree"],
            "positive_share": share,
        },
        section="sec-views",
    )


def finding_barriers(prep: Prepared, release: Release, sectors: dict[str, str]) -> Finding:
    """S4-F04: the most-cited barriers, and the largest gap between sectors."""
    bar = release.barriers.dropna(subset=["pct_all"])
    top = bar.iloc[:3]
    names = [lower_first(name) for name in top.index]
    numbers = {f"barrier_{k + 1}_agree": float(v) for k, v in enumerate(top["pct_all"])}
    statement = (
        f"The most-cited barriers to working across agencies were {names[0]} "
        f"({top['pct_all'].iloc[0]:.0f}%), {names[1]} ({top['pct_all'].iloc[1]:.0f}%) "
        f"and {names[2]} ({top['pct_all'].iloc[2]:.0f}%)."
    )
    codes = list(sectors)
    if len(codes) == 2:
        gap = (bar[f"pct_{codes[1]}"] - bar[f"pct_{codes[0]}"]).dropna()
        if len(gap) and gap.abs().max() >= 10:
            name = gap.abs().idxmax()
            first, second = bar.at[name, f"pct_{codes[1]}"], bar.at[name, f"pct_{codes[0]}"]
            more = "more" if first > second else "less"
            statement += (
                f" {sectors[codes[1]]} staff cited {lower_first(name)} {more} often than "
                f"{sectors[codes[0]].split(' (')[0].lower()} staff ({first:.0f}% against "
                f"{second:.0f}%)."
            )
            numbers.update({"gap_first": float(first), "gap_second": float(second)})
    return Finding(
        id="S4-F04",
        title=f"Most-cited barrier: {lower_first(top.index[0])}",
        statement=statement,
        strength="moderate",
        elements=["workforce", "local-services", "national-functions"],
        numbers=numbers,
        section="sec-barriers",
    )


def finding_arrangements(
    prep: Prepared, adjusted: pd.DataFrame, params: dict[str, Any], scales: dict[str, str]
) -> Finding:
    """S4-F05: do scale scores differ by integration arrangement (strand 3)?"""
    labels = prep.arrangement_labels()
    reference = labels[params["reference_arrangement"]]
    level = params["confidence_level"] * 100
    clear = adjusted[(adjusted["low"] > 0) | (adjusted["high"] < 0)]
    if adjusted.empty:
        return Finding(
            id="S4-F05",
            title="Scores could not be compared between integration arrangements",
            statement="Too few councils or respondents in each arrangement to compare scores.",
            strength="limited",
            elements=["structures"],
            numbers={},
            section="sec-arrangements",
        )
    if clear.empty:
        big = adjusted.loc[adjusted["difference"].abs().idxmax()]
        direction = "higher" if big["difference"] > 0 else "lower"
        return Finding(
            id="S4-F05",
            title="Views differed little between integration arrangements",
            statement=(
                f"After allowing for role, sector and years in role, no scale score differed "
                f"clearly between integration arrangements: the largest difference, "
                f"{abs(big['difference']):.2f} points {direction} on "
                f"{scales[big['scale']].lower()} in councils with "
                f"{lower_first(labels[big['arrangement']])} than in councils with "
                f"{lower_first(reference)}, had a {level:.0f}% confidence interval of "
                f"{fmt(big['low'])} to {fmt(big['high'])}."
            ),
            strength="limited",
            elements=["structures"],
            numbers={
                "difference": abs(big["difference"]),
                "low": big["low"],
                "high": big["high"],
                "level": level,
            },
            section="sec-arrangements",
        )
    big = clear.loc[clear["difference"].abs().idxmax()]
    direction = "higher" if big["difference"] > 0 else "lower"
    return Finding(
        id="S4-F05",
        title="Views on some scales differed between integration arrangements",
        statement=(
            f"After allowing for role, sector and years in role, scores on "
            f"{scales[big['scale']].lower()} were {abs(big['difference']):.2f} points "
            f"{direction} in councils with {lower_first(labels[big['arrangement']])} than "
            f"in councils with {lower_first(reference)} ({level:.0f}% confidence interval "
            f"{fmt(big['low'])} to {fmt(big['high'])}); {len(clear)} of {len(adjusted)} "
            f"comparisons excluded no difference."
        ),
        strength="emerging",
        elements=["structures"],
        numbers={
            "difference": abs(big["difference"]),
            "low": big["low"],
            "high": big["high"],
            "level": level,
            "clear": len(clear),
            "comparisons": len(adjusted),
        },
        section="sec-arrangements",
    )


def findings(
    prep: Prepared,
    release: Release,
    reliability: pd.DataFrame,
    adjusted: pd.DataFrame,
    params: dict[str, Any],
) -> list[Finding]:
    """Strand 4's findings, S4-F01 onwards, in the order the report presents them."""
    q = prep.questionnaire
    scales = {s.id: s.name for s in q.scales}
    return [
        finding_quality(prep, release, reliability),
        finding_multiagency(prep, release),
        finding_change(prep, release, reliability),
        finding_barriers(prep, release, q.labels("sector")),
        finding_arrangements(prep, adjusted, params, scales),
    ]


# ---------------------------------------------------------------------------
# Running the analysis once for the notebook
# ---------------------------------------------------------------------------


@dataclass
class Results:
    """Everything the notebook shows, computed once.

    Attributes
    ----------
    prep : Prepared
    release : Release
        The disclosure-controlled tables and groups.
    reliability : pandas.DataFrame
        From :func:`csrr.strand4.analysis.reliability`.
    compared : list of str
        Arrangement codes compared in the adjusted models.
    adjusted : pandas.DataFrame
        From :func:`csrr.strand4.analysis.adjusted_differences`.
    findings : list of Finding
    params : dict
    checked : dict or None
        ACRO's verdicts and bundle folder (None when the outputs were not checked).
    """

    prep: Prepared
    release: Release
    reliability: pd.DataFrame
    compared: list[str]
    adjusted: pd.DataFrame
    findings: list[Finding]
    params: dict[str, Any]
    checked: dict | None = None


def run(data_dir: str | Path, params: dict[str, Any], output_dir: str | Path) -> Results:
    """Load, check, analyse and protect; write the published tables and ACRO's bundle.

    Parameters
    ----------
    data_dir : str or Path
        Data folder (strand 4's files are in its ``strand4/``).
    params : dict
        The notebook's parameters.
    output_dir : str or Path
        Where the run writes its products: the published tables (CSV) and
        ACRO's bundle. One run serves both reports: the summary shows the
        same protected results.
    """
    survey = data.load(resolve_data_dir(data_dir), params)
    classification = data.load_classification(analysis.classification_path())
    prep = analysis.prepare(survey, classification, params)
    release = analysis.build_release(prep, params)
    rel = analysis.reliability(prep, params)
    compared = analysis.compared_arrangements(prep, release, params)
    adjusted = analysis.adjusted_differences(prep, params, compared)
    found = findings(prep, release, rel, adjusted, params)
    analysis.write_tables(release, output_dir)
    checked = analysis.check_outputs(prep, release, params, output_dir)
    return Results(prep, release, rel, compared, adjusted, found, params, checked)


# ---------------------------------------------------------------------------
# Tables as the report shows them
# ---------------------------------------------------------------------------


def fmt(value: float, places: int = 2) -> str:
    """A number for reading: fixed decimals, the typographic minus, a dash when missing."""
    if value is None or pd.isna(value):
        return "–"
    return f"{value:.{places}f}".replace("-", "\u2212")


def fmt_ci(mean: float, low: float, high: float) -> str:
    """``3.21 (3.15 to 3.28)``."""
    if pd.isna(mean):
        return sdc.SUPPRESSED
    return f"{fmt(mean)} ({fmt(low)} to {fmt(high)})"


# A cell that reads as a number: counts, shares, means with intervals, [c].


def profile_table(res: Results) -> pd.DataFrame:
    """Respondents by role group, sector and years in role, with shares."""
    rows = []
    q = res.prep.questionnaire
    for key, field in (("role", "role_group"), ("sector", "sector"), ("years", "years_in_role")):
        table = res.release.profile[key]
        pub = table.published().iloc[:, 0]
        share = table.shares("columns").iloc[:, 0]
        for label in table.rows.labels():
            rows.append(
                {
                    "Characteristic": q.profile[field]["label"],
                    "Group": label,
                    "Respondents": sdc.SUPPRESSED
                    if pd.isna(pub[label])
                    else f"{int(pub[label]):,}",
                    "Share": "" if pd.isna(share[label]) else f"{share[label]:.0f}%",
                }
            )
    rows.append(
        {
            "Characteristic": "All respondents",
            "Group": "",
            "Respondents": f"{res.prep.n:,}",
            "Share": "100%",
        }
    )
    frame = pd.DataFrame(rows)
    # Show each characteristic's name once, on its first row.
    frame.loc[frame["Characteristic"].duplicated(), "Characteristic"] = ""
    return frame


def area_table(res: Results) -> pd.DataFrame:
    """Respondents by area (council or region), with each area's region."""
    table = res.release.profile["area"]
    out = table.display(percent="columns")
    out.columns = ["Area", "Respondents (share)"]
    return out


def reliability_table(res: Results) -> pd.DataFrame:
    """Scales, their reliability and mean scores."""
    level = f"{res.params['confidence_level'] * 100:.0f}%"
    rows = []
    for r in res.reliability.itertuples():
        rows.append(
            {
                "Scale": r.name,
                "Items": r.items,
                "Alpha": f"{r.alpha:.2f}",
                "Reliable": "No" if r.flagged else "Yes",
                "Respondents": f"{r.n:,}",
                f"Mean ({level} CI)": fmt_ci(r.mean, r.low, r.high),
                "Above 3": f"{r.positive:.0f}%",
            }
        )
    return pd.DataFrame(rows)


def group_means_table(res: Results) -> pd.DataFrame:
    """Mean scale scores by role group and by sector."""
    q = res.prep.questionnaire
    scales = {s.id: s.label for s in q.scales}
    rows = []
    for key in ("role", "sector"):
        means = res.release.means[key]
        for label in dict.fromkeys(means["label"]):
            part = means[means["label"] == label].set_index("scale")
            n = part["n"].max()
            row = {"Group": label, "Respondents": sdc.SUPPRESSED if pd.isna(n) else f"{n:,.0f}"}
            for scale, name in scales.items():
                row[name] = fmt(part.at[scale, "mean"])
            rows.append(row)
    return pd.DataFrame(rows)


def arrangement_table(res: Results) -> pd.DataFrame:
    """Councils, respondents and mean scores by integration arrangement."""
    q = res.prep.questionnaire
    scales = {s.id: s.label for s in q.scales}
    per = res.prep.arrangements.groupby("arrangement")["council_code"].nunique()
    counts = res.release.profile["arrangement"].published().iloc[:, 0]
    means = res.release.means["arrangement"]
    rows = []
    for code, label in res.prep.arrangement_labels().items():
        part = means[means["group"] == code].set_index("scale")
        row = {
            "Arrangement": label,
            "Councils": int(per.get(code, 0)),
            "Respondents": sdc.SUPPRESSED if pd.isna(counts[label]) else f"{int(counts[label]):,}",
        }
        for scale, name in scales.items():
            row[name] = fmt(part.at[scale, "mean"])
        rows.append(row)
    return pd.DataFrame(rows)


def adjusted_table(res: Results) -> pd.DataFrame:
    """Adjusted differences from the reference arrangement, with intervals."""
    q = res.prep.questionnaire
    labels = res.prep.arrangement_labels()
    level = f"{res.params['confidence_level'] * 100:.0f}%"
    rows = []
    for r in res.adjusted.itertuples():
        rows.append(
            {
                "Scale": q.scale(r.scale).label,
                "Arrangement": labels[r.arrangement],
                f"Difference ({level} CI)": fmt_ci(r.difference, r.low, r.high),
                "p": f"{r.p:.2f}",
            }
        )
    return pd.DataFrame(rows)


def barriers_table(res: Results) -> pd.DataFrame:
    """Share agreeing that each barrier applies, by sector, ranked."""
    q = res.prep.questionnaire
    sectors = q.labels("sector")
    bar = res.release.barriers
    out = pd.DataFrame({"Barrier": bar["text"].to_list()})
    for code, label in list(sectors.items()) + [("all", "All respondents")]:
        values = bar[f"pct_{code}"].to_list()
        out[label] = [sdc.SUPPRESSED if pd.isna(v) else f"{v:.0f}%" for v in values]
    return out


def suppression_table(res: Results) -> pd.DataFrame:
    """What disclosure control hid in each published table."""
    names = {
        "profile-role": "Respondents by role group",
        "profile-sector": "Respondents by sector",
        "profile-years": "Respondents by years in role",
        "profile-area": "Respondents by area",
        "profile-role-sector": "Role group by sector",
        "profile-role-region": "Role group by region",
        "profile-arrangement": "Respondents by integration arrangement",
        "barriers-by-sector": "Barriers by sector",
    }
    q = res.prep.questionnaire
    rows = []
    for r in res.release.suppression_summary().itertuples():
        name = names.get(r.table)
        if name is None and r.table.startswith("likert-"):
            name = f"Answers: {q.scale(r.table.removeprefix('likert-')).name.lower()}"
        rows.append(
            {
                "Table": name or r.table,
                "Cells": r.cells,
                "Too small (primary)": r.primary,
                "Protecting others (secondary)": r.secondary,
            }
        )
    return pd.DataFrame(rows)


def items_table(res: Results, scale_id: str) -> pd.DataFrame:
    """One scale's questionnaire statements, for the annex."""
    q = res.prep.questionnaire
    items = q.items_of(scale_id)
    return pd.DataFrame(
        {
            "Item": [i.id for i in items],
            "Statement": [i.text for i in items],
            "Short label": [i.short for i in items],
            "Reverse coded": ["Yes" if i.reverse else "No" for i in items],
        }
    )
