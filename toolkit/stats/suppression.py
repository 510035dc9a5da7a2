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
"""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping
from dataclasses import dataclass

DEFAULT_THRESHOLD = 5
MINIMUM_THRESHOLD = 3


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


def _bounds(counts: Mapping[str, int], small: set[str], protected: set[str], threshold: int) -> dict[str, tuple[float, float]]:
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
    hidden = small | protected
    hidden_sum = sum(counts[c] for c in hidden)
    bounds = _bounds(counts, small, protected, threshold)
    low_sum = sum(low for low, _ in bounds.values())
    high_sum = sum(high for _, high in bounds.values())
    for low, high in bounds.values():
        least = max(low, hidden_sum - (high_sum - high))
        most = min(high, hidden_sum - (low_sum - low))
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
