"""Unit tests of csrr.redaction: listed names, contact patterns, and their limits.

The end-to-end check that no identifier reaches a rendered report is in
tests/strand5/test_build.py.
"""

from __future__ import annotations

import pytest

from csrr.errors import CsrrError
from csrr.redaction import TOKENS, Redactor


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


def test_name_parts_match_only_as_listed_capitalised(redactor):
    # "Ross" (a listed surname) is redacted; "ross" in running text is not.
    assert redactor.redact("Ross said ross.").text == "[name] said ross."


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
