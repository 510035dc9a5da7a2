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
   need be the total; if that is not enough, nothing in the table is shown.
5. **Minimum base.** A filtered view with fewer than `minimum_base` responses (twice the
   threshold: 10 by default, after perturbation) shows no equality figure at all, only a message.
6. **Auditing views together** (`Audit`, `publish`). Views published together are checked
   together, block by block: first by bounds propagation, then by solving all the figures at once
   as a linear programme and, where that splits people into fractions, in whole numbers (what a
   reader with a solver would do); a group whose count any shown figures would pin is withheld in
   the new views (see the comment above `Audit`).
7. **Derived figures.** Shares, ratios, confidence intervals, flags, gaps, orderings, channel
   lists, messages, the representativeness score and weighted results are worked out from the
   protected counts only (a hidden count is treated as a fixed value that does not depend on the real one), so
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
from typing import Any

import highspy
import numpy as np

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


def _withhold(cell: Protected) -> Protected:
    """ "Not shown", and a reader cannot even tell whether it is small: any count is possible."""
    return Protected(Status.HIDDEN, None, cell.threshold, 0, math.inf)


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


def table_to_dict(table: Table) -> dict[str, Any]:
    """A published table as JSON-ready data (published figures only: nothing hidden is in it)."""

    def cell(p: Protected) -> list[Any]:
        return [p.status.value, p.value, p.threshold, p.low, None if math.isinf(p.high) else p.high]

    return {"cells": {c: cell(p) for c, p in table.cells.items()}, "total": cell(table.total), "t": table.threshold}


def table_from_dict(data: Mapping[str, Any]) -> Table:
    """The table `table_to_dict` wrote."""

    def cell(raw: Sequence[Any]) -> Protected:
        status, value, threshold, low, high = raw
        return Protected(Status(status), value, int(threshold), int(low), math.inf if high is None else high)

    return Table({c: cell(raw) for c, raw in data["cells"].items()}, cell(data["total"]), int(data["t"]))


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
        high <= low and own_low < own_high
        for (low, high), (own_low, own_high) in zip([*ranges, total_range], [*own, total.bounds], strict=True)
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
        if shown:
            cells[shown[0]] = _hide(cells[shown[0]])
        elif protected_total.shown and not exact_total:
            protected_total = _hide(protected_total)
        else:
            # Hiding shown figures was not enough (say, 10 people as "not shown", "not shown" and
            # "fewer than 5": both hidden cells must be 5): nothing in the table is shown.
            cells = {category: _withhold(cell) for category, cell in cells.items()}
            break
    return Table(cells, protected_total, threshold)


# --- derived figures ------------------------------------------------------------------------------------------


def share(part: float, whole: float) -> float | None:
    return part / whole if whole > 0 else None


def round_to(value: float, step: int) -> int:
    """Round half up to a multiple of `step` (for figures that are not counts, like the effective
    sample size, so they carry no more detail than the counts behind them)."""
    return math.floor(value / step + 0.5) * step


# --- auditing every figure shown together ----------------------------------------------------------------------
#
# A table that is safe on its own can still pin a count together with other tables: "all responses"
# shows 10 (8 to 12) people aged 16 to 24 while the two channels that make it up both show "fewer than
# 5" (0 to 4 each), so the real count is 8. Every view is a union of *atoms* (here: one channel's
# responses in one reporting block), whose sizes a reader knows. The audit writes down what a reader
# knows as bounds on sums of unknown counts (atom by category) and tightens the bounds of every
# unknown until nothing changes (bounds propagation). A figure whose bounds close on one value is
# pinned; the views being added then withhold that category ("not shown", any count possible) until
# nothing is. Figures published earlier never change: the audit only withholds in new views.


def _primary(cell: Protected) -> bool:
    """Whether a cell's figure depends only on its own people (so a different figure for the same
    category in two views means different people): perturbed or small, not hidden for another's sake."""
    return cell.status is not Status.HIDDEN


Row = tuple[list[int], float, float]  # the unknowns summed, and the bounds of their sum


