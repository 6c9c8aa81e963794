"""Strand 1 inputs: schemas, loading and validation.

Five files in ``<data_dir>/strand1/``: the search log, the screening record
of every record identified, the included studies, their outcome measures and
the BibTeX file of the included studies. Each CSV is described by a
:class:`~csrr.validation.TableSchema` (which also writes the data
dictionary). Beyond each file's own checks, :func:`validate` checks what ties
the files together: the PRISMA counts reconcile (:mod:`csrr.strand1.prisma`),
every country is on the high-income list in params, every outcome's study
exists, every citation key is in the .bib file, and every study's services
integrate children's services with health or adult social care.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from csrr.errors import InputError, Problem
from csrr.strand1 import STRAND, prisma
from csrr.strand1.config import Settings
from csrr.validation import Column, TableSchema, read_table

SEARCH_LOG = "search_log.csv"
SCREENING = "screening.csv"
STUDIES = "studies.csv"
OUTCOMES = "outcomes.csv"

DESIGNS = (
    "Randomised controlled trial",
    "Quasi-experimental study",
    "Cohort study",
    "Mixed-methods evaluation",
    "Qualitative study",
)
QUALITY = ("high", "moderate", "low")
DOMAINS = ("services", "experiences", "outcomes")
DIRECTIONS = ("positive", "no effect", "mixed", "negative")
POPULATIONS = (
    "Children aged 0 to 5 and their families",
    "Children in need and their families",
    "Children at risk of harm",
    "Children and young people with mental health needs",
    "Disabled children and children with complex health needs",
    "Families with parental mental ill health or substance use",
    "Disabled young people moving to adult services",
)
# Each service a study may integrate, and the side of the review question it
# sits on: a study is in scope only if it joins at least one children's
# service to at least one health or adult social care service.
SERVICES: dict[str, str] = {
    "children's social care": "children",
    "early years": "children",
    "education": "children",
    "health visiting": "health",
    "maternity": "health",
    "primary care": "health",
    "community paediatrics": "health",
    "child and adolescent mental health": "health",
    "adult mental health": "health",
    "substance use services": "health",
    "adult social care": "adult social care",
    "police": "other",
    "housing": "other",
}
SERVICE_SEPARATOR = ";"
# BibTeX entry types that are not references.
_BIB_SKIP = {"comment", "string", "preamble"}
_BIB_ENTRY = re.compile(r"@(\w+)\s*\{\s*([^,\s]+)\s*,", re.MULTILINE)
_BIB_YEAR = re.compile(r"\byear\s*=\s*[{\"]?\s*(\d{4})", re.IGNORECASE)

SEARCH_LOG_SCHEMA = TableSchema(
    name=SEARCH_LOG,
    description=(
        "One row per bibliographic database searched: when it was searched and how many "
        "records the search returned. The records found add up to the records identified "
        "in the PRISMA flow diagram, and each database's count must equal its rows in "
        "`screening.csv`."
    ),
    columns=[
        Column("database", "str", "Database and interface searched, such as MEDLINE (Ovid)."),
        Column("date_searched", "date", "Date the search was run.", minimum="1990-01-01"),
        # A rapid review's searches return hundreds to tens of thousands of
        # records; a million means a mistyped or pasted number.
        Column(
            "records_found", "int", "Records the search returned.", minimum=0, maximum=1_000_000
        ),
    ],
    unique=[("database",)],
)

SCREENING_SCHEMA = TableSchema(
    name=SCREENING,
    description=(
        "One row per record identified by the searches, in the order exported from the "
        "reference manager: whether it was removed as a duplicate, the title and abstract "
        "decision, the full-text decision and, for full texts excluded, the reason. Every "
        "count in the PRISMA flow diagram is counted from this file."
    ),
    columns=[
        Column("record_id", "str", "Record identifier.", pattern=r"R\d{5}"),
        Column("source", "str", "Database the record came from (a `database` in search_log.csv)."),
        Column(
            "duplicate", "bool", "Whether the record was removed as a duplicate before screening."
        ),
        Column(
            "title_abstract_decision",
            "str",
            "Decision on title and abstract; empty for duplicates.",
            nullable=True,
            allowed=(prisma.INCLUDE, prisma.EXCLUDE),
        ),
        Column(
            "full_text_decision",
            "str",
            "Decision on the full text; empty unless included at title and abstract.",
            nullable=True,
            allowed=(prisma.INCLUDE, prisma.EXCLUDE, prisma.NOT_RETRIEVED),
        ),
        Column(
            "exclusion_reason",
            "str",
            "Why the full text was excluded (one of `exclusion_reasons` in params/strand1.yml); "
            "empty otherwise.",
            nullable=True,
        ),
    ],
    unique=[("record_id",)],
)

STUDIES_SCHEMA = TableSchema(
    name=STUDIES,
    description=(
        "One row per included study: its citation key in `references.bib`, where and when "
        "it was done, its design and quality appraisal rating, the model of integration it "
        "evaluated, the services it joined up and the population served. `services_integrated` "
        "lists services separated by semicolons; it must join at least one children's service "
        "(children's social care, early years, education) to at least one health service or "
        "adult social care."
    ),
    columns=[
        Column("study_id", "str", "Study identifier.", pattern=r"S\d{3}"),
        Column(
            "record_id",
            "str",
            "The record in screening.csv the study was included from.",
            pattern=r"R\d{5}",
        ),
        Column(
            "citation_key",
            "str",
            "Key of the study's entry in references.bib, cited in the report.",
            pattern=r"[A-Za-z][A-Za-z0-9_:-]*",
        ),
        Column("year", "int", "Year of publication.", minimum=1990, maximum=2100),
        Column(
            "country",
            "str",
            "Country the study took place in, spelt as the World Bank spells it; must be on "
            "the high-income list in params/strand1.yml.",
        ),
        Column("study_design", "str", "Study design.", allowed=DESIGNS),
        Column("quality_rating", "str", "Quality appraisal rating.", allowed=QUALITY),
        Column(
            "integration_model",
            "str",
            "Model of integration evaluated (an `integration_models` id in params/strand1.yml).",
        ),
        Column("services_integrated", "str", "Services joined up, separated by semicolons."),
        Column("population", "str", "Population the model served.", allowed=POPULATIONS),
    ],
    unique=[("study_id",), ("record_id",), ("citation_key",)],
)

OUTCOMES_SCHEMA = TableSchema(
    name=OUTCOMES,
    description=(
        "One row per outcome measure reported by an included study: its domain (services, "
        "experiences or outcomes for children, young people and families) and the direction "
        "of effect the study reported for it."
    ),
    columns=[
        Column("study_id", "str", "Study (a `study_id` in studies.csv).", pattern=r"S\d{3}"),
        Column("domain", "str", "Outcome domain.", allowed=DOMAINS),
        Column("measure", "str", "What was measured."),
        Column("direction", "str", "Direction of effect reported.", allowed=DIRECTIONS),
    ],
    unique=[("study_id", "domain", "measure")],
)

SCHEMAS = (SEARCH_LOG_SCHEMA, SCREENING_SCHEMA, STUDIES_SCHEMA, OUTCOMES_SCHEMA)


@dataclass(frozen=True)
class BibEntry:
    """One entry of the BibTeX file (only what the checks need)."""

    key: str
    kind: str
    year: int | None
    line: int


@dataclass
class Review:
    """The validated inputs of the evidence review.

    Attributes
    ----------
    folder : Path
        ``<data_dir>/strand1``.
    search_log, screening, studies, outcomes : pandas.DataFrame
        The parsed files.
    references : dict
        BibTeX entries by key.
    counts : prisma.PrismaCounts
        The PRISMA 2020 numbers (reconciled).
    """

    folder: Path
    search_log: pd.DataFrame
    screening: pd.DataFrame
    studies: pd.DataFrame
    outcomes: pd.DataFrame
    references: dict[str, BibEntry]
    counts: prisma.PrismaCounts


def strand_folder(data_dir: Path | str) -> Path:
    """The strand's folder inside a data folder laid out like ``data/demo``."""
    return Path(data_dir) / STRAND


