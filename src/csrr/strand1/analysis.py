"""Strand 1 analysis: directions of effect, the evidence map, evidence strength, findings.

The unit of evidence is the study. A study's direction of effect is set from
the measures it reports (overall, and within each outcome domain) by the rule
in params; a body of evidence (a model's studies, or every study measuring
one domain) is then rated strong, moderate, emerging or limited by the
levels of the same rule. Nothing here is typed by hand: the findings' words
and numbers all come from the data and the rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd

from csrr.findings import Finding
from csrr.strand1.config import EvidenceRule, Level, Settings
from csrr.strand1.data import DIRECTIONS, DOMAINS, SERVICE_SEPARATOR, STUDIES_SCHEMA, Review

# Services on the adult side of the review question: joining children's
# services with these is "integration with adult services".
ADULT_SERVICES = ("adult social care", "adult mental health", "substance use services")
POSITIVE, NEGATIVE, NO_EFFECT, MIXED = "positive", "negative", "no effect", "mixed"


def study_direction(directions: Iterable[str], share: float) -> str:
    """The direction of effect of a study (or of its measures in one domain).

    Parameters
    ----------
    directions : iterable of str
        Direction of each measure: positive, no effect, mixed or negative.
    share : float
        Share of the measures that must be positive (or negative), with none
        the other way, to give that direction.

    Returns
    -------
    str
        positive, negative, no effect (every measure shows no effect) or mixed.

    Examples
    --------
    >>> study_direction(["positive", "no effect"], 0.5)
    'positive'
    >>> study_direction(["positive", "negative"], 0.5)
    'mixed'
    """
    values = list(directions)
    if not values:
        raise ValueError("a study needs at least one measure")
    n = len(values)
    pos, neg = values.count(POSITIVE), values.count(NEGATIVE)
    if values.count(NO_EFFECT) == n:
        return NO_EFFECT
    # A share of 0.5 means "at least half": compare counts, not rounded shares.
    if pos and not neg and pos >= share * n - 1e-9:
        return POSITIVE
    if neg and not pos and neg >= share * n - 1e-9:
        return NEGATIVE
    return MIXED


def study_table(review: Review, settings: Settings) -> pd.DataFrame:
    """One row per study with its overall and per-domain direction of effect.

    Returns
    -------
    pandas.DataFrame
        The columns of ``studies.csv`` plus ``direction`` (overall), one
        column per domain (empty when the study did not measure it) and
        ``measures`` (number of measures).
    """
    share = settings.rule.study_direction_share
    out = review.outcomes
    overall = out.groupby("study_id")["direction"].agg(lambda s: study_direction(s, share))
    by_domain = (
        out.groupby(["study_id", "domain"])["direction"]
        .agg(lambda s: study_direction(s, share))
        .unstack("domain")
        .reindex(columns=list(DOMAINS))
    )
    table = review.studies.copy()
    table["direction"] = table["study_id"].map(overall)
    for domain in DOMAINS:
        table[domain] = table["study_id"].map(by_domain[domain])
    table["measures"] = table["study_id"].map(out.groupby("study_id").size()).astype(int)
    return table


@dataclass(frozen=True)
class Rating:
    """A body of evidence rated by the rule, with the counts the rule used."""

    strength: str
    studies: int
    high_quality: int
    positive: int
    positive_high: int
    positive_moderate_or_high: int
    negative: int

    @property
    def positive_share(self) -> float:
        """Share of the studies with a positive direction (0 with no studies)."""
        return self.positive / self.studies if self.studies else 0.0


def _meets(level: Level, r: Rating) -> bool:
    """Whether a body of evidence meets every condition of a level."""
    checks = [
        level.min_studies is None or r.studies >= level.min_studies,
        level.min_positive_high is None or r.positive_high >= level.min_positive_high,
        level.min_positive_moderate_or_high is None
        or r.positive_moderate_or_high >= level.min_positive_moderate_or_high,
        level.min_positive_share is None or r.positive_share >= level.min_positive_share - 1e-9,
        level.max_negative is None or r.negative <= level.max_negative,
        level.max_negative_share is None
        or r.negative <= level.max_negative_share * r.studies + 1e-9,
    ]
    return r.studies > 0 and all(checks)


def rate(evidence: pd.DataFrame, rule: EvidenceRule, direction: str = "direction") -> Rating:
    """Rate a body of evidence by the rule.

    Parameters
    ----------
    evidence : pandas.DataFrame
        One row per study, with ``quality_rating`` and a direction column;
        rows whose direction is missing (study did not measure the domain)
        are left out.
    rule : EvidenceRule
        The rule from params.
    direction : str
        Name of the direction column (``direction`` or a domain).

    Returns
    -------
    Rating
        The strength of the first level met (or ``rule.otherwise``) and the counts.
    """
    rows = evidence[evidence[direction].notna()]
    positive = rows[direction] == POSITIVE
    quality = rows["quality_rating"]
    counts = Rating(
        strength=rule.otherwise,
        studies=len(rows),
        high_quality=int((quality == "high").sum()),
        positive=int(positive.sum()),
        positive_high=int((positive & (quality == "high")).sum()),
        positive_moderate_or_high=int((positive & quality.isin(["high", "moderate"])).sum()),
        negative=int((rows[direction] == NEGATIVE).sum()),
    )
    for level in rule.levels:
        if _meets(level, counts):
            return Rating(**{**asdict(counts), "strength": level.strength})
    return counts


def strength_table(table: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """Evidence strength of each model, overall and in each outcome domain.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`study_table`.
    settings : Settings
        Models (their order) and the rule.

    Returns
    -------
    pandas.DataFrame
        Indexed by model id: ``studies``, ``high_quality``, ``positive``,
        ``positive_high``, ``positive_share``, ``negative``, one rating per
        domain (``services`` ...) and ``strength`` (overall).
    """
    rows = []
    for model in settings.models:
        mine = table[table["integration_model"] == model.id]
        overall = rate(mine, settings.rule)
        row = {
            "model": model.id,
            "studies": overall.studies,
            "high_quality": overall.high_quality,
            "positive": overall.positive,
            "positive_high": overall.positive_high,
            "positive_share": overall.positive_share,
            "negative": overall.negative,
        }
        for domain in DOMAINS:
            row[domain] = (
                rate(mine, settings.rule, domain).strength if mine[domain].notna().any() else None
            )
        row["strength"] = overall.strength
        rows.append(row)
    return pd.DataFrame(rows).set_index("model")


def evidence_map(table: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """Studies by model, outcome domain and direction of effect.

    A study counts once in a cell, with its direction within that domain.

    Returns
    -------
    pandas.DataFrame
        Long form, one row per model x domain x direction (zeros included),
        in params, domain and direction order: ``model``, ``domain``,
        ``direction``, ``studies``.
    """
    long = (
        table[["integration_model", *DOMAINS]]
        .melt(id_vars=["integration_model"], var_name="domain", value_name="direction")
        .dropna(subset=["direction"])
    )
    counts = long.groupby(["integration_model", "domain", "direction"]).size()
    index = pd.MultiIndex.from_product(
        [settings.model_ids, DOMAINS, DIRECTIONS], names=["model", "domain", "direction"]
    )
    counts.index.names = ["model", "domain", "direction"]
    return counts.reindex(index, fill_value=0).rename("studies").reset_index()


def domain_ratings(table: pd.DataFrame, settings: Settings) -> dict[str, Rating]:
    """The rule applied to every study that measured each domain."""
    return {domain: rate(table, settings.rule, domain) for domain in DOMAINS}


def adult_services(table: pd.DataFrame) -> pd.Series:
    """Whether each study joined children's services with adult services."""
    return table["services_integrated"].map(
        lambda text: any(s.strip() in ADULT_SERVICES for s in str(text).split(SERVICE_SEPARATOR))
    )


