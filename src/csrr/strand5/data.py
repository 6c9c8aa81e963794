"""Strand 5 inputs: schemas, the codebook, validation and loading.

The strand's folder (``<data>/strand5/``) holds four files: ``sessions.csv``,
``participants.csv``, ``segments.csv`` (coded excerpts of the transcripts)
and ``codebook.yml`` (themes, sub-themes, and the strand 3 and 4 findings
each theme explores). An optional ``redaction.yml`` adds names to the
redaction list in the params, so that real names need never enter git.

:func:`validate` collects every problem across the files, each naming file,
row, column, what was expected and what was found; :func:`load` returns the
parsed data or raises :class:`~csrr.errors.InputError`. Loading is also where
the publication rules bite: the text of excerpts not approved for
publication is dropped, and approved excerpts are redacted, so no later step
(analysis, display, files written) ever holds identifying text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from csrr import findings as findings_mod
from csrr import yamlfile
from csrr.errors import CsrrError, DuplicateKeyError, InputError, Problem
from csrr.paths import findings_path, relative
from csrr.redaction import CATEGORIES, Redactor
from csrr.validation import Column, TableSchema, read_table

STRAND = "strand5"
SESSIONS_FILE = "sessions.csv"
PARTICIPANTS_FILE = "participants.csv"
SEGMENTS_FILE = "segments.csv"
CODEBOOK_FILE = "codebook.yml"
REDACTION_FILE = "redaction.yml"

MODES = ("focus group", "interview")
# The Scottish Government 6-fold urban rural classification.
AREA_TYPES = (
    "Large urban areas",
    "Other urban areas",
    "Accessible small towns",
    "Remote small towns",
    "Accessible rural areas",
    "Remote rural areas",
)
# Coarser groups for tables of people: six area types split a few dozen
# participants into cells too small to publish.
AREA_GROUPS = {
    "Large urban areas": "Urban",
    "Other urban areas": "Urban",
    "Accessible small towns": "Small towns",
    "Remote small towns": "Small towns",
    "Accessible rural areas": "Rural",
    "Remote rural areas": "Rural",
}
ROLE_GROUPS = ("Practitioner", "Team leader or manager", "Senior or strategic leader")
SECTORS = ("statutory sector", "third sector")
# A focus group needs a group; an interview may be paired.
MIN_GROUP, MAX_INTERVIEW = 2, 2

_ID = r"[A-Za-z0-9][A-Za-z0-9_-]*"
_CODE = r"[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+)?"
CODE_SEPARATOR = ";"


def _session_checks(frame: pd.DataFrame, path: Path) -> list[Problem]:
    """A focus group has at least two participants, an interview at most two."""
    problems = []
    for pos, row in frame.iterrows():
        n = int(row["participants"])
        if row["mode"] == "focus group" and n < MIN_GROUP:
            expected = f"at least {MIN_GROUP} participants in a focus group"
        elif row["mode"] == "interview" and n > MAX_INTERVIEW:
            expected = f"at most {MAX_INTERVIEW} participants in an interview"
        else:
            continue
        row_no = int(frame.index.get_loc(pos)) + 2
        problems.append(Problem(path, row_no, "participants", expected, repr(str(n))))
    return problems


SESSIONS = TableSchema(
    name=SESSIONS_FILE,
    description=(
        "One row per focus group or interview. The attribution label of a "
        'quote ("focus group 3", "interview 2") numbers the sessions of '
        "each mode in date order."
    ),
    columns=[
        Column("session_id", "str", "Session identifier.", pattern=_ID),
        Column("mode", "str", "Focus group or interview.", allowed=MODES),
        Column(
            "date",
            "date",
            "Date the session took place.",
            minimum="2020-01-01",
            maximum="2035-12-31",
        ),
        Column(
            "area_type",
            "str",
            "Scottish Government 6-fold urban rural class of the area the "
            "participants' services cover.",
            allowed=AREA_TYPES,
        ),
        Column(
            "participants",
            "int",
            "Number of participants; must equal the session's rows in participants.csv.",
            minimum=1,
            maximum=20,
        ),
    ],
    unique=[("session_id",)],
    checks=[_session_checks],
)

PARTICIPANTS = TableSchema(
    name=PARTICIPANTS_FILE,
    description=(
        "One row per participant, under a pseudonymous id. Role group and "
        "sector are the only characteristics held: they are what quotes are "
        "attributed by and what the participant profile counts."
    ),
    columns=[
        Column("participant_id", "str", "Pseudonymous participant id.", pattern=_ID),
        Column("session_id", "str", "The session the participant took part in.", pattern=_ID),
        Column("role_group", "str", "Role group.", allowed=ROLE_GROUPS),
        Column("sector", "str", "Sector the participant works in.", allowed=SECTORS),
    ],
    unique=[("participant_id",)],
)

SEGMENTS = TableSchema(
    name=SEGMENTS_FILE,
    description=(
        "One row per coded segment of a transcript: what one participant said, "
        "the codebook codes applied to it (theme or sub-theme codes, separated "
        "by semicolons), and whether the participant and the research team "
        "approved the excerpt for publication. Every segment counts towards "
        "prevalence; only approved excerpts may be quoted, and only after "
        "redaction."
    ),
    columns=[
        Column("segment_id", "str", "Segment identifier.", pattern=_ID),
        Column("participant_id", "str", "Who spoke (participants.csv).", pattern=_ID),
        Column("session_id", "str", "Where (sessions.csv).", pattern=_ID),
        Column(
            "codes",
            "str",
            "Codes applied, from codebook.yml, separated by semicolons.",
            pattern=rf"\s*{_CODE}(?:\s*{CODE_SEPARATOR}\s*{_CODE})*\s*",
        ),
        Column(
            "excerpt", "str", "Verbatim excerpt (may hold identifiers: never shown unredacted)."
        ),
        Column("approved", "bool", "Approved for publication as a quote."),
    ],
    unique=[("segment_id",)],
)

SCHEMAS = (SESSIONS, PARTICIPANTS, SEGMENTS)

CODEBOOK_DOC = """\
## `codebook.yml`

