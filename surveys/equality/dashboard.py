"""The representativeness dashboard, made safe to show: plain module, no Flask, no database.

Takes respondents' equality answers (with channel, day and record key, nothing else) and the
population of the survey's area, and gives every figure the page shows. Every count passes through
the disclosure control of `toolkit.stats.disclosure` (cell-key perturbation, small counts hidden,
a minimum base) and every derived figure (shares, intervals, ratios, flags, the "who we still need
to hear from" list and its order, the channels that reached a group, the score and its history)
is worked out from those protected counts only.

Which responses a page may look at is limited too (`view_problem`): all of them, one channel, or
everything up to a date that is moved forward to the end of a *reporting block* (consecutive days
holding at least `Policy.score_minimum` responses). Two views that differ by a few people would
show which groups those people are in, so any two views this dashboard shows differ by a whole
channel or by whole blocks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt
import pandas as pd

from surveys.equality import model as equality
from surveys.equality.charts import ComparisonBar, ScorePoint, comparison_chart, score_chart
from surveys.model import Question
from toolkit.charts import Chart
from toolkit.equality import NO_ANSWER, CountTable, canonical_answer, cell_text, count_table, district_categories
from toolkit.population import PREFER_NOT_TO_SAY, AreaPopulation, CategoryMapping, MappingRow
from toolkit.stats import extra_responses_needed, wilson_interval
from toolkit.stats.disclosure import Count, Policy, Protected, Status, Table, counts_by, protect_table, share
from toolkit.text import lazy as _l

CHANNEL = "_channel"
LICENCE_URL = re.compile(r"\s*\((https?://[^)\s]+)\)")
DAY = "_day"
KEY = "_key"
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
    approximate: bool  # "at least": the group's count is hidden
    best_channels: tuple[str, ...]


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

    @property
    def threshold(self) -> int:
        return self.policy.threshold

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


def _interval(low: float, high: float) -> str:
    return str(_l("%(low)s to %(high)s", low=percent(low), high=percent(high)))


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
    columns = [CHANNEL, DAY, KEY, *(c.key for c in comparisons), *(q.id for q in other_questions)]
    return pd.DataFrame.from_records(records, columns=columns)


# --- which responses a view may show ------------------------------------------------------------------------


def reporting_blocks(days: Iterable[date], size: int) -> tuple[date, ...]:
    """The last day of each reporting block: consecutive days, each block holding at least `size`
    responses; what is left at the end joins the last block. One block when there are fewer."""
    per_day = pd.Series(list(days), dtype=object).value_counts().sort_index()
    ends: list[date] = []
    held = 0
    for day, n in per_day.items():
        held += int(n)
        if held >= size:
            ends.append(day)
            held = 0
    if per_day.empty:
        return ()
    last: date = per_day.index[-1]
    if not ends or held:
        ends = [*ends[:-1], last] if ends else [last]
    return tuple(ends)


def block_end(ends: Sequence[date], until: date) -> date | None:
    """The end of the reporting block `until` falls in; None when that is the last block (all)."""
    later = [end for end in ends if end >= until]
    return later[0] if later and later[0] != ends[-1] else None


def view_problem(channel: object, submitted_from: object, submitted_to: object, language: object) -> str | None:
    """Why equality figures cannot be shown for these filters, or None when they can."""
    if submitted_from or language or (channel and submitted_to):
        return str(
            _l(
                "Equality figures are shown for all responses, for one channel, or for responses up to a date: "
                "not for a start date, a language, or a channel and a date together. Comparing views that "
                "differ by a few people could show which groups those people are in."
            )
        )
    return None


ViewKey = tuple[str, object]  # ("all", None), ("until", last day of a block) or ("channel", name)


def view_family(frame: pd.DataFrame, policy: Policy) -> list[ViewKey]:
    """Every view the dashboard will show: all responses, everything up to the end of each
    reporting block, and each channel, in that order, each kept only if it has at least the
    minimum base and differs from every view kept before it by no one or by at least the minimum
    base. (Which views are kept depends only on how many responses each channel had each day,
    which the results page shows anyway.) Views up to a block differ from each other and from all
    responses by whole blocks, and two channels by both, so only a channel against all responses
    and against each block view needs counting: from the counts per channel and block."""
    if len(frame) < policy.minimum_base:
        return []
    ends = reporting_blocks(frame[DAY], policy.score_minimum)
    kept: list[ViewKey] = [("all", None), *(("until", end) for end in ends)]
    block = np.searchsorted(np.array(ends, dtype=object), frame[DAY].to_numpy(), side="left")
    table = pd.crosstab(frame[CHANNEL], block).reindex(columns=range(len(ends)), fill_value=0)
    up_to = table.sum(axis=0).cumsum().to_numpy()
    for name, counts in table.iterrows():
        size, within = int(counts.sum()), counts.cumsum().to_numpy()
        differences = [len(frame) - size, *(size + up_to - 2 * within)]
        if size >= policy.minimum_base and all(d == 0 or d >= policy.minimum_base for d in differences):
            kept.append(("channel", name))
    return kept


def view_rows(frame: pd.DataFrame, key: ViewKey) -> pd.DataFrame:
    kind, value = key
    if kind == "channel":
        return frame[frame[CHANNEL] == value]
    return frame if kind == "all" else frame[frame[DAY] <= value]


def select(
    frame: pd.DataFrame, policy: Policy, channel: str | None, until: date | None
) -> tuple[pd.DataFrame | None, date | None]:
    """The responses of a view (None when it is not one the dashboard shows) and, for a date, the
    block end the view really covers."""
    key: ViewKey = ("all", None)
    covered = None
    if channel is not None:
        key = ("channel", channel)
    elif until is not None and (end := block_end(reporting_blocks(frame[DAY], policy.score_minimum), until)):
        key, covered = ("until", end), end
    return (view_rows(frame, key), covered) if key in view_family(frame, policy) else (None, covered)


# --- protected tables ---------------------------------------------------------------------------------------


def _groups(comparison: Comparison) -> dict[str, float]:
    return {g: float(n) for g, n in comparison.mapping.group_population(comparison.population).items()}


def dimension_table(frame: pd.DataFrame, comparison: Comparison, policy: Policy) -> Table:
    """Respondents per group, with everyone else ("Prefer not to say", blank, unmatched) as the
    last category, so the categories add up to the view's responses (shown exactly: the results
    page shows how many responses a filter matches)."""
    groups = list(_groups(comparison))
    known = set(groups)
    pairs = [
        (group if group in known else NO_ANSWER, int(key))
        for group, key in zip(frame[comparison.key], frame[KEY], strict=True)
    ]
    counts = counts_by(pairs, [*groups, NO_ANSWER])
    total = Count(len(pairs), sum(k for _, k in pairs) % 256)
    return protect_table({c: counts[c] for c in [*groups, NO_ANSWER]}, total, policy.threshold, exact_total=True)


@dataclass(frozen=True)
class _Group:
    """A group's figures from protected counts only."""

    category: str
    cell: Protected
    estimate: float
    population_share: float
    share: float | None  # the shown count's share of those who answered; None when hidden
    interval: tuple[float, float] | None
    under_represented: bool


