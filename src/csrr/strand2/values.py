"""The values the report's prose reads, formatted for reading.

The notebook's Markdown cells name these through inline expressions
(`` `{python} v.n_gaps` ``). Every value is a string, already in the house
style (counts up to nine in words where the sentence reads that way, lists
joined as prose, labels lower-cased for use mid-sentence), so the
expressions stay plain attribute access and the sentences stay in Markdown.
A value that must go in as Markdown (a citation) is made with
:func:`csrr.display.md`.
"""

from __future__ import annotations

from types import SimpleNamespace

from csrr import display
from csrr.findings import Finding
from csrr.strand2 import analysis
from csrr.strand2.analysis import (
    CSC,
    count_of,
    join_words,
    level_phrase,
    lower_first,
    number_word,
)
from csrr.strand2.data import INTEGRATION_FORMS, REFORM_BODIES, SERVICES, CaseStudies
from csrr.strand2.profiles import long_date

# A country "reformed more than once" when it recorded at least this many events.
MIN_EVENTS = 3


def _labels(codes, data: CaseStudies) -> str:
    """Theme labels as prose, lower-cased, with their codes: ``separate funding (B01)``."""
    return join_words([f"{lower_first(data.theme(c).label)} ({c})" for c in codes]) or "none"


def _plain_labels(codes, data: CaseStudies) -> str:
    return join_words([lower_first(data.theme(c).label) for c in codes]) or "none"


