"""The Makefile: self-documenting, phony targets declared, nothing redone."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from csrr.paths import EXTENSION_DIR, ROOT
from tests.conftest import run_make

MAKEFILE = (ROOT / "Makefile").read_text()


def test_help_lists_documented_targets():
    out = run_make("help").stdout
    assert "Available rules:" in out
    for target in ("all", "html", "test", "clean", "check", "final", "serve", "help"):
        assert re.search(rf"^  make {target}\s+\S", out, re.MULTILINE), target


def test_every_documented_target_is_phony_on_its_own_line():
    documented = re.findall(r"^## .*\n\.PHONY: (\S+)\n(\S+):", MAKEFILE, re.MULTILINE)
    assert len(documented) >= 10
    for phony, target in documented:
        assert phony == target


def test_dry_run_of_everything_works():
    proc = run_make("-n", "all")
    assert proc.returncode == 0


def test_reference_docx_is_what_make_style_writes(tmp_path):
    out = tmp_path / "reference.docx"
    subprocess.run(
        [sys.executable, "-m", "csrr", "style", "--out", str(out)], check=True, capture_output=True
    )
    assert out.read_bytes() == (EXTENSION_DIR / "reference.docx").read_bytes()


@pytest.mark.build
def test_second_make_does_nothing(built):
    # `make -q` exits 0 only when every target is up to date.
    assert run_make("-q", "all", check=False).returncode == 0
