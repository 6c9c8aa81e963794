"""The demo data: deterministic, plausible, and with the small councils the issue asks for."""

from __future__ import annotations

import pandas as pd

from csrr import councils
from csrr.paths import DEMO_DATA_DIR
from csrr.strand4 import data, demo

DEMO = DEMO_DATA_DIR / "strand4"


def test_regenerating_gives_the_committed_files_byte_for_byte(tmp_path):
    written = demo.generate(tmp_path)
    assert [p.name for p in written] == ["questionnaire.yml", "responses.csv", "README.md"]
    for path in written:
        assert path.read_bytes() == (DEMO / path.name).read_bytes(), path.name


def test_small_councils_have_the_planned_respondents(survey):
    counts = survey.responses[data.COUNCIL].value_counts()
    assert counts[councils.code_for("Orkney")] == 3
    assert counts[councils.code_for("Shetland")] == 6
    assert counts[councils.code_for("Western Isles")] == 8
    assert counts[councils.code_for("Clackmannanshire")] == 7
    # Every council responded, and most have more than the threshold.
    assert set(counts.index) == set(councils.CODES)
    assert (counts >= 10).sum() >= 26


def test_orkney_keeps_exactly_three_after_the_partial_rule(prep):
    assert (prep.frame[data.COUNCIL] == councils.code_for("Orkney")).sum() == 3


def test_shape_and_skews(survey):
    r = survey.responses
    assert 1400 <= len(r) <= 1600
    assert r[data.ID].is_unique and r[data.ID].is_monotonic_increasing
    assert r[data.ID].str.fullmatch(data.RESPONDENT_ID).all()
    # No police officer works in the third sector; most family support staff do.
    third = pd.crosstab(r[data.ROLE], r[data.SECTOR])["third"]
    assert third["police"] == 0
    assert third["family-support"] > third["education"]
    items = [i.id for i in survey.questionnaire.items]
    answers = r[items]
    assert (answers == 9).sum().sum() > 0  # prefer not to say
    assert answers.isna().sum().sum() > 0  # skipped and unfinished
    assert (~r[data.COMPLETED]).sum() > 50
    # Views on change are more negative than views on the quality of help.
    assert (
        r["change_6"].where(r["change_6"] <= 5).mean() < r["qual_3"].where(r["qual_3"] <= 5).mean()
    )


def test_data_dictionary_is_generated_from_the_schema():
    text = (DEMO / "README.md").read_text(encoding="utf-8")
    assert "Illustrative, synthetic data: not research findings." in text
    assert "| `multi_4` |" in text and "Agencies in my area work in silos." in text
    assert "prefer not to say" in text
    assert "Each row is unique by `respondent_id`." in text
