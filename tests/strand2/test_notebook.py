"""The notebook's parameters and the strand's params file agree with each other and the schema."""

from __future__ import annotations

import json

import papermill
import pytest

from csrr.errors import ParamsError
from csrr.params import load_params, load_yaml
from csrr.paths import PARAMS_DIR
from csrr.reports import NOTEBOOKS
from tests.conftest import params_copy

NB = NOTEBOOKS["strand2"]


def test_parameters_cell_declares_every_key_of_the_params_file():
    declared = set(papermill.inspect_notebook(str(NB.path)))
    own = set(load_yaml(PARAMS_DIR / "strand2.yml"))
    assert own <= declared
    assert declared - own == {"output_dir", "data_dir", "data_status"}


def test_notebook_is_committed_without_outputs():
    nb = json.loads(NB.path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


def test_every_figure_cell_has_a_caption():
    nb = json.loads(NB.path.read_text(encoding="utf-8"))
    sources = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    figure_cells = [s for s in sources if "#| label: fig-" in s]
    assert len(figure_cells) == 3
    for source in figure_cells:
        assert "#| fig-cap:" in source
        assert "charts.show(fig, alt=alt)" in source


@pytest.fixture
def params_dir(tmp_path):
    return params_copy(tmp_path, "strand2").parent


def test_unknown_key_in_the_params_file(params_dir):
    path = params_dir / "strand2.yml"
    path.write_text(path.read_text(encoding="utf-8") + "common_threshold: 3\n", encoding="utf-8")
    with pytest.raises(ParamsError, match="unknown key 'common_threshold'"):
        load_params(path)


def test_threshold_must_be_a_whole_number(params_dir):
    path = params_dir / "strand2.yml"
    text = path.read_text(encoding="utf-8").replace(
        "common_approach_min_countries: 3", "common_approach_min_countries: three"
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ParamsError, match="key 'common_approach_min_countries': expected a whole"):
        load_params(path)
