"""Suggested codes say why: the words shared with a code's description, or a similar coded comment."""

from __future__ import annotations

from engagements import suggest
from engagements.coding import Code, Comment, CommentKey

BOOK = [
    Code(1, "Booking", definition="Getting an appointment by phone or online"),
    Code(2, "Transport", definition="Buses and getting there", exclude_example="Booking a taxi appointment"),
]


def comment(n: int, text: str) -> Comment:
    return Comment(CommentKey("activity_comment", n), text, "Drop-in")


def test_a_code_is_suggested_from_the_words_its_description_shares() -> None:
    found = suggest.suggest(comment(1, "I can never get an appointment on the phone"), BOOK, [], {})
    assert [(s.code_id, s.words) for s in found] == [(1, ("appointment", "phone"))]


def test_the_shared_words_are_shown_as_the_comment_wrote_them_never_as_stems() -> None:
    found = suggest.suggest(comment(1, "Booking appointments by Phone is impossible"), BOOK, [], {})
    assert found[0].code_id == 1 and found[0].words == ("booking", "appointments", "phone")


def test_a_code_is_suggested_from_a_similar_coded_comment_and_says_which() -> None:
    coded = comment(2, "The 109 bus stops at six in the evening")
    found = suggest.suggest(comment(1, "No bus after six in the evening"), BOOK, [coded], {coded.key: frozenset({2})})
    assert found[0].code_id == 2 and found[0].like == "The 109 bus stops at six in the evening"


def test_nothing_is_suggested_without_shared_words() -> None:
    assert suggest.suggest(comment(1, "Lovely receptionists"), BOOK, [], {}) == []
    assert suggest.suggest(comment(1, "the and of"), BOOK, [], {}) == []
