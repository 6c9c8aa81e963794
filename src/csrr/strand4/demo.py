"""Synthetic demo data for strand 4: an illustrative workforce survey.

``generate(out_dir)`` writes ``questionnaire.yml``, ``responses.csv`` and
the data dictionary ``README.md``, the same bytes every time (fixed seed,
sorted rows, fixed formatting). Nothing here is a research finding: the
answers come from a stated latent-trait model with plausible skews, chosen
so that the report has something realistic to show, including:

- about 1,500 respondents, with councils responding roughly in proportion
  to their child population, and a few councils with very few respondents
  (Orkney Islands exactly 3, Shetland Islands 6, Na h-Eileanan Siar 8,
  Clackmannanshire 7), which disclosure control must protect;
- third-sector staff concentrated in some role groups (none in the police);
- answers driven by four correlated traits (one per scale), role, sector,
  years in role and a council effect; negatively worded items; a barriers
  scale whose items hang together only loosely (its reliability falls below
  the usual 0.7, as checklists of barriers often do);
- "prefer not to say" answers, skipped items, and incomplete responses that
  stop part-way through.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from csrr import councils
from csrr.strand4 import data
from csrr.validation import data_dictionary

SEED = 20261122
N_RESPONDENTS = 1520
# Councils with a fixed, small number of respondents (all of whom finish the
# survey, so the counts hold after partial responses are dropped).
FIXED_COUNTS = {
    "S12000023": 3,  # Orkney Islands
    "S12000027": 6,  # Shetland Islands
    "S12000013": 8,  # Na h-Eileanan Siar
    "S12000005": 7,  # Clackmannanshire
}
# Children aged 0 to 17 in each council, in thousands, rounded (illustrative
# weights for how many staff respond; close to mid-2020s estimates).
CHILD_POPULATION = {
    "S12000005": 10,
    "S12000006": 25,
    "S12000008": 24,
    "S12000010": 22,
    "S12000011": 22,
    "S12000013": 4.5,
    "S12000014": 31,
    "S12000017": 45,
    "S12000018": 14,
    "S12000019": 20,
    "S12000020": 17,
    "S12000021": 25,
    "S12000023": 4,
    "S12000026": 20,
    "S12000027": 5,
    "S12000028": 20,
    "S12000029": 60,
    "S12000030": 17,
    "S12000033": 40,
    "S12000034": 55,
    "S12000035": 15,
    "S12000036": 90,
    "S12000038": 33,
    "S12000039": 17,
    "S12000040": 40,
    "S12000041": 20,
    "S12000042": 28,
    "S12000045": 22,
    "S12000047": 70,
    "S12000048": 27,
    "S12000049": 110,
    "S12000050": 70,
}
# Role group: (share of respondents, probability of working in the third sector).
ROLES = {
    "social-work": (0.23, 0.04),
    "health": (0.15, 0.03),
    "education": (0.19, 0.03),
    "early-years": (0.12, 0.30),
    "family-support": (0.16, 0.65),
    "police": (0.03, 0.0),
    "management": (0.12, 0.18),
}
YEARS = {"under-2": 0.19, "2-5": 0.31, "6-10": 0.22, "over-10": 0.28}
SCALES = data.SCALE_IDS
# Correlation of the four traits (quality, multiagency, change, barriers).
TRAIT_CORRELATION = np.array(
    [
        [1.00, 0.50, 0.35, -0.30],
        [0.50, 1.00, 0.45, -0.40],
        [0.35, 0.45, 1.00, -0.35],
        [-0.30, -0.40, -0.35, 1.00],
    ]
)
# Shifts of each trait (in standard deviations) by role, sector and years.
ROLE_EFFECTS = {
    "social-work": (-0.20, 0.10, -0.30, 0.40),
    "health": (0.20, 0.00, 0.00, 0.10),
    "education": (0.10, -0.20, -0.20, 0.00),
    "early-years": (0.15, -0.10, 0.00, 0.00),
    "family-support": (0.05, -0.10, -0.10, 0.10),
    "police": (0.00, 0.25, 0.10, -0.10),
    "management": (0.30, 0.30, 0.50, -0.20),
}
SECTOR_EFFECTS = {"statutory": (0.0, 0.0, 0.0, 0.0), "third": (0.20, -0.30, -0.20, 0.10)}
YEARS_EFFECTS = {
    "under-2": (0.0, 0.0, 0.20, 0.0),
    "2-5": (0.0, 0.0, 0.0, 0.0),
    "6-10": (0.0, 0.0, -0.10, 0.0),
    "over-10": (0.0, 0.0, -0.30, 0.0),
}
# Spread of council effects on multi-agency working and change.
COUNCIL_SD = 0.25
# Regions where travel distances are a barrier (shift of that item).
RURAL_REGIONS = {"North": 0.9, "Islands": 1.4, "South West": 0.4}
# Cut points of the latent response into the five answers.
CUTS = (-1.6, -0.6, 0.2, 1.3)
P_PREFER_NOT = {"quality": 0.012, "multiagency": 0.012, "change": 0.03, "barriers": 0.015}
P_SKIP = 0.008
P_INCOMPLETE = 0.07

QUESTIONNAIRE = """\
# Illustrative questionnaire of the strand 4 workforce survey (synthetic
# demo data, made by csrr.strand4.demo: not a real survey instrument).
# Edit the wording here; the analysis reads scales, items and reverse coding
# from this file. Item ids must match the columns of responses.csv.
title: Children's services workforce survey (illustrative)
# Answer codes of every item, from strongly disagree to strongly agree.
responses:
  1: Strongly disagree
  2: Disagree
  3: Neither agree nor disagree
  4: Agree
  5: Strongly agree
