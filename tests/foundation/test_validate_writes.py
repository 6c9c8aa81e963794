"""`csrr validate` reads every input and writes nothing but its report."""

from __future__ import annotations

import os
import subprocess
import sys

from csrr import sandbox


def test_validate_writes_only_its_report(tmp_path):
    copy = sandbox.copy_project(tmp_path / "project")
    build = copy / "build"
    # An earlier build's output, which validating must leave alone.
    (build / "strand4" / "tables").mkdir(parents=True)
    old = build / "strand4" / "tables" / "profile-role.csv"
    old.write_text("Role,Respondents\n", encoding="utf-8")
    os.utime(old, (1_000_000_000, 1_000_000_000))
    before = sorted(p.relative_to(copy) for p in copy.rglob("*") if p.is_file())

    proc = subprocess.run(
        [sys.executable, "-m", "csrr", "validate"],
        cwd=copy,
        env=sandbox.environment(copy),
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    after = sorted(p.relative_to(copy) for p in copy.rglob("*") if p.is_file())
    new = sorted(set(after) - set(before))
    assert [str(p) for p in new if "__pycache__" not in p.parts] == ["build/validation.html"]
    assert old.stat().st_mtime == 1_000_000_000
    assert not (copy / "acro_artifacts").exists()
