"""The whole pipeline on a small project: make, site, final, gates, data, preview.

These tests run in a throwaway copy of the project (csrr.sandbox) holding one
strand: the feature fixture notebook standing in for strand 1. So they
exercise the real Makefile and command line end to end in seconds, without
touching the real build or depending on the strands' own analysis.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from csrr import sandbox
from csrr.checks import pdf_text
from csrr.paths import ROOT

pytestmark = pytest.mark.build

FIXTURES = ROOT / "tests" / "fixtures"


def mini_project(dest: Path) -> Path:
    """A project copy whose only notebook is the feature fixture, as strand 1."""
    copy = sandbox.copy_project(dest)
    for folder in ("strands", "synthesis"):
        for nb in (copy / folder).glob("*.ipynb"):
            nb.unlink()
    for pkg in list((copy / "src/csrr").glob("strand[0-9]")) + [copy / "src/csrr/synthesis"]:
        shutil.rmtree(pkg, ignore_errors=True)
    (copy / "strands").mkdir(exist_ok=True)
    shutil.copy2(FIXTURES / "features.ipynb", copy / "strands/strand1_evidence_review.ipynb")
    (copy / "params/strand1.yml").write_text(
        "title: Feature fixture\nslug: feature-fixture\nsummary_max_pages: 4\n"
        "bibliography: references.bib\nn_points: 20\n"
    )
    shutil.copy2(
        FIXTURES / "params/schema/features.schema.json", copy / "params/schema/strand1.schema.json"
    )
    demo = copy / "data/demo/strand1"
    shutil.rmtree(demo, ignore_errors=True)
    demo.mkdir(parents=True)
    shutil.copy2(FIXTURES / "data/fixture/references.bib", demo / "references.bib")
    return copy


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """The mini project, built once with `make -j2`."""
    copy = mini_project(tmp_path_factory.mktemp("mini") / "csrr")
    sandbox.make(copy, "-j2")
    return copy


def prepend_and_make(project: Path, line: str) -> str:
    """Put a line of Markdown before the fixture's inline-values cell text; run make."""
    path = project / "strands/strand1_evidence_review.ipynb"
    nb = json.loads(path.read_text())
    cell = next(c for c in nb["cells"] if c.get("id") == "inline-and-conditional")
    cell["source"] = [line, *cell["source"]]
    path.write_text(json.dumps(nb, indent=1))
    return sandbox.make(project, "-j2", "all").stdout


def run_csrr(copy: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "csrr", *args],
        cwd=copy,
        env=sandbox.environment(copy),
        capture_output=True,
        text=True,
        check=False,
    )


