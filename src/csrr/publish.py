"""Publishing: the review site, the final publication folder, provenance.

``_site`` (review drafts) and ``_publish`` (final PDFs for ministers) are
each a symbolic link to a complete version folder beside it. A new version is
assembled in full in a fresh folder, then the link is switched in one atomic
rename, so a failed or interrupted build never leaves a half-written site:
readers always see the previous complete version or the new one. The
previous version is kept (for "what changed") and older ones are removed.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import platform
import shutil
import subprocess
import time
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from csrr.errors import CsrrError
from csrr.params import load_yaml
from csrr.paths import BUILD_DIR, OUT_DIR, PARAMS_DIR, PUBLISH_DIR, ROOT, SITE_DIR, relative
from csrr.reports import FORMATS, NOTEBOOKS, VARIANT_LABELS, Notebook

KEY_LIBRARIES = (
    "pypandoc-binary",
    "typst",
    "papermill",
    "ipykernel",
    "pandas",
    "numpy",
    "scipy",
    "statsmodels",
    "matplotlib",
    "afcharts",
    "acro",
    "jsonschema",
    "pyyaml",
)
FORMAT_LABELS = {"html": "HTML", "pdf": "PDF", "docx": "Word"}
KEEP_VERSIONS = 2


def sha256(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def front_matter(nb_path: Path) -> dict[str, Any]:
    """The front matter the runner wrote into an executed notebook."""
    from csrr.render.notebook import front_matter as read
    from csrr.render.notebook import read_notebook

    return read(read_notebook(nb_path))


def _git_commit() -> dict[str, Any]:
    def git(*args: str) -> str:
        proc = subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=False
        )
        return proc.stdout.strip() if proc.returncode == 0 else ""

    return {
        "commit": git("rev-parse", "HEAD") or "unknown",
        "uncommitted_changes": bool(git("status", "--porcelain")),
    }


def tool_versions() -> dict[str, str]:
    """Versions of Python, pandoc, Typst and the key libraries."""
    from csrr.render.engine import versions as render_versions

    found = {"python": platform.python_version(), **render_versions()}
    for name in KEY_LIBRARIES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found


def _inputs(nb: Notebook, meta: dict[str, Any]) -> dict[str, str]:
    """Hash of every input of one notebook: source, params, data files."""
    files = [nb.path, PARAMS_DIR / "common.yml", nb.params_file]
    data_dir = ROOT / meta.get("csrr", {}).get("data-dir", "data/demo")
    files.append(data_dir / "DATASET.yml")
    strand_data = data_dir / nb.id
    if strand_data.is_dir():
        files += sorted(p for p in strand_data.rglob("*") if p.is_file())
    return {relative(p): sha256(p) for p in files if p.is_file()}


def collect(out_dir: Path = OUT_DIR) -> list[dict[str, Any]]:
    """Every built report, with its documents, status and provenance.

    Returns
    -------
    list of dict
        One entry per report whose executed notebook exists, in catalogue order.
    """
    reports = []
    for nb in NOTEBOOKS.values():
        for variant in nb.variants:
            executed = BUILD_DIR / nb.id / f"{variant}.ipynb"
            if not executed.is_file():
                continue
            name = nb.report_name(variant)
            meta = front_matter(executed)
            csrr = meta.get("csrr", {})
            docs = {}
            for fmt in FORMATS:
                path = out_dir / name / f"{name}.{fmt}"
                if path.is_file():
                    sidecar = path.parent / f".{path.name}.json"
                    record = json.loads(sidecar.read_text()) if sidecar.is_file() else {}
                    docs[fmt] = {
                        "path": path,
                        "sha256": sha256(path),
                        "bytes": path.stat().st_size,
                        "engine": record.get("engine", "unknown"),
                        "profile": record.get("profile", csrr.get("profile")),
                    }
            if not docs:
                continue
            profiles = {d["profile"] for d in docs.values()}
            reports.append(
                {
                    "name": name,
                    "notebook": nb,
                    "variant": variant,
                    "title": meta.get("title", name),
                    "label": f"{nb.label}: {VARIANT_LABELS[variant]}"
                    if nb.id != "synthesis"
                    else "Final report",
                    "version": csrr.get("version", ""),
                    "date": meta.get("date", ""),
                    "status": "final" if profiles == {"final"} else "draft",
                    "data_status": csrr.get("data-status", "synthetic"),
                    "dataset": csrr.get("dataset", ""),
                    "slug": csrr.get("slug", name),
                    "marking": csrr.get("marking", ""),
                    "docs": docs,
                    "inputs": _inputs(nb, meta),
                }
            )
    return reports


def provenance(reports: list[dict[str, Any]]) -> dict[str, Any]:
    """The provenance record written to ``provenance.json``."""
    return {
        "built_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "git": _git_commit(),
        "tools": tool_versions(),
        "reports": {
            r["name"]: {
                "title": r["title"],
                "version": r["version"],
                "status": r["status"],
                "data_status": r["data_status"],
                "documents": {
                    fmt: {"file": d["path"].name, "sha256": d["sha256"], "engine": d["engine"]}
                    for fmt, d in r["docs"].items()
                },
                "inputs": r["inputs"],
            }
            for r in reports
        },
    }


def _findings_snapshot() -> dict[str, dict[str, Any]]:
    """Every strand's findings by id, as built now."""
    snapshot = {}
    for nb in NOTEBOOKS.values():
        path = BUILD_DIR / nb.id / "findings.json"
        if path.is_file():
            for finding in json.loads(path.read_text(encoding="utf-8"))["findings"]:
                snapshot[finding["id"]] = finding
    return snapshot