The themes of the analysis. A mapping with one key, `themes`: a list in
report order. Each theme has:

| Key | Description |
|---|---|
| `code` | Theme code, such as `T1` (letters then digits). |
| `name` | Short name, used in tables and charts. |
| `definition` | What the theme covers (shown in the report). |
| `finding` | One sentence: what participants said, written by the researchers. No numbers: the report adds them from the data. |
| `explores` | Ids of the strand 3 and 4 findings the theme explores (such as `S4-F02`); each must exist in that strand's `findings.json`. |
| `elements` | Ids of the framework elements in `params/synthesis.yml` the theme bears on. |
| `subthemes` | List of sub-themes, each with `code` (the theme code, a dot and a number, such as `T1.2`), `name` and `definition`. |

Codes are unique across themes and sub-themes. Problems in this file are
reported by line number (as "row").

## `redaction.yml` (optional)

Further names to redact from quotes, merged with the list in
`params/strand5.yml`: a mapping with any of the keys `people`, `places` and
`organisations`, each a list of names. Keep real names here, in the
git-ignored real data folder, rather than in the params.
"""


# ---------------------------------------------------------------------------
# Codebook
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SubTheme:
    """A sub-theme of the codebook."""

    code: str
    name: str
    definition: str


@dataclass(frozen=True)
class Theme:
    """A theme of the codebook.

    Attributes
    ----------
    code, name, definition : str
        Identity and meaning of the theme.
    finding : str
        What participants said, in one sentence, as the researchers wrote it.
    explores : tuple of str
        Ids of the strand 3 and 4 findings the theme explores.
    elements : tuple of str
        Framework element ids it bears on.
    subthemes : tuple of SubTheme
        Its sub-themes.
    """

    code: str
    name: str
    definition: str
    finding: str
    explores: tuple[str, ...]
    elements: tuple[str, ...]
    subthemes: tuple[SubTheme, ...] = ()

    @property
    def section(self) -> str:
        """Id of the theme's section in the full report (``sec-theme-t1``)."""
        return "sec-theme-" + re.sub(r"[^a-z0-9]+", "-", self.code.lower()).strip("-")


