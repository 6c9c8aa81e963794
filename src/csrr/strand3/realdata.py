"""Adapter from real published statistics to strand 3's ``indicators.csv``.

The research team feeds real data through this module; it reads two
published formats, as downloaded, and writes the strand's schema:

**ScotPHO online profiles** (Public Health Scotland), the profiles tool's
"main dataset" download for council areas: a long CSV with the columns
``area_code, area_type, area_name, year, period, type_definition, indicator,
numerator, measure, upper_confidence_interval, lower_confidence_interval``
and ``NA`` for missing values. Three indicators are used:

============================================================  =========================  ===========
ScotPHO ``indicator``                                         strand 3 column            taken from
============================================================  =========================  ===========
Children looked after by local authority                      ``looked_after_rate``      ``measure`` (crude rate per 1,000 aged 0-17)
Children on the child protection register                     ``child_protection_rate``  ``measure`` (crude rate per 1,000 aged 0-15)
Mid-year population estimate - aged under 18 years            ``child_population``       ``numerator`` (the count; ``measure`` is a percentage)
============================================================  =========================  ===========

Rows whose ``area_type`` is not "Council area" (Scotland, health boards,
partnerships) are ignored. Councils are matched by code; the four codes
replaced in 2018-19 (Fife, Perth and Kinross, Glasgow City, North
Lanarkshire) are mapped to the current ones, and a code that is still
unknown is matched by name through :func:`csrr.councils.code_for`.

**SIMD 2020v2 data zone lookup** (Scottish Government), the workbook whose
sheet "SIMD 2020v2 DZ lookup data" has one row per 2011 data zone with
``DZ, SIMD2020v2_Quintile, Population, URclass, LAcode, LAname`` among
others. From it each council gets:

- ``simd_most_deprived_share``: the percentage of its population (2017
  data-zone populations) living in quintile 1 data zones;
- ``urban_rural``: a class from the population shares in the six-fold
  Urban Rural Classification (``URclass``: 1 large urban areas, 2 other
  urban areas, 3 accessible small towns, 4 remote small towns, 5 accessible
  rural, 6 remote rural), by this rule, applied in order:

  1. ``islands-remote`` when at least half the population lives in remote
     areas (classes 4 and 6);
  2. ``larger-urban`` when at least 90% lives in large urban areas (class 1);
  3. ``mainly-rural`` when at least 30% lives in rural areas (classes 5 and 6);
  4. ``urban-mixed`` otherwise.

  On the 2020v2 lookup this gives the four cities as larger urban and
  Argyll and Bute, Highland and the three island councils as islands and
  remote. Optionally the classes can come from the Urban Rural
  Classification's own data-zone file (``DZ_CODE, UR6FOLD``) instead.

One SIMD edition is applied to every year of the output: SIMD ranks areas
relative to each other and changes slowly, but a study spanning editions
should build one indicators file per edition and join them by year.

Command line::

    python -m csrr.strand3.realdata --scotpho SCOTPHO.csv --simd SIMD.xlsx \\
        --out data/raw/<folder>/strand3/indicators.csv

``integration.csv`` and ``workforce.csv`` have no single published download
(they come from the schemes of integration and the Scottish Social Services
Council's workforce data) and are compiled by the research team in the
schemas of :mod:`csrr.strand3.data`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from csrr import councils
from csrr.errors import CsrrError, InputError, Problem
from csrr.paths import DEMO_DATA_DIR, relative
from csrr.strand3.data import INDICATORS_FILE, write_csv
from csrr.validation import header_problems

# ScotPHO indicator name -> (strand 3 column, ScotPHO column holding the value).
SCOTPHO_INDICATORS: dict[str, tuple[str, str]] = {
    "Children looked after by local authority": ("looked_after_rate", "measure"),
    "Children on the child protection register": ("child_protection_rate", "measure"),
    "Mid-year population estimate - aged under 18 years": ("child_population", "numerator"),
}
SCOTPHO_COLUMNS = (
    "area_code",
    "area_type",
    "area_name",
    "year",
    "indicator",
    "numerator",
    "measure",
)
COUNCIL_AREA = "Council area"
# GSS codes replaced when boundaries changed (2018 and 2019): old -> current.
OLD_CODES = {
    "S12000015": "S12000047",  # Fife
    "S12000024": "S12000048",  # Perth and Kinross
    "S12000046": "S12000049",  # Glasgow City
    "S12000044": "S12000050",  # North Lanarkshire
}

SIMD_SHEET = "SIMD 2020v2 DZ lookup data"
SIMD_COLUMNS = ("DZ", "SIMD2020v2_Quintile", "Population", "URclass", "LAcode")
URBAN_RURAL_COLUMNS = ("DZ_CODE", "UR6FOLD")
# Thresholds of the urban/rural rule (shares of the population, per cent).
REMOTE_SHARE = 50.0
LARGE_URBAN_SHARE = 90.0
RURAL_SHARE = 30.0


def _require(frame: pd.DataFrame, columns, path: Path) -> None:
    """Stop with one line per missing column (first one shown) if any is absent."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(
            [
                Problem(path, None, c, "a column with this header", "no such column")
                for c in missing
            ]
        )


