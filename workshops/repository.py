"""Database reads and writes for workshops. Returns schema objects and plain data; never
touches the request or the session. Every staff change is recorded in the audit trail."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, scoped_session

from toolkit import audit, db, engagement_records, teams
from toolkit.schema import (
    Ballot,
    Engagement,
    VoteOption,
    VoteRound,
    WorkshopAction,
    WorkshopAttendance,
    WorkshopEqualityResponse,
    WorkshopExpense,
    WorkshopNote,
    WorkshopSession,
    WorkshopTable,
    WorkshopTheme,
    WorkshopTopic,
)
from toolkit.text import lazy
from toolkit.timeutil import utcnow
from workshops import closing, equality, model, report, themes, votes
from workshops.model import ActionDraft, NoteDraft, SessionDetails, WorkshopError

# Reading engagements is shared with the other areas (toolkit/engagement_records.py).
all_engagements = engagement_records.all_engagements
get_engagement = engagement_records.get_engagement
find_engagement = engagement_records.find_engagement
sessions_of = engagement_records.sessions_of

CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/i/l: easy to type from a slide


class VoteClosedError(WorkshopError):
    """A ballot for a round that has closed."""


class AlreadyVotedError(WorkshopError):
    """A second ballot from the same device in the same round."""


# --- engagements and sessions -------------------------------------------------------


def create_engagement(
    title: str, description: str, staff_user_id: int | None, team_id: int | None = None
) -> Engagement:
    """A new engagement, in `team_id`'s team (the default team when not given)."""
    if not model.clean_text(title):
        raise WorkshopError([lazy("Enter a title for the engagement")])
    with db.transaction() as session:
        engagement = Engagement(
            title=model.clean_text(title),
            description=model.clean_text(description),
            created_by=staff_user_id,
            team_id=team_id if team_id is not None else teams.default_team_id(session),
        )
        session.add(engagement)
        session.flush()
        audit.record(session, staff_user_id, "create", "engagement", engagement.id, {"title": engagement.title})
    return engagement


def get_session(session_id: int) -> WorkshopSession | None:
    return db.session.get(WorkshopSession, session_id)


def session_by_code(code: str) -> WorkshopSession | None:
    return db.session.scalars(select(WorkshopSession).where(WorkshopSession.code == code)).first()


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def create_session(engagement: Engagement, details: SessionDetails, staff_user_id: int | None) -> WorkshopSession:
    model.require(model.session_problems(details))
    with db.transaction() as session:
        workshop = WorkshopSession(engagement_id=engagement.id, code=_new_code(), **details.columns())
        session.add(workshop)
        session.flush()
        audit.record(session, staff_user_id, "create", "workshop_session", workshop.id, {"title": workshop.title})
    return workshop


def update_session(workshop: WorkshopSession, details: SessionDetails, staff_user_id: int | None) -> None:
    model.require(model.session_problems(details))
    with db.transaction() as session:
        workshop = session.merge(workshop)
        changes = {}
        for key, value in details.columns().items():
            before = getattr(workshop, key)
            if before != value:
                changes[key] = {"before": _jsonable(before), "after": _jsonable(value)}
                setattr(workshop, key, value)
        audit.record(session, staff_user_id, "update", "workshop_session", workshop.id, changes)


def close_session(workshop: WorkshopSession, staff_user_id: int | None) -> None:
    """Participants' pages stop taking answers (staff, by hand)."""
    with db.transaction() as session:
        workshop = session.merge(workshop)
        if workshop.closed_at is None:
            workshop.closed_at = utcnow()
            detail = {"reason": "closed by staff"}
            audit.record(session, staff_user_id, "close", "workshop_session", workshop.id, detail)


def reopen_session(workshop: WorkshopSession, staff_user_id: int | None) -> None:
    """Participants' pages take answers again, until a day from now (`workshops.closing`). If the
    closed session's equality tables were shown, the last answer they showed is kept: later
    answers join them only once there are enough (`workshops.equality.counted`)."""
    with db.transaction() as session:
        workshop = session.merge(workshop)
        if closing.is_closed(workshop, utcnow()):
            shown = equality.shown_through(_counted_answers(session, workshop))
            workshop.equality_shown_through = shown if shown is not None else workshop.equality_shown_through
        workshop.closed_at, workshop.reopened_at = None, utcnow()
        detail = {"equality_shown_through": workshop.equality_shown_through}
        audit.record(session, staff_user_id, "reopen", "workshop_session", workshop.id, detail)


