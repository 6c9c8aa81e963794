"""Cross-case analysis for strand 2, and the strand's findings.

Everything here is computed from the validated case files
(:class:`csrr.strand2.data.CaseStudies`):

- the comparison matrix: which level governs and which delivers each service
  in each country (:func:`governance_frame`, :func:`matrix_table`);
- how children's social care is joined with health, education and adult
  social care (:func:`integration_frame`, :func:`links_table`);
- reform timelines (:func:`timeline_frame`);
- which enablers and barriers are coded in which cases
  (:func:`theme_presence`, :func:`themes_table`), and the *common
  approaches*: themes coded in at least ``threshold`` of the country cases,
  the threshold being ``common_approach_min_countries`` in params;
- the Scottish reform case's themes set against the country cases
  (:func:`reform_lessons`, :func:`reform_overlap`);
- the findings, each with the numbers it rests on (:func:`build_findings`).

Strength of evidence follows one stated rule (:func:`strength_for`): a
pattern seen in at least ``threshold`` country cases is *moderate*, in two
*emerging*, in fewer *limited*. Descriptive findings (how services are
organised and joined), documented for every country, are *moderate*;
lessons from the single reform case are *emerging* at most. Four
documentary case studies show what has been done and what helped or
hindered it, not what works, so no finding of this strand is rated *strong*.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd

from csrr import display
from csrr.findings import Finding, framework_ids
from csrr.strand2.data import (
    EVENT_KINDS,
    INTEGRATION_FORMS,
    LEVELS,
    SERVICES,
    THEME_KINDS,
    Case,
    CaseStudies,
)

CSC = "childrens-social-care"
ROLES = {"governs": "Governs", "delivers": "Delivers"}
# Forms of integration as a noun phrase in a sentence ("through a pooled budget").
FORM_PHRASES = {
    "structural-merger": "a structural merger",
    "joint-governance": "joint governance",
    "pooled-budget": "a pooled budget",
    "multi-agency-team": "a multi-agency team",
    "co-location": "co-location",
    "shared-data": "shared data",
    "duty-to-cooperate": "a duty to co-operate",
}
# Adverbs for prose: "governed nationally, delivered locally".
LEVEL_ADVERBS = {"national": "nationally", "regional": "regionally", "local": "locally"}
# A country's "centralisation" of children's social care is read from the
# level that governs it: these are the levels above local.


# --- Small formatting helpers ---------------------------------------------------------------


def join_words(items: Sequence[str], conjunction: str = "and") -> str:
    """Join items as prose: ``a``, ``a and b``, ``a, b and c``."""
    items = list(items)
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]


def number_word(n: int) -> str:
    """A count as prose writes it: words for zero ("no") to nine, digits above."""
    return display.in_words(n, up_to=9, zero="no")


def count_of(k: int, n: int, noun: str = "countries") -> str:
    """A count out of a total as prose: ``all 4 countries``, ``3 of the 4 countries``."""
    if k == n and n > 2:
        return f"all {n} {noun}"
    if k == n == 2:
        return f"both {noun}"
    if k == 0:
        return f"none of the {n} {noun}"
    return f"{k} of the {n} {noun}"


def lower_first(text: str) -> str:
    """Lower-case the first letter (for a label used mid-sentence)."""
    return text[:1].lower() + text[1:]


def millions(n: int) -> str:
    """A population in millions to one decimal place: ``5.6 million``."""
    return f"{n / 1_000_000:.1f} million"


def percent(part: float, whole: float) -> str:
    """A whole-number percentage: ``21%``."""
    return f"{100 * part / whole:.0f}%"


# --- Strength of evidence --------------------------------------------------------------------


def strength_for(n_countries: int, threshold: int) -> str:
    """Strength of a cross-case pattern, by the strand's stated rule.

    Parameters
    ----------
    n_countries : int
        Country cases in which the pattern is seen.
    threshold : int
        ``common_approach_min_countries`` from params.

    Returns
    -------
    str
        ``moderate`` (at least ``threshold`` countries), ``emerging`` (two)
        or ``limited`` (fewer). Never ``strong``: documentary case studies
        show what was done, not what works.
    """
    if n_countries >= threshold:
        return "moderate"
    if n_countries >= 2:
        return "emerging"
    return "limited"


# --- Comparison matrix -----------------------------------------------------------------------


def governance_frame(data: CaseStudies) -> pd.DataFrame:
    """Who governs and who delivers each service, one row per country, service and role.

    Returns
    -------
    pandas.DataFrame
        Columns ``case``, ``name``, ``service``, ``role`` (governs or
        delivers) and ``level``, in case, service and role order.
    """
    rows = []
    for case in data.countries:
        by_service = {g.service: g for g in case.governance}
        for service in SERVICES:
            entry = by_service[service]
            for role in ROLES:
                rows.append(
                    {
                        "case": case.id,
                        "name": case.name,
                        "service": service,
                        "role": role,
                        "level": getattr(entry, role),
                    }
                )
    return pd.DataFrame(rows, columns=["case", "name", "service", "role", "level"])


def matrix_table(data: CaseStudies) -> pd.DataFrame:
    """The comparison matrix for display: one row per country and role, one column per service."""
    frame = governance_frame(data)
    frame["Level"] = frame["level"].map(LEVELS)
    wide = frame.pivot_table(
        index=["case", "name", "role"], columns="service", values="Level", aggfunc="first"
    )
    wide = wide.reindex(columns=list(SERVICES)).reset_index()
    # Keep the file order of cases and the governs-then-delivers order.
    order = {c.id: i for i, c in enumerate(data.countries)}
    wide["_case"] = wide["case"].map(order)
    wide["_role"] = wide["role"].map(list(ROLES).index)
    wide = wide.sort_values(["_case", "_role"])
    table = pd.DataFrame(
        {
            "Country": wide["name"].to_numpy(),
            "Role": wide["role"].map(ROLES).to_numpy(),
            **{SERVICES[s]: wide[s].to_numpy() for s in SERVICES},
        }
    )
    return table.reset_index(drop=True)


def level_counts(data: CaseStudies, service: str, role: str) -> dict[str, int]:
    """How many countries govern (or deliver) a service at each level, in level order."""
    frame = governance_frame(data)
    chosen = frame[(frame["service"] == service) & (frame["role"] == role)]
    counts = chosen["level"].value_counts()
    return {level: int(counts.get(level, 0)) for level in LEVELS}


def level_gaps(data: CaseStudies, service: str = CSC) -> list[str]:
    """Countries where the level that governs a service is above the level that delivers it."""
    rank = {level: i for i, level in enumerate(LEVELS)}  # national 0 ... local 2
    names = []
    for case in data.countries:
        entry = next(g for g in case.governance if g.service == service)
        if rank[entry.governs] < rank[entry.delivers]:
            names.append(case.name)
    return names


def governed_at(data: CaseStudies, level: str, service: str = CSC) -> list[Case]:
    """Country cases where ``service`` is governed at ``level``."""
    return [
        c
        for c in data.countries
        if next(g for g in c.governance if g.service == service).governs == level
    ]


def level_phrase(counts: dict[str, int], total: int) -> str:
    """Prose for level counts: ``locally in 2 of the 4 countries and regionally in 2``."""
    parts = []
    for level, n in counts.items():
        if n:
            tail = f" of the {total} countries" if not parts else ""
            parts.append(f"{LEVEL_ADVERBS[level]} in {n}{tail}")
    return join_words(parts)


# --- Integration -----------------------------------------------------------------------------


def integration_frame(data: CaseStudies) -> pd.DataFrame:
    """Every integration arrangement of the country cases, one row each.

    Returns
    -------
    pandas.DataFrame
        Columns ``case``, ``name``, ``arrangement``, ``services`` (tuple),
        ``level``, ``form``, ``since``, ``description``; sorted by case and year.
    """
    rows = [
        {
            "case": case.id,
            "name": case.name,
            "arrangement": a.name,
            "services": a.services,
            "level": a.level,
            "form": a.form,
            "since": a.since,
            "description": a.description,
        }
        for case in data.countries
        for a in sorted(case.integration, key=lambda a: a.since)
    ]
    columns = ["case", "name", "arrangement", "services", "level", "form", "since", "description"]
    return pd.DataFrame(rows, columns=columns)


def links(data: CaseStudies) -> pd.DataFrame:
    """Arrangements that join children's social care with each other service.

    Returns
    -------
    pandas.DataFrame
        One row per country, other service and arrangement: ``case``,
        ``name``, ``service``, ``arrangement``, ``level``, ``form``, ``since``.
    """
    frame = integration_frame(data)
    rows = []
    for row in frame.itertuples(index=False):
        if CSC not in row.services:
            continue
        for service in row.services:
            if service != CSC:
                rows.append(
                    {
                        "case": row.case,
                        "name": row.name,
                        "service": service,
                        "arrangement": row.arrangement,
                        "level": row.level,
                        "form": row.form,
                        "since": row.since,
                    }
                )
    columns = ["case", "name", "service", "arrangement", "level", "form", "since"]
    return pd.DataFrame(rows, columns=columns)


def link_counts(data: CaseStudies) -> dict[str, int]:
    """Number of countries with at least one arrangement joining children's social care
    with each other service, in service order."""
    frame = links(data)
    return {
        service: int(frame.loc[frame["service"] == service, "case"].nunique())
        for service in SERVICES
        if service != CSC
    }


def links_table(data: CaseStudies) -> pd.DataFrame:
    """For display: each country's arrangements joining children's social care with the
    other three services (form, level and year), or a dash where there is none."""
    frame = links(data)
    rows = []
    for case in data.countries:
        row = {"Country": case.name}
        for service in SERVICES:
            if service == CSC:
                continue
            mine = frame[(frame["case"] == case.id) & (frame["service"] == service)]
            cells = [
                f"{r.arrangement} ({lower_first(INTEGRATION_FORMS[r.form])}, {r.level}, {r.since})"
                for r in mine.itertuples(index=False)
            ]
            row[SERVICES[service]] = "; ".join(cells) if cells else None
        rows.append(row)
    return pd.DataFrame(rows)


def arrangements_table(data: CaseStudies) -> pd.DataFrame:
    """Every integration arrangement, for display."""
    frame = integration_frame(data)
    return pd.DataFrame(
        {
            "Country": frame["name"],
            "Arrangement": frame["arrangement"],
            "Services joined": [
                join_words([lower_first(SERVICES[s]) for s in services]).capitalize()
                for services in frame["services"]
            ],
            "Form": frame["form"].map(INTEGRATION_FORMS),
            "Level": frame["level"].map(LEVELS),
            "Since": frame["since"].astype(str),
        }
    )


# --- Timelines -------------------------------------------------------------------------------


def timeline_frame(data: CaseStudies, cases: Iterable[Case] | None = None) -> pd.DataFrame:
    """Every reform event, one row each, in case order then date order.

    Returns
    -------
    pandas.DataFrame
        Columns ``case``, ``name``, ``kind`` of case, ``year``, ``event_kind``,
        ``event`` and ``source`` (may be None).
    """
    rows = [
        {
            "case": case.id,
            "name": case.name,
            "kind": case.kind,
            "year": e.year,
            "event_kind": e.kind,
            "event": e.event,
            "source": e.source,
        }
        for case in (cases if cases is not None else data.cases)
        for e in case.timeline
    ]
    columns = ["case", "name", "kind", "year", "event_kind", "event", "source"]
    return pd.DataFrame(rows, columns=columns)


def timeline_table(data: CaseStudies) -> pd.DataFrame:
    """Every reform event for display, with its citation where the case gives one."""
    frame = timeline_frame(data)
    events = [
        e + (f" [@{s}]" if isinstance(s, str) else "")
        for e, s in zip(frame["event"], frame["source"], strict=True)
    ]
    return pd.DataFrame(
        {
            "Case": frame["name"],
            "Year": frame["year"].astype(str),
            "Kind": frame["event_kind"].map(EVENT_KINDS),
            "Event": events,
        }
    )


def timeline_summary(data: CaseStudies) -> dict[str, int]:
    """Counts the timelines rest on (country cases only).

    Returns
    -------
    dict
        ``events``, ``first_year``, ``last_year``, ``countries``,
        ``restructured`` (countries with at least one structural change) and
        ``legislated`` (countries with at least one piece of legislation).
    """
    frame = timeline_frame(data, data.countries)
    by_case = frame.groupby("case")["event_kind"].apply(set)
    return {
        "events": len(frame),
        "first_year": int(frame["year"].min()),
        "last_year": int(frame["year"].max()),
        "countries": len(data.countries),
        "restructured": int(sum("structural" in kinds for kinds in by_case)),
        "legislated": int(sum("legislation" in kinds for kinds in by_case)),
    }


# --- Cross-case themes -----------------------------------------------------------------------


def theme_presence(data: CaseStudies) -> pd.DataFrame:
    """Which themes are coded in which cases.

    Returns
    -------
    pandas.DataFrame
        Indexed by theme code (codebook order), one boolean column per case
        id (countries, then the reform case), plus ``kind``, ``label`` and
        ``countries`` (how many country cases code the theme).
    """
    frame = pd.DataFrame(
        {case.id: [t.code in case.themes for t in data.themes] for case in data.cases},
        index=pd.Index([t.code for t in data.themes], name="code"),
    )
    frame["countries"] = frame[[c.id for c in data.countries]].sum(axis=1).astype(int)
    frame["kind"] = [t.kind for t in data.themes]
    frame["label"] = [t.label for t in data.themes]
    return frame


def common_approaches(data: CaseStudies, threshold: int, kind: str | None = None) -> pd.DataFrame:
    """Themes coded in at least ``threshold`` country cases.

    Parameters
    ----------
    data : CaseStudies
        The cases.
    threshold : int
        ``common_approach_min_countries`` from params.
    kind : {"enabler", "barrier"}, optional
        Only themes of this kind.

    Returns
    -------
    pandas.DataFrame
        The rows of :func:`theme_presence` that pass, most widespread first
        (codebook order among equals).
    """
    presence = theme_presence(data)
    chosen = presence[presence["countries"] >= threshold]
    if kind is not None:
        chosen = chosen[chosen["kind"] == kind]
    # A stable sort keeps codebook order among themes with the same count.
    return chosen.sort_values("countries", ascending=False, kind="stable")


def theme_evidence(data: CaseStudies, code: str) -> list[tuple[str, str, str]]:
    """The evidence for one theme across the country cases.

    Returns
    -------
    list of (str, str, str)
        ``(case name, evidence note, source key)`` for each country that
        codes the theme, in case order.
    """
    return [
        (case.name, c.evidence, c.source)
        for case in data.countries
        for c in case.coded
        if c.theme == code
    ]


def common_evidence_table(data: CaseStudies, threshold: int) -> pd.DataFrame:
    """For display: the evidence for each common enabler and barrier, one row per country.

    Rows follow :func:`common_approaches` (enablers, then barriers, most
    widespread first); the evidence cites its source (``[@key]``).
    """
    rows = []
    for kind in THEME_KINDS:
        for code, row in common_approaches(data, threshold, kind).iterrows():
            for name, note, source in theme_evidence(data, code):
                cited = note.rstrip().removesuffix(".") + (f" [@{source}]." if source else ".")
                rows.append(
                    {
                        "Theme": f"{code} {row['label']}",
                        "Kind": THEME_KINDS[kind],
                        "Country": name,
                        "Evidence": cited,
                    }
                )
    return pd.DataFrame(rows, columns=["Theme", "Kind", "Country", "Evidence"])


def common_counts(data: CaseStudies, threshold: int) -> dict[str, int]:
    """How many enablers and barriers count as common at a given threshold.

    Used to show how much the choice of threshold matters.
    """
    common = common_approaches(data, threshold)
    return {kind: int((common["kind"] == kind).sum()) for kind in THEME_KINDS}


def themes_table(data: CaseStudies, kind: str, threshold: int) -> pd.DataFrame:
    """Cross-case table of one kind of theme, for display.

    One row per theme: code, label, a "Yes" in each case that codes it, the
    number of countries, and whether it is a common approach.
    """
    presence = theme_presence(data)
    presence = presence[presence["kind"] == kind]
    n = len(data.countries)
    table = pd.DataFrame({"Code": presence.index, "Theme": presence["label"].to_numpy()})
    for case in data.cases:
        table[_short_name(case)] = ["Yes" if v else None for v in presence[case.id]]
    table["Countries"] = [f"{v} of {n}" for v in presence["countries"]]
    table["Common"] = ["Yes" if v >= threshold else "No" for v in presence["countries"]]
    return table


def _short_name(case: Case) -> str:
    """Column heading for a case: ``A`` for Country A, ``Scotland`` for the reform case."""
    if case.kind == "reform":
        return case.name.split(":")[0]
    return case.name.removeprefix("Country ").strip()


def codebook_table(data: CaseStudies) -> pd.DataFrame:
    """The codebook for display, with the framework element each theme bears on."""
    from csrr.params import load_yaml
    from csrr.paths import PARAMS_DIR

    names = {
        e["id"]: e["name"] for e in load_yaml(PARAMS_DIR / "synthesis.yml").get("framework", [])
    }
    return pd.DataFrame(
        {
            "Code": [t.code for t in data.themes],
            "Kind": [THEME_KINDS[t.kind] for t in data.themes],
            "Theme": [t.label for t in data.themes],
            "Definition": [t.definition for t in data.themes],
            "Framework element": [names.get(t.element, t.element) for t in data.themes],
        }
    )


# --- The Scottish reform case against the countries -------------------------------------------


def reform_lessons(data: CaseStudies, threshold: int) -> pd.DataFrame:
    """The reform case's coded themes, each set against the country cases.

    Returns
    -------
    pandas.DataFrame
        One row per theme coded in the reform case (enablers then barriers):
        ``code``, ``kind``, ``label``, ``evidence``, ``source``,
        ``countries`` (count), ``names`` (country names coding it) and
        ``common`` (at least ``threshold`` countries).
    """
    presence = theme_presence(data)
    reform = data.reform
    rows = []
    for coded in reform.coded:
        theme = data.theme(coded.theme)
        names = [c.name for c in data.countries if presence.at[coded.theme, c.id]]
        rows.append(
            {
                "code": theme.code,
                "kind": theme.kind,
                "label": theme.label,
                "evidence": coded.evidence,
                "source": coded.source,
                "countries": len(names),
                "names": names,
                "common": len(names) >= threshold,
            }
        )
    return pd.DataFrame(rows)


def reform_lessons_table(data: CaseStudies, threshold: int) -> pd.DataFrame:
    """The reform case's themes against the countries, for display."""
    lessons = reform_lessons(data, threshold)
    n = len(data.countries)
    return pd.DataFrame(
        {
            "Theme": [
                f"{c} {lab}" for c, lab in zip(lessons["code"], lessons["label"], strict=True)
            ],
            "Kind": lessons["kind"].map(THEME_KINDS),
            "Also coded in": [join_words(names) if names else None for names in lessons["names"]],
            "Countries": [f"{v} of {n}" for v in lessons["countries"]],
            "Common": ["Yes" if v else "No" for v in lessons["common"]],
            "Evidence in the Scottish case": [
                e.rstrip().removesuffix(".") + (f" [@{src}]." if src else ".")
                for e, src in zip(lessons["evidence"], lessons["source"], strict=True)
            ],
        }
    )


