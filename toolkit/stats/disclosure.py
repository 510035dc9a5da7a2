"""Disclosure control: the one layer every equality figure passes through before anyone sees it.

Plain module: no Flask, no database. The method, with its parameters, in words a Data Protection
Officer can check (README, "Security and privacy", says the same):

1. **Record keys.** Every stored set of equality answers (survey or workshop) gets a random whole
   number from 0 to 255 when it is stored: its *record key*. It never changes and is never shown.
2. **Cell keys.** A cell of a table (say, "people aged 16 to 24 who answered through the Facebook
   advert") gets a *cell key*: the sum of its people's record keys, modulo 256. The same people
   always give the same cell key, so the same cell always shows the same figure however it is
   asked for; a cell with one person more or less gets an unrelated key.
3. **Perturbation (cell-key method, as ONS used for Census 2021 flexible tables).** A count of
   `threshold` or more is shown with a small amount of noise, from -2 to +2, read from a fixed
   perturbation table by the count (its row) and the cell key (its column). In each row the 256
   columns hold -2, -1, 0, +1, +2 in the proportions 26, 51, 102, 51, 26 (so on average the noise
   is 0 and 0 is the most common); near the threshold the noise never takes a count below it.
   Asking for the same cell again gives the same noise, so repeating or overlapping queries
   cannot average it away.
4. **Minimum cell size.** A count below `threshold` (default 5, never below 3), including 0, is
   shown only as "fewer than 5". Where a table's total and its other cells would still pin a
   hidden count to one value, the smallest shown count is hidden as well ("not shown"), and if
   need be the total.
5. **Minimum base.** A filtered view with fewer than `minimum_base` responses (twice the
   threshold: 10 by default, after perturbation) shows no equality figure at all, only a message.
6. **Derived figures.** Shares, ratios, confidence intervals, flags, gaps, orderings, channel
   lists, messages and the representativeness score are worked out from the protected counts
   only (a hidden count is treated as a fixed value that does not depend on the real one), so
   they cannot tell a reader more than the protected counts already do. The score is not shown
   for fewer than `score_minimum` responses (ten times the threshold: 50 by default).

`Protected.low` / `Protected.high` say what a reader can learn about a real count from what is
shown, given this module's source and its table, but not the record keys: the tests play an
attacker with exactly that knowledge.
"""

from __future__ import annotations

import enum
import math
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

KEY_SPACE = 256
MAX_NOISE = 2
# Columns of a perturbation-table row holding each noise value (they add up to KEY_SPACE).
NOISE_COLUMNS: tuple[tuple[int, int], ...] = ((-2, 26), (-1, 51), (0, 102), (1, 51), (2, 26))
DEFAULT_THRESHOLD = 5
MINIMUM_THRESHOLD = 3
BASE_FACTOR = 2  # minimum base = BASE_FACTOR * threshold
SCORE_FACTOR = 10  # the score needs SCORE_FACTOR * threshold responses


class DisclosureError(ValueError):
    """A threshold, count or key the method cannot work with."""


def new_record_key() -> int:
    """A fresh random record key (0 to 255), from the operating system's secure random source."""
    return secrets.randbelow(KEY_SPACE)


def check_threshold(threshold: int) -> int:
    if isinstance(threshold, bool) or not isinstance(threshold, int):
        raise DisclosureError("The small-number threshold must be a whole number.")
    if threshold < MINIMUM_THRESHOLD:
        raise DisclosureError(f"The small-number threshold cannot be below {MINIMUM_THRESHOLD}; it was {threshold}.")
    return threshold


@dataclass(frozen=True)
class Policy:
    """The parameters, all from the one threshold a survey lead chooses (3 to 100, default 5)."""

    threshold: int = DEFAULT_THRESHOLD

    def __post_init__(self) -> None:
        check_threshold(self.threshold)

    @property
    def minimum_base(self) -> int:
        return BASE_FACTOR * self.threshold

    @property
    def score_minimum(self) -> int:
        return SCORE_FACTOR * self.threshold


