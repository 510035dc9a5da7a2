"""A stratified random sample of panel members that mirrors the population (plain: no Flask, no database).

`draw(members, population, size, seed=...)` picks `size` members so that, on every chosen
dimension (age band, sex, ethnic group, carer...), the sample's counts follow the population's
shares. How:

1. **Eligible members.** Paused members, and members invited within the rest period, are left out
   (and counted, so the page can say how many).
2. **Strata** are the combinations of the chosen dimensions' categories that eligible members
   have. A member who did not say (or chose an answer the population does not count, such as
   "prefer not to say") is in the dimension's "not known" category; that category keeps its share
   of the eligible panel and the population's shares are scaled to the rest.
3. **Proportional allocation.** Iterative proportional fitting, started from the eligible members'
   own counts per stratum, finds fractional stratum sizes whose margins equal `size` times the
   population shares: the allocation closest to the panel's own mix that has the population's
   margins. A stratum asked for more members than it has is fixed at what it has and the rest
   are fitted again, so the sample keeps its size; a category that cannot be filled is reported
   (`Shortfall`) and its places go to the other categories of its dimension, in proportion.
4. **Controlled rounding.** Margins are first rounded to whole numbers that add up to `size`
   (unbiased random rounding: a category's count goes up with probability equal to its fraction).
   Strata are then rounded down, and the leftover places are given one at a time to strata picked
   at random, weighted by their fractions, only while every margin the stratum belongs to still
   has room. So every stratum gets the floor or ceiling of its fractional size, every margin
   gets the floor or ceiling of its exact target (in all but rare cases, when a margin may be one
   further off; `max_margin_error` reports it), and over many seeds the expected counts equal the
   exact targets. This is the largest-remainder idea made random, in the spirit of Cox's (1987)
   unbiased controlled rounding, which is exact for two dimensions but has no guarantee beyond.
5. **Random selection within strata**: a seeded random order within each stratum.

The same members, population, size and seed always give the same sample.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
import numpy.typing as npt
import pandas as pd

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

UNKNOWN = "not known"
MEMBER_ID = "member_id"
LAST_INVITED = "last_invited_at"
PAUSED_UNTIL = "paused_until"
SEED_DIGITS = 6
IPF_TOLERANCE = 1e-9
IPF_MAX_ITERATIONS = 500
# A category more than this many members below its exact target could not be filled.
SHORTFALL_MARGIN = 1.0
REPAIR_MOVES = 50


class SamplingError(ValueError):
    """The sample cannot be drawn as asked; the message says why in plain words."""


@dataclass(frozen=True)
class MarginRow:
    """One category of one dimension: the population's share, the eligible panel's share, the
    exact proportional target for the sample, and how many the sample has."""

    dimension: str
    category: str
    population_share: float | None  # None for "not known"
    panel_share: float
    target: float
    drawn: int
    eligible: int


@dataclass(frozen=True)
class Shortfall:
    dimension: str
    category: str
    wanted: float  # the exact proportional target
    drawn: int
    eligible: int


@dataclass(frozen=True)
class Sample:
    seed: int
    requested: int
    member_ids: tuple[int, ...]
    margins: tuple[MarginRow, ...]
    shortfalls: tuple[Shortfall, ...]
    panel_size: int
    eligible: int
    excluded_paused: int
    excluded_resting: int
    max_margin_error: float  # largest |drawn - target| over the categories that could be filled

    @property
    def drawn(self) -> int:
        return len(self.member_ids)


def new_seed() -> int:
    """A seed to show on the page and to draw again with."""
    return secrets.randbelow(10**SEED_DIGITS)


def eligible_mask(members: pd.DataFrame, now: datetime, rest_days: int) -> tuple[npt.NDArray[np.bool_], int, int]:
    """Which members may be invited now: not paused, not invited in the last `rest_days` days."""
    n = len(members)
    paused = np.zeros(n, dtype=bool)
    resting = np.zeros(n, dtype=bool)
    if PAUSED_UNTIL in members:
        until = pd.to_datetime(members[PAUSED_UNTIL], utc=True)
        paused = (until > pd.Timestamp(now)).fillna(False).to_numpy(dtype=bool)
    if LAST_INVITED in members and rest_days > 0:
        last = pd.to_datetime(members[LAST_INVITED], utc=True)
        cutoff = pd.Timestamp(now - timedelta(days=rest_days))
        resting = (last > cutoff).fillna(False).to_numpy(dtype=bool)
    resting = resting & ~paused
    return ~(paused | resting), int(paused.sum()), int(resting.sum())


def draw(
    members: pd.DataFrame,
    population: Mapping[str, Mapping[str, float]],
    size: int | None,
    *,
    seed: int | None = None,
    now: datetime,
    rest_days: int = 0,
) -> Sample:
    """Draw a sample of `size` members (None: every eligible member) mirroring `population`
    (dimension -> category -> share) on its dimensions. `members` has a `member_id` column, one
    column per dimension (category or None), and optionally `last_invited_at` and `paused_until`."""
    seed = new_seed() if seed is None else seed
    dimensions = list(population)
    _check(members, population, size)
    members = members.sort_values(MEMBER_ID, kind="stable").reset_index(drop=True)
    mask, paused, resting = eligible_mask(members, now, rest_days)
    eligible = members.loc[mask].reset_index(drop=True)
    n_eligible = len(eligible)
    wanted = n_eligible if size is None else size
    if wanted > n_eligible:
        raise SamplingError(f"Only {n_eligible:,} members can be invited now; ask for {n_eligible:,} or fewer.")
    rng = np.random.default_rng(seed)
    codes, labels = _codes(eligible, dimensions, population)
    shares = [_shares(labels[i], population[d], codes[i]) for i, d in enumerate(dimensions)]
    cell_of, cells = _cells(codes)
    capacity = np.bincount(cell_of, minlength=len(cells)).astype(np.float64)
    if size is None or wanted == 0:
        allocation = capacity.astype(np.int64) if size is None else np.zeros(len(cells), dtype=np.int64)
        exact = allocation.astype(np.float64)
        uncapped = [share * wanted for share in shares]
    else:
        exact, uncapped = _allocate(cells, capacity, shares, wanted)
        allocation = _round(cells, exact, capacity, [len(lab) for lab in labels], rng)
    chosen = _select(cell_of, allocation, rng)
    ids = tuple(int(i) for i in eligible[MEMBER_ID].to_numpy()[chosen])
    margins, shortfalls, error = _report(codes, labels, shares, cells, allocation, uncapped, population, dimensions)
    return Sample(
        seed=seed,
        requested=wanted,
        member_ids=ids,
        margins=margins,
        shortfalls=shortfalls,
        panel_size=len(members),
        eligible=n_eligible,
        excluded_paused=paused,
        excluded_resting=resting,
        max_margin_error=error,
    )


def _check(members: pd.DataFrame, population: Mapping[str, Mapping[str, float]], size: int | None) -> None:
    if MEMBER_ID not in members:
        raise SamplingError("The members have no member_id column.")
    if size is not None and size < 0:
        raise SamplingError("The sample size cannot be negative.")
    for dimension, shares in population.items():
        if dimension not in members:
            raise SamplingError(f"The members have no {dimension!r} column.")
        total = sum(shares.values())
        if not shares or total <= 0 or any(share < 0 for share in shares.values()):
            raise SamplingError(f"The population shares for {dimension!r} are empty or negative.")


def _codes(
    eligible: pd.DataFrame, dimensions: Sequence[str], population: Mapping[str, Mapping[str, float]]
) -> tuple[list[IntArray], list[list[str]]]:
    """Each dimension as integer codes: the population's categories in order, then "not known"."""
    codes: list[IntArray] = []
    labels: list[list[str]] = []
    for dimension in dimensions:
        categories = [c for c, share in population[dimension].items() if share > 0]
        values, uniques = pd.factorize(eligible[dimension], use_na_sentinel=True)
        lookup = {category: i for i, category in enumerate(categories)}
        unique_codes = np.array([lookup.get(value, len(categories)) for value in uniques], dtype=np.int64)
        unique_codes = np.append(unique_codes, len(categories))  # the NA sentinel, -1, picks the last
        codes.append(unique_codes[values])
        labels.append([*categories, UNKNOWN])
    return codes, labels


