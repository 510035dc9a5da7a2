"""Every migration runs up and down on each engine, and the result matches the models."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from toolkit import migrate
from toolkit.schema import metadata


def test_schema_from_migrations_matches_the_models(database_url):
    engine = create_engine(database_url)
    with engine.connect() as connection:
        differences = compare_metadata(
            MigrationContext.configure(connection, opts={"include_name": migrate.include_name}), metadata
        )
    engine.dispose()
    assert differences == []


def test_migrations_run_down_to_nothing_and_back_up(database_url):
    try:
        migrate.downgrade(database_url, "base")
        engine = create_engine(database_url)
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        engine.dispose()
    finally:
        migrate.upgrade(database_url, "head")
    engine = create_engine(database_url)
    assert {"survey", "response", "staff_user"} <= set(inspect(engine).get_table_names())
    engine.dispose()
