"""Load, merge and check the parameters in ``params/*.yml``.

Every report's parameters are ``params/common.yml`` merged with its own file
(``params/strand3.yml`` ...), plus what the data folder's manifest says about
the data. Each file is checked against its JSON Schema in ``params/schema/``
before any kernel starts; a problem stops the build with one line naming the
file and the key.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from csrr import yamlfile
from csrr.errors import ParamsError
from csrr.paths import DEMO_DATA_DIR, PARAMS_DIR, ROOT, SCHEMA_DIR, relative

COMMON_PARAMS = PARAMS_DIR / "common.yml"
MANIFEST_NAME = "DATASET.yml"
# SHA-256 of every file the demo generators write (``csrr demo-data``),
# committed beside the demo data, so that no copy of it can be called real.
DEMO_HASHES_NAME = "SHA256SUMS"
# Files that hold the demo's records. A real data folder may reuse the demo's
# instruments (questionnaire, codebook, themes, references), but a record
# file identical to the demo's is the synthetic data, whatever the manifest says.
RECORD_PATTERNS = ("*.csv", "case-*.yml")


def load_yaml(path: Path) -> dict[str, Any]:
    """Read a YAML mapping (through :mod:`csrr.yamlfile`), with a one-line error.

    Parameters
    ----------
    path : Path
        File to read.

    Returns
    -------
    dict
        Its contents (an empty file gives an empty dict).

    Raises
    ------
    ParamsError
        If the file is missing, is not valid YAML, holds a key twice
        (:class:`~csrr.errors.DuplicateKeyError`) or is not a mapping.
    """
    path = Path(path)
    data = yamlfile.load(path)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ParamsError(f"{relative(path)}: expected a mapping of keys to values")
    return data


@cache
def load_schema(name: str, schema_dir: Path = SCHEMA_DIR) -> dict[str, Any]:
    """Read ``<schema_dir>/<name>.schema.json``.

    A report's schema (any name other than ``common`` and ``dataset``) is
    merged with ``report.schema.json``, the keys every report holds.
    """
    path = Path(schema_dir) / f"{name}.schema.json"
    if not path.is_file():
        raise ParamsError(f"{relative(path)}: no schema for params file '{name}.yml'")
    schema = json.loads(path.read_text(encoding="utf-8"))
    if name not in ("common", "dataset", "report"):
        base = load_schema("report", SCHEMA_DIR)
        schema = dict(schema)
        schema["properties"] = {**base["properties"], **schema.get("properties", {})}
        schema["required"] = sorted(set(base["required"]) | set(schema.get("required", [])))
        schema.setdefault("additionalProperties", False)
    return schema


def _describe(schema: dict[str, Any]) -> str:
    """Say in words what a schema node accepts."""
    if "enum" in schema:
        return "one of " + ", ".join(repr(v) for v in schema["enum"])
    kind = schema.get("type", "a value")
    words = {
        "string": "text (quote it)",
        "integer": "a whole number",
        "number": "a number",
        "boolean": "true or false",
        "array": "a list",
        "object": "a mapping",
    }
    text = words.get(kind, str(kind)) if isinstance(kind, str) else " or ".join(kind)
    if "pattern" in schema:
        text += f" matching {schema['pattern']}"
    if "minimum" in schema:
        text += f" of at least {schema['minimum']}"
    if "maximum" in schema:
        text += f" of at most {schema['maximum']}"
    if "minLength" in schema and schema.get("type") == "string":
        text += " (not empty)"
    return text


def check(data: dict[str, Any], schema: dict[str, Any], path: Path) -> None:
    """Check ``data`` against ``schema``; raise one line on the first problem.

    Unknown keys are reported first, then missing keys, then bad values, so
    that a misspelt key reads as "unknown key" rather than as two problems.

    Raises
    ------
    ParamsError
        Naming the file and the key.
    """
    where = relative(path)
    allowed = schema.get("properties", {})
    if schema.get("additionalProperties") is False:
        unknown = sorted(set(data) - set(allowed))
        if unknown:
            raise ParamsError(
                f"{where}: unknown key '{unknown[0]}' (allowed: {', '.join(sorted(allowed))})"
            )
    missing = [k for k in schema.get("required", []) if k not in data]
    if missing:
        raise ParamsError(
            f"{where}: missing key '{missing[0]}' ({allowed.get(missing[0], {}).get('description', '')})"
        )
    errors = sorted(
        Draft202012Validator(schema).iter_errors(data), key=lambda e: list(e.absolute_path)
    )
    if errors:
        err = errors[0]
        key = ".".join(str(p) for p in err.absolute_path) or "(top level)"
        node = err.schema if isinstance(err.schema, dict) else {}
        raise ParamsError(
            f"{where}: key '{key}': expected {_describe(node)}, found {err.instance!r}"
        )


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _data_files(root: Path, patterns: tuple[str, ...] = ("*",)) -> list[Path]:
    """Files of a data folder's strand folders (not the manifest or hash list)."""
    return sorted(
        p
        for strand in sorted(Path(root).glob("strand*"))
        for pattern in patterns
        for p in strand.glob(pattern)
        if p.is_file()
    )


