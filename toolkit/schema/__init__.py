"""The schema: every table the toolkit stores. Alembic migrations in
toolkit/migrations are the only place it changes; tests check the two agree."""

from toolkit.db import Base
from toolkit.schema.audit import AuditEvent
from toolkit.schema.staff import StaffUser
from toolkit.schema.surveys import AnswerDraft, Channel, Response, Survey, SurveyVersion

metadata = Base.metadata

__all__ = [
    "AnswerDraft",
    "AuditEvent",
    "Channel",
    "Response",
    "StaffUser",
    "Survey",
    "SurveyVersion",
    "metadata",
]
