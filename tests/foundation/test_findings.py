"""Findings: schema, ids, framework elements, and numbers that come from code."""

from __future__ import annotations

import pytest

from csrr.errors import CsrrError
from csrr.findings import Finding, check_findings, framework_ids, number_matches, numbers_in, save


def doc(**changes):
    finding = {
        "id": "S3-F01",
        "title": "Rates fell",
        "statement": "Looked-after rates fell by 12.3% between 2014 and 2023 in 1,204 cases.",
        "strength": "moderate",
        "elements": ["structures"],
        "numbers": {"fall": 0.1234, "from": 2014, "to": 2023, "cases": 1204},
        "section": "sec-trends",
    }
    finding.update(changes)
    return {
        "schema_version": 1,
        "strand": "strand3",
        "title": "T",
        "data_status": "synthetic",
        "findings": [finding],
    }


class TestNumbers:
    def test_typographic_minus(self):
        assert numbers_in("a change of \u22121.8 points") == [-1.8]

    def test_numbers_in_prose(self):
        assert numbers_in("In 2023, 1,204 of 3,000 (40.1%) said S3-F02 and S12000005.") == [
            2023,
            1204,
            3000,
            40.1,
        ]

    @pytest.mark.parametrize(
        ("written", "value", "ok"),
        [
            (12.3, 12.34, True),
            (12, 12.4, True),
            (12.3, 0.123, True),
            (12.4, 12.34, False),
            (13, 12.4, False),
        ],
    )
    def test_rounding_and_percentages(self, written, value, ok):
        assert number_matches(written, value) is ok


class TestCheckFindings:
    def test_valid(self):
        check_findings(doc(), "findings.json")

    @pytest.mark.parametrize(
        ("changes", "expected"),
        [
            ({"id": "S4-F01"}, "finding S4-F01: id should start with S3-F"),
            ({"elements": ["unicorns"]}, "finding S3-F01: unknown framework element 'unicorns'"),
            (
                {"statement": "Rates fell by 15% in 2014."},
                "finding S3-F01: the number 15 in its text is not one of its numbers",
            ),
            ({"strength": "huge"}, "findings/0/strength"),
            ({"section": "trends"}, "findings/0/section"),
        ],
    )
    def test_problems_name_the_finding(self, changes, expected):
        with pytest.raises(CsrrError, match=expected.replace("(", r"\(")):
            check_findings(doc(**changes), "findings.json")

    def test_duplicate_ids(self):
        d = doc()
        d["findings"].append(dict(d["findings"][0]))
        with pytest.raises(CsrrError, match="finding S3-F01: id used twice"):
            check_findings(d, "findings.json")


def test_save_writes_checked_file(tmp_path):
    finding = Finding("S1-F01", "Title", "Two of 5 studies.", "limited", ["structures"], {"n": 5})
    path = save(
        [finding], strand="strand1", title="T", data_status="synthetic", output_dir=tmp_path
    )
    assert path.name == "findings.json"
    with pytest.raises(CsrrError):
        bad = Finding(
            "S1-F01", "Title", "Seven of 5 studies: 7.", "limited", ["structures"], {"n": 5}
        )
        save([bad], strand="strand1", title="T", data_status="synthetic", output_dir=tmp_path)


def test_framework_has_the_eight_elements():
    assert framework_ids() == [
        "relationships",
        "rights",
        "local-services",
        "workforce",
        "national-functions",
        "structures",
        "poverty",
        "landscape",
    ]
