"""Deterministic generator of the strand 3 demo data (synthetic, illustrative).

``python -m csrr demo-data --strand strand3`` calls :func:`generate`, which
writes ``integration.csv``, ``indicators.csv``, ``workforce.csv`` and the
data dictionary ``README.md`` into ``data/demo/strand3/``.

The councils, their codes and their names are real. Everything else is
synthetic: each council gets an approximate profile (child population,
deprivation, urban/rural class) of the right order of magnitude, and an
*illustrative* integration arrangement that does not describe its actual
scheme of integration. Outcomes are then drawn from a simple model in which
looked-after and child protection rates rise with deprivation, drift down
over the decade, and differ a little between arrangements, with council-level
and year-to-year noise and some values missing, as in real returns. The model
is written here so that a reader can see what the analysis should recover.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from csrr import councils
from csrr.strand3.data import (
    ARRANGEMENT_DEFINITIONS,
    ARRANGEMENTS,
    INDICATORS_FILE,
    INTEGRATION_FILE,
    URBAN_RURAL,
    WORKFORCE_FILE,
    indicators_schema,
    integration_schema,
    workforce_schema,
    write_csv,
)
from csrr.validation import data_dictionary

SEED = 20261122
# The demo study period: ten years of outcome indicators, and the workforce
# series from the first year the illustrative workforce returns cover.
START, END = 2014, 2023
WORKFORCE_START = 2016
# The year the outcome model is centred on (rates at this year are the
# council's baseline).
CENTRE_YEAR = 2018

# Approximate council profiles: children aged 0 to 17 (thousands), the share
# of the population in SIMD quintile 1 (per cent), and the urban/rural class.
# Orders of magnitude follow published statistics; the values are rounded and
# then perturbed, so they are not any council's actual figures.
PROFILES: dict[str, tuple[float, float, str]] = {
    "S12000005": (10.0, 26, "urban-mixed"),  # Clackmannanshire
    "S12000006": (26.0, 10, "mainly-rural"),  # Dumfries and Galloway
    "S12000008": (23.4, 30, "urban-mixed"),  # East Ayrshire
    "S12000010": (22.2, 6, "urban-mixed"),  # East Lothian
    "S12000011": (22.3, 5, "urban-mixed"),  # East Renfrewshire
    "S12000013": (4.6, 0, "islands-remote"),  # Na h-Eileanan Siar
    "S12000014": (31.1, 18, "urban-mixed"),  # Falkirk
    "S12000017": (43.3, 8, "islands-remote"),  # Highland
    "S12000018": (13.9, 45, "urban-mixed"),  # Inverclyde
    "S12000019": (20.3, 12, "urban-mixed"),  # Midlothian
    "S12000020": (18.1, 3, "mainly-rural"),  # Moray
    "S12000021": (24.8, 38, "urban-mixed"),  # North Ayrshire
    "S12000023": (4.0, 0, "islands-remote"),  # Orkney Islands
    "S12000026": (21.2, 6, "mainly-rural"),  # Scottish Borders
    "S12000027": (4.6, 0, "islands-remote"),  # Shetland Islands
    "S12000028": (19.6, 18, "urban-mixed"),  # South Ayrshire
    "S12000029": (62.5, 22, "urban-mixed"),  # South Lanarkshire
    "S12000030": (17.1, 11, "mainly-rural"),  # Stirling
    "S12000033": (39.7, 10, "larger-urban"),  # Aberdeen City
    "S12000034": (54.4, 2, "mainly-rural"),  # Aberdeenshire
    "S12000035": (14.2, 8, "islands-remote"),  # Argyll and Bute
    "S12000036": (87.6, 14, "larger-urban"),  # City of Edinburgh
    "S12000038": (33.6, 27, "urban-mixed"),  # Renfrewshire
    "S12000039": (17.2, 40, "urban-mixed"),  # West Dunbartonshire
    "S12000040": (39.6, 17, "urban-mixed"),  # West Lothian
    "S12000041": (21.2, 9, "mainly-rural"),  # Angus
    "S12000042": (26.5, 37, "larger-urban"),  # Dundee City
    "S12000045": (22.0, 4, "urban-mixed"),  # East Dunbartonshire
    "S12000047": (71.7, 22, "urban-mixed"),  # Fife
    "S12000048": (27.6, 6, "mainly-rural"),  # Perth and Kinross
    "S12000049": (111.0, 44, "larger-urban"),  # Glasgow City
    "S12000050": (69.8, 33, "urban-mixed"),  # North Lanarkshire
}

# Illustrative current arrangement of each council (not its actual scheme of
# integration), and three councils whose arrangement changed in the period:
# code -> (year the current arrangement began, previous arrangement).
DEMO_ARRANGEMENTS: dict[str, str] = {
    **dict.fromkeys(
        [
            "S12000035",  # Argyll and Bute
            "S12000008",  # East Ayrshire
            "S12000045",  # East Dunbartonshire
            "S12000011",  # East Renfrewshire
            "S12000049",  # Glasgow City
            "S12000018",  # Inverclyde
            "S12000021",  # North Ayrshire
            "S12000028",  # South Ayrshire
            "S12000039",  # West Dunbartonshire
            "S12000023",  # Orkney Islands
            "S12000013",  # Na h-Eileanan Siar
        ],
        "ijb-all",
    ),
    **dict.fromkeys(
        [
            "S12000005",  # Clackmannanshire (shares its IJB with Stirling)
            "S12000030",  # Stirling
            "S12000006",  # Dumfries and Galloway
            "S12000014",  # Falkirk
            "S12000020",  # Moray
            "S12000038",  # Renfrewshire
            "S12000029",  # South Lanarkshire
            "S12000040",  # West Lothian
            "S12000027",  # Shetland Islands
        ],
        "ijb-health",
    ),
    **dict.fromkeys(
        [
            "S12000033",  # Aberdeen City
            "S12000034",  # Aberdeenshire
            "S12000041",  # Angus
            "S12000042",  # Dundee City
            "S12000036",  # City of Edinburgh
            "S12000010",  # East Lothian
            "S12000047",  # Fife
            "S12000019",  # Midlothian
            "S12000050",  # North Lanarkshire
            "S12000048",  # Perth and Kinross
            "S12000026",  # Scottish Borders
        ],
        "not-delegated",
    ),
    "S12000017": "lead-agency",  # Highland
}
CHANGES: dict[str, tuple[int, str]] = {
    "S12000020": (2021, "ijb-all"),  # Moray: children's social work taken back
    "S12000023": (2018, "ijb-health"),  # Orkney: children's social work delegated
    "S12000042": (2019, "ijb-health"),  # Dundee: children's health taken back
}
# Councils whose IJB also holds justice social work (illustrative).
JUSTICE_DELEGATED = {
    "S12000035",
    "S12000008",
    "S12000045",
    "S12000011",
    "S12000049",
    "S12000018",
    "S12000021",
    "S12000028",
    "S12000039",
    "S12000023",
    "S12000013",
    "S12000038",
    "S12000040",
    "S12000006",
}
# Partnership names that are not simply "<council> Health and Social Care
# Partnership".
PARTNERSHIPS = {
    "S12000005": "Clackmannanshire and Stirling Health and Social Care Partnership",
    "S12000030": "Clackmannanshire and Stirling Health and Social Care Partnership",
    "S12000036": "Edinburgh Health and Social Care Partnership",
    "S12000013": "Western Isles Health and Social Care Partnership",
    "S12000017": "Highland Health and Social Care Partnership (lead agency)",
}

# The outcome model (log scale): rate = base x exp(slope x deprivation +
# council effect + trend x (year - centre) + arrangement effect + noise).
LOOKED_AFTER = {"base": 6.5, "deprivation": 0.03, "trend": -0.015, "council_sd": 0.2}
CHILD_PROTECTION = {"base": 2.2, "deprivation": 0.012, "trend": -0.03, "council_sd": 0.25}
# Small illustrative differences by arrangement (log scale): a few per cent.
ARRANGEMENT_EFFECTS = {
    "looked_after": {
        "ijb-all": -0.06,
        "ijb-health": -0.02,
        "not-delegated": 0.0,
        "lead-agency": -0.05,
    },
    "child_protection": {
        "ijb-all": 0.05,
        "ijb-health": 0.0,
        "not-delegated": 0.0,
        "lead-agency": 0.1,
    },
    "vacancy": {"ijb-all": -0.8, "ijb-health": -0.3, "not-delegated": 0.0, "lead-agency": 1.0},
}
# Share of cells left empty at random, as in real returns.
MISSING_SHARE = 0.03


def arrangement_in(code: str, year: int) -> str:
    """The demo arrangement of a council in a given year (changes applied)."""
    if code in CHANGES and year < CHANGES[code][0]:
        return CHANGES[code][1]
    return DEMO_ARRANGEMENTS[code]


def _flags(arrangement: str) -> tuple[bool, bool, bool]:
    """(health delegated, social work delegated, lead agency) of an arrangement."""
    return {
        "ijb-all": (True, True, False),
        "ijb-health": (True, False, False),
        "not-delegated": (False, False, False),
        "lead-agency": (False, False, True),
    }[arrangement]


def integration_frame() -> pd.DataFrame:
    """The demo ``integration.csv`` as a frame (no randomness)."""
    rows = []
    for code in councils.CODES:
        arrangement = DEMO_ARRANGEMENTS[code]
        health, social_work, lead = _flags(arrangement)
        change_year, previous = CHANGES.get(code, (None, None))
        name = councils.NAMES[code]
        rows.append(
            {
                "council_code": code,
                "council_name": name,
                "partnership": PARTNERSHIPS.get(
                    code, f"{name} Health and Social Care Partnership"
                ),
                "children_health_delegated": health,
                "children_social_work_delegated": social_work,
                "justice_social_work_delegated": code in JUSTICE_DELEGATED,
                "lead_agency": lead,
                "change_year": change_year,
                "previous_arrangement": previous,
            }
        )
    frame = pd.DataFrame(rows)
    frame["change_year"] = frame["change_year"].astype("Int64")
    return frame


def _simd_edition(year: int) -> int:
    """The SIMD edition in force in a year (2012, 2016 or 2020)."""
    return 2020 if year >= 2020 else 2016 if year >= 2016 else 2012


def indicators_frame(rng: np.random.Generator, start: int = START) -> pd.DataFrame:
    """The demo ``indicators.csv`` panel, drawn from the outcome model.

    ``start`` earlier than the demo's is for the benchmark's scale runs.
    """
    years = np.arange(start, END + 1)
    rows = []
    for code in councils.CODES:
        pop_k, deprivation, urban = PROFILES[code]
        # Council-level draws first, in a fixed order, so the panel is stable.
        lac_effect = rng.normal(0, LOOKED_AFTER["council_sd"])
        cp_effect = rng.normal(0, CHILD_PROTECTION["council_sd"])
        pop_drift = rng.normal(-0.003, 0.004)
        # Deprivation per SIMD edition: the council's profile, moved a little
        # between editions (islands have no quintile-1 data zones at all).
        simd = {
            edition: 0.0 if deprivation == 0 else max(0.5, deprivation + rng.normal(0, 1.2))
            for edition in (2012, 2016, 2020)
        }
        # Island councils' child protection counts are small and often
        # suppressed: a higher chance of a missing rate.
        cp_missing = 0.35 if urban == "islands-remote" and pop_k < 5 else MISSING_SHARE
        for year in years:
            arrangement = arrangement_in(code, int(year))
            t = year - CENTRE_YEAR
            dep = simd[_simd_edition(int(year))]
            lac = LOOKED_AFTER["base"] * np.exp(
                LOOKED_AFTER["deprivation"] * dep
                + lac_effect
                + LOOKED_AFTER["trend"] * t
                + ARRANGEMENT_EFFECTS["looked_after"][arrangement]
                + rng.normal(0, 0.04)
            )
            cp = CHILD_PROTECTION["base"] * np.exp(
                CHILD_PROTECTION["deprivation"] * dep
                + cp_effect
                + CHILD_PROTECTION["trend"] * t
                + ARRANGEMENT_EFFECTS["child_protection"][arrangement]
                + rng.normal(0, 0.12 if pop_k > 10 else 0.25)
            )
            population = round(pop_k * 1000 * (1 + pop_drift * t) + rng.normal(0, 40))
            rows.append(
                {
                    "council_code": code,
                    "year": int(year),
                    "looked_after_rate": None if rng.random() < MISSING_SHARE else round(lac, 1),
                    "child_protection_rate": None if rng.random() < cp_missing else round(cp, 1),
                    "child_population": int(population),
                    "simd_most_deprived_share": round(dep, 1),
                    "urban_rural": urban,
                }
            )
    return pd.DataFrame(rows)


def workforce_frame(rng: np.random.Generator) -> pd.DataFrame:
    """The demo ``workforce.csv`` panel.

    Vacancies run at a few per cent of posts, rise after 2020 (the pandemic
    and the recruitment difficulties that followed), are higher in remote
    councils and a little higher where deprivation is higher; sickness
    absence runs at about 5 per cent of working days and also rises after 2020.
    """
    rows = []
    for code in councils.CODES:
        pop_k, deprivation, urban = PROFILES[code]
        vacancy_effect = rng.normal(0, 1.5)
        sickness_effect = rng.normal(0, 0.8)
        # About six children and families social work staff per 1,000 children.
        staffing = 6.0 * np.exp(rng.normal(0, 0.12) + 0.006 * deprivation)
        remote = 2.5 if urban == "islands-remote" else 0.0
        for year in range(WORKFORCE_START, END + 1):
            arrangement = arrangement_in(code, year)
            after = max(0, year - 2020)
            vacancy = (
                6.0
                + remote
                + 0.05 * deprivation
                + vacancy_effect
                + 0.9 * after
                + ARRANGEMENT_EFFECTS["vacancy"][arrangement]
                + rng.normal(0, 0.9)
            )
            sickness = 4.8 + sickness_effect + 0.35 * after + rng.normal(0, 0.5)
            wte = staffing * pop_k * (1 + 0.01 * (year - WORKFORCE_START)) + rng.normal(0, 2)
            rows.append(
                {
                    "council_code": code,
                    "year": year,
                    "staff_wte": None if rng.random() < MISSING_SHARE else round(wte, 1),
                    "vacancy_rate": None
                    if rng.random() < MISSING_SHARE
                    else round(max(0.0, vacancy), 1),
                    "sickness_absence_rate": None
                    if rng.random() < MISSING_SHARE
                    else round(max(0.5, sickness), 1),
                }
            )
    return pd.DataFrame(rows)


INTRO = f"""
**Illustrative, synthetic data: not research findings.** The council areas,
their GSS codes and names are real; every other value was made by
`csrr.strand3.demo` (seed {SEED}) from a stated model, and the integration
arrangement given to each council is illustrative: it does not describe that
council's actual scheme of integration. Regenerate the files with
`python -m csrr demo-data --strand strand3`; a test checks that this gives
the committed files byte for byte.

