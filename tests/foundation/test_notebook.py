"""Executed notebook -> Markdown: Quarto's cell options and conventions."""

from __future__ import annotations

import base64
import json

import pytest

from csrr.errors import RenderError
from csrr.render.notebook import cell_options, to_markdown

PNG = base64.b64encode(b"\x89PNG\r\n\x1a\nfake").decode()


def code(source, outputs=(), tags=()):
    return {
        "cell_type": "code",
        "source": source,
        "metadata": {"tags": list(tags)},
        "outputs": list(outputs),
    }


def image(meta=None):
    return {
        "output_type": "display_data",
        "data": {"image/png": PNG, "text/plain": "<Figure>"},
        "metadata": meta or {},
    }


def markdown_out(text):
    return {
        "output_type": "display_data",
        "data": {"text/markdown": text, "text/plain": "<md>"},
        "metadata": {},
    }


def stream(text, name="stdout"):
    return {"output_type": "stream", "name": name, "text": text}


def convert(tmp_path, cells, defaults=None):
    nb = {
        "cells": [{"cell_type": "raw", "source": "---\ntitle: T\n---\n", "metadata": {}}, *cells]
    }
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps(nb))
    return to_markdown(path, "files", defaults)


class TestCellOptions:
    def test_leading_option_lines_only(self):
        opts, code_text = cell_options(
            "#| label: fig-x\n#| fig-cap: 'A: b'\nx = 1\n#| not: an option"
        )
        assert opts == {"label": "fig-x", "fig-cap": "A: b"}
        assert code_text == "x = 1\n#| not: an option"

    def test_bad_yaml_is_named(self):
        with pytest.raises(RenderError, match="cell 3: cell options are not valid YAML"):
            cell_options("#| label: [x\nx = 1", "cell 3")


class TestToMarkdown:
    def test_front_matter_and_hidden_cells(self, tmp_path):
        doc = convert(
            tmp_path,
            [
                code("x = 1", [stream("INJECTED\n")], tags=["injected-parameters"]),
                code("print('R')", [stream("REMOVED\n")], tags=["remove-cell"]),
                code("#| include: false\nprint('I')", [stream("EXCLUDED\n")]),
                code("print('shown')", [stream("shown\n")]),
                code("import warnings", [stream("a warning\n", "stderr")]),
            ],
        )
        assert doc.meta == {"title": "T"}
        for hidden in ("INJECTED", "REMOVED", "EXCLUDED", "a warning", "print("):
            assert hidden not in doc.markdown
        assert "```\nshown\n```" in doc.markdown

    def test_echo_and_asis(self, tmp_path):
        doc = convert(
            tmp_path,
            [
                code("#| echo: true\ny = 2", []),
                code("#| output: asis\nprint('**bold**')", [stream("**bold**\n")]),
            ],
        )
        assert "```python\ny = 2\n```" in doc.markdown
        assert "**bold**" in doc.markdown and "```\n**bold**" not in doc.markdown

    def test_figure_with_caption_and_alt(self, tmp_path):
        doc = convert(
            tmp_path,
            [
                code(
                    '#| label: fig-a\n#| fig-cap: "Cap"\n#| fig-alt: "Alt \\"q\\""\nplot()',
                    [image()],
                )
            ],
        )
        assert '![Cap](files/fig-a.png){#fig-a fig-alt="Alt \\"q\\""}' in doc.markdown
        assert doc.images["files/fig-a.png"].startswith(b"\x89PNG")

    def test_alt_from_cell_metadata_where_quarto_reads_it(self, tmp_path):
        cell = code("#| label: fig-a\nplot()", [image()])
        cell["metadata"].update({"fig-alt": "From data", "fig-cap": "Dyn"})
        doc = convert(tmp_path, [cell])
        assert '![Dyn](files/fig-a.png){#fig-a fig-alt="From data"}' in doc.markdown

    def test_alt_in_output_metadata_alone_is_not_enough(self, tmp_path):
        # Quarto never reads it there; the runner moves it to the cell.
        with pytest.raises(RenderError, match="figure 'fig-a' has no fig-alt"):
            convert(tmp_path, [code("#| label: fig-a\nplot()", [image({"fig-alt": "X"})])])

    def test_inline_expressions_resolved_from_metadata(self, tmp_path):
        cell = {
            "cell_type": "markdown",
            "metadata": {
                "user_expressions": [
                    {
                        "expression": "n",
                        "result": {
                            "status": "ok",
                            "data": {"text/plain": "'1,204'"},
                            "metadata": {},
                        },
                    },
                    {
                        "expression": "label",
                        "result": {
                            "status": "ok",
                            "data": {"text/plain": "'a_b*c'"},
                            "metadata": {},
                        },
                    },
                ]
            },
            "source": ["We saw `{python} n` cases of `{python} label`; ``{python} n`` is code.\n"],
        }
        doc = convert(tmp_path, [cell])
        assert "We saw 1,204 cases of a\\_b\\*c; ``{python} n`` is code." in doc.markdown

    @pytest.mark.parametrize(
        ("cell", "message"),
        [
            (
                code("#| label: fig-a\n#| fig-cap: C\nplot()", [image()]),
                "figure 'fig-a' has no fig-alt",
            ),
            (code("plot()", [image()]), "cell 2 has no fig-alt"),
            (
                code("#| label: fig-a\n#| fig-alt: A\nplot()", [image(), image()]),
                "figure 'fig-a' has 2 images",
            ),
            (
                code("#| label: tbl-a\nshow()", [markdown_out("|a|\n|-|\n|1|\n")]),
                "table 'tbl-a' has no tbl-cap",
            ),
        ],
    )
    def test_errors_name_the_label(self, tmp_path, cell, message):
        with pytest.raises(RenderError, match=message):
            convert(tmp_path, [cell])

    def test_labelled_cell_with_no_output_is_left_out(self, tmp_path):
        # A figure or table only the full report shows: the summary leaves it out.
        doc = convert(
            tmp_path,
            [
                code("#| label: fig-a\n#| fig-cap: C\nif full: plot()", []),
                code("#| label: tbl-a\n#| tbl-cap: T\nif full: show()", []),
            ],
        )
        assert doc.markdown.strip() == "" and doc.images == {}

    def test_table_caption_attached(self, tmp_path):
        doc = convert(
            tmp_path,
            [
                code(
                    "#| label: tbl-a\n#| tbl-cap: Counts\nshow()",
                    [markdown_out("|a|\n|-|\n|1|\n")],
                )
            ],
        )
        assert "|1|\n\n: Counts {#tbl-a}" in doc.markdown

    def test_embed_pulls_labelled_output_from_another_notebook(self, tmp_path):
        other = {
            "cells": [code("#| label: fig-b\n#| fig-cap: B\n#| fig-alt: Bee\nplot()", [image()])]
        }
        (tmp_path / "other.ipynb").write_text(json.dumps(other))
        doc = convert(
            tmp_path,
            [
                {
                    "cell_type": "markdown",
                    "source": "{{< embed other.ipynb#fig-b >}}",
                    "metadata": {},
                }
            ],
        )
        assert '![B](files/fig-b.png){#fig-b fig-alt="Bee"}' in doc.markdown
        with pytest.raises(RenderError, match="embed of 'fig-c': no such label"):
            convert(
                tmp_path,
                [
                    {
                        "cell_type": "markdown",
                        "source": "{{< embed other.ipynb#fig-c >}}",
                        "metadata": {},
                    }
                ],
            )
