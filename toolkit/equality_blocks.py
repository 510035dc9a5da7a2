"""Which views of a growing set of people may be shown, block by block, and their audited tables.

Plain module: no Flask, no database. Shared by the survey dashboard (`surveys.equality.dashboard`,
respondents by the day they answered and their channel) and the panel profile (`panel.profile`,
members by the day they confirmed and their recruitment channel).

People are counted in *reporting blocks*: whole days before today, each block at least
`block_size` people (the first only the minimum base) and a quarter of all before it. A page shows
everything up to the end of the last complete block, never the day still open, so figures change
only a block at a time and refreshing between two arrivals shows nothing new. At each block end the views published
(everything up to it, and each channel up to it when it differs enough from the others) are
audited together with every view published before (`toolkit.equality.audited_tables`,
`toolkit.stats.disclosure.publish`), so no combination of figures pins a hidden count.

Everything is worked out from *cells* (CELL_COLUMNS): how many people (N) of a channel and day
gave each value (VALUE) of each column (FIELD; TOTAL counts everyone), and the sum of their record
keys (KEY). Cells summed from kept tallies (surveys/equality/tallies.py) or counted from one row
per person (`cells`) give the same figures: counts and key sums only ever add up.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from toolkit.equality import NO_ANSWER, View, audited_tables
from toolkit.stats.disclosure import Audit, Count, Policy, Table, table_from_dict, table_to_dict

CHANNEL = "_channel"
DAY = "_day"
KEY = "_key"  # a person's record key; in a cell, the sum of its people's record keys
N = "_n"
FIELD = "_field"
VALUE = "_value"
TOTAL = ""  # the field counting everyone
NONE = ""  # the value of someone who gave none
CELL_COLUMNS = [CHANNEL, DAY, FIELD, VALUE, N, KEY]
BLOCK = "_block"
# Part of the digest published tables are kept under: change it whenever a change to this module or to
# toolkit.stats.disclosure could publish different figures from the same cells.
PUBLISHING_VERSION = 2  # 2: the audit reasons in whole people
BLOCK_GROWTH = 0.25


def reporting_blocks(
    days: Iterable[date], size: int, today: date | None = None, first: int | None = None
) -> tuple[date, ...]:
    """The last day of each *complete* reporting block: consecutive days before `today` (a day
    still taking responses is never in a block), each block holding at least `size` responses and
    at least a quarter as many as all the blocks before it (so a million responses make about 45
    blocks, not 20,000; each block depends only on the days up to its end, so it never changes).
    Responses after the last complete block wait until theirs is complete, so figures change only
    a block at a time and refreshing the page between two submissions shows nothing new. The
    first block may be smaller: `first` responses (so figures show from the minimum base)."""
    return _block_ends(pd.Series(list(days), dtype=object).value_counts(), size, today, first)


def _block_ends(per_day: pd.Series, size: int, today: date | None, first: int | None = None) -> tuple[date, ...]:
    """`reporting_blocks` from how many people each day had."""
    per_day = per_day[per_day > 0].sort_index()
    if today is not None:
        per_day = per_day[[day < today for day in per_day.index]]
    ends: list[date] = []
    held, before = 0, 0
    for day, n in per_day.items():
        held += int(n)
        if held >= max(size if ends or first is None else first, math.ceil(BLOCK_GROWTH * before)):
            ends.append(day)
            before += held
            held = 0
    return tuple(ends)


ViewKey = tuple[str, str | None, date]  # ("until", None, block end) or ("channel", name, block end)


@dataclass(frozen=True)
class Published:
    """Every view the dashboard shows, block by block, with each dimension's audited tables.

    At the end of each complete reporting block the dashboard publishes everything up to it, and,
    for each channel, its responses up to it when the channel has at least the minimum base, has
    grown by at least the minimum base since it was last published, and differs from every view up
    to a block end by no one or by at least the minimum base. (Which views are published depends
    only on how many responses each channel had each day, which the results page shows anyway.)
    Each block's new tables are then audited together with everything published before
    (`toolkit.stats.disclosure.publish`), so nothing published ever changes."""

    ends: tuple[date, ...]
    keys: tuple[ViewKey, ...]
    sizes: Mapping[ViewKey, int]
    atoms: Mapping[ViewKey, frozenset[tuple[str, int]]]
    tables: Mapping[str, Mapping[ViewKey, Table]]
    cells: pd.DataFrame  # the cells (CELL_COLUMNS) of complete blocks, with their block number in BLOCK
    atom_sizes: Mapping[tuple[str, int], int]  # (channel, block) -> people

    def latest(self, kind: str, name: str | None = None, until: date | None = None) -> ViewKey | None:
        """The last view of this kind (and channel) published by `until`'s block end."""
        chosen = [k for k in self.keys if k[0] == kind and k[1] == name and (until is None or k[2] <= until)]
        return chosen[-1] if chosen else None

    def rows(self, key: ViewKey) -> pd.DataFrame:
        """The cells of a view's people."""
        kind, name, end = key
        inside = self.cells[self.cells[DAY].to_numpy() <= end]
        return inside[inside[CHANNEL] == name] if kind == "channel" else inside