class TestBuild:
    def test_every_document_and_the_site(self, project):
        for report in ("strand1-full", "strand1-summary"):
            for fmt in ("html", "pdf", "docx"):
                assert (project / "_site" / report / f"{report}.{fmt}").is_file()
        assert (project / "_site").is_symlink()
        index = (project / "_site/index.html").read_text()
        assert 'href="strand1-full/strand1-full.pdf"' in index
        assert "Illustrative data: not research findings." in index

    def test_site_explains_the_study_and_tells_reports_apart(self, project):
        index = (project / "_site/index.html").read_text()
        assert "Children&#x27;s Services Reform Research (CSRR) study" in index
        assert index.index('id="about"') < index.index('id="reports"')
        assert "Feature fixture: Full report" in index and "Feature fixture: Summary" in index
        assert "A short summary of the Strand 1 full report" in index
        assert index.index('id="report-strand1-full"') < index.index('id="report-strand1-summary"')
        changes = (project / "_site/changes.html").read_text()
        assert 'href="index.html"' in changes

    def test_documents_link_to_the_site_partner_and_formats(self, project):
        site = project / "_site"
        full = (site / "strand1-full/strand1-full.html").read_text()
        summary = (site / "strand1-summary/strand1-summary.html").read_text()
        for page, partner, own in (
            (full, "strand1-summary", "strand1-full"),
            (summary, "strand1-full", "strand1-summary"),
        ):
            hrefs = re.findall(r'<nav class="doc-links"[^>]*>(.*?)</nav>', page, re.DOTALL)[0]
            assert 'href="../index.html"' in hrefs
            assert f'href="../{partner}/{partner}.html"' in hrefs
            assert f'href="{own}.pdf"' in hrefs and f'href="{own}.docx"' in hrefs
            # Every link resolves inside the site.
            for href in re.findall(r'href="([^"#]+)"', hrefs):
                assert (site / own / href).resolve().is_file(), href
            assert "22 November 2026" in page
        # The full report's contents sit beside the text; the summary has none.
        assert 'class="draft with-toc"' in full and 'id="TOC"' in full
        assert 'id="TOC"' not in summary
        assert 'id="abbreviations"' in full and '<th scope="row">CSRR</th>' in full
        assert 'id="publication-details"' in summary

    def test_provenance_records_engine_inputs_and_tools(self, project):
        prov = json.loads((project / "_site/provenance.json").read_text())
        doc = prov["reports"]["strand1-full"]["documents"]["pdf"]
        assert doc["engine"] == "built-in (pandoc + Typst)"
        assert len(doc["sha256"]) == 64
        inputs = prov["reports"]["strand1-full"]["inputs"]
        assert "params/strand1.yml" in inputs and "strands/strand1_evidence_review.ipynb" in inputs
        assert {"pandoc", "typst", "python", "pandas"} <= set(prov["tools"])

    def test_nothing_to_do_the_second_time(self, project):
        assert sandbox.make(project, "-q", "all", check=False).returncode == 0
        started = time.perf_counter()
        out = sandbox.make(project, "all").stdout
        assert "csrr run" not in out and "csrr render" not in out
        assert time.perf_counter() - started < 30  # generous: what matters is that nothing ran

    def test_one_params_edit_reexecutes_only_that_report(self, project):
        params = project / "params/strand1.yml"
        params.write_text(params.read_text() + "# touched\n")
        dry = sandbox.make(project, "-n", "all").stdout
        # One execution gives both reports.
        assert re.findall(r"csrr run (\S+)", dry) == ["strand1"]
        sandbox.make(project, "-j2", "all")

    def test_prose_edit_renders_without_executing(self, project):
        out = prepend_and_make(project, "PROSE-EDIT: the total is `{python} total_text`.\n")
        assert "csrr run" not in out
        assert "csrr splice strand1" in out and "csrr render" in out
        html = (project / "build/out/strand1-full/strand1-full.html").read_text()
        assert "PROSE-EDIT: the total is 49." in html

    def test_new_inline_expression_executes(self, project):
        out = prepend_and_make(project, "NEW-EXPR: `{python} n_points + 1`.\n")
        assert re.findall(r"csrr run (\S+)", out) == ["strand1"]
        assert (
            "NEW-EXPR: 21." in (project / "build/out/strand1-full/strand1-full.html").read_text()
        )

    def test_validate_does_not_make_anything_stale(self, project):
        sandbox.make(project, "validate", "DATA=data/demo", check=False)
        sandbox.make(project, "validate", "DATA=tests/fixtures/data", check=False)
        assert sandbox.make(project, "-q", "all", check=False).returncode == 0


class TestGates:
    def test_check_passes_on_the_build(self, project):
        proc = run_csrr(project, "check", "--gate", "documents", "--gate", "reproducible")
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert "gate documents     ok" in proc.stdout

    @pytest.mark.parametrize(
        ("change", "rule"),
        [
            (lambda html: re.sub(r' alt="[^"]*"', ' alt=""', html, count=1), "alt text"),
            (
                lambda html: html.replace("<h3>", "<h5>", 1).replace("</h3>", "</h5>", 1),
                "heading levels",
            ),
        ],
    )
    def test_check_fails_naming_file_and_rule(self, project, tmp_path, change, rule):
        site = tmp_path / "site"
        shutil.copytree(project / "_site", site)
        page = site / "strand1-full/strand1-full.html"
        page.write_text(change(page.read_text()))
        proc = run_csrr(project, "check", "--site", str(site), "--gate", "documents")
        assert proc.returncode == 1
        assert re.search(rf"strand1-full\.html: {rule}: ", proc.stdout), proc.stdout

    @pytest.mark.browser
    def test_browser_gate(self, project):
        if not Path("/usr/bin/chromium").exists():
            pytest.skip("Debian chromium not installed (.ci/run installs it)")
        proc = run_csrr(project, "check", "--gate", "browser")
        assert proc.returncode == 0, proc.stdout

    @pytest.mark.libreoffice
    def test_word_gate(self, project):
        if not shutil.which("soffice"):
            pytest.skip("LibreOffice not installed (.ci/run installs it)")
        proc = run_csrr(project, "check", "--gate", "word")
        assert proc.returncode == 0, proc.stdout


class TestFinal:
    def test_refuses_synthetic_data(self, project):
        proc = sandbox.make(project, "final", check=False)
        assert proc.returncode != 0
        assert "holds synthetic data" in proc.stderr and "ALLOW_SYNTHETIC=1" in proc.stderr
        assert not (project / "_publish").exists()

    def test_override_builds_named_unwatermarked_files(self, project):
        sandbox.make(project, "final", "ALLOW_SYNTHETIC=1")
        names = sorted(p.name for p in (project / "_publish").iterdir())
        assert "csrr-strand1-feature-fixture-summary.pdf" in names
        assert "csrr-strand1-feature-fixture-full.docx" in names
        text = pdf_text(project / "_publish/csrr-strand1-feature-fixture-full.pdf")
        assert "DRAFT" not in text
        assert "Illustrative data" in text  # the banner stays


