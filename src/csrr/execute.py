"""Run a notebook once per variant with papermill, safely.

The run is staged: papermill writes into ``_build/<id>/.stage-<variant>-<pid>/``
and only a run that finishes is moved into place, so a failed or interrupted
build never replaces the last good executed notebook or findings. Before any
kernel starts, the parameters are checked against their schemas and the
strand's input data are validated, so bad input stops the build in a second
with one line, not after a kernel start and a traceback.
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from csrr.errors import CsrrError, InputError, ParamsError
from csrr.params import load_params, resolve_data_dir
from csrr.paths import ROOT, relative, report_build_dir
from csrr.reports import NOTEBOOKS, VARIANT_LABELS, Notebook

KERNEL_NAME = "csrr"
# Parameters the runner supplies itself rather than the params files.
RUNTIME_PARAMETERS = ("variant", "output_dir")
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
    notebook: Path, params: dict[str, Any], variant: str, output_dir: Path
) -> dict[str, Any]:
    """Values for every parameter the notebook declares, checked for type.

    Parameters
    ----------
    notebook : Path
        Source notebook.
    params : dict
        Merged, validated parameters of the report.
    variant : str
        ``full``, ``summary`` or ``final``.
    output_dir : Path
        Where the run writes its products.

    Raises
    ------
    ParamsError
        If the notebook declares a parameter no params file sets, or a value
        has a different type from the declared default.
    """
    values = dict(params)
    values["variant"] = variant
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


def front_matter(
    nb: Notebook, variant: str, params: dict[str, Any], target_dir: Path
) -> dict[str, Any]:
    """Document metadata for the executed notebook (Quarto front matter).

    It is written into the executed notebook's first raw cell, where both
    Quarto and the built-in engine read it. Paths in it are relative to
    ``target_dir``, the folder the executed notebook lands in.
    """
    meta: dict[str, Any] = {
        "title": params["title"],
        "subtitle": VARIANT_LABELS[variant],
        "author": params["organisation"],
        "date": params["date"],
        "lang": "en-GB",
        "toc": variant != "summary",
        "number-sections": True,
        "csrr": {
            "report": nb.report_name(variant),
            "strand": nb.id,
            "variant": variant,
            "study": params["study_title"],
            "organisation": params["organisation"],
            "version": params["version"],
            "profile": params["profile"],
            "marking": params["protective_marking"],
            "data-status": params["data_status"],
            "dataset": params["dataset"]["description"],
            "data-dir": relative(resolve_data_dir(params["data_dir"])),
            "disclaimer": params["disclaimer"],
            "licence": params["licence"],
            "slug": params["slug"],
        },
    }
    if params.get("bibliography"):
        bib = resolve_data_dir(params["data_dir"]) / nb.id / params["bibliography"]
        meta["bibliography"] = os.path.relpath(bib, target_dir)
    return meta


def finish_notebook(path: Path, meta: dict[str, Any]) -> None:
    """Prepare an executed notebook for rendering by either engine.

    Adds the front matter as the first raw cell and tags papermill's
    ``injected-parameters`` cell ``remove-cell``, which Quarto's tag mapping
    understands (it does not know papermill's tag).
    """
    import yaml

    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        tags = cell.get("metadata", {}).get("tags", [])
        if "injected-parameters" in tags and "remove-cell" not in tags:
            tags.append("remove-cell")
    text = (
        "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000) + "---\n"
    )
    raw = {"cell_type": "raw", "id": "csrr-front-matter", "metadata": {}, "source": text}
    cells = nb["cells"]
    if cells and cells[0].get("id") == "csrr-front-matter":
        cells[0] = raw
    else:
        cells.insert(0, raw)
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _promote(stage: Path, target_dir: Path, variant: str) -> Path:
    """Move a finished run's files into place; the notebook goes last.

    Each move is a rename within one file system, so readers see either the
    old file or the new one, never half of one. Products other than the
    notebook (findings, tables, figures) come from the full (or final) run
    only, so the two variants of a strand never race to write them.
    """
    notebook = stage / f"{variant}.ipynb"
    if variant != "summary":
        for item in sorted(stage.iterdir()):
            if item == notebook:
                continue
            dest = target_dir / item.name
            if dest.is_dir():
                shutil.rmtree(dest)
            os.replace(item, dest)
    final = target_dir / notebook.name
    os.replace(notebook, final)
    shutil.rmtree(stage, ignore_errors=True)
    return final


def _failure_message(exc: Exception, nb: Notebook, variant: str) -> str:
    """Name the failing cell and the error in a few lines, without a traceback."""
    ename = getattr(exc, "ename", type(exc).__name__)
    evalue = getattr(exc, "evalue", str(exc))
    text = getattr(exc, "source", None) or ""
    source = text.strip().splitlines()
    shown = [line for line in source if not line.startswith("#|")][:3]
    # Number the cell as the author sees it in the source notebook (papermill's
    # own count includes the injected parameters cell).
    cells = json.loads(nb.path.read_text(encoding="utf-8")).get("cells", [])
    index = next(
        (i for i, c in enumerate(cells) if "".join(c.get("source", "")).strip() == text.strip()),
        None,
    )
    cell = f"cell {index + 1}" if index is not None else "a cell"
    head = f"{nb.id} ({variant}): {cell} of {nb.notebook} raised {ename}: {evalue}"
    if ename in ("InputError", "ParamsError", "CsrrError"):
        return f"{nb.id} ({variant}): {evalue}"
    return head + "".join(f"\n    | {line}" for line in shown)


def run(
    nb: Notebook,
    variant: str,
    *,
    params_file: Path | None = None,
    data_dir: str | Path | None = None,
    build_dir: Path | None = None,
    overrides: dict[str, Any] | None = None,
) -> Path:
    """Execute one variant of a notebook and move the result into the build.

    Parameters
    ----------
    nb : Notebook
        The notebook (from :data:`csrr.reports.NOTEBOOKS`, or a fixture).
    variant : str
        One of ``nb.variants``.
    params_file : Path, optional
        The report's params file (default ``params/<id>.yml``).
    data_dir : str or Path, optional
        Data folder overriding ``params/common.yml`` (``make DATA=...``).
    build_dir : Path, optional
        Where results go (default ``_build/<id>``).
    overrides : dict, optional
        Common keys to override (see :func:`csrr.params.load_params`).

    Returns
    -------
    Path
        The executed notebook.

    Raises
    ------
    CsrrError
        On bad parameters, bad input data or a failing cell; the previous
        build's files are left untouched.
    """
    if variant not in nb.variants:
        raise CsrrError(
            f"{nb.id}: unknown variant '{variant}' (expected {' or '.join(nb.variants)})"
        )
    if not nb.path.is_file():
        raise CsrrError(f"{nb.notebook}: notebook not found")
    started = time.perf_counter()
    params = load_params(params_file or nb.params_file, data_dir=data_dir, overrides=overrides)
    validate_inputs(nb.id, params)

    target_dir = Path(build_dir) if build_dir else report_build_dir(nb.id)
    # The process id keeps two builds of the same notebook (two terminals,
    # or a test beside a build) from sharing a stage.
    stage = target_dir / f".stage-{variant}-{os.getpid()}"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    parameters = notebook_parameters(nb.path, params, variant, stage)

    import papermill
    from papermill.exceptions import PapermillExecutionError

    # papermill logs every cell at INFO; the build prints one line instead.
    logging.getLogger("papermill").setLevel(logging.WARNING)
    os.environ.update(kernel_environment())
    output = stage / f"{variant}.ipynb"
    try:
        papermill.execute_notebook(
            str(nb.path),
            str(output),
            parameters=parameters,
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
        raise CsrrError(_failure_message(exc, nb, variant)) from None
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    finish_notebook(output, front_matter(nb, variant, params, target_dir))
    final = _promote(stage, target_dir, variant)
    print(
        f"executed {nb.id} ({variant}) in {time.perf_counter() - started:.1f} s -> {relative(final)}",
        flush=True,
    )
    return final


def notebook_by_id(nb_id: str) -> Notebook:
    """Look a notebook up by id, with a one-line error listing the known ones."""
    try:
        return NOTEBOOKS[nb_id]
    except KeyError:
        raise CsrrError(f"unknown notebook '{nb_id}' (known: {', '.join(NOTEBOOKS)})") from None
