"""The values the strand 5 report's sentences read, formatted for reading.

The report's text is in the notebook's Markdown cells; its numbers come in
through inline expressions such as `` `{python} v.t1.sessions` ``. Every
value here is a string, already as the reader sees it ("79%",
"10 February 2026", "eight"), so the expressions stay plain names.

Counts of people written in prose obey the disclosure threshold
(:func:`csrr.sdc.safe_count`) where they describe a group smaller than the
study (the third-sector participants); totals of the design (sessions,
participants) are facts of the study, as the methods say.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pandas as pd

from csrr import sdc
from csrr.display import in_words
from csrr.findings import Finding
from csrr.reports import NOTEBOOKS
from csrr.strand5 import analysis
from csrr.strand5.data import SECTORS, Strand5Data


def number(n: int) -> str:
    """A count in running text: words up to nine, digits above ("eight", "12", "1,204")."""
    return in_words(int(n), up_to=9)


def percent(value: float) -> str:
    """A whole percentage: ``79%``."""
    return f"{round(value)}%"


def _name(code: str) -> str:
    """Attribute name of a theme code: ``T1`` -> ``t1``."""
    return re.sub(r"\W", "_", code.lower())


def explored_text(data: Strand5Data, fids) -> str:
    """The earlier findings a theme explored, by id, strand and title."""
    return analysis._join(
        [
            f"{fid} ({NOTEBOOKS[data.explored[fid]['strand']].label.lower()}: "
            f"\u201c{data.explored[fid]['title']}\u201d)"
            for fid in fids
        ]
    )


def theme_values(
    data: Strand5Data, theme, finding: Finding, prev: pd.DataFrame
) -> SimpleNamespace:
    """One theme's numbers: ``v.t1.sessions``, ``v.t1.s2.participants``, ...

    Sub-themes are ``s1``, ``s2``, ... in codebook order (``T1.2`` is ``s2``).
    """
    row = prev.set_index("code").loc[theme.code]
    subs = analysis.subtheme_prevalence(data, theme)
    out = SimpleNamespace(
        id=finding.id,
        name=theme.name,
        strength=finding.strength,
        sessions=number(row["sessions"]),
        sessions_pct=percent(row["sessions_pct"]),
        participants=number(row["participants"]),
        participants_pct=percent(row["participants_pct"]),
        segments=number(row["segments"]),
        focus_groups=number(row["focus_groups"]),
        interviews=number(row["interviews"]),
        explored=explored_text(data, theme.explores),
    )
    for position, (_, sub) in enumerate(subs.iterrows(), start=1):
        setattr(
            out,
            f"s{position}",
            SimpleNamespace(
                name=sub["name"],
                sessions=number(sub["sessions"]),
                participants=number(sub["participants"]),
                segments=number(sub["segments"]),
            ),
        )
    return out


def _unpaired(matrix: pd.DataFrame) -> int:
    """Pairs of different themes no segment was coded to both of."""
    n = len(matrix)
    return sum(int(matrix.iat[i, j] == 0) for i in range(n) for j in range(i))


def _ranked(prev: pd.DataFrame, ascending: bool) -> pd.Series:
    order = prev.sort_values(["sessions", "participants"], ascending=ascending, kind="stable")
    return order.iloc[0]


def prepare(
    data: Strand5Data,
    prev: pd.DataFrame,
    matrix: pd.DataFrame,
    found: list[Finding],
    profile: dict[str, sdc.ProtectedTable],
    *,
    explored_strands: list[str],
    threshold: int,
    quotes_per_theme: int,
    quote_min_words: int,
    quote_max_words: int,
    strength_rule: dict[str, float],
) -> SimpleNamespace:
    """Every value the report's Markdown reads, as text.

    Parameters
    ----------
    data : Strand5Data
        The loaded inputs (excerpts already approved and redacted).
    prev, matrix : pandas.DataFrame
        From :func:`csrr.strand5.analysis.prevalence` and
        :func:`~csrr.strand5.analysis.cooccurrence`.
    found : list of Finding
        The strand's findings, one per theme in codebook order.
    profile : dict
        From :func:`csrr.strand5.analysis.participant_profile`.
    explored_strands, threshold, quotes_per_theme, quote_min_words, quote_max_words,
    strength_rule
        The notebook's parameters of the same names (``threshold`` is
        ``disclosure_threshold``).

    Returns
    -------
    types.SimpleNamespace
        Strings only; one namespace per theme (``t1``, ``t2``, ...).
    """
    sessions, people, segments = data.sessions, data.participants, data.segments
    groups = sessions[sessions["mode"] == "focus group"]
    in_groups = int(groups["participants"].sum())
    withheld = int((~segments["approved"]).sum())
    themes = data.codebook.themes
    names = {t.code: t.name for t in themes}
    top, low = _ranked(prev, False), _ranked(prev, True)
    explored = analysis.explored_table(data)
    rule = strength_rule
    strengths = [f.strength for f in found]
    v = SimpleNamespace(
        n_sessions=number(len(sessions)),
        n_groups=number(len(groups)),
        n_interviews=number(len(sessions) - len(groups)),
        n_people=number(len(people)),
        n_in_groups=number(in_groups),
        n_in_interviews=number(len(people) - in_groups),
        group_min=number(groups["participants"].min()) if len(groups) else "0",
        group_max=number(groups["participants"].max()) if len(groups) else "0",
        first_held=analysis.fmt_date(sessions["date"].min()),
        last_held=analysis.fmt_date(sessions["date"].max()),
        interview_format=analysis.interview_format(data) or "not held",
        interviewees=(
            "mostly with team leaders and senior or strategic leaders"
            if analysis.interviews_mostly_leaders(data)
            else "with people in every role group"
        ),
        explored_strands=" and ".join(
            f"{NOTEBOOKS[s].label.lower()} ({analysis.strand_title(data, s)})"
            for s in explored_strands
        ),
        n_explored=number(int(explored["Explored in themes"].notna().sum())),
        n_earlier=number(len(explored)),
        n_themes=number(len(themes)),
        n_subthemes=number(sum(len(t.subthemes) for t in themes)),
        n_segments=number(len(segments)),
        n_multi=number(analysis.multi_coded(data)),
        n_approved=number(len(segments) - withheld),
        n_withheld=number(withheld),
        n_redacted_people=number(data.redactions.get("people", 0)),
        n_redacted_places=number(data.redactions.get("places", 0)),
        n_redacted_organisations=number(data.redactions.get("organisations", 0)),
        n_redacted_contacts=number(data.redactions.get("contacts", 0)),
        n_redacted_quotes=number(data.redacted_quotes),
        quotes_per_theme=number(quotes_per_theme),
        quote_min_words=number(quote_min_words),
        quote_max_words=number(quote_max_words),
        rule_strong=percent(100 * rule["strong"]),
        rule_moderate=percent(100 * rule["moderate"]),
        rule_emerging=percent(100 * rule["emerging"]),
        n_strong=number(strengths.count("strong")),
        n_moderate=number(strengths.count("moderate")),
        n_emerging=number(strengths.count("emerging")),
        n_limited=number(strengths.count("limited")),
        threshold=number(threshold),
        n_suppressed=number(analysis.suppressed_cells(profile)),
        n_third=sdc.safe_count(int((people["sector"] == SECTORS[1]).sum()), threshold),
        top=SimpleNamespace(
            name=top["name"],
            sessions=number(top["sessions"]),
            sessions_pct=percent(top["sessions_pct"]),
            participants=number(top["participants"]),
        ),
        low=SimpleNamespace(
            name=low["name"],
            sessions=number(low["sessions"]),
            sessions_pct=percent(low["sessions_pct"]),
        ),
        n_pairs=number(len(themes) * (len(themes) - 1) // 2),
        n_unpaired=number(_unpaired(matrix)),
        pairs="; ".join(
            f"{names[a]} with {names[b]} ({number(n)} segment{'s' if n != 1 else ''})"
            for a, b, n in analysis.top_pairs(matrix, 3)
        ),
    )
    for theme, finding in zip(themes, found, strict=True):
        setattr(v, _name(theme.code), theme_values(data, theme, finding, prev))
    return v
