"""Dot-vote tallying and ballot checks."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from workshops.votes import Candidate, adjusted, ballot_problems, dots_left, paper_problems, tally

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


def test_paper_dots_count_in_the_total_but_not_as_voters() -> None:
    results = tally(CANDIDATES, [{"1": 2}], paper=[{"2": 5, "1": 1}, {"2": 1, "99": 4}])
    assert [(r.label, r.dots, r.voters, r.paper_dots) for r in results] == [
        ("Continuity", 6, 0, 6),
        ("Access", 3, 1, 1),
        ("Transport", 0, 0, 0),
    ]


def test_dots_left_counts_down_and_goes_negative_when_over() -> None:
    assert dots_left({}, 3) == 3
    assert dots_left({1: 1, 2: 1}, 3) == 1
    assert dots_left({1: 4}, 3) == -1
    assert dots_left({1: -2, 2: 1}, 3) == 2  # a negative count gives nothing back


def test_plus_and_minus_buttons_stay_within_the_dots() -> None:
    assert adjusted({1: 0, 2: 0}, "add:1", 3) == {1: 1, 2: 0}
    assert adjusted({1: 2, 2: 1}, "add:2", 3) == {1: 2, 2: 1}  # none left: nothing added
    assert adjusted({1: 2, 2: 1}, "remove:2", 3) == {1: 2, 2: 0}
    assert adjusted({1: 0, 2: 1}, "remove:1", 3) == {1: 0, 2: 1}  # never below 0
    for button in ("add:9", "add:", "jump:1", "add:x", "", "add:١"):
        assert adjusted({1: 1, 2: 0}, button, 3) == {1: 1, 2: 0}, button


@given(st.lists(st.sampled_from(["add:1", "add:2", "remove:1", "remove:2"]), max_size=40), st.integers(1, 10))
def test_any_presses_keep_a_ballot_within_its_dots(presses: list[str], dots: int) -> None:
    counts = {1: 0, 2: 0}
    for button in presses:
        counts = adjusted(counts, button, dots)
        assert 0 <= dots_left(counts, dots) <= dots
        assert all(count >= 0 for count in counts.values())


def test_paper_entry_rules() -> None:
    ids = [1, 2, 3]
    assert paper_problems({1: 12, 2: 0}, ids) == []
    assert [str(p) for p in paper_problems({1: 0, 2: 0}, ids)] == ["Enter the paper dots for at least one priority"]
    assert [str(p) for p in paper_problems({9: 1}, ids)] == ["Choose from the priorities shown"]
    assert "from 0 to 10000" in str(paper_problems({1: -1}, ids)[0])
    assert "from 0 to 10000" in str(paper_problems({1: 10_001}, ids)[0])
