"""Redaction of identifiers in free text, such as quotes from interviews.

Before a quote is shown it passes through a :class:`Redactor`, which
replaces two kinds of identifier with a token that says what was removed:

- **listed identifiers**: names of people, places and organisations that the
  research team lists (a redaction list, kept in the strand's params or in
  the data folder). They become ``[name]``, ``[place]`` and ``[organisation]``.
  Matching ignores case; tolerates line breaks, spaces, hyphens or nothing at
  all between the words of a name ("Fort William", "Fort-William",
  "FortWilliam"); treats straight, curly and modifier apostrophes alike
  (so "Baillie's" leaves "[name]'s"); and never matches inside a longer
  word ("Ross" is not found in "across"). Each part of a listed person's
  name is redacted on its own too, in any case (speakers say "Morag", and
  transcripts write "EUAN" or "lennox"), and so is each distinctive word
  of an organisation's name ("Brightstart" of "Brightstart Family
  Support"), when capitalised: generic words such as "Family" or "Trust"
  are not, and a lower-case "harbour" is an ordinary word.
- **patterns**: e-mail addresses (also written out in words, "jane.doe at
  council dot gov dot uk"), web addresses (with or without ``https://`` or
  ``www.``: "linkedin.com/in/jane"), UK telephone numbers (national and
  +44 / 0044 forms, spaced, hyphenated or with the area code in brackets,
  and short local numbers after a cue such as "call" or "my number is")
  become ``[contact]``; UK postcodes, in any case ("eh6 7bq"), become
  ``[place]``.

**Normalisation.** Text is normalised before anything is matched: Unicode
NFKC (full-width and other compatibility forms become ordinary letters) and
every invisible format character removed (zero-width spaces and joiners,
soft hyphens, word joiners, byte-order marks, direction marks), so "Eu\u200ban"
is "Euan". The redacted text returned, the one that is published, is that
normalised text: redacting the normalised copy of a text but publishing the
original would need an index map between the two, and a mistake in it
would put tokens in the wrong place and leave names whole. Normalisation
only removes characters a reader cannot see and folds look-alike forms, so
the published quote reads the same. Case is ignored through the patterns'
flags, never by lower-casing the text (which can change its length).

Redaction errs towards removing too much: a listed surname that is also an
English word is removed wherever it appears. It cannot find what no one
listed and no pattern describes (a nickname, a misspelling), which is why
quotes are also approved for publication by a person before they reach a
report, and why :func:`review_words` lists capitalised words left next to
a redaction for that person to look at.
"""

from __future__ import annotations

import re
import unicodedata
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
# Words of organisations' names that identify none of them on their own.
_GENERIC = _TITLES | {
    "st", "saint", "the", "of", "and", "for", "in", "at", "on",
    "family", "families", "support", "youth", "trust", "health", "centre", "center",
    "network", "carers", "primary", "secondary", "high", "academy", "school", "college",
    "nursery", "council", "service", "services", "group", "project", "team", "partnership",
    "association", "foundation", "charity", "community", "care", "children", "childrens",
    "children's", "young", "people", "house", "hub", "club", "unit", "clinic", "practice",
    "hospital", "board", "office", "scotland", "scottish", "national", "local",
}  # fmt: skip
# A name part shorter than this is too likely to match ordinary text ("Al").
_MIN_PART = 3

# Apostrophes people type: straight, curly, and the modifier letter (which
# Unicode counts as a letter, so it must not end a word boundary check).
_APOSTROPHES = "'\u2019\u02bc"
# Hyphens and dashes typed between the words of a name.
_DASHES = "\\-\u2010\u2011\u2012\u2013\u2014"
# What may join the words of a listed name in text: spaces, hyphens, or nothing.
_JOIN = rf"[\s{_DASHES}_]*"
# Top-level domains that a web address without its scheme must end in, so
# that "e.g." or "findings.json" are not taken for addresses.
_TLDS = (
    "com|org|net|edu|gov|int|info|biz|io|co|uk|scot|wales|cymru|london|eu|ie|me|tv|ly|"
    "app|dev|online|site|nhs|ac|sch|police"
)

