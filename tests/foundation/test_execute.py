"""The papermill runner: checks before any kernel, staged results, clear failures."""

from __future__ import annotations

import json
import shutil

import pytest

from csrr.errors import CsrrError, ParamsError
from csrr.execute import fingerprint, notebook_parameters, run, splice
from csrr.paths import ROOT
from csrr.reports import Notebook

PARAMS = ROOT / "tests/fixtures/params/features.yml"
DATA = ROOT / "tests/fixtures/data"
FAILING = Notebook("fixture", "Fixture", "tests/fixtures/failing.ipynb", ("full",))
FAILING_INLINE = Notebook("fixture", "Fixture", "tests/fixtures/failing_inline.ipynb", ("full",))
FEATURES = Notebook("fixture", "Fixture", "tests/fixtures/features.ipynb", ("full", "summary"))


def test_declared_parameters_get_typed_values():
    from csrr.params import load_params

    values = notebook_parameters(
        ROOT / FAILING.notebook, load_params(PARAMS, data_dir=DATA), ROOT / "_b"
    )
    assert values == {
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
        notebook_parameters(ROOT / FAILING.notebook, params, tmp_path)


def test_params_error_stops_before_any_kernel_and_keeps_outputs(tmp_path):
    bad = tmp_path / "features.yml"
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema/features.schema.json").write_text(
        (PARAMS.parent / "schema/features.schema.json").read_text()
    )
    bad.write_text(PARAMS.read_text() + "colour: blue\n")
    build = tmp_path / "build"
    build.mkdir()
    (build / "fixture.ipynb").write_text("previous good build")
    with pytest.raises(ParamsError, match="features.yml: unknown key 'colour'"):
        run(FAILING, params_file=bad, data_dir=DATA, build_dir=build)
    assert (build / "fixture.ipynb").read_text() == "previous good build"
    assert sorted(p.name for p in build.iterdir()) == ["fixture.ipynb"]


@pytest.mark.build
def test_failing_cell_names_cell_and_error_and_keeps_outputs(tmp_path):
    build = tmp_path / "build"
    build.mkdir()
    (build / "fixture.ipynb").write_text("previous good build")
    with pytest.raises(CsrrError) as info:
        run(FAILING, params_file=PARAMS, data_dir=DATA, build_dir=build)
    message = str(info.value)
    assert (
        "fixture: cell 3 of tests/fixtures/failing.ipynb raised ZeroDivisionError: division by zero"
        in message
    )
    assert "| total = sum(values) / 0" in message
    assert (build / "fixture.ipynb").read_text() == "previous good build"
    assert sorted(p.name for p in build.iterdir()) == ["fixture.ipynb"]


@pytest.mark.build
def test_failing_inline_expression_names_notebook_cell_and_expression(tmp_path):
    build = tmp_path / "build"
    build.mkdir()
    (build / "fixture.ipynb").write_text("previous good build")
    with pytest.raises(CsrrError) as info:
        run(FAILING_INLINE, params_file=PARAMS, data_dir=DATA, build_dir=build)
    assert str(info.value) == (
        "tests/fixtures/failing_inline.ipynb: cell 3: inline expression "
        "`{python} mean_value` failed: NameError: name 'mean_value' is not defined"
    )
    assert (build / "fixture.ipynb").read_text() == "previous good build"


def test_fingerprint_ignores_prose_and_sees_code_and_expressions(tmp_path):
    source = json.loads((ROOT / FEATURES.notebook).read_text())
    path = tmp_path / "nb.ipynb"

    def with_change(change) -> str:
        data = json.loads(json.dumps(source))
        change(data["cells"])
        path.write_text(json.dumps(data))
        return fingerprint(path)

    base = with_change(lambda cells: None)
    md = next(c for c in source["cells"] if c.get("id") == "inline-and-conditional")
    index = source["cells"].index(md)

    def reword(cells):
        cells[index]["source"] = ["Reworded: `{python} total_text` and `{python} marked`, "]
        cells[index]["source"] += ["`{python} rich`, `{python} n_points * 2`.\n"]

    def new_expression(cells):
        cells[index]["source"] = ["Now `{python} n_points * 3`.\n"]

    def new_markdown_cell(cells):
        cells.insert(index, {"cell_type": "markdown", "metadata": {}, "source": ["# New\n"]})

    def code_edit(cells):
        cells[1]["source"] = ["import pandas as pd\n", "x = 1\n"]

    assert with_change(reword) == base
    assert with_change(new_markdown_cell) == base
    assert with_change(new_expression) != base
    assert with_change(code_edit) != base


@pytest.mark.build
def test_splice_takes_new_prose_without_a_kernel(tmp_path):
    build = tmp_path / "build"
    copy = tmp_path / "features.ipynb"
    shutil.copy2(ROOT / FEATURES.notebook, copy)
    nb = Notebook("fixture", "Fixture", str(copy), ("full", "summary"))
    run(
        nb, params_file=ROOT / "tests/fixtures/params/features.yml", data_dir=DATA, build_dir=build
    )
    data = json.loads(copy.read_text())
    cell = next(c for c in data["cells"] if c.get("id") == "inline-and-conditional")
    cell["source"] = ["A new sentence says `{python} total_text` again.\n"]
    copy.write_text(json.dumps(data))
    spliced = json.loads(splice(nb, build).read_text())
    new = next(c for c in spliced["cells"] if c.get("id") == "inline-and-conditional")
    assert "".join(new["source"]).startswith("A new sentence")
    assert new["metadata"]["user_expressions"][0]["result"]["data"]["text/plain"] == "'49'"
    # Code outputs are those of the run.
    assert any(c.get("outputs") for c in spliced["cells"] if c["cell_type"] == "code")
    cell["source"] = ["An `{python} unknown_value` the run never saw.\n"]
    copy.write_text(json.dumps(data))
    with pytest.raises(
        CsrrError, match=r"inline expression `\{python\} unknown_value` was not executed"
    ):
        splice(nb, build)
