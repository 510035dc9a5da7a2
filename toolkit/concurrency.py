"""A small cap on how many of one kind of heavy work a person may run at once, across every
worker process on the server: a slot is an exclusive lock on a file (released by the operating
system if the process dies), so no stale count survives a crash.

Only processes on one machine share the folder; several web servers behind a load balancer
would each allow the cap (the background-job queue replaces this for long print runs)."""

from __future__ import annotations

import fcntl
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class Busy(Exception):
    """Every slot for this key is in use."""


@contextmanager
def slot(folder: Path, key: str, slots: int = 1) -> Iterator[int]:
    """Hold one of `slots` slots for `key` while the block runs; Busy at once if none is free."""
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