def write_demo_hashes(root: Path = DEMO_DATA_DIR) -> Path:
    """Write ``SHA256SUMS`` for every generated file under ``root`` (``sha256sum`` format).

    Called by ``csrr demo-data`` after the generators have run, so the list
    always matches the demo data committed beside it.
    """
    root = Path(root)
    lines = [f"{_sha256(p)}  {p.relative_to(root).as_posix()}" for p in _data_files(root)]
    path = root / DEMO_HASHES_NAME
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _demo_hashes() -> dict[str, str]:
    """Hash to file name of the shipped demo data (empty if the list is absent)."""
    path = DEMO_DATA_DIR / DEMO_HASHES_NAME
    if not path.is_file():
        return {}
    pairs = (line.split(None, 1) for line in path.read_text(encoding="utf-8").splitlines())
    return {digest: name.strip() for digest, name in pairs}


def _check_not_demo(data_dir: Path, path: Path) -> None:
    """Refuse ``status: real`` for the demo folder or any copy of its records.

    Raises
    ------
    ParamsError
        Naming the manifest and the demo file found.
    """
    if data_dir.resolve() == DEMO_DATA_DIR.resolve():
        raise ParamsError(
            f"{relative(path)}: key 'status': the shipped demo data are synthetic, found 'real'"
        )
    demo = _demo_hashes()
    for file in _data_files(data_dir, RECORD_PATTERNS):
        name = demo.get(_sha256(file))
        if name is not None:
            raise ParamsError(
                f"{relative(path)}: key 'status': {file.relative_to(data_dir).as_posix()} is the "
                f"synthetic demo file {name} (listed in {relative(DEMO_DATA_DIR / DEMO_HASHES_NAME)}), "
                "found 'real'"
            )


def load_manifest(data_dir: Path) -> dict[str, Any]:
    """Read and check a data folder's ``DATASET.yml``.

    Parameters
    ----------
    data_dir : Path
        A folder laid out like ``data/demo``.

    Returns
    -------
    dict
        The manifest: status (synthetic or real), description, date, owner.

    Raises
    ------
    ParamsError
        If the folder or its manifest is missing or the manifest is invalid:
        a report must never guess whether its data are real. The manifest
        may not say ``real`` for the shipped demo folder, or for a folder
        holding a record file identical to the demo's (recognised by the
        hashes in ``data/demo/SHA256SUMS``).
    """
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise ParamsError(f"{relative(data_dir)}: data folder not found")
    path = data_dir / MANIFEST_NAME
    if not path.is_file():
        raise ParamsError(
            f"{relative(path)}: manifest missing: every data folder needs a {MANIFEST_NAME} "
            "saying whether its data are synthetic or real"
        )
    manifest = load_yaml(path)
    check(manifest, load_schema("dataset"), path)
    if manifest["status"] == "real":
        _check_not_demo(data_dir, path)
    return manifest


def resolve_data_dir(value: str | Path) -> Path:
    """Turn a data folder setting (relative to the project root) into a path."""
    path = Path(value)
    return path if path.is_absolute() else ROOT / path


def load_params(
    report_file: Path,
    *,
    common_file: Path = COMMON_PARAMS,
    data_dir: str | Path | None = None,
    overrides: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Load one report's parameters: common settings, its own, and the data manifest.

    Parameters
    ----------
    report_file : Path
        The report's own params file, such as ``params/strand3.yml``. Its
        schema is ``<its folder>/schema/<stem>.schema.json``.
    common_file : Path
        Settings shared by every report.
    data_dir : str or Path, optional
        Overrides ``data_dir`` from the common file (``make DATA=...``).
    overrides : dict, optional
        Further common keys to override after checking (``profile`` for
        ``make final``); each override is checked against the schema too.

    Returns
    -------
    dict
        Flat mapping of every key, plus ``data_status`` and ``dataset``
        taken from the data folder's manifest.

    Raises
    ------
    ParamsError
        On the first problem, naming the file and key.
    """
    report_file = Path(report_file)
    common = load_yaml(common_file)
    common_schema = load_schema("common")
    check(common, common_schema, common_file)
    if data_dir is not None:
        # Kept relative to the project root when inside it, as in common.yml.
        common["data_dir"] = relative(resolve_data_dir(data_dir))
    for key, value in (overrides or {}).items():
        common[key] = value
    check(common, common_schema, common_file)

    own = load_yaml(report_file)
    schema = load_schema(report_file.stem, report_file.parent / "schema")
    check(own, schema, report_file)
    clash = sorted(set(own) & set(common))
    if clash:
        raise ParamsError(
            f"{relative(report_file)}: key '{clash[0]}' is already set in {relative(common_file)}"
        )

    manifest = load_manifest(resolve_data_dir(common["data_dir"]))
    merged = {**common, **own}
    merged["data_status"] = manifest["status"]
    merged["dataset"] = manifest
    return merged
