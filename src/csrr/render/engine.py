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
from csrr.paths import BUILD_DIR, EXTENSION_DIR, ROOT, relative
from csrr.render import docx as docx_mod
from csrr.render.notebook import Document, to_markdown

FORMATS = ("html", "pdf", "docx")
ENGINES = ("auto", "pandoc", "quarto")
# Built-in stand-ins for what Quarto does itself; conditional content first,
# so that what a profile leaves out is never numbered.
FILTERS = ("conditional.lua", "callouts.lua", "crossref.lua")
# Keys of _quarto.yml that configure the project, not the document.
_PROJECT_KEYS = ("project", "profile", "format", "execute", "filters")
HOUSE_FILTER = "house.lua"
# project.output-dir in _quarto.yml: where a real Quarto writes documents.
QUARTO_OUT_DIR = BUILD_DIR / "quarto"


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


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise RenderError(f"{relative(path)}: {str(exc).splitlines()[0]}") from None


def project_defaults() -> dict[str, Any]:
    """Cell option defaults from ``_quarto.yml`` (``execute: echo/warning``)."""
    execute = _read_yaml(ROOT / "_quarto.yml").get("execute", {}) or {}
    return {"echo": execute.get("echo", False), "warning": execute.get("warning", False)}


def active_profiles(requested: list[str] | tuple[str, ...] = ()) -> list[str]:
    """The Quarto profiles a render runs under, chosen as Quarto chooses them.

    The requested ones (``--profile``), else ``profile: default``; then, for
    each ``profile: group`` none of whose members is active, the group's first
    member (``src/project/project-profile.ts``). With this project's groups,
    ``--profile summary`` means ``summary,draft``.
    """
    config = _read_yaml(ROOT / "_quarto.yml").get("profile", {}) or {}
    default = config.get("default", [])
    active = [str(p) for p in (requested or ([default] if isinstance(default, str) else default))]
    groups = config.get("group", [])
    if groups and all(isinstance(g, str) for g in groups):
        groups = [groups]
    for group in groups:
        if not any(name in active for name in group):
            active.append(str(group[0]))
    return active


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """Deep merge of metadata, ``over`` winning (Quarto's metadata merging)."""
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def document_metadata(front: dict[str, Any], profiles: list[str]) -> dict[str, Any]:
    """A document's metadata as Quarto assembles it.

    ``_quarto.yml``, then each active profile's ``_quarto-<name>.yml`` (the
    first-listed profile winning), then the document's own front matter.
    """
    config = _read_yaml(ROOT / "_quarto.yml")
    for name in reversed(profiles):
        path = ROOT / f"_quarto-{name}.yml"
        if path.is_file():
            config = _merge(config, _read_yaml(path))
    project = {k: v for k, v in config.items() if k not in _PROJECT_KEYS}
    return _merge(project, front)


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


def _run_pandoc(args: list[str], cwd: Path, epoch: int, name: str, profiles: list[str]) -> None:
    # QUARTO_PROFILE is how Quarto tells filters and code the active profiles.
    env = dict(
        os.environ,
        SOURCE_DATE_EPOCH=str(epoch),
        LC_ALL="C.UTF-8",
        QUARTO_PROFILE=",".join(profiles),
    )
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


def _prepare(doc: Document, nb_path: Path, work: Path, profiles: list[str]) -> dict[str, Any]:
    """Write the Markdown and images into ``work``; return the metadata used."""
    # Deep copy; dates an author wrote unquoted (YAML dates) become text.
    meta = json.loads(json.dumps(document_metadata(doc.meta, profiles), default=str))
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
            # Headings are shifted down one level, and pandoc counts the shifted levels.
            f"--toc-depth={int(meta.get('toc-depth', 3)) + 1}",
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
    nb_path: Path, fmt: str, out: Path, work: Path, profiles: list[str]
) -> dict[str, Any]:
    doc = to_markdown(nb_path, "files", project_defaults())
    meta = _prepare(doc, nb_path, work, profiles)
    name = out.stem
    epoch = epoch_of(meta)
    target = work / ("doc.typ" if fmt == "pdf" else f"doc.{fmt}")
    _run_pandoc([*_pandoc_args(fmt, meta), "--output", target.name], work, epoch, name, profiles)
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
        _finish_docx(target, meta, nb_path)
    os.replace(target, out)
    return meta