def _shares(labels: Sequence[str], population: Mapping[str, float], codes: IntArray) -> FloatArray:
    """Target shares per category: "not known" keeps its eligible-panel share, the rest the population's."""
    known = np.array([population[label] for label in labels[:-1]], dtype=np.float64)
    known = known / known.sum()
    unknown = float((codes == len(labels) - 1).mean()) if len(codes) else 0.0
    return np.append(known * (1.0 - unknown), unknown)


def _cells(codes: Sequence[IntArray]) -> tuple[IntArray, IntArray]:
    """Each member's stratum number, and the strata as rows of category codes."""
    if not codes or len(codes[0]) == 0:
        width = len(codes)
        return np.zeros(len(codes[0]) if codes else 0, dtype=np.int64), np.zeros((0, width), dtype=np.int64)
    combined = np.zeros(len(codes[0]), dtype=np.int64)
    for code in codes:
        combined = combined * (int(code.max()) + 1) + code
    radices = [int(code.max()) + 1 for code in codes]
    present = np.flatnonzero(np.bincount(combined))
    number = np.full(int(combined.max()) + 1, -1, dtype=np.int64)
    number[present] = np.arange(len(present))
    cells = np.zeros((len(present), len(codes)), dtype=np.int64)
    rest = present.copy()
    for d in reversed(range(len(codes))):
        cells[:, d] = rest % radices[d]
        rest //= radices[d]
    return number[combined], cells


