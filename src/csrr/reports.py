"""The catalogue of notebooks and the reports each one produces.

Five strand notebooks each give a full and a summary report; the synthesis
notebook gives the final report. That makes eleven reports, each published
as HTML, PDF and Word. A notebook is executed once: its reports are renders
of the one executed notebook under the Quarto profile of the variant
(``--profile summary`` shows the summary's conditional content). The Makefile owns the build graph; this module only
names things, so every part of the package names them the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from csrr.paths import PARAMS_DIR, ROOT, report_build_dir

FORMATS = ("html", "pdf", "docx")
VARIANT_LABELS = {"full": "Full report", "summary": "Summary"}


@dataclass(frozen=True)
class Notebook:
    """A parameterised notebook and the reports it produces.

    Parameters
    ----------
    id : str
        Short id used in paths and make targets (``strand3``).
    label : str
        How people refer to it (``Strand 3``).
    notebook : str
        Path of the source notebook, relative to the project root.
    variants : tuple of str
        The reports rendered from its one execution, by Quarto profile.
    """

    id: str
    label: str
    notebook: str
    variants: tuple[str, ...]

    @property
    def path(self) -> Path:
        """Absolute path of the source notebook."""
        return ROOT / self.notebook

    @property
    def params_file(self) -> Path:
        """The notebook's own params file."""
        return PARAMS_DIR / f"{self.id}.yml"

    def report_name(self, variant: str) -> str:
        """Name of the report one variant produces (``strand3-full``)."""
        return "final-report" if self.id == "synthesis" else f"{self.id}-{variant}"

    def executed(self, build_dir: Path | None = None) -> Path:
        """The executed notebook every report of this notebook renders from."""
        return (build_dir or report_build_dir(self.id)) / f"{self.id}.ipynb"

    def reports(self) -> list[str]:
        """Names of every report this notebook produces."""
        return [self.report_name(v) for v in self.variants]


STRAND_VARIANTS = ("full", "summary")

NOTEBOOKS: dict[str, Notebook] = {
    nb.id: nb
    for nb in (
        Notebook("strand1", "Strand 1", "strands/strand1_evidence_review.ipynb", STRAND_VARIANTS),
        Notebook("strand2", "Strand 2", "strands/strand2_case_studies.ipynb", STRAND_VARIANTS),
        Notebook("strand3", "Strand 3", "strands/strand3_national_mapping.ipynb", STRAND_VARIANTS),
        Notebook("strand4", "Strand 4", "strands/strand4_workforce_survey.ipynb", STRAND_VARIANTS),
        Notebook("strand5", "Strand 5", "strands/strand5_focus_groups.ipynb", STRAND_VARIANTS),
        Notebook("synthesis", "Final report", "synthesis/synthesis.ipynb", ("full",)),
    )
}
STRANDS = tuple(k for k in NOTEBOOKS if k.startswith("strand"))


def existing() -> list[Notebook]:
    """Notebooks whose source exists (the build makes every report that exists)."""
    return [nb for nb in NOTEBOOKS.values() if nb.path.is_file()]


def parse_report_name(name: str) -> tuple[Notebook, str]:
    """Split a report name (``strand3-summary``, ``final-report``) into notebook and variant.

    Raises
    ------
    KeyError
        If no notebook produces a report of that name.
    """
    for nb in NOTEBOOKS.values():
        for variant in nb.variants:
            if nb.report_name(variant) == name:
                return nb, variant
    raise KeyError(name)
