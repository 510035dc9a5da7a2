"""Database changes staff make after the first write: editing an engagement, a topic, a
table, a theme or an expense's status; reordering the discussion guide; deleting topics,
tables and themes. Every change goes into the audit trail with what it was before.

What a participant said is never lost: deleting a theme only takes its notes out of the
theme, and a topic or table that notes were captured under cannot be deleted (the note's
"where it was said" is part of the record); it can be renamed instead."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from toolkit import audit, db
from toolkit.schema import (
    Engagement,
    VoteOption,
    WorkshopAction,
    WorkshopExpense,
    WorkshopNote,
    WorkshopTable,
    WorkshopTheme,
    WorkshopTopic,
)
from toolkit.text import lazy
from workshops import model, repository
from workshops.model import WorkshopError

TITLE_MAX = 200
TABLE_NAME_MAX = 80
THEME_NAME_MAX = 120
DESCRIPTION_MAX = 2000
TOPIC_IN_USE = lazy("This topic cannot be deleted because notes were captured under it. You can change it instead.")
TABLE_IN_USE = lazy("This table cannot be deleted because notes were captured at it. You can rename it instead.")


def get_topic(session_id: int, topic_id: int) -> WorkshopTopic | None:
    return repository.in_session(WorkshopTopic, session_id, topic_id)  # type: ignore[no-any-return]


def get_table(session_id: int, table_id: int) -> WorkshopTable | None:
    return repository.in_session(WorkshopTable, session_id, table_id)  # type: ignore[no-any-return]


def get_expense(session_id: int, expense_id: int) -> WorkshopExpense | None:
    return repository.in_session(WorkshopExpense, session_id, expense_id)  # type: ignore[no-any-return]


def _text(value: str, maximum: int, empty: Any, required: bool = True) -> str:
    text = model.clean_text(value)
    if required and not text:
        raise WorkshopError([empty])
    if len(text) > maximum:
        raise WorkshopError([lazy("Enter %(max)d characters or fewer", max=maximum)])
    return text


def _apply(thing: Any, values: dict[str, Any]) -> dict[str, Any]:
    """Set the values that differ; return them as {name: {"before", "after"}} for the audit."""
    changes = {}
    for key, value in values.items():
        before = getattr(thing, key)
        if before != value:
            changes[key] = {"before": before, "after": value}
            setattr(thing, key, value)
    return changes


def _save(thing: Any, values: dict[str, Any], kind: str, staff_user_id: int | None) -> dict[str, Any]:
    with db.transaction() as session:
        thing = session.merge(thing)
        changes = _apply(thing, values)
        if changes:
            audit.record(session, staff_user_id, "update", kind, thing.id, changes)
    return changes


# --- engagements ---------------------------------------------------------------------


def update_engagement(
    engagement: Engagement, title: str, description: str, staff_user_id: int | None
) -> dict[str, Any]:
    values = {
        "title": _text(title, TITLE_MAX, lazy("Enter a title for the engagement")),
        "description": _text(description, DESCRIPTION_MAX, None, required=False),
    }
    return _save(engagement, values, "engagement", staff_user_id)


# --- the discussion guide --------------------------------------------------------------


def update_topic(
    topic: WorkshopTopic, title: str, questions: str, minutes: int, staff_user_id: int | None
) -> dict[str, Any]:
    if not 1 <= minutes <= 480:
        raise WorkshopError([lazy("Enter minutes from 1 to 480")])
    values = {
        "title": _text(title, TITLE_MAX, lazy("Enter the topic")),
        "questions": _text(questions, DESCRIPTION_MAX, None, required=False),
        "minutes": minutes,
    }
    return _save(topic, values, "workshop_topic", staff_user_id)


def _guide(session: Session, session_id: int) -> list[WorkshopTopic]:
    query = select(WorkshopTopic).where(WorkshopTopic.session_id == session_id)
    return list(session.scalars(query.order_by(WorkshopTopic.position, WorkshopTopic.id)))


def _renumber(topics: list[WorkshopTopic], order: list[int]) -> None:
    by_id = {t.id: t for t in topics}
    for position, topic_id in enumerate(order, start=1):
        by_id[topic_id].position = position


def move_topic(topic: WorkshopTopic, direction: str, staff_user_id: int | None) -> None:
    """Swap a topic with the one before or after it; positions stay 1, 2, 3..."""
    with db.transaction() as session:
        topics = _guide(session, topic.session_id)
        before = [t.id for t in topics]
        after = model.moved(before, topic.id, direction)
        _renumber(topics, after)
        detail = {"direction": direction, "before": before, "after": after}
        audit.record(session, staff_user_id, "move", "workshop_topic", topic.id, detail)


def notes_under(column: Any, object_id: int) -> int:
    return int(db.session.scalar(select(func.count(WorkshopNote.id)).where(column == object_id)) or 0)


def _lock_unused(session: Session, kind: Any, thing: Any, column: Any, refusal: Any) -> Any:
    """The row, locked so no note can be captured under it meanwhile, if no note uses it."""
    locked = session.scalars(select(kind).where(kind.id == thing.id).with_for_update()).one()
    if notes_under(column, thing.id):
        raise WorkshopError([refusal])
    return locked


def delete_topic(topic: WorkshopTopic, staff_user_id: int | None) -> None:
    with db.transaction() as session:
        session.delete(_lock_unused(session, WorkshopTopic, topic, WorkshopNote.topic_id, TOPIC_IN_USE))
        session.flush()
        remaining = _guide(session, topic.session_id)
        _renumber(remaining, [t.id for t in remaining])
        detail = {"title": topic.title, "questions": topic.questions, "minutes": topic.minutes}
        audit.record(session, staff_user_id, "delete", "workshop_topic", topic.id, detail)


# --- tables -----------------------------------------------------------------------------


def rename_table(table: WorkshopTable, name: str, staff_user_id: int | None) -> dict[str, Any]:
    values = {"name": _text(name, TABLE_NAME_MAX, lazy("Enter a name for the table"))}
    return _save(table, values, "workshop_table", staff_user_id)


def delete_table(table: WorkshopTable, staff_user_id: int | None) -> None:
    with db.transaction() as session:
        session.delete(_lock_unused(session, WorkshopTable, table, WorkshopNote.table_id, TABLE_IN_USE))
        audit.record(session, staff_user_id, "delete", "workshop_table", table.id, {"name": table.name})


# --- themes -----------------------------------------------------------------------------


def rename_theme(theme: WorkshopTheme, name: str, staff_user_id: int | None) -> dict[str, Any]:
    values = {"name": _text(name, THEME_NAME_MAX, lazy("Enter a name for the theme"))}
    return _save(theme, values, "workshop_theme", staff_user_id)


def theme_links(theme: WorkshopTheme) -> tuple[list[int], list[WorkshopAction]]:
    """The notes in the theme and the actions that name it: what deleting it changes."""
    note_ids = list(db.session.scalars(select(WorkshopNote.id).where(WorkshopNote.theme_id == theme.id)))
    query = select(WorkshopAction).where(WorkshopAction.session_id == theme.session_id)
    return note_ids, [a for a in db.session.scalars(query) if theme.id in (a.theme_ids or [])]


def delete_theme(theme: WorkshopTheme, staff_user_id: int | None) -> list[int]:
    """Delete the theme only: its notes go back to "not in a theme" and each move is audited;
    actions stop naming it; vote options keep their frozen wording. Returns the note ids."""
    note_ids, linked_actions = theme_links(theme)
    with db.transaction() as session:
        session.execute(update(WorkshopNote).where(WorkshopNote.theme_id == theme.id).values(theme_id=None))
        session.execute(update(VoteOption).where(VoteOption.theme_id == theme.id).values(theme_id=None))
        for note_id in note_ids:
            moved = {"before": theme.id, "after": None, "because": "theme deleted"}
            audit.record(session, staff_user_id, "assign_theme", "workshop_note", note_id, moved)
        for action in linked_actions:
            _unlink(session, action, theme.id, staff_user_id)
        session.delete(session.merge(theme))
        detail = {"name": theme.name, "notes_unthemed": note_ids, "actions_unlinked": [a.id for a in linked_actions]}
        audit.record(session, staff_user_id, "delete", "workshop_theme", theme.id, detail)
    return note_ids


def _unlink(session: Session, action: WorkshopAction, theme_id: int, staff_user_id: int | None) -> None:
    action = session.merge(action)
    before = list(action.theme_ids)
    action.theme_ids = [i for i in before if i != theme_id]
    detail = {"theme_ids": {"before": before, "after": action.theme_ids}}
    audit.record(session, staff_user_id, "update", "workshop_action", action.id, detail)


# --- expenses ---------------------------------------------------------------------------


def set_expense_status(expense: WorkshopExpense, status: str, staff_user_id: int | None) -> dict[str, Any]:
    if status not in dict(model.EXPENSE_STATUSES):
        raise WorkshopError([lazy("Select a status")])
    return _save(expense, {"status": status}, "workshop_expense", staff_user_id)
