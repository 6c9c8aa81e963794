"""Strand 4 inputs: the questionnaire, the responses, and how both are checked.

Two files sit in ``<data folder>/strand4/``:

- ``questionnaire.yml``: the response scale, the four scales (quality of
  experiences and outcomes; multi-agency working; transformational change;
  barriers), every Likert item with its wording, scale and reverse coding,
  and the codes and labels of the respondent profile questions;
- ``responses.csv``: one row per respondent: a random id, role group,
  sector, council area, years in role, one column per questionnaire item
  and a completion flag.

The responses schema is built from the questionnaire (its item columns and
the profile codes), so the same objects check the data and write the data
dictionary (``data/demo/strand4/README.md``). Every problem names the file,
the row (spreadsheet numbering: the header is row 1) and the column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from csrr import councils
from csrr.errors import CsrrError, DuplicateKeyError, InputError, ParamsError, Problem
from csrr.params import load_yaml
from csrr.paths import relative
from csrr.validation import (
    FIRST_DATA_ROW,
    Column,
    TableSchema,
    check_frame,
    read_strings,
    read_table,
)

STRAND = "strand4"
QUESTIONNAIRE_FILE = "questionnaire.yml"
RESPONSES_FILE = "responses.csv"
CLASSIFICATION_FILE = "classification.csv"

# The columns every responses file has besides the items, in file order.
ID, ROLE, SECTOR, COUNCIL, YEARS, COMPLETED = (
    "respondent_id",
    "role_group",
    "sector",
    "council_code",
    "years_in_role",
    "completed",
)
PROFILE_FIELDS = (ROLE, SECTOR, YEARS)
# Item ids look like ``qual_1``: a column of this shape that the
# questionnaire does not list is an unknown item, not an extra column.
ITEM_ID = re.compile(r"^[a-z]+_[0-9]+$")
# Respondent ids are random, so that no id says anything about who answered.
RESPONDENT_ID = r"R[0-9A-F]{8}"
# The four scales the survey measures, by id; a questionnaire must define
# exactly these (the report is written around them).
SCALE_IDS = ("quality", "multiagency", "change", "barriers")
# Arrangement codes written by strand 3 (a contract between the strands).
ARRANGEMENT_CODES = ("ijb-all", "ijb-health", "not-delegated", "lead-agency")


@dataclass(frozen=True)
class Item:
    """One Likert item.

    Attributes
    ----------
    id : str
        Column name in ``responses.csv``.
    scale : str
        Id of the scale it belongs to.
    text : str
        Wording as respondents saw it.
    short : str
        Short label for charts and tables.
    reverse : bool
        Negatively worded: agreement means a worse view, so the item is
        reverse coded (6 minus the answer) before scale scores are made.
    """

    id: str
    scale: str
    text: str
    short: str
    reverse: bool


@dataclass(frozen=True)
class Scale:
    """A group of items measuring one thing.

    Attributes
    ----------
    id : str
        One of :data:`SCALE_IDS`.
    name : str
        Name in the report.
    description : str
        What a high score means.
    short : str
        Short name for table headings (defaults to the name).
    """

    id: str
    name: str
    description: str
    short: str = ""

    @property
    def label(self) -> str:
        """Short name if there is one, else the name."""
        return self.short or self.name


@dataclass(frozen=True)
class Questionnaire:
    """The survey instrument, as ``questionnaire.yml`` describes it.

    Attributes
    ----------
    title : str
        Survey title.
    responses : dict
        Answer code (1 to 5) -> label, from strongly disagree to strongly agree.
    prefer_not_to_say : int
        Code of "prefer not to say" (kept apart from the 1 to 5 answers).
    scales : list of Scale
    items : list of Item
        In questionnaire order.
    profile : dict
        Profile field (role_group, sector, years_in_role) -> {"label": ...,
        "values": {code: label}} in display order.
    """

    title: str
    responses: dict[int, str]
    prefer_not_to_say: int
    scales: list[Scale]
    items: list[Item]
    profile: dict[str, dict[str, Any]]

    def items_of(self, scale: str) -> list[Item]:
        """Items of one scale, in questionnaire order."""
        return [item for item in self.items if item.scale == scale]

    def scale(self, scale_id: str) -> Scale:
        """The scale with this id."""
        return next(s for s in self.scales if s.id == scale_id)

    def labels(self, field: str) -> dict[str, str]:
        """Code -> label of a profile field, in display order."""
        return dict(self.profile[field]["values"])


@dataclass(frozen=True)
class _CodedColumn(Column):
    """A column whose valid values are described in words rather than listed."""

    words: str = ""

    def expectation(self, full: bool = False) -> str:
        return self.words or super().expectation(full)


def likert_column(item: Item, q: Questionnaire) -> Column:
    """The column of one item: an answer code, prefer not to say, or empty."""
    low, high = min(q.responses), max(q.responses)
    return _CodedColumn(
        item.id,
        "int",
        f"{item.text}{' (reverse coded)' if item.reverse else ''} Scale: {item.scale}.",
        nullable=True,
        allowed=tuple(sorted(q.responses)) + (q.prefer_not_to_say,),
        words=(
            f"an answer code from {low} to {high} or {q.prefer_not_to_say} (prefer not to say), "
            "or an empty cell (not answered)"
        ),
    )


def responses_schema(q: Questionnaire) -> TableSchema:
    """Schema of ``responses.csv`` for a questionnaire."""

    def coded(field: str, description: str) -> Column:
        values = q.labels(field)
        shown = "; ".join(f"`{k}` {v}" for k, v in values.items())
        return Column(field, "str", f"{description} Codes: {shown}.", allowed=tuple(values))

    columns = [
        Column(
            ID,
            "str",
            "Random respondent id (R and eight hexadecimal digits); carries no information.",
            pattern=RESPONDENT_ID,
        ),
        coded(ROLE, "Role group the respondent chose."),
        coded(SECTOR, "Employing sector."),
        _CodedColumn(
            COUNCIL,
            "str",
            "GSS code of the council area the respondent mainly works in (csrr.councils).",
            allowed=councils.CODES,
            words="the GSS code of one of Scotland's 32 council areas (S12000005 ... S12000050)",
        ),
        coded(YEARS, "Years in current role."),
    ]
    columns += [likert_column(item, q) for item in q.items]
    columns.append(
        Column(
            COMPLETED,
            "bool",
            "Whether the respondent reached the end of the survey. Incomplete "
            "responses are kept or dropped by the rule in params/strand4.yml "
            "(partial_min_share).",
        )
    )
    return TableSchema(
        RESPONSES_FILE,
        "One row per respondent. Item columns hold answer codes: "
        + "; ".join(f"{k} {v}" for k, v in q.responses.items())
        + f"; {q.prefer_not_to_say} prefer not to say; empty when not answered. "
        "A column named like an item (letters, underscore, number) that the "
        "questionnaire does not list is an error, as is a questionnaire item "
        "with no column.",
        columns,
        unique=[(ID,)],
    )


CLASSIFICATION_SCHEMA = TableSchema(
    CLASSIFICATION_FILE,
    "Integration arrangement of every council area, written by strand 3's full report.",
    [
        Column("council_code", "str", "GSS code of the council.", allowed=councils.CODES),
        Column("arrangement", "str", "Arrangement code.", allowed=ARRANGEMENT_CODES),
        Column("arrangement_label", "str", "Arrangement name."),
    ],
    unique=[("council_code",)],
)


# ---------------------------------------------------------------------------
# The questionnaire
# ---------------------------------------------------------------------------


def _yaml_problem(path: Path, key: str, expected: str, found: Any) -> Problem:
    # YAML has no rows: the key path stands in for the column.
    return Problem(path, None, key, expected, repr(found) if found is not None else "nothing")


def parse_questionnaire(path: Path) -> tuple[Questionnaire | None, list[Problem]]:
    """Read and check ``questionnaire.yml``.

    Returns
    -------
    (Questionnaire or None, list of Problem)
        The questionnaire (None when it cannot be built) and every problem.
    """
    path = Path(path)
    if not path.is_file():
        return None, [Problem(path, None, None, "this file to exist", "no such file")]
    try:
        raw = load_yaml(path)
    except DuplicateKeyError as exc:
        # One problem, in this file: the responses are not then checked
        # against a questionnaire that silently lost a value.
        return None, [exc.problem]
    except ParamsError as exc:  # not YAML, or not a mapping
        return None, [Problem(path, None, None, "a YAML mapping", str(exc).split(": ", 1)[-1])]
    problems: list[Problem] = []
    for key in ("title", "responses", "prefer_not_to_say", "scales", "items", "profile"):
        if key not in raw:
            problems.append(_yaml_problem(path, key, "this key", None))
    if problems:
        return None, problems

    responses = raw["responses"]
    if not isinstance(responses, dict) or sorted(responses) != [1, 2, 3, 4, 5]:
        problems.append(_yaml_problem(path, "responses", "labels for the codes 1 to 5", responses))
        responses = {}
    pnts = raw["prefer_not_to_say"]
    if not isinstance(pnts, int) or pnts in (responses or {}):
        problems.append(
            _yaml_problem(path, "prefer_not_to_say", "a whole number other than 1 to 5", pnts)
        )

    scales = []
    for k, entry in enumerate(raw["scales"] or []):
        if not isinstance(entry, dict) or not {"id", "name", "description"} <= set(entry):
            problems.append(_yaml_problem(path, f"scales[{k}]", "id, name and description", entry))
            continue
        scales.append(
            Scale(
                str(entry["id"]),
                str(entry["name"]),
                str(entry["description"]),
                str(entry.get("short", "")),
            )
        )
    ids = [s.id for s in scales]
    if sorted(ids) != sorted(SCALE_IDS):
        problems.append(
            _yaml_problem(path, "scales", f"exactly the scales {', '.join(SCALE_IDS)}", ids)
        )

    items = []
    seen: set[str] = set()
    for k, entry in enumerate(raw["items"] or []):
        where = f"items[{k}]"
        if not isinstance(entry, dict) or not {"id", "scale", "text", "short"} <= set(entry):
            problems.append(_yaml_problem(path, where, "id, scale, text and short", entry))
            continue
        item_id = str(entry["id"])
        if not ITEM_ID.fullmatch(item_id):
            problems.append(
                _yaml_problem(path, f"{where}.id", "letters, an underscore and a number", item_id)
            )
        if item_id in seen:
            problems.append(_yaml_problem(path, f"{where}.id", "an id not used before", item_id))
        seen.add(item_id)
        if entry["scale"] not in ids:
            problems.append(
                _yaml_problem(
                    path, f"{where}.scale", f"one of the scales {', '.join(ids)}", entry["scale"]
                )
            )
        reverse = entry.get("reverse", False)
        if not isinstance(reverse, bool):
            problems.append(_yaml_problem(path, f"{where}.reverse", "true or false", reverse))
        items.append(
            Item(item_id, str(entry["scale"]), str(entry["text"]), str(entry["short"]), reverse)
        )
    for scale_id in ids:
        if sum(item.scale == scale_id for item in items) < 2:
            problems.append(
                _yaml_problem(path, "items", f"at least two items in scale {scale_id}", None)
            )

    profile = raw["profile"] or {}
    for field in PROFILE_FIELDS:
        entry = profile.get(field)
        if (
            not isinstance(entry, dict)
            or not isinstance(entry.get("values"), dict)
            or not entry["values"]
        ):
            problems.append(
                _yaml_problem(path, f"profile.{field}", "a label and a mapping of values", entry)
            )
    if problems:
        return None, problems
    q = Questionnaire(
        title=str(raw["title"]),
        responses={int(k): str(v) for k, v in responses.items()},
        prefer_not_to_say=int(pnts),
        scales=[next(s for s in scales if s.id == sid) for sid in SCALE_IDS],
        items=items,
        profile={
            field: {
                "label": str(profile[field].get("label", field)),
                "values": {str(k): str(v) for k, v in profile[field]["values"].items()},
            }
            for field in PROFILE_FIELDS
        },
    )
    return q, []


# ---------------------------------------------------------------------------
# The responses
# ---------------------------------------------------------------------------


def _item_columns(raw: pd.DataFrame, q: Questionnaire, path: Path) -> list[Problem]:
    """Unknown items in the file, and questionnaire items missing from it."""
    known = {item.id for item in q.items}
    problems = [
        Problem(path, 1, col, "an item listed in questionnaire.yml", "an unknown item")
        for col in raw.columns
        if ITEM_ID.fullmatch(col) and col not in known
    ]
    problems += [
        Problem(path, 1, item.id, f"a column for questionnaire item {item.id}", "no such column")
        for item in q.items
        if item.id not in raw.columns
    ]
    return problems


def read_responses(
    path: Path, q: Questionnaire, problems: list[Problem] | None = None
) -> pd.DataFrame:
    """Read and check ``responses.csv`` against a questionnaire.

    Parameters
    ----------
    path : Path
        The file.
    q : Questionnaire
        The questionnaire it answers.
    problems : list of Problem, optional
        When given, problems are appended here instead of raised.

    Returns
    -------
    pandas.DataFrame
        Typed responses (items as nullable integers, ``completed`` as
        boolean), in file order.

    Raises
    ------
    InputError
        On any problem, unless ``problems`` is given.
    """
    path = Path(path)
    schema = responses_schema(q)
    found: list[Problem] = []
    raw = None
    if not path.is_file():
        found.append(Problem(path, None, None, "this file to exist", "no such file"))
    else:
        raw = read_strings(path, found)
    if raw is None:
        frame = pd.DataFrame(columns=[c.name for c in schema.columns])
    else:
        # Item columns first: a missing item would otherwise be reported by
        # the schema as a missing column without saying it is an item.
        found += _item_columns(raw, q, path)
        missing = {p.column for p in found if p.row == 1}
        present = TableSchema(
            schema.name,
            schema.description,
            [c for c in schema.columns if c.name not in missing],
            schema.unique,
        )
        frame, more = check_frame(raw, present, path)
        found += more
    if found:
        if problems is None:
            raise InputError(found)
        problems.extend(found)
    return frame


def validate(data_dir: Path, params: dict[str, Any]) -> list[Problem]:
    """Every problem in strand 4's inputs (``make validate`` and the runner call this).

    Parameters
    ----------
    data_dir : Path
        The data folder (``data/demo``); strand 4's files are in its
        ``strand4/`` folder.
    params : dict
        The report's parameters (unused: the inputs carry their own rules).
    """
    folder = Path(data_dir) / STRAND
    q, problems = parse_questionnaire(folder / QUESTIONNAIRE_FILE)
    if q is not None:
        read_responses(folder / RESPONSES_FILE, q, problems)
    return problems


@dataclass
class Survey:
    """Strand 4's validated inputs.

    Attributes
    ----------
    questionnaire : Questionnaire
    responses : pandas.DataFrame
        Every respondent, as in the file.
    """

    questionnaire: Questionnaire
    responses: pd.DataFrame


def load(data_dir: Path, params: dict[str, Any] | None = None) -> Survey:
    """Load and check strand 4's inputs.

    Raises
    ------
    InputError
        Holding every problem found (the build prints the first, in one line).
    """
    folder = Path(data_dir) / STRAND
    q, problems = parse_questionnaire(folder / QUESTIONNAIRE_FILE)
    if q is None:
        raise InputError(problems)
    return Survey(q, read_responses(folder / RESPONSES_FILE, q))


def load_classification(path: Path) -> pd.DataFrame:
    """Read strand 3's classification of councils by integration arrangement.

    Parameters
    ----------
    path : Path
        ``build/strand3/classification.csv``.

    Returns
    -------
    pandas.DataFrame
        council_code, arrangement, arrangement_label; one row per council.

    Raises
    ------
    CsrrError
        If the file is missing (build strand 3 first), or InputError when it
        does not cover every council or holds an unknown arrangement code.
    """

    path = Path(path)
    if not path.is_file():
        raise CsrrError(
            f"{relative(path)}: strand 3's classification not found (build strand 3 first: make strand3)"
        )
    frame = read_table(path, CLASSIFICATION_SCHEMA)
    missing = sorted(set(councils.CODES) - set(frame["council_code"]))
    if missing:
        raise InputError(
            [
                Problem(
                    path,
                    len(frame) + FIRST_DATA_ROW,
                    "council_code",
                    "a row for every council area",
                    f"no row for {missing[0]} ({councils.NAMES[missing[0]]})",
                )
            ]
        )
    return frame[["council_code", "arrangement", "arrangement_label"]].copy()
