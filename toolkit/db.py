"""Database engine and session.

One engine per app; a thread-local session that is removed at the end of each
request. Repositories use `session`; views never issue SQL themselves.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import orjson
from sqlalchemy import MetaData, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, scoped_session, sessionmaker

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


_factory = sessionmaker(expire_on_commit=False)
session: scoped_session[Session] = scoped_session(_factory)


def _json_dumps(value: Any) -> str:
    return orjson.dumps(value).decode()


def make_engine(url: str) -> Engine:
    # orjson: answers are JSON, and decoding them is the hot path of every export.
    options: dict[str, Any] = {"future": True, "json_serializer": _json_dumps, "json_deserializer": orjson.loads}
    if url.startswith("sqlite"):
        options["connect_args"] = {"check_same_thread": False, "timeout": 30}
    else:
        options["pool_pre_ping"] = True
    engine = create_engine(url, **options)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def bind(engine: Engine) -> None:
    session.remove()
    _factory.configure(bind=engine)


def engine() -> Engine:
    bound = _factory.kw.get("bind")
    if bound is None:
        raise RuntimeError("The database is not configured: call toolkit.db.bind(engine) first.")
    return bound  # type: ignore[no-any-return]


@contextmanager
def transaction() -> Iterator[Session]:
    """Commit on success, roll back on any error: one atomic unit of work."""
    current = session()
    try:
        yield current
        current.commit()
    except BaseException:
        current.rollback()
        raise