# --- counts and keys --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Count:
    """A real count and its cell key: never shown, only protected."""

    n: int
    key: int

    def __post_init__(self) -> None:
        if isinstance(self.n, bool) or not isinstance(self.n, int) or self.n < 0:
            raise DisclosureError(f"A count must be a whole number, 0 or more; it was {self.n!r}.")
        if not 0 <= self.key < KEY_SPACE:
            raise DisclosureError(f"A cell key must be from 0 to {KEY_SPACE - 1}; it was {self.key!r}.")

    def __add__(self, other: Count) -> Count:
        return Count(self.n + other.n, (self.key + other.key) % KEY_SPACE)


EMPTY = Count(0, 0)


def count_of(record_keys: Iterable[int]) -> Count:
    """The count of a cell and its cell key: the sum of its record keys modulo 256."""
    n, total = 0, 0
    for key in record_keys:
        n += 1
        total += key
    return Count(n, total % KEY_SPACE)


def counts_by(pairs: Iterable[tuple[str, int]], categories: Sequence[str] = ()) -> dict[str, Count]:
    """(category, record key) pairs -> a Count per category (listed categories first, even if 0)."""
    n: dict[str, int] = dict.fromkeys(categories, 0)
    keys: dict[str, int] = dict.fromkeys(categories, 0)
    for category, key in pairs:
        n[category] = n.get(category, 0) + 1
        keys[category] = keys.get(category, 0) + key
    return {c: Count(n[c], keys[c] % KEY_SPACE) for c in n}


# --- the perturbation table ---------------------------------------------------------------------------------


def _noise_row() -> tuple[int, ...]:
    row: list[int] = []
    for noise, columns in NOISE_COLUMNS:
        row.extend([noise] * columns)
    assert len(row) == KEY_SPACE
    return tuple(row)


@cache
def perturbation_table(threshold: int = DEFAULT_THRESHOLD) -> tuple[tuple[int, ...], ...]:
    """Row v (a count) and column k (a cell key) hold the noise added to the count. Rows below the
    threshold are never used (those counts are hidden); the last row serves every larger count.
    Near the threshold, noise that would take a count below it is raised to the smallest allowed."""
    check_threshold(threshold)
    base = _noise_row()
    rows = [tuple(0 for _ in range(KEY_SPACE)) for _ in range(threshold)]
    for value in range(threshold, threshold + MAX_NOISE + 1):
        rows.append(tuple(max(noise, threshold - value) for noise in base))
    return tuple(rows)


def noise(value: int, key: int, threshold: int = DEFAULT_THRESHOLD) -> int:
    table = perturbation_table(threshold)
    return table[min(value, len(table) - 1)][key % KEY_SPACE]


def consistent_values(shown: int, threshold: int = DEFAULT_THRESHOLD) -> tuple[int, int]:
    """Every real count that could be shown as `shown` (for some cell key): an unbroken range."""
    candidates = [
        value
        for value in range(max(threshold, shown - MAX_NOISE), shown + MAX_NOISE + 1)
        if shown - value in set(perturbation_table(threshold)[min(value, threshold + MAX_NOISE)])
    ]
    return min(candidates), max(candidates)


# --- protecting counts --------------------------------------------------------------------------------------


class Status(enum.Enum):
    SHOWN = "shown"  # shown with noise
    SMALL = "small"  # below the threshold: "fewer than N"
    HIDDEN = "hidden"  # hidden so that another count cannot be worked out: "not shown"


@dataclass(frozen=True)
class Protected:
    """A count as it may be shown. `low`/`high` bound the real count as far as a reader can tell
    from this figure alone."""

    status: Status
    value: int | None  # the perturbed count; None unless shown
    threshold: int
    low: int
    high: float  # math.inf: no upper bound

    @property
    def bounds(self) -> tuple[float, float]:
        return (float(self.low), self.high)

    @property
    def shown(self) -> bool:
        return self.status is Status.SHOWN

    def estimate(self) -> float:
        """A stand-in for sums and shares, from what is shown only: the shown value, or half the
        threshold for a small count. A hidden count has no stand-in here (see `Table.estimates`)."""
        if self.value is not None:
            return float(self.value)
        return (self.threshold - 1) / 2 if self.status is Status.SMALL else float(self.threshold)


def protect(count: Count, threshold: int = DEFAULT_THRESHOLD) -> Protected:
    """One count on its own: perturbed, or "fewer than N"."""
    check_threshold(threshold)
    if count.n < threshold:
        return Protected(Status.SMALL, None, threshold, 0, threshold - 1)
    shown = count.n + noise(count.n, count.key, threshold)
    low, high = consistent_values(shown, threshold)
    return Protected(Status.SHOWN, shown, threshold, low, high)