def cells(frame: pd.DataFrame, fields: Sequence[str]) -> pd.DataFrame:
    """The cells (CELL_COLUMNS) of a frame of one row per person (CHANNEL, DAY, KEY and `fields`):
    each person counts once under TOTAL and once under each field (a missing value as NONE)."""
    parts = [frame[[CHANNEL, DAY, KEY]].assign(**{FIELD: TOTAL, VALUE: NONE})]
    for field in fields:
        values = frame[field].astype(object)
        parts.append(frame[[CHANNEL, DAY, KEY]].assign(**{FIELD: field, VALUE: values.where(values.notna(), NONE)}))
    return sum_cells(pd.concat(parts, ignore_index=True).assign(**{N: 1}))


def sum_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows with the same channel, day, field and value added together, in that order; empty
    cells left out."""
    if frame.empty:
        return pd.DataFrame({c: pd.Series(dtype=np.int64 if c in (N, KEY) else object) for c in CELL_COLUMNS})
    summed = frame.groupby([CHANNEL, DAY, FIELD, VALUE], sort=True, as_index=False)[[N, KEY]].sum()
    return summed.loc[summed[N] > 0, CELL_COLUMNS].reset_index(drop=True)


def field_values(found: pd.DataFrame, field: str) -> list[str]:
    """Every value anyone gave for `field` in these cells, sorted."""
    return sorted({str(v) for v in found.loc[found[FIELD] == field, VALUE] if v != NONE})


def requested(found: pd.DataFrame, channel: str | None, until: date | None) -> int:
    """How many people of these cells are in a channel (all, for None) up to a day (any, for None)."""
    found = found[found[FIELD] == TOTAL]
    if channel is not None:
        found = found[found[CHANNEL] == channel]
    if until is not None:
        found = found[found[DAY].to_numpy() <= until]
    return int(found[N].sum())


def _family(totals: pd.DataFrame, ends: Sequence[date], policy: Policy) -> list[list[tuple[ViewKey, int]]]:
    """The views published at each block end, with their sizes (see `Published`), from the
    TOTAL cells of the complete blocks."""
    minimum = policy.minimum_base
    table = totals.pivot_table(index=CHANNEL, columns=BLOCK, values=N, aggfunc="sum", fill_value=0)
    table = table.reindex(columns=range(len(ends)), fill_value=0)
    up_to = table.sum(axis=0).cumsum().to_numpy()
    last: dict[str, int] = {}
    stages: list[list[tuple[ViewKey, int]]] = []
    for k, end in enumerate(ends):
        stage: list[tuple[ViewKey, int]] = [(("until", None, end), int(up_to[k]))]
        for name, counts in table.iterrows():
            within = counts.cumsum().to_numpy()
            size = int(within[k])
            grown = size - last[str(name)] if str(name) in last else size
            differences = size + up_to[: k + 1] - 2 * within[: k + 1]
            if size >= minimum and grown >= minimum and all(d == 0 or d >= minimum for d in differences):
                stage.append((("channel", str(name), end), size))
                last[str(name)] = size
        stages.append(stage)
    return stages


def block_size(policy: Policy) -> int:
    """The fewest new people in a reporting block after the first: the score's minimum (50 by
    default). The first block needs only the minimum base (10), so tables show from 10 responses
    and the score from 50. Every block of the minimum base would be safe too (the audit withholds
    what they would pin) but makes about twice as many blocks, and the integer-programming
    attacker that proves the demo safe (tests/integration/test_disclosure_attack.py) then runs past
    the test run's 10-minute limit: one small block first adds one block, not dozens."""
    return policy.score_minimum


