"""Jobs: long work done by a queue consumer, with a progress page for the person who started it.

from toolkit import jobs
jobs.register("survey_pdf", make_pdf, notify=True)        # once, at import
job = jobs.start("survey_pdf", title, {"survey_id": 1}, started_by=user_id, back_url=...)
return redirect(url_for("jobs.progress", job_id=job.id))
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import abort, current_app, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from toolkit.jobs import repository
from toolkit.jobs.model import JobError, TooManyJobs
from toolkit.jobs.runner import JobContext, enqueue, on_finished, register, registered
from toolkit.schema import Job

__all__ = [
    "Job",
    "JobContext",
    "JobError",
    "TooManyJobs",
    "offer",
    "on_finished",
    "register",
    "start",
    "start_and_show",
]


def start(
    kind: str, title: str, params: Mapping[str, Any], *, started_by: int | None, back_url: str | None = None
) -> Job:
    """Store a job and queue it. Raises TooManyJobs when the person already has their fill running."""
    if not registered(kind):
        raise ValueError(f"No handler is registered for jobs of kind {kind!r}.")
    limit = current_app.config["JOBS_PER_PERSON"]
    job = repository.create(
        kind=kind, title=title, params=params, started_by=started_by, limit=limit, back_url=back_url
    )
    enqueue(job.id)
    return job


def start_and_show(kind: str, title: str, params: Mapping[str, Any], *, back_url: str | None = None) -> Response:
    """For a view: start the job for the signed-in person and send them to its progress page
    (429 with a clear message when they already have their fill of jobs running)."""
    from toolkit.auth import current_user_id

    try:
        job = start(kind, title, params, started_by=current_user_id(), back_url=back_url)
    except TooManyJobs as error:
        message = _(
            "You already have %(limit)s jobs waiting or running. Wait for one to finish, then try again.",
            limit=error.limit,
        )
        abort(429, description=message)
    return redirect(url_for("jobs.progress", job_id=job.id), 303)


def offer(title: str, action: str, *, back_url: str) -> str:
    """For the GET of a file's stable address: a page whose button POSTs to that address, which
    makes the file on the queue. A GET changes nothing and makes nothing, however often it is followed."""
    return render_template("toolkit/jobs/offer.html", title=title, action=action, back_url=back_url)
