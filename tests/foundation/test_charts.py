"""The house chart style: palettes apart in greyscale, text floor, source line."""

from __future__ import annotations

import io
import itertools

import pytest
from afcharts.af_colours import get_af_colours
from matplotlib.patches import Rectangle
from PIL import Image

from csrr import charts


def grey(colour: str) -> float:
    """Greyscale lightness (CIE L*, 0 to 100) of a colour."""
    return charts.lightness(colour)


def pairwise_gaps(colours: list[str]) -> list[float]:
    return [abs(grey(a) - grey(b)) for a, b in itertools.combinations(colours, 2)]


@pytest.mark.parametrize("n", [2, 3, 4, 5])
def test_sequential_steps_apart_in_greyscale_darkest_first(n):
    colours = charts.palette("sequential", n)
    assert len(colours) == n
    levels = [grey(c) for c in colours]
    assert levels == sorted(levels), "ordered: darkest first"
    assert min(pairwise_gaps(colours)) >= 17


def test_sequential_uses_the_analysis_function_blues():
    af = {c.upper() for c in get_af_colours("sequential", number_of_colours=5)}
    assert set(charts.palette("sequential", 3)) <= af
    assert charts.palette("sequential", 4)[0] in af and charts.palette("sequential", 4)[-1] in af


def test_afcharts_own_four_blues_are_too_close():
    """The defect the house palette fixes: "strong" and "moderate" one navy."""
    af = get_af_colours("sequential", number_of_colours=4)
    assert min(pairwise_gaps(af)) < 17
    strong, moderate = charts.palette("sequential", 4)[:2]
    assert abs(grey(strong) - grey(moderate)) >= 20


@pytest.mark.parametrize("n", [2, 3, 4])
def test_first_categorical_colours_apart_in_greyscale(n):
    assert min(pairwise_gaps(charts.palette("categorical", n))) >= 15


@pytest.mark.parametrize("name", ["duo", "focus"])
def test_two_colour_palettes_apart_in_greyscale(name):
    assert min(pairwise_gaps(charts.palette(name))) >= 30


@pytest.mark.parametrize("name", ["categorical", "duo"])
def test_every_categorical_colour_has_3_to_1_on_white(name):
    for colour in charts.palette(name):
        assert charts.contrast(colour, "white") >= 3, colour


def test_palette_errors():
    with pytest.raises(ValueError, match="2 to 5"):
        charts.palette("sequential", 6)
    with pytest.raises(ValueError, match="6 colours"):
        charts.palette("categorical", 7)
    with pytest.raises(ValueError, match="unknown palette"):
        charts.palette("rainbow")


def test_lightness_and_contrast_known_values():
    assert grey("black") == pytest.approx(0, abs=1e-9)
    assert grey("white") == pytest.approx(100, abs=1e-6)
    assert charts.contrast("black", "white") == pytest.approx(21)
    assert charts.text_colour("#092135") == "white"
    assert charts.text_colour("#ADD1F1") == "black"


def cell_chart(fontsize: float = 6, colour: str = "white"):
    fig, ax = charts.figure(5, 2)
    for i, fill in enumerate(charts.palette("sequential", 4)):
        ax.add_patch(Rectangle((i, 0), 1, 1, facecolor=fill))
        ax.text(i + 0.5, 0.5, "cell", ha="center", va="center", fontsize=fontsize, color=colour)
    ax.set_xlim(0, 4)
    ax.set_ylim(0, 1)
    ax.tick_params(labelsize=5)
    return fig, ax


def texts(fig):
    from matplotlib.text import Text

    return [t for t in fig.findobj(Text) if t.get_text()]


def test_finish_raises_small_text_to_8_pt():
    fig, _ = cell_chart(fontsize=6)
    charts.finish(fig, source=False)
    assert min(t.get_fontsize() for t in texts(fig)) >= charts.MIN_FONT_PT


def test_finish_gives_cell_text_contrast():
    fig, ax = cell_chart(colour="white")
    charts.finish(fig, source=False)
    fills = charts.palette("sequential", 4)
    for text, fill in zip(ax.texts, fills, strict=True):
        assert charts.contrast(text.get_color(), fill) >= 4.5


def source_texts(fig):
    return [t.get_text() for t in fig.texts if t.get_text().startswith("Source:")]


def test_default_source_line(monkeypatch):
    monkeypatch.setattr(charts, "_source", None)
    fig, _ = cell_chart()
    charts.finish(fig)
    assert source_texts(fig) == ["Source: CSRR analysis of illustrative data"]


def test_set_source_and_argument(monkeypatch):
    monkeypatch.setattr(charts, "_source", None)
    charts.set_source("Scottish Government, Children's Social Work Statistics 2023")
    fig, _ = cell_chart()
    charts.finish(fig)
    assert source_texts(fig) == [
        "Source: Scottish Government, Children's Social Work Statistics 2023"
    ]
    fig, _ = cell_chart()
    charts.finish(fig, source="Source: CSRR workforce survey")
    assert source_texts(fig) == ["Source: CSRR workforce survey"]
    fig, _ = cell_chart()
    charts.finish(fig, source=False)
    assert source_texts(fig) == []


def test_source_line_is_at_the_bottom_left_of_the_image(monkeypatch):
    monkeypatch.setattr(charts, "_source", None)
    fig, _ = cell_chart()
    charts.finish(fig)
    renderer = fig.canvas.get_renderer()
    line = next(t for t in fig.texts if t.get_text().startswith("Source:"))
    box = line.get_window_extent(renderer)
    everything_else = [
        a.get_tightbbox(renderer) for a in [*fig.axes] if a.get_tightbbox(renderer) is not None
    ]
    assert box.y1 <= min(b.y0 for b in everything_else)
    assert box.x0 <= min(b.x0 for b in everything_else) + 1
    # The saved PNG keeps it: the bottom rows of the image hold dark pixels.
    image = Image.open(io.BytesIO(charts.png_bytes(fig))).convert("L")
    width, height = image.size
    bottom = image.crop((0, int(height * 0.85), width // 2, height))
    assert bottom.getextrema()[0] < 128


def test_show_draws_the_source_line(monkeypatch):
    shown = []
    monkeypatch.setattr(charts, "_source", None)
    monkeypatch.setattr(charts, "png_bytes", lambda fig: shown.append(source_texts(fig)) or b"")
    import IPython.display

    monkeypatch.setattr(IPython.display, "display", lambda *a, **k: None)
    fig, _ = cell_chart()
    charts.show(fig, alt="Four cells.")
    assert shown == [["Source: CSRR analysis of illustrative data"]]
