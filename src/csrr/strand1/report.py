"""Tables the strand 1 notebook displays, and the text helpers its values use.

Each table function turns analysis results into a reader-ready data frame
(for :func:`csrr.display.table`), with every number taken from the data. The
report's sentences are in the notebook's Markdown cells; the values they
read are built by :mod:`csrr.strand1.values`. Citations are written as pandoc
citations (``@key`` / ``[@a; @b]``), which the engine resolves against the
strand's BibTeX file.
"""

from __future__ import annotations

import pandas as pd

from csrr.strand1.config import CONDITIONS, EvidenceRule, Level, Settings
from csrr.strand1.data import DESIGNS, DOMAINS, QUALITY, Review

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


def escape_wildcards(term: str) -> str:
    """A search term for a Markdown table cell: its truncation asterisks shown as asterisks.

    >>> escape_wildcards("adolescen*")
    'adolescen\\\\*'
    """
    return term.replace("\\", "\\\\").replace("*", "\\*")


def concepts_table(settings: Settings) -> pd.DataFrame:
    """The search strategy's concept blocks and their terms (asterisks escaped)."""
    return pd.DataFrame(
        [
            {"Concept": concept, "Terms (any of)": ", ".join(map(escape_wildcards, terms))}
            for concept, terms in settings.search_concepts
        ]
    )


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


def rule_table(rule: EvidenceRule) -> pd.DataFrame:
    """The evidence-strength rule as a table: each level and its conditions, strongest first."""
    rows = [
        {
            "Rating": level.strength.capitalize(),
            "Conditions (every one must hold)": "; ".join(_condition_words(level)),
        }
        for level in rule.levels
    ]
    rows.append(
        {
            "Rating": rule.otherwise.capitalize(),
            "Conditions (every one must hold)": "none of the levels above is met",
        }
    )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------


def country(name: str) -> str:
    """A country name inside a sentence ("the United Kingdom", "Norway")."""
    return f"the {name}" if name in ("United Kingdom", "United States", "Netherlands") else name


def ranked(series: pd.Series) -> pd.Series:
    """Counts of a column, largest first, ties in alphabetical order (stable)."""
    return series.value_counts().sort_index().sort_values(ascending=False, kind="stable")


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


def lower_first(name: str) -> str:
    """A name inside a sentence: its first letter in lower case."""
    return name[:1].lower() + name[1:]
