"""The values the strand 1 report's sentences read, formatted for reading.

The report's words are in the notebook's Markdown cells; every number or
name in them comes from here, through an inline expression such as
`` `{python} v.n_studies` ``. Each value is a string already formatted as the
sentence needs it ("2,315", "36%", "2 March 2026", "six"); a value that must
be Markdown (a citation built from the data) is made with
:func:`csrr.display.md`.
"""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from csrr.display import md
from csrr.findings import STRENGTHS, Finding
from csrr.strand1.analysis import POSITIVE, Rating, adult_services, rate
from csrr.strand1.config import Settings
from csrr.strand1.data import DIRECTIONS, DOMAINS, Review
from csrr.strand1.report import (
    cite,
    country,
    design_words,
    join,
    long_date,
    lower_first,
    pct,
    ranked,
    words,
)


def _attr(model_id: str) -> str:
    """A model id as an attribute name: ``key-worker`` -> ``key_worker``."""
    return model_id.replace("-", "_")


def _names(names: list[str]) -> str:
    """Model names joined for a sentence: "A", "A and B", "A, and B" when a name has "and"."""
    if len(names) < 2:
        return join(names)
    if any(" and " in n for n in names):
        return ", ".join(names[:-1]) + ", and " + names[-1]
    return join(names)


def _group(ids: list[str], strengths: pd.DataFrame, settings: Settings) -> SimpleNamespace:
    """The models rated at one level, and the counts their ratings rest on, summed."""
    rows = strengths.loc[ids]
    studies, positive = int(rows["studies"].sum()), int(rows["positive"].sum())
    high = int(rows["positive_high"].sum())
    return SimpleNamespace(
        names=_names([lower_first(settings.model(m).name) for m in ids]),
        studies=words(studies),
        positive_high="none" if high == 0 else words(high),
        share=pct(positive / studies if studies else 0.0),
    )


def _model(model_id: str, table: pd.DataFrame, strengths: pd.DataFrame) -> SimpleNamespace:
    """What the report says about one model: its studies, where, how and what they found."""
    mine = table[table["integration_model"] == model_id].sort_values(["year", "citation_key"])
    row = strengths.loc[model_id]
    n, high = len(mine), int(row["high_quality"])
    directions = mine["direction"].value_counts()
    return SimpleNamespace(
        studies=f"{words(n).capitalize()} {'study' if n == 1 else 'studies'}",
        cite=md(cite(list(mine["citation_key"]))) if n else "",
        countries=join([country(c) for c in ranked(mine["country"]).index]),
        first_year=str(mine["year"].min()) if n else "",
        last_year=str(mine["year"].max()) if n else "",
        designs=join([design_words(d, k) for d, k in ranked(mine["study_design"]).items()]),
        high="none" if high == 0 else words(high),
        populations=join(sorted({p[:1].lower() + p[1:] for p in mine["population"]})),
        directions=join([f"{int(directions[d])} {d}" for d in DIRECTIONS if d in directions]),
        strength=str(row["strength"]),
    )


def _domain(rating: Rating) -> SimpleNamespace:
    return SimpleNamespace(
        studies=str(rating.studies), share=pct(rating.positive_share), strength=rating.strength
    )


