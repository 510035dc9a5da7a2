"""Kinds of job used only by the tests: a file made in steps, a job refused for good, and one
that crashes. `python -m flask --app tests.jobkinds:create_app worker` runs a consumer that knows them."""

from __future__ import annotations

import time
from typing import Any

from flask import Flask

from toolkit import audit, db, jobs
from toolkit import create_app as create_toolkit_app
from toolkit.jobs import JobContext, JobError


def make_file(context: JobContext) -> None:
    """Issues one numbered output per step (kept in `state` in the same transaction, like paper
    references), sleeping between steps so a test can kill the consumer half way."""
    steps = int(context.params.get("steps", 3))
    made: list[int] = list(context.state.get("made", []))
    for number in range(len(made) + 1, steps + 1):
        context.step("Making the pages", number - 1, steps)
        time.sleep(float(context.params.get("pause", 0)))
        with db.transaction() as session:
            audit.record(session, None, "test_output", "job", context.job_id, {"number": number})
            made.append(number)
            context.keep(session, made=made)
    context.write("made.txt", "text/plain", ",".join(map(str, made)).encode())


def refuse(context: JobContext) -> None:
    raise JobError("This survey has been deleted.")


def crash(context: JobContext) -> None:
    raise RuntimeError("boom")


def register() -> None:
    jobs.register("test_file", make_file, notify=True)
    jobs.register("test_refuse", refuse)
    jobs.register("test_crash", crash)


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    register()
    return create_toolkit_app(test_config)


register()
