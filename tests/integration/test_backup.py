"""Backups and the restore drill: a backup restored into an empty database gives back every
table, row for row (count and content hash), on both engines."""

from __future__ import annotations

import contextlib
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import create_engine

from tests.conftest import _postgres_database
from toolkit import backup, create_app, db
from toolkit.demo import load_demo


@contextlib.contextmanager
def empty_database_like(url: str, tmp_path: Path) -> Iterator[str]:
    """A new, empty database on the same engine as `url`."""
    if backup.engine_name(url) == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    with contextlib.contextmanager(_postgres_database)() as target:
        assert target is not None
        yield target


def test_restore_drill_gives_back_every_table_row_for_row(app: Flask, tmp_path: Path) -> None:
    list(load_demo(30, tmp_path / "login.txt"))
    source_engine = db.engine()
    source = backup.fingerprint(source_engine)
    assert source["response"].rows >= 30 and source["audit_event"].rows > 0 and source["alembic_version"].rows == 1
    file = tmp_path / f"backup{backup.suffix_for(app.config['DATABASE_URL'])}"
    result = app.test_cli_runner().invoke(args=["backup", "--output", str(file)])
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(file.stat().st_mode) == 0o600  # it holds personal data

    with empty_database_like(app.config["DATABASE_URL"], tmp_path) as target_url:
        target_app = create_app({"TESTING": True, "DATABASE_URL": target_url, "SECRET_KEY": "test-secret"})
        try:
            with target_app.app_context():  # the CLI runs in the app context it finds
                result = target_app.test_cli_runner().invoke(args=["restore", str(file)])
            assert result.exit_code == 0, result.output
            assert f"{len(source)} tables" in result.output
            restored_engine = create_engine(target_url)
            restored = backup.fingerprint(restored_engine)
            restored_engine.dispose()
            db.engine().dispose()
        finally:
            db.bind(source_engine)  # creating the second app bound the shared session to it
    assert restored == source


def test_restore_refuses_a_database_that_already_has_data(app: Flask, tmp_path: Path) -> None:
    url = app.config["DATABASE_URL"]
    file = backup.backup(url, tmp_path / f"b{backup.suffix_for(url)}")
    with pytest.raises(backup.BackupError, match="not empty"):
        backup.restore(url, file)
    result = app.test_cli_runner().invoke(args=["restore", str(tmp_path / "missing.dump")])
    assert result.exit_code != 0 and "no backup file" in result.output


def test_backup_never_overwrites_an_existing_file(app: Flask, tmp_path: Path) -> None:
    existing = tmp_path / "keep.dump"
    existing.write_text("an older backup")
    with pytest.raises(backup.BackupError, match="already exists"):
        backup.backup(app.config["DATABASE_URL"], existing)
    assert existing.read_text() == "an older backup"


def test_fingerprint_changes_when_one_value_changes(app: Flask, tmp_path: Path) -> None:
    list(load_demo(5, tmp_path / "login.txt"))
    before = backup.fingerprint(db.engine())
    with db.transaction() as session:
        from toolkit.schema import Survey

        survey = session.query(Survey).first()
        survey.title = survey.title + "!"
    after = backup.fingerprint(db.engine())
    assert after["survey"].rows == before["survey"].rows
    assert after["survey"].sha256 != before["survey"].sha256
    assert after["response"] == before["response"]
