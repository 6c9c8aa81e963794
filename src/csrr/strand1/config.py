"""The review's settings, read from the parameters of ``params/strand1.yml``.

The params schema checks types and keys; this module turns the plain values
into small typed objects and checks what a schema cannot: that the search
years are in order, that each model cites real framework elements, and that
the evidence-strength levels run from strongest to weakest. A problem raises
:class:`~csrr.errors.ParamsError` naming the file and key, before any data
are read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from csrr.errors import ParamsError
from csrr.findings import STRENGTHS, framework_ids
from csrr.paths import PARAMS_DIR, relative

PARAMS_FILE = PARAMS_DIR / "strand1.yml"
# The conditions a strength level may set, in the order the rule prints them.
CONDITIONS = (
    "min_studies",
    "min_positive_high",
    "min_positive_moderate_or_high",
    "min_positive_share",
    "max_negative",
    "max_negative_share",
)


def _fail(key: str, message: str) -> ParamsError:
    return ParamsError(f"{relative(PARAMS_FILE)}: key '{key}': {message}")


@dataclass(frozen=True)
class Model:
    """A model of integration studies are classified into.

    Parameters
    ----------
    id : str
        Id used in ``studies.csv``.
    name : str
        Full name, for prose.
    short : str
        Short label, for charts and table rows.
    elements : tuple of str
        Framework element ids a finding about the model bears on.
    """

    id: str
    name: str
    short: str
    elements: tuple[str, ...]


@dataclass(frozen=True)
class Level:
    """One level of the evidence-strength rule: a rating and its conditions.

    Conditions left as None do not apply.
    """

    strength: str
    min_studies: int | None = None
    min_positive_high: int | None = None
    min_positive_moderate_or_high: int | None = None
    min_positive_share: float | None = None
    max_negative: int | None = None
    max_negative_share: float | None = None


@dataclass(frozen=True)
class EvidenceRule:
    """The evidence-strength rule (see ``params/strand1.yml``).

    Parameters
    ----------
    study_direction_share : float
        Share of a study's measures that must point one way (with none the
        other way) to give the study that direction.
    levels : tuple of Level
        Tried in order; a body of evidence takes the first level it meets.
    otherwise : str
        Rating when no level is met.
    """

    study_direction_share: float
    levels: tuple[Level, ...]
    otherwise: str


@dataclass(frozen=True)
class Settings:
    """Everything the strand reads from its parameters.

    Build it with :meth:`from_params`.
    """

    bibliography: str
    search_start_year: int
    search_end_year: int
    income_classification_year: int
    high_income_countries: tuple[str, ...]
    exclusion_reasons: tuple[str, ...]
    models: tuple[Model, ...]
    rule: EvidenceRule
    search_concepts: tuple[tuple[str, tuple[str, ...]], ...] = ()
    appraisal_tool: str = ""
    appraisal_ratings: Mapping[str, str] = field(default_factory=dict)

    @property
    def model_ids(self) -> tuple[str, ...]:
        """Ids of the models, in params order (the order of every table)."""
        return tuple(m.id for m in self.models)

    def model(self, model_id: str) -> Model:
        """The model with id ``model_id``."""
        for model in self.models:
            if model.id == model_id:
                return model
        raise KeyError(model_id)

    @classmethod
    def from_params(cls, params: Mapping[str, Any], elements: list[str] | None = None) -> Settings:
        """Build the settings from a report's parameters.

        Parameters
        ----------
        params : mapping
            The merged, schema-checked parameters (or the notebook's
            parameter values), holding every key of ``params/strand1.yml``.
        elements : list of str, optional
            Allowed framework element ids (default: ``params/synthesis.yml``).

        Raises
        ------
        ParamsError
            If a key is missing or the values contradict each other.
        """
        try:
            start, end = int(params["search_start_year"]), int(params["search_end_year"])
            if end < start:
                raise _fail(
                    "search_end_year",
                    f"expected a year from {start} (search_start_year), found {end}",
                )
            allowed = set(elements if elements is not None else framework_ids())
            models = []
            seen: set[str] = set()
            for index, raw in enumerate(params["integration_models"]):
                if raw["id"] in seen:
                    raise _fail(f"integration_models.{index}.id", f"id '{raw['id']}' used twice")
                seen.add(raw["id"])
                unknown = [e for e in raw["elements"] if e not in allowed]
                if unknown:
                    raise _fail(
                        f"integration_models.{index}.elements",
                        f"expected framework element ids ({', '.join(sorted(allowed))}), "
                        f"found '{unknown[0]}'",
                    )
                models.append(
                    Model(
                        id=raw["id"],
                        name=raw["name"],
                        short=raw["short"],
                        elements=tuple(raw["elements"]),
                    )
                )
            rule = _rule(params["evidence_rule"])
            concepts = tuple(
                (c["concept"], tuple(c["terms"])) for c in params.get("search_concepts", [])
            )
            return cls(
                bibliography=params["bibliography"],
                search_start_year=start,
                search_end_year=end,
                income_classification_year=int(params["income_classification_year"]),
                high_income_countries=tuple(params["high_income_countries"]),
                exclusion_reasons=tuple(params["exclusion_reasons"]),
                models=tuple(models),
                rule=rule,
                search_concepts=concepts,
                appraisal_tool=params.get("appraisal_tool", ""),
                appraisal_ratings=dict(params.get("appraisal_ratings", {})),
            )
        except KeyError as exc:
            raise ParamsError(f"{relative(PARAMS_FILE)}: missing key {exc}") from None


def _rule(raw: Mapping[str, Any]) -> EvidenceRule:
    """Build and check the evidence-strength rule."""
    levels = []
    for index, item in enumerate(raw["levels"]):
        values = {k: item.get(k) for k in CONDITIONS}
        if all(v is None for v in values.values()):
            raise _fail(f"evidence_rule.levels.{index}", "expected at least one condition")
        levels.append(Level(strength=item["strength"], **values))
    ranks = [STRENGTHS.index(level.strength) for level in levels]
    # Levels must run from strongest to weakest and not repeat, or the
    # first-match rule would be ambiguous.
    if ranks != sorted(set(ranks)):
        raise _fail(
            "evidence_rule.levels",
            f"expected levels from strongest to weakest ({', '.join(STRENGTHS)}), found "
            + ", ".join(level.strength for level in levels),
        )
    if STRENGTHS.index(raw["otherwise"]) <= ranks[-1]:
        raise _fail(
            "evidence_rule.otherwise",
            f"expected a rating weaker than '{levels[-1].strength}', found '{raw['otherwise']}'",
        )
    return EvidenceRule(
        study_direction_share=float(raw["study_direction_share"]),
        levels=tuple(levels),
        otherwise=raw["otherwise"],
    )
