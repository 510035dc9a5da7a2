"""Small-number suppression: the one place counts are made safe to show.

Every chart, table and export of equality data takes its numbers from `suppress_counts`.

The rule, for counts by category with threshold N (default 5, never below 3):

1. *Primary suppression.* Every count below N (including 0) is shown as "fewer than N".
2. *Secondary suppression.* If any count is hidden, the smallest count that is still shown is hidden
   as well (shown as "not shown"), so a single hidden count cannot be found by subtracting the
   shown counts from the total.
3. *Arithmetic check.* The table is then checked the way a reader could attack it: knowing the
   total, the shown counts, that each "fewer than N" cell is between 0 and N-1, and that each
   "not shown" cell is at least N and at most the smallest shown count. While any hidden cell
   could still be worked out exactly, the next smallest shown count is hidden too. If every cell is
   hidden and one could still be worked out (e.g. two cells of 4 and a total of 8), the total is
   hidden as well.
4. A total below N is itself shown as "fewer than N", and then every cell is hidden.

Ties are broken by the order of the categories, so the same counts always give the same table.

For the representativeness dashboard, `protect_comparison` applies the rule to the respondent
counts of one dimension (the total being the number who answered) and drops the share, interval
and ratio of every hidden group, since a share times the number who answered gives the count back;
if the number who answered is itself hidden, every share is dropped. `protect_shortfalls` rounds
the "extra responses needed" for a hidden group up to a multiple of 10 (the exact figure would give
the group's count back) and lists its best channels by name only.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from toolkit.stats.representativeness import DimensionComparison, GroupComparison, Shortfall

DEFAULT_THRESHOLD = 5
MINIMUM_THRESHOLD = 3
HIDDEN_SHORTFALL_STEP = 10


class SuppressionError(ValueError):
    """A threshold or a count that the rule cannot work with."""


class CellStatus(enum.Enum):
    SHOWN = "shown"
    SMALL = "small"  # below the threshold
    PROTECTED = "protected"  # hidden so that a small count cannot be worked out


@dataclass(frozen=True)
class SuppressedCell:
    category: str
    status: CellStatus
    value: int | None  # None unless shown
    display: str


@dataclass(frozen=True)
class SuppressedCounts:
    cells: tuple[SuppressedCell, ...]
    total: SuppressedCell
    threshold: int

    @property
    def hidden(self) -> frozenset[str]:
        return frozenset(c.category for c in self.cells if c.status is not CellStatus.SHOWN)

    def display(self) -> dict[str, str]:
        return {cell.category: cell.display for cell in self.cells}

    def values(self) -> dict[str, int | None]:
        return {cell.category: cell.value for cell in self.cells}


def check_threshold(threshold: int) -> int:
    if isinstance(threshold, bool) or not isinstance(threshold, int):
        raise SuppressionError("The small-number threshold must be a whole number.")
    if threshold < MINIMUM_THRESHOLD:
        raise SuppressionError(f"The small-number threshold cannot be below {MINIMUM_THRESHOLD}; it was {threshold}.")
    return threshold


def small_text(threshold: int) -> str:
    return f"fewer than {threshold}"


PROTECTED_TEXT = "not shown"
TOTAL_LABEL = "Total"


def suppress_counts(counts: Mapping[str, int], threshold: int = DEFAULT_THRESHOLD) -> SuppressedCounts:
    """Display values for counts by category, following the rule in the module docstring."""
    check_threshold(threshold)
    _check_counts(counts)
    total = sum(counts.values())
    small = {c for c, n in counts.items() if n < threshold}
    protected = _protect(counts, small, threshold) if total >= threshold else set()
    total_hidden = total < threshold or _still_recoverable(counts, small, protected, threshold, total_shown=True)
    cells = tuple(_cell(c, n, small, protected, threshold) for c, n in counts.items())
    return SuppressedCounts(cells, _total_cell(total, total_hidden, threshold), threshold)


def _check_counts(counts: Mapping[str, int]) -> None:
    for category, count in counts.items():
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise SuppressionError(f"The count for '{category}' must be a whole number, 0 or more; it was {count!r}.")


def _protect(counts: Mapping[str, int], small: set[str], threshold: int) -> set[str]:
    protected: set[str] = set()
    if not small:
        return protected
    order = {category: i for i, category in enumerate(counts)}
    shown = sorted((c for c in counts if c not in small), key=lambda c: (counts[c], order[c]))
    while shown and (not protected or _still_recoverable(counts, small, protected, threshold, total_shown=True)):
        protected.add(shown.pop(0))
    return protected


def _bounds(
    counts: Mapping[str, int], small: set[str], protected: set[str], threshold: int
) -> dict[str, tuple[float, float]]:
    """What a reader knows about each hidden cell from its label alone."""
    shown = [n for c, n in counts.items() if c not in small and c not in protected]
    ceiling = float(min(shown)) if shown else math.inf
    bounds = {c: (0.0, float(threshold - 1)) for c in small}
    bounds.update({c: (float(threshold), ceiling) for c in protected})
    return bounds


def _still_recoverable(
    counts: Mapping[str, int], small: set[str], protected: set[str], threshold: int, *, total_shown: bool
) -> bool:
    """Whether the reader could work out any hidden cell exactly from the shown total."""
    if not total_shown or not small:
        return False
    hidden_sum = sum(counts[c] for c in small | protected)
    bounds = _bounds(counts, small, protected, threshold)
    for category, (low, high) in bounds.items():
        others = [b for c, b in bounds.items() if c != category]
        least = max(low, hidden_sum - sum(h for _, h in others))
        most = min(high, hidden_sum - sum(lo for lo, _ in others))
        if least >= most:
            return True
    return False


def _cell(category: str, count: int, small: set[str], protected: set[str], threshold: int) -> SuppressedCell:
    if category in small:
        return SuppressedCell(category, CellStatus.SMALL, None, small_text(threshold))
    if category in protected:
        return SuppressedCell(category, CellStatus.PROTECTED, None, PROTECTED_TEXT)
    return SuppressedCell(category, CellStatus.SHOWN, count, f"{count:,}")


def _total_cell(total: int, hidden: bool, threshold: int) -> SuppressedCell:
    if total < threshold:
        return SuppressedCell(TOTAL_LABEL, CellStatus.SMALL, None, small_text(threshold))
    if hidden:
        return SuppressedCell(TOTAL_LABEL, CellStatus.PROTECTED, None, PROTECTED_TEXT)
    return SuppressedCell(TOTAL_LABEL, CellStatus.SHOWN, total, f"{total:,}")


@dataclass(frozen=True)
class ProtectedGroup:
    category: str
    respondents: SuppressedCell
    respondent_share: float | None  # None when the count is hidden
    ci_low: float | None
    ci_high: float | None
    ratio: float | None
    population_share: float
    under_represented: bool


@dataclass(frozen=True)
class ProtectedComparison:
    dimension: str
    groups: tuple[ProtectedGroup, ...]
    answered: SuppressedCell
    excluded: int  # "Prefer not to say", blank or unmatched: says nothing about any group
    threshold: int


@dataclass(frozen=True)
class ProtectedShortfall:
    dimension: str
    category: str
    population_share: float
    respondent_share: float | None
    extra_responses_needed: int
    approximate: bool  # rounded up to a multiple of 10 because the group's count is hidden
    best_channels: tuple[str, ...]


def protect_comparison(comparison: DimensionComparison, threshold: int = DEFAULT_THRESHOLD) -> ProtectedComparison:
    """A dimension's comparison made safe to show (see the module docstring)."""
    counts = suppress_counts({g.category: g.respondents for g in comparison.groups}, threshold)
    total_shown = counts.total.status is CellStatus.SHOWN
    groups = tuple(
        _protect_group(g, cell, total_shown) for g, cell in zip(comparison.groups, counts.cells, strict=True)
    )
    excluded = comparison.excluded + comparison.unmatched
    return ProtectedComparison(comparison.dimension, groups, counts.total, excluded, threshold)