@dataclass(frozen=True)
class Codebook:
    """The themes of the analysis, in report order."""

    themes: tuple[Theme, ...]

    def theme(self, code: str) -> Theme:
        """The theme with this code, or the theme a sub-theme code belongs to."""
        for theme in self.themes:
            if code == theme.code or code in {s.code for s in theme.subthemes}:
                return theme
        raise KeyError(code)

    @property
    def codes(self) -> set[str]:
        """Every code a segment may carry (themes and sub-themes)."""
        return {t.code for t in self.themes} | {s.code for t in self.themes for s in t.subthemes}


def _line_index(node: yaml.Node, path: tuple = (), out: dict | None = None) -> dict[tuple, int]:
    """Map every key path in a composed YAML document to its line (1-based)."""
    out = {} if out is None else out
    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            _line_index(value, (*path, key.value), out)
            # A key's line, not its value's, is where a reader looks for it.
            out[(*path, key.value)] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _line_index(item, (*path, index), out)
    return out


def _read_yaml(path: Path, problems: list[Problem]) -> tuple[Any, dict[tuple, int]]:
    """Parse a YAML file; return its data and line index (None on a problem)."""
    if not path.is_file():
        problems.append(Problem(path, None, None, "this file to exist", "no such file"))
        return None, {}
    try:
        data, node = yamlfile.parse(path)
    except DuplicateKeyError as exc:
        problems.append(exc.problem)
        return None, {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problems.append(
            Problem(
                path,
                mark.line + 1 if mark is not None else None,
                None,
                "valid YAML",
                getattr(exc, "problem", None) or "a syntax error",
            )
        )
        return None, {}
    return data, _line_index(node) if node is not None else {}


def _nearest_line(lines: dict[tuple, int], path: tuple) -> int | None:
    """Line of ``path``, or of its nearest ancestor that has one."""
    while path not in lines and path:
        path = path[:-1]
    return lines.get(path)


def _text_field(
    item: dict, key: str, where: tuple, path: Path, lines: dict, problems: list[Problem]
) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value.strip():
        found = "nothing" if value is None else repr(value)
        problems.append(
            Problem(path, _nearest_line(lines, (*where, key)), key, "non-empty text", found)
        )
        return ""
    return " ".join(value.split())


def _id_list(
    item: dict, key: str, where: tuple, path: Path, lines: dict, problems: list[Problem]
) -> list[tuple[str, int | None]]:
    value = item.get(key)
    if not isinstance(value, list) or not value:
        found = "nothing" if value is None else repr(value)
        problems.append(
            Problem(
                path, _nearest_line(lines, (*where, key)), key, "a non-empty list of ids", found
            )
        )
        return []
    out = []
    for index, entry in enumerate(value):
        line = _nearest_line(lines, (*where, key, index))
        if not isinstance(entry, str):
            problems.append(Problem(path, line, key, "an id (text)", repr(entry)))
            continue
        out.append((entry.strip(), line))
    return out


THEME_KEYS = ("code", "name", "definition", "finding", "explores", "elements", "subthemes")
SUBTHEME_KEYS = ("code", "name", "definition")


def parse_codebook(
    path: Path,
    *,
    finding_ids: Mapping[str, str] | None,
    elements: list[str],
    problems: list[Problem],
) -> Codebook | None:
    """Read and check ``codebook.yml``.

    Parameters
    ----------
    path : Path
        The codebook file.
    finding_ids : mapping of str to str, or None
        Finding id -> the findings file it must be in (every finding of the
        strands explored). None skips the link check (the findings could
        not be read; that problem is reported on its own).
    elements : list of str
        Framework element ids allowed.
    problems : list of Problem
        Problems are appended here, each with the line number as its row.

    Returns
    -------
    Codebook or None
        None when the file could not be read as a list of themes.
    """
    path = Path(path)
    data, lines = _read_yaml(path, problems)
    if data is None and not lines:
        return None
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("themes"), list)
        or not data["themes"]
    ):
        found = data.get("themes") if isinstance(data, dict) else data
        problems.append(
            Problem(
                path,
                _nearest_line(lines, ("themes",)) or 1,
                "themes",
                "a mapping with a non-empty list 'themes'",
                "nothing" if found is None else repr(found)[:60],
            )
        )
        return None
    themes: list[Theme] = []
    seen: dict[str, int | None] = {}

    def claim(code: str, line: int | None) -> None:
        if code in seen:
            problems.append(
                Problem(
                    path,
                    line,
                    "code",
                    "a code used once",
                    f"{code!r} again (first at row {seen[code]})",
                )
            )
        seen[code] = line

    for t_index, item in enumerate(data["themes"]):
        where = ("themes", t_index)
        line = _nearest_line(lines, where)
        if not isinstance(item, dict):
            problems.append(Problem(path, line, None, "a theme (a mapping of keys)", repr(item)))
            continue
        for key in sorted(set(item) - set(THEME_KEYS)):
            problems.append(
                Problem(
                    path,
                    _nearest_line(lines, (*where, key)),
                    key,
                    "one of " + ", ".join(THEME_KEYS),
                    f"the unknown key {key!r}",
                )
            )
        code = _text_field(item, "code", where, path, lines, problems)
        if code and not re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", code):
            problems.append(
                Problem(
                    path,
                    _nearest_line(lines, (*where, "code")),
                    "code",
                    "letters then digits, such as T1",
                    repr(code),
                )
            )
        if code:
            claim(code, _nearest_line(lines, (*where, "code")))
        name = _text_field(item, "name", where, path, lines, problems)
        definition = _text_field(item, "definition", where, path, lines, problems)
        finding = _text_field(item, "finding", where, path, lines, problems)
        if finding and findings_mod.numbers_in(finding):
            problems.append(
                Problem(
                    path,
                    _nearest_line(lines, (*where, "finding")),
                    "finding",
                    "a sentence without numbers (the report adds them from the data)",
                    repr(finding[:60]),
                )
            )
        explores = _id_list(item, "explores", where, path, lines, problems)
        if finding_ids is not None:
            known = ", ".join(sorted(finding_ids))
            files = " or ".join(sorted(set(finding_ids.values())))
            for fid, fline in explores:
                if fid not in finding_ids:
                    problems.append(
                        Problem(
                            path,
                            fline,
                            "explores",
                            f"a finding id in {files} ({known})",
                            repr(fid),
                        )
                    )
        cited = _id_list(item, "elements", where, path, lines, problems)
        for element, eline in cited:
            if element not in elements:
                problems.append(
                    Problem(
                        path,
                        eline,
                        "elements",
                        "a framework element id of params/synthesis.yml ("
                        + ", ".join(elements)
                        + ")",
                        repr(element),
                    )
                )
        subthemes: list[SubTheme] = []
        raw_subs = item.get("subthemes")
        if not isinstance(raw_subs, list) or not raw_subs:
            problems.append(
                Problem(
                    path,
                    _nearest_line(lines, (*where, "subthemes")),
                    "subthemes",
                    "a non-empty list of sub-themes",
                    "nothing" if raw_subs is None else repr(raw_subs),
                )
            )
            raw_subs = []
        for s_index, sub in enumerate(raw_subs):
            s_where = (*where, "subthemes", s_index)
            s_line = _nearest_line(lines, s_where)
            if not isinstance(sub, dict):
                problems.append(
                    Problem(
                        path, s_line, "subthemes", "a sub-theme (a mapping of keys)", repr(sub)
                    )
                )
                continue
            for key in sorted(set(sub) - set(SUBTHEME_KEYS)):
                problems.append(
                    Problem(
                        path,
                        _nearest_line(lines, (*s_where, key)),
                        key,
                        "one of " + ", ".join(SUBTHEME_KEYS),
                        f"the unknown key {key!r}",
                    )
                )
            s_code = _text_field(sub, "code", s_where, path, lines, problems)
            c_line = _nearest_line(lines, (*s_where, "code"))
            if s_code and code and not re.fullmatch(re.escape(code) + r"\.[A-Za-z0-9]+", s_code):
                problems.append(
                    Problem(
                        path,
                        c_line,
                        "code",
                        f"the theme code, a dot and a number, such as {code}.1",
                        repr(s_code),
                    )
                )
            if s_code:
                claim(s_code, c_line)
            subthemes.append(
                SubTheme(
                    s_code,
                    _text_field(sub, "name", s_where, path, lines, problems),
                    _text_field(sub, "definition", s_where, path, lines, problems),
                )
            )
        themes.append(
            Theme(
                code,
                name,
                definition,
                finding,
                tuple(f for f, _ in explores),
                tuple(e for e, _ in cited),
                tuple(subthemes),
            )
        )
    return Codebook(tuple(themes))


