"""Illustrative demo data for strand 2: four country cases and the Scottish reform case.

The demo is a structured qualitative data set, so it is authored rather than
sampled: no random numbers are drawn, and the files are written from the
literals below in a fixed order and layout, giving the same bytes on every
run. The four countries are labelled Country A to D. They are composites
that resemble the kinds of system found in high-income countries (a Nordic-
style municipal model, a federal social-insurance model, a small country with
integrated health and social care trusts, and a centralising country), but
none is a description of a real country, and every source they cite is
fictional and says so.

The Scottish case uses only well-known public facts about the 2013 reform
(the Police and Fire Reform (Scotland) Act 2012; Police Scotland and the
Scottish Fire and Rescue Service established on 1 April 2013, replacing
eight regional police forces and eight fire and rescue services). Its coded
enablers and barriers are illustrative, marked as such in every evidence
note, and cite a fictional source.

Run ``python -m csrr demo-data --strand strand2`` to rewrite the files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from csrr.strand2.data import BIB_FILE, CASE_PREFIX, THEMES_FILE, data_dictionary

HEADER = (
    "# ILLUSTRATIVE DEMONSTRATION DATA (synthetic): not research findings.\n"
    "# Written by `python -m csrr demo-data --strand strand2`; the data dictionary is\n"
    "# README.md in this folder.\n"
)

INTRO = """
These files are **illustrative demonstration data**: a synthetic, structured data
set written by `python -m csrr demo-data --strand strand2` so that the strand 2
reports can be built and tested. They are not research findings. Countries A to D
are composites of the kinds of system found in high-income countries; none
describes a real country, and every source they cite is fictional (each says so
in its note). The Scottish reform case uses only well-known public facts about
the 2013 police and fire reform; the enablers and barriers coded for it are
illustrative. Real case data replace these files in a data folder of the same
layout (`make DATA=<folder>`).
"""

# The codebook. Each theme bears on one element of the final report's
# framework (params/synthesis.yml), so findings can cite elements that follow
# from the data rather than from a choice made in the notebook.
THEMES: list[dict[str, str]] = [
    {
        "code": "E01",
        "kind": "enabler",
        "label": "Shared outcomes framework",
        "definition": "One set of outcomes, or one practice framework, used across children's "
        "social care, health and education.",
        "element": "structures",
    },
    {
        "code": "E02",
        "kind": "enabler",
        "label": "Pooled or aligned budgets",
        "definition": "Budgets combined or formally aligned across services so that money can "
        "follow need.",
        "element": "local-services",
    },
    {
        "code": "E03",
        "kind": "enabler",
        "label": "Multi-agency teams and co-location",
        "definition": "Practitioners from different services working in one team or one "
        "building, with shared discussion of cases.",
        "element": "relationships",
    },
    {
        "code": "E04",
        "kind": "enabler",
        "label": "Information sharing and linked records",
        "definition": "Agreements, systems or linked records that let services share "
        "information lawfully and quickly.",
        "element": "national-functions",
    },
    {
        "code": "E05",
        "kind": "enabler",
        "label": "Joint workforce development",
        "definition": "Joint training, shared professional standards or workforce planning "
        "across services.",
        "element": "workforce",
    },
    {
        "code": "E06",
        "kind": "enabler",
        "label": "Statutory duty to co-operate",
        "definition": "Legislation that places a clear duty on named bodies to plan and work "
        "together for children.",
        "element": "landscape",
    },
    {
        "code": "E07",
        "kind": "enabler",
        "label": "Local discretion within national standards",
        "definition": "National standards and outcomes, with local freedom to design services "
        "to fit the area.",
        "element": "structures",
    },
    {
        "code": "E08",
        "kind": "enabler",
        "label": "Children and families shaping services",
        "definition": "Children, young people and families taking part in designing, reviewing "
        "or governing services.",
        "element": "rights",
    },
    {
        "code": "E09",
        "kind": "enabler",
        "label": "Early help linked to income support",
        "definition": "Family support connected to welfare benefits advice and income "
        "maximisation.",
        "element": "poverty",
    },
    {
        "code": "E10",
        "kind": "enabler",
        "label": "National specialist capacity",
        "definition": "Specialist expertise organised once nationally and available "
        "everywhere, not only where a local or regional body can afford it.",
        "element": "national-functions",
    },
    {
        "code": "B01",
        "kind": "barrier",
        "label": "Separate funding streams",
        "definition": "Services funded through separate budgets, rules or tiers of government, "
        "so that no one can move money to where it is needed.",
        "element": "local-services",
    },
    {
        "code": "B02",
        "kind": "barrier",
        "label": "Incompatible information systems",
        "definition": "Records and IT systems that cannot share or link information between "
        "services.",
        "element": "national-functions",
    },
    {
        "code": "B03",
        "kind": "barrier",
        "label": "Professional cultures and thresholds",
        "definition": "Different professional languages, thresholds and priorities that slow "
        "joint work.",
        "element": "relationships",
    },
    {
        "code": "B04",
        "kind": "barrier",
        "label": "Workforce shortages and turnover",
        "definition": "Unfilled posts, high turnover or heavy caseloads in the services "
        "that must work together.",
        "element": "workforce",
    },
    {
        "code": "B05",
        "kind": "barrier",
        "label": "Overlapping accountability",
        "definition": "Several bodies or tiers answerable for parts of the same service, with "
        "unclear lines of accountability.",
        "element": "landscape",
    },
    {
        "code": "B06",
        "kind": "barrier",
        "label": "Weakened local voice after centralisation",
        "definition": "Local partners and communities losing influence when services move to "
        "a larger or national body.",
        "element": "structures",
    },
    {
        "code": "B07",
        "kind": "barrier",
        "label": "Disruption and cost of restructuring",
        "definition": "Reorganisation absorbing management time and money and delaying "
        "service improvement.",
        "element": "structures",
    },
    {
        "code": "B08",
        "kind": "barrier",
        "label": "Short-term grant funding",
        "definition": "Services that depend on time-limited or ring-fenced grants rather than "
        "long-term funding.",
        "element": "local-services",
    },
    {
        "code": "B09",
        "kind": "barrier",
        "label": "Adult services dominating integrated bodies",
        "definition": "Children's services given less attention where they share a body or "
        "budget with adult health and social care.",
        "element": "structures",
    },
]

FICTIONAL = "Fictional source for illustrative demonstration data"

# BibTeX entries: (type, key, fields). Every demo source except the Act is
# fictional, and its note says so, so the bibliography cannot be mistaken
# for a real literature.
SOURCES: list[tuple[str, str, dict[str, str]]] = [
    (
        "techreport",
        "countrya-ministry-2019",
        {
            "author": "{Ministry of Children and Families, Country A}",
            "title": "Family centres in {Country A}: national evaluation report",
            "institution": "Illustrative Publications",
            "year": "2019",
        },
    ),
    (
        "article",
        "countrya-example-2021",
        {
            "author": "Example, Alex and Sample, Jo",
            "title": "Municipal children's services after amalgamation",
            "journal": "Journal of Illustrative Policy Studies",
            "volume": "4",
            "number": "2",
            "pages": "1--18",
            "year": "2021",
        },
    ),
    (
        "techreport",
        "countrya-audit-2023",
        {
            "author": "{National Audit Office, Country A}",
            "title": "Information sharing between child welfare, schools and health services",
            "institution": "Illustrative Publications",
            "year": "2023",
        },
    ),
    (
        "techreport",
        "countryb-federal-2018",
        {
            "author": "{Federal Ministry for Families, Country B}",
            "title": "Evaluation of the child protection act: early-help networks",
            "institution": "Illustrative Publications",
            "year": "2018",
        },
    ),
    (
        "article",
        "countryb-demo-2020",
        {
            "author": "Demo, Kim",
            "title": "Youth offices and schools: co-operation in a federal system",
            "journal": "Illustrative Review of Social Policy",
            "volume": "12",
            "pages": "40--57",
            "year": "2020",
        },
    ),
    (
        "techreport",
        "countryb-insurance-2023",
        {
            "author": "{Association of Illustrative Insurers, Country B}",
            "title": "Funding seams between health insurance and youth services",
            "institution": "Illustrative Publications",
            "year": "2023",
        },
    ),
    (
        "article",
        "countryc-trusts-2016",
        {
            "author": "Specimen, Pat",
            "title": "Twenty years of integrated health and social care trusts",
            "journal": "Journal of Illustrative Policy Studies",
            "volume": "1",
            "number": "1",
            "pages": "5--29",
            "year": "2016",
        },
    ),
    (
        "techreport",
        "countryc-review-2019",
        {
            "author": "{Independent Review of Children's Social Care, Country C}",
            "title": "Final report of the independent review",
            "institution": "Illustrative Publications",
            "year": "2019",
        },
    ),
    (
        "techreport",
        "countryc-dept-2024",
        {
            "author": "{Department of Health, Country C}",
            "title": "Children's social care reform plan",
            "institution": "Illustrative Publications",
            "year": "2024",
        },
    ),
    (
        "techreport",
        "countryd-agency-2019",
        {
            "author": "{Ministerial Review Panel, Country D}",
            "title": "Review of the national children's agency",
            "institution": "Illustrative Publications",
            "year": "2019",
        },
    ),
    (
        "article",
        "countryd-health-2023",
        {
            "author": "Example, Sam",
            "title": "From regional boards to one national health body: first lessons",
            "journal": "Illustrative Health Policy Review",
            "volume": "8",
            "pages": "101--119",
            "year": "2023",
        },
    ),
    (
        "techreport",
        "countryd-prevention-2024",
        {
            "author": "{Treasury of Country D}",
            "title": "Evaluation of the pooled prevention fund: interim report",
            "institution": "Illustrative Publications",
            "year": "2024",
        },
    ),
    (
        "misc",
        "scotland-act-2012",
        {
            "author": "{Scottish Parliament}",
            "title": "{Police and Fire Reform (Scotland) Act 2012 (asp 8)}",
            "year": "2012",
        },
    ),
    (
        "techreport",
        "scotland-review-2025",
        {
            "author": "Example, Robin",
            "title": "Lessons from national police and fire reform: an illustrative synthesis",
            "institution": "Illustrative Publications",
            "year": "2025",
        },
    ),
]


def _gov(service: str, governs: str, delivers: str, note: str | None = None) -> dict[str, Any]:
    entry: dict[str, Any] = {"service": service, "governs": governs, "delivers": delivers}
    if note:
        entry["note"] = note
    return entry


def _event(year: int, kind: str, event: str, source: str | None = None) -> dict[str, Any]:
    entry: dict[str, Any] = {"year": year, "kind": kind, "event": event}
    if source:
        entry["source"] = source
    return entry


def _coded(theme: str, evidence: str, source: str) -> dict[str, str]:
    return {"theme": theme, "evidence": evidence, "source": source}


CSC, HEALTH, EDU, ASC = "childrens-social-care", "child-health", "education", "adult-social-care"

CASES: list[dict[str, Any]] = [
    {
        "id": "country-a",
        "name": "Country A",
        "kind": "country",
        "overview": "Country A is a unitary state with two tiers of local government: large "
        "municipalities and a few regions. Municipalities hold most duties for children and "
        "families, including children's social care, schools and adult social care, while "
        "the regions run hospital and specialist health services. An amalgamation reform "
        "created fewer, larger municipalities and is the backdrop to later work to integrate "
        "early help.",
        "population": 5600000,
        "population_year": 2024,
        "children": 1160000,
        "units": {"regional": 5, "local": 98},
        "funding": {
            "model": "local-taxation",
            "description": "Municipalities and regions levy their own income taxes; a national "
            "equalisation grant tops up areas with lower tax bases or higher needs.",
        },
        "governance": [
            _gov(
                CSC,
                "local",
                "local",
                "A national agency issues guidance and inspects municipal child welfare services.",
            ),
            _gov(
                HEALTH,
                "regional",
                "regional",
                "Health visiting and school nursing are run by municipalities.",
            ),
            _gov(EDU, "local", "local"),
            _gov(ASC, "local", "local"),
        ],
        "integration": [
            {
                "name": "Regional health care agreements",
                "services": [HEALTH, ASC],
                "level": "regional",
                "form": "joint-governance",
                "since": 2007,
                "description": "Each region and its municipalities agree how hospital discharge, "
                "rehabilitation and community care are shared.",
            },
            {
                "name": "Family centres",
                "services": [CSC, HEALTH],
                "level": "local",
                "form": "co-location",
                "since": 2011,
                "description": "Municipal family centres bring health visitors, family social "
                "workers and early years staff under one roof.",
            },
            {
                "name": "Pupil welfare teams",
                "services": [EDU, CSC, HEALTH],
                "level": "local",
                "form": "multi-agency-team",
                "since": 2014,
                "description": "Every school has a team of a school nurse, a psychologist and a "
                "school social worker that meets about pupils of concern.",
            },
        ],
        "timeline": [
            _event(
                2007,
                "structural",
                "Amalgamation reform reduces the number of municipalities and creates regions.",
                "countrya-example-2021",
            ),
            _event(
                2011,
                "policy",
                "National programme funds municipal family centres.",
                "countrya-ministry-2019",
            ),
            _event(
                2014,
                "legislation",
                "Pupil welfare act requires a multi-agency welfare team in every school.",
                "countrya-audit-2023",
            ),
            _event(
                2019,
                "evaluation",
                "National evaluation of family centres published.",
                "countrya-ministry-2019",
            ),
            _event(
                2022,
                "legislation",
                "Child welfare act amended to strengthen early help and children's participation.",
            ),
        ],
        "enablers": [
            _coded(
                "E01",
                "Family centres work to one national framework of outcomes for young children, "
                "shared by health visitors and social workers.",
                "countrya-ministry-2019",
            ),
            _coded(
                "E03",
                "Staff in co-located family centres reported quicker help for families and "
                "fewer referrals passed between services.",
                "countrya-ministry-2019",
            ),
            _coded(
                "E04",
                "A shared municipal record lets pupil welfare teams see social work and school "
                "nursing notes, with consent.",
                "countrya-audit-2023",
            ),
            _coded(
                "E05",
                "Family centre staff from health and social work share a joint induction.",
                "countrya-ministry-2019",
            ),
            _coded(
                "E07",
                "Municipalities design their own family centre model within national standards.",
                "countrya-example-2021",
            ),
            _coded(
                "E08",
                "Children's councils in each municipality review local child welfare plans.",
                "countrya-example-2021",
            ),
        ],
        "barriers": [
            _coded(
                "B01",
                "Regional health budgets and municipal social care budgets are set separately, "
                "which complicates joint posts.",
                "countrya-example-2021",
            ),
            _coded(
                "B02",
                "Municipal staff cannot read regional health records, so information from "
                "hospitals arrives late.",
                "countrya-audit-2023",
            ),
            _coded(
                "B03",
                "Schools and child welfare services use different thresholds for concern.",
                "countrya-audit-2023",
            ),
        ],
        "sources": ["countrya-ministry-2019", "countrya-example-2021", "countrya-audit-2023"],
    },
    {
        "id": "country-b",
        "name": "Country B",
        "kind": "country",
        "overview": "Country B is a federal state. National law sets the framework for "
        "children's social care, but the states legislate on detail and fund much of it, and "
        "local youth offices in districts and cities deliver it. Health care and long-term "
        "care are financed by social insurance, while the states run schools with local "
        "school boards. Co-operation between youth offices, schools and health services "
        "rests on local networks that national law requires.",
        "population": 9100000,
        "population_year": 2024,
        "children": 1600000,
        "units": {"regional": 12, "local": 310},
        "funding": {
            "model": "social-insurance",
            "description": "Compulsory social insurance funds health care and long-term care; "
            "children's social care and schools are funded from state and local taxes, with "
            "time-limited national grants for early help.",
        },
        "governance": [
            _gov(
                CSC,
                "regional",
                "local",
                "National law sets the framework; states legislate on detail and fund youth "
                "offices.",
            ),
            _gov(
                HEALTH,
                "national",
                "local",
                "Statutory health insurance funds office-based paediatricians.",
            ),
            _gov(EDU, "regional", "local"),
            _gov(
                ASC,
                "national",
                "local",
                "Long-term care insurance is national; local authorities fund social assistance.",
            ),
        ],
        "integration": [
            {
                "name": "School social work",
                "services": [EDU, CSC],
                "level": "local",
                "form": "multi-agency-team",
                "since": 2010,
                "description": "Social workers employed by youth offices are based in schools.",
            },
            {
                "name": "Early-help networks",
                "services": [CSC, HEALTH],
                "level": "local",
                "form": "duty-to-cooperate",
                "since": 2013,
                "description": "National law requires every youth office to lead a network with "
                "maternity, health and family services for families with young children.",
            },
            {
                "name": "Joint planning for disabled children",
                "services": [CSC, ASC],
                "level": "regional",
                "form": "joint-governance",
                "since": 2022,
                "description": "States' youth and disability services plan together as support "
                "for disabled children moves into children's social care.",
            },
        ],
        "timeline": [
            _event(
                1993,
                "legislation",
                "National children and youth services act sets the framework for local youth "
                "offices.",
            ),
            _event(
                2006,
                "legislation",
                "Child protection mandate added: youth offices must assess risk with other "
                "services.",
            ),
            _event(
                2013,
                "legislation",
                "Child protection act creates local early-help networks.",
                "countryb-federal-2018",
            ),
            _event(
                2018,
                "evaluation",
                "Evaluation of the child protection act published.",
                "countryb-federal-2018",
            ),
            _event(
                2022,
                "legislation",
                "Children and youth strengthening act begins to bring support for disabled "
                "children into children's social care.",
                "countryb-insurance-2023",
            ),
        ],
        "enablers": [
            _coded(
                "E03",
                "Teachers trust school social workers, who see families early.",
                "countryb-demo-2020",
            ),
            _coded(
                "E06",
                "The statutory duty to build early-help networks gave youth offices a mandate "
                "to convene health services.",
                "countryb-federal-2018",
            ),
            _coded(
                "E07",
                "States and youth offices adapt the national framework to local needs.",
                "countryb-demo-2020",
            ),
            _coded(
                "E09",
                "Early-help networks include welfare benefits advice for families.",
                "countryb-federal-2018",
            ),
        ],
        "barriers": [
            _coded(
                "B01",
                "Insurance-funded health care and tax-funded youth services have separate "
                "budgets and rules.",
                "countryb-insurance-2023",
            ),
            _coded(
                "B02",
                "Paediatric practices and youth offices use different systems and seldom share "
                "records.",
                "countryb-federal-2018",
            ),
            _coded(
                "B04", "Youth offices report unfilled social work posts.", "countryb-demo-2020"
            ),
            _coded(
                "B05",
                "Duties split between national, state and local government blur accountability.",
                "countryb-insurance-2023",
            ),
            _coded(
                "B08",
                "Early-help networks depend on time-limited national grants.",
                "countryb-federal-2018",
            ),
        ],
        "sources": ["countryb-federal-2018", "countryb-demo-2020", "countryb-insurance-2023"],
    },
    {
        "id": "country-c",
        "name": "Country C",
        "kind": "country",
        "overview": "Country C is a small country whose national government funds and directs "
        "health and social care. Regional trusts have delivered health and social care "
        "together, including children's social care, since the 1990s, while schools are "
        "funded nationally and run locally. The case shows what structural integration of "
        "children's social care with health looks like in practice.",
        "population": 1900000,
        "population_year": 2024,
        "children": 450000,
        "units": {"regional": 5, "local": 11},
        "funding": {
            "model": "national-grant",
            "description": "Health and social care trusts and schools are funded by grant "
            "from the national government; local councils have few functions in either.",
        },
        "governance": [
            _gov(
                CSC,
                "national",
                "regional",
                "A national department sets policy; trusts deliver it.",
            ),
            _gov(HEALTH, "national", "regional"),
            _gov(
                EDU,
                "national",
                "local",
                "Schools are funded nationally and managed by school boards.",
            ),
            _gov(ASC, "national", "regional"),
        ],
        "integration": [
            {
                "name": "Integrated health and social care trusts",
                "services": [CSC, HEALTH, ASC],
                "level": "regional",
                "form": "structural-merger",
                "since": 1996,
                "description": "One trust in each region employs health and social care staff, "
                "including children's social workers.",
            },
            {
                "name": "Children's services planning partnerships",
                "services": [CSC, HEALTH, EDU],
                "level": "regional",
                "form": "joint-governance",
                "since": 2011,
                "description": "Regional partnerships plan services for children across "
                "trusts, schools and voluntary bodies.",
            },
            {
                "name": "Duty to co-operate",
                "services": [CSC, HEALTH, EDU],
                "level": "national",
                "form": "duty-to-cooperate",
                "since": 2015,
                "description": "A statutory duty requires public bodies to co-operate to improve "
                "children's well-being.",
            },
        ],
        "timeline": [
            _event(
                1996,
                "structural",
                "Health and social care trusts formed, bringing children's social care into "
                "integrated trusts.",
                "countryc-trusts-2016",
            ),
            _event(
                2009,
                "structural",
                "Trusts merged into five regional trusts.",
                "countryc-trusts-2016",
            ),
            _event(2011, "policy", "Regional children's services planning partnerships set up."),
            _event(
                2015,
                "legislation",
                "Children's services co-operation act places a duty on public bodies to "
                "co-operate.",
            ),
            _event(
                2019,
                "evaluation",
                "Independent review of children's social care reports.",
                "countryc-review-2019",
            ),
            _event(
                2024,
                "policy",
                "Children's social care reform plan published.",
                "countryc-dept-2024",
            ),
        ],
        "enablers": [
            _coded(
                "E01",
                "The co-operation duty brought one outcomes framework for children across "
                "departments.",
                "countryc-review-2019",
            ),
            _coded(
                "E02",
                "Trusts hold one budget for health and social care and can move money between "
                "them.",
                "countryc-trusts-2016",
            ),
            _coded(
                "E03",
                "Children's disability teams combine nurses, therapists and social workers.",
                "countryc-trusts-2016",
            ),
            _coded(
                "E04",
                "Trusts share one care record across health and social care staff.",
                "countryc-trusts-2016",
            ),
            _coded(
                "E06",
                "The co-operation duty gives schools and trusts a shared legal basis for joint "
                "planning.",
                "countryc-review-2019",
            ),
            _coded(
                "E10",
                "Specialist services such as secure care are organised once for the whole "
                "country.",
                "countryc-dept-2024",
            ),
        ],
        "barriers": [
            _coded(
                "B02",
                "Schools' records are separate from the trusts' shared record.",
                "countryc-review-2019",
            ),
            _coded(
                "B03",
                "Social workers in health-led trusts describe a medical model that does not "
                "fit work with families.",
                "countryc-review-2019",
            ),
            _coded(
                "B04",
                "Vacancy rates among children's social workers are high.",
                "countryc-review-2019",
            ),
            _coded(
                "B07",
                "The merger into five trusts delayed planned service improvements.",
                "countryc-trusts-2016",
            ),
            _coded(
                "B09",
                "Hospital pressures draw management attention and money away from children's "
                "services in the trusts.",
                "countryc-review-2019",
            ),
        ],
        "sources": ["countryc-trusts-2016", "countryc-review-2019", "countryc-dept-2024"],
    },
    {
        "id": "country-d",
        "name": "Country D",
        "kind": "country",
        "overview": "Country D has a strong national government and relatively weak regional "
        "and local tiers. A national children's agency, formed from regional offices, is "
        "responsible for child protection and care, and a single national health body "
        "replaced the regional health boards. Schools are self-governing and funded directly "
        "by the national ministry. The case shows a country that moved children's social "
        "care and health to national bodies within a few years.",
        "population": 5200000,
        "population_year": 2024,
        "children": 1150000,
        "units": {"regional": 4, "local": 67},
        "funding": {
            "model": "national-grant",
            "description": "National grant funds the children's agency, the health body and "
            "schools; councils fund a small share of local family services from local taxes.",
        },
        "governance": [
            _gov(
                CSC,
                "national",
                "regional",
                "The national children's agency delivers through four regional divisions.",
            ),
            _gov(HEALTH, "national", "regional"),
            _gov(
                EDU,
                "national",
                "local",
                "Self-governing schools are funded directly by the national ministry.",
            ),
            _gov(
                ASC,
                "national",
                "local",
                "Contracted local providers deliver care funded by the national health body.",
            ),
        ],
        "integration": [
            {
                "name": "Information-sharing framework",
                "services": [CSC, HEALTH, EDU],
                "level": "national",
                "form": "shared-data",
                "since": 2018,
                "description": "A national framework lets agencies share information about "
                "children at risk.",
            },
            {
                "name": "Regional children's partnership teams",
                "services": [CSC, HEALTH, EDU],
                "level": "regional",
                "form": "multi-agency-team",
                "since": 2019,
                "description": "Teams of social workers, health staff and education advisers "
                "plan for children with complex needs.",
            },
            {
                "name": "Pooled prevention fund",
                "services": [CSC, HEALTH],
                "level": "regional",
                "form": "pooled-budget",
                "since": 2023,
                "description": "Regional partnerships commission early help from one pooled fund.",
            },
        ],
        "timeline": [
            _event(
                2017,
                "structural",
                "National children's agency formed from regional child protection offices.",
                "countryd-agency-2019",
            ),
            _event(2018, "policy", "National information-sharing framework issued."),
            _event(
                2019,
                "evaluation",
                "Ministerial review of the national children's agency.",
                "countryd-agency-2019",
            ),
            _event(
                2022,
                "structural",
                "Regional health boards merged into one national health body.",
                "countryd-health-2023",
            ),
            _event(
                2023,
                "funding",
                "Pooled prevention fund devolved to regional partnerships.",
                "countryd-prevention-2024",
            ),
        ],
        "enablers": [
            _coded(
                "E02",
                "The pooled prevention fund lets regional partners commission early help "
                "together.",
                "countryd-prevention-2024",
            ),
            _coded(
                "E03",
                "Regional partnership teams improved planning for children with complex needs.",
                "countryd-agency-2019",
            ),
            _coded(
                "E04",
                "The information-sharing framework reduced uncertainty about what may be shared.",
                "countryd-agency-2019",
            ),
            _coded(
                "E05",
                "A national workforce plan covers social workers and health staff who work "
                "with children.",
                "countryd-health-2023",
            ),
            _coded(
                "E06",
                "Legislation requires the agency and health bodies to co-operate.",
                "countryd-agency-2019",
            ),
            _coded(
                "E10",
                "The national agency provides specialist assessment in every region.",
                "countryd-agency-2019",
            ),
        ],
        "barriers": [
            _coded(
                "B01",
                "Councils' family services are funded separately from the national agency.",
                "countryd-prevention-2024",
            ),
            _coded(
                "B02",
                "The agency and the health body still run separate case management systems.",
                "countryd-health-2023",
            ),
            _coded(
                "B04",
                "Social work vacancies rose during the agency's first years.",
                "countryd-agency-2019",
            ),
            _coded(
                "B06",
                "Community organisations reported less influence after regional offices were "
                "centralised.",
                "countryd-agency-2019",
            ),
            _coded(
                "B07",
                "Two national reorganisations within a few years disrupted established "
                "partnerships.",
                "countryd-health-2023",
            ),
            _coded(
                "B08",
                "Early help was funded by one-year grants before the pooled fund.",
                "countryd-prevention-2024",
            ),
        ],
        "sources": ["countryd-agency-2019", "countryd-health-2023", "countryd-prevention-2024"],
    },
    {
        "id": "scotland-police-fire",
        "name": "Scotland: police and fire reform",
        "kind": "reform",
        "overview": "Scotland replaced its regional police forces and its regional fire and "
        "rescue services with two national services. It is the largest recent reorganisation "
        "of Scottish public services into national bodies, and the case asks what it suggests "
        "for a national reform of children's services. The structured facts of the reform "
        "are public record; the enablers and barriers coded for it here are illustrative and "
        "are not research findings.",
        "population": 5400000,
        "population_year": 2022,
        "reform": {
            "legislation": "Police and Fire Reform (Scotland) Act 2012",
            "legislation_source": "scotland-act-2012",
            "established": "2013-04-01",
            "services": [
                {
                    "service": "policing",
                    "new_body": "Police Scotland",
                    "bodies_before": 8,
                    "level_before": "regional",
                    "level_after": "national",
                },
                {
                    "service": "fire-and-rescue",
                    "new_body": "the Scottish Fire and Rescue Service",
                    "bodies_before": 8,
                    "level_before": "regional",
                    "level_after": "national",
                },
            ],
        },
        "timeline": [
            _event(
                2012,
                "legislation",
                "The Police and Fire Reform (Scotland) Act 2012 is passed.",
                "scotland-act-2012",
            ),
            _event(
                2013,
                "structural",
                "Police Scotland and the Scottish Fire and Rescue Service are established, "
                "replacing eight regional police forces and eight fire and rescue services.",
                "scotland-act-2012",
            ),
        ],
        "enablers": [
            _coded(
                "E05",
                "Illustrative: one national workforce allows common training and standards "
                "across the country.",
                "scotland-review-2025",
            ),
            _coded(
                "E07",
                "Illustrative: the national services keep a local dimension through local "
                "plans and engagement with councils.",
                "scotland-review-2025",
            ),
            _coded(
                "E10",
                "Illustrative: a national service can make specialist capacity available "
                "across the whole country, not only where a regional service could afford it.",
                "scotland-review-2025",
            ),
        ],
        "barriers": [
            _coded(
                "B02",
                "Illustrative: bringing together the information systems of the former "
                "services was slow and costly.",
                "scotland-review-2025",
            ),
            _coded(
                "B03",
                "Illustrative: merging several organisational cultures took longer than "
                "merging structures.",
                "scotland-review-2025",
            ),
            _coded(
                "B06",
                "Illustrative: councils and communities described less influence over local "
                "priorities after centralisation.",
                "scotland-review-2025",
            ),
            _coded(
                "B07",
                "Illustrative: the reorganisation absorbed management time while also having "
                "to deliver savings.",
                "scotland-review-2025",
            ),
        ],
        "sources": ["scotland-act-2012", "scotland-review-2025"],
    },
]


class _Dumper(yaml.SafeDumper):
    """YAML writer that folds long text, so the files read well in an editor."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # Long prose is written folded (>-), which keeps lines short and needs no
    # quoting; short values stay plain.
    style = ">" if len(value) > 60 else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def _yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=88, indent=2)