def _elements(codes, data: CaseStudies) -> str:
    return join_words([lower_first(x) for x in analysis.element_names(codes, data)]) or "none"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def prepare(data: CaseStudies, threshold: int, findings: list[Finding]) -> SimpleNamespace:
    """Every value the report's sentences use.

    Parameters
    ----------
    data : CaseStudies
        The validated cases.
    threshold : int
        ``common_approach_min_countries``: countries a theme must be coded in
        to count as common.
    findings : list of Finding
        The strand's findings (for their strengths).

    Returns
    -------
    types.SimpleNamespace
        Strings (and one Markdown citation), named as the prose uses them.
    """
    countries, reform = data.countries, data.reform
    n = len(countries)
    v: dict[str, object] = {}

    # The cases.
    v["n"] = str(n)
    v["n_word"] = number_word(n)
    v["n_word_cap"] = _capital(number_word(n))
    v["names"] = join_words([c.name for c in countries])
    v["n_cases"] = number_word(len(data.cases))
    v["n_sources"] = str(len(data.bib_keys))
    v["n_services_word"] = number_word(len(SERVICES))
    v["services"] = join_words([lower_first(s) for s in SERVICES.values()])
    v["threshold"] = str(threshold)
    v["n_enablers"] = str(sum(t.kind == "enabler" for t in data.themes))
    v["n_barriers"] = str(sum(t.kind == "barrier" for t in data.themes))

    # Governance and delivery (S2-F01).
    delivered = analysis.level_counts(data, CSC, "delivers")
    governed = analysis.level_counts(data, CSC, "governs")
    gaps = analysis.level_gaps(data)
    v["csc_delivered"] = level_phrase(delivered, n)
    v["csc_governed"] = level_phrase(governed, n)
    v["n_gaps"] = str(len(gaps))
    v["gap_names"] = join_words(gaps) or "none"
    local_all = [
        lower_first(SERVICES[s])
        for s in SERVICES
        if analysis.level_counts(data, s, "delivers")["local"] == n
    ]
    v["local_everywhere"] = join_words(local_all) or "no service"
    national = analysis.governed_at(data, "national")
    v["national_names"] = join_words([c.name for c in national]) or "none of the countries"
    v["n_national"] = number_word(len(national))

    # Links with other services (S2-F02).
    counts = analysis.link_counts(data)
    v["links_health"] = count_of(counts["child-health"], n)
    v["links_education"] = count_of(counts["education"], n)
    v["links_adult"] = count_of(counts["adult-social-care"], n)
    frame = analysis.links(data)
    arrangements = frame.drop_duplicates(["case", "arrangement"])
    adult = frame[frame["service"] == "adult-social-care"]
    v["adult_detail"] = (
        join_words(
            [
                f"{r.name} through {analysis.FORM_PHRASES[r.form]} at {r.level} level"
                for r in adult.itertuples(index=False)
            ]
        )
        or "no country"
    )
    forms = arrangements["form"].value_counts()
    v["n_arrangements"] = str(len(arrangements))
    v["top_form"] = join_words(
        [lower_first(INTEGRATION_FORMS[f]) for f in forms.index if forms[f] == forms.iloc[0]]
    )
    v["n_top_form"] = str(int(forms.iloc[0])) if len(forms) else "0"
    v["n_near"] = str(int(arrangements["level"].isin(["regional", "local"]).sum()))

    # Enablers and barriers (S2-F03, S2-F04).
    enablers = analysis.common_approaches(data, threshold, "enabler")
    barriers = analysis.common_approaches(data, threshold, "barrier")
    v["n_common_enablers"] = number_word(len(enablers))
    v["n_common_barriers"] = number_word(len(barriers))
    v["common_enablers"] = _labels(enablers.index, data)
    v["common_barriers"] = _labels(barriers.index, data)
    v["common_enablers_counted"] = (
        join_words(
            [
                f"{lower_first(r['label'])} ({r['countries']} of {n})"
                for _, r in enablers.iterrows()
            ]
        )
        or "none"
    )
    v["common_barriers_counted"] = (
        join_words(
            [
                f"{lower_first(r['label'])} ({r['countries']} of {n})"
                for _, r in barriers.iterrows()
            ]
        )
        or "none"
    )
    v["enabler_elements"] = _elements(enablers.index, data)
    v["barrier_elements"] = _elements(barriers.index, data)
    presence = analysis.theme_presence(data)
    in_all = presence[presence["countries"] == n]
    v["in_every_country"] = _plain_labels(in_all.index, data)
    single = presence[presence["countries"] == 1]
    v["n_single"] = number_word(len(single))
    lower, upper = max(1, threshold - 1), n
    at_lower = analysis.common_counts(data, lower)
    at_upper = analysis.common_counts(data, upper)
    v["lower"], v["upper"] = str(lower), str(upper)
    for name, counts_at in (("lower", at_lower), ("upper", at_upper)):
        for kind in ("enabler", "barrier"):
            k = counts_at[kind]
            v[f"{name}_{kind}s"] = f"{k} {kind}{'' if k == 1 else 's'}"

    # Reform over time (S2-F05).
    summary = analysis.timeline_summary(data)
    events = analysis.timeline_frame(data, countries)
    v["n_events"] = str(summary["events"])
    v["first_year"] = str(summary["first_year"])
    v["last_year"] = str(summary["last_year"])
    v["n_restructured"] = str(summary["restructured"])
    v["n_legislated"] = str(summary["legislated"])
    repeat = int((events.groupby("case").size() >= MIN_EVENTS).sum())
    v["repeat_of"] = count_of(repeat, n)
    v["reviewed_of"] = count_of(
        events.loc[events["event_kind"] == "evaluation", "case"].nunique(), n
    )
    v["min_events"] = number_word(MIN_EVENTS)
    lag = analysis.legislation_to_change(reform)
    v["lag"] = (
        "with no structural change recorded"
        if lag is None
        else "in the same year"
        if lag == 0
        else f"{number_word(lag)} year{'s' if lag != 1 else ''} later"
    )

    # The Scottish reform case (S2-F06).
    facts = reform.reform
    v["act"] = facts.legislation
    v["act_cite"] = display.md(
        f"[@{facts.legislation_source}]" if facts.legislation_source else ""
    )
    v["established"] = long_date(facts.established)
    v["established_year"] = facts.established[:4]
    v["new_bodies"] = join_words([s.new_body for s in facts.services])
    v["replaced"] = join_words(
        [
            f"{s.new_body} replaced {number_word(s.bodies_before)} {s.level_before} "
            f"{REFORM_BODIES[s.service]}"
            for s in facts.services
        ]
    )
    v["level_after"] = join_words(sorted({s.level_after for s in facts.services}))
    lessons = analysis.reform_lessons(data, threshold)
    common = lessons[lessons["common"]]
    shared = lessons[lessons["countries"] > 0]
    v["n_reform_themes"] = number_word(len(lessons))
    v["n_reform_enablers"] = number_word(int((lessons["kind"] == "enabler").sum()))
    v["n_reform_barriers"] = number_word(int((lessons["kind"] == "barrier").sum()))
    v["reform_shared_of"] = (
        f"all {number_word(len(lessons))}"
        if len(shared) == len(lessons)
        else f"{number_word(len(shared))} of the {number_word(len(lessons))}"
    )
    v["n_reform_common"] = number_word(len(common))
    v["reform_common"] = _plain_labels(common["code"], data)
    v["reform_shared_enablers"] = _plain_labels(
        shared.loc[shared["kind"] == "enabler", "code"], data
    )
    v["reform_shared_barriers"] = _plain_labels(
        shared.loc[shared["kind"] == "barrier", "code"], data
    )
    overlap = analysis.reform_overlap(data).set_index("name")
    nat_codes = [code for code in reform.themes if any(code in c.themes for c in national)]
    others = [c for c in countries if c not in national]
    v["n_national_shared"] = number_word(len(nat_codes))
    v["best_other_shared"] = number_word(
        max((int(overlap.at[c.name, "shared"]) for c in others), default=0)
    )
    v["national_shared_enablers"] = _plain_labels(
        [c for c in nat_codes if data.theme(c).kind == "enabler"], data
    )
    v["national_shared_barriers"] = _plain_labels(
        [c for c in nat_codes if data.theme(c).kind == "barrier"], data
    )

    # Strength of each finding, by id: ``strength_f01``.
    for f in findings:
        v[f"strength_f{f.id[-2:]}"] = f.strength
    return SimpleNamespace(**v)
