"""Synthetic demonstration data for strand 5 (deterministic).

Writes ``data/demo/strand5/``: ten focus groups and fourteen interviews with
people working in statutory and third-sector children's services, the
coded segments of their transcripts, the codebook, and the data dictionary.
Everything is invented and illustrative: the excerpts are composed from a
bank of sentences written to sound like practitioners talking, so that the
analysis has something plausible to count and quote.

Some excerpts deliberately name people, places and organisations, and give
e-mail addresses and phone numbers, so that the redaction is exercised on
every build. The people and organisations are fictional; the phone numbers
come from the ranges Ofcom reserves for drama (0131 496 0xxx, 0141 496 0xxx,
01632 960xxx, 07700 900xxx), so none can reach a real person.

Run ``python -m csrr demo-data --strand strand5`` to rewrite the files; the
same seed always gives the same bytes.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from csrr.strand5 import data as schema
from csrr.validation import data_dictionary

SEED = 20260522

# The identifiers planted in excerpts. params/strand5.yml lists the same
# names for redaction; a test checks that every one of them is listed.
PEOPLE = (
    "Morag Baillie",
    "Craig Dunsmuir",
    "Aileen Kerracher",
    "Stuart Macphail",
    "Fiona Lennox",
    "Euan Cathcart",
    "Kirsty Imrie",
)
PLACES = (
    "Kirkcaldy",
    "Cumbernauld",
    "Easterhouse",
    "Fort William",
    "Elgin",
    "Stornoway",
    "Galashiels",
)
ORGANISATIONS = (
    "Brightstart Family Support",
    "Harbour Youth Trust",
    "Kinfolk Carers Network",
    "Northfield Health Centre",
    "St Ninian's Primary",
    "Riverside Family Centre",
)
EMAILS = (
    "m.baillie@brightstartfamily.org.uk",
    "referrals.north@harbouryouthtrust.org.uk",
    "craig.dunsmuir@northfieldhc.scot",
    "duty.team@kinfolkcarers.org.uk",
)
PHONES = (
    "0131 496 0418",
    "07700 900 415",
    "+44 7700 900782",
    "(0141) 496 0219",
    "01632 960 377",
    "+44 (0)131 496 0552",
    "07700900651",
)

# Sessions: (mode, area type, date) for each focus group, in date order;
# interviews are spread over the same months.
FOCUS_GROUPS = (
    ("Large urban areas", "2026-02-10"),
    ("Accessible small towns", "2026-02-19"),
    ("Remote rural areas", "2026-03-03"),
    ("Other urban areas", "2026-03-12"),
    ("Large urban areas", "2026-03-24"),
    ("Accessible rural areas", "2026-04-14"),
    ("Other urban areas", "2026-04-23"),
    ("Remote small towns", "2026-05-06"),
    ("Large urban areas", "2026-05-14"),
    ("Other urban areas", "2026-05-21"),
)
N_INTERVIEWS = 14
INTERVIEW_AREAS = {
    "Large urban areas": 0.3,
    "Other urban areas": 0.25,
    "Accessible small towns": 0.15,
    "Remote small towns": 0.1,
    "Accessible rural areas": 0.1,
    "Remote rural areas": 0.1,
}

# ---------------------------------------------------------------------------
# The codebook. Theme -> framework elements, and the strand 3 and 4 findings
# it explores (chosen by reading those findings' titles).
# ---------------------------------------------------------------------------

CODEBOOK = [
    {
        "code": "T1",
        "name": "Relationships and continuity",
        "definition": (
            "Trusting, consistent relationships between families and workers: the time they "
            "take to build, what breaks them, and listening to children and families."
        ),
        "finding": (
            "Participants saw trusting, consistent relationships as the core of effective help, "
            "and staff turnover as the main threat to them."
        ),
        "explores": ["S4-F01"],
        "elements": ["relationships", "rights"],
        "subthemes": [
            (
                "T1.1",
                "Time to build trust",
                "Families need time and the same worker to trust a service.",
            ),
            (
                "T1.2",
                "Turnover breaks continuity",
                "Changes of worker set families back and erode trust.",
            ),
            (
                "T1.3",
                "Listening to children and families",
                "Children's and families' views shaping plans and services.",
            ),
        ],
    },
    {
        "code": "T2",
        "name": "Workload, wellbeing and retention",
        "definition": (
            "The pressures on the workforce: caseloads and recording, wellbeing and "
            "supervision, and recruiting and keeping staff."
        ),
        "finding": (
            "Rising caseloads, recording demands and vacancies were eroding the time and support "
            "practitioners need, and driving people out of the workforce."
        ),
        "explores": ["S4-F04", "S3-F04"],
        "elements": ["workforce"],
        "subthemes": [
            (
                "T2.1",
                "Caseloads and recording",
                "Volume of work and time spent recording rather than with families.",
            ),
            (
                "T2.2",
                "Wellbeing and supervision",
                "Stress, vicarious trauma and the support that sustains staff.",
            ),
            (
                "T2.3",
                "Recruitment and retention",
                "Vacancies, turnover, pay and the pull between sectors.",
            ),
        ],
    },
    {
        "code": "T3",
        "name": "Working across agencies",
        "definition": (
            "How practitioners in different services work together: sharing information, "
            "knowing each other, and a shared language and training."
        ),
        "finding": (
            "Multi-agency working rested more on people knowing and trusting each other than on "
            "formal protocols, with information sharing the most common sticking point."
        ),
        "explores": ["S4-F02"],
        "elements": ["structures", "relationships"],
        "subthemes": [
            (
                "T3.1",
                "Information sharing",
                "Sharing records and concerns across agencies, and the fear of sharing.",
            ),
            (
                "T3.2",
                "Knowing each other",
                "Co-location, informal contact and teams around the child.",
            ),
            (
                "T3.3",
                "Shared training and language",
                "Joint training and a common language across professions.",
            ),
        ],
    },
    {
        "code": "T4",
        "name": "Structures and governance",
        "definition": (
            "Integration arrangements, governance and national direction, and how much they "
            "matter compared with leadership and culture."
        ),
        "finding": (
            "Participants valued what integration arrangements could enable but stressed that "
            "leadership and culture, rather than structure, decided whether joint working improved."
        ),
        "explores": ["S3-F01", "S3-F03", "S3-F05", "S4-F05"],
        "elements": ["structures", "national-functions"],
        "subthemes": [
            (
                "T4.1",
                "Culture and leadership over structure",
                "Structures matter less than the culture and leadership within them.",
            ),
            (
                "T4.2",
                "Integration arrangements",
                "What bringing children's services into partnerships gained and lost.",
            ),
            (
                "T4.3",
                "National support and direction",
                "What should be done once, nationally: workforce planning, data, standards.",
            ),
        ],
    },
    {
        "code": "T5",
        "name": "Funding and early help",
        "definition": (
            "Short-term funding of services, thresholds for help, waiting lists, and the "
            "availability of early, local support."
        ),
        "finding": (
            "Short-term funding and high thresholds for help were seen to undermine early, local "
            "support, especially in the third sector."
        ),
        "explores": ["S4-F01", "S4-F04"],
        "elements": ["local-services"],
        "subthemes": [
            ("T5.1", "Short-term funding", "Annual grants, pilots that end and insecure posts."),
            (
                "T5.2",
                "Thresholds and early help",
                "High thresholds, waiting lists and help that comes too late.",
            ),
        ],
    },
    {
        "code": "T6",
        "name": "Poverty and stigma",
        "definition": (
            "Poverty and the cost of living as drivers of need, and stigma as a barrier to "
            "asking for help."
        ),
        "finding": (
            "Poverty was described as the driver of much of the need services meet, and stigma as "
            "a barrier that locally based, universal services help families overcome."
        ),
        "explores": ["S3-F02"],
        "elements": ["poverty", "local-services"],
        "subthemes": [
            (
                "T6.1",
                "Poverty and the cost of living",
                "Money worries, debt and food and fuel poverty behind referrals.",
            ),
            (
                "T6.2",
                "Stigma and access",
                "Fear of being judged, and help offered where families already go.",
            ),
        ],
    },
    {
        "code": "T7",
        "name": "Policy landscape and change",
        "definition": (
            "The number of strategies, duties and reporting demands, and experience of "
            "repeated change and national reform."
        ),
        "finding": (
            "Participants described a crowded policy and reporting landscape and fatigue with "
            "repeated change, and wanted reform designed with the front line."
        ),
        "explores": ["S4-F03"],
        "elements": ["landscape", "national-functions"],
        "subthemes": [
            (
                "T7.1",
                "Crowded policy and reporting",
                "Many strategies and duties, each with its own reporting.",
            ),
            (
                "T7.2",
                "Change fatigue and reform",
                "Repeated reorganisation, uncertainty and how change is made.",
            ),
        ],
    },
]

# ---------------------------------------------------------------------------
# The sentence bank: what participants say about each sub-theme. Slots in
# braces are filled with planted identifiers.
# ---------------------------------------------------------------------------

SENTENCES: dict[str, list[str]] = {
    "T1.1": [
        "Families tell us the thing that made a difference was having one person who stuck with them.",
        "You cannot rush trust with a family who has been let down by services before.",
        "It took me months before that mum would even open the door, and then things started to move.",
        "The relationship is the intervention, really; everything else hangs off it.",
        "When a young person knows you'll turn up when you said you would, that's half the work done.",
        "We get measured on contacts and timescales, but what families value is someone who knows their story.",
        "{person} has been with that family since the baby was born, and they trust nobody else.",
    ],
    "T1.2": [
        "Some of our young people have had five or six social workers in two years, and they stop telling their story.",
        "Every time a worker leaves, the family has to start again with someone new.",
        "Agency staff do their best, but they're gone in three months and the family knows it.",
        "The kids notice when people leave, even if nobody tells them why.",
        "Continuity isn't a nice-to-have; when it breaks, the plan breaks with it.",
        "When {person} moved to {org}, the family just disengaged for months.",
    ],
    "T1.3": [
        "Children are very clear about what helps, if we actually ask them and then act on it.",
        "Too often the child's views are a paragraph at the end of the report rather than shaping the plan.",
        "Families want to be part of the decision, not told about it afterwards at a meeting of twelve professionals.",
        "Young people say they want to be asked once, properly, not by every agency in turn.",
        "Where we've had care-experienced young people on interview panels, it has changed who we hire.",
    ],
    "T2.1": [
        "My caseload has gone up every year and the families have more going on than ever.",
        "I spend more time recording than I do with families, and that's not why any of us came into this job.",
        "We're firefighting; the preventative work is the first thing to go when the duty list is full.",
        "The paperwork is duplicated across three systems that don't talk to each other.",
        "When you're carrying that many cases, you stop being able to think about any of them properly.",
    ],
    "T2.2": [
        "Good supervision is what keeps me in the job; when it slips, everything feels heavier.",
        "There's a lot of vicarious trauma that nobody really names.",
        "People are off with stress, which puts more on the rest of the team, and round it goes.",
        "Reflective supervision got squeezed out; it's all case management now.",
        "My manager protects our time for supervision and it makes a real difference.",
        "The wellbeing sessions {person} set up at {org} were the first time anyone asked how we were doing.",
    ],
    "T2.3": [
        "We've had vacancies advertised three times with no applicants at all.",
        "Newly qualified workers come in, get the hardest cases and leave within a couple of years.",
        "Third sector pay can't compete, so we train people up and the council recruits them.",
        "In a remote area, one vacancy is a third of the team.",
        "Housing is a real barrier; people would take the job but can't find anywhere to live.",
        "We lost two workers in {place} last year because the travel alone was unmanageable.",
    ],
    "T3.1": [
        "Half the time health and social work can't see each other's records, so the family tells the same story three times.",
        "People are still nervous about what they're allowed to share, so they share nothing.",
        "When information sharing works, it's because two people trust each other, not because of the protocol.",
        "We found out about the school exclusion a fortnight later, by accident.",
        "The guidance is there, but every agency reads it differently.",
        "I emailed the referral to {email} and heard nothing for three weeks.",
        "If it's urgent I just phone {person} directly on {phone}, which says a lot about the system.",
    ],
    "T3.2": [
        "Since we moved into the same building as the health visitors, things get sorted over a cup of tea.",
        "It's the informal contact that makes it work: knowing who to call.",
        "Co-location helped, but only because managers made time for us to actually meet.",
        "When the team around the child meets regularly, the family sees one plan, not four.",
        "Being based at {org} means the school nurse is just down the corridor.",
        "In {place} we all know each other, so a phone call sorts what would take a form elsewhere.",
    ],
    "T3.3": [
        "Joint training with police and education did more for our working relationships than any restructure.",
        "Each profession has its own language for risk, and we talk past each other.",
        "GIRFEC gave us a common language, but people use it in different ways.",
        "Shadowing a colleague in another service for a day changed how I make referrals.",
    ],
    "T4.1": [
        "Families don't care whether we're in a partnership or not; they care whether we turn up.",
        "Restructures move boxes around but the same problems come back.",
        "What made the difference here was leadership that let us try things, not the structure chart.",
        "We've had three reorganisations and the culture hasn't shifted.",
        "Integration happens at the front door, between workers, not in the board minutes.",
    ],
    "T4.2": [
        "Bringing children's services into the health and social care partnership gave us a seat at the table we never had.",
        "In the partnership, children's services can feel like the small item at the end of a very adult agenda.",
        "The integration scheme looks good on paper, but budgets are still held separately.",
        "Governance is so layered that a simple decision goes through four groups.",
        "Since integration, our links with adult mental health services are much better, and that helps parents.",
        "When {org} came under the partnership, we lost our direct line to education.",
    ],
    "T4.3": [
        "We need a national workforce plan; every area is competing for the same small pool of staff.",
        "Good national data would let us see whether what we're doing works.",
        "Every area is building its own system for the same thing; some of this should be done once, nationally.",
    ],
    "T5.1": [
        "We live on one-year grants, so staff are on notice every March.",
        "Just as a project gets going and families trust it, the funding ends.",
        "Short-term money makes it impossible to keep good staff, because they need a secure job.",
        "Tests of change are great, but nothing gets mainstreamed.",
        "The parenting group in {place} closed when the lottery funding ran out, and those families have nowhere to go now.",
        "{org} has applied for the same pot of money five years running just to stand still.",
    ],
    "T5.2": [
        "By the time a family meets the threshold, the problems are entrenched.",
        "We turn people away who would have been easy to help a year earlier.",
        "The CAMHS waiting list means we're holding young people who really need specialist help.",
        "Early help is everyone's priority in the strategy and nobody's budget.",
        "Families want help before things go wrong, and they want it close to home.",
        "The nearest family support is in {place}, two buses away, so families just don't go.",
    ],
    "T6.1": [
        "Most of what lands on my desk starts with money: rent arrears, debt, no food in the house.",
        "We're seeing working families now, not just the ones we always saw.",
        "The Scottish Child Payment helps, but it doesn't touch the cost of heating and rent.",
        "Poverty gets treated as a parenting problem when it's an income problem.",
        "Half my time is food bank referrals and fuel vouchers.",
        "The food bank at {org} now opens three days a week instead of one.",
    ],
    "T6.2": [
        "Families are frightened that asking for help means social work will take their children.",
        "If the help is in the school or the community centre, people come; if it's in the social work office, they don't.",
        "Some parents won't use the family centre because everyone in the village would know.",
        "Universal services are the way in, because nobody is labelled for turning up.",
        "In a place like {place}, everyone sees whose car is parked outside.",
    ],
    "T7.1": [
        "There are so many strategies and plans that nobody can hold them all in their head.",
        "We report the same information to four different bodies in four different formats.",
        "Every new policy comes with a new reporting template and no new resource.",
        "The legislation is good, but it's layered on top of everything else rather than replacing anything.",
    ],
    "T7.2": [
        "People are tired; we've been transforming for ten years.",
        "Staff support the Promise, but they can't see how to deliver it with the resources they have.",
        "National reform has created a lot of uncertainty, and uncertainty makes people leave.",
        "Change works when the front line helps design it, not when it's announced.",
        "We were consulted, but we never heard what happened to what we said.",
    ],
}
OPENERS = (
    "",
    "",
    "",
    "Honestly, ",
    "For me, ",
    "I think ",
    "To be honest, ",
    "What I'd say is ",
    "From where I sit, ",
    "Speaking for our team, ",
    "I suppose ",
)
CONNECTORS = ("", "", "And ", "At the same time, ", "On top of that, ", "Also, ")
CLOSERS = (
    "",
    "",
    "",
    "",
    "That's the reality.",
    "It's not sustainable.",
    "I don't think that's said enough.",
    "That's what I'd want this research to hear.",
    "You see it every week.",
    "It shouldn't depend on luck.",
)
# Sometimes a participant offers contact details in passing.
CONTACT_ASIDES = (
    "My number is {phone} if you want to follow any of this up.",
    "You can get me on {email} if that's useful.",
)

# Base weights of themes (how often they come up), and how sector and role
# shift them: the third sector talks more about funding and poverty,
# senior leaders more about structures and policy.
THEME_WEIGHT = {"T1": 1.2, "T2": 1.6, "T3": 1.3, "T4": 0.55, "T5": 0.9, "T6": 0.6, "T7": 0.3}
SECTOR_SHIFT = {
    "third sector": {"T5": 2.2, "T6": 1.8, "T4": 0.5, "T7": 0.8},
    "statutory sector": {"T2": 1.3, "T4": 1.3, "T7": 1.2},
}
ROLE_SHIFT = {
    "Practitioner": {"T1": 1.4, "T2": 1.2, "T4": 0.6, "T7": 0.6},
    "Team leader or manager": {"T2": 1.3, "T3": 1.2},
    "Senior or strategic leader": {"T4": 2.2, "T7": 2.0, "T1": 0.6, "T6": 0.8},
}
# Themes that tend to be discussed together (segments coded to both).
AFFINITY = {
    "T1": {"T2": 3, "T3": 1, "T6": 1},
    "T2": {"T1": 3, "T5": 2, "T7": 1},
    "T3": {"T4": 3, "T1": 1},
    "T4": {"T3": 3, "T7": 2},
    "T5": {"T6": 3, "T2": 2},
    "T6": {"T5": 3, "T1": 1},
    "T7": {"T4": 2, "T2": 1},
}
# Any two themes can meet in one segment, the pairs above far more often.
BACKGROUND_AFFINITY = 0.25
SECOND_CODE = 0.35  # share of segments coded to a second theme
THEME_LEVEL_CODE = 0.08  # share coded at theme rather than sub-theme level
SALIENCE = 3.0  # how much a session's own focus boosts its themes
UNAPPROVED = 0.07  # excerpts withheld for other reasons (identifying detail)
IDENTIFIER_SENTENCE = 0.22  # chance of choosing a sentence that names someone


def _weekday(text: str, shift: int) -> str:
    day = date.fromisoformat(text) + timedelta(days=shift)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day.isoformat()


def _sessions(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for index, (area, when) in enumerate(FOCUS_GROUPS, start=1):
        rows.append((f"FG{index:02d}", "focus group", when, area, int(rng.integers(5, 10))))
    start = date(2026, 2, 3)
    span = (date(2026, 5, 29) - start).days
    offsets = sorted(int(x) for x in rng.choice(span, size=N_INTERVIEWS, replace=False))
    areas = rng.choice(list(INTERVIEW_AREAS), size=N_INTERVIEWS, p=list(INTERVIEW_AREAS.values()))
    for index, (offset, area) in enumerate(zip(offsets, areas, strict=True), start=1):
        rows.append((f"IN{index:02d}", "interview", _weekday(start.isoformat(), offset), area, 1))
    return pd.DataFrame(rows, columns=[c.name for c in schema.SESSIONS.columns])


def _participants(rng: np.random.Generator, sessions: pd.DataFrame) -> pd.DataFrame:
    rows = []
    number = 0
    for session in sessions.itertuples(index=False):
        if session.mode == "interview":
            roles = rng.choice(schema.ROLE_GROUPS, size=1, p=[0.1, 0.35, 0.55])
            third = rng.random(1) < 0.35
        else:
            roles = rng.choice(schema.ROLE_GROUPS, size=session.participants, p=[0.64, 0.28, 0.08])
            # Some groups were run with one sector's staff only.
            mix = rng.choice([0.15, 0.5, 1.0], p=[0.25, 0.5, 0.25])
            third = rng.random(session.participants) < mix
        for role, is_third in zip(roles, third, strict=True):
            number += 1
            sector = "third sector" if is_third else "statutory sector"
            rows.append((f"P{number:03d}", session.session_id, str(role), sector))
    return pd.DataFrame(rows, columns=[c.name for c in schema.PARTICIPANTS.columns])


def _lower_first(sentence: str) -> str:
    """Lower-case a sentence's first letter when something now comes before it."""
    first = sentence.split()[0]
    if first in ("I", "I'm", "I'd", "I've", "I'll") or first.isupper() or first.startswith("{"):
        return sentence
    if first.rstrip(",;:") in ("GIRFEC", "CAMHS"):
        return sentence
    return sentence[0].lower() + sentence[1:]


