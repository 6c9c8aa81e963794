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
import re
import shutil
import subprocess
import time
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from csrr.display import long_date
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

# What each report is, when its params file gives no ``description``: one
# sentence for the review site. The summary's sentence is built from it.
DESCRIPTIONS = {
    "strand1": (
        "A rapid evidence review of models that integrate children's services with health "
        "or adult social care in high-income countries, and of how strong the evidence is "
        "that each improves services, experiences and outcomes."
    ),
    "strand2": (
        "Case studies of how four countries organise children's social care and link it with "
        "health, education and adult social care, with a Scottish case on the national reform "
        "of policing and of fire and rescue."
    ),
    "strand3": (
        "A map of the integration arrangements of Scotland's 32 council areas, and of how "
        "children's outcomes over time relate to them alongside poverty, deprivation, "
        "geography and workforce wellbeing."
    ),
    "strand4": (
        "An anonymous survey of the children's services workforce on what brings good "
        "experiences and outcomes, close multi-agency working and lasting change, and on "
        "what stands in the way."
    ),
    "strand5": (
        "Focus groups and interviews that build on the emerging findings of the national "
        "mapping (strand 3) and the workforce survey (strand 4)."
    ),
    "synthesis": (
        "The final report: it draws the findings of all five strands together against a "
        "framework of key elements to answer how children, young people and families can get "
        "the help they need, when they need it."
    ),
}
# What the study is, at the top of the review site.
ABOUT_STUDY = (
    "The Children's Services Reform Research (CSRR) study, carried out for the {organisation}, "
    "asks how to ensure that children, young people and families get the help they need, when "
    "they need it. Five research strands look at the question from different sides: the "
    "international evidence, case studies of other countries, a map of Scotland's 32 council "
    "areas, a survey of the workforce, and focus groups and interviews. Each strand is published "
    "as a full report and a shorter summary, and a final report draws the five together. This "
    "site holds the review drafts of every report, in HTML, PDF and Word, for the study's "
    "steering group."
)


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


def site_order(notebooks=None) -> list[Notebook]:
    """The notebooks in the order the site lists them: the final report first, then strands 1 to 5."""
    notebooks = list(NOTEBOOKS.values()) if notebooks is None else list(notebooks)
    return sorted(notebooks, key=lambda nb: (nb.id != "synthesis", nb.id))


def description(nb: Notebook, variant: str) -> str:
    """The sentence saying what a report is: its params ``description``, else the built-in one."""
    text = ""
    if nb.params_file.is_file():
        data = load_yaml(nb.params_file) or {}
        text = str(data.get("description") or "").strip()
    text = text or DESCRIPTIONS.get(nb.id, "")
    if variant == "summary":
        return f"A short summary of the {nb.label} full report, with its key findings. " + text
    return text


def report_title(nb: Notebook, variant: str, title: str) -> str:
    """A title that tells the reports of one notebook apart ("...: Summary")."""
    return title if nb.id == "synthesis" else f"{title}: {VARIANT_LABELS[variant]}"


