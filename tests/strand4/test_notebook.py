"""The notebook reads as the report: one run for both reports, its parameters agree
with the params file, sentences in Markdown cells, figures captioned with alt text."""

from __future__ import annotations

import json
import re

import papermill

from csrr.params import load_yaml
from csrr.paths import PARAMS_DIR
from csrr.reports import NOTEBOOKS

NB = NOTEBOOKS["strand4"]


def _cells(kind: str) -> list[str]:
    nb = json.loads(NB.path.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == kind]


def test_parameters_cell_declares_every_key_of_the_params_file():
    declared = set(papermill.inspect_notebook(str(NB.path)))
    own = set(load_yaml(PARAMS_DIR / "strand4.yml"))
    assert "variant" not in declared
    assert own <= declared
    assert declared - own == {"output_dir", "data_dir", "data_status", "disclosure_threshold"}


def test_notebook_is_committed_without_outputs():
    nb = json.loads(NB.path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


def test_code_cells_hold_no_sentences_and_no_variant():
    for source in _cells("code"):
        assert not re.search(r"\bfull\b|variant", source), source[:80]
        assert "display.markdown" not in source and "display.callout" not in source
        assert 'f"""' not in source


def test_figure_cells_have_captions_and_data_driven_alt_text():
    figures = [s for s in _cells("code") if "#| label: fig-" in s]
    assert [s.splitlines()[0] for s in figures] == [
        "#| label: fig-likert",
        "#| label: fig-arrangements",
        "#| label: fig-barriers",
    ]
    for source in figures:
        assert "#| fig-cap:" in source and "charts.show(fig, alt=alt)" in source


def test_top_level_sections_follow_the_skeleton():
    text = "\n\n".join(_cells("markdown"))
    ids = [m.split()[0] for m in re.findall(r"^# .+? \{([^}]*)\}$", text, re.MULTILINE)]
    assert ids == [
        "#sec-key-findings", "#sec-intro", "#sec-methods", "#sec-profile", "#sec-views",
        "#sec-arrangements", "#sec-barriers", "#sec-limitations", "#sec-annex-a", "#sec-annex-b",
    ]  # fmt: skip
    assert "@sec-annex" not in text


def test_conditional_divs_are_balanced():
    depth = 0
    for source in _cells("markdown"):
        for line in source.splitlines():
            if line.startswith(":::") and line.strip() != ":::":
                depth += 1
            elif line.strip() == ":::":
                depth -= 1
            assert depth >= 0
    assert depth == 0
