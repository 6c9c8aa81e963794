"""Illustrative demo data for strand 1 (deterministic; synthetic, not research findings).

Writes the five input files of the evidence review and the data dictionary:

- ``search_log.csv``: six bibliographic databases and the records each search found;
- ``screening.csv``: every record identified, with duplicate removal and the
  title/abstract and full-text decisions (the PRISMA counts add up);
- ``studies.csv``: the included studies, each evaluating one model of
  integration in a World Bank high-income country;
- ``outcomes.csv``: the measures each study reported and their direction;
- ``references.bib``: a fictional reference for each study. Authors are
  invented names and every journal is an "Illustrative" or "Synthetic" title,
  so no reader can mistake them for real publications.

Each model has a profile (how many studies, where, what designs, how often
each outcome domain improves) so the illustration looks like a real review:
plenty of positive findings on services, fewer on children's outcomes, and
models with very different amounts of evidence. The seed is fixed, so the
files are the same bytes on every machine.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from csrr.strand1 import data as d
from csrr.strand1.prisma import EXCLUDE, INCLUDE, NOT_RETRIEVED
from csrr.validation import data_dictionary

# Fixed seed: the same files on every run. Chosen, among the first 80 tried,
# so that the illustration shows every strength level of the rule.
SEED = 33

# (database, date searched, smallest and largest number of records found)
DATABASES = (
    ("MEDLINE (Ovid)", "2026-03-02", 480, 620),
    ("APA PsycInfo (Ovid)", "2026-03-02", 300, 420),
    ("CINAHL Complete (EBSCO)", "2026-03-03", 350, 450),
    ("ASSIA (ProQuest)", "2026-03-03", 200, 300),
    ("Social Policy and Practice (Ovid)", "2026-03-04", 150, 250),
    ("Scopus", "2026-03-04", 600, 800),
)
# Share of records from the second database onwards already found in an
# earlier one (reference managers keep the first copy).
DUPLICATE_SHARE = 0.33
# Reports sought for retrieval per included study, and reports not found.
SOUGHT_PER_INCLUDED = 4.6
NOT_RETRIEVED_COUNT = 3
# How often each reason excludes a full text (same order as params).
REASON_WEIGHTS = {
    "Not an integration model": 0.34,
    "Population out of scope": 0.18,
    "Not a high-income country": 0.12,
    "No outcome data": 0.2,
    "Ineligible study design": 0.13,
    "Published before the search period": 0.03,
}
START_YEAR, END_YEAR = 2010, 2025

# Designs and how likely each is to be rated high, moderate or low quality.
DESIGN_QUALITY = {
    "Randomised controlled trial": (0.6, 0.3, 0.1),
    "Quasi-experimental study": (0.4, 0.45, 0.15),
    "Cohort study": (0.3, 0.45, 0.25),
    "Mixed-methods evaluation": (0.25, 0.5, 0.25),
    "Qualitative study": (0.35, 0.45, 0.2),
}
# Once a measure is not positive, how it splits between the other directions.
OTHER_DIRECTIONS = (("no effect", 0.55), ("mixed", 0.3), ("negative", 0.15))


@dataclass(frozen=True)
class Profile:
    """How the demo generates the studies of one integration model.

    Parameters
    ----------
    n : int
        Number of included studies.
    countries : dict
        Country -> relative weight.
    designs : dict
        Study design -> relative weight.
    positive : dict
        Outcome domain -> chance that a measure in it is positive.
    services : tuple of str
        Services every study of the model joins up.
    optional : tuple of str
        Services some studies also join up.
    population : str
        Population served.
    stems : tuple of str
        Openings of the fictional titles.
    measures : dict
        Outcome domain -> measures studies of the model report.
    """

    n: int
    countries: dict[str, float]
    designs: dict[str, float]
    positive: dict[str, float]
    services: tuple[str, ...]
    optional: tuple[str, ...]
    population: str
    stems: tuple[str, ...]
    measures: dict[str, tuple[str, ...]]


_UK = "United Kingdom"
PROFILES: dict[str, Profile] = {
    "family-hubs": Profile(
        n=7,
        countries={_UK: 4, "Australia": 1, "Netherlands": 1, "Norway": 1, "Canada": 1},
        designs={
            "Quasi-experimental study": 3,
            "Mixed-methods evaluation": 3,
            "Qualitative study": 2,
            "Cohort study": 1,
        },
        positive={"services": 0.85, "experiences": 0.9, "outcomes": 0.6},
        services=("children's social care", "early years", "health visiting"),
        optional=("maternity", "primary care", "housing"),
        population="Children aged 0 to 5 and their families",
        stems=(
            "Family hubs and early help for young children",
            "One front door for families with young children",
            "Bringing health visiting and social care under one roof",
        ),
        measures={
            "services": (
                "Uptake of early help",
                "Time from referral to first contact",
                "Contacts with health visitors",
            ),
            "experiences": (
                "Parents' satisfaction with support",
                "Families telling their story only once",
            ),
            "outcomes": (
                "Development at 27 to 30 months",
                "Child protection plans started",
                "Parental stress (Parenting Stress Index)",
            ),
        },
    ),
    "integrated-organisation": Profile(
        n=4,
        countries={_UK: 2, "Sweden": 1, "Finland": 1, "Denmark": 1},
        designs={"Cohort study": 2, "Mixed-methods evaluation": 2, "Qualitative study": 1},
        positive={"services": 0.6, "experiences": 0.5, "outcomes": 0.3},
        services=("children's social care", "adult social care", "community paediatrics"),
        optional=("child and adolescent mental health", "primary care"),
        population="Children in need and their families",
        stems=(
            "One organisation for health and social care",
            "Structural integration of health and social care for children",
            "Children's services inside an integrated health and care body",
        ),
        measures={
            "services": (
                "Delayed transfers between services",
                "Re-referrals within 12 months",
                "Cost of services per child",
            ),
            "experiences": (
                "Practitioners' view of joint working",
                "Parents' trust in professionals",
            ),
            "outcomes": (
                "Children becoming looked after",
                "Child wellbeing (SDQ total difficulties)",
            ),
        },
    ),
    "joint-commissioning": Profile(
        n=3,
        countries={_UK: 2, "New Zealand": 1, "United States": 1},
        designs={"Mixed-methods evaluation": 2, "Qualitative study": 1, "Cohort study": 1},
        positive={"services": 0.45, "experiences": 0.4, "outcomes": 0.25},
        services=("children's social care", "child and adolescent mental health", "primary care"),
        optional=("education",),
        population="Children and young people with mental health needs",
        stems=(
            "Pooled budgets for children's mental health",
            "Joint commissioning of children's health and care services",
            "Shared budgets, shared outcomes",
        ),
        measures={
            "services": (
                "Waiting time for mental health assessment",
                "Services commissioned jointly",
            ),
            "experiences": ("Commissioners' view of shared priorities",),
            "outcomes": ("Emotional wellbeing (SDQ emotional symptoms)",),
        },
    ),
    "safeguarding-hub": Profile(
        n=5,
        countries={_UK: 4, "Australia": 1, "New Zealand": 1},
        designs={
            "Cohort study": 2,
            "Mixed-methods evaluation": 2,
            "Qualitative study": 1,
            "Quasi-experimental study": 1,
        },
        positive={"services": 0.75, "experiences": 0.5, "outcomes": 0.3},
        services=("children's social care", "police", "health visiting"),
        optional=("education", "primary care"),
        population="Children at risk of harm",
        stems=(
            "Multi-agency safeguarding hubs and decisions at the front door",
            "Sharing information to protect children",
            "Health staff in multi-agency safeguarding hubs",
        ),
        measures={
            "services": (
                "Timeliness of child protection decisions",
                "Referrals with no further action",
                "Information shared between agencies",
            ),
            "experiences": ("Practitioners' confidence in decisions",),
            "outcomes": ("Repeat child protection referrals", "Children becoming looked after"),
        },
    ),
    "key-worker": Profile(
        n=6,
        countries={_UK: 3, "Netherlands": 1, "Australia": 1, "Canada": 1, "Ireland": 1},
        designs={
            "Randomised controlled trial": 2,
            "Quasi-experimental study": 2,
            "Mixed-methods evaluation": 1,
            "Qualitative study": 1,
        },
        positive={"services": 0.9, "experiences": 0.9, "outcomes": 0.7},
        services=("children's social care", "community paediatrics", "education"),
        optional=("child and adolescent mental health", "primary care"),
        population="Disabled children and children with complex health needs",
        stems=(
            "Key workers for disabled children and their families",
            "Care coordination for children with complex health needs",
            "A named professional for families of disabled children",
        ),
        measures={
            "services": (
                "Unplanned hospital admissions",
                "Number of appointments per month",
                "Unmet needs for services",
            ),
            "experiences": (
                "Parents' satisfaction with coordination",
                "Families telling their story only once",
            ),
            "outcomes": (
                "Health-related quality of life (KIDSCREEN-10)",
                "Parental mental health (GHQ-12)",
            ),
        },
    ),
    "whole-family": Profile(
        n=5,
        countries={_UK: 2, "United States": 2, "Norway": 1, "Germany": 1},
        designs={
            "Quasi-experimental study": 2,
            "Randomised controlled trial": 1,
            "Mixed-methods evaluation": 1,
            "Qualitative study": 1,
        },
        positive={"services": 0.8, "experiences": 0.8, "outcomes": 0.55},
        services=("children's social care", "adult mental health", "substance use services"),
        optional=("housing", "primary care"),
        population="Families with parental mental ill health or substance use",
        stems=(
            "Think family: joint work between children's and adult services",
            "Supporting parents and children together",
            "Adult mental health and children's social care in partnership",
        ),
        measures={
            "services": ("Parents engaging with treatment", "Joint assessments completed"),
            "experiences": ("Parents feeling listened to", "Children's views of support"),
            "outcomes": (
                "Children becoming looked after",
                "Parental substance use",
                "Child wellbeing (SDQ total difficulties)",
            ),
        },
    ),
    "transitions": Profile(
        n=3,
        countries={_UK: 2, "Canada": 1, "Australia": 1, "United States": 1},
        designs={"Cohort study": 1, "Qualitative study": 2, "Mixed-methods evaluation": 1},
        positive={"services": 0.6, "experiences": 0.65, "outcomes": 0.35},
        services=("children's social care", "adult social care", "community paediatrics"),
        optional=("adult mental health", "education"),
        population="Disabled young people moving to adult services",
        stems=(
            "Planning together for adulthood",
            "Joined-up transitions from children's to adult services",
            "Preparing for adult social care",
        ),
        measures={
            "services": ("Gaps in support at age 18", "Transition plans in place by age 16"),
            "experiences": (
                "Young people's experience of transition",
                "Parents' experience of transition",
            ),
            "outcomes": ("In education, employment or training at 19",),
        },
    ),
}

# Invented surnames (built from words like demo, mock, sample, fiction) and
# given names: clearly not real authors.
SURNAMES = (
    "Democroft",
    "Mockridge",
    "Samplewell",
    "Fictonsen",
    "Synthwaite",
    "Examplova",
    "Illustrado",
    "Pretendari",
    "Simulacre",
    "Notionelli",
    "Inventsson",
    "Modelbury",
    "Hypothet",
    "Figmentova",
    "Placeholme",
    "Imaginaro",
    "Testerby",
    "Dummersby",
    "Proxima-Doe",
    "Schemalski",
)
GIVEN = (
    "Ada",
    "Bram",
    "Chloé",
    "Dev",
    "Eilidh",
    "Farah",
    "Gustav",
    "Hana",
    "Isla",
    "Jonas",
    "Kiri",
    "Lena",
    "Mateo",
    "Niamh",
    "Oskar",
    "Priya",
    "Rhona",
    "Sven",
    "Tui",
    "Yusuf",
)
JOURNALS = (
    "Illustrative Journal of Integrated Care",
    "Illustrative Review of Child and Family Services",
    "Synthetic Studies in Health and Social Care",
)
INSTITUTION = "Illustrative Institute for Children's Services Research"
DESIGN_PHRASES = {
    "Randomised controlled trial": "a randomised controlled trial",
    "Quasi-experimental study": "a controlled before-and-after study",
    "Cohort study": "a retrospective cohort study",
    "Mixed-methods evaluation": "a mixed-methods evaluation",
    "Qualitative study": "a qualitative study of families' and practitioners' views",
}
# Countries whose names take "the" in a title.
_THE = {"United Kingdom", "United States", "Netherlands"}


def _pick(rng: np.random.Generator, weights: dict[str, float]) -> str:
    """Draw one key of ``weights`` with probability proportional to its value."""
    keys = list(weights)
    p = np.array([weights[k] for k in keys], dtype=float)
    return keys[int(rng.choice(len(keys), p=p / p.sum()))]


def _direction(rng: np.random.Generator, p_positive: float) -> str:
    if rng.random() < p_positive:
        return "positive"
    return _pick(rng, dict(OTHER_DIRECTIONS))


def _domains(rng: np.random.Generator, design: str) -> list[str]:
    """Which outcome domains a study of this design reports on."""
    if design == "Qualitative study":
        # Qualitative studies report experiences, sometimes how services changed.
        return ["services", "experiences"] if rng.random() < 0.4 else ["experiences"]
    if design == "Mixed-methods evaluation":
        return list(d.DOMAINS)
    return ["services", "outcomes"] + (["experiences"] if rng.random() < 0.4 else [])


def _studies(rng: np.random.Generator) -> tuple[list[dict], list[dict], list[dict]]:
    """Draw the studies, their measures and their references."""
    studies, outcomes, refs = [], [], []
    used_keys: set[str] = set()
    used_titles: set[str] = set()
    for model, prof in PROFILES.items():
        for _ in range(prof.n):
            country = _pick(rng, prof.countries)
            design = _pick(rng, prof.designs)
            quality = d.QUALITY[int(rng.choice(3, p=DESIGN_QUALITY[design]))]
            # Later years are more likely: the literature has grown.
            years = np.arange(START_YEAR, END_YEAR + 1)
            year = int(
                rng.choice(years, p=(years - START_YEAR + 4) / (years - START_YEAR + 4).sum())
            )
            extra = [s for s in prof.optional if rng.random() < 0.35]
            services = _ordered_services(list(prof.services) + extra)
            # One to three authors, no surname or given name twice in one study.
            k = int(rng.integers(1, 4))
            authors = list(
                zip(
                    (SURNAMES[i] for i in rng.choice(len(SURNAMES), size=k, replace=False)),
                    (GIVEN[i] for i in rng.choice(len(GIVEN), size=k, replace=False)),
                    strict=True,
                )
            )
            base = authors[0][0].lower().replace("-", "") + str(year)
            key = base
            for suffix in "abcdefgh":
                if key not in used_keys:
                    break
                key = base + suffix
            used_keys.add(key)
            place = f"the {country}" if country in _THE else country
            for stem in rng.permutation(prof.stems):
                title = f"{stem} in {place}: {DESIGN_PHRASES[design]}"
                if title not in used_titles:
                    break
            used_titles.add(title)
            record = {
                "key": key,
                "authors": authors,
                "title": title,
                "year": year,
                "report": rng.random() < 0.2,
                "journal": JOURNALS[int(rng.integers(len(JOURNALS)))],
                "volume": int(year - 2005),
                "number": int(rng.integers(1, 5)),
                "first_page": int(rng.integers(1, 180)),
            }
            refs.append(record)
            studies.append(
                {
                    "record_id": "",
                    "citation_key": key,
                    "year": year,
                    "country": country,
                    "study_design": design,
                    "quality_rating": quality,
                    "integration_model": model,
                    "services_integrated": f"{d.SERVICE_SEPARATOR} ".join(services),
                    "population": prof.population,
                }
            )
            for domain in _domains(rng, design):
                pool = prof.measures[domain]
                k = 1 if len(pool) == 1 or rng.random() < 0.5 else 2
                for measure in sorted(rng.choice(pool, size=k, replace=False)):
                    outcomes.append(
                        {
                            "key": key,
                            "domain": domain,
                            "measure": str(measure),
                            "direction": _direction(rng, prof.positive[domain]),
                        }
                    )
    return studies, outcomes, refs


def _ordered_services(services: list[str]) -> list[str]:
    """Services in the order of :data:`csrr.strand1.data.SERVICES`, without repeats."""
    order = list(d.SERVICES)
    return sorted(set(services), key=order.index)


def _screening(
    rng: np.random.Generator, n_included: int
) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """Draw the search log and the screening record; return the included record ids."""
    log_rows, sources = [], []
    for name, date, low, high in DATABASES:
        found = int(rng.integers(low, high + 1))
        log_rows.append({"database": name, "date_searched": date, "records_found": found})
        sources += [name] * found
    n = len(sources)
    ids = [f"R{i + 1:05d}" for i in range(n)]
    first_db = np.array([s == DATABASES[0][0] for s in sources])
    duplicate = (~first_db) & (rng.random(n) < DUPLICATE_SHARE)
    candidates = np.flatnonzero(~duplicate)
    n_sought = round(n_included * SOUGHT_PER_INCLUDED)
    sought = rng.choice(candidates, size=n_sought, replace=False)
    included = np.sort(sought[:n_included])
    not_retrieved = sought[n_included : n_included + NOT_RETRIEVED_COUNT]
    excluded_ft = sought[n_included + NOT_RETRIEVED_COUNT :]
    ta = np.where(duplicate, "", EXCLUDE).astype(object)
    ta[sought] = INCLUDE
    ft = np.full(n, "", dtype=object)
    ft[included] = INCLUDE
    ft[not_retrieved] = NOT_RETRIEVED
    ft[excluded_ft] = EXCLUDE
    reason = np.full(n, "", dtype=object)
    for pos in np.sort(excluded_ft):
        reason[pos] = _pick(rng, REASON_WEIGHTS)
    screening = pd.DataFrame(
        {
            "record_id": ids,
            "source": sources,
            "duplicate": np.where(duplicate, "true", "false"),
            "title_abstract_decision": ta,
            "full_text_decision": ft,
            "exclusion_reason": reason,
        }
    )
    return pd.DataFrame(log_rows), screening, [ids[i] for i in included]


def _bibtex(ref: dict) -> str:
    """One fictional BibTeX entry."""
    authors = " and ".join(f"{s}, {g}" for s, g in ref["authors"])
    note = "Fictional reference in synthetic demonstration data"
    if ref["report"]:
        fields = {
            "author": authors,
            "title": ref["title"],
            "institution": INSTITUTION,
            "year": ref["year"],
            "type": "Evaluation report",
            "note": note,
        }
        kind = "techreport"
    else:
        first = ref["first_page"]
        fields = {
            "author": authors,
            "title": ref["title"],
            "journal": ref["journal"],
            "year": ref["year"],
            "volume": ref["volume"],
            "number": ref["number"],
            "pages": f"{first}--{first + 11}",
            "note": note,
        }
        kind = "article"
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items())
    return f"@{kind}{{{ref['key']},\n{body}\n}}\n"


def build(seed: int = SEED) -> dict[str, str]:
    """Make every demo file's text, by file name (nothing is written).

    Parameters
    ----------
    seed : int
        Random seed; the default gives the committed files.

    Returns
    -------
    dict
        File name -> file content.
    """
    rng = np.random.default_rng(seed)
    studies, outcomes, refs = _studies(rng)
    log, screening, included = _screening(rng, len(studies))

    # Number the studies as a reference list would order them.
    order = sorted(range(len(studies)), key=lambda i: studies[i]["citation_key"])
    record_ids = list(rng.permutation(included))
    study_frame = pd.DataFrame([studies[i] for i in order])
    study_frame.insert(0, "study_id", [f"S{i + 1:03d}" for i in range(len(order))])
    study_frame["record_id"] = [str(r) for r in record_ids]
    key_to_id = dict(zip(study_frame["citation_key"], study_frame["study_id"], strict=True))

    out = pd.DataFrame(outcomes)
    out.insert(0, "study_id", out.pop("key").map(key_to_id))
    out["domain_order"] = out["domain"].map(d.DOMAINS.index)
    out = out.sort_values(["study_id", "domain_order", "measure"]).drop(columns="domain_order")

    def csv(frame: pd.DataFrame) -> str:
        return frame.to_csv(index=False, lineterminator="\n")

    bib_header = (
        "% Fictional references for the strand 1 demonstration data (synthetic).\n"
        "% Every author, title and journal is invented: none of these studies exists.\n"
        "% Written by `python -m csrr demo-data --strand strand1`; do not edit by hand.\n\n"
    )
    return {
        d.SEARCH_LOG: csv(log),
        d.SCREENING: csv(screening),
        d.STUDIES: csv(study_frame[[c.name for c in d.STUDIES_SCHEMA.columns]]),
        d.OUTCOMES: csv(out[[c.name for c in d.OUTCOMES_SCHEMA.columns]]),
        "references.bib": bib_header
        + "\n".join(_bibtex(r) for r in sorted(refs, key=lambda r: r["key"])),
        "README.md": dictionary(),
    }


def dictionary() -> str:
    """The data dictionary (Markdown), generated from the schemas."""
    intro = (
        "**Illustrative data: synthetic, not research findings.** These files are made by "
        "`python -m csrr demo-data --strand strand1` (a deterministic generator in "
        "`src/csrr/strand1/demo.py`) to show the shape of the evidence review's inputs and "
        "to build the strand 1 reports. The studies, authors and journals are invented. "
        "Real review data go in a data folder laid out the same way (see `data/raw/README.md`); "
        "every file below is validated before any report is built, and a problem stops the "
        "build with one line naming the file, row, column and what was expected."
    )
    text = data_dictionary("Strand 1 data: rapid evidence review", intro, d.SCHEMAS)
    return text + (
        "\n## `references.bib`\n\n"
        "BibTeX entries of the included studies. Each `citation_key` in `studies.csv` must be "
        "a key here, and its `year` must match the entry's year. The reports cite the studies "
        "from this file and list them in a bibliography (pandoc's citeproc, Chicago "
        "author-date style). The file named by `bibliography` in `params/strand1.yml` is used.\n"
        "\n## Allowed values\n\n"
        "`population` in `studies.csv` is one of:\n\n"
        + "".join(f"- {p}\n" for p in d.POPULATIONS)
        + "\n`services_integrated` in `studies.csv` lists services from this list (the side "
        "of the review question each sits on in brackets):\n\n"
        + "".join(f"- {s} ({side})\n" for s, side in d.SERVICES.items())
        + "\n## How the files fit together (PRISMA 2020)\n\n"
        "- records found in `search_log.csv`, per database = rows of `screening.csv` from it;\n"
        "- rows - duplicates = records screened on title and abstract;\n"
        "- screened - excluded at title/abstract - not retrieved = full texts assessed;\n"
        "- full texts assessed - included = full texts excluded, each with a reason;\n"
        "- records included at full text = rows of `studies.csv` (by `record_id`).\n"
    )


def generate(out_dir: Path) -> list[Path]:
    """Write the demo files into ``out_dir`` (the strand's data folder).

    Parameters
    ----------
    out_dir : Path
        Folder to write to, such as ``data/demo/strand1``.

    Returns
    -------
    list of Path
        The files written, in name order.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in sorted(build().items()):
        path = out_dir / name
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    return written
