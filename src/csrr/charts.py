"""Charts in the UK Analysis Function style, through one helper.

Built on ``afcharts``: its matplotlib style sheet (sans-serif text, left
titles, light grid, no box) and its colours. The house palettes keep those
colours but order and step them so that they stay apart in greyscale (a
printed copy, or a reader who cannot tell the hues apart): the sequential
palette steps evenly in lightness from the darkest to the lightest
Analysis Function blue, and the first colours of the categorical palette
are spread in lightness. Figures are displayed as PNG written without a
timestamp or software version, so the same inputs always give the same
bytes; the text alternative comes from the cell's ``#| fig-alt``.

Every chart shown through :func:`show` gets the house finish: no text
under 8 pt, text drawn on a filled shape in black or white, whichever
meets the contrast guidance, and a source line at the bottom left (the
notebook's :func:`set_source`, or a default naming the study).
"""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("agg")

import matplotlib.pyplot as plt
from matplotlib.colors import to_rgb, to_rgba
from matplotlib.text import Text

# Resolution of chart images: sharp in print without bloating the HTML.
DPI = 150
# Default size in inches: fits the text width of an A4 page at 11pt.
WIDTH, HEIGHT = 7.0, 4.0
# afcharts asks for Arial; DejaVu Sans ships with matplotlib, so charts look
# the same on every machine and match the PDF body font.
FONT = "DejaVu Sans"
# No text in a chart is smaller than this (points, at the printed size).
MIN_FONT_PT = 8.0
# Size and colour of the source line (#3D3D3D: 10.9:1 on white).
SOURCE_PT = 9.0
SOURCE_COLOUR = "#3D3D3D"
# Least contrast of text on a filled shape (WCAG 2.2 AA, SC 1.4.3).
TEXT_CONTRAST = 4.5

# Sequential: from the darkest Analysis Function blue (#092135) to the
# lightest (#ADD1F1), in equal steps of CIE lightness (L*), so ordered
# categories stay in order and apart in greyscale. Three of them are the
# afcharts colours themselves; the other steps lie between two of them.
# (afcharts' own four-colour palette starts #092135, #12436D: 15 L* apart,
# too close to tell apart in a heat map.) L* of each colour in comments.
SEQUENTIAL = {
    2: ["#12436D", "#6BACE6"],  # 27, 68
    3: ["#092135", "#2073BC", "#ADD1F1"],  # 12, 47, 82
    4: ["#092135", "#18568C", "#4992D3", "#ADD1F1"],  # 12, 36, 59, 82
    5: ["#092135", "#134875", "#2073BC", "#5EA2DF", "#ADD1F1"],  # 12, 30, 47, 65, 82
}
# Categorical: the Analysis Function colours, ordered so that the first
# four differ in lightness by 15 L* or more (and in hue); every one has a
# contrast of at least 3:1 on white (SC 1.4.11). Teal and purple are the
# afcharts hues darkened: afcharts' teal (#28A197, L* 60) and orange (61)
# are one grey in print, as are its dark blue, purple and grey (26 to 29).
# Beyond four categories no set of colours with 3:1 on white stays apart in
# greyscale: label the series (direct labels, markers), never colour alone.
CATEGORICAL = [
    "#12436D",  # dark blue, L* 27
    "#F46A25",  # orange, 61
    "#17756D",  # dark teal, 44
    "#2B0F1F",  # darkest purple, 9
    "#A285D1",  # light purple, 61
    "#3D3D3D",  # dark grey, 26
]
# afcharts' two-colour palettes: already apart in lightness (27 and 61; 27 and 77).
DUO = ["#12436D", "#F46A25"]
FOCUS = ["#12436D", "#BFBFBF"]
# The default source line, while the data are synthetic / when they are real.
DEFAULT_SOURCE = {
    "synthetic": "Source: CSRR analysis of illustrative data",
    "real": "Source: Children's Services Reform Research analysis",
}
_source: str | None = None


def use_house_style() -> None:
    """Apply the Analysis Function style, with the house font and size."""
    plt.style.use("afcharts.afcharts")
    plt.rcParams.update(
        {
            "font.family": "sans-serif",
            "font.sans-serif": [FONT],
            "font.size": 11,
            "axes.titlesize": 12,
            "xtick.labelsize": 10,
            "ytick.labelsize": 10,
            "legend.fontsize": 10,
            "legend.title_fontsize": 10,
            "axes.titleweight": "bold",
            "figure.figsize": (WIDTH, HEIGHT),
            "figure.dpi": DPI,
            "savefig.dpi": DPI,
            "svg.hashsalt": "csrr",
        }
    )


def palette(name: str = "categorical", n: int | None = None) -> list[str]:
    """House colours as hex strings: afcharts colours, apart in greyscale.

    Parameters
    ----------
    name : {"categorical", "duo", "focus", "sequential"}
        Palette name as in afcharts. Use "sequential" for ordered
        categories (darkest for the most or the strongest).
    n : int, optional
        Number of colours (sequential palettes take 2 to 5, default 5;
        categorical at most 6).

    Raises
    ------
    ValueError
        For an unknown palette or more colours than it has.
    """
    if name == "sequential":
        if (n or 5) not in SEQUENTIAL:
            raise ValueError(f"the sequential palette has 2 to 5 colours, not {n}")
        return list(SEQUENTIAL[n or 5])
    colours = {"categorical": CATEGORICAL, "duo": DUO, "focus": FOCUS}.get(name)
    if colours is None:
        raise ValueError(f"unknown palette {name!r}: categorical, duo, focus or sequential")
    if n is not None and n > len(colours):
        raise ValueError(f"the {name} palette has {len(colours)} colours, not {n}")
    return list(colours[:n] if n else colours)