The demo study period is {START} to {END} (outcome indicators) and
{WORKFORCE_START} to {END} (workforce). The valid range of every `year`
column is the study period set in `params/strand3.yml` (`study_start`,
`study_end`); the ranges shown below are the demo's.

Arrangement codes (derived from the flags in `integration.csv`, and written
by the full report to `classification.csv` for strands 4 and 5):

{chr(10).join(f"- `{code}`: {ARRANGEMENTS[code]}. {ARRANGEMENT_DEFINITIONS[code]}" for code in ARRANGEMENTS)}

Urban/rural classes: {"; ".join(f"`{k}` {v}" for k, v in URBAN_RURAL.items())}.

Real published statistics can be fed through the adapter in
`csrr.strand3.realdata`: see the last section of this file.
"""

REAL_DATA = """
## Real data: the ScotPHO and SIMD adapter

`csrr.strand3.realdata` turns two real published downloads into an
`indicators.csv` in the schema above:

- a **ScotPHO online profiles** download for council areas (the profiles
  tool's "main dataset" CSV: `area_code`, `area_type`, `area_name`, `year`,
  `period`, `type_definition`, `indicator`, `numerator`, `measure`, and the
  confidence limits). It takes "Children looked after by local authority"
  (`measure`: rate per 1,000 aged 0 to 17), "Children on the child protection
  register" (`measure`: rate per 1,000 aged 0 to 15) and "Mid-year population
  estimate - aged under 18 years" (`numerator`: the number of children);
