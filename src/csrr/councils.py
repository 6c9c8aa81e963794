"""Scotland's 32 council areas: GSS codes, names and reporting regions.

Shared by every strand that works by area (3, 4 and 5), so that all of them
accept the same codes and spell the names the same way. Codes are the
current ones (2019 onwards: Fife S12000047, Perth and Kinross S12000048,
Glasgow City S12000049, North Lanarkshire S12000050).
"""

from __future__ import annotations

# code -> (name, region). Regions group councils for disclosure control:
# small councils' counts are shown at region level when they would
# otherwise be suppressed. "Islands" holds the three island councils.
COUNCILS: dict[str, tuple[str, str]] = {
    "S12000005": ("Clackmannanshire", "East"),
    "S12000006": ("Dumfries and Galloway", "South West"),
    "S12000008": ("East Ayrshire", "South West"),
    "S12000010": ("East Lothian", "Lothians and Borders"),
    "S12000011": ("East Renfrewshire", "West"),
    "S12000013": ("Na h-Eileanan Siar", "Islands"),
    "S12000014": ("Falkirk", "East"),
    "S12000017": ("Highland", "North"),
    "S12000018": ("Inverclyde", "West"),
    "S12000019": ("Midlothian", "Lothians and Borders"),
    "S12000020": ("Moray", "North"),
    "S12000021": ("North Ayrshire", "South West"),
    "S12000023": ("Orkney Islands", "Islands"),
    "S12000026": ("Scottish Borders", "Lothians and Borders"),
    "S12000027": ("Shetland Islands", "Islands"),
    "S12000028": ("South Ayrshire", "South West"),
    "S12000029": ("South Lanarkshire", "West"),
    "S12000030": ("Stirling", "East"),
    "S12000033": ("Aberdeen City", "North"),
    "S12000034": ("Aberdeenshire", "North"),
    "S12000035": ("Argyll and Bute", "North"),
    "S12000036": ("City of Edinburgh", "Lothians and Borders"),
    "S12000038": ("Renfrewshire", "West"),
    "S12000039": ("West Dunbartonshire", "West"),
    "S12000040": ("West Lothian", "Lothians and Borders"),
    "S12000041": ("Angus", "East"),
    "S12000042": ("Dundee City", "East"),
    "S12000045": ("East Dunbartonshire", "West"),
    "S12000047": ("Fife", "East"),
    "S12000048": ("Perth and Kinross", "East"),
    "S12000049": ("Glasgow City", "West"),
    "S12000050": ("North Lanarkshire", "West"),
}

CODES: tuple[str, ...] = tuple(sorted(COUNCILS))
NAMES: dict[str, str] = {code: name for code, (name, _) in COUNCILS.items()}
REGIONS: dict[str, str] = {code: region for code, (_, region) in COUNCILS.items()}
# Published data spell some names with "&"; these map them to ours.
_ALIASES = {
    "Dumfries & Galloway": "Dumfries and Galloway",
    "Argyll & Bute": "Argyll and Bute",
    "Perth & Kinross": "Perth and Kinross",
    "Edinburgh, City of": "City of Edinburgh",
    "Edinburgh City": "City of Edinburgh",
    "Orkney": "Orkney Islands",
    "Shetland": "Shetland Islands",
    "Eilean Siar": "Na h-Eileanan Siar",
    "Western Isles": "Na h-Eileanan Siar",
}
_BY_NAME = {name: code for code, name in NAMES.items()}


def code_for(name: str) -> str | None:
    """GSS code of a council given its name in any common spelling, or None."""
    name = " ".join(str(name).split())
    return _BY_NAME.get(_ALIASES.get(name, name))