def close_ended_sessions(now: datetime) -> list[int]:
    """Mark closed every session a day past its end (or its reopening): the hourly check.
    Returns the ids closed, each audited with no staff member."""
    ended = func.coalesce(WorkshopSession.ends_at, WorkshopSession.starts_at)
    candidates = select(WorkshopSession).where(
        WorkshopSession.closed_at.is_(None), ended.is_not(None), ended <= now - closing.CLOSES_AFTER
    )
    closed = []
    with db.transaction() as session:
        for workshop in session.scalars(candidates):
            if closing.is_closed(workshop, now):
                workshop.closed_at = now
                detail = {"reason": "a day after the session ended"}
                audit.record(session, None, "close", "workshop_session", workshop.id, detail)
                closed.append(workshop.id)
    return closed


# --- discussion guide and tables ----------------------------------------------------


def topics(session_id: int) -> list[WorkshopTopic]:
    query = select(WorkshopTopic).where(WorkshopTopic.session_id == session_id).order_by(WorkshopTopic.position)
    return list(db.session.scalars(query))


def add_topic(session_id: int, title: str, questions: str, minutes: int, staff_user_id: int | None) -> WorkshopTopic:
    if not model.clean_text(title):
        raise WorkshopError([lazy("Enter the topic")])
    with db.transaction() as session:
        position = session.scalar(
            select(func.coalesce(func.max(WorkshopTopic.position), 0)).where(WorkshopTopic.session_id == session_id)
        )
        topic = WorkshopTopic(
            session_id=session_id,
            position=int(position or 0) + 1,
            title=model.clean_text(title),
            questions=model.clean_text(questions),
            minutes=minutes,
        )
        session.add(topic)
        session.flush()
        audit.record(session, staff_user_id, "add_topic", "workshop_session", session_id, {"topic": topic.title})
    return topic


def copy_guide(from_session_id: int, to_session_id: int, staff_user_id: int | None) -> int:
    """Reuse another session's discussion guide: its topics are added after this session's."""
    copied = 0
    for topic in topics(from_session_id):
        add_topic(to_session_id, topic.title, topic.questions, topic.minutes, staff_user_id)
        copied += 1
    return copied


def tables(session_id: int) -> list[WorkshopTable]:
    query = select(WorkshopTable).where(WorkshopTable.session_id == session_id).order_by(WorkshopTable.id)
    return list(db.session.scalars(query))


def add_table(session_id: int, name: str, staff_user_id: int | None) -> WorkshopTable:
    if not model.clean_text(name):
        raise WorkshopError([lazy("Enter a name for the table")])
    with db.transaction() as session:
        table = WorkshopTable(session_id=session_id, name=model.clean_text(name))
        session.add(table)
        session.flush()
        audit.record(session, staff_user_id, "add_table", "workshop_session", session_id, {"table": table.name})
    return table


# --- notes ----------------------------------------------------------------------------


def note_by_key(key: str) -> WorkshopNote | None:
    return db.session.scalars(select(WorkshopNote).where(WorkshopNote.idempotency_key == key)).first()


def add_note(session_id: int, draft: NoteDraft, staff_user_id: int | None) -> tuple[WorkshopNote, bool]:
    """Store a note once per idempotency key: (the note, whether it is new). A key already
    used returns the stored note, even when two copies race each other."""
    model.require(model.note_problems(draft))
    existing = note_by_key(draft.idempotency_key)
    if existing is not None:
        return existing, False
    text = model.clean_text(draft.text)
    note = WorkshopNote(
        session_id=session_id,
        table_id=_owned(WorkshopTable, draft.table_id, session_id),
        topic_id=_owned(WorkshopTopic, draft.topic_id, session_id),
        text=text,
        original_text=text,
        author_kind=draft.author_kind,
        idempotency_key=draft.idempotency_key,
        created_by=staff_user_id,
        no_quote=draft.no_quote,
    )
    try:
        with db.transaction() as session:
            session.add(note)
    except IntegrityError:
        existing = note_by_key(draft.idempotency_key)
        if existing is None:
            # Not a repeat: the table or topic was deleted between the check above and the insert.
            raise WorkshopError([lazy("Choose a table and topic from this session")]) from None
        return existing, False
    return note, True


