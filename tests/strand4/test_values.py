"""The values the report's Markdown reads: strings as the reader sees them, protected,
and a stop when the results no longer match what the sentences say."""

from __future__ import annotations

import pytest

from csrr.errors import CsrrError
from csrr.strand4 import report, values


def _strings(ns, path="v"):
    for key, value in vars(ns).items():
        if hasattr(value, "__dict__"):
            yield from _strings(value, f"{path}.{key}")
        else:
            yield f"{path}.{key}", value


def test_every_value_is_a_string(results):
    v = values.prepare(results)
    for name, value in _strings(v):
        assert isinstance(value, str), name


def test_values_match_the_findings_registry(results):
    v = values.prepare(results)
    f1, f2, f3, f4, f5 = results.findings
    assert v.quality.positive == f"{f1.numbers['positive_share']:.0f}%"
    assert v.f1.low.agree == f"{f1.numbers['lowest_item_agree']:.0f}%"
    assert v.f1.low.text in f1.statement
    assert v.f2.high.agree == f"{f2.numbers['highest_item_agree']:.0f}%"
    assert v.f2.negative.text in f2.statement
    assert v.f3.low.text in f3.statement and v.f3.second.text in f3.statement
    assert v.f4.top1.name in f4.title
    assert v.f4.top1.agree == f"{f4.numbers['barrier_1_agree']:.0f}%"
    assert v.f5.interval.replace("\u2212", "-") == (
        f"{f5.numbers['low']:.2f} to {f5.numbers['high']:.2f}"
    )
    assert v.f5.interval.startswith("\u2212")
    assert v.f5.n_clear == "none" and v.f5.n_comparisons == "eight"


def test_counts_of_small_groups_obey_the_threshold(results, params):
    threshold = params["disclosure_threshold"]
    prep = results.prep
    prep_small = type(prep).__new__(type(prep))
    prep_small.__dict__.update(prep.__dict__)
    prep_small.excluded = threshold - 1
    small = report.Results(prep_small, *list(vars(results).values())[1:])
    v = values.prepare(small)
    assert v.excluded != str(threshold - 1)


def test_wording_holds_for_the_demo_results(results):
    assert values.wording_problems(results) == []
    values.check_wording(results)


def test_wording_check_stops_when_the_results_change(results):
    rel = results.reliability.copy()
    rel["flagged"] = False
    changed = report.Results(
        results.prep,
        results.release,
        rel,
        results.compared,
        results.adjusted,
        results.findings,
        results.params,
    )
    problems = values.wording_problems(changed)
    assert any("barriers scale is below the reliability threshold" in p for p in problems)
    with pytest.raises(CsrrError, match="revise the Markdown"):
        values.check_wording(changed)


def test_wording_check_notices_a_clear_difference(results, params):
    adjusted = results.adjusted.copy()
    adjusted.loc[0, ["difference", "low", "high"]] = [0.4, 0.2, 0.6]
    found = list(results.findings)
    scales = {s.id: s.name for s in results.prep.questionnaire.scales}
    found[4] = report.finding_arrangements(results.prep, adjusted, params, scales)
    changed = report.Results(
        results.prep,
        results.release,
        results.reliability,
        results.compared,
        adjusted,
        found,
        params,
    )
    assert any("S4-F05" in p for p in values.wording_problems(changed))
    v = values.prepare(changed)
    assert v.f5.n_clear == "one" and v.f5.direction == "higher" and v.f5.difference == "0.40"
