"""Unit tests of csrr.redaction: listed names, contact patterns, and their limits.

The end-to-end check that no identifier reaches a rendered report is in
tests/strand5/test_build.py.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csrr.errors import CsrrError
from csrr.redaction import TOKENS, Redactor, normalise, review_words


@pytest.fixture
def redactor() -> Redactor:
    return Redactor(
        people=["Morag Baillie", "Dr Sean O'Neill", "Jo Ross"],
        places=["Kirkcaldy", "Fort William"],
        organisations=["Harbour Youth Trust", "St Ninian's Primary"],
    )


def test_tokens_are_the_published_ones():
    assert TOKENS == {
        "people": "[name]",
        "places": "[place]",
        "organisations": "[organisation]",
        "contacts": "[contact]",
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Morag Baillie rang me.", "[name] rang me."),
        ("MORAG BAILLIE rang me.", "[name] rang me."),
        ("Morag\n  Baillie rang me.", "[name] rang me."),
        ("Morag rang, then Baillie's team.", "[name] rang, then [name]'s team."),
        ("Sean O’Neill and O'Neill's staff.", "[name] [name] and [name]'s staff."),
        ("We met in Kirkcaldy.", "We met in [place]."),
        ("Up in fort william it's different.", "Up in [place] it's different."),
        ("The Harbour Youth Trust helped.", "The [organisation] helped."),
        ("St Ninian’s Primary is small.", "[organisation] is small."),
    ],
)
def test_listed_names_are_replaced(redactor, text, expected):
    assert redactor.redact(text).text == expected


def test_longest_entry_wins(redactor):
    # "William" alone is nobody's name part here, but "Fort William" must be
    # taken whole as a place, not split.
    r = Redactor(people=["William Hay"], places=["Fort William"])
    assert r.redact("Fort William and William").text == "[place] and [name]"


def test_no_match_inside_words(redactor):
    text = "Across the rossette, a kirkcaldyan Morags list."
    assert redactor.redact(text).text == text


def test_name_parts_match_in_any_case(redactor):
    # Transcripts write names in capitals or lower case too ("EUAN",
    # "lennox"): a listed person's name part is redacted however written.
    assert redactor.redact("Ross said ross, ROSS.").text == "[name] said [name], [name]."


def test_titles_and_short_parts_are_not_redacted_alone(redactor):
    # "Dr" and "Jo" identify no one on their own, and match too much text.
    assert redactor.redact("Dr Smith met Jo.").text == "Dr Smith met Jo."
    assert redactor.redact("Jo Ross met Dr Sean O'Neill.").text == "[name] met [name]."


def test_name_parts_can_be_turned_off():
    r = Redactor(people=["Morag Baillie"], name_parts=False)
    assert r.redact("Morag Baillie and Morag").text == "[name] and Morag"


@pytest.mark.parametrize(
    "contact",
    [
        "m.baillie@brightstart.org.uk",
        "duty.team+referrals@council.gov.scot",
        "0131 496 0418",
        "01314960418",
        "0131-496-0418",
        "(0131) 496 0418",
        "+44 131 496 0418",
        "+44 (0)131 496 0418",
        "0044 131 496 0418",
        "07700 900415",
        "07700 900 415",
        "+447700900415",
        "01632 960377",
        "0800 123 4567",
        "www.harbouryouth.org.uk/contact",
        "https://example.org/team?id=3",
    ],
)
def test_contact_details_are_replaced(redactor, contact):
    result = redactor.redact(f"Get me on {contact}, any time.")
    assert result.text == "Get me on [contact], any time."
    assert result.counts == {"contacts": 1}


def test_phone_number_stops_at_eleven_digits(redactor):
    assert redactor.redact("Ring 0131 496 0418 2 times.").text == "Ring [contact] 2 times."


def test_local_number_after_a_cue(redactor):
    assert redactor.redact("Just call 496 0418 tomorrow.").text == "Just call [contact] tomorrow."
    # Without a cue, a short run of digits is not a phone number.
    assert redactor.redact("We had 496 0418 reasons.").text == "We had 496 0418 reasons."


@pytest.mark.parametrize(
    "text",
    [
        "In 2019 and 2020 we saw 120 families, 0 referrals.",
        "Meetings at 10.30 on 2026-03-04, 12/03/2026.",
        "P1 and S3 pupils; 3 to 5 workers; 45% of cases.",
        "Caseloads of 25 to 30, up from 18.",
    ],
)
def test_ordinary_numbers_are_left_alone(redactor, text):
    assert redactor.redact(text).text == text


def test_postcodes_become_places(redactor):
    assert redactor.redact("The office at EH1 1AB and G41 2XY.").text == (
        "The office at [place] and [place]."
    )


def test_email_holding_a_listed_name_goes_whole(redactor):
    # Contacts go first, so no fragment of the address survives.
    result = redactor.redact("Write to morag.baillie@harbour.org.uk please.")
    assert result.text == "Write to [contact] please."


def test_counts_by_category(redactor):
    result = redactor.redact("Morag at Harbour Youth Trust in Kirkcaldy: 07700 900415")
    assert result.counts == {"people": 1, "organisations": 1, "places": 1, "contacts": 1}


def test_residue_finds_what_is_left(redactor):
    assert redactor.residue("[name] at [organisation]") == []
    left = redactor.residue("Morag at 07700 900415, jo@x.org")
    assert "Morag" in left and "07700 900415" in left and "jo@x.org" in left


def test_redacted_text_has_no_residue(redactor):
    text = (
        "Morag Baillie (morag@harbour.org.uk, +44 7700 900415) from Harbour Youth Trust "
        "in Fort William told Dr Sean O'Neill at St Ninian's Primary, EH1 1AB."
    )
    result = redactor.redact(text)
    assert redactor.residue(result.text) == []
    assert result.counts == {"people": 2, "places": 2, "organisations": 2, "contacts": 2}


def test_empty_list_is_refused():
    with pytest.raises(CsrrError, match="redaction list is empty"):
        Redactor()


def test_text_instead_of_list_is_refused():
    with pytest.raises(CsrrError, match="expected a list of names"):
        Redactor(people="Morag Baillie")


def test_from_mapping_rejects_unknown_category():
    with pytest.raises(CsrrError, match="unknown category 'nicknames'"):
        Redactor.from_mapping({"people": ["A Person"], "nicknames": ["Mo"]})


# ---------------------------------------------------------------------------
# Hardening: normalisation, joins, case, patterns written other ways
# ---------------------------------------------------------------------------

DEMO_LIST = {
    "people": ["Euan Cathcart", "Fiona Lennox", "Morag Baillie"],
    "places": ["Fort William", "Kirkcaldy"],
    "organisations": ["Brightstart Family Support", "Harbour Youth Trust"],
}


@pytest.fixture
def demo() -> Redactor:
    return Redactor.from_mapping(DEMO_LIST)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("EUAN was there.", "[name] was there."),
        ("ask lennox about it", "ask [name] about it"),
        ("Eu\u200ban said so.", "[name] said so."),  # zero-width space
        ("Len\u00adnox said so.", "[name] said so."),  # soft hyphen
        ("Fi\u2060ona and Mo\ufeffrag.", "[name] and [name]."),  # word joiner, BOM
        ("\uff25\uff55\uff41\uff4e rang.", "[name] rang."),  # full-width letters (NFKC)
        ("Up in Fort-William.", "Up in [place]."),
        ("Up in FortWilliam.", "Up in [place]."),
        ("Up in fort\u2011william.", "Up in [place]."),  # non-breaking hyphen
        ("Brightstart said no.", "[organisation] said no."),
        ("BRIGHTSTART-FAMILY-SUPPORT said no.", "[organisation] said no."),
        ("Harbour Youth-Trust said no.", "[organisation] said no."),
        (
            "Euan's team and Lennox\u2019s and Cathcart\u02bcs.",
            "[name]'s team and [name]\u2019s and [name]\u02bcs.",
        ),
        ("The Lennoxes' house.", "The Lennoxes' house."),  # another word: left for the reviewer
    ],
)
def test_names_however_written_are_replaced(demo, text, expected):
    assert demo.redact(text).text == expected


def test_generic_and_lower_case_organisation_words_are_kept(demo):
    # "Family", "Support", "Trust" identify no one; "harbour" is a word.
    text = "Family support from the trust at the harbour."
    assert demo.redact(text).text == text
    assert demo.redact("Harbour staff came.").text == "[organisation] staff came."


@pytest.mark.parametrize(
    "postcode", ["EH6 7BQ", "eh6 7bq", "Eh6 7Bq", "eh67bq", "G41  2XY", "iv2 3ab"]
)
def test_postcodes_in_any_case(demo, postcode):
    assert demo.redact(f"We were at {postcode} then.").text == "We were at [place] then."


@pytest.mark.parametrize(
    "address",
    [
        "linkedin.com/in/jane-doe-123",
        "LinkedIn.com/in/jane",
        "brightstart.org.uk",
        "harbour-youth.scot/contact-us",
        "facebook.com/groups/parents",
        "www.example.org",
        "http://example.org/a",
    ],
)
def test_web_addresses_with_or_without_scheme(demo, address):
    result = demo.redact(f"See {address}, it says so.")
    assert result.text == "See [contact], it says so."


@pytest.mark.parametrize(
    "email",
    [
        "jane.doe at council dot gov dot uk",
        "jane dot doe at council dot gov dot uk",
        "jane.doe AT council DOT gov DOT uk",
        "jane.doe [at] council [dot] gov [dot] uk",
        "jane.doe(at)council(dot)org",
        "jane.doe at council.gov.uk",
        "j.doe99 at brightstart dot org",
    ],
)
def test_emails_written_out_in_words(demo, email):
    assert demo.redact(f"Mail {email} today.").text == "Mail [contact] today."


@pytest.mark.parametrize(
    "text",
    [
        "We met at school. Then we left.",
        "I was at the office dot matrix printer.",
        "It was published at statistics.gov.scot last year.".replace(
            "statistics.gov.scot", "noon"
        ),
        "Files: findings.json and report.pdf, e.g. the summary; i.e. both.",
        "Version 1.2 of the plan, 3.5 days.",
        "P1 and S3 pupils, EH is a prefix.",
    ],
)
def test_ordinary_text_is_not_taken_for_contacts(demo, text):
    assert demo.redact(text).text == text


def test_published_text_is_the_normalised_text(demo):
    # The tokens sit where the names were in the text that is published.
    result = demo.redact("Eu\u200ban met Len\u00adnox at \ufb01ve.")
    assert result.text == "[name] met [name] at five."
    assert normalise("a\u200bb\u00adc\ufb01") == "abcfi"


def test_residue_sees_through_invisible_characters(demo):
    assert demo.residue("Eu\u200ban") == ["Euan"]
    assert demo.residue("mail jane.doe at council dot gov dot uk") != []


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[name] Cathcartt said hello.", ["Cathcartt"]),
        ("Ms Kirstie [name] came.", ["Kirstie"]),
        ("Then [name]'s Gran came.", ["Gran"]),
        ("When [name] rang, I said no.", []),
        ("Dr [name] at [organisation] in [place].", []),
        ("[name] said [name] Macfie, Macfie again.", ["Macfie"]),
        ("No redaction here, Bob.", []),
    ],
)
def test_review_words_lists_capitalised_neighbours(text, words):
    assert review_words(text) == words


def test_review_words_takes_an_allow_list():
    assert review_words("[name] Cathcartt said.", allow=["Cathcartt"]) == []


# ---------------------------------------------------------------------------
# Property: no listed identifier survives, however it is written
# ---------------------------------------------------------------------------

INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u00ad", "\u2060", "\ufeff"]
JOINS = ["", " ", "-", "\u2010", "\u2011", "\u2013", "  ", "\n"]
APOSTROPHES = ["'", "\u2019", "\u02bc"]


@st.composite
def written_forms(draw, name: str) -> str:
    """A listed name as a transcript might write it: any case, invisible
    characters inside, any join between its words, maybe possessive."""
    words = name.split()
    out = []
    for word in words:
        letters = []
        for ch in word:
            letters.append(ch.upper() if draw(st.booleans()) else ch.lower())
            if draw(st.integers(0, 4)) == 0:
                letters.append(draw(st.sampled_from(INVISIBLE)))
        out.append("".join(letters))
    joins = [draw(st.sampled_from(JOINS)) for _ in words[1:]]
    text = out[0] + "".join(j + w for j, w in zip(joins, out[1:], strict=True))
    if draw(st.booleans()):
        text += draw(st.sampled_from(APOSTROPHES)) + draw(st.sampled_from(["s", ""]))
    return text


def listed_and_parts() -> list[str]:
    """Every listed entry, and each part of a person's name on its own."""
    people = [part for name in DEMO_LIST["people"] for part in name.split()]
    return [name for names in DEMO_LIST.values() for name in names] + people


@settings(max_examples=300, deadline=None)
@given(
    data=st.data(),
    name=st.sampled_from(listed_and_parts()),
    before=st.sampled_from(["", "I told ", "(", "\u201c", "Ask "]),
    after=st.sampled_from(["", " today.", ", then", ")", "\u201d", "."]),
)
def test_no_listed_identifier_survives_redaction(data, name, before, after):
    redactor = Redactor.from_mapping(DEMO_LIST)
    written = data.draw(written_forms(name))
    result = redactor.redact(before + written + after)
    # Nothing of the name is left: compare letters only, ignoring case.
    letters = "".join(ch for ch in normalise(result.text).lower() if ch.isalpha())
    for word in name.split():
        if word.lower() not in {"family", "support", "youth", "trust", "fort"}:
            assert word.lower() not in letters, (written, result.text)
    assert redactor.residue(result.text) == []