def _bibtex() -> str:
    lines = [
        "% ILLUSTRATIVE DEMONSTRATION DATA: every entry except the Act is fictional, and its",
        "% note says so. Written by `python -m csrr demo-data --strand strand2`.",
        "",
    ]
    for kind, key, fields in SOURCES:
        fields = dict(fields)
        if key != "scotland-act-2012":
            fields["note"] = FICTIONAL
        lines.append(f"@{kind}{{{key},")
        lines += [f"  {name} = {{{value}}}," for name, value in fields.items()]
        lines[-1] = lines[-1].rstrip(",")
        lines += ["}", ""]
    return "\n".join(lines)


def generate(out_dir: Path) -> list[Path]:
    """Write the strand 2 demo data and its data dictionary.

    Parameters
    ----------
    out_dir : Path
        Folder to write into (``data/demo/strand2``); created if needed.
        Case files from an earlier run that no longer exist in the demo are
        removed, so the folder holds exactly the demo.

    Returns
    -------
    list of Path
        Every file written, in writing order.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def write(name: str, text: str) -> None:
        path = out_dir / name
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)

    write(THEMES_FILE, HEADER + _yaml({"themes": THEMES}))
    names = {f"{CASE_PREFIX}{case['id']}.yml" for case in CASES}
    for stale in sorted(out_dir.glob(f"{CASE_PREFIX}*.yml")):
        if stale.name not in names:
            stale.unlink()
    for case in CASES:
        write(f"{CASE_PREFIX}{case['id']}.yml", HEADER + _yaml(case))
    write(BIB_FILE, _bibtex())
    write("README.md", data_dictionary(INTRO))
    return written
