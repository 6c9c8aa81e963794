"""Inputs of the final report: every bad input stops it with one line naming the culprit."""

from __future__ import annotations

import copy
import json
import shutil

import pytest

from csrr.errors import CsrrError, ParamsError
from csrr.params import load_params
from csrr.paths import PARAMS_DIR
from csrr.synthesis import inputs
from tests.synthesis.conftest import edit_findings, prepare


def test_fixture_build_reads_every_strand(build_dir, config):
    syn = prepare(build_dir, config)
    assert [s.strand.id for s in syn.evidence.strands] == [f"strand{n}" for n in range(1, 6)]
    assert len(syn.evidence.all_findings()) == 15
    assert syn.evidence.section_title("S3-F02") == "Adjusted association model (2016 to 2023)"


def test_params_file_is_valid_and_lists_all_five_strands():
    params = load_params(PARAMS_DIR / "synthesis.yml")
    assert [s["id"] for s in params["strands"]] == [f"strand{n}" for n in range(1, 6)]
    ids = [e["id"] for e in params["framework"]]
    assert ids == [
        "relationships",
        "rights",
        "local-services",
        "workforce",
        "national-functions",
        "structures",
        "poverty",
        "landscape",
    ]


@pytest.mark.parametrize("strand", ["strand1", "strand4"])
def test_missing_strand_is_named(build_dir, config, strand):
    (build_dir / strand / "findings.json").unlink()
    with pytest.raises(CsrrError) as err:
        prepare(build_dir, config)
    message = str(err.value)
    assert message.startswith(f"{strand} (")
    assert "findings not found" in message and f"make {strand}" in message
    assert "\n" not in message


def test_unknown_element_is_named(build_dir, config):
    edit_findings(build_dir, "strand2", lambda d: d["findings"][1]["elements"].append("wellbeing"))
    with pytest.raises(CsrrError, match=r"finding S2-F02: unknown framework element 'wellbeing'"):
        prepare(build_dir, config)


def test_condition_citing_a_missing_finding_is_named(build_dir, config):
    conditions = [
        {
            "title": "Protect time",
            "elements": ["relationships", "rights"],
            "findings": ["S4-F99"],
        }
    ]
    with pytest.raises(CsrrError) as err:
        prepare(build_dir, config, conditions=conditions)
    assert "S4-F99" in str(err.value) and "no strand reports" in str(err.value)
    assert "'Protect time'" in str(err.value)


def test_conditions_name_known_elements_and_cite_findings_on_them(build_dir, config):
    condition = {
        "title": "Homes",
        "elements": ["housing"],
        "findings": ["S3-F01"],
    }
    with pytest.raises(
        CsrrError, match=r"conditions: 'Homes': unknown framework element 'housing'"
    ):
        prepare(build_dir, config, conditions=[condition])
    condition.update(elements=["poverty"], findings=["S3-F02", "S4-F01"])
    with pytest.raises(CsrrError, match=r"'Homes': finding S4-F01 bears on none of its elements"):
        prepare(build_dir, config, conditions=[condition])


def test_divergent_finding_must_exist_and_bear_on_its_element(build_dir, config):
    rules = copy.deepcopy(config["triangulation"])
    rules["divergent"] = [{"element": "poverty", "finding": "S5-F09", "note": "Against."}]
    with pytest.raises(CsrrError, match="S5-F09"):
        prepare(build_dir, config, triangulation_rules=rules)
    rules["divergent"] = [{"element": "rights", "finding": "S3-F01", "note": "Against."}]
    with pytest.raises(CsrrError, match=r"S3-F01 does not bear on 'rights'"):
        prepare(build_dir, config, triangulation_rules=rules)
    rules["divergent"] = [{"element": "housing", "finding": "S3-F01", "note": "Against."}]
    with pytest.raises(CsrrError, match=r"unknown framework element 'housing'"):
        prepare(build_dir, config, triangulation_rules=rules)


def test_finding_section_must_exist_in_the_strand_report(build_dir, config):
    edit_findings(build_dir, "strand3", lambda d: d["findings"][0].update(section="sec-gone"))
    with pytest.raises(CsrrError, match=r"finding S3-F01: section 'sec-gone' is not a section"):
        prepare(build_dir, config)


def test_missing_strand_report_is_named(build_dir, config):
    (build_dir / "strand5" / ".executed.ipynb").unlink()
    with pytest.raises(CsrrError, match=r"executed full report of strand5 not found"):
        prepare(build_dir, config)


