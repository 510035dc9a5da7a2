"""Reading the engagement record that surveys, workshops and other activities belong to, and its
workshop sessions: shared by the areas that list or open engagements (engagements, workshops),
which may not import each other. Writes stay in `engagements/repository.py`."""

from __future__ import annotations

from sqlalchemy import select

from toolkit import db
from toolkit.schema import Engagement, WorkshopSession


def all_engagements(team_ids: set[int] | None = None) -> list[Engagement]:
    """Every engagement, or only those of these teams."""
    query = select(Engagement).order_by(Engagement.created_at.desc(), Engagement.id.desc())
    if team_ids is not None:
        query = query.where(Engagement.team_id.in_(team_ids))
    return list(db.session.scalars(query))


def get_engagement(engagement_id: int) -> Engagement | None:
    return db.session.get(Engagement, engagement_id)


def find_engagement(title: str) -> Engagement | None:
    return db.session.scalars(select(Engagement).where(Engagement.title == title)).first()


def sessions_of(engagement_id: int) -> list[WorkshopSession]:
    """The engagement's workshop sessions, earliest first."""
    query = (
        select(WorkshopSession)
        .where(WorkshopSession.engagement_id == engagement_id)
        .order_by(WorkshopSession.starts_at, WorkshopSession.id)
    )
    return list(db.session.scalars(query))
