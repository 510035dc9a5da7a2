"""The job queue: one Huey instance, configured from the app.

Tasks are declared at import time on `huey` (Huey needs its instance then); where the
queue lives is decided later, by `configure(app)` from the app's configuration:

- `QUEUE_IMMEDIATE`: run each task at once, in the caller (tests; no consumer needed);
- `QUEUE_URL` (or `REDIS_URL`) set to a redis:// address: Redis, so any number of
  consumers on any number of machines share it (production);
- otherwise a SQLite file in the instance folder: nothing to install (development).

A consumer (`flask worker`) runs each task inside an app context, so tasks use the same
configuration, database and templates as the web app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

from flask import Flask, has_app_context
from huey import Huey, crontab
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage

F = TypeVar("F", bound=Callable[..., Any])

# Until configure() says otherwise tasks run in the caller, with nothing stored.
huey = Huey("toolkit", results=False, immediate=True, storage_class=MemoryStorage)
_app: Flask | None = None

__all__ = ["configure", "crontab", "describe", "huey", "in_app_context"]


def storage_for(config: dict[str, Any], instance_path: Path) -> tuple[type, dict[str, Any]]:
    """The storage class and its arguments for a configuration."""
    url = config.get("QUEUE_URL") or ""
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisStorage, {"url": url}
    filename = url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else str(instance_path / "queue.sqlite3")
    return SqliteStorage, {"filename": filename}


def configure(app: Flask) -> None:
    """Point the queue where the app's configuration says, and remember the app for tasks."""
    global _app
    _app = app
    immediate = bool(app.config.get("QUEUE_IMMEDIATE"))
    if immediate:
        huey.storage_class, huey.storage_kwargs = MemoryStorage, {}
    else:
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        huey.storage_class, huey.storage_kwargs = storage_for(app.config, Path(app.instance_path))
    huey.name = app.config.get("QUEUE_NAME") or "toolkit"
    huey._immediate = immediate
    huey.immediate_use_memory = immediate
    huey.storage = huey.create_storage()


def describe() -> str:
    """Where the queue is, for logs and the health check (no password)."""
    if huey.immediate:
        return "immediate"
    if huey.storage_class is RedisStorage:
        return "redis"
    return f"sqlite:{huey.storage_kwargs.get('filename')}"


@contextmanager
def _app_context() -> Iterator[None]:
    if has_app_context() or _app is None:
        yield
        return
    with _app.app_context():
        yield


def in_app_context(function: F) -> F:
    """A task body runs in the configured app's context (a consumer's threads have none)."""

    @wraps(function)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        with _app_context():
            return function(*args, **kwargs)

    return wrapped  # type: ignore[return-value]
