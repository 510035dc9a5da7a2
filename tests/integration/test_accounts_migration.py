"""Migration 0040 puts existing work and people into a default team, so nobody loses sight of
anything on upgrade; and it runs down and up again on data."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import create_engine, text

from toolkit import migrate


def test_existing_surveys_engagements_and_staff_go_into_the_default_team(database_url: str) -> None:
    engine = create_engine(database_url)
    now = datetime.now(UTC)
    try:
        migrate.downgrade(database_url, "0007")
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO staff_user (email, name, password_hash, role, active, created_at) "
                    "VALUES ('old@example.org', 'Old', 'x', 'lead', :yes, :now)"
                ),
                {"yes": True, "now": now},
            )
            connection.execute(
                text(
                    "INSERT INTO survey (slug, title, kind, status, draft_definition, created_at, updated_at) "
                    "VALUES ('old', 'Old survey', 'survey', 'draft', '{}', :now, :now)"
                ),
                {"now": now},
            )
            connection.execute(
                text("INSERT INTO engagement (title, description, created_at) VALUES ('Old', '', :now)"),
                {"now": now},
            )
        migrate.upgrade(database_url, "head")
        with engine.connect() as connection:
            team = connection.execute(text("SELECT id FROM team WHERE name = 'Default team'")).scalar_one()
            assert connection.execute(text("SELECT team_id FROM survey")).scalar_one() == team
            assert connection.execute(text("SELECT team_id FROM engagement")).scalar_one() == team
            assert connection.execute(text("SELECT team_id FROM team_member")).scalar_one() == team
            settings = connection.execute(text("SELECT require_two_factor_for_all FROM sign_in_settings")).scalar_one()
            assert not settings
    finally:
        with engine.begin() as connection:
            for table in ("team_member", "survey", "engagement", "staff_user", "team", "sign_in_settings"):
                connection.execute(text(f"DELETE FROM {table}"))
        migrate.upgrade(database_url, "head")
        engine.dispose()