def reform_overlap(data: CaseStudies) -> pd.DataFrame:
    """How many of the reform case's themes each country shares, with its governance level.

    Returns
    -------
    pandas.DataFrame
        One row per country: ``name``, ``governs`` (level governing
        children's social care), ``shared`` (count), ``of`` (the reform
        case's number of themes) and ``themes`` (codes shared).
    """
    reform_themes = set(data.reform.themes)
    rows = []
    for case in data.countries:
        shared = [code for code in data.reform.themes if code in case.themes]
        governs = next(g.governs for g in case.governance if g.service == CSC)
        rows.append(
            {
                "name": case.name,
                "governs": governs,
                "shared": len(shared),
                "of": len(reform_themes),
                "themes": shared,
            }
        )
    return pd.DataFrame(rows)


def reform_overlap_table(data: CaseStudies) -> pd.DataFrame:
    """:func:`reform_overlap` for display."""
    frame = reform_overlap(data)
    return pd.DataFrame(
        {
            "Country": frame["name"],
            "Children's social care governed": frame["governs"].map(LEVELS),
            "Scottish themes also coded": [
                join_words([f"{c} {lower_first(data.theme(c).label)}" for c in codes]) or None
                for codes in frame["themes"]
            ],
            "Shared": [f"{s} of {o}" for s, o in zip(frame["shared"], frame["of"], strict=True)],
        }
    )


