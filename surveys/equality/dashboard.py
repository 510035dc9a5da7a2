"""The representativeness dashboard, made safe to show: plain module, no Flask, no database.

Takes respondents' equality answers (with channel, day and record key, nothing else) and the
population of the survey's area, and gives every figure the page shows. Every count passes through
the disclosure control of `toolkit.stats.disclosure` (cell-key perturbation, small counts hidden,
a minimum base) and every derived figure (shares, intervals, ratios, flags, the "who we still need
to hear from" list and its order, the channels that reached a group, the score and its history)
is worked out from those protected counts only.

Which responses a page may look at is limited too (`publish_views`): everything up to the end
of each complete *reporting block* (whole days before today, each block at least
`toolkit.equality_blocks.block_size` responses: the score's minimum), and each channel up to a
block end, as far as they differ from each other by at least the minimum base. Each block's new
tables are audited together with everything published before (`toolkit.stats.disclosure.publish`),
so no combination of figures, and no refreshing between submissions, pins a hidden count.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

import pandas as pd

from surveys.equality import model as equality
from surveys.model import Question
from toolkit.charts import Chart
from toolkit.equality import (
    NO_ANSWER,
    OTHER_DISTRICTS,
    CountTable,
    ShownCell,
    canonical_answer,
    cell_text,
    seldom_heard,
    shortfall_order,
    shown_cell,
)
from toolkit.equality import ProtectedGroup as _Group
from toolkit.equality import answered_estimate as _answered
from toolkit.equality import interval_text as _interval
from toolkit.equality import percent as percent
from toolkit.equality import protected_groups as protected_groups
from toolkit.equality import ratio_text as _ratio
from toolkit.equality_blocks import BLOCK as BLOCK  # re-exported: tests, tallies and the attacker read these
from toolkit.equality_blocks import CHANNEL as CHANNEL
from toolkit.equality_blocks import DAY as DAY
from toolkit.equality_blocks import FIELD as FIELD
from toolkit.equality_blocks import KEY as KEY
from toolkit.equality_blocks import NONE as NONE
from toolkit.equality_blocks import TOTAL as TOTAL
from toolkit.equality_blocks import VALUE as VALUE
from toolkit.equality_blocks import N as N
from toolkit.equality_blocks import Published as Published
from toolkit.equality_blocks import ViewKey as ViewKey
from toolkit.equality_blocks import cells as _cells
from toolkit.equality_blocks import field_values, publish_cells, requested
from toolkit.equality_blocks import reporting_blocks as reporting_blocks
from toolkit.equality_blocks import select as select
from toolkit.equality_blocks import sum_cells as sum_cells
from toolkit.equality_charts import ComparisonBar, ScorePoint, comparison_chart, score_chart
from toolkit.population import PREFER_NOT_TO_SAY, AreaPopulation, CategoryMapping, MappingRow
from toolkit.stats import extra_responses_needed
from toolkit.stats.disclosure import Policy, Status, Table
from toolkit.text import lazy as _l

LICENCE_URL = re.compile(r"\s*\((https?://[^)\s]+)\)")
TOP_CHANNELS = 3


class EqualityRowLike(Protocol):
    @property
    def channel(self) -> str: ...

    @property
    def submitted_on(self) -> date: ...

    @property
    def record_key(self) -> int: ...

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
    """One line of a dimension's table, every figure already protected and formatted."""

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
    answered: str  # worked out from the protected counts
    excluded: str  # "Prefer not to say" or blank, protected
    rows: tuple[GroupRow, ...]
    mapping_rows: tuple[MappingRow, ...]
    notes: tuple[str, ...]
    chart: Chart | None  # None when the caller wants the figures only (`build_from(drawn=False)`)

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
    approximate: bool  # "at least": the group's count is hidden
    best_channels: tuple[str, ...]


@dataclass(frozen=True)
class PriorityView:
    """A seldom-heard group the lead named, with its figures (all from protected counts)."""

    dimension: str
    group: str
    population_share: str
    respondents: str
    respondent_share: str
    ratio: str
    under_represented: bool


@dataclass(frozen=True)
class Score:
    score: float | None  # None when hidden or when nothing can be compared
    characteristics: int  # how many characteristics it averages over
    explanation: str


