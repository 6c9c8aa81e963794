"""Strand 3 inputs: what each file holds, how it is checked, and loading.

Three CSV files sit in ``<data folder>/strand3/``:

- ``integration.csv``: one row per council area, saying which children's
  functions its integration joint board (IJB) holds, whether it follows the
  Highland lead-agency model, and when its arrangement last changed;
- ``indicators.csv``: a council x year panel of children's outcome
  indicators with the council's deprivation and urban/rural class;
- ``workforce.csv``: a council x year panel of the wellbeing of the children's
  social work workforce (vacancies, sickness absence).

The schemas here are the single source of truth: the same objects check the
files on load and write the data dictionary (``data/demo/strand3/README.md``).
The study period bounds the year columns, so schemas are built from the
parameters (``study_start``, ``study_end``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from csrr import councils
from csrr.errors import InputError, Problem
from csrr.paths import PARAMS_DIR
from csrr.validation import FIRST_DATA_ROW, Column, TableSchema, read_table

STRAND = "strand3"
INTEGRATION_FILE = "integration.csv"
INDICATORS_FILE = "indicators.csv"
WORKFORCE_FILE = "workforce.csv"

# The four arrangements, in the order tables and legends show them. The codes
# are a contract: strand 4 compares survey scores by them and strand 5 reads
# them, so they must not change.
ARRANGEMENTS: dict[str, str] = {
    "ijb-all": "Children's health and social work delegated",
    "ijb-health": "Children's health only delegated",
    "not-delegated": "No children's services delegated",
    "lead-agency": "Lead-agency model (Highland)",
}
# What each arrangement means, for the typology table and the data dictionary.
ARRANGEMENT_DEFINITIONS: dict[str, str] = {
    "ijb-all": (
        "The integration joint board holds both children's community health "
        "services and children's social work."
    ),
    "ijb-health": (
        "The integration joint board holds children's community health "
        "services; children's social work stays with the council."
    ),
    "not-delegated": (
        "No children's services are delegated: the health board and the "
        "council run them, outside the integration joint board."
    ),
    "lead-agency": (
        "No integration joint board: the council leads children's services "
        "(including community child health) and the health board leads adult "
        "services, each on the other's behalf."
    ),
}

# Council-level urban/rural classes, from the most to the least urban. The
# adapter (csrr.strand3.realdata) derives them from the data-zone Urban Rural
# Classification by a stated population rule.
URBAN_RURAL: dict[str, str] = {
    "larger-urban": "Larger urban",
    "urban-mixed": "Urban with substantial rural",
    "mainly-rural": "Mainly rural",
    "islands-remote": "Islands and remote rural",
}

# Plausibility bounds of the indicators. Rates per 1,000 children above these
# have never been published for a Scottish council (2021 looked-after rates
# ran from about 4 to 27 per 1,000; child protection rates from about 1 to 7),
# so a value outside them is a keying or unit error, not an outlier.
LOOKED_AFTER_MAX = 100.0
CHILD_PROTECTION_MAX = 50.0
# A percentage.
PERCENT_MAX = 100.0
# Counts: about twice the largest council's (Glasgow: about 114,000 children
# aged 0 to 17; under 1,000 whole-time equivalent children and families
# social work staff), so real growth passes and a unit or keying error
# (whole Scotland, or a cost in pounds) does not.
CHILD_POPULATION_MAX = 250_000
STAFF_WTE_MAX = 2_000.0


def integration_schema(start: int, end: int) -> TableSchema:
    """Schema of ``integration.csv`` for a study running from ``start`` to ``end``.

    Parameters
    ----------
    start, end : int
        First and last year of the study period (``change_year`` must fall in it).

    Returns
    -------
    TableSchema
    """
    return TableSchema(
        name=INTEGRATION_FILE,
        description=(
            "One row per council area: its health and social care partnership, "
            "which children's functions are delegated to its integration joint "
            "board, whether it follows the Highland lead-agency model, and the year "
            "its current arrangement began if that was within the study period. "
            "The arrangement code used throughout the report is derived from the "
            "flags: lead agency gives `lead-agency`; children's health and social "
            "work both delegated give `ijb-all`; children's health alone gives "
            "`ijb-health`; neither gives `not-delegated`."
        ),
        columns=[
            Column(
                "council_code",
                "str",
                "GSS code of the council area (current codes, S12000005 to S12000050).",
                allowed=councils.CODES,
            ),
            Column("council_name", "str", "Council area name (must match the code)."),
            Column(
                "partnership",
                "str",
                "Health and social care partnership (Clackmannanshire and Stirling share one).",
            ),
            Column(
                "children_health_delegated",
                "bool",
                "Children's community health services are delegated to the IJB.",
            ),
            Column(
                "children_social_work_delegated",
                "bool",
                "Children's social work is delegated to the IJB.",
            ),
            Column(
                "justice_social_work_delegated",
                "bool",
                "Justice social work is delegated to the IJB.",
            ),
            Column(
                "lead_agency",
                "bool",
                "The area follows the lead-agency model instead of an IJB (Highland).",
            ),
            Column(
                "change_year",
                "int",
                "First year of the current arrangement, when it changed within the "
                "study period; empty if unchanged.",
                nullable=True,
                minimum=start,
                maximum=end,
            ),
            Column(
                "previous_arrangement",
                "str",
                "Arrangement code before `change_year`; empty if unchanged.",
                nullable=True,
                allowed=tuple(ARRANGEMENTS),
            ),
        ],
        unique=[("council_code",)],
        checks=[_check_names, _check_all_councils, _check_arrangements],
    )


def indicators_schema(start: int, end: int) -> TableSchema:
    """Schema of ``indicators.csv`` (council x year outcome panel).

    Parameters
    ----------
    start, end : int
        First and last year of the study period.

    Returns
    -------
    TableSchema
    """
    return TableSchema(
        name=INDICATORS_FILE,
        description=(
            "A council x year panel. Rates are those ScotPHO publishes: children "
            "looked after on 31 July per 1,000 children aged 0 to 17, and children "
            "on the child protection register on 31 July per 1,000 children aged 0 "
            "to 15. Deprivation is the share of the council's population living in "
            "data zones in the most deprived fifth (quintile 1) of the Scottish "
            "Index of Multiple Deprivation edition in force that year. Empty cells "
            "are values not published (for example suppressed small counts)."
        ),
        columns=[
            Column("council_code", "str", "GSS code of the council area.", allowed=councils.CODES),
            Column("year", "int", "Year of the snapshot.", minimum=start, maximum=end),
            Column(
                "looked_after_rate",
                "float",
                "Children looked after per 1,000 children aged 0 to 17.",
                nullable=True,
                minimum=0.0,
                maximum=LOOKED_AFTER_MAX,
            ),
            Column(
                "child_protection_rate",
                "float",
                "Children on the child protection register per 1,000 children aged 0 to 15.",
                nullable=True,
                minimum=0.0,
                maximum=CHILD_PROTECTION_MAX,
            ),
            Column(
                "child_population",
                "int",
                "Mid-year estimate of children aged 0 to 17.",
                nullable=True,
                minimum=0,
                maximum=CHILD_POPULATION_MAX,
            ),
            Column(
                "simd_most_deprived_share",
                "float",
                "Percentage of the population in SIMD quintile 1 (most deprived 20%).",
                minimum=0.0,
                maximum=PERCENT_MAX,
            ),
            Column(
                "urban_rural",
                "str",
                "Council urban/rural class: "
                + "; ".join(f"`{k}` {v}" for k, v in URBAN_RURAL.items())
                + ".",
                allowed=tuple(URBAN_RURAL),
            ),
        ],
        unique=[("council_code", "year")],
        checks=[_check_all_councils],
    )


def workforce_schema(start: int, end: int) -> TableSchema:
    """Schema of ``workforce.csv`` (council x year workforce wellbeing panel).

    Parameters
    ----------
    start, end : int
        First and last year of the study period.

    Returns
    -------
    TableSchema
    """
    return TableSchema(
        name=WORKFORCE_FILE,
        description=(
            "A council x year panel of the children and families social work "
            "workforce, in the form the Scottish Social Services Council's "
            "workforce data and councils' own returns give: staff in post, the "
            "share of funded posts vacant at the census date, and the share of "
            "contracted working days lost to sickness absence over the year."
        ),
        columns=[
            Column("council_code", "str", "GSS code of the council area.", allowed=councils.CODES),
            Column("year", "int", "Year of the census.", minimum=start, maximum=end),
            Column(
                "staff_wte",
                "float",
                "Children and families social work staff in post, whole-time equivalent.",
                nullable=True,
                minimum=0.0,
                maximum=STAFF_WTE_MAX,
            ),
            Column(
                "vacancy_rate",
                "float",
                "Percentage of funded posts vacant at the census date.",
                nullable=True,
                minimum=0.0,
                maximum=PERCENT_MAX,
            ),
            Column(
                "sickness_absence_rate",
                "float",
                "Percentage of contracted working days lost to sickness absence.",
                nullable=True,
                minimum=0.0,
                maximum=PERCENT_MAX,
            ),
        ],
        unique=[("council_code", "year")],
        checks=[_check_all_councils],
    )


def schemas(params: dict[str, Any]) -> list[TableSchema]:
    """The three schemas for the study period in ``params``."""
    start, end = int(params["study_start"]), int(params["study_end"])
    return [
        integration_schema(start, end),
        indicators_schema(start, end),
        workforce_schema(start, end),
    ]


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    """Write an input table with fixed formatting, so reruns give the same bytes.

    Booleans are written ``true``/``false``, floats with one decimal (the
    precision the published rates carry), missing values as empty cells, and
    lines end with a newline on every platform.
    """

    def cell(value) -> str:
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return ""
        if isinstance(value, bool | np.bool_):
            return "true" if value else "false"
        if isinstance(value, float | np.floating):
            return f"{value:.1f}"
        return str(value)

    lines = [",".join(frame.columns)]
    for row in frame.itertuples(index=False):
        lines.append(",".join(cell(v) for v in row))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --- checks across rows -----------------------------------------------------


def _row(pos: int) -> int:
    """Spreadsheet row of the frame position ``pos`` (frames keep read order)."""
    return int(pos) + FIRST_DATA_ROW


def _check_names(frame: pd.DataFrame, path: Path) -> list[Problem]:
    """Each council name must be the name of its code (common spellings allowed)."""
    problems = []
    for pos, (code, name) in enumerate(
        zip(frame["council_code"], frame["council_name"], strict=False)
    ):
        if councils.code_for(name) != code:
            problems.append(
                Problem(
                    path,
                    _row(pos),
                    "council_name",
                    f"{councils.NAMES[code]!r} for {code}",
                    repr(name),
                )
            )
    return problems


def _check_all_councils(frame: pd.DataFrame, path: Path) -> list[Problem]:
    """Every one of the 32 councils must appear at least once."""
    missing = sorted(set(councils.CODES) - set(frame["council_code"].dropna()))
    if not missing:
        return []
    shown = ", ".join(missing[:3]) + (" ..." if len(missing) > 3 else "")
    return [
        Problem(
            path,
            None,
            "council_code",
            "a row for each of the 32 councils",
            f"no row for {len(missing)} of them ({shown})",
        )
    ]


def arrangement_of(health: bool, social_work: bool, lead_agency: bool) -> str | None:
    """Arrangement code from the delegation flags, or None if they do not make one.

    Parameters
    ----------
    health, social_work : bool
        Whether children's health services and children's social work are
        delegated to the integration joint board.
    lead_agency : bool
        Whether the area follows the lead-agency model instead.

    Returns
    -------
    str or None
        One of :data:`ARRANGEMENTS`, or None for a combination no Scottish
        scheme of integration uses (social work delegated without health, or
        an IJB delegation alongside the lead-agency model).
    """
    if lead_agency:
        return None if (health or social_work) else "lead-agency"
    if health and social_work:
        return "ijb-all"
    if health:
        return "ijb-health"
    if social_work:
        return None
    return "not-delegated"


def _check_arrangements(frame: pd.DataFrame, path: Path) -> list[Problem]:
    """Flags must make a recognised arrangement; a change needs both year and previous code."""
    problems = []
    for pos, row in enumerate(frame.itertuples(index=False)):
        current = arrangement_of(
            bool(row.children_health_delegated),
            bool(row.children_social_work_delegated),
            bool(row.lead_agency),
        )
        if current is None:
            column = "lead_agency" if row.lead_agency else "children_social_work_delegated"
            problems.append(
                Problem(
                    path,
                    _row(pos),
                    column,
                    "a recognised arrangement (social work is delegated only with health; "
                    "the lead-agency model delegates nothing to an IJB)",
                    f"health={row.children_health_delegated}, "
                    f"social work={row.children_social_work_delegated}, "
                    f"lead agency={row.lead_agency}",
                )
            )
            continue
        has_year = not pd.isna(row.change_year)
        previous = row.previous_arrangement
        has_previous = not pd.isna(previous)
        if has_year != has_previous:
            column = "previous_arrangement" if has_year else "change_year"
            problems.append(
                Problem(
                    path,
                    _row(pos),
                    column,
                    "change_year and previous_arrangement both given or both empty",
                    "an empty cell" if has_year else f"{previous!r} with no change_year",
                )
            )
        elif has_previous and previous == current:
            problems.append(
                Problem(
                    path,
                    _row(pos),
                    "previous_arrangement",
                    f"an arrangement different from the current one ({current})",
                    repr(previous),
                )
            )
    return problems


# --- validation and loading ---------------------------------------------------


@dataclass(frozen=True)
class Strand3Data:
    """The strand's validated inputs.

    Attributes
    ----------
    integration : pandas.DataFrame
        ``integration.csv`` with an added ``arrangement`` column (current code).
    indicators : pandas.DataFrame
        ``indicators.csv``, sorted by council and year.
    workforce : pandas.DataFrame
        ``workforce.csv``, sorted by council and year.
    start, end : int
        The study period.
    """

    integration: pd.DataFrame
    indicators: pd.DataFrame
    workforce: pd.DataFrame
    start: int
    end: int


def strand_dir(data_dir: str | Path) -> Path:
    """The strand's own folder inside a data folder (``<data>/strand3``)."""
    return Path(data_dir) / STRAND


