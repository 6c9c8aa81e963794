"""The one way the project reads YAML inputs.

Params, manifests, codebooks, questionnaires and strand 2's case files and
themes are all read through :class:`Loader`, a safe loader that

- keeps dates as text (authors write ``date: 2026-11-22`` unquoted; no
  schema or notebook parameter wants a ``datetime.date``), and
- rejects a key written twice in one mapping. PyYAML silently keeps the
  last value, so ``disclosure_threshold: 10`` followed later by
  ``disclosure_threshold: 3`` would build with 3 and nobody would know.

A duplicated key is reported as one line naming the file, both lines and
the key::

    params/common.yml:19: key 'disclosure_threshold' is given twice (first on line 17)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from csrr.errors import DuplicateKey, DuplicateKeyError, ParamsError
from csrr.paths import relative

_MERGE_TAG = "tag:yaml.org,2002:merge"


class _RepeatedKey(yaml.constructor.ConstructorError):
    """Raised inside the loader, which does not know the file's name."""

    def __init__(self, key: str, line: int, first_line: int):
        super().__init__(problem=f"key '{key}' is given twice")
        self.key, self.line, self.first_line = key, line, first_line


class Loader(yaml.SafeLoader):
    """Safe YAML loader: dates stay text, and a repeated key is an error."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        """Build a mapping, first checking that no key is written twice.

        Only keys written in this mapping count: a merge key (``<<: *base``)
        may bring in a key that the mapping then overrides on purpose.
        """
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == _MERGE_TAG:
                continue
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            try:
                if key in seen:
                    raise _RepeatedKey(str(key), line, seen[key])
                seen[key] = line
            except TypeError:  # an unhashable key: the base class reports it
                continue
        return super().construct_mapping(node, deep=deep)


Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def parse(path: Path, text: str | None = None) -> tuple[Any, yaml.Node | None]:
    """Parse a YAML file; return its data and its node tree (for line numbers).

    Parameters
    ----------
    path : Path
        The file (named in messages).
    text : str, optional
        Its contents, when already read.

    Returns
    -------
    (object, yaml.Node or None)
        The data (None for an empty file) and the composed node tree.

    Raises
    ------
    DuplicateKeyError
        If a mapping holds a key twice (its ``problem`` is the one-line
        :class:`~csrr.errors.DuplicateKey`).
    yaml.YAMLError
        If the text is not valid YAML (callers word this their own way:
        :func:`load` as a :class:`ParamsError`, strands as a problem of
        the file).
    """
    path = Path(path)
    if text is None:
        text = path.read_text(encoding="utf-8")
    loader = Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except _RepeatedKey as exc:
        raise DuplicateKeyError(DuplicateKey(path, exc.key, exc.line, exc.first_line)) from None
    finally:
        loader.dispose()
    return data, node


def load(path: Path) -> Any:
    """Read a YAML file through :class:`Loader`.

    Raises
    ------
    DuplicateKeyError
        If a mapping holds a key twice.
    ParamsError
        If the file is missing or is not valid YAML.
    """
    path = Path(path)
    if not path.is_file():
        raise ParamsError(f"{relative(path)}: file not found")
    try:
        return parse(path)[0]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise ParamsError(f"{relative(path)}: not valid YAML{where}: {problem}") from None
