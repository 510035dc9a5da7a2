"""Charts for the representativeness dashboard, as SVG, with matplotlib's `Figure` (never pyplot).

Plain module. Uses the shared settings of `toolkit.charts` (text as paths, stable bytes, NHS.UK
text colour) and two colours from the Okabe–Ito colour-blind-safe palette, both at least 3:1
against white; the respondents' bars are also hatched, so the two series differ without colour.
Every chart has a text alternative, and the page shows the same figures in a table.
"""

from __future__ import annotations

import base64
import io
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import matplotlib
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.dates import AutoDateLocator, DateFormatter
from matplotlib.figure import Figure

from toolkit import charts
from toolkit.text import lazy as _l

POPULATION_COLOUR = "#0072B2"  # Okabe–Ito blue, 5.1:1 on white
RESPONDENT_COLOUR = "#D55E00"  # Okabe–Ito vermillion, 4.0:1 on white
RESPONDENT_HATCH = "///"
BAR_HEIGHT = 0.38
CACHED_CHARTS = 256


@dataclass(frozen=True)
class ComparisonBar:
    label: str
    population_share: float
    respondent_share: float | None  # None when the count is hidden
    respondent_note: str = ""  # e.g. "fewer than 5", shown where the bar would be


@dataclass(frozen=True)
class ScorePoint:
    day: date
    score: float


@dataclass(frozen=True)
class Chart:
    data_uri: str  # an SVG, for <img src>
    alt: str


def _percent(share: float) -> str:
    if 0 < share < 0.005:
        return "<1%"
    return f"{share * 100:.0f}%"


def _svg(draw: Callable[[], Figure]) -> str:
    # toolkit.charts holds the lock: matplotlib's settings are global, one chart at a time.
    with charts._LOCK, matplotlib.rc_context(charts.SVG_SETTINGS):
        figure = draw()
        buffer = io.StringIO()
        FigureCanvasSVG(figure)
        figure.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    return buffer.getvalue()


def data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


# --- respondents against the population, one dimension ---------------------------------------------------


def comparison_chart(title: str, bars: Sequence[ComparisonBar]) -> Chart:
    words = (str(_l("Population")), str(_l("Respondents")))
    return Chart(_comparison_uri(tuple(bars), words), comparison_alt(title, bars))


@lru_cache(maxsize=CACHED_CHARTS)
def _comparison_uri(bars: tuple[ComparisonBar, ...], words: tuple[str, str]) -> str:
    """Drawing takes a few tenths of a second; a dashboard refreshed with no new responses
    draws the same charts again, so they are kept."""
    return data_uri(_svg(lambda: _draw_comparison(bars, words)))


def _draw_comparison(bars: Sequence[ComparisonBar], words: tuple[str, str]) -> Figure:
    labels = [textwrap.fill(bar.label, charts.LABEL_WRAP) or " " for bar in bars]
    lines = sum(label.count("\n") + 1 for label in labels)
    height = 1.0 + 0.22 * max(lines, 1) + 0.3 * len(bars)
    figure = Figure(figsize=(charts.WIDTH_INCHES, height))
    axes = figure.add_subplot()
    positions = list(range(len(bars)))
    population = [bar.population_share for bar in bars]
    respondents = [bar.respondent_share or 0.0 for bar in bars]
    drawn_population = axes.barh(
        [p - BAR_HEIGHT / 2 for p in positions],
        population,
        BAR_HEIGHT,
        color=POPULATION_COLOUR,
        label=str(_l("Population")),
    )
    drawn_respondents = axes.barh(
        [p + BAR_HEIGHT / 2 for p in positions],
        respondents,
        BAR_HEIGHT,
        color=RESPONDENT_COLOUR,
        hatch=RESPONDENT_HATCH,
        edgecolor="white",
        label=words[1],
    )
    axes.bar_label(drawn_population, labels=[_percent(s) for s in population], padding=3, fontsize=charts.FONT_SIZE - 1)
    respondent_labels = [
        _percent(bar.respondent_share) if bar.respondent_share is not None else bar.respondent_note for bar in bars
    ]
    axes.bar_label(drawn_respondents, labels=respondent_labels, padding=3, fontsize=charts.FONT_SIZE - 1)
    axes.set_yticks(positions, labels=labels)
    axes.invert_yaxis()
    axes.set_xlim(0, max([*population, *respondents, 0.01]) * 1.35)
    # Each bar is labelled with its percentage, so the axis itself is not needed.
    axes.xaxis.set_visible(False)
    for side in ("top", "right", "bottom"):
        axes.spines[side].set_visible(False)
    axes.tick_params(axis="y", length=0)
    axes.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2, frameon=False)
    return figure


def comparison_alt(title: str, bars: Sequence[ComparisonBar]) -> str:
    """The chart in words: each group's population share and respondents' share."""
    if not bars:
        return str(_l("Bar chart for %(title)s: no groups.", title=title))
    parts = []
    for bar in bars:
        respondents = _percent(bar.respondent_share) if bar.respondent_share is not None else bar.respondent_note
        parts.append(
            str(
                _l(
                    "%(group)s: population %(population)s, respondents %(respondents)s",
                    group=bar.label,
                    population=_percent(bar.population_share),
                    respondents=respondents,
                )
            )
        )
    return (
        str(_l("Bar chart comparing respondents with the population, %(title)s. ", title=title))
        + "; ".join(parts)
        + "."
    )


# --- the score over the fieldwork period -----------------------------------------------------------------


def score_chart(points: Sequence[ScorePoint]) -> Chart:
    words = (str(_l("Score (0 to 1)")), str(_l("Date (responses up to and including that day)")))
    return Chart(_score_uri(tuple(points), words), score_alt(points))


@lru_cache(maxsize=CACHED_CHARTS)
def _score_uri(points: tuple[ScorePoint, ...], words: tuple[str, str]) -> str:
    return data_uri(_svg(lambda: _draw_score(points, words)))


def _draw_score(points: Sequence[ScorePoint], words: tuple[str, str]) -> Figure:
    figure = Figure(figsize=(charts.WIDTH_INCHES, 3.2))
    axes = figure.add_subplot()
    days = [p.day for p in points]
    scores = [p.score for p in points]
    axes.plot(days, scores, color=POPULATION_COLOUR, marker="o", markersize=4, linewidth=2)  # type: ignore[arg-type]
    axes.set_ylim(0, 1)
    axes.set_ylabel(words[0])
    axes.set_xlabel(words[1])
    axes.xaxis.set_major_locator(AutoDateLocator(minticks=3, maxticks=7))  # type: ignore[no-untyped-call]
    axes.xaxis.set_major_formatter(DateFormatter("%d %b"))  # type: ignore[no-untyped-call]
    axes.grid(axis="y", color="#d8dde0", linewidth=0.8)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return figure


def score_alt(points: Sequence[ScorePoint]) -> str:
    if not points:
        return str(_l("Line chart of the representativeness score: no scores yet."))
    first, last = points[0], points[-1]
    return str(
        _l(
            "Line chart of the representativeness score by day: %(start)s on %(first_day)s, %(end)s on "
            "%(last_day)s, lowest %(low)s, highest %(high)s.",
            start=f"{first.score:.2f}",
            first_day=first.day.strftime("%d %B %Y"),
            end=f"{last.score:.2f}",
            last_day=last.day.strftime("%d %B %Y"),
            low=f"{min(p.score for p in points):.2f}",
            high=f"{max(p.score for p in points):.2f}",
        )
    )
