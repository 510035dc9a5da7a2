"""The codebook and coding as plain data: checks, order, search, counts, filters and CSV."""

from __future__ import annotations

from engagements import coding
from engagements.coding import Code, CodeDraft, Coding, Comment, CommentKey, Filters

BOOK = [
    Code(1, "Access", definition="Getting an appointment"),
    Code(2, "Phone lines", parent_id=1, definition="Calls at 8am"),
    Code(3, "Continuity of care"),
]
A, B, C = CommentKey("response", 7, "ideas"), CommentKey("note", 3), CommentKey("activity_comment", 9)
COMMENTS = [
    Comment(A, "Can't get through at 8am", "GP survey", "Any ideas?"),
    Comment(B, "Same GP matters", "Session 1", "What matters"),
    Comment(C, "Bus twice a day", "Drop-in"),
]


def test_a_comment_key_reads_back_and_forged_keys_are_refused() -> None:
    assert coding.parse_key(str(A)) == A and coding.parse_key(str(B)) == B
    for bad in ("", "survey-1", "note-x", "response-1-bad key", "note-1-2-3"):
        assert coding.parse_key(bad) is None


def test_code_checks() -> None:
    assert coding.code_problems(CodeDraft("Waiting times"), BOOK) == []
    assert [str(p) for p in coding.code_problems(CodeDraft(" access "), BOOK)] == [
        "The codebook already has a code called access"
    ]
    assert coding.code_problems(CodeDraft("Deeper", parent_id=2), BOOK)  # one level of sub-themes
    assert coding.code_problems(CodeDraft("Elsewhere", parent_id=99), BOOK)
    assert coding.code_problems(CodeDraft("Access", parent_id=3), BOOK, own_id=1)  # it has sub-themes


def test_themes_come_before_their_sub_themes_and_typing_finds_codes() -> None:
    shuffled = [BOOK[2], BOOK[1], BOOK[0]]
    assert [c.id for c in coding.ordered(shuffled)] == [3, 1, 2]
    assert [c.id for c in coding.matching(BOOK, "phone")] == [2]
    assert [c.id for c in coding.matching(BOOK, "access 8am")] == [2]  # theme name and definition
    assert coding.label(BOOK[1], BOOK) == "Access › Phone lines"


def test_counts_and_filters_by_source_question_code_and_uncoded() -> None:
    codings = [Coding(A, frozenset({1, 2}), 5), Coding(A, frozenset({1}), 6), Coding(B, frozenset({3}), None)]
    merged = coding.merged(codings)
    assert coding.counts(merged) == {1: 1, 2: 1, 3: 1}
    assert [c.key for c in coding.filtered(COMMENTS, merged, Filters(uncoded=True))] == [C]
    assert [c.key for c in coding.filtered(COMMENTS, merged, Filters(source="note"))] == [B]
    assert [c.key for c in coding.filtered(COMMENTS, merged, Filters(code_id=2))] == [A]
    assert [c.key for c in coding.filtered(COMMENTS, merged, Filters(question="GP survey: Any ideas?"))] == [A]


def test_the_coding_state_moves_through_the_filtered_comments() -> None:
    codings = [Coding(A, frozenset({1}), 5), Coding(B, frozenset({3}), None)]
    state = coding.coding_state(BOOK, COMMENTS, codings, 5, Filters(), str(B))
    assert (state.position, state.previous.key, state.next.key) == (2, A, C)  # type: ignore[union-attr]
    assert state.mine == frozenset() and state.board == {3}
    assert coding.coding_state(BOOK, COMMENTS, codings, 5, Filters(), "nonsense").current == COMMENTS[0]
    assert coding.coding_state(BOOK, COMMENTS, codings, 5, Filters(), "").mine == {1}
    assert coding.coding_state(BOOK, [], [], 5, Filters(), "").current is None


def test_the_codebook_goes_out_and_comes_back_as_csv() -> None:
    text = coding.codebook_csv([*BOOK, Code(4, "=HYPERLINK()")])
    assert text.splitlines()[0] == "theme,sub_theme,definition,include_example,exclude_example"
    assert "'=HYPERLINK()" in text  # no formulas in a spreadsheet
    rows = coding.drafts_from_csv(text)
    assert [(parent, draft.name) for parent, draft in rows][:4] == [
        ("", "Access"),
        ("", "Access"),
        ("Access", "Phone lines"),
        ("", "Continuity of care"),
    ]
