"""Retention: what the privacy page promises, done. Responses are deleted once they are older than
their survey's retention period (its own `retention_days`, else RESPONSE_RETENTION_DAYS), with
their equality answers and the paper keyings of the same copy; unsent drafts are deleted
DRAFT_RETENTION_HOURS after they were last saved. Deleting (not anonymising) is the choice: an
answer's free text can identify someone, so nothing of it is kept.

`purge_expired(session, now, ...)` is the one function a scheduler calls (`flask purge` runs it
today; the background-job queue will run it daily). It works in the caller's transaction, records
each survey's purge in the audit trail and logs what it did."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from surveys.equality import tally_repository as equality_tally
from toolkit import audit
from toolkit import retention as toolkit_retention
from toolkit.schema import AnswerDraft, PaperEntry, PaperSettlement, Response, Survey

log = logging.getLogger(__name__)

MAX_RETENTION_DAYS = 365 * 10  # a survey may keep answers this long at most


@dataclass(frozen=True)
class PurgeReport:
    drafts: int = 0
    responses: Mapping[int, int] = field(default_factory=dict)  # survey id -> responses deleted

    @property
    def total_responses(self) -> int:
        return sum(self.responses.values())

    def __str__(self) -> str:
        return (
            f"Deleted {self.total_responses} responses past their survey's retention period "
            f"(from {len(self.responses)} surveys) and {self.drafts} unsent drafts."
        )


def retention_days(survey: Survey | Any, default_days: int) -> int:
    return int(survey.retention_days) if survey.retention_days else default_days


def purge_expired(session: Session, now: datetime, *, response_days: int, draft_hours: int) -> PurgeReport:
    """Delete every response past its survey's retention period and every draft not saved for
    `draft_hours`, in `session`'s transaction (the caller commits). `response_days` is the default
    for surveys without their own period."""
    deleted: dict[int, int] = {}
    for survey in session.execute(select(Survey.id, Survey.retention_days)).all():
        days = retention_days(survey, response_days)
        cutoff = now - timedelta(days=days)
        count = _purge_survey(session, survey.id, cutoff)
        if count:
            deleted[survey.id] = count
            detail = {"before": cutoff.isoformat(), "count": count, "retention_days": days}
            audit.record(session, None, "purge_responses", "survey", survey.id, detail)
            log.info("retention: deleted %d responses to survey %d sent before %s", count, survey.id, cutoff)
    drafts = session.execute(delete(AnswerDraft).where(AnswerDraft.updated_at < now - timedelta(hours=draft_hours)))
    report = PurgeReport(drafts=int(getattr(drafts, "rowcount", 0) or 0), responses=deleted)
    log.info("retention: %s", report)
    return report


def _purge_survey(session: Session, survey_id: int, cutoff: datetime) -> int:
    expired = select(Response.reference).where(Response.survey_id == survey_id, Response.submitted_at < cutoff)
    for kind in (PaperEntry, PaperSettlement):  # what was typed from the same paper copies
        session.execute(delete(kind).where(kind.survey_id == survey_id, kind.copy_reference.in_(expired)))
    # Equality answers go with their response (ON DELETE CASCADE).
    result = session.execute(delete(Response).where(Response.survey_id == survey_id, Response.submitted_at < cutoff))
    count = int(getattr(result, "rowcount", 0) or 0)
    if count:  # the equality tallies of the days purged are counted again, in the same transaction
        equality_tally.rebuild(session.connection(), survey_id, equality_tally.utc_day(cutoff))
    return count


def _purge(session: Session, now: datetime, config: Mapping[str, Any]) -> str:
    report = purge_expired(
        session,
        now,
        response_days=int(config["RESPONSE_RETENTION_DAYS"]),
        draft_hours=int(config["DRAFT_RETENTION_HOURS"]),
    )
    return str(report)


toolkit_retention.register("surveys", _purge)
