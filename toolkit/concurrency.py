"""A small cap on how many of one kind of heavy work a person may run at once, shared by every
worker process and every app instance that uses the same database.

- On PostgreSQL a slot is a session-level advisory lock (`pg_try_advisory_lock`) held on its own
  connection for as long as the work runs: every app server behind a load balancer sees it, and
  PostgreSQL releases it if the process dies (its connection closes), so no stale count survives
  a crash.
- On SQLite (one machine by nature) a slot is an exclusive lock on a file in the instance folder,
  which the operating system releases if the process dies.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, text

from toolkit import db

# The first half of every advisory lock key this module takes: "print" in ASCII, so the toolkit's
# locks never collide with another application's on a shared database.
LOCK_SPACE = 0x7072696E


class Busy(Exception):
    """Every slot for this key is in use."""


@contextmanager
def slot(folder: Path, key: str, slots: int = 1, engine: Engine | None = None) -> Iterator[int]:
    """Hold one of `slots` slots for `key` while the block runs; Busy at once if none is free.
    On PostgreSQL (`engine`, by default the toolkit's database) the slot is shared by every app
    instance; otherwise by the processes on this machine (a file lock in `folder`)."""
    engine = engine or _bound_engine()
    if engine is not None and engine.dialect.name == "postgresql":
        with _database_slot(engine, key, slots) as number:
            yield number
        return
    with _file_slot(folder, key, slots) as number:
        yield number


def _bound_engine() -> Engine | None:
    try:
        return db.engine()
    except RuntimeError:
        return None


def lock_id(key: str, number: int) -> int:
    """A stable 32-bit signed number for slot `number` of `key`."""
    digest = hashlib.sha256(f"{key}:{number}".encode()).digest()
    return int.from_bytes(digest[:4], "big", signed=True)


@contextmanager
def _database_slot(engine: Engine, key: str, slots: int) -> Iterator[int]:
    with engine.connect() as connection:
        for number in range(max(slots, 1)):
            lock = {"space": LOCK_SPACE, "id": lock_id(key, number)}
            if not connection.execute(text("SELECT pg_try_advisory_lock(:space, :id)"), lock).scalar():
                continue
            connection.commit()  # hold no transaction open while the work runs
            try:
                yield number
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:space, :id)"), lock)
                connection.commit()
            return
    raise Busy(key)


@contextmanager
def _file_slot(folder: Path, key: str, slots: int) -> Iterator[int]:
    folder.mkdir(parents=True, exist_ok=True)
    safe_key = re.sub(r"[^A-Za-z0-9_-]", "_", key)
    for number in range(max(slots, 1)):
        descriptor = os.open(folder / f"{safe_key}.{number}.lock", os.O_CREAT | os.O_RDWR, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            continue
        try:
            yield number
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
            os.close(descriptor)
        return
    raise Busy(key)
