"""A real queue consumer (`flask worker`, a separate process) on SQLite storage and on Redis
storage: it runs jobs started here, a job survives the consumer being killed half way without
making anything twice, and the outbox is sent once per message through a consumer killed mid-batch."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis
from sqlalchemy import select

from tests import jobkinds, smtp_server
from tests.helpers import make_user
from toolkit import db, jobs, outbox, queue
from toolkit.jobs import repository
from toolkit.schema import AuditEvent, OutboxMessage

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
LEASE = 2


def redis_reachable() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture(params=["sqlite", "redis"])
def queue_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'queue.sqlite3'}"
    if not redis_reachable():
        from tests.conftest import skip_or_fail

        skip_or_fail(f"Redis is not reachable at {REDIS_URL}")
    return REDIS_URL


@pytest.fixture
def consumer(app, queue_url, tmp_path) -> Iterator[Callable[[], subprocess.Popen]]:
    """Start consumers (each a `flask worker` process) on the queue this app now enqueues to."""
    name = f"test-{secrets.token_hex(4)}"
    app.config.update(QUEUE_IMMEDIATE=False, QUEUE_URL=queue_url, QUEUE_NAME=name, JOB_LEASE_SECONDS=LEASE)
    queue.configure(app)

    def env() -> dict[str, str]:
        return {
            **os.environ,
            "DATABASE_URL": app.config["DATABASE_URL"],
            "QUEUE_URL": queue_url,
            "QUEUE_NAME": name,
            "QUEUE_WORKERS": "1",
            "SECRET_KEY": "test-secret",
            "JOB_FILES_DIR": app.config["JOB_FILES_DIR"],
            "JOB_LEASE_SECONDS": str(LEASE),
            "MAIL_SENDING_LEASE_SECONDS": "1",
            "SMTP_URL": app.config.get("SMTP_URL", ""),
            "MAIL_FROM": "toolkit@example.org",
        }

    started: list[subprocess.Popen] = []
    log = tmp_path / "consumer.log"

    def start() -> subprocess.Popen:
        command = [sys.executable, "-m", "flask", "--app", "tests.jobkinds:create_app", "worker"]
        with log.open("ab") as output:
            process = subprocess.Popen(command, cwd=ROOT, env=env(), stdout=output, stderr=subprocess.STDOUT)
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    if queue_url.startswith("redis"):
        queue.huey.storage.flush_all()
    app.config.update(QUEUE_IMMEDIATE=True)
    queue.configure(app)
    print(log.read_text())


def wait_for(predicate: Callable[[], object], timeout: float = 60, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what or predicate}")


def outputs(job_id: int) -> list[int]:
    query = select(AuditEvent.detail).where(AuditEvent.action == "test_output", AuditEvent.object_id == job_id)
    with db.engine().connect() as connection:
        return sorted(detail["number"] for (detail,) in connection.execute(query))


def test_a_consumer_runs_a_job_started_by_the_web_app(app, consumer):
    jobkinds.register()
    user = make_user()
    consumer()
    job = jobs.start("test_file", "Three steps", {"steps": 3}, started_by=user.id)
    wait_for(lambda: repository.fresh(job.id).status == "done", what="the job to finish")
    stored = repository.fresh(job.id)
    assert (stored.attempts, stored.result_name) == (1, "made.txt")
    assert (Path(app.config["JOB_FILES_DIR"]) / stored.result_path).read_bytes() == b"1,2,3"


# Killing consumers is slow (each start loads the app): the crash tests run on the default SQLite storage.
@pytest.mark.parametrize("queue_url", ["sqlite"], indirect=True)
def test_a_job_retried_after_a_consumer_crash_makes_nothing_twice(app, consumer):
    """SIGKILL the consumer half way through a job: a new consumer picks it up once its lease has
    run out and carries on from what the first made; every output exists exactly once."""
    jobkinds.register()
    user = make_user()
    first = consumer()
    job = jobs.start("test_file", "Six slow steps", {"steps": 6, "pause": 0.4}, started_by=user.id)
    wait_for(lambda: len(outputs(job.id)) >= 2, what="two outputs")
    first.send_signal(signal.SIGKILL)
    first.wait()
    made_before_crash = outputs(job.id)
    assert repository.fresh(job.id).status == "running"
    time.sleep(LEASE + 0.5)  # the dead consumer's lease runs out
    consumer()
    wait_for(lambda: repository.fresh(job.id).status == "done", what="the job to finish after the crash")
    assert outputs(job.id) == [1, 2, 3, 4, 5, 6]
    assert 2 <= len(made_before_crash) < 6
    stored = repository.fresh(job.id)
    assert stored.attempts == 2
    assert (Path(app.config["JOB_FILES_DIR"]) / stored.result_path).read_bytes() == b"1,2,3,4,5,6"


@pytest.mark.parametrize("queue_url", ["sqlite"], indirect=True)
def test_the_outbox_is_sent_once_per_message_through_a_consumer_killed_mid_batch(app, consumer):
    """A real SMTP server on loopback that takes 0.2 s per message; the consumer is killed after a
    few. Every message arrives, and only a message the server had accepted when the consumer died
    (its "sent" never stored) can arrive twice, with the same Message-ID."""
    received = smtp_server.Received(pause=0.2)
    server = smtp_server.start(received)
    app.config["SMTP_URL"] = f"smtp://127.0.0.1:{server.port}?tls=none"
    try:
        first = consumer()
        with db.transaction() as session:
            written = [
                outbox.enqueue(session, to=f"person{n}@example.org", subject=f"Hello {n}", body="b", kind="test")
                for n in range(20)
            ]
        wait_for(lambda: len(received.messages) >= 5, what="five messages")
        first.send_signal(signal.SIGKILL)
        first.wait()
        time.sleep(1.5)  # the dead sender's claim goes stale
        consumer()

        def all_sent() -> bool:
            query = select(OutboxMessage.status).execution_options(populate_existing=True)
            with db.engine().connect() as connection:
                return {status for (status,) in connection.execute(query)} == {"sent"}

        wait_for(all_sent, what="every message to be sent")
        ids = received.message_ids()
        assert set(ids) == {m.message_id for m in written}
        repeated = [message_id for message_id in set(ids) if ids.count(message_id) > 1]
        assert len(repeated) <= 1, repeated
    finally:
        server.stop()
