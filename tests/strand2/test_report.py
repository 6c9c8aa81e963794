"""Tables with relative widths and captions written in the Markdown."""

from __future__ import annotations

import pandas as pd
import pytest

from csrr.strand2 import report

FRAME = pd.DataFrame({"Code": ["E01"], "Definition": ["A long definition | with a pipe"]})


def test_widths_set_the_dashes_of_the_separator_line():
    text = report.table_markdown(FRAME, widths=[1, 3])
    rule = text.splitlines()[1]
    assert rule == "|:" + "-" * 25 + "|:" + "-" * 75 + "|"
    # Cell text is escaped as csrr.display does it.
    assert "with a pipe" in text and "\\|" in text


def test_widths_keep_the_alignment():
    frame = pd.DataFrame({"Name": ["a"], "Count": [3]})
    rule = report.table_markdown(frame, widths=[1, 1]).splitlines()[1]
    assert rule == "|:" + "-" * 50 + "|" + "-" * 50 + ":|"


def test_without_widths_the_table_is_display_table():
    from csrr import display

    assert report.table_markdown(FRAME) == display.table_markdown(FRAME)


def test_wrong_number_of_widths():
    with pytest.raises(ValueError, match="3 widths for 2 columns"):
        report.table_markdown(FRAME, widths=[1, 2, 3])


def test_captioned_table_ends_with_the_caption_and_label():
    text = report.captioned_table_markdown(FRAME, "tbl-codes", "The  codes\nused")
    assert text.endswith("\n\n: The codes used {#tbl-codes}\n")


def test_caption_label_must_be_a_table_label():
    with pytest.raises(ValueError, match="start with 'tbl-'"):
        report.captioned_table_markdown(FRAME, "fig-codes", "Codes")