def _allocate(
    cells: IntArray, capacity: FloatArray, shares: Sequence[FloatArray], size: int
) -> tuple[FloatArray, list[FloatArray]]:
    """Fractional stratum sizes with the population's margins, no stratum above its capacity."""
    fixed = np.zeros(len(cells), dtype=bool)
    value = np.zeros(len(cells), dtype=np.float64)
    uncapped = [share * size for share in shares]
    while True:
        free = ~fixed
        remaining = size - value[fixed].sum()
        targets = []
        for d, share in enumerate(shares):
            taken = np.bincount(cells[fixed, d], weights=value[fixed], minlength=len(share))
            room = np.maximum(share * size - taken, 0.0)
            room[np.bincount(cells[free, d], minlength=len(share)) == 0] = 0.0
            targets.append(room / room.sum() * remaining if room.sum() > 0 else room)
        value[free] = _ipf(cells[free], capacity[free], targets)
        over = free & (value > capacity + 1e-9)
        if not over.any():
            return value, uncapped
        value[over] = capacity[over]
        fixed |= over


def _ipf(cells: IntArray, seed: FloatArray, targets: Sequence[FloatArray]) -> FloatArray:
    """Scale the seed counts until every margin matches its target."""
    value = seed.astype(np.float64).copy()
    if len(value) == 0:
        return value
    for _ in range(IPF_MAX_ITERATIONS):
        worst = 0.0
        for d, target in enumerate(targets):
            current = np.bincount(cells[:, d], weights=value, minlength=len(target))
            factor = np.divide(target, current, out=np.zeros_like(target), where=current > 0)
            value *= factor[cells[:, d]]
            worst = max(worst, float(np.abs(current - target).max()))
        if worst < IPF_TOLERANCE * max(1.0, float(value.sum())):
            break
    return value


def _weighted_order(fractions: FloatArray, rng: np.random.Generator) -> IntArray:
    """A random order in which an item with a larger fraction tends to come first (Efraimidis-Spirakis)."""
    u = rng.random(len(fractions))
    with np.errstate(divide="ignore"):
        keys = np.where(fractions > 0, np.log(u) / np.maximum(fractions, 1e-300), -np.inf)
    return np.argsort(-keys, kind="stable").astype(np.int64)


def _round_total(values: FloatArray, total: int, rng: np.random.Generator) -> IntArray:
    """Round each value down or up so that they add up to `total`, up with probability ~ its fraction."""
    floors = np.floor(values + 1e-9).astype(np.int64)
    left = total - int(floors.sum())
    fractions = np.clip(values - floors, 0.0, 1.0)
    order = [i for i in _weighted_order(fractions, rng) if fractions[i] > 1e-9]
    for i in order[: max(left, 0)]:
        floors[i] += 1
    return floors


def _round(
    cells: IntArray, exact: FloatArray, capacity: FloatArray, sizes: Sequence[int], rng: np.random.Generator
) -> IntArray:
    """Controlled rounding: whole stratum sizes adding up to the total, margins kept (see the module)."""
    total = round(float(exact.sum()))
    floors = np.floor(exact + 1e-9).astype(np.int64)
    fractions = np.clip(exact - floors, 0.0, 1.0)
    room = []
    for d, size in enumerate(sizes):
        margin = np.bincount(cells[:, d], weights=exact, minlength=size).astype(np.float64)
        rounded = _round_total(margin, total, rng)
        room.append(rounded - np.bincount(cells[:, d], weights=floors, minlength=size).astype(np.int64))
    left = total - int(floors.sum())
    order = [i for i in _weighted_order(fractions, rng) if fractions[i] > 1e-9]
    for i in order:
        if left == 0:
            break
        if all(room[d][cells[i, d]] > 0 for d in range(len(sizes))):
            floors[i] += 1
            left -= 1
            for d in range(len(sizes)):
                room[d][cells[i, d]] -= 1
    # Sometimes no stratum with a fraction fits every margin's room: any stratum with members to
    # spare may take a place then, the one whose margins all have room first.
    while left > 0:
        spare = np.flatnonzero(floors < capacity)
        fits = sum((room[d][cells[spare, d]] > 0).astype(np.int64) for d in range(len(sizes)))
        best = spare[np.flatnonzero(fits == fits.max())]
        i = int(best[np.argmax(fractions[best] + rng.random(len(best)) * 1e-6)])
        floors[i] += 1
        left -= 1
        for d in range(len(sizes)):
            room[d][cells[i, d]] -= 1
    return _repair(cells, floors, exact, capacity, room)