def compare_findings(
    old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]]
) -> dict[str, list]:
    """Findings added, removed and changed between two snapshots.

    A finding has changed when its statement, strength, elements or any of
    its numbers differ; the changed numbers are listed with old and new values.
    """
    added = sorted(set(new) - set(old))
    removed = sorted(set(old) - set(new))
    changed = []
    for fid in sorted(set(old) & set(new)):
        a, b = old[fid], new[fid]
        numbers = [
            (key, a["numbers"].get(key), b["numbers"].get(key))
            for key in sorted(set(a["numbers"]) | set(b["numbers"]))
            if a["numbers"].get(key) != b["numbers"].get(key)
        ]
        fields = [
            f for f in ("title", "statement", "strength", "elements") if a.get(f) != b.get(f)
        ]
        if numbers or fields:
            changed.append({"id": fid, "fields": fields, "numbers": numbers, "old": a, "new": b})
    return {"added": added, "removed": removed, "changed": changed}


# ---------------------------------------------------------------- HTML pages

_PAGE = """<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{css}</style>
</head>
<body>
<a class="skip-link" href="#content">Skip to main content</a>
<header class="title-block">
<p class="study">{study}</p>
<h1 class="title">{title}</h1>
{banner}
</header>
<main id="content">
{body}
</main>
<footer class="notices"><p>{footer}</p></footer>
</body>
</html>
"""


def _css() -> str:
    from csrr.paths import EXTENSION_DIR

    extra = (
        "table.reports td, table.reports th { vertical-align: top; }"
        " .status-draft { font-weight: bold; } dl.prov dt { font-weight: bold; }"
        " ins { background: #E6F4EA; text-decoration: none; } del { background: #FBE9E7; }"
        " .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden;"
        " clip: rect(0 0 0 0); white-space: nowrap; }"
    )
    return (EXTENSION_DIR / "csrr.css").read_text(encoding="utf-8") + extra


def _page(title: str, body: str, study: str, banner: str = "", footer: str = "") -> str:
    return _PAGE.format(
        title=html.escape(title),
        css=_css(),
        study=html.escape(study),
        banner=banner,
        body=body,
        footer=footer or "Built by the CSRR publishing toolchain.",
    )


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


