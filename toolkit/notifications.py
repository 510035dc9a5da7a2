"""Staff notification emails: written to the outbox (toolkit/outbox.py) in the transaction of
what they tell about, once each (an idempotency key per event and person), and only to people
who have not opted out. Which events: a job finished (here); a survey going live, closing,
closing in 7 days, reaching its target or 100/500/1,000 responses (surveys/notify.py)."""

from __future__ import annotations

from collections.abc import Iterable

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from toolkit import audit, db, outbox
from toolkit.jobs.runner import on_finished
from toolkit.schema import Job, StaffUser

KIND = "notification"


def link(path: str) -> str:
    """An address for an email: the public base URL when set, else the path alone."""
    return (current_app.config.get("PUBLIC_BASE_URL") or "").rstrip("/") + path


def opted_in(session: Session, user_ids: Iterable[int | None]) -> list[StaffUser]:
    ids = {user_id for user_id in user_ids if user_id is not None}
    if not ids:
        return []
    query = select(StaffUser).where(StaffUser.id.in_(ids), StaffUser.active, StaffUser.notify_by_email)
    return list(session.scalars(query.order_by(StaffUser.id)))


def send(session: Session, users: Iterable[StaffUser], *, key: str, subject: str, body: str) -> int:
    """One email to each person about one event; an event already told about is not told again."""
    count = 0
    for user in users:
        outbox.enqueue(session, to=user.email, subject=subject, body=body, kind=KIND, key=f"{key}:{user.id}")
        count += 1
    return count


def footer() -> str:
    message = _(
        "You get these emails because you work on this in the engagement toolkit. To stop them: %(link)s",
        link=link("/staff/notifications/"),
    )
    return str(message)


@on_finished
def job_finished(session: Session, job: Job) -> None:
    users = opted_in(session, [job.started_by])
    if job.status == "done":
        subject = _("Ready: %(title)s", title=job.title)
        lead = _("What you asked for is ready to download.")
    else:
        subject = _("Did not finish: %(title)s", title=job.title)
        lead = _("This did not finish. The page says why, and you can try again from there.")
    body = f"{lead}\n\n{link(f'/staff/jobs/{job.id}')}\n\n-- \n{footer()}\n"
    send(session, users, key=f"job:{job.id}:{job.status}:{job.attempts}", subject=subject, body=body)


def set_preference(user_id: int, notify: bool) -> None:
    with db.transaction() as session:
        user = session.get(StaffUser, user_id)
        if user is None:
            return
        user.notify_by_email = notify
        audit.record(session, user_id, "notification_preference", "staff_user", user_id, {"notify_by_email": notify})