class TestAtomicSite:
    def test_failed_assembly_leaves_previous_site(self, project, monkeypatch):
        from csrr import publish

        before = os.readlink(project / "_site")
        monkeypatch.setattr(
            publish, "index_page", lambda *a, **k: (_ for _ in ()).throw(OSError("disk full"))
        )
        env = sandbox.environment(project)
        code = (
            "import csrr.publish as p\n"
            "p.index_page = lambda *a, **k: (_ for _ in ()).throw(OSError('disk full'))\n"
            "p.build_site()\n"
        )
        proc = subprocess.run(
            [sys.executable, "-c", code],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert proc.returncode != 0
        assert os.readlink(project / "_site") == before
        assert (project / "_site/index.html").is_file()

    def test_killed_build_leaves_previous_site_readable(self, project):
        before = os.readlink(project / "_site")
        params = project / "params/strand1.yml"
        params.write_text(params.read_text() + "# touched again\n")
        proc = subprocess.Popen(
            sandbox.make_command("-j2", "all"),
            cwd=project,
            env=sandbox.environment(project),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(3)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        assert os.readlink(project / "_site") == before
        index = (project / "_site/index.html").read_text()
        for href in re.findall(r'href="(strand1-[^"]+)"', index):
            assert (project / "_site" / href).stat().st_size > 0
        sandbox.make(project, "-j2", "all")  # leave the project built for the other tests


class TestData:
    def test_real_manifest_drops_the_banner(self, project):
        real = project / "data/raw/real-copy"
        # Only the strand built here: the demo's own files cannot be called real.
        shutil.copytree(project / "data/demo/strand1", real / "strand1")
        (real / "DATASET.yml").write_text(
            "status: real\ndescription: A copy.\ndate: 2026-01-01\nowner: tests\n"
        )
        sandbox.make(
            project, "DATA=data/raw/real-copy", "build/out/strand1-summary/strand1-summary.html"
        )
        html = (project / "build/out/strand1-summary/strand1-summary.html").read_text()
        assert "Illustrative data" not in html
        (real / "DATASET.yml").unlink()
        # Both reports come from one run: a change to the data makes it run again.
        (real / "strand1/references.bib").touch()
        proc = sandbox.make(
            project,
            "DATA=data/raw/real-copy",
            "build/out/strand1-full/strand1-full.html",
            check=False,
        )
        assert proc.returncode != 0
        assert "data/raw/real-copy/DATASET.yml: manifest missing" in proc.stderr
        sandbox.make(project, "-j2", "all")  # back to the demo data

    def test_validate_reports_manifest_problem(self, project):
        proc = run_csrr(project, "validate", "--data", "data/nowhere")
        assert proc.returncode == 1
        assert "data/nowhere: 1 problem\n  data folder not found" in proc.stdout
        assert (project / "build/validation.html").is_file()


class TestPreview:
    def test_rebuilds_on_a_params_change_and_stops_cleanly(self, project):
        proc = subprocess.Popen(
            [sys.executable, "-m", "csrr", "preview", "strand1-summary", "--port", "0"],
            cwd=project,
            env=sandbox.environment(project),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        params = project / "params/strand1.yml"
        original = params.read_text()
        try:
            url = None
            deadline = time.time() + 120
            while url is None and time.time() < deadline:
                line = proc.stdout.readline()
                found = re.search(r"(http://127\.0\.0\.1:\d+/)", line)
                url = found.group(1) if found else None
            assert url, "preview did not start"
            page = urllib.request.urlopen(url).read().decode()
            assert "Feature fixture" in page and "/__status" in page
            params.write_text(original.replace("title: Feature fixture", "title: Edited fixture"))
            deadline = time.time() + 180
            while time.time() < deadline:
                if "Edited fixture" in urllib.request.urlopen(url).read().decode():
                    break
                time.sleep(1)
            else:
                pytest.fail("preview did not re-render within 180 s")
            status = json.loads(urllib.request.urlopen(url + "__status").read())
            assert status["error"] == "" and status["version"] >= 2
        finally:
            params.write_text(original)
            proc.send_signal(signal.SIGINT)
            out, _ = proc.communicate(timeout=60)
        assert proc.returncode == 0
        assert "preview: stopped" in out