def _fill(sentence: str, rng: np.random.Generator) -> str:
    pools = {
        "{person}": PEOPLE,
        "{place}": PLACES,
        "{org}": ORGANISATIONS,
        "{email}": EMAILS,
        "{phone}": PHONES,
    }
    for slot, pool in pools.items():
        while slot in sentence:
            sentence = sentence.replace(slot, str(rng.choice(pool)), 1)
    # A name that opens a sentence after an opener keeps its capital.
    return sentence


def _pick_sentence(code: str, rng: np.random.Generator, avoid: set[str]) -> str:
    bank = SENTENCES[code]
    named = [s for s in bank if "{" in s]
    plain = [s for s in bank if "{" not in s and s not in avoid] or [
        s for s in bank if "{" not in s
    ]
    if named and rng.random() < IDENTIFIER_SENTENCE:
        return str(rng.choice(named))
    return str(rng.choice(plain))


def _excerpt(codes: list[str], rng: np.random.Generator) -> str:
    """Compose one excerpt about the given sub-themes."""
    used: set[str] = set()
    parts = []
    first = _pick_sentence(codes[0], rng, used)
    used.add(first)
    opener = str(rng.choice(OPENERS))
    parts.append(opener + (_lower_first(first) if opener else first))
    if rng.random() < 0.45:
        more = _pick_sentence(codes[0], rng, used)
        if more not in used:
            used.add(more)
            parts.append(more)
    for code in codes[1:]:
        nxt = _pick_sentence(code, rng, used)
        used.add(nxt)
        connector = str(rng.choice(CONNECTORS))
        parts.append(connector + (_lower_first(nxt) if connector else nxt))
    closer = str(rng.choice(CLOSERS))
    if closer:
        parts.append(closer)
    if rng.random() < 0.04:
        parts.append(str(rng.choice(CONTACT_ASIDES)))
    return _fill(" ".join(parts), rng)


