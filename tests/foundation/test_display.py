"""Tables, callouts and Markdown that notebooks display."""

from __future__ import annotations

import pandas as pd
import pytest

from csrr.display import callout_markdown, captioned_table_markdown, table_markdown

FRAME = pd.DataFrame({"Code": ["E01"], "Definition": ["A long definition | with a pipe"]})


class TestTableMarkdown:
    def test_pipes_escaped_and_missing_values_dashed(self):
        text = table_markdown(pd.DataFrame({"A": ["x|y", None], "B": [1.5, float("nan")]}))
        assert text.splitlines() == ["| A | B |", "|:---|---:|", "| x\\|y | 1.5 |", "| – | – |"]

    def test_widths_become_separator_dashes_keeping_alignment(self):
        rule = table_markdown(pd.DataFrame({"A": ["x"], "B": [1]}), widths=[3, 1]).splitlines()[1]
        assert rule == "|:" + "-" * 75 + "|" + "-" * 25 + ":|"

    def test_text_that_reads_as_numbers_is_right_aligned(self):
        frame = pd.DataFrame(
            {"Group": ["a", "b"], "Share": ["12.5%", "[c]"], "Est": ["0.4 (-0.1 to 0.9)", "1.0"]}
        )
        assert table_markdown(frame).splitlines()[1] == "|:---|---:|---:|"

    def test_align_as_a_string(self):
        assert (
            table_markdown(pd.DataFrame({"A": [1], "B": [2]}), align="lc").splitlines()[1]
            == "|:---|:---:|"
        )

    @pytest.mark.parametrize("kwargs", [{"widths": [1, 2, 3]}, {"align": "l"}])
    def test_wrong_number_of_widths_or_alignments(self, kwargs):
        with pytest.raises(ValueError):
            table_markdown(FRAME, **kwargs)


def test_captioned_table_ends_with_caption_and_label():
    text = captioned_table_markdown(FRAME, "The  codes\nused", "tbl-codes", widths=[1, 4])
    assert text.endswith("|\n\n: The codes used {#tbl-codes}\n")
    with pytest.raises(ValueError, match="table labels start with 'tbl-'"):
        captioned_table_markdown(FRAME, "Codes", "fig-codes")


def test_callout_markdown():
    assert (
        callout_markdown("tip", "Body", 'A "title"')
        == '::: {.callout-tip title="A \\"title\\""}\nBody\n:::\n'
    )
    with pytest.raises(ValueError, match="callout kind"):
        callout_markdown("aside", "Body")


@pytest.mark.parametrize(
    ("n", "kwargs", "expected"),
    [
        (0, {}, "zero"),
        (0, {"zero": "no"}, "no"),
        (7, {}, "seven"),
        (23, {}, "twenty-three"),
        (40, {}, "forty"),
        (12, {"up_to": 9}, "12"),
        (1500, {}, "1,500"),
        (-1, {}, "-1"),
    ],
)
def test_in_words(n, kwargs, expected):
    from csrr.display import in_words

    assert in_words(n, **kwargs) == expected
