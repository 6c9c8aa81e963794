"""The render step: one executed notebook -> one document (HTML, PDF or Word).

``render`` picks the engine: ``pandoc`` (built-in: pandoc + the house Lua
filters + Typst), ``quarto`` (a ``quarto`` binary on PATH), or ``auto``
(Quarto when on PATH, otherwise built-in). Rendering only converts: nothing
is executed here. Each format renders in a private work folder and the
result is moved into place in one rename, so a failed render leaves the last
good document untouched and two formats can render at once.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from csrr.errors import RenderError
from csrr.paths import EXTENSION_DIR, ROOT, relative
from csrr.render import docx as docx_mod
from csrr.render.notebook import Document, to_markdown

FORMATS = ("html", "pdf", "docx")
ENGINES = ("auto", "pandoc", "quarto")
FILTERS = ("callouts.lua", "crossref.lua")
HOUSE_FILTER = "house.lua"


def _package_dir(name: str) -> Path:
    """Folder of an installed package, found without importing it."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise RenderError(f"the {name} package is not installed (run `make` to set up .venv)")
    return Path(next(iter(spec.submodule_search_locations)))


def pandoc_path() -> Path:
    """The pinned pandoc binary that ships in the pypandoc-binary wheel."""
    return _package_dir("pypandoc") / "files" / "pandoc"


def font_dir() -> Path:
    """DejaVu fonts shipped with matplotlib: the same fonts on every machine."""
    return _package_dir("matplotlib") / "mpl-data" / "fonts" / "ttf"


def project_defaults() -> dict[str, Any]:
    """Cell option defaults from ``_quarto.yml`` (``execute: echo/warning``)."""
    config = yaml.safe_load((ROOT / "_quarto.yml").read_text(encoding="utf-8")) or {}
    execute = config.get("execute", {}) or {}
    return {"echo": execute.get("echo", False), "warning": execute.get("warning", False)}


def epoch_of(meta: dict[str, Any]) -> int:
    """Seconds since 1970 of the document's date: every timestamp in the outputs.

    Using the publication date (not the clock) makes rebuilds identical.
    """
    override = os.environ.get("SOURCE_DATE_EPOCH")
    if override:
        return int(override)
    date = datetime.strptime(str(meta.get("date", "2024-01-01")), "%Y-%m-%d").replace(tzinfo=UTC)
    return int(date.timestamp())


def choose_engine(engine: str) -> str:
    """Resolve ``auto`` to ``quarto`` when a quarto binary is on PATH."""
    if engine not in ENGINES:
        raise RenderError(f"unknown engine '{engine}' (expected {', '.join(ENGINES)})")
    if engine == "auto":
        return "quarto" if shutil.which("quarto") else "pandoc"
    if engine == "quarto" and not shutil.which("quarto"):
        raise RenderError(
            "--engine quarto: no quarto binary on PATH (use --engine pandoc, the built-in engine)"
        )
    return engine


def _pandoc_error(stderr: str, name: str) -> RenderError:
    """Turn pandoc's stderr into one line: the filter's own message if there is one."""
    for line in stderr.splitlines():
        if "csrr: " in line:
            return RenderError(f"{name}: {line.split('csrr: ', 1)[1].strip()}")
    lines = [line for line in stderr.splitlines() if line.strip()]
    return RenderError(f"{name}: pandoc failed: {lines[-1] if lines else 'no message'}")


def _run_pandoc(args: list[str], cwd: Path, epoch: int, name: str) -> None:
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(epoch), LC_ALL="C.UTF-8")
    proc = subprocess.run(
        [str(pandoc_path()), *args], check=False, cwd=cwd, env=env, capture_output=True, text=True
    )
    if proc.returncode != 0:
        raise _pandoc_error(proc.stderr, name)
    for line in proc.stderr.splitlines():
        # A citation key missing from the bibliography is an error, not a warning.
        if "Citeproc: citation" in line and "not found" in line:
            key = line.split("citation", 1)[1].split("not found")[0].strip()
            raise RenderError(f"{name}: unresolved citation @{key} (not in the bibliography)")


def _prepare(doc: Document, nb_path: Path, work: Path, profile: str | None) -> dict[str, Any]:
    """Write the Markdown and images into ``work``; return the metadata used."""
    # Deep copy; dates an author wrote unquoted (YAML dates) become text.
    meta = json.loads(json.dumps(doc.meta, default=str))
    csrr = meta.setdefault("csrr", {})
    if profile:
        csrr["profile"] = profile
    if meta.get("bibliography"):
        bib = (nb_path.parent / meta["bibliography"]).resolve()
        if not bib.is_file():
            raise RenderError(f"{relative(nb_path)}: bibliography {relative(bib)} not found")
        meta["bibliography"] = str(bib)
    for name, data in doc.images.items():
        target = work / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000)
    (work / "doc.md").write_text(f"---\n{front}---\n\n{doc.markdown}", encoding="utf-8")
    return meta


def _pandoc_args(fmt: str, meta: dict[str, Any]) -> list[str]:
    filters = EXTENSION_DIR / "filters"
    args = ["doc.md", "--from", "markdown", "--standalone"]
    for name in FILTERS:
        args += ["--lua-filter", str(filters / name)]
    if meta.get("bibliography"):
        args += ["--citeproc"]
        if meta.get("csl"):
            args += ["--csl", str(meta["csl"])]
    args += ["--lua-filter", str(filters / HOUSE_FILTER)]
    if fmt == "html":
        args += [
            "--to",
            "html5",
            "--template",
            str(EXTENSION_DIR / "template.html"),
            "--css",
            str(EXTENSION_DIR / "csrr.css"),
            "--embed-resources",
            "--shift-heading-level-by=1",
            "--toc-depth=2",
            "--section-divs",
        ]
        if meta.get("toc"):
            args.append("--toc")
    elif fmt == "pdf":
        args += ["--to", "typst", "--template", str(EXTENSION_DIR / "template.typ")]
    elif fmt == "docx":
        args += ["--to", "docx", "--reference-doc", str(EXTENSION_DIR / "reference.docx")]
    return args


