"""Strand 3 report values: strings as the reader sees them, taken from the results."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from csrr import councils
from csrr.strand3 import analysis, figures, values
from csrr.strand3.data import ARRANGEMENTS


@pytest.fixture(scope="module")
def findings(results):
    return analysis.build_findings(results)


@pytest.fixture(scope="module")
def v(results, findings):
    return values.prepare(results, findings, "synthetic")


def test_every_value_is_text_for_a_sentence(v):
    for name, value in vars(v).items():
        if name == "illustrative" or name.startswith("f"):
            continue
        assert isinstance(value, str) and value, name
        assert "{" not in value and not re.search(r"\bnan\b|not available", value), name


def test_values_follow_the_results(results, findings, v):
    typ = results.typology.set_index("arrangement")
    assert v.n_councils == "32"
    assert v.n_all == str(int(typ.loc["ijb-all", "councils"]))  # 11: digits above nine
    assert v.n_health == "nine"  # words up to nine
    assert v.share_all == f"{round(typ.loc['ijb-all', 'children_share'])}%"
    assert v.lead_follows == "Highland follows"
    dep = results.models[("looked_after_rate", "main")].term("deprivation")
    assert v.dep_lac == analysis.fmt(dep["estimate"])
    assert v.dep_lac_ci == f"{analysis.fmt(dep['lower'])} to {analysis.fmt(dep['upper'])}"
    assert (v.f1.id, v.f3.strength) == ("S3-F01", {f.id: f for f in findings}["S3-F03"].strength)
    assert v.level == "95%" and v.step == "10"


def test_negative_values_take_the_minus_sign(v):
    # The demo's looked-after contrast runs from below zero to above it.
    assert v.focus_lac_ci.startswith("\u2212")
    assert v.focus_vac.startswith("\u2212")
    for name, value in vars(v).items():
        if isinstance(value, str):
            assert not re.search(r"(?<![\w])-\d", value), name


def test_words_that_depend_on_the_data(results, findings, v):
    # The demo's looked-after contrast includes zero; its vacancy contrast is below it.
    assert v.lac_verdict == "no clear difference in looked-after rates from"
    assert v.vac_verdict == "lower vacancy rates than"
    assert v.lac_moved == "fell" and v.lac_groups == "under every arrangement"
    above = pd.Series({"estimate": 2.0, "lower": 0.5, "upper": 3.5})
    assert values._compared(above, "vacancy rates", preposition="than") == (
        "higher vacancy rates than"
    )


def test_illustrative_warning_only_for_synthetic_data(results, findings, v):
    assert "synthetic data" in v.illustrative.data and "callout-warning" in v.illustrative.data
    assert values.prepare(results, findings, "real").illustrative == ""


def test_changes_list_takes_semicolons(v):
    assert v.changes.count("; ") == 2 and "; and " in v.changes
    assert "Orkney Islands in 2018, from delegating" in v.changes


def test_join():
    assert values.join([]) == ""
    assert values.join(["a", "b", "c"]) == "a, b and c"
    assert values.join(["a, x", "b, y"], sep="; ") == "a, x; and b, y"


def test_typology_table_is_the_key_to_the_map(results):
    frame = values.typology_frame(results)
    assert list(frame["Arrangement"]) == list(ARRANGEMENTS.values())
    text = " ".join(frame["Council areas (map code)"])
    for code, (abbr, _, _) in figures.TILES.items():
        assert text.count(f"{councils.NAMES[code]} ({abbr})") == 1, abbr


def test_annex_gives_map_codes_and_arrangements_in_words(results):
    frame = values.annex_frame(results)
    assert list(frame.columns[:3]) == ["Council area", "Map code", "Arrangement"]
    names = {name: code for code, name in councils.NAMES.items()}
    assert all(
        figures.TILES[names[n]][0] == abbr
        for n, abbr in zip(frame["Council area"], frame["Map code"], strict=True)
    )
    assert set(frame["Arrangement"]) == set(figures.SHORT.values())


def test_completeness_frame_adds_up(results):
    frame = values.completeness_frame(results)
    assert (frame["Present"] + frame["Missing"] == frame["Possible"]).all()
