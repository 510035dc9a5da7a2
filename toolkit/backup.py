"""Backups and restores of the whole database, and a fingerprint to prove a restore is whole.

SQLite goes through its online backup API (a consistent copy while the app keeps serving,
WAL included); PostgreSQL through `pg_dump --format=custom` and `pg_restore`, whose
connection details go to the child in PG* environment variables, never on its command line
(where `ps` would show the password). Backup files hold personal data: they are written
readable by their owner only.

A restore goes into an empty database unless `replace=True`: restoring over live data by
mistake should take a second thought.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import MetaData, Table, create_engine, inspect, select
from sqlalchemy.engine import Engine, make_url


class BackupError(RuntimeError):
    """Something an operator must fix: said plainly, without a stack trace."""


@dataclass(frozen=True)
class TableFingerprint:
    rows: int
    sha256: str


def engine_name(database_url: str) -> str:
    return make_url(database_url).get_backend_name()


def suffix_for(database_url: str) -> str:
    return ".sqlite3" if engine_name(database_url) == "sqlite" else ".dump"


# --- SQLite ------------------------------------------------------------------------------


def _sqlite_path(database_url: str) -> Path:
    database = make_url(database_url).database
    if not database or database == ":memory:":
        raise BackupError("An in-memory SQLite database cannot be backed up.")
    return Path(database)


def _sqlite_copy(source: Path, destination: Path) -> None:
    with sqlite3.connect(source) as from_db, sqlite3.connect(destination) as to_db:
        from_db.backup(to_db)
    from_db.close()
    to_db.close()


# --- PostgreSQL --------------------------------------------------------------------------


def _pg_environment(database_url: str) -> dict[str, str]:
    url = make_url(database_url)
    values = {
        "PGHOST": url.host,
        "PGPORT": str(url.port) if url.port else None,
        "PGUSER": url.username,
        "PGPASSWORD": url.password,
        "PGDATABASE": url.database,
    }
    return {**os.environ, **{name: value for name, value in values.items() if value}}


def _run(command: list[str], database_url: str) -> None:
    try:
        # The command is fixed here; only file names and the database name (from configuration) vary.
        environment = _pg_environment(database_url)
        result = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError as error:
        raise BackupError(f"{command[0]} is not installed (Debian: apt-get install postgresql-client)") from error
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")


# --- what the CLI calls ----------------------------------------------------------------------


def backup(database_url: str, destination: Path) -> Path:
    """Write a consistent copy of the database to `destination` (a new file)."""
    if destination.exists():
        raise BackupError(f"{destination} already exists: choose a new file name.")
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination.touch(mode=0o600)
    try:
        if engine_name(database_url) == "sqlite":
            _sqlite_copy(_sqlite_path(database_url), destination)
        else:
            _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={destination}"], database_url)
    except BaseException:
        destination.unlink(missing_ok=True)
        raise
    destination.chmod(0o600)
    return destination


def is_empty(engine: Engine) -> bool:
    return not inspect(engine).get_table_names()


def restore(database_url: str, source: Path, *, replace: bool = False) -> None:
    """Restore `source` (made by `backup` from the same engine) into the database at `database_url`."""
    if not source.is_file():
        raise BackupError(f"There is no backup file at {source}.")
    engine = create_engine(database_url)
    try:
        if not replace and not is_empty(engine):
            raise BackupError("The database is not empty: restore into an empty database, or pass --replace.")
    finally:
        engine.dispose()
    if engine_name(database_url) == "sqlite":
        with sqlite3.connect(source) as probe:
            if probe.execute("PRAGMA quick_check").fetchone() != ("ok",):
                raise BackupError(f"{source} is not a sound SQLite database.")
        probe.close()
        _sqlite_copy(source, _sqlite_path(database_url))
        return
    command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
    if replace:
        command += ["--clean", "--if-exists"]
    _run([*command, "--dbname", make_url(database_url).database or "", str(source)], database_url)


# --- proving a restore is whole ----------------------------------------------------------


def _canonical(value: Any) -> Any:
    # JSON columns come back as dicts whose key order the engine may change: hash them sorted.
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS, default=str) if isinstance(value, dict | list) else value


def fingerprint(engine: Engine) -> dict[str, TableFingerprint]:
    """Every table's row count and a hash of its content, rows in primary-key order."""
    metadata = MetaData()
    metadata.reflect(engine)
    result: dict[str, TableFingerprint] = {}
    with engine.connect() as connection:
        for table in sorted(metadata.tables.values(), key=lambda t: t.name):
            result[table.name] = _table_fingerprint(connection, table)
    return result


def _table_fingerprint(connection: Any, table: Table) -> TableFingerprint:
    order = list(table.primary_key.columns) or list(table.columns)
    digest = hashlib.sha256()
    rows = 0
    for row in connection.execute(select(table).order_by(*order)).yield_per(5000):
        digest.update(orjson.dumps([_canonical(value) for value in row], default=str))
        digest.update(b"\n")
        rows += 1
    return TableFingerprint(rows, digest.hexdigest())