def in_session(kind: Any, session_id: int, object_id: int) -> Any:
    """The session's note/topic/table/theme/round/action/expense with that id; None for one of
    another session's (so a forged id finds nothing) or none at all."""
    found = db.session.get(kind, object_id)
    return found if found is not None and found.session_id == session_id else None


def _owned(kind: Any, object_id: int | None, session_id: int) -> int | None:
    """The id if that table/topic belongs to the session (None stays None); WorkshopError otherwise."""
    if object_id is not None and in_session(kind, session_id, object_id) is None:
        raise WorkshopError([lazy("Choose a table and topic from this session")])
    return object_id


def notes(session_id: int, after_id: int = 0) -> list[WorkshopNote]:
    query = (
        select(WorkshopNote)
        .where(WorkshopNote.session_id == session_id, WorkshopNote.id > after_id)
        .order_by(WorkshopNote.created_at, WorkshopNote.id)
    )
    return list(db.session.scalars(query))


def get_note(session_id: int, note_id: int) -> WorkshopNote | None:
    return in_session(WorkshopNote, session_id, note_id)  # type: ignore[no-any-return]


def edit_note(note: WorkshopNote, text: str, staff_user_id: int | None) -> None:
    """Change a note's wording; the original stays in `original_text` and the change is audited."""
    model.require(model.note_problems(NoteDraft(text, note.idempotency_key, note.author_kind)))
    with db.transaction() as session:
        note = session.merge(note)
        before = note.text
        note.text = model.clean_text(text)
        note.edited_at = utcnow()
        audit.record(
            session, staff_user_id, "edit_text", "workshop_note", note.id, {"before": before, "after": note.text}
        )


def assign_theme(note: WorkshopNote, theme_id: int | None, staff_user_id: int | None) -> None:
    if theme_id is not None and get_theme(note.session_id, theme_id) is None:
        raise WorkshopError([lazy("Choose a theme from this session")])
    with db.transaction() as session:
        note = session.merge(note)
        detail = {"before": note.theme_id, "after": theme_id}
        note.theme_id = theme_id
        audit.record(session, staff_user_id, "assign_theme", "workshop_note", note.id, detail)


# --- themes ---------------------------------------------------------------------------


def themes_of(session_id: int) -> list[WorkshopTheme]:
    query = select(WorkshopTheme).where(WorkshopTheme.session_id == session_id).order_by(WorkshopTheme.id)
    return list(db.session.scalars(query))


def get_theme(session_id: int, theme_id: int) -> WorkshopTheme | None:
    return in_session(WorkshopTheme, session_id, theme_id)  # type: ignore[no-any-return]


def add_theme(session_id: int, name: str, staff_user_id: int | None) -> WorkshopTheme:
    if not model.clean_text(name):
        raise WorkshopError([lazy("Enter a name for the theme")])
    with db.transaction() as session:
        theme = WorkshopTheme(session_id=session_id, name=model.clean_text(name)[:120])
        session.add(theme)
        session.flush()
        audit.record(session, staff_user_id, "add_theme", "workshop_session", session_id, {"theme": theme.name})
    return theme


def theme_suggestions(session_id: int) -> list[themes.Suggestion]:
    """Suggestions for the notes not yet in a theme. Nothing is applied here."""
    all_notes = notes(session_id)
    theme_texts = [
        themes.ThemeText(t.id, t.name, tuple(n.text for n in all_notes if n.theme_id == t.id))
        for t in themes_of(session_id)
    ]
    ungrouped = [(n.id, n.text) for n in all_notes if n.theme_id is None]
    return themes.suggest(ungrouped, theme_texts)


def board_groups(session_id: int) -> list[themes.BoardGroup]:
    """The notes by theme as the board shows them, the notes not in a theme first."""
    return themes.group_notes(notes(session_id), [(t.id, t.name) for t in themes_of(session_id)])


# --- voting ---------------------------------------------------------------------------


def device_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def rounds(session_id: int) -> list[VoteRound]:
    query = select(VoteRound).where(VoteRound.session_id == session_id).order_by(VoteRound.id)
    return list(db.session.scalars(query))


def get_round(session_id: int, round_id: int) -> VoteRound | None:
    return in_session(VoteRound, session_id, round_id)  # type: ignore[no-any-return]