# Code of "prefer not to say": kept apart from the answers, never scored.
prefer_not_to_say: 9
scales:
  - id: quality
    short: Quality of help
    name: High-quality experiences and outcomes
    description: Higher scores mean more positive views of the help children and families receive.
  - id: multiagency
    short: Multi-agency working
    name: Close multi-agency working
    description: Higher scores mean agencies are seen to work more closely together.
  - id: change
    short: Change
    name: Transformational change
    description: Higher scores mean more confidence in how services are changing.
  - id: barriers
    short: Barriers
    name: Barriers
    description: Higher scores mean more barriers to working well across agencies.
# Items in the order respondents saw them. reverse: true marks a negatively
# worded item, reverse coded (6 minus the answer) before scale scores.
items:
{items}
# Profile questions: codes used in responses.csv, and their labels.
profile:
  role_group:
    label: Role group
    values:
      social-work: Social work
      health: Health
      education: Education
      early-years: Early learning and childcare
      family-support: Family support and youth work
      police: Police
      management: Managers and service leaders
  sector:
    label: Sector
    values:
      statutory: Statutory (public sector)
      third: Third sector
  years_in_role:
    label: Years in current role
    values:
      under-2: Less than 2 years
      2-5: 2 to 5 years
      6-10: 6 to 10 years
      over-10: More than 10 years
