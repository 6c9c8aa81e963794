"""Publication gate of strand 5 (``make check``): nothing identifying is published.

Reads every document of the site as a reader would (text, alt text,
properties) and reports, per document:

- any identifier on the redaction list (params and the data folder's
  ``redaction.yml``), and any e-mail address, in any document;
- any contact detail the redactor would replace (phone numbers too) in the
  strand's own documents, where the quotes are (elsewhere, columns of numbers
  in a PDF's extracted text can look like phone numbers);
- any excerpt not approved for publication, matched whole, ignoring case,
  spacing and line breaks (an approved excerpt may share a sentence with it).

Web addresses are public (the licence links to one) and are not counted.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from csrr.checks import reader_text
from csrr.params import load_params, resolve_data_dir
from csrr.paths import PARAMS_DIR
from csrr.redaction import Redactor
from csrr.strand5.data import STRAND, redaction_lists

URL = re.compile(r"https?://\s*\S+")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


def _words(text: str) -> str:
    """Lower-case words joined by single spaces (hyphenation and line breaks removed)."""
    return " ".join(re.findall(r"[a-z0-9]+", re.sub(r"-\s*\n\s*", "", text.lower())))


def problems(site: Path) -> list[str]:
    """Every identifier, contact detail or withheld excerpt in the site's documents."""
    params = load_params(PARAMS_DIR / f"{STRAND}.yml")
    data_dir = resolve_data_dir(params["data_dir"])
    lists = redaction_lists(data_dir, params, [])
    redactor = Redactor.from_mapping(lists)
    segments = pd.read_csv(data_dir / STRAND / "segments.csv", dtype=str, keep_default_na=False)
    withheld = [
        _words(text)
        for text, approved in zip(segments["excerpt"], segments["approved"], strict=True)
        if approved.strip().lower() not in ("true", "1", "yes")
    ]
    # The publication's own contact address is printed on every report on
    # purpose; it is not a participant's.
    contact = params["publication"]["contact"]["email"]
    found = []
    for doc in sorted(p for p in Path(site).glob("*/*") if p.suffix in (".html", ".pdf", ".docx")):
        name = f"{Path(site).name}/{doc.parent.name}/{doc.name}"
        text = URL.sub(" ", reader_text(doc)).replace(contact, " ")
        counts = redactor.redact(text).counts
        if not doc.parent.name.startswith(STRAND):
            counts.pop("contacts", None)
            emails = len(EMAIL.findall(text))
            if emails:
                counts["e-mail addresses"] = emails
        if counts:
            what = ", ".join(f"{n} {category}" for category, n in sorted(counts.items()))
            found.append(f"{name}: redaction: identifiers would be redacted from it ({what})")
        words = _words(text)
        leaked = sum(1 for excerpt in withheld if excerpt in words)
        if leaked:
            found.append(
                f"{name}: redaction: {leaked} excerpt(s) not approved for publication appear"
            )
    return found
