"""Executed notebook -> Quarto-style Markdown, for the built-in engine.

This is the step Quarto performs in ``jupyter.ts``: read each cell's ``#|``
options, drop what is hidden, and write the outputs as Markdown, with images
saved beside it and figure and table captions attached to their labels. The
result is read by pandoc with the house Lua filters.

Conventions reproduced (see ``../shared/reference/quarto-behaviour.md``):

- front matter: the first raw cell holding a ``---`` YAML block;
- cells tagged ``remove-cell`` or ``injected-parameters``, and cells with
  ``include: false``, are left out entirely;
- ``echo`` (default from ``_quarto.yml``, false here) shows the code;
- ``output: false`` hides outputs; ``output: asis`` passes printed text
  through as Markdown; stderr is shown only with ``warning: true``;
- a cell labelled ``fig-x`` with ``fig-cap`` and ``fig-alt`` becomes a
  numbered figure; ``tbl-x`` with ``tbl-cap`` a numbered table (alt text
  and captions computed from data come in the cell's metadata, where the
  runner puts them and Quarto reads them);
- inline expressions in Markdown cells are replaced by the values stored in
  ``metadata.user_expressions`` (:mod:`csrr.inline`);
- ``{{< embed path.ipynb#label >}}`` pulls a labelled output from another
  executed notebook.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from csrr import inline
from csrr.errors import RenderError
from csrr.paths import relative

# Output types in order of preference, as Jupyter front ends choose them.
_IMAGE_TYPES = {"image/png": "png", "image/svg+xml": "svg", "image/jpeg": "jpg"}
# Cell options a notebook may also carry in cell metadata.
METADATA_OPTIONS = ("fig-alt", "fig-cap", "tbl-cap")
EMBED = re.compile(r"\{\{<\s*embed\s+([^#\s]+)#([\w-]+)\s*>\}\}")


@dataclass
class Document:
    """A notebook converted to Markdown.

    Attributes
    ----------
    markdown : str
        Body text, without front matter.
    meta : dict
        Front matter.
    images : dict
        File name -> bytes of every image the Markdown links to.
    """

    markdown: str
    meta: dict[str, Any]
    images: dict[str, bytes] = field(default_factory=dict)


def read_notebook(path: Path) -> dict[str, Any]:
    """Read a notebook file as plain JSON (faster than nbformat, no validation needed)."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise RenderError(f"{relative(path)}: not a readable notebook ({exc})") from None


def cell_source(cell: dict[str, Any]) -> str:
    """A cell's source as one string (Jupyter stores a string or a list of lines)."""
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def cell_options(source: str, where: str = "cell") -> tuple[dict[str, Any], str]:
    """Split a code cell's leading ``#|`` option lines from its code.

    Parameters
    ----------
    source : str
        The cell's source.
    where : str
        Name of the cell for error messages.

    Returns
    -------
    (dict, str)
        The options and the remaining code.

    Raises
    ------
    RenderError
        If the option lines are not valid YAML.
    """
    lines = source.splitlines()
    opts: list[str] = []
    for line in lines:
        if line.startswith("#|"):
            opts.append(line[2:].removeprefix(" "))
        else:
            break
    code = "\n".join(lines[len(opts) :])
    if not opts:
        return {}, code
    try:
        parsed = yaml.safe_load("\n".join(opts)) or {}
    except yaml.YAMLError as exc:
        raise RenderError(
            f"{where}: cell options are not valid YAML: {exc}".splitlines()[0]
        ) from None
    if not isinstance(parsed, dict):
        raise RenderError(f"{where}: cell options should be 'key: value' lines")
    return parsed, code


def metadata_options(cell: dict[str, Any]) -> dict[str, Any]:
    """Cell options held in the cell's metadata, where Quarto also reads them.

    The runner moves alt text and captions computed from data there (they
    cannot be written as ``#|`` lines before the data are read).
    """
    meta = cell.get("metadata", {})
    return {key: meta[key] for key in METADATA_OPTIONS if meta.get(key)}