def current_round(session_id: int) -> VoteRound | None:
    """The newest round, open or closed: what participants are shown."""
    query = select(VoteRound).where(VoteRound.session_id == session_id).order_by(VoteRound.id.desc())
    return db.session.scalars(query).first()


def open_round(
    session_id: int,
    title: str,
    dots: int,
    theme_ids: Sequence[int],
    note_ids: Sequence[int],
    staff_user_id: int | None,
) -> VoteRound:
    """Start a round with the chosen themes and notes as the priorities to vote for."""
    candidates: list[tuple[str, int | None, int | None]]
    candidates = [(t.name, t.id, None) for t in themes_of(session_id) if t.id in set(theme_ids)]
    candidates += [(n.text, None, n.id) for n in notes(session_id) if n.id in set(note_ids)]
    if len(candidates) < 2:
        raise WorkshopError([lazy("Choose at least 2 themes or notes to vote on")])
    if not 1 <= dots <= model.MAX_DOTS:
        raise WorkshopError([lazy("Each person can have between 1 and %(max)d dots", max=model.MAX_DOTS)])
    with db.transaction() as session:
        vote_round = VoteRound(session_id=session_id, title=model.clean_text(title)[:200], dots=dots, status="open")
        session.add(vote_round)
        session.flush()
        for position, (label, theme_id, note_id) in enumerate(candidates, start=1):
            session.add(
                VoteOption(round_id=vote_round.id, position=position, label=label, theme_id=theme_id, note_id=note_id)
            )
        audit.record(session, staff_user_id, "open_round", "workshop_session", session_id, {"round": vote_round.id})
    return vote_round


def close_round(vote_round: VoteRound, staff_user_id: int | None) -> None:
    with db.transaction() as session:
        vote_round = session.merge(vote_round)
        vote_round.status = "closed"
        vote_round.closed_at = utcnow()
        audit.record(
            session, staff_user_id, "close_round", "workshop_session", vote_round.session_id, {"round": vote_round.id}
        )


def options(round_id: int) -> list[VoteOption]:
    query = select(VoteOption).where(VoteOption.round_id == round_id).order_by(VoteOption.position)
    return list(db.session.scalars(query))


def has_voted(round_id: int, device_token: str) -> bool:
    query = select(Ballot.id).where(Ballot.round_id == round_id, Ballot.device_hash == device_hash(device_token))
    return db.session.scalar(query) is not None


def cast_ballot(vote_round: VoteRound, device_token: str, choices: Mapping[int, int]) -> Ballot:
    """One ballot per device per round: the database's unique constraint is the guarantee."""
    if vote_round.status != "open":
        raise VoteClosedError([lazy("Voting in this round has closed")])
    candidate_ids = [o.id for o in options(vote_round.id)]
    model.require(votes.ballot_problems(choices, candidate_ids, vote_round.dots))
    ballot = Ballot(
        round_id=vote_round.id,
        device_hash=device_hash(device_token),
        choices={str(k): int(v) for k, v in choices.items() if v > 0},
    )
    try:
        with db.transaction() as session:
            session.add(ballot)
    except IntegrityError as error:
        raise AlreadyVotedError([lazy("You have already voted in this round")]) from error
    return ballot


def add_paper_votes(vote_round: VoteRound, counts: Mapping[int, int], staff_user_id: int | None) -> Ballot:
    """Dots a facilitator counted from paper for people without phones, open or closed round:
    stored as a ballot marked `paper` (a random device hash, so it never blocks anyone), audited."""
    model.require(votes.paper_problems(counts, [o.id for o in options(vote_round.id)]))
    choices = {str(k): int(v) for k, v in counts.items() if v > 0}
    token = secrets.token_urlsafe(24)
    ballot = Ballot(round_id=vote_round.id, device_hash=device_hash(token), choices=choices, paper=True)
    with db.transaction() as session:
        session.add(ballot)
        session.flush()
        detail = {"round": vote_round.id, "ballot": ballot.id, "dots": choices}
        audit.record(session, staff_user_id, "paper_votes", "workshop_session", vote_round.session_id, detail)
    return ballot


def results(vote_round: VoteRound) -> list[votes.Result]:
    candidates = [votes.Candidate(o.id, o.label) for o in options(vote_round.id)]
    rows = db.session.execute(select(Ballot.choices, Ballot.paper).where(Ballot.round_id == vote_round.id)).all()
    phones = [row.choices for row in rows if not row.paper]
    return votes.tally(candidates, phones, paper=[row.choices for row in rows if row.paper])


