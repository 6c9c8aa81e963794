"""Strand 2 inputs: structured case files, a theme codebook and a bibliography.

Case-study data are not tables. Each case is one YAML file in the strand's
data folder (``case-<id>.yml``): how the country organises children's social
care and the services it connects with, its integration arrangements, a
reform timeline, and coded enablers and barriers with evidence notes and
sources. ``themes.yml`` is the codebook the enablers and barriers are coded
against, and ``references.bib`` holds every source a case cites.

The structure of each file is declared once, as a JSON Schema with a
description on every entry (:data:`CASE_SCHEMA`, :data:`THEMES_SCHEMA`); the
same declarations check the files and write the data dictionary
(:func:`data_dictionary`), so the documentation cannot drift from the checks.
Checks that span files (a theme code must be in the codebook, a source in
the bibliography, years in the range set in ``params/strand2.yml``) follow.

Case files sit beside ``themes.yml`` rather than in a sub-folder because the
Makefile tracks the files directly inside a strand's data folder: editing a
case then rebuilds the reports.

Every problem is one line naming the file, the line, the entry and what was
expected, for example::

    data/demo/strand2/case-country-b.yml: line 57: enablers[2].theme: expected a
    theme code from themes.yml (E01 ... B09), found 'E99'

Entries are numbered from 1 (``enablers[2]`` is the second enabler), the way
a reader counts them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator

from csrr import yamlfile
from csrr.errors import DuplicateKeyError, InputError, Problem
from csrr.paths import relative

STRAND = "strand2"
THEMES_FILE = "themes.yml"
BIB_FILE = "references.bib"
CASE_PREFIX = "case-"
CASE_GLOB = f"{CASE_PREFIX}*.yml"

# Controlled vocabularies. Codes are what the files hold; labels are what
# the reports print. Order matters: it is the order of rows, columns and
# legends in every table and figure.
LEVELS: dict[str, str] = {"national": "National", "regional": "Regional", "local": "Local"}
SERVICES: dict[str, str] = {
    "childrens-social-care": "Children's social care",
    "child-health": "Children's health",
    "education": "Education",
    "adult-social-care": "Adult social care",
}
REFORM_SERVICES: dict[str, str] = {"policing": "Policing", "fire-and-rescue": "Fire and rescue"}
# What the bodies of each reformed service are called, for prose
# ("eight regional police forces").
REFORM_BODIES: dict[str, str] = {
    "policing": "police forces",
    "fire-and-rescue": "fire and rescue services",
}
CASE_KINDS: dict[str, str] = {
    "country": "Country case: a national model of children's services",
    "reform": "Reform case: a national reorganisation of public services in Scotland",
}
FUNDING_MODELS: dict[str, str] = {
    "local-taxation": "Mainly local taxation, with national equalisation grants",
    "national-grant": "Mainly national government grant",
    "social-insurance": "Social insurance for health and long-term care; taxation for the rest",
    "mixed": "A mix of national grant and local taxation",
}
INTEGRATION_FORMS: dict[str, str] = {
    "structural-merger": "Structural merger",
    "joint-governance": "Joint governance",
    "pooled-budget": "Pooled budget",
    "multi-agency-team": "Multi-agency team",
    "co-location": "Co-location",
    "shared-data": "Shared data",
    "duty-to-cooperate": "Duty to co-operate",
}
EVENT_KINDS: dict[str, str] = {
    "legislation": "Legislation",
    "structural": "Structural change",
    "policy": "Policy or programme",
    "funding": "Funding change",
    "evaluation": "Evaluation or review",
}
THEME_KINDS: dict[str, str] = {"enabler": "Enabler", "barrier": "Barrier"}
# The first letter of a theme code says its kind, so a code read on its own
# (E04, B02) is never ambiguous.
THEME_PREFIX = {"enabler": "E", "barrier": "B"}

_TEXT = {"type": "string", "minLength": 1}
_YEAR = {"type": "integer"}
_KEY = {"type": "string", "pattern": r"^[A-Za-z0-9_:.-]+$"}


def _enum(vocabulary: dict[str, str], description: str) -> dict[str, Any]:
    return {"enum": list(vocabulary), "description": description}


def _coded(kind: str) -> dict[str, Any]:
    """Schema of one coded enabler or barrier."""
    return {
        "type": "array",
        "description": f"Coded {kind}s of the case, one entry per theme.",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["theme", "evidence", "source"],
            "properties": {
                "theme": {
                    "type": "string",
                    "description": f"Code of a{'n' if kind == 'enabler' else ''} {kind} "
                    f"theme in {THEMES_FILE} (codes start with {THEME_PREFIX[kind]}); "
                    "each theme at most once per case.",
                },
                "evidence": {
                    **_TEXT,
                    "description": "Short evidence note: what the source shows.",
                },
                "source": {**_KEY, "description": "Key of the source, one of the case's sources."},
            },
        },
    }


CASE_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "case-<id>.yml",
    "description": "One case study: a country's model of children's services, or the "
    "Scottish reform case.",
    "type": "object",
    "additionalProperties": False,
    "required": [
        "id",
        "name",
        "kind",
        "overview",
        "population",
        "population_year",
        "timeline",
        "enablers",
        "barriers",
        "sources",
    ],
    "properties": {
        "id": {
            "type": "string",
            "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$",
            "description": "Case id (lower case, hyphens); the file is named case-<id>.yml.",
        },
        "name": {**_TEXT, "description": "Name printed in the reports, such as Country A."},
        "kind": _enum(CASE_KINDS, "country or reform (see the list of kinds below)."),
        "overview": {**_TEXT, "description": "One-paragraph overview of the case."},
        "population": {
            "type": "integer",
            "minimum": 1,
            "description": "Resident population (people).",
        },
        "population_year": {
            **_YEAR,
            "description": "Year of the population figure (within the timeline range).",
        },
        "children": {
            "type": "integer",
            "minimum": 0,
            "description": "Population aged under 18 (required for country cases).",
        },
        "units": {
            "type": "object",
            "additionalProperties": False,
            "required": ["regional", "local"],
            "description": "Number of sub-national government bodies (required for country "
            "cases).",
            "properties": {
                "regional": {
                    "type": "integer",
                    "minimum": 0,
                    "description": "Regional bodies (regions, states, boards); 0 if none.",
                },
                "local": {
                    "type": "integer",
                    "minimum": 1,
                    "description": "Local bodies (municipalities, councils, districts).",
                },
            },
        },
        "funding": {
            "type": "object",
            "additionalProperties": False,
            "required": ["model", "description"],
            "description": "How the services are funded (required for country cases).",
            "properties": {
                "model": _enum(FUNDING_MODELS, "Funding model code (see the list below)."),
                "description": {**_TEXT, "description": "One or two sentences on funding."},
            },
        },
        "governance": {
            "type": "array",
            "minItems": 1,
            "description": "Which level governs and which delivers each service: exactly one "
            "entry per service (required for country cases).",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["service", "governs", "delivers"],
                "properties": {
                    "service": _enum(SERVICES, "Service code (see the list below)."),
                    "governs": _enum(
                        LEVELS,
                        "Level that holds the statutory responsibility and the main budget.",
                    ),
                    "delivers": _enum(
                        LEVELS, "Level at which the service is organised and provided day to day."
                    ),
                    "note": {**_TEXT, "description": "Optional qualification."},
                },
            },
        },
        "integration": {
            "type": "array",
            "description": "Formal arrangements that join services (required for country "
            "cases; may be empty).",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["name", "services", "level", "form", "since", "description"],
                "properties": {
                    "name": {**_TEXT, "description": "Name of the arrangement."},
                    "services": {
                        "type": "array",
                        "minItems": 2,
                        "uniqueItems": True,
                        "items": _enum(SERVICES, "Service code."),
                        "description": "The services it joins (at least two service codes).",
                    },
                    "level": _enum(LEVELS, "Level at which the services are joined."),
                    "form": _enum(INTEGRATION_FORMS, "Form of integration (see the list below)."),
                    "since": {
                        **_YEAR,
                        "description": "Year it began (within the timeline range).",
                    },
                    "description": {**_TEXT, "description": "One sentence on how it works."},
                },
            },
        },
        "reform": {
            "type": "object",
            "additionalProperties": False,
            "required": ["legislation", "established", "services"],
            "description": "The reorganisation itself (required for the reform case).",
            "properties": {
                "legislation": {**_TEXT, "description": "The Act that made the reform."},
                "legislation_source": {
                    **_KEY,
                    "description": "Optional key of the Act in the bibliography.",
                },
                "established": {
                    "type": "string",
                    "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
                    "description": "Date the new bodies were established (YYYY-MM-DD).",
                },
                "services": {
                    "type": "array",
                    "minItems": 1,
                    "description": "Each service reorganised.",
                    "items": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": [
                            "service",
                            "new_body",
                            "bodies_before",
                            "level_before",
                            "level_after",
                        ],
                        "properties": {
                            "service": _enum(REFORM_SERVICES, "Reformed service code."),
                            "new_body": {
                                **_TEXT,
                                "description": "The single body created, as written "
                                "mid-sentence (with 'the' if its name takes it).",
                            },
                            "bodies_before": {
                                "type": "integer",
                                "minimum": 2,
                                "description": "How many bodies it replaced.",
                            },
                            "level_before": _enum(LEVELS, "Level the service was run at before."),
                            "level_after": _enum(LEVELS, "Level it is run at after."),
                        },
                    },
                },
            },
        },
        "timeline": {
            "type": "array",
            "minItems": 1,
            "description": "Reform events in date order (each year no earlier than the one "
            "before, all within the timeline range in params/strand2.yml).",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["year", "kind", "event"],
                "properties": {
                    "year": {**_YEAR, "description": "Year of the event."},
                    "kind": _enum(EVENT_KINDS, "Kind of event (see the list below)."),
                    "event": {**_TEXT, "description": "What happened, in one sentence."},
                    "source": {**_KEY, "description": "Optional key of a source of the case."},
                },
            },
        },
        "enablers": _coded("enabler"),
        "barriers": _coded("barrier"),
        "sources": {
            "type": "array",
            "minItems": 1,
            "uniqueItems": True,
            "items": _KEY,
            "description": f"Keys of every source the case draws on, as in {BIB_FILE}.",
        },
    },
    "allOf": [
        {
            "if": {"properties": {"kind": {"const": "country"}}, "required": ["kind"]},
            "then": {"required": ["children", "units", "funding", "governance", "integration"]},
        },
        {
            "if": {"properties": {"kind": {"const": "reform"}}, "required": ["kind"]},
            "then": {"required": ["reform"]},
        },
    ],
}

THEMES_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": THEMES_FILE,
    "description": "The codebook of enablers and barriers every case is coded against.",
    "type": "object",
    "additionalProperties": False,
    "required": ["themes"],
    "properties": {
        "themes": {
            "type": "array",
            "minItems": 1,
            "description": "The themes: enablers first, then barriers.",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["code", "kind", "label", "definition", "element"],
                "properties": {
                    "code": {
                        "type": "string",
                        "pattern": r"^[EB][0-9]{2}$",
                        "description": "E and two digits for an enabler, B and two digits for "
                        "a barrier; unique.",
                    },
                    "kind": _enum(THEME_KINDS, "enabler or barrier (must match the code)."),
                    "label": {**_TEXT, "description": "Short name printed in tables."},
                    "definition": {**_TEXT, "description": "What counts as this theme."},
                    "element": {
                        "type": "string",
                        "description": "Id of the framework element (params/synthesis.yml) "
                        "the theme bears on.",
                    },
                },
            },
        }
    },
}


@dataclass(frozen=True)
class EntryProblem(Problem):
    """A problem in a structured (YAML or BibTeX) input file.

    It is a :class:`csrr.errors.Problem` (so :class:`InputError` and
    ``make validate`` treat it like any other) whose ``column`` holds the
    entry path (``enablers[2].theme``) and which adds the line number. Its
    message names the entry directly instead of calling it a column.

    Parameters
    ----------
    line : int or None
        Line of the file where the entry starts (1 is the first line).
    """

    line: int | None = None

    def __str__(self) -> str:
        where = [relative(Path(self.file))]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column:
            where.append(self.column)
        return f"{': '.join(where)}: expected {self.expected}, found {self.found}"


@dataclass(frozen=True)
class Theme:
    """One theme of the codebook."""

    code: str
    kind: str
    label: str
    definition: str
    element: str


@dataclass(frozen=True)
class Coded:
    """One coded enabler or barrier of a case."""

    theme: str
    evidence: str
    source: str


@dataclass(frozen=True)
class Event:
    """One reform event on a case's timeline."""

    year: int
    kind: str
    event: str
    source: str | None = None


