"""Workshop retention: notes, ideas and equality answers are deleted WORKSHOP_RETENTION_DAYS after
the session by the same daily purge as survey responses; the privacy page states the period."""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import func, select

from surveys.schedule import tasks
from tests.helpers import check_page
from toolkit import db
from toolkit.schema import AuditEvent, VoteOption, VoteRound, WorkshopEqualityResponse, WorkshopNote, WorkshopTheme
from toolkit.timeutil import utcnow
from workshops import repository
from workshops.model import NoteDraft, SessionDetails
from workshops.retention import REMOVED_LABEL


def _count(kind, session_id: int) -> int:  # type: ignore[no-untyped-def]
    query = select(func.count()).select_from(kind).where(kind.session_id == session_id)
    return int(db.session.scalar(query) or 0)


def _workshop(title: str, age: timedelta) -> int:
    engagement = repository.create_engagement(f"Engagement {title}", "", None)
    details = SessionDetails(title, starts_at=utcnow() - age, venue="Town hall")
    workshop = repository.create_session(engagement, details, None)
    idea = NoteDraft("An idea only I had", secrets.token_hex(8), "participant")
    note, _ = repository.add_note(workshop.id, idea, None)
    repository.add_theme(workshop.id, "Transport", None)
    with db.transaction() as session:
        session.add(WorkshopEqualityResponse(session_id=workshop.id, answers={"eq_age": "25_to_34"}))
        vote = VoteRound(session_id=workshop.id, title="Priorities")
        session.add(vote)
        session.flush()
        session.add(VoteOption(round_id=vote.id, position=1, label=note.text, note_id=note.id))
    return workshop.id


def test_the_daily_purge_deletes_old_workshop_notes_ideas_and_equality_answers(app) -> None:
    old = _workshop("Old", timedelta(days=app.config["WORKSHOP_RETENTION_DAYS"] + 1))
    recent = _workshop("Recent", timedelta(days=3))
    done = tasks.purge_everything()  # what the scheduled job and `flask purge` run
    assert any("1 workshop notes" in line or "2 workshop notes" in line for line in done), done
    assert _count(WorkshopNote, old) == 0 and _count(WorkshopEqualityResponse, old) == 0
    assert _count(WorkshopNote, recent) == 1 and _count(WorkshopEqualityResponse, recent) == 1
    assert _count(WorkshopTheme, old) == 1  # staff wording is kept
    labels = set(db.session.scalars(select(VoteOption.label)))
    assert labels == {REMOVED_LABEL, "An idea only I had"}  # the recent session's option keeps its words
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "purge_workshop")).one()
    assert event.object_id == old


def test_the_privacy_page_states_the_workshop_period(app, client) -> None:
    text = check_page(client.get("/privacy")).get_text(" ", strip=True)
    days = app.config["WORKSHOP_RETENTION_DAYS"]
    assert f"any equality questions you answer there are deleted {days} days after the workshop" in text