# --- Overview of the cases ------------------------------------------------------------------


def cases_table(data: CaseStudies) -> pd.DataFrame:
    """One row per case: population, share aged under 18, sub-national bodies, funding."""
    from csrr.strand2.data import FUNDING_MODELS

    rows = []
    for case in data.cases:
        rows.append(
            {
                "Case": case.name,
                "Population (millions)": f"{case.population / 1_000_000:.1f}",
                "Year": str(case.population_year),
                "Aged under 18": percent(case.children, case.population)
                if case.children is not None
                else None,
                "Regional bodies": str(case.units["regional"]) if case.units else None,
                "Local bodies": str(case.units["local"]) if case.units else None,
                "Funding model": FUNDING_MODELS.get(case.funding_model)
                if case.funding_model
                else None,
            }
        )
    return pd.DataFrame(rows)


def element_names(codes: Iterable[str], data: CaseStudies) -> list[str]:
    """Names of the framework elements some themes bear on, in framework order."""
    from csrr.params import load_yaml
    from csrr.paths import PARAMS_DIR

    wanted = {data.theme(c).element for c in codes}
    return [
        e["name"]
        for e in load_yaml(PARAMS_DIR / "synthesis.yml").get("framework", [])
        if e["id"] in wanted
    ]


def legislation_to_change(case: Case) -> int | None:
    """Years from a case's first legislation to its first structural change after it.

    Returns None when the timeline has no such pair.
    """
    laws = [e.year for e in case.timeline if e.kind == "legislation"]
    if not laws:
        return None
    changes = [e.year for e in case.timeline if e.kind == "structural" and e.year >= laws[0]]
    return changes[0] - laws[0] if changes else None


