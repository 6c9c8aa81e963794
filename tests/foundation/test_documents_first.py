"""The reports are written as documents: prose in Markdown cells, one run each."""

from __future__ import annotations

import json
import re

import pytest

from csrr.reports import NOTEBOOKS, existing

# What a notebook must never do: choose its text by report in code.
VARIANT_BRANCH = re.compile(r"\bif\s+(not\s+)?full\b|\bvariant\s*[=!]=|\bfull\s*=\s*variant")


@pytest.mark.parametrize("nb", existing(), ids=lambda nb: nb.id)
def test_no_variant_branches(nb):
    cells = json.loads(nb.path.read_text(encoding="utf-8"))["cells"]
    code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    branches = [line for src in code for line in src.splitlines() if VARIANT_BRANCH.search(line)]
    assert not branches, f"{nb.notebook} chooses text in code: {branches[:3]}"


@pytest.mark.parametrize("nb", existing(), ids=lambda nb: nb.id)
def test_parameters_cell_has_no_variant(nb):
    from csrr.execute import declared_parameters

    assert "variant" not in declared_parameters(nb.path)


@pytest.mark.build
def test_most_words_come_from_markdown(built):
    from csrr.words import TARGET, shares

    found = {s.report: s for s in shares()}
    expected = {nb.report_name(v) for nb in existing() for v in nb.variants}
    assert set(found) == expected
    low = {name: f"{s.share:.0%}" for name, s in found.items() if s.share < TARGET}
    assert not low, f"reports under {TARGET:.0%} of words from Markdown: {low}"


@pytest.mark.build
def test_each_notebook_ran_once_and_renders_both_reports(built):
    for nb in existing():
        executed = nb.executed()
        assert executed.is_file()
        for variant in nb.variants:
            name = nb.report_name(variant)
            record = json.loads((built / name / f".{name}.html.json").read_text())
            assert record["source"] == f"build/{nb.id}/{nb.id}.ipynb"
    # One executed notebook per notebook, whatever the number of reports.
    assert len(list((built.parent).glob("*/.executed.ipynb"))) == len(existing())
    assert sum(len(nb.variants) for nb in NOTEBOOKS.values()) == 11