def read_bib(path: Path, problems: list[Problem]) -> dict[str, BibEntry]:
    """Read the keys (and years) of a BibTeX file.

    Parameters
    ----------
    path : Path
        The .bib file.
    problems : list of Problem
        Problems found are appended here (missing file, repeated key).

    Returns
    -------
    dict
        Entries by key. The file is not fully parsed: pandoc's citeproc
        reads it at render time; here we only need the keys to check the
        citations before any kernel starts.
    """
    if not path.is_file():
        problems.append(Problem(path, None, None, "this file to exist", "no such file"))
        return {}
    text = path.read_text(encoding="utf-8")
    starts = list(_BIB_ENTRY.finditer(text))
    entries: dict[str, BibEntry] = {}
    for index, match in enumerate(starts):
        kind, key = match.group(1).lower(), match.group(2)
        if kind in _BIB_SKIP:
            continue
        end = starts[index + 1].start() if index + 1 < len(starts) else len(text)
        year = _BIB_YEAR.search(text, match.end(), end)
        line = text.count("\n", 0, match.start()) + 1
        if key in entries:
            problems.append(
                Problem(
                    path,
                    None,
                    "key",
                    f"each key once (first at line {entries[key].line})",
                    f"'{key}' again at line {line}",
                )
            )
            continue
        entries[key] = BibEntry(key, kind, int(year.group(1)) if year else None, line)
    if not entries:
        problems.append(Problem(path, None, None, "at least one BibTeX entry", "none"))
    return entries


