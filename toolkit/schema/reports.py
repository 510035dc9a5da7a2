"""Reports (issue 14): the narrative staff write for an engagement's report, the commitments of
its "You said, we did" with their dated updates, and each published version of that page."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from toolkit.db import Base
from toolkit.timeutil import utcnow


class ReportNarrative(Base):
    """What staff write for the report (plain text with headings and lists) and the quotes they chose."""

    __tablename__ = "report_narrative"

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(ForeignKey("engagement.id", ondelete="CASCADE"), unique=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    recommendations: Mapped[str] = mapped_column(Text, default="")
    next_steps: Mapped[str] = mapped_column(Text, default="")
    # the guidance's evaluation questions answered at the close: {question key: answer}
    evaluation: Mapped[dict[str, str]] = mapped_column(JSON, default=dict, server_default=text("'{}'"))
    # comment keys ("response-12-why", "note-3"...) of the quotes staff chose, in order
    quote_keys: Mapped[list[str]] = mapped_column(JSON, default=list, server_default=text("'[]'"))
    # where and for which service: filters in the insight library
    place: Mapped[str] = mapped_column(String(200), default="", server_default=text("''"))
    service_area: Mapped[str] = mapped_column(String(200), default="", server_default=text("''"))
    # the easy-read summary: [{"text": ..., "picture": ...}], as drafted and as last published
    easy_read: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list, server_default=text("'[]'"))
    easy_read_published: Mapped[list[dict[str, str]] | None] = mapped_column(JSON, nullable=True)
    easy_read_published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # "You said, we did" in other languages: {language: {string key: translation}}, keys from
    # reports.model.feedback_strings (a hash of the English, so a translation outlives versions)
    feedback_translations: Mapped[dict[str, dict[str, str]]] = mapped_column(
        JSON, default=dict, server_default=text("'{}'")
    )
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Commitment(Base):
    """What was done or decided in answer to what people said, with its owner and status."""

    __tablename__ = "commitment"

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(ForeignKey("engagement.id", ondelete="CASCADE"), index=True)
    what: Mapped[str] = mapped_column(Text)
    why: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(String(200))
    decided_by: Mapped[str] = mapped_column(String(200), default="")
    decided_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    # agreed / in_progress / done / not_possible (with the reason)
    status: Mapped[str] = mapped_column(String(20), default="agreed")
    reason: Mapped[str] = mapped_column(Text, default="")
    # codebook theme ids it answers
    theme_ids: Mapped[list[int]] = mapped_column(JSON, default=list, server_default=text("'[]'"))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CommitmentUpdate(Base):
    """A dated line of progress on a commitment."""

    __tablename__ = "commitment_update"

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitment.id", ondelete="CASCADE"), index=True)
    happened_on: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class FeedbackPublication(Base):
    """One published version of an engagement's "You said, we did": a snapshot, never changed."""

    __tablename__ = "feedback_publication"
    __table_args__ = (UniqueConstraint("engagement_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(ForeignKey("engagement.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    change_note: Mapped[str] = mapped_column(Text, default="")
    published_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class OutcomeSubscription(Base):
    """An email address a participant left to hear the outcome: stored apart from any answers, used
    only for this, and deleted when the engagement's loop is closed or on request."""

    __tablename__ = "outcome_subscription"
    __table_args__ = (UniqueConstraint("engagement_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(ForeignKey("engagement.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(320))
    # the secret in the "stop telling me" link of every message
    token: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ReportVersion(Base):
    """One published version of the engagement report: the document as published (HTML and DOCX),
    never changed, with what changed since the version before."""

    __tablename__ = "report_version"
    __table_args__ = (UniqueConstraint("engagement_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(ForeignKey("engagement.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    html: Mapped[str] = mapped_column(Text)
    docx: Mapped[bytes] = mapped_column(LargeBinary)
    # {section number: fingerprint of its content}, to say which sections changed next time
    sections: Mapped[dict[str, str]] = mapped_column(JSON)
    change_note: Mapped[str] = mapped_column(Text, default="")
    changed_sections: Mapped[list[str]] = mapped_column(JSON, default=list)
    published_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class InsightEntry(Base):
    """One searchable finding of the insight library: a report, a theme, a coded comment, a quote or
    a commitment of an engagement. Rebuilt per engagement from its data (`reports.insight`);
    full text through the engine's own search (an FTS5 table on SQLite, a GIN tsvector index on
    PostgreSQL: both made by the migration)."""

    __tablename__ = "insight_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(ForeignKey("engagement.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # report / theme / comment / quote / commitment
    ref: Mapped[str] = mapped_column(String(80), default="")  # a code id, a comment key...
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    themes: Mapped[str] = mapped_column(Text, default="")  # theme names, one a line
    place: Mapped[str] = mapped_column(Text, default="")
    service_area: Mapped[str] = mapped_column(String(200), default="")
    population: Mapped[str] = mapped_column(Text, default="")  # groups planned for or reached
    on_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    n: Mapped[int | None] = mapped_column(Integer, nullable=True)
    n_key: Mapped[int] = mapped_column(Integer, default=0)  # a cell key for disclosure control
    # {"participants": n, "key": k, "groups": planned, "reached": reached}
    reach: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)


class InsightState(Base):
    """An engagement whose insight entries are up to date. A write to its record deletes this row
    (a session hook in `reports.insight_repository`); the next search rebuilds its entries."""

    __tablename__ = "insight_state"

    engagement_id: Mapped[int] = mapped_column(ForeignKey("engagement.id", ondelete="CASCADE"), primary_key=True)
    indexed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
