"""The demo data: regenerating it gives the committed bytes, and it reads as illustrative."""

from __future__ import annotations

import re

from csrr.cli import main
from csrr.strand2 import demo
from tests.strand2.conftest import DEMO


def test_regenerating_gives_byte_identical_files(tmp_path):
    written = demo.generate(tmp_path / "strand2")
    committed = sorted(p.name for p in DEMO.iterdir() if p.is_file())
    assert sorted(p.name for p in written) == committed
    for path in written:
        assert path.read_bytes() == (DEMO / path.name).read_bytes(), path.name


def test_generating_twice_is_stable_and_removes_stale_cases(tmp_path):
    out = tmp_path / "strand2"
    first = {p.name: p.read_bytes() for p in demo.generate(out)}
    (out / "case-country-z.yml").write_text("id: country-z\n", encoding="utf-8")
    second = {p.name: p.read_bytes() for p in demo.generate(out)}
    assert first == second
    assert not (out / "case-country-z.yml").exists()


def test_the_command_line_writes_the_demo(tmp_path, capsys):
    assert main(["demo-data", "--strand", "strand2", "--out", str(tmp_path)]) == 0
    assert "strand2: wrote 8 files" in capsys.readouterr().out
    assert (tmp_path / "strand2" / "themes.yml").read_bytes() == (DEMO / "themes.yml").read_bytes()


def test_every_data_file_says_it_is_illustrative():
    for path in DEMO.iterdir():
        text = path.read_text(encoding="utf-8")
        assert "ILLUSTRATIVE" in text.upper(), path.name


def test_countries_are_labelled_neutrally(cases):
    assert [c.name for c in cases.countries] == [
        "Country A",
        "Country B",
        "Country C",
        "Country D",
    ]


def test_every_source_but_the_act_is_marked_fictional():
    bib = (DEMO / "references.bib").read_text(encoding="utf-8")
    entries = re.findall(r"@\w+\{([^,]+),(.*?)\n\}", bib, flags=re.DOTALL)
    assert len(entries) == len(demo.SOURCES)
    for key, body in entries:
        fictional = demo.FICTIONAL in body
        assert fictional == (key != "scotland-act-2012"), key


def test_scottish_case_holds_only_the_public_facts(cases):
    reform = cases.reform.reform
    assert reform.legislation == "Police and Fire Reform (Scotland) Act 2012"
    assert reform.established == "2013-04-01"
    assert [
        (s.new_body, s.bodies_before, s.level_before, s.level_after) for s in reform.services
    ] == [
        ("Police Scotland", 8, "regional", "national"),
        ("the Scottish Fire and Rescue Service", 8, "regional", "national"),
    ]
    # Its coded themes are illustrative, and say so.
    assert all(c.evidence.startswith("Illustrative:") for c in cases.reform.coded)


def test_demo_has_common_and_uncommon_themes(cases, params):
    # The demo exercises every branch of the common-approach rule.
    from csrr.strand2.analysis import theme_presence

    counts = set(theme_presence(cases)["countries"])
    assert {1, 2, 3, 4} <= counts