@dataclass(frozen=True)
class Governance:
    """Who governs and who delivers one service in a case."""

    service: str
    governs: str
    delivers: str
    note: str | None = None


@dataclass(frozen=True)
class Arrangement:
    """A formal arrangement joining two or more services."""

    name: str
    services: tuple[str, ...]
    level: str
    form: str
    since: int
    description: str


@dataclass(frozen=True)
class ReformedService:
    """One service reorganised by the reform case."""

    service: str
    new_body: str
    bodies_before: int
    level_before: str
    level_after: str


@dataclass(frozen=True)
class Reform:
    """The reorganisation of the reform case."""

    legislation: str
    established: str
    services: tuple[ReformedService, ...]
    legislation_source: str | None = None


@dataclass(frozen=True)
class Case:
    """One case study, as read from ``case-<id>.yml``."""

    id: str
    name: str
    kind: str
    overview: str
    population: int
    population_year: int
    timeline: tuple[Event, ...]
    enablers: tuple[Coded, ...]
    barriers: tuple[Coded, ...]
    sources: tuple[str, ...]
    file: str
    children: int | None = None
    units: dict[str, int] | None = None
    funding_model: str | None = None
    funding_description: str | None = None
    governance: tuple[Governance, ...] = ()
    integration: tuple[Arrangement, ...] = ()
    reform: Reform | None = None

    @property
    def coded(self) -> tuple[Coded, ...]:
        """Enablers then barriers."""
        return self.enablers + self.barriers

    @property
    def themes(self) -> tuple[str, ...]:
        """Codes of every theme coded in the case."""
        return tuple(c.theme for c in self.coded)