# ---------------------------------------------------------------------------
# Findings of the strands explored
# ---------------------------------------------------------------------------


def explored_findings(
    strands: list[str], files: Mapping[str, Path] | None, problems: list[Problem]
) -> dict[str, dict[str, Any]] | None:
    """Every finding of the strands this one explores, by id.

    Parameters
    ----------
    strands : list of str
        Strand ids (``["strand3", "strand4"]``).
    files : mapping, optional
        Strand id -> findings file (default: the build's ``findings.json``).
    problems : list of Problem
        A missing or invalid findings file is appended here.

    Returns
    -------
    dict or None
        Finding id -> the finding, with ``strand``, ``strand_title`` and
        ``file`` added; None when any file could not be read.
    """
    found: dict[str, dict[str, Any]] = {}
    ok = True
    for strand in strands:
        path = Path(files[strand]) if files and strand in files else findings_path(strand)
        if not path.is_file():
            problems.append(
                Problem(
                    path,
                    None,
                    None,
                    f"the findings of {strand} (build them: make {strand})",
                    "no such file",
                )
            )
            ok = False
            continue
        try:
            doc = findings_mod.load(strand, path)
        except (CsrrError, ValueError) as exc:
            # The message already starts with the file's name; say it once.
            message = str(exc).splitlines()[0].removeprefix(f"{relative(path)}: ")
            problems.append(Problem(path, None, None, "a valid findings file", message))
            ok = False
            continue
        for finding in doc["findings"]:
            found[finding["id"]] = {
                **finding,
                "strand": strand,
                "strand_title": doc["title"],
                "file": str(path),
            }
    return found if ok else None


