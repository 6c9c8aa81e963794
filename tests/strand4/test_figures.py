"""Strand 4 charts: drawn from protected results, with alt text that states the numbers."""

from __future__ import annotations

import matplotlib.pyplot as plt

from csrr.strand4 import figures


def test_likert_panels_alt_text_gives_every_item(release, prep):
    fig, alt = figures.likert_panels(release.likert, prep.questionnaire.responses, "Title")
    plt.close(fig)
    assert len(fig.axes) == 4
    for lik in release.likert.values():
        for item in lik.items:
            assert f"{item.short}:" in alt
    agree = release.likert["multiagency"].agree()["Know who to contact"]
    assert f"Know who to contact: {agree:.0f}% agree" in alt
    assert alt.startswith("Diverging bar charts")


def test_likert_panels_leave_out_scales_not_asked_for(release, prep):
    panels = {k: v for k, v in release.likert.items() if k != "barriers"}
    fig, alt = figures.likert_panels(panels, prep.questionnaire.responses, "Title")
    plt.close(fig)
    assert len(fig.axes) == 3 and "Barriers" not in alt


def test_arrangement_chart_alt_text_has_intervals(release, prep):
    scales = {s.id: s.name for s in prep.questionnaire.scales}
    fig, alt = figures.arrangement_means(release.means["arrangement"], scales, "Title")
    plt.close(fig)
    row = release.means["arrangement"].iloc[0]
    assert f"{row['label']} {row['mean']:.2f} ({row['low']:.2f} to {row['high']:.2f})" in alt


def test_barrier_chart_marks_hidden_shares(release, prep):
    frame = release.barriers.copy()
    frame.loc[frame.index[0], "pct_third"] = float("nan")
    fig, alt = figures.barriers(frame, prep.questionnaire.labels("sector"), "Title")
    texts = [t.get_text() for t in fig.axes[0].texts]
    plt.close(fig)
    assert "[c]" in texts
    assert "Third sector not shown" in alt