def _theme_weights(sector: str, role: str, salient: set[str]) -> dict[str, float]:
    weights = {}
    for theme, base in THEME_WEIGHT.items():
        w = base * SECTOR_SHIFT[sector].get(theme, 1.0) * ROLE_SHIFT[role].get(theme, 1.0)
        weights[theme] = w * (SALIENCE if theme in salient else 1.0)
    return weights


def _choose(rng: np.random.Generator, weights: dict[str, float]) -> str:
    keys = list(weights)
    p = np.array([weights[k] for k in keys], dtype=float)
    return str(rng.choice(keys, p=p / p.sum()))


def _subthemes(theme: str) -> list[str]:
    return [code for code in SENTENCES if code.split(".")[0] == theme]


def _segments(
    rng: np.random.Generator, participants: pd.DataFrame, sessions: pd.DataFrame
) -> pd.DataFrame:
    mode = sessions.set_index("session_id")["mode"]
    # Each session has its own focus: three themes it dwelt on.
    salience = {}
    for sid in sessions["session_id"]:
        p = np.array(list(THEME_WEIGHT.values()))
        salience[sid] = set(rng.choice(list(THEME_WEIGHT), size=3, replace=False, p=p / p.sum()))
    # Two participants agreed to take part but not to be quoted.
    fg = participants[participants["session_id"].map(mode) == "focus group"]["participant_id"]
    iv = participants[participants["session_id"].map(mode) == "interview"]["participant_id"]
    declined = {str(rng.choice(fg)), str(rng.choice(iv))}

    rows = []
    seen: set[str] = set()
    number = 0
    for person in participants.itertuples(index=False):
        interview = mode[person.session_id] == "interview"
        count = int(rng.integers(4, 9) if interview else rng.integers(1, 5))
        weights = _theme_weights(person.sector, person.role_group, salience[person.session_id])
        for _ in range(count):
            theme = _choose(rng, weights)
            codes = [str(rng.choice(_subthemes(theme)))]
            if rng.random() < SECOND_CODE:
                partner = _choose(
                    rng,
                    {
                        t: AFFINITY[theme].get(t, BACKGROUND_AFFINITY)
                        for t in THEME_WEIGHT
                        if t != theme
                    },
                )
                codes.append(str(rng.choice(_subthemes(partner))))
            for _attempt in range(50):
                text = _excerpt(codes, rng)
                if text not in seen:
                    break
            seen.add(text)
            shown = [c.split(".")[0] if rng.random() < THEME_LEVEL_CODE else c for c in codes]
            approved = person.participant_id not in declined and rng.random() >= UNAPPROVED
            number += 1
            rows.append(
                (
                    f"S{number:04d}",
                    person.participant_id,
                    person.session_id,
                    "; ".join(dict.fromkeys(shown)),
                    text,
                    "true" if approved else "false",
                )
            )
    return pd.DataFrame(rows, columns=[c.name for c in schema.SEGMENTS.columns])