def test_findings_of_the_wrong_strand_are_refused(build_dir, config):
    shutil.copy(build_dir / "strand1" / "findings.json", build_dir / "strand2" / "findings.json")
    with pytest.raises(CsrrError, match="holds the findings of strand1, not strand2"):
        prepare(build_dir, config)


def test_unreadable_findings_are_named(build_dir, config):
    (build_dir / "strand2" / "findings.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(CsrrError, match=r"strand2/findings.json: not readable JSON"):
        prepare(build_dir, config)


def test_data_status_must_match(build_dir, config):
    edit_findings(build_dir, "strand4", lambda d: d.update(data_status="real"))
    with pytest.raises(CsrrError, match=r"strand4 was built from real data but this report uses"):
        prepare(build_dir, config)


def test_embedded_figure_must_exist(build_dir, config):
    figures = [{"strand": "strand3", "label": "fig-nowhere", "element": "structures"}]
    with pytest.raises(CsrrError, match=r"has no figure 'fig-nowhere'"):
        prepare(build_dir, config, figures=figures)
    figures = [{"strand": "strand3", "label": "fig-triangulation", "element": "structures"}]
    with pytest.raises(
        CsrrError, match=r"'fig-triangulation' is a label of the final report's own"
    ):
        prepare(build_dir, config, figures=figures)
    figures = [{"strand": "strand3", "label": "fig-strand3-chart", "element": "structures"}]
    syn = prepare(build_dir, config, figures=figures)
    assert syn.figures[0].section == "sec-typology"
    # The path is relative to the executed synthesis notebook, beside the strands.
    assert syn.figures[0].shortcode(build_dir) == (
        "{{< embed ../strand3/strand3.ipynb#fig-strand3-chart >}}"
    )


def test_every_strand_must_be_configured(build_dir, config):
    strands = [s for s in config["strands"] if s["id"] != "strand2"]
    with pytest.raises(CsrrError, match=r"strands: strand2 is not listed"):
        prepare(build_dir, config, strands=strands)


def test_framework_ids_are_unique(build_dir, config):
    framework = [*config["framework"], config["framework"][0]]
    with pytest.raises(CsrrError, match=r"'relationships' is listed twice"):
        prepare(build_dir, config, framework=framework)


def test_section_titles_come_from_cells_and_outputs():
    notebook = {
        "cells": [
            {"cell_type": "markdown", "source": "# Methods {#sec-methods}\n\nText."},
            {
                "cell_type": "code",
                "source": "show()",
                "outputs": [
                    {
                        "output_type": "display_data",
                        "data": {"text/markdown": "## Trends {#sec-trends .x}\n"},
                    }
                ],
            },
            {
                "cell_type": "markdown",
                "source": "# Gone {#sec-gone}",
                "metadata": {"tags": ["remove-cell"]},
            },
        ]
    }
    assert inputs.section_titles(notebook) == {"sec-methods": "Methods", "sec-trends": "Trends"}


def test_strands_root_follows_the_run(tmp_path):
    assert inputs.strands_root("build/synthesis/.stage-final-1") == inputs.BUILD_DIR
    assert inputs.strands_root(tmp_path / "synthesis" / ".stage-final-1") == tmp_path


def test_schema_refuses_digits_in_condition_titles_and_prose_keys(tmp_path):
    params = json.loads(json.dumps(load_params(PARAMS_DIR / "synthesis.yml")))
    own = {k: params[k] for k in ("title", "slug", "summary_max_pages", "question", "framework")}
    own.update({k: params[k] for k in ("strands", "triangulation", "conditions", "figures")})
    (tmp_path / "schema").mkdir()
    shutil.copy(PARAMS_DIR / "schema" / "synthesis.schema.json", tmp_path / "schema")
    path = tmp_path / "synthesis.yml"
    path.write_text(json.dumps(own), encoding="utf-8")
    load_params(path)  # the real settings pass
    own["conditions"][0] = dict(own["conditions"][0], title="Cut caseloads by 20%")
    path.write_text(json.dumps(own), encoding="utf-8")
    with pytest.raises(ParamsError, match=r"conditions.0.title"):
        load_params(path)
    # Prose lives in the notebook: the old keys are refused, not silently ignored.
    own["conditions"][0] = dict(own["conditions"][0], title="Cut caseloads")
    own["answers"] = []
    path.write_text(json.dumps(own), encoding="utf-8")
    with pytest.raises(ParamsError, match=r"answers"):
        load_params(path)
