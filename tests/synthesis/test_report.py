"""The report's prose, tables and notebook, from fixture findings."""

from __future__ import annotations

import ast
import json

import pytest

from csrr.execute import declared_parameters
from csrr.params import load_params
from csrr.paths import PARAMS_DIR, ROOT
from csrr.synthesis import inputs
from csrr.synthesis.report import escape, in_words, join, plural
from tests.synthesis.conftest import prepare

NOTEBOOK = ROOT / "synthesis" / "synthesis.ipynb"


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "zero"),
        (1, "one"),
        (8, "eight"),
        (19, "nineteen"),
        (20, "twenty"),
        (23, "twenty-three"),
        (100, "100"),
    ],
)
def test_in_words(n, words):
    assert in_words(n) == words


def test_join_and_plural():
    assert join(["a"]) == "a"
    assert join(["a", "b"]) == "a and b"
    assert join(["a", "b", "c"]) == "a, b and c"
    # Names holding commas are separated by semicolons, so they do not run together.
    assert join(["Relationships", "Local, funded services", "Poverty"]) == (
        "Relationships; Local, funded services; and Poverty"
    )
    assert (
        plural(1, "condition") == "one condition" and plural(3, "condition") == "three conditions"
    )


def test_escape_keeps_statement_text_literal():
    assert escape("a*b_c @fig-x $5 [1] <b>") == r"a\*b\_c \@fig-x \$5 \[1\] \<b\>"


def test_executive_summary_states_the_answer(build_dir, config):
    syn = prepare(build_dir, config)
    intro = syn.summary_intro()
    assert '::: {.callout-note title="The question"}' in intro
    assert "How do we ensure that children" in intro
    assert (
        "converges on four, is mixed on three and rests on a single strand for one of them"
        in intro
    )
    bullets, note = syn.key_messages().split("\n\n")
    messages = bullets.splitlines()
    assert len(messages) == 8
    assert "@sec-answer sets out every finding in full" in note
    # Strongest evidence first; each message cites its lead finding.
    assert messages[0].startswith(
        "- **Relationships** (convergent evidence, three of five strands)"
    )
    assert messages[0].endswith(
        'Relationships are what staff value most (`<a href="../strand4-full/strand4-full.html'
        '#sec-quality">`{=html}S4-F01`</a>`{=html}).'
    )
    assert messages[-1].startswith("- **National functions** (single-source evidence")


def test_answers_lead_the_key_message_and_the_element_section(build_dir, config):
    answers = [
        {"element": "poverty", "text": "Poverty drives need.", "findings": ["S3-F02", "S5-F02"]},
        {"element": "poverty", "text": "Stigma keeps families away.", "findings": ["S5-F02"]},
    ]
    syn = prepare(build_dir, config, answers=answers)
    poverty = next(m for m in syn.key_messages().splitlines() if "**Tackling poverty**" in m)
    assert "): Poverty drives need (" in poverty and "S5-F02" in poverty
    assert "Poverty explains more than arrangement" not in poverty
    section = syn.element_section(next(a for a in syn.assessments if a.element.id == "poverty"))
    first, second = (
        section.index("**What the evidence tells us.** Poverty drives need ("),
        section.index("Stigma keeps families away ("),
    )
    assert first < second < section.index("**How secure the evidence is.**")


def test_element_section_cites_every_finding_on_it(build_dir, config):
    syn = prepare(build_dir, config)
    structures = next(a for a in syn.assessments if a.element.id == "structures")
    text = syn.element_section(structures)
    assert text.startswith(
        "## Enabling structures and partnership working {#sec-element-structures}"
    )
    for fid in ("S1-F01", "S1-F02", "S2-F03", "S3-F01", "S5-F03"):
        assert f"{fid}`</a>`{{=html}}" in text
    # The citation sits before the statement's full stop.
    assert 'arrangement (`<a href="../strand3-full/strand3-full.html#sec-typology">`' in text
    assert "The evidence is convergent. Four of the five strands bear on this element" in text