def _answered(table: Table) -> float:
    estimates = table.estimates()
    return sum(v for c, v in estimates.items() if c != NO_ANSWER)


def protected_groups(table: Table, population: Mapping[str, float]) -> list[_Group]:
    """Shares, intervals and flags from the protected counts: a small count is flagged only when
    even `threshold - 1` would leave the group under-represented."""
    answered = _answered(table)
    estimates = table.estimates()
    total_population = sum(population.values()) or 1.0
    result = []
    for category, people in population.items():
        cell = table.cells[category]
        population_share = people / total_population
        n = round(answered)
        if cell.value is not None and n > 0:
            low, high = wilson_interval(min(cell.value, n), n)
            result.append(
                _Group(category, cell, estimates[category], population_share, share(cell.value, answered),
                       (low, high), high < population_share)
            )  # fmt: skip
            continue
        flagged = cell.status is Status.SMALL and n > 0 and wilson_interval(cell.threshold - 1, n)[1] < population_share
        result.append(_Group(category, cell, estimates[category], population_share, None, None, flagged))
    return result


# --- the dashboard ------------------------------------------------------------------------------------------


def build(
    rows: Iterable[EqualityRowLike],
    comparisons: Sequence[Comparison],
    *,
    policy: Policy,
    channel: str | None = None,
    until: date | None = None,
    other_questions: Sequence[Question] = (),
) -> DashboardView:
    frame = responses_frame(rows, comparisons, other_questions)
    selected, covered = select(frame, policy, channel, until)
    view = frame.iloc[0:0] if selected is None else selected
    # Each dimension's own source: a lead's table for some and census figures for others needs both.
    attribution = " ".join(dict.fromkeys(c.population.attribution for c in comparisons))
    common: dict[str, Any] = {
        "responses": f"{len(view if selected is not None else _requested(frame, channel, covered)):,}",
        "policy": policy,
        "attribution": LICENCE_URL.sub("", attribution),
        "licence_url": match.group(1) if (match := LICENCE_URL.search(attribution)) else "",
        "caveats": tuple(dict.fromkeys(c for comparison in comparisons for c in comparison.population.caveats)),
        "covered_until": covered,
    }
    if selected is None:
        return DashboardView(
            dimensions=(), still_to_hear_from=(), score=Score(None, 0, ""), score_points=(), score_chart=None,
            other_counts=(), too_few=True, **common,
        )  # fmt: skip
    tables = {c.key: dimension_table(view, c, policy) for c in comparisons}
    groups = {c.key: protected_groups(tables[c.key], _groups(c)) for c in comparisons}
    reach = channel_reach(frame, comparisons, policy) if channel is None else {}
    points = score_over_time(frame, comparisons, policy, covered) if channel is None else ()
    return DashboardView(
        dimensions=tuple(_dimension_view(c, tables[c.key], groups[c.key]) for c in comparisons),
        still_to_hear_from=shortfalls(comparisons, tables, groups, reach),
        score=score(comparisons, tables, len(view), policy),
        score_points=points,
        score_chart=score_chart(points) if points else None,
        other_counts=tuple(_count_table(view, q, policy) for q in other_questions),
        **common,
    )


