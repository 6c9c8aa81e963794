"""The values the strand 4 report's sentences read, formatted for reading.

The report's text is in the notebook's Markdown cells; its numbers come in
through inline expressions such as `` `{python} v.quality.positive` ``.
Every value here is a string, already as the reader sees it ("56%", "3.13",
"−0.46 to 0.11", "three"), so the expressions stay plain names. Words that
depend on the data (higher or lower, how many comparisons were clear) are
values too.

Counts of respondents written in prose obey the disclosure threshold: a
count that describes a group smaller than the whole sample goes through
:func:`csrr.sdc.safe_count`, and every share or mean comes from the
protected release.

Some sentences describe the shape of the demo results (which scale is
unreliable, which arrangement is too small to compare). :func:`wording_problems`
lists where the data no longer match them, and :func:`check_wording` stops
the build with that list, so that a change of data cannot leave the text
saying something the numbers do not.
"""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from csrr import councils, sdc
from csrr.display import in_words
from csrr.errors import CsrrError
from csrr.strand4.report import Results, fmt, item_agreement, lower_first

# Scales in the order the report presents them, with the attribute name of each.
SCALES = ("quality", "multiagency", "change", "barriers")


def number(n: int) -> str:
    """A count in running text: words up to nine, digits above ("three", "32", "1,478")."""
    return in_words(int(n), up_to=9)


def percent(value: float) -> str:
    """A whole percentage: ``56%``."""
    return f"{value:.0f}%"


def quoted(text: str) -> str:
    """A statement as respondents saw it, in curly quotes, without its full stop."""
    return f"\u201c{text.strip().rstrip('.')}\u201d"