# --- Products for other strands --------------------------------------------------------------


def write_products(data: CaseStudies, threshold: int, output_dir: str | Path) -> list[Path]:
    """Write the comparison matrix and the cross-case themes as CSV for other strands.

    Parameters
    ----------
    data : CaseStudies
        The cases.
    threshold : int
        ``common_approach_min_countries``.
    output_dir : str or Path
        The run's output folder (the ``output_dir`` parameter).

    Returns
    -------
    list of Path
        The files written (``comparison_matrix.csv``, ``cross_case_themes.csv``).
    """
    out = Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    matrix = out / "comparison_matrix.csv"
    governance_frame(data).to_csv(matrix, index=False, lineterminator="\n")
    presence = theme_presence(data)
    presence["common"] = presence["countries"] >= threshold
    themes = out / "cross_case_themes.csv"
    presence.reset_index().to_csv(themes, index=False, lineterminator="\n")
    return [matrix, themes]


# --- Findings --------------------------------------------------------------------------------


def _elements(codes: Iterable[str], data: CaseStudies, fallback: str) -> list[str]:
    """Framework elements of some themes, in framework order (``fallback`` if none)."""
    wanted = {data.theme(c).element for c in codes}
    ordered = [e for e in framework_ids() if e in wanted]
    return ordered or [fallback]