def test_single_source_and_absent_elements_are_explained(build_dir, config):
    framework = [
        *config["framework"],
        {"id": "housing", "name": "Housing", "definition": "Homes."},
    ]
    syn = prepare(build_dir, config, framework=framework)
    national = next(a for a in syn.assessments if a.element.id == "national-functions")
    assert "rests on a single strand: only the deep-dive case studies" in syn.element_section(
        national
    )
    housing = syn.element_section(syn.assessments[-1])
    assert "None of the five strands reports a finding on this element" in housing
    assert "What the strands found" not in housing
    assert "*Housing*" in syn.limitations()


def test_conditions_as_configured_or_derived(build_dir, config):
    conditions = [
        {
            "title": "Protect time",
            "text": "Give staff time.",
            "elements": ["relationships", "rights"],
            "findings": ["S4-F01", "S5-F01"],
        }
    ]
    syn = prepare(build_dir, config, conditions=conditions)
    text = syn.conditions_text()
    assert "1. **Protect time.** Give staff time (" in text
    assert "*Key elements:* Relationships; Rights and participation." in text
    assert syn.summary_conditions().startswith("The evidence points to one condition for change")
    derived = prepare(build_dir, config).condition_list()
    assert [c.title for c in derived] == [
        "Relationships",
        "A sufficient, skilled, supported workforce",
        "Enabling structures and partnership working",
        "A simpler, aligned legislative and policy landscape",
    ]
    assert "S3-F03" not in derived[1].findings  # emerging: not support


def test_limitations_follow_the_data(build_dir, config):
    syn = prepare(build_dir, config)
    text = syn.limitations()
    assert "**Illustrative data.**" in text
    assert (
        "the focus groups and interviews drew on the national scoping and mapping and the workforce survey"
        in text
    )
    assert "More than half of the strands' findings are rated strong or moderate" in text


def test_provenance_lists_every_input_with_its_hash(build_dir, config):
    figures = [{"strand": "strand3", "label": "fig-strand3-chart", "element": "structures"}]
    syn = prepare(build_dir, config, figures=figures)
    text = syn.provenance()
    assert "`params/synthesis.yml`" in text and "`params/common.yml`" in text
    for n in range(1, 6):
        path = build_dir / f"strand{n}" / "findings.json"
        assert f"`build/strand{n}/findings.json`: Findings of Strand {n} (synthetic data)." in text
        assert inputs.sha256(path) in text
    assert "`build/strand3/full.ipynb`" in text
    assert str(build_dir) not in text  # never a machine's own folders


def test_findings_annex_tables(build_dir, config):
    syn = prepare(build_dir, config)
    frame = syn.findings_frame("strand3")
    assert list(frame["Finding"]) == ["S3-F01", "S3-F02", "S3-F03"]
    assert frame.iloc[1]["Where set out"] == "section “Adjusted association model (2016 to 2023)”"


def test_notebook_declares_every_params_key_typed_and_commented():
    declared = declared_parameters(NOTEBOOK)
    own = load_params(PARAMS_DIR / "synthesis.yml")
    synthesis_keys = set(
        json.loads((PARAMS_DIR / "schema" / "synthesis.schema.json").read_text())["properties"]
    )
    for key in synthesis_keys | {
        "title",
        "slug",
        "summary_max_pages",
        "variant",
        "output_dir",
        "data_dir",
    }:
        assert key in declared, key
        assert declared[key]["inferred_type_name"] != "None", key
        assert declared[key]["help"], f"{key} has no comment"
        assert key in own or key in ("variant", "output_dir"), key


def test_notebook_is_committed_without_outputs_and_stays_thin():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code)
    parameters = next(c for c in code if "parameters" in c["metadata"].get("tags", []))
    tree = ast.parse("".join(parameters["source"]))
    assert all(isinstance(node, ast.AnnAssign) for node in tree.body)
    assert all(isinstance(node.value, (ast.Constant, ast.List, ast.Dict)) for node in tree.body)
    # No logic in the notebook: no function or class definitions, short cells.
    for cell in code:
        source = "".join(cell["source"])
        assert "def " not in source and "class " not in source
        assert len(source.splitlines()) <= 25
