"""The notebook, its parameters and the params file agree with each other and the schema."""

from __future__ import annotations

import json

import papermill
import pytest

from csrr.errors import ParamsError
from csrr.params import load_params, load_yaml
from csrr.paths import PARAMS_DIR
from csrr.reports import NOTEBOOKS
from tests.conftest import params_copy

NB = NOTEBOOKS["strand1"]


def test_parameters_cell_declares_every_key_of_the_params_file():
    declared = set(papermill.inspect_notebook(str(NB.path)))
    own = set(load_yaml(PARAMS_DIR / "strand1.yml")) - {"slug", "summary_max_pages"}
    assert own <= declared
    assert declared - own == {"variant", "output_dir", "data_dir", "data_status"}


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
