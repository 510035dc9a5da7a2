"""Charts as SVG text, drawn with matplotlib's object API (a `Figure`, never pyplot).

Plain module: takes plain data, returns a string. The output needs no font (text is
drawn as paths from DejaVu Sans, which ships with matplotlib) and is byte-for-byte the
same for the same input. Every chart comes with a text alternative that says the same
numbers, and the page shows them in a table as well.

The one chart module: every area draws through `render_svg`, which holds `LOCK` (matplotlib's
settings are global), and takes its colours from the palette below.
"""

from __future__ import annotations

import io
import textwrap
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import matplotlib
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.typing import RcKeyType

from toolkit.datauri import svg_data_uri
from toolkit.text import lazy as _l

# --- the palette: every chart's colours ---------------------------------------------------
NHS_BLUE = "#005eb8"  # 6.2:1 on white
TEXT_COLOUR = "#212b32"  # NHS.UK text colour
GRID_COLOUR = "#d8dde0"  # NHS.UK grey 4, for grid lines only
# Two series side by side: Okabe–Ito colour-blind-safe colours, both at least 3:1 on white.
POPULATION_COLOUR = "#0072B2"  # Okabe–Ito blue, 5.1:1 on white
RESPONDENT_COLOUR = "#D55E00"  # Okabe–Ito vermillion, 4.0:1 on white
# One series: one colour, so nothing depends on telling colours apart.
BAR_COLOUR = NHS_BLUE

FONT_SIZE = 11
WIDTH_INCHES = 4.8  # about the width of half the page, so the text is not scaled down
LABEL_WRAP = 22  # characters per line of an option label
SVG_SETTINGS: dict[RcKeyType, Any] = {
    "svg.fonttype": "path",  # text as outlines: no font needed to view the chart
    "svg.hashsalt": "engagement-toolkit",  # stable ids inside the SVG: same input, same bytes
    "font.family": "DejaVu Sans",
    "font.size": FONT_SIZE,
    "text.color": TEXT_COLOUR,
    "axes.edgecolor": TEXT_COLOUR,
    "axes.labelcolor": TEXT_COLOUR,
    "xtick.color": TEXT_COLOUR,
    "ytick.color": TEXT_COLOUR,
}
# matplotlib's settings are global: one chart at a time, so threads do not see each other's.
LOCK = threading.Lock()


@dataclass(frozen=True)
class Chart:
    data_uri: str  # an SVG, for <img src>
    alt: str


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    percent: str  # already formatted, e.g. "40%"


def bar_chart_svg(bars: Sequence[Bar]) -> str:
    """A horizontal bar chart, first bar at the top, each bar labelled with its count and percentage."""
    return render_svg(lambda: _draw(bars))


def bar_chart(bars: Sequence[Bar], *, multiple: bool = False) -> Chart:
    """The bar chart as a data: URI for an `<img>`, with its text alternative."""
    return Chart(svg_data_uri(bar_chart_svg(bars)), alt_text(bars, multiple=multiple))


def render_svg(
    draw: Callable[[], Figure], *, settings: Mapping[RcKeyType, Any] = SVG_SETTINGS, tight: bool = True
) -> str:
    """SVG text of the figure `draw` makes, drawn under `settings` while holding `LOCK`.
    `tight`: crop to what is drawn (otherwise the figure's own size, for a figure laid out with
    `tight_layout`)."""
    with LOCK, matplotlib.rc_context(dict(settings)):
        figure = draw()
        buffer = io.StringIO()
        FigureCanvasSVG(figure)
        figure.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight" if tight else None)
    return buffer.getvalue()


def bar_chart_png(bars: Sequence[Bar], dpi: int = 150) -> bytes:
    """The same chart as a PNG, for documents that cannot hold SVG (Word)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    with LOCK, matplotlib.rc_context({**SVG_SETTINGS, "svg.fonttype": "none"}):
        figure = _draw(bars)
        buffer = io.BytesIO()
        FigureCanvasAgg(figure)
        figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    return buffer.getvalue()


def _draw(bars: Sequence[Bar]) -> Figure:
    labels = [textwrap.fill(bar.label, LABEL_WRAP) or " " for bar in bars]
    lines = sum(label.count("\n") + 1 for label in labels)
    height = 0.6 + 0.3 * max(lines, 1) + 0.15 * len(bars)
    figure = Figure(figsize=(WIDTH_INCHES, height))
    axes = figure.add_subplot()
    positions = range(len(bars))
    counts = [bar.count for bar in bars]
    drawn = axes.barh(positions, counts, color=BAR_COLOUR, height=0.7)
    axes.bar_label(drawn, labels=[f"{bar.count:,} ({bar.percent})" for bar in bars], padding=4)
    axes.set_yticks(list(positions), labels=labels)
    axes.invert_yaxis()
    # Room on the right for the longest count label.
    axes.set_xlim(0, max([*counts, 1]) * 1.3)
    axes.xaxis.set_visible(False)
    for side in ("top", "right", "bottom"):
        axes.spines[side].set_visible(False)
    axes.tick_params(axis="y", length=0)
    return figure


def alt_text(bars: Sequence[Bar], *, multiple: bool = False) -> str:
    """The chart in words, e.g. "Bar chart: Red 12 (40%), Blue 18 (60%)." """
    if not bars:
        return str(_l("Bar chart: no answers."))
    parts = ", ".join(f"{bar.label} {bar.count:,} ({bar.percent})" for bar in bars)
    text = str(_l("Bar chart: %(bars)s.", bars=parts))
    if multiple:
        text += " " + str(_l("People could choose more than one answer."))
    return text


@dataclass(frozen=True)
class Series:
    """One row of counts in a chart over time, e.g. survey responses week by week."""

    name: str
    counts: tuple[int, ...]


SECOND_COLOUR = "#ffffff"  # the second series is white with a blue hatch: told apart without colour


def columns_over_time_svg(periods: Sequence[str], series: Sequence[Series]) -> str:
    """Side-by-side columns per period (e.g. each week) for up to two series, with a legend."""
    return render_svg(lambda: _draw_columns(periods, series))


def _draw_columns(periods: Sequence[str], series: Sequence[Series]) -> Figure:
    figure = Figure(figsize=(max(WIDTH_INCHES, 0.45 * len(periods) + 1.5), 3.2))
    axes = figure.add_subplot()
    width = 0.8 / max(len(series), 1)
    styles = ({"color": BAR_COLOUR}, {"color": SECOND_COLOUR, "edgecolor": BAR_COLOUR, "hatch": "///"})
    for index, one in enumerate(series[:2]):
        positions = [p + (index - (len(series) - 1) / 2) * width for p in range(len(periods))]
        axes.bar(positions, one.counts, width=width, label=one.name, **styles[index])  # type: ignore[arg-type]
    axes.set_xticks(list(range(len(periods))), labels=list(periods), rotation=90)
    axes.set_ylim(0, max([c for one in series for c in one.counts] + [1]) * 1.15)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.legend(frameon=False, loc="upper right")
    return figure


def columns_alt_text(periods: Sequence[str], series: Sequence[Series]) -> str:
    """The chart in words: each series' count in each period."""
    if not periods:
        return str(_l("Chart: nothing to show yet."))
    parts = [
        f"{one.name}: " + ", ".join(f"{period} {count:,}" for period, count in zip(periods, one.counts, strict=True))
        for one in series
    ]
    return str(_l("Column chart by week. %(series)s.", series="; ".join(parts)))
