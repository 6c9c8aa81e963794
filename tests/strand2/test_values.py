"""The values the report's sentences read: prepared as text, and every one the notebook names."""

from __future__ import annotations

import json
import re

import pytest

from csrr.inline import expressions
from csrr.reports import NOTEBOOKS
from csrr.strand2 import analysis, values

NB = NOTEBOOKS["strand2"]


@pytest.fixture(scope="module")
def v(cases, params):
    threshold = params["common_approach_min_countries"]
    return values.prepare(cases, threshold, analysis.build_findings(cases, threshold))


def _markdown_cells():
    nb = json.loads(NB.path.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]


def test_every_value_is_text_ready_to_read(v):
    for name, value in vars(v).items():
        text = value.data if hasattr(value, "data") else value
        assert isinstance(text, str), name
        # One minus sign for negatives, and no machine ids in reader text.
        assert not re.search(r"(?<![\w])-\d", text), (name, text)
        assert "_" not in text and "country-" not in text, (name, text)


def test_every_inline_expression_in_the_notebook_is_a_prepared_value(v):
    found = [e for cell in _markdown_cells() for e in expressions(cell)]
    assert len(found) > 50
    for expression in found:
        assert re.fullmatch(r"v\.\w+", expression), expression
        assert hasattr(v, expression.removeprefix("v.")), expression


def test_demo_values(v):
    assert (v.n, v.n_word, v.threshold) == ("4", "four", "3")
    assert v.n_gaps == "3" and v.gap_names == "Country B, Country C and Country D"
    assert v.csc_delivered == "regionally in 2 of the 4 countries and locally in 2"
    assert v.links_adult == "2 of the 4 countries"
    assert v.common_barriers_counted.startswith("incompatible information systems (4 of 4)")
    assert v.established == "1 April 2013"
    assert v.act_cite.data == "[@scotland-act-2012]"
    assert v.reform_shared_of == "all seven"
    assert v.upper_enablers == "1 enabler" and v.lower_barriers == "6 barriers"
    assert v.lag == "one year later"
    assert [v.strength_f01, v.strength_f06] == ["moderate", "emerging"]


def test_prose_is_in_markdown_cells_not_code():
    nb = json.loads(NB.path.read_text(encoding="utf-8"))
    code = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert "display.callout" not in code and "findings_callouts" not in code
    # Generated Markdown only for the case profiles (data), nowhere else.
    assert code.count("display.markdown(") == 1
    assert "display.markdown(profiles.annex_markdown(cases))" in code


def test_skeleton_headings_in_order():
    text = "\n".join(_markdown_cells())
    ids = re.findall(r"^# .*\{#([\w-]+)", text, flags=re.MULTILINE)
    assert ids == [
        "sec-key-findings",
        "sec-intro",
        "sec-methods",
        "sec-governance",
        "sec-integration",
        "sec-themes",
        "sec-timelines",
        "sec-scotland",
        "sec-limitations",
        "sec-annex-a",
        "sec-annex-b",
    ]
    assert "# References {.unnumbered}" in text
