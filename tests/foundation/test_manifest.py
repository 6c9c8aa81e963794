"""The manifest cannot call the synthetic demo data real."""

from __future__ import annotations

import hashlib
import shutil

import pytest

from csrr import cli, params
from csrr.errors import ParamsError
from csrr.params import DEMO_HASHES_NAME, load_manifest
from csrr.paths import DEMO_DATA_DIR


def demo_copy(tmp_path, status="real"):
    copy = tmp_path / "data"
    shutil.copytree(DEMO_DATA_DIR, copy)
    manifest = copy / "DATASET.yml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace("status: synthetic", f"status: {status}"), encoding="utf-8")
    return copy


def test_committed_hash_list_matches_the_demo_files():
    listed = {}
    for line in (DEMO_DATA_DIR / DEMO_HASHES_NAME).read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ", 1)
        listed[name] = digest
    files = sorted(p for p in DEMO_DATA_DIR.glob("strand*/*") if p.is_file())
    assert sorted(listed) == sorted(p.relative_to(DEMO_DATA_DIR).as_posix() for p in files)
    for path in files:
        rel = path.relative_to(DEMO_DATA_DIR).as_posix()
        assert listed[rel] == hashlib.sha256(path.read_bytes()).hexdigest(), rel


def test_regenerating_writes_the_same_hash_list(tmp_path):
    assert cli.main(["demo-data", "--out", str(tmp_path)]) == 0
    assert (tmp_path / DEMO_HASHES_NAME).read_bytes() == (
        DEMO_DATA_DIR / DEMO_HASHES_NAME
    ).read_bytes()


def test_copy_of_the_demo_called_real_is_refused(tmp_path):
    copy = demo_copy(tmp_path)
    with pytest.raises(ParamsError) as caught:
        load_manifest(copy)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{copy / 'DATASET.yml'}: key 'status': strand1/")
    assert "is the synthetic demo file" in message and message.endswith("found 'real'")


def test_one_demo_record_file_is_enough_to_refuse(tmp_path):
    copy = demo_copy(tmp_path)
    for path in copy.glob("strand*/*.csv"):
        if path.name != "responses.csv":
            path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    for path in copy.glob("strand2/case-*.yml"):
        path.unlink()
    with pytest.raises(ParamsError, match=r"strand4/responses.csv is the synthetic demo file"):
        load_manifest(copy)


def test_real_folder_may_reuse_the_demo_instruments(tmp_path):
    # Questionnaire, codebook, themes and references are instruments, not
    # records: a real survey can use the demo's wording.
    copy = demo_copy(tmp_path)
    for path in [*copy.glob("strand*/*.csv"), *copy.glob("strand2/case-*.yml")]:
        path.write_bytes(path.read_bytes() + b"\n")
    assert load_manifest(copy)["status"] == "real"


def test_synthetic_copy_is_fine(tmp_path):
    assert load_manifest(demo_copy(tmp_path, "synthetic"))["status"] == "synthetic"


def test_the_shipped_demo_folder_cannot_say_real(tmp_path, monkeypatch):
    copy = demo_copy(tmp_path)
    # Stand the copy in for the shipped folder (the committed manifest stays as it is).
    monkeypatch.setattr(params, "DEMO_DATA_DIR", copy)
    with pytest.raises(ParamsError, match=r"the shipped demo data are synthetic, found 'real'$"):
        load_manifest(copy)


def test_cli_says_it_in_one_line(tmp_path, capsys):
    copy = demo_copy(tmp_path)
    assert cli.main(["params", "--data", str(copy)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "is the synthetic demo file" in err[0]
