"""Staff: a job's progress page (refreshing itself without JavaScript, polled with it), its
download, a retry when it failed, and the person's recent jobs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint, abort, current_app, jsonify, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from toolkit.auth import current_user, current_user_id, role_required
from toolkit.jobs import repository
from toolkit.jobs.model import REFRESH_SECONDS, Progress
from toolkit.jobs.runner import enqueue
from toolkit.schema import Job

jobs = Blueprint("jobs", __name__, url_prefix="/staff/jobs")


def _own_job(job_id: int) -> Job:
    """Only the person who started a job (or an admin) sees it; to anyone else it does not exist."""
    job = repository.get(job_id)
    user = current_user()
    if job is None or user is None or (job.started_by != user.id and user.role != "admin"):
        abort(404)
    return job


def _progress(job: Job) -> Progress:
    return Progress(job.status, job.step, job.done, job.total)


def step_text(job: Job) -> str:
    """The step the job is on, in the person's language, with its count when it has one."""
    if job.status == "queued":
        return str(_("Waiting to start"))
    text = str(_(job.step) if job.step else _("Starting"))
    if job.total:
        text += " (" + str(_("%(done)s of %(total)s", done=job.done, total=job.total)) + ")"
    return text


def status_json(job: Job) -> dict[str, Any]:
    progress = _progress(job)
    return {
        "status": job.status,
        "text": step_text(job),
        "percent": progress.percent,
        "done": job.done,
        "total": job.total,
        "finished": progress.finished,
    }


@jobs.get("/")
@role_required("viewer")
def recent() -> str:
    user = current_user()
    assert user is not None
    return render_template("toolkit/jobs/recent.html", jobs=repository.recent_for(user.id))


@jobs.get("/<int:job_id>")
@role_required("viewer")
def progress(job_id: int) -> str:
    job = _own_job(job_id)
    user = current_user()
    assert user is not None
    return render_template(
        "toolkit/jobs/progress.html",
        job=job,
        progress=_progress(job),
        step_text=step_text(job),
        refresh_seconds=REFRESH_SECONDS,
        recent_jobs=[other for other in repository.recent_for(user.id, 6) if other.id != job.id][:5],
    )


@jobs.get("/<int:job_id>/status")
@role_required("viewer")
def status(job_id: int) -> Response:
    response = jsonify(status_json(_own_job(job_id)))
    response.headers["Cache-Control"] = "no-store"
    return response


@jobs.get("/<int:job_id>/download")
@role_required("viewer")
def download(job_id: int) -> Response:
    job = _own_job(job_id)
    if job.status != "done" or not job.result_path:
        abort(404)
    folder = Path(current_app.config["JOB_FILES_DIR"]).resolve()
    path = (folder / job.result_path).resolve()
    if not path.is_relative_to(folder) or not path.is_file():
        abort(410, description=_("This file is no longer kept. Start the job again to make it."))
    return send_file(path, mimetype=job.result_mimetype, as_attachment=True, download_name=job.result_name)


@jobs.post("/<int:job_id>/retry")
@role_required("viewer")
def retry(job_id: int) -> Response:
    job = _own_job(job_id)
    if repository.retry(job, current_user_id()):
        enqueue(job.id)
    return redirect(url_for("jobs.progress", job_id=job.id))
