"""Charts in the UK Analysis Function style, through one helper.

Built on ``afcharts``: its matplotlib style sheet (sans-serif text, left
titles, light grid, no box) and its colour palettes, which meet the contrast
guidance. Figures are displayed as PNG written without a timestamp or
software version, so the same inputs always give the same bytes; the text
alternative comes from the cell's ``#| fig-alt``.
"""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("agg")

import matplotlib.pyplot as plt
from afcharts.af_colours import get_af_colours

# Resolution of chart images: sharp in print without bloating the HTML.
DPI = 150
# Default size in inches: fits the text width of an A4 page at 11pt.
WIDTH, HEIGHT = 7.0, 4.0
# afcharts asks for Arial; DejaVu Sans ships with matplotlib, so charts look
# the same on every machine and match the PDF body font.
FONT = "DejaVu Sans"


def use_house_style() -> None:
    """Apply the Analysis Function style, with the house font and size."""
    plt.style.use("afcharts.afcharts")
    plt.rcParams.update(
        {
            "font.family": "sans-serif",
            "font.sans-serif": [FONT],
            "font.size": 11,
            "axes.titlesize": 12,
            "axes.titleweight": "bold",
            "figure.figsize": (WIDTH, HEIGHT),
            "figure.dpi": DPI,
            "savefig.dpi": DPI,
            "svg.hashsalt": "csrr",
        }
    )


def palette(name: str = "categorical", n: int | None = None) -> list[str]:
    """Analysis Function colours as hex strings.

    Parameters
    ----------
    name : {"categorical", "duo", "focus", "sequential"}
        Palette name as in afcharts.
    n : int, optional
        Number of colours (sequential palettes take 3 to 5).
    """
    if name == "sequential":
        return list(get_af_colours("sequential", number_of_colours=n or 5))
    colours = list(get_af_colours(name))
    return colours[:n] if n else colours


def figure(width: float = WIDTH, height: float = HEIGHT, **kwargs):
    """Start a figure in the house style; returns ``(fig, ax)`` like ``plt.subplots``."""
    use_house_style()
    return plt.subplots(figsize=(width, height), **kwargs)


def png_bytes(fig) -> bytes:
    """Render a figure to PNG bytes with no timestamp or version metadata."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight", metadata={"Software": None})
    return buffer.getvalue()


def show(fig, *, alt: str | None = None, caption: str | None = None) -> None:
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

    Notes
    -----
    Closing the figure stops the inline backend from showing it a second time.
    """
    from IPython.display import Image, display

    data = png_bytes(fig)
    plt.close(fig)
    metadata = {key: value for key, value in (("fig-alt", alt), ("fig-cap", caption)) if value}
    display(Image(data=data, format="png"), metadata=metadata or None)