"""

# id, scale, wording, short label, reverse, loading, intercept.
ITEMS = [
    ("qual_1", "quality", "Children and families get the help they need when they need it.",
     "Help when it is needed", False, 1.0, -0.35),
    ("qual_2", "quality", "Children and young people are listened to and involved in decisions about their support.",
     "Children listened to", False, 1.0, 0.55),
    ("qual_3", "quality", "The support my service provides improves outcomes for children and families.",
     "Support improves outcomes", False, 1.1, 0.85),
    ("qual_4", "quality", "Families experience our services as respectful and free from stigma.",
     "Respectful, no stigma", False, 0.9, 0.45),
    ("qual_5", "quality", "Children and families often have to tell their story more than once.",
     "Telling their story again", True, 0.8, 0.75),
    ("qual_6", "quality", "Support is available early, before problems become a crisis.",
     "Early support", False, 1.0, -0.55),
    ("multi_1", "multiagency", "I know who to contact in other agencies when a child or family needs help.",
     "Know who to contact", False, 0.9, 0.95),
    ("multi_2", "multiagency", "Information about children and families is shared appropriately between agencies.",
     "Information shared", False, 1.0, 0.10),
    ("multi_3", "multiagency", "Professionals from different agencies trust each other's judgement.",
     "Trust between agencies", False, 1.0, 0.20),
    ("multi_4", "multiagency", "Agencies in my area work in silos.",
     "Agencies work in silos", True, 0.9, 0.30),
    ("multi_5", "multiagency", "Joint planning for a child involves all the services the family needs.",
     "Joint planning", False, 1.0, -0.05),
    ("multi_6", "multiagency", "Third-sector organisations are treated as equal partners.",
     "Third sector equal partners", False, 0.8, -0.20),
    ("change_1", "change", "I understand why children's services are being reformed.",
     "Understand why reform", False, 0.8, 0.70),
    ("change_2", "change", "Recent changes to how services are organised have improved support for families.",
     "Changes improved support", False, 1.0, -0.60),
    ("change_3", "change", "Staff like me have a say in how services change.",
     "Staff have a say", False, 1.0, -0.75),
    ("change_4", "change", "Leaders in my area have a clear vision for children's services.",
     "Clear vision from leaders", False, 1.0, -0.10),
    ("change_5", "change", "Change initiatives are short-lived and rarely sustained.",
     "Change rarely sustained", True, 0.9, 0.55),
    ("change_6", "change", "I am confident that national reform will make a positive difference locally.",
     "Confident in national reform", False, 1.0, -0.70),
    ("barrier_1", "barriers", "Workload and staff shortages limit the time I can spend working with other agencies.",
     "Workload and staff shortages", False, 0.55, 1.25),
    ("barrier_2", "barriers", "Short-term funding makes it hard to plan services with partners.",
     "Short-term funding", False, 0.55, 0.95),
    ("barrier_3", "barriers", "IT systems do not allow information to be shared between agencies.",
     "Incompatible IT systems", False, 0.55, 0.65),
    ("barrier_4", "barriers", "Different professional cultures and language get in the way.",
     "Different professional cultures", False, 0.5, -0.10),
    ("barrier_5", "barriers", "Governance and accountability arrangements are unclear.",
     "Unclear governance", False, 0.5, -0.05),
    ("barrier_6", "barriers", "Legislation and national guidance conflict or overlap.",
     "Conflicting legislation and guidance", False, 0.5, 0.15),
    ("barrier_7", "barriers", "High staff turnover means relationships with other agencies are lost.",
     "Staff turnover", False, 0.55, 0.55),
    ("barrier_8", "barriers", "Travel distances make joint working difficult.",
     "Travel distances", False, 0.45, -0.80),
]  # fmt: skip
# Item-specific shifts for third-sector respondents (beyond the trait shift).
THIRD_SECTOR_ITEM = {"multi_6": -0.8, "barrier_2": 0.8}


def questionnaire_text() -> str:
    """The demo ``questionnaire.yml``, with comments."""

    def quoted(text: str) -> str:
        return '"' + text.replace('"', '\\"') + '"'

    lines = []
    for item_id, scale, text, short, reverse, _, _ in ITEMS:
        lines += [
            f"  - id: {item_id}",
            f"    scale: {scale}",
            f"    text: {quoted(text)}",
            f"    short: {quoted(short)}",
            f"    reverse: {'true' if reverse else 'false'}",
        ]
    return QUESTIONNAIRE.replace("{items}", "\n".join(lines))


def _council_counts(
    rng: np.random.Generator, n_respondents: int = N_RESPONDENTS
) -> dict[str, int]:
    """Respondents per council: fixed small ones, the rest by child population."""
    rest = [c for c in councils.CODES if c not in FIXED_COUNTS]
    # Response propensity varies between councils (survey promotion differs).
    weight = np.array([CHILD_POPULATION[c] for c in rest]) * rng.lognormal(0, 0.3, len(rest))
    counts = rng.multinomial(n_respondents - sum(FIXED_COUNTS.values()), weight / weight.sum())
    return {**FIXED_COUNTS, **dict(zip(rest, counts.tolist(), strict=True))}


def _respondent_ids(rng: np.random.Generator, n: int) -> list[str]:
    """Random ids that say nothing about the respondent."""
    ids: set[str] = set()
    while len(ids) < n:
        ids.update(f"R{v:08X}" for v in rng.integers(0, 2**32, n - len(ids)))
    return sorted(ids)


def simulate(seed: int = SEED, n_respondents: int = N_RESPONDENTS) -> pd.DataFrame:
    """The demo responses as a frame (answers as nullable integers).

    ``n_respondents`` other than the demo's is for the benchmark's scale runs.
    """
    rng = np.random.default_rng(seed)
    counts = _council_counts(rng, n_respondents)
    council = np.repeat(list(counts), list(counts.values()))
    n = len(council)
    role_codes = list(ROLES)
    role = rng.choice(role_codes, n, p=[ROLES[r][0] for r in role_codes])
    third = rng.random(n) < np.array([ROLES[r][1] for r in role])
    sector = np.where(third, "third", "statutory")
    years = rng.choice(list(YEARS), n, p=list(YEARS.values()))

    traits = rng.multivariate_normal(np.zeros(4), TRAIT_CORRELATION, n)
    traits += np.array([ROLE_EFFECTS[r] for r in role])
    traits += np.array([SECTOR_EFFECTS[s] for s in sector])
    traits += np.array([YEARS_EFFECTS[y] for y in years])
    council_effect = dict(zip(councils.CODES, rng.normal(0, COUNCIL_SD, 32), strict=True))
    shift = np.array([council_effect[c] for c in council])
    traits[:, 1] += shift
    traits[:, 2] += 0.8 * shift

    answers: dict[str, np.ndarray] = {}
    for item_id, scale, _, _, reverse, loading, intercept in ITEMS:
        theta = traits[:, SCALES.index(scale)]
        latent = (-1 if reverse else 1) * loading * theta + intercept + rng.normal(0, 1, n)
        latent += np.where(sector == "third", THIRD_SECTOR_ITEM.get(item_id, 0.0), 0.0)
        if item_id == "barrier_8":
            region = np.array([councils.REGIONS[c] for c in council])
            latent += np.array([RURAL_REGIONS.get(r, 0.0) for r in region])
        value = (np.digitize(latent, CUTS) + 1).astype(float)
        value[rng.random(n) < P_PREFER_NOT[scale]] = 9
        value[rng.random(n) < P_SKIP] = np.nan
        answers[item_id] = value

    # Incomplete responses stop part-way; the small councils' respondents all finish.
    item_ids = [i[0] for i in ITEMS]
    incomplete = (rng.random(n) < P_INCOMPLETE) & ~np.isin(council, list(FIXED_COUNTS))
    stop = rng.integers(1, len(item_ids), n)
    for position, item_id in enumerate(item_ids):
        answers[item_id][incomplete & (position >= stop)] = np.nan

    frame = pd.DataFrame(
        {
            data.ID: _respondent_ids(rng, n),
            data.ROLE: role,
            data.SECTOR: sector,
            data.COUNCIL: council,
            data.YEARS: years,
        }
    )
    # Ids are drawn sorted; shuffle which respondent gets which id so the
    # file's order (by id) says nothing about council or role.
    frame[data.ID] = rng.permutation(frame[data.ID].to_numpy())
    for item_id in item_ids:
        frame[item_id] = pd.array(answers[item_id], dtype="Int64")
    frame[data.COMPLETED] = ~incomplete
    return frame.sort_values(data.ID).reset_index(drop=True)


def _csv(frame: pd.DataFrame) -> str:
    out = frame.copy()
    out[data.COMPLETED] = out[data.COMPLETED].map({True: "true", False: "false"})
    return out.to_csv(index=False, lineterminator="\n")


INTRO = """\
**Illustrative, synthetic data: not research findings.** No real person
answered this survey. The council areas, their GSS codes and names are
real; every answer was made by `csrr.strand4.demo` (seed {seed}) from a
stated model (four correlated traits, one per scale, shifted by role group,
sector, years in role and a council effect), with realistic skews: a few
councils with very few respondents (Orkney Islands has exactly 3), "prefer
not to say" answers, skipped items and incomplete responses. Regenerate the
files with `python -m csrr demo-data --strand strand4`; a test checks that
this gives the committed files byte for byte.