def _common_finding(
    data: CaseStudies, threshold: int, kind: str, fid: str, fallback: str
) -> Finding:
    """A finding on the common enablers (or barriers)."""
    n = len(data.countries)
    common = common_approaches(data, threshold, kind)
    plural = f"{kind}s"
    numbers: dict[str, float] = {"threshold": threshold, "countries": n, "common": len(common)}
    if common.empty:
        title = f"No {kind} is common to at least {threshold} of the {n} countries"
        statement = (
            f"No {kind} theme is coded in at least {threshold} of the {n} country cases, so "
            f"the {plural} of each country are specific to it."
        )
        return Finding(fid, title, statement, "limited", [fallback], numbers, "sec-themes")
    parts = []
    for code, row in common.iterrows():
        numbers[code] = int(row["countries"])
        parts.append(f"{lower_first(row['label'])} ({row['countries']} of {n})")
    verb = "is" if len(common) == 1 else "are"
    what = "common approaches" if kind == "enabler" else "common barriers"
    title = (
        f"{len(common)} {kind if len(common) == 1 else plural} {verb} common to at least "
        f"{threshold} of the {n} countries"
    )
    statement = (
        f"{join_words(parts)[:1].upper() + join_words(parts)[1:]} {verb} coded in at least "
        f"{threshold} of the {n} country cases, and so count as {what}."
    )
    strength = strength_for(int(common["countries"].min()), threshold)
    return Finding(
        fid,
        title,
        statement,
        strength,
        _elements(common.index, data, fallback),
        numbers,
        "sec-themes",
    )