def _check_period(params: dict[str, Any]) -> list[Problem]:
    """The study period must run forwards (the schema checks each year on its own)."""
    start, end = int(params["study_start"]), int(params["study_end"])
    if start <= end:
        return []
    return [
        Problem(
            PARAMS_DIR / f"{STRAND}.yml",
            None,
            "study_start",
            f"a year no later than study_end ({end})",
            str(start),
        )
    ]


def _read_all(data_dir: Path, params: dict[str, Any], problems: list[Problem]):
    folder = strand_dir(data_dir)
    return [read_table(folder / s.name, s, collect=problems) for s in schemas(params)]


def validate(data_dir: Path, params: dict[str, Any]) -> list[Problem]:
    """Check every strand 3 input file; return every problem found.

    Parameters
    ----------
    data_dir : Path
        The data folder (``data/demo``); the files are in its ``strand3/``.
    params : dict
        The report's parameters (for the study period).

    Returns
    -------
    list of Problem
        Empty when the inputs are valid.
    """
    problems = _check_period(params)
    if problems:
        return problems
    _read_all(Path(data_dir), params, problems)
    return problems


def load(data_dir: Path, params: dict[str, Any]) -> Strand3Data:
    """Read and check the strand 3 inputs.

    Parameters
    ----------
    data_dir : Path
        The data folder (``data/demo``); the files are in its ``strand3/``.
    params : dict
        The report's parameters (``study_start``, ``study_end``).

    Returns
    -------
    Strand3Data

    Raises
    ------
    InputError
        Holding every problem found; its message is the first one.
    """
    problems = _check_period(params)
    if problems:
        raise InputError(problems)
    integration, indicators, workforce = _read_all(Path(data_dir), params, problems)
    if problems:
        raise InputError(problems)
    integration = integration.copy()
    integration["arrangement"] = [
        arrangement_of(bool(h), bool(s), bool(lead))
        for h, s, lead in zip(
            integration["children_health_delegated"],
            integration["children_social_work_delegated"],
            integration["lead_agency"],
            strict=False,
        )
    ]
    integration = integration.sort_values("council_code").reset_index(drop=True)
    keys = ["council_code", "year"]
    return Strand3Data(
        integration=integration,
        indicators=indicators.sort_values(keys).reset_index(drop=True),
        workforce=workforce.sort_values(keys).reset_index(drop=True),
        start=int(params["study_start"]),
        end=int(params["study_end"]),
    )
