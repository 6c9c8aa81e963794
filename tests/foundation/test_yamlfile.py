"""A key written twice in any YAML input is one line naming the file, line and key."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from csrr import sandbox, yamlfile
from csrr.errors import DuplicateKeyError, ParamsError
from csrr.params import load_manifest, load_params, load_yaml
from csrr.paths import DEMO_DATA_DIR, PARAMS_DIR, relative
from tests.conftest import params_copy


def write(tmp_path: Path, text: str, name: str = "f.yml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def duplicate(path: Path) -> DuplicateKeyError:
    with pytest.raises(DuplicateKeyError) as info:
        load_yaml(path)
    return info.value


@pytest.mark.parametrize(
    ("text", "key", "line", "first"),
    [
        ("a: 1\nb: 2\na: 3\n", "a", 3, 1),
        ("top:\n  x: 1\n  y: 2\n  x: 1\n", "x", 4, 2),
        # Same value twice is still a mistake: one of them was meant to change.
        ("a: 1\na: 1\n", "a", 2, 1),
        ("{a: 1, a: 2}\n", "a", 1, 1),
        ("items:\n  - id: q1\n    id: q2\n", "id", 3, 2),
        ("'a': 1\n\"a\": 2\n", "a", 2, 1),
        ("1: one\n1: uno\n", "1", 2, 1),
    ],
)
def test_duplicate_key_names_file_line_and_key(tmp_path, text, key, line, first):
    path = write(tmp_path, text)
    error = duplicate(path)
    assert (
        str(error)
        == f"{relative(path)}:{line}: key '{key}' is given twice (first on line {first})"
    )
    assert isinstance(error, ParamsError)
    assert error.problem.line == line and error.problem.column == key


def test_same_key_in_different_mappings_is_fine(tmp_path):
    path = write(tmp_path, "a:\n  x: 1\nb:\n  x: 2\nlist:\n  - x: 1\n  - x: 2\n")
    assert load_yaml(path)["b"] == {"x": 2}


def test_merge_key_may_be_overridden(tmp_path):
    # Overriding a merged key is what merge keys are for, not a duplicate.
    path = write(tmp_path, "base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  x: 3\n")
    assert load_yaml(path)["m"] == {"x": 3, "y": 2}


def test_dates_stay_text(tmp_path):
    assert yamlfile.load(write(tmp_path, "date: 2026-11-22\n")) == {"date": "2026-11-22"}


def test_params_file_with_a_repeated_threshold_stops(tmp_path):
    common = params_copy(tmp_path, "common")
    text = common.read_text(encoding="utf-8")
    common.write_text(text + "disclosure_threshold: 3\n", encoding="utf-8")
    first = text.splitlines().index("disclosure_threshold: 10") + 1
    with pytest.raises(
        DuplicateKeyError,
        match=rf"common.yml:\d+: key 'disclosure_threshold' "
        rf"is given twice \(first on line {first}\)",
    ):
        load_params(PARAMS_DIR / "strand4.yml", common_file=common)


def test_manifest_with_a_repeated_key_stops(tmp_path):
    write(
        tmp_path,
        "status: synthetic\ndescription: d\ndate: 2026-01-01\nowner: o\nstatus: real\n",
        "DATASET.yml",
    )
    with pytest.raises(DuplicateKeyError, match=r"DATASET.yml:5: key 'status' is given twice"):
        load_manifest(tmp_path)


def test_cli_prints_one_line_and_exits_non_zero(tmp_path):
    copy = sandbox.copy_project(tmp_path / "project")
    common = copy / "params" / "common.yml"
    common.write_text(
        common.read_text(encoding="utf-8") + "disclosure_threshold: 3\n", encoding="utf-8"
    )
    proc = subprocess.run(
        [sys.executable, "-m", "csrr", "params"],
        cwd=copy,
        env=sandbox.environment(copy),
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    (line,) = proc.stderr.strip().splitlines()
    assert line.startswith("error: params/common.yml:")
    assert "key 'disclosure_threshold' is given twice" in line


def test_demo_yaml_inputs_have_no_repeated_keys():
    for path in sorted(DEMO_DATA_DIR.rglob("*.yml")) + sorted(PARAMS_DIR.glob("*.yml")):
        yamlfile.load(path)
