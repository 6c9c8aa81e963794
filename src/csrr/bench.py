"""Benchmark of the build: ``make bench`` (a script that prints figures, never a test).

Every measurement runs in a throwaway copy of the project (see
:mod:`csrr.sandbox`), so the real ``build`` is untouched. It prints a table
and writes ``build/bench.json``:

- a clean build of every report with ``-j1`` and with ``-j2``, and how many
  times papermill ran (once per notebook: 6 runs for 33 documents);
- ``make`` with nothing changed;
- an edit to prose only (a Markdown cell): the time to the updated HTML
  draft (what ``make preview`` waits for), and to every document and the site;
- one strand's params edited: what make rebuilds, and how long it takes;
- the time per phase: kernel start, each notebook's execution, each render;
- the peer: the same notebooks through the classic route (``jupyter nbconvert
  --execute --to html``, and pandoc for Word), against this project's time;
- scale: strand 4 with 100,000 respondents and strand 3 with 20 years of 32
  councils: build time and peak memory.

Targets (2 cores): all documents from clean in 25 s or less with -j2; a
no-op make under 1 s; a prose edit's HTML draft in under 2 s; a params edit rebuilds only that strand and its
dependants; rendering under 0.5 s per document per format; at least 3 times
faster than the peer. Missed targets are printed as MISSED.
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from csrr import sandbox
from csrr.paths import BUILD_DIR, relative
from csrr.reports import NOTEBOOKS

TARGETS = {
    "clean_j2_s": 25.0,
    "noop_s": 1.0,
    "prose_html_s": 2.0,
    "render_s": 0.5,
    "peer_ratio": 3.0,
}


def _timed(copy: Path, *targets: str) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    proc = sandbox.make(copy, *targets)
    return time.perf_counter() - started, proc


def _executions(log: str) -> dict[str, float]:
    return {m[0]: float(m[1]) for m in re.findall(r"executed (\S+) in ([\d.]+) s", log)}


def prose_edit(copy: Path, strand: str) -> dict[str, Any]:
    """Reword one Markdown cell of a strand (no new inline expression) and rebuild.

    Returns the seconds to that strand's full-report HTML (the preview's
    wait) and then to everything, and whether anything was executed.
    """
    path = copy / NOTEBOOKS[strand].notebook
    nb = json.loads(path.read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
    cell["source"] = ["".join(cell["source"]).rstrip() + " (Reworded by the benchmark.)\n"]
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    report = NOTEBOOKS[strand].report_name("full")
    html_s, first = _timed(copy, "-j2", f"build/out/{report}/{report}.html")
    all_s, rest = _timed(copy, "-j2", "all")
    return {
        "edited": NOTEBOOKS[strand].notebook,
        "html_s": round(html_s, 2),
        "all_s": round(all_s, 2),
        "executed": bool(re.search(r"csrr run ", first.stdout + rest.stdout)),
    }


def _renders(log: str) -> dict[str, list[float]]:
    found: dict[str, list[float]] = {"html": [], "pdf": [], "docx": []}
    for fmt, seconds in re.findall(r"rendered \S+\.(html|pdf|docx) in ([\d.]+) s", log):
        found[fmt].append(float(seconds))
    return found


def kernel_start(runs: int = 3) -> float:
    """Median seconds to start the csrr kernel, run nothing, and shut it down."""
    from jupyter_client.manager import start_new_kernel

    from csrr.execute import KERNEL_NAME, kernel_environment

    times = []
    for _ in range(runs):
        started = time.perf_counter()
        manager, client = start_new_kernel(
            kernel_name=KERNEL_NAME, env={**os.environ, **kernel_environment()}
        )
        client.stop_channels()
        manager.shutdown_kernel(now=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def peer(copy: Path) -> dict[str, Any]:
    """The classic route for every report: nbconvert --execute to HTML, pandoc to Word.

    Each report's notebook gets the same parameters papermill gives it (set
    with papermill's prepare-only mode, which executes nothing), then
    ``jupyter nbconvert --execute --to html`` runs and converts it, and
    pandoc turns the executed notebook into Word.
    """
    import papermill

    from csrr.execute import notebook_parameters
    from csrr.params import load_params
    from csrr.render.engine import pandoc_path

    env = sandbox.environment(copy)
    work = copy / "_peer"
    work.mkdir()
    total, per_report = 0.0, {}
    for nb in NOTEBOOKS.values():
        source = copy / nb.notebook
        if not source.is_file():
            continue
        params = load_params(
            copy / "params" / f"{nb.id}.yml",
            common_file=copy / "params/common.yml",
            data_dir=copy / "data/demo",
        )
        for variant in nb.variants:
            name = nb.report_name(variant)
            prepared = work / f"{name}.ipynb"
            values = notebook_parameters(source, params, copy / "build" / nb.id)
            papermill.execute_notebook(
                str(source),
                str(prepared),
                parameters=values,
                prepare_only=True,
                kernel_name="csrr",
                progress_bar=False,
                log_output=False,
            )
            started = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "nbconvert",
                    "--execute",
                    "--to",
                    "html",
                    "--output",
                    f"{name}.html",
                    "--ExecutePreprocessor.kernel_name=csrr",
                    str(prepared),
                ],
                cwd=copy,
                env=env,
                capture_output=True,
                check=True,
            )
            executed = nb.executed(copy / "build" / nb.id)
            subprocess.run(
                [str(pandoc_path()), str(executed), "-o", str(work / f"{name}.docx")],
                capture_output=True,
                check=True,
            )
            per_report[name] = time.perf_counter() - started
            total += per_report[name]
    return {"total_s": total, "per_report_s": per_report, "documents": 2 * len(per_report)}


def _scale_generate(strand: str, folder: Path, **size: int) -> str:
    """Generate a strand's demo data at a larger size, if its generator allows."""
    try:
        module = importlib.import_module(f"csrr.{strand}.demo")
    except ModuleNotFoundError:
        return "no generator"
    accepted = inspect.signature(module.generate).parameters
    unknown = [k for k in size if k not in accepted]
    if unknown:
        return f"generator has no {unknown[0]} option"
    module.generate(folder / strand, **size)
    return ""