def _row(position: int) -> int:
    """Spreadsheet row of the frame row at ``position`` (header is row 1)."""
    return position + 2


def _cross_checks(
    files: dict[str, Path],
    frames: dict[str, pd.DataFrame],
    references: dict[str, BibEntry],
    settings: Settings,
) -> list[Problem]:
    """Checks that tie the files to each other and to the params."""
    problems: list[Problem] = []
    log, screening, studies, outcomes = (
        frames["search_log"],
        frames["screening"],
        frames["studies"],
        frames["outcomes"],
    )
    # Screening: every record's source is a database of the search log, and
    # every exclusion reason is one the params allow.
    databases = set(log["database"])
    for pos, source in enumerate(screening["source"]):
        if source not in databases:
            problems.append(
                Problem(
                    files["screening"],
                    _row(pos),
                    "source",
                    f"a database listed in {SEARCH_LOG}",
                    repr(source),
                )
            )
            break
    reasons = set(settings.exclusion_reasons)
    for pos, reason in enumerate(screening["exclusion_reason"]):
        if pd.notna(reason) and str(reason).strip() and reason not in reasons:
            problems.append(
                Problem(
                    files["screening"],
                    _row(pos),
                    "exclusion_reason",
                    "one of the exclusion_reasons in params/strand1.yml",
                    repr(reason),
                )
            )
            break

    # Studies: country on the high-income list, model known, services in
    # scope, year in the search period, citation key (and year) in the .bib.
    countries = set(settings.high_income_countries)
    models = set(settings.model_ids)
    year_span = f"{settings.search_start_year} to {settings.search_end_year}"
    for pos, study in enumerate(studies.itertuples(index=False)):
        row = _row(pos)
        if study.country not in countries:
            problems.append(
                Problem(
                    files["studies"],
                    row,
                    "country",
                    f"a World Bank high-income country ({settings.income_classification_year} "
                    "classification, high_income_countries in params/strand1.yml)",
                    repr(study.country),
                )
            )
        if study.integration_model not in models:
            problems.append(
                Problem(
                    files["studies"],
                    row,
                    "integration_model",
                    f"one of {', '.join(settings.model_ids)}",
                    repr(study.integration_model),
                )
            )
        services = [s.strip() for s in str(study.services_integrated).split(SERVICE_SEPARATOR)]
        unknown = [s for s in services if s not in SERVICES]
        sides = {SERVICES.get(s) for s in services}
        if unknown:
            problems.append(
                Problem(
                    files["studies"],
                    row,
                    "services_integrated",
                    f"services from: {', '.join(SERVICES)}",
                    repr(unknown[0]),
                )
            )
        elif "children" not in sides or not sides & {"health", "adult social care"}:
            problems.append(
                Problem(
                    files["studies"],
                    row,
                    "services_integrated",
                    "a children's service joined to a health service or adult social care",
                    repr(study.services_integrated),
                )
            )
        if not settings.search_start_year <= int(study.year) <= settings.search_end_year:
            problems.append(
                Problem(
                    files["studies"],
                    row,
                    "year",
                    f"a year in the search period ({year_span})",
                    str(study.year),
                )
            )
        entry = references.get(study.citation_key)
        if entry is None:
            problems.append(
                Problem(
                    files["studies"],
                    row,
                    "citation_key",
                    f"a key in {settings.bibliography}",
                    repr(study.citation_key),
                )
            )
        elif entry.year is not None and entry.year != int(study.year):
            problems.append(
                Problem(
                    files["studies"],
                    row,
                    "year",
                    f"{entry.year}, the year of {study.citation_key} in {settings.bibliography}",
                    str(study.year),
                )
            )

    # Outcomes: every study id exists; every study reports at least one measure.
    known = set(studies["study_id"])
    for pos, study_id in enumerate(outcomes["study_id"]):
        if study_id not in known:
            problems.append(
                Problem(
                    files["outcomes"],
                    _row(pos),
                    "study_id",
                    f"a study_id in {STUDIES}",
                    repr(study_id),
                )
            )
    measured = set(outcomes["study_id"])
    for pos, study_id in enumerate(studies["study_id"]):
        if study_id not in measured:
            problems.append(
                Problem(
                    files["studies"],
                    _row(pos),
                    "study_id",
                    f"at least one outcome measure in {OUTCOMES}",
                    f"none for {study_id}",
                )
            )
    return problems


