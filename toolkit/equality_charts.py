"""Charts comparing people with the population (the survey dashboard, the panel profile), as SVG,
with matplotlib's `Figure` (never pyplot).

Plain module. Draws through `toolkit.charts.render_svg` (its lock and settings: text as paths,
stable bytes, NHS.UK text colour) in the palette's two Okabe–Ito colours for two series, both at
least 3:1 against white; the respondents' bars are also hatched, so the series differ without colour.
Every chart has a text alternative, and the page shows the same figures in a table.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from matplotlib.dates import DateFormatter
from matplotlib.figure import Figure

from toolkit import charts
from toolkit.charts import POPULATION_COLOUR, RESPONDENT_COLOUR, Chart
from toolkit.datauri import svg_data_uri
from toolkit.text import lazy as _l

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


def _percent(share: float) -> str:
    if 0 < share < 0.005:
        return "<1%"
    return f"{share * 100:.0f}%"


# --- respondents against the population, one dimension ---------------------------------------------------


def comparison_chart(title: str, bars: Sequence[ComparisonBar], people: str | None = None) -> Chart:
    """`people` names the second series (by default "Respondents"; the panel says "Panel members")."""
    words = (str(_l("Population")), people or str(_l("Respondents")))
    return Chart(_comparison_uri(tuple(bars), words), comparison_alt(title, bars))


@lru_cache(maxsize=CACHED_CHARTS)
def _comparison_uri(bars: tuple[ComparisonBar, ...], words: tuple[str, str]) -> str:
    """Drawing takes a few tenths of a second; a dashboard refreshed with no new responses
    draws the same charts again, so they are kept."""
    return svg_data_uri(charts.render_svg(lambda: _draw_comparison(bars, words)))


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


MAX_DATE_LABELS = 6


def score_chart(points: Sequence[ScorePoint]) -> Chart:
    words = (str(_l("Score (0 to 1)")), str(_l("Date (responses up to and including that day)")))
    return Chart(_score_uri(tuple(points), words), score_alt(points))


@lru_cache(maxsize=CACHED_CHARTS)
def _score_uri(points: tuple[ScorePoint, ...], words: tuple[str, str]) -> str:
    return svg_data_uri(charts.render_svg(lambda: _draw_score(points, words)))


def _draw_score(points: Sequence[ScorePoint], words: tuple[str, str]) -> Figure:
    figure = Figure(figsize=(charts.WIDTH_INCHES, 3.2))
    axes = figure.add_subplot()
    days = [p.day for p in points]
    scores = [p.score for p in points]
    axes.plot(days, scores, color=POPULATION_COLOUR, marker="o", markersize=4, linewidth=2)  # type: ignore[arg-type]
    axes.set_ylim(0, 1)
    axes.set_ylabel(words[0])
    axes.set_xlabel(words[1])
    # A label only on days that have a point (each a block end), at most MAX_DATE_LABELS of them,
    # slanted: dates never overlap however many blocks there are or however close together.
    step = max(1, -(-len(days) // MAX_DATE_LABELS))
    axes.set_xticks(days[::-1][::step][::-1])  # type: ignore[arg-type]
    axes.xaxis.set_major_formatter(DateFormatter("%d %b"))  # type: ignore[no-untyped-call]
    axes.tick_params(axis="x", labelrotation=30)
    for label in axes.get_xticklabels():
        label.set_horizontalalignment("right")
    figure.tight_layout()
    axes.grid(axis="y", color=charts.GRID_COLOUR, linewidth=0.8)
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
