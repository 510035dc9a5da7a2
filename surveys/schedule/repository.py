"""Database reads and writes for the surveys' scheduled work: closing surveys at their closing
date, and what the notification check needs to know about each survey."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from surveys.schedule.notices import RECENT_DAYS, SurveyFacts
from toolkit import audit, db
from toolkit.schema import Response, StaffUser, Survey, SurveyVersion


def close_past_closing_date(today: date) -> list[int]:
    """Live surveys whose closing date has passed are closed, each in the audit trail."""
    with db.transaction() as session:
        query = select(Survey).where(Survey.status == "live", Survey.closes_on < today).with_for_update()
        closed = []
        for survey in session.scalars(query):
            survey.status = "closed"
            audit.record(session, None, "close", "survey", survey.id, {"reason": "closing date passed"})
            closed.append(survey.id)
    return closed


def _day(moment: datetime | None) -> date | None:
    return moment.date() if moment else None


def facts(session: Session, today: date) -> list[tuple[SurveyFacts, int | None]]:
    """Each live or recently closed survey's facts, and who created it."""
    recent = datetime.combine(today - timedelta(days=RECENT_DAYS), time.min, UTC)
    surveys = list(
        session.scalars(
            select(Survey).where(
                or_(Survey.status == "live", (Survey.status == "closed") & (Survey.updated_at >= recent))
            )
        )
    )
    ids = [survey.id for survey in surveys]
    if not ids:
        return []
    counts = dict(
        session.execute(
            select(Response.survey_id, func.count()).where(Response.survey_id.in_(ids)).group_by(Response.survey_id)
        ).all()
    )
    published = dict(
        session.execute(
            select(SurveyVersion.survey_id, func.min(SurveyVersion.published_at))
            .where(SurveyVersion.survey_id.in_(ids))
            .group_by(SurveyVersion.survey_id)
        ).all()
    )
    return [
        (
            SurveyFacts(
                id=survey.id,
                title=survey.title,
                status=survey.status,
                opens_on=survey.opens_on,
                closes_on=survey.closes_on,
                response_target=survey.response_target,
                responses=int(counts.get(survey.id, 0)),
                published_on=_day(published.get(survey.id)),
                changed_on=survey.updated_at.date(),
            ),
            survey.created_by,
        )
        for survey in surveys
    ]


def admin_ids(session: Session) -> list[int]:
    return list(session.scalars(select(StaffUser.id).where(StaffUser.role == "admin", StaffUser.active)))