def figure_alts(nb_path: Path) -> dict[str, str]:
    """Alt text of every figure in an executed notebook, by SHA-256 of its picture.

    Figures it embeds from other notebooks (``{{< embed >}}``) are included.
    """
    import base64
    import hashlib

    from csrr.render.notebook import EMBED, cell_options, metadata_options, read_notebook

    alts = {}
    for cell in read_notebook(nb_path).get("cells", []):
        if cell.get("cell_type") == "markdown":
            for target, _ in EMBED.findall("".join(cell.get("source", ""))):
                embedded = (nb_path.parent / target).resolve()
                if embedded.is_file() and embedded != nb_path.resolve():
                    alts.update(figure_alts(embedded))
            continue
        if cell.get("cell_type") != "code":
            continue
        opts = {**metadata_options(cell), **cell_options("".join(cell.get("source", "")))[0]}
        if not opts.get("fig-alt"):
            continue
        for out in cell.get("outputs", []):
            png = out.get("data", {}).get("image/png")
            if png:
                data = base64.b64decode("".join(png) if isinstance(png, list) else png)
                alts[hashlib.sha256(data).hexdigest()] = str(opts["fig-alt"])
    return alts


def _finish_docx(path: Path, meta: dict[str, Any], nb_path: Path) -> None:
    """The house Word post-step, the same for both engines."""
    csrr = meta.get("csrr", {})
    docx_mod.finish(
        path,
        title=f"{meta.get('title', '')}: {meta.get('subtitle', '')}".strip(": "),
        author=str(meta.get("author", "")),
        marking=csrr.get("marking") or None,
        draft=csrr.get("profile", "draft") != "final",
        study=str(csrr.get("study", "")),
        when=datetime.fromtimestamp(epoch_of(meta), UTC),
        alts=figure_alts(nb_path),
    )


def _render_quarto(
    nb_path: Path, fmt: str, out: Path, work: Path, profiles: list[str]
) -> dict[str, Any]:
    """Render with a real Quarto, in place, from the project root.

    Quarto reads ``_quarto.yml``, the profiles and ``_extensions/csrr`` only
    when the notebook is rendered where it lies inside the project (never
    from a copy), and a Quarto render writes scratch files beside its input,
    so renders of one notebook take turns (a lock file beside it). Not
    exercised where no ``quarto`` binary exists: see the README.
    """
    import fcntl

    to = {"html": "html", "pdf": "typst", "docx": "docx"}[fmt]
    cmd = ["quarto", "render", relative(nb_path), "--to", to, "--no-execute"]
    cmd += ["--output", out.name]
    if profiles:
        cmd += ["--profile", ",".join(profiles)]
    lock = nb_path.parent / ".quarto.lock"
    with lock.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        proc = subprocess.run(cmd, check=False, cwd=ROOT, capture_output=True, text=True)
        if proc.returncode != 0:
            lines = [line for line in proc.stderr.splitlines() if line.strip()]
            raise RenderError(
                f"{relative(nb_path)}: quarto render failed: {lines[-1] if lines else 'no message'}"
            )
        made = sorted(QUARTO_OUT_DIR.rglob(out.name)) or sorted(nb_path.parent.glob(out.name))
        if not made:
            raise RenderError(f"{relative(nb_path)}: quarto wrote no {out.name}")
        os.replace(made[0], work / out.name)
    meta = document_metadata(to_markdown(nb_path, "files", project_defaults()).meta, profiles)
    if fmt == "docx":
        _finish_docx(work / out.name, meta, nb_path)
    os.replace(work / out.name, out)
    return meta


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
    nb_path: Path,
    fmt: str,
    out: Path,
    *,
    engine: str = "auto",
    profiles: list[str] | tuple[str, ...] = (),
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
    profiles : list of str, optional
        Quarto profiles, as ``quarto render --profile`` takes them
        (``["summary"]``, ``["final", "summary"]``); groups fill in the rest.

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
        meta = renderer(nb_path, fmt, out, work, active_profiles(list(profiles)))
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