def front_matter(nb: dict[str, Any]) -> dict[str, Any]:
    """Metadata from the first raw cell that holds a YAML block."""
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "raw":
            continue
        lines = cell_source(cell).strip().splitlines()
        if lines and lines[0].strip() == "---":
            # The block runs to the next line that is exactly "---".
            end = next(
                (i for i, line in enumerate(lines[1:], 1) if line.strip() == "---"), len(lines)
            )
            return yaml.safe_load("\n".join(lines[1:end])) or {}
    return {}


def _attr_value(text: str) -> str:
    """Quote a value for a pandoc attribute."""
    return '"' + " ".join(str(text).split()).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


class _Converter:
    """State while converting one notebook."""

    def __init__(self, path: Path, files_dir: str, defaults: dict[str, Any]):
        self.path = Path(path)
        self.files_dir = files_dir
        self.defaults = defaults
        self.images: dict[str, bytes] = {}

    def save_image(self, stem: str, mime: str, data: Any) -> str:
        ext = _IMAGE_TYPES[mime]
        raw = (
            _text(data).encode("utf-8")
            if mime == "image/svg+xml"
            else base64.b64decode(_text(data))
        )
        name = f"{self.files_dir}/{stem}.{ext}"
        if name in self.images:
            raise RenderError(f"{relative(self.path)}: label '{stem}' is used twice")
        self.images[name] = raw
        return name

    def figure(self, image: str, label: str | None, opts: dict[str, Any], where: str) -> str:
        alt = opts.get("fig-alt")
        if not alt or not str(alt).strip():
            name = f"figure '{label}'" if label else where
            raise RenderError(
                f"{relative(self.path)}: {name} has no fig-alt (every figure needs alt text)"
            )
        caption = str(opts.get("fig-cap", "")).strip()
        attrs = [f"#{label}"] if label else []
        attrs.append(f"fig-alt={_attr_value(alt)}")
        return f"![{caption}]({image}){{{' '.join(attrs)}}}\n"

    def outputs(self, cell: dict[str, Any], opts: dict[str, Any], index: int) -> list[str]:
        where = f"cell {index + 1}"
        label = opts.get("label")
        show_output = opts.get("output", True)
        if show_output is False:
            return []
        warning = opts.get("warning", self.defaults.get("warning", False))
        parts: list[str] = []
        images: list[tuple[str, Any]] = []
        for out in cell.get("outputs", []):
            kind = out.get("output_type")
            if kind == "stream":
                if out.get("name") == "stderr" and not warning:
                    continue
                text = _text(out.get("text", ""))
                parts.append(text if show_output == "asis" else f"```\n{text.rstrip()}\n```\n")
            elif kind in ("display_data", "execute_result"):
                data = out.get("data", {})
                mime = next((m for m in _IMAGE_TYPES if m in data), None)
                if "text/markdown" in data:
                    parts.append(_text(data["text/markdown"]))
                elif mime is not None:
                    images.append((mime, data[mime]))
                    parts.append(None)  # placeholder, filled below
                elif "text/html" in data and show_output == "asis":
                    parts.append("```{=html}\n" + _text(data["text/html"]) + "\n```\n")
                elif "text/plain" in data:
                    parts.append(f"```\n{_text(data['text/plain']).rstrip()}\n```\n")
            elif kind == "error":
                raise RenderError(
                    f"{relative(self.path)}: {where} holds an error output ({out.get('ename')})"
                )
        if label and str(label).startswith(("fig-", "tbl-")) and not parts:
            # A labelled cell that shows nothing in this variant (a figure only
            # the full report has) is left out, as Quarto leaves it; a
            # reference to it then fails as unresolved.
            return []
        if label and str(label).startswith("fig-") and len(images) != 1:
            raise RenderError(
                f"{relative(self.path)}: figure '{label}' has {len(images)} images (a figure cell shows exactly one)"
            )
        filled: list[str] = []
        for part in parts:
            if part is None:
                mime, data = images.pop(0)
                stem = (
                    label
                    if label and str(label).startswith("fig-")
                    else f"cell-{index + 1}-{len(self.images) + 1}"
                )
                path = self.save_image(stem, mime, data)
                fig_label = label if label and str(label).startswith("fig-") else None
                filled.append(self.figure(path, fig_label, opts, where))
            else:
                filled.append(part)
        if label and str(label).startswith("tbl-"):
            cap = opts.get("tbl-cap")
            if not cap:
                raise RenderError(f"{relative(self.path)}: table '{label}' has no tbl-cap")
            if not filled:
                raise RenderError(f"{relative(self.path)}: table '{label}' has no output")
            filled[-1] = (
                filled[-1].rstrip("\n") + f"\n\n: {' '.join(str(cap).split())} {{#{label}}}\n"
            )
        return filled

    def convert(self, nb: dict[str, Any]) -> str:
        blocks: list[str] = []
        front_done = False
        for index, cell in enumerate(nb.get("cells", [])):
            kind = cell.get("cell_type")
            source = cell_source(cell)
            tags = cell.get("metadata", {}).get("tags", [])
            if "remove-cell" in tags or "injected-parameters" in tags:
                continue
            if kind == "raw":
                if not front_done and source.strip().startswith("---"):
                    front_done = True
                continue
            if kind == "markdown":
                blocks.append(self.embed(self.inline(cell, source, index)))
                continue
            if kind != "code":
                continue
            opts, code = cell_options(source, f"{relative(self.path)}: cell {index + 1}")
            opts = {**metadata_options(cell), **opts}
            if opts.get("include", True) is False or "parameters" in tags:
                continue
            if opts.get("echo", self.defaults.get("echo", False)) and code.strip():
                blocks.append(f"```python\n{code.strip()}\n```\n")
            blocks.extend(self.embed(part) for part in self.outputs(cell, opts, index))
        return "\n".join(b.rstrip("\n") + "\n" for b in blocks if b.strip())

    def inline(self, cell: dict[str, Any], source: str, index: int) -> str:
        """Substitute the cell's inline expressions with their stored values."""
        text, missing = inline.resolve(
            source, cell.get("metadata", {}).get("user_expressions", [])
        )
        if missing:
            raise RenderError(
                f"{relative(self.path)}: cell {index + 1}: inline expression "
                f"`{{python}} {missing[0]}` has no value (the notebook was not executed with it)"
            )
        return text

    def embed(self, text: str) -> str:
        """Replace ``{{< embed nb.ipynb#label >}}`` with that labelled output."""

        def one(match: re.Match) -> str:
            target = (self.path.parent / match.group(1)).resolve()
            label = match.group(2)
            other = read_notebook(target)
            for index, cell in enumerate(other.get("cells", [])):
                if cell.get("cell_type") != "code":
                    continue
                opts, _ = cell_options(cell_source(cell))
                opts = {**metadata_options(cell), **opts}
                if opts.get("label") == label:
                    sub = _Converter(target, self.files_dir, self.defaults)
                    parts = sub.outputs(cell, opts, index)
                    for name, data in sub.images.items():
                        if name in self.images:
                            raise RenderError(
                                f"{relative(self.path)}: label '{label}' is used twice"
                            )
                        self.images[name] = data
                    return "\n".join(parts)
            raise RenderError(
                f"{relative(self.path)}: embed of '{label}': no such label in {relative(target)}"
            )

        return EMBED.sub(one, text)


def to_markdown(path: Path, files_dir: str, defaults: dict[str, Any] | None = None) -> Document:
    """Convert an executed notebook to Markdown.

    Parameters
    ----------
    path : Path
        Executed notebook.
    files_dir : str
        Folder name (relative to the Markdown) for its images.
    defaults : dict, optional
        Cell option defaults (``echo``, ``warning``) from ``_quarto.yml``.

    Returns
    -------
    Document
        Markdown body, front matter and images.

    Raises
    ------
    RenderError
        If a figure lacks alt text or a caption is missing.
    """
    nb = read_notebook(path)
    conv = _Converter(path, files_dir, defaults or {})
    body = conv.convert(nb)
    return Document(markdown=body, meta=front_matter(nb), images=conv.images)