def _pct(share: float) -> str:
    return f"{share * 100:.0f}%"


def _names(names: list[str]) -> str:
    """Join names as prose: "A", "A and B", "A, B and C"."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _lower(name: str) -> str:
    """A model name inside a sentence (first letter lower case)."""
    return name[:1].lower() + name[1:]


def findings(table: pd.DataFrame, strengths: pd.DataFrame, settings: Settings) -> list[Finding]:
    """The strand's findings, S1-F01 onwards, in the order the report presents them.

    Each finding has a fixed topic, so its id stays stable when the data
    change; its words, numbers and strength come from the data and the rule.

    - S1-F01: the evidence base as a whole (rated by the rule on every study);
    - S1-F02: the model(s) with the strongest evidence;
    - S1-F03: the model(s) with the weakest evidence;
    - S1-F04: which outcome domain improved most and least consistently
      (rated by the rule on the weaker domain);
    - S1-F05: integration with adult services (rated by the rule on those studies).

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`study_table`.
    strengths : pandas.DataFrame
        From :func:`strength_table`.
    settings : Settings
        Models and the rule.

    Returns
    -------
    list of csrr.findings.Finding
    """
    rule = settings.rule
    out: list[Finding] = []

    overall = rate(table, rule)
    n_models = int(table["integration_model"].nunique())
    n_countries = int(table["country"].nunique())
    out.append(
        Finding(
            id="S1-F01",
            title=f"Evidence base: {overall.studies} studies of {n_models} models of integration",
            statement=(
                f"The review included {overall.studies} studies of {n_models} models from "
                f"{n_countries} high-income countries; {overall.high_quality} were rated high "
                f"quality and {overall.positive} ({_pct(overall.positive_share)}) reported a "
                f"positive overall direction of effect."
            ),
            strength=overall.strength,
            elements=["structures"],
            numbers={
                "studies": overall.studies,
                "models": n_models,
                "countries": n_countries,
                "high_quality": overall.high_quality,
                "positive": overall.positive,
                "positive_share": round(overall.positive_share, 4),
            },
            section="sec-studies",
        )
    )

    def model_clause(model_id: str) -> tuple[str, dict[str, float]]:
        row = strengths.loc[model_id]
        high = int(row["positive_high"])
        text = (
            f"{int(row['studies'])} studies, "
            f"{'none' if high == 0 else high} of them high quality with a positive direction, "
            f"{_pct(row['positive_share'])} positive overall"
        )
        nums = {
            f"{model_id}_studies": int(row["studies"]),
            f"{model_id}_positive_high": int(row["positive_high"]),
            f"{model_id}_positive_share": round(float(row["positive_share"]), 4),
        }
        return text, nums

    ranks = {s: i for i, s in enumerate(("strong", "moderate", "emerging", "limited"))}
    rated = strengths[strengths["studies"] > 0]
    best = min(rated["strength"], key=ranks.get)
    worst = max(rated["strength"], key=ranks.get)
    for fid, level, title_word in (("S1-F02", best, "strongest"), ("S1-F03", worst, "weakest")):
        ids = [m for m in rated.index if rated.loc[m, "strength"] == level]
        clauses, numbers = zip(*(model_clause(m) for m in ids), strict=True)
        merged: dict[str, float] = {}
        for nums in numbers:
            merged.update(nums)
        names = [settings.model(m).name for m in ids]
        if len(ids) == 1:
            statement = (
                f"The evidence that {_lower(names[0])} improves services, "
                f"experiences and outcomes is rated {level}: {clauses[0]}."
            )
        elif len(set(clauses)) == 1:
            # Models with the same counts: say them once.
            # "for A, and for B": the models' names contain "and" themselves.
            each = (
                ", ".join(f"for {_lower(n)}" for n in names[:-1])
                + f", and for {_lower(names[-1])}"
            )
            statement = f"The evidence {each} is rated {level}: each has {clauses[0]}."
        else:
            statement = (
                f"The evidence for these {len(ids)} models is rated {level}: "
                + "; ".join(
                    f"{_lower(settings.model(m).name)} ({c})"
                    for m, c in zip(ids, clauses, strict=True)
                )
                + "."
            )
            merged[f"{fid}_models"] = len(ids)
        out.append(
            Finding(
                id=fid,
                title=f"{title_word.capitalize()} evidence: "
                + (
                    _lower(names[0])
                    if len(ids) == 1
                    else _names([_lower(settings.model(m).short) for m in ids])
                ),
                statement=statement,
                strength=level,
                elements=sorted({e for m in ids for e in settings.model(m).elements}),
                numbers=merged,
                section="sec-strength",
            )
        )

    domains = domain_ratings(table, settings)
    measured = {k: v for k, v in domains.items() if v.studies}
    top = max(measured, key=lambda k: measured[k].positive_share)
    low = min(measured, key=lambda k: measured[k].positive_share)
    out.append(
        Finding(
            id="S1-F04",
            title=f"Improvements were more consistent for {top} than for {low}",
            statement=(
                f"Of the {measured[top].studies} studies measuring {top}, "
                f"{_pct(measured[top].positive_share)} reported a positive direction, against "
                f"{_pct(measured[low].positive_share)} of the {measured[low].studies} studies "
                f"measuring {low}."
            ),
            strength=measured[low].strength,
            elements=["local-services", "structures"],
            numbers={
                f"{top}_studies": measured[top].studies,
                f"{top}_positive_share": round(measured[top].positive_share, 4),
                f"{low}_studies": measured[low].studies,
                f"{low}_positive_share": round(measured[low].positive_share, 4),
            },
            section="sec-evidence-map",
        )
    )

    adult = adult_services(table)
    with_adult, without = rate(table[adult], rule), rate(table[~adult], rule)
    out.append(
        Finding(
            id="S1-F05",
            title=f"Joining children's services with adult services: {with_adult.strength} evidence",
            statement=(
                f"{with_adult.studies} of {overall.studies} studies joined children's services "
                f"with adult social care or adult health services, and "
                f"{_pct(with_adult.positive_share)} of them reported a positive direction, "
                f"against {_pct(without.positive_share)} of the {without.studies} joining them "
                f"with children's health services only."
            ),
            strength=with_adult.strength,
            elements=["structures", "relationships"],
            numbers={
                "adult_studies": with_adult.studies,
                "studies": overall.studies,
                "adult_positive_share": round(with_adult.positive_share, 4),
                "other_positive_share": round(without.positive_share, 4),
                "other_studies": without.studies,
            },
            section="sec-adult-services",
        )
    )
    return out


def write_products(
    table: pd.DataFrame, strengths: pd.DataFrame, settings: Settings, output_dir: str | Path
) -> list[Path]:
    """Write the strand's tables for other products (the synthesis, the review site).

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`study_table`.
    strengths : pandas.DataFrame
        From :func:`strength_table`.
    settings : Settings
        Model names.
    output_dir : str or Path
        The run's output folder (lands in ``build/strand1/``).

    Returns
    -------
    list of Path
        ``evidence_strength.csv`` and ``included_studies.csv``.
    """
    out = Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    strength = strengths.reset_index()
    strength.insert(1, "name", [settings.model(m).name for m in strength["model"]])
    strength["positive_share"] = strength["positive_share"].round(4)
    columns = [c.name for c in STUDIES_SCHEMA.columns] + ["direction", *DOMAINS]
    paths = [out / "evidence_strength.csv", out / "included_studies.csv"]
    strength.to_csv(paths[0], index=False, lineterminator="\n")
    table[columns].to_csv(paths[1], index=False, lineterminator="\n")
    return paths
