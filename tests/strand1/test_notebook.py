"""The notebook, its parameters and the params file agree with each other and the schema;
the notebook reads as the report: its skeleton, and its words in Markdown cells."""

from __future__ import annotations

import json
import re

import papermill
import pytest

from csrr.errors import ParamsError
from csrr.params import load_params, load_yaml
from csrr.paths import DEMO_DATA_DIR, PARAMS_DIR
from csrr.reports import NOTEBOOKS
from tests.conftest import params_copy

NB = NOTEBOOKS["strand1"]


def test_parameters_cell_declares_every_key_of_the_params_file():
    declared = set(papermill.inspect_notebook(str(NB.path)))
    own = set(load_yaml(PARAMS_DIR / "strand1.yml")) - {"slug", "summary_max_pages"}
    assert own <= declared
    assert declared - own == {"output_dir", "data_dir", "data_status"}


def test_notebook_is_committed_without_outputs():
    nb = json.loads(NB.path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


def test_figure_cells_have_captions_and_data_driven_alt_text():
    nb = json.loads(NB.path.read_text(encoding="utf-8"))
    sources = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    figure_cells = [s for s in sources if "#| label: fig-" in s]
    assert [s.splitlines()[0] for s in figure_cells] == [
        "#| label: fig-prisma",
        "#| label: fig-countries",
        "#| label: fig-evidence-map",
    ]
    for source in figure_cells:
        assert "#| fig-cap:" in source
        assert "charts.show(fig, alt=alt)" in source


def test_bibliography_closes_the_report():
    nb = json.loads(NB.path.read_text(encoding="utf-8"))
    markdown = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]
    assert "# References {.unnumbered}\n\n::: {#refs}\n:::" in markdown


def _markdown() -> str:
    nb = json.loads(NB.path.read_text(encoding="utf-8"))
    return "\n\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


def test_top_level_sections_follow_the_skeleton():
    headings = re.findall(r"^# (.+?) \{([^}]*)\}$", _markdown(), re.MULTILINE)
    ids = [attrs.split()[0] for _, attrs in headings]
    assert ids == [
        "#sec-key-findings", "#sec-intro", "#sec-methods", "#sec-studies", "#sec-evidence-map",
        "#sec-strength", "#sec-models", "#sec-limitations", ".unnumbered", "#sec-annex-a",
    ]  # fmt: skip
    assert headings[-1][0] == "Annex A: Included studies"


def test_every_finding_section_is_a_heading_and_each_finding_is_noted_once():
    from csrr.params import load_params
    from csrr.strand1 import analysis, data
    from csrr.strand1.config import Settings

    params = load_params(PARAMS_DIR / "strand1.yml")
    settings = Settings.from_params(params)
    table = analysis.study_table(data.load(DEMO_DATA_DIR, params), settings)
    found = analysis.findings(table, analysis.strength_table(table, settings), settings)
    text = _markdown()
    for finding in found:
        assert re.search(r"^#+ .*\{#" + finding.section + r"[ }]", text, re.MULTILINE), finding.id
        assert text.count(f"*Finding {finding.id}.") == 1, finding.id


def test_conditional_divs_are_balanced_and_code_writes_no_sentences():
    text = _markdown()
    opened = len(re.findall(r"^::: ?\{", text, re.MULTILINE))
    closed = len(re.findall(r"^:::$", text, re.MULTILINE))
    assert opened == closed
    assert text.count('when-profile="summary"') >= 6
    nb = json.loads(NB.path.read_text(encoding="utf-8"))
    code = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert "display.markdown(" not in code and "if full" not in code


@pytest.fixture
def params_dir(tmp_path):
    return params_copy(tmp_path, "strand1").parent


def test_unknown_key_in_the_params_file(params_dir):
    path = params_dir / "strand1.yml"
    path.write_text(path.read_text(encoding="utf-8") + "high_income: []\n", encoding="utf-8")
    with pytest.raises(ParamsError, match="unknown key 'high_income'"):
        load_params(path)


def test_rule_levels_take_only_known_conditions(params_dir):
    path = params_dir / "strand1.yml"
    text = path.read_text(encoding="utf-8").replace(
        "      min_positive_high: 2", "      min_positive_top: 2"
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ParamsError, match="evidence_rule.levels.0"):
        load_params(path)


def test_classification_year_must_be_a_year(params_dir):
    path = params_dir / "strand1.yml"
    text = path.read_text(encoding="utf-8").replace(
        "income_classification_year: 2024", 'income_classification_year: "FY25"'
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ParamsError, match="key 'income_classification_year': expected a whole"):
        load_params(path)
