"""Reports, part two: published report versions, the insight library's search index (FTS5 on
SQLite, a GIN tsvector index on PostgreSQL), "do not quote my words" on responses and workshop
notes, the report's place and service area, and a "stop telling me" token per email address

Revision ID: 0100
Revises: 0110
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0100"
down_revision = "0110"
branch_labels = None
depends_on = None

# SQLite: an external-content FTS5 table over insight_entry, kept in step by triggers.
SQLITE_FTS = (
    "CREATE VIRTUAL TABLE insight_fts USING fts5(title, body, themes, content='insight_entry', "
    "content_rowid='id', tokenize='porter unicode61')",
    "CREATE TRIGGER insight_fts_insert AFTER INSERT ON insight_entry BEGIN "
    "INSERT INTO insight_fts(rowid, title, body, themes) VALUES (new.id, new.title, new.body, new.themes); END",
    "CREATE TRIGGER insight_fts_delete AFTER DELETE ON insight_entry BEGIN "
    "INSERT INTO insight_fts(insight_fts, rowid, title, body, themes) "
    "VALUES ('delete', old.id, old.title, old.body, old.themes); END",
    "CREATE TRIGGER insight_fts_update AFTER UPDATE ON insight_entry BEGIN "
    "INSERT INTO insight_fts(insight_fts, rowid, title, body, themes) "
    "VALUES ('delete', old.id, old.title, old.body, old.themes); "
    "INSERT INTO insight_fts(rowid, title, body, themes) VALUES (new.id, new.title, new.body, new.themes); END",
)
# PostgreSQL: the same expression `reports.insight_repository` searches with.
POSTGRES_FTS = (
    "CREATE INDEX insight_fts_gin ON insight_entry USING gin "
    "(to_tsvector('english', title || ' ' || body || ' ' || themes))",
)


def upgrade() -> None:
    op.create_table(
        "report_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("html", sa.Text(), nullable=False),
        sa.Column("docx", sa.LargeBinary(), nullable=False),
        sa.Column("sections", sa.JSON(), nullable=False),
        sa.Column("change_note", sa.Text(), nullable=False),
        sa.Column("changed_sections", sa.JSON(), nullable=False),
        sa.Column("published_by", sa.Integer(), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["engagement_id"],
            ["engagement.id"],
            name=op.f("fk_report_version_engagement_id_engagement"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["published_by"], ["staff_user.id"], name=op.f("fk_report_version_published_by_staff_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_version")),
        sa.UniqueConstraint("engagement_id", "version", name=op.f("uq_report_version_engagement_id")),
    )
    with op.batch_alter_table("report_version") as batch:
        batch.create_index(batch.f("ix_report_version_engagement_id"), ["engagement_id"], unique=False)
    op.create_table(
        "insight_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("ref", sa.String(length=80), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("themes", sa.Text(), nullable=False),
        sa.Column("place", sa.Text(), nullable=False),
        sa.Column("service_area", sa.String(length=200), nullable=False),
        sa.Column("population", sa.Text(), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=True),
        sa.Column("n", sa.Integer(), nullable=True),
        sa.Column("n_key", sa.Integer(), nullable=False),
        sa.Column("reach", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["engagement_id"],
            ["engagement.id"],
            name=op.f("fk_insight_entry_engagement_id_engagement"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_insight_entry")),
    )
    with op.batch_alter_table("insight_entry") as batch:
        batch.create_index(batch.f("ix_insight_entry_engagement_id"), ["engagement_id"], unique=False)
    op.create_table(
        "insight_state",
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column("indexed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["engagement_id"],
            ["engagement.id"],
            name=op.f("fk_insight_state_engagement_id_engagement"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("engagement_id", name=op.f("pk_insight_state")),
    )
    for statement in SQLITE_FTS if op.get_bind().dialect.name == "sqlite" else POSTGRES_FTS:
        op.execute(statement)
    with op.batch_alter_table("report_narrative") as batch:
        batch.add_column(sa.Column("place", sa.String(length=200), server_default=sa.text("''"), nullable=False))
        batch.add_column(sa.Column("service_area", sa.String(length=200), server_default=sa.text("''"), nullable=False))
        batch.add_column(sa.Column("easy_read", sa.JSON(), server_default=sa.text("'[]'"), nullable=False))
        batch.add_column(sa.Column("easy_read_published", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("easy_read_published_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("feedback_translations", sa.JSON(), server_default=sa.text("'{}'"), nullable=False))
    with op.batch_alter_table("outcome_subscription") as batch:
        batch.add_column(sa.Column("token", sa.String(length=64), nullable=True))
        batch.create_unique_constraint(batch.f("uq_outcome_subscription_token"), ["token"])
    with op.batch_alter_table("response") as batch:
        batch.add_column(sa.Column("no_quote", sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table("workshop_note") as batch:
        batch.add_column(sa.Column("no_quote", sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("workshop_note") as batch:
        batch.drop_column("no_quote")
    with op.batch_alter_table("response") as batch:
        batch.drop_column("no_quote")
    with op.batch_alter_table("outcome_subscription") as batch:
        batch.drop_constraint(batch.f("uq_outcome_subscription_token"), type_="unique")
        batch.drop_column("token")
    with op.batch_alter_table("report_narrative") as batch:
        batch.drop_column("feedback_translations")
        batch.drop_column("easy_read_published_at")
        batch.drop_column("easy_read_published")
        batch.drop_column("easy_read")
        batch.drop_column("service_area")
        batch.drop_column("place")
    if op.get_bind().dialect.name == "sqlite":
        for name in ("insight_fts_insert", "insight_fts_delete", "insight_fts_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS insight_fts")
    op.drop_table("insight_state")
    op.drop_table("insight_entry")
    op.drop_table("report_version")
