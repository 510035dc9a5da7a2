"""The report's plain-data pieces: narrative blocks, theme counts by source, seldom-heard reach,
commitment checks, snapshots and the loop-closed measure."""

from __future__ import annotations

from datetime import date

from engagements.coding import Code, Coding, CommentKey
from reports import model
from reports.model import CommitmentDraft, CommitmentView, ThemeCount


def test_narrative_blocks_give_headings_lists_and_paragraphs_and_keep_markup_as_text() -> None:
    found = model.blocks("# Why\nWe asked <b>everyone</b>.\nTwice.\n\n- one\n* two\nAfter")
    assert found == [
        model.Block("heading", ("Why",)),
        model.Block("paragraph", ("We asked <b>everyone</b>.", "Twice.")),
        model.Block("list", ("one", "two")),
        model.Block("paragraph", ("After",)),
    ]
    assert model.blocks("") == []


def test_theme_counts_roll_sub_themes_up_and_count_each_comment_once_by_source() -> None:
    codebook = [Code(1, "Access"), Code(2, "Phones", parent_id=1), Code(3, "Parking")]
    a, b, c = CommentKey("response", 1, "why"), CommentKey("note", 2), CommentKey("activity_comment", 3)
    codings = [
        Coding(a, frozenset({1, 2}), 10),
        Coding(a, frozenset({2}), 11),  # a second coder: still one comment
        Coding(b, frozenset({2}), 10),
        Coding(c, frozenset({3}), 10),
    ]
    themes = model.theme_counts(codebook, codings)
    assert themes[0] == ThemeCount(1, "Access", (("response", 1), ("note", 1), ("activity_comment", 0)), 2)
    assert themes[1].name == "Parking" and themes[1].total == 1


def test_seldom_heard_groups_are_reached_when_an_activity_names_them() -> None:
    found = model.seldom_heard(
        "Unpaid carers\nYoung  people; Gypsy and Traveller communities",
        ["two unpaid Carers", "young people at college"],
    )
    assert [(g.group, g.reached) for g in found] == [
        ("Unpaid carers", True),
        ("Young  people", True),
        ("Gypsy and Traveller communities", False),
    ]


def test_a_commitment_that_is_not_possible_needs_a_reason_and_themes_must_be_the_engagements() -> None:
    ok = CommitmentDraft("Evening clinics", "Practice manager", theme_ids=(1,))
    assert model.commitment_problems(ok, [1, 2]) == []
    assert model.commitment_problems(CommitmentDraft("New building", "Estates", "not_possible"), [])
    assert model.commitment_problems(CommitmentDraft("x", "y", theme_ids=(9,)), [1])
    assert model.commitment_problems(CommitmentDraft("x", "y", "maybe"), [])
    assert model.commitment_problems(CommitmentDraft(" ", " "), [])


def test_loop_closed_counts_answered_themes_days_and_statuses() -> None:
    themes = [ThemeCount(1, "Access", (), 4), ThemeCount(2, "Parking", (), 1)]
    commitments = [
        CommitmentView(1, "Evening clinics", "", "PM", "", None, "done", "", (1,)),
        CommitmentView(2, "New car park", "", "Estates", "", None, "not_possible", "No land", ()),
    ]
    content = model.snapshot("Urgent care", themes, commitments, date(2027, 1, 12))
    measure = model.loop_closed(content, date(2027, 1, 12), date(2027, 3, 1))
    assert (measure.themes, measure.answered, measure.share, measure.days_to_feedback) == (2, 1, 50, 48)
    assert dict(measure.statuses) == {"agreed": 0, "in_progress": 0, "done": 1, "not_possible": 1}
    assert model.loop_closed(None, None, None).share is None
    total = model.overall([measure, model.loop_closed(None, None, None)])
    assert (total.themes, total.answered, total.days_to_feedback) == (2, 1, 48)