def scale(copy: Path) -> dict[str, Any]:
    """Strand 4 with 100,000 respondents and strand 3 with 20 years: time and peak memory."""
    data = copy / "data" / "scaled"
    shutil.copytree(copy / "data" / "demo", data)
    results: dict[str, Any] = {}
    for strand, size in (("strand3", {"years": 20}), ("strand4", {"n_respondents": 100_000})):
        problem = _scale_generate(strand, data, **size)
        if strand == "strand3" and not problem:
            # The study period must cover the longer panel.
            params = copy / "params" / "strand3.yml"
            start = 2023 - size["years"] + 1
            params.write_text(
                re.sub(r"(?m)^study_start: \d+", f"study_start: {start}", params.read_text())
            )
        if problem:
            results[strand] = {"skipped": problem}
            continue
        script = (
            "import resource, subprocess, sys, time; t = time.perf_counter(); "
            "p = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
            "print(p.returncode, time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
            "sys.stderr.write(p.stderr[-1500:])"
        )
        cmd = [sys.executable, "-c", script, *sandbox.make_command("-j2", f"DATA={data}", strand)]
        proc = subprocess.run(
            cmd,
            cwd=copy,
            env=sandbox.environment(copy),
            capture_output=True,
            text=True,
            check=False,
        )
        code, seconds, peak_kb = proc.stdout.split()
        results[strand] = {
            "size": size,
            "seconds": round(float(seconds), 1),
            "peak_memory_mb": round(int(peak_kb) / 1024),
            "ok": code == "0",
            "error": proc.stderr.strip().splitlines()[-1]
            if code != "0" and proc.stderr.strip()
            else "",
        }
    return results


def run(with_peer: bool = True, with_scale: bool = True) -> dict[str, Any]:
    """Run every measurement; return the results (also written to build/bench.json)."""
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="csrr-bench-") as tmp:
        for jobs in (1, 2):
            copy = sandbox.copy_project(Path(tmp) / f"j{jobs}")
            print(f"bench: clean build with -j{jobs} ...", flush=True)
            seconds, proc = _timed(copy, f"-j{jobs}", "all")
            results[f"clean_j{jobs}_s"] = round(seconds, 1)
            if jobs == 1:
                log = proc.stdout + proc.stderr
                results["executions_s"] = _executions(log)
                renders = _renders(log)
                results["documents"] = sum(len(v) for v in renders.values())
                results["render_total_s"] = {fmt: round(sum(v), 2) for fmt, v in renders.items()}
                results["render_s"] = {
                    fmt: {"mean": round(statistics.mean(v), 3), "max": round(max(v), 3)}
                    for fmt, v in renders.items()
                    if v
                }
        copy = Path(tmp) / "j2"
        noops = [_timed(copy, "all")[0] for _ in range(3)]
        results["noop_s"] = round(statistics.median(noops), 3)

        params = copy / "params" / "strand3.yml"
        edited = (
            "strand3"
            if params.is_file()
            else next(
                (
                    nb.id
                    for nb in NOTEBOOKS.values()
                    if (copy / "params" / f"{nb.id}.yml").is_file()
                ),
                "strand1",
            )
        )
        params = copy / "params" / f"{edited}.yml"
        params.write_text(params.read_text() + "\n# edited by the benchmark\n")
        dry = sandbox.make(copy, "-n", "all").stdout
        rebuilt = sorted(set(re.findall(r"csrr run (\S+)", dry)))
        seconds, _ = _timed(copy, "-j2", "all")
        results["params_edit"] = {
            "edited": f"params/{edited}.yml",
            "reexecuted": rebuilt,
            "seconds": round(seconds, 1),
        }
        print("bench: prose edit ...", flush=True)
        results["prose_edit"] = prose_edit(copy, edited)

        print("bench: kernel start ...", flush=True)
        results["kernel_start_s"] = round(kernel_start(), 2)
        if with_peer:
            print("bench: peer route (nbconvert --execute, pandoc) ...", flush=True)
            results["peer"] = peer(copy)
            # This project's own time for the same documents (HTML and Word),
            # serially: every execution plus those renders.
            same = (
                sum(results["executions_s"].values())
                + results["render_total_s"]["html"]
                + results["render_total_s"]["docx"]
            )
            results["ours_same_documents_s"] = round(same, 1)
            results["peer_ratio_same_documents"] = round(results["peer"]["total_s"] / same, 2)
            results["peer_ratio_vs_clean_j1"] = round(
                results["peer"]["total_s"] / results["clean_j1_s"], 2
            )
            results["peer_ratio_vs_clean_j2"] = round(
                results["peer"]["total_s"] / results["clean_j2_s"], 2
            )
        if with_scale:
            print("bench: scale ...", flush=True)
            results["scale"] = scale(Path(tmp) / "j1")
    out = BUILD_DIR / "bench.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return results