def policy_block_ends(per_day: pd.Series, policy: Policy, today: date | None) -> tuple[date, ...]:
    """The reporting blocks' last days under `policy`, from how many people each day had: the
    first block of the minimum base, the rest of `block_size`. Every table that counts a survey's
    responses a block at a time (the dashboard, the engagement report) ends where these do."""
    return _block_ends(per_day, block_size(policy), today, first=policy.minimum_base)


def complete_cells(found: pd.DataFrame, policy: Policy, today: date | None = None) -> pd.DataFrame:
    """The cells of complete reporting blocks only: all that `publish_cells` reads of `found` (the
    same published views and tables from either), so a response that does not complete a block
    changes nothing published."""
    return _complete(found, policy, today)[1].reset_index(drop=True)


def _complete(found: pd.DataFrame, policy: Policy, today: date | None) -> tuple[tuple[date, ...], pd.DataFrame]:
    """The reporting blocks' last days, and the cells up to the last of them."""
    totals = found[found[FIELD] == TOTAL]
    ends = policy_block_ends(totals.groupby(DAY)[N].sum(), policy, today)
    return ends, found[found[DAY].to_numpy() <= ends[-1]] if ends else found.iloc[0:0]


def cells_digest(found: pd.DataFrame) -> str:
    """A digest of cells (CELL_COLUMNS): equal cells, equal digests, whatever their row order."""
    ordered = found[CELL_COLUMNS].sort_values([CHANNEL, DAY, FIELD, VALUE], kind="stable").astype(str)
    digest = hashlib.sha256()
    for column in CELL_COLUMNS:
        digest.update("\x1f".join(ordered[column]).encode())
        digest.update(b"\x1e")
    return digest.hexdigest()


def publish_tables(
    frame: pd.DataFrame, columns: Mapping[str, Sequence[str]], policy: Policy, today: date | None = None
) -> Published:
    """Every view that may be shown of `frame` (one row per person: CHANNEL, DAY, KEY and a column
    per entry of `columns`), and each column's audited tables (see `publish_cells`)."""
    return publish_cells(cells(frame, list(columns)), columns, policy, today)


def publish_cells(
    found: pd.DataFrame,
    columns: Mapping[str, Sequence[str]],
    policy: Policy,
    today: date | None = None,
    tables: Mapping[str, Mapping[ViewKey, Table]] | None = None,
) -> Published:
    """Every view that may be shown of the people counted in `found` (CELL_COLUMNS, with a TOTAL
    field and a field per entry of `columns`), and each column's audited tables, its categories as
    given (any other value counted as `NO_ANSWER`, which must be the last category). `tables`:
    the tables an earlier audit of the same cells published (`tables_from_json`), not audited again."""
    ends, inside = _complete(found, policy, today)
    block = np.searchsorted(np.array(ends, dtype=object), inside[DAY].to_numpy(), side="left") if ends else []
    inside = inside.assign(**{BLOCK: np.asarray(block, dtype=np.int64)})
    totals = inside[inside[FIELD] == TOTAL]
    stages = _family(totals, ends, policy) if ends else []
    channels = sorted({str(c) for c in totals[CHANNEL]})
    atom_sizes = {(str(c), int(b)): int(n) for (c, b), n in totals.groupby([CHANNEL, BLOCK])[N].sum().items() if n}
    atoms: dict[ViewKey, frozenset[tuple[str, int]]] = {}
    for k, stage in enumerate(stages):
        for key, _ in stage:
            names = channels if key[0] == "until" else [key[1]]
            atoms[key] = frozenset((str(c), b) for c in names for b in range(k + 1) if atom_sizes.get((str(c), b), 0))
    if tables is None or not _fits(tables, columns, [key for stage in stages for key, _ in stage]):
        tables = {
            column: _published_tables(inside, column, categories, policy, stages, atom_sizes, atoms)
            for column, categories in columns.items()
        }
    return Published(
        ends=tuple(ends),
        keys=tuple(key for stage in stages for key, _ in stage),
        sizes={key: size for stage in stages for key, size in stage},
        atoms=atoms,
        tables=tables,
        cells=inside,
        atom_sizes=atom_sizes,
    )


