"""Workshop validation: notes, actions, sessions."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from workshops import model
from workshops.model import ActionDraft, NoteDraft, SessionDetails, WorkshopError

KEY = "a" * 32


def test_a_note_as_typed_is_valid() -> None:
    assert model.note_problems(NoteDraft("  The car park is full \r\n", KEY)) == []
    assert model.clean_text("  The car park is full \r\nevery day ") == "The car park is full \nevery day"


@pytest.mark.parametrize("text", ["", "   \n  "])
def test_an_empty_note_is_refused(text: str) -> None:
    assert [str(p) for p in model.note_problems(NoteDraft(text, KEY))] == ["Enter the note"]


def test_a_giant_note_is_refused_but_2000_characters_is_fine() -> None:
    assert model.note_problems(NoteDraft("x" * model.NOTE_MAX_LENGTH, KEY)) == []
    problems = model.note_problems(NoteDraft("x" * (model.NOTE_MAX_LENGTH + 1), KEY))
    assert [str(p) for p in problems] == ["A note must be 2000 characters or fewer"]


@pytest.mark.parametrize("key", ["", "short", "has spaces in it!", "x" * 65])
def test_a_bad_idempotency_key_is_refused(key: str) -> None:
    assert model.note_problems(NoteDraft("Hello", key))


def test_unknown_author_kind_is_refused() -> None:
    assert model.note_problems(NoteDraft("Hello", KEY, author_kind="robot"))


def test_not_possible_needs_a_reason() -> None:
    draft = ActionDraft("Name a GP", "ICB", "not_possible")
    assert [str(p) for p in model.action_problems(draft)] == ["Explain why the action is not possible"]
    assert model.action_problems(ActionDraft("Name a GP", "ICB", "not_possible", reason="Contracts cannot")) == []


def test_an_action_needs_what_owner_and_a_known_status() -> None:
    problems = [str(p) for p in model.action_problems(ActionDraft("", " ", "maybe"))]
    assert problems == [
        "Enter what will be done",
        "Enter who owns the action: a role or an organisation",
        "Select a status",
    ]


def test_session_needs_a_title_and_a_place() -> None:
    problems = [str(p) for p in model.session_problems(SessionDetails(""))]
    assert problems == ["Enter a title for the session", "Enter a venue or an online link"]
    assert model.session_problems(SessionDetails("S", online_link="http://x.example"))
    assert model.session_problems(SessionDetails("S", venue="Hall", capacity=0))
    assert model.session_problems(SessionDetails("S", venue="Hall", accessibility=frozenset({"lift"})))


def test_session_columns_turn_the_checklist_into_flags() -> None:
    when = datetime(2027, 1, 1, 18, 30, tzinfo=UTC)
    columns = SessionDetails("S", when, venue=" Hall ", accessibility=frozenset({"quiet_room"})).columns()
    assert columns["venue"] == "Hall" and columns["starts_at"] == when
    assert columns["quiet_room"] is True and columns["step_free"] is False


def test_require_raises_with_every_problem() -> None:
    with pytest.raises(WorkshopError) as raised:
        model.require(model.action_problems(ActionDraft("", "")))
    assert len(raised.value.problems) == 2
    model.require([])


def test_label_for_falls_back_to_the_value() -> None:
    assert model.label_for(model.ACTION_STATUSES, "not_possible") == "Not possible"
    assert model.label_for(model.ACTION_STATUSES, "unknown") == "unknown"