# E-mail addresses: local part, @, a domain with at least one dot.
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# E-mail addresses written out to defeat harvesters: "jane.doe at council
# dot gov dot uk", "jane [at] council (dot) org". Whether a match really is
# one is decided in code (see _worded_emails), because "published at
# statistics.gov.scot" has the same shape.
_AT = r"(?:\s+at\s+|\s*[\[(<{]\s*at\s*[\])>}]\s*)"
_DOT = r"(?:\s+dot\s+|\s*[\[(<{]\s*dot\s*[\])>}]\s*|\.)"
EMAIL_WORDS = re.compile(
    rf"(?i)(?<![\w.+-])(?P<local>[\w+-]+(?:{_DOT}[\w+-]+)*){_AT}"
    rf"(?P<domain>[a-z0-9-]+(?:{_DOT}[a-z0-9-]+)*{_DOT}(?:{_TLDS}))(?![\w-])"
)
# Web addresses, which name an organisation as surely as its name does:
# with a scheme or www., or a bare domain ending in a known top-level domain
# (with or without a path). Trailing punctuation belongs to the sentence.
URL = re.compile(
    r"(?i)(?<![\w/@.-])(?:(?:https?://|www\.)[^\s<>\"]*[^\s<>\".,;:!?)\]']"
    rf"|(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:{_TLDS})(?![\w-])"
    r"(?:/(?:[^\s<>\"]*[^\s<>\".,;:!?)\]'])?)?)"
)
# UK postcodes (EH1 1AB, G41 2XY, IV2 3AB), in any case: "eh6 7bq" is as
# much an address as "EH6 7BQ".
POSTCODE = re.compile(
    r"(?i)(?<![A-Za-z0-9])[A-Z]{1,2}\d[A-Z\d]?[ \t]{0,2}\d[ABD-HJLNP-UW-Z]{2}(?![A-Za-z0-9])"
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


def normalise(text: str) -> str:
    """The text that is matched and published: NFKC, invisible characters removed.

    Removes every Unicode format character (category Cf: zero-width space,
    joiners, soft hyphen, word joiner, byte-order mark, direction marks),
    which a reader cannot see but which split a name for a pattern.
    """
    folded = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in folded if unicodedata.category(ch) != "Cf")


def _words_of(entry: str) -> list[str]:
    """The words of a listed name, split at spaces and hyphens."""
    return [w for w in re.split(rf"[\s{_DASHES}]+", entry) if w]


def _word_pattern(word: str) -> str:
    # Any apostrophe in the list matches any apostrophe in the text.
    return "".join(f"[{_APOSTROPHES}]" if ch in _APOSTROPHES else re.escape(ch) for ch in word)


def _entry_pattern(entry: str, *, capitalised: bool = False) -> str:
    """Regular expression for one listed identifier, as a whole word, any case.

    Its words may be joined by spaces, line breaks, hyphens or nothing.
    ``capitalised`` keeps the first letter's case as listed (for the
    distinctive words of organisations, which are ordinary words in lower
    case), ignoring the case of the rest ("HARBOUR" still matches).
    """
    body = _JOIN.join(_word_pattern(w) for w in _words_of(entry))
    if capitalised and entry[:1].isupper():
        body = f"(?-i:{re.escape(entry[0])}){body[len(re.escape(entry[0])) :]}"
    # A modifier apostrophe is a letter to Unicode, but after a name it
    # starts a possessive, not a longer word.
    return rf"(?<!\w)(?i:{body})(?!(?![{_APOSTROPHES}])\w)"


