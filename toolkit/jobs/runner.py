"""Running jobs on the queue: one Huey task runs any kind of job by its id.

Each area registers a handler per kind of job (`register`). A handler gets a `JobContext`:
what to make (`params`), what an earlier attempt already made (`state`, kept in the same
transaction as what it describes), `step()` to report progress, and `write()` / `output_path()`
for the finished file. The job's id is its idempotency key: a job whose consumer died is
claimed again after its lease and finds its earlier work in `state`.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from flask import current_app
from huey.exceptions import RetryTask
from sqlalchemy.orm import Session

from toolkit import db
from toolkit.jobs import repository
from toolkit.jobs.model import JobError, may_run_again, orphaned_before
from toolkit.queue import crontab, huey, in_app_context
from toolkit.schema import Job
from toolkit.text import lazy as _l
from toolkit.timeutil import utcnow

log = logging.getLogger(__name__)
# Stored in English and shown through gettext on the progress page.
WENT_WRONG = _l("Something went wrong while making it. It has been tried again, and did not work.")
STOPPED = _l("It stopped more times than it may be tried, so it has been given up.")
UNKNOWN_KIND = _l("This kind of job is not known to this version of the toolkit.")

Handler = Callable[["JobContext"], None]
# Called in the transaction that marks a job done, e.g. to write a notification email.
FinishHook = Callable[[Session, Any], None]


@dataclass(frozen=True)
class Kind:
    handler: Handler
    notify: bool  # tell the person by email when it has finished


_kinds: dict[str, Kind] = {}
_finish_hooks: list[FinishHook] = []


def register(kind: str, handler: Handler, *, notify: bool = False) -> None:
    _kinds[kind] = Kind(handler, notify)


def on_finished(hook: FinishHook) -> FinishHook:
    _finish_hooks.append(hook)
    return hook


def registered(kind: str) -> bool:
    return kind in _kinds


@dataclass
class JobContext:
    job_id: int
    params: Mapping[str, Any]
    state: dict[str, Any]
    files_dir: Path
    started_by: int | None = None
    result: dict[str, Any] = field(default_factory=dict)

    def step(self, text: str, done: int | None = None, total: int | None = None) -> None:
        """Say what the job is doing now (English; translated when shown)."""
        repository.progress(self.job_id, text, done, total)

    def keep(self, session: Session, **values: Any) -> None:
        """Remember what this attempt made, in the transaction that makes it."""
        self.state.update(values)
        repository.keep_state(session, self.job_id, self.state)

    def output_path(self, name: str, mimetype: str) -> Path:
        """Where to write the finished file: one place per job, so a retry overwrites, never adds."""
        folder = self.files_dir / str(self.job_id)
        folder.mkdir(parents=True, exist_ok=True)
        self.result = {"result_path": f"{self.job_id}/{name}", "result_name": name, "result_mimetype": mimetype}
        return folder / name

    def write(self, name: str, mimetype: str, content: bytes) -> None:
        path = self.output_path(name, mimetype)
        partial = path.with_suffix(path.suffix + ".partial")
        partial.write_bytes(content)
        os.replace(partial, path)


@contextmanager
def _heartbeat(job_id: int, every: float) -> Iterator[None]:
    """Keep the job's lease while the handler works, even through one long step."""
    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(every):
            try:
                repository.heartbeat(job_id)
            except Exception:  # a missed beat only shortens the lease
                log.exception("job %s: heartbeat failed", job_id)

    thread = threading.Thread(target=beat, name=f"job-{job_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


@huey.task()
@in_app_context
def run_job(job_id: int) -> None:
    execute(job_id)


def execute(job_id: int) -> None:
    """Claim the job and run its handler; a consumer calls this through `run_job`."""
    config = current_app.config
    lease = config["JOB_LEASE_SECONDS"]
    if not repository.claim(job_id, orphaned_before(utcnow(), lease)):
        return  # done already, or another consumer is on it
    job = repository.fresh(job_id)
    assert job is not None
    if job.attempts > config["JOB_MAX_ATTEMPTS"]:
        repository.fail(job_id, str(STOPPED))
        return
    kind = _kinds.get(job.kind)
    if kind is None:
        repository.fail(job_id, str(UNKNOWN_KIND))
        return
    context = JobContext(job_id, job.params, dict(job.state), Path(config["JOB_FILES_DIR"]), job.started_by)
    try:
        with _heartbeat(job_id, max(1.0, lease / 3)):
            kind.handler(context)
    except JobError as error:
        db.session.rollback()
        repository.fail(job_id, str(error))
        _finished(job_id, kind)
        return
    except Exception as error:
        db.session.rollback()
        log.exception("job %s (%s) failed on attempt %s", job_id, job.kind, job.attempts)
        if may_run_again(job.attempts, config["JOB_MAX_ATTEMPTS"]):
            repository.requeue(job_id, str(WENT_WRONG))
            raise RetryTask(delay=5 * job.attempts) from error
        repository.fail(job_id, str(WENT_WRONG))
        _finished(job_id, kind)
        return
    with db.transaction() as session:
        repository.finish(session, job_id, context.result)
        _run_hooks(session, job_id, kind)


def _finished(job_id: int, kind: Kind) -> None:
    with db.transaction() as session:
        _run_hooks(session, job_id, kind)


def _run_hooks(session: Session, job_id: int, kind: Kind) -> None:
    if not kind.notify:
        return
    job = session.get(Job, job_id)
    for hook in _finish_hooks:
        hook(session, job)


def enqueue(job_id: int) -> None:
    """Hand a stored job to the queue (after the transaction that stored it has committed)."""
    run_job(job_id)


def recover() -> list[int]:
    """Send jobs whose consumer died (or whose queue entry was lost) back to the queue."""
    ids = repository.orphans(orphaned_before(utcnow(), current_app.config["JOB_LEASE_SECONDS"]))
    for job_id in ids:
        log.warning("job %s was orphaned: queued again", job_id)
        run_job(job_id)
    return ids


@huey.periodic_task(crontab(minute="*"))
@in_app_context
def recover_orphans() -> None:
    recover()


@huey.on_startup()
@in_app_context
def recover_at_startup() -> None:
    recover()


def clear_old(now: datetime | None = None) -> list[int]:
    """Finished jobs and their files are kept JOB_RETENTION_DAYS, then cleared away."""
    config = current_app.config
    cutoff = (now or utcnow()) - timedelta(days=config["JOB_RETENTION_DAYS"])
    ids = repository.remove_finished_before(cutoff)
    for job_id in ids:
        shutil.rmtree(Path(config["JOB_FILES_DIR"]) / str(job_id), ignore_errors=True)
    return ids


@huey.periodic_task(crontab(hour="3", minute="30"))
@in_app_context
def clear_old_jobs() -> None:
    log.info("cleared %s finished jobs", len(clear_old()))
