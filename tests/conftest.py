"""Shared fixtures. The app and database fixtures run each test against SQLite and,
when it is reachable, PostgreSQL. With REQUIRE_ALL_TESTS=1 (set by .ci/run) a
missing PostgreSQL or Chromium fails the run instead of skipping."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask, g
from flask.testing import FlaskClient
from hypothesis import settings
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from toolkit import create_app, db, migrate
from toolkit.schema import metadata

# Property tests judge what the code returns, not how fast: on a loaded 2-core CI machine an example
# can take longer than Hypothesis's 200 ms deadline, which then fails a correct test.
settings.register_profile("toolkit", deadline=None)
settings.load_profile("toolkit")

REQUIRE_ALL = os.environ.get("REQUIRE_ALL_TESTS") == "1"
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://127.0.0.1:5432/test")


def skip_or_fail(reason: str) -> None:
    if REQUIRE_ALL:
        pytest.fail(f"{reason} (REQUIRE_ALL_TESTS=1 turns this skip into a failure)")
    pytest.skip(reason)


def _postgres_database() -> Iterator[str | None]:
    """A throwaway database on the PostgreSQL server, dropped afterwards."""
    admin_url = make_url(POSTGRES_URL)
    try:
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            name = f"toolkit_test_{secrets.token_hex(4)}"
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception:
        yield None
        return
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str | None]:
    yield from _postgres_database()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A migrated database of each engine, shared by the session and emptied after each test."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'toolkit.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres_url")
        if url is None:
            skip_or_fail(f"PostgreSQL is not reachable at {POSTGRES_URL}")
    migrate.upgrade(url)
    return url


def empty_database() -> None:
    session = db.session()
    session.rollback()
    if db.engine().dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
        session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in reversed(metadata.sorted_tables):
            session.execute(table.delete())
    session.commit()
    db.session.remove()


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    test_config = {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret",
        # Jobs run at once in the request that starts them; tests that need a real consumer start one.
        "QUEUE_IMMEDIATE": True,
        "JOB_FILES_DIR": str(tmp_path / "job_files"),
    }
    application = create_app(test_config)
    application.instance_path = str(tmp_path)

    # Tests keep one app context open (for direct database calls), so Flask would
    # share `g` between requests; in production each request starts with a fresh g.
    @application.before_request
    def fresh_g() -> None:
        g.__dict__.clear()

    from surveys.equality import service as equality_service

    # Each test has a new database whose surveys reuse ids: audited figures kept per worker process
    # (keyed by survey id and its responses) must not outlive the database they came from.
    equality_service.clear_cache()
    with application.app_context():
        yield application
        empty_database()
    db.engine().dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):  # type: ignore[no-untyped-def]
    return app.test_cli_runner()
