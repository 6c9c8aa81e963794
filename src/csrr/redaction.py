"""Redaction of identifiers in free text, such as quotes from interviews.

Before a quote is shown it passes through a :class:`Redactor`, which
replaces two kinds of identifier with a token that says what was removed:

- **listed identifiers**: names of people, places and organisations that the
  research team lists (a redaction list, kept in the strand's params or in
  the data folder). They become ``[name]``, ``[place]`` and ``[organisation]``.
  Matching ignores case, tolerates line breaks and repeated spaces inside a
  name, treats straight and curly apostrophes alike, and never matches
  inside a longer word ("Ross" is not found in "across"). For people, each
  part of a listed full name is redacted on its own too (speakers say
  "Morag", not "Morag Baillie"); parts are matched with the capitalisation
  listed, so "Will" is redacted but "will" is not.
- **patterns**: e-mail addresses, web addresses, UK telephone numbers
  (national and +44 / 0044 forms, spaced, hyphenated or with the area code
  in brackets, and short local numbers after a cue such as "call" or "my
  number is") become ``[contact]``; UK postcodes become ``[place]``.

Redaction errs towards removing too much: a listed surname that is also an
English word is removed wherever it is capitalised. It cannot find what no
one listed and no pattern describes (a nickname, an obfuscated address such
as "jo at example dot org"), which is why quotes are also approved for
publication by a person before they reach a report.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from csrr.errors import CsrrError

# Category -> replacement token. The tokens are part of the published style:
# readers see what kind of thing was removed, never what it was.
TOKENS: dict[str, str] = {
    "people": "[name]",
    "places": "[place]",
    "organisations": "[organisation]",
    "contacts": "[contact]",
}
CATEGORIES = ("people", "places", "organisations")

# Words that are part of a listed name but identify no one on their own.
_TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "rev"}
# A name part shorter than this is too likely to match ordinary text ("Al").
_MIN_PART = 3

# E-mail addresses: local part, @, a domain with at least one dot.
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# Web addresses, which name an organisation as surely as its name does.
# Trailing punctuation belongs to the sentence, not the address.
URL = re.compile(r"(?<![\w/])(?:https?://|www\.)[^\s<>\"]*[^\s<>\".,;:!?)\]']")
# UK postcodes as written in capitals (EH1 1AB, G41 2XY, IV2 3AB).
POSTCODE = re.compile(
    r"(?<![A-Za-z0-9])[A-Z]{1,2}\d[A-Z\d]?\s?\d[ABD-HJLNP-UW-Z]{2}(?![A-Za-z0-9])"
)
# A run of digit groups that may hold a phone number: groups of digits,
# optionally in brackets, joined by single spaces, dots or hyphens, with an
# optional + in front. Which part of the run is a number is decided in code.
_DIGIT_RUN = re.compile(r"(?<![\w+])\+?\(?\d[\d()]*(?:[ .\-]\(?\d[\d()]*)*(?![\w])")
_GROUP = re.compile(r"\+?\(?\d[\d()]*")
# Words that announce a phone number, so that short local numbers ("ring
# 496 0123") are caught too.
_PHONE_CUE = re.compile(
    r"(?i)\b(?:tel|telephone|phone|ring|call|mobile|number|text|ext|extension)\b[^\d\n]{0,20}$"
)
# UK national numbers (with the leading 0) have 10 or 11 digits.
_NATIONAL_DIGITS = (10, 11)
_LOCAL_DIGITS = range(6, 9)


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _national(candidate: str) -> str | None:
    """The national form (leading 0) of a candidate phone number, or None.

    A UK number starts with 0, or with +44 or 0044 in place of the 0; some
    people keep the trunk 0 in brackets after the country code, as in
    "+44 (0)131 496 0123", which must not count twice.
    """
    text = candidate.strip()
    digits = _digits(text)
    if text.startswith("+") or digits.startswith("00"):
        digits = digits.removeprefix("00")
        if not digits.startswith("44"):
            return None
        rest = digits[2:]
        return rest if rest.startswith("0") else "0" + rest
    return digits if digits.startswith("0") else None


def _phone_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of UK phone numbers in ``text``.

    Each run of digit groups is scanned from every group that can start a
    number (0, +44, 0044, a bracketed area code); groups are added while the
    national number stays within 11 digits, and the span is kept when it
    ends with 10 or 11 digits. So "0131 496 0123 2 times" yields the number
    but not the "2". After a cue word ("call", "my number is"), a run of 6
    to 8 digits counts as a local number.
    """
    spans: list[tuple[int, int]] = []
    for run in _DIGIT_RUN.finditer(text):
        groups = [
            (m.start() + run.start(), m.end() + run.start()) for m in _GROUP.finditer(run.group())
        ]
        index = 0
        found_any = False
        while index < len(groups):
            start = groups[index][0]
            if _national(text[start : groups[index][1]]) is None:
                index += 1
                continue
            best = None
            for end in range(index, len(groups)):
                national = _national(text[start : groups[end][1]])
                if national is None or len(national) > max(_NATIONAL_DIGITS):
                    break
                if len(national) in _NATIONAL_DIGITS:
                    best = end
            if best is None:
                index += 1
                continue
            spans.append((start, groups[best][1]))
            found_any = True
            index = best + 1
        cued = _PHONE_CUE.search(text[max(0, run.start() - 40) : run.start()])
        if not found_any and cued and len(_digits(run.group())) in _LOCAL_DIGITS:
            spans.append((run.start(), run.end()))
    return spans