def build_findings(data: CaseStudies, threshold: int) -> list[Finding]:
    """The strand's findings, in report order, with the numbers each rests on.

    Parameters
    ----------
    data : CaseStudies
        The validated cases.
    threshold : int
        ``common_approach_min_countries`` from params.

    Returns
    -------
    list of Finding
        ``S2-F01`` onwards. Every number in a title or statement is one of
        the finding's numbers, and every element a framework element id.
    """
    n = len(data.countries)
    findings: list[Finding] = []

    # F01: how children's social care is governed and delivered.
    delivered = level_counts(data, CSC, "delivers")
    governed = level_counts(data, CSC, "governs")
    gaps = level_gaps(data)
    numbers: dict[str, float] = {"countries": n, "gaps": len(gaps)}
    numbers.update({f"delivered_{k}": v for k, v in delivered.items() if v})
    numbers.update({f"governed_{k}": v for k, v in governed.items() if v})
    findings.append(
        Finding(
            "S2-F01",
            "Children's social care is governed above the level that delivers it in "
            f"{len(gaps)} of the {n} countries",
            f"Children's social care is delivered {level_phrase(delivered, n)}, and governed "
            f"{level_phrase(governed, n)}. In {len(gaps)} of the {n} countries the level that "
            "holds the statutory duty and budget sits above the level that delivers it.",
            "moderate",
            ["structures", "local-services"],
            numbers,
            "sec-governance",
        )
    )

    # F02: links with health, education and adult social care.
    counts = link_counts(data)
    frame = links(data)
    near = frame[frame["level"].isin(["regional", "local"])]["arrangement"].nunique()
    total = frame["arrangement"].nunique()
    numbers = {"countries": n, "near": int(near), "arrangements": int(total)}
    numbers.update({s: v for s, v in counts.items()})
    phrases = [f"{lower_first(SERVICES[s])} in {v}" for s, v in counts.items()]
    weakest = min(counts, key=lambda s: counts[s])
    title = (
        f"Links with {lower_first(SERVICES[weakest])} are the least common"
        if counts[weakest] < max(counts.values())
        else "Children's social care is linked with each other service equally often"
    )
    findings.append(
        Finding(
            "S2-F02",
            title,
            f"Children's social care is formally joined with {join_words(phrases)} of the {n} "
            f"countries; {near} of the {total} arrangements involving it operate at regional "
            "or local level.",
            # Descriptive: documented for every country, so moderate by the rule.
            "moderate",
            ["structures", "relationships"],
            numbers,
            "sec-integration",
        )
    )

    # F03 and F04: common enablers and barriers.
    findings.append(_common_finding(data, threshold, "enabler", "S2-F03", "structures"))
    findings.append(_common_finding(data, threshold, "barrier", "S2-F04", "structures"))

    # F05: reform is frequent.
    summary = timeline_summary(data)
    findings.append(
        Finding(
            "S2-F05",
            f"{summary['restructured']} of the {n} countries restructured services "
            f"between {summary['first_year']} and {summary['last_year']}",
            f"The {n} countries recorded {summary['events']} reform events between "
            f"{summary['first_year']} and {summary['last_year']}; {summary['restructured']} "
            f"made at least one structural change and {summary['legislated']} legislated: "
            "reform is continual, not a single event.",
            strength_for(summary["restructured"], threshold),
            ["landscape", "structures"],
            {k: float(v) for k, v in summary.items()},
            "sec-timelines",
        )
    )

    # F06: the Scottish reform case set against the countries.
    lessons = reform_lessons(data, threshold)
    k = len(lessons)
    common = lessons[lessons["common"]]
    some = lessons[(lessons["countries"] > 0) & ~lessons["common"]]
    none = lessons[lessons["countries"] == 0]
    numbers = {
        "themes": k,
        "common": len(common),
        "some": len(some),
        "none": len(none),
        "threshold": threshold,
        "countries": n,
    }
    common_text = (
        f" ({join_words([lower_first(x) for x in common['label']])})" if len(common) else ""
    )
    shared = lessons[lessons["countries"] > 0]
    findings.append(
        Finding(
            "S2-F06",
            "Scotland's police and fire reform echoes themes found in the countries",
            f"Of the {k} themes coded in the Scottish police and fire reform, {len(common)}"
            f"{common_text} {'is' if len(common) == 1 else 'are'} common to at least "
            f"{threshold} of the {n} countries"
            + (
                f", {len(some)} {'is' if len(some) == 1 else 'are'} coded in fewer countries"
                if len(some)
                else ""
            )
            + (f" and {len(none)} in none" if len(none) else "")
            + ". Lessons from the reform case rest on one case in other services.",
            "emerging" if len(shared) else "limited",
            _elements(shared["code"], data, "national-functions"),
            numbers,
            "sec-scotland",
        )
    )
    return findings