def collect(out_dir: Path = OUT_DIR) -> list[dict[str, Any]]:
    """Every built report, with its documents, status and provenance.

    Returns
    -------
    list of dict
        One entry per report whose executed notebook exists, in site order:
        the final report first, then each strand's full report and summary.
    """
    reports = []
    for nb in site_order():
        for variant in nb.variants:
            executed = nb.executed()
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
                    "full_title": report_title(nb, variant, str(meta.get("title", name))),
                    "description": description(nb, variant),
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
        # The documents' own publication date, not the clock: two builds of
        # the same inputs give the same site.
        "date": max((str(r["date"]) for r in reports), default=""),
        "git": _git_commit(),
        "tools": tool_versions(),
        "reports": {
            r["name"]: {
                "title": r.get("full_title", r["title"]),
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

    Added and removed findings are listed whole (with their ids), in id order.

    A finding has changed when its statement, strength, elements or any of
    its numbers differ; the changed numbers are listed with old and new values.
    """
    added = [{**new[fid], "id": fid} for fid in sorted(set(new) - set(old))]
    removed = [{**old[fid], "id": fid} for fid in sorted(set(old) - set(new))]
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
        " td.description { max-width: 28rem; } p.about { max-width: 48rem; }"
        " section.finding { border-top: 1px solid #B1B4B6; margin-top: 1.5rem; }"
        " section.finding dt { font-weight: bold; margin-top: .5rem; } section.finding dd { margin-left: 0; }"
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


def _format_links(r: dict[str, Any]) -> list[str]:
    links = []
    for fmt in FORMATS:
        if fmt in r["docs"]:
            d = r["docs"][fmt]
            href = f"{r['name']}/{d['path'].name}"
            links.append(
                f'<a href="{href}">{FORMAT_LABELS[fmt]}<span class="visually-hidden"> of '
                f"{html.escape(r['label'])}</span></a> ({_size(d['bytes'])})"
            )
    return links


def index_page(
    reports: list[dict[str, Any]],
    prov: dict[str, Any],
    study: str,
    changes: dict[str, list],
    organisation: str = "Scottish Government",
) -> str:
    """The review site's front page: what the study is, then every report, its formats and status.

    The reports are listed in the order given (:func:`collect` gives the
    final report first, then strands 1 to 5), each with a title that tells
    the full report and the summary apart and a sentence saying what it is.
    """
    rows = []
    for r in reports:
        data = "synthetic (illustrative)" if r["data_status"] == "synthetic" else "real"
        title = r.get("full_title", r["title"])
        home = f"{r['name']}/{r['name']}.html" if "html" in r["docs"] else ""
        name = (
            f'<a href="{home}">{html.escape(r["label"])}</a>' if home else html.escape(r["label"])
        )
        rows.append(
            f'<tr id="report-{r["name"]}"><th scope="row">{name}<br><span class="report-title">'
            f"{html.escape(title)}</span></th>"
            f'<td class="description">{html.escape(r.get("description", ""))}</td>'
            f"<td>{'<br>'.join(_format_links(r))}</td>"
            f'<td class="status-{r["status"]}">{r["status"].capitalize()}</td>'
            f"<td>{html.escape(r['version'])}</td><td>{data}</td></tr>"
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
<h2 id="about">About the study</h2>
<p class="about">{html.escape(ABOUT_STUDY.format(organisation=organisation))}</p>
<h2 id="reports">Reports</h2>
<p>{len(reports)} reports, each in HTML, PDF and Word, the final report first. Dated {html.escape(long_date(prov["date"]))}, built from commit
<code>{html.escape(commit)}</code>.</p>
<table class="reports">
<caption>Every report of the study, what it is, its formats, status, version and data</caption>
<thead><tr><th scope="col">Report</th><th scope="col">What it is</th><th scope="col">Formats</th>
<th scope="col">Status</th><th scope="col">Version</th><th scope="col">Data</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table>
<h2 id="changes">What changed</h2>
<p><a href="changes.html">What changed in the findings since the previous build</a>: {n_changes} finding{"s" if n_changes != 1 else ""}
added, removed or changed.</p>
<h2 id="provenance">Provenance</h2>
<p>Every input file's SHA-256 hash, each document's hash and the engine that built it are in
<a href="provenance.json">provenance.json</a>.</p>
<dl class="prov"><dt>Engine</dt><dd>{html.escape(engines)}</dd>
<dt>Tools</dt><dd>{html.escape(tools)}</dd></dl>
"""
    return _page(f"{study} (CSRR): review site", body, study, banner)


_FINDING_ID = re.compile(r"\bS\d+-F\d+\b")


def finding_places(
    reports: list[dict[str, Any]], ids: set[str]
) -> dict[str, list[dict[str, str]]]:
    """Where each finding appears: every report section whose text names its id.

    A mention in a footnote counts for the section that cites the footnote.

    Returns
    -------
    dict
        Finding id to a list of ``{"report", "label", "href", "section"}``,
        ``href`` relative to the site (``strand3-full/strand3-full.html#sec-key-findings``).
    """
    from bs4 import BeautifulSoup

    places: dict[str, list[dict[str, str]]] = {fid: [] for fid in ids}
    if not ids:
        return places
    for r in reports:
        doc = r["docs"].get("html")
        if doc is None:
            continue
        soup = BeautifulSoup(Path(doc["path"]).read_text(encoding="utf-8"), "lxml")
        main = soup.find("main") or soup
        for node in main.find_all(string=_FINDING_ID):
            found = set(_FINDING_ID.findall(str(node))) & ids
            if not found:
                continue
            anchor = node.parent
            note = anchor.find_parent("li", id=re.compile(r"^fn\d+$"))
            if note is not None:
                ref = main.find("a", href=f"#{note['id']}")
                anchor = ref if ref is not None else anchor
            section = anchor.find_parent("section", id=True)
            if section is None or "footnotes" in (section.get("class") or []):
                continue
            heading = section.find(re.compile(r"^h[1-6]$"))
            title = heading.get_text(" ", strip=True) if heading else section["id"]
            href = f"{r['name']}/{Path(doc['path']).name}#{section['id']}"
            for fid in sorted(found):
                if all(p["href"] != href for p in places[fid]):
                    places[fid].append(
                        {"report": r["name"], "label": r["label"], "href": href, "section": title}
                    )
    return places


def _places_html(fid: str, places: dict[str, list[dict[str, str]]]) -> str:
    found = places.get(fid) or []
    if not found:
        return "<p>Where it appears: in no report of this build.</p>"
    items = "".join(
        f'<li><a href="{html.escape(p["href"])}">{html.escape(p["label"])}: '
        f"{html.escape(p['section'])}</a></li>"
        for p in found
    )
    return f'<p>Where it appears:</p><ul class="places">{items}</ul>'


def _was_now(label: str, old: str, new: str) -> str:
    return (
        f'<dt>{html.escape(label)}</dt><dd><span class="was">Was: <del>{html.escape(old)}</del></span>'
        f'<br><span class="now">Now: <ins>{html.escape(new)}</ins></span></dd>'
    )


def _number(value: Any) -> str:
    return "none" if value is None else html.escape(str(value))


def changes_page(
    changes: dict[str, list],
    baseline: str,
    study: str,
    places: dict[str, list[dict[str, str]]] | None = None,
) -> str:
    """The "what changed" page: each finding added, removed or changed.

    A changed finding shows its title, its old and new statement (and title,
    strength and framework elements when they changed), a table of its
    numbers old and new, and links to the report sections it appears in.
    """
    places = places or {}
    parts = [f"<p>Compared with: {html.escape(baseline)}.</p>"]
    if not any(changes.values()):
        parts.append("<p>No finding was added, removed or changed.</p>")
    if changes["changed"]:
        parts.append(f'<h2 id="changed">Changed ({len(changes["changed"])})</h2>')
        for c in changes["changed"]:
            old, new = c["old"], c["new"]
            parts.append(
                f'<section class="finding" id="{html.escape(c["id"])}">'
                f"<h3>{html.escape(c['id'])}: {html.escape(new.get('title', ''))}</h3><dl>"
            )
            if "title" in c["fields"]:
                parts.append(_was_now("Title", old.get("title", ""), new.get("title", "")))
            if "statement" in c["fields"]:
                parts.append(
                    _was_now("Statement", old.get("statement", ""), new.get("statement", ""))
                )
            else:
                parts.append(
                    f"<dt>Statement (unchanged)</dt><dd>{html.escape(new.get('statement', ''))}</dd>"
                )
            if "strength" in c["fields"]:
                parts.append(
                    _was_now(
                        "Strength", str(old.get("strength", "")), str(new.get("strength", ""))
                    )
                )
            if "elements" in c["fields"]:
                parts.append(
                    _was_now(
                        "Framework elements",
                        ", ".join(old.get("elements") or []),
                        ", ".join(new.get("elements") or []),
                    )
                )
            parts.append("</dl>")
            if c["numbers"]:
                rows = "".join(
                    f'<tr><th scope="row">{html.escape(k)}</th><td>{_number(a)}</td>'
                    f"<td>{_number(b)}</td></tr>"
                    for k, a, b in c["numbers"]
                )
                parts.append(
                    f"<table><caption>Numbers of {html.escape(c['id'])}, old and new</caption><thead><tr>"
                    f'<th scope="col">Number</th><th scope="col">Old</th><th scope="col">New</th>'
                    f"</tr></thead><tbody>{rows}</tbody></table>"
                )
            parts.append(_places_html(c["id"], places) + "</section>")
    for kind, heading in (("added", "Added"), ("removed", "Removed")):
        if not changes[kind]:
            continue
        parts.append(f'<h2 id="{kind}">{heading} ({len(changes[kind])})</h2>')
        for item in changes[kind]:
            fid, finding = (item, {}) if isinstance(item, str) else (item["id"], item)
            title = finding.get("title", "")
            parts.append(
                f'<section class="finding" id="{html.escape(fid)}">'
                f"<h3>{html.escape(fid)}{': ' + html.escape(title) if title else ''}</h3>"
            )
            if finding.get("statement"):
                label = "Statement" if kind == "added" else "Last statement"
                parts.append(
                    f"<dl><dt>{label}</dt><dd>{html.escape(finding['statement'])}</dd></dl>"
                )
            if kind == "added":
                parts.append(_places_html(fid, places))
            parts.append("</section>")
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
    common = load_yaml(PARAMS_DIR / "common.yml")
    study = common["study_title"]
    organisation = common.get("organisation", "Scottish Government")
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
            json.loads((base / "provenance.json").read_text()).get("date", "?")
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
        shown = {f["id"] for f in changes["added"]} | {c["id"] for c in changes["changed"]}
        places = finding_places(reports, shown)
        (folder / "changes.html").write_text(
            changes_page(changes, described, study, places), encoding="utf-8"
        )
        (folder / "index.html").write_text(
            index_page(reports, prov, study, changes, organisation), encoding="utf-8"
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
