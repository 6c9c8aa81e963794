"""Parameters: merged, validated before any kernel, one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from csrr.errors import ParamsError
from csrr.params import load_manifest, load_params, load_yaml
from csrr.paths import PARAMS_DIR, ROOT
from csrr.reports import existing

FIXTURE_PARAMS = ROOT / "tests/fixtures/params/features.yml"
FIXTURE_DATA = ROOT / "tests/fixtures/data"


def write_params(tmp_path: Path, text: str) -> Path:
    """A report params file next to a copy of the fixture schema."""
    (tmp_path / "schema").mkdir(exist_ok=True)
    schema = (FIXTURE_PARAMS.parent / "schema/features.schema.json").read_text()
    (tmp_path / "schema/features.schema.json").write_text(schema)
    path = tmp_path / "features.yml"
    path.write_text(text)
    return path


VALID = "title: T\nslug: t\nsummary_max_pages: 4\nn_points: 5\n"


class TestLoadParams:
    def test_merges_common_report_and_manifest(self):
        params = load_params(FIXTURE_PARAMS, data_dir=FIXTURE_DATA)
        assert params["n_points"] == 20
        assert params["organisation"] == "Scottish Government"
        assert params["data_status"] == "synthetic"
        # Dates stay text (YAML would otherwise make them date objects).
        assert isinstance(params["date"], str)

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            (VALID + "n_pionts: 3\n", "features.yml: unknown key 'n_pionts'"),
            ("title: T\nslug: t\nsummary_max_pages: 4\n", "features.yml: missing key 'n_points'"),
            (
                VALID.replace("n_points: 5", "n_points: five"),
                "features.yml: key 'n_points': expected a whole number",
            ),
            (
                VALID.replace("slug: t", "slug: Not A Slug"),
                "features.yml: key 'slug': expected text",
            ),
            (VALID + "title: [unclosed\n", "features.yml: not valid YAML at line"),
            (VALID + "organisation: Someone\n", "unknown key 'organisation'"),
        ],
    )
    def test_bad_key_is_one_line_naming_file_and_key(self, tmp_path, text, expected):
        path = write_params(tmp_path, text)
        with pytest.raises(ParamsError) as info:
            load_params(path, data_dir=FIXTURE_DATA)
        message = str(info.value)
        assert expected in message
        assert "\n" not in message

    def test_override_is_checked_too(self):
        with pytest.raises(ParamsError, match="key 'disclosure_threshold'"):
            load_params(
                FIXTURE_PARAMS, data_dir=FIXTURE_DATA, overrides={"disclosure_threshold": "ten"}
            )

    def test_missing_manifest_stops_with_its_name(self, tmp_path):
        (tmp_path / "data").mkdir()
        with pytest.raises(ParamsError, match=r"DATASET.yml: manifest missing"):
            load_params(FIXTURE_PARAMS, data_dir=tmp_path / "data")

    def test_manifest_status_is_checked(self, tmp_path):
        (tmp_path / "DATASET.yml").write_text(
            "status: maybe\ndescription: d\ndate: 2026-01-01\nowner: o\n"
        )
        with pytest.raises(ParamsError, match="key 'status': expected one of 'synthetic', 'real'"):
            load_manifest(tmp_path)


class TestProjectParams:
    """The committed params files are valid, and match the notebooks that use them."""

    def test_common_and_every_report_load(self):
        for nb in existing():
            params = load_params(nb.params_file)
            assert params["title"]

    def test_demo_manifest_says_synthetic(self):
        assert load_manifest(ROOT / "data/demo")["status"] == "synthetic"

    @pytest.mark.parametrize("nb", existing(), ids=lambda nb: nb.id)
    def test_parameters_cell_matches_schema(self, nb):
        """Each notebook declares every key of its params file, with the same type.

        papermill injects only what a notebook declares, so an undeclared key
        would be silently ignored; a declared key no file sets is an error.
        """
        from csrr.execute import RUNTIME_PARAMETERS, declared_parameters, notebook_parameters

        declared = declared_parameters(nb.path)
        own = load_yaml(nb.params_file)
        missing = sorted(set(own) - set(declared) - {"slug", "summary_max_pages", "bibliography"})
        assert not missing, f"{nb.notebook} does not declare {missing}"
        for name in RUNTIME_PARAMETERS:
            assert name in declared, f"{nb.notebook} does not declare {name}"
        # Raises on a declared key no params file sets, or on a type mismatch.
        notebook_parameters(nb.path, load_params(nb.params_file), ROOT / "build/x")

    def test_every_schema_key_has_a_description(self):
        import json

        for path in sorted((PARAMS_DIR / "schema").glob("*.schema.json")):
            schema = json.loads(path.read_text())
            for key, node in schema.get("properties", {}).items():
                assert node.get("description"), f"{path.name}: key '{key}' has no description"
