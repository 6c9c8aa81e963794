"""The adapter from real published formats (ScotPHO profiles, SIMD 2020v2 lookup).

Unit tests use small files in the published layouts; the last tests run the
adapter on the real files in ../shared/realdata/ and skip when it is absent.
"""

from __future__ import annotations

import pandas as pd
import pytest

from csrr.errors import CsrrError, InputError
from csrr.paths import ROOT
from csrr.strand3 import data, realdata
from csrr.validation import read_table

REAL = ROOT.parent / "shared" / "realdata"
SCOTPHO = REAL / "01_scotpho_council_indicators_latest.csv"
SIMD = REAL / "03_simd2020v2_datazone_lookup.xlsx"
URBAN_RURAL = REAL / "05_urban_rural_2016_by_datazone.csv"

HEADER = (
    '"area_code","area_type","area_name","year","period","type_definition","indicator",'
    '"numerator","measure","upper_confidence_interval","lower_confidence_interval"\n'
)


def scotpho_file(tmp_path, rows: list[str]):
    path = tmp_path / "scotpho.csv"
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return path


LAC = '"Children looked after by local authority"'
CP = '"Children on the child protection register"'
POP = '"Mid-year population estimate - aged under 18 years"'


class TestScotpho:
    def test_reads_the_three_indicators_wide(self, tmp_path):
        path = scotpho_file(
            tmp_path,
            [
                f'"S12000005","Council area","Clackmannanshire",2021,"x","Crude rate",{LAC},270,27,30.4,23.9',
                f'"S12000005","Council area","Clackmannanshire",2021,"x","Crude rate",{CP},41,4.6,6.3,3.3',
                f'"S12000005","Council area","Clackmannanshire",2021,"x","Percentage",{POP},10010,19.4,19.8,19.1',
                f'"S00000001","Scotland","Scotland",2021,"x","Crude rate",{LAC},13000,13.2,13.4,13.0',
                '"S12000005","Council area","Clackmannanshire",2021,"x","Percentage","Other",NA,5,6,4',
            ],
        )
        frame = realdata.read_scotpho(path)
        assert frame.to_dict("records") == [
            {
                "council_code": "S12000005",
                "year": 2021,
                "looked_after_rate": 27.0,
                "child_protection_rate": 4.6,
                "child_population": 10010,
            }
        ]

    def test_old_codes_and_published_names_are_mapped(self, tmp_path):
        path = scotpho_file(
            tmp_path,
            [
                f'"S12000046","Council area","Glasgow City",2017,"x","Crude rate",{LAC},2000,20.1,21,19',
                f'"S12999999","Council area","Perth & Kinross",2017,"x","Crude rate",{LAC},300,10.4,11,9',
            ],
        )
        frame = realdata.read_scotpho(path)
        assert sorted(frame["council_code"]) == ["S12000048", "S12000049"]

    def test_unknown_area_names_the_row(self, tmp_path):
        path = scotpho_file(
            tmp_path,
            [
                f'"S12000005","Council area","Clackmannanshire",2021,"x","Crude rate",{LAC},270,27,30,24',
                f'"S12999999","Council area","Atlantis",2021,"x","Crude rate",{LAC},1,1,1,1',
            ],
        )
        with pytest.raises(InputError) as caught:
            realdata.read_scotpho(path)
        assert str(caught.value) == (
            f"{path}, row 3, column area_code: expected the code or name of one of the 32 "
            "council areas, found 'S12999999' (Atlantis)"
        )

    def test_missing_column_is_named(self, tmp_path):
        path = tmp_path / "scotpho.csv"
        path.write_text("area_code,area_type,year\nS12000005,Council area,2021\n")
        with pytest.raises(
            InputError, match=r"column area_name: expected a column with this header"
        ):
            realdata.read_scotpho(path)

    def test_column_given_twice_is_refused(self, tmp_path):
        path = tmp_path / "scotpho.csv"
        path.write_text(HEADER.replace('"measure"', '"measure","numerator"'), encoding="utf-8")
        with pytest.raises(
            InputError, match=r"row 1, column numerator: expected each column header once"
        ):
            realdata.read_scotpho(path)