def _protect_group(group: GroupComparison, cell: SuppressedCell, total_shown: bool) -> ProtectedGroup:
    shown = total_shown and cell.status is CellStatus.SHOWN
    return ProtectedGroup(
        category=group.category,
        respondents=cell,
        respondent_share=group.respondent_share if shown else None,
        ci_low=group.ci_low if shown else None,
        ci_high=group.ci_high if shown else None,
        ratio=group.ratio if shown else None,
        population_share=group.population_share,
        under_represented=group.under_represented,
    )


def protect_shortfalls(
    shortfalls: Sequence[Shortfall], comparisons: Sequence[ProtectedComparison]
) -> tuple[ProtectedShortfall, ...]:
    """The "who we still need to hear from" list made safe to show."""
    hidden = {(c.dimension, g.category) for c in comparisons for g in c.groups if g.respondent_share is None}
    return tuple(_protect_shortfall(s, (s.dimension, s.category) in hidden) for s in shortfalls)


def _protect_shortfall(shortfall: Shortfall, hidden: bool) -> ProtectedShortfall:
    needed = shortfall.extra_responses_needed
    if hidden:
        needed = math.ceil(needed / HIDDEN_SHORTFALL_STEP) * HIDDEN_SHORTFALL_STEP
    return ProtectedShortfall(
        dimension=shortfall.dimension,
        category=shortfall.category,
        population_share=shortfall.population_share,
        respondent_share=None if hidden else shortfall.respondent_share,
        extra_responses_needed=needed,
        approximate=hidden,
        best_channels=tuple(channel.channel for channel in shortfall.best_channels),
    )
