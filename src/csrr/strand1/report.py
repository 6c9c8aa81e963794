"""Tables and prose the strand 1 notebook displays.

Each function turns analysis results into a reader-ready data frame (for
:func:`csrr.display.table`) or Markdown (for :func:`csrr.display.markdown`),
with every number taken from the data. Citations are written as pandoc
citations (``@key`` / ``[@a; @b]``), which the engine resolves against the
strand's BibTeX file.
"""

from __future__ import annotations

import pandas as pd

from csrr.findings import STRENGTHS
from csrr.strand1.analysis import POSITIVE, adult_services
from csrr.strand1.config import CONDITIONS, EvidenceRule, Level, Settings
from csrr.strand1.data import DESIGNS, DIRECTIONS, DOMAINS, QUALITY, Review
from csrr.strand1.prisma import PrismaCounts

_NUMBER_WORDS = (
    "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
)  # fmt: skip


def words(n: int) -> str:
    """A count as prose writes it: words up to ten, digits beyond."""
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else f"{n:,}"


def plural(n: int, one: str, many: str | None = None) -> str:
    """``"1 study"``, ``"3 studies"`` (with the count in words up to ten)."""
    return f"{words(n)} {one if n == 1 else (many or one + 's')}"


def design_words(design: str, n: int) -> str:
    """``"3 qualitative studies"``, ``"1 randomised controlled trial"``."""
    name = design[:1].lower() + design[1:]
    if n != 1:
        name = name[:-1] + "ies" if name.endswith("study") else name + "s"
    return f"{words(n)} {name}"


def pct(share: float) -> str:
    """A proportion as a whole percentage."""
    return f"{share * 100:.0f}%"


def join(items: list[str]) -> str:
    """Join as prose: "a", "a and b", "a, b and c"."""
    items = list(items)
    if not items:
        return ""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def cite(keys: list[str]) -> str:
    """A parenthetical pandoc citation of several keys, ``[@a; @b]``."""
    return "[" + "; ".join(f"@{k}" for k in keys) + "]"


def long_date(value) -> str:
    """``2026-03-02`` as ``2 March 2026``."""
    stamp = pd.Timestamp(value)
    return f"{stamp.day} {stamp:%B %Y}"


# --------------------------------------------------------------------------
# Methods
# --------------------------------------------------------------------------


def search_table(review: Review) -> pd.DataFrame:
    """The search log as a table, with a total row."""
    log = review.search_log
    rows = [
        {"Database": db, "Date searched": long_date(date), "Records found": f"{int(n):,}"}
        for db, date, n in zip(
            log["database"], log["date_searched"], log["records_found"], strict=True
        )
    ]
    rows.append(
        {
            "Database": "All databases",
            "Date searched": "",
            "Records found": f"{int(log['records_found'].sum()):,}",
        }
    )
    return pd.DataFrame(rows)


def concepts_table(settings: Settings) -> pd.DataFrame:
    """The search strategy's concept blocks and their terms."""
    return pd.DataFrame(
        [
            {"Concept": concept, "Terms (any of)": ", ".join(terms)}
            for concept, terms in settings.search_concepts
        ]
    )


def search_dates(review: Review) -> tuple[str, str]:
    """First and last date the databases were searched, in words."""
    dates = review.search_log["date_searched"]
    return long_date(dates.min()), long_date(dates.max())


def _condition_words(level: Level) -> list[str]:
    """Each condition of a level, in words."""
    out = []
    for name in CONDITIONS:
        value = getattr(level, name)
        if value is None:
            continue
        if name == "min_studies":
            out.append(f"at least {plural(value, 'study', 'studies')}")
        elif name == "min_positive_high":
            out.append(
                f"at least {plural(value, 'high-quality study', 'high-quality studies')} "
                "with a positive direction of effect"
            )
        elif name == "min_positive_moderate_or_high":
            out.append(
                f"at least {plural(value, 'study', 'studies')} of moderate or high quality "
                "with a positive direction"
            )
        elif name == "min_positive_share":
            out.append(f"at least {pct(value)} of studies with a positive direction")
        elif name == "max_negative":
            out.append(
                "no study with a negative direction"
                if value == 0
                else f"no more than {plural(value, 'study', 'studies')} with a negative direction"
            )
        elif name == "max_negative_share":
            out.append(
                "no study with a negative direction"
                if value == 0
                else f"no more than {pct(value)} of studies with a negative direction"
            )
    return out


def direction_rule_text(rule: EvidenceRule) -> str:
    """How a study's direction of effect is set from its measures, in words."""
    share = pct(rule.study_direction_share)
    return (
        f"A study's direction of effect is *positive* when at least {share} of its measures "
        f"are positive and none is negative, *negative* when at least {share} are negative "
        "and none is positive, *no effect* when every measure shows no effect, and *mixed* "
        "otherwise. The same applies to a study's measures within one outcome domain."
    )


