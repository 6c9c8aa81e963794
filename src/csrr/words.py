"""How much of each report is written as a document: words by origin.

``python -m csrr words`` prints, for every built report, the share of its
words that come from Markdown cells (prose the research team edits, numbers
included through inline expressions) rather than from code cells' output.

Counted: the reader's running text after the report's profile has applied
its conditional content. Not counted: tables, figures and their captions,
and code blocks, which are data whichever way they are made.
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from csrr.errors import CsrrError
from csrr.inline import resolve
from csrr.paths import EXTENSION_DIR, relative
from csrr.render.notebook import cell_options, cell_source
from csrr.reports import NOTEBOOKS

# A paragraph that marks where a cell's content begins, and its origin.
_MARK = "CSRRORIGIN"
_SKIP = {"Table", "Figure", "CodeBlock", "RawBlock"}
TARGET = 0.8


@dataclass(frozen=True)
class Share:
    """Words of one report by origin."""

    report: str
    markdown: int
    code: int

    @property
    def share(self) -> float:
        total = self.markdown + self.code
        return self.markdown / total if total else 0.0


def marked_markdown(nb_path: Path) -> str:
    """The notebook's Markdown with a marker paragraph before each cell's part."""
    nb = json.loads(Path(nb_path).read_text(encoding="utf-8"))
    parts = []
    for cell in nb.get("cells", []):
        tags = cell.get("metadata", {}).get("tags", [])
        if "remove-cell" in tags or "injected-parameters" in tags or "parameters" in tags:
            continue
        if cell.get("cell_type") == "markdown":
            text, _ = resolve(
                cell_source(cell), cell.get("metadata", {}).get("user_expressions", [])
            )
            parts.append(f"{_MARK}md\n\n{text}")
        elif cell.get("cell_type") == "code":
            asis = cell_options(cell_source(cell))[0].get("output") == "asis"
            shown = [
                "".join(out["data"]["text/markdown"])
                if "text/markdown" in out.get("data", {})
                else "".join(out["text"])
                for out in cell.get("outputs", [])
                if "text/markdown" in out.get("data", {})
                or (asis and out.get("output_type") == "stream" and out.get("name") == "stdout")
            ]
            if shown:
                parts.append(f"{_MARK}code\n\n" + "\n\n".join(shown))
    return "\n\n".join(parts) + "\n"


def _words(node, counts: dict[str, int], origin: list[str]) -> None:
    if isinstance(node, list):
        for item in node:
            _words(item, counts, origin)
        return
    if not isinstance(node, dict) or "t" not in node:
        return
    kind = node["t"]
    if kind in _SKIP:
        return
    if kind == "Para" and node["c"] and node["c"][0].get("t") == "Str":
        first = node["c"][0]["c"]
        if first.startswith(_MARK) and len(node["c"]) == 1:
            origin[0] = first[len(_MARK) :]
            return
    if kind == "Str":
        counts[origin[0]] = counts.get(origin[0], 0) + 1
        return
    _words(node.get("c"), counts, origin)


def count(nb_path: Path, profiles: list[str], report: str) -> Share:
    """Words by origin in one report (a notebook under its profiles)."""
    import yaml

    from csrr.render.engine import active_profiles, document_metadata, pandoc_path
    from csrr.render.notebook import front_matter, read_notebook

    active = active_profiles(profiles)
    env = dict(os.environ, QUARTO_PROFILE=",".join(active), LC_ALL="C.UTF-8")
    # The metadata, so that when-meta blocks are kept or left out as in the report.
    meta = json.loads(
        json.dumps(document_metadata(front_matter(read_notebook(nb_path)), active), default=str)
    )
    head = "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n\n"
    proc = subprocess.run(
        [
            str(pandoc_path()),
            "--from",
            "markdown",
            "--to",
            "json",
            "--lua-filter",
            str(EXTENSION_DIR / "filters" / "conditional.lua"),
        ],
        input=head + marked_markdown(nb_path),
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if proc.returncode != 0:
        raise CsrrError(f"{relative(nb_path)}: pandoc could not read it: {proc.stderr.strip()}")
    counts: dict[str, int] = {}
    _words(json.loads(proc.stdout)["blocks"], counts, ["code"])
    return Share(report, counts.get("md", 0), counts.get("code", 0))


def shares() -> list[Share]:
    """Every built report's words by origin, in catalogue order."""
    found = []
    for nb in NOTEBOOKS.values():
        executed = nb.executed()
        if not executed.is_file():
            continue
        for variant in nb.variants:
            found.append(count(executed, [variant], nb.report_name(variant)))
    return found


def main() -> int:
    """Print the table; exit 1 if a report is under the target share."""
    found = shares()
    if not found:
        raise CsrrError("words: no executed notebooks in build/ (run make first)")
    print(f"{'report':<18} {'markdown':>9} {'code':>6} {'share':>6}")
    for item in found:
        flag = "" if item.share >= TARGET else f"  < {TARGET:.0%}"
        print(f"{item.report:<18} {item.markdown:>9} {item.code:>6} {item.share:>6.0%}{flag}")
    return 0 if all(item.share >= TARGET for item in found) else 1
