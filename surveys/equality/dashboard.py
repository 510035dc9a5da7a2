"""The representativeness dashboard, made safe to show: plain module, no Flask, no database.

Takes respondents' equality answers (with channel and day, nothing else) and the population of the
survey's area, and gives every figure the page shows. Every count passes through
`toolkit.stats.suppress_counts` (directly, or through `protect_comparison` and
`protect_shortfalls`, which use it) before it reaches a table, a chart or the score chart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

import pandas as pd

from surveys.equality import model as equality
from surveys.equality.charts import ComparisonBar, ScorePoint, comparison_chart, score_chart
from surveys.model import Question
from toolkit.charts import Chart
from toolkit.equality import CountTable, canonical_answer, count_table
from toolkit.population import AreaPopulation, CategoryMapping, MappingRow
from toolkit.stats import (
    CellStatus,
    DimensionSpec,
    ProtectedComparison,
    ProtectedGroup,
    ProtectedShortfall,
    RepresentativenessScore,
    SuppressedCell,
    build_dashboard,
    compare_dimension,
    protect_comparison,
    protect_shortfalls,
    representativeness_score,
    suppress_counts,
)
from toolkit.text import lazy as _l

CHANNEL = "_channel"
LICENCE_URL = re.compile(r"\s*\((https?://[^)\s]+)\)")
DAY = "_day"


class EqualityRowLike(Protocol):
    @property
    def channel(self) -> str: ...

    @property
    def submitted_on(self) -> date: ...

    @property
    def answers(self) -> Mapping[str, Any]: ...


@dataclass(frozen=True)
class Comparison:
    """One census dimension to compare, with the population it is compared with."""

    label: str
    mapping: CategoryMapping
    population: AreaPopulation

    @property
    def key(self) -> str:
        return self.mapping.dimension


@dataclass(frozen=True)
class GroupRow:
    """One line of a dimension's table, every figure already formatted or hidden."""

    group: str
    population_share: str
    respondents: str
    respondent_share: str
    interval: str
    ratio: str
    under_represented: bool
    hidden: bool


@dataclass(frozen=True)
class DimensionView:
    key: str
    label: str
    area_name: str
    base_label: str
    source: str
    best_fit: bool
    answered: SuppressedCell
    excluded: str  # "Prefer not to say" or blank, already suppressed
    rows: tuple[GroupRow, ...]
    mapping_rows: tuple[MappingRow, ...]
    notes: tuple[str, ...]
    chart: Chart

    @property
    def under_represented(self) -> tuple[str, ...]:
        return tuple(r.group for r in self.rows if r.under_represented)


@dataclass(frozen=True)
class ShortfallView:
    dimension: str
    group: str
    population_share: str
    respondent_share: str
    extra_responses: str
    approximate: bool
    best_channels: tuple[str, ...]


@dataclass(frozen=True)
class DashboardView:
    responses: int
    threshold: int
    dimensions: tuple[DimensionView, ...]
    still_to_hear_from: tuple[ShortfallView, ...]
    score: RepresentativenessScore
    score_points: tuple[ScorePoint, ...]
    score_chart: Chart | None
    other_counts: tuple[CountTable, ...]
    attribution: str  # without the licence's web address, which is in `licence_url`
    caveats: tuple[str, ...]
    licence_url: str = ""

    @property
    def best_fit(self) -> bool:
        return any(d.best_fit for d in self.dimensions)


# --- formatting ---------------------------------------------------------------------------------------------


def percent(share: float | None) -> str:
    if share is None:
        return "–"
    if 0 < share < 0.005:
        return "<1%"
    return f"{share * 100:.0f}%"


def _ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _interval(group: ProtectedGroup) -> str:
    if group.ci_low is None or group.ci_high is None:
        return "–"
    return str(_l("%(low)s to %(high)s", low=percent(group.ci_low), high=percent(group.ci_high)))


# --- reading the rows ---------------------------------------------------------------------------------------


def responses_frame(
    rows: Iterable[EqualityRowLike], comparisons: Sequence[Comparison], other_questions: Sequence[Question] = ()
) -> pd.DataFrame:
    """One row per response: channel, day, the comparison group per dimension, and the harmonised
    answer to each question that has no census comparison."""
    mappings = [c.mapping for c in comparisons]
    records = []
    for row in rows:
        record: dict[str, Any] = {CHANNEL: row.channel, DAY: row.submitted_on}
        record.update(equality.respondent_groups(mappings, row.answers))
        for question in other_questions:
            record[question.id] = canonical_answer(question.id, row.answers.get(question.id))
        records.append(record)
    columns = [CHANNEL, DAY, *(c.key for c in comparisons), *(q.id for q in other_questions)]
    return pd.DataFrame.from_records(records, columns=columns)


