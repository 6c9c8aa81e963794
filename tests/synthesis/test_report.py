"""The report's values, tables and notebook, from fixture findings."""

from __future__ import annotations

import ast
import json
import re

import pytest
import yaml

from csrr.errors import CsrrError
from csrr.execute import declared_parameters
from csrr.params import load_params
from csrr.paths import PARAMS_DIR, ROOT
from csrr.synthesis.report import attribute, escape, in_words, join
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
    assert attribute("S3-F02") == "S3_F02" and attribute("local-services") == "local_services"


def test_escape_keeps_statement_text_literal():
    assert escape("a*b_c @fig-x $5 [1] <b>") == r"a\*b\_c \@fig-x \$5 \[1\] \<b\>"


def test_values_count_in_words_from_the_findings(build_dir, config):
    v = prepare(build_dir, config).values()
    assert (v.n_strands, v.n_elements, v.n_findings) == ("five", "eight", "fifteen")
    assert (v.n_convergent, v.n_mixed, v.n_single, v.n_absent) == ("four", "three", "one", "none")
    assert v.single == v.thin == "National functions" and v.absent == "no element"
    assert v.counted == "strong or moderate" and v.min_strands == "two"
    assert v.ratings == "strong, moderate, emerging or limited"
    assert v.share_firm == "More than half" and v.n_conditions == "no"
    assert v.question.startswith("How do we ensure")


def test_element_values_name_the_strands(build_dir, config):
    el = prepare(build_dir, config).element_values()
    assert el.structures.category == "convergent"
    assert el.structures.n_bearing == "four" and el.structures.n_supporting == "three"
    assert el.structures.bearing.startswith(
        "the rapid evidence review; the deep-dive case studies"
    )
    assert el.national_functions.category == "single-source"
    assert el.national_functions.bearing == "the deep-dive case studies"
    assert el.local_services.name == "Local, long-term funded, non-stigmatising services"


def test_absent_element_values(build_dir, config):
    framework = [
        *config["framework"],
        {"id": "housing", "name": "Housing", "definition": "Homes."},
    ]
    syn = prepare(build_dir, config, framework=framework)
    housing = syn.element_values().housing
    assert housing.category == "no" and housing.n_bearing == "none"
    assert housing.bearing == "none of the strands" and housing.n_findings == "no"
    assert syn.values().absent == "Housing"
    with pytest.raises(CsrrError, match=r"no key element 'schools' in the framework"):
        syn.assessment("schools")


def test_citations_cover_every_finding_and_nothing_else(build_dir, config):
    syn = prepare(build_dir, config)
    see = syn.citations()
    assert sorted(vars(see)) == sorted(f.id.replace("-", "_") for f in syn.evidence.all_findings())
    assert see.S4_F01.data.startswith(
        "Strand 4 full report, section “What brings high-quality experiences”: finding "
    )
    assert not hasattr(see, "S4_F09")


def test_evidence_table_lists_the_findings_on_an_element(build_dir, config):
    syn = prepare(build_dir, config)
    frame = syn.evidence_frame("structures")
    assert list(frame.columns) == ["Strand", "Finding", "What it found", "Strength"]
    assert [re.search(r"S\d-F\d\d", f).group() for f in frame["Finding"]] == [
        "S1-F01",
        "S1-F02",
        "S2-F03",
        "S3-F01",
        "S5-F03",
    ]
    assert frame.iloc[0]["Strand"] == "Rapid evidence review"  # a name: no digits
    assert (
        '<a href="../strand1-full/strand1-full.html#sec-evidence-strength">'
        in frame.iloc[0]["Finding"]
    )


def test_findings_annex_states_each_finding_in_full(build_dir, config):
    syn = prepare(build_dir, config)
    frame = syn.findings_frame("strand3")
    assert [re.search(r"S\d-F\d\d", f).group() for f in frame["Finding"]] == [
        "S3-F01",
        "S3-F02",
        "S3-F03",
    ]
    assert frame.iloc[0]["Statement"].startswith("Of the 32 council areas")
    assert frame.iloc[1]["Where set out"] == "section “Adjusted association model (2016 to 2023)”"


def test_traceability_annex_lists_each_condition(build_dir, config):
    conditions = [
        {
            "title": "Protect time",
            "elements": ["relationships", "rights"],
            "findings": ["S4-F01", "S5-F01"],
        }
    ]
    frame = prepare(build_dir, config, conditions=conditions).traceability_frame()
    row = frame.iloc[0]
    assert row["Condition for change"] == "Protect time"
    assert row["Key elements"] == "Relationships; Rights and participation"
    assert "S4-F01" in row["Findings it rests on"] and "S5-F01" in row["Findings it rests on"]