# ---------------------------------------------------------------------------
# Redaction list
# ---------------------------------------------------------------------------


def redaction_lists(
    data_dir: Path, params: Mapping[str, Any], problems: list[Problem]
) -> dict[str, list[str]]:
    """The redaction list: the params' lists plus the data folder's ``redaction.yml``.

    Parameters
    ----------
    data_dir : Path
        The data folder (``data/demo``); its ``strand5/redaction.yml`` is optional.
    params : mapping
        Holds ``redaction``: ``{"people": [...], "places": [...], "organisations": [...]}``.
    problems : list of Problem
        A malformed ``redaction.yml`` is reported here.
    """
    merged = {key: list(params.get("redaction", {}).get(key, [])) for key in CATEGORIES}
    path = Path(data_dir) / STRAND / REDACTION_FILE
    if not path.is_file():
        return merged
    data, lines = _read_yaml(path, problems)
    if data is None:
        return merged
    if not isinstance(data, dict):
        problems.append(
            Problem(
                path,
                1,
                None,
                "a mapping of people, places and organisations",
                repr(type(data).__name__),
            )
        )
        return merged
    for key, value in data.items():
        line = _nearest_line(lines, (key,))
        if key not in CATEGORIES:
            problems.append(
                Problem(
                    path,
                    line,
                    str(key),
                    "one of " + ", ".join(CATEGORIES),
                    f"the unknown key {key!r}",
                )
            )
        elif not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problems.append(Problem(path, line, key, "a list of names", repr(value)[:60]))
        else:
            merged[key] += value
    return merged


# ---------------------------------------------------------------------------
# Validation and loading
# ---------------------------------------------------------------------------


def split_codes(text: str) -> list[str]:
    """The codes of a ``codes`` cell, in order, without repeats."""
    codes = [c.strip() for c in str(text).split(CODE_SEPARATOR)]
    return list(dict.fromkeys(c for c in codes if c))


def _row(frame: pd.DataFrame, pos) -> int:
    return int(frame.index.get_loc(pos)) + 2