def _specs(comparisons: Sequence[Comparison]) -> list[DimensionSpec]:
    return [
        DimensionSpec(c.key, c.key, {g: float(n) for g, n in c.mapping.group_population(c.population).items()})
        for c in comparisons
    ]


# --- the dashboard ------------------------------------------------------------------------------------------


def build(
    rows: Iterable[EqualityRowLike],
    comparisons: Sequence[Comparison],
    *,
    threshold: int,
    other_questions: Sequence[Question] = (),
) -> DashboardView:
    frame = responses_frame(rows, comparisons, other_questions)
    specs = _specs(comparisons)
    result = build_dashboard(frame, specs, channel_column=CHANNEL)
    protected = [protect_comparison(c, threshold) for c in result.dimensions]
    labels = {c.key: c.label for c in comparisons}
    points = score_over_time(frame, specs, threshold)
    attribution = comparisons[0].population.attribution if comparisons else ""
    return DashboardView(
        responses=len(frame),
        threshold=threshold,
        dimensions=tuple(_dimension_view(c, p) for c, p in zip(comparisons, protected, strict=True)),
        still_to_hear_from=tuple(
            _shortfall_view(s, labels) for s in protect_shortfalls(result.still_to_hear_from, protected)
        ),
        score=result.score,
        score_points=points,
        score_chart=score_chart(points) if points else None,
        other_counts=tuple(_count_table(frame, q, threshold) for q in other_questions),
        attribution=LICENCE_URL.sub("", attribution),
        licence_url=match.group(1) if (match := LICENCE_URL.search(attribution)) else "",
        caveats=tuple(dict.fromkeys(c for comparison in comparisons for c in comparison.population.caveats)),
    )


def _dimension_view(comparison: Comparison, protected: ProtectedComparison) -> DimensionView:
    rows = tuple(_group_row(g) for g in protected.groups)
    bars = [
        ComparisonBar(g.category, g.population_share, g.respondent_share, g.respondents.display)
        for g in protected.groups
    ]
    population = comparison.population
    return DimensionView(
        key=comparison.key,
        label=comparison.label,
        area_name=population.area_name,
        base_label=population.base_label,
        source=population.source,
        best_fit=population.best_fit,
        answered=protected.answered,
        excluded=suppress_counts({"excluded": protected.excluded}, protected.threshold).cells[0].display,
        rows=rows,
        mapping_rows=comparison.mapping.rows(),
        notes=comparison.mapping.notes,
        chart=comparison_chart(comparison.label, bars),
    )


def _group_row(group: ProtectedGroup) -> GroupRow:
    return GroupRow(
        group=group.category,
        population_share=percent(group.population_share),
        respondents=group.respondents.display,
        respondent_share=percent(group.respondent_share),
        interval=_interval(group),
        ratio=_ratio(group.ratio),
        under_represented=group.under_represented,
        hidden=group.respondents.status is not CellStatus.SHOWN,
    )


def _shortfall_view(shortfall: ProtectedShortfall, labels: Mapping[str, str]) -> ShortfallView:
    return ShortfallView(
        dimension=labels.get(shortfall.dimension, shortfall.dimension),
        group=shortfall.category,
        population_share=percent(shortfall.population_share),
        respondent_share=percent(shortfall.respondent_share),
        extra_responses=f"{shortfall.extra_responses_needed:,}",
        approximate=shortfall.approximate,
        best_channels=shortfall.best_channels,
    )


def _count_table(frame: pd.DataFrame, question: Question, threshold: int) -> CountTable:
    answers = frame[question.id].dropna()
    if question.options:
        categories = list(dict.fromkeys(equality.answer_labels(question).values()))
    else:
        categories = sorted(str(a) for a in answers.unique())
    return count_table(question.text, categories, (str(a) for a in answers), threshold)


# --- the score, day by day ----------------------------------------------------------------------------------


def score_over_time(frame: pd.DataFrame, specs: Sequence[DimensionSpec], threshold: int) -> tuple[ScorePoint, ...]:
    """The score of all responses up to and including each day with responses. Days before the
    number of responses reaches the threshold are left out: a score from one or two people says
    too much about them."""
    if frame.empty or not specs:
        return ()
    days = sorted(frame[DAY].unique())
    so_far = frame.groupby(DAY).size().reindex(days, fill_value=0).cumsum()
    cumulative = {
        spec.dimension: pd.crosstab(frame[DAY], frame[spec.column])
        .reindex(index=days, columns=list(spec.population), fill_value=0)
        .cumsum()
        for spec in specs
    }
    points = []
    for position, day in enumerate(days):
        if so_far.iloc[position] < threshold:
            continue
        comparisons = [
            compare_dimension(
                spec.dimension,
                {g: int(n) for g, n in cumulative[spec.dimension].iloc[position].items()},
                spec.population,
            )
            for spec in specs
        ]
        score = representativeness_score(comparisons).score
        if score is not None:
            points.append(ScorePoint(day, score))
    return tuple(points)
