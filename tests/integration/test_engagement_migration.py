"""The workshops' engagements become engagement records by migration: every session, note and
action stays attached, and the new fields start empty."""

from __future__ import annotations

from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text

from toolkit import migrate

REVISION = "0030"


def _before() -> str:
    script = ScriptDirectory.from_config(migrate.alembic_config("sqlite://"))
    down = script.get_revision(REVISION).down_revision
    assert isinstance(down, str)
    return down


def _fill(connection) -> None:  # type: ignore[no-untyped-def]
    connection.execute(
        text(
            "INSERT INTO engagement (id, title, description, created_at) "
            "VALUES (41, 'Withnell procurement', 'Two sessions', '2026-11-01 10:00:00+00')"
        )
    )
    connection.execute(
        text(
            "INSERT INTO workshop_session (id, engagement_id, code, title, venue, online_link, step_free, hearing_loop,"
            " accessible_toilets, near_public_transport, quiet_room, interpreter_needs, facilitators, created_at) "
            "VALUES (7, 41, 'abcdefgh', 'Session 1', 'Village hall', '', false, false, false, false, false, '', '',"
            " '2026-11-01 10:00:00+00')"
        )
    )
    connection.execute(
        text(
            "INSERT INTO workshop_note (id, session_id, text, original_text, author_kind, idempotency_key, created_at)"
            " VALUES (5, 7, 'Phone lines at 8am', 'Phone lines at 8am', 'participant', 'key-00000001',"
            " '2026-11-01 10:00:00+00')"
        )
    )
    connection.execute(
        text(
            "INSERT INTO workshop_action (id, session_id, what, owner, status, reason, agreed_by_group, theme_ids,"
            " note_ids, created_at, updated_at) VALUES (3, 7, 'Two patients on the panel', 'ICB', 'agreed', '', true,"
            " '[]', '[5]', '2026-11-01 10:00:00+00', '2026-11-01 10:00:00+00')"
        )
    )


def test_migrating_workshop_engagements_keeps_every_session_note_and_action(database_url: str) -> None:
    migrate.downgrade(database_url, _before())
    engine = create_engine(database_url)
    try:
        with engine.begin() as connection:
            _fill(connection)
        migrate.upgrade(database_url, REVISION)
        with engine.connect() as connection:
            row = connection.execute(
                text("SELECT title, description, kind, status, level, related_ids, checklist_versions FROM engagement")
            ).one()
            joined = connection.execute(
                text(
                    "SELECT e.id, s.title, n.text, a.what FROM engagement e"
                    " JOIN workshop_session s ON s.engagement_id = e.id"
                    " JOIN workshop_note n ON n.session_id = s.id"
                    " JOIN workshop_action a ON a.session_id = s.id"
                )
            ).all()
    finally:
        with engine.begin() as connection:
            for table in ("workshop_action", "workshop_note", "workshop_session", "engagement"):
                connection.execute(text(f"DELETE FROM {table}"))
        engine.dispose()
        migrate.upgrade(database_url, "head")
    assert tuple(row[:5]) == ("Withnell procurement", "Two sessions", "engagement", "planning", "")
    assert row[5] in ([], "[]") and row[6] in ({}, "{}")
    assert joined == [(41, "Session 1", "Phone lines at 8am", "Two patients on the panel")]
