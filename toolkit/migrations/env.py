"""Alembic environment: migrations run against the URL the toolkit is configured with."""

from alembic import context

from toolkit import db, migrate
from toolkit.schema import metadata

config = context.config


def run_migrations() -> None:
    url = config.get_main_option("sqlalchemy.url")
    connectable = config.attributes.get("connection")
    if connectable is not None:
        _run(connectable)
        return
    assert url is not None, "alembic.ini or toolkit.migrate sets sqlalchemy.url"
    engine = db.make_engine(url)
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_name=migrate.include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
