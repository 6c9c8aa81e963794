"""Case profiles built from the structured case files (Annex B of the full report).

A profile is data, not prose: for each case a level-2 heading with a section
id (``sec-case-<id>``), then three captioned tables built from the case file:
the case at a glance (overview, population, government, funding, who governs
and delivers each service, its integration arrangements), its reform
timeline, and the enablers and barriers coded from its sources. Cells cite
the case's sources with pandoc citations (``[@key]``) so that the reference
list of the report includes them. No fact is typed in the notebook.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from csrr.display import captioned_table_markdown
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
    THEME_KINDS,
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


def _levels(governs: str, delivers: str) -> str:
    """``Governed and delivered locally`` or ``Governed nationally, delivered locally``."""
    if governs == delivers:
        return f"Governed and delivered {LEVEL_ADVERBS[governs]}"
    return f"Governed {LEVEL_ADVERBS[governs]}, delivered {LEVEL_ADVERBS[delivers]}"


def glance_table(case: Case) -> pd.DataFrame:
    """One case at a glance: two columns, ``Aspect`` and the case's entry.

    For a country: overview, population, government, funding, one row per
    service (the level that governs it and the level that delivers it, with
    the case's note) and one row per integration arrangement. For the
    reform case: overview, the legislation, what the reform replaced, and
    the population served.
    """
    rows: list[tuple[str, str]] = [("Overview", with_cite(case.overview, *case.sources))]
    if case.kind == "reform":
        reform = case.reform
        rows.append(("Legislation", f"{reform.legislation}{cite(reform.legislation_source)}"))
        rows.append(("Established", long_date(reform.established)))
        for s in reform.services:
            replaced = (
                f"Replaced {number_word(s.bodies_before)} {s.level_before} "
                f"{REFORM_BODIES[s.service]}; now run at {s.level_after} level"
            )
            rows.append((s.new_body[:1].upper() + s.new_body[1:], replaced))
        rows.append(("Population served", f"{millions(case.population)} ({case.population_year})"))
    else:
        units = case.units or {}
        people = (
            f"{millions(case.population)} ({case.population_year}), "
            f"{percent(case.children, case.population)} aged under 18"
        )
        rows.append(("Population", people))
        government = (
            f"{number_word(units['regional'])} regional bodies, "
            f"{number_word(units['local'])} local bodies"
            if units.get("regional")
            else f"{number_word(units.get('local', 0))} local bodies"
        )
        rows.append(("Sub-national government", government[:1].upper() + government[1:]))
        rows.append(
            ("Funding", f"{FUNDING_MODELS[case.funding_model]}. {case.funding_description}")
        )
        for service in SERVICES:
            entry = next(g for g in case.governance if g.service == service)
            text = _levels(entry.governs, entry.delivers) + "."
            if entry.note:
                text += f" {entry.note}"
            rows.append((SERVICES[service], text))
        for a in sorted(case.integration, key=lambda a: a.since):
            joined = join_words([lower_first(SERVICES[s]) for s in a.services])
            text = (
                f"{INTEGRATION_FORMS[a.form]} at {a.level} level since {a.since}, joining "
                f"{joined}. {a.description}"
            )
            rows.append((f"Arrangement: {a.name}", text))
    return pd.DataFrame(rows, columns=["Aspect", case.name])


def timeline_table(case: Case) -> pd.DataFrame:
    """A case's reform events: year, kind and event, with the event's citation."""
    return pd.DataFrame(
        {
            "Year": [str(e.year) for e in case.timeline],
            "Kind": [EVENT_KINDS[e.kind] for e in case.timeline],
            "Event": [with_cite(e.event, e.source) for e in case.timeline],
        }
    )


def coded_table(case: Case, data: CaseStudies) -> pd.DataFrame:
    """The enablers, then the barriers, coded in a case, with their evidence and source."""
    return pd.DataFrame(
        {
            "Code": [c.theme for c in case.coded],
            "Theme": [data.theme(c.theme).label for c in case.coded],
            "Kind": [THEME_KINDS[data.theme(c.theme).kind] for c in case.coded],
            "Evidence": [with_cite(c.evidence, c.source) for c in case.coded],
        }
    )


def profile_markdown(case: Case, data: CaseStudies) -> str:
    """A case's profile as Markdown: its heading and three captioned tables."""
    short = case.id.removeprefix("country-")
    parts = [
        f"## {case.name} {{#{section_id(case)} .unnumbered}}\n",
        captioned_table_markdown(
            glance_table(case),
            f"{case.name}: the case at a glance",
            f"tbl-{short}-glance",
            align="ll",
            widths=[24, 76],
        ),
        captioned_table_markdown(
            timeline_table(case),
            f"{case.name}: reform timeline",
            f"tbl-{short}-timeline",
            align="lll",
            widths=[8, 20, 72],
        ),
        captioned_table_markdown(
            coded_table(case, data),
            f"{case.name}: enablers and barriers coded, with their evidence",
            f"tbl-{short}-coded",
            align="llll",
            widths=[7, 25, 10, 58],
        ),
    ]
    return "\n".join(parts)


def annex_markdown(data: CaseStudies) -> str:
    """Every case's profile, in case order (countries, then the reform case)."""
    return "\n".join(profile_markdown(case, data) for case in data.cases)
