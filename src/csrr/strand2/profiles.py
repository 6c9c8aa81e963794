"""Case profiles written from the structured case data (full report only).

Each profile is Markdown: a level-2 heading with a section id
(``sec-case-<id>``), the overview, and short paragraphs and lists built from
the case file, citing its sources with pandoc citations (``[@key]``) so that
the bibliography at the end of the report lists them. No fact in a profile
is typed in the notebook: every number and name comes from the case file.
"""

from __future__ import annotations

from datetime import date

from csrr.strand2.analysis import (
    LEVEL_ADVERBS,
    join_words,
    lower_first,
    millions,
    number_word,
    percent,
)
from csrr.strand2.data import (
    EVENT_KINDS,
    FUNDING_MODELS,
    INTEGRATION_FORMS,
    REFORM_BODIES,
    SERVICES,
    Case,
    CaseStudies,
)

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def section_id(case: Case) -> str:
    """Section id of a case's profile: ``sec-case-country-a``."""
    return f"sec-case-{case.id}"


def cite(*keys: str | None) -> str:
    """A pandoc citation of the given keys (``[@a; @b]``), or nothing."""
    shown = [k for k in keys if k]
    return f" [{'; '.join('@' + k for k in shown)}]" if shown else ""


def with_cite(text: str, *keys: str | None) -> str:
    """Text with a citation placed before its closing full stop (``... 2019 [@a].``)."""
    text = text.rstrip()
    if text.endswith("."):
        return text[:-1] + cite(*keys) + "."
    return text + cite(*keys)


def long_date(iso: str) -> str:
    """``2013-04-01`` as ``1 April 2013`` (the house style for dates in prose)."""
    day = date.fromisoformat(iso)
    # Month names from a fixed list, not the locale, so every machine agrees.
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def governance_sentences(case: Case) -> str:
    """One sentence per service: the level that governs it and the level that delivers it."""
    sentences = []
    for service in SERVICES:
        entry = next(g for g in case.governance if g.service == service)
        if entry.governs == entry.delivers:
            how = f"governed and delivered {LEVEL_ADVERBS[entry.governs]}"
        else:
            how = (
                f"governed {LEVEL_ADVERBS[entry.governs]} and delivered "
                f"{LEVEL_ADVERBS[entry.delivers]}"
            )
        sentence = f"{SERVICES[service]} {'are' if service.endswith('s') else 'is'} {how}."
        if entry.note:
            sentence += f" {entry.note}"
        sentences.append(sentence)
    return " ".join(sentences)


def _coded_list(case: Case, data: CaseStudies, kind: str) -> str:
    items = case.enablers if kind == "enabler" else case.barriers
    if not items:
        return f"No {kind}s were coded.\n"
    return (
        "\n".join(
            f"- **{data.theme(c.theme).label}** ({c.theme}): {with_cite(c.evidence, c.source)}"
            for c in items
        )
        + "\n"
    )


def _timeline_list(case: Case) -> str:
    return (
        "\n".join(
            f"- {e.year} ({lower_first(EVENT_KINDS[e.kind])}): {with_cite(e.event, e.source)}"
            for e in case.timeline
        )
        + "\n"
    )


def country_profile(case: Case, data: CaseStudies) -> str:
    """The profile of a country case, as Markdown.

    Parameters
    ----------
    case : Case
        A case of kind ``country``.
    data : CaseStudies
        All cases (for theme labels).

    Returns
    -------
    str
        Markdown starting with a level-2 heading.
    """
    units = case.units or {}
    people = (
        f"{case.name} has a population of about {millions(case.population)} "
        f"({case.population_year}), {percent(case.children, case.population)} of them aged "
        f"under 18. "
    )
    if units.get("regional"):
        people += (
            f"It has {number_word(units['regional'])} regional bodies and "
            f"{number_word(units['local'])} local ones. "
        )
    else:
        people += f"It has {number_word(units['local'])} local government bodies. "
    funding = (
        f"Funding model: {lower_first(FUNDING_MODELS[case.funding_model])}. "
        f"{case.funding_description}"
    )
    arrangements = "\n".join(
        f"- **{a.name}** ({lower_first(INTEGRATION_FORMS[a.form])} at {a.level} level, since "
        f"{a.since}; joins {join_words([lower_first(SERVICES[s]) for s in a.services])}): "
        f"{a.description}"
        for a in sorted(case.integration, key=lambda a: a.since)
    )
    return "\n".join(
        [
            f"## {case.name} {{#{section_id(case)}}}",
            "",
            with_cite(case.overview, *case.sources),
            "",
            people + funding,
            "",
            "**Governance and delivery.** " + governance_sentences(case),
            "",
            "**Integration arrangements.**",
            "",
            arrangements or "No formal arrangement joins services.",
            "",
            "**Reform timeline.**",
            "",
            _timeline_list(case),
            "**Enablers.**",
            "",
            _coded_list(case, data, "enabler"),
            "**Barriers.**",
            "",
            _coded_list(case, data, "barrier"),
        ]
    )


def reform_facts(case: Case, *, citations: bool = True) -> str:
    """The reform case's structured facts as one paragraph (shared by profile and summary).

    Parameters
    ----------
    case : Case
        The reform case.
    citations : bool
        Whether to cite the Act (the summary has no reference list, so it
        cites nothing).
    """
    reform = case.reform
    replaced = [
        f"{s.new_body} replaced {number_word(s.bodies_before)} {s.level_before} "
        f"{REFORM_BODIES[s.service]}"
        for s in reform.services
    ]
    levels = sorted({s.level_after for s in reform.services})
    return (
        f"The {reform.legislation}"
        f"{cite(reform.legislation_source) if citations else ''} provided for the reform. "
        f"On {long_date(reform.established)}, {join_words(replaced)}, so that each service is "
        f"now run at {join_words(levels)} level."
    )


def reform_profile(case: Case, data: CaseStudies) -> str:
    """The profile of the Scottish reform case, as Markdown."""
    return "\n".join(
        [
            f"## {case.name} {{#{section_id(case)}}}",
            "",
            with_cite(case.overview, *case.sources),
            "",
            reform_facts(case) + f" The population served is about {millions(case.population)} "
            f"({case.population_year}).",
            "",
            "**Reform timeline.**",
            "",
            _timeline_list(case),
            "**Enablers.**",
            "",
            _coded_list(case, data, "enabler"),
            "**Barriers.**",
            "",
            _coded_list(case, data, "barrier"),
        ]
    )


def profile(case: Case, data: CaseStudies) -> str:
    """The profile of any case."""
    return country_profile(case, data) if case.kind == "country" else reform_profile(case, data)