The survey is anonymous: respondent ids are random, and the report applies
statistical disclosure control (`csrr.sdc`) to everything it publishes.

## `questionnaire.yml`

The survey instrument: `responses` (labels of the answer codes 1 to 5),
`prefer_not_to_say` (its code), `scales` (the four scales, each with an
`id`, `name`, `description` and optional `short` name for table headings), `items` (each with `id`, `scale`, `text`,
`short` label and `reverse`: true for a negatively worded item, reverse
coded before scale scores) and `profile` (the codes and labels of
`role_group`, `sector` and `years_in_role`). A problem in it is reported
with the key path (such as `items[3].scale`) in place of a column.

| Item | Scale | Wording | Reverse coded |
|---|---|---|---|
{items}
"""


def generate(out_dir: Path, n_respondents: int = N_RESPONDENTS) -> list[Path]:
    """Write the demo files and data dictionary into ``out_dir``.

    Returns
    -------
    list of Path
        The files written, in a fixed order.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    q_path = out_dir / data.QUESTIONNAIRE_FILE
    q_path.write_text(questionnaire_text(), encoding="utf-8")
    q, problems = data.parse_questionnaire(q_path)
    if q is None:  # the generator's own questionnaire must always parse
        raise AssertionError(str(problems[0]))
    r_path = out_dir / data.RESPONSES_FILE
    r_path.write_text(_csv(simulate(n_respondents=n_respondents)), encoding="utf-8")
    rows = "\n".join(
        f"| `{i.id}` | {i.scale} | {i.text} | {'yes' if i.reverse else 'no'} |" for i in q.items
    )
    intro = INTRO.replace("{seed}", str(SEED)).replace("{items}", rows)
    readme = out_dir / "README.md"
    readme.write_text(
        data_dictionary("Strand 4 demo data: workforce survey", intro, [data.responses_schema(q)]),
        encoding="utf-8",
    )
    return [q_path, r_path, readme]
