"""The review's settings: what the params schema cannot check."""

from __future__ import annotations

import copy

import pytest

from csrr.errors import ParamsError
from csrr.strand1.config import Settings


def test_settings_read_every_model_and_level(params, settings):
    assert settings.model_ids == tuple(m["id"] for m in params["integration_models"])
    assert [level.strength for level in settings.rule.levels] == ["strong", "moderate", "emerging"]
    assert settings.rule.otherwise == "limited"
    assert settings.income_classification_year == params["income_classification_year"]
    assert "United Kingdom" in settings.high_income_countries


def test_unknown_framework_element_names_the_key(params):
    bad = copy.deepcopy(params)
    bad["integration_models"][2]["elements"] = ["structures", "governance"]
    with pytest.raises(ParamsError) as err:
        Settings.from_params(bad)
    message = str(err.value)
    assert message.startswith("params/strand1.yml: key 'integration_models.2.elements'")
    assert "found 'governance'" in message


def test_levels_must_run_from_strongest_to_weakest(params):
    bad = copy.deepcopy(params)
    bad["evidence_rule"]["levels"].reverse()
    with pytest.raises(ParamsError, match="expected levels from strongest to weakest"):
        Settings.from_params(bad)


def test_otherwise_must_be_weaker_than_every_level(params):
    bad = copy.deepcopy(params)
    bad["evidence_rule"]["otherwise"] = "moderate"
    with pytest.raises(ParamsError, match="evidence_rule.otherwise"):
        Settings.from_params(bad)


def test_search_years_must_be_in_order(params):
    bad = dict(params, search_start_year=2020, search_end_year=2015)
    with pytest.raises(ParamsError, match="search_end_year"):
        Settings.from_params(bad)


def test_repeated_model_id_is_an_error(params):
    bad = copy.deepcopy(params)
    bad["integration_models"][1]["id"] = bad["integration_models"][0]["id"]
    with pytest.raises(ParamsError, match="used twice"):
        Settings.from_params(bad)