def ballot_count(round_id: int) -> int:
    """Ballots sent from phones and tablets (paper entries are many people's sheets, not counted here)."""
    query = select(func.count(Ballot.id)).where(Ballot.round_id == round_id, Ballot.paper.is_(False))
    return int(db.session.scalar(query) or 0)


# --- actions --------------------------------------------------------------------------


def actions(session_id: int) -> list[WorkshopAction]:
    query = select(WorkshopAction).where(WorkshopAction.session_id == session_id).order_by(WorkshopAction.id)
    return list(db.session.scalars(query))


def get_action(session_id: int, action_id: int) -> WorkshopAction | None:
    return in_session(WorkshopAction, session_id, action_id)  # type: ignore[no-any-return]


def save_action(
    session_id: int, draft: ActionDraft, staff_user_id: int | None, action: WorkshopAction | None = None
) -> WorkshopAction:
    """Create an action, or change one; links only to this session's themes and notes."""
    model.require(model.action_problems(draft))
    theme_ids = {t.id for t in themes_of(session_id)}
    note_ids = {n.id for n in notes(session_id)}
    if not set(draft.theme_ids) <= theme_ids or not set(draft.note_ids) <= note_ids:
        raise WorkshopError([lazy("Link only to themes and notes from this session")])
    if draft.round_id is not None and get_round(session_id, draft.round_id) is None:
        raise WorkshopError([lazy("Choose a vote round from this session")])
    values = {
        "what": model.clean_text(draft.what),
        "owner": model.clean_text(draft.owner)[:200],
        "due_on": draft.due_on,
        "status": draft.status,
        "reason": model.clean_text(draft.reason) if draft.status == "not_possible" else "",
        "agreed_by_group": draft.agreed_by_group,
        "theme_ids": sorted(draft.theme_ids),
        "note_ids": sorted(draft.note_ids),
        "vote_round_id": draft.round_id,
    }
    with db.transaction() as session:
        if action is None:
            action = WorkshopAction(session_id=session_id, **values)
            session.add(action)
            session.flush()
            audit.record(session, staff_user_id, "create", "workshop_action", action.id, _jsonable(values))
            return action
        action = session.merge(action)
        before = {key: _jsonable(getattr(action, key)) for key in values}
        for key, value in values.items():
            setattr(action, key, value)
        audit.record(
            session,
            staff_user_id,
            "update",
            "workshop_action",
            action.id,
            {"before": before, "after": _jsonable(values)},
        )
    return action


# --- attendance and expenses ----------------------------------------------------------


def attendance(session_id: int) -> dict[str, int]:
    """Counts by role, every role present (0 when not recorded)."""
    counts = {role: 0 for role, _label in model.ATTENDANCE_ROLES}
    rows = db.session.scalars(select(WorkshopAttendance).where(WorkshopAttendance.session_id == session_id))
    counts.update({row.role: row.count for row in rows})
    return counts


def set_attendance(session_id: int, counts: Mapping[str, int], staff_user_id: int | None) -> None:
    roles = dict(model.ATTENDANCE_ROLES)
    if any(role not in roles or count < 0 for role, count in counts.items()):
        raise WorkshopError([lazy("Enter a number of people, 0 or more, for each role")])
    with db.transaction() as session:
        existing = {
            row.role: row
            for row in session.scalars(select(WorkshopAttendance).where(WorkshopAttendance.session_id == session_id))
        }
        for role, count in counts.items():
            if role in existing:
                existing[role].count = count
            else:
                session.add(WorkshopAttendance(session_id=session_id, role=role, count=count))
        audit.record(session, staff_user_id, "set_attendance", "workshop_session", session_id, dict(counts))


def expenses(session_id: int) -> list[WorkshopExpense]:
    query = select(WorkshopExpense).where(WorkshopExpense.session_id == session_id).order_by(WorkshopExpense.id)
    return list(db.session.scalars(query))