def _unique_headers(path: Path) -> None:
    """Stop on a header given twice, which pandas would rename and keep quiet about."""
    problems = header_problems(path)
    if problems:
        raise InputError(problems)


def council_code(code: str, name: str) -> str | None:
    """Current GSS code of a council from a published code and name, or None."""
    code = str(code).strip()
    code = OLD_CODES.get(code, code)
    if code in councils.NAMES:
        return code
    return councils.code_for(name)


def read_scotpho(path: Path) -> pd.DataFrame:
    """Read a ScotPHO profiles download into strand 3 columns.

    Parameters
    ----------
    path : Path
        The CSV as downloaded from the ScotPHO profiles tool.

    Returns
    -------
    pandas.DataFrame
        One row per council and year with ``council_code``, ``year``,
        ``looked_after_rate``, ``child_protection_rate`` and
        ``child_population`` (empty where the download has no value).

    Raises
    ------
    InputError
        If a required column is missing, a council area cannot be matched,
        or none of the three indicators is in the file.
    """
    path = Path(path)
    _unique_headers(path)
    raw = pd.read_csv(path, dtype={"area_code": str}, encoding="utf-8-sig")
    _require(raw, SCOTPHO_COLUMNS, path)
    rows = raw[(raw["area_type"] == COUNCIL_AREA) & raw["indicator"].isin(SCOTPHO_INDICATORS)]
    if rows.empty:
        raise InputError(
            [
                Problem(
                    path,
                    None,
                    "indicator",
                    "at least one of: " + "; ".join(SCOTPHO_INDICATORS),
                    "none of them for council areas",
                )
            ]
        )
    codes = [council_code(c, n) for c, n in zip(rows["area_code"], rows["area_name"], strict=True)]
    unknown = [i for i, c in zip(rows.index, codes, strict=True) if c is None]
    if unknown:
        pos = unknown[0]
        raise InputError(
            [
                Problem(
                    path,
                    int(raw.index.get_loc(pos)) + 2,
                    "area_code",
                    "the code or name of one of the 32 council areas",
                    f"{raw.at[pos, 'area_code']!r} ({raw.at[pos, 'area_name']})",
                )
            ]
        )
    long = pd.DataFrame(
        {
            "council_code": codes,
            "year": rows["year"].astype(int).to_numpy(),
            "column": [SCOTPHO_INDICATORS[i][0] for i in rows["indicator"]],
            "value": [row[SCOTPHO_INDICATORS[row["indicator"]][1]] for _, row in rows.iterrows()],
        }
    )
    wide = long.pivot_table(
        index=["council_code", "year"], columns="column", values="value", aggfunc="first"
    )
    wide = wide.reindex(columns=[c for c, _ in SCOTPHO_INDICATORS.values()]).reset_index()
    wide.columns.name = None
    wide["child_population"] = wide["child_population"].round().astype("Int64")
    return wide.sort_values(["council_code", "year"]).reset_index(drop=True)


def _simd_sheet(path: Path) -> pd.DataFrame:
    """The data sheet of the SIMD lookup workbook (by name, else the first with its columns)."""
    book = pd.ExcelFile(path)
    names = [SIMD_SHEET] if SIMD_SHEET in book.sheet_names else book.sheet_names
    for name in names:
        frame = book.parse(name)
        if all(c in frame.columns for c in SIMD_COLUMNS):
            return frame
    raise InputError(
        [
            Problem(
                path,
                None,
                None,
                f"a sheet ({SIMD_SHEET!r}) with columns {', '.join(SIMD_COLUMNS)}",
                f"sheets {', '.join(book.sheet_names)}",
            )
        ]
    )


def urban_rural_class(shares: dict[int, float]) -> str:
    """Council urban/rural class from its population shares by six-fold class.

    Parameters
    ----------
    shares : dict of int -> float
        Percentage of the council's population in each Urban Rural class 1-6.

    Returns
    -------
    str
        ``islands-remote``, ``larger-urban``, ``mainly-rural`` or
        ``urban-mixed`` (see the module docstring for the rule).
    """
    remote = shares.get(4, 0.0) + shares.get(6, 0.0)
    rural = shares.get(5, 0.0) + shares.get(6, 0.0)
    if remote >= REMOTE_SHARE:
        return "islands-remote"
    if shares.get(1, 0.0) >= LARGE_URBAN_SHARE:
        return "larger-urban"
    if rural >= RURAL_SHARE:
        return "mainly-rural"
    return "urban-mixed"