def _cross_checks(
    folder: Path,
    sessions: pd.DataFrame,
    participants: pd.DataFrame,
    segments: pd.DataFrame,
    codebook: Codebook | None,
    problems: list[Problem],
) -> None:
    """Checks between files: every id a row cites exists and agrees."""
    session_ids = set(sessions["session_id"].dropna()) if "session_id" in sessions else set()
    p_path, s_path, g_path = (
        folder / n for n in (PARTICIPANTS_FILE, SESSIONS_FILE, SEGMENTS_FILE)
    )
    home: dict[str, str] = {}
    if {"participant_id", "session_id"} <= set(participants.columns):
        for pos, row in participants.iterrows():
            home[row["participant_id"]] = row["session_id"]
            if session_ids and row["session_id"] not in session_ids:
                problems.append(
                    Problem(
                        p_path,
                        _row(participants, pos),
                        "session_id",
                        f"a session_id listed in {SESSIONS_FILE}",
                        repr(row["session_id"]),
                    )
                )
        counts = participants["session_id"].value_counts()
        if {"session_id", "participants"} <= set(sessions.columns):
            for pos, row in sessions.iterrows():
                listed = int(counts.get(row["session_id"], 0))
                if pd.notna(row["participants"]) and int(row["participants"]) != listed:
                    problems.append(
                        Problem(
                            s_path,
                            _row(sessions, pos),
                            "participants",
                            f"{listed}, the number of rows of {PARTICIPANTS_FILE} for {row['session_id']}",
                            repr(str(row["participants"])),
                        )
                    )
    if not {"participant_id", "session_id", "codes"} <= set(segments.columns):
        return
    for pos, row in segments.iterrows():
        line = _row(segments, pos)
        pid, sid = row["participant_id"], row["session_id"]
        if home and pid not in home:
            problems.append(
                Problem(
                    g_path,
                    line,
                    "participant_id",
                    f"a participant_id listed in {PARTICIPANTS_FILE}",
                    repr(pid),
                )
            )
        if session_ids and sid not in session_ids:
            problems.append(
                Problem(
                    g_path,
                    line,
                    "session_id",
                    f"a session_id listed in {SESSIONS_FILE}",
                    repr(sid),
                )
            )
        elif pid in home and home[pid] != sid:
            problems.append(
                Problem(
                    g_path,
                    line,
                    "session_id",
                    f"{home[pid]!r}, the session of participant {pid} in {PARTICIPANTS_FILE}",
                    repr(sid),
                )
            )
        if codebook is not None and pd.notna(row["codes"]):
            for code in split_codes(row["codes"]):
                if code not in codebook.codes:
                    problems.append(
                        Problem(
                            g_path,
                            line,
                            "codes",
                            f"codes from {CODEBOOK_FILE} ({', '.join(sorted(codebook.codes))})",
                            repr(code),
                        )
                    )


@dataclass
class Strand5Data:
    """The strand's inputs, checked, with excerpts made safe to publish.

    Attributes
    ----------
    sessions : pandas.DataFrame
        Sessions, with ``label`` ("focus group 3") and ``area_group`` added.
    participants : pandas.DataFrame
        Participants, with their session's ``mode``, ``label`` and ``area_group``.
    segments : pandas.DataFrame
        Coded segments: ``codes`` and ``themes`` (lists), ``approved``, and
        ``quote``: the redacted excerpt when approved, otherwise None. The
        raw excerpt is not kept.
    codebook : Codebook
        The themes.
    explored : dict
        Finding id -> finding of the strands explored (in their order).
    redactions : dict
        Identifiers replaced in approved excerpts, by category.
    redacted_quotes : int
        Approved excerpts that had at least one identifier replaced.
    """

    sessions: pd.DataFrame
    participants: pd.DataFrame
    segments: pd.DataFrame
    codebook: Codebook
    explored: dict[str, dict[str, Any]]
    redactions: dict[str, int] = field(default_factory=dict)
    redacted_quotes: int = 0


def _read_all(
    data_dir: Path,
    params: Mapping[str, Any],
    findings_files: Mapping[str, Path] | None,
    elements: list[str] | None,
    problems: list[Problem],
):
    folder = Path(data_dir) / STRAND
    sessions = read_table(folder / SESSIONS_FILE, SESSIONS, collect=problems)
    participants = read_table(folder / PARTICIPANTS_FILE, PARTICIPANTS, collect=problems)
    segments = read_table(folder / SEGMENTS_FILE, SEGMENTS, collect=problems)
    strands = list(params.get("explored_strands", ["strand3", "strand4"]))
    explored = explored_findings(strands, findings_files, problems)
    finding_files = (
        {fid: relative(Path(f["file"])) for fid, f in explored.items()}
        if explored is not None
        else None
    )
    codebook = parse_codebook(
        folder / CODEBOOK_FILE,
        finding_ids=finding_files,
        elements=elements if elements is not None else findings_mod.framework_ids(),
        problems=problems,
    )
    _cross_checks(folder, sessions, participants, segments, codebook, problems)
    lists = redaction_lists(data_dir, params, problems)
    return sessions, participants, segments, codebook, explored, lists