def _hide(cell: Protected) -> Protected:
    return Protected(Status.HIDDEN, None, cell.threshold, cell.threshold, math.inf)


@dataclass(frozen=True)
class Table:
    """Protected counts of categories that split a total between them (every person in exactly
    one category, "Prefer not to say" and blanks included), and the protected total."""

    cells: Mapping[str, Protected]
    total: Protected
    threshold: int

    @property
    def hidden(self) -> frozenset[str]:
        return frozenset(c for c, cell in self.cells.items() if not cell.shown)

    def estimates(self) -> dict[str, float]:
        """A stand-in count per category from what is shown only: shown values as shown, small
        counts as half the threshold, hidden ones sharing what the shown total leaves over."""
        known = {c: cell.estimate() for c, cell in self.cells.items() if cell.status is not Status.HIDDEN}
        hidden = [c for c, cell in self.cells.items() if cell.status is Status.HIDDEN]
        if hidden:
            left = (self.total.value or 0) - sum(known.values())
            share = max(float(self.threshold), left / len(hidden))
            known.update(dict.fromkeys(hidden, share))
        return {c: known[c] for c in self.cells}


Range = tuple[float, float]  # lowest and highest whole number possible (the highest may be math.inf)


def feasible_ranges(cells: Sequence[Range], total: Range) -> tuple[list[Range], Range]:
    """Given a range for each part and for their sum, the range each can really take when the
    parts add up to the sum. Exact for whole numbers: every value in a returned range is possible."""
    sum_low = sum(low for low, _ in cells)
    ranges: list[Range] = []
    for i, (low, high) in enumerate(cells):
        others_high = sum(h for j, (_, h) in enumerate(cells) if j != i)
        ranges.append((max(low, total[0] - others_high), min(high, total[1] - (sum_low - low))))
    return ranges, (max(total[0], sum_low), min(total[1], sum(h for _, h in cells)))


def _pinned(cells: Mapping[str, Protected], total: Protected) -> bool:
    """Whether the table pins a count a reader does not already know exactly to one value."""
    own = [c.bounds for c in cells.values()]
    ranges, total_range = feasible_ranges(own, total.bounds)
    return any(
        high <= low < own_high
        for (low, high), (_, own_high) in zip([*ranges, total_range], [*own, total.bounds], strict=True)
    )


def exact(count: Count, threshold: int = DEFAULT_THRESHOLD) -> Protected:
    """A count shown as it is, for a total that readers know already from elsewhere (the number of
    responses a filter matches is on the results page)."""
    return Protected(Status.SHOWN, count.n, threshold, count.n, float(count.n))


def protect_table(
    counts: Mapping[str, Count], total: Count, threshold: int = DEFAULT_THRESHOLD, *, exact_total: bool = False
) -> Table:
    """Counts by category with their total, each perturbed or hidden, then checked the way a
    reader would attack the table: while the shown total and cells would pin any count to one
    value, the smallest shown count is hidden too (ties broken by category order), and then the
    total. The categories must split the total: their counts add up to it. With `exact_total`
    the total is shown as it is (the reader is assumed to know it)."""
    check_threshold(threshold)
    if sum(c.n for c in counts.values()) != total.n:
        raise DisclosureError("The categories' counts must add up to the total.")
    cells = {category: protect(count, threshold) for category, count in counts.items()}
    protected_total = exact(total, threshold) if exact_total else protect(total, threshold)
    order = {category: i for i, category in enumerate(counts)}
    while _pinned(cells, protected_total):
        shown = sorted((c for c, cell in cells.items() if cell.shown), key=lambda c: (cells[c].value, order[c]))
        if not shown:
            protected_total = _hide(protected_total)
            break
        cells[shown[0]] = _hide(cells[shown[0]])
    return Table(cells, protected_total, threshold)


# --- derived figures ------------------------------------------------------------------------------------------


def share(part: float, whole: float) -> float | None:
    return part / whole if whole > 0 else None


def round_to(value: float, step: int) -> int:
    """Round half up to a multiple of `step` (for figures that are not counts, like the effective
    sample size, so they carry no more detail than the counts behind them)."""
    return math.floor(value / step + 0.5) * step