def _repair(
    cells: IntArray, counts: IntArray, exact: FloatArray, capacity: FloatArray, room: list[IntArray]
) -> IntArray:
    """Move single places between strata while that brings the margins nearer their rounded targets."""
    dims = range(cells.shape[1])
    for _ in range(REPAIR_MOVES):
        if all(not r.any() for r in room):
            break
        change = np.zeros((len(counts), len(counts)))
        for d in dims:
            r = room[d][cells[:, d]]
            leave = np.abs(r + 1) - np.abs(r)  # a place leaves stratum i: its margin gains room
            join = np.abs(r - 1) - np.abs(r)  # a place joins stratum j
            same = cells[:, d][:, None] == cells[:, d][None, :]
            change += np.where(same, 0, leave[:, None] + join[None, :])
        drift = np.abs(counts - 1 - exact)[:, None] - np.abs(counts - exact)[:, None]
        drift = drift + np.abs(counts + 1 - exact)[None, :] - np.abs(counts - exact)[None, :]
        change += 1e-3 * drift
        change[counts <= 0, :] = np.inf
        change[:, counts >= capacity] = np.inf
        i, j = np.unravel_index(int(np.argmin(change)), change.shape)
        if not change[i, j] < -0.5:
            break
        counts[i] -= 1
        counts[j] += 1
        for d in dims:
            room[d][cells[i, d]] += 1
            room[d][cells[j, d]] -= 1
    return counts


def _select(cell_of: IntArray, allocation: IntArray, rng: np.random.Generator) -> IntArray:
    """The positions of the chosen members: `allocation[c]` members of stratum c, at random."""
    by_cell = np.argsort(cell_of, kind="stable")
    starts = np.searchsorted(cell_of[by_cell], np.arange(len(allocation) + 1))
    chosen = [
        rng.choice(by_cell[starts[c] : starts[c + 1]], size=int(n), replace=False)
        for c, n in enumerate(allocation)
        if n > 0
    ]
    return np.sort(np.concatenate(chosen)).astype(np.int64) if chosen else np.zeros(0, dtype=np.int64)


def _report(
    codes: Sequence[IntArray],
    labels: Sequence[Sequence[str]],
    shares: Sequence[FloatArray],
    cells: IntArray,
    allocation: IntArray,
    uncapped: Sequence[FloatArray],
    population: Mapping[str, Mapping[str, float]],
    dimensions: Sequence[str],
) -> tuple[tuple[MarginRow, ...], tuple[Shortfall, ...], float]:
    rows: list[MarginRow] = []
    short: list[Shortfall] = []
    worst = 0.0
    for d, dimension in enumerate(dimensions):
        size = len(labels[d])
        drawn = np.bincount(cells[:, d], weights=allocation, minlength=size) if len(cells) else np.zeros(size)
        eligible = np.bincount(codes[d], minlength=size)
        n = max(len(codes[d]), 1)
        errors = []
        for k, category in enumerate(labels[d]):
            target = float(uncapped[d][k])
            count = round(float(drawn[k]))
            if category == UNKNOWN and eligible[k] == 0:
                continue
            population_share = None if category == UNKNOWN else float(population[dimension][category])
            rows.append(
                MarginRow(
                    dimension, category, population_share, float(eligible[k]) / n, target, count, int(eligible[k])
                )
            )
            if count < target - SHORTFALL_MARGIN:
                short.append(Shortfall(dimension, category, target, count, int(eligible[k])))
            errors.append(abs(count - target))
        if not any(s.dimension == dimension for s in short):
            worst = max([worst, *errors])
    return tuple(rows), tuple(short), worst