def _row_consistency(path: Path, screening: pd.DataFrame) -> list[Problem]:
    """Decisions that contradict each other within one record.

    Run only when the counts reconcile: errors that cancel out in the sums
    (a duplicate screened and a record left unscreened) still show here.
    """
    problems: list[Problem] = []
    ta = prisma._text(screening["title_abstract_decision"])
    ft = prisma._text(screening["full_text_decision"])
    reason = screening["exclusion_reason"].astype("string").fillna("").str.strip()
    duplicate = screening["duplicate"].fillna(False).astype(bool)
    rules = [
        (
            duplicate & (ta != ""),
            "title_abstract_decision",
            "an empty cell (duplicates are not screened)",
        ),
        (
            ~duplicate & (ta == ""),
            "title_abstract_decision",
            "include or exclude (the record is not a duplicate)",
        ),
        (
            (ta != prisma.INCLUDE) & (ft != ""),
            "full_text_decision",
            "an empty cell (the record was not included at title and abstract)",
        ),
        (
            (ft != prisma.EXCLUDE) & (reason != ""),
            "exclusion_reason",
            "an empty cell (the full text was not excluded)",
        ),
    ]
    for mask, column, expected in rules:
        hits = [i for i, flag in enumerate(mask.tolist()) if flag]
        if hits:
            pos = hits[0]
            found = screening[column].iloc[pos]
            shown = "an empty cell" if pd.isna(found) or str(found).strip() == "" else repr(found)
            problems.append(Problem(path, _row(pos), column, expected, shown))
    return problems


def _read(data_dir: Path, params: Mapping[str, Any], problems: list[Problem]):
    """Read and check every file, appending problems; return what was read."""
    settings = Settings.from_params(params)
    folder = strand_folder(data_dir)
    files = {
        "search_log": folder / SEARCH_LOG,
        "screening": folder / SCREENING,
        "studies": folder / STUDIES,
        "outcomes": folder / OUTCOMES,
    }
    frames: dict[str, pd.DataFrame] = {}
    clean = True
    for (name, path), schema in zip(files.items(), SCHEMAS, strict=True):
        before = len(problems)
        frames[name] = read_table(path, schema, collect=problems)
        clean = clean and len(problems) == before
    before = len(problems)
    references = read_bib(folder / settings.bibliography, problems)
    clean = clean and len(problems) == before
    counts = None
    # Checks across files need every file parsed; with broken files they
    # would only repeat the same problems in other words.
    if clean:
        problems.extend(_cross_checks(files, frames, references, settings))
        sums = prisma.reconcile(
            frames["search_log"],
            frames["screening"],
            frames["studies"],
            files,
            settings.exclusion_reasons,
        )
        problems.extend(sums)
        if not sums:
            problems.extend(_row_consistency(files["screening"], frames["screening"]))
        counts = prisma.count(
            frames["search_log"], frames["screening"], settings.exclusion_reasons
        )
    return folder, frames, references, counts


def validate(data_dir: Path, params: Mapping[str, Any]) -> list[Problem]:
    """Every problem in the strand's inputs (the runner calls this before any kernel).

    Parameters
    ----------
    data_dir : Path
        Data folder laid out like ``data/demo`` (the strand's files are in
        its ``strand1`` folder).
    params : mapping
        The report's merged parameters.

    Returns
    -------
    list of Problem
        Empty when the inputs are valid.

    Raises
    ------
    ParamsError
        If the parameters contradict each other (see :mod:`csrr.strand1.config`).
    """
    problems: list[Problem] = []
    _read(Path(data_dir), params, problems)
    return problems


def load(data_dir: Path, params: Mapping[str, Any]) -> Review:
    """Load the strand's inputs, or stop on the first problem.

    Parameters
    ----------
    data_dir : Path
        Data folder laid out like ``data/demo``.
    params : mapping
        The report's parameters (at least every key of ``params/strand1.yml``).

    Returns
    -------
    Review
        The validated data, with the PRISMA counts.

    Raises
    ------
    InputError
        Holding every problem found; its message is the first, on one line.
    """
    problems: list[Problem] = []
    folder, frames, references, counts = _read(Path(data_dir), params, problems)
    if problems:
        raise InputError(problems)
    studies = frames["studies"].sort_values("study_id", kind="stable").reset_index(drop=True)
    return Review(
        folder=folder,
        search_log=frames["search_log"],
        screening=frames["screening"],
        studies=studies,
        outcomes=frames["outcomes"],
        references=references,
        counts=counts,
    )