def luminance(colour) -> float:
    """Relative luminance (WCAG 2.2) of a colour: 0 for black, 1 for white."""
    channels = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(colour)
    ]
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


def lightness(colour) -> float:
    """CIE L* of a colour (0 to 100): its grey level, as a greyscale print shows it."""
    y = luminance(colour)
    return 116 * y ** (1 / 3) - 16 if y > 216 / 24389 else y * 24389 / 27


def contrast(a, b) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def text_colour(background) -> str:
    """Black or white text, whichever has the higher contrast on ``background``."""
    return "white" if contrast("white", background) >= contrast("black", background) else "black"


def set_source(text: str | None) -> None:
    """Set the source line of every chart shown after this (``None``: the default).

    A notebook calls it once, after its imports::

        charts.set_source("Source: Scottish Government, Children's Social Work Statistics")

    "Source: " is added when the text does not start with it.
    """
    global _source
    _source = text


def _data_status() -> str:
    """``data_status`` of the running notebook (its parameters cell), else synthetic."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover (IPython ships with ipykernel)
        return "synthetic"
    shell = get_ipython()
    status = shell.user_ns.get("data_status") if shell is not None else None
    return "real" if status == "real" else "synthetic"


def source_line(source: str | None = None) -> str:
    """The source line a chart gets: ``source``, else :func:`set_source`'s, else the default."""
    text = (source or _source or DEFAULT_SOURCE[_data_status()]).strip()
    return text if text.lower().startswith("source") else f"Source: {text}"


def figure(width: float = WIDTH, height: float = HEIGHT, **kwargs):
    """Start a figure in the house style; returns ``(fig, ax)`` like ``plt.subplots``."""
    use_house_style()
    return plt.subplots(figsize=(width, height), **kwargs)


def png_bytes(fig) -> bytes:
    """Render a figure to PNG bytes with no timestamp or version metadata."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight", metadata={"Software": None})
    return buffer.getvalue()


def _text_floor(fig) -> None:
    """No text under MIN_FONT_PT: smaller text is raised to it."""
    fig.draw_without_rendering()  # creates the tick labels
    for text in fig.findobj(Text):
        if text.get_text() and text.get_fontsize() < MIN_FONT_PT:
            text.set_fontsize(MIN_FONT_PT)


def _text_contrast(fig) -> None:
    """Text drawn on a filled shape (a bar, a cell) in black or white if it lacks contrast."""
    for ax in fig.axes:
        shapes = [p for p in ax.patches if to_rgba(p.get_facecolor())[3] > 0]
        for text in ax.texts:
            if not text.get_text():
                continue
            point = text.get_transform().transform(text.get_position())
            under = next((p for p in reversed(shapes) if p.contains_point(point)), None)
            if under is None:
                continue
            fill = to_rgb(under.get_facecolor())
            if contrast(text.get_color(), fill) < TEXT_CONTRAST:
                text.set_color(text_colour(fill))


def _draw_source(fig, text: str) -> None:
    """The source line, below everything else at the bottom left."""
    renderer = fig.canvas.get_renderer()
    box = fig.get_tightbbox(renderer)  # inches
    width, height = fig.get_size_inches()
    fig.text(
        box.x0 / width,
        (box.y0 - 0.08) / height,
        text,
        ha="left",
        va="top",
        fontsize=SOURCE_PT,
        color=SOURCE_COLOUR,
        wrap=False,
    )


def finish(fig, source: str | bool | None = None) -> None:
    """Give a figure the house finish: text floor, text contrast, source line.

    Parameters
    ----------
    source : str, False or None
        The source line (None: :func:`set_source`'s or the default; False:
        none, for a diagram that shows no data, such as a flow chart).
    """
    _text_contrast(fig)
    _text_floor(fig)
    if source is not False:
        _draw_source(fig, source_line(source or None))


def show(
    fig,
    *,
    alt: str | None = None,
    caption: str | None = None,
    source: str | bool | None = None,
) -> None:
    """Display a figure as a PNG output and close it.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The chart.
    alt : str, optional
        Text alternative computed from the data (for example one that states
        the counts). It travels in the output's metadata as ``fig-alt`` and
        is used when the cell has no ``#| fig-alt``. Quarto reads only the
        cell option, so give static alt text there when you can.
    caption : str, optional
        Caption computed from the data, used when the cell has no ``#| fig-cap``.
    source : str or False, optional
        The source line drawn at the bottom left ("Source: ..."). By default
        the notebook's :func:`set_source` text, else "Source: CSRR analysis
        of illustrative data" (real data: "Source: Children's Services
        Reform Research analysis"). False draws none.

    Notes
    -----
    Closing the figure stops the inline backend from showing it a second time.
    """
    from IPython.display import Image, display

    finish(fig, source)
    data = png_bytes(fig)
    plt.close(fig)
    metadata = {key: value for key, value in (("fig-alt", alt), ("fig-cap", caption)) if value}
    display(Image(data=data, format="png"), metadata=metadata or None)