@dataclass(frozen=True)
class DashboardView:
    responses: str  # protected
    policy: Policy
    dimensions: tuple[DimensionView, ...]
    still_to_hear_from: tuple[ShortfallView, ...]
    score: Score
    score_points: tuple[ScorePoint, ...]
    score_chart: Chart | None
    other_counts: tuple[CountTable, ...]
    attribution: str  # without the licence's web address, which is in `licence_url`
    caveats: tuple[str, ...]
    licence_url: str = ""
    covered_until: date | None = None  # the end of the reporting block a date filter was moved to
    too_few: bool = False  # below the minimum base, or too close to another view: no equality figure
    overview: Chart | None = None  # every group's respondent share against its population share
    priority: tuple[PriorityView, ...] = ()  # the seldom-heard groups the lead named, in their order

    @property
    def threshold(self) -> int:
        return self.policy.threshold

    @property
    def best_fit(self) -> bool:
        return any(d.best_fit for d in self.dimensions)


# --- formatting ---------------------------------------------------------------------------------------------


# --- reading the rows ---------------------------------------------------------------------------------------


def responses_frame(
    rows: Iterable[EqualityRowLike], comparisons: Sequence[Comparison], other_questions: Sequence[Question] = ()
) -> pd.DataFrame:
    """One row per response: channel, day, record key, the comparison group per dimension, and the
    harmonised answer to each question that has no census comparison."""
    mappings = [c.mapping for c in comparisons]
    records = []
    for row in rows:
        record: dict[str, Any] = {CHANNEL: row.channel, DAY: row.submitted_on, KEY: row.record_key}
        record.update(equality.respondent_groups(mappings, row.answers))
        for question in other_questions:
            record[question.id] = canonical_answer(question.id, row.answers.get(question.id))
        records.append(record)
    columns = [CHANNEL, DAY, KEY, *fields(comparisons, other_questions)]
    return pd.DataFrame.from_records(records, columns=columns)


def fields(comparisons: Sequence[Comparison], other_questions: Sequence[Question] = ()) -> list[str]:
    """The cell fields the dashboard counts: each comparison's key and each other question's id."""
    return [*(c.key for c in comparisons), *(q.id for q in other_questions)]