def index_page(
    reports: list[dict[str, Any]], prov: dict[str, Any], study: str, changes: dict[str, list]
) -> str:
    """The review site's front page: every report, its formats and status."""
    rows = []
    for r in reports:
        links = []
        for fmt in FORMATS:
            if fmt in r["docs"]:
                d = r["docs"][fmt]
                href = f"{r['name']}/{d['path'].name}"
                links.append(
                    f'<a href="{href}">{FORMAT_LABELS[fmt]}<span class="visually-hidden"> of '
                    f"{html.escape(r['label'])}</span></a> ({_size(d['bytes'])})"
                )
        data = "synthetic (illustrative)" if r["data_status"] == "synthetic" else "real"
        rows.append(
            f'<tr><th scope="row">{html.escape(r["label"])}<br><span class="report-title">'
            f"{html.escape(r['title'])}</span></th><td>{'<br>'.join(links)}</td>"
            f'<td class="status-{r["status"]}">{r["status"].capitalize()}</td><td>{html.escape(r["version"])}</td>'
            f"<td>{data}</td></tr>"
        )
    synthetic = any(r["data_status"] == "synthetic" for r in reports)
    banner = (
        '<p class="banner banner-synthetic" role="note"><strong>Illustrative data: not research findings.</strong> '
        "Reports marked synthetic were built from demonstration data.</p>"
        if synthetic
        else ""
    )
    git = prov["git"]
    commit = git["commit"][:12] + (
        " (with uncommitted changes)" if git["uncommitted_changes"] else ""
    )
    tools = ", ".join(f"{k} {v}" for k, v in prov["tools"].items())
    engines = (
        ", ".join(sorted({d["engine"] for r in reports for d in r["docs"].values()})) or "none"
    )
    n_changes = len(changes["added"]) + len(changes["removed"]) + len(changes["changed"])
    body = f"""
<h2 id="reports">Reports</h2>
<p>{len(reports)} reports, each in HTML, PDF and Word. Built {html.escape(prov["built_at"])} from commit
<code>{html.escape(commit)}</code>.</p>
<table class="reports">
<caption>Every report of the study, with its formats, status, version and data</caption>
<thead><tr><th scope="col">Report</th><th scope="col">Formats</th><th scope="col">Status</th>
<th scope="col">Version</th><th scope="col">Data</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table>
<h2 id="changes">What changed</h2>
<p><a href="changes.html">What changed since the previous build</a>: {n_changes} finding{"s" if n_changes != 1 else ""}
added, removed or changed.</p>
<h2 id="provenance">Provenance</h2>
<p>Every input file's SHA-256 hash, each document's hash and the engine that built it are in
<a href="provenance.json">provenance.json</a>.</p>
<dl class="prov"><dt>Engine</dt><dd>{html.escape(engines)}</dd>
<dt>Tools</dt><dd>{html.escape(tools)}</dd></dl>
"""
    return _page("CSRR review site: all reports", body, study, banner)


def changes_page(changes: dict[str, list], baseline: str, study: str) -> str:
    """The "what changed" page: findings added, removed or changed, with numbers."""
    parts = [f"<p>Compared with: {html.escape(baseline)}.</p>"]
    if not any(changes.values()):
        parts.append("<p>No finding was added, removed or changed.</p>")
    if changes["added"]:
        parts.append(
            "<h2>Added</h2><ul>"
            + "".join(f"<li>{html.escape(i)}</li>" for i in changes["added"])
            + "</ul>"
        )
    if changes["removed"]:
        parts.append(
            "<h2>Removed</h2><ul>"
            + "".join(f"<li>{html.escape(i)}</li>" for i in changes["removed"])
            + "</ul>"
        )
    if changes["changed"]:
        parts.append("<h2>Changed</h2>")
        for c in changes["changed"]:
            parts.append(f"<h3>{html.escape(c['id'])}: {html.escape(c['new']['title'])}</h3>")
            if "statement" in c["fields"]:
                parts.append(
                    f"<p>Was: <del>{html.escape(c['old']['statement'])}</del><br>"
                    f"Now: <ins>{html.escape(c['new']['statement'])}</ins></p>"
                )
            other = [f for f in c["fields"] if f != "statement"]
            if other:
                parts.append(f"<p>Also changed: {html.escape(', '.join(other))}.</p>")
            if c["numbers"]:
                rows = "".join(
                    f'<tr><th scope="row">{html.escape(k)}</th><td>{old}</td><td>{new}</td></tr>'
                    for k, old, new in c["numbers"]
                )
                parts.append(
                    f"<table><caption>Numbers of {html.escape(c['id'])}</caption><thead><tr>"
                    f'<th scope="col">Number</th><th scope="col">Old</th><th scope="col">New</th>'
                    f"</tr></thead><tbody>{rows}</tbody></table>"
                )
    body = "\n".join(parts) + '\n<p><a href="index.html">Back to all reports</a></p>'
    return _page("What changed in the findings", body, study)


# ------------------------------------------------------------ atomic swaps


def _versions_dir(link: Path) -> Path:
    return link.parent / f".{link.name}.versions"


