"""Dot-vote tallying and ballot checks."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from workshops.votes import Candidate, ballot_problems, tally

CANDIDATES = [Candidate(1, "Access"), Candidate(2, "Continuity"), Candidate(3, "Transport")]


def test_tally_adds_dots_and_counts_voters_most_first() -> None:
    ballots = [{"1": 3}, {"1": 1, "2": 2}, {"2": 3}, {"3": 0}]
    results = tally(CANDIDATES, ballots)
    assert [(r.label, r.dots, r.voters) for r in results] == [
        ("Continuity", 5, 2),
        ("Access", 4, 2),
        ("Transport", 0, 0),
    ]
    assert abs(sum(r.share for r in results) - 1) < 1e-9


def test_ties_keep_the_candidates_order_and_no_ballots_is_all_zero() -> None:
    assert [r.label for r in tally(CANDIDATES, [{"3": 1}, {"1": 1}])] == ["Access", "Transport", "Continuity"]
    assert [(r.dots, r.share) for r in tally(CANDIDATES, [])] == [(0, 0.0)] * 3


def test_unknown_options_in_stored_ballots_are_ignored() -> None:
    assert sum(r.dots for r in tally(CANDIDATES, [{"99": 3}, {"1": 1}])) == 1


def test_ballot_rules() -> None:
    ids = [1, 2, 3]
    assert ballot_problems({1: 2, 2: 1}, ids, 3) == []
    assert ballot_problems({1: 1}, ids, 3) == []  # fewer dots than allowed is fine
    assert [str(p) for p in ballot_problems({1: 3, 2: 1}, ids, 3)] == ["You have 3 dots: you used 4"]
    assert [str(p) for p in ballot_problems({1: 0}, ids, 3)] == ["Give at least one dot to a priority"]
    assert [str(p) for p in ballot_problems({9: 1}, ids, 3)] == ["Choose from the priorities shown"]
    assert [str(p) for p in ballot_problems({1: -1, 2: 2}, ids, 3)] == ["Dots cannot be negative"]


@given(st.lists(st.dictionaries(st.sampled_from(["1", "2", "3"]), st.integers(0, 3)), max_size=30))
def test_total_dots_are_conserved(ballots: list[dict[str, int]]) -> None:
    results = tally(CANDIDATES, ballots)
    assert sum(r.dots for r in results) == sum(sum(b.values()) for b in ballots)
    assert all(r.voters <= len(ballots) for r in results)
