"""The panel profile: confirmed members against their area's population on every census dimension
the harmonised equality questions cover, and the recruitment gaps to close. Plain module: no Flask,
no database.

Built from the same blocks as the survey dashboard (toolkit.equality, toolkit.equality_charts,
toolkit.stats): each dimension's member counts go through `toolkit.stats.disclosure.protect_table`
(cell-key perturbation with the profiles' record keys, small counts hidden, counts that could be
worked out hidden too), and every share, interval, flag and gap is worked out from the protected
counts only. Below the minimum base nothing but the (protected) number of members is shown.

The whole panel and each recruitment channel (its own column of "which channels reached this
group") overlap, and the panel grows over time, so the tables are published block by block through
the same layer as the survey dashboard (`toolkit.equality_blocks`: members confirmed up to the end
of the last complete reporting block, every view audited with every block before): a figure that,
combined with the others or with what the page showed before, would pin a hidden count is withheld.
Gaps follow the dashboard's order: furthest below the population share in proportion first, and
never a majority group. Members who leave are erased, so the figures of the last block can change
by them without a new block: the one way the panel differs from a survey's responses.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from toolkit.charts import Chart
from toolkit.equality import (
    NO_ANSWER,
    ProtectedGroup,
    ShownCell,
    answered_estimate,
    cell_text,
    comparison_mappings,
    default_questions,
    interval_text,
    percent,
    protected_groups,
    ratio_text,
    respondent_group,
    seldom_heard,
    shortfall_order,
    shown_cell,
)
from toolkit.equality_blocks import CHANNEL, DAY, KEY, Published, publish_tables
from toolkit.equality_charts import ComparisonBar, comparison_chart
from toolkit.population import AreaPopulation, CategoryMapping, get_dimension
from toolkit.stats import extra_responses_needed
from toolkit.stats.disclosure import Policy, Table, count_of, protect
from toolkit.text import lazy as _l

TOP_CHANNELS = 3
BASE_OF = {"16+": "16+", "18+": "18+", "all": "all"}


@dataclass(frozen=True)
class Member:
    """What the profile counts for one confirmed member with a profile (no id, no contact)."""

    answers: Mapping[str, Any]
    record_key: int
    channel: str | None  # the recruitment channel's name
    confirmed_on: date | None = None  # None: before any day counted (all such members in one block)


@dataclass(frozen=True)
class Row:
    group: str
    population_share: str
    members: str
    member_share: str
    interval: str
    ratio: str
    under_represented: bool


@dataclass(frozen=True)
class Dimension:
    key: str
    label: str
    area_name: str
    base_label: str
    source: str
    answered: str
    no_answer: str
    rows: tuple[Row, ...]
    chart: Chart


@dataclass(frozen=True)
class Gap:
    """A group the panel is short of: how many more members would close the gap, and which
    recruitment channels brought such members in so far (from protected counts)."""

    dimension: str
    group: str
    population_share: str
    member_share: str
    more_needed: str
    approximate: bool
    channels: tuple[str, ...]


@dataclass(frozen=True)
class Profile:
    members: ShownCell  # confirmed members with a profile, protected
    without_profile: int  # confirmed members who gave no equality answers (not an equality figure)
    shown: bool  # False below the minimum base: nothing else is shown
    dimensions: tuple[Dimension, ...]
    gaps: tuple[Gap, ...]
    policy: Policy
    covered_until: date | None = None  # members confirmed up to the end of this reporting block


PopulationOf = Callable[[CategoryMapping], AreaPopulation]


def build(members: Sequence[Member], population_of: PopulationOf, policy: Policy, base: str = "16+", *,
          without_profile: int = 0, today: date | None = None) -> Profile:  # fmt: skip
    """The profile page's figures. `population_of(mapping)` gives the area's population for a
    dimension at the mapping's base (toolkit.population.area_population).

    Like the survey dashboard (`toolkit.equality_blocks`), the tables count members confirmed up
    to the end of the last complete reporting block (whole days before `today`, the first block
    at least the minimum base, each later one at least the score's minimum), the whole panel and
    each recruitment channel, audited together with every block before: someone who looks again
    after each new member sees nothing change until a whole block is complete, and no combination
    of the figures over time pins a hidden count."""
    total = protect(count_of(m.record_key for m in members), policy.threshold)
    if len(members) < policy.minimum_base:
        return Profile(shown_cell("members", total), without_profile, False, (), (), policy)
    mappings = comparison_mappings([q.id for q in default_questions()], BASE_OF.get(base, "16+"))
    populations = {m.dimension: population_of(m) for m in mappings}
    published = publish_tables(_frame(members, mappings, populations), {
        m.dimension: [*m.group_population(populations[m.dimension]), NO_ANSWER] for m in mappings
    }, policy, today)  # fmt: skip
    key = published.latest("until") if published.ends else None
    if key is None:
        return Profile(shown_cell("members", total), without_profile, False, (), (), policy)
    dimensions, gaps = [], []
    for mapping in mappings:
        population = populations[mapping.dimension]
        table = published.tables[mapping.dimension][key]
        if sum(c.value or 0 for g, c in table.cells.items() if g != NO_ANSWER) < policy.minimum_base:
            continue  # a question too few members answered shows nothing, as a view below the minimum base
        groups = protected_groups(table, mapping.group_population(population))
        dimensions.append(_dimension(mapping, population, table, groups))
        gaps += _gaps(mapping, table, groups, _reach(published, mapping.dimension, key[2]))
    ordered = tuple(g for _key, g in sorted(gaps, key=lambda item: item[0]))
    return Profile(shown_cell("members", total), without_profile, True, tuple(dimensions), ordered, policy, key[2])


EARLIEST = date(2000, 1, 1)


def _frame(members: Sequence[Member], mappings: Sequence[CategoryMapping],
           populations: Mapping[str, AreaPopulation]) -> pd.DataFrame:  # fmt: skip
    """One row per member: recruitment channel, day confirmed, record key and group per dimension."""
    known = {m.dimension: set(m.group_population(populations[m.dimension])) for m in mappings}
    records = []
    for member in members:
        record: dict[str, Any] = {CHANNEL: member.channel or "", DAY: member.confirmed_on or EARLIEST,
                                  KEY: member.record_key}  # fmt: skip
        for mapping in mappings:
            group = respondent_group(mapping, member.answers)
            record[mapping.dimension] = group if group in known[mapping.dimension] else NO_ANSWER
        records.append(record)
    return pd.DataFrame.from_records(records, columns=[CHANNEL, DAY, KEY, *(m.dimension for m in mappings)])


def _reach(published: Published, dimension: str, until: date) -> dict[str, list[tuple[str, int]]]:
    """Group -> (channel, protected count of members from it in the group), from each recruitment
    channel's view as published by `until` (channels never published are left out)."""
    reach: dict[str, list[tuple[str, int]]] = {}
    names = sorted({name for kind, name, _ in published.keys if kind == "channel" and name})
    for name in names:
        key = published.latest("channel", name, until)
        if key is None:
            continue
        for group, cell in published.tables[dimension][key].cells.items():
            if cell.value is not None and group != NO_ANSWER:
                reach.setdefault(group, []).append((name, cell.value))
    return reach


def _dimension(mapping: CategoryMapping, population: AreaPopulation, table: Table,
               groups: Sequence[ProtectedGroup]) -> Dimension:  # fmt: skip
    rows = tuple(
        Row(
            g.category,
            percent(g.population_share),
            cell_text(g.cell),
            percent(g.share),
            "–" if g.interval is None else interval_text(*g.interval),
            ratio_text(None if g.share is None or not g.population_share else g.share / g.population_share),
            g.under_represented,
        )
        for g in groups
    )
    label = get_dimension(mapping.dimension).label
    bars = [ComparisonBar(g.category, g.population_share, g.share, cell_text(g.cell)) for g in groups]
    answered = round(answered_estimate(table))
    return Dimension(
        key=mapping.dimension,
        label=label,
        area_name=population.area_name,
        base_label=population.base_label,
        source=population.source,
        answered=f"{answered:,}",
        no_answer=cell_text(table.cells[NO_ANSWER]),
        rows=rows,
        chart=comparison_chart(label, bars, str(_l("Panel members"))),
    )


def _gaps(mapping: CategoryMapping, table: Table, groups: Sequence[ProtectedGroup],
          reach: Mapping[str, Sequence[tuple[str, int]]]) -> list[tuple[tuple[Any, ...], Gap]]:  # fmt: skip
    answered = round(answered_estimate(table))
    found = []
    for g in groups:
        if not seldom_heard(g):
            continue
        known = g.cell.value if g.cell.value is not None else g.cell.threshold - 1
        extra = extra_responses_needed(known, answered, g.population_share)
        channels = sorted(reach.get(g.category, []), key=lambda r: (-r[1], r[0]))
        label = get_dimension(mapping.dimension).label
        view = Gap(label, g.category, percent(g.population_share), percent(g.share), f"{extra:,}",
                   g.cell.value is None, tuple(name for name, _ in channels[:TOP_CHANNELS]))  # fmt: skip
        found.append(((*shortfall_order(g, answered), mapping.dimension, g.category), view))
    return found
