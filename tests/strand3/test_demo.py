"""The demo data: deterministic, documented, and plausible in shape and magnitude."""

from __future__ import annotations

import pandas as pd

from csrr import councils
from csrr.paths import DEMO_DATA_DIR
from csrr.strand3 import demo

DEMO = DEMO_DATA_DIR / "strand3"


def test_regenerating_gives_byte_identical_files(tmp_path):
    written = demo.generate(tmp_path / "strand3")
    assert sorted(p.name for p in written) == sorted(p.name for p in DEMO.iterdir())
    for path in written:
        assert path.read_bytes() == (DEMO / path.name).read_bytes(), path.name


def test_dictionary_documents_every_column_and_says_illustrative():
    text = (DEMO / "README.md").read_text(encoding="utf-8")
    assert "Illustrative, synthetic data: not research findings" in text
    for name in ("integration.csv", "indicators.csv", "workforce.csv"):
        header = (DEMO / name).read_text(encoding="utf-8").splitlines()[0]
        for column in header.split(","):
            assert f"| `{column}` |" in text, (name, column)
    assert "python -m csrr.strand3.realdata" in text


def test_integration_covers_every_council_with_real_names():
    frame = pd.read_csv(DEMO / "integration.csv")
    assert list(frame["council_code"]) == list(councils.CODES)
    assert list(frame["council_name"]) == [councils.NAMES[c] for c in councils.CODES]
    shared = frame.groupby("partnership")["council_name"].apply(sorted)
    assert ["Clackmannanshire", "Stirling"] in list(shared)
    assert frame.loc[frame["lead_agency"], "council_name"].tolist() == ["Highland"]
    assert frame["change_year"].notna().sum() == len(demo.CHANGES)


def test_indicators_are_a_ten_year_panel_with_realistic_magnitudes():
    frame = pd.read_csv(DEMO / "indicators.csv")
    assert frame["year"].nunique() >= 10
    assert len(frame) == 32 * frame["year"].nunique()
    latest = frame[frame["year"] == 2021]
    # 2021 published looked-after rates ran from about 4 to 27 per 1,000.
    assert 2 < latest["looked_after_rate"].min() < 8
    assert 18 < latest["looked_after_rate"].max() < 35
    assert frame["child_protection_rate"].dropna().between(0.3, 10).all()
    # Some values missing, as in real returns, but not many.
    share = frame[["looked_after_rate", "child_protection_rate"]].isna().mean()
    assert (share > 0).all() and (share < 0.1).all()
    # The islands have no data zones in the most deprived quintile.
    islands = frame[frame["council_code"].isin(["S12000013", "S12000023", "S12000027"])]
    assert (islands["simd_most_deprived_share"] == 0).all()


def test_workforce_rates_are_plausible():
    frame = pd.read_csv(DEMO / "workforce.csv")
    assert frame["vacancy_rate"].dropna().between(0, 30).all()
    assert frame["sickness_absence_rate"].dropna().between(0.5, 15).all()
    by_year = frame.groupby("year")["vacancy_rate"].mean()
    assert by_year.iloc[-1] > by_year.iloc[0]  # the demo model has vacancies rising
    assert frame["council_code"].nunique() == 32
