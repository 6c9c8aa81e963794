"""A throwaway copy of the project, for the benchmark and for tests that must
not touch the real build (switching data folders, live preview, timing a
clean build).

The copy holds the project's files (what git tracks, plus new files not yet
ignored) with their modification times, and runs make with this virtual
environment's Python and the copy's own ``src`` first on ``PYTHONPATH``, so
the package, the notebooks and the kernels all work from the copy.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from csrr.paths import ROOT

STAMP = Path(sys.prefix) / ".installed"


# What a copy never takes when the project is not a git checkout (a copy of a copy).
_NOT_PROJECT = {"build", "_site", "_publish", ".venv", ".git", "__pycache__", ".pytest_cache"}


def project_files() -> list[Path]:
    """The project's files, relative to its root (tracked and new, not ignored)."""
    proc = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    if proc.returncode == 0 and (ROOT / ".git").exists():
        return [Path(p) for p in proc.stdout.decode().split("\0") if p and (ROOT / p).is_file()]
    return sorted(
        p.relative_to(ROOT)
        for p in ROOT.rglob("*")
        if p.is_file() and not _NOT_PROJECT & set(p.relative_to(ROOT).parts[:-1] or ["."])
    )


def copy_project(dest: Path) -> Path:
    """Copy the project into ``dest`` (which must not exist); return it."""
    dest = Path(dest)
    for rel in project_files():
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, target)
    return dest


def environment(copy: Path) -> dict[str, str]:
    """Environment for make in a copy: its own package first on the path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(Path(copy) / "src") + os.pathsep + env.get("PYTHONPATH", "")
    return env


def make_command(*targets: str) -> list[str]:
    """make with this venv's Python and install stamp, so the copy never builds a venv."""
    return ["make", "--no-print-directory", f"PY={sys.executable}", f"STAMP={STAMP}", *targets]


def make(copy: Path, *targets: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run make in a project copy; return the completed process."""
    proc = subprocess.run(
        make_command(*targets),
        cwd=copy,
        env=environment(copy),
        capture_output=True,
        text=True,
        check=False,
    )
    if check and proc.returncode != 0:
        raise RuntimeError(
            f"make {' '.join(targets)} failed in {copy}:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"
        )
    return proc