def _worded_emails(text: str) -> list[tuple[int, int]]:
    """Spans of e-mail addresses written out in words.

    A match counts when it spells out "dot" or brackets "at", or when its
    local part looks like a mailbox (holds a dot, digit, + or _), so
    "jane.doe at council.gov.uk" is an address but "published at
    statistics.gov.scot" is a sentence.
    """
    spans = []
    for m in EMAIL_WORDS.finditer(text):
        spelled = re.search(r"(?i)\bdot\b|[\[(<{]\s*at", m.group())
        if spelled or re.search(r"[.\d+_]", m.group("local")):
            spans.append(m.span())
    return spans


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
        Also redact each part of a listed person's name on its own (in any
        case), except titles and parts under three letters, and each
        distinctive word of a listed organisation (when capitalised).

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
            entries += [(name, category, False) for name in names]
        if name_parts:
            entries += self._parts()
        entries = sorted(set(entries), key=lambda e: (-len(e[0]), e[0], e[1]))
        self._groups: list[str] = []
        alternatives = []
        for index, (entry, category, capitalised) in enumerate(entries):
            pattern = _entry_pattern(entry, capitalised=capitalised)
            alternatives.append(f"(?P<g{index}>{pattern})")
            self._groups.append(category)
        self._listed = re.compile("|".join(alternatives))

    def _parts(self) -> list[tuple[str, str, bool]]:
        """Parts of listed names redacted on their own: (part, category, capitalised only).

        A person's first name or surname identifies them in any case. An
        organisation's distinctive word ("Brightstart", "Kinfolk") does when
        capitalised; generic words ("Family", "Trust") do not, and neither
        does a lower-case "harbour" or "riverside", which is ordinary English.
        """
        listed = {name.lower() for names in self.lists.values() for name in names}
        parts = []
        for category, generic, capitalised in (
            ("people", _TITLES, False),
            ("organisations", _GENERIC, True),
        ):
            for name in self.lists[category]:
                words = _words_of(name)
                if len(words) < 2:
                    continue
                for word in words:
                    bare = word.strip(".,")
                    key = bare.lower()
                    distinctive = key not in generic and key not in listed
                    shown = not capitalised or bare[:1].isupper()
                    if len(bare) >= _MIN_PART and distinctive and shown:
                        parts.append((bare, category, capitalised))
        return parts

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

        The text is normalised first (:func:`normalise`), and the redacted
        normalised text is what is returned for publication. Contact
        details go first, because an e-mail address often holds a listed
        name ("morag.baillie@...") that would otherwise be redacted inside
        it and leave the rest of the address behind.
        """
        text = normalise(text)
        counts: dict[str, int] = {}

        def bump(category: str, n: int = 1) -> None:
            if n:
                counts[category] = counts.get(category, 0) + n

        text, n = EMAIL.subn(TOKENS["contacts"], text)
        bump("contacts", n)
        text, n = _replace_spans(text, _worded_emails(text), TOKENS["contacts"])
        bump("contacts", n)
        text, n = URL.subn(TOKENS["contacts"], text)
        bump("contacts", n)
        text, n = _replace_spans(text, _phone_spans(text), TOKENS["contacts"])
        bump("contacts", n)
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

        Used as a last check before a quote is shown, and by the publication
        gate on the rendered reports. Reports listed entries and any e-mail
        address (also in words), web address, phone number or postcode, in
        the normalised text.
        """
        text = normalise(text)
        found = [m.group() for m in self._listed.finditer(text)]
        found += EMAIL.findall(text) + URL.findall(text) + POSTCODE.findall(text)
        found += [text[s:e] for s, e in _worded_emails(text) + _phone_spans(text)]
        return found


def _replace_spans(text: str, spans: list[tuple[int, int]], token: str) -> tuple[str, int]:
    """Replace non-overlapping spans (in text order) with ``token``; return the count."""
    for start, end in reversed(spans):
        text = text[:start] + token + text[end:]
    return text, len(spans)


# Capitalised words that may stand next to a redaction without a second
# look: sentence openers, pronouns, titles and the study's own vocabulary.
_ALLOWED_WORDS = """I A An The And But Or So Then When While If As At In On Of For From To With By About
    After Before Because Since Until Once Also Just Even Only Still Yet Now Well Yes No Not
    Our My Your His Her Their We You They He She It Its This That These Those There Here
    What Who Whom Whose Which Where Why How All Some Any Every Each Both Most Many Much
    Mr Mrs Ms Miss Mx Dr Prof Professor Sir Dame Rev St Saint Council Scotland Scottish
    Government NHS"""
REVIEW_ALLOW = frozenset(_ALLOWED_WORDS.split())
_TOKEN = re.compile(r"\[(?:name|place|organisation|contact)\]")
_CAPITALISED = rf"[A-Z][\w{_APOSTROPHES}{_DASHES}]*"
_BEFORE = re.compile(rf"(?<!\w)({_CAPITALISED})[ \t,]*$")
_AFTER = re.compile(rf"^(?:[{_APOSTROPHES}]s)?[ \t,]*({_CAPITALISED})")


def review_words(text: str, allow: Iterable[str] = ()) -> list[str]:
    """Capitalised words right next to a redaction token, for a person to check.

    A name the list missed often sits beside one it caught ("[name]
    Cathcartt", "Ms Imrei and [name]"). Such words are not redacted (most
    are harmless), but listed for the human checker who approves quotes.

    Parameters
    ----------
    text : str
        A redacted text.
    allow : iterable of str
        Further capitalised words that need no check, besides
        :data:`REVIEW_ALLOW`.

    Returns
    -------
    list of str
        The words, in text order, without repeats.
    """
    allowed = REVIEW_ALLOW | set(allow)
    found: dict[str, None] = {}
    for token in _TOKEN.finditer(text):
        for pattern, side in ((_BEFORE, text[: token.start()]), (_AFTER, text[token.end() :])):
            m = pattern.search(side)
            if m is None:
                continue
            word = re.sub(rf"[{_APOSTROPHES}]s?$", "", m.group(1))
            if word not in allowed:
                found[word] = None
    return list(found)


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
