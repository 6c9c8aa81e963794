"""Findings: what each strand concludes, in a form the synthesis can cite.

A strand writes ``findings.json``: a list of findings, each with a stable id
(``S3-F02``), a title, a one-sentence statement, a strength, the framework
elements it bears on and the numbers it rests on. Summaries show them; the
synthesis reads only these files and cites findings by id. Every number
written in a statement must be one of the finding's numbers, so no key
figure is ever typed by hand.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from csrr.errors import CsrrError
from csrr.params import load_yaml
from csrr.paths import PARAMS_DIR, findings_path, relative

STRENGTHS = ("strong", "moderate", "emerging", "limited")
SCHEMA_VERSION = 1
FINDINGS_FILE = "findings.json"

FINDINGS_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "findings.json",
    "type": "object",
    "additionalProperties": False,
    "required": ["schema_version", "strand", "title", "data_status", "findings"],
    "properties": {
        "schema_version": {"const": SCHEMA_VERSION},
        "strand": {"type": "string", "pattern": "^strand[1-5]$"},
        "title": {"type": "string", "minLength": 1},
        "data_status": {"enum": ["synthetic", "real"]},
        "findings": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": [
                    "id",
                    "title",
                    "statement",
                    "strength",
                    "elements",
                    "numbers",
                    "section",
                ],
                "properties": {
                    "id": {"type": "string", "pattern": "^S[1-5]-F[0-9]{2}$"},
                    "title": {"type": "string", "minLength": 1},
                    "statement": {"type": "string", "minLength": 1},
                    "strength": {"enum": list(STRENGTHS)},
                    "elements": {"type": "array", "minItems": 1, "items": {"type": "string"}},
                    "numbers": {
                        "type": "object",
                        "additionalProperties": {"type": "number"},
                    },
                    "section": {"type": "string", "pattern": "^sec-[a-z0-9-]+$"},
                },
            },
        },
    },
}

# A number as written in prose: 12, 1,500, 3.25, -0.4. Digits glued to
# letters or hyphens (finding ids such as S3-F01, codes such as S12000005)
# are not numbers in this sense.
_NUMBER = re.compile(
    r"(?<![\w.-])-?\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w-])|(?<![\w.,-])-?\d+(?:\.\d+)?(?![\w-]|,\d)"
)


@dataclass
class Finding:
    """One finding of a strand.

    Parameters
    ----------
    id : str
        Stable id, ``S<strand>-F<two digits>``.
    title : str
        Short headline.
    statement : str
        One or two sentences; every number in it must be in ``numbers``.
    strength : str
        strong, moderate, emerging or limited (the strand states its rule).
    elements : list of str
        Ids of the framework elements (``params/synthesis.yml``) it bears on.
    numbers : dict
        The numbers the statement rests on, by name.
    section : str
        Id of the section of the strand's full report that sets it out.
    """

    id: str
    title: str
    statement: str
    strength: str
    elements: list[str]
    numbers: dict[str, float] = field(default_factory=dict)
    section: str = "sec-findings"


def numbers_in(text: str) -> list[float]:
    """Every number written in ``text``, as floats (thousands commas removed).

    A typographic minus sign (U+2212) counts as a minus.
    """
    return [float(m.replace(",", "")) for m in _NUMBER.findall(text.replace("\u2212", "-"))]


def number_matches(written: float, value: float) -> bool:
    """Whether ``written`` is ``value`` as prose would show it.

    A statement may round: 12.3 matches 12.34, and 12 matches 12.4. A value
    stored as a proportion may be written as a percentage (0.123 as 12.3).
    """
    text = repr(written)
    places = len(text.split(".")[1]) if "." in text and not text.endswith(".0") else 0
    candidates = (value, value * 100)
    return any(abs(round(c, places) - written) < 10 ** (-places) / 2 + 1e-9 for c in candidates)


def untraced_numbers(text: str, numbers: dict[str, float] | list[float]) -> list[float]:
    """Numbers written in ``text`` that none of ``numbers`` accounts for."""
    values = list(numbers.values()) if isinstance(numbers, dict) else list(numbers)
    return [w for w in numbers_in(text) if not any(number_matches(w, v) for v in values)]


def framework_ids(path: Path = PARAMS_DIR / "synthesis.yml") -> list[str]:
    """Ids of the synthesis framework's key elements (configuration, not code)."""
    return [element["id"] for element in load_yaml(path).get("framework", [])]


def check_findings(doc: dict[str, Any], where: str, elements: list[str] | None = None) -> None:
    """Check a findings document; raise one line naming the finding.

    Parameters
    ----------
    doc : dict
        The parsed ``findings.json``.
    where : str
        File name for messages.
    elements : list of str, optional
        Allowed framework element ids (default: from ``params/synthesis.yml``).

    Raises
    ------
    CsrrError
        If the document breaks the schema, repeats an id, cites an unknown
        element, or writes a number its finding does not carry.
    """
    errors = sorted(
        Draft202012Validator(FINDINGS_SCHEMA).iter_errors(doc), key=lambda e: list(e.absolute_path)
    )
    if errors:
        err = errors[0]
        key = "/".join(str(p) for p in err.absolute_path) or "(top level)"
        raise CsrrError(f"{where}: {key}: {err.message}")
    allowed = set(elements if elements is not None else framework_ids())
    prefix = "S" + doc["strand"].removeprefix("strand") + "-F"
    seen: set[str] = set()
    for finding in doc["findings"]:
        fid = finding["id"]
        if not fid.startswith(prefix):
            raise CsrrError(f"{where}: finding {fid}: id should start with {prefix}")
        if fid in seen:
            raise CsrrError(f"{where}: finding {fid}: id used twice")
        seen.add(fid)
        unknown = [e for e in finding["elements"] if e not in allowed]
        if unknown:
            raise CsrrError(
                f"{where}: finding {fid}: unknown framework element '{unknown[0]}' "
                f"(params/synthesis.yml has: {', '.join(sorted(allowed))})"
            )
        stray = untraced_numbers(finding["statement"] + " " + finding["title"], finding["numbers"])
        if stray:
            raise CsrrError(
                f"{where}: finding {fid}: the number {stray[0]:g} in its text is not one of its numbers"
            )


def save(
    findings: list[Finding], *, strand: str, title: str, data_status: str, output_dir: str | Path
) -> Path:
    """Check and write a strand's ``findings.json`` into ``output_dir``.

    Parameters
    ----------
    findings : list of Finding
        The strand's findings, in the order the report presents them.
    strand : str
        Strand id (``strand3``).
    title : str
        The strand report's title.
    data_status : str
        ``synthetic`` or ``real``, from the data manifest.
    output_dir : str or Path
        Folder the run writes its products to (the ``output_dir`` parameter).

    Returns
    -------
    Path
        The file written.
    """
    doc = {
        "schema_version": SCHEMA_VERSION,
        "strand": strand,
        "title": title,
        "data_status": data_status,
        "findings": [asdict(f) for f in findings],
    }
    path = Path(output_dir) / FINDINGS_FILE
    check_findings(doc, relative(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def load(strand: str, path: Path | None = None) -> dict[str, Any]:
    """Read and check a strand's ``findings.json`` from the build.

    Raises
    ------
    CsrrError
        Naming the strand when its findings have not been built.
    """
    path = Path(path) if path is not None else findings_path(strand)
    if not path.is_file():
        raise CsrrError(
            f"{relative(path)}: findings of {strand} not found (build {strand} first: make {strand})"
        )
    doc = json.loads(path.read_text(encoding="utf-8"))
    check_findings(doc, relative(path))
    return doc
