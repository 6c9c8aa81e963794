"""Strand 4 charts: drawn from protected results, negative views on the negative side,
with alt text that states the numbers."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from csrr.strand4 import figures


def test_likert_panels_alt_text_gives_every_item(release):
    fig, alt = figures.likert_panels(release.likert, "Title")
    plt.close(fig)
    assert len(fig.axes) == 4
    for lik in release.likert.values():
        for item in lik.items:
            assert f"{item.short}:" in alt
    agree = release.likert["multiagency"].agree()["Know who to contact"]
    assert f"Know who to contact: {agree:.0f}% agree" in alt
    assert "Agencies work in silos: " in alt and "agreeing is a negative view" in alt
    assert alt.startswith("Diverging bar charts")


def test_likert_panels_leave_out_scales_not_asked_for(release):
    panels = {k: v for k, v in release.likert.items() if k != "barriers"}
    fig, alt = figures.likert_panels(panels, "Title")
    plt.close(fig)
    assert len(fig.axes) == 3 and "Barriers" not in alt


def test_which_items_count_agreeing_as_negative(prep):
    q = prep.questionnaire
    negative = {i.short for i in q.items if figures.agreeing_is_negative(i, i.scale)}
    assert {
        "Agencies work in silos",
        "Telling their story again",
        "Change rarely sustained",
    } <= negative
    assert {i.short for i in q.items_of("barriers")} <= negative
    assert "Know who to contact" not in negative and "Early support" not in negative


def _bars(ax):
    """(y, left, width, colour) of every bar drawn on ``ax``."""
    return [
        (p.get_y() + p.get_height() / 2, p.get_x(), p.get_width(), p.get_facecolor())
        for p in ax.patches
    ]


def _row(ax, label):
    labels = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
    ys = ax.get_yticks()
    return ys[labels.index(label)]


@pytest.mark.parametrize(
    ("panel", "label", "short", "negative"),
    [
        (1, "Agencies work in silos (−)", "Agencies work in silos", True),
        (1, "Know who to contact", "Know who to contact", False),
        (3, "Workload and staff shortages", "Workload and staff shortages", True),
    ],
)
def test_agreement_is_drawn_negative_only_for_negative_statements(
    release, panel, label, short, negative
):
    """The bars left of zero in the negative colours hold exactly the negative views."""
    fig, _ = figures.likert_panels(release.likert, "Title")
    ax = fig.axes[panel]
    lik = list(release.likert.values())[panel]
    y = _row(ax, label)
    plt.close(fig)
    bars = [b for b in _bars(ax) if abs(b[0] - y) < 1e-6]
    pct = lik.percentages().loc[short]
    middle = len(pct) // 2
    agree, disagree = pct.iloc[middle + 1 :].sum(), pct.iloc[:middle].sum()
    # Bars wholly left of zero: the negative views, in the negative colours.
    left = [b for b in bars if b[1] + b[2] <= 1e-9]
    negative_colours = {
        tuple(round(c, 3) for c in plt.matplotlib.colors.to_rgba(h))
        for h in figures.LIKERT_COLOURS[:2]
    }
    assert {tuple(round(c, 3) for c in b[3]) for b in left} <= negative_colours
    # The neutral bar straddles zero: half of it is left.
    drawn_left = sum(b[2] for b in left)
    assert drawn_left == pytest.approx(agree if negative else disagree)


def test_views_reverse_only_negative_items(release):
    lik = release.likert["multiagency"]
    pct, view = lik.percentages(), figures.views(lik)
    assert np.allclose(view.loc["Agencies work in silos"], pct.loc["Agencies work in silos"][::-1])
    assert np.allclose(view.loc["Know who to contact"], pct.loc["Know who to contact"])


def test_arrangement_chart_alt_text_has_intervals(release, prep):
    scales = {s.id: s.name for s in prep.questionnaire.scales}
    fig, alt = figures.arrangement_means(
        release.means["arrangement"], scales, "Title", level="90%"
    )
    plt.close(fig)
    row = release.means["arrangement"].iloc[0]
    assert f"{row['label']} {row['mean']:.2f} ({row['low']:.2f} to {row['high']:.2f})" in alt
    assert "90% confidence intervals" in alt


def test_barrier_chart_marks_hidden_shares(release, prep):
    frame = release.barriers.copy()
    frame.loc[frame.index[0], "pct_third"] = float("nan")
    fig, alt = figures.barriers(frame, prep.questionnaire.labels("sector"), "Title")
    texts = [t.get_text() for t in fig.axes[0].texts]
    plt.close(fig)
    assert "[c]" in texts
    assert "Third sector not shown" in alt


def test_likert_title_follows_the_scores(prep, params):
    from csrr.strand4 import analysis

    rel = analysis.reliability(prep, params)
    assert figures.likert_title(rel).startswith("Views on quality and joint working lean positive")
    rel.loc[rel["scale"] == "change", "mean"] = 3.4
    assert figures.likert_title(rel) == "How the workforce answered each statement"