def test_provenance_names_reports_versions_and_dates_without_hashes(build_dir, config):
    path = build_dir / "strand3" / ".executed.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    front = {"title": "x", "date": "2026-11-22", "csrr": {"version": "1.2"}}
    nb["cells"][0]["source"] = "---\n" + yaml.safe_dump(front) + "---\n"
    path.write_text(json.dumps(nb), encoding="utf-8")
    frame = prepare(build_dir, config).provenance_frame()
    row = frame.set_index("Strand").loc["Strand 3"]
    assert (row["Version"], row["Date"]) == ("1.2", "22 November 2026")
    assert row["Report"] == "Children's Services Reform Research: national scoping and mapping"
    text = frame.to_string()
    assert not re.search(r"[0-9a-f]{64}", text)
    assert ".json" not in text and ".ipynb" not in text


def test_embed_shortcode_for_a_configured_figure(build_dir, config):
    figures = [{"strand": "strand3", "label": "fig-strand3-chart", "element": "structures"}]
    syn = prepare(build_dir, config, figures=figures)
    assert (
        syn.embed("fig-strand3-chart")
        == "{{< embed ../strand3/strand3.ipynb#fig-strand3-chart >}}"
    )
    with pytest.raises(CsrrError, match=r"no strand figure 'fig-map'"):
        syn.embed("fig-map")


# ------------------------------------------------------------- notebook


def _notebook() -> dict:
    return json.loads(NOTEBOOK.read_text(encoding="utf-8"))


def _markdown(nb: dict) -> str:
    return "\n\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


def test_notebook_declares_every_params_key_typed_and_commented():
    declared = declared_parameters(NOTEBOOK)
    own = load_params(PARAMS_DIR / "synthesis.yml")
    schema = json.loads((PARAMS_DIR / "schema" / "synthesis.schema.json").read_text())
    for key in set(schema["properties"]) | {"output_dir", "data_status", "study_title", "title"}:
        assert key in declared, key
        assert declared[key]["inferred_type_name"] != "None", key
        assert declared[key]["help"], f"{key} has no comment"
        assert key in own or key == "output_dir", key
    assert "variant" not in declared


def test_notebook_is_committed_without_outputs_and_stays_thin():
    nb = _notebook()
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
        assert "variant" not in source and "full =" not in source
        # Generated Markdown only for the embedded figures, never for sentences.
        for call in re.findall(r"display\.markdown\((.*)\)", source):
            assert call.startswith("syn.embed("), call


def test_every_sentence_is_in_markdown_and_cites_findings_by_footnote():
    text = _markdown(_notebook())
    # Finding ids reach the reader only through the citations, never typed in a sentence.
    assert not re.search(r"(?<![\w.])S[1-5]-F\d{2}", text)
    assert re.search(r"\^\[`\{python\} see\.S\d_F\d{2}`", text)
    # No file names, hashes or build internals in reader text.
    for word in (".json", ".ipynb", ".csv", "SHA-256", "fingerprint", "parameters file"):
        assert word not in text, word


def test_skeleton_headings_in_order():
    text = _markdown(_notebook())
    headings = re.findall(r"^# (.+?) \{#([\w-]+)", text, flags=re.MULTILINE)
    ids = [i for _, i in headings]
    assert ids[:6] == [
        "sec-key-findings",
        "sec-intro",
        "sec-methods",
        "sec-results",
        "sec-conclusions",
        "sec-limitations",
    ]
    annexes = [title for title, i in headings if i.startswith("sec-annex-")]
    assert [a.split(":")[0] for a in annexes] == ["Annex A", "Annex B", "Annex C", "Annex D"]
    assert ids[6:] == ["sec-annex-a", "sec-annex-b", "sec-annex-c", "sec-annex-d"]
    # Annexes are referred to by a plain link, not a cross-reference.
    assert "@sec-annex" not in text and "[Annex A](#sec-annex-a)" in text


def test_markdown_covers_the_configuration():
    """The prose is written for the framework, conditions and figures configured."""
    text = _markdown(_notebook())
    params = load_params(PARAMS_DIR / "synthesis.yml")
    for element in params["framework"]:
        assert f"{{#sec-element-{element['id']}}}" in text, element["id"]
        assert f"el.{element['id'].replace('-', '_')}.category" in text, element["id"]
    for condition in params["conditions"]:
        assert f"**{condition['title']}.**" in text, condition["title"]
    for figure in params["figures"]:
        assert f"@{figure['label']}" in text, figure["label"]
        assert f'syn.embed("{figure["label"]}")' in "".join(
            "".join(c["source"]) for c in _notebook()["cells"]
        )