def swap_in(folder: Path, link: Path) -> None:
    """Point ``link`` at ``folder`` in one atomic rename; prune old versions.

    Raises
    ------
    CsrrError
        If ``link`` exists and is a real folder (made by an older build).
    """
    if link.exists() and not link.is_symlink():
        raise CsrrError(
            f"{relative(link)} is a folder, not a link to a version: remove it once (make clean)"
        )
    temp = link.parent / f".{link.name}.link-{os.getpid()}"
    if temp.is_symlink() or temp.exists():
        temp.unlink()
    temp.symlink_to(os.path.relpath(folder, link.parent))
    os.replace(temp, link)
    versions = sorted(_versions_dir(link).iterdir(), key=lambda p: p.stat().st_mtime, reverse=True)
    current = folder.resolve()
    for old in versions[KEEP_VERSIONS:]:
        if old.resolve() != current and not old.name.startswith(".tmp"):
            shutil.rmtree(old, ignore_errors=True)


def new_version(link: Path) -> Path:
    """A fresh, empty version folder for ``link`` (``.<name>.versions/<stamp>``)."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + f"-{os.getpid()}"
    folder = _versions_dir(link) / stamp
    folder.mkdir(parents=True)
    return folder


def _place(src: Path, dest: Path) -> None:
    """Hard-link a document into a version (copy when links are not possible)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dest)
    except OSError:
        shutil.copy2(src, dest)


def build_site(
    baseline: Path | None = None, out_dir: Path = OUT_DIR, link: Path = SITE_DIR
) -> Path:
    """Assemble the review site from the built documents, then swap it in.

    Parameters
    ----------
    baseline : Path, optional
        A previous site or ``_publish`` version to compare findings with
        (default: the site being replaced).
    out_dir : Path
        Where the rendered documents are.
    link : Path
        The site link (``_site``).

    Returns
    -------
    Path
        The new version folder.
    """
    started = time.perf_counter()
    reports = collect(out_dir)
    if not reports:
        raise CsrrError(f"no built documents in {relative(out_dir)}: run make first")
    study = load_yaml(PARAMS_DIR / "common.yml")["study_title"]
    base = baseline or (link if link.exists() else None)
    old = {}
    if base is not None and (base / "findings.json").is_file():
        old = json.loads((base / "findings.json").read_text(encoding="utf-8"))
    new = _findings_snapshot()
    changes = compare_findings(old, new)
    described = (
        relative(base)
        + " ("
        + (
            json.loads((base / "provenance.json").read_text()).get("built_at", "?")
            if (base / "provenance.json").is_file()
            else "no provenance"
        )
        + ")"
        if base is not None
        else "nothing (this is the first build)"
    )

    folder = new_version(link)
    try:
        for r in reports:
            for d in r["docs"].values():
                _place(d["path"], folder / r["name"] / d["path"].name)
        prov = provenance(reports)
        (folder / "provenance.json").write_text(
            json.dumps(prov, indent=1) + "\n", encoding="utf-8"
        )
        (folder / "findings.json").write_text(
            json.dumps(new, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        (folder / "changes.html").write_text(
            changes_page(changes, described, study), encoding="utf-8"
        )
        (folder / "index.html").write_text(
            index_page(reports, prov, study, changes), encoding="utf-8"
        )
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    swap_in(folder, link)
    print(
        f"site: {len(reports)} reports -> {link.name}/index.html in {time.perf_counter() - started:.1f} s"
    )
    return folder


def publication_name(report: dict[str, Any], fmt: str) -> str:
    """Published file name: ``csrr-strand3-national-mapping-summary.pdf``."""
    nb, variant = report["notebook"], report["variant"]
    if nb.id == "synthesis":
        return f"csrr-{report['slug']}.{fmt}"
    return f"csrr-{nb.id}-{report['slug']}-{variant}.{fmt}"


def build_publication(out_dir: Path, link: Path = PUBLISH_DIR) -> Path:
    """Assemble the final publication folder from final-profile documents, then swap it in."""
    reports = collect(out_dir)
    if not reports:
        raise CsrrError(f"no final documents in {relative(out_dir)}")
    drafts = [r["name"] for r in reports if r["status"] != "final"]
    if drafts:
        raise CsrrError(f"{drafts[0]} was not rendered with the final profile")
    folder = new_version(link)
    try:
        for r in reports:
            for fmt, d in r["docs"].items():
                _place(d["path"], folder / publication_name(r, fmt))
        prov = provenance(reports)
        (folder / "provenance.json").write_text(
            json.dumps(prov, indent=1) + "\n", encoding="utf-8"
        )
        (folder / "findings.json").write_text(
            json.dumps(_findings_snapshot(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    swap_in(folder, link)
    count = sum(len(r["docs"]) for r in reports)
    print(f"publish: {count} documents -> {relative(link)}/")
    return folder
