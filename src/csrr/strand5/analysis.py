"""Strand 5 analysis: profile, theme prevalence, co-occurrence, quotes, findings.

Everything here works on :class:`csrr.strand5.data.Strand5Data`, whose
excerpts are already filtered (approved only) and redacted, so nothing this
module returns can carry identifying text.

Counting conventions (stated in the report's methods):

- a segment coded to a sub-theme counts for its theme; a segment coded to
  two sub-themes of one theme counts once for that theme;
- a theme *came up* in a session when any segment of the session is coded
  to it, and was *raised* by a participant when any of their segments is;
- prevalence says how widely a theme was discussed, not how many people
  hold a view: focus group talk is shared, and a topic one person raises,
  others often take up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from csrr import sdc
from csrr.errors import CsrrError
from csrr.findings import Finding
from csrr.redaction import review_words
from csrr.reports import NOTEBOOKS
from csrr.strand5.data import AREA_GROUPS, ROLE_GROUPS, SECTORS, Strand5Data, Theme

# Order of strength levels, strongest first (the rule in params names them).
STRENGTH_ORDER = ("strong", "moderate", "emerging")
AREA_ORDER = tuple(dict.fromkeys(AREA_GROUPS.values()))
# The study's name, which some report titles start with.
STUDY = "Children's Services Reform Research"


def fmt_date(value) -> str:
    """A date as the Scottish Government writes it: 10 February 2026."""
    stamp = pd.Timestamp(value)
    return f"{stamp.day} {stamp.strftime('%B %Y')}"


def pct(part: float, whole: float) -> float:
    """Percentage rounded to a whole number (0 when ``whole`` is 0)."""
    return round(100 * part / whole) if whole else 0


# ---------------------------------------------------------------------------
# Who took part
# ---------------------------------------------------------------------------


def _sector_dimension() -> sdc.Dimension:
    return sdc.Dimension.of(
        "sector", SECTORS, labels={s: s.capitalize() for s in SECTORS}, title="Sector"
    )


def participant_profile(data: Strand5Data, threshold: int) -> dict[str, sdc.ProtectedTable]:
    """Participants by role group and by area type, each by sector, protected.

    The number of sessions and participants of each mode (focus group or
    interview) is a fact of the study's design, given in the text as any
    qualitative report gives it; it is never crossed with a participant's
    characteristics, so it is not part of the protected tables.

    Parameters
    ----------
    data : Strand5Data
        The loaded inputs.
    threshold : int
        Smallest count shown (``disclosure_threshold`` in params/common.yml).

    Returns
    -------
    dict of str to csrr.sdc.ProtectedTable
        ``role`` and ``area``: counts by sector with totals after primary
        and secondary suppression (as in strand 4), ready for ``.display()``.

    Raises
    ------
    CsrrError
        If the tables together would reveal a small or suppressed count (checked by
        :class:`csrr.sdc.DisclosureAudit`).
    """
    people = data.participants
    role = sdc.tabulate(
        people,
        sdc.Dimension.of("role_group", ROLE_GROUPS, title="Role group"),
        _sector_dimension(),
        threshold,
    )
    area = sdc.tabulate(
        people,
        sdc.Dimension.grouped("area_group", {g: g for g in AREA_ORDER}, title="Area type"),
        _sector_dimension(),
        threshold,
    )
    audit = sdc.DisclosureAudit(
        people,
        ["role_group", "sector", "area_group"],
        threshold,
        categories={"role_group": ROLE_GROUPS, "sector": SECTORS, "area_group": AREA_ORDER},
    )
    audit.publish_table("participants by role group", role)
    audit.publish_table("participants by area type", area)
    audit.check()
    return {"role": role, "area": area}


PROFILE_BLOCKS = (("Role group", "role"), ("Area type", "area"))


def profile_display(
    tables: dict[str, sdc.ProtectedTable], keys: tuple[str, ...] = ("role", "area")
) -> pd.DataFrame:
    """The profile tables stacked into one, as the report shows it.

    The tables count the same participants, so they share their totals;
    the total row is shown once, at the foot. ``keys`` chooses the blocks
    (the summary shows fewer).
    """
    rows = []
    total = None
    for heading, key in (b for b in PROFILE_BLOCKS if b[1] in keys):
        frame = tables[key].display()
        label = frame.columns[0]
        for position, (_, row) in enumerate(frame.iterrows()):
            if row[label] == sdc.TOTAL:
                total = row
                continue
            rows.append(
                {"Characteristic": heading if position == 0 else "", "Group": row[label]}
                | {c: row[c] for c in frame.columns[1:]}
            )
    if total is not None:
        label = total.index[0]
        rows.append(
            {"Characteristic": "All participants", "Group": ""}
            | {c: total[c] for c in total.index[1:]}
        )
    return pd.DataFrame(rows)


PROFILE_DESCRIPTIONS = {
    "role": "Participants in focus groups and interviews by role group and sector",
    "area": "Participants in focus groups and interviews by type of area and sector",
}


def check_profile_outputs(
    data: Strand5Data, tables: dict[str, sdc.ProtectedTable], threshold: int, output_dir
) -> Path:
    """Have ACRO (SACRO's output checker) check the profile; write its bundle.

    The same check strand 4 runs on its tables: ACRO must not want to hide
    a cell the report shows, and its record (``<output_dir>/acro``) is kept
    for a human output checker, with :data:`REVIEW_FILE` listing the quotes
    in which a capitalised word stands next to a redaction
    (:func:`redaction_review`).

    Returns
    -------
    Path
        The bundle folder.

    Raises
    ------
    CsrrError
        If ACRO would suppress a cell the report shows.
    """
    checker = sdc.OutputChecker(threshold)
    for name, table in tables.items():
        checker.crosstab(f"profile-{name}", data.participants, table, PROFILE_DESCRIPTIONS[name])
    missed = [f"{o.name}: {cell}" for o in checker.outputs for cell in o.missed]
    if missed:
        raise CsrrError(f"strand5: ACRO would suppress a cell the report shows: {missed[0]}")
    checker.attach(REVIEW_FILE, redaction_review(data).to_csv(index=False), REVIEW_COMMENT)
    return checker.finalise(Path(output_dir) / "acro")


REVIEW_FILE = "redaction-review.csv"
REVIEW_COMMENT = (
    "Approved quotes, as redacted, in which a capitalised word stands next to a "
    "redaction: check that each listed word is not a name, place or organisation "
    "the redaction list missed (a misspelling, a nickname, a relative). Listed for "
    "a human check only; the build does not fail for them."
)


def redaction_review(data: Strand5Data) -> pd.DataFrame:
    """Redacted quotes with a capitalised word beside a redaction, for the output checker.

    Returns
    -------
    pandas.DataFrame
        ``segment_id``, ``words`` (semicolon-separated) and ``quote`` (as
        redacted); one row per quote that needs a look, in segment order.
    """
    rows = []
    for seg_id, quote in zip(data.segments["segment_id"], data.segments["quote"], strict=True):
        if quote is None:
            continue
        words = review_words(quote)
        if words:
            rows.append({"segment_id": seg_id, "words": "; ".join(words), "quote": quote})
    return pd.DataFrame(rows, columns=["segment_id", "words", "quote"])


def suppressed_cells(tables: dict[str, sdc.ProtectedTable]) -> int:
    """How many cells the profile tables hide, for the methods text."""
    return int(sum(t.suppressed.to_numpy().sum() for t in tables.values()))


# ---------------------------------------------------------------------------
# Prevalence and co-occurrence
# ---------------------------------------------------------------------------


def _theme_rows(data: Strand5Data) -> pd.DataFrame:
    """One row per (segment, theme) with who and where."""
    rows = data.segments[["segment_id", "participant_id", "session_id", "themes"]].explode(
        "themes"
    )
    rows = rows.rename(columns={"themes": "theme"})
    info = data.participants.set_index("participant_id")[["sector", "mode"]]
    return rows.join(info, on="participant_id")


def prevalence(data: Strand5Data) -> pd.DataFrame:
    """How widely each theme came up, in codebook order.

    Returns
    -------
    pandas.DataFrame
        One row per theme: ``code``, ``name``, ``sessions`` (sessions it came
        up in) and ``sessions_pct``, ``participants`` (who raised it) and
        ``participants_pct``, ``segments`` (coded segments), ``focus_groups``
        and ``interviews`` (sessions of each mode), ``sectors`` (how many of
        the two sectors raised it), ``quotable`` (approved segments).
    """
    rows = _theme_rows(data)
    n_sessions = len(data.sessions)
    n_people = len(data.participants)
    mode = data.sessions.set_index("session_id")["mode"]
    approved = data.segments.set_index("segment_id")["approved"]
    out = []
    for theme in data.codebook.themes:
        part = rows[rows["theme"] == theme.code]
        sessions = part["session_id"].unique()
        out.append(
            {
                "code": theme.code,
                "name": theme.name,
                "sessions": len(sessions),
                "sessions_pct": pct(len(sessions), n_sessions),
                "participants": part["participant_id"].nunique(),
                "participants_pct": pct(part["participant_id"].nunique(), n_people),
                "segments": part["segment_id"].nunique(),
                "focus_groups": int((mode.reindex(sessions) == "focus group").sum()),
                "interviews": int((mode.reindex(sessions) == "interview").sum()),
                "sectors": part["sector"].nunique(),
                "quotable": int(approved.reindex(part["segment_id"].unique()).sum()),
            }
        )
    return pd.DataFrame(out)


def subtheme_prevalence(data: Strand5Data, theme: Theme) -> pd.DataFrame:
    """Sessions, participants and segments for each sub-theme of ``theme``.

    Segments coded only at theme level count for no sub-theme.
    """
    segs = data.segments.explode("codes").rename(columns={"codes": "code"})
    out = []
    for sub in theme.subthemes:
        part = segs[segs["code"] == sub.code]
        out.append(
            {
                "code": sub.code,
                "name": sub.name,
                "definition": sub.definition,
                "sessions": part["session_id"].nunique(),
                "participants": part["participant_id"].nunique(),
                "segments": part["segment_id"].nunique(),
            }
        )
    return pd.DataFrame(out)


def prevalence_table(prev: pd.DataFrame, n_sessions: int, n_people: int) -> pd.DataFrame:
    """The prevalence table as the report shows it."""
    frame = pd.DataFrame(
        {
            "Theme": prev["name"],
            f"Sessions (of {n_sessions})": [
                f"{n} ({p}%)" for n, p in zip(prev["sessions"], prev["sessions_pct"], strict=True)
            ],
            "Focus groups": prev["focus_groups"],
            "Interviews": prev["interviews"],
            f"Participants (of {n_people})": [
                f"{n} ({p}%)"
                for n, p in zip(prev["participants"], prev["participants_pct"], strict=True)
            ],
            "Coded segments": prev["segments"],
        }
    )
    return frame


def cooccurrence(data: Strand5Data) -> pd.DataFrame:
    """Segments coded to both of each pair of themes.

    Returns
    -------
    pandas.DataFrame
        Square, indexed by theme code in codebook order; the diagonal holds
        each theme's number of segments.
    """
    codes = [t.code for t in data.codebook.themes]
    matrix = pd.DataFrame(0, index=codes, columns=codes, dtype=int)
    for themes in data.segments["themes"]:
        for a in themes:
            for b in themes:
                matrix.at[a, b] += 1
    return matrix


def top_pairs(matrix: pd.DataFrame, n: int = 3) -> list[tuple[str, str, int]]:
    """The ``n`` pairs of different themes most often coded together.

    Ties are broken by codebook order, so the result is stable.
    """
    codes = list(matrix.index)
    pairs = [
        (codes[i], codes[j], int(matrix.iat[i, j]))
        for i in range(len(codes))
        for j in range(i)
        if matrix.iat[i, j] > 0
    ]
    pairs.sort(key=lambda p: (-p[2], codes.index(p[1]), codes.index(p[0])))
    return pairs[:n]


def multi_coded(data: Strand5Data) -> int:
    """Segments coded to more than one theme."""
    return int((data.segments["themes"].map(len) > 1).sum())


# ---------------------------------------------------------------------------
# Illustrative quotes
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Quote:
    """An approved, redacted quote and who said it (by role, sector and session)."""

    segment_id: str
    text: str
    attribution: str
    participant_id: str
    session_id: str


def attribution(role_group: str, sector: str, label: str) -> str:
    """How a quote is attributed: ``(Practitioner, third sector, focus group 3)``."""
    return f"({role_group}, {sector}, {label})"


def _sentences(text: str) -> set[str]:
    """Sentences of four words or more, as lower-case words without punctuation."""
    out = set()
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        words = re.findall(r"[\w'’\[\]]+", sentence.lower())
        if len(words) >= 4:
            out.add(" ".join(words))
    return out


def _overlap(a: set[str], b: set[str]) -> bool:
    """Whether two quotes share a sentence, one perhaps inside the other.

    "Honestly, there are so many strategies..." and "There are so many
    strategies..." are the same sentence with a word in front.
    """
    return any(x in y or y in x for x in a for y in b)


def _quote_score(
    row: pd.Series, theme: Theme, subs: set[str], state: dict, people: pd.DataFrame, middle: float
) -> tuple:
    """Sort key of a candidate quote: smaller is better (see :func:`select_quotes`)."""
    own = [c for c in row["codes"] if c in subs]
    return (
        row["themes"][0] != theme.code,
        len(row["themes"]) > 1,
        not (own and not set(own) & state["subs"]),
        row["session_id"] in state["sessions"],
        state["sectors"].count(people.at[row["participant_id"], "sector"]),
        abs(row["words"] - middle),
        row["segment_id"],
    )


def select_quotes(
    data: Strand5Data,
    theme: Theme,
    n: int,
    *,
    min_words: int,
    max_words: int,
    exclude: set[str] | frozenset[str] = frozenset(),
) -> list[Quote]:
    """Choose up to ``n`` illustrative quotes for a theme.

    Only approved segments are candidates (the others have no text). The
    choice is greedy and deterministic: each pick prefers, in order, a
    segment coded to this theme first (so it is about the theme, not in
    passing) and to no other theme, a sub-theme not yet quoted, a session
    not yet quoted, the sector less quoted so far, and a length near the
    middle of the allowed range; the segment id breaks ties. Each
    participant is quoted at most once per theme, and no two quotes share
    a sentence (of four words or more).

    Parameters
    ----------
    data : Strand5Data
        The loaded inputs.
    theme : Theme
        The theme to illustrate.
    n : int
        Most quotes to return.
    min_words, max_words : int
        Allowed length of a quote, in words.
    exclude : set of str
        Segment ids already quoted elsewhere in the report.

    Returns
    -------
    list of Quote
        In the order chosen.
    """
    segs = data.segments
    people = data.participants.set_index("participant_id")
    labels = data.sessions.set_index("session_id")["label"]
    mask = segs["approved"] & segs["quote"].notna() & segs["themes"].map(lambda t: theme.code in t)
    candidates = segs[mask & ~segs["segment_id"].isin(exclude)].copy()
    candidates["words"] = candidates["quote"].str.split().str.len()
    candidates = candidates[candidates["words"].between(min_words, max_words)]
    subs = {s.code for s in theme.subthemes}
    middle = (min_words + max_words) / 2
    chosen: list[pd.Series] = []
    while len(chosen) < n and not candidates.empty:
        state = {
            "subs": {c for row in chosen for c in row["codes"] if c in subs},
            "sessions": {row["session_id"] for row in chosen},
            "sectors": [people.at[row["participant_id"], "sector"] for row in chosen],
        }
        best = min(
            (_quote_score(row, theme, subs, state, people, middle), i)
            for i, row in candidates.iterrows()
        )[1]
        chosen.append(candidates.loc[best])
        # One quote per person per theme, so each theme is heard in several
        # voices, and no sentence twice, so no two quotes read as one.
        said = _sentences(candidates.at[best, "quote"])
        candidates = candidates[
            (candidates.index != best)
            & (candidates["participant_id"] != candidates.at[best, "participant_id"])
            & candidates["quote"].map(lambda q, said=said: not _overlap(_sentences(q), said))
        ]
    out = []
    for row in chosen:
        person = people.loc[row["participant_id"]]
        out.append(
            Quote(
                segment_id=row["segment_id"],
                text=row["quote"],
                attribution=attribution(
                    person["role_group"], person["sector"], labels[row["session_id"]]
                ),
                participant_id=row["participant_id"],
                session_id=row["session_id"],
            )
        )
    return out


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#+|!@$~^])")


def escape_markdown(text: str) -> str:
    """Escape characters Markdown would read as markup (``[name]`` stays literal)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def quote_markdown(quote: Quote) -> str:
    """A quote as a Markdown block quote, attribution on its own line."""
    return (
        f"> \u201c{escape_markdown(quote.text)}\u201d\n>\n> {escape_markdown(quote.attribution)}\n"
    )


NO_QUOTE = "No approved excerpt of a suitable length was available to quote."


def theme_quotes(
    data: Strand5Data, n: int, *, min_words: int, max_words: int
) -> dict[str, list[Quote]]:
    """Illustrative quotes for every theme, in codebook order, none used twice.

    Each theme's quotes are chosen by :func:`select_quotes`, leaving out
    excerpts already quoted for an earlier theme.
    """
    quoted: set[str] = set()
    out = {}
    for theme in data.codebook.themes:
        quotes = select_quotes(
            data, theme, n, min_words=min_words, max_words=max_words, exclude=quoted
        )
        quoted |= {q.segment_id for q in quotes}
        out[theme.code] = quotes
    return out


def quotes_markdown(quotes: list[Quote]) -> str:
    """A theme's quotes as block quotes (a line saying so when there are none)."""
    if not quotes:
        return NO_QUOTE + "\n"
    return "\n".join(quote_markdown(q) for q in quotes)


# ---------------------------------------------------------------------------
# The emerging findings explored, and strand 5's own findings
# ---------------------------------------------------------------------------


def explored_table(data: Strand5Data, *, strength: bool = True) -> pd.DataFrame:
    """Every finding of the strands explored, and the themes that explored it.

    Two columns, so that the long titles get half the page: the finding (id,
    title and, unless ``strength`` is False, its strength of evidence) and
    the themes that explored it (None when no theme did).
    """
    by_finding: dict[str, list[str]] = {}
    for theme in data.codebook.themes:
        for fid in theme.explores:
            by_finding.setdefault(fid, []).append(theme.name)
    rows = []
    for fid, finding in data.explored.items():
        text = f"{fid}: {finding['title']}"
        if strength:
            text += f" ({finding['strength']})"
        rows.append(
            {
                "Emerging finding": text,
                "Explored in themes": "; ".join(by_finding.get(fid, [])) or None,
            }
        )
    return pd.DataFrame(rows)


def strength(sessions_share: float, both_sectors: bool, rule: dict[str, float]) -> str:
    """Strength of evidence of a theme's finding, by the rule in params.

    Parameters
    ----------
    sessions_share : float
        Share of sessions (0 to 1) the theme came up in.
    both_sectors : bool
        Whether participants from both sectors raised it.
    rule : dict
        Least share for ``strong``, ``moderate`` and ``emerging``.

    Returns
    -------
    str
        strong (also needs both sectors), moderate, emerging or limited.
    """
    for level in STRENGTH_ORDER:
        if sessions_share >= rule[level] and (level != "strong" or both_sectors):
            return level
    return "limited"


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def theme_findings(data: Strand5Data, prev: pd.DataFrame, rule: dict[str, float]) -> list[Finding]:
    """One finding per theme, ``S5-F01`` onwards, in codebook order.

    The statement is the researchers' sentence from the codebook followed by
    the theme's prevalence and the findings it explored; every number in it
    is one of the finding's numbers.
    """
    n_sessions = len(data.sessions)
    n_people = len(data.participants)
    out = []
    for index, theme in enumerate(data.codebook.themes, start=1):
        row = prev.set_index("code").loc[theme.code]
        level = strength(row["sessions"] / n_sessions, row["sectors"] == len(SECTORS), rule)
        statement = (
            f"{theme.finding} The theme came up in {row['sessions']} of {n_sessions} sessions "
            f"and was raised by {row['participants']} of {n_people} participants; it explored "
            f"{_join(list(theme.explores))}."
        )
        out.append(
            Finding(
                id=f"S5-F{index:02d}",
                title=theme.name,
                statement=statement,
                strength=level,
                elements=list(theme.elements),
                numbers={
                    "sessions": int(row["sessions"]),
                    "sessions_total": n_sessions,
                    "participants": int(row["participants"]),
                    "participants_total": n_people,
                    "segments": int(row["segments"]),
                },
                section=theme.section,
            )
        )
    return out


# ---------------------------------------------------------------------------
# Facts the report's text reads
# ---------------------------------------------------------------------------


def interview_format(data: Strand5Data) -> str | None:
    """How interviews were held: "one to one", "one to one or in pairs", or None."""
    interviews = data.sessions[data.sessions["mode"] == "interview"]
    if interviews.empty:
        return None
    return "one to one or in pairs" if (interviews["participants"] > 1).any() else "one to one"


def interviews_mostly_leaders(data: Strand5Data) -> bool:
    """Whether most interviewees were team leaders or senior or strategic leaders.

    The report says so in words, never as a count of interviewees by role
    (a small cell).
    """
    people = data.participants[data.participants["mode"] == "interview"]
    return bool(len(people)) and bool((people["role_group"] != ROLE_GROUPS[0]).mean() > 0.5)


def strand_title(data: Strand5Data, strand: str, study: str = STUDY) -> str:
    """Title of an explored strand's report, as its findings file gives it.

    A leading study name is left out ("National scoping and mapping study",
    not "Children's Services Reform Research: National scoping and mapping
    study"); a strand with no findings is named by its label.
    """
    for finding in data.explored.values():
        if finding["strand"] == strand:
            return finding["strand_title"].removeprefix(f"{study}: ")
    return NOTEBOOKS[strand].label


def codebook_table(data: Strand5Data) -> pd.DataFrame:
    """The codebook as the annex shows it: every sub-theme, its definition and counts.

    One row per sub-theme, under its theme's name (given on the first row of
    each theme only), with the sessions it came up in and the participants
    who raised it.
    """
    rows = []
    for theme in data.codebook.themes:
        subs = subtheme_prevalence(data, theme)
        for position, (_, sub) in enumerate(subs.iterrows()):
            rows.append(
                {
                    "Theme": theme.name if position == 0 else "",
                    "Sub-theme": sub["name"],
                    "What it covers": sub["definition"],
                    "Sessions": sub["sessions"],
                    "Participants": sub["participants"],
                }
            )
    return pd.DataFrame(rows)
