"""Engagements: the workshops' engagement becomes the one record of an engagement (its rows kept),
with activities and their comments, checklists, evidence, calendar periods and the codebook;
surveys and board themes link to it

Revision ID: 0030
Revises: 0007
Create Date: 2026-12-03 09:40:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0030"
down_revision = "0007"
branch_labels = None
depends_on = None

EMPTY = sa.text("''")

ENGAGEMENT_COLUMNS = (
    ("kind", sa.String(20), sa.text("'engagement'")),
    ("status", sa.String(20), sa.text("'planning'")),
    ("decision", sa.Text(), EMPTY),
    ("decision_maker", sa.String(200), EMPTY),
    ("level", sa.String(20), EMPTY),
    ("system_level", sa.String(20), EMPTY),
    ("objectives", sa.Text(), EMPTY),
    ("already_known", sa.Text(), EMPTY),
    ("related_ids", sa.JSON(), sa.text("'[]'")),
    ("in_scope", sa.Text(), EMPTY),
    ("out_of_scope", sa.Text(), EMPTY),
    ("audiences", sa.Text(), EMPTY),
    ("stakeholders", sa.Text(), EMPTY),
    ("seldom_heard", sa.Text(), EMPTY),
    ("duty_applies", sa.String(10), EMPTY),
    ("duty_reasoning", sa.Text(), EMPTY),
    ("checklist_versions", sa.JSON(), sa.text("'{}'")),
)
ENGAGEMENT_DATES = (
    "decision_on",
    "planning_starts_on",
    "planned_opens_on",
    "planned_closes_on",
    "actual_opens_on",
    "actual_closes_on",
    "report_due_on",
)


def _staff(name: str, table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([name], ["staff_user.id"], name=op.f(f"fk_{table}_{name}_staff_user"))


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


# No batch mode ("copy and move") here: on SQLite it drops and re-creates the table, and with
# foreign keys on, dropping `engagement` deletes every workshop session (ON DELETE CASCADE), and
# dropping `survey` every response. SQLite adds and drops a column with its foreign key in place.
def _add_fk_column(table: str, column: str, target: str, ondelete: str | None, index: bool) -> None:
    name = f"fk_{table}_{column}_{target}"
    if _sqlite():
        action = f" ON DELETE {ondelete}" if ondelete else ""
        op.execute(
            f"ALTER TABLE {table} ADD COLUMN {column} INTEGER CONSTRAINT {name} REFERENCES {target} (id){action}"
        )
    else:
        op.add_column(table, sa.Column(column, sa.Integer(), nullable=True))
        op.create_foreign_key(name, table, target, [column], ["id"], ondelete=ondelete)
    if index:
        op.create_index(f"ix_{table}_{column}", table, [column])


def _drop_fk_column(table: str, column: str, target: str, index: bool) -> None:
    if index:
        op.drop_index(f"ix_{table}_{column}", table_name=table)
    if not _sqlite():
        op.drop_constraint(f"fk_{table}_{column}_{target}", table, type_="foreignkey")
    op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")


def upgrade() -> None:
    for name, kind, default in ENGAGEMENT_COLUMNS:
        op.add_column("engagement", sa.Column(name, kind, nullable=False, server_default=default))
    for name in ENGAGEMENT_DATES:
        op.add_column("engagement", sa.Column(name, sa.Date(), nullable=True))
    op.add_column("engagement", sa.Column("budget_pence", sa.Integer(), nullable=True))
    op.add_column("engagement", sa.Column("duty_signed_off_at", sa.DateTime(timezone=True), nullable=True))
    _add_fk_column("engagement", "duty_signed_off_by", "staff_user", None, index=False)

    op.create_table(
        "engagement_activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("place", sa.String(300), nullable=False),
        sa.Column("planned_starts_on", sa.Date(), nullable=True),
        sa.Column("planned_ends_on", sa.Date(), nullable=True),
        sa.Column("actual_starts_on", sa.Date(), nullable=True),
        sa.Column("actual_ends_on", sa.Date(), nullable=True),
        sa.Column("people_reached", sa.Integer(), nullable=True),
        sa.Column("who_reached", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["engagement_id"], ["engagement.id"], name=op.f("fk_engagement_activity_engagement_id_engagement"),
            ondelete="CASCADE",
        ),
        _staff("created_by", "engagement_activity"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_engagement_activity")),
    )
    op.create_index(op.f("ix_engagement_activity_engagement_id"), "engagement_activity", ["engagement_id"])

    op.create_table(
        "activity_comment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"], ["engagement_activity.id"],
            name=op.f("fk_activity_comment_activity_id_engagement_activity"), ondelete="CASCADE",
        ),
        _staff("created_by", "activity_comment"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_comment")),
    )
    op.create_index(op.f("ix_activity_comment_activity_id"), "activity_comment", ["activity_id"])

    op.create_table(
        "checklist_upload",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("checklist_key", sa.String(40), nullable=False),
        sa.Column("version", sa.String(40), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("uploaded_by", sa.Integer(), nullable=True),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        _staff("uploaded_by", "checklist_upload"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checklist_upload")),
        sa.UniqueConstraint("checklist_key", "version", name=op.f("uq_checklist_upload_checklist_key")),
    )
    op.create_table(
        "checklist_adoption",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("checklist_key", sa.String(40), nullable=False),
        sa.Column("version", sa.String(40), nullable=False),
        sa.Column("adopted_by", sa.Integer(), nullable=True),
        sa.Column("adopted_at", sa.DateTime(timezone=True), nullable=False),
        _staff("adopted_by", "checklist_adoption"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checklist_adoption")),
    )
    op.create_index(op.f("ix_checklist_adoption_checklist_key"), "checklist_adoption", ["checklist_key"])

    op.create_table(
        "evidence_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(200), nullable=False),
        sa.Column("mime_type", sa.String(100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_by", sa.Integer(), nullable=True),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["engagement_id"], ["engagement.id"], name=op.f("fk_evidence_file_engagement_id_engagement"),
            ondelete="CASCADE",
        ),
        _staff("uploaded_by", "evidence_file"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_file")),
    )
    op.create_index(op.f("ix_evidence_file_engagement_id"), "evidence_file", ["engagement_id"])

    op.create_table(
        "checklist_tick",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column("checklist_key", sa.String(40), nullable=False),
        sa.Column("item_id", sa.String(60), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("evidence_link", sa.String(500), nullable=False),
        sa.Column("evidence_file_id", sa.Integer(), nullable=True),
        sa.Column("ticked_by", sa.Integer(), nullable=True),
        sa.Column("ticked_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["engagement_id"], ["engagement.id"], name=op.f("fk_checklist_tick_engagement_id_engagement"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["evidence_file_id"], ["evidence_file.id"], name=op.f("fk_checklist_tick_evidence_file_id_evidence_file"),
            ondelete="SET NULL",
        ),
        _staff("ticked_by", "checklist_tick"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checklist_tick")),
        sa.UniqueConstraint(
            "engagement_id", "checklist_key", "item_id", name=op.f("uq_checklist_tick_engagement_id")
        ),
    )

    op.create_table(
        "calendar_period",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _staff("created_by", "calendar_period"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_period")),
    )

    op.create_table(
        "codebook_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("definition", sa.Text(), nullable=False),
        sa.Column("include_example", sa.Text(), nullable=False),
        sa.Column("exclude_example", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["engagement_id"], ["engagement.id"], name=op.f("fk_codebook_code_engagement_id_engagement"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["codebook_code.id"], name=op.f("fk_codebook_code_parent_id_codebook_code"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_codebook_code")),
        sa.UniqueConstraint("engagement_id", "name", name=op.f("uq_codebook_code_engagement_id")),
    )
    op.create_index(op.f("ix_codebook_code_engagement_id"), "codebook_code", ["engagement_id"])

    op.create_table(
        "coded_comment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column("code_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(60), nullable=False),
        sa.Column("coder_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["engagement_id"], ["engagement.id"], name=op.f("fk_coded_comment_engagement_id_engagement"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["code_id"], ["codebook_code.id"], name=op.f("fk_coded_comment_code_id_codebook_code"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["coder_id"], ["staff_user.id"], name=op.f("fk_coded_comment_coder_id_staff_user"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coded_comment")),
        sa.UniqueConstraint(
            "code_id", "source", "source_id", "question_id", "coder_id", name=op.f("uq_coded_comment_code_id")
        ),
    )
    op.create_index(op.f("ix_coded_comment_engagement_id"), "coded_comment", ["engagement_id"])
    op.create_index(op.f("ix_coded_comment_code_id"), "coded_comment", ["code_id"])

    op.create_table(
        "double_coding_sample",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column("second_coder_id", sa.Integer(), nullable=True),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("keys", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["engagement_id"], ["engagement.id"], name=op.f("fk_double_coding_sample_engagement_id_engagement"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["second_coder_id"], ["staff_user.id"], name=op.f("fk_double_coding_sample_second_coder_id_staff_user"),
            ondelete="SET NULL",
        ),
        _staff("created_by", "double_coding_sample"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_double_coding_sample")),
        sa.UniqueConstraint("engagement_id", name=op.f("uq_double_coding_sample_engagement_id")),
    )
    op.create_table(
        "coding_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(60), nullable=False),
        sa.Column("code_ids", sa.JSON(), nullable=False),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["engagement_id"], ["engagement.id"], name=op.f("fk_coding_decision_engagement_id_engagement"),
            ondelete="CASCADE",
        ),
        _staff("decided_by", "coding_decision"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coding_decision")),
        sa.UniqueConstraint(
            "engagement_id", "source", "source_id", "question_id", name=op.f("uq_coding_decision_engagement_id")
        ),
    )

    op.create_table(
        "comment_redaction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(60), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("reason", sa.String(300), nullable=False),
        sa.Column("redacted_by", sa.Integer(), nullable=True),
        sa.Column("redacted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["engagement_id"], ["engagement.id"], name=op.f("fk_comment_redaction_engagement_id_engagement"),
            ondelete="CASCADE",
        ),
        _staff("redacted_by", "comment_redaction"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comment_redaction")),
        sa.UniqueConstraint(
            "engagement_id", "source", "source_id", "question_id", name=op.f("uq_comment_redaction_engagement_id")
        ),
    )

    # No ON DELETE on these two: SQLite cannot report it for a column added in place, so the
    # schema check could not see it; the repository unlinks before it deletes instead.
    _add_fk_column("workshop_theme", "code_id", "codebook_code", None, index=True)
    _add_fk_column("survey", "engagement_id", "engagement", None, index=True)


def downgrade() -> None:
    _drop_fk_column("survey", "engagement_id", "engagement", index=True)
    _drop_fk_column("workshop_theme", "code_id", "codebook_code", index=True)
    for table in (
        "comment_redaction",
        "coding_decision",
        "double_coding_sample",
        "coded_comment",
        "codebook_code",
        "calendar_period",
        "checklist_tick",
        "evidence_file",
        "checklist_adoption",
        "checklist_upload",
        "activity_comment",
        "engagement_activity",
    ):
        op.drop_table(table)
    _drop_fk_column("engagement", "duty_signed_off_by", "staff_user", index=False)
    for name in ("budget_pence", "duty_signed_off_at", *ENGAGEMENT_DATES):
        op.drop_column("engagement", name)
    for name, _kind, _default in ENGAGEMENT_COLUMNS:
        op.drop_column("engagement", name)