def table(results: dict[str, Any]) -> str:
    """The results as a table with each target met or missed."""

    def verdict(ok: bool) -> str:
        return "met" if ok else "MISSED"

    rows = [
        ("Clean build, -j1", f"{results['clean_j1_s']} s", ""),
        (
            "Clean build, -j2",
            f"{results['clean_j2_s']} s",
            f"<= {TARGETS['clean_j2_s']:.0f} s: {verdict(results['clean_j2_s'] <= TARGETS['clean_j2_s'])}",
        ),
        ("Documents built", str(results.get("documents", "?")), ""),
        (
            "Papermill runs (clean build)",
            str(len(results.get("executions_s", {}))),
            "one per notebook",
        ),
        (
            "make with nothing changed",
            f"{results['noop_s']} s",
            f"< {TARGETS['noop_s']:.0f} s: {verdict(results['noop_s'] < TARGETS['noop_s'])}",
        ),
    ]
    edit = results["params_edit"]
    rows.append(
        (
            f"Edit {edit['edited']}",
            f"{edit['seconds']} s",
            "re-executes: " + ", ".join(edit["reexecuted"]),
        )
    )
    prose = results.get("prose_edit")
    if prose:
        ok = prose["html_s"] < TARGETS["prose_html_s"] and not prose["executed"]
        rows.append(
            (
                "Prose edit: HTML draft ready",
                f"{prose['html_s']} s",
                f"< {TARGETS['prose_html_s']:.0f} s, no execution: {verdict(ok)}",
            )
        )
        rows.append(("Prose edit: all documents + site", f"{prose['all_s']} s", ""))
    rows.append(("Kernel start (median)", f"{results['kernel_start_s']} s", ""))
    for name, seconds in sorted(results.get("executions_s", {}).items()):
        rows.append((f"Execute {name}", f"{seconds} s", ""))
    for fmt, stats in results.get("render_s", {}).items():
        ok = stats["max"] < TARGETS["render_s"]
        rows.append(
            (
                f"Render {fmt} (mean / max)",
                f"{stats['mean']} / {stats['max']} s",
                f"< {TARGETS['render_s']} s: {verdict(ok)}",
            )
        )
    if results.get("render_s"):
        # Rendering one executed notebook to HTML, PDF and Word, one after the other.
        one = round(sum(stats["mean"] for stats in results["render_s"].values()), 2)
        rows.append(
            ("One notebook to all 3 formats (mean)", f"{one} s", f"< 1 s: {verdict(one < 1.0)}")
        )
    if "peer" in results:
        ratio = results["peer_ratio_vs_clean_j1"]
        rows.append(
            (
                "Peer: nbconvert + pandoc (HTML + Word)",
                f"{results['peer']['total_s']:.1f} s",
                f"{results['peer']['documents']} documents",
            )
        )
        rows.append(
            (
                "Peer / ours (clean -j1, all 3 formats)",
                f"{ratio}x",
                f">= {TARGETS['peer_ratio']:.0f}x: {verdict(ratio >= TARGETS['peer_ratio'])}",
            )
        )
        rows.append(("Peer / ours (clean -j2)", f"{results['peer_ratio_vs_clean_j2']}x", ""))
        rows.append(
            (
                "Peer / ours (same documents, serial)",
                f"{results['peer_ratio_same_documents']}x",
                f"ours {results['ours_same_documents_s']} s",
            )
        )
    for strand, res in results.get("scale", {}).items():
        if "skipped" in res:
            rows.append((f"Scale {strand}", "skipped", res["skipped"]))
        else:
            rows.append(
                (
                    f"Scale {strand} {res['size']}",
                    f"{res['seconds']} s, {res['peak_memory_mb']} MB peak",
                    "built" if res["ok"] else f"FAILED: {res['error']}",
                )
            )
    width = max(len(r[0]) for r in rows)
    vwidth = max(len(r[1]) for r in rows)
    return "\n".join(f"{a:<{width}}  {b:>{vwidth}}  {c}" for a, b, c in rows)


def main(with_peer: bool = True, with_scale: bool = True) -> int:
    """Run the benchmark and print the table."""
    results = run(with_peer, with_scale)
    print(table(results))
    print(f"bench: results written to {relative(BUILD_DIR / 'bench.json')}")
    return 0
