"""Fixtures for the synthesis tests: fixture findings of five strands, copied per test.

``fixtures/build/strandN/`` holds a small but realistic ``findings.json`` and
a ``.executed.ipynb`` (section headings and one figure cell) for every strand,
laid out as ``make`` builds a strand, so the synthesis can be tested before,
and independently of, the strands. The notebooks are committed without
outputs, like every notebook here; each test's copy is "executed" by giving
every figure cell a small PNG output, and copied to ``strandN.ipynb`` (the
notebook the renderers read, which the final report embeds figures from).
Each test gets its own copy, so it may delete or doctor files freely.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from csrr.params import load_yaml
from csrr.paths import PARAMS_DIR, ROOT
from csrr.synthesis import report

FIXTURE_BUILD = Path(__file__).parent / "fixtures" / "build"
NOTEBOOK = ROOT / "synthesis" / "synthesis.ipynb"


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
    for notebook in target.glob("*/.executed.ipynb"):
        _execute(notebook)
        shutil.copy(notebook, notebook.parent / f"{notebook.parent.name}.ipynb")
    return target


@pytest.fixture
def config() -> dict[str, Any]:
    """The keys of ``params/synthesis.yml``: the real framework, strands and rules.

    Its divergent findings and conditions cite the real strands' ids, not
    the fixtures', so they are emptied; tests set their own.
    """
    config = load_yaml(PARAMS_DIR / "synthesis.yml")
    config["triangulation"]["divergent"] = []
    config.update(conditions=[], figures=[])
    return config


def prepare(build: Path, config: dict[str, Any], **changes: Any) -> report.Synthesis:
    """Prepare a synthesis from a build folder, with some keys of the config replaced."""
    keys = {
        "study": "Children's Services Reform Research",
        "question": config["question"],
        "framework": config["framework"],
        "strands": config["strands"],
        "triangulation_rules": config["triangulation"],
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


CITED = re.compile(r"\bsee\.(S[1-5])_(F\d{2})\b")


def cited_in_notebook() -> list[str]:
    """Finding ids the synthesis notebook's Markdown cites (``see.S3_F02`` -> ``S3-F02``)."""
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    text = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    return list(dict.fromkeys(f"{s}-{f}" for s, f in CITED.findall(text)))


def add_cited_findings(build: Path) -> None:
    """Give the fixture strands every finding the notebook cites that they lack.

    Each added finding copies its strand's first finding (elements, section)
    under the new id, so that the real notebook runs on the fixture build.
    """
    for fid in cited_in_notebook():
        strand = f"strand{fid[1]}"

        def add(doc, fid=fid):
            if all(f["id"] != fid for f in doc["findings"]):
                first = doc["findings"][0]
                doc["findings"].append(
                    dict(
                        first,
                        id=fid,
                        title=f"Fixture finding {fid}",
                        numbers={},
                        statement="A fixture finding.",
                    )
                )

        edit_findings(build, strand, add)


# The strand figures the notebook embeds, as params/synthesis.yml lists them.
EMBEDDED = {"strand3": "fig-map", "strand4": "fig-barriers"}


def like_the_real_strands(build: Path) -> list[dict[str, str]]:
    """Make a fixture build citable by the real notebook; return its ``figures`` setting.

    Adds every finding the notebook cites (:func:`add_cited_findings`) and
    gives the fixture figures of strands 3 and 4 the labels the notebook
    embeds.
    """
    add_cited_findings(build)
    figures = []
    for strand, label in EMBEDDED.items():
        for name in (".executed.ipynb", f"{strand}.ipynb"):
            path = build / strand / name
            path.write_text(
                path.read_text(encoding="utf-8").replace(f"fig-{strand}-chart", label),
                encoding="utf-8",
            )
        figures.append({"strand": strand, "label": label, "element": "structures"})
    return figures