@dataclass(frozen=True)
class CaseStudies:
    """Everything strand 2 reads: the codebook, the cases and the source keys."""

    themes: tuple[Theme, ...]
    cases: tuple[Case, ...]
    bib_keys: tuple[str, ...] = field(default_factory=tuple)

    @property
    def countries(self) -> tuple[Case, ...]:
        """The country cases, in file order."""
        return tuple(c for c in self.cases if c.kind == "country")

    @property
    def reform(self) -> Case:
        """The reform case (validation guarantees there is exactly one)."""
        return next(c for c in self.cases if c.kind == "reform")

    def theme(self, code: str) -> Theme:
        """The theme with this code."""
        return next(t for t in self.themes if t.code == code)


# --- Reading YAML with line numbers -------------------------------------------------------


def entry_name(path: Iterable[str | int]) -> str:
    """Write an entry path as a reader would: ``enablers[2].theme`` (counted from 1).

    Parameters
    ----------
    path : iterable of str or int
        Keys and zero-based list positions, as Python indexes them.
    """
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += ("." if text else "") + str(part)
    return text


def _index_lines(node: yaml.Node, path: tuple, lines: dict) -> None:
    """Record the line where each entry starts."""
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            # A key's line is where the key is written, which is where a
            # reader looks, even when its value starts on the next line.
            _index_lines(value_node, path + (key,), lines)
            lines[path + (key,)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _index_lines(item, path + (index,), lines)


def read_yaml(path: Path, problems: list[Problem]) -> tuple[Any, dict[tuple, int]]:
    """Read a YAML file, recording where every entry starts.

    Parameters
    ----------
    path : Path
        The file.
    problems : list of Problem
        Problems are appended here (missing file, bad YAML, repeated key).

    Returns
    -------
    (object, dict)
        The parsed content (None when unreadable) and a map from entry path
        (tuple of keys and zero-based positions) to line number.
    """
    if not path.is_file():
        problems.append(EntryProblem(path, None, None, "this file to exist", "no such file"))
        return None, {}
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        problems.append(EntryProblem(path, None, None, "a UTF-8 text file", "other bytes"))
        return None, {}
    try:
        data, node = yamlfile.parse(path, text)
    except DuplicateKeyError as exc:
        # Reported once, as itself: the rest of the file is not checked
        # against a mapping that lost one of its values.
        problems.append(exc.problem)
        return None, {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "invalid YAML"
        problems.append(
            EntryProblem(
                path,
                None,
                None,
                "valid YAML",
                problem,
                line=mark.line + 1 if mark is not None else None,
            )
        )
        return None, {}
    lines: dict[tuple, int] = {}
    if node is not None:
        _index_lines(node, (), lines)
    return data, lines


def _line(lines: dict[tuple, int], path: tuple) -> int | None:
    """Line of an entry, or of its nearest enclosing entry that exists."""
    path = tuple(path)
    while path not in lines and path:
        path = path[:-1]
    return lines.get(path)


def _problem(file: Path, lines: dict, path: tuple, expected: str, found: str) -> EntryProblem:
    return EntryProblem(
        file, None, entry_name(path) or None, expected, found, line=_line(lines, path)
    )


def _shown(value: Any) -> str:
    """A found value as the message shows it (short, quoted like Python)."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if value is None:
        return "an empty value"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# --- Structure: the JSON Schemas ------------------------------------------------------------

_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "array": "a list",
    "object": "a mapping of keys to values",
    "boolean": "true or false",
}


def _expectation(node: dict[str, Any]) -> str:
    """What a schema node accepts, in words (also used by the data dictionary)."""
    if "enum" in node:
        return "one of " + ", ".join(str(v) for v in node["enum"])
    if "const" in node:
        return repr(node["const"])
    kind = node.get("type")
    text = _TYPE_WORDS.get(kind, "a value") if isinstance(kind, str) else "a value"
    if kind == "string" and node.get("minLength"):
        text = "text (not empty)"
    if "pattern" in node:
        text += f" matching {node['pattern']}"
    if "minimum" in node:
        text += f" of at least {node['minimum']}"
    if "minItems" in node:
        text += f" of at least {node['minItems']} entr{'y' if node['minItems'] == 1 else 'ies'}"
    if node.get("uniqueItems"):
        text += ", without repeats"
    return text


def _schema_problems(
    data: Any, schema: dict[str, Any], file: Path, lines: dict
) -> list[EntryProblem]:
    """Check ``data`` against a JSON Schema; one problem per broken rule, in file order."""
    found: dict[tuple[str, str], EntryProblem] = {}
    for err in Draft202012Validator(schema).iter_errors(data):
        path = tuple(err.absolute_path)
        node = err.schema if isinstance(err.schema, dict) else {}
        if err.validator == "required":
            props = node.get("properties") or _properties_at(schema, path)
            for key in err.validator_value:
                if isinstance(err.instance, dict) and key not in err.instance:
                    what = _short((props.get(key) or {}).get("description", ""))
                    expected = "this required " + ("section" if not path else "entry")
                    expected += f" ({what})" if what else ""
                    # A missing top-level section has no line of its own; a
                    # missing entry of a list item is shown at that item.
                    problem = EntryProblem(
                        file,
                        None,
                        entry_name(path + (key,)),
                        expected,
                        "none",
                        line=_line(lines, path) if path else None,
                    )
                    found.setdefault((problem.column or "", "required"), problem)
            continue
        if err.validator == "additionalProperties":
            allowed = list(node.get("properties", {}))
            for key in err.instance:
                if key not in allowed:
                    problem = _problem(
                        file,
                        lines,
                        path + (key,),
                        "only the keys " + ", ".join(allowed),
                        f"an unknown key '{key}'",
                    )
                    found.setdefault((problem.column or "", "unknown"), problem)
            continue
        if err.validator in ("if", "allOf"):
            continue
        if err.validator == "uniqueItems":
            expected = "no repeated entries"
        elif err.validator == "minItems":
            expected = f"at least {err.validator_value} entr" + (
                "y" if err.validator_value == 1 else "ies"
            )
        else:
            expected = _expectation(node)
        problem = _problem(file, lines, path, expected, _shown(err.instance))
        found.setdefault((problem.column or "", err.validator), problem)
    return sorted(found.values(), key=lambda p: (p.line or 0, p.column or ""))


def _short(description: str) -> str:
    """A description cut to its first clause, for messages."""
    text = re.split(r" \(|\. |;", description.strip(), maxsplit=1)[0].rstrip(".")
    return text[:1].lower() + text[1:]


def _properties_at(schema: dict[str, Any], path: tuple) -> dict[str, Any]:
    """The ``properties`` of the schema node that describes ``path``."""
    node = schema
    for part in path:
        node = node.get("items", {}) if isinstance(part, int) else node.get("properties", {})
        if not isinstance(part, int):
            node = node.get(part, {})
    return node.get("properties", {})


# --- Files ----------------------------------------------------------------------------------

_BIB_ENTRY = re.compile(r"@(\w+)\s*\{\s*([^,\s]+)\s*,")


def read_bib_keys(path: Path, problems: list[Problem]) -> tuple[str, ...]:
    """Citation keys of a BibTeX file (problems: missing file, repeated key, no entries)."""
    if not path.is_file():
        problems.append(EntryProblem(path, None, None, "this file to exist", "no such file"))
        return ()
    text = path.read_text(encoding="utf-8")
    keys: list[str] = []
    for match in _BIB_ENTRY.finditer(text):
        if match.group(1).lower() in ("comment", "string", "preamble"):
            continue
        key = match.group(2)
        if key in keys:
            line = text.count("\n", 0, match.start()) + 1
            problems.append(
                EntryProblem(path, None, key, "each key once", "a second entry", line=line)
            )
        keys.append(key)
    if not keys:
        problems.append(EntryProblem(path, None, None, "BibTeX entries", "none"))
    return tuple(dict.fromkeys(keys))


def read_themes(path: Path, elements: Iterable[str], problems: list[Problem]) -> tuple[Theme, ...]:
    """Read and check the codebook.

    Parameters
    ----------
    path : Path
        ``themes.yml``.
    elements : iterable of str
        Framework element ids a theme may bear on (``params/synthesis.yml``).
    problems : list of Problem
        Problems are appended here.

    Returns
    -------
    tuple of Theme
        The themes that passed every check, in file order.
    """
    before = len(problems)
    data, lines = read_yaml(path, problems)
    if data is None and len(problems) > before:  # missing or unreadable: said already
        return ()
    found = _schema_problems(data, THEMES_SCHEMA, path, lines)
    problems.extend(found)
    if not isinstance(data, dict) or not isinstance(data.get("themes"), list):
        return ()
    elements = list(elements)
    themes: list[Theme] = []
    seen: set[str] = set()
    bad_entries = {p.column.split(".")[0] for p in found if p.column}
    for index, item in enumerate(data["themes"]):
        where = ("themes", index)
        if entry_name(where) in bad_entries or not isinstance(item, dict):
            continue
        code, kind = item["code"], item["kind"]
        if code in seen:
            problems.append(
                _problem(path, lines, where + ("code",), "each code once", f"a second {code!r}")
            )
            continue
        seen.add(code)
        if code[0] != THEME_PREFIX[kind]:
            problems.append(
                _problem(
                    path,
                    lines,
                    where + ("code",),
                    f"a code starting with {THEME_PREFIX[kind]} for a theme of kind {kind}",
                    repr(code),
                )
            )
            continue
        if item["element"] not in elements:
            # Reported here; the theme stays in the codebook so that the cases
            # coding it are not reported again for an unknown code.
            problems.append(
                _problem(
                    path,
                    lines,
                    where + ("element",),
                    "a framework element id from params/synthesis.yml ("
                    + ", ".join(elements)
                    + ")",
                    repr(item["element"]),
                )
            )
        themes.append(Theme(code, kind, item["label"], item["definition"], item["element"]))
    # Enablers first, then barriers, each in code order: the order of every table.
    order = list(THEME_KINDS)
    return tuple(sorted(themes, key=lambda t: (order.index(t.kind), t.code)))


def _code_range(themes: Iterable[Theme]) -> str:
    codes = [t.code for t in themes]
    return f"{codes[0]} ... {codes[-1]}" if codes else "none defined"


def _year_range(params: dict[str, Any]) -> tuple[int, int]:
    return int(params["timeline_first_year"]), int(params["timeline_last_year"])


def _check_year(
    value: Any,
    params: dict[str, Any],
    file: Path,
    lines: dict,
    path: tuple,
    problems: list[Problem],
) -> bool:
    """A year within the range set in params; returns whether it passed."""
    first, last = _year_range(params)
    if isinstance(value, int) and not isinstance(value, bool) and not first <= value <= last:
        problems.append(
            _problem(
                file,
                lines,
                path,
                f"a year from {first} to {last} (timeline_first_year and timeline_last_year "
                "in params/strand2.yml)",
                repr(value),
            )
        )
        return False
    return True


def _case_checks(
    data: dict[str, Any],
    file: Path,
    lines: dict,
    themes: tuple[Theme, ...],
    bib_keys: tuple[str, ...],
    params: dict[str, Any],
) -> list[Problem]:
    """Checks a schema cannot express: file name, codebook, sources, years, coverage."""
    problems: list[Problem] = []
    expected_id = file.stem.removeprefix(CASE_PREFIX)
    if isinstance(data.get("id"), str) and data["id"] != expected_id:
        problems.append(
            _problem(
                file,
                lines,
                ("id",),
                f"{expected_id!r} (the file is named {file.name})",
                repr(data["id"]),
            )
        )

    # Sources: every key in the bibliography, every citation among the case's sources.
    sources = data.get("sources") if isinstance(data.get("sources"), list) else []
    for index, key in enumerate(sources):
        if isinstance(key, str) and bib_keys and key not in bib_keys:
            problems.append(
                _problem(file, lines, ("sources", index), f"a key in {BIB_FILE}", repr(key))
            )

    def cited(path: tuple, key: Any) -> None:
        if isinstance(key, str) and key not in sources:
            shown = ", ".join(str(s) for s in sources) or "none listed"
            problems.append(
                _problem(file, lines, path, f"one of this case's sources ({shown})", repr(key))
            )

    # Coded themes: a known code of the right kind, each at most once.
    known = {t.code: t for t in themes}
    for section, kind in (("enablers", "enabler"), ("barriers", "barrier")):
        items = data.get(section) if isinstance(data.get(section), list) else []
        seen: set[str] = set()
        of_kind = [t for t in themes if t.kind == kind]
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            code = item.get("theme")
            path = (section, index, "theme")
            # With no themes read (themes.yml unreadable or empty, which it
            # reports itself), codes cannot be checked, as sources are not
            # without a bibliography: one problem, in the file that has it.
            if isinstance(code, str) and known:
                if code not in known:
                    problems.append(
                        _problem(
                            file,
                            lines,
                            path,
                            f"a theme code from {THEMES_FILE} ({_code_range(themes)})",
                            repr(code),
                        )
                    )
                elif known[code].kind != kind:
                    problems.append(
                        _problem(
                            file,
                            lines,
                            path,
                            f"a{'n' if kind == 'enabler' else ''} {kind} code from "
                            f"{THEMES_FILE} ({_code_range(of_kind)})",
                            f"{code!r}, a{'n' if known[code].kind == 'enabler' else ''} "
                            f"{known[code].kind}",
                        )
                    )
                elif code in seen:
                    problems.append(
                        _problem(
                            file, lines, path, "each theme once per case", f"a second {code!r}"
                        )
                    )
                seen.add(code)
            cited((section, index, "source"), item.get("source"))

    # Timeline: years in range and in order.
    events = data.get("timeline") if isinstance(data.get("timeline"), list) else []
    previous = None
    for index, item in enumerate(events):
        if not isinstance(item, dict):
            continue
        year = item.get("year")
        path = ("timeline", index, "year")
        if not isinstance(year, int) or isinstance(year, bool):
            continue
        in_range = _check_year(year, params, file, lines, path, problems)
        if in_range and previous is not None and year < previous:
            problems.append(
                _problem(
                    file,
                    lines,
                    path,
                    f"events in date order (a year no earlier than {previous}, the entry before)",
                    repr(year),
                )
            )
        previous = year
        if "source" in item:
            cited(("timeline", index, "source"), item["source"])

    _check_year(data.get("population_year"), params, file, lines, ("population_year",), problems)
    children, population = data.get("children"), data.get("population")
    if isinstance(children, int) and isinstance(population, int) and children > population:
        problems.append(
            _problem(
                file,
                lines,
                ("children",),
                f"no more than the population ({population})",
                repr(children),
            )
        )

    # Governance: exactly one entry per service.
    rows = data.get("governance") if isinstance(data.get("governance"), list) else []
    services_seen: list[str] = []
    for index, item in enumerate(rows):
        service = item.get("service") if isinstance(item, dict) else None
        if service in SERVICES:
            if service in services_seen:
                problems.append(
                    _problem(
                        file,
                        lines,
                        ("governance", index, "service"),
                        "each service once",
                        f"a second {service!r}",
                    )
                )
            services_seen.append(service)
    # A misspelt service is reported once, as unknown, not again as a gap.
    all_known = all(isinstance(r, dict) and r.get("service") in SERVICES for r in rows)
    if data.get("kind") == "country" and rows and all_known:
        missing = [s for s in SERVICES if s not in services_seen]
        if missing:
            problems.append(
                _problem(
                    file,
                    lines,
                    ("governance",),
                    "an entry for every service (" + ", ".join(SERVICES) + ")",
                    f"none for {missing[0]!r}",
                )
            )

    arrangements = data.get("integration") if isinstance(data.get("integration"), list) else []
    for index, item in enumerate(arrangements):
        if isinstance(item, dict):
            _check_year(
                item.get("since"), params, file, lines, ("integration", index, "since"), problems
            )

    reform = data.get("reform") if isinstance(data.get("reform"), dict) else {}
    if "legislation_source" in reform:
        cited(("reform", "legislation_source"), reform["legislation_source"])
    return problems


def _build_case(data: dict[str, Any], file: Path) -> Case:
    """Turn a checked case mapping into a :class:`Case`."""
    reform = None
    if data.get("reform"):
        r = data["reform"]
        reform = Reform(
            legislation=r["legislation"],
            established=r["established"],
            legislation_source=r.get("legislation_source"),
            services=tuple(ReformedService(**s) for s in r["services"]),
        )
    funding = data.get("funding") or {}
    return Case(
        id=data["id"],
        name=data["name"],
        kind=data["kind"],
        overview=" ".join(data["overview"].split()),
        population=data["population"],
        population_year=data["population_year"],
        children=data.get("children"),
        units=dict(data["units"]) if data.get("units") else None,
        funding_model=funding.get("model"),
        funding_description=funding.get("description"),
        governance=tuple(Governance(**g) for g in data.get("governance", [])),
        integration=tuple(
            Arrangement(**{**a, "services": tuple(a["services"])})
            for a in data.get("integration", [])
        ),
        reform=reform,
        timeline=tuple(Event(**e) for e in data["timeline"]),
        enablers=tuple(Coded(**c) for c in data["enablers"]),
        barriers=tuple(Coded(**c) for c in data["barriers"]),
        sources=tuple(data["sources"]),
        file=relative(file),
    )


def read_case(
    path: Path,
    themes: tuple[Theme, ...],
    bib_keys: tuple[str, ...],
    params: dict[str, Any],
    problems: list[Problem],
) -> Case | None:
    """Read and check one case file.

    Parameters
    ----------
    path : Path
        ``case-<id>.yml``.
    themes : tuple of Theme
        The codebook.
    bib_keys : tuple of str
        Keys of the bibliography.
    params : dict
        Strand parameters (``timeline_first_year``, ``timeline_last_year``).
    problems : list of Problem
        Problems are appended here.

    Returns
    -------
    Case or None
        The case, or None when it has any problem.
    """
    data, lines = read_yaml(path, problems)
    if data is None:
        if path.is_file() and not any(p.file == path for p in problems):
            problems.append(
                EntryProblem(path, None, None, "a case (a mapping of sections)", "an empty file")
            )
        return None
    found: list[Problem] = list(_schema_problems(data, CASE_SCHEMA, path, lines))
    if isinstance(data, dict):
        found.extend(_case_checks(data, path, lines, themes, bib_keys, params))
    found.sort(key=lambda p: (getattr(p, "line", None) or 0, p.column or ""))
    problems.extend(found)
    if found:
        return None
    return _build_case(data, path)


def _folder(data_dir: Path) -> Path:
    return Path(data_dir) / STRAND


def _read_all(data_dir: Path, params: dict[str, Any]) -> tuple[CaseStudies, list[Problem]]:
    """Read every input file, collecting every problem."""
    from csrr.findings import framework_ids

    folder = _folder(data_dir)
    problems: list[Problem] = []
    if not folder.is_dir():
        problems.append(
            EntryProblem(folder, None, None, "the strand 2 data folder", "no such folder")
        )
        return CaseStudies((), ()), problems
    themes = read_themes(folder / THEMES_FILE, framework_ids(), problems)
    bib_keys = read_bib_keys(folder / BIB_FILE, problems)
    files = sorted(folder.glob(CASE_GLOB))
    cases = []
    for file in files:
        case = read_case(file, themes, bib_keys, params, problems)
        if case is not None:
            cases.append(case)
    if not files:
        problems.append(EntryProblem(folder, None, None, f"case files named {CASE_GLOB}", "none"))
    # Country cases first, then the reform case; each kind in file order.
    order = list(CASE_KINDS)
    cases.sort(key=lambda c: (order.index(c.kind), c.id))
    if files and not any(p for p in problems if Path(p.file).name.startswith(CASE_PREFIX)):
        countries = [c for c in cases if c.kind == "country"]
        reforms = [c for c in cases if c.kind == "reform"]
        threshold = int(params["common_approach_min_countries"])
        if len(countries) < threshold:
            problems.append(
                EntryProblem(
                    folder,
                    None,
                    None,
                    f"at least {threshold} country cases (common_approach_min_countries in "
                    "params/strand2.yml)",
                    str(len(countries)),
                )
            )
        if len(reforms) != 1:
            problems.append(
                EntryProblem(
                    folder,
                    None,
                    None,
                    "exactly one case of kind reform (the Scottish reform case)",
                    str(len(reforms))
                    + (
                        " (" + ", ".join(Path(c.file).name for c in reforms) + ")"
                        if reforms
                        else ""
                    ),
                )
            )
    return CaseStudies(tuple(themes), tuple(cases), bib_keys), problems


def validate(data_dir: Path, params: dict[str, Any]) -> list[Problem]:
    """Check every strand 2 input; return every problem found (empty when all pass).

    Parameters
    ----------
    data_dir : Path
        The data folder (``data/demo``); strand 2 reads its ``strand2/`` folder.
    params : dict
        Merged parameters of the strand (the year range and the threshold).

    Returns
    -------
    list of Problem
        Each one line naming file, line, entry and expectation.
    """
    return _read_all(data_dir, params)[1]


def load(data_dir: Path, params: dict[str, Any]) -> CaseStudies:
    """Read every strand 2 input, or stop on the first problem.

    Parameters
    ----------
    data_dir : Path
        The data folder (``data/demo``).
    params : dict
        Merged parameters of the strand.

    Returns
    -------
    CaseStudies
        The codebook, the cases (countries first, then the reform case) and
        the bibliography's keys.

    Raises
    ------
    InputError
        Holding every problem, when there are any.
    """
    data, problems = _read_all(data_dir, params)
    if problems:
        raise InputError(problems)
    return data


# --- Data dictionary ------------------------------------------------------------------------


def _dictionary_rows(
    node: dict[str, Any], path: str, required: bool, *, item: bool = False
) -> list[str]:
    """Rows of the dictionary table for a schema node and everything under it.

    The items of a list of mappings get no row of their own: their entries
    (``enablers[].theme``) say all there is.
    """
    rows = []
    kind = node.get("type", "code" if "enum" in node else "")
    if path and not item:
        valid = _expectation(node)
        if kind == "integer" and path.endswith(("year", "since")):
            valid += " within the timeline range"
        valid = valid.replace("|", "\\|")
        needed = "yes" if required else "no"
        rows.append(
            f"| `{path}` | {kind or 'code'} | {valid} | {needed} | {node.get('description', '')} |"
        )
    if kind == "object":
        req = set(node.get("required", []))
        for key, child in node.get("properties", {}).items():
            rows += _dictionary_rows(child, f"{path}.{key}" if path else key, key in req)
    elif (
        kind == "array"
        and isinstance(node.get("items"), dict)
        and node["items"].get("type") == "object"
    ):
        rows += _dictionary_rows(node["items"], f"{path}[]", True, item=True)
    return rows


def _vocabulary(title: str, words: dict[str, str]) -> list[str]:
    return [f"**{title}**: " + "; ".join(f"`{k}` ({v})" for k, v in words.items()) + ".", ""]


def data_dictionary(intro: str) -> str:
    """The strand's data dictionary (Markdown), written from the schemas.

    Parameters
    ----------
    intro : str
        Paragraph describing the data set (and saying when it is illustrative).

    Returns
    -------
    str
        Markdown text ending with a newline.
    """
    head = "| Entry | Type | Valid values | Required | Description |"
    rule = "|---|---|---|---|---|"
    lines = ["# Strand 2 data dictionary: deep-dive case studies", "", intro.strip(), ""]
    lines += [
        "## Files",
        "",
        f"- `{THEMES_FILE}`: the codebook of enablers and barriers.",
        f"- `{CASE_GLOB}`: one file per case; the id after `{CASE_PREFIX}` names the case.",
        f"- `{BIB_FILE}`: BibTeX entries for every source the cases cite.",
        "",
        (
            "Case files sit directly in this folder (not in a sub-folder) so that `make` "
            "notices when one changes."
        ),
        "",
        f"## `{THEMES_FILE}`",
        "",
        THEMES_SCHEMA["description"],
        "",
        head,
        rule,
        *_dictionary_rows(THEMES_SCHEMA, "", True),
        "",
        f"## `{CASE_GLOB}`",
        "",
        CASE_SCHEMA["description"] + " Entries marked *required for country cases* or "
        "*required for the reform case* are required only for that kind of case. List "
        "entries are written `section[]` here; messages number them from 1 "
        "(`enablers[2]` is the second enabler).",
        "",
        head,
        rule,
        *_dictionary_rows(CASE_SCHEMA, "", True),
        "",
        "## Codes",
        "",
        *_vocabulary("Case kinds", CASE_KINDS),
        *_vocabulary("Levels", LEVELS),
        *_vocabulary("Services", SERVICES),
        *_vocabulary("Reformed services", REFORM_SERVICES),
        *_vocabulary("Funding models", FUNDING_MODELS),
        *_vocabulary("Integration forms", INTEGRATION_FORMS),
        *_vocabulary("Event kinds", EVENT_KINDS),
        "## Checks across files",
        "",
        (
            "- Every `theme` is a code in `themes.yml` of the right kind (enablers under "
            "`enablers`, barriers under `barriers`), at most once per case."
        ),
        (
            "- Every `source` is one of the case's `sources`, and every key in `sources` is "
            f"in `{BIB_FILE}`."
        ),
        (
            "- Timeline years are in date order, and every year (timeline, `since`, "
            "`population_year`) lies between `timeline_first_year` and `timeline_last_year` "
            "in `params/strand2.yml`."
        ),
        "- A country case has exactly one `governance` entry for each service.",
        (
            "- There are at least `common_approach_min_countries` country cases and exactly "
            "one reform case."
        ),
        "- A theme's `element` is a framework element id in `params/synthesis.yml`.",
        "",
        (
            "A problem stops the build with one line naming the file, the line, the entry and "
            "what was expected."
        ),
    ]
    return "\n".join(lines).rstrip() + "\n"