def cells(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """The cells (`toolkit.equality_blocks.CELL_COLUMNS`) of a `responses_frame`, for `columns`:
    what the equality tallies (surveys/equality/tallies.py) give without reading the responses."""
    return _cells(frame, columns)


# --- which responses a view may show ------------------------------------------------------------------------


def view_problem(channel: object, submitted_from: object, submitted_to: object, language: object) -> str | None:
    """Why equality figures cannot be shown for these filters, or None when they can."""
    if submitted_from or language:
        return str(
            _l(
                "Equality figures are shown for all responses, for one channel, or for responses up to a date "
                "(with or without a channel): not for a start date or a language. A start date or a language "
                "picks people out in ways that can differ from another view by only a few people, and comparing "
                "the two could show which groups those people are in."
            )
        )
    return None


def publish_views(
    frame: pd.DataFrame,
    comparisons: Sequence[Comparison],
    policy: Policy,
    today: date | None = None,
    other_questions: Sequence[Question] = (),
) -> Published:
    """`publish_from_cells` for one row per response (`responses_frame`)."""
    found = cells(frame, fields(comparisons, other_questions))
    return publish_from_cells(found, comparisons, policy, today, other_questions)


def publish_from_cells(
    found: pd.DataFrame,
    comparisons: Sequence[Comparison],
    policy: Policy,
    today: date | None = None,
    other_questions: Sequence[Question] = (),
    tables: Mapping[str, Mapping[ViewKey, Table]] | None = None,
) -> Published:
    """Every view the dashboard may show (`toolkit.equality_blocks`), and its audited tables per
    dimension (keyed by the comparison's key) and per equality question with no census comparison
    (keyed by its id: pregnancy, inclusion health, postcode districts), each audited across views
    like a dimension; from cells (`cells` of the responses, or the equality tallies') with a
    field per comparison and per other question. `tables`: as an earlier audit of the same cells
    published them (`publish_cells`)."""
    columns = {c.key: [*_groups(c), NO_ANSWER] for c in comparisons}
    columns |= {q.id: [*_answer_categories(q, found), NO_ANSWER] for q in other_questions}
    return publish_cells(found, columns, policy, today, tables)


def _answer_categories(question: Question, found: pd.DataFrame) -> list[str]:
    """A question's categories: its harmonised answers, or (the postcode box) every district anyone
    gave. Which districts are named on the page follows from the protected counts only
    (`other_count_table`), never from a real count."""
    if question.options:
        return [a for a in dict.fromkeys(equality.answer_labels(question).values()) if a != PREFER_NOT_TO_SAY]
    return [a for a in field_values(found, question.id) if a != PREFER_NOT_TO_SAY]


# --- protected tables ---------------------------------------------------------------------------------------


def _groups(comparison: Comparison) -> dict[str, float]:
    return {g: float(n) for g, n in comparison.mapping.group_population(comparison.population).items()}


# --- the dashboard ------------------------------------------------------------------------------------------


def build(
    rows: Iterable[EqualityRowLike],
    comparisons: Sequence[Comparison],
    *,
    policy: Policy,
    channel: str | None = None,
    until: date | None = None,
    today: date | None = None,
    other_questions: Sequence[Question] = (),
) -> DashboardView:
    frame = responses_frame(rows, comparisons, other_questions)
    found = cells(frame, fields(comparisons, other_questions))
    return build_from_cells(found, comparisons, policy=policy, channel=channel, until=until, today=today,
                            other_questions=other_questions)  # fmt: skip


def build_from_cells(
    found: pd.DataFrame,
    comparisons: Sequence[Comparison],
    *,
    policy: Policy,
    channel: str | None = None,
    until: date | None = None,
    today: date | None = None,
    other_questions: Sequence[Question] = (),
    priority: Sequence[tuple[str, str]] = (),
) -> DashboardView:
    """The dashboard from cells (`cells` of the responses, or the equality tallies')."""
    published = publish_from_cells(found, comparisons, policy, today, other_questions)
    return build_from(found, published, comparisons, policy=policy, channel=channel, until=until,
                      other_questions=other_questions, priority=priority)  # fmt: skip


def build_from(
    found: pd.DataFrame,
    published: Published,
    comparisons: Sequence[Comparison],
    *,
    policy: Policy,
    channel: str | None = None,
    until: date | None = None,
    other_questions: Sequence[Question] = (),
    priority: Sequence[tuple[str, str]] = (),
    drawn: bool = True,
) -> DashboardView:
    """The view the filters ask for, from every response's cells (`cells`, or the equality
    tallies') and the views `publish_from_cells` worked out from them: the audit is the slow part, so a caller may keep
    `published` for as long as the responses, the policy and the comparisons stay the same.
    Without `drawn`, the figures only: no charts (a few tenths of a second each to draw)."""
    key, covered = select(published, channel, until)
    # Each dimension's own source: a lead's table for some and census figures for others needs both.
    attribution = " ".join(dict.fromkeys(c.population.attribution for c in comparisons))
    common: dict[str, Any] = {
        "responses": f"{published.sizes[key] if key else requested(found, channel, until):,}",
        "policy": policy,
        "attribution": LICENCE_URL.sub("", attribution),
        "licence_url": match.group(1) if (match := LICENCE_URL.search(attribution)) else "",
        "caveats": tuple(dict.fromkeys(c for comparison in comparisons for c in comparison.population.caveats)),
        "covered_until": covered,
    }
    if key is None:
        return DashboardView(
            dimensions=(), still_to_hear_from=(), score=Score(None, 0, ""), score_points=(), score_chart=None,
            other_counts=(), too_few=True, **common,
        )  # fmt: skip
    tables = {c.key: published.tables[c.key][key] for c in comparisons}
    groups = {c.key: protected_groups(tables[c.key], _groups(c)) for c in comparisons}
    reach = channel_reach(published, comparisons, key[2]) if channel is None else {}
    points = score_over_time(published, comparisons, policy, key[2]) if channel is None else ()
    return DashboardView(
        overview=overview_chart(comparisons, groups) if drawn else None,
        priority=priority_views(comparisons, groups, priority),
        dimensions=tuple(_dimension_view(c, tables[c.key], groups[c.key], drawn) for c in comparisons),
        still_to_hear_from=shortfalls(comparisons, tables, groups, reach, frozenset(priority)),
        score=score(comparisons, tables, published.sizes[key], policy),
        score_points=points,
        score_chart=score_chart(points) if points and drawn else None,
        other_counts=tuple(other_count_table(q, published.tables[q.id][key]) for q in other_questions),
        **common,
    )


def _dimension_view(comparison: Comparison, table: Table, groups: Sequence[_Group], drawn: bool) -> DimensionView:
    rows = tuple(
        GroupRow(
            group=g.category,
            population_share=percent(g.population_share),
            respondents=cell_text(g.cell),
            respondent_share=percent(g.share),
            interval="–" if g.interval is None else _interval(*g.interval),
            ratio=_ratio(None if g.share is None or not g.population_share else g.share / g.population_share),
            under_represented=g.under_represented,
            hidden=not g.cell.shown,
        )
        for g in groups
    )
    bars = [ComparisonBar(g.category, g.population_share, g.share, cell_text(g.cell)) for g in groups]
    population = comparison.population
    answered = _answered(table)
    exact = all(g.cell.shown for g in groups)
    return DimensionView(
        key=comparison.key,
        label=comparison.label,
        area_name=population.area_name,
        base_label=population.base_label,
        source=population.source,
        best_fit=population.best_fit,
        answered=f"{round(answered):,}" if exact else str(_l("about %(number)s", number=f"{round(answered):,}")),
        excluded=cell_text(table.cells[NO_ANSWER]),
        rows=rows,
        mapping_rows=comparison.mapping.rows(),
        notes=comparison.mapping.notes,
        chart=comparison_chart(comparison.label, bars) if drawn else None,
    )


def overview_chart(comparisons: Sequence[Comparison], groups: Mapping[str, Sequence[_Group]]) -> Chart:
    """One chart of every group in every compared characteristic: its respondents' share (from the
    protected counts; hidden counts drawn as their words, never as a bar) against its population
    share. Ethnic group is drawn once, as its first comparison, like the score."""
    bars = [
        ComparisonBar(f"{c.label}: {g.category}", g.population_share, g.share, cell_text(g.cell))
        for c in scored(comparisons)
        for g in groups[c.key]
    ]
    return comparison_chart(str(_l("Every group: respondents against the population")), bars)


def priority_views(
    comparisons: Sequence[Comparison], groups: Mapping[str, Sequence[_Group]], named: Sequence[tuple[str, str]]
) -> tuple[PriorityView, ...]:
    """The groups the lead named (dimension key, group), in their order, each with its protected
    figures; a named group no comparison has (a dimension since switched off) is left out."""
    labels = {c.key: c.label for c in comparisons}
    found = {(key, g.category): g for key, in_dimension in groups.items() for g in in_dimension}
    views = []
    for key, category in named:
        if (g := found.get((key, category))) is None:
            continue
        views.append(
            PriorityView(
                dimension=labels[key],
                group=category,
                population_share=percent(g.population_share),
                respondents=cell_text(g.cell),
                respondent_share=percent(g.share),
                ratio=_ratio(None if g.share is None or not g.population_share else g.share / g.population_share),
                under_represented=g.under_represented,
            )
        )
    return tuple(views)


def channel_reach(
    published: Published, comparisons: Sequence[Comparison], until: date
) -> dict[str, dict[str, list[tuple[str, int, float]]]]:
    """Dimension -> group -> (channel, protected count, share of the channel's responses), from
    each channel's view as published by `until`: the same figures its channel filter shows.
    Channels never published, and counts not shown, are left out."""
    reach: dict[str, dict[str, list[tuple[str, int, float]]]] = {c.key: {} for c in comparisons}
    names = sorted({name for kind, name, _ in published.keys if kind == "channel" and name is not None})
    for name in names:
        key = published.latest("channel", name, until)
        if key is None:
            continue
        for comparison in comparisons:
            for group, cell in published.tables[comparison.key][key].cells.items():
                if cell.value is not None and group != NO_ANSWER:
                    size = published.sizes[key]
                    reach[comparison.key].setdefault(group, []).append((name, cell.value, cell.value / size))
    return reach


def shortfalls(
    comparisons: Sequence[Comparison],
    tables: Mapping[str, Table],
    groups: Mapping[str, Sequence[_Group]],
    reach: Mapping[str, Mapping[str, Sequence[tuple[str, int, float]]]],
    first: frozenset[tuple[str, str]] = frozenset(),
) -> tuple[ShortfallView, ...]:
    """Flagged groups that are not a majority of the area, furthest below their population share
    in proportion first (respondents' share divided by population share: a group of 3% with no
    respondents comes before a group of 35% with 25%), all from protected figures. Majority
    groups ("Not disabled", "Never married") never open the list: their shortfall is the other
    groups' surplus, and it is in the detailed tables. Groups the lead named (`first`) come first.
    """
    found = []
    for comparison in comparisons:
        answered = round(_answered(tables[comparison.key]))
        for g in groups[comparison.key]:
            if not seldom_heard(g):
                continue
            known = g.cell.value if g.cell.value is not None else g.cell.threshold - 1
            extra = extra_responses_needed(known, answered, g.population_share)
            channels = sorted(reach.get(comparison.key, {}).get(g.category, []), key=lambda r: (-r[1], -r[2], r[0]))
            view = ShortfallView(
                dimension=comparison.label,
                group=g.category,
                population_share=percent(g.population_share),
                respondent_share=percent(g.share),
                extra_responses=f"{extra:,}",
                approximate=g.cell.value is None,
                best_channels=tuple(name for name, _, _ in channels[:TOP_CHANNELS]),
            )
            named = (comparison.key, g.category) in first
            found.append((not named, *shortfall_order(g, answered), comparison.label, g.category, view))
    return tuple(item[-1] for item in sorted(found, key=lambda item: item[:5]))


# --- the score ----------------------------------------------------------------------------------------------


def scored(comparisons: Sequence[Comparison]) -> list[Comparison]:
    """One comparison per characteristic: ethnic group is compared in several ways (5 groups, and
    8 or 19) but counts once in the score, as its first (high-level) comparison."""
    seen: set[tuple[str, ...]] = set()
    chosen = []
    for comparison in comparisons:
        questions = equality.dimension_question_ids(comparison.key)
        if questions not in seen:
            seen.add(questions)
            chosen.append(comparison)
    return chosen


def dissimilarity(table: Table, population: Mapping[str, float]) -> float | None:
    """Half the sum of |respondent share - population share|, shares from protected counts."""
    estimates = table.estimates()
    answered = sum(estimates[g] for g in population)
    total_population = sum(population.values())
    if answered <= 0 or total_population <= 0:
        return None
    return 0.5 * sum(abs(estimates[g] / answered - n / total_population) for g, n in population.items())


def score(comparisons: Sequence[Comparison], tables: Mapping[str, Table], responses: int, policy: Policy) -> Score:
    chosen = scored(comparisons)
    if responses < policy.score_minimum:
        text = _l(
            "The score is shown once at least %(minimum)s responses are included, so that it cannot say much "
            "about any one person.",
            minimum=policy.score_minimum,
        )
        return Score(None, len(chosen), str(text))
    parts = [d for c in chosen if (d := dissimilarity(tables[c.key], _groups(c))) is not None]
    if not parts:
        return Score(None, 0, str(_l("There is no score yet: nobody has answered the equality questions.")))
    value = 1 - sum(parts) / len(parts)
    return Score(value, len(parts), explain_score(value, len(parts)))


def explain_score(value: float, characteristics: int) -> str:
    short = round((1 - value) * 100)
    return str(
        _l(
            "The score is %(score)s out of 1. For each characteristic compared with the census (%(count)s here, "
            "each counted once) we compare the mix of people who answered with the mix of people who live in "
            "the area: 1 means the two mixes are the same, 0 means they have nothing in common. On average, "
            "%(short)s%% of the responses would have had to come from different groups for the mix to match.",
            score=f"{value:.2f}",
            count=characteristics,
            short=short,
        )
    )


def score_over_time(
    published: Published, comparisons: Sequence[Comparison], policy: Policy, until: date | None = None
) -> tuple[ScorePoint, ...]:
    """The score of all responses up to the end of each reporting block (the same views a date
    filter shows), from their published tables; blocks before the score's minimum are left out."""
    points = []
    for end in published.ends:
        if until is not None and end > until:
            break
        key: ViewKey = ("until", None, end)
        tables = {c.key: published.tables[c.key][key] for c in comparisons}
        value = score(comparisons, tables, published.sizes[key], policy).score
        if value is not None:
            points.append(ScorePoint(end, value))
    return tuple(points)


def other_count_table(question: Question, table: Table) -> CountTable:
    """An equality question with no census comparison, as audited with every other view. Postcode
    districts are named only where their protected count is shown; the rest are one line, "Other
    districts", "not shown" (so no district given by only a few people is named, and no figure
    that looks like a small count is worked out for them)."""
    cells = [shown_cell(c, cell) for c, cell in table.cells.items()]
    if not question.options:
        named = [cell for cell in cells[:-1] if cell.value is not None]
        others = [ShownCell(OTHER_DISTRICTS, str(_l("not shown")), None, Status.HIDDEN)]
        cells = [*named, *(others if len(named) < len(cells) - 1 else []), cells[-1]]
    return CountTable(question.text, tuple(cells), shown_cell(str(_l("Total")), table.total))