def _requested(frame: pd.DataFrame, channel: str | None, until: date | None) -> pd.DataFrame:
    """The responses a refused view asked for (only their number is shown: the results page has it)."""
    if channel is not None:
        return frame[frame[CHANNEL] == channel]
    return frame if until is None else frame[frame[DAY] <= until]


def _dimension_view(comparison: Comparison, table: Table, groups: Sequence[_Group]) -> DimensionView:
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
        chart=comparison_chart(comparison.label, bars),
    )


def channel_reach(
    frame: pd.DataFrame, comparisons: Sequence[Comparison], policy: Policy
) -> dict[str, dict[str, list[tuple[str, int, float]]]]:
    """Dimension -> group -> (channel, protected count, share of the channel's responses), from
    each channel's own protected table: the same figures its channel filter shows. Channels below
    the minimum base, and counts not shown, are left out."""
    reach: dict[str, dict[str, list[tuple[str, int, float]]]] = {c.key: {} for c in comparisons}
    for kind, name in view_family(frame, policy):
        if kind != "channel":
            continue
        rows = view_rows(frame, (kind, name))
        for comparison in comparisons:
            table = dimension_table(rows, comparison, policy)
            for group, cell in table.cells.items():
                if cell.value is not None and group != NO_ANSWER:
                    reach[comparison.key].setdefault(group, []).append((str(name), cell.value, cell.value / len(rows)))
    return reach


