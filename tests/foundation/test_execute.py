"""The papermill runner: checks before any kernel, staged results, clear failures."""

from __future__ import annotations

from pathlib import Path

import pytest

from csrr.errors import CsrrError, ParamsError
from csrr.execute import notebook_parameters, run
from csrr.paths import ROOT
from csrr.reports import Notebook

PARAMS = ROOT / "tests/fixtures/params/features.yml"
DATA = ROOT / "tests/fixtures/data"
FAILING = Notebook("fixture", "Fixture", "tests/fixtures/failing.ipynb", ("full",))


def test_declared_parameters_get_typed_values():
    from csrr.params import load_params

    values = notebook_parameters(
        ROOT / FAILING.notebook, load_params(PARAMS, data_dir=DATA), "full", ROOT / "_b"
    )
    assert values == {
        "variant": "full",
        "output_dir": "_b",
        "data_dir": "tests/fixtures/data",
        "n_points": 20,
    }


def test_type_mismatch_is_named(tmp_path):
    from csrr.params import load_params

    params = load_params(PARAMS, data_dir=DATA)
    params["n_points"] = "twenty"
    with pytest.raises(
        ParamsError, match="parameter 'n_points' is declared int but params give 'twenty'"
    ):
        notebook_parameters(ROOT / FAILING.notebook, params, "full", tmp_path)


def test_params_error_stops_before_any_kernel_and_keeps_outputs(tmp_path):
    bad = tmp_path / "features.yml"
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema/features.schema.json").write_text(
        (PARAMS.parent / "schema/features.schema.json").read_text()
    )
    bad.write_text(PARAMS.read_text() + "colour: blue\n")
    build = tmp_path / "build"
    build.mkdir()
    (build / "full.ipynb").write_text("previous good build")
    with pytest.raises(ParamsError, match="features.yml: unknown key 'colour'"):
        run(FAILING, "full", params_file=bad, data_dir=DATA, build_dir=build)
    assert (build / "full.ipynb").read_text() == "previous good build"
    assert sorted(p.name for p in build.iterdir()) == ["full.ipynb"]


@pytest.mark.build
def test_failing_cell_names_cell_and_error_and_keeps_outputs(tmp_path):
    build = tmp_path / "build"
    build.mkdir()
    (build / "full.ipynb").write_text("previous good build")
    with pytest.raises(CsrrError) as info:
        run(FAILING, "full", params_file=PARAMS, data_dir=DATA, build_dir=build)
    message = str(info.value)
    assert (
        "fixture (full): cell 3 of tests/fixtures/failing.ipynb raised ZeroDivisionError: division by zero"
        in message
    )
    assert "| total = sum(values) / 0" in message
    assert (build / "full.ipynb").read_text() == "previous good build"
    assert sorted(p.name for p in build.iterdir()) == ["full.ipynb"]


def test_unknown_variant(tmp_path):
    with pytest.raises(CsrrError, match="unknown variant 'draft'"):
        run(FAILING, "draft", params_file=PARAMS, data_dir=DATA, build_dir=Path(tmp_path))