def read_simd(path: Path, urban_rural_path: Path | None = None) -> pd.DataFrame:
    """Council deprivation and urban/rural class from the SIMD 2020v2 lookup.

    Parameters
    ----------
    path : Path
        The SIMD 2020v2 data zone lookup workbook (.xlsx).
    urban_rural_path : Path, optional
        A data-zone Urban Rural Classification CSV (``DZ_CODE, UR6FOLD``)
        to use instead of the lookup's own ``URclass``.

    Returns
    -------
    pandas.DataFrame
        One row per council: ``council_code``, ``simd_most_deprived_share``,
        ``urban_rural``.
    """
    path = Path(path)
    zones = _simd_sheet(path)
    zones = zones[list(SIMD_COLUMNS)].copy()
    zones["council_code"] = [council_code(c, "") for c in zones["LAcode"]]
    bad = zones[zones["council_code"].isna()]
    if len(bad):
        pos = bad.index[0]
        raise InputError(
            [
                Problem(
                    path,
                    int(zones.index.get_loc(pos)) + 2,
                    "LAcode",
                    "the GSS code of one of the 32 council areas",
                    repr(zones.at[pos, "LAcode"]),
                )
            ]
        )
    if urban_rural_path is not None:
        urban_rural_path = Path(urban_rural_path)
        _unique_headers(urban_rural_path)
        ur = pd.read_csv(urban_rural_path, dtype={"DZ_CODE": str})
        _require(ur, URBAN_RURAL_COLUMNS, urban_rural_path)
        zones = zones.drop(columns="URclass").merge(
            ur.rename(columns={"DZ_CODE": "DZ", "UR6FOLD": "URclass"})[["DZ", "URclass"]],
            on="DZ",
            how="left",
        )
    rows = []
    for code, group in zones.groupby("council_code", sort=True):
        population = group["Population"].sum()
        q1 = group.loc[group["SIMD2020v2_Quintile"] == 1, "Population"].sum()
        by_class = group.groupby("URclass")["Population"].sum()
        shares = {int(k): 100 * float(v) / population for k, v in by_class.items()}
        rows.append(
            {
                "council_code": code,
                "simd_most_deprived_share": 100 * float(q1) / float(population),
                "urban_rural": urban_rural_class(shares),
            }
        )
    return pd.DataFrame(rows)


def indicators_from_published(scotpho: pd.DataFrame, simd: pd.DataFrame) -> pd.DataFrame:
    """Join the ScotPHO rates and the SIMD attributes into ``indicators.csv`` rows.

    Every council-year of the ScotPHO frame gets its council's deprivation
    share and urban/rural class (one SIMD edition for all years).
    """
    frame = scotpho.merge(simd, on="council_code", how="left")
    columns = [
        "council_code",
        "year",
        "looked_after_rate",
        "child_protection_rate",
        "child_population",
        "simd_most_deprived_share",
        "urban_rural",
    ]
    frame["simd_most_deprived_share"] = frame["simd_most_deprived_share"].round(1)
    return frame[columns].sort_values(["council_code", "year"]).reset_index(drop=True)


def build(
    scotpho_path: Path,
    simd_path: Path,
    out_path: Path,
    *,
    urban_rural_path: Path | None = None,
) -> Path:
    """Read both downloads and write ``indicators.csv`` in the strand's schema.

    Raises
    ------
    CsrrError
        If ``out_path`` lies inside the demo data folder (the demo must stay
        synthetic) or is not named ``indicators.csv``.
    """
    out_path = Path(out_path)
    if out_path.name != INDICATORS_FILE:
        raise CsrrError(f"{relative(out_path)}: the output must be named {INDICATORS_FILE}")
    if out_path.resolve().is_relative_to(DEMO_DATA_DIR.resolve()):
        raise CsrrError(
            f"{relative(out_path)}: real data must not be written into {relative(DEMO_DATA_DIR)}"
        )
    frame = indicators_from_published(
        read_scotpho(scotpho_path), read_simd(simd_path, urban_rural_path)
    )
    return write_csv(frame, out_path)


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m csrr.strand3.realdata --scotpho ... --simd ... --out ...``."""
    parser = argparse.ArgumentParser(
        prog="python -m csrr.strand3.realdata", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--scotpho", required=True, help="ScotPHO profiles download (CSV)")
    parser.add_argument("--simd", required=True, help="SIMD 2020v2 data zone lookup (.xlsx)")
    parser.add_argument(
        "--urban-rural",
        help="optional data-zone Urban Rural Classification CSV (DZ_CODE, UR6FOLD)",
    )
    parser.add_argument("--out", required=True, help="output .../strand3/indicators.csv")
    args = parser.parse_args(argv)
    try:
        out = build(
            Path(args.scotpho),
            Path(args.simd),
            Path(args.out),
            urban_rural_path=Path(args.urban_rural) if args.urban_rural else None,
        )
    except CsrrError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {relative(out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
