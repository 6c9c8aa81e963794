"""The review site's pages, from report records: order, titles, descriptions, changes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from csrr import publish
from csrr.checks import check_html
from csrr.reports import NOTEBOOKS

PROV = {
    "date": "2026-11-22",
    "git": {"commit": "0123456789abcdef", "uncommitted_changes": False},
    "tools": {"python": "3.11"},
}
NO_CHANGES = {"added": [], "removed": [], "changed": []}


def record(tmp_path: Path, nb_id: str, variant: str, body: str = "") -> dict:
    """A report as collect() gives it, with its HTML written to tmp_path."""
    nb = NOTEBOOKS[nb_id]
    name = nb.report_name(variant)
    folder = tmp_path / name
    folder.mkdir(parents=True, exist_ok=True)
    docs = {}
    for fmt in ("html", "pdf", "docx"):
        path = folder / f"{name}.{fmt}"
        path.write_text(f"<html><body><main>{body}</main></body></html>" if fmt == "html" else "x")
        docs[fmt] = {
            "path": path,
            "sha256": "0" * 64,
            "bytes": 2048,
            "engine": "built-in",
            "profile": "draft",
        }
    title = "Final title" if nb_id == "synthesis" else f"Title of {nb.label}"
    return {
        "name": name,
        "notebook": nb,
        "variant": variant,
        "title": title,
        "full_title": publish.report_title(nb, variant, title),
        "description": publish.description(nb, variant),
        "label": "Final report" if nb_id == "synthesis" else f"{nb.label}: {variant}",
        "version": "0.1",
        "date": "2026-11-22",
        "status": "draft",
        "data_status": "synthetic",
        "docs": docs,
    }


def test_site_order_puts_the_final_report_first():
    assert [nb.id for nb in publish.site_order()] == [
        "synthesis",
        "strand1",
        "strand2",
        "strand3",
        "strand4",
        "strand5",
    ]


def test_collect_lists_reports_in_site_order(monkeypatch, tmp_path):
    """collect() walks site_order(): the final report before strand 1."""
    seen = []

    class Stop(Exception):
        pass

    def front_matter(path):
        seen.append(path.stem)
        raise Stop

    monkeypatch.setattr(publish, "front_matter", front_matter)
    monkeypatch.setattr(
        publish, "site_order", lambda: [NOTEBOOKS["synthesis"], NOTEBOOKS["strand1"]]
    )
    monkeypatch.setattr(
        type(NOTEBOOKS["synthesis"]),
        "executed",
        lambda self, build_dir=None: (
            (tmp_path / f"{self.id}.ipynb").touch() or tmp_path / f"{self.id}.ipynb"
        ),
    )
    with pytest.raises(Stop):
        publish.collect(tmp_path)
    assert seen == ["synthesis"]


def test_titles_tell_full_and_summary_apart():
    nb = NOTEBOOKS["strand3"]
    full = publish.report_title(nb, "full", "National scoping and mapping study")
    summary = publish.report_title(nb, "summary", "National scoping and mapping study")
    assert full == "National scoping and mapping study: Full report"
    assert summary == "National scoping and mapping study: Summary"
    assert publish.report_title(NOTEBOOKS["synthesis"], "full", "Getting help") == "Getting help"


def test_every_report_has_a_description():
    for nb in NOTEBOOKS.values():
        for variant in nb.variants:
            text = publish.description(nb, variant)
            assert text.endswith(".") and len(text) > 60, (nb.id, variant)
    assert publish.description(NOTEBOOKS["strand3"], "summary").startswith(
        "A short summary of the Strand 3 full report"
    )


def test_description_from_params(monkeypatch, tmp_path):
    params = tmp_path / "strand3.yml"
    params.write_text("title: T\ndescription: A sentence from the params file.\n")
    monkeypatch.setattr(type(NOTEBOOKS["strand3"]), "params_file", property(lambda self: params))
    assert publish.description(NOTEBOOKS["strand3"], "full") == "A sentence from the params file."


@pytest.fixture
def index(tmp_path) -> tuple[str, Path]:
    reports = [record(tmp_path, "synthesis", "full")] + [
        record(tmp_path, nb_id, variant)
        for nb_id in ("strand1", "strand3")
        for variant in ("full", "summary")
    ]
    page = publish.index_page(reports, PROV, "Children's Services Reform Research", NO_CHANGES)
    path = tmp_path / "index.html"
    path.write_text(page)
    return page, path


def test_index_explains_csrr_first(index):
    page, _ = index
    soup = BeautifulSoup(page, "lxml")
    assert "(CSRR)" in soup.h1.get_text()
    first = soup.find("main").find("h2")
    assert first.get_text() == "About the study"
    about = first.find_next("p").get_text()
    assert "Children's Services Reform Research (CSRR) study" in about
    assert "Scottish Government" in about


def test_index_rows_final_first_distinct_titles_descriptions(index):
    page, _ = index
    soup = BeautifulSoup(page, "lxml")
    rows = soup.select("table.reports tbody tr")
    assert [r["id"] for r in rows] == [
        "report-final-report",
        "report-strand1-full",
        "report-strand1-summary",
        "report-strand3-full",
        "report-strand3-summary",
    ]
    titles = [r.select_one(".report-title").get_text() for r in rows]
    assert len(set(titles)) == len(titles)
    assert titles[1] == "Title of Strand 1: Full report"
    assert titles[2] == "Title of Strand 1: Summary"
    descriptions = [r.select_one("td.description").get_text() for r in rows]
    assert all(descriptions) and len(set(descriptions)) == len(descriptions)
    assert rows[0].th.a["href"] == "final-report/final-report.html"


def test_index_page_passes_the_html_check(index):
    _, path = index
    assert check_html(path) == []


FINDING = {
    "title": "Most councils delegate",
    "statement": "Of 32 councils, 20 delegate.",
    "strength": "moderate",
    "elements": ["structures"],
    "numbers": {"n_all": 20, "n_councils": 32},
}


def test_changes_page_shows_titles_old_and_new_and_links(tmp_path):
    new = {
        **FINDING,
        "statement": "Of 32 councils, 21 delegate.",
        "numbers": {"n_all": 21, "n_councils": 32},
    }
    added = {
        "title": "A new finding",
        "statement": "Something new.",
        "strength": "emerging",
        "elements": [],
        "numbers": {},
    }
    changes = publish.compare_findings(
        {"S3-F01": FINDING, "S3-F09": {**FINDING, "title": "Gone"}},
        {"S3-F01": new, "S3-F02": added},
    )
    assert [f["id"] for f in changes["added"]] == ["S3-F02"]
    assert [f["id"] for f in changes["removed"]] == ["S3-F09"]
    body = (
        '<section id="sec-key-findings" class="level2"><h2>1 Key findings</h2>'
        "<p>Of 32 councils, 21 delegate.</p><p><em>Finding S3-F01.</em></p>"
        '<p>New.<a href="#fn1" id="fnref1">1</a></p></section>'
        '<section id="sec-models" class="level2"><h2>2 Models</h2><p>Finding S3-F02.</p></section>'
        '<section id="footnotes" class="footnotes"><ol><li id="fn1"><p>See S3-F01.</p></li></ol></section>'
    )
    reports = [record(tmp_path, "strand3", "full", body), record(tmp_path, "synthesis", "full")]
    places = publish.finding_places(reports, {"S3-F01", "S3-F02"})
    assert places["S3-F01"] == [
        {
            "report": "strand3-full",
            "label": "Strand 3: full",
            "href": "strand3-full/strand3-full.html#sec-key-findings",
            "section": "1 Key findings",
        }
    ]
    assert places["S3-F02"][0]["href"] == "strand3-full/strand3-full.html#sec-models"
    page = publish.changes_page(changes, "the previous site", "CSRR", places)
    soup = BeautifulSoup(page, "lxml")
    changed = soup.find("section", id="S3-F01")
    assert changed.h3.get_text() == "S3-F01: Most councils delegate"
    assert changed.find("del").get_text() == "Of 32 councils, 20 delegate."
    assert changed.find("ins").get_text() == "Of 32 councils, 21 delegate."
    cells = [td.get_text() for td in changed.select("table tbody tr td")]
    assert cells == ["20", "21"]
    link = changed.select_one("ul.places a")
    assert link["href"] == "strand3-full/strand3-full.html#sec-key-findings"
    assert "Key findings" in link.get_text()
    assert soup.find("section", id="S3-F02").h3.get_text() == "S3-F02: A new finding"
    assert "Gone" in soup.find("section", id="S3-F09").get_text()
    path = tmp_path / "changes.html"
    path.write_text(page)
    assert check_html(path) == []


def test_changes_page_without_changes():
    page = publish.changes_page(NO_CHANGES, "nothing (this is the first build)", "CSRR")
    assert "No finding was added, removed or changed." in page
    assert not re.search(r"<h2", page.split("<main", 1)[1])