def rule_markdown(rule: EvidenceRule) -> str:
    """The evidence-strength rule as a bullet list, strongest level first."""
    items = [
        f"**{level.strength.capitalize()}**: " + "; ".join(_condition_words(level)) + "."
        for level in rule.levels
    ]
    items.append(
        f"**{rule.otherwise.capitalize()}**: any body of evidence that meets none of the above."
    )
    return "\n".join(f"- {item}" for item in items) + "\n"


# --------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------


def _country(name: str) -> str:
    """A country name inside a sentence ("the United Kingdom", "Norway")."""
    return f"the {name}" if name in ("United Kingdom", "United States", "Netherlands") else name


def _ranked(series: pd.Series) -> pd.Series:
    """Counts of a column, largest first, ties in alphabetical order (stable)."""
    return series.value_counts().sort_index().sort_values(ascending=False, kind="stable")


def prisma_paragraph(counts: PrismaCounts, *, full: bool = True) -> str:
    """The flow of records through the review: a paragraph, or one sentence (no full stop) if not full."""
    top = max(counts.excluded_reasons, key=counts.excluded_reasons.get)
    if not full:
        return (
            f"Of {counts.identified:,} records found, {counts.screened:,} were screened after "
            f"removing duplicates, {counts.assessed:,} full texts were assessed and "
            f"{counts.included:,} studies were included"
        )
    return (
        f"The searches found {counts.identified:,} records across "
        f"{plural(len(counts.by_database), 'database')}. After {counts.duplicates:,} duplicates "
        f"were removed, {counts.screened:,} records were screened on title and abstract and "
        f"{counts.excluded_screening:,} were excluded. Of the {counts.sought:,} full texts "
        f"sought, {counts.not_retrieved:,} could not be retrieved and {counts.assessed:,} were "
        f"assessed against the eligibility criteria; {counts.excluded_full_text:,} were excluded, "
        f"most often for the reason '{top.lower()}' ({counts.excluded_reasons[top]:,}). "
        f"In all, {counts.included:,} studies were included."
    )


def characteristics_paragraph(
    table: pd.DataFrame, settings: Settings, *, full: bool = True
) -> str:
    """Where, when and how the included studies were done, in one paragraph.

    The summary keeps the first sentence (years and countries), without its full stop.
    """
    n = len(table)
    countries = _ranked(table["country"])
    top = countries.index[0]
    where = (
        f"The {n} included studies were published between {table['year'].min()} and "
        f"{table['year'].max()} and took place in {plural(len(countries), 'country', 'countries')}; "
        f"{countries[top]} ({pct(countries[top] / n)}) were from {_country(top)}"
    )
    if not full:
        return where
    designs = _ranked(table["study_design"])
    quality = table["quality_rating"].value_counts()
    trials = int(designs.get("Randomised controlled trial", 0))
    common = join(
        [f"{design_words(d, k).split(' ', 1)[1]} ({k})" for d, k in designs.head(2).items()]
    )
    return (
        f"{where}. The most common designs were "
        f"{common}, and {plural(trials, 'study was a randomised controlled trial', 'studies were randomised controlled trials')}. "
        f"Appraised with the {settings.appraisal_tool}, {int(quality.get('high', 0))} studies were "
        f"rated high quality, {int(quality.get('moderate', 0))} moderate and "
        f"{int(quality.get('low', 0))} low."
    )


def model_sections(table: pd.DataFrame, strengths: pd.DataFrame, settings: Settings) -> str:
    """One subsection per model: what it is, its studies (cited) and their results."""
    blocks = []
    for model in settings.models:
        mine = table[table["integration_model"] == model.id].sort_values(["year", "citation_key"])
        heading = f"## {model.name} {{#sec-model-{model.id}}}"
        if mine.empty:
            blocks.append(
                f"{heading}\n\n{model.description} No included study evaluated this model.\n"
            )
            continue
        row = strengths.loc[model.id]
        where = join([_country(c) for c in _ranked(mine["country"]).index])
        directions = mine["direction"].value_counts()
        split = join([f"{int(directions[d])} {d}" for d in DIRECTIONS if d in directions])
        populations = join(sorted({p[:1].lower() + p[1:] for p in mine["population"]}))
        design_text = join([design_words(d, k) for d, k in _ranked(mine["study_design"]).items()])
        n = len(mine)
        high = int(row["high_quality"])
        rated = (
            "none of them rated high quality"
            if high == 0
            else f"{words(high)} of them rated high quality"
        )
        body = (
            f"{model.description} "
            f"{plural(n, 'study', 'studies').capitalize()} evaluated this model "
            f"{cite(list(mine['citation_key']))}, in {where}, published between "
            f"{mine['year'].min()} and {mine['year'].max()}: {design_text}, {rated}. "
            f"They served {populations}. Overall, the studies' directions of effect "
            f"were {split}. The evidence is rated **{row['strength']}** by the review's rule "
            f"(@tbl-strength)."
        )
        blocks.append(f"{heading}\n\n{body}\n")
    return "\n".join(blocks)


