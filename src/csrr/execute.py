"""Run each notebook once with papermill, safely; keep prose edits cheap.

One execution per notebook gives every report of it: the full and summary
reports are two renders of the same executed notebook under different Quarto
profiles (conditional content), so a strand runs once, not twice.

The run is staged: papermill writes into ``build/<id>/.stage-<pid>/`` and
only a run that finishes is moved into place, so a failed or interrupted
build never replaces the last good executed notebook or findings. Before any
kernel starts, the parameters are checked against their schemas and the
strand's input data are validated, so bad input stops the build in a second
with one line, not after a kernel start and a traceback.

During the run, each Markdown cell's inline expressions (`` `{python} x` ``)
are evaluated in the kernel, as Quarto's own runner does, and stored in the
cell's ``metadata.user_expressions`` (see :mod:`csrr.inline`).

Three files per notebook, so that an edit to prose never re-executes:

- ``build/<id>/.code``: a fingerprint of what execution depends on inside the
  notebook (code cells, their tags, and which inline expressions each stretch
  of Markdown between two code cells asks for). ``make`` rewrites it only when
  it changes, so an edit to Markdown alone leaves it, and the execution, alone;
- ``build/<id>/.executed.ipynb``: papermill's output, with run times removed;
- ``build/<id>/<id>.ipynb``: what both renderers read, spliced from the source
  notebook's current Markdown and the executed code cells' outputs.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import logging
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from csrr import inline
from csrr.errors import CsrrError, InputError, ParamsError
from csrr.params import load_params, resolve_data_dir
from csrr.paths import ROOT, relative, report_build_dir
from csrr.render.notebook import cell_source, read_notebook
from csrr.reports import NOTEBOOKS, Notebook

KERNEL_NAME = "csrr"
ENGINE_NAME = "csrr"
# Parameters the runner supplies itself rather than the params files.
RUNTIME_PARAMETERS = ("output_dir",)
EXECUTED = ".executed.ipynb"
FINGERPRINT = ".code"
# Notebook-level papermill metadata that changes from run to run (times, the
# stage folder's process id, the environment); dropped so rebuilds match.
_RUN_METADATA = (
    "start_time",
    "end_time",
    "duration",
    "exception",
    "output_path",
    "environment_variables",
)
_PY_TYPES = {
    "int": int,
    "float": (int, float),
    "str": str,
    "bool": bool,
    "list": list,
    "dict": dict,
}


def kernel_environment() -> dict[str, str]:
    """Environment for kernels: caches kept inside the virtual environment.

    Without this, IPython, Jupyter and matplotlib write profiles, runtime
    files and font caches into the user's home folder.
    """
    var = Path(sys.prefix) / "var" / "csrr"
    env = {
        "IPYTHONDIR": str(var / "ipython"),
        "MPLCONFIGDIR": str(var / "matplotlib"),
        "JUPYTER_RUNTIME_DIR": str(var / "jupyter-runtime"),
        "JUPYTER_PLATFORM_DIRS": "1",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        # One thread per kernel: make -j runs notebooks side by side, and
        # BLAS threads fighting over the same cores made small matrix work
        # ten times slower.
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }
    for key, value in env.items():
        if key.endswith("DIR"):
            Path(value).mkdir(parents=True, exist_ok=True)
    return env


def declared_parameters(notebook: Path) -> dict[str, dict[str, Any]]:
    """The parameters a notebook's ``parameters`` cell declares, by name.

    Raises
    ------
    CsrrError
        If the notebook has no cell tagged ``parameters``.
    """
    import papermill

    found = papermill.inspect_notebook(str(notebook))
    if not found:
        raise CsrrError(f"{relative(notebook)}: no cell tagged 'parameters'")
    return found


def notebook_parameters(
    notebook: Path, params: dict[str, Any], output_dir: Path
) -> dict[str, Any]:
    """Values for every parameter the notebook declares, checked for type.

    Parameters
    ----------
    notebook : Path
        Source notebook.
    params : dict
        Merged, validated parameters of the report.
    output_dir : Path
        Where the run writes its products.

    Raises
    ------
    ParamsError
        If the notebook declares a parameter no params file sets, or a value
        has a different type from the declared default.
    """
    values = dict(params)
    values["output_dir"] = relative(output_dir)
    chosen: dict[str, Any] = {}
    for name, info in declared_parameters(notebook).items():
        if name not in values:
            raise ParamsError(f"{relative(notebook)}: parameter '{name}' is set by no params file")
        declared = info.get("inferred_type_name", "None")
        expected = _PY_TYPES.get(declared)
        value = values[name]
        if expected is not None and (
            not isinstance(value, expected) or (declared != "bool" and isinstance(value, bool))
        ):
            raise ParamsError(
                f"{relative(notebook)}: parameter '{name}' is declared {declared} but params give {value!r}"
            )
        chosen[name] = value
    return chosen


def validate_inputs(nb_id: str, params: dict[str, Any]) -> None:
    """Run the strand's own input validation, if it has one, before any kernel.

    A strand with validation has a module ``csrr.<id>.data`` with a
    ``validate(data_dir, params)`` function returning a list of problems.

    Raises
    ------
    InputError
        Holding every problem found.
    """
    try:
        module = importlib.import_module(f"csrr.{nb_id}.data")
    except ModuleNotFoundError as exc:
        if exc.name in (f"csrr.{nb_id}", f"csrr.{nb_id}.data"):
            return
        raise
    problems = module.validate(resolve_data_dir(params["data_dir"]), params)
    if problems:
        raise InputError(problems)


def front_matter(nb: Notebook, params: dict[str, Any], target_dir: Path) -> dict[str, Any]:
    """Document metadata for the executed notebook (Quarto front matter).

    It is written into the executed notebook's first raw cell, where both
    Quarto and the built-in engine read it. What differs between the reports
    of one notebook (subtitle, contents list, variant) and between draft and
    final is left out: it comes from the Quarto profiles
    (``_quarto-summary.yml``, ``_quarto-final.yml``), and front matter would
    override them. Paths in it are relative to ``target_dir``, the folder the
    executed notebook lands in.
    """
    meta: dict[str, Any] = {"title": params["title"]}
    if nb.id == "synthesis":
        meta["subtitle"] = "Final report"
    meta.update(
        {
            "author": params["organisation"],
            "date": params["date"],
            "csrr": {
                "strand": nb.id,
                "label": nb.label,
                "study": params["study_title"],
                "organisation": params["organisation"],
                "version": params["version"],
                "marking": params["protective_marking"],
                "data-status": params["data_status"],
                # For conditional content: when-meta="csrr.synthetic".
                "synthetic": params["data_status"] != "real",
                "dataset": params["dataset"]["description"],
                "data-dir": relative(resolve_data_dir(params["data_dir"])),
                "disclaimer": params["disclaimer"],
                "licence": params["licence"],
                "slug": params["slug"],
                "publication": params["publication"],
            },
        }
    )
    if params.get("bibliography"):
        bib = resolve_data_dir(params["data_dir"]) / nb.id / params["bibliography"]
        meta["bibliography"] = os.path.relpath(bib, target_dir)
    return meta


class InlineExpressionError(CsrrError):
    """An inline expression failed in the kernel (cell id, expression, error)."""

    def __init__(self, cell_id: str, expression: str, error: str):
        super().__init__(error)
        self.cell_id, self.expression, self.error = cell_id, expression, error


def _inline_client_class():
    """papermill's notebook client, taught to evaluate inline expressions.

    Built on first use so that importing this module does not import
    papermill (the CLI's quick commands never need it).
    """
    from nbclient.util import ensure_async, run_sync
    from papermill.clientwrap import PapermillNotebookClient

    class InlineNotebookClient(PapermillNotebookClient):
        """Executes code cells as papermill does, and Markdown cells' inline code.

        For a Markdown cell it sends one empty execute request carrying the
        cell's expressions as Jupyter ``user_expressions``, exactly as
        Quarto's ``cell_execute_inline`` does, so the values are those of the
        kernel state at that point of the notebook.
        """

        async def async_execute_cell(
            self, cell, cell_index, execution_count=None, store_history=True
        ):
            if cell.cell_type == "markdown":
                await self._execute_inline(cell)
                return cell
            return await super().async_execute_cell(
                cell, cell_index, execution_count, store_history
            )

        execute_cell = run_sync(async_execute_cell)

        async def _execute_inline(self, cell) -> None:
            found = inline.expressions(cell.source)
            cell.metadata.pop("user_expressions", None)
            if not found:
                return
            asked = {str(i): expr for i, expr in enumerate(found)}
            msg_id = await ensure_async(
                self.kc.execute("", store_history=False, user_expressions=asked)
            )
            reply = await self.async_wait_for_reply(msg_id)
            content = reply.get("content", {}) if reply else {}
            if content.get("status") != "ok":
                raise InlineExpressionError(
                    cell.get("id", ""),
                    found[0],
                    f"{content.get('ename')}: {content.get('evalue')}",
                )
            results = []
            for key, expr in asked.items():
                result = content.get("user_expressions", {}).get(key, {})
                if result.get("status") != "ok":
                    raise InlineExpressionError(
                        cell.get("id", ""), expr, f"{result.get('ename')}: {result.get('evalue')}"
                    )
                results.append({"expression": expr, "result": result})
            cell.metadata["user_expressions"] = results

    return InlineNotebookClient


def register_engine() -> None:
    """Register the ``csrr`` papermill engine (papermill's, plus inline code)."""
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.utils import merge_kwargs, remove_args

    client_class = _inline_client_class()

    class InlineEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(
            cls,
            nb_man,
            kernel_name,
            log_output=False,
            stdout_file=None,
            stderr_file=None,
            start_timeout=60,
            execution_timeout=None,
            **kwargs,
        ):
            kwargs = remove_args(["input_path"], **kwargs)
            safe_kwargs = remove_args(["timeout", "startup_timeout"], **kwargs)
            final_kwargs = merge_kwargs(
                safe_kwargs,
                timeout=execution_timeout if execution_timeout else kwargs.get("timeout"),
                startup_timeout=start_timeout,
                kernel_name=kernel_name,
                log=logging.getLogger("papermill"),
                log_output=log_output,
                stdout_file=stdout_file,
                stderr_file=stderr_file,
            )
            # Per-message timestamps would make every rebuild differ.
            final_kwargs["record_timing"] = False
            return client_class(nb_man, **final_kwargs).execute()

    papermill_engines.register(ENGINE_NAME, InlineEngine)


def _cells(path: Path) -> list[dict[str, Any]]:
    return read_notebook(path).get("cells", [])


def _is_code(cell: dict[str, Any]) -> bool:
    tags = cell.get("metadata", {}).get("tags", [])
    return cell.get("cell_type") == "code" and "injected-parameters" not in tags


def _stretches(cells: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Markdown cells grouped by the code cells before them.

    Stretch ``k`` holds the Markdown cells after the ``k``-th code cell; its
    inline expressions see the kernel as that code cell left it.
    """
    groups: list[list[dict[str, Any]]] = [[]]
    for cell in cells:
        if _is_code(cell):
            groups.append([])
        elif cell.get("cell_type") == "markdown":
            groups[-1].append(cell)
    return groups


def fingerprint(notebook: Path) -> str:
    """What execution depends on inside a notebook, as a hash.

    Code cells (source and tags) and, for each stretch of Markdown between
    code cells, the set of inline expressions it asks for. Prose around the
    expressions, headings, conditional-content fences and whole Markdown
    cells can change without changing it.
    """
    cells = _cells(notebook)
    code = [
        (cell_source(c), sorted(c.get("metadata", {}).get("tags", [])))
        for c in cells
        if _is_code(c)
    ]
    asked = [
        sorted({e.strip() for c in group for e in inline.expressions(cell_source(c))})
        for group in _stretches(cells)
    ]
    blob = json.dumps({"code": code, "inline": asked}, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def write_fingerprint(nb: Notebook, build_dir: Path | None = None) -> Path:
    """Write ``.code`` only if it changed (so make sees prose edits as no change)."""
    target = (Path(build_dir) if build_dir else report_build_dir(nb.id)) / FINGERPRINT
    value = fingerprint(nb.path) + "\n"
    if not target.is_file() or target.read_text(encoding="utf-8") != value:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(value, encoding="utf-8")
    return target


def _lines(text: str) -> list[str]:
    """A cell source as Jupyter stores it: a list of lines with their newlines.

    Quarto joins a one-string source's lines without newlines, so the front
    matter must be written this way for it to be read as YAML.
    """
    return text.splitlines(keepends=True)


def finish_notebook(path: Path, meta: dict[str, Any], stage: str, target: str) -> None:
    """Prepare papermill's output for splicing and rendering by either engine.

    Adds the front matter as the first raw cell, tags papermill's
    ``injected-parameters`` cell ``remove-cell`` (Quarto's tag mapping
    understands that one, not papermill's) and gives it a fixed id, and drops
    run times and other per-run metadata so that two runs of the same inputs
    give the same file.
    """
    import yaml

    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        meta_cell = cell.setdefault("metadata", {})
        meta_cell.pop("papermill", None)
        meta_cell.pop("execution", None)
        # Alt text and captions computed from data travel in an image
        # output's metadata (csrr.charts.show); Quarto reads them only from
        # cell options or cell metadata, so they move there.
        for out in cell.get("outputs", []):
            for key in ("fig-alt", "fig-cap"):
                value = out.get("metadata", {}).pop(key, None)
                if value and not meta_cell.get(key):
                    meta_cell[key] = value
        tags = meta_cell.get("tags", [])
        if "injected-parameters" in tags:
            cell["id"] = "injected-parameters"
            cell["source"] = _lines(cell_source(cell).replace(stage, target))
            if "remove-cell" not in tags:
                tags.append("remove-cell")
    run_meta = nb.get("metadata", {}).get("papermill", {})
    for key in _RUN_METADATA:
        run_meta.pop(key, None)
    if run_meta.get("parameters", {}).get("output_dir") == stage:
        run_meta["parameters"]["output_dir"] = target
    text = (
        "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000) + "---\n"
    )
    raw = {"cell_type": "raw", "id": "csrr-front-matter", "metadata": {}, "source": _lines(text)}
    cells = nb["cells"]
    if cells and cells[0].get("id") == "csrr-front-matter":
        cells[0] = raw
    else:
        cells.insert(0, raw)
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def splice(nb: Notebook, build_dir: Path | None = None) -> Path:
    """Write the notebook the renderers read: current prose, executed outputs.

    Markdown and raw cells come from the source notebook as it is now; code
    cells, their outputs and the inline expressions' values from the last
    execution. This is what lets an edit to prose re-render without running
    the kernel.

    Raises
    ------
    CsrrError
        If the source's code or inline expressions differ from what was
        executed (make re-executes first, so this means a stale build).
    """
    target_dir = Path(build_dir) if build_dir else report_build_dir(nb.id)
    executed_path = target_dir / EXECUTED
    if not executed_path.is_file():
        raise CsrrError(f"{nb.id}: not executed yet (run `make {nb.id}`)")
    executed = json.loads(executed_path.read_text(encoding="utf-8"))
    ran = executed["cells"]
    values: list[dict[str, dict[str, Any]]] = [
        {
            item["expression"].strip(): item
            for c in group
            for item in c.get("metadata", {}).get("user_expressions", [])
        }
        for group in _stretches(ran)
    ]
    ran_code = iter([c for c in ran if c.get("cell_type") == "code"])
    cells = [c for c in ran[:1] if c.get("id") == "csrr-front-matter"]
    stretch = 0
    for index, cell in enumerate(_cells(nb.path)):
        kind = cell.get("cell_type")
        if kind == "code":
            stretch += 1
            done = next(ran_code, None)
            # papermill puts the injected parameters right after the parameters cell.
            if done is not None and "injected-parameters" in done["metadata"].get("tags", []):
                cells.append(done)
                done = next(ran_code, None)
            if done is None or cell_source(done) != cell_source(cell):
                raise CsrrError(
                    f"{nb.notebook}: cell {index + 1} differs from the executed notebook (run `make {nb.id}`)"
                )
            cells.append(done)
            continue
        cell = json.loads(json.dumps(cell))
        cell.setdefault("metadata", {}).pop("user_expressions", None)
        if kind == "markdown":
            asked = inline.expressions(cell_source(cell))
            missing = [e for e in asked if e.strip() not in values[stretch]]
            if missing:
                raise CsrrError(
                    f"{nb.notebook}: cell {index + 1}: inline expression `{{python}} {missing[0].strip()}` "
                    f"was not executed (run `make {nb.id}`)"
                )
            if asked:
                cell["metadata"]["user_expressions"] = [values[stretch][e.strip()] for e in asked]
        cells.append(cell)
    rest = next(ran_code, None)
    if rest is not None and "injected-parameters" in rest["metadata"].get("tags", []):
        cells.append(rest)
    out = dict(executed, cells=cells)
    final = nb.executed(target_dir)
    tmp = final.with_name(f".{final.name}.{os.getpid()}")
    tmp.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, final)
    return final


def _promote(stage: Path, target_dir: Path) -> Path:
    """Move a finished run's files into place; the notebook goes last.

    Each move is a rename within one file system, so readers see either the
    old file or the new one, never half of one.
    """
    notebook = stage / EXECUTED
    for item in sorted(stage.iterdir()):
        if item == notebook:
            continue
        dest = target_dir / item.name
        if dest.is_dir():
            shutil.rmtree(dest)
        os.replace(item, dest)
    final = target_dir / EXECUTED
    os.replace(notebook, final)
    shutil.rmtree(stage, ignore_errors=True)
    return final


def _source_cell_number(nb: Notebook, *, cell_id: str | None = None, text: str = "") -> str:
    """Number a cell as the author sees it in the source notebook.

    papermill's own count includes the injected parameters cell, so cells
    are found by id, or else by their source.
    """
    cells = json.loads(nb.path.read_text(encoding="utf-8")).get("cells", [])
    for i, c in enumerate(cells):
        if (cell_id and c.get("id") == cell_id) or (
            text.strip() and "".join(c.get("source", "")).strip() == text.strip()
        ):
            return f"cell {i + 1}"
    return "a cell"


def _failure_message(exc: Exception, nb: Notebook) -> str:
    """Name the failing cell and the error in a few lines, without a traceback."""
    ename = getattr(exc, "ename", type(exc).__name__)
    evalue = getattr(exc, "evalue", str(exc))
    if ename in ("InputError", "ParamsError", "CsrrError"):
        return f"{nb.id}: {evalue}"
    text = getattr(exc, "source", None) or ""
    shown = [line for line in text.strip().splitlines() if not line.startswith("#|")][:3]
    cell = _source_cell_number(nb, text=text)
    head = f"{nb.id}: {cell} of {nb.notebook} raised {ename}: {evalue}"
    return head + "".join(f"\n    | {line}" for line in shown)


def _inline_message(exc: InlineExpressionError, nb: Notebook) -> str:
    cell = _source_cell_number(nb, cell_id=exc.cell_id)
    return (
        f"{nb.notebook}: {cell}: inline expression `{{python}} {exc.expression.strip()}` "
        f"failed: {exc.error}"
    )


def run(
    nb: Notebook,
    *,
    params_file: Path | None = None,
    data_dir: str | Path | None = None,
    build_dir: Path | None = None,
    overrides: dict[str, Any] | None = None,
) -> Path:
    """Execute a notebook once and move the result into the build.

    Parameters
    ----------
    nb : Notebook
        The notebook (from :data:`csrr.reports.NOTEBOOKS`, or a fixture).
    params_file : Path, optional
        The report's params file (default ``params/<id>.yml``).
    data_dir : str or Path, optional
        Data folder overriding ``params/common.yml`` (``make DATA=...``).
    build_dir : Path, optional
        Where results go (default ``build/<id>``).
    overrides : dict, optional
        Common keys to override (see :func:`csrr.params.load_params`).

    Returns
    -------
    Path
        The spliced notebook the renderers read (``build/<id>/<id>.ipynb``).

    Raises
    ------
    CsrrError
        On bad parameters, bad input data, a failing cell or a failing
        inline expression; the previous build's files are left untouched.
    """
    if not nb.path.is_file():
        raise CsrrError(f"{nb.notebook}: notebook not found")
    started = time.perf_counter()
    params = load_params(params_file or nb.params_file, data_dir=data_dir, overrides=overrides)
    validate_inputs(nb.id, params)

    target_dir = Path(build_dir) if build_dir else report_build_dir(nb.id)
    # The process id keeps two builds of the same notebook (two terminals,
    # or a test beside a build) from sharing a stage.
    stage = target_dir / f".stage-{os.getpid()}"
    # Checked before the stage exists, so a parameter error leaves nothing behind.
    parameters = notebook_parameters(nb.path, params, stage)
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)

    import papermill
    from papermill.exceptions import PapermillExecutionError

    register_engine()
    # papermill logs every cell at INFO; the build prints one line instead.
    logging.getLogger("papermill").setLevel(logging.WARNING)
    os.environ.update(kernel_environment())
    output = stage / EXECUTED
    try:
        papermill.execute_notebook(
            str(nb.path),
            str(output),
            parameters=parameters,
            engine_name=ENGINE_NAME,
            kernel_name=KERNEL_NAME,
            cwd=str(ROOT),
            progress_bar=False,
            log_output=False,
            # papermill rewrites the whole notebook after every cell by
            # default; the staged copy is only wanted once it is complete.
            request_save_on_cell_execute=False,
        )
    except PapermillExecutionError as exc:
        shutil.rmtree(stage, ignore_errors=True)
        raise CsrrError(_failure_message(exc, nb)) from None
    except InlineExpressionError as exc:
        shutil.rmtree(stage, ignore_errors=True)
        raise CsrrError(_inline_message(exc, nb)) from None
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    finish_notebook(
        output, front_matter(nb, params, target_dir), relative(stage), relative(target_dir)
    )
    _promote(stage, target_dir)
    write_fingerprint(nb, target_dir)
    final = splice(nb, target_dir)
    print(
        f"executed {nb.id} in {time.perf_counter() - started:.1f} s -> {relative(final)}",
        flush=True,
    )
    return final


def notebook_by_id(nb_id: str) -> Notebook:
    """Look a notebook up by id, with a one-line error listing the known ones."""
    try:
        return NOTEBOOKS[nb_id]
    except KeyError:
        raise CsrrError(f"unknown notebook '{nb_id}' (known: {', '.join(NOTEBOOKS)})") from None
