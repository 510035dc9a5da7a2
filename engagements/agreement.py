"""Double coding as plain data: a reproducible random sample for a second coder, agreement per
code and overall as Krippendorff's alpha (the `krippendorff` library) with its meaning in plain
words, and the disagreements a lead decides. No Flask and no database here.

Each code is a yes/no question for each sampled comment ("does this code apply?"), so alpha is
nominal over two coders' yes/no answers; overall agreement pools every code's answers."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import krippendorff
import numpy as np

from engagements.coding import CommentKey
from toolkit.text import lazy

RELIABLE = 0.8
TENTATIVE = 0.667


def sample(keys: Sequence[CommentKey], size: int, seed: int) -> list[CommentKey]:
    """The same keys and seed always give the same sample (in key order)."""
    ordered = sorted(keys, key=str)
    chosen = random.Random(seed).sample(ordered, min(size, len(ordered)))
    return sorted(chosen, key=str)


def alpha(reliability_data: Sequence[Sequence[float]]) -> float | None:
    """Nominal Krippendorff's alpha for coders' values (rows) per unit (columns); NaN where a
    coder gave no value. None when it is undefined (every value the same: nothing to tell apart)."""
    values = np.array(reliability_data, dtype=float)
    present = values[~np.isnan(values)]
    if present.size == 0 or np.unique(present).size < 2:
        return None
    return float(krippendorff.alpha(reliability_data=values, level_of_measurement="nominal"))


def meaning(value: float | None) -> Any:
    if value is None:
        return lazy("Cannot be worked out: both coders gave every comment the same answer for this code.")
    if value >= RELIABLE:
        return lazy("Reliable: the coders agree well enough to draw conclusions.")
    if value >= TENTATIVE:
        return lazy("Tentative: good enough for tentative conclusions only.")
    return lazy("Not reliable: the coders understand this differently. Agree the definition together and code again.")


@dataclass(frozen=True)
class CodeAgreement:
    code_id: int
    alpha: float | None
    agreed: int  # comments where both coders said the same
    compared: int


@dataclass(frozen=True)
class Agreement:
    per_code: tuple[CodeAgreement, ...]
    overall: float | None
    compared: int  # sampled comments both coders have coded


def agreement(
    keys: Sequence[CommentKey],
    first: Mapping[CommentKey, frozenset[int]],
    second: Mapping[CommentKey, frozenset[int]],
    code_ids: Sequence[int],
    done: set[CommentKey],
) -> Agreement:
    """Agreement over the sampled comments the second coder has done (`done`)."""
    units = [k for k in keys if k in done]
    per_code = []
    pooled: list[list[float]] = [[], []]
    for code_id in code_ids:
        a = [1.0 if code_id in first.get(k, ()) else 0.0 for k in units]
        b = [1.0 if code_id in second.get(k, ()) else 0.0 for k in units]
        pooled[0] += a
        pooled[1] += b
        agreed = sum(1 for x, y in zip(a, b, strict=True) if x == y)
        per_code.append(CodeAgreement(code_id, alpha([a, b]) if units else None, agreed, len(units)))
    return Agreement(tuple(per_code), alpha(pooled) if units else None, len(units))


@dataclass(frozen=True)
class Disagreement:
    key: CommentKey
    first_only: frozenset[int]
    second_only: frozenset[int]
    both: frozenset[int]


def disagreements(
    keys: Sequence[CommentKey],
    first: Mapping[CommentKey, frozenset[int]],
    second: Mapping[CommentKey, frozenset[int]],
    done: set[CommentKey],
    decided: set[CommentKey],
) -> list[Disagreement]:
    found = []
    for key in keys:
        if key not in done or key in decided:
            continue
        a, b = first.get(key, frozenset()), second.get(key, frozenset())
        if a != b:
            found.append(Disagreement(key, a - b, b - a, a & b))
    return found