def codebook_yaml() -> str:
    """The demo codebook as YAML text, with a header saying what it is."""
    themes = []
    for theme in CODEBOOK:
        item = {
            k: theme[k] for k in ("code", "name", "definition", "finding", "explores", "elements")
        }
        item["subthemes"] = [
            {"code": code, "name": name, "definition": definition}
            for code, name, definition in theme["subthemes"]
        ]
        themes.append(item)
    header = (
        "# Codebook of strand 5 (ILLUSTRATIVE: synthetic demonstration data).\n"
        "# Themes in report order; `explores` links each theme to the strand 3 and 4\n"
        "# findings it explores, `elements` to the framework in params/synthesis.yml.\n"
        "# Format: see README.md in this folder.\n"
    )
    body = yaml.safe_dump({"themes": themes}, sort_keys=False, allow_unicode=True, width=88)
    return header + body


README_INTRO = """\
**Illustrative data: synthetic, not research findings.** These files were made
by `python -m csrr demo-data --strand strand5` (module `csrr.strand5.demo`,
fixed seed) to demonstrate the strand 5 report: ten focus groups and fourteen
interviews with people working in statutory and third-sector children's
services in Scotland, the coded segments of their transcripts and the
codebook. The excerpts are composed from a bank of invented sentences.

Some excerpts deliberately name people, places and organisations and give
e-mail addresses and phone numbers, so that every build exercises the
redaction (names listed in `params/strand5.yml`). The people and
organisations are fictional; phone numbers are from the ranges Ofcom
reserves for drama. Two participants (all their excerpts) and a few other
excerpts are marked as not approved for publication: they count towards
prevalence but are never quoted.

Files: `sessions.csv`, `participants.csv`, `segments.csv` and
`codebook.yml` (optional: `redaction.yml`). Rows are numbered as a
spreadsheet shows them (the header is row 1)."""


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")


def generate(out_dir: Path) -> list[Path]:
    """Write the demo data and its data dictionary into ``out_dir``.

    Parameters
    ----------
    out_dir : Path
        Folder to write (``data/demo/strand5``); created if missing.

    Returns
    -------
    list of Path
        The files written, in a fixed order.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)
    sessions = _sessions(rng)
    participants = _participants(rng, sessions)
    sessions["participants"] = (
        participants["session_id"].value_counts().reindex(sessions["session_id"]).to_numpy()
    )
    segments = _segments(rng, participants, sessions)

    written = []
    for frame, name in (
        (sessions, schema.SESSIONS_FILE),
        (participants, schema.PARTICIPANTS_FILE),
        (segments, schema.SEGMENTS_FILE),
    ):
        path = out_dir / name
        _write_csv(frame, path)
        written.append(path)
    path = out_dir / schema.CODEBOOK_FILE
    path.write_text(codebook_yaml(), encoding="utf-8")
    written.append(path)
    readme = data_dictionary(
        "Strand 5 demo data: focus groups and interviews", README_INTRO, schema.SCHEMAS
    )
    path = out_dir / "README.md"
    path.write_text(readme + "\n" + schema.CODEBOOK_DOC, encoding="utf-8")
    written.append(path)
    return written
