"""Where the job queue lives: Redis when QUEUE_URL names it, else a SQLite file in the instance folder."""

from pathlib import Path

from huey.storage import RedisStorage, SqliteStorage

from toolkit.queue import storage_for


def test_no_queue_url_means_a_sqlite_file_in_the_instance_folder():
    assert storage_for({"QUEUE_URL": ""}, Path("/srv/instance")) == (
        SqliteStorage,
        {"filename": "/srv/instance/queue.sqlite3"},
    )


def test_a_redis_url_means_redis_and_a_sqlite_url_names_the_file():
    assert storage_for({"QUEUE_URL": "redis://cache:6379/2"}, Path("/x")) == (
        RedisStorage,
        {"url": "redis://cache:6379/2"},
    )
    assert storage_for({"QUEUE_URL": "sqlite:////var/queue.db"}, Path("/x")) == (
        SqliteStorage,
        {"filename": "/var/queue.db"},
    )
