"""Publication gates: nothing inaccessible, unmarked, disclosive or stale ships.

``make check`` runs every gate over the review site and prints each problem
as one line naming the file and the rule; it exits non-zero if any gate
fails. The gates:

- documents: the rules in :mod:`csrr.checks` for every HTML, PDF and Word
  file, plus each summary's page limit from its params;
- browser: axe-core (WCAG 2.2 AA rule set) in headless Chromium finds no
  serious or critical violation on any page, and no page makes a request to
  anywhere but itself;
- word: LibreOffice opens and converts every DOCX;
- strands: the disclosure control and redaction checks of strands that have
  them (``csrr.<strand>.gate.problems(site)``);
- reproducible: two clean builds of a strand, in a throwaway copy of the
  project, give byte-identical executed notebooks, products and documents.
"""

from __future__ import annotations

import importlib
import importlib.util
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from csrr.checks import check_document
from csrr.params import load_yaml
from csrr.paths import BUILD_DIR, PARAMS_DIR, SITE_DIR, relative
from csrr.reports import FORMATS, STRANDS, parse_report_name

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
# axe-core tags for WCAG 2.0, 2.1 and 2.2 at levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING_IMPACTS = ("serious", "critical")


def documents(site: Path) -> list[Path]:
    """Every report document in a site folder, in a stable order."""
    return sorted(p for p in site.glob("*/*") if p.suffix.lstrip(".") in FORMATS)


def _page_limit(doc: Path) -> int | None:
    """The page limit of a summary PDF (``summary_max_pages`` in its params)."""
    try:
        nb, variant = parse_report_name(doc.stem)
    except KeyError:
        return None
    if variant != "summary" or not nb.params_file.is_file():
        return None
    return load_yaml(nb.params_file).get("summary_max_pages")


def gate_documents(site: Path) -> list[str]:
    """Accessibility, marking and hygiene rules of every document."""
    problems = []
    for doc in documents(site):
        problems += check_document(doc, _page_limit(doc) if doc.suffix == ".pdf" else None)
    return problems


def axe_script() -> str:
    """axe-core, as shipped (pinned) in the axe-playwright-python wheel."""
    spec = importlib.util.find_spec("axe_playwright_python")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("axe-playwright-python is not installed")
    return (Path(next(iter(spec.submodule_search_locations))) / "axe.min.js").read_text(
        encoding="utf-8"
    )


def gate_browser(site: Path) -> list[str]:
    """axe-core in headless Chromium on every HTML page; no outside requests."""
    if not Path(CHROMIUM).exists():
        return [
            f"{CHROMIUM}: browser gate: chromium is not installed (apt-get install chromium; .ci/run does)"
        ]
    from playwright.sync_api import sync_playwright

    pages = sorted(site.glob("*.html")) + sorted(site.glob("*/*.html"))
    script = axe_script()
    problems = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for path in pages:
                page = browser.new_page()
                url = path.resolve().as_uri()
                requests: list[str] = []
                page.on("request", lambda r, seen=requests: seen.append(r.url))
                page.goto(url)
                page.evaluate(script)
                result = page.evaluate(
                    "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(r => r.violations)",
                    WCAG_TAGS,
                )
                for violation in result:
                    if violation.get("impact") in BLOCKING_IMPACTS:
                        target = violation["nodes"][0]["target"] if violation["nodes"] else "?"
                        problems.append(
                            f"{relative(path)}: axe {violation['id']} ({violation['impact']}): "
                            f"{violation['help']} at {target}"
                        )
                for request in requests:
                    if request != url and not request.startswith(("data:", url + "#")):
                        problems.append(f"{relative(path)}: external request: {request[:80]}")
                page.close()
        finally:
            browser.close()
    return problems


def gate_word(site: Path) -> list[str]:
    """LibreOffice (headless) opens and converts every DOCX to PDF."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    docs = [d for d in documents(site) if d.suffix == ".docx"]
    if not docs:
        return []
    if soffice is None:
        return [
            "soffice: word gate: LibreOffice is not installed (apt-get install libreoffice-writer-nogui; .ci/run does)"
        ]
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "profile"
        cmd = [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            tmp,
            *map(str, docs),
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600, check=False)
        for doc in docs:
            pdf = Path(tmp) / (doc.stem + ".pdf")
            if proc.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
                problems.append(f"{relative(doc)}: LibreOffice could not open and convert it")
    return problems


def gate_strands(site: Path) -> list[str]:
    """Disclosure control and redaction gates of the strands that define them."""
    problems = []
    for strand in STRANDS:
        try:
            module = importlib.import_module(f"csrr.{strand}.gate")
        except ModuleNotFoundError as exc:
            if exc.name in (f"csrr.{strand}", f"csrr.{strand}.gate"):
                continue
            raise
        problems += module.problems(site)
    return problems


def _build_files(copy: Path, strand: str) -> dict[str, bytes]:
    """Every file one strand's build made in a project copy, by relative path."""
    roots = [copy / "build" / strand, *sorted((copy / "build" / "out").glob(f"{strand}-*"))]
    return {
        path.relative_to(copy).as_posix(): path.read_bytes()
        for root in roots
        for path in sorted(root.rglob("*"))
        # The render records hold how long each render took.
        if path.is_file() and not (path.name.startswith(".") and path.suffix == ".json")
    }


def gate_reproducible(site: Path) -> list[str]:
    """Two clean builds of a strand, in a throwaway copy, give the same bytes.

    Everything the build makes for it is compared: the executed notebooks,
    the products other strands read (findings, tables) and the HTML, PDF
    and Word documents. A re-render alone would not catch a run that
    differs (a clock, a random seed, a run time in a notebook).
    """
    from csrr import sandbox

    strand = next((s for s in STRANDS if (PARAMS_DIR / f"{s}.yml").is_file()), None)
    if strand is None:
        return []
    with tempfile.TemporaryDirectory(dir=BUILD_DIR) as tmp:
        copy = sandbox.copy_project(Path(tmp) / "project")
        builds = []
        for _ in range(2):
            sandbox.make(copy, "clean")
            sandbox.make(copy, "-j2", strand)
            builds.append(_build_files(copy, strand))
    first, second = builds
    problems = [
        f"build/{name.removeprefix('build/')}: reproducibility: two clean builds differ"
        for name in sorted(set(first) | set(second))
        if first.get(name) != second.get(name)
    ]
    if not problems:
        print(f"reproducible: two clean builds of {strand}: {len(first)} files identical")
    return problems


GATES: dict[str, Callable[[Path], list[str]]] = {
    "documents": gate_documents,
    "browser": gate_browser,
    "word": gate_word,
    "strands": gate_strands,
    "reproducible": gate_reproducible,
}


def run(site: Path = SITE_DIR, only: list[str] | None = None) -> list[str]:
    """Run the gates over ``site``; print a line per gate; return every problem."""
    site = Path(site)
    if not (site / "index.html").is_file():
        return [f"{relative(site)}: no review site: run make first"]
    problems = []
    for name, gate in GATES.items():
        if only and name not in only:
            continue
        found = gate(site)
        status = "ok" if not found else f"{len(found)} problem{'s' if len(found) > 1 else ''}"
        print(f"gate {name:<13} {status}", flush=True)
        problems += found
    return problems
