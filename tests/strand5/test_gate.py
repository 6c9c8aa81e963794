"""The strand 5 publication gate finds identifiers and withheld excerpts in any document."""

from __future__ import annotations

import pandas as pd
import pytest

from csrr.paths import DEMO_DATA_DIR
from csrr.strand5.gate import problems


def site_with(tmp_path, text, report="strand3-full"):
    page = tmp_path / "site" / report / f"{report}.html"
    page.parent.mkdir(parents=True)
    page.write_text(
        f"<html lang='en-GB'><body><main><p>{text}</p>"
        "<p>Licence: https://www.nationalarchives.gov.uk/doc/open-government-licence/</p></main></body></html>"
    )
    return tmp_path / "site"


def test_clean_document_passes(tmp_path):
    assert problems(site_with(tmp_path, "Councils differ; 12 of 32 delegate.")) == []


@pytest.mark.parametrize(
    "text",
    [
        "We met Morag Baillie there.",
        "Call the team at Harbour Youth Trust.",
        "Write to a.b@example.org.",
    ],
)
def test_identifier_in_any_report_is_named(tmp_path, text):
    found = problems(site_with(tmp_path, text))
    assert found and found[0].startswith("site/strand3-full/strand3-full.html: redaction:")


def test_phone_in_strand5_report(tmp_path):
    assert problems(site_with(tmp_path, "ring me on 07700 900123", report="strand5-full"))


def test_withheld_excerpt_is_found(tmp_path):
    segments = pd.read_csv(
        DEMO_DATA_DIR / "strand5/segments.csv", dtype=str, keep_default_na=False
    )
    withheld = segments.loc[segments["approved"].str.lower() == "false", "excerpt"].iloc[0]
    found = problems(site_with(tmp_path, withheld.upper(), report="strand5-full"))
    assert any("not approved for publication" in p for p in found)