def shortfalls(
    comparisons: Sequence[Comparison],
    tables: Mapping[str, Table],
    groups: Mapping[str, Sequence[_Group]],
    reach: Mapping[str, Mapping[str, Sequence[tuple[str, int, float]]]],
) -> tuple[ShortfallView, ...]:
    """Flagged groups, largest gap first, all from protected figures."""
    found = []
    for comparison in comparisons:
        answered = round(_answered(tables[comparison.key]))
        for g in groups[comparison.key]:
            if not g.under_represented:
                continue
            known = g.cell.value if g.cell.value is not None else g.cell.threshold - 1
            extra = extra_responses_needed(known, answered, g.population_share)
            gap = (g.share if g.share is not None else g.estimate / max(answered, 1)) - g.population_share
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
            found.append((gap, -extra, comparison.label, g.category, view))
    return tuple(item[-1] for item in sorted(found, key=lambda item: item[:4]))


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
    frame: pd.DataFrame, comparisons: Sequence[Comparison], policy: Policy, until: date | None = None
) -> tuple[ScorePoint, ...]:
    """The score of all responses up to the end of each reporting block (the same views a date
    filter shows), from their protected counts; blocks before the score's minimum are left out."""
    ends = reporting_blocks(frame[DAY], policy.score_minimum)
    if not ends or ("all", None) not in view_family(frame, policy):
        return ()
    block = np.searchsorted(np.array(ends, dtype=object), frame[DAY].to_numpy(), side="left")
    chosen = scored(comparisons)
    cumulative = {c.key: _cumulative_counts(frame, block, len(ends), c) for c in chosen}
    sizes = np.bincount(block, minlength=len(ends)).cumsum()
    points = []
    for i, end in enumerate(ends):
        if until is not None and end > until:
            break
        tables = {}
        for c in chosen:
            counts = {category: Count(int(n[i]), int(k[i]) % 256) for category, (n, k) in cumulative[c.key].items()}
            total = Count(int(sizes[i]), sum(count.key for count in counts.values()) % 256)
            tables[c.key] = protect_table(counts, total, policy.threshold, exact_total=True)
        value = score(comparisons, tables, int(sizes[i]), policy).score
        if value is not None:
            points.append(ScorePoint(end, value))
    return tuple(points)


def _cumulative_counts(
    frame: pd.DataFrame, block: npt.NDArray[np.intp], blocks: int, comparison: Comparison
) -> dict[str, tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]]:
    """Per category: how many people, and the sum of their record keys, up to each block (the same
    counts and cell keys `dimension_table` finds for the views up to each block)."""
    groups = list(_groups(comparison))
    known = set(groups)
    category = np.array([g if g in known else NO_ANSWER for g in frame[comparison.key]], dtype=object)
    keys = frame[KEY].to_numpy(dtype=np.int64)
    result = {}
    for name in [*groups, NO_ANSWER]:
        mine = category == name
        n = np.bincount(block[mine], minlength=blocks).cumsum()
        k = np.bincount(block[mine], weights=keys[mine], minlength=blocks).astype(np.int64).cumsum()
        result[name] = (n, k)
    return result


def _count_table(frame: pd.DataFrame, question: Question, policy: Policy) -> CountTable:
    answers = [None if a is None or a == PREFER_NOT_TO_SAY else str(a) for a in frame[question.id]]
    if question.options:
        categories = [a for a in dict.fromkeys(equality.answer_labels(question).values()) if a != PREFER_NOT_TO_SAY]
    else:
        categories, merged = district_categories(answers, policy.threshold)
        answers = [None if a is None else merged.get(a, a) for a in answers]
    keys = [int(k) for k in frame[KEY]]
    return count_table(question.text, categories, zip(answers, keys, strict=True), policy, exact_total=True)
