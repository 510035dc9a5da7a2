"""Storing and loading jobs. Bookkeeping (claims, progress, heartbeats) commits in its own
short transactions so it never carries a handler's unfinished work with it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from toolkit import audit, db
from toolkit.jobs.model import ACTIVE, DONE, FAILED, QUEUED, RUNNING, TooManyJobs
from toolkit.schema import Job, StaffUser
from toolkit.timeutil import utcnow


def create(
    *,
    kind: str,
    title: str,
    params: Mapping[str, Any],
    started_by: int | None,
    limit: int,
    back_url: str | None = None,
) -> Job:
    """A new queued job, refused when the person already has `limit` jobs waiting or running."""
    with db.transaction() as session:
        if started_by is not None:
            # Lock the person's row (PostgreSQL) so two requests at once cannot both pass the limit.
            session.execute(select(StaffUser.id).where(StaffUser.id == started_by).with_for_update())
            if active_count(session, started_by) >= limit:
                raise TooManyJobs(limit)
        job = Job(kind=kind, title=title, params=dict(params), state={}, started_by=started_by, back_url=back_url)
        session.add(job)
        session.flush()
        audit.record(session, started_by, "start_job", "job", job.id, {"kind": kind, **params})
    return job


def active_count(session: Session, staff_user_id: int) -> int:
    query = select(func.count()).select_from(Job).where(Job.started_by == staff_user_id, Job.status.in_(ACTIVE))
    return int(session.scalar(query) or 0)


def get(job_id: int) -> Job | None:
    # Consumers change jobs through their own sessions: always read what is stored now.
    return db.session.get(Job, job_id, populate_existing=True)


def fresh(job_id: int) -> Job | None:
    """The job as stored now (not as this session last saw it)."""
    with Session(db.engine(), expire_on_commit=False) as session:
        return session.get(Job, job_id)


def recent_for(staff_user_id: int, limit: int = 20) -> list[Job]:
    query = (
        select(Job)
        .where(Job.started_by == staff_user_id)
        .order_by(Job.created_at.desc(), Job.id.desc())
        .limit(limit)
        .execution_options(populate_existing=True)
    )
    return list(db.session.scalars(query))


def _bookkeeping(statement: Any) -> int:
    with Session(db.engine()) as session:
        result = session.execute(statement)
        session.commit()
        return int(result.rowcount)  # type: ignore[attr-defined]


def claim(job_id: int, orphaned_before: datetime) -> bool:
    """Mark the job running for this consumer: only a queued job, or a running one whose consumer
    went quiet (died), can be claimed, so two consumers never work on one job at once."""
    now = utcnow()
    statement = (
        update(Job)
        .where(
            Job.id == job_id,
            or_(Job.status == QUEUED, (Job.status == RUNNING) & (Job.heartbeat_at < orphaned_before)),
        )
        .values(
            status=RUNNING,
            attempts=Job.attempts + 1,
            started_at=func.coalesce(Job.started_at, now),
            heartbeat_at=now,
            error=None,
        )
    )
    return _bookkeeping(statement) == 1


def heartbeat(job_id: int) -> None:
    _bookkeeping(update(Job).where(Job.id == job_id, Job.status == RUNNING).values(heartbeat_at=utcnow()))


def progress(job_id: int, step: str, done: int | None, total: int | None) -> None:
    values: dict[str, Any] = {"step": step[:200], "heartbeat_at": utcnow()}
    if done is not None:
        values["done"] = done
    if total is not None:
        values["total"] = total
    _bookkeeping(update(Job).where(Job.id == job_id, Job.status == RUNNING).values(**values))


def keep_state(session: Session, job_id: int, state: Mapping[str, Any]) -> None:
    """Record what the job has made so far in the caller's transaction: it is kept exactly when
    what it describes (e.g. issued references) is."""
    session.execute(update(Job).where(Job.id == job_id).values(state=dict(state)))


def finish(session: Session, job_id: int, result: Mapping[str, Any]) -> None:
    values = {"status": DONE, "finished_at": utcnow(), "error": None, "step": "Done", **result}
    session.execute(update(Job).where(Job.id == job_id).values(**values))


def fail(job_id: int, error: str) -> None:
    values = {"status": FAILED, "finished_at": utcnow(), "error": error}
    _bookkeeping(update(Job).where(Job.id == job_id).values(**values))


def requeue(job_id: int, error: str) -> None:
    """Back in the queue after a failure that may pass (it is tried again)."""
    values = {"status": QUEUED, "heartbeat_at": utcnow(), "error": error}
    _bookkeeping(update(Job).where(Job.id == job_id).values(**values))


def retry(job: Job, staff_user_id: int | None) -> bool:
    """A failed job queued again by the person: the same job, so what it made is reused."""
    statement = (
        update(Job)
        .where(Job.id == job.id, Job.status == FAILED)
        .values(status=QUEUED, attempts=0, error=None, finished_at=None, heartbeat_at=utcnow(), step="")
    )
    with db.transaction() as session:
        retried = bool(session.execute(statement).rowcount == 1)  # type: ignore[attr-defined]
        if retried:
            audit.record(session, staff_user_id, "retry_job", "job", job.id, {"kind": job.kind})
    return retried


def orphans(orphaned_before: datetime, limit: int = 100) -> list[int]:
    """Jobs waiting or running that nothing has touched for a lease: their consumer died, or their
    place in the queue was lost. Their heartbeat is bumped so each is sent back to the queue once a lease."""
    query = (
        select(Job.id).where(Job.status.in_(ACTIVE), Job.heartbeat_at < orphaned_before).order_by(Job.id).limit(limit)
    )
    with Session(db.engine()) as session:
        ids = list(session.scalars(query))
        if ids:
            session.execute(update(Job).where(Job.id.in_(ids), Job.status == QUEUED).values(heartbeat_at=utcnow()))
            session.commit()
    return ids


def remove_finished_before(cutoff: datetime) -> list[int]:
    """Forget jobs that finished before `cutoff`; returns their ids (their files go too)."""
    with db.transaction() as session:
        query = select(Job.id).where(Job.status.in_((DONE, FAILED)), Job.finished_at < cutoff)
        ids = list(session.scalars(query))
        if ids:
            session.execute(delete(Job).where(Job.id.in_(ids)))
    return ids
