"""Run Alembic migrations from code (the CLI and the tests use this)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
# Made by a migration in the engine's own words (FTS5 virtual table and its shadow tables on
# SQLite, a GIN expression index on PostgreSQL), so the models do not describe them.
ENGINE_SEARCH_OBJECTS = ("insight_fts",)


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """For autogenerate and the schema check: leave the engine's own search objects alone."""
    return not (name or "").startswith(ENGINE_SEARCH_OBJECTS)


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(database_url), revision)


def autogenerate(database_url: str, message: str) -> None:
    command.revision(alembic_config(database_url), message=message, autogenerate=True)