def _render_pandoc(
    nb_path: Path, fmt: str, out: Path, work: Path, profile: str | None
) -> dict[str, Any]:
    doc = to_markdown(nb_path, "files", project_defaults())
    meta = _prepare(doc, nb_path, work, profile)
    name = meta.get("csrr", {}).get("report", nb_path.stem)
    epoch = epoch_of(meta)
    target = work / ("doc.typ" if fmt == "pdf" else f"doc.{fmt}")
    _run_pandoc([*_pandoc_args(fmt, meta), "--output", target.name], work, epoch, name)
    if fmt == "pdf":
        import typst

        # The work folder is the Typst root: the house style is copied in,
        # so a document renders the same wherever its folder lies.
        shutil.copy2(EXTENSION_DIR / "csrr.typ", work / "csrr.typ")
        pdf = work / "doc.pdf"
        try:
            typst.compile(
                str(target),
                output=str(pdf),
                root=str(work),
                font_paths=[str(font_dir())],
                ignore_system_fonts=True,
                pdf_standards=["ua-1"],
                timestamp=epoch,
            )
        except Exception as exc:  # noqa: BLE001 (typst raises its own, multi-line, error types)
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise RenderError(f"{name}: Typst failed: {first} (see {relative(target)})") from None
        target = pdf
    if fmt == "docx":
        csrr = meta.get("csrr", {})
        docx_mod.finish(
            target,
            title=f"{meta.get('title', '')}: {meta.get('subtitle', '')}".strip(": "),
            author=str(meta.get("author", "")),
            marking=csrr.get("marking") or None,
            draft=csrr.get("profile", "draft") != "final",
            study=str(csrr.get("study", "")),
            when=datetime.fromtimestamp(epoch, UTC),
        )
    os.replace(target, out)
    return meta


def _render_quarto(
    nb_path: Path, fmt: str, out: Path, work: Path, profile: str | None
) -> dict[str, Any]:
    """Render with a real Quarto (not exercised where Quarto is absent)."""
    to = {"html": "html", "pdf": "typst", "docx": "docx"}[fmt]
    local = work / nb_path.name
    shutil.copy2(nb_path, local)
    cmd = ["quarto", "render", str(local), "--to", to, "--no-execute", "--output", f"doc.{fmt}"]
    if profile:
        cmd += ["--profile", profile]
    proc = subprocess.run(cmd, check=False, cwd=work, capture_output=True, text=True)
    if proc.returncode != 0:
        lines = [line for line in proc.stderr.splitlines() if line.strip()]
        raise RenderError(
            f"{relative(nb_path)}: quarto render failed: {lines[-1] if lines else 'no message'}"
        )
    os.replace(work / f"doc.{fmt}", out)
    return to_markdown(nb_path, "files", project_defaults()).meta


def versions() -> dict[str, str]:
    """Versions of the tools that shape the documents (for provenance)."""
    from importlib.metadata import version

    proc = subprocess.run(
        [str(pandoc_path()), "--version"], check=False, capture_output=True, text=True
    )
    return {
        "pandoc": proc.stdout.split()[1] if proc.returncode == 0 else "unknown",
        "typst": version("typst"),
        "pypandoc-binary": version("pypandoc-binary"),
    }


def render(
    nb_path: Path, fmt: str, out: Path, *, engine: str = "auto", profile: str | None = None
) -> Path:
    """Render one executed notebook to one format.

    Parameters
    ----------
    nb_path : Path
        Executed notebook (from papermill, with its front matter cell).
    fmt : {"html", "pdf", "docx"}
        Output format.
    out : Path
        Output file; written only when the render succeeds.
    engine : {"auto", "pandoc", "quarto"}
        Which engine renders it.
    profile : str, optional
        ``draft`` or ``final``, overriding the notebook's front matter.

    Returns
    -------
    Path
        ``out``.

    Raises
    ------
    RenderError
        One line naming the document and the problem.
    """
    if fmt not in FORMATS:
        raise RenderError(f"unknown format '{fmt}' (expected {', '.join(FORMATS)})")
    nb_path, out = Path(nb_path), Path(out)
    if not nb_path.is_file():
        raise RenderError(f"{relative(nb_path)}: executed notebook not found")
    used = choose_engine(engine)
    started = time.perf_counter()
    out.parent.mkdir(parents=True, exist_ok=True)
    work = out.parent / f".work-{out.name}-{os.getpid()}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    try:
        renderer = _render_pandoc if used == "pandoc" else _render_quarto
        meta = renderer(nb_path, fmt, out, work, profile)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    record = {
        "document": out.name,
        "engine": "built-in (pandoc + Typst)" if used == "pandoc" else "quarto",
        "profile": meta.get("csrr", {}).get("profile"),
        "source": relative(nb_path),
        "seconds": round(time.perf_counter() - started, 3),
    }
    (out.parent / f".{out.name}.json").write_text(
        json.dumps(record, indent=1) + "\n", encoding="utf-8"
    )
    return out