def _entry_pattern(entry: str) -> str:
    """Regular expression for one listed identifier, as a whole word."""
    words = entry.split()
    parts = []
    for word in words:
        escaped = re.escape(word)
        # Straight and curly apostrophes, and the hyphens people type, are alike.
        escaped = re.sub(r"['’]", "['’]", escaped).replace(r"\-", "[-‐‑–]")
        parts.append(escaped)
    return r"(?<![\w])" + r"\s+".join(parts) + r"(?![\w])"


@dataclass(frozen=True)
class Redacted:
    """A redacted text and what was removed from it.

    Attributes
    ----------
    text : str
        The text with identifiers replaced by tokens.
    counts : dict
        Replacements made, by category (people, places, organisations,
        contacts); categories with none are left out.
    """

    text: str
    counts: dict[str, int] = field(default_factory=dict)


class Redactor:
    """Replace listed identifiers and contact details with tokens.

    Parameters
    ----------
    people, places, organisations : iterable of str
        The redaction list: names to replace with ``[name]``, ``[place]``
        and ``[organisation]``.
    name_parts : bool
        Also redact each part of a listed person's name on its own (with
        the capitalisation listed), except titles and parts under three
        letters.

    Raises
    ------
    CsrrError
        If the redaction list is empty: quotes must never be published
        without one, and an empty list usually means the parameters were
        not passed in.

    Examples
    --------
    >>> r = Redactor(people=["Morag Baillie"], places=["Kirkcaldy"], organisations=["Harbour Trust"])
    >>> r.redact("Morag at the Harbour Trust in Kirkcaldy: morag@harbour.org, 07700 900123").text
    '[name] at the [organisation] in [place]: [contact], [contact]'
    """

    def __init__(
        self,
        people: Iterable[str] = (),
        places: Iterable[str] = (),
        organisations: Iterable[str] = (),
        *,
        name_parts: bool = True,
    ):
        self.lists: dict[str, list[str]] = {
            "people": _clean(people),
            "places": _clean(places),
            "organisations": _clean(organisations),
        }
        if not any(self.lists.values()):
            raise CsrrError(
                "redaction list is empty: give the people, places and organisations to "
                "remove from quotes (params/strand5.yml, key redaction)"
            )
        # Whole entries: case-insensitive. Longest first, so that "Fort
        # William" (a place) wins over "William" (part of a person's name)
        # where both could start at the same character.
        entries: list[tuple[str, str, bool]] = []
        for category, names in self.lists.items():
            entries += [(name, category, True) for name in names]
        if name_parts:
            listed = {name.lower() for names in self.lists.values() for name in names}
            for name in self.lists["people"]:
                for part in name.split():
                    bare = part.strip(".,")
                    if (
                        len(bare) >= _MIN_PART
                        and bare.lower() not in _TITLES
                        and bare.lower() not in listed
                    ):
                        entries.append((bare, "people", False))
        entries = sorted(set(entries), key=lambda e: (-len(e[0]), e[0], e[1]))
        self._groups: list[str] = []
        alternatives = []
        for index, (entry, category, whole) in enumerate(entries):
            pattern = _entry_pattern(entry)
            # Inline flags scope case-insensitivity to whole entries only.
            alternatives.append(f"(?P<g{index}>{'(?i:' + pattern + ')' if whole else pattern})")
            self._groups.append(category)
        self._listed = re.compile("|".join(alternatives))

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, Iterable[str]], **kwargs) -> Redactor:
        """Build from ``{"people": [...], "places": [...], "organisations": [...]}``."""
        unknown = sorted(set(mapping) - set(CATEGORIES))
        if unknown:
            raise CsrrError(
                f"redaction list: unknown category '{unknown[0]}' (expected {', '.join(CATEGORIES)})"
            )
        return cls(**{k: mapping.get(k, ()) for k in CATEGORIES}, **kwargs)

    def redact(self, text: str) -> Redacted:
        """Replace every identifier in ``text`` with its token.

        Contact details go first, because an e-mail address often holds a
        listed name ("morag.baillie@...") that would otherwise be redacted
        inside it and leave the rest of the address behind.
        """
        counts: dict[str, int] = {}

        def bump(category: str, n: int = 1) -> None:
            if n:
                counts[category] = counts.get(category, 0) + n

        text, n = EMAIL.subn(TOKENS["contacts"], text)
        bump("contacts", n)
        text, n = URL.subn(TOKENS["contacts"], text)
        bump("contacts", n)
        spans = _phone_spans(text)
        for start, end in reversed(spans):
            text = text[:start] + TOKENS["contacts"] + text[end:]
        bump("contacts", len(spans))
        text, n = POSTCODE.subn(TOKENS["places"], text)
        bump("places", n)

        def listed(match: re.Match) -> str:
            category = self._groups[int(match.lastgroup[1:])]
            bump(category)
            return TOKENS[category]

        text = self._listed.sub(listed, text)
        return Redacted(text, counts)

    def residue(self, text: str) -> list[str]:
        """Identifiers still present in ``text`` (an empty list when it is clean).

        Used as a last check before a quote is shown, and by tests on the
        rendered reports. Reports listed entries (ignoring case) and any
        e-mail address, web address, phone number or postcode.
        """
        found = [m.group() for m in self._listed.finditer(text)]
        found += EMAIL.findall(text) + URL.findall(text) + POSTCODE.findall(text)
        found += [text[s:e] for s, e in _phone_spans(text)]
        return found


def _clean(names: Iterable[str]) -> list[str]:
    """Entries stripped of surrounding space, empty ones and repeats dropped."""
    if isinstance(names, str):
        raise CsrrError(f"redaction list: expected a list of names, found the text {names!r}")
    seen: dict[str, str] = {}
    for name in names:
        text = " ".join(str(name).split())
        if text and text.lower() not in seen:
            seen[text.lower()] = text
    return list(seen.values())
