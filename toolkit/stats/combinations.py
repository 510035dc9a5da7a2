"""Counting people by combinations of groups (say, women aged 65 to 74) through the
disclosure-control layer, for weighting: raking to population margins works on these protected
counts, never on single people, so no weighted figure depends on a count the layer hides.

Plain module: no Flask, no database. Used by the survey's weighted results
(`surveys.equality.weighting`) and the citizens' panel's response weighting.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from toolkit.stats.disclosure import KEY_SPACE, Policy, perturbation_table
from toolkit.stats.raking import RakingError, rake


class TooFewAlike(Exception):
    """Some margin group has no combination with enough respondents to use."""


@dataclass(frozen=True)
class Combinations:
    """The combinations of the margins' groups that respondents are in (say, women aged 65 to
    74), each counted through the disclosure layer; `kept`: those whose protected count is shown
    (at least the threshold), the only ones weighted."""

    groups: pd.DataFrame  # the kept combinations, one row each
    sizes: npt.NDArray[np.float64]  # their protected counts
    kept: npt.NDArray[np.bool_]  # per combination
    of_row: npt.NDArray[np.int64]  # each respondent's combination
    policy: Policy

    def every_weight(self, kept_weights: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """A weight per combination: the raked weight of a kept one, 0 for the rest."""
        weights = np.zeros(len(self.kept))
        weights[self.kept] = kept_weights
        return weights

    def answers(self, chosen: npt.NDArray[np.bool_], keys: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
        """How many of the chosen respondents each combination holds, as the disclosure layer
        shows it; a small count (0 included) counts as none, so it says nothing about how small."""
        return protected_counts(self.of_row[chosen], keys[chosen], len(self.kept), self.policy)


def protected_counts(
    of_row: npt.NDArray[np.int64], keys: npt.NDArray[np.int64], size: int, policy: Policy
) -> npt.NDArray[np.float64]:
    """Each combination's count as `toolkit.stats.disclosure.protect` shows it (with its cell key's
    noise), or 0 for a count under the threshold."""
    counts = np.bincount(of_row, minlength=size)
    key_sums = np.bincount(of_row, weights=keys.astype(np.float64), minlength=size).astype(np.int64) % KEY_SPACE
    table = np.asarray(perturbation_table(policy.threshold), dtype=np.int64)
    shown = counts + table[np.minimum(counts, len(table) - 1), key_sums]
    return np.where(counts >= policy.threshold, shown, 0).astype(np.float64)


def combinations(
    groups: pd.DataFrame, targets: Mapping[str, Mapping[str, float]], keys: npt.NDArray[np.int64], policy: Policy
) -> Combinations:
    """Weighting works on protected counts, never on single people: the respondents are counted
    in each combination of groups through the disclosure layer, and the weights and every
    percentage come from those counts. A combination whose count would not be shown (fewer than
    the threshold) is left out, as are its answers, so no figure depends on how small it is."""
    names = {key: [g for g, people in target.items() if people > 0] for key, target in targets.items()}
    of_row: npt.NDArray[np.int64] | None = None
    for key, groups_of_margin in names.items():
        found = pd.Categorical(groups[key], categories=groups_of_margin).codes.astype(np.int64)
        if (found < 0).any():
            rake(groups, targets)  # someone is in a group the area has nobody in: raking says so
            raise RakingError("Some answers are not in the population margin.")
        combined = found if of_row is None else of_row * len(groups_of_margin) + found
        of_row = pd.factorize(combined)[0].astype(np.int64)  # numbered as found, so never overflows
    assert of_row is not None
    size = int(of_row.max()) + 1 if len(of_row) else 0
    sizes = protected_counts(of_row, keys, size, policy)
    kept = sizes > 0
    member = np.empty(size, dtype=np.int64)
    member[of_row] = np.arange(len(of_row))  # any one respondent of each combination
    combinations = groups.iloc[member[kept]].reset_index(drop=True)
    for key, groups_of_margin in names.items():
        if set(groups_of_margin) - set(combinations[key]) or sizes[kept].sum() < policy.minimum_base:
            raise TooFewAlike
    return Combinations(combinations, sizes[kept], kept, of_row, policy)