# Relative column widths of the evidence-strength table: wide enough for
# each header word at the PDF's table font.
STRENGTH_WIDTHS = [22, 11, 11, 11, 11, 13, 11, 10]
STRENGTH_ALIGN = "lrrrllll"


def strength_display(
    strengths: pd.DataFrame, settings: Settings, *, short: bool = False
) -> pd.DataFrame:
    """The evidence-strength table as the report shows it.

    Parameters
    ----------
    strengths : pandas.DataFrame
        From :func:`csrr.strand1.analysis.strength_table`.
    settings : Settings
        Models, in table order.
    short : bool
        Use the models' short names (one line per row, for the summary).
    """
    rows = []
    for model in settings.models:
        r = strengths.loc[model.id]
        n = int(r["studies"])
        rows.append(
            {
                "Model": model.short if short else model.name,
                "Studies (high quality)": f"{n} ({int(r['high_quality'])})",
                "Positive": f"{int(r['positive'])} ({pct(r['positive_share'])})" if n else "–",
                "Negative": int(r["negative"]),
                **{d.capitalize(): (r[d] or "–") for d in DOMAINS},
                "Overall": f"**{r['strength']}**",
            }
        )
    return pd.DataFrame(rows)


def map_display(emap: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """The evidence map as a table: studies per model and domain, by direction."""
    rows = []
    for model in settings.models:
        row = {"Model": model.short}
        for domain in DOMAINS:
            cell = emap[(emap["model"] == model.id) & (emap["domain"] == domain)]
            total = int(cell["studies"].sum())
            parts = [
                f"{int(k)} {d}"
                for d, k in zip(cell["direction"], cell["studies"], strict=True)
                if k
            ]
            row[domain.capitalize()] = f"{total} ({', '.join(parts)})" if total else "none"
        rows.append(row)
    return pd.DataFrame(rows)


def design_quality_display(table: pd.DataFrame) -> pd.DataFrame:
    """Included studies by design (rows) and quality rating (columns), with totals."""
    cross = (
        table.groupby(["study_design", "quality_rating"])
        .size()
        .unstack(fill_value=0)
        .reindex(index=list(DESIGNS), columns=list(QUALITY), fill_value=0)
    )
    cross = cross[cross.sum(axis=1) > 0]
    cross["All"] = cross.sum(axis=1)
    cross.loc["All designs"] = cross.sum()
    cross.columns = [c.capitalize() for c in cross.columns]
    return cross.rename_axis("Design").reset_index()


# Relative column widths of the included-studies tables.
INCLUDED_WIDTHS = [18, 12, 15, 11, 33, 11]


def included_display(table: pd.DataFrame, model_id: str) -> pd.DataFrame:
    """The included studies of one model, with their citations, oldest first.

    One table per model rather than one long table: a table is a figure in
    the PDF, and the house Typst style does not let figures break across
    pages, so a table of every study would run off the page.
    """
    rows = table[table["integration_model"] == model_id].sort_values(["year", "citation_key"])
    return pd.DataFrame(
        {
            "Study": [f"@{k}" for k in rows["citation_key"]],
            "Country": rows["country"].tolist(),
            "Design": rows["study_design"].tolist(),
            "Quality": rows["quality_rating"].tolist(),
            "Services integrated": rows["services_integrated"].str.replace(";", ",").tolist(),
            "Direction": rows["direction"].tolist(),
        }
    )


def adult_paragraph(table: pd.DataFrame, settings: Settings) -> str:
    """Integration with adult services compared with children's health services only."""
    adult = adult_services(table)
    a, b = table[adult], table[~adult]
    share = (a["direction"] == POSITIVE).mean() if len(a) else 0.0
    other = (b["direction"] == POSITIVE).mean() if len(b) else 0.0
    models = _ranked(a["integration_model"])
    most = join(
        [f"{_lower(settings.model(m).short)} ({int(k)})" for m, k in models.head(3).items()]
    )
    return (
        f"{plural(len(a), 'study', 'studies').capitalize()} of the {len(table)} joined "
        f"children's services with adult social care or adult health services (adult mental "
        f"health or substance use services), most often in {most}. {pct(share)} of them "
        f"reported a positive overall direction of effect, against {pct(other)} of the "
        f"{len(b)} studies that joined children's services with children's health services only."
    )


def _lower(name: str) -> str:
    return name[:1].lower() + name[1:]


def key_studies(
    table: pd.DataFrame,
    strengths: pd.DataFrame,
    settings: Settings,
    levels: tuple[str, ...] = ("strong", "moderate"),
    qualities: tuple[str, ...] = ("high", "moderate"),
) -> str:
    """The studies the top ratings rest on, cited by model.

    For each model rated at one of ``levels``, the studies of moderate or
    high quality with a positive overall direction: the evidence a reader
    should check first.

    Parameters
    ----------
    table, strengths : pandas.DataFrame
        Study table and strength table from :mod:`csrr.strand1.analysis`.
    settings : Settings
        Models.
    levels : tuple of str
        Ratings whose studies are cited (the summary cites fewer).
    qualities : tuple of str
        Quality ratings of the studies cited.
    """
    parts = []
    for model in settings.models:
        if strengths.loc[model.id, "strength"] not in levels:
            continue
        mine = table[
            (table["integration_model"] == model.id)
            & (table["direction"] == POSITIVE)
            & table["quality_rating"].isin(qualities)
        ].sort_values(["year", "citation_key"])
        if len(mine):
            parts.append(f"{_lower(model.name)} {cite(list(mine['citation_key']))}")
    rated = join(list(levels)).replace(" and ", " or ")
    if not parts:
        return f"No model is rated {rated}."
    quality = join(list(qualities)).replace(" and ", " or ")
    return (
        f"The {join(list(levels))} rating{'s rest' if len(levels) > 1 else ' rests'} on these "
        f"studies of {quality} quality with a positive direction of effect: "
        + "; ".join(parts)
        + "."
    )


def strength_paragraph(strengths: pd.DataFrame, settings: Settings) -> str:
    """How many models the rule rates at each level, and which."""
    parts = []
    for level in STRENGTHS:
        ids = [m for m in settings.model_ids if strengths.loc[m, "strength"] == level]
        if ids:
            names = join([_lower(settings.model(m).short) for m in ids])
            verb = "is" if len(ids) == 1 else "are"
            parts.append(f"{plural(len(ids), 'model')} {verb} rated {level} ({names})")
    return "By this rule, " + "; ".join(parts) + " (@tbl-strength)."


def limitations(
    table: pd.DataFrame,
    strengths: pd.DataFrame,
    settings: Settings,
    counts: PrismaCounts,
    *,
    full: bool = True,
) -> str:
    """What the review cannot tell us, with the numbers behind each caveat.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`csrr.strand1.analysis.study_table`.
    strengths : pandas.DataFrame
        From :func:`csrr.strand1.analysis.strength_table`.
    settings : Settings
        Search period and models.
    counts : PrismaCounts
        The PRISMA counts.
    full : bool
        The full report lists every caveat; the summary gives the main one.
    """
    n = len(table)
    trials = int((table["study_design"] == "Randomised controlled trial").sum())
    thin = [m for m in settings.model_ids if 0 < strengths.loc[m, "studies"] <= 3]
    countries = _ranked(table["country"])
    top = countries.index[0]
    caveats = [
        (
            f"**Designs.** Only {plural(trials, 'study was a randomised controlled trial', 'studies were randomised controlled trials')} "
            f"of {n}; in the others, differences between areas or groups that adopted a model "
            "and those that did not may explain some of the effects reported."
        ),
        (
            "**Direction, not size.** The rule counts the direction of each study's effects; it "
            "does not weigh how large or lasting they were, or how many children they reached."
        ),
        (
            f"**Transferability.** {countries[top]} of the {n} studies ({pct(countries[top] / n)}) "
            f"come from {_country(top)}, and the rest from "
            f"{plural(len(countries) - 1, 'other country', 'other countries')} whose "
            "legislation, funding and services differ from Scotland's."
        ),
    ]
    if thin:
        names = join([_lower(settings.model(m).short) for m in thin])
        caveats.append(
            f"**Few studies.** The ratings of {names} rest on three studies or fewer each: "
            "one new study could change them."
        )
    caveats.append(
        f"**Rapid review methods.** The search covered {plural(len(counts.by_database), 'database')} "
        f"and studies published from {settings.search_start_year} to {settings.search_end_year}; "
        "it did not include grey literature, citation searching or contact with authors, and "
        f"{plural(counts.not_retrieved, 'full text', 'full texts')} could not be retrieved. "
        "Studies that found no effect are less often published, so the evidence may look "
        "more positive than it is."
    )
    if not full:
        # The summary keeps the caveat that bears most on the ratings.
        return caveats[0].split("** ", 1)[1] + " The full report sets out the other limitations."
    return "\n".join(f"- {c}" for c in caveats) + "\n"
