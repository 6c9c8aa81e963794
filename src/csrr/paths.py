"""Every path the project uses, in one place.

Notebooks run with the project root as their working directory, but nothing
should rely on that: code builds paths from the constants here.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PARAMS_DIR = ROOT / "params"
STRANDS_DIR = ROOT / "strands"
SYNTHESIS_DIR = ROOT / "synthesis"
DATA_DIR = ROOT / "data"
DEMO_DATA_DIR = DATA_DIR / "demo"
RAW_DATA_DIR = DATA_DIR / "raw"
EXTENSION_DIR = ROOT / "_extensions" / "csrr"
SCHEMA_DIR = PARAMS_DIR / "schema"

# Not "build": Quarto never takes project inputs from a folder whose name
# starts with "_", and the executed notebooks are Quarto's inputs.
BUILD_DIR = ROOT / "build"
# Rendered documents before they are assembled into the site.
OUT_DIR = BUILD_DIR / "out"
SITE_DIR = ROOT / "_site"
PUBLISH_DIR = ROOT / "_publish"
# Caches that tools would otherwise write into the user's home folder.
CACHE_DIR = BUILD_DIR / ".cache"


def report_build_dir(strand: str) -> Path:
    """Folder holding one notebook's executed variants and their products.

    Parameters
    ----------
    strand : str
        Notebook id, such as ``"strand3"`` or ``"synthesis"``.

    Returns
    -------
    Path
        ``build/<strand>``.
    """
    return BUILD_DIR / strand


def findings_path(strand: str) -> Path:
    """Where a strand's ``findings.json`` is written by its run."""
    return report_build_dir(strand) / "findings.json"


def relative(path: Path) -> str:
    """Show a path relative to the project root when it lies inside it.

    Error messages name files this way so that they read the same on every
    machine.
    """
    path = Path(path)
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)