- the Scottish Government **SIMD 2020v2 data zone lookup** workbook (sheet
  "SIMD 2020v2 DZ lookup data": `DZ`, `SIMD2020v2_Quintile`, `Population`,
  `URclass`, `LAcode`, ...). It gives each council the percentage of its
  population in quintile 1, and an urban/rural class from the population
  shares in the six-fold Urban Rural classes (the rule is in the module's
  docstring).

Run it (the output folder must not be inside `data/demo`):

    .venv/bin/python -m csrr.strand3.realdata \\
        --scotpho ../shared/realdata/01_scotpho_council_indicators_latest.csv \\
        --simd ../shared/realdata/03_simd2020v2_datazone_lookup.xlsx \\
        --out data/raw/<folder>/strand3/indicators.csv

`integration.csv` (from the 32 schemes of integration) and `workforce.csv`
(from the Scottish Social Services Council's workforce data) have no single
published download and are compiled by the research team in the schemas
above. `tests/strand3/test_realdata.py` runs the adapter on the real files in
`../shared/realdata/` when that folder exists and skips otherwise.
"""


def generate(out_dir: Path, years: int = END - START + 1) -> list[Path]:
    """Write the strand 3 demo data and its data dictionary.

    Parameters
    ----------
    out_dir : Path
        Folder to write into (``data/demo/strand3``); created if needed.
    years : int
        Years of outcome indicators, ending in the demo's last year (the
        benchmark's scale run asks for 20; the study period in
        ``params/strand3.yml`` must then start that early).

    Returns
    -------
    list of Path
        The files written, in a fixed order.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)
    keys = ["council_code", "year"]
    frames = {
        INTEGRATION_FILE: integration_frame(),
        INDICATORS_FILE: indicators_frame(rng, END - years + 1).sort_values(keys),
        WORKFORCE_FILE: workforce_frame(rng).sort_values(keys),
    }
    written = [write_csv(frame, out_dir / name) for name, frame in frames.items()]
    text = data_dictionary(
        "Strand 3 demo data: national scoping and mapping",
        INTRO,
        [
            integration_schema(START, END),
            indicators_schema(END - years + 1, END),
            workforce_schema(START, END),
        ],
    )
    readme = out_dir / "README.md"
    readme.write_text(text.rstrip("\n") + "\n" + REAL_DATA, encoding="utf-8")
    written.append(readme)
    return written
