"""Double coding: the sample, Krippendorff's alpha against the published worked examples, and
the disagreement queue."""

from __future__ import annotations

import math

import pytest

from engagements import agreement
from engagements.coding import CommentKey

NAN = math.nan


def test_alpha_matches_krippendorff_s_published_example_with_four_coders_and_missing_values() -> None:
    # Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability, section C: nominal data,
    # 4 observers, 12 units, some values missing. Published result: alpha = 0.743.
    data = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
        [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN],
    ]
    assert agreement.alpha(data) == pytest.approx(0.743, abs=0.0005)


def test_alpha_matches_the_published_two_coder_binary_example() -> None:
    # The same paper, section A: two observers, ten units, binary data. Published result: 0.095.
    data = [[0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]]
    assert agreement.alpha(data) == pytest.approx(0.095, abs=0.0005)


def test_alpha_is_undefined_when_there_is_nothing_to_tell_apart() -> None:
    assert agreement.alpha([[0, 0, 0], [0, 0, 0]]) is None
    assert "Cannot be worked out" in str(agreement.meaning(None))
    assert str(agreement.meaning(0.85)).startswith("Reliable")
    assert str(agreement.meaning(0.7)).startswith("Tentative")
    assert str(agreement.meaning(0.2)).startswith("Not reliable")


KEYS = [CommentKey("note", n) for n in range(1, 11)]


def test_the_same_seed_draws_the_same_sample() -> None:
    first = agreement.sample(KEYS, 4, seed=2027)
    assert first == agreement.sample(list(reversed(KEYS)), 4, seed=2027)
    assert len(first) == 4 and len(set(first)) == 4
    assert agreement.sample(KEYS, 50, seed=1) == sorted(KEYS, key=str)


def test_agreement_per_code_and_overall_and_the_disagreements() -> None:
    a, b, c = KEYS[:3]
    first = {a: frozenset({1}), b: frozenset({1, 2}), c: frozenset({2})}
    second = {a: frozenset({1}), b: frozenset({1}), c: frozenset({2})}
    result = agreement.agreement([a, b, c], first, second, [1, 2], done={a, b, c})
    assert result.compared == 3
    assert result.per_code[0].alpha == 1.0 and result.per_code[0].agreed == 3
    assert result.per_code[1].agreed == 2 and result.per_code[1].alpha is not None and result.per_code[1].alpha < 0.8
    queue = agreement.disagreements([a, b, c], first, second, {a, b, c}, decided=set())
    assert [(d.key, d.first_only, d.second_only) for d in queue] == [(b, {2}, frozenset())]
    assert agreement.disagreements([a, b, c], first, second, {a, b, c}, decided={b}) == []