def _published_tables(
    frame: pd.DataFrame,
    column: str,
    categories: Sequence[str],
    policy: Policy,
    stages: Sequence[Sequence[tuple[ViewKey, int]]],
    atom_sizes: Mapping[tuple[str, int], int],
    atoms: Mapping[ViewKey, frozenset[tuple[str, int]]],
) -> dict[ViewKey, Table]:
    known = set(categories)
    frame = frame[frame[FIELD] == column]
    category = np.array([g if g in known else NO_ANSWER for g in frame[VALUE]], dtype=object)
    # Per atom and category: how many people, and the sum of their record keys (vectorised).
    frame = frame.assign(_category=category)
    grouped = frame.groupby([CHANNEL, BLOCK, "_category"])
    n, keys = grouped[N].sum().to_dict(), grouped[KEY].sum().to_dict()
    audit = Audit(categories)
    published: dict[ViewKey, Table] = {}
    for k, stage in enumerate(stages):
        new_atoms: dict[object, int] = {a: size for a, size in atom_sizes.items() if a[1] == k}
        views: list[View] = [
            (
                frozenset(atoms[key]),
                {
                    c: Count(
                        sum(int(n.get((*a, c), 0)) for a in atoms[key]),
                        sum(int(keys.get((*a, c), 0)) for a in atoms[key]) % 256,
                    )
                    for c in categories
                },
            )
            for key, _ in stage
        ]
        for (key, _), table in zip(stage, audited_tables(audit, new_atoms, views, policy.threshold), strict=True):
            published[key] = table
    return published


def _fits(
    tables: Mapping[str, Mapping[ViewKey, Table]], columns: Mapping[str, Sequence[str]], keys: list[ViewKey]
) -> bool:
    """Whether kept tables have every column, view and category these cells publish."""
    return set(tables) == set(columns) and all(
        set(tables[column]) == set(keys) and all(list(t.cells) == list(categories) for t in tables[column].values())
        for column, categories in columns.items()
    )


def tables_to_json(tables: Mapping[str, Mapping[ViewKey, Table]]) -> dict[str, list[list[Any]]]:
    """Published tables as JSON-ready data, to keep beside the digest of the cells they came from."""
    return {
        column: [[kind, name, end.isoformat(), table_to_dict(table)] for (kind, name, end), table in views.items()]
        for column, views in tables.items()
    }


def tables_from_json(data: Mapping[str, Sequence[Sequence[Any]]]) -> dict[str, dict[ViewKey, Table]]:
    """The tables `tables_to_json` wrote."""
    return {
        column: {(kind, name, date.fromisoformat(end)): table_from_dict(table) for kind, name, end, table in views}
        for column, views in data.items()
    }


def select(published: Published, channel: str | None, until: date | None) -> tuple[ViewKey | None, date | None]:
    """The published view the filters ask for (None when there is none) and the block end it covers.
    An end date moves forward to the end of its block (the last complete one, at the latest); a
    channel shows its responses as last published by then."""
    if not published.ends:
        return None, None
    later = [end for end in published.ends if until is not None and end >= until]
    end = later[0] if later else published.ends[-1]
    key = published.latest("channel", channel, end) if channel is not None else ("until", None, end)
    return key, (key[2] if key is not None else end)
