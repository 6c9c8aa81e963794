"""Real Quarto renders the executed notebooks as the built-in engine does.

These tests need a ``quarto`` binary on PATH and are skipped without one
(Quarto cannot be installed where this project is developed: see the
README). They build the mini project of test_project.py (the feature
fixture as strand 1), then render its executed notebook with
``--engine quarto`` in place, from the project root, and compare the
documents with the built-in engine's.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from csrr import sandbox
from csrr.checks import check_document, docx_text, pdf_text
from tests.foundation.test_project import mini_project

pytestmark = [
    pytest.mark.build,
    pytest.mark.skipif(shutil.which("quarto") is None, reason="no quarto binary on PATH"),
]
FORMATS = ("html", "pdf", "docx")
NUMBERED = re.compile(r"\b(Figure|Table|Section) (\d+(?:\.\d+)*)")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    copy = mini_project(tmp_path_factory.mktemp("quarto") / "csrr")
    sandbox.make(copy, "-j2", "all")
    return copy


def quarto_render(project: Path, profile: str, fmt: str) -> Path:
    out = project / "build" / "quarto-test" / f"strand1-{profile}.{fmt}"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "csrr",
            "render",
            "build/strand1/strand1.ipynb",
            "--to",
            fmt,
            "--out",
            str(out),
            "--engine",
            "quarto",
            "--profile",
            profile,
        ],
        cwd=project,
        env=sandbox.environment(project),
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return out


def text_of(path: Path) -> str:
    if path.suffix == ".pdf":
        return pdf_text(path)
    if path.suffix == ".docx":
        return docx_text(path)
    return re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("profile", ["full", "summary"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_quarto_document_passes_the_house_checks(project, profile, fmt):
    doc = quarto_render(project, profile, fmt)
    assert check_document(doc) == []  # alt text, PDF/UA tags, headings, language
    text = " ".join(text_of(doc).split())
    assert "import pandas" not in text and "n_points: int" not in text  # code hidden
    assert "Illustrative data: not research findings." in text  # banner
    assert "DRAFT" in text
    assert "The total from code is 49" in text  # inline expressions resolved
    assert ("INLINE-SUMMARY-ONLY" in text) == (profile == "summary")


def test_quarto_pdf_is_a4(project):
    import pikepdf

    with pikepdf.open(quarto_render(project, "full", "pdf")) as pdf:
        box = [round(float(v)) for v in pdf.pages[0].MediaBox]
    assert box[2:] == [595, 842]


@pytest.mark.parametrize("fmt", FORMATS)
def test_same_numbers_as_the_built_in_engine(project, fmt):
    quarto = quarto_render(project, "full", fmt)
    built_in = project / "build/out/strand1-full" / f"strand1-full.{fmt}"
    assert NUMBERED.findall(text_of(quarto)) == NUMBERED.findall(text_of(built_in))
