"""Small-number suppression: small counts hidden, and no hidden count can be worked out."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.stats.representativeness import compare_dimension, who_we_still_need_to_hear_from
from toolkit.stats.suppression import (
    CellStatus,
    SuppressedCounts,
    SuppressionError,
    protect_comparison,
    protect_shortfalls,
    suppress_counts,
)


def test_counts_at_or_above_the_threshold_are_shown() -> None:
    result = suppress_counts({"Female": 120, "Male": 95})
    assert result.display() == {"Female": "120", "Male": "95"}
    assert result.total.display == "215"
    assert result.hidden == frozenset()


def test_a_single_small_count_hides_the_next_smallest_too() -> None:
    result = suppress_counts({"16 to 24": 3, "25 to 34": 40, "35 to 44": 12, "45 to 54": 60})
    assert result.display() == {
        "16 to 24": "fewer than 5",
        "25 to 34": "40",
        "35 to 44": "not shown",
        "45 to 54": "60",
    }
    assert result.total.value == 115
    assert result.values()["35 to 44"] is None


def test_zero_is_a_small_count() -> None:
    assert suppress_counts({"a": 0, "b": 30, "c": 40}).display()["a"] == "fewer than 5"


def test_a_tie_with_the_protecting_cell_is_hidden_as_well() -> None:
    # 4 + 10 + 10: with only "b" hidden, a reader knows b <= 10 (c) so a = 24 - 10 - 10 = 4.
    result = suppress_counts({"a": 4, "b": 10, "c": 10})
    assert result.hidden == {"a", "b", "c"}
    assert result.total.status is CellStatus.SHOWN


def test_the_total_is_hidden_when_small_cells_alone_would_give_them_away() -> None:
    result = suppress_counts({"a": 4, "b": 4})
    assert result.total.status is CellStatus.PROTECTED
    assert result.total.display == "not shown"


def test_a_small_total_hides_everything() -> None:
    result = suppress_counts({"a": 2, "b": 1})
    assert result.total.display == "fewer than 5"
    assert result.hidden == {"a", "b"}


def test_threshold_is_configurable() -> None:
    result = suppress_counts({"a": 7, "b": 30, "c": 40}, threshold=10)
    assert result.display()["a"] == "fewer than 10"
    assert result.threshold == 10


@pytest.mark.parametrize("threshold", [2, 1, 0, -5])
def test_threshold_below_three_is_refused(threshold: int) -> None:
    with pytest.raises(SuppressionError, match="cannot be below 3"):
        suppress_counts({"a": 1}, threshold=threshold)


@pytest.mark.parametrize("bad", [-1, 2.5, True])
def test_counts_must_be_whole_numbers(bad: object) -> None:
    with pytest.raises(SuppressionError, match="whole number"):
        suppress_counts({"a": bad})  # type: ignore[dict-item]


# What a reader can work out ------------------------------------------------------------------------


def possible_sums(ranges: list[range], limit: int) -> set[int]:
    sums = {0}
    for values in ranges:
        sums = {s + v for s in sums for v in values if s + v <= limit}
    return sums


def reader_ranges(result: SuppressedCounts, limit: int) -> dict[str, range]:
    """What each hidden cell could be, knowing only its label and the rule's bounds."""
    shown = [c.value for c in result.cells if c.value is not None]
    ceiling = min(shown) if shown else limit
    ranges = {}
    for cell in result.cells:
        if cell.status is CellStatus.SMALL:
            ranges[cell.category] = range(result.threshold)
        elif cell.status is CellStatus.PROTECTED:
            ranges[cell.category] = range(result.threshold, ceiling + 1)
    return ranges


def possible_values(result: SuppressedCounts) -> dict[str, set[int]]:
    """Every value each hidden cell could take given everything on the table (by enumeration)."""
    shown_sum = sum(c.value for c in result.cells if c.value is not None)
    total = result.total.value
    limit = (total - shown_sum) if total is not None else 10_000
    ranges = reader_ranges(result, limit)
    possible = {}
    for category, values in ranges.items():
        others = possible_sums([r for c, r in ranges.items() if c != category], limit)
        if total is None:
            possible[category] = set(values) if others else set()
        else:
            possible[category] = {v for v in values if (limit - v) in others}
    return possible


counts_strategy = st.dictionaries(
    st.sampled_from(list("abcdef")),
    st.one_of(st.integers(0, 12), st.integers(0, 60)),
    min_size=1,
    max_size=6,
)


@settings(max_examples=400, deadline=None)
@given(counts=counts_strategy, threshold=st.integers(3, 7))
def test_no_hidden_count_can_be_worked_out_by_subtraction(counts: dict[str, int], threshold: int) -> None:
    result = suppress_counts(counts, threshold)
    possible = possible_values(result)
    for category in result.hidden:
        assert counts[category] in possible[category], "the true value must be consistent with the table"
        assert len(possible[category]) >= 2, f"{category}={counts[category]} can be worked out from {result}"


@settings(max_examples=200, deadline=None)
@given(counts=counts_strategy, threshold=st.integers(3, 7))
def test_small_counts_are_never_shown_and_shown_counts_are_exact(counts: dict[str, int], threshold: int) -> None:
    result = suppress_counts(counts, threshold)
    for cell in result.cells:
        if counts[cell.category] < threshold:
            assert cell.status is CellStatus.SMALL and cell.display == f"fewer than {threshold}"
        elif cell.status is CellStatus.SHOWN:
            assert cell.value == counts[cell.category]
    if result.total.value is not None:
        assert result.total.value == sum(counts.values())


# The dashboard made safe to show -------------------------------------------------------------------


def test_protected_comparison_drops_shares_of_hidden_groups() -> None:
    comparison = compare_dimension(
        "age", {"16 to 24": 2, "25 to 64": 40, "65+": 60}, {"16 to 24": 150, "25 to 64": 500, "65+": 350}, excluded=3
    )
    protected = protect_comparison(comparison)
    young, middle, old = protected.groups
    assert young.respondents.display == "fewer than 5"
    assert young.respondent_share is None and young.ci_high is None and young.ratio is None
    assert young.under_represented and young.population_share == pytest.approx(0.15)
    assert middle.respondents.display == "not shown" and middle.respondent_share is None
    assert old.respondent_share == pytest.approx(60 / 102)
    assert protected.answered.display == "102"
    assert protected.excluded == 3


def test_protected_comparison_drops_every_share_when_the_number_answering_is_hidden() -> None:
    protected = protect_comparison(compare_dimension("sex", {"F": 3, "M": 1}, {"F": 1, "M": 1}))
    assert protected.answered.display == "fewer than 5"
    assert all(g.respondent_share is None for g in protected.groups)


def test_protected_shortfalls_round_the_extra_needed_for_hidden_groups() -> None:
    comparison = compare_dimension("age", {"young": 2, "old": 200}, {"young": 300, "old": 700})
    [shortfall] = who_we_still_need_to_hear_from([comparison], {"age": {"web": {"young": 2, "old": 100}}})
    assert shortfall.extra_responses_needed == 84  # (0.3 * 202 - 2) / 0.7 = 83.7
    [protected] = protect_shortfalls([shortfall], [protect_comparison(comparison)])
    assert protected.extra_responses_needed == 90 and protected.approximate
    assert protected.respondent_share is None
    assert protected.best_channels == ("web",)
