"""Check every input in one pass: ``make validate``.

Runs each strand's own validation (``csrr.<strand>.data.validate``) without
starting a kernel, after checking the params files and the data folder's
manifest, and reports **every** problem found, grouped by file with the
file's row and column counts. Writes the same report as an accessible,
self-contained HTML page, so a researcher can keep it open while fixing the
data.
"""

from __future__ import annotations

import csv
import html
import importlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from csrr.errors import CsrrError, InputError, Problem
from csrr.params import load_manifest, load_params, load_yaml, resolve_data_dir
from csrr.paths import BUILD_DIR, PARAMS_DIR, ROOT, relative
from csrr.reports import existing


@dataclass
class Report:
    """Everything one validation pass found."""

    data_dir: Path
    status: str = "unknown"
    problems: list[Problem] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    # Cross-checks against other strands' built outputs that could not run
    # (those strands are not built yet): not problems in the data.
    skipped: list[str] = field(default_factory=list)

    @property
    def by_file(self) -> dict[str, list[Problem]]:
        """Problems grouped by file, files in name order."""
        groups: dict[str, list[Problem]] = defaultdict(list)
        for problem in self.problems:
            groups[relative(Path(problem.file))].append(problem)
        return dict(sorted(groups.items()))


def _shape(path: Path) -> str:
    """ "N rows, M columns" for a CSV file; "N entries" for YAML; "" otherwise."""
    try:
        if path.suffix == ".csv":
            with open(path, newline="", encoding="utf-8-sig") as handle:
                rows = list(csv.reader(handle))
            return f"{max(len(rows) - 1, 0)} rows, {len(rows[0]) if rows else 0} columns"
        if path.suffix in (".yml", ".yaml"):
            data = load_yaml(path)
            return f"{len(data)} top-level entries"
    except (OSError, UnicodeDecodeError, csv.Error, CsrrError):
        return "unreadable"
    return ""


def _as_problem(error: CsrrError, fallback: Path) -> Problem:
    """A one-line params or manifest error as a problem of its file."""
    problem = getattr(error, "problem", None)
    if isinstance(problem, Problem):  # a repeated YAML key knows its file and line
        return problem
    text = str(error)
    file, _, rest = text.partition(": ")
    return Problem(file if rest else fallback, None, None, rest or text, "")


def _is_unbuilt(problem: Problem) -> bool:
    """A problem that only says another strand's build output does not exist yet."""
    path = Path(problem.file).resolve()
    return problem.found == "no such file" and path.is_relative_to(BUILD_DIR.resolve())


def run(data: str | Path | None = None) -> Report:
    """Validate params, manifest and every strand's inputs; collect all problems.

    Parameters
    ----------
    data : str or Path, optional
        Data folder (default: ``data_dir`` in ``params/common.yml``).
    """
    common = load_yaml(PARAMS_DIR / "common.yml")
    data_dir = resolve_data_dir(data or common.get("data_dir", "data/demo"))
    report = Report(data_dir)
    try:
        report.status = load_manifest(data_dir)["status"]
    except CsrrError as exc:
        report.problems.append(_as_problem(exc, data_dir / "DATASET.yml"))
        return report
    for nb in existing():
        try:
            params = load_params(nb.params_file, data_dir=data_dir)
        except CsrrError as exc:
            report.problems.append(_as_problem(exc, nb.params_file))
            continue
        try:
            module = importlib.import_module(f"csrr.{nb.id}.data")
        except ModuleNotFoundError as exc:
            if exc.name in (f"csrr.{nb.id}", f"csrr.{nb.id}.data"):
                continue
            raise
        try:
            found = module.validate(data_dir, params)
        except InputError as exc:
            found = exc.problems
        except CsrrError as exc:
            found = [_as_problem(exc, data_dir / nb.id)]
        for problem in found:
            if _is_unbuilt(problem):
                report.skipped.append(
                    f"{nb.id}: {problem.expected} (not built yet, so not cross-checked)"
                )
            else:
                report.problems.append(problem)
        report.checked.append(nb.id)
    return report


def detail(problem: Problem, file: str) -> str:
    """A problem's own one-line message without its file name.

    Strands may subclass :class:`Problem` (to name a line and an entry of a
    YAML file, say), so the message comes from the problem itself.
    """
    if not problem.found:
        return problem.expected
    text = str(problem)
    for prefix in (f"{file}, ", f"{file}: "):
        if text.startswith(prefix):
            return text[len(prefix) :]
    if text.startswith(f"{file}:"):  # path:line: message
        return "line " + text[len(file) + 1 :]
    return text


def terminal_text(report: Report) -> str:
    """The report as plain text for the terminal, grouped by file."""
    checked = ", ".join(report.checked) or "none"
    lines = [
        f"validate: {relative(report.data_dir)} ({report.status} data), strands checked: {checked}"
    ]
    for file, problems in report.by_file.items():
        shape = _shape(Path(file) if Path(file).is_absolute() else ROOT / file)
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        lines.append(f"\n{file}{f' ({shape})' if shape else ''}: {count}")
        lines.extend(f"  {detail(p, file)}" for p in problems)
    lines.extend(f"\nnote: {note}" for note in report.skipped)
    total = len(report.problems)
    lines.append(
        "\nvalidate: no problems found"
        if not total
        else f"\nvalidate: {total} problem{'s' if total != 1 else ''} in {len(report.by_file)} file"
        f"{'s' if len(report.by_file) != 1 else ''}"
    )
    return "\n".join(lines)


def html_page(report: Report) -> str:
    """The report as an accessible, self-contained HTML page."""
    parts = []
    for file, problems in report.by_file.items():
        rows = "".join(
            f"<tr><td>{p.row if p.row is not None else '–'}</td><td>{html.escape(detail(p, file))}</td></tr>"
            for p in problems
        )
        parts.append(
            f"<h2>{html.escape(file)}</h2><table><caption>{len(problems)} problem"
            f"{'s' if len(problems) != 1 else ''} in {html.escape(file)}</caption><thead><tr>"
            f'<th scope="col">Row</th><th scope="col">Problem</th></tr></thead><tbody>{rows}</tbody></table>'
        )
    summary = (
        "No problems found."
        if not report.problems
        else f"{len(report.problems)} problems in {len(report.by_file)} files."
    )
    return f"""<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Input validation: {html.escape(relative(report.data_dir))}</title>
<style>body{{font-family:"DejaVu Sans",Arial,sans-serif;max-width:60rem;margin:0 auto;padding:1rem;color:#0B0C0C}}
h1,h2{{color:#12436D}}table{{border-collapse:collapse;width:100%;margin:1rem 0}}
th,td{{text-align:left;border-bottom:1px solid #B1B4B6;padding:.3rem .5rem;vertical-align:top}}
caption{{text-align:left;font-weight:bold}}</style></head>
<body><header><h1>Input validation</h1>
<p>Data folder <code>{html.escape(relative(report.data_dir))}</code> ({html.escape(report.status)} data).
Strands checked: {html.escape(", ".join(report.checked) or "none")}.</p></header>
<main><p><strong>{summary}</strong> Rows are numbered as in a spreadsheet (the header is row 1).</p>
{"".join(parts)}</main></body></html>
"""


def main(data: str | Path | None = None, html_out: Path = BUILD_DIR / "validation.html") -> int:
    """Run the pass, print it, write the HTML page; return 1 if anything is wrong."""
    report = run(data)
    print(terminal_text(report))
    html_out.parent.mkdir(parents=True, exist_ok=True)
    html_out.write_text(html_page(report), encoding="utf-8")
    print(f"validate: report written to {relative(html_out)}")
    return 1 if report.problems else 0
