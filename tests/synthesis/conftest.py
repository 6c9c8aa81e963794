"""Fixtures for the synthesis tests: fixture findings of five strands, copied per test.

``fixtures/build/strandN/`` holds a small but realistic ``findings.json`` and
a ``full.ipynb`` (section headings and one figure cell) for every strand, so
the synthesis can be tested before, and independently of, the strands. The
notebooks are committed without outputs, like every notebook here; each
test's copy is "executed" by giving every figure cell a small PNG output.
Each test gets its own copy, so it may delete or doctor files freely.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from csrr.params import load_yaml
from csrr.paths import PARAMS_DIR
from csrr.synthesis import report

FIXTURE_BUILD = Path(__file__).parent / "fixtures" / "build"


# A 1 x 1 pixel PNG: enough for the engine to embed a figure.
PIXEL = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="


def _execute(notebook: Path) -> None:
    """Give every code cell the output an executed figure cell would have."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"] = [
                {
                    "output_type": "display_data",
                    "metadata": {},
                    "data": {"image/png": PIXEL, "text/plain": "<Figure>"},
                }
            ]
    notebook.write_text(json.dumps(nb, indent=1), encoding="utf-8")


@pytest.fixture
def build_dir(tmp_path: Path) -> Path:
    """A private copy of the fixture build folder (``<tmp>/build/strandN/...``)."""
    target = tmp_path / "build"
    shutil.copytree(FIXTURE_BUILD, target)
    for notebook in target.glob("*/full.ipynb"):
        _execute(notebook)
    return target


@pytest.fixture
def config() -> dict[str, Any]:
    """The keys of ``params/synthesis.yml``: the real framework, strands and rules.

    Its divergent findings, answers and conditions cite the real strands'
    ids, not the fixtures', so they are emptied; tests set their own.
    """
    config = load_yaml(PARAMS_DIR / "synthesis.yml")
    config["triangulation"]["divergent"] = []
    config.update(answers=[], conditions=[], figures=[])
    return config


def prepare(build: Path, config: dict[str, Any], **changes: Any) -> report.Synthesis:
    """Prepare a synthesis from a build folder, with some keys of the config replaced."""
    keys = {
        "study": "Children's Services Reform Research",
        "question": config["question"],
        "framework": config["framework"],
        "strands": config["strands"],
        "triangulation_rules": config["triangulation"],
        "answers": [],
        "conditions": [],
        "figures": [],
        "data_status": "synthetic",
        "build_dir": build,
    }
    keys.update(changes)
    return report.prepare(**keys)


def edit_findings(build: Path, strand: str, edit) -> None:
    """Apply ``edit(doc)`` to a strand's findings file in place."""
    path = build / strand / "findings.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    edit(doc)
    path.write_text(json.dumps(doc), encoding="utf-8")
