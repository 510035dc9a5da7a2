"""Raking (iterative proportional fitting) of responses to population margins.

`rake(data, targets)` gives every respondent a weight (mean 1) so that, for every column named in
`targets`, the weighted share of each category matches its population share. One pass adjusts
each margin in turn; passes repeat until the largest gap between a weighted share and its target
is at most `tolerance`.

Trimming (on by default: weights kept between 0.2 and 5 times the mean) clips the weights after
each pass and rakes again, so the final weights respect the caps and, if the caps allow it, the
margins. The convergence report says whether both were achieved.

Speed: respondents with the same answers on every raking column always get the same weight, so
the work is done on the distinct answer combinations (at most the product of the category
counts) and spread back to the rows once at the end. Integer codes and `np.bincount` do the sums.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
import numpy.typing as npt
import pandas as pd

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

DEFAULT_TOLERANCE = 1e-6
DEFAULT_MAX_ITERATIONS = 1000
DENSE_CELL_LIMIT = 1 << 22


class RakingError(ValueError):
    """A margin cannot be used; the message says why in plain words."""


@dataclass(frozen=True)
class TrimLimits:
    """Weights are kept between `lower` and `upper` times the mean weight."""

    lower: float = 0.2
    upper: float = 5.0

    def __post_init__(self) -> None:
        if not 0 <= self.lower <= 1 <= self.upper:
            raise RakingError("Weight caps must satisfy 0 <= lower <= 1 <= upper.")


DEFAULT_TRIM = TrimLimits()


@dataclass(frozen=True)
class ConvergenceReport:
    converged: bool
    iterations: int
    max_margin_error: float  # largest |weighted share - target share| over all margins
    tolerance: float
    trimmed: int  # respondents whose weight sits at a cap


@dataclass(frozen=True)
class MarginFit:
    variable: str
    category: str
    target_share: float
    unweighted_share: float
    weighted_share: float


@dataclass(frozen=True, eq=False)
class RakingResult:
    weights: FloatArray  # one per row of the data, in order; mean 1
    convergence: ConvergenceReport
    margins: tuple[MarginFit, ...]
    effective_sample_size: float
    design_effect: float

    @property
    def sample_size(self) -> int:
        return len(self.weights)


@dataclass(frozen=True)
class _Margin:
    variable: str
    categories: tuple[str, ...]
    shares: FloatArray
    codes: IntArray  # per row, index into categories


@dataclass(frozen=True)
class _Cells:
    """Distinct answer combinations: how many rows each has and its category in every margin."""

    row_cell: IntArray
    size: FloatArray
    codes: tuple[IntArray, ...]


def rake(
    data: pd.DataFrame,
    targets: Mapping[str, Mapping[str, float]],
    *,
    trim: TrimLimits | None = DEFAULT_TRIM,
    tolerance: float = DEFAULT_TOLERANCE,
    max_iterations: int = DEFAULT_MAX_ITERATIONS,
    sizes: npt.ArrayLike | None = None,
) -> RakingResult:
    """Weights for `data` so its margins match `targets` (column -> category -> share or count).
    `sizes`: how many people each row stands for (default one each), e.g. protected counts of
    the combinations of groups, one row per combination."""
    if len(data) == 0:
        raise RakingError("There are no responses to weight.")
    if not targets:
        raise RakingError("Choose at least one population margin to weight to.")
    row_sizes = None if sizes is None else np.asarray(sizes, dtype=np.float64)
    if row_sizes is not None and (len(row_sizes) != len(data) or (row_sizes <= 0).any()):
        raise RakingError("Each row needs a size above 0.")
    margins = [_margin(data, variable, target) for variable, target in targets.items()]
    cells = _cells([m.codes for m in margins], [len(m.categories) for m in margins], row_sizes)
    cell_weights, report = _fit(cells, margins, trim, tolerance, max_iterations)
    ess = _cell_effective_sample_size(cells.size, cell_weights)
    return RakingResult(
        weights=cell_weights[cells.row_cell],
        convergence=report,
        margins=_margin_fits(cells, margins, cell_weights),
        effective_sample_size=ess,
        design_effect=float(cells.size.sum()) / ess,
    )


def _margin(data: pd.DataFrame, variable: str, target: Mapping[str, float]) -> _Margin:
    if variable not in data.columns:
        raise RakingError(f"The responses have no '{variable}' column to weight by.")
    categories, shares = _target_shares(variable, target)
    codes, uniques = pd.factorize(data[variable], use_na_sentinel=True)
    if (codes < 0).any():
        raise RakingError(
            f"{int((codes < 0).sum()):,} responses have no answer for '{variable}'. Give them a category "
            "with its own target, or leave them out, before weighting."
        )
    index = {category: i for i, category in enumerate(categories)}
    unknown = sorted(str(u) for u in uniques if str(u) not in index)
    if unknown:
        raise RakingError(
            f"Some answers to '{variable}' are not in the population margin: {', '.join(unknown)}. "
            "Map them to the margin's categories or add them to it."
        )
    lookup = np.array([index[str(u)] for u in uniques], dtype=np.int64)
    row_codes = lookup[codes]
    _check_coverage(variable, categories, shares, np.bincount(row_codes, minlength=len(categories)))
    return _Margin(variable, categories, shares, row_codes)


def _target_shares(variable: str, target: Mapping[str, float]) -> tuple[tuple[str, ...], FloatArray]:
    values = np.array([float(v) for v in target.values()], dtype=np.float64)
    if len(values) == 0 or not np.all(np.isfinite(values)) or (values < 0).any() or values.sum() <= 0:
        raise RakingError(f"The population margin for '{variable}' needs counts or shares of 0 or more, not all 0.")
    return tuple(str(c) for c in target), values / values.sum()


def _check_coverage(variable: str, categories: Sequence[str], shares: FloatArray, counts: IntArray) -> None:
    empty = [c for c, share, n in zip(categories, shares, counts, strict=True) if share > 0 and n == 0]
    if empty:
        raise RakingError(
            f"Cannot weight by '{variable}': nobody who answered is in {', '.join(repr(c) for c in empty)}, "
            "but the population has people there. Merge it with a neighbouring group or drop this margin."
        )
    impossible = [c for c, share, n in zip(categories, shares, counts, strict=True) if share == 0 and n > 0]
    if impossible:
        raise RakingError(
            f"Cannot weight by '{variable}': the population margin has nobody in "
            f"{', '.join(repr(c) for c in impossible)}, but some respondents are there."
        )


def _cells(codes: Sequence[IntArray], sizes: Sequence[int], row_sizes: FloatArray | None = None) -> _Cells:
    """Group rows by their combination of categories across all margins."""
    row_cell = _dense_cells(codes, sizes) if math.prod(sizes) <= DENSE_CELL_LIMIT else _sparse_cells(codes, sizes)
    size = np.bincount(row_cell, weights=row_sizes).astype(np.float64)
    member = np.empty(len(size), dtype=np.int64)
    member[row_cell] = np.arange(len(row_cell))  # any one row of each cell
    return _Cells(row_cell, size, tuple(margin_codes[member] for margin_codes in codes))


def _dense_cells(codes: Sequence[IntArray], sizes: Sequence[int]) -> IntArray:
    """Cell numbers via one combined code per row (the product of the sizes is small)."""
    combined = np.zeros(len(codes[0]), dtype=np.int64)
    for margin_codes, stride in zip(codes, np.cumprod([1, *sizes[:-1]]), strict=True):
        combined += margin_codes * int(stride)
    present = np.flatnonzero(np.bincount(combined, minlength=math.prod(sizes)))
    position = np.zeros(math.prod(sizes), dtype=np.int64)
    position[present] = np.arange(len(present))
    return position[combined]


def _sparse_cells(codes: Sequence[IntArray], sizes: Sequence[int]) -> IntArray:
    """Cell numbers by adding one margin at a time, renumbering so codes stay below n * size."""
    combined = codes[0]
    for margin_codes, size in zip(codes[1:], sizes[1:], strict=True):
        renumbered, _ = pd.factorize(combined * size + margin_codes)
        combined = renumbered.astype(np.int64)
    return combined


def _fit(
    cells: _Cells, margins: Sequence[_Margin], trim: TrimLimits | None, tolerance: float, max_iterations: int
) -> tuple[FloatArray, ConvergenceReport]:
    n = float(cells.size.sum())
    targets = [m.shares * n for m in margins]
    weights = np.ones(len(cells.size))
    error, iterations = math.inf, 0
    while iterations < max_iterations and error > tolerance:
        iterations += 1
        for codes, target in zip(cells.codes, targets, strict=True):
            sums = np.bincount(codes, weights=cells.size * weights, minlength=len(target))
            weights *= np.divide(target, sums, out=np.ones_like(target), where=sums > 0)[codes]
        if trim is not None:
            np.clip(weights, trim.lower, trim.upper, out=weights)
        error = _max_margin_error(cells, margins, weights)
    weights = _normalise(weights, cells.size, trim)
    error = _max_margin_error(cells, margins, weights)
    trimmed = 0 if trim is None else int(cells.size[_at_cap(weights, trim)].sum())
    report = ConvergenceReport(error <= tolerance, iterations, error, tolerance, trimmed)
    return weights, report


def _normalise(weights: FloatArray, size: FloatArray, trim: TrimLimits | None) -> FloatArray:
    """Scale to mean 1, clipping again to the caps until both hold (the caps include 1)."""
    n = float(size.sum())
    for _ in range(100):
        weights = weights * (n / float((size * weights).sum()))
        if trim is None or (weights.min() >= trim.lower * (1 - 1e-12) and weights.max() <= trim.upper * (1 + 1e-12)):
            break
        weights = np.clip(weights, trim.lower, trim.upper)
    return weights


def _at_cap(weights: FloatArray, trim: TrimLimits) -> npt.NDArray[np.bool_]:
    return np.isclose(weights, trim.lower, rtol=1e-6) | np.isclose(weights, trim.upper, rtol=1e-6)


def _max_margin_error(cells: _Cells, margins: Sequence[_Margin], weights: FloatArray) -> float:
    mass = cells.size * weights
    total = float(mass.sum())
    return max(
        float(np.abs(np.bincount(codes, weights=mass, minlength=len(m.shares)) / total - m.shares).max())
        for codes, m in zip(cells.codes, margins, strict=True)
    )


def _margin_fits(cells: _Cells, margins: Sequence[_Margin], weights: FloatArray) -> tuple[MarginFit, ...]:
    mass = cells.size * weights
    n, total = float(cells.size.sum()), float(mass.sum())
    fits: list[MarginFit] = []
    for codes, m in zip(cells.codes, margins, strict=True):
        unweighted = np.bincount(codes, weights=cells.size, minlength=len(m.categories)) / n
        weighted = np.bincount(codes, weights=mass, minlength=len(m.categories)) / total
        fits.extend(
            MarginFit(m.variable, c, float(m.shares[i]), float(unweighted[i]), float(weighted[i]))
            for i, c in enumerate(m.categories)
        )
    return tuple(fits)


def _cell_effective_sample_size(size: FloatArray, weights: FloatArray) -> float:
    return float((size * weights).sum()) ** 2 / float((size * weights * weights).sum())


def effective_sample_size(weights: FloatArray) -> float:
    """Kish's effective sample size: (sum of weights)^2 / sum of squared weights."""
    squares = float(np.square(weights).sum())
    return float(weights.sum()) ** 2 / squares if squares > 0 else 0.0


def design_effect(weights: FloatArray) -> float:
    """Kish's design effect due to weighting: n / effective sample size."""
    ess = effective_sample_size(weights)
    return len(weights) / ess if ess > 0 else math.inf


def margin_of_error(
    proportion: float, sample_size: float, *, design_effect: float = 1.0, confidence: float = 0.95
) -> float:
    """Half-width of the normal-approximation confidence interval for a (weighted) proportion.

    z * sqrt(design_effect * p (1 - p) / n); pass the design effect of the weights, or equally the
    effective sample size as `sample_size` with design_effect=1.
    """
    if sample_size <= 0:
        raise RakingError("The margin of error needs at least one response.")
    if not 0 <= proportion <= 1:
        raise RakingError(f"A proportion must be between 0 and 1; it was {proportion}.")
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    return z * math.sqrt(design_effect * proportion * (1 - proportion) / sample_size)