def add_expense(
    session_id: int, description: str, amount_pence: int, status: str, staff_user_id: int | None
) -> WorkshopExpense:
    if not model.clean_text(description) or amount_pence <= 0 or status not in dict(model.EXPENSE_STATUSES):
        raise WorkshopError([lazy("Enter what the payment is for, an amount more than £0 and a status")])
    with db.transaction() as session:
        expense = WorkshopExpense(
            session_id=session_id,
            description=model.clean_text(description)[:200],
            amount_pence=amount_pence,
            status=status,
        )
        session.add(expense)
        session.flush()
        audit.record(session, staff_user_id, "create", "workshop_expense", expense.id, {"amount_pence": amount_pence})
    return expense


# --- the record -------------------------------------------------------------------------


def session_record(workshop: WorkshopSession) -> report.WorkshopRecord:
    """Everything the record page, the report and the exports show, as plain data."""
    engagement = get_engagement(workshop.engagement_id)
    table_names = {t.id: t.name for t in tables(workshop.id)}
    session_topics = topics(workshop.id)
    topic_names = {t.id: t.title for t in session_topics}
    theme_list = themes_of(workshop.id)
    theme_names = {t.id: t.name for t in theme_list}
    note_rows = [
        report.NoteRow(
            n.id,
            n.text,
            n.original_text,
            n.author_kind,
            table_names.get(n.table_id or 0, ""),
            topic_names.get(n.topic_id or 0, ""),
            theme_names.get(n.theme_id or 0, ""),
            n.created_at,
        )
        for n in notes(workshop.id)
    ]
    note_texts = {n.id: n.text for n in note_rows}
    session_rounds = rounds(workshop.id)
    round_titles = {r.id: r.title for r in session_rounds}
    return report.WorkshopRecord(
        engagement=engagement.title if engagement else "",
        title=workshop.title,
        starts_at=workshop.starts_at,
        venue=workshop.venue or workshop.online_link,
        attendance=tuple(attendance(workshop.id).items()),
        topics=tuple((t.title, t.minutes) for t in session_topics),
        groups=report.group_by_theme(note_rows, [t.name for t in theme_list]),
        rounds=tuple(
            report.RoundResult(r.id, r.title, r.status, r.dots, ballot_count(r.id), tuple(results(r)))
            for r in session_rounds
        ),
        actions=tuple(
            report.ActionRow(
                a.id,
                a.what,
                a.owner,
                a.due_on,
                a.status,
                a.reason,
                a.agreed_by_group,
                tuple(theme_names[i] for i in a.theme_ids if i in theme_names),
                tuple(note_texts[i] for i in a.note_ids if i in note_texts),
                round_titles.get(a.vote_round_id or 0, ""),
            )
            for a in actions(workshop.id)
        ),
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


# --- anonymous equality answers ---------------------------------------------------------


def add_equality_answers(session_id: int, answers: Mapping[str, str]) -> None:
    """Store one participant's answers on their own: no device, no time. Nothing answered,
    nothing stored."""
    if not answers:
        return
    with db.transaction() as session:
        session.add(WorkshopEqualityResponse(session_id=session_id, answers=dict(answers)))


def _counted_answers(session: Session | scoped_session[Session], workshop: WorkshopSession) -> list[equality.Answer]:
    columns = (WorkshopEqualityResponse.id, WorkshopEqualityResponse.answers, WorkshopEqualityResponse.record_key)
    query = select(*columns).where(WorkshopEqualityResponse.session_id == workshop.id)
    found = [(row.id, dict(row.answers), row.record_key) for row in session.execute(query.order_by(columns[0]))]
    return equality.counted(found, workshop.equality_shown_through)


def equality_answer_sets(session_id: int) -> list[tuple[Mapping[str, Any], int]]:
    """The session's equality answers its tables count, (answers, record key) each: for counting
    only. After a reopening, late answers only once there are enough (`equality.counted`)."""
    workshop = db.session.get(WorkshopSession, session_id)
    if workshop is None:
        return []
    return [(answers, key) for _id, answers, key in _counted_answers(db.session, workshop)]


def equality_summary(session_id: int) -> equality.EqualitySummary:
    """The session's equality answers, counted, after disclosure control: the tables only once
    the session has closed (`equality.summarise`)."""
    workshop = db.session.get(WorkshopSession, session_id)
    if workshop is None:
        return equality.summarise([])
    answers = [(given, key) for _id, given, key in _counted_answers(db.session, workshop)]
    return equality.summarise(answers, still_open=not closing.is_closed(workshop, utcnow()))