class Audit:
    """What a reader knows so far: atom sizes and the figures of every view published, kept as
    bounds on each unknown (how many of an atom's people are in a category), tightened as each
    fact is added. Facts are only ever added, so bounds found earlier stay true: each block's new
    facts are propagated from where the last block left off."""

    def __init__(self, categories: Sequence[str]) -> None:
        self.categories = list(categories)
        self.sizes: dict[object, int] = {}
        self.index: dict[tuple[object, int], int] = {}
        self.low: list[float] = []
        self.high: list[float] = []
        self.rows: list[Row] = []
        self.by_variable: list[list[int]] = []
        self.var_size: list[int] = []  # the size of each unknown's atom
        self.views: list[tuple[frozenset[object], dict[str, Protected]]] = []

    def _add_row(self, columns: list[int], low: float, high: float) -> int:
        self.rows.append((columns, low, high))
        for j in columns:
            self.by_variable[j].append(len(self.rows) - 1)
        return len(self.rows) - 1

    def add_atoms(self, sizes: Mapping[object, int]) -> list[int]:
        added = []
        for atom, size in sizes.items():
            if atom in self.sizes:
                continue
            self.sizes[atom] = size
            for c in range(len(self.categories)):
                self.index[atom, c] = len(self.low)
                self.low.append(0.0)
                self.high.append(float(size))
                self.by_variable.append([])
                self.var_size.append(size)
            added.append(self._add_row([self.index[atom, c] for c in range(len(self.categories))], size, size))
        return added

    def add_view(self, atoms: Iterable[object], cells: Mapping[str, Protected]) -> list[int]:
        view_atoms = frozenset(atoms)
        added = []
        for c, category in enumerate(self.categories):
            if (cell := cells.get(category)) is not None:
                added.append(self._add_row([self.index[a, c] for a in view_atoms], float(cell.low), cell.high))
        for other_atoms, other in self.views:
            differ = view_atoms ^ other_atoms
            if not differ:
                continue
            for c, category in enumerate(self.categories):
                a, b = cells.get(category), other.get(category)
                if a and b and _primary(a) and _primary(b) and (a.status, a.value) != (b.status, b.value):
                    added.append(self._add_row([self.index[atom, c] for atom in differ], 1.0, math.inf))
        self.views.append((view_atoms, dict(cells)))
        return added

    def propagate(self, pending: Iterable[int]) -> set[int]:
        """Tighten the bounds from these rows on; returns the rows touched (to check for pins)."""
        low, high, rows = self.low, self.high, self.rows
        queue = set(pending)
        touched = set(queue)
        while queue:
            columns, row_low, row_high = rows[queue.pop()]
            sum_low = sum(low[j] for j in columns)
            sum_high = sum(high[j] for j in columns)
            for j in columns:
                new_low = max(low[j], row_low - (sum_high - high[j]))
                new_high = min(high[j], row_high - (sum_low - low[j]))
                if new_low > high[j] or new_high < low[j]:
                    raise DisclosureError("The figures contradict each other: the audit's model is wrong.")
                if new_low != low[j] or new_high != high[j]:
                    low[j], high[j] = new_low, new_high
                    queue.update(self.by_variable[j])
                    touched.update(self.by_variable[j])
        return touched

    def closed(self, rows: Iterable[int]) -> set[str]:
        """The categories of every count in these rows (a view's count, or an unknown of an atom
        with anyone in it) whose bounds have closed on one value."""
        k = len(self.categories)
        found: set[str] = set()
        for r in rows:
            columns, row_low, row_high = self.rows[r]
            sum_low = max(row_low, sum(self.low[j] for j in columns))
            sum_high = min(row_high, sum(self.high[j] for j in columns))
            if sum_low >= sum_high and row_low < row_high:
                found.update(self.categories[j % k] for j in columns)
            found.update(
                self.categories[j % k] for j in columns if self.low[j] >= self.high[j] and self.var_size[j] > 0
            )
        return found

    def snapshot(self) -> tuple[list[float], list[float], int, int, int]:
        return list(self.low), list(self.high), len(self.rows), len(self.views), len(self.low)

    def restore(self, saved: tuple[list[float], list[float], int, int, int]) -> None:
        low, high, rows, views, variables = saved
        for columns, _, _ in self.rows[rows:]:
            for j in columns:
                if j < len(self.by_variable):
                    while self.by_variable[j] and self.by_variable[j][-1] >= rows:
                        self.by_variable[j].pop()
        del self.rows[rows:]
        del self.views[views:]
        del self.by_variable[variables:]
        del self.var_size[variables:]
        for key in [key for key, j in self.index.items() if j >= variables]:
            del self.index[key]
        for atom in list(self.sizes)[variables // max(len(self.categories), 1) :]:
            del self.sizes[atom]
        self.low, self.high = low, high

    def pinned(self) -> set[str]:
        """Every category with a count the figures pin, checked from scratch (for tests)."""
        return self.closed(self.propagate(range(len(self.rows)))) | self.solved_closed()

    def solved_closed(self, ignore: Iterable[str] = ()) -> set[str]:
        """The categories of every count (a view's, or an atom's with anyone in it) that the
        figures pin by reasoning bounds propagation cannot follow: what a reader finds by solving
        the whole system at once (a linear programme), as the attacker of the tests does.
        Propagation tightens one unknown at a time, so it misses, say, "up to the third block shows
        11 to 15, up to the fourth 8 to 12, and the figures differ, so the fourth block added
        someone: the count up to the fourth is exactly 12". A count is pinned when its least and
        greatest possible values, rounded inwards to whole people, meet; one seen taking two
        whole values in any solution is not, so most counts need no programme of their own.
        A linear programme may split people into fractions, so a count it lets take two whole
        values may still take one only when people are whole ("any two of these three hold
        someone" holds 1.5 people in fractions, 2 in whole people): such a count is open only
        once two solutions in whole numbers have shown it two values. Most solutions of these
        programmes are whole already; for the counts left, the programme is solved again in whole
        numbers (integer programming, with a fixed limit on the search so that the audit always
        takes the same path: a count the limited search cannot show open is withheld)."""
        k, ignored = len(self.categories), set(ignore)
        counts = [
            columns
            for columns in (
                *(columns for columns, low, high in self.rows if low < high),  # figures not published exactly
                *([j] for j in range(len(self.low)) if self.var_size[j] > 0 and self.low[j] < self.high[j]),
            )
            if self.categories[columns[0] % k] not in ignored
        ]
        if not counts:
            return set()
        search = _Search(_Solver(self.rows, self.low, self.high), counts, len(self.low))
        search.push_all(seed=len(self.rows))
        found: set[str] = set()
        category_of = [self.categories[columns[0] % k] for columns in counts]
        for i in np.flatnonzero(search.closed()):
            if category_of[i] not in found and search.pinned(int(i)):  # one pinned count withholds its category
                found.add(category_of[i])
        if found:
            return found  # withheld, then checked again from the start: whole numbers then
        if search.undecided().any():
            search.solver.in_whole_numbers()
            search.push_all(seed=len(self.rows), whole=True)
            for i in np.flatnonzero(search.undecided()):
                if category_of[i] not in found and search.pinned(int(i), whole=True):
                    found.add(category_of[i])
        return found


EPSILON = 1e-6  # a solver's rounding, well under one person


class _Search:
    """Counts (each a list of unknowns summed) and the least and greatest value each has taken in
    the solutions found so far, in any solution and in whole-number solutions: two whole numbers
    seen means the count is not pinned (by the linear programme; in whole numbers, only if seen
    in whole-number solutions)."""

    def __init__(self, solver: _Solver, counts: Sequence[Sequence[int]], variables: int) -> None:
        self.solver, self.variables = solver, variables
        self.indices = np.array([j for columns in counts for j in columns])
        self.owner = np.repeat(np.arange(len(counts)), [len(columns) for columns in counts])
        self.least, self.most = np.full(len(counts), np.inf), np.full(len(counts), -np.inf)
        self.whole_least, self.whole_most = np.full(len(counts), np.inf), np.full(len(counts), -np.inf)

    def solve(self, weights: np.ndarray) -> None:
        """Push each count by its weight (+1 down, -1 up, 0 not at all) and note what each took."""
        objective = np.bincount(self.indices, weights=weights[self.owner], minlength=self.variables)
        values = self.solver.solve(objective)
        if values is None:
            return  # the whole-number search found no solution within its limit: nothing learnt
        seen = np.bincount(self.owner, weights=values[self.indices], minlength=len(self.least))
        np.minimum(self.least, seen, out=self.least)
        np.maximum(self.most, seen, out=self.most)
        if np.all(np.abs(values - np.rint(values)) <= EPSILON):
            whole = np.rint(seen)
            np.minimum(self.whole_least, whole, out=self.whole_least)
            np.maximum(self.whole_most, whole, out=self.whole_most)

    def closed(self) -> np.ndarray:
        """Which counts have shown fewer than two whole values so far."""
        return np.ceil(self.least - EPSILON) >= np.floor(self.most + EPSILON)

    def undecided(self) -> np.ndarray:
        """Counts open in the linear programme but not yet seen taking two values in whole numbers."""
        return ~self.closed() & (self.whole_least >= self.whole_most)

    def push_all(self, seed: int, rounds: int = 40, patience: int = 3, whole: bool = False) -> None:
        """Every count still closed (or, `whole`, undecided) pushed down together, then up
        together, then each up or down at random, until none is or `patience` rounds in a row
        settle none (one solve each: far fewer than a least and a greatest solve per count)."""
        still = self.undecided if whole else self.closed
        rng = np.random.default_rng(seed)
        idle = 0
        for round_ in range(rounds):
            pending = still()
            if not pending.any() or idle >= patience:
                return
            signs = (
                np.full(len(self.least), (1.0, -1.0)[round_])
                if round_ < 2
                else rng.choice([-1.0, 1.0], len(self.least))
            )
            self.solve(signs * pending)
            idle = idle + 1 if still().sum() == pending.sum() else 0

    def pinned(self, i: int, whole: bool = False) -> bool:
        """Whether count `i` can take one whole value only: pushed down, then up, on its own
        (`whole`: in whole-number solutions, as far as the limited search can tell)."""
        still = self.undecided if whole else self.closed
        for sign in (1.0, -1.0):
            if still()[i]:
                self.solve(sign * (np.arange(len(self.least)) == i))
        return bool(still()[i])


# The whole-number search's limit: branch-and-bound nodes per solve (a count of work, not of time,
# so the same figures are always audited the same way on any machine).
WHOLE_NUMBER_NODES = 200


class _Solver:
    """The reader's knowledge (rows, and each unknown's bounds) as one linear programme, solved
    for one objective after another from the last solution's basis (HiGHS: the solver scipy
    uses, called directly so that each new objective starts where the last one ended); then, if
    need be, as an integer programme (`in_whole_numbers`)."""

    def __init__(self, rows: Sequence[Row], low: Sequence[float], high: Sequence[float]) -> None:
        model = highspy.HighsLp()
        model.num_col_, model.num_row_ = len(low), len(rows)
        model.col_cost_ = np.zeros(len(low))
        model.col_lower_, model.col_upper_ = np.array(low), np.minimum(np.array(high), highspy.kHighsInf)
        model.row_lower_ = np.array([low for _, low, _ in rows])
        model.row_upper_ = np.minimum(np.array([high for _, _, high in rows]), highspy.kHighsInf)
        model.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
        model.a_matrix_.start_ = np.cumsum([0, *(len(columns) for columns, _, _ in rows)])
        model.a_matrix_.index_ = np.array([j for columns, _, _ in rows for j in columns])
        model.a_matrix_.value_ = np.ones(len(model.a_matrix_.index_))
        self.highs = highspy.Highs()  # type: ignore[no-untyped-call]
        self.highs.silent()
        self.highs.passModel(model)
        self.columns = np.arange(len(low), dtype=np.int32)
        self.whole = False

    def in_whole_numbers(self) -> None:
        """Every unknown a whole number of people from now on."""
        kinds = np.array([highspy.HighsVarType.kInteger] * len(self.columns))
        self.highs.changeColsIntegrality(len(self.columns), self.columns, kinds)
        self.highs.setOptionValue("mip_max_nodes", WHOLE_NUMBER_NODES)
        self.highs.setOptionValue("mip_rel_gap", 0.0)
        self.whole = True

    def solve(self, objective: np.ndarray) -> np.ndarray | None:
        """The values of the unknowns at a solution minimising `objective` (in whole numbers: the
        best one the limited search found, or None if it found none)."""
        self.highs.changeColsCost(len(self.columns), self.columns, np.asarray(objective, dtype=np.float64))
        if self.highs.run() == highspy.HighsStatus.kError:
            raise DisclosureError("The solver could not run: the audit cannot check these figures.")
        status = self.highs.getModelStatus()
        if status == highspy.HighsModelStatus.kOptimal:
            return np.array(self.highs.getSolution().col_value)
        if self.whole and status not in (highspy.HighsModelStatus.kInfeasible, highspy.HighsModelStatus.kUnbounded):
            feasible = self.highs.getInfo().primal_solution_status == 2  # kSolutionStatusFeasible
            return np.array(self.highs.getSolution().col_value) if feasible else None
        raise DisclosureError("The figures contradict each other: the audit's model is wrong.")


def withhold(table: Table, categories: Iterable[str]) -> Table:
    """The table with these categories' figures withheld ("not shown", any count possible)."""
    chosen = set(categories)
    cells = {c: _withhold(cell) if c in chosen else cell for c, cell in table.cells.items()}
    return Table(cells, table.total, table.threshold)


def publish(audit: Audit, atoms: Mapping[object, int], views: Sequence[tuple[Iterable[object], Table]]) -> list[Table]:
    """Add new atoms and views to what a reader knows, withholding categories in the new views
    until no count is pinned. Returns the new views' tables as they may be shown, and updates
    `audit` to include them."""
    tables = [(frozenset(view_atoms), table) for view_atoms, table in views]
    chosen: set[str] = set()
    while True:
        saved = audit.snapshot()
        pending = audit.add_atoms(atoms)
        for view_atoms, table in tables:
            pending += audit.add_view(view_atoms, withhold(table, chosen).cells)
        try:
            pinned = audit.closed(audit.propagate(pending)) - chosen
            if not pinned:
                pinned = audit.solved_closed(ignore=chosen)
        except DisclosureError:
            pinned = set(audit.categories) - chosen
        if not pinned:
            return [withhold(table, chosen) for _, table in tables]
        audit.restore(saved)
        if chosen >= set(audit.categories):
            raise DisclosureError("Withholding every new figure did not stop a count being pinned.")
        chosen |= pinned