def join(items) -> str:
    """``a, b and c``."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _scale(res: Results, scale_id: str) -> SimpleNamespace:
    row = res.reliability.set_index("scale").loc[scale_id]
    q = res.prep.questionnaire
    return SimpleNamespace(
        name=row["name"],
        lower=row["name"].lower(),
        items=number(row["items"]),
        alpha=fmt(row["alpha"]),
        mean=fmt(row["mean"]),
        interval=f"{fmt(row['low'])} to {fmt(row['high'])}",
        positive=percent(row["positive"]),
        n_items=number(len(q.items_of(scale_id))),
    )


def _item(row: pd.Series) -> SimpleNamespace:
    return SimpleNamespace(agree=percent(row["agree"]), text=quoted(row["item"].text))


def _finding_values(res: Results) -> SimpleNamespace:
    """Numbers behind each key finding (f1 to f5), as the Markdown writes them."""
    found = {f.id: f for f in res.findings}
    prep, release = res.prep, res.release
    q = prep.questionnaire
    labels = prep.arrangement_labels()
    out = SimpleNamespace()

    quality = item_agreement(prep, release, "quality")
    positive = quality[~quality["reverse"]]
    out.f1 = SimpleNamespace(
        strength=found["S4-F01"].strength,
        high=_item(positive.iloc[0]),
        low=_item(positive.iloc[-1]),
    )

    multi = item_agreement(prep, release, "multiagency")
    positive = multi[~multi["reverse"]]
    negative = multi[multi["reverse"]]
    out.f2 = SimpleNamespace(
        strength=found["S4-F02"].strength,
        high=_item(positive.iloc[0]),
        low=_item(positive.iloc[-1]),
        negative=_item(negative.iloc[0]) if len(negative) else None,
    )

    change = item_agreement(prep, release, "change")
    positive = change[~change["reverse"]]
    negative = change[change["reverse"]]
    out.f3 = SimpleNamespace(
        strength=found["S4-F03"].strength,
        low=_item(positive.iloc[-1]),
        second=_item(positive.iloc[-2]),
        high=_item(positive.iloc[0]),
        negative=_item(negative.iloc[0]) if len(negative) else None,
    )

    bar = release.barriers.dropna(subset=["pct_all"])
    sectors = q.labels("sector")
    codes = list(sectors)
    gap = (bar[f"pct_{codes[1]}"] - bar[f"pct_{codes[0]}"]).dropna()
    name = gap.abs().idxmax()
    first, second = bar.at[name, f"pct_{codes[1]}"], bar.at[name, f"pct_{codes[0]}"]
    out.f4 = SimpleNamespace(
        strength=found["S4-F04"].strength,
        **{
            f"top{k}": SimpleNamespace(name=lower_first(n), agree=percent(p))
            for k, (n, p) in enumerate(bar["pct_all"].iloc[:3].items(), start=1)
        },
        least=SimpleNamespace(
            name=lower_first(bar.index[-1]), agree=percent(bar["pct_all"].iloc[-1])
        ),
        gap_barrier=lower_first(name),
        gap_more="more" if first > second else "less",
        gap_first=percent(first),
        gap_second=percent(second),
        gap_sector=sectors[codes[1]],
        gap_other=sectors[codes[0]].split(" (")[0].lower(),
    )

    adjusted = res.adjusted
    clear = adjusted[(adjusted["low"] > 0) | (adjusted["high"] < 0)]
    pool = clear if len(clear) else adjusted
    big = pool.loc[pool["difference"].abs().idxmax()]
    scales = {s.id: s.name for s in q.scales}
    out.f5 = SimpleNamespace(
        strength=found["S4-F05"].strength,
        n_comparisons=number(len(adjusted)),
        n_clear=in_words(len(clear), up_to=9, zero="none"),
        difference=fmt(abs(big["difference"])),
        direction="higher" if big["difference"] > 0 else "lower",
        scale=scales[big["scale"]].lower(),
        arrangement=lower_first(labels[big["arrangement"]]),
        interval=f"{fmt(big['low'])} to {fmt(big['high'])}",
    )
    return out


def prepare(res: Results) -> SimpleNamespace:
    """Every value the report's Markdown reads, as text.

    Parameters
    ----------
    res : Results
        From :func:`csrr.strand4.report.run`.

    Returns
    -------
    types.SimpleNamespace
        Strings only; one namespace per scale (``quality``, ``multiagency``,
        ``change``, ``barriers``) and per key finding (``f1`` to ``f5``).
    """
    prep, release, params = res.prep, res.release, res.params
    q = prep.questionnaire
    threshold = params["disclosure_threshold"]
    labels = prep.arrangement_labels()
    prof = release.profile
    role = prof["role"].published().iloc[:-1, 0].dropna()
    big_role, small_role = role.idxmax(), role.idxmin()
    sector_share = prof["sector"].shares("columns").iloc[:-1, 0]
    area = prof["area"].published().iloc[:-1, 0]
    islands = [c for c, r in councils.REGIONS.items() if r == "Islands"]
    per_council = prep.arrangements.groupby("arrangement")["council_code"].nunique()
    uncompared = [c for c in labels if c not in res.compared]
    summary = release.suppression_summary()
    checked = res.checked or {"outputs": []}
    statuses = sorted({o.status for o in checked["outputs"]})
    v = SimpleNamespace(
        n=f"{prep.n:,}",
        received=f"{prep.received:,}",
        incomplete=sdc.safe_count(prep.incomplete, threshold),
        excluded=sdc.safe_count(prep.excluded, threshold),
        n_councils=str(len(councils.CODES)),
        n_items=str(len(q.items)),
        n_scales=number(len(q.scales)),
        n_reversed=number(sum(i.reverse for i in q.items)),
        answer_low=q.responses[min(q.responses)].lower(),
        answer_high=q.responses[max(q.responses)].lower(),
        partial_min=percent(params["partial_min_share"] * 100),
        scale_min=percent(params["scale_min_share"] * 100),
        alpha_flag=f"{params['alpha_flag']:g}",
        level=percent(params["confidence_level"] * 100),
        threshold=str(threshold),
        suppressed=sdc.SUPPRESSED,
        min_councils=number(params["min_councils"]),
        n_islands=number(len(islands)),
        islands_n=f"{int(area['Islands']):,}" if "Islands" in area.index else sdc.SUPPRESSED,
        big_role=big_role,
        big_role_n=f"{int(role[big_role]):,}",
        small_role=lower_first(small_role),
        small_role_n=f"{int(role[small_role]):,}",
        third_share=percent(sector_share[q.labels("sector")["third"]]),
        reference=lower_first(labels[params["reference_arrangement"]]),
        n_compared=number(len(res.compared)),
        uncompared=join(lower_first(labels[c]) for c in uncompared),
        uncompared_councils=join(number(per_council.get(c, 0)) for c in uncompared),
        n_arrangement_councils=str(prep.arrangements["council_code"].nunique()),
        hidden=number(int(summary["primary"].sum())),
        protecting=number(int(summary["secondary"].sum())),
        n_tables=number(len(summary)),
        n_checked=number(len(checked["outputs"])),
        acro_verdicts=join(statuses),
    )
    for scale_id in SCALES:
        setattr(v, scale_id, _scale(res, scale_id))
    v.__dict__.update(vars(_finding_values(res)))
    return v


def wording_problems(res: Results) -> list[str]:
    """Where the results no longer match what the report's sentences say about them.

    Each entry names the sentence's claim, so the Markdown can be revised;
    an empty list means the text holds.
    """
    problems = []
    rel = res.reliability.set_index("scale")
    flagged = sorted(rel.index[rel["flagged"]])
    if flagged != ["barriers"]:
        problems.append(
            f"the text says only the barriers scale is below the reliability threshold "
            f"(below it: {', '.join(flagged) or 'none'})"
        )
    collapsed = sorted(k for k, lik in res.release.likert.items() if lik.collapsed)
    if collapsed != ["barriers"]:
        problems.append(
            "the text says only the barriers chart combines strongly and plain answers "
            f"(combined: {', '.join(collapsed)})"
        )
    if any(lik.omitted for lik in res.release.likert.values()):
        problems.append("the text says every statement is shown in the chart")
    if res.release.area_level != "region":
        problems.append("the text says respondents are shown by region, not council")
    labels = res.prep.arrangement_labels()
    uncompared = [c for c in labels if c not in res.compared]
    if len(uncompared) != 1:
        problems.append("the text says exactly one arrangement was too small to compare")
    found = {f.id: f for f in res.findings}
    expected_titles = {
        "S4-F01": "Most staff view the help their services give positively, but few see it "
        "arriving early",
        "S4-F03": "Confidence that change will make a difference is low",
        "S4-F05": "Views differed little between integration arrangements",
    }
    for fid, title in expected_titles.items():
        if found[fid].title != title:
            problems.append(
                f"the key finding {fid} is headed {title!r}, the registry says "
                f"{found[fid].title!r}"
            )
    codes = list(res.prep.questionnaire.labels("sector"))
    bar = res.release.barriers
    gap = (bar[f"pct_{codes[1]}"] - bar[f"pct_{codes[0]}"]).dropna()
    if not len(gap) or gap.abs().max() < 10:
        problems.append("the text says one barrier differs by 10 points or more between sectors")
    return problems


def check_wording(res: Results) -> None:
    """Stop the build when the report's sentences no longer match the results."""
    problems = wording_problems(res)
    if problems:
        raise CsrrError(
            "strand 4: the report's text no longer matches the results; revise the Markdown "
            "in strands/strand4_workforce_survey.ipynb: " + "; ".join(problems)
        )