def validate(
    data_dir: Path,
    params: Mapping[str, Any],
    *,
    findings_files: Mapping[str, Path] | None = None,
    elements: list[str] | None = None,
) -> list[Problem]:
    """Every problem in the strand's inputs (an empty list when they are valid).

    Parameters
    ----------
    data_dir : Path
        The data folder (``data/demo``), holding ``strand5/``.
    params : mapping
        The strand's parameters (``explored_strands``, ``redaction``).
    findings_files : mapping, optional
        Strand id -> findings file, instead of the build's (tests).
    elements : list of str, optional
        Framework element ids, instead of ``params/synthesis.yml``'s.

    Returns
    -------
    list of Problem
        Each names the file, row, column, what was expected and what was found.
    """
    problems: list[Problem] = []
    _read_all(Path(data_dir), params, findings_files, elements, problems)
    return problems


def _labels(sessions: pd.DataFrame) -> pd.Series:
    """Attribution labels: each mode's sessions numbered in date order."""
    ordered = sessions.sort_values(["date", "session_id"])
    number = ordered.groupby("mode").cumcount() + 1
    return (ordered["mode"] + " " + number.astype(str)).reindex(sessions.index)


def load(
    data_dir: Path,
    params: Mapping[str, Any],
    *,
    findings_files: Mapping[str, Path] | None = None,
    elements: list[str] | None = None,
) -> Strand5Data:
    """Load the strand's inputs, made safe to publish.

    Unapproved excerpts lose their text here, and approved ones are
    redacted, before anything else can display or write them. As a last
    guard, a redacted quote in which the redactor still finds an identifier
    stops the build.

    Parameters
    ----------
    data_dir, params, findings_files, elements
        As for :func:`validate`.

    Returns
    -------
    Strand5Data

    Raises
    ------
    InputError
        Holding every problem found in the inputs.
    CsrrError
        If the redaction list is empty, or redaction left an identifier.
    """
    problems: list[Problem] = []
    sessions, participants, segments, codebook, explored, lists = _read_all(
        Path(data_dir), params, findings_files, elements, problems
    )
    if problems:
        raise InputError(problems)
    redactor = Redactor.from_mapping(lists)

    sessions = sessions.copy()
    sessions["participants"] = sessions["participants"].astype(int)
    sessions["label"] = _labels(sessions)
    sessions["area_group"] = sessions["area_type"].map(AREA_GROUPS)
    sessions = sessions.sort_values(["mode", "date", "session_id"]).reset_index(drop=True)

    info = sessions.set_index("session_id")[["mode", "label", "area_group"]]
    participants = participants.join(info, on="session_id").reset_index(drop=True)

    segments = segments.copy()
    segments["codes"] = segments["codes"].map(split_codes)
    segments["themes"] = segments["codes"].map(
        lambda codes: list(dict.fromkeys(codebook.theme(c).code for c in codes))
    )
    segments["approved"] = segments["approved"].astype(bool)
    totals: dict[str, int] = {}
    redacted_quotes = 0
    quotes: list[str | None] = []
    for seg_id, excerpt, approved in zip(
        segments["segment_id"], segments["excerpt"], segments["approved"], strict=True
    ):
        if not approved:
            quotes.append(None)
            continue
        result = redactor.redact(" ".join(str(excerpt).split()))
        if redactor.residue(result.text):
            # The message names the segment, never the identifier itself.
            raise CsrrError(f"{SEGMENTS_FILE}: segment {seg_id}: redaction left an identifier")
        for key, n in result.counts.items():
            totals[key] = totals.get(key, 0) + n
        redacted_quotes += bool(result.counts)
        quotes.append(result.text)
    segments["quote"] = quotes
    # The raw text goes now: nothing after this point can show it.
    segments = segments.drop(columns=["excerpt"])
    return Strand5Data(
        sessions=sessions,
        participants=participants,
        segments=segments,
        codebook=codebook,
        explored=explored,
        redactions=totals,
        redacted_quotes=redacted_quotes,
    )