def prepare(
    review: Review,
    table: pd.DataFrame,
    strengths: pd.DataFrame,
    findings: list[Finding],
    settings: Settings,
) -> SimpleNamespace:
    """Every value the report's Markdown reads.

    Parameters
    ----------
    review : Review
        The loaded inputs (search log and PRISMA counts).
    table : pandas.DataFrame
        From :func:`csrr.strand1.analysis.study_table`.
    strengths : pandas.DataFrame
        From :func:`csrr.strand1.analysis.strength_table`.
    findings : list of Finding
        From :func:`csrr.strand1.analysis.findings` (their strengths).
    settings : Settings
        Search period, models and the rule.

    Returns
    -------
    types.SimpleNamespace
        Strings for the sentences: counts (``n_studies``), shares
        (``share_positive``), dates, names; ``model.<id>`` per model (id with
        ``_`` for ``-``), ``domain.<domain>`` per outcome domain,
        ``rated.<level>`` per strength level and ``finding.f01`` ... the
        findings' strengths.
    """
    c = review.counts
    rule = settings.rule
    n = len(table)
    overall = rate(table, rule)
    quality = table["quality_rating"].value_counts()
    countries = ranked(table["country"])
    top_country = countries.index[0]
    designs = ranked(table["study_design"])
    trials = int(designs.get("Randomised controlled trial", 0))
    dates = review.search_log["date_searched"]
    top_reason = max(c.excluded_reasons, key=c.excluded_reasons.get)

    # The models with the strongest and the weakest ratings (ties together).
    rated_models = strengths[strengths["studies"] > 0]
    best = min(rated_models["strength"], key=STRENGTHS.index)
    worst = max(rated_models["strength"], key=STRENGTHS.index)
    best_ids = [m for m in rated_models.index if rated_models.loc[m, "strength"] == best]
    worst_ids = [m for m in rated_models.index if rated_models.loc[m, "strength"] == worst]
    best_studies = table[
        table["integration_model"].isin(best_ids)
        & (table["direction"] == POSITIVE)
        & (table["quality_rating"] == "high")
    ].sort_values(["year", "citation_key"])

    # The studies the strong and moderate ratings rest on, cited by model.
    key = []
    for model in settings.models:
        if strengths.loc[model.id, "strength"] not in ("strong", "moderate"):
            continue
        mine = table[
            (table["integration_model"] == model.id)
            & (table["direction"] == POSITIVE)
            & table["quality_rating"].isin(["high", "moderate"])
        ].sort_values(["year", "citation_key"])
        if len(mine):
            key.append(f"{lower_first(model.name)} {cite(list(mine['citation_key']))}")

    domains = {d: rate(table, rule, d) for d in DOMAINS}
    measured = {d: r for d, r in domains.items() if r.studies}
    top = max(measured, key=lambda d: measured[d].positive_share)
    low = min(measured, key=lambda d: measured[d].positive_share)

    adult = adult_services(table)
    with_adult, without = rate(table[adult], rule), rate(table[~adult], rule)
    adult_models = ranked(table[adult]["integration_model"])

    thin = [m for m in settings.model_ids if 0 < strengths.loc[m, "studies"] <= 3]
    busiest = strengths["studies"].idxmax()

    return SimpleNamespace(
        # The search and the flow of records.
        n_databases=words(len(c.by_database)),
        first_search=long_date(dates.min()),
        last_search=long_date(dates.max()),
        start_year=str(settings.search_start_year),
        end_year=str(settings.search_end_year),
        classification_year=str(settings.income_classification_year),
        n_eligible_countries=str(len(settings.high_income_countries)),
        n_concepts=words(len(settings.search_concepts)),
        exclusion_reasons=join([r.lower() for r in settings.exclusion_reasons]),
        identified=f"{c.identified:,}",
        duplicates=f"{c.duplicates:,}",
        screened=f"{c.screened:,}",
        excluded_screening=f"{c.excluded_screening:,}",
        sought=f"{c.sought:,}",
        not_retrieved=words(c.not_retrieved),
        assessed=f"{c.assessed:,}",
        excluded_full_text=f"{c.excluded_full_text:,}",
        top_reason=top_reason.lower(),
        top_reason_n=f"{c.excluded_reasons[top_reason]:,}",
        included=f"{c.included:,}",
        # Appraisal and the rule.
        tool=settings.appraisal_tool,
        rating_high=settings.appraisal_ratings.get("high", ""),
        rating_moderate=settings.appraisal_ratings.get("moderate", ""),
        rating_low=settings.appraisal_ratings.get("low", ""),
        direction_share=pct(rule.study_direction_share),
        # The included studies.
        n_studies=str(n),
        n_models=words(int(table["integration_model"].nunique())),
        n_countries=words(len(countries)),
        n_other_countries=words(len(countries) - 1),
        first_year=str(table["year"].min()),
        last_year=str(table["year"].max()),
        top_country=country(top_country),
        top_country_n=str(int(countries[top_country])),
        top_country_share=pct(countries[top_country] / n),
        common_designs=join(
            [f"{design_words(d, k).split(' ', 1)[1]} ({k})" for d, k in designs.head(2).items()]
        ),
        n_trials=words(trials),
        n_high=str(int(quality.get("high", 0))),
        n_moderate=str(int(quality.get("moderate", 0))),
        n_low=str(int(quality.get("low", 0))),
        n_positive=str(overall.positive),
        share_positive=pct(overall.positive_share),
        busiest=lower_first(settings.model(busiest).name),
        busiest_n=words(int(strengths.loc[busiest, "studies"])),
        # Strength of evidence.
        strongest=_group(best_ids, strengths, settings),
        strongest_cite=md(cite(list(best_studies["citation_key"]))) if len(best_studies) else "",
        weakest=_group(worst_ids, strengths, settings),
        rated=SimpleNamespace(
            **{
                level: join(
                    [
                        lower_first(settings.model(m).short)
                        for m in settings.model_ids
                        if strengths.loc[m, "strength"] == level
                    ]
                )
                or "no model"
                for level in STRENGTHS
            }
        ),
        key_studies=md("; ".join(key)) if key else "none",
        thin=join([lower_first(settings.model(m).short) for m in thin]) or "no model",
        # Outcome domains.
        domain=SimpleNamespace(**{d: _domain(r) for d, r in domains.items()}),
        top_domain=top,
        low_domain=low,
        top=_domain(measured[top]),
        low=_domain(measured[low]),
        # Integration with adult services.
        adult_studies=str(with_adult.studies),
        adult_share=pct(with_adult.positive_share),
        # How often they reported a positive direction, beside the other studies.
        adult_compare=(
            "less often than"
            if with_adult.positive_share < without.positive_share
            else "more often than"
            if with_adult.positive_share > without.positive_share
            else "as often as"
        ),
        adult_strength=with_adult.strength,
        adult_models=join(
            [
                f"{lower_first(settings.model(m).short)} ({int(k)})"
                for m, k in adult_models.head(3).items()
            ]
        ),
        other_studies=str(without.studies),
        other_share=pct(without.positive_share),
        other_strength=without.strength,
        # Per model, and the findings' strengths.
        model=SimpleNamespace(
            **{_attr(m.id): _model(m.id, table, strengths) for m in settings.models}
        ),
        finding=SimpleNamespace(**{f"f{f.id[-2:]}": f.strength for f in findings}),
    )