@pytest.mark.parametrize(
    ("shares", "expected"),
    [
        ({1: 99.5, 2: 0.5}, "larger-urban"),
        ({1: 69.2, 2: 18.8, 5: 2.6, 3: 9.4}, "urban-mixed"),
        ({2: 36.5, 3: 10, 4: 12.7, 5: 27.6, 6: 13.2}, "mainly-rural"),
        ({4: 30, 6: 43.3, 2: 17.8, 5: 8.9}, "islands-remote"),
        ({6: 70.5, 4: 29.5}, "islands-remote"),
    ],
)
def test_urban_rural_rule(shares, expected):
    assert realdata.urban_rural_class(shares) == expected


def test_demo_folder_is_refused(tmp_path):
    with pytest.raises(CsrrError, match="real data must not be written into data/demo"):
        realdata.build(
            tmp_path / "a.csv",
            tmp_path / "b.xlsx",
            realdata.DEMO_DATA_DIR / "strand3" / "indicators.csv",
        )


needs_real = pytest.mark.skipif(not REAL.is_dir(), reason="../shared/realdata is absent")


@needs_real
def test_real_files_give_a_valid_indicators_file(tmp_path, params):
    out = realdata.build(
        SCOTPHO, SIMD, tmp_path / "strand3" / "indicators.csv", urban_rural_path=URBAN_RURAL
    )
    frame = read_table(out, data.indicators_schema(params["study_start"], params["study_end"]))
    assert len(frame) == 32 and set(frame["year"]) == {2021}
    row = frame.set_index("council_code")
    # Published ScotPHO values (2021 July snapshot) come through unchanged.
    assert row.loc["S12000049", "looked_after_rate"] == 20.7
    assert row.loc["S12000011", "looked_after_rate"] == 4.0
    assert row.loc["S12000005", "child_protection_rate"] == 4.6
    assert row.loc["S12000049", "child_population"] == 111037
    # Orkney's child protection rate is not published (NA) and stays empty.
    assert pd.isna(row.loc["S12000023", "child_protection_rate"])
    # SIMD 2020v2: no island data zone is in quintile 1; Glasgow has the most.
    assert row.loc["S12000013", "simd_most_deprived_share"] == 0
    assert row["simd_most_deprived_share"].idxmax() in {"S12000049", "S12000018"}
    assert set(row.loc[["S12000033", "S12000036", "S12000042", "S12000049"], "urban_rural"]) == {
        "larger-urban"
    }
    assert set(row.loc[["S12000013", "S12000023", "S12000027", "S12000017"], "urban_rural"]) == {
        "islands-remote"
    }


@needs_real
def test_lookup_urban_rural_class_agrees_with_the_classification_file():
    own = realdata.read_simd(SIMD).set_index("council_code")
    other = realdata.read_simd(SIMD, URBAN_RURAL).set_index("council_code")
    assert (own["simd_most_deprived_share"] == other["simd_most_deprived_share"]).all()
    # The two editions of the classification differ for a few councils at most.
    assert (own["urban_rural"] != other["urban_rural"]).sum() <= 4


@needs_real
def test_real_values_show_the_published_deprivation_gradient():
    frame = realdata.indicators_from_published(
        realdata.read_scotpho(SCOTPHO), realdata.read_simd(SIMD)
    )
    corr = frame["looked_after_rate"].corr(frame["simd_most_deprived_share"])
    assert corr > 0.5


@needs_real
def test_the_analysis_runs_on_real_indicators(tmp_path, params):
    """Real ScotPHO/SIMD values with the demo's integration and workforce files."""
    from csrr.findings import check_findings
    from csrr.paths import DEMO_DATA_DIR
    from csrr.strand3 import analysis

    folder = tmp_path / "strand3"
    realdata.build(SCOTPHO, SIMD, folder / "indicators.csv")
    for name in ("integration.csv", "workforce.csv"):
        (folder / name).write_bytes((DEMO_DATA_DIR / "strand3" / name).read_bytes())
    results = analysis.analyse(data.load(tmp_path, params), params)
    model = results.models[("looked_after_rate", "main")]
    assert model.method == "ols" and model.n_obs == 32
    dep = model.term("deprivation")
    assert dep["lower"] > 0  # the published gradient survives adjustment
    findings = analysis.build_findings(results)
    doc = {
        "schema_version": 1,
        "strand": "strand3",
        "title": "t",
        "data_status": "real",
        "findings": [f.__dict__ for f in findings],
    }
    check_findings(doc, "findings.json")
    assert "In 2021, the average council looked after" in findings[2].statement
