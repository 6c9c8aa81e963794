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

from typing import Any

import pandas as pd

from csrr.findings import Finding
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
    return lower_first(item.text)


def finding_quality(prep: Prepared, release: Release, reliability: pd.DataFrame) -> Finding:
    """S4-F01: views of the experiences and outcomes services achieve."""
    row = reliability.set_index("scale").loc["quality"]
    items = _positive_items(item_agreement(prep, release, "quality"))
    low = items.iloc[-1]
    share = row["positive"]
    most = "Most" if share > 50 else "Fewer than half of"
    return Finding(
        id="S4-F01",
        title=f"{most} staff view the help their services give positively, but few see it arriving early"
        if "early" in low["item"].text.lower()
        else f"{most} staff view the help their services give positively",
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
        title="Staff know their partners, but joint working stops short of shared planning",
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
        title="Confidence that reform will change things locally is low",
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
                f"{big['low']:.2f} to {big['high']:.2f}."
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
            f"{big['low']:.2f} to {big['high']:.2f}); {len(clear)} of {len(adjusted)} "
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
