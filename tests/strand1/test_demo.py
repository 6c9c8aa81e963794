"""The demo data: deterministic, valid and clearly illustrative."""

from __future__ import annotations

import re

from csrr.paths import DEMO_DATA_DIR
from csrr.strand1 import demo


def test_regenerating_gives_byte_identical_files(tmp_path):
    written = demo.generate(tmp_path)
    committed = sorted(p.name for p in (DEMO_DATA_DIR / "strand1").iterdir())
    assert sorted(p.name for p in written) == committed
    for path in written:
        assert path.read_bytes() == (DEMO_DATA_DIR / "strand1" / path.name).read_bytes(), path.name


def test_another_seed_gives_other_data():
    assert demo.build(1)["studies.csv"] != demo.build()["studies.csv"]


def test_dictionary_documents_every_column_and_says_illustrative():
    text = (DEMO_DATA_DIR / "strand1" / "README.md").read_text()
    assert "Illustrative data: synthetic, not research findings" in text
    for schema in demo.d.SCHEMAS:
        assert f"## `{schema.name}`" in text
        for col in schema.columns:
            assert f"| `{col.name}` |" in text
    assert "## `references.bib`" in text


def test_references_look_fictional():
    bib = (DEMO_DATA_DIR / "strand1" / "references.bib").read_text()
    journals = set(re.findall(r"journal = \{([^}]*)\}", bib))
    assert journals and all(j.startswith(("Illustrative", "Synthetic")) for j in journals)
    assert bib.count("note = {Fictional reference in synthetic demonstration data}") == bib.count(
        "\n@"
    ) + bib.startswith("@")
    surnames = set(re.findall(r"(?:author = \{| and )([A-Z][\w-]+),", bib))
    assert surnames <= set(demo.SURNAMES)
