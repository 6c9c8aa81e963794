"""Fixtures for the strand 5 tests: findings of strands 3 and 4, data folders to doctor.

Strand 5's codebook links themes to the findings of strands 3 and 4. Unit
tests do not need those strands built: they pass small findings files of
their own (``findings_files``), holding the ids the demo codebook cites.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from csrr.params import load_params
from csrr.paths import DEMO_DATA_DIR, PARAMS_DIR
from tests.conftest import write_rows

DEMO = DEMO_DATA_DIR / "strand5"
# Titles without digits: a findings file may not carry a number it cannot trace.
TITLES = {
    "strand3": [
        "Integration arrangements differ widely between councils",
        "No arrangement stands out on outcomes",
        "Workforce wellbeing is lower where vacancies are high",
        "Deprivation goes with higher rates of referral",
        "Rural councils report longer waits",
        "Trends improved everywhere",
        "Data gaps limit comparison",
        "Spending tracks need loosely",
    ],
    "strand4": [
        "Relationships are what staff value most",
        "Workload pressure is widespread",
        "Multi-agency working is valued but uneven",
        "Short-term funding undermines early help",
        "Staff want a say in change",
        "Supervision is patchy",
        "Third-sector staff feel less secure",
        "Managers feel stretched",
    ],
}


def write_findings(folder: Path, strand: str, titles: list[str]) -> Path:
    """A valid findings file for ``strand`` with one finding per title."""
    number = strand.removeprefix("strand")
    doc = {
        "schema_version": 1,
        "strand": strand,
        "title": f"Fixture report of {strand.replace('strand', 'strand ')}",
        "data_status": "synthetic",
        "findings": [
            {
                "id": f"S{number}-F{i:02d}",
                "title": title,
                "statement": f"{title}.",
                "strength": "moderate",
                "elements": ["workforce"],
                "numbers": {},
                "section": "sec-findings",
            }
            for i, title in enumerate(titles, start=1)
        ],
    }
    path = folder / f"{strand}-findings.json"
    path.write_text(json.dumps(doc, indent=1), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def findings_files(tmp_path_factory) -> dict[str, Path]:
    """Findings of strands 3 and 4 (eight each), as the codebook may cite them."""
    folder = tmp_path_factory.mktemp("findings")
    return {strand: write_findings(folder, strand, titles) for strand, titles in TITLES.items()}


@pytest.fixture(scope="session")
def params() -> dict[str, Any]:
    """The strand's real parameters (params/common.yml + params/strand5.yml)."""
    return load_params(PARAMS_DIR / "strand5.yml")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A data folder holding a copy of the strand 5 demo files (safe to doctor)."""
    shutil.copytree(DEMO, tmp_path / "strand5")
    return tmp_path


# A small data set whose every count can be worked out by hand (see
# test_analysis.py). FG02 was held before FG01, so it is "focus group 1".
SMALL_SESSIONS = [
    ["session_id", "mode", "date", "area_type", "participants"],
    ["FG01", "focus group", "2026-03-01", "Large urban areas", "3"],
    ["FG02", "focus group", "2026-02-01", "Remote rural areas", "2"],
    ["IN01", "interview", "2026-02-15", "Accessible small towns", "1"],
]
SMALL_PARTICIPANTS = [
    ["participant_id", "session_id", "role_group", "sector"],
    ["P1", "FG01", "Practitioner", "statutory sector"],
    ["P2", "FG01", "Practitioner", "third sector"],
    ["P3", "FG01", "Team leader or manager", "statutory sector"],
    ["P4", "FG02", "Practitioner", "third sector"],
    ["P5", "FG02", "Senior or strategic leader", "statutory sector"],
    ["P6", "IN01", "Senior or strategic leader", "third sector"],
]
SECRET = "This withheld excerpt must never be shown anywhere at all."
SMALL_SEGMENTS = [
    ["segment_id", "participant_id", "session_id", "codes", "excerpt", "approved"],
    ["S1", "P1", "FG01", "T1.1", "Families need the same worker, as Morag Baillie says.", "true"],
    ["S2", "P2", "FG01", "T1.2; T2.1", "Turnover breaks trust and caseloads keep rising.", "true"],
    ["S3", "P4", "FG02", "T1", "Trust takes time, call me on 07700 900415 about it.", "true"],
    ["S4", "P6", "IN01", "T2.1", SECRET, "false"],
    ["S5", "P6", "IN01", "T1.1; T1.2", "The same worker for years, then three in a row.", "true"],
    ["S6", "P3", "FG01", "T2.1", "My caseload doubled while the team shrank by half.", "true"],
]
SMALL_CODEBOOK = {
    "themes": [
        {
            "code": "T1",
            "name": "Relationships",
            "definition": "Trusting relationships with families.",
            "finding": "Participants valued consistent relationships.",
            "explores": ["S4-F01"],
            "elements": ["relationships"],
            "subthemes": [
                {"code": "T1.1", "name": "Time", "definition": "Time to build trust."},
                {"code": "T1.2", "name": "Turnover", "definition": "Changes of worker."},
            ],
        },
        {
            "code": "T2",
            "name": "Workload",
            "definition": "Caseloads and pressure.",
            "finding": "Workload squeezed time with families.",
            "explores": ["S4-F02", "S3-F03"],
            "elements": ["workforce"],
            "subthemes": [{"code": "T2.1", "name": "Caseloads", "definition": "Volume of work."}],
        },
    ]
}


@pytest.fixture
def small_dir(tmp_path: Path) -> Path:
    """A data folder holding the small hand-countable data set."""
    folder = tmp_path / "small" / "strand5"
    folder.mkdir(parents=True)
    write_rows(folder / "sessions.csv", SMALL_SESSIONS)
    write_rows(folder / "participants.csv", SMALL_PARTICIPANTS)
    write_rows(folder / "segments.csv", SMALL_SEGMENTS)
    (folder / "codebook.yml").write_text(yaml.safe_dump(SMALL_CODEBOOK, sort_keys=False))
    return folder.parent


SMALL_PARAMS = {
    "explored_strands": ["strand3", "strand4"],
    "redaction": {"people": ["Morag Baillie"], "places": [], "organisations": []},
}
